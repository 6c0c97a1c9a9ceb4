package io.tenfold.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** A complete artifact (its manifest exists), from {@link ArtifactStore#get} or {@link ArtifactStore#find}. */
public final class Artifact {

    private final ObjectStore store;
    private final JsonMapper json;
    private final String folder;
    private final ArtifactManifest manifest;

    Artifact(ObjectStore store, JsonMapper json, String folder, ArtifactManifest manifest) {
        this.store = store;
        this.json = json;
        this.folder = folder;
        this.manifest = manifest;
    }

    public ArtifactManifest manifest() {
        return manifest;
    }

    public Set<String> files() {
        return new TreeSet<>(manifest.files().keySet());
    }

    /** The caller's metadata as the given type. */
    public <T> T metadata(Class<T> type) throws CorruptArtifactException {
        try {
            return json.treeToValue(manifest.metadata(), type);
        } catch (JacksonException e) {
            throw new CorruptArtifactException("The metadata of artifact %s is not a %s: %s"
                    .formatted(folder, type.getSimpleName(), e.getOriginalMessage()), e);
        }
    }

    /**
     * Opens a file; the stream checks size and SHA-256 as it is read and throws
     * {@link CorruptArtifactException} from a read that finds a mismatch.
     */
    public InputStream open(String name) throws IOException {
        ArtifactManifest.FileEntry entry = manifest.files().get(ArtifactStore.requireName(name));
        if (entry == null) {
            throw new NoSuchFileException(folder + name, null, "the artifact's manifest lists no such file; it has "
                    + files());
        }
        InputStream in;
        try {
            in = store.open(folder + name);
        } catch (NoSuchFileException e) {
            throw new CorruptArtifactException("%s%s is listed in the artifact's manifest but missing from the store"
                    .formatted(folder, name), e);
        }
        return ArtifactStore.verifying(in, folder + name, entry);
    }

    /** The whole file, verified. */
    public byte[] read(String name) throws IOException {
        try (InputStream in = open(name)) {
            return in.readAllBytes();
        }
    }

    /** Copies the whole file to target, verified; on a mismatch the target is deleted. */
    public void copyTo(String name, Path target) throws IOException {
        try (InputStream in = open(name)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | UncheckedIOException e) {
            Files.deleteIfExists(target);
            throw e;
        }
    }

    @Override
    public String toString() {
        return "Artifact[" + folder + ", files=" + files() + "]";
    }
}
