package io.tenfold.bench;

import io.tenfold.dataset.DatasetManifest;
import io.tenfold.image.ImageDecoder;
import io.tenfold.image.ImageLimits;
import io.tenfold.inference.ClassifyOptions;
import io.tenfold.inference.ForwardBatcher;
import io.tenfold.inference.ModelManifest;
import io.tenfold.inference.Predictor;
import io.tenfold.inference.ServedModel;
import io.tenfold.jobs.JobSpec;
import io.tenfold.system.NativeBackend;
import io.tenfold.training.FeatureCache;
import io.tenfold.training.LoaderOptions;
import io.tenfold.training.TrainingListener;
import io.tenfold.training.TrainingResult;
import io.tenfold.transfer.BaseModel;
import io.tenfold.transfer.BaseModelCatalog;
import io.tenfold.transfer.TransferPlanner;
import io.tenfold.tta.CenterCrop;
import io.tenfold.tta.MeanMerge;
import io.tenfold.tta.TenCrop;
import io.tenfold.tta.TtaPolicy;
import io.tenfold.worker.TrainingJobPlan;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The photo benchmark: CIFAR-10 photographs (32 x 32 JPEGs in class folders, from
 * {@code ../shared/data/cifar10}), each row a job trained through the service's own path
 * ({@link TrainingJobPlan}: split, strategy, transfer plan, augmentation, then its trainer) and
 * scored through the service's own {@link Predictor} on the 2,000 test images, with {@code center}
 * and {@code ten-crop}. Rows print as they finish; BENCHMARKS.md keeps the table.
 *
 * <p>Usage: {@code PhotoBench PER_CLASS[,PER_CLASS...] ROWS [TEN_CROP_PER_CLASS]}. A row is
 * {@code base:strategy[+aug][@epochs]}: {@code mobilenetv2:feature-extractor},
 * {@code mobilenetv2:fine-tune+aug@10}, {@code scratch-vgg:full@30}; {@code +aug} trains with the
 * {@code default} preset (2 cached views with a frozen part). Ten-crop scores the first
 * TEN_CROP_PER_CLASS test images of each class (default all 200): it costs ten passes an image.
 * Every job field not named takes the service's default (validation 20%, batch 16, Adam 1e-3, seed 42).
 */
public final class PhotoBench {

    static final Path DATA = Path.of(System.getProperty("tenfold.cifar10", "../shared/data/cifar10"));
    private static final ImageDecoder DECODER = new ImageDecoder(ImageLimits.DEFAULT);

    /** A labelled set of encoded photographs. */
    record Photos(List<String> classes, List<byte[]> images, List<Integer> labels) {
    }

    public static void main(String[] args) throws Exception {
        NativeBackend.configure();
        if (!Files.isDirectory(DATA)) {
            throw new IllegalStateException("CIFAR-10 is not at " + DATA.toAbsolutePath()
                    + " (../shared/data/cifar10 beside the checkout, or -Dtenfold.cifar10=DIR)");
        }
        List<Integer> sizes = new ArrayList<>();
        for (String n : args[0].split(",")) {
            sizes.add(Integer.parseInt(n));
        }
        List<String> rows = List.of(args[1].split(","));
        int tenCropPerClass = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        Photos test = read(DATA.resolve("cifar10-test-200.zip"));
        System.out.printf("CIFAR-10, %d test images (ten-crop on %d per class); load average %s%n",
                test.images().size(), tenCropPerClass, loadAverage());
        BaseModelCatalog catalog = BaseModelCatalog.builtIn();
        for (int perClass : sizes) {
            Photos train = read(DATA.resolve("cifar10-train-" + perClass + ".zip"));
            for (String row : rows) {
                long start = System.nanoTime();
                String[] baseAndRest = row.split(":");
                String[] strategyAndEpochs = baseAndRest[1].split("@");
                boolean augment = strategyAndEpochs[0].endsWith("+aug");
                String strategy = strategyAndEpochs[0].replace("+aug", "");
                int epochs = strategyAndEpochs.length > 1 ? Integer.parseInt(strategyAndEpochs[1]) : 10;
                BaseModel base = catalog.get(baseAndRest[0]);
                JobSpec spec = new JobSpec("bench", "bench", base.name(), JsonNodeFactory.instance.stringNode(strategy),
                        epochs, 16, 1e-3, 42, 0.2, JsonNodeFactory.instance.stringNode(augment ? "default" : "none"),
                        augment ? 2 : 1, 0);
                TrainingJobPlan plan = plan(spec, train, base);
                TrainingResult result = train(plan);
                double trainSeconds = (System.nanoTime() - start) / 1e9;
                double center = score(plan, base, train.classes(), test, new CenterCrop(), 200);
                double tenCrop = score(plan, base, train.classes(), test, new TenCrop(), tenCropPerClass);
                System.out.printf("%4d/class  %-34s center %5.1f%%  ten-crop %5.1f%%  (%d epochs, best %d; train %.0f s, "
                        + "all %.0f s; %s; %s)%n", perClass, row, 100 * center, 100 * tenCrop, result.history().size(),
                        result.bestEpoch(), trainSeconds, (System.nanoTime() - start) / 1e9,
                        plan.decision().reason(), plan.transfer().description());
            }
        }
        System.out.printf("load average at the end %s%n", loadAverage());
        System.exit(0);
    }

    static TrainingJobPlan plan(JobSpec spec, Photos photos, BaseModel base) throws IOException {
        List<DatasetManifest.Image> images = new ArrayList<>();
        Map<String, byte[]> bytes = new HashMap<>();
        for (int i = 0; i < photos.images().size(); i++) {
            String key = "photo-" + i;
            bytes.put(key, photos.images().get(i));
            images.add(new DatasetManifest.Image(key, photos.labels().get(i), key + ".jpg"));
        }
        DatasetManifest manifest = new DatasetManifest(photos.classes(), images, null, null);
        return TrainingJobPlan.of(spec, manifest, base, base.load(), image -> () -> DECODER.decode(bytes.get(image.key())),
                new TransferPlanner(), LoaderOptions.DEFAULT);
    }

    /** As the worker trains a job: through a feature cache when the plan has a frozen part and fixed views. */
    static TrainingResult train(TrainingJobPlan plan) throws IOException {
        TrainingListener quiet = new TrainingListener() {
        };
        if (plan.trainer().cachesFeatures(plan.options().augmentation())) {
            FeatureCache features = plan.trainer().cacheFeatures(plan.split().training(), plan.split().validation(),
                    plan.options(), quiet);
            return plan.trainer().train(features, plan.options(), quiet, null);
        }
        return plan.trainer().train(plan.split().training(), plan.split().validation(), plan.options(), quiet, null);
    }

    /** Top-1 of the trained network, served as the service serves it, on the first {@code perClass} test images of each class. */
    static double score(TrainingJobPlan plan, BaseModel base, List<String> classes, Photos test, TtaPolicy policy,
            int perClass) {
        ModelManifest manifest = ModelManifest.of(classes, base.preprocessing(), base.name(), "bench", null);
        int correct = 0;
        int counted = 0;
        int[] seen = new int[classes.size()];
        try (ServedModel model = ServedModel.start("bench", manifest, plan.transfer().graph().clone(),
                new ServedModel.Settings(1, true, new ForwardBatcher.Settings(64, Duration.ZERO, 640, false,
                        Duration.ofMinutes(10))), ForwardBatcher.Listener.NONE)) {
            Predictor predictor = new Predictor(model, new ClassifyOptions(policy, new MeanMerge(), 1, false), DECODER);
            for (int i = 0; i < test.images().size(); i++) {
                int label = test.labels().get(i);
                if (seen[label]++ >= perClass) {
                    continue;
                }
                String top = predictor.predict(test.images().get(i)).predictions().get(0).label();
                correct += top.equals(classes.get(label)) ? 1 : 0;
                counted++;
            }
        }
        return correct / (double) counted;
    }

    /** An ImageFolder zip of JPEGs, classes in sorted order as the service labels them. */
    static Photos read(Path zip) throws IOException {
        TreeMap<String, List<byte[]>> byClass = new TreeMap<>();
        try (InputStream file = Files.newInputStream(zip); ZipInputStream in = new ZipInputStream(file)) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                if (entry.isDirectory() || !entry.getName().endsWith(".jpg")) {
                    continue;
                }
                String name = entry.getName();
                String className = name.substring(0, name.indexOf('/'));
                byClass.computeIfAbsent(className, c -> new ArrayList<>()).add(in.readAllBytes());
            }
        }
        List<String> classes = List.copyOf(byClass.keySet());
        List<byte[]> images = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int label = 0; label < classes.size(); label++) {
            for (byte[] image : byClass.get(classes.get(label))) {
                images.add(image);
                labels.add(label);
            }
        }
        return new Photos(classes, images, labels);
    }

    private static String loadAverage() throws IOException {
        return String.join(" ", List.of(Files.readString(Path.of("/proc/loadavg")).split(" ")).subList(0, 3));
    }
}
