package io.tenfold.inference;

import io.tenfold.models.ModelArtifacts;
import io.tenfold.models.ModelManifest;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Keeps the most recently used models in memory, loading others from the object store on demand. */
@Component
class ModelCache {

    private static final Logger log = LoggerFactory.getLogger(ModelCache.class);

    private final ModelArtifacts artifacts;
    private final Map<String, LoadedModel> models;

    ModelCache(ModelArtifacts artifacts, InferenceProperties properties) {
        this.artifacts = artifacts;
        int capacity = properties.cachedModels();
        this.models = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, LoadedModel> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized LoadedModel get(String modelId) throws IOException {
        LoadedModel model = models.get(modelId);
        if (model == null) {
            long start = System.nanoTime();
            ModelManifest manifest = artifacts.manifest(modelId);
            model = new LoadedModel(artifacts.network(modelId, manifest), manifest);
            models.put(modelId, model);
            log.info("Loaded model {} in {} ms", modelId, (System.nanoTime() - start) / 1_000_000);
        }
        return model;
    }
}
