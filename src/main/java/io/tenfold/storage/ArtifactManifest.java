package io.tenfold.storage;

import java.time.Instant;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The last object written for an artifact, {@code <prefix>/manifest.json}: each file's size and
 * SHA-256, and the caller's metadata (any JSON value). Its presence is what makes the artifact exist.
 */
public record ArtifactManifest(String format, int formatVersion, Instant createdAt, Map<String, FileEntry> files,
        JsonNode metadata) {

    public static final String FORMAT = "tenfold-artifact";
    public static final int FORMAT_VERSION = 1;

    /** One file of the artifact; sha256 is lower-case hex. */
    public record FileEntry(long size, String sha256) {
    }
}
