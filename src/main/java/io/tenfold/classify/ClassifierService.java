package io.tenfold.classify;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tenfold.image.ImageDecoder;
import io.tenfold.inference.BatchClassification;
import io.tenfold.inference.Classification;
import io.tenfold.inference.ClassifyOptions;
import io.tenfold.inference.ForwardBatcher;
import io.tenfold.inference.ModelCache;
import io.tenfold.inference.Predictor;
import io.tenfold.inference.RequestLimits;
import io.tenfold.inference.ServedModel;
import io.tenfold.models.ModelService;
import io.tenfold.models.TrainedModel;
import io.tenfold.storage.CorruptArtifactException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Service;

/**
 * Classification for the API: resolves the model a request names, then hands the images to a
 * {@link Predictor} on the cached model, and records each image's latency per model and policy.
 */
@Service
public class ClassifierService {

    private static final Logger log = LoggerFactory.getLogger(ClassifierService.class);

    private final ModelService models;
    private final ModelCache cache;
    private final ImageDecoder decoder;
    private final RequestLimits limits;
    private final MeterRegistry registry;
    private final Map<List<String>, Timer> timers = new ConcurrentHashMap<>();
    /** What each reference last resolved to: bounded by the models and aliases that exist. */
    private final Map<String, String> resolved = new ConcurrentHashMap<>();

    ClassifierService(ModelService models, ModelCache cache, ImageDecoder decoder, InferenceProperties properties,
            MeterRegistry registry) {
        this.models = models;
        this.cache = cache;
        this.decoder = decoder;
        this.limits = new RequestLimits(properties.maxBatchImages(), properties.maxViewsPerRequest());
        this.registry = registry;
    }

    /**
     * Classifies one image with the model named by id or {@code name@alias}; {@code lenient}
     * accepts a damaged image as far as it can be read instead of refusing it.
     */
    public Classification classify(String modelRef, byte[] image, ClassifyOptions options, boolean lenient)
            throws IOException {
        ImageDecoder images = lenient ? decoder.lenient() : decoder;
        Classification result = withModel(modelRef, model -> new Predictor(model, options, images).predict(image));
        record(result, options);
        return result;
    }

    /** Classifies several images, one result per image in their order. */
    public BatchClassification classifyBatch(String modelRef, List<byte[]> images, ClassifyOptions options,
            boolean lenient) throws IOException {
        limits.check(images.size(), options.policy());
        ImageDecoder decoding = lenient ? decoder.lenient() : decoder;
        BatchClassification batch = withModel(modelRef,
                model -> new Predictor(model, options, decoding).predict(images));
        batch.results().forEach(result -> record(result, options));
        return batch;
    }

    private <T> T withModel(String modelRef, Function<ServedModel, T> call) throws IOException {
        TrainedModel model;
        try {
            model = models.resolve(modelRef);
            resolved.put(modelRef, model.id());
        } catch (DataAccessResourceFailureException | TransientDataAccessException databaseAway) {
            // A model already in memory keeps serving while the database is away, as last resolved.
            String known = resolved.get(modelRef);
            ServedModel inMemory = known == null ? null : cache.loaded(known).orElse(null);
            if (inMemory == null) {
                throw databaseAway;
            }
            log.warn("Database unavailable; serving {} as {}, as last resolved", modelRef, known);
            return call.apply(inMemory);
        }
        if (model.unusable() != null) {
            throw ModelService.unusableProblem(model.id(), model.unusable());
        }
        try {
            return call.apply(load(model));
        } catch (ForwardBatcher.BatcherClosedException evictedMeanwhile) {
            return call.apply(load(model));
        }
    }

    /** The served model; a stored network that fails its checksum marks the model unusable, once. */
    private ServedModel load(TrainedModel model) throws IOException {
        try {
            return cache.get(model.id());
        } catch (CorruptArtifactException e) {
            log.error("Model {} is corrupt in the object store; marking it unusable", model.id(), e);
            throw models.unusable(model, "its stored network does not match the size and checksum recorded when it "
                    + "was trained (it is damaged or was replaced)");
        }
    }

    private void record(Classification result, ClassifyOptions options) {
        String policy = options.policy().name();
        timers.computeIfAbsent(List.of(result.modelId(), policy), key -> Timer.builder("tenfold.classify")
                        .description("Classification latency by model and TTA policy")
                        .tags("model", key.get(0), "tta", key.get(1))
                        .publishPercentileHistogram()
                        .register(registry))
                .record(Duration.ofNanos((long) (result.timings().totalMs() * 1e6)));
    }
}
