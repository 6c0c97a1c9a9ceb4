package io.tenfold.inference;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tenfold.graph.DenseEvaluator;
import io.tenfold.image.ImageDecoder;
import io.tenfold.image.ImageLimits;
import io.tenfold.image.ImageRejectedException;
import io.tenfold.image.ImageTensors;
import io.tenfold.image.Preprocessing;
import io.tenfold.models.ModelManifest;
import io.tenfold.models.ModelService;
import io.tenfold.models.TrainedModel;
import io.tenfold.tta.DensePolicy;
import io.tenfold.tta.Merge;
import io.tenfold.tta.TtaPolicy;
import io.tenfold.tta.View;
import io.tenfold.tta.ViewPolicy;
import io.tenfold.validation.InvalidFieldException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.springframework.stereotype.Service;

/**
 * Classifies images with a stored model: decode, cut the policy's views, batched forward passes,
 * merge. All views of one image go through the network in one pass; in a batch, the views of
 * consecutive images share passes of at most {@code maxViewsPerPass} views. Dense policies run the
 * trunk once per image instead (images of different sizes cannot share a pass).
 */
@Service
public class ClassifierService {

    private final ModelService models;
    private final ModelCache cache;
    private final ImageDecoder decoder;
    private final MeterRegistry registry;
    private final InferenceProperties properties;

    ClassifierService(ModelService models, ModelCache cache, InferenceProperties properties,
            MeterRegistry registry) {
        this.registry = registry;
        this.models = models;
        this.cache = cache;
        this.properties = properties;
        this.decoder = new ImageDecoder(new ImageLimits(properties.maxImageBytes(), properties.maxImagePixels()));
    }

    /** Classifies one image with the model named by id or {@code name@alias}. */
    public Classification classify(String modelRef, byte[] image, ClassifyOptions options) throws IOException {
        BatchClassification batch = run(modelRef, List.of(image), options, false);
        Classification result = batch.results().get(0);
        // One image: its total is the request's, from after the model lookup, as before.
        Classification.Timings t = result.timings();
        return new Classification(result.modelId(), result.predictions(), result.views(), result.tta(),
                new Classification.Timings(t.decodeMs(), t.preprocessMs(), t.queueMs(), t.forwardMs(),
                        batch.timings().totalMs()),
                result.merge(), result.agreement(), result.perView());
    }

    /** Classifies several images, one result per image in their order. */
    public BatchClassification classifyBatch(String modelRef, List<byte[]> images, ClassifyOptions options)
            throws IOException {
        checkBatch(images.size(), options.policy());
        return run(modelRef, images, options, true);
    }

    /**
     * Checks the size of a batch before anything is looked up or decoded.
     *
     * @throws InvalidFieldException naming {@code images}
     */
    public void checkBatch(int images, TtaPolicy policy) {
        if (images < 1 || images > properties.maxBatchImages()) {
            throw new InvalidFieldException("images", "send 1 to %d images, not %d"
                    .formatted(properties.maxBatchImages(), images));
        }
        if (policy instanceof ViewPolicy views && (long) images * views.viewCount() > properties.maxViewsPerRequest()) {
            throw new InvalidFieldException("images", ("%d images x %d views of tta=%s are %d views; at most %d views "
                    + "per request: send fewer images or use a policy with fewer views").formatted(images,
                    views.viewCount(), policy.name(), images * views.viewCount(), properties.maxViewsPerRequest()));
        }
    }

    private BatchClassification run(String modelRef, List<byte[]> images, ClassifyOptions options, boolean batch)
            throws IOException {
        TrainedModel resolved = models.resolve(modelRef);
        try {
            return run(resolved, modelRef, images, options, batch);
        } catch (ForwardBatcher.BatcherClosedException evictedMeanwhile) {
            return run(resolved, modelRef, images, options, batch);
        }
    }

    private BatchClassification run(TrainedModel resolved, String modelRef, List<byte[]> images,
            ClassifyOptions options, boolean batch) throws IOException {
        LoadedModel model = cache.get(resolved.id());
        ModelManifest manifest = model.manifest();
        Preprocessing preprocessing = manifest.preprocessing();
        TtaPolicy policy = options.policy();
        policy.checkFor(preprocessing);
        if (policy instanceof DensePolicy && model.denseRefusal() != null) {
            throw new InvalidFieldException("tta", "model %s does not support dense evaluation: %s"
                    .formatted(modelRef, model.denseRefusal()));
        }

        long start = System.nanoTime();
        ImageRun[] runs = policy instanceof ViewPolicy views
                ? viewRuns(images, views, model, preprocessing, batch)
                : denseRuns(images, (DensePolicy) policy, model, preprocessing, batch);

        List<Classification> results = new ArrayList<>(runs.length);
        double decode = 0;
        double preprocess = 0;
        double queue = 0;
        double forward = 0;
        for (ImageRun run : runs) {
            results.add(result(resolved.id(), manifest.labels(), policy, options, run));
            decode += run.decodeNs / 1e6;
            preprocess += run.preprocessNs / 1e6;
            queue += run.queueNs / 1e6;
            forward += run.forwardNs / 1e6;
            Timer.builder("tenfold.classify").description("Classification latency by model and TTA policy")
                    .tags("model", resolved.id(), "tta", policy.name())
                    .publishPercentileHistogram()
                    .register(registry)
                    .record(Duration.ofNanos((long) run.totalNs()));
        }
        return new BatchClassification(resolved.id(), results,
                new Classification.Timings(decode, preprocess, queue, forward, ms(start, System.nanoTime())));
    }

    /** Decodes each image, cuts its views and sends them through the network in shared passes. */
    private ImageRun[] viewRuns(List<byte[]> images, ViewPolicy policy, LoadedModel model, Preprocessing preprocessing,
            boolean batch) {
        ImageRun[] runs = new ImageRun[images.size()];
        Pass pass = new Pass(model, preprocessing, runs);
        int maxPass = properties.maxViewsPerPass();
        for (int i = 0; i < runs.length; i++) {
            long t0 = System.nanoTime();
            BufferedImage decoded = decode(images, i, batch);
            long t1 = System.nanoTime();
            List<View> plan = policy.plan(decoded.getWidth(), decoded.getHeight(), preprocessing);
            List<BufferedImage> views = View.apply(decoded, plan);
            ImageRun run = new ImageRun(plan.stream().map(View::describe).toList());
            run.decodeNs = t1 - t0;
            run.preprocessNs = System.nanoTime() - t1;
            runs[i] = run;
            if (pass.size() > 0 && pass.size() + views.size() > maxPass) {
                pass.run(pass.size());
            }
            for (int v = 0; v < views.size(); v++) {
                pass.add(views.get(v), i, v);
            }
            while (pass.size() >= maxPass) {
                pass.run(maxPass);
            }
        }
        if (pass.size() > 0) {
            pass.run(pass.size());
        }
        return runs;
    }

    /** Runs the trunk once per image, on the whole resized image. */
    private ImageRun[] denseRuns(List<byte[]> images, DensePolicy policy, LoadedModel model,
            Preprocessing preprocessing, boolean batch) {
        ImageRun[] runs = new ImageRun[images.size()];
        for (int i = 0; i < runs.length; i++) {
            long t0 = System.nanoTime();
            BufferedImage decoded = decode(images, i, batch);
            long t1 = System.nanoTime();
            INDArray tensor = ImageTensors.toNhwcBatch(List.of(policy.prepare(decoded, preprocessing)), preprocessing);
            long t2 = System.nanoTime();
            DenseEvaluator.Result result;
            int inputPixels = preprocessing.inputSize() * preprocessing.inputSize();
            try {
                result = model.dense(tensor, policy, (int) Math.ceil(tensor.size(1) * tensor.size(2)
                        / (double) inputPixels));
            } finally {
                tensor.close();
            }
            long t3 = System.nanoTime();
            DenseEvaluator.Grid grid = result.grid();
            List<String> descriptions = new ArrayList<>(grid.positions());
            for (int p = 0; p < grid.positions(); p++) {
                descriptions.add(grid.describe(p, preprocessing.resizeSize()));
            }
            ImageRun run = new ImageRun(descriptions);
            System.arraycopy(result.probabilities()[0], 0, run.probabilities, 0, grid.positions());
            run.decodeNs = t1 - t0;
            run.preprocessNs = t2 - t1;
            run.forwardNs = t3 - t2;
            runs[i] = run;
        }
        return runs;
    }

    private BufferedImage decode(List<byte[]> images, int index, boolean batch) {
        try {
            return decoder.decode(images.get(index));
        } catch (ImageRejectedException e) {
            if (!batch) {
                throw e;
            }
            throw new ImageRejectedException(e.reason(), "images[%d]: %s".formatted(index, e.getMessage()), e);
        }
    }

    private static Classification result(String modelId, List<String> labels, TtaPolicy policy,
            ClassifyOptions options, ImageRun run) {
        float[][] probabilities = run.probabilities;
        float[] merged = options.merge().merge(probabilities);
        List<Classification.Prediction> predictions = new ArrayList<>();
        for (int i = 0; i < merged.length; i++) {
            predictions.add(new Classification.Prediction(labels.get(i), merged[i]));
        }
        predictions.sort(Comparator.comparingDouble(Classification.Prediction::probability).reversed());
        List<Classification.ViewPrediction> perView = null;
        if (options.perView()) {
            perView = new ArrayList<>(probabilities.length);
            for (int v = 0; v < probabilities.length; v++) {
                int top = Merge.argmax(probabilities[v]);
                perView.add(new Classification.ViewPrediction(run.descriptions.get(v), labels.get(top),
                        probabilities[v][top]));
            }
        }
        Classification.Timings timings = new Classification.Timings(run.decodeNs / 1e6, run.preprocessNs / 1e6,
                run.queueNs / 1e6, run.forwardNs / 1e6, run.totalNs() / 1e6);
        return new Classification(modelId, predictions.subList(0, Math.min(options.topK(), predictions.size())),
                probabilities.length, policy.name(), timings, options.merge().name(),
                Merge.agreement(probabilities, merged), perView);
    }

    private static double ms(long from, long to) {
        return (to - from) / 1e6;
    }

    /** One image's views' probabilities and descriptions, and the time spent on it (shares of shared passes included). */
    private static final class ImageRun {

        final List<String> descriptions;
        final float[][] probabilities;
        double decodeNs;
        double preprocessNs;
        double queueNs;
        double forwardNs;

        ImageRun(List<String> descriptions) {
            this.descriptions = descriptions;
            this.probabilities = new float[descriptions.size()][];
        }

        double totalNs() {
            return decodeNs + preprocessNs + queueNs + forwardNs;
        }
    }

    /** Views waiting for a forward pass, with the image and view each came from. */
    private static final class Pass {

        private final LoadedModel model;
        private final Preprocessing preprocessing;
        private final ImageRun[] runs;
        private final List<BufferedImage> views = new ArrayList<>();
        private final List<int[]> owners = new ArrayList<>();

        Pass(LoadedModel model, Preprocessing preprocessing, ImageRun[] runs) {
            this.model = model;
            this.preprocessing = preprocessing;
            this.runs = runs;
        }

        int size() {
            return views.size();
        }

        void add(BufferedImage view, int image, int index) {
            views.add(view);
            owners.add(new int[] {image, index});
        }

        /** Sends the first {@code count} waiting views through the network; each image is charged its share of the time. */
        void run(int count) {
            List<BufferedImage> batch = views.subList(0, count);
            List<int[]> from = owners.subList(0, count);
            long t0 = System.nanoTime();
            INDArray input = ImageTensors.toNhwcBatch(batch, preprocessing);
            long t1 = System.nanoTime();
            ForwardBatcher.Forward forward;
            try {
                forward = model.forward(input);
            } finally {
                input.close();
            }
            for (int k = 0; k < count; k++) {
                ImageRun run = runs[from.get(k)[0]];
                run.probabilities[from.get(k)[1]] = forward.rows()[k];
                run.preprocessNs += (double) (t1 - t0) / count;
                run.queueNs += (double) forward.queuedNanos() / count;
                run.forwardNs += (double) forward.passNanos() / count;
            }
            batch.clear();
            from.clear();
        }
    }
}
