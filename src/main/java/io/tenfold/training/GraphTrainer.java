package io.tenfold.training;

import io.tenfold.image.Preprocessing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Trains the part of a graph above its frozen boundary vertex, or the whole graph when it has none.
 * With a boundary and fixed training views ({@link Augmentation#fixedViews}), the frozen part runs
 * once per image and view ({@link #cacheFeatures}) and the epochs only touch the part above it,
 * which is what makes small-data transfer learning cheap; otherwise every epoch prepares the images
 * afresh. The parts: {@link FrozenFeatures} (the frozen part as a feature extractor),
 * {@link CachedFeatures} and {@link FreshImages} (where batches come from), {@link EpochLoop} (the
 * epochs, early stopping, the best parameters and checkpoints).
 */
public final class GraphTrainer {

    private final ComputationGraph graph;
    private final TrainedPart part;
    private final FrozenFeatures frozen;
    private final ImageInputs inputs;

    private GraphTrainer(ComputationGraph graph, String boundary, Preprocessing preprocessing, int numClasses) {
        this.graph = graph;
        this.inputs = new ImageInputs(preprocessing, numClasses);
        if (boundary == null) {
            this.part = TrainedPart.whole(graph);
            this.frozen = null;
        } else {
            if (graph.getVertex(boundary) == null) {
                throw new IllegalArgumentException("the graph has no vertex " + boundary);
            }
            this.part = TrainedPart.above(graph, boundary);
            this.frozen = new FrozenFeatures(graph, boundary);
        }
    }

    /**
     * Trains what lies above {@code boundaryVertex}; the vertex and everything below it are frozen
     * (in place, if they were not already).
     */
    public static GraphTrainer aboveBoundary(ComputationGraph graph, String boundaryVertex, Preprocessing preprocessing,
            int numClasses) {
        return new GraphTrainer(graph, boundaryVertex, preprocessing, numClasses);
    }

    /** Trains every unfrozen layer of the graph on images, with no feature caching. */
    public static GraphTrainer wholeGraph(ComputationGraph graph, Preprocessing preprocessing, int numClasses) {
        return new GraphTrainer(graph, null, preprocessing, numClasses);
    }

    /** Whether {@link #cacheFeatures} applies: a boundary, and the same views of each image every epoch. */
    public boolean cachesFeatures(Augmentation augmentation) {
        return frozen != null && augmentation.fixedViews();
    }

    /**
     * Runs the frozen part once over each training view ({@link Augmentation.CachedViews}, or the
     * evaluation view without augmentation) and over the validation images' evaluation view.
     */
    public FeatureCache cacheFeatures(List<Example> training, List<Example> validation, TrainingOptions options,
            TrainingListener listener) throws IOException {
        if (!cachesFeatures(options.augmentation())) {
            throw new IllegalStateException("nothing to cache: no boundary, or fresh augmentation each epoch");
        }
        int views = options.augmentation().cachedViews();
        FrozenFeatures.Progress progress = new FrozenFeatures.Progress(views * training.size() + validation.size(),
                listener);
        try {
            List<Featurized> trainingViews = new ArrayList<>();
            try (BatchPipeline pipeline = inputs.pipeline(training, inputs.training(options), options)) {
                for (int view = 0; view < views; view++) {
                    trainingViews.add(frozen.featurize(pipeline, view + 1L, progress, listener));
                }
            }
            Featurized validationFeatures = validation.isEmpty() ? null
                    : FreshImages.featurizedValidation(validation, inputs, frozen, options, progress, listener);
            return new FeatureCache(trainingViews, validationFeatures);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Trains on cached features; {@code resumeFrom}, when given, continues after its epoch. */
    public TrainingResult train(FeatureCache cache, TrainingOptions options, TrainingListener listener,
            TrainingCheckpoint resumeFrom) {
        if (frozen == null) {
            throw new IllegalStateException("cached features need a boundary");
        }
        return new EpochLoop(part).run(new CachedFeatures(cache, part.network(), options.batchSize()), options,
                listener, resumeFrom);
    }

    /**
     * Trains on images: through a feature cache when {@link #cachesFeatures} says so, otherwise
     * preparing (and augmenting) every image again in every epoch.
     */
    public TrainingResult train(List<Example> training, List<Example> validation, TrainingOptions options,
            TrainingListener listener, TrainingCheckpoint resumeFrom) throws IOException {
        if (cachesFeatures(options.augmentation())) {
            return train(cacheFeatures(training, validation, options, listener), options, listener, resumeFrom);
        }
        try (FreshImages data = new FreshImages(training, validation, inputs, frozen, graph, part.network(), options,
                listener)) {
            return new EpochLoop(part).run(data, options, listener, resumeFrom);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
