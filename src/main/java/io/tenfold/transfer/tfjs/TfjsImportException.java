package io.tenfold.transfer.tfjs;

/**
 * A TensorFlow.js layers model could not be imported: a file is missing or unreadable, the
 * weights manifest does not match the shard bytes, a dtype or layer is unsupported, or DL4J
 * rejected the topology. The message names the file, weight or layer concerned, and is meant
 * to be shown to the person who supplied the model.
 */
public class TfjsImportException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TfjsImportException(String message) {
        super(message);
    }

    public TfjsImportException(String message, Throwable cause) {
        super(message, cause);
    }
}
