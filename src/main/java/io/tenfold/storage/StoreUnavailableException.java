package io.tenfold.storage;

import java.io.IOException;

/**
 * The object store did not answer, or answered only with transient failures, through every
 * attempt: it is away for now (down, restarting, throttling), not wrong. Callers may try again
 * later; the API answers 503 with Retry-After, and a worker puts the job back in the queue.
 */
public class StoreUnavailableException extends IOException {

    private static final long serialVersionUID = 1L;

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
