package io.tenfold.bench;

import io.tenfold.graph.BatchNormFolding;
import io.tenfold.system.NativeBackend;
import io.tenfold.transfer.BaseModel;
import io.tenfold.transfer.BaseModelCatalog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * The "peer race" of issue 4: the shipped MobileNetV2 run by this service's forward pass (DL4J)
 * and by TensorFlow.js's WASM backend ({@code scripts/peer-race/peer.js}, a child process),
 * interleaved round by round in one process: per round DL4J b1, peer b1, DL4J b10, peer b10
 * (each DL4J variant in turn). Prints medians, the median of the per-round ratios DL4J/peer,
 * GFLOP/s of each and the fraction of this machine's SGEMM peak (Nd4j.gemm, measured in the same
 * run). {@code mode=profile} times the graph vertex by vertex instead. Run through
 * {@code scripts/peer-race/race.sh}, which installs the peer; arguments are key=value:
 * <pre>
 *   rounds=7 warmup=2 reps1=3 reps10=1 variants=base,fold peer-threads=1
 *   peer=scripts/peer-race/peer.js modules=DIR/node_modules     (mode=race, the default)
 *   mode=profile batch=10 reps=5 variants=base,fold             (no peer needed)
 * </pre>
 * Variants: see {@link #variant}, for example {@code variants=base,helpers,fold+helpers}.
 */
public final class PeerRaceBench {

    private static final int[] BATCHES = {1, 10};
    /** DL4J M2.1's switch for its layer helpers (oneDNN conv, batch norm, pooling...): default "true". */
    static final String HELPERS_DISABLE = "org.eclipse.deeplearning4j.helpers.disable";

    /** A DL4J configuration under test: a graph plus what to set around its runs. */
    record Variant(String name, ComputationGraph graph, Runnable before, Runnable after, boolean nchw) {
        Variant(String name, ComputationGraph graph, Runnable before, Runnable after) {
            this(name, graph, before, after, false);
        }

        /** The input as this variant takes it: NHWC as given, or a prepared NCHW copy. */
        INDArray prepare(INDArray nhwc) {
            return nchw ? nhwc.permute(0, 3, 1, 2).dup('c') : nhwc;
        }

        INDArray forward(INDArray input) {
            before.run();
            try {
                INDArray out = graph.outputSingle(false, input);
                Nd4j.getExecutioner().commit();
                return out;
            } finally {
                after.run();
            }
        }
    }

    public static void main(String[] args) throws Exception {
        NativeBackend.configure();
        Map<String, String> opts = new HashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("arguments are key=value, got " + a);
            }
            opts.put(a.substring(0, eq), a.substring(eq + 1));
        }
        int threads = Nd4j.getEnvironment().maxThreads();
        System.out.printf("nd4j: %s, OMP max threads %d, nd4j max threads %d, master threads %d, libnd4j helpers %s, "
                        + "DL4J helpers.disable=%s, profiling mode %s, debug %s, verbose %s, OMP_NUM_THREADS=%s, OMP_WAIT_POLICY=%s%n",
                Nd4j.getExecutioner().getEnvironmentInformation().getProperty("blas.vendor", "?"),
                NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads(), threads,
                Nd4j.getEnvironment().maxMasterThreads(), Nd4j.getEnvironment().helpersAllowed(),
                System.getProperty(HELPERS_DISABLE, "unset (default true)"),
                Nd4j.getExecutioner().getProfilingMode(), Nd4j.getEnvironment().isDebug(),
                Nd4j.getEnvironment().isVerbose(), System.getenv("OMP_NUM_THREADS"), System.getenv("OMP_WAIT_POLICY"));

        BaseModel base = BaseModelCatalog.builtIn().get("mobilenetv2");
        List<String> names = List.of(opts.getOrDefault("variants", "base,fold").split(","));
        Map<String, Variant> variants = new LinkedHashMap<>();
        ComputationGraph imported = base.load();
        System.out.printf("imported graph: inference workspace mode %s, training %s, %d vertices%n",
                imported.getConfiguration().getInferenceWorkspaceMode(),
                imported.getConfiguration().getTrainingWorkspaceMode(), imported.getVertices().length);
        for (String name : names) {
            variants.put(name, variant(name, base, imported, threads));
        }
        Map<Integer, INDArray> inputs = new LinkedHashMap<>();
        for (int b : BATCHES) {
            inputs.put(b, fixedInput(b));
        }
        long flops = InferenceGraphs.flopsPerExample(imported, inputs.get(1));
        System.out.printf("FLOPs per 224x224 example (conv + dense, multiply-add = 2): %.4f GFLOP%n", flops / 1e9);
        INDArray reference = imported.outputSingle(false, inputs.get(1));
        for (Variant v : variants.values()) {
            System.out.printf("variant %-9s max |output - base output| = %.2e%n", v.name(),
                    v.forward(v.prepare(inputs.get(1))).sub(reference).amax().getDouble(0));
        }

        if (opts.getOrDefault("mode", "race").equals("profile")) {
            profile(variants, inputs, flops, Integer.parseInt(opts.getOrDefault("batch", "10")),
                    Integer.parseInt(opts.getOrDefault("reps", "5")));
            return;
        }
        race(opts, variants, inputs, flops, reference, threads);
    }

    /**
     * Builds the variant named by '+'-joined tokens, for example {@code fold+helpers+t1}:
     * <ul>
     * <li>{@code base}: the graph as imported (DL4J's defaults);</li>
     * <li>{@code helpers}: layers built with DL4J's oneDNN layer helpers on
     *     ({@code -Dorg.eclipse.deeplearning4j.helpers.disable=false}; M2.1 defaults it to true);</li>
     * <li>{@code fold}: BatchNormalization folded into the convolutions, activations fused;</li>
     * <li>{@code nchw}: every layer switched to channels-first, fed a permuted copy of the input;</li>
     * <li>{@code t1}: 1 OpenMP / libnd4j thread while it runs (set at run time);</li>
     * <li>{@code noprof}: ND4J's op profiling mode DISABLED (default SCOPE_PANIC) while it runs;</li>
     * <li>{@code nohelpers}: libnd4j's platform helpers (oneDNN) off while it runs;</li>
     * <li>{@code wsnone}: inference workspaces off.</li>
     * </ul>
     */
    static Variant variant(String name, BaseModel base, ComputationGraph imported, int threads) throws Exception {
        List<String> tokens = List.of(name.split("\\+"));
        for (String t : tokens) {
            if (!List.of("base", "helpers", "fold", "nchw", "t1", "noprof", "nohelpers", "wsnone").contains(t)) {
                throw new IllegalArgumentException("unknown variant token " + t + " in " + name);
            }
        }
        String previous = System.getProperty(HELPERS_DISABLE);
        if (tokens.contains("helpers")) {
            System.setProperty(HELPERS_DISABLE, "false");   // read when each layer is built
        }
        if (tokens.contains("nohelpers")) {
            Nd4j.getEnvironment().allowHelpers(false);
        }
        ComputationGraph graph;
        try {
            graph = tokens.contains("helpers") || tokens.contains("nohelpers") || tokens.contains("wsnone")
                    ? base.load() : imported;
            if (tokens.contains("fold")) {
                BatchNormFolding.Folded folded = BatchNormFolding.fold(graph);
                System.out.printf("%s: %d BatchNormalization folded, %d activations fused, %d vertices left%n", name,
                        folded.batchNorms(), folded.activations(), folded.graph().getVertices().length);
                graph = folded.graph();
            }
            if (tokens.contains("nchw")) {
                graph = InferenceGraphs.toNchw(graph);
            }
            if (tokens.contains("wsnone")) {
                graph.getConfiguration().setInferenceWorkspaceMode(WorkspaceMode.NONE);
            }
        } finally {
            if (previous == null) {
                System.clearProperty(HELPERS_DISABLE);
            } else {
                System.setProperty(HELPERS_DISABLE, previous);
            }
            Nd4j.getEnvironment().allowHelpers(true);
        }
        boolean t1 = tokens.contains("t1");
        boolean noprof = tokens.contains("noprof");
        boolean nohelpers = tokens.contains("nohelpers");
        OpExecutioner.ProfilingMode mode = Nd4j.getExecutioner().getProfilingMode();
        Runnable before = () -> {
            if (t1) {
                setThreads(1);
            }
            if (noprof) {
                Nd4j.getExecutioner().setProfilingMode(OpExecutioner.ProfilingMode.DISABLED);
            }
            if (nohelpers) {
                Nd4j.getEnvironment().allowHelpers(false);
            }
        };
        Runnable after = () -> {
            if (t1) {
                setThreads(threads);
            }
            if (noprof) {
                Nd4j.getExecutioner().setProfilingMode(mode);
            }
            if (nohelpers) {
                Nd4j.getEnvironment().allowHelpers(true);
            }
        };
        return new Variant(name, graph, before, after, tokens.contains("nchw"));
    }

    private static void race(Map<String, String> opts, Map<String, Variant> variants, Map<Integer, INDArray> inputs,
                             long flops, INDArray reference, int threads) throws Exception {
        int rounds = Integer.parseInt(opts.getOrDefault("rounds", "7"));
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "2"));
        Map<Integer, Integer> reps = Map.of(1, Integer.parseInt(opts.getOrDefault("reps1", "3")),
                10, Integer.parseInt(opts.getOrDefault("reps10", "1")));
        Path modelDir = Path.of(opts.getOrDefault("model-dir", "src/main/resources/models/mobilenetv2"));
        try (PeerProcess peer = new PeerProcess(Path.of(opts.getOrDefault("peer", "scripts/peer-race/peer.js")),
                Path.of(required(opts, "modules")), modelDir, Integer.parseInt(opts.getOrDefault("peer-threads", "1")))) {
            System.out.println("peer: " + peer.info());
            float[] peerOut = peer.output(1);
            double diff = 0;
            for (int i = 0; i < peerOut.length; i++) {
                diff = Math.max(diff, Math.abs(peerOut[i] - reference.getDouble(0, i)));
            }
            System.out.printf("same input, same weights: max |DL4J output - peer output| = %.2e (batch 1, %d classes)%n",
                    diff, peerOut.length);

            double[] peak2 = sgemmPeak(threads, 7);
            System.out.printf("SGEMM 2048^3 float (Nd4j.gemm into a preallocated result), %d threads: median %.1f GFLOP/s "
                    + "(min %.1f, max %.1f)%n", threads, peak2[0], peak2[1], peak2[2]);
            double[] peak1 = sgemmPeak(1, 7);
            setThreads(threads);
            System.out.printf("SGEMM 2048^3 float, 1 thread: median %.1f GFLOP/s (min %.1f, max %.1f)%n",
                    peak1[0], peak1[1], peak1[2]);

            Map<String, INDArray> prepared = new HashMap<>();
            for (Variant v : variants.values()) {
                for (int b : BATCHES) {
                    prepared.put(v.name() + " b" + b, v.prepare(inputs.get(b)));
                }
            }
            // Each variant on a thread of its own, as the service runs each replica: DL4J's workspaces
            // are per thread and named alike, so variants sharing a thread would share them.
            Map<String, java.util.concurrent.ExecutorService> threadOf = new HashMap<>();
            variants.keySet().forEach(name -> threadOf.put(name, java.util.concurrent.Executors.newSingleThreadExecutor()));
            // times.get(runtime + " b" + batch) = per-round medians
            Map<String, List<Double>> times = new LinkedHashMap<>();
            for (int round = -warmup; round < rounds; round++) {
                for (int b : BATCHES) {
                    for (Variant v : variants.values()) {
                        INDArray input = prepared.get(v.name() + " b" + b);
                        double[] ms = threadOf.get(v.name()).submit(() -> {
                            double[] passes = new double[reps.get(b)];
                            for (int r = 0; r < passes.length; r++) {
                                long start = System.nanoTime();
                                v.forward(input);
                                passes[r] = (System.nanoTime() - start) / 1e6;
                            }
                            return passes;
                        }).get();
                        if (round >= 0) {
                            times.computeIfAbsent(v.name() + " b" + b, k -> new ArrayList<>()).add(median(ms));
                        }
                    }
                    double[] peerMs = peer.run(b, reps.get(b));
                    if (round >= 0) {
                        times.computeIfAbsent("peer b" + b, k -> new ArrayList<>()).add(median(peerMs));
                    }
                }
                System.out.printf("round %d done, load %s%n", round, loadAverage());
            }
            threadOf.values().forEach(java.util.concurrent.ExecutorService::shutdown);

            System.out.printf("%n%d rounds after %d warm-up, per round: b1 median of %d passes, b10 median of %d; "
                    + "load average now %s%n", rounds, warmup, reps.get(1), reps.get(10), loadAverage());
            System.out.printf("%-14s %9s %9s %9s %9s %8s %9s %9s%n", "runtime", "median", "min", "max",
                    "ratio/peer", "GFLOP/s", "%peak(2t)", "%peak(1t)");
            for (int b : BATCHES) {
                List<Double> peerTimes = times.get("peer b" + b);
                List<String> rows = new ArrayList<>(variants.keySet());
                rows.add("peer");
                for (String name : rows) {
                    List<Double> xs = times.get(name + " b" + b);
                    double[] ratios = new double[xs.size()];
                    for (int i = 0; i < xs.size(); i++) {
                        ratios[i] = xs.get(i) / peerTimes.get(i);
                    }
                    double med = median(xs.stream().mapToDouble(Double::doubleValue).toArray());
                    double gflops = flops * (double) b / (med * 1e6);
                    System.out.printf("%-14s %9.1f %9.1f %9.1f %9.2f %8.2f %8.2f%% %8.2f%%%n", name + " b" + b, med,
                            xs.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                            xs.stream().mapToDouble(Double::doubleValue).max().orElse(0),
                            median(ratios), gflops, 100 * gflops / peak2[0], 100 * gflops / peak1[0]);
                }
            }
            System.out.println("per-round times (ms):");
            times.forEach((k, xs) -> System.out.printf("  %-14s %s%n", k, xs.stream().map(x -> String.format("%.0f", x)).toList()));
        }
    }

    private static void profile(Map<String, Variant> variants, Map<Integer, INDArray> inputs, long flops, int batch,
                                int reps) {
        for (Variant v : variants.values()) {
            INDArray input = v.prepare(inputs.computeIfAbsent(batch, PeerRaceBench::fixedInput));
            Map<String, Double> byVertex = new LinkedHashMap<>();
            Map<String, long[]> shapes = new HashMap<>();
            double whole = 0;
            v.before().run();
            try {
                InferenceGraphs.timedForward(v.graph(), input, new HashMap<>(), shapes);   // warm-up
                v.graph().outputSingle(false, input);
                for (int r = 0; r < reps; r++) {
                    InferenceGraphs.timedForward(v.graph(), input, byVertex, shapes);
                    long start = System.nanoTime();
                    v.graph().outputSingle(false, input);
                    whole += (System.nanoTime() - start) / 1e6;
                }
            } finally {
                v.after().run();
            }
            Map<String, double[]> byCategory = new TreeMap<>();   // ms, count
            Map<String, GraphVertex> vertexByName = new HashMap<>();
            for (GraphVertex gv : v.graph().getVertices()) {
                vertexByName.put(gv.getVertexName(), gv);
            }
            double total = 0;
            for (Map.Entry<String, Double> e : byVertex.entrySet()) {
                double ms = e.getValue() / reps;
                total += ms;
                double[] acc = byCategory.computeIfAbsent(InferenceGraphs.category(vertexByName.get(e.getKey())),
                        k -> new double[2]);
                acc[0] += ms;
                acc[1]++;
            }
            System.out.printf("%nprofile %s, batch %d, mean of %d vertex-by-vertex passes: "
                            + "sum of vertices %.1f ms; whole-graph outputSingle %.1f ms; %.2f GFLOP/s; load %s%n",
                    v.name(), batch, reps, total, whole / reps, flops * (double) batch / (whole / reps * 1e6), loadAverage());
            final double sum = total;
            byCategory.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue()[0], a.getValue()[0]))
                    .forEach(e -> System.out.printf("  %-44s %3.0f vertices %8.1f ms %5.1f%%%n", e.getKey(),
                            e.getValue()[1], e.getValue()[0], 100 * e.getValue()[0] / sum));
            System.out.println("  slowest vertices:");
            byVertex.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue(), a.getValue())).limit(12)
                    .forEach(e -> System.out.printf("    %-28s %-40s %7.1f ms %s%n", e.getKey(),
                            InferenceGraphs.category(vertexByName.get(e.getKey())), e.getValue() / reps,
                            Arrays.toString(shapes.get(e.getKey()))));
        }
    }

    /** The input of peer.js and tfjs-reference.js: value at (n,y,x,c) = ((x*7 + y*13 + c*29 + n*101) % 256) / 255. */
    static INDArray fixedInput(int batch) {
        float[] data = new float[batch * 224 * 224 * 3];
        int i = 0;
        for (int n = 0; n < batch; n++) {
            for (int y = 0; y < 224; y++) {
                for (int x = 0; x < 224; x++) {
                    for (int c = 0; c < 3; c++) {
                        data[i++] = (float) (((x * 7 + y * 13 + c * 29 + n * 101) % 256) / 255.0);
                    }
                }
            }
        }
        return Nd4j.create(data, new long[] {batch, 224, 224, 3}, 'c');
    }

    /** Median, min and max GFLOP/s of {@code n} SGEMMs 2048x2048x2048 into a preallocated result. */
    static double[] sgemmPeak(int threads, int n) {
        setThreads(threads);
        int size = 2048;
        INDArray a = Nd4j.rand(DataType.FLOAT, size, size);
        INDArray b = Nd4j.rand(DataType.FLOAT, size, size);
        INDArray c = Nd4j.create(DataType.FLOAT, size, size);
        Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
        double[] gflops = new double[n];
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
            Nd4j.getExecutioner().commit();
            gflops[i] = 2.0 * size * size * size / (System.nanoTime() - start);
        }
        Arrays.sort(gflops);
        return new double[] {median(gflops), gflops[0], gflops[n - 1]};
    }

    /** OpenMP threads (oneDNN and OpenBLAS use them) and libnd4j's own thread count, at run time. */
    static void setThreads(int n) {
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(n);
        Nd4j.getEnvironment().setMaxThreads(n);
    }

    static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static String loadAverage() {
        try {
            return String.join(" ", Arrays.copyOf(java.nio.file.Files.readString(Path.of("/proc/loadavg")).split(" "), 3));
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    private static String required(Map<String, String> opts, String key) {
        String v = opts.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing " + key + "=...");
        }
        return v;
    }
}
