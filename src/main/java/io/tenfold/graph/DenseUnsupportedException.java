package io.tenfold.graph;

/** A network that cannot be evaluated densely; the message says why. */
public final class DenseUnsupportedException extends RuntimeException {

    public DenseUnsupportedException(String message) {
        super(message);
    }
}
