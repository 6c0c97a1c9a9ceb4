package io.tenfold.inference;

import io.tenfold.image.ImageDecoder;
import io.tenfold.image.ImageLimits;
import io.tenfold.image.ImageTensors;
import io.tenfold.models.ModelManifest;
import io.tenfold.models.ModelService;
import io.tenfold.models.TrainedModel;
import io.tenfold.tta.MeanMerge;
import io.tenfold.tta.TtaPolicy;
import java.awt.image.BufferedImage;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.springframework.stereotype.Service;

/** Classifies one image with a stored model: decode, cut the policy's views, one batched forward pass, merge. */
@Service
public class ClassifierService {

    private final ModelService models;
    private final ModelCache cache;
    private final ImageDecoder decoder;
    private final MeterRegistry registry;

    ClassifierService(ModelService models, ModelCache cache, InferenceProperties properties,
            MeterRegistry registry) {
        this.registry = registry;
        this.models = models;
        this.cache = cache;
        this.decoder = new ImageDecoder(new ImageLimits(properties.maxImageBytes(), properties.maxImagePixels()));
    }

    /** Classifies with the model named by id or {@code name@alias}. */
    public Classification classify(String modelRef, byte[] image, TtaPolicy policy, int topK) throws IOException {
        TrainedModel resolved = models.resolve(modelRef);
        LoadedModel model = cache.get(resolved.id());
        ModelManifest manifest = model.manifest();

        long start = System.nanoTime();
        BufferedImage decoded = decoder.decode(image);
        long decodedAt = System.nanoTime();
        List<BufferedImage> views = policy.views(decoded, manifest.preprocessing());
        INDArray batch = ImageTensors.toNhwcBatch(views, manifest.preprocessing());
        long preprocessed = System.nanoTime();

        float[] merged = MeanMerge.merge(model.output(batch));
        long forwarded = System.nanoTime();

        List<Classification.Prediction> predictions = new ArrayList<>();
        for (int i = 0; i < merged.length; i++) {
            predictions.add(new Classification.Prediction(manifest.labels().get(i), merged[i]));
        }
        Timer.builder("tenfold.classify").description("Classification latency by model and TTA policy")
                .tags("model", resolved.id(), "tta", policy.name())
                .publishPercentileHistogram()
                .register(registry)
                .record(Duration.ofNanos(forwarded - start));
        predictions.sort(Comparator.comparingDouble(Classification.Prediction::probability).reversed());
        Classification.Timings timings = new Classification.Timings(ms(start, decodedAt), ms(decodedAt, preprocessed),
                ms(preprocessed, forwarded), ms(start, System.nanoTime()));
        return new Classification(resolved.id(), predictions.subList(0, Math.min(topK, predictions.size())),
                views.size(), policy.name(), timings);
    }

    private static double ms(long from, long to) {
        return (to - from) / 1e6;
    }
}
