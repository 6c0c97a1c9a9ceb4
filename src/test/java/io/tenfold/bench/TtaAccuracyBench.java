package io.tenfold.bench;

import io.tenfold.image.ImageDecoder;
import io.tenfold.image.ImageLimits;
import io.tenfold.image.Preprocessing;
import io.tenfold.inference.ClassifyOptions;
import io.tenfold.inference.ForwardBatcher;
import io.tenfold.inference.ModelManifest;
import io.tenfold.inference.Predictor;
import io.tenfold.inference.ServedModel;
import io.tenfold.support.Http;
import io.tenfold.system.NativeBackend;
import io.tenfold.tta.MeanMerge;
import io.tenfold.tta.TtaPolicies;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Top-1 of each TTA policy on the same fixed Fashion-MNIST test images, for a model the service
 * trained (scripts/bench/tta-accuracy.sh), through the service's own predictor: each policy's
 * views cut, run and merged by the mean exactly as a classify request does.
 *
 * <p>Usage: {@code TtaAccuracyBench PORT MODEL TEST_PER_CLASS}
 */
public final class TtaAccuracyBench {

    private static final ImageDecoder DECODER = new ImageDecoder(ImageLimits.DEFAULT);
    private static final List<String> POLICIES = List.of("center", "flip", "five-crop", "ten-crop", "multi-scale",
            "dense");

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
     * Top-1 of each policy (and dense) over {@code test}, each image classified by the service's
     * own {@link Predictor} (PNG bytes in, as an upload); {@code truth} gives an image's class index
     * in the network's output. The network is served from a copy.
     */
    static Map<String, Double> evaluate(ComputationGraph network, Preprocessing preprocessing,
            List<FashionMnist.Image> test, java.util.function.ToIntFunction<FashionMnist.Image> truthOf)
            throws java.io.IOException {
        long classes = ((FeedForwardLayer) network.getOutputLayer(0).conf().getLayer()).getNOut();
        List<String> labels = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            labels.add(Integer.toString(c));
        }
        Map<String, Integer> correct = new LinkedHashMap<>();
        try (ServedModel model = ServedModel.start("bench", ModelManifest.of(labels, preprocessing, "bench", "bench",
                null), network.clone(), new ServedModel.Settings(1, true, new ForwardBatcher.Settings(64,
                Duration.ZERO, 640, false)), ForwardBatcher.Listener.NONE)) {
            for (String name : POLICIES) {
                Predictor predictor = new Predictor(model, new ClassifyOptions(TtaPolicies.byName(name),
                        new MeanMerge(), 1, false), DECODER);
                for (FashionMnist.Image image : test) {
                    String top = predictor.predict(image.png()).predictions().get(0).label();
                    correct.merge(name, Integer.parseInt(top) == truthOf.applyAsInt(image) ? 1 : 0, Integer::sum);
                }
            }
        }
        Map<String, Double> top1 = new LinkedHashMap<>();
        correct.forEach((policy, n) -> top1.put(policy, n / (double) test.size()));
        return top1;
    }
}
