package io.tenfold.inference;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tenfold.models.ModelArtifacts;
import io.tenfold.models.ModelDeleted;
import io.tenfold.models.ModelManifest;
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
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps recently used models in memory under a memory budget. A model is loaded from the object
 * store on first use (its size and SHA-256 verified by {@link ModelArtifacts}), copied into
 * {@code replicas} networks, folded for inference ({@link NetworkReplica#foldBatchNorm}) and
 * warmed up on each (a pass at batch 1 and at the ten-crop batch, which also checks that its
 * output matches its labels) before any request sees it. Loading runs
 * outside the cache's lock: requests for other models are not held up, and concurrent requests
 * for the same model wait for one load. When the models in memory exceed the budget, the least
 * recently used are retired: they finish what is queued, then free their networks.
 */
@Component
class ModelCache {

    private static final Logger log = LoggerFactory.getLogger(ModelCache.class);
    private static final int WARM_UP_BATCH = 10;

    private final ModelArtifacts artifacts;
    private final InferenceProperties properties;
    private final MeterRegistry registry;
    private final Map<String, CompletableFuture<LoadedModel>> models = new LinkedHashMap<>(16, 0.75f, true);
    private final Counter hits;
    private final Counter misses;
    private final Counter evictions;

    ModelCache(ModelArtifacts artifacts, InferenceProperties properties, MeterRegistry registry) {
        this.artifacts = artifacts;
        this.properties = properties;
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

    LoadedModel get(String modelId) throws IOException {
        CompletableFuture<LoadedModel> loading;
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
            LoadedModel model = load(modelId);
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

    private LoadedModel load(String modelId) throws IOException {
        long start = System.nanoTime();
        ModelManifest manifest = artifacts.manifest(modelId);
        ComputationGraph network = artifacts.network(modelId, manifest);
        int inputSize = manifest.preprocessing().inputSize();
        String denseRefusal = LoadedModel.denseRefusal(network, inputSize);
        List<NetworkReplica> replicas = new ArrayList<>();
        for (int i = 0; i < properties.replicas(); i++) {
            replicas.add(new NetworkReplica(i == 0 ? network : network.clone(), inputSize));
        }
        ForwardBatcher<NetworkReplica> batcher = new ForwardBatcher<>(modelId, replicas, settings(),
                new BatchMetrics(modelId), replica -> prepare(replica, inputSize, manifest.labels().size()));
        // Charged for the networks as they serve, after the fold: MobileNetV2's 64-view pass is
        // reported at 2.2 GB folded against 5.2 GB as trained.
        long bytes = replicas.stream()
                .mapToLong(replica -> replica.memoryEstimate(inputSize, properties.maxViewsPerPass())).sum();
        log.info("Loaded model {} in {} ms: {} replica(s), charged {} MiB", modelId,
                (System.nanoTime() - start) / 1_000_000, replicas.size(), bytes >> 20);
        return new LoadedModel(manifest, batcher, denseRefusal, bytes);
    }

    private ForwardBatcher.Settings settings() {
        return new ForwardBatcher.Settings(properties.maxViewsPerPass(), properties.maxBatchDelay(),
                properties.maxQueuedViews(), properties.batching());
    }

    /** Runs on the replica's own thread, so that the workspaces it allocates are that thread's. */
    private void prepare(NetworkReplica replica, int inputSize, int labels) {
        if (properties.foldBatchNorm()) {
            replica.foldBatchNorm(inputSize);
        }
        warmUp(replica, inputSize, labels);
    }

    private static void warmUp(NetworkReplica replica, int inputSize, int labels) {
        for (int batch : new int[] {1, WARM_UP_BATCH}) {
            try (INDArray input = Nd4j.rand(DataType.FLOAT, batch, inputSize, inputSize, 3);
                    INDArray output = replica.output(input)) {
                if (output.rank() != 2 || output.size(0) != batch || output.size(1) != labels) {
                    throw new IllegalStateException("the network answers shape %s for %d inputs, but the model has "
                            .formatted(java.util.Arrays.toString(output.shape()), batch) + labels + " labels");
                }
            }
        }
    }

    /**
     * Frees a deleted model's memory at once instead of when it ages out. (Other API instances
     * stop serving it too, since every request resolves its model in the database first, but
     * keep it in memory until it is the least recently used.)
     */
    @EventListener
    void onDeleted(ModelDeleted deleted) {
        CompletableFuture<LoadedModel> removed;
        synchronized (this) {
            removed = models.remove(deleted.modelId());
        }
        if (removed != null) {   // a load still under way retires its model when it is done
            removed.thenAccept(model -> {
                model.retire();
                log.info("Retired deleted model {} ({} MiB)", deleted.modelId(), model.bytes() >> 20);
            });
        }
    }

    private void evictOverBudget(String keep) {
        List<LoadedModel> retired = new ArrayList<>();
        synchronized (this) {
            long total = loadedBytes();
            Iterator<Map.Entry<String, CompletableFuture<LoadedModel>>> eldestFirst = models.entrySet().iterator();
            while (total > properties.cacheBudget().toBytes() && eldestFirst.hasNext()) {
                Map.Entry<String, CompletableFuture<LoadedModel>> entry = eldestFirst.next();
                LoadedModel model = entry.getValue().getNow(null);
                if (entry.getKey().equals(keep) || model == null) {
                    continue;
                }
                eldestFirst.remove();
                total -= model.bytes();
                retired.add(model);
                evictions.increment();
                log.info("Evicted model {} ({} MiB) to stay within the {} cache budget", entry.getKey(),
                        model.bytes() >> 20, properties.cacheBudget());
            }
        }
        retired.forEach(LoadedModel::retire);
    }

    private synchronized int size() {
        return models.size();
    }

    private synchronized long loadedBytes() {
        return loaded().stream().mapToLong(LoadedModel::bytes).sum();
    }

    private synchronized int queuedViews() {
        return loaded().stream().mapToInt(LoadedModel::queuedViews).sum();
    }

    private List<LoadedModel> loaded() {
        return models.values().stream().map(f -> f.getNow(null)).filter(m -> m != null).toList();
    }

    private static LoadedModel join(CompletableFuture<LoadedModel> loading) throws IOException {
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

        BatchMetrics(String modelId) {
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
    }
}
