package io.tenfold.inference;

import io.tenfold.models.ModelArtifacts;
import io.tenfold.models.ModelManifest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
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
    private final Counter hits;
    private final Counter misses;
    private final Counter evictions;

    ModelCache(ModelArtifacts artifacts, InferenceProperties properties, MeterRegistry registry) {
        this.artifacts = artifacts;
        this.hits = Counter.builder("tenfold.model.cache").tag("result", "hit").register(registry);
        this.misses = Counter.builder("tenfold.model.cache").tag("result", "miss").register(registry);
        this.evictions = Counter.builder("tenfold.model.cache.evictions").register(registry);
        int capacity = properties.cachedModels();
        this.models = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, LoadedModel> eldest) {
                boolean evict = size() > capacity;
                if (evict) {
                    evictions.increment();
                }
                return evict;
            }
        };
        Gauge.builder("tenfold.model.cache.size", this, c -> c.size()).register(registry);
    }

    private synchronized int size() {
        return models.size();
    }

    synchronized LoadedModel get(String modelId) throws IOException {
        LoadedModel model = models.get(modelId);
        if (model != null) {
            hits.increment();
        } else {
            misses.increment();
            long start = System.nanoTime();
            ModelManifest manifest = artifacts.manifest(modelId);
            model = new LoadedModel(artifacts.network(modelId, manifest), manifest);
            models.put(modelId, model);
            log.info("Loaded model {} in {} ms", modelId, (System.nanoTime() - start) / 1_000_000);
        }
        return model;
    }
}
