package io.tenfold.bench;

import io.tenfold.augment.AugmentationPolicies;
import io.tenfold.image.ImageDecoder;
import io.tenfold.image.ImageLimits;
import io.tenfold.image.Preprocessing;
import io.tenfold.inference.Classification;
import io.tenfold.inference.ClassifyOptions;
import io.tenfold.inference.ForwardBatcher;
import io.tenfold.inference.ModelManifest;
import io.tenfold.inference.Predictor;
import io.tenfold.inference.ServedModel;
import io.tenfold.system.NativeBackend;
import io.tenfold.training.Augmentation;
import io.tenfold.training.Example;
import io.tenfold.training.FeatureCache;
import io.tenfold.training.GraphTrainer;
import io.tenfold.training.TrainingListener;
import io.tenfold.training.TrainingOptions;
import io.tenfold.training.TrainingResult;
import io.tenfold.transfer.BaseModel;
import io.tenfold.transfer.BaseModelCatalog;
import io.tenfold.transfer.LearningRateMultipliers;
import io.tenfold.transfer.PlanOptions;
import io.tenfold.transfer.TransferPlan;
import io.tenfold.transfer.TransferPlanner;
import io.tenfold.transfer.TransferStrategy;
import io.tenfold.tta.CenterCrop;
import io.tenfold.tta.MeanMerge;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.transferlearning.TransferLearningHelper;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Issue 5's accuracy table on Fashion-MNIST: from scratch vs feature-extractor vs fine-tune, each
 * with and without augmentation, for N training images per class, scored on the first
 * TEST_PER_CLASS test images of each class (fixed, the same for every row). Images go through the
 * same decoder as uploads (PNG bytes, gray to RGB).
 *
 * <p>No validation split: each row trains a fixed number of epochs and reports its last epoch on
 * the test images, so nothing is selected on them. The test images' activations at each frozen
 * boundary, and the training views', are computed once and shared by the rows that use that
 * boundary (that is what the trainer's feature cache does within one job).
 *
 * <p>Usage: {@code TrainingAccuracyBench PER_CLASS[,PER_CLASS...] TEST_PER_CLASS ROWS} where ROWS is
 * a comma list of {@code scratch, scratch+aug, fe, fe+aug, ft, ft+aug, ftK, ftK+aug, tta} ({@code ftK}
 * fine-tunes the top K blocks instead of the default, {@code ftK/TOP/DEEPER} with those learning-rate
 * multipliers instead of 0.1 and 0.01; {@code ft#S} feeds the pretrained rows S x S images
 * instead of 224 x 224; a suffix {@code @E} trains E epochs instead of the
 * row's default, as in {@code ft@20}) (default all; {@code tta} scores
 * every TTA policy with the fe model of the largest size on the first 15 test images per class). Each row is
 * printed as soon as it is done.
 */
public final class TrainingAccuracyBench {

    private static final ImageDecoder DECODER = new ImageDecoder(ImageLimits.DEFAULT);
    private static final int VIEWS = 2;
    private static final int TTA_TEST_PER_CLASS = 15;
    private static final long SEED = 1;

    public static void main(String[] args) throws Exception {
        NativeBackend.configure();
        List<Integer> sizes = new ArrayList<>();
        for (String n : args[0].split(",")) {
            sizes.add(Integer.parseInt(n));
        }
        int testPerClass = Integer.parseInt(args[1]);
        List<String> rows = List.of((args.length > 2 ? args[2] : "scratch,scratch+aug,fe,fe+aug,ft,ft+aug,tta").split(","));
        BaseModelCatalog catalog = BaseModelCatalog.builtIn();
        BaseModel mobilenet = catalog.get("mobilenetv2");
        ComputationGraph pretrained = mobilenet.load();
        List<FashionMnist.Image> testImages = FashionMnist.test(testPerClass);
        List<Example> test = examples(testImages);
        System.out.printf("Fashion-MNIST, %d test images; load average %s%n", test.size(), loadAverage());

        Map<String, io.tenfold.training.Featurized> testFeatures = new HashMap<>();
        Map<String, FeatureCache> trainFeatures = new HashMap<>();
        for (int perClass : sizes) {
            List<Example> train = examples(FashionMnist.train(perClass));
            for (String row : rows) {
                if (row.equals("tta")) {
                    continue;
                }
                long start = System.nanoTime();
                String[] rowAndEpochs = row.split("@");
                String[] rowAndSize = rowAndEpochs[0].split("#");
                boolean augment = rowAndSize[0].endsWith("+aug");
                String kind = rowAndSize[0].replace("+aug", "");
                Preprocessing preprocessing = rowAndSize.length > 1
                        ? resized(mobilenet.preprocessing(), Integer.parseInt(rowAndSize[1])) : mobilenet.preprocessing();
                int epochs = rowAndEpochs.length > 1 ? Integer.parseInt(rowAndEpochs[1]) : epochs(kind, perClass);
                TrainingResult result;
                String description;
                double[] score;
                if (kind.equals("scratch")) {
                    BaseModel scratch = catalog.get("scratch-vgg");
                    TransferPlan plan = new TransferPlanner().plan(scratch.load(), scratch, 10,
                            TransferStrategy.named("full", scratch), new PlanOptions(1e-3, SEED));
                    GraphTrainer trainer = GraphTrainer.wholeGraph(plan.graph(), scratch.preprocessing(), 10);
                    TrainingOptions options = TrainingOptions.of(epochs, 32, SEED);
                    if (augment) {
                        options = options.withAugmentation(new Augmentation.EachEpoch(
                                AugmentationPolicies.light(scratch.preprocessing().inputSize())));
                    }
                    result = trainer.train(train, List.of(), options, new TrainingListener() {
                    }, null);
                    score = score(output(plan.graph(), scratch.preprocessing(), testImages), test);
                    description = plan.description();
                } else {
                    TransferStrategy strategy = kind.equals("fe") ? TransferStrategy.named("feature-extractor", mobilenet)
                            : kind.equals("ft") ? TransferStrategy.named("fine-tune", mobilenet)
                            : fineTune(kind);
                    TransferPlan plan = new TransferPlanner().plan(pretrained, mobilenet, 10, strategy,
                            new PlanOptions(1e-3, SEED));
                    GraphTrainer trainer = GraphTrainer.aboveBoundary(plan.graph(), plan.frozenBoundary(),
                            preprocessing, 10);
                    TrainingOptions options = TrainingOptions.of(epochs, 32, SEED);
                    String boundary = plan.frozenBoundary();
                    String testKey = boundary + "#" + preprocessing.inputSize();
                    if (!testFeatures.containsKey(testKey)) {
                        testFeatures.put(testKey, trainer.cacheFeatures(List.of(test.get(0)), test, options,
                                new TrainingListener() {
                                }).validation());
                    }
                    Augmentation augmentation = augment
                            ? new Augmentation.CachedViews(AugmentationPolicies.light(preprocessing.inputSize()), VIEWS)
                            : Augmentation.none();
                    String key = testKey + "/" + perClass + "/" + augment;
                    if (!trainFeatures.containsKey(key)) {
                        trainFeatures.put(key, trainer.cacheFeatures(train, List.of(),
                                options.withAugmentation(augmentation), new TrainingListener() {
                                }));
                    }
                    // No validation set: the last epoch's parameters stay in the graph and are scored once.
                    result = trainer.train(new FeatureCache(trainFeatures.get(key).trainingViews(), null),
                            options.withAugmentation(augmentation), new TrainingListener() {
                            }, null);
                    score = score(new TransferLearningHelper(plan.graph(), boundary)
                            .outputFromFeaturized(testFeatures.get(testKey).features()), test);
                    if (row.equals("fe") && rows.contains("tta") && perClass == sizes.get(sizes.size() - 1)) {
                        Map<String, Double> tta = TtaAccuracyBench.evaluate(plan.graph(), mobilenet.preprocessing(),
                                FashionMnist.test(TTA_TEST_PER_CLASS), FashionMnist.Image::label);
                        tta.forEach((policy, top1) -> System.out.printf("%4d/class  fe, tta=%-11s top-1 %5.1f%% "
                                + "on the first %d test images%n", perClass, policy, 100 * top1,
                                10 * TTA_TEST_PER_CLASS));
                    }
                    description = plan.description();
                }
                System.out.printf("%4d/class  %-12s top-1 %5.1f%%  top-5 %5.1f%%  (%d epochs, %.0f s; %s)%n",
                        perClass, row, 100 * score[0], 100 * score[1], result.history().size(),
                        (System.nanoTime() - start) / 1e9, description);
            }
        }
        System.out.printf("load average at the end %s%n", loadAverage());
        System.exit(0);
    }

    /** Head-only epochs are nearly free; the others are bounded by what a bench run can afford here. */
    /** The same normalisation at another input size, resized by the same ratio before the crop. */
    private static Preprocessing resized(Preprocessing preprocessing, int inputSize) {
        return new Preprocessing(inputSize, Math.round(inputSize * preprocessing.resizeSize() / (float) preprocessing.inputSize()),
                preprocessing.mean(), preprocessing.std());
    }

    /** {@code ftK}: the top K blocks at the default rates; {@code ftK/TOP/DEEPER}: with those multipliers. */
    private static TransferStrategy fineTune(String kind) {
        String[] parts = kind.substring(2).split("/");
        LearningRateMultipliers rates = parts.length == 3
                ? new LearningRateMultipliers(1.0, Double.parseDouble(parts[1]), Double.parseDouble(parts[2]))
                : LearningRateMultipliers.DEFAULT;
        return new TransferStrategy.FineTune(Integer.parseInt(parts[0]), rates);
    }

    private static int epochs(String kind, int perClass) {
        return switch (kind) {
            case "fe" -> 40;
            case "scratch" -> perClass <= 10 ? 40 : 20;
            default -> perClass <= 10 ? 20 : 10; // ft (fine-tune's default blocks) and ftK (the top K blocks)
        };
    }

    /**
     * The service's answer for each test image with {@code tta=center}: the network served and
     * classified by the same {@link Predictor} as a request (PNG bytes in), probabilities in label order.
     */
    private static INDArray output(ComputationGraph network, Preprocessing preprocessing,
            List<FashionMnist.Image> images) throws java.io.IOException {
        List<String> labels = new ArrayList<>();
        for (int c = 0; c < 10; c++) {
            labels.add(Integer.toString(c));
        }
        float[][] rows = new float[images.size()][];
        try (ServedModel model = ServedModel.start("bench", ModelManifest.of(labels, preprocessing, "bench", "bench",
                null), network.clone(), new ServedModel.Settings(1, true, new ForwardBatcher.Settings(64,
                java.time.Duration.ZERO, 640, false)), ForwardBatcher.Listener.NONE)) {
            Predictor predictor = new Predictor(model, new ClassifyOptions(new CenterCrop(), new MeanMerge(), 10,
                    false), DECODER);
            for (int i = 0; i < images.size(); i++) {
                rows[i] = new float[10];
                for (Classification.Prediction p : predictor.predict(images.get(i).png()).predictions()) {
                    rows[i][Integer.parseInt(p.label())] = (float) p.probability();
                }
            }
        }
        return Nd4j.create(rows);
    }

    /** Top-1 and top-5 of class probabilities [n, classes] against the examples' labels. */
    private static double[] score(INDArray probabilities, List<Example> examples) {
        float[][] rows = probabilities.toFloatMatrix();
        int top1 = 0;
        int top5 = 0;
        for (int i = 0; i < rows.length; i++) {
            int label = examples.get(i).label();
            int higher = 0;
            for (float p : rows[i]) {
                if (p > rows[i][label]) {
                    higher++;
                }
            }
            top1 += higher == 0 ? 1 : 0;
            top5 += higher < 5 ? 1 : 0;
        }
        return new double[] {top1 / (double) rows.length, top5 / (double) rows.length};
    }

    private static List<Example> examples(List<FashionMnist.Image> images) throws Exception {
        List<Example> examples = new ArrayList<>();
        for (FashionMnist.Image image : images) {
            byte[] bytes = image.png();
            examples.add(new Example(image.label(), () -> DECODER.decode(bytes)));
        }
        return examples;
    }

    private static String loadAverage() throws Exception {
        return String.join(" ", List.of(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg"))
                .split(" ")).subList(0, 3));
    }
}
