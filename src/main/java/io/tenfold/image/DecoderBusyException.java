package io.tenfold.image;

/** Decoding memory is all in use for now: the caller should come back shortly (a 503 with Retry-After). */
public final class DecoderBusyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DecoderBusyException(String message) {
        super(message);
    }

    /** Seconds after which a retry has a fair chance: a large decode takes about a second. */
    public int retryAfterSeconds() {
        return 2;
    }
}
