package io.tenfold.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenfold.storage.S3ObjectStore;
import io.tenfold.support.FlakyTcpProxy;
import io.tenfold.support.Http;
import io.tenfold.support.PostgresServer;
import io.tenfold.support.S3ProxyServer;
import io.tenfold.support.ServiceProcess;
import io.tenfold.support.Zips;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A worker SIGKILLed in the middle of an upload, twice: while it writes the job's feature cache
 * (a checkpoint of a few MiB) and while it writes the trained model, with the S3 server slowed
 * behind a proxy so that the kill lands mid-stream. Another worker takes the job over each time
 * and finishes it: one model, every epoch once, and no artifact the killed uploads left half
 * written is ever read, since an artifact exists only once its manifest, written last, does.
 */
class UploadKillTest {

    private static final int EPOCHS = 6;
    private static final String BUCKET = "tenfold-upload-kill";
    private static final long SLOW = 96 * 1024;

    @TempDir
    Path shared;

    @Test
    void aWorkerKilledMidUploadLeavesNothingHalfReadAndTheJobFinishesOnce() throws Exception {
        PostgresServer.Connection db = PostgresServer.freshDatabase("uploadkill");
        try (S3ProxyServer s3 = S3ProxyServer.start(); FlakyTcpProxy slow = new FlakyTcpProxy(s3.port())) {
            List<String> common = List.of(
                    "--spring.datasource.url=" + db.url(),
                    "--spring.datasource.username=" + db.username(),
                    "--spring.datasource.password=" + db.password(),
                    "--tenfold.data-dir=" + shared,
                    "--tenfold.storage.type=s3",
                    "--tenfold.storage.s3.bucket=" + BUCKET,
                    "--tenfold.storage.s3.endpoint=" + slow.endpoint(),
                    "--tenfold.storage.s3.path-style=true",
                    "--tenfold.storage.s3.create-bucket=true",
                    "--tenfold.storage.s3.access-key=" + S3ProxyServer.ACCESS_KEY,
                    "--tenfold.storage.s3.secret-key=" + S3ProxyServer.SECRET_KEY,
                    "--tenfold.storage.s3.multipart-threshold=64MB",
                    "--tenfold.worker.poll-interval=200ms",
                    "--tenfold.worker.lease-duration=3s");
            try (ServiceProcess api = ServiceProcess.start("uploadkill-api", with(common, "--tenfold.role=api"))) {
                Http http = api.http();
                String datasetId = http.postFile("/api/v1/datasets", "file", "tiny.zip",
                        Zips.sample("fashion-mnist-3-tiny.zip")).json().get("id").asString();
                String jobId = http.postJson("/api/v1/jobs", """
                        {"datasetId": "%s", "epochs": %d, "batchSize": 8, "learningRate": 0.01, "seed": 3,
                         "strategy": {"name": "fine-tune", "unfreezeBlocks": 1}, "augmentation": "light",
                         "augmentedViews": 2}""".formatted(datasetId, EPOCHS)).json().get("id").asString();

                // First kill: during the feature cache's upload, which follows featurizing.
                slow.throttle(SLOW);
                try (ServiceProcess first = ServiceProcess.start("uploadkill-worker-1",
                        with(common, "--tenfold.role=worker"))) {
                    await(http, jobId, job -> "FEATURIZING".equals(job.get("progress").get("phase").asString()),
                            Duration.ofMinutes(3));
                    awaitUpload(slow, 192 * 1024);
                    first.kill();
                }
                // Second kill: while the trained model goes up.
                try (ServiceProcess second = ServiceProcess.start("uploadkill-worker-2",
                        with(common, "--tenfold.role=worker"))) {
                    slow.throttle(0);
                    await(http, jobId, job -> job.get("progress").get("epoch").asInt() >= EPOCHS - 1,
                            Duration.ofMinutes(4));
                    slow.throttle(SLOW);
                    await(http, jobId, job -> "SAVING".equals(job.get("progress").get("phase").asString()),
                            Duration.ofMinutes(3));
                    awaitUpload(slow, 192 * 1024);
                    second.kill();
                }
                slow.throttle(0);
                try (ServiceProcess third = ServiceProcess.start("uploadkill-worker-3",
                        with(common, "--tenfold.role=worker"))) {
                    JsonNode done = await(http, jobId, job -> job.get("state").asString()
                            .matches("SUCCEEDED|FAILED|CANCELLED"), Duration.ofMinutes(4));
                    assertThat(done.get("state").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
                    assertThat(done.get("attempt").asInt()).isEqualTo(3);
                    List<Integer> epochs = new ArrayList<>();
                    done.get("metrics").forEach(m -> epochs.add(m.get("epoch").asInt()));
                    assertThat(epochs).containsExactlyElementsOf(IntStream.rangeClosed(1, EPOCHS).boxed().toList());
                    String modelId = done.get("modelId").asString();
                    JsonNode models = http.get("/api/v1/models").json().get("items");
                    assertThat(models.size()).isEqualTo(1);
                    assertThat(models.get(0).get("id").asString()).isEqualTo(modelId);
                    try (S3ObjectStore store = S3ObjectStore.create(s3.settings(BUCKET))) {
                        Set<String> withManifest = new TreeSet<>();
                        for (String key : store.list("models/")) {
                            if (key.endsWith("/manifest.json")) {
                                withManifest.add(key);
                            }
                        }
                        assertThat(withManifest).as("only the job's one model is complete")
                                .containsExactly("models/" + modelId + "/manifest.json");
                    }
                    Http.Response classified = http.postFile("/api/v1/models/" + modelId + "/classify?tta=center",
                            "image", "x.png", BadInputTest.png());
                    assertThat(classified.status()).as(classified.body()).isEqualTo(200);
                }
            }
        }
    }

    /** Waits until {@code bytes} more have gone up through the proxy: an upload is under way. */
    private static void awaitUpload(FlakyTcpProxy proxy, long bytes) throws InterruptedException {
        long start = proxy.upstreamBytes();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (proxy.upstreamBytes() - start < bytes) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no upload under way");
            }
            Thread.sleep(50);
        }
    }

    private static List<String> with(List<String> common, String extra) {
        List<String> all = new ArrayList<>(common);
        all.add(extra);
        return all;
    }

    private static JsonNode await(Http http, String jobId, Predicate<JsonNode> condition, Duration timeout)
            throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        JsonNode job = null;
        while (Instant.now().isBefore(deadline)) {
            job = http.get("/api/v1/jobs/" + jobId).json();
            if (condition.test(job)) {
                return job;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("condition not met within " + timeout + "; last: " + job);
    }
}
