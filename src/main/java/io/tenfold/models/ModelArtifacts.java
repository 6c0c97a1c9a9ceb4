package io.tenfold.models;

import io.tenfold.storage.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Reads and writes a model's network and manifest in the object store. */
@Component
public class ModelArtifacts {

    private final ObjectStore store;
    private final JsonMapper json;

    ModelArtifacts(ObjectStore store, JsonMapper json) {
        this.store = store;
        this.json = json;
    }

    public void write(String modelId, ComputationGraph network, ModelManifest manifest) throws IOException {
        Path file = Files.createTempFile("tenfold-model-", ".zip");
        try {
            ModelSerializer.writeModel(network, file.toFile(), false);
            store.put(prefix(modelId) + manifest.network(), file);
        } finally {
            Files.deleteIfExists(file);
        }
        store.put(manifestKey(modelId), json.writeValueAsBytes(manifest));
    }

    public void delete(String modelId) throws IOException {
        store.deleteAll(prefix(modelId));
    }

    public ModelManifest manifest(String modelId) throws IOException {
        return json.readValue(store.read(manifestKey(modelId)), ModelManifest.class);
    }

    /** The stored network file, as written by DL4J's ModelSerializer. */
    public InputStream openNetwork(String modelId) throws IOException {
        return store.open(prefix(modelId) + manifest(modelId).network());
    }

    public ComputationGraph network(String modelId, ModelManifest manifest) throws IOException {
        try (InputStream in = store.open(prefix(modelId) + manifest.network())) {
            return ModelSerializer.restoreComputationGraph(in, false);
        }
    }

    private static String prefix(String modelId) {
        return "models/" + modelId + "/";
    }

    private static String manifestKey(String modelId) {
        return prefix(modelId) + "manifest.json";
    }
}
