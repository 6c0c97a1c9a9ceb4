package io.tenfold.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenfold.support.HostileCorpus;
import io.tenfold.support.Http;
import io.tenfold.support.ServiceProcess;
import io.tenfold.support.Zips;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;

/**
 * The hostile-input corpus ({@link HostileCorpus}), each case a test, against a service in a JVM
 * of its own at the Helm chart's API heap (1 GiB), which exits on an OutOfMemoryError as the image
 * does: every hostile case gets a 4xx problem+json and every odd but valid file classifies; the
 * process stays up, its heap comes back to where it began, its resident size stays near it, and no
 * temporary file is left.
 */
class HostileInputTest {

    private static Path tmp;
    private static ServiceProcess service;
    private static Http http;
    private static String modelId;
    private static byte[] png;

    @BeforeAll
    static void start() throws Exception {
        tmp = Files.createTempDirectory("tenfold-hostile-tmp-");
        Path data = Files.createTempDirectory("tenfold-hostile-data-");
        service = ServiceProcess.start("hostile", List.of("-Xms1g", "-XX:+ExitOnOutOfMemoryError",
                "-Djava.io.tmpdir=" + tmp), List.of(
                "--tenfold.data-dir=" + data,
                "--tenfold.worker.poll-interval=200ms",
                "--tenfold.datasets.max-images=" + HostileCorpus.MAX_IMAGES,
                "--tenfold.datasets.max-uncompressed-bytes=" + HostileCorpus.MAX_UNCOMPRESSED_BYTES));
        http = service.http();
        modelId = trainTinyModel();
        png = BadInputTest.png();
        // Warm up what any first request pays for once (the network's workspaces, the decoders, the
        // zip and JSON paths), so the baseline is a serving process's, not a fresh one's.
        for (String tta : new String[] {"center", "multi-scale"}) {
            http.postFile("/api/v1/models/" + modelId + "/classify?tta=" + tta, "image", "x.png", png);
        }
        http.postFile("/api/v1/datasets", "file", "tiny.zip", Zips.sample("fashion-mnist-3-tiny.zip"));
    }

    @AfterAll
    static void stop() throws Exception {
        service.close();
    }

    @TestFactory
    Stream<DynamicTest> everyHostileRequestIsA4xxAndEveryOddButValidFileClassifies() throws Exception {
        List<HostileCorpus.Case> cases = HostileCorpus.all();
        assertThat(cases.stream().filter(c -> !c.valid()).count()).isGreaterThanOrEqualTo(60);
        long[] baseline = new long[3];
        List<DynamicTest> tests = new ArrayList<>();
        tests.add(DynamicTest.dynamicTest("baseline", () -> {
            baseline[0] = heapAfterGc();
            baseline[1] = residentBytes();
            baseline[2] = files(tmp);
        }));
        for (HostileCorpus.Case c : cases) {
            tests.add(DynamicTest.dynamicTest(c.name(), () -> {
                Http.Response response = send(c);
                assertThat(response.status()).as("%s: %s", c.name(), abbreviated(response.body()))
                        .isIn(c.expected());
                if (!c.valid()) {
                    assertThat(response.contentType()).as(c.name()).startsWith("application/problem+json");
                    assertThat(response.json().get("detail").asString()).as(c.name()).isNotBlank();
                }
                assertThat(service.alive()).as("the service survived " + c.name()).isTrue();
            }));
        }
        tests.add(DynamicTest.dynamicTest("the process is healthy, its memory back near its baseline, no file left",
                () -> {
                    assertThat(http.get("/actuator/health").status()).isEqualTo(200);
                    long heap = heapAfterGc();
                    long resident = residentBytes();
                    System.out.printf("hostile corpus: %d cases; heap after GC %d -> %d MiB, resident %d -> %d MiB%n",
                            cases.size(), baseline[0] >> 20, heap >> 20, baseline[1] >> 20, resident >> 20);
                    assertThat(heap).isLessThan(baseline[0] + (96L << 20));
                    assertThat(resident).isLessThan(baseline[1] + baseline[1] / 2);
                    assertThat(files(tmp)).as("files left in the service's temporary directory").isEqualTo(baseline[2]);
                }));
        return tests.stream();
    }

    private static Http.Response send(HostileCorpus.Case c) throws Exception {
        String classify = "/api/v1/models/" + modelId + "/classify";
        return switch (c.target()) {
            case CLASSIFY -> http.postFile(classify + "?" + c.query(), "image", "upload.bin", c.body());
            case UPLOAD -> http.postFile("/api/v1/datasets", "file", "upload.zip", c.body());
            case JOB -> http.postJson("/api/v1/jobs", new String(c.body(), java.nio.charset.StandardCharsets.UTF_8));
            case CLASSIFY_QUERY -> http.postFile(classify + "?" + c.query(), "image", "x.png", png);
            case RAW_CLASSIFY -> http.postRaw(classify, c.contentType(), c.body());
        };
    }

    private static long heapAfterGc() throws Exception {
        Process gc = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(service.pid()), "GC.run").redirectErrorStream(true).start();
        gc.getInputStream().readAllBytes();
        gc.waitFor();
        long used = 0;
        for (String line : http.get("/actuator/prometheus").body().split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                used += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return used;
    }

    private static long residentBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(service.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS");
    }

    private static long files(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).count();
        }
    }

    private static String abbreviated(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }

    private static String trainTinyModel() throws Exception {
        Http.Response upload = http.postFile("/api/v1/datasets", "file", "tiny.zip",
                Zips.sample("fashion-mnist-3-tiny.zip"));
        assertThat(upload.status()).as(upload.body()).isEqualTo(201);
        Http.Response job = http.postJson("/api/v1/jobs", "{\"datasetId\": \"%s\", \"epochs\": 1}"
                .formatted(upload.json().get("id").asString()));
        String jobId = job.json().get("id").asString();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            JsonNode state = http.get("/api/v1/jobs/" + jobId).json();
            if (state.get("state").asString().equals("SUCCEEDED")) {
                return state.get("modelId").asString();
            }
            assertThat(state.get("state").asString()).isIn("QUEUED", "RUNNING");
            Thread.sleep(300);
        }
        throw new AssertionError("the job did not finish");
    }
}
