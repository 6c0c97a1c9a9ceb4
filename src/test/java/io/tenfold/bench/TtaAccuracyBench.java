package io.tenfold.bench;

import io.tenfold.image.ImageDecoder;
import io.tenfold.image.ImageLimits;
import io.tenfold.image.ImageTensors;
import io.tenfold.image.Preprocessing;
import io.tenfold.support.Http;
import io.tenfold.system.NativeBackend;
import io.tenfold.tta.Dense;
import io.tenfold.graph.DenseEvaluator;
import io.tenfold.tta.TtaPolicies;
import io.tenfold.tta.View;
import io.tenfold.tta.ViewPolicy;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Top-1 of each TTA policy on the same fixed Fashion-MNIST test images, for a model the service
 * trained (scripts/bench/tta-accuracy.sh). Each image's views, over all policies, are cut once and
 * run once (policies share views: ten-crop's are multi-scale's at 256, centre is ten-crop's centre);
 * each policy then merges its own views' softmax by the mean, as the service does. Dense runs the
 * service's DenseEvaluator.
 *
 * <p>Usage: {@code TtaAccuracyBench PORT MODEL TEST_PER_CLASS}
 */
public final class TtaAccuracyBench {

    private static final ImageDecoder DECODER = new ImageDecoder(ImageLimits.DEFAULT);
    private static final List<String> POLICIES = List.of("center", "flip", "five-crop", "ten-crop", "multi-scale");

    public static void main(String[] args) throws Exception {
        NativeBackend.configure();
        int port = Integer.parseInt(args[0]);
        String model = args[1];
        int perClass = Integer.parseInt(args[2]);
        List<String> labels = new ArrayList<>();
        new Http(port).get("/api/v1/models/" + model).json().get("labels").forEach(l -> labels.add(l.asString()));
        ComputationGraph network = ServingBench.download(port, model);
        Preprocessing preprocessing = Preprocessing.unitRange(224);

        List<FashionMnist.Image> test = FashionMnist.test(perClass);
        long start = System.nanoTime();
        Map<String, Double> top1 = evaluate(network, preprocessing, test, image -> labels.indexOf(image.className()));
        System.out.printf("%d test images (%d per class), %.0f s%n", test.size(), perClass,
                (System.nanoTime() - start) / 1e9);
        top1.forEach((policy, accuracy) -> System.out.printf("%-12s top-1 %.1f%%%n", policy, 100 * accuracy));
    }

    /**
     * Top-1 of each policy (and dense) over {@code test}; {@code truth} gives an image's class index
     * in the network's output.
     */
    static Map<String, Double> evaluate(ComputationGraph network, Preprocessing preprocessing,
            List<FashionMnist.Image> test, java.util.function.ToIntFunction<FashionMnist.Image> truthOf)
            throws java.io.IOException {
        DenseEvaluator dense = DenseEvaluator.of(network, preprocessing.inputSize());
        Map<String, Integer> correct = new LinkedHashMap<>();
        for (FashionMnist.Image image : test) {
            int truth = truthOf.applyAsInt(image);
            BufferedImage rgb = DECODER.decode(image.png());   // as the service sees it: gray v becomes (v, v, v)
            Map<String, List<View>> plans = new LinkedHashMap<>();
            LinkedHashSet<View> union = new LinkedHashSet<>();
            for (String name : POLICIES) {
                List<View> plan = ((ViewPolicy) TtaPolicies.byName(name)).plan(rgb.getWidth(), rgb.getHeight(),
                        preprocessing);
                plans.put(name, plan);
                union.addAll(plan);
            }
            List<View> views = new ArrayList<>(union);
            float[][] rows;
            try (INDArray input = ImageTensors.toNhwcBatch(View.apply(rgb, views), preprocessing);
                    INDArray output = network.outputSingle(false, input)) {
                rows = output.toFloatMatrix();
            }
            for (Map.Entry<String, List<View>> plan : plans.entrySet()) {
                float[][] probabilities = plan.getValue().stream().map(v -> rows[views.indexOf(v)])
                        .toArray(float[][]::new);
                count(correct, plan.getKey(), probabilities, truth);
            }
            Dense policy = new Dense();
            try (INDArray input = ImageTensors.toNhwcBatch(List.of(policy.prepare(rgb, preprocessing)),
                    preprocessing)) {
                count(correct, "dense", dense.evaluate(input, policy).probabilities()[0], truth);
            }
        }
        Map<String, Double> top1 = new LinkedHashMap<>();
        correct.forEach((policy, n) -> top1.put(policy, n / (double) test.size()));
        return top1;
    }

    private static void count(Map<String, Integer> correct, String policy, float[][] probabilities, int truth) {
        double[] mean = new double[probabilities[0].length];
        for (float[] row : probabilities) {
            for (int c = 0; c < row.length; c++) {
                mean[c] += row[c];
            }
        }
        int best = 0;
        for (int c = 1; c < mean.length; c++) {
            if (mean[c] > mean[best]) {
                best = c;
            }
        }
        correct.merge(policy, best == truth ? 1 : 0, Integer::sum);
    }

}
