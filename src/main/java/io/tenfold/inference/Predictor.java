package io.tenfold.inference;

import io.tenfold.graph.DenseEvaluator;
import io.tenfold.image.ImageDecoder;
import io.tenfold.image.ImageRejectedException;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Classifies images with a served model and one set of options (DJL's {@code Predictor}), in a
 * straight line: decode, translate in, run, translate out. Needs no database, HTTP or Spring: a
 * {@link ServedModel} and an {@link ImageDecoder} are all it takes, which is what the accuracy
 * benchmarks use too.
 *
 * <p>All views of one image go through the network in one pass; in a batch, the views of
 * consecutive images share passes of at most the engine's views per pass. Dense policies run the
 * trunk once per image instead, in a pass of its own (images of different sizes cannot share a
 * pass). Every stage's time is recorded here and nowhere else: decode, preprocess (cutting views,
 * packing tensors), queue (waiting for the engine) and forward, each image charged its share of
 * the passes it shared.
 */
public final class Predictor {

    private final ServedModel model;
    private final ClassificationTranslator translator;
    private final ImageDecoder decoder;

    /**
     * @throws io.tenfold.validation.InvalidFieldException if the options' policy cannot run on this model
     */
    public Predictor(ServedModel model, ClassifyOptions options, ImageDecoder decoder) {
        this.model = model;
        this.translator = new ClassificationTranslator(model, options);
        this.decoder = decoder;
    }

    /** Classifies one encoded image; its total time is the whole call's. */
    public Classification predict(byte[] image) {
        long start = System.nanoTime();
        Classification result = run(List.of(image), false).get(0);
        return result.withTotalMs(ms(System.nanoTime() - start));
    }

    /**
     * Classifies encoded images, one result per image in their order; a rejected image names its
     * index ({@code images[3]: ...}).
     */
    public BatchClassification predict(List<byte[]> images) {
        long start = System.nanoTime();
        List<Classification> results = run(images, true);
        double decode = 0;
        double preprocess = 0;
        double queue = 0;
        double forward = 0;
        for (Classification result : results) {
            decode += result.timings().decodeMs();
            preprocess += result.timings().preprocessMs();
            queue += result.timings().queueMs();
            forward += result.timings().forwardMs();
        }
        return new BatchClassification(model.id(), results,
                new Classification.Timings(decode, preprocess, queue, forward, ms(System.nanoTime() - start)));
    }

    private List<Classification> run(List<byte[]> images, boolean indexed) {
        Stages[] stages = new Stages[images.size()];
        if (translator.dense()) {
            for (int i = 0; i < stages.length; i++) {
                long start = System.nanoTime();
                BufferedImage decoded = decode(images, i, indexed);
                stages[i] = dense(decoded, System.nanoTime() - start);
            }
        } else {
            Pass pass = new Pass(stages);
            int maxPass = model.maxViewsPerPass();
            for (int i = 0; i < stages.length; i++) {
                Stages image = new Stages();
                long t0 = System.nanoTime();
                BufferedImage decoded = decode(images, i, indexed);
                long t1 = System.nanoTime();
                ClassificationTranslator.Views views = translator.views(decoded);
                image.decodeNs = t1 - t0;
                image.preprocessNs = System.nanoTime() - t1;
                image.expect(views.descriptions());
                stages[i] = image;
                if (pass.size() > 0 && pass.size() + views.images().size() > maxPass) {
                    pass.run(pass.size());
                }
                for (int v = 0; v < views.images().size(); v++) {
                    pass.add(views.images().get(v), i, v);
                }
                while (pass.size() >= maxPass) {
                    pass.run(maxPass);
                }
            }
            if (pass.size() > 0) {
                pass.run(pass.size());
            }
        }
        List<Classification> results = new ArrayList<>(stages.length);
        for (Stages image : stages) {
            results.add(translator.output(image.probabilities, image.descriptions, image.timings()));
        }
        return results;
    }

    /** Runs the trunk once on the whole (resized) image, every window position a view. */
    private Stages dense(BufferedImage decodedImage, long decodeNanos) {
        Stages image = new Stages();
        image.decodeNs = decodeNanos;
        long t1 = System.nanoTime();
        ClassificationTranslator.Dense input = translator.denseInput(decodedImage);
        long t2 = System.nanoTime();
        DenseEvaluator.Result result = model.dense(input.tensor(), input.pooling(), input.cost());
        long t3 = System.nanoTime();
        image.expect(translator.describe(result.grid()));
        System.arraycopy(result.probabilities()[0], 0, image.probabilities, 0, image.probabilities.length);
        image.preprocessNs = t2 - t1;
        image.forwardNs = t3 - t2;
        return image;
    }

    private BufferedImage decode(List<byte[]> images, int index, boolean indexed) {
        try {
            return decoder.decode(images.get(index));
        } catch (ImageRejectedException e) {
            if (!indexed) {
                throw e;
            }
            throw new ImageRejectedException(e.reason(), "images[%d]: %s".formatted(index, e.getMessage()), e);
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** One image's views, their probabilities as they come back, and the time spent on it in each stage. */
    private static final class Stages {

        List<String> descriptions;
        float[][] probabilities;
        double decodeNs;
        double preprocessNs;
        double queueNs;
        double forwardNs;

        void expect(List<String> viewDescriptions) {
            descriptions = viewDescriptions;
            probabilities = new float[viewDescriptions.size()][];
        }

        Classification.Timings timings() {
            return new Classification.Timings(decodeNs / 1e6, preprocessNs / 1e6, queueNs / 1e6, forwardNs / 1e6,
                    (decodeNs + preprocessNs + queueNs + forwardNs) / 1e6);
        }
    }

    /** Views waiting for a forward pass, with the image and view each came from. */
    private final class Pass {

        private final Stages[] stages;
        private final List<BufferedImage> views = new ArrayList<>();
        private final List<int[]> owners = new ArrayList<>();

        Pass(Stages[] stages) {
            this.stages = stages;
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
            INDArray input = translator.tensor(batch);
            long t1 = System.nanoTime();
            ForwardBatcher.Forward forward = model.forward(input);
            for (int k = 0; k < count; k++) {
                Stages image = stages[from.get(k)[0]];
                image.probabilities[from.get(k)[1]] = forward.rows()[k];
                image.preprocessNs += (double) (t1 - t0) / count;
                image.queueNs += (double) forward.queuedNanos() / count;
                image.forwardNs += (double) forward.passNanos() / count;
            }
            batch.clear();
            from.clear();
        }
    }
}
