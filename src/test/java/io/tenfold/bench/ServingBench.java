package io.tenfold.bench;

import io.tenfold.graph.BatchNormFolding;
import io.tenfold.support.Http;
import io.tenfold.system.NativeBackend;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Serving benchmarks against a running service, over HTTP (scripts/bench/serving.sh starts the
 * service and runs them; see BENCHMARKS.md):
 * <ul>
 * <li>{@code latency PORT MODEL IMAGE ROUNDS}: ten-crop requests one at a time, interleaved round
 * by round with the bare batch-10 forward pass of the same network in this process (the service
 * idle meanwhile, the bench's copy folded as the service folds it); p50/p99 of each and their
 * ratio.</li>
 * <li>{@code throughput PORT MODEL IMAGE CLIENTS SECONDS TTA}: CLIENTS threads sending requests
 * back to back; completed requests per second, 503s, p50/p99.</li>
 * <li>{@code dense PORT MODEL IMAGE N}: dense and ten-crop requests alternately; the server's
 * forward time of each and their ratio.</li>
 * <li>{@code rss PORT MODEL IMAGE PID REQUESTS CLIENTS}: every REQUESTS/20 requests, the service's
 * resident memory beside the Java heap in use and the largest forward pass of the last minutes
 * (ND4J's arrays have no count of their own to show: docs/backends.md).</li>
 * </ul>
 */
public final class ServingBench {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[1]);
        String model = args[2];
        byte[] image = Files.readAllBytes(Path.of(args[3]));
        Http http = new Http(port);
        switch (args[0]) {
            case "latency" -> latency(http, port, model, image, Integer.parseInt(args[4]));
            case "throughput" -> throughput(http, model, image, Integer.parseInt(args[4]), Integer.parseInt(args[5]),
                    args[6]);
            case "dense" -> dense(http, model, image, Integer.parseInt(args[4]));
            case "rss" -> rss(http, model, image, Long.parseLong(args[4]), Integer.parseInt(args[5]),
                    Integer.parseInt(args[6]));
            default -> throw new IllegalArgumentException("mode: latency, throughput, dense or rss");
        }
        System.exit(0);
    }

    private static void latency(Http http, int port, String model, byte[] image, int rounds) throws Exception {
        NativeBackend.configure();
        // The network as the service runs it (tenfold.inference.fold-batch-norm defaults to true).
        ComputationGraph network = BatchNormFolding.fold(download(port, model)).graph();
        INDArray b10 = Nd4j.rand(new long[] {10, 224, 224, 3});
        List<Double> requests = new ArrayList<>();
        List<Double> forwards = new ArrayList<>();
        for (int round = -1; round < rounds; round++) {
            for (int i = 0; i < 5; i++) {
                long start = System.nanoTime();
                classify(http, model, image, "ten-crop");
                if (round >= 0) {
                    requests.add(ms(start));
                }
            }
            for (int i = 0; i < 5; i++) {
                long start = System.nanoTime();
                network.outputSingle(false, b10).close();
                if (round >= 0) {
                    forwards.add(ms(start));
                }
            }
        }
        System.out.printf("ten-crop over HTTP: p50 %.0f ms, p99 %.0f ms (n=%d)%n", pct(requests, 50),
                pct(requests, 99), requests.size());
        System.out.printf("bare forward, batch 10: p50 %.0f ms, p99 %.0f ms (n=%d)%n", pct(forwards, 50),
                pct(forwards, 99), forwards.size());
        System.out.printf("ratio request/forward: p50 %.2f, p99 %.2f%n", pct(requests, 50) / pct(forwards, 50),
                pct(requests, 99) / pct(forwards, 99));
    }

    private static void throughput(Http http, String model, byte[] image, int clients, int seconds, String tta)
            throws Exception {
        for (int i = 0; i < 3; i++) {
            classify(http, model, image, tta);
        }
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger busy = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            pool.submit(() -> {
                while (System.nanoTime() < end) {
                    long t = System.nanoTime();
                    int status = classify(http, model, image, tta);
                    if (status == 200) {
                        latencies.add(ms(t));
                    } else if (status == 503) {
                        busy.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                    }
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(seconds + 600, TimeUnit.SECONDS);
        double elapsed = (System.nanoTime() - start) / 1e9;
        System.out.printf("%s, %d clients: %.2f requests/s over %.0f s (%d ok, %d busy, %d failed), "
                + "p50 %.0f ms, p99 %.0f ms%n", tta, clients, latencies.size() / elapsed, elapsed, latencies.size(),
                busy.get(), failed.get(), pct(latencies, 50), pct(latencies, 99));
    }

    private static void dense(Http http, String model, byte[] image, int n) throws Exception {
        List<Double> dense = new ArrayList<>();
        List<Double> tenCrop = new ArrayList<>();
        for (int i = -2; i < n; i++) {
            double d = forwardMs(http, model, image, "dense");
            double t = forwardMs(http, model, image, "ten-crop");
            if (i >= 0) {
                dense.add(d);
                tenCrop.add(t);
            }
        }
        System.out.printf("server forward time: dense p50 %.0f ms, ten-crop p50 %.0f ms, dense/ten-crop %.2f (n=%d)%n",
                pct(dense, 50), pct(tenCrop, 50), pct(dense, 50) / pct(tenCrop, 50), n);
    }

    private static void rss(Http http, String model, byte[] image, long pid, int requests, int clients)
            throws Exception {
        for (int i = 0; i < 50; i++) {
            classify(http, model, image, "center");
        }
        AtomicInteger done = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        int every = Math.max(1, requests / 20);
        sample(http, pid, 0);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (int c = 0; c < clients; c++) {
            pool.submit(() -> {
                while (true) {
                    int n = done.incrementAndGet();
                    if (n > requests) {
                        return null;
                    }
                    if (classify(http, model, image, "center") != 200) {
                        failed.incrementAndGet();
                    }
                    if (n % every == 0) {
                        sample(http, pid, n);
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(6, TimeUnit.HOURS);
        System.out.printf("done: %d requests, %d failed, rss %d MiB%n", requests, failed.get(), rssMiB(pid));
        // The first REQUESTS/20 requests are the warm-up: the JIT, the workspaces growing to the
        // largest pass batching makes. Target 5 asks for the spread after it.
        List<Long> afterWarmUp = RSS_SAMPLES.subList(1, RSS_SAMPLES.size());
        long min = Collections.min(afterWarmUp);
        long max = Collections.max(afterWarmUp);
        System.out.printf("rss after warm-up (request %d on): %d-%d MiB, spread %.1f%% of the lowest; last vs first %+.1f%%%n",
                every, min, max, 100.0 * (max - min) / min,
                100.0 * (afterWarmUp.get(afterWarmUp.size() - 1) - afterWarmUp.get(0)) / afterWarmUp.get(0));
    }

    private static int classify(Http http, String model, byte[] image, String tta) throws Exception {
        return http.postFile("/api/v1/models/" + model + "/classify?tta=" + tta, "image", "image.png", image).status();
    }

    private static double forwardMs(Http http, String model, byte[] image, String tta) throws Exception {
        Http.Response response = http.postFile("/api/v1/models/" + model + "/classify?tta=" + tta, "image",
                "image.png", image);
        if (response.status() != 200) {
            throw new IllegalStateException(tta + ": " + response.status() + " " + response.body());
        }
        return response.json().get("timings").get("forwardMs").asDouble();
    }

    static ComputationGraph download(int port, String model) throws Exception {
        Path file = Files.createTempFile("tenfold-bench-", ".zip");
        try {
            HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/api/v1/models/" + model + "/download")).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            return ModelSerializer.restoreComputationGraph(file.toFile(), false);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static final List<Long> RSS_SAMPLES = new ArrayList<>();

    private static synchronized void sample(Http http, long pid, int requests) throws Exception {
        long rss = rssMiB(pid);
        RSS_SAMPLES.add(rss);
        String metrics = http.get("/actuator/prometheus").body();
        System.out.printf("requests %6d  rss %6d MiB  heap used %5.0f MiB  largest pass %3.0f views%n",
                requests, rss, metric(metrics, "jvm_memory_used_bytes{area=\"heap\"") / (1 << 20),
                metric(metrics, "tenfold_inference_pass_views_max"));
    }

    /** The sum of a Prometheus metric's samples whose name (and labels) start with {@code prefix}. */
    private static double metric(String exposition, String prefix) {
        return exposition.lines().filter(line -> line.startsWith(prefix))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private static long rssMiB(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        throw new IllegalStateException("no VmRSS for process " + pid);
    }

    private static double pct(List<Double> values, int percentile) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get((int) Math.ceil(percentile / 100.0 * sorted.size()) - 1);
    }

    private static double ms(long start) {
        return (System.nanoTime() - start) / 1e6;
    }
}
