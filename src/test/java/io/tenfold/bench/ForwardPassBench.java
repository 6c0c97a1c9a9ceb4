package io.tenfold.bench;

import io.tenfold.graph.BatchNormFolding;
import io.tenfold.system.NativeBackend;
import io.tenfold.transfer.BaseModel;
import io.tenfold.transfer.BaseModelCatalog;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Forward-pass timings of the shipped MobileNetV2: full output, features only, and the output of
 * the graph with its batch norms folded (as the service serves it), batch 1 and 10, variants
 * interleaved round by round; prints medians. Run with
 * {@code mvn -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.tenfold.bench.ForwardPassBench}.
 */
public final class ForwardPassBench {

    public static void main(String[] args) throws Exception {
        NativeBackend.configure();
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        BaseModel base = BaseModelCatalog.builtIn().get("mobilenetv2");
        long t0 = System.nanoTime();
        ComputationGraph graph = base.load();
        System.out.printf("import: %.0f ms%n", (System.nanoTime() - t0) / 1e6);
        INDArray b1 = Nd4j.rand(new long[] {1, 224, 224, 3});
        INDArray b10 = Nd4j.rand(new long[] {10, 224, 224, 3});
        Map<String, Supplier<INDArray>> variants = new LinkedHashMap<>();
        variants.put("output b1", () -> graph.outputSingle(false, b1));
        variants.put("output b10", () -> graph.outputSingle(false, b10));
        variants.put("features b10", () -> graph.output(List.of(base.featureVertex()), false, new INDArray[] {b10}, null)[0]);
        // as the service serves it (tenfold.inference.fold-batch-norm)
        ComputationGraph folded = BatchNormFolding.fold(graph).graph();
        variants.put("folded b1", () -> folded.outputSingle(false, b1));
        variants.put("folded b10", () -> folded.outputSingle(false, b10));
        // Each graph on a thread of its own, as the service runs each replica: DL4J's workspaces are
        // per thread and named alike, so two graphs sharing a thread would share them.
        java.util.concurrent.ExecutorService trained = java.util.concurrent.Executors.newSingleThreadExecutor();
        java.util.concurrent.ExecutorService foldedThread = java.util.concurrent.Executors.newSingleThreadExecutor();
        Map<String, List<Double>> times = new LinkedHashMap<>();
        for (int round = -3; round < rounds; round++) {
            for (Map.Entry<String, Supplier<INDArray>> v : variants.entrySet()) {
                double ms = (v.getKey().startsWith("folded") ? foldedThread : trained).submit(() -> {
                    long start = System.nanoTime();
                    v.getValue().get();
                    return (System.nanoTime() - start) / 1e6;
                }).get();
                if (round >= 0) {
                    times.computeIfAbsent(v.getKey(), k -> new ArrayList<>()).add(ms);
                }
            }
        }
        times.forEach((name, xs) -> {
            double[] sorted = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf("%-14s median %7.1f ms  min %7.1f  max %7.1f  (n=%d)%n", name,
                    sorted[sorted.length / 2], sorted[0], sorted[sorted.length - 1], sorted.length);
        });
        System.out.println(Arrays.toString(new String[] {System.getProperty("org.bytedeco.javacpp.platform.extension")}));
        System.exit(0);
    }
}
