package io.tenfold.image;

/** An image that cannot be used, with the reason a caller can map to a response. */
public final class ImageRejectedException extends RuntimeException {

    public enum Reason {
        /** More bytes or pixels than the configured limits. */
        TOO_LARGE,
        /** Not an image, or a format no reader is installed for. */
        UNSUPPORTED,
        /** A known format whose data is broken or truncated. */
        UNDECODABLE
    }

    private final Reason reason;

    public ImageRejectedException(Reason reason, String message) {
        this(reason, message, null);
    }

    public ImageRejectedException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
