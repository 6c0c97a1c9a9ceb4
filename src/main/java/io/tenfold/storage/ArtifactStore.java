package io.tenfold.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Verified artifacts on any {@link ObjectStore}: a set of named files under a prefix, then, last, a
 * {@code manifest.json} with each file's size and SHA-256 and the caller's metadata. An artifact
 * exists only once its manifest does; every file read back is checked against the manifest.
 *
 * <pre>{@code
 * ArtifactWriter writer = artifacts.create("models/" + id);
 * writer.put("network.zip", file);
 * writer.commit(modelManifest);
 * ...
 * Artifact artifact = artifacts.get("models/" + id);   // ArtifactNotFoundException if no manifest
 * artifact.copyTo("network.zip", target);              // CorruptArtifactException on a mismatch
 * }</pre>
 *
 * One writer per prefix at a time; the store does not lock.
 */
public final class ArtifactStore {

    public static final String MANIFEST = "manifest.json";

    private final ObjectStore store;
    private final JsonMapper json;

    public ArtifactStore(ObjectStore store, JsonMapper json) {
        this.store = store;
        this.json = json;
    }

    /**
     * Starts a new artifact under the prefix. An artifact already there is deleted first, manifest
     * first, so that no reader sees the old manifest with the new files.
     */
    public ArtifactWriter create(String prefix) throws IOException {
        String folder = folder(prefix);
        store.delete(folder + MANIFEST);
        store.deleteAll(folder);
        return new ArtifactWriter(store, json, folder);
    }

    /** The artifact, or empty if it has no manifest. */
    public Optional<Artifact> find(String prefix) throws IOException {
        String folder = folder(prefix);
        byte[] bytes;
        try {
            bytes = store.read(folder + MANIFEST);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        ArtifactManifest manifest;
        try {
            manifest = json.readValue(bytes, ArtifactManifest.class);
        } catch (JacksonException e) {
            throw new CorruptArtifactException("The manifest of artifact %s cannot be read: %s"
                    .formatted(folder, e.getOriginalMessage()), e);
        }
        if (!ArtifactManifest.FORMAT.equals(manifest.format()) || manifest.files() == null
                || manifest.formatVersion() != ArtifactManifest.FORMAT_VERSION) {
            throw new CorruptArtifactException("%s%s is not a %s manifest of version %d (format %s, version %d)"
                    .formatted(folder, MANIFEST, ArtifactManifest.FORMAT, ArtifactManifest.FORMAT_VERSION,
                            manifest.format(), manifest.formatVersion()));
        }
        return Optional.of(new Artifact(store, json, folder, manifest));
    }

    /** The artifact; {@link ArtifactNotFoundException} (a NoSuchFileException) if it has no manifest. */
    public Artifact get(String prefix) throws IOException {
        return find(prefix).orElseThrow(() -> new ArtifactNotFoundException(folder(prefix),
                "no artifact: its " + MANIFEST + " is absent (never written, incomplete or deleted)"));
    }

    public boolean exists(String prefix) throws IOException {
        return store.exists(folder(prefix) + MANIFEST);
    }

    /** Deletes the artifact, manifest first, so that it stops existing before its files go. */
    public void delete(String prefix) throws IOException {
        String folder = folder(prefix);
        store.delete(folder + MANIFEST);
        store.deleteAll(folder);
    }

    static String folder(String prefix) {
        return ObjectKeys.requirePrefix(prefix) + "/";
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }

    static String requireName(String name) {
        ObjectKeys.require(name);
        if (name.equals(MANIFEST)) {
            throw new IllegalArgumentException(MANIFEST + " is the artifact's own manifest, not a file name");
        }
        return name;
    }

    static InputStream verifying(InputStream in, String where, ArtifactManifest.FileEntry entry) {
        return new VerifyingInputStream(in, where, entry);
    }
}
