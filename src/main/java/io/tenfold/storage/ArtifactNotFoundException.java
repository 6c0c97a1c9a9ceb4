package io.tenfold.storage;

import java.nio.file.NoSuchFileException;

/**
 * No artifact under a prefix: its manifest is absent, so it was never written, is still being
 * written, or was deleted. Files under the prefix without a manifest do not make an artifact.
 */
public class ArtifactNotFoundException extends NoSuchFileException {

    public ArtifactNotFoundException(String prefix, String reason) {
        super(prefix, null, reason);
    }
}
