package io.tenfold.inference;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps recently used models in memory under a memory budget. A model is loaded on first use
 * through its {@link Loader} (the object store, its artifacts verified) and started as a
 * {@link ServedModel} (replicas folded and warmed) before any request sees it. Loading runs
 * outside the cache's lock: requests for other models are not held up, and concurrent requests
 * for the same model wait for one load. When the models in memory exceed the budget, the least
 * recently used are retired: they finish what is queued, then free their networks.
 */
public final class ModelCache {

    /** Where models come from. */
    public interface Loader {

        ModelManifest manifest(String modelId) throws IOException;

        ComputationGraph network(String modelId, ModelManifest manifest) throws IOException;
    }

    /** How models are served, and the memory those in memory may be charged for together. */
    public record Settings(ServedModel.Settings serving, long budgetBytes) {
    }

    private static final Logger log = LoggerFactory.getLogger(ModelCache.class);
    private final Loader loader;
    private final Settings settings;
    private final MeterRegistry registry;
    private final Map<String, CompletableFuture<ServedModel>> models = new LinkedHashMap<>(16, 0.75f, true);
    private final Counter hits;
    private final Counter misses;
    private final Counter evictions;

    public ModelCache(Loader loader, Settings settings, MeterRegistry registry) {
        this.loader = loader;
        this.settings = settings;
        this.registry = registry;
        this.hits = Counter.builder("tenfold.model.cache").tag("result", "hit").register(registry);
        this.misses = Counter.builder("tenfold.model.cache").tag("result", "miss").register(registry);
        this.evictions = Counter.builder("tenfold.model.cache.evictions").register(registry);
        Gauge.builder("tenfold.model.cache.size", this, ModelCache::size).register(registry);
        Gauge.builder("tenfold.model.cache.bytes", this, ModelCache::loadedBytes)
                .description("Memory charged to the models in memory, against tenfold.inference.cache-budget")
                .baseUnit("bytes").register(registry);
        Gauge.builder("tenfold.inference.queued.views", this, ModelCache::queuedViews)
                .description("Views waiting for a forward pass, over all models").register(registry);
    }

    /** The model if it is in memory now, loaded and started; never loads. */
    public java.util.Optional<ServedModel> loaded(String modelId) {
        CompletableFuture<ServedModel> model;
        synchronized (this) {
            model = models.get(modelId);
        }
        return java.util.Optional.ofNullable(model == null ? null : model.getNow(null));
    }

    /** The model, loaded and started on first use. */
    public ServedModel get(String modelId) throws IOException {
        CompletableFuture<ServedModel> loading;
        boolean mine = false;
        synchronized (this) {
            loading = models.get(modelId);
            if (loading == null) {
                loading = new CompletableFuture<>();
                models.put(modelId, loading);
                mine = true;
            }
        }
        if (!mine) {
            hits.increment();
            return join(loading);
        }
        misses.increment();
        try {
            ServedModel model = load(modelId);
            loading.complete(model);
            evictOverBudget(modelId);
            return model;
        } catch (IOException | RuntimeException | Error e) {
            synchronized (this) {
                models.remove(modelId, loading);
            }
            loading.completeExceptionally(e);
            throw e;
        }
    }

    private ServedModel load(String modelId) throws IOException {
        long start = System.nanoTime();
        ModelManifest manifest = loader.manifest(modelId);
        ComputationGraph network = loader.network(modelId, manifest);
        ServedModel model = ServedModel.start(modelId, manifest, network, settings.serving(), new BatchMetrics(modelId));
        log.info("Loaded model {} in {} ms: {} replica(s), charged {} MiB", modelId,
                (System.nanoTime() - start) / 1_000_000, settings.serving().replicas(), model.bytes() >> 20);
        return model;
    }

    /**
     * Frees a deleted model's memory at once instead of when it ages out; a load still under way
     * retires its model when it is done.
     */
    public void retire(String modelId) {
        CompletableFuture<ServedModel> removed;
        synchronized (this) {
            removed = models.remove(modelId);
        }
        if (removed != null) {
            removed.thenAccept(model -> {
                model.close();
                log.info("Retired deleted model {} ({} MiB)", modelId, model.bytes() >> 20);
            });
        }
    }

    private void evictOverBudget(String keep) {
        List<ServedModel> retired = new ArrayList<>();
        synchronized (this) {
            long total = loadedBytes();
            Iterator<Map.Entry<String, CompletableFuture<ServedModel>>> eldestFirst = models.entrySet().iterator();
            while (total > settings.budgetBytes() && eldestFirst.hasNext()) {
                Map.Entry<String, CompletableFuture<ServedModel>> entry = eldestFirst.next();
                ServedModel model = entry.getValue().getNow(null);
                if (entry.getKey().equals(keep) || model == null) {
                    continue;
                }
                eldestFirst.remove();
                total -= model.bytes();
                retired.add(model);
                evictions.increment();
                log.info("Evicted model {} ({} MiB) to stay within the cache budget of {} MiB", entry.getKey(),
                        model.bytes() >> 20, settings.budgetBytes() >> 20);
            }
        }
        retired.forEach(ServedModel::close);
    }

    private synchronized int size() {
        return models.size();
    }

    private synchronized long loadedBytes() {
        return loaded().stream().mapToLong(ServedModel::bytes).sum();
    }

    private synchronized int queuedViews() {
        return loaded().stream().mapToInt(ServedModel::queuedViews).sum();
    }

    private List<ServedModel> loaded() {
        return models.values().stream().map(f -> f.getNow(null)).filter(m -> m != null).toList();
    }

    private static ServedModel join(CompletableFuture<ServedModel> loading) throws IOException {
        try {
            return loading.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new UncheckedIOException(new IOException(e.getCause()));
        }
    }

    /** Records each model's passes: views per pass (how well batching fills them) and refusals. */
    private final class BatchMetrics implements ForwardBatcher.Listener {

        private final DistributionSummary views;
        private final DistributionSummary requests;
        private final Counter refused;
        private final String modelId;

        BatchMetrics(String modelId) {
            this.modelId = modelId;
            this.views = DistributionSummary.builder("tenfold.inference.pass.views")
                    .description("Views per forward pass").tag("model", modelId).register(registry);
            this.requests = DistributionSummary.builder("tenfold.inference.pass.requests")
                    .description("Requests sharing a forward pass").tag("model", modelId).register(registry);
            this.refused = Counter.builder("tenfold.inference.refused")
                    .description("Requests refused because the queue was full").tag("model", modelId)
                    .register(registry);
        }

        @Override
        public void onPass(int requestCount, int viewCount, long nanos) {
            views.record(viewCount);
            requests.record(requestCount);
        }

        @Override
        public void onRefused(int viewCount) {
            refused.increment();
        }

        /** A model whose runner died is dropped, so that the next request loads it afresh. */
        @Override
        public void onRunnerDied(Throwable cause) {
            log.error("A forward-pass thread of model {} died; retiring the model, to be reloaded on its next request",
                    modelId, cause);
            retire(modelId);
        }
    }
}
