package io.tenfold.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.json.JsonMapper;

/** Writes one artifact's files, then its manifest on {@link #commit}; from {@link ArtifactStore#create}. */
public final class ArtifactWriter {

    private final ObjectStore store;
    private final JsonMapper json;
    private final String folder;
    private final Map<String, ArtifactManifest.FileEntry> files = new TreeMap<>();
    private boolean committed;

    ArtifactWriter(ObjectStore store, JsonMapper json, String folder) {
        this.store = store;
        this.json = json;
        this.folder = folder;
    }

    public void put(String name, byte[] bytes) throws IOException {
        String key = newFile(name);
        MessageDigest digest = ArtifactStore.sha256();
        digest.update(bytes);
        store.put(key, bytes);
        files.put(name, new ArtifactManifest.FileEntry(bytes.length, HexFormat.of().formatHex(digest.digest())));
    }

    public void put(String name, Path file) throws IOException {
        String key = newFile(name);
        MessageDigest digest = ArtifactStore.sha256();
        long size = 0;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
                size += n;
            }
        }
        store.put(key, file);
        files.put(name, new ArtifactManifest.FileEntry(size, HexFormat.of().formatHex(digest.digest())));
    }

    /**
     * Writes the manifest, which makes the artifact exist. The metadata (a record, a map, a string,
     * or null) is stored as JSON and read back with {@link Artifact#metadata}.
     */
    public ArtifactManifest commit(Object metadata) throws IOException {
        requireOpen();
        ArtifactManifest manifest = new ArtifactManifest(ArtifactManifest.FORMAT, ArtifactManifest.FORMAT_VERSION,
                Instant.now(), Collections.unmodifiableMap(new TreeMap<>(files)), json.valueToTree(metadata));
        store.put(folder + ArtifactStore.MANIFEST, json.writeValueAsBytes(manifest));
        committed = true;
        return manifest;
    }

    private String newFile(String name) {
        requireOpen();
        ArtifactStore.requireName(name);
        if (files.containsKey(name)) {
            throw new IllegalArgumentException("The artifact " + folder + " already has a file " + name);
        }
        return folder + name;
    }

    private void requireOpen() {
        if (committed) {
            throw new IllegalStateException("The artifact " + folder + " is committed; create a new one");
        }
    }
}
