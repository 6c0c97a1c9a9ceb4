package io.tenfold.training;

import io.tenfold.graph.GraphCuts;
import io.tenfold.image.Preprocessing;
import io.tenfold.training.Augmentation.CachedViews;
import io.tenfold.training.Augmentation.EachEpoch;
import io.tenfold.training.BatchPipeline.Batch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.transferlearning.TransferLearningHelper;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.indexing.SpecifiedIndex;

/**
 * Trains the part of a graph above its frozen boundary vertex, or the whole graph when it has none.
 * With a boundary, the frozen part is run once per image and view ({@link #cacheFeatures}) unless
 * every epoch needs a fresh augmentation; the epochs then only touch the part above it, which is
 * what makes small-data transfer learning cheap. Images are decoded and augmented by a
 * {@link BatchPipeline} off the training thread. Each epoch shuffles with a generator seeded from
 * (seed, epoch) and augments each sample from (seed, round, index), so a run resumed from a
 * checkpoint takes the same path as one that never stopped. At the end the graph holds the
 * parameters of the epoch with the lowest validation loss.
 */
public final class GraphTrainer {

    private final ComputationGraph graph;
    private final String boundary;
    private final TransferLearningHelper helper;
    private final ComputationGraph trained;
    private ComputationGraph belowBoundary;
    private final Preprocessing preprocessing;
    private final int numClasses;

    private GraphTrainer(ComputationGraph graph, String boundary, Preprocessing preprocessing, int numClasses) {
        this.graph = graph;
        this.boundary = boundary;
        this.preprocessing = preprocessing;
        this.numClasses = numClasses;
        if (boundary == null) {
            this.helper = null;
            this.trained = graph;
        } else {
            if (graph.getVertex(boundary) == null) {
                throw new IllegalArgumentException("the graph has no vertex " + boundary);
            }
            this.helper = new TransferLearningHelper(graph, boundary);
            this.trained = helper.unfrozenGraph();
            List<String> inputs = trained.getConfiguration().getNetworkInputs();
            if (!inputs.equals(List.of(boundary))) {
                throw new IllegalArgumentException("the graph above " + boundary + " also reads " + inputs);
            }
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

    /** Whether {@link #cacheFeatures} applies: a boundary, and no fresh augmentation each epoch. */
    public boolean cachesFeatures(Augmentation augmentation) {
        return boundary != null && !(augmentation instanceof EachEpoch);
    }

    /**
     * Runs the frozen part once over each training view ({@link CachedViews}, or the evaluation view
     * without augmentation) and over the validation images' evaluation view.
     */
    public FeatureCache cacheFeatures(List<Example> training, List<Example> validation, TrainingOptions options,
            TrainingListener listener) throws IOException {
        if (!cachesFeatures(options.augmentation())) {
            throw new IllegalStateException("nothing to cache: no boundary, or fresh augmentation each epoch");
        }
        int views = options.augmentation().cachedViews();
        FeaturizeProgress progress = new FeaturizeProgress(views * training.size() + validation.size(), listener);
        try {
            List<Featurized> trainingViews = new ArrayList<>();
            try (BatchPipeline pipeline = pipeline(training, trainingPreparation(options), options)) {
                for (int view = 0; view < views; view++) {
                    trainingViews.add(featurize(pipeline, view + 1L, progress, listener));
                }
            }
            return new FeatureCache(trainingViews, featurizeValidation(validation, options, progress, listener));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Trains on cached features; {@code resumeFrom}, when given, continues after its epoch. */
    public TrainingResult train(FeatureCache cache, TrainingOptions options, TrainingListener listener,
            TrainingCheckpoint resumeFrom) {
        if (boundary == null) {
            throw new IllegalStateException("cached features need a boundary");
        }
        return loop(new CachedData(cache, options.batchSize()), options, listener, resumeFrom);
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
        try (ImageData data = new ImageData(training, validation, options, listener)) {
            return loop(data, options, listener, resumeFrom);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private TrainingResult loop(TrainingData data, TrainingOptions options, TrainingListener listener,
            TrainingCheckpoint resumeFrom) {
        int n = data.size();
        if (n == 0) {
            throw new IllegalArgumentException("no training examples");
        }
        List<EpochMetrics> history = new ArrayList<>();
        EarlyStopping stopping = new EarlyStopping(options.patience());
        INDArray bestParameters = null;
        int firstEpoch = 1;
        if (resumeFrom != null) {
            restore(resumeFrom);
            history.addAll(resumeFrom.history());
            stopping = EarlyStopping.resumed(options.patience(), resumeFrom.bestEpoch(),
                    validationLossOf(resumeFrom.history(), resumeFrom.bestEpoch()),
                    resumeFrom.epochsWithoutImprovement());
            bestParameters = resumeFrom.bestParameters();
            firstEpoch = resumeFrom.epoch() + 1;
        }
        int batchesPerEpoch = (n + options.batchSize() - 1) / options.batchSize();
        boolean stoppedEarly = stopping.shouldStop();
        for (int epoch = firstEpoch; epoch <= options.epochs() && !stoppedEarly; epoch++) {
            long start = System.nanoTime();
            double lossSum = 0;
            double waitSeconds;
            try (Steps steps = data.epoch(epoch, permutation(n, new Random(options.seed() * 1_000_003L + epoch)))) {
                int done = 0;
                for (int b = 0; steps.hasNext(); b++) {
                    if (listener.stopRequested()) {
                        throw new TrainingCancelledException();
                    }
                    DataSet batch = steps.next();
                    fit(batch);
                    double loss = trained.score();
                    int rows = batch.numExamples();
                    lossSum += loss * rows;
                    done += rows;
                    listener.onBatch(epoch, ((epoch - 1) * batchesPerEpoch + b + 1.0)
                            / (options.epochs() * batchesPerEpoch), loss, done / seconds(start));
                }
                waitSeconds = steps.waitSeconds();
            }
            double trainSeconds = seconds(start);
            ValidationMetrics validation = data.validate();
            EpochMetrics metrics = metrics(epoch, lossSum / n, validation, seconds(start), n / trainSeconds,
                    waitSeconds / trainSeconds);
            history.add(metrics);
            if (stopping.record(epoch, metrics.validationLoss())) {
                bestParameters = trained.params().dup();
            }
            stoppedEarly = stopping.shouldStop();
            listener.onEpoch(metrics, new TrainingCheckpoint(epoch, trained.params().dup(), updaterState().dup(),
                    trained.getConfiguration().getIterationCount(), history, stopping.bestEpoch(), bestParameters,
                    stopping.epochsWithoutImprovement()));
        }
        int last = history.isEmpty() ? 0 : history.get(history.size() - 1).epoch();
        int bestEpoch = bestParameters == null ? last : stopping.bestEpoch();
        if (bestParameters != null && bestEpoch != last) {
            trained.setParams(bestParameters);
            copyTrainedIntoGraph();
        }
        return new TrainingResult(history, bestEpoch, stoppedEarly);
    }

    private void fit(DataSet batch) {
        if (helper != null) {
            helper.fitFeaturized(batch);
        } else {
            graph.fit(batch);
        }
    }

    private void restore(TrainingCheckpoint checkpoint) {
        trained.setParams(checkpoint.parameters());
        updaterState().assign(checkpoint.updaterState());
        trained.getConfiguration().setIterationCount(checkpoint.iterations());
        copyTrainedIntoGraph();
    }

    private INDArray updaterState() {
        return trained.getUpdater(true).getStateViewArray();
    }

    private void copyTrainedIntoGraph() {
        if (helper == null) {
            return;
        }
        for (GraphVertex vertex : trained.getVertices()) {
            if (vertex.hasLayer()) {
                graph.getLayer(vertex.getVertexName()).setParams(vertex.getLayer().params());
            }
        }
    }

    private static EpochMetrics metrics(int epoch, double trainLoss, ValidationMetrics v, double seconds,
            double imagesPerSecond, double dataWaitFraction) {
        if (v == null) {
            return new EpochMetrics(epoch, trainLoss, null, null, seconds, null, null, null, imagesPerSecond,
                    dataWaitFraction);
        }
        return new EpochMetrics(epoch, trainLoss, v.loss(), v.top1(), seconds, v.top5(), v.perClassAccuracy(),
                v.confusion(), imagesPerSecond, dataWaitFraction);
    }

    private static double validationLossOf(List<EpochMetrics> history, int epoch) {
        return history.stream().filter(m -> m.epoch() == epoch && m.validationLoss() != null)
                .mapToDouble(EpochMetrics::validationLoss).findFirst().orElse(Double.POSITIVE_INFINITY);
    }

    private ImagePreparation trainingPreparation(TrainingOptions options) {
        Augmentation augmentation = options.augmentation();
        if (augmentation instanceof EachEpoch each) {
            return new ImagePreparation.Augmented(each.policy(), options.seed());
        }
        if (augmentation instanceof CachedViews cached) {
            return new ImagePreparation.Augmented(cached.policy(), options.seed());
        }
        return new ImagePreparation.CentreCrop(preprocessing);
    }

    private BatchPipeline pipeline(List<Example> examples, ImagePreparation preparation, TrainingOptions options) {
        return new BatchPipeline(examples, preparation, preprocessing, numClasses, options.batchSize(),
                options.loader());
    }

    private Featurized featurizeValidation(List<Example> validation, TrainingOptions options,
            FeaturizeProgress progress, TrainingListener listener) {
        if (validation.isEmpty()) {
            return null;
        }
        try (BatchPipeline pipeline = pipeline(validation, new ImagePreparation.CentreCrop(preprocessing), options)) {
            return featurize(pipeline, 0, progress, listener);
        }
    }

    /** The boundary's activations for one pass over the pipeline's examples, in their order. */
    private Featurized featurize(BatchPipeline pipeline, long round, FeaturizeProgress progress,
            TrainingListener listener) {
        List<INDArray> features = new ArrayList<>();
        List<INDArray> labels = new ArrayList<>();
        try (BatchPipeline.Pass pass = pipeline.pass(round)) {
            double waited = 0;
            while (pass.hasNext()) {
                if (listener.stopRequested()) {
                    throw new TrainingCancelledException();
                }
                Batch batch = pass.next();
                features.add(boundaryActivations(batch.features()));
                labels.add(batch.labels());
                progress.advance(batch.indices().length, pass.waitSeconds() - waited);
                waited = pass.waitSeconds();
            }
        }
        return new Featurized(Nd4j.concat(0, features.toArray(INDArray[]::new)),
                Nd4j.concat(0, labels.toArray(INDArray[]::new)));
    }

    private INDArray boundaryActivations(INDArray images) {
        if (belowBoundary == null) {
            belowBoundary = GraphCuts.truncatedAt(graph, boundary);
        }
        return belowBoundary.outputSingle(false, images);
    }

    private ValidationMetrics validateFeaturized(Featurized validation, int batchSize) {
        return ValidationMetrics.of(predictAboveBoundary(validation.features(), batchSize), validation.labels());
    }

    private INDArray predictAboveBoundary(INDArray features, int batchSize) {
        List<INDArray> parts = new ArrayList<>();
        for (long from = 0; from < features.size(0); from += batchSize) {
            long to = Math.min(features.size(0), from + batchSize);
            parts.add(trained.output(false, features.get(NDArrayIndex.interval(from, to)))[0]);
        }
        return Nd4j.concat(0, parts.toArray(INDArray[]::new));
    }

    /** Rows (first-axis entries) of an array of any rank, in the given order. */
    private static INDArray rowsOf(INDArray array, int[] rows) {
        if (array.rank() == 2) {
            return array.getRows(rows);
        }
        INDArrayIndex[] index = new INDArrayIndex[array.rank()];
        index[0] = new SpecifiedIndex(Arrays.stream(rows).asLongStream().toArray());
        for (int d = 1; d < index.length; d++) {
            index[d] = NDArrayIndex.all();
        }
        return array.get(index);
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    static int[] permutation(int n, Random random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** One epoch's batches, ready for {@link #fit}. */
    private interface Steps extends Iterator<DataSet>, AutoCloseable {

        double waitSeconds();

        @Override
        void close();
    }

    /** Where the epochs' batches and the validation figures come from. */
    private interface TrainingData {

        int size();

        Steps epoch(int epoch, int[] order);

        /** Null without a validation set. */
        ValidationMetrics validate();
    }

    private final class CachedData implements TrainingData {

        private final FeatureCache cache;
        private final int batchSize;

        CachedData(FeatureCache cache, int batchSize) {
            this.cache = cache;
            this.batchSize = batchSize;
        }

        @Override
        public int size() {
            return cache.trainingSize();
        }

        @Override
        public Steps epoch(int epoch, int[] order) {
            Featurized view = cache.viewFor(epoch);
            return new Steps() {
                private int from;
                private long waitNanos;

                @Override
                public boolean hasNext() {
                    return from < order.length;
                }

                @Override
                public DataSet next() {
                    long start = System.nanoTime();
                    int[] rows = Arrays.copyOfRange(order, from, Math.min(order.length, from + batchSize));
                    from += rows.length;
                    DataSet batch = new DataSet(rowsOf(view.features(), rows), view.labels().getRows(rows));
                    waitNanos += System.nanoTime() - start;
                    return batch;
                }

                @Override
                public double waitSeconds() {
                    return waitNanos / 1e9;
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public ValidationMetrics validate() {
            Featurized validation = cache.validation();
            return validation == null || validation.size() == 0 ? null : validateFeaturized(validation, batchSize);
        }
    }

    /** Images prepared afresh each epoch; with a boundary, validation features are computed once. */
    private final class ImageData implements TrainingData, AutoCloseable {

        private final BatchPipeline training;
        private final BatchPipeline validation;
        private final Featurized validationFeatures;
        private final int batchSize;

        ImageData(List<Example> training, List<Example> validation, TrainingOptions options,
                TrainingListener listener) {
            this.batchSize = options.batchSize();
            if (boundary != null) {
                this.validation = null;
                this.validationFeatures = featurizeValidation(validation, options,
                        new FeaturizeProgress(validation.size(), listener), listener);
            } else {
                this.validation = validation.isEmpty() ? null
                        : pipeline(validation, new ImagePreparation.CentreCrop(preprocessing), options);
                this.validationFeatures = null;
            }
            this.training = pipeline(training, trainingPreparation(options), options);
        }

        @Override
        public int size() {
            return training.size();
        }

        @Override
        public Steps epoch(int epoch, int[] order) {
            BatchPipeline.Pass pass = training.pass(epoch, order);
            return new Steps() {
                @Override
                public boolean hasNext() {
                    return pass.hasNext();
                }

                @Override
                public DataSet next() {
                    Batch batch = pass.next();
                    INDArray input = boundary == null ? batch.features() : boundaryActivations(batch.features());
                    return new DataSet(input, batch.labels());
                }

                @Override
                public double waitSeconds() {
                    return pass.waitSeconds();
                }

                @Override
                public void close() {
                    pass.close();
                }
            };
        }

        @Override
        public ValidationMetrics validate() {
            if (validationFeatures != null) {
                return validateFeaturized(validationFeatures, batchSize);
            }
            if (validation == null) {
                return null;
            }
            List<INDArray> probabilities = new ArrayList<>();
            List<INDArray> labels = new ArrayList<>();
            try (BatchPipeline.Pass pass = validation.pass(0)) {
                while (pass.hasNext()) {
                    Batch batch = pass.next();
                    probabilities.add(graph.output(false, batch.features())[0]);
                    labels.add(batch.labels());
                }
            }
            return ValidationMetrics.of(Nd4j.concat(0, probabilities.toArray(INDArray[]::new)),
                    Nd4j.concat(0, labels.toArray(INDArray[]::new)));
        }

        @Override
        public void close() {
            training.close();
            if (validation != null) {
                validation.close();
            }
        }
    }

    /** Reports featurizing progress: images done, their rate and the share of time spent waiting for them. */
    private static final class FeaturizeProgress {

        private final int total;
        private final TrainingListener listener;
        private final long start = System.nanoTime();
        private int done;
        private double waitSeconds;

        FeaturizeProgress(int total, TrainingListener listener) {
            this.total = total;
            this.listener = listener;
        }

        void advance(int images, double waitedSeconds) {
            done += images;
            waitSeconds += waitedSeconds;
            double elapsed = seconds(start);
            listener.onFeaturized(done, total, done / elapsed, waitSeconds / elapsed);
        }
    }
}
