package io.tenfold.inference;

import io.tenfold.graph.DenseEvaluator;
import io.tenfold.image.ImageTensors;
import io.tenfold.image.Preprocessing;
import io.tenfold.image.View;
import io.tenfold.tta.DensePolicy;
import io.tenfold.tta.Merge;
import io.tenfold.tta.TtaPolicy;
import io.tenfold.tta.ViewPolicy;
import io.tenfold.validation.InvalidFieldException;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Pre- and post-processing of classification (DJL's {@code Translator}), built from a model's
 * manifest and a request's options: a decoded image in, the views or the dense tensor the network
 * must see; the network's rows for those views out, the merged, ranked classification. It is the
 * only place that knows what a TTA policy means; the engine sees tensors and rows.
 */
final class ClassificationTranslator {

    /** What one image becomes for a view policy: its views, each described, in the policy's order. */
    record Views(List<BufferedImage> images, List<String> descriptions) {
    }

    /** What one image becomes for a dense policy: one tensor, its pooling, and its weight in views for the queue. */
    record Dense(INDArray tensor, DenseEvaluator.Pooling pooling, int cost) {
    }

    private final String modelId;
    private final ModelManifest manifest;
    private final ClassifyOptions options;
    private final Preprocessing preprocessing;

    /**
     * @throws InvalidFieldException if the policy cannot run on this model (its scales, or dense
     *                               evaluation of a network that does not allow it)
     */
    ClassificationTranslator(ServedModel model, ClassifyOptions options) {
        this.modelId = model.id();
        this.manifest = model.manifest();
        this.options = options;
        this.preprocessing = manifest.preprocessing();
        TtaPolicy policy = options.policy();
        policy.checkFor(preprocessing);
        if (policy instanceof DensePolicy && model.denseRefusal() != null) {
            throw new InvalidFieldException("tta", "model %s does not support dense evaluation: %s"
                    .formatted(model.id(), model.denseRefusal()));
        }
    }

    boolean dense() {
        return options.policy() instanceof DensePolicy;
    }

    Views views(BufferedImage image) {
        List<View> plan = ((ViewPolicy) options.policy()).plan(image.getWidth(), image.getHeight(), preprocessing);
        return new Views(View.apply(image, plan), plan.stream().map(View::describe).toList());
    }

    /** The views as the network's input batch, normalised as the model was trained. */
    INDArray tensor(List<BufferedImage> views) {
        return ImageTensors.toNhwcBatch(views, preprocessing);
    }

    Dense denseInput(BufferedImage image) {
        DensePolicy policy = (DensePolicy) options.policy();
        BufferedImage prepared = policy.prepare(image, preprocessing);
        int inputPixels = preprocessing.inputSize() * preprocessing.inputSize();
        int cost = (int) Math.ceil((double) prepared.getWidth() * prepared.getHeight() / inputPixels);
        return new Dense(tensor(List.of(prepared)), policy.pooling(), cost);
    }

    /** What each position of a dense evaluation's grid looked at. */
    List<String> describe(DenseEvaluator.Grid grid) {
        List<String> descriptions = new ArrayList<>(grid.positions());
        for (int p = 0; p < grid.positions(); p++) {
            descriptions.add(grid.describe(p, preprocessing.resizeSize()));
        }
        return descriptions;
    }

    /** Merges one image's per-view probabilities into its classification. */
    Classification output(float[][] probabilities, List<String> descriptions, Classification.Timings timings) {
        List<String> labels = manifest.labels();
        Merge merge = options.merge();
        float[] merged = merge.merge(probabilities);
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
                perView.add(new Classification.ViewPrediction(descriptions.get(v), labels.get(top),
                        probabilities[v][top]));
            }
        }
        return new Classification(modelId, predictions.subList(0, Math.min(options.topK(), predictions.size())),
                probabilities.length, options.policy().name(), timings, merge.name(),
                Merge.agreement(probabilities, merged), perView);
    }
}
