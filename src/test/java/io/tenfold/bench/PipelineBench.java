package io.tenfold.bench;

import io.tenfold.augment.AugmentationPolicies;
import io.tenfold.image.ImageDecoder;
import io.tenfold.image.ImageLimits;
import io.tenfold.image.Preprocessing;
import io.tenfold.image.TestImages;
import io.tenfold.support.ImageFixtures;
import io.tenfold.system.NativeBackend;
import io.tenfold.training.Augmentation;
import io.tenfold.training.BatchPipeline;
import io.tenfold.training.EpochMetrics;
import io.tenfold.training.Example;
import io.tenfold.training.FeatureCache;
import io.tenfold.training.GraphTrainer;
import io.tenfold.training.ImagePreparation;
import io.tenfold.training.LoaderOptions;
import io.tenfold.training.TrainingListener;
import io.tenfold.training.TrainingOptions;
import io.tenfold.transfer.BaseModel;
import io.tenfold.transfer.BaseModelCatalog;
import io.tenfold.transfer.PlanOptions;
import io.tenfold.transfer.TransferPlan;
import io.tenfold.transfer.TransferPlanner;
import io.tenfold.transfer.TransferStrategy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * (a) Images per second of the {@link BatchPipeline} (JPEG decoding plus the {@code default}
 * augmentation at 224, packed into NHWC batches of 16) with one and two loader threads, the
 * consumer only taking batches; (b) seconds of one head-training epoch of the shipped MobileNetV2
 * on cached features against the same epoch with the images run through the frozen backbone; (c)
 * images/s and data wait of full MobileNetV2 training at 224 fed by the pipeline.
 * Prints medians. Run with
 * {@code mvn -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.tenfold.bench.PipelineBench}
 * (arguments: rounds, pipeline images, head images, head epochs; defaults 5 96 32 3).
 */
public final class PipelineBench {

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        NativeBackend.configure();
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int pipelineImages = args.length > 1 ? Integer.parseInt(args[1]) : 96;
        int headImages = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        int headEpochs = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        System.out.printf("%d cores, load average %.1f%n", Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        pipelineThroughput(jpegExamples(pipelineImages), rounds);
        headEpochs(jpegExamples(headImages), headEpochs);
        fullTrainingEpochs(jpegExamples(headImages), headEpochs);
    }

    /**
     * What a MobileNetV2 training step at 224 consumes: every layer training ({@code full}), batch
     * 16, the default augmentation made by the pipeline on its two threads while the network trains
     * (so the two compete for the same cores, as in a job); images/s and data-wait per epoch.
     */
    private static void fullTrainingEpochs(List<Example> examples, int epochs) throws Exception {
        BaseModel base = BaseModelCatalog.builtIn().get("mobilenetv2");
        TransferPlan plan = new TransferPlanner().plan(base.load(), base, 5, TransferStrategy.named("full", base),
                new PlanOptions(1e-4, 7));
        List<String> epochFigures = new ArrayList<>();
        GraphTrainer.wholeGraph(plan.graph(), base.preprocessing(), 5).train(examples, List.of(),
                TrainingOptions.of(epochs, 16, 7).withAugmentation(
                        new Augmentation.EachEpoch(AugmentationPolicies.standard(224))),
                new TrainingListener() {
                    @Override
                    public void onEpoch(EpochMetrics metrics, io.tenfold.training.TrainingCheckpoint checkpoint) {
                        epochFigures.add("%.1f images/s, data wait %.1f%%".formatted(metrics.imagesPerSecond(),
                                100 * metrics.dataWaitFraction()));
                    }
                }, null);
        System.out.printf("MobileNetV2 full training at 224, batch 16, default augmentation on 2 loader threads, "
                + "%d images: %s%n", examples.size(), epochFigures);
    }

    private static void pipelineThroughput(List<Example> examples, int rounds) {
        Preprocessing preprocessing = Preprocessing.unitRange(224);
        ImagePreparation augmented = new ImagePreparation.Augmented(AugmentationPolicies.standard(224), 42);
        for (int threads : new int[] {1, 2}) {
            double[] rates = new double[rounds];
            try (BatchPipeline pipeline = new BatchPipeline(examples, augmented, preprocessing, 5, 16,
                    new LoaderOptions(threads, 4))) {
                for (int round = -1; round < rounds; round++) {
                    long start = System.nanoTime();
                    try (BatchPipeline.Pass pass = pipeline.pass(round + 2)) {
                        pass.forEachRemaining(batch -> { });
                    }
                    if (round >= 0) {
                        rates[round] = examples.size() / ((System.nanoTime() - start) / 1e9);
                    }
                }
            }
            Arrays.sort(rates);
            System.out.printf("pipeline, JPEG %dx%d decode + default augmentation at 224, %d thread%s: "
                    + "median %6.1f images/s (min %6.1f, max %6.1f)%n", 500, 375, threads, threads == 1 ? " " : "s",
                    rates[rounds / 2], rates[0], rates[rounds - 1]);
        }
    }

    private static void headEpochs(List<Example> examples, int epochs) throws Exception {
        BaseModel base = BaseModelCatalog.builtIn().get("mobilenetv2");
        TrainingOptions options = TrainingOptions.of(epochs, 8, 7);
        EpochTimes featurized = new EpochTimes();
        GraphTrainer cachedTrainer = trainer(base);
        long start = System.nanoTime();
        FeatureCache cache = cachedTrainer.cacheFeatures(examples, List.of(), options, featurized);
        double featurizeSeconds = (System.nanoTime() - start) / 1e9;
        cachedTrainer.train(cache, options, featurized, null);

        EpochTimes throughBackbone = new EpochTimes();
        trainer(base).train(examples, List.of(), options.withAugmentation(
                new Augmentation.EachEpoch(AugmentationPolicies.none(224))), throughBackbone, null);

        double fast = featurized.median();
        double slow = throughBackbone.median();
        System.out.printf("MobileNetV2 head, %d images, batch 8: featurizing once %.2f s; epoch on cached features "
                + "median %.3f s %s; epoch through the frozen backbone median %.2f s %s; ratio %.0fx%n",
                examples.size(), featurizeSeconds, fast, featurized.seconds, slow, throughBackbone.seconds, slow / fast);
    }

    private static GraphTrainer trainer(BaseModel base) throws Exception {
        ComputationGraph network = new TransferPlanner().plan(base.load(), base, 5,
                TransferStrategy.named(TransferStrategy.FEATURE_EXTRACTOR, base), new PlanOptions(1e-3, 7)).graph();
        return GraphTrainer.aboveBoundary(network, base.featureVertex(), base.preprocessing(), 5);
    }

    /** Photo-like 500x375 JPEGs, decoded by the service's decoder on every load. */
    private static List<Example> jpegExamples(int n) {
        ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);
        List<Example> examples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] jpeg = ImageFixtures.encode(TestImages.photo(500, 375, i), "jpg");
            examples.add(new Example(i % 5, () -> decoder.decode(jpeg)));
        }
        return examples;
    }

    private static final class EpochTimes implements TrainingListener {

        final List<Double> seconds = new ArrayList<>();

        @Override
        public void onEpoch(EpochMetrics metrics, io.tenfold.training.TrainingCheckpoint checkpoint) {
            seconds.add(Math.round(metrics.seconds() * 1000) / 1000.0);
        }

        double median() {
            double[] sorted = seconds.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return sorted[sorted.length / 2];
        }
    }
}
