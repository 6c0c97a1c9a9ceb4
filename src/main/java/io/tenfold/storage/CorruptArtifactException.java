package io.tenfold.storage;

import java.io.IOException;

/**
 * An artifact whose manifest exists but whose content does not match it: a file of another size or
 * SHA-256, a listed file that is gone, or a manifest that cannot be read.
 */
public class CorruptArtifactException extends IOException {

    public CorruptArtifactException(String message) {
        super(message);
    }

    public CorruptArtifactException(String message, Throwable cause) {
        super(message, cause);
    }
}
