package io.tenfold.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenfold.augment.AugmentationPolicies;
import io.tenfold.augment.AugmentationPolicy;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class GraphTrainerTest {

    private static final AugmentationPolicy POLICY = AugmentationPolicies.standard(TinyNetworks.INPUT);
    private static final TrainingOptions OPTIONS = TrainingOptions.of(4, 4, 11);

    @Test
    void trainsTheHeadOnFeaturesComputedOnceAndReportsEveryFigure() throws IOException {
        AtomicInteger trainLoads = new AtomicInteger();
        AtomicInteger validationLoads = new AtomicInteger();
        ComputationGraph graph = TinyNetworks.frozenAt("pool", 0.05);
        INDArray frozenBefore = graph.getLayer("conv2").params().dup();
        INDArray headBefore = graph.getLayer("out").params().dup();
        Recorder recorder = new Recorder();

        TrainingResult result = GraphTrainer.aboveBoundary(graph, "pool", TinyNetworks.PREPROCESSING, 3)
                .train(TinyNetworks.examples(12, trainLoads), TinyNetworks.examples(6, validationLoads), OPTIONS,
                        recorder, null);

        assertThat(trainLoads.get()).isEqualTo(12);
        assertThat(validationLoads.get()).isEqualTo(6);
        assertThat(result.history()).hasSize(4);
        assertThat(graph.getLayer("conv2").params()).isEqualTo(frozenBefore);
        assertThat(graph.getLayer("out").params()).isNotEqualTo(headBefore);
        EpochMetrics first = result.history().get(0);
        assertThat(first.validationLoss()).isPositive();
        assertThat(first.validationTop5Accuracy()).isEqualTo(1.0);
        assertThat(first.perClassAccuracy()).hasSize(3);
        assertThat(first.confusion()).hasDimensions(3, 3);
        assertThat(java.util.Arrays.stream(first.confusion()).flatMapToInt(java.util.Arrays::stream).sum())
                .isEqualTo(6);
        assertThat(first.imagesPerSecond()).isPositive();
        assertThat(first.dataWaitFraction()).isBetween(0.0, 1.0);
        assertThat(recorder.featurized).isEqualTo(18);
    }

    @Test
    void theGraphEndsWithTheParametersOfTheEpochWithTheLowestValidationLoss() throws IOException {
        // a large learning rate on few images, so that validation loss goes up and down
        ComputationGraph graph = TinyNetworks.frozenAt("pool", 1.0);
        GraphTrainer trainer = GraphTrainer.aboveBoundary(graph, "pool", TinyNetworks.PREPROCESSING, 3);
        Recorder recorder = new Recorder();
        TrainingResult result = trainer.train(TinyNetworks.examples(9, new AtomicInteger()),
                TinyNetworks.examples(6, new AtomicInteger()), TrainingOptions.of(7, 3, 3), recorder, null);

        int best = 1;
        for (EpochMetrics m : result.history()) {
            if (m.validationLoss() < result.history().get(best - 1).validationLoss()) {
                best = m.epoch();
            }
        }
        assertThat(result.bestEpoch()).isEqualTo(best).isLessThan(7);
        assertThat(result.stoppedEarly()).isFalse();
        assertThat(graph.getLayer("out").params()).isEqualTo(layerParams(recorder.checkpoints.get(best), graph));
    }

    @Test
    void stopsWhenValidationLossStopsImproving() throws IOException {
        ComputationGraph graph = TinyNetworks.frozenAt("pool", 1.0);
        TrainingResult result = GraphTrainer.aboveBoundary(graph, "pool", TinyNetworks.PREPROCESSING, 3)
                .train(TinyNetworks.examples(9, new AtomicInteger()), TinyNetworks.examples(6, new AtomicInteger()),
                        TrainingOptions.of(30, 3, 3).withPatience(2), new Recorder(), null);
        assertThat(result.stoppedEarly()).isTrue();
        assertThat(result.history()).hasSize(result.bestEpoch() + 2);
    }

    @Test
    void cachedViewsAreFeaturizedOnceAndEpochsCycleThroughThem() throws IOException {
        AtomicInteger loads = new AtomicInteger();
        ComputationGraph graph = TinyNetworks.frozenAt("pool", 0.05);
        GraphTrainer trainer = GraphTrainer.aboveBoundary(graph, "pool", TinyNetworks.PREPROCESSING, 3);
        TrainingOptions options = OPTIONS.withAugmentation(new Augmentation.CachedViews(POLICY, 2));
        FeatureCache cache = trainer.cacheFeatures(TinyNetworks.examples(8, loads), List.of(), options, new Recorder());

        assertThat(loads.get()).isEqualTo(16);
        assertThat(cache.trainingViews()).hasSize(2);
        assertThat(cache.trainingViews().get(0).features()).isNotEqualTo(cache.trainingViews().get(1).features());
        assertThat(cache.viewFor(1)).isSameAs(cache.trainingViews().get(0));
        assertThat(cache.viewFor(2)).isSameAs(cache.trainingViews().get(1));
        assertThat(cache.viewFor(3)).isSameAs(cache.trainingViews().get(0));
        TrainingResult result = trainer.train(cache, options, new Recorder(), null);
        assertThat(result.history()).hasSize(4);
        assertThat(loads.get()).isEqualTo(16);
    }

    @Test
    void asManyCachedViewsAsEpochsTrainExactlyAsAFreshAugmentationEachEpoch() throws IOException {
        TrainingOptions cached = TrainingOptions.of(3, 4, 5).withAugmentation(new Augmentation.CachedViews(POLICY, 3));
        TrainingOptions fresh = TrainingOptions.of(3, 4, 5).withAugmentation(new Augmentation.EachEpoch(POLICY));
        ComputationGraph a = TinyNetworks.frozenAt("conv1", 0.05);
        ComputationGraph b = TinyNetworks.frozenAt("conv1", 0.05);
        AtomicInteger freshLoads = new AtomicInteger();
        GraphTrainer.aboveBoundary(a, "conv1", TinyNetworks.PREPROCESSING, 3)
                .train(TinyNetworks.examples(8, new AtomicInteger()), List.of(), cached, new Recorder(), null);
        GraphTrainer.aboveBoundary(b, "conv1", TinyNetworks.PREPROCESSING, 3)
                .train(TinyNetworks.examples(8, freshLoads), List.of(), fresh, new Recorder(), null);
        assertThat(freshLoads.get()).isEqualTo(24);
        assertThat(a.params().equalsWithEps(b.params(), 1e-5)).isTrue();
    }

    @Test
    void aRunResumedFromACheckpointEndsWhereAnUninterruptedOneDoes() throws IOException {
        for (Augmentation augmentation : List.of(Augmentation.none(), new Augmentation.EachEpoch(POLICY))) {
            TrainingOptions options = OPTIONS.withAugmentation(augmentation).withPatience(10);
            ComputationGraph whole = TinyNetworks.frozenAt("pool", 0.05);
            Recorder recorder = new Recorder();
            TrainingResult uninterrupted = GraphTrainer.aboveBoundary(whole, "pool", TinyNetworks.PREPROCESSING, 3)
                    .train(TinyNetworks.examples(10, new AtomicInteger()), TinyNetworks.examples(6, new AtomicInteger()),
                            options, recorder, null);

            ComputationGraph resumed = TinyNetworks.frozenAt("pool", 0.05);
            TrainingResult rest = GraphTrainer.aboveBoundary(resumed, "pool", TinyNetworks.PREPROCESSING, 3)
                    .train(TinyNetworks.examples(10, new AtomicInteger()), TinyNetworks.examples(6, new AtomicInteger()),
                            options, new Recorder(), recorder.checkpoints.get(2));

            assertThat(resumed.params()).as(augmentation.toString()).isEqualTo(whole.params());
            assertThat(rest.history()).extracting(EpochMetrics::trainLoss)
                    .containsExactlyElementsOf(uninterrupted.history().stream().map(EpochMetrics::trainLoss).toList());
            assertThat(rest.bestEpoch()).isEqualTo(uninterrupted.bestEpoch());
        }
    }

    @Test
    void trainsAWholeGraphOnAugmentedImagesAndResumesExactly() throws IOException {
        TrainingOptions options = TrainingOptions.of(3, 4, 9).withAugmentation(new Augmentation.EachEpoch(POLICY))
                .withLoader(new LoaderOptions(2, 2));
        ComputationGraph whole = withoutLayerHelpers(() -> TinyNetworks.network(0.01));
        INDArray before = whole.getLayer("conv1").params().dup();
        Recorder recorder = new Recorder();
        TrainingResult uninterrupted = GraphTrainer.wholeGraph(whole, TinyNetworks.PREPROCESSING, 3)
                .train(TinyNetworks.examples(10, new AtomicInteger()), TinyNetworks.examples(6, new AtomicInteger()),
                        options, recorder, null);
        assertThat(whole.getLayer("conv1").params()).isNotEqualTo(before);
        assertThat(uninterrupted.history().get(0).confusion()).hasDimensions(3, 3);

        ComputationGraph resumed = withoutLayerHelpers(() -> TinyNetworks.network(0.01));
        GraphTrainer.wholeGraph(resumed, TinyNetworks.PREPROCESSING, 3)
                .train(TinyNetworks.examples(10, new AtomicInteger()), TinyNetworks.examples(6, new AtomicInteger()),
                        options, new Recorder(), recorder.checkpoints.get(1));
        assertThat(resumed.params()).isEqualTo(whole.params());
    }

    @Test
    void aStopRequestEndsTrainingBetweenBatchesAndLeavesNoLoaderThreads() {
        ComputationGraph graph = TinyNetworks.network(0.01);
        AtomicInteger batches = new AtomicInteger();
        TrainingListener stopAfterTwo = new TrainingListener() {
            @Override
            public void onBatch(int epoch, double fraction, double loss, double examplesPerSecond) {
                batches.incrementAndGet();
            }

            @Override
            public boolean stopRequested() {
                return batches.get() >= 2;
            }
        };
        assertThatThrownBy(() -> GraphTrainer.wholeGraph(graph, TinyNetworks.PREPROCESSING, 3)
                .train(TinyNetworks.examples(40, new AtomicInteger()), List.of(),
                        TrainingOptions.of(3, 2, 1).withAugmentation(new Augmentation.EachEpoch(POLICY)), stopAfterTwo,
                        null))
                .isInstanceOf(TrainingCancelledException.class);
        assertThat(batches.get()).isEqualTo(2);
        assertThat(BatchPipelineTest.pipelineThreads()).isEmpty();
    }

    @Test
    void refusesABoundaryThatTheUpperPartDoesNotReadAlone() {
        assertThatThrownBy(() -> GraphTrainer.aboveBoundary(TinyNetworks.network(0.01), "nope",
                TinyNetworks.PREPROCESSING, 3)).isInstanceOf(IllegalArgumentException.class);
    }

    private static INDArray layerParams(TrainingCheckpoint checkpoint, ComputationGraph graph) {
        // the trained part above "pool" is dense then out; out's parameters are the last ones
        long outSize = graph.getLayer("out").numParams();
        INDArray params = checkpoint.parameters();
        return params.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(params.length() - outSize, params.length()))
                .reshape(graph.getLayer("out").params().shape());
    }

    /** Keeps every epoch's checkpoint and counts featurized images. */
    private static final class Recorder implements TrainingListener {

        final Map<Integer, TrainingCheckpoint> checkpoints = new HashMap<>();
        final List<EpochMetrics> epochs = new ArrayList<>();
        int featurized;

        @Override
        public void onFeaturized(int done, int total, double imagesPerSecond, double dataWaitFraction) {
            featurized = done;
        }

        @Override
        public void onEpoch(EpochMetrics metrics, TrainingCheckpoint checkpoint) {
            epochs.add(metrics);
            checkpoints.put(metrics.epoch(), checkpoint);
        }
    }

    /**
     * Builds a network on DL4J's own kernels. With the oneDNN layer helpers (as the service runs),
     * convolution training is not bitwise reproducible: two identical uninterrupted runs of this
     * tiny network differ by up to 0.04 in a parameter after 3 epochs. Exact resumption is a
     * property of the trainer (optimiser state, iteration count, data order), checked here on
     * kernels that are deterministic.
     */
    private static ComputationGraph withoutLayerHelpers(java.util.function.Supplier<ComputationGraph> build) {
        String property = "org.eclipse.deeplearning4j.helpers.disable";
        String before = System.getProperty(property);
        System.setProperty(property, "true");
        try {
            return build.get();
        } finally {
            if (before == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, before);
            }
        }
    }
}
