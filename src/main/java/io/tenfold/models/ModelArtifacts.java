package io.tenfold.models;

import io.tenfold.inference.ModelCache;
import io.tenfold.inference.ModelManifest;
import io.tenfold.storage.Artifact;
import io.tenfold.storage.ArtifactStore;
import io.tenfold.storage.ArtifactWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.springframework.stereotype.Component;

/**
 * Reads and writes a model as a verified artifact under {@code models/<id>/}: the network, then a
 * manifest holding its size and SHA-256 with the {@link ModelManifest} as metadata. A model without
 * that manifest does not exist ({@link java.nio.file.NoSuchFileException}); a network that does not
 * match it is refused ({@link io.tenfold.storage.CorruptArtifactException}) before it is deserialized.
 */
@Component
public class ModelArtifacts implements ModelCache.Loader {

    private final ArtifactStore artifacts;

    ModelArtifacts(ArtifactStore artifacts) {
        this.artifacts = artifacts;
    }

    public void write(String modelId, ComputationGraph network, ModelManifest manifest) throws IOException {
        Path file = Files.createTempFile("tenfold-model-", ".zip");
        try {
            ModelSerializer.writeModel(network, file.toFile(), false);
            ArtifactWriter writer = artifacts.create(prefix(modelId));
            writer.put(manifest.network(), file);
            writer.commit(manifest);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Deletes the model, its manifest first, so that it stops existing before its network goes. */
    public void delete(String modelId) throws IOException {
        artifacts.delete(prefix(modelId));
    }

    @Override
    public ModelManifest manifest(String modelId) throws IOException {
        return artifacts.get(prefix(modelId)).metadata(ModelManifest.class);
    }

    /**
     * The stored network file, as written by DL4J's ModelSerializer. The stream checks size and
     * SHA-256 as it is read; a read that finds a mismatch throws CorruptArtifactException.
     */
    public InputStream openNetwork(String modelId) throws IOException {
        Artifact artifact = artifacts.get(prefix(modelId));
        return artifact.open(artifact.metadata(ModelManifest.class).network());
    }

    @Override
    public ComputationGraph network(String modelId, ModelManifest manifest) throws IOException {
        Artifact artifact = artifacts.get(prefix(modelId));
        Path file = Files.createTempFile("tenfold-model-", ".zip");
        try {
            artifact.copyTo(manifest.network(), file);
            return ModelSerializer.restoreComputationGraph(file.toFile(), false);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static String prefix(String modelId) {
        return "models/" + modelId;
    }
}
