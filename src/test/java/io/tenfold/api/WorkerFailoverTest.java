package io.tenfold.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenfold.support.Http;
import io.tenfold.storage.S3ObjectStore;
import io.tenfold.support.PostgresServer;
import io.tenfold.support.S3ProxyServer;
import io.tenfold.support.ServiceProcess;
import io.tenfold.support.Zips;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The production topology in miniature: an api process and a worker process sharing PostgreSQL
 * and an S3 server (S3Proxy, over HTTP). The worker is killed with SIGKILL in the middle of training; a second
 * worker takes the job over when the lease expires and finishes it from the last checkpoint, with
 * every epoch recorded once and exactly one model. The job fine-tunes the top block on two cached
 * augmented views, the path with the most state to carry over: per-layer updaters, trained batch
 * norms and the cached views, which the second worker reuses instead of featurizing again.
 */
class WorkerFailoverTest {

    private static final int EPOCHS = 60;
    private static final String BUCKET = "tenfold-failover";

    @TempDir
    Path shared;

    @Test
    void aKilledWorkersJobIsFinishedByAnotherFromItsCheckpoint() throws Exception {
        PostgresServer.Connection db = PostgresServer.freshDatabase("failover");
        try (S3ProxyServer s3 = S3ProxyServer.start()) {
            run(db, s3);
        }
    }

    private void run(PostgresServer.Connection db, S3ProxyServer s3) throws Exception {
        List<String> common = List.of(
                "--spring.datasource.url=" + db.url(),
                "--spring.datasource.username=" + db.username(),
                "--spring.datasource.password=" + db.password(),
                "--tenfold.data-dir=" + shared,
                "--tenfold.storage.type=s3",
                "--tenfold.storage.s3.bucket=" + BUCKET,
                "--tenfold.storage.s3.endpoint=" + s3.endpoint(),
                "--tenfold.storage.s3.path-style=true",
                "--tenfold.storage.s3.create-bucket=true",
                "--tenfold.storage.s3.access-key=" + S3ProxyServer.ACCESS_KEY,
                "--tenfold.storage.s3.secret-key=" + S3ProxyServer.SECRET_KEY,
                "--tenfold.worker.poll-interval=200ms",
                "--tenfold.worker.lease-duration=3s");

        try (ServiceProcess api = ServiceProcess.start("failover-api", with(common, "--tenfold.role=api"))) {
            Http http = api.http();
            assertThat(http.get("/api/v1/jobs").status()).isEqualTo(200);
            String datasetId = http.postFile("/api/v1/datasets", "file", "tiny.zip",
                    Zips.sample("fashion-mnist-3-tiny.zip")).json().get("id").asString();
            String jobId = http.postJson("/api/v1/jobs", """
                    {"datasetId": "%s", "epochs": %d, "batchSize": 8, "learningRate": 0.01, "seed": 3,
                     "strategy": {"name": "fine-tune", "unfreezeBlocks": 1}, "augmentation": "light",
                     "augmentedViews": 2}"""
                    .formatted(datasetId, EPOCHS)).json().get("id").asString();
            assertThat(http.get("/api/v1/jobs/" + jobId).json().get("state").asString()).isEqualTo("QUEUED");

            int killedAt;
            try (ServiceProcess first = ServiceProcess.start("failover-worker-1", with(common, "--tenfold.role=worker"))) {
                assertThat(first.http().get("/api/v1/jobs").status()).isEqualTo(404);
                JsonNode running = await(http, jobId, job -> job.get("progress").get("epoch").asInt() >= 5,
                        Duration.ofMinutes(4));
                first.kill();
                killedAt = running.get("progress").get("epoch").asInt();
            }
            assertThat(http.get("/api/v1/jobs/" + jobId).json().get("state").asString()).isEqualTo("RUNNING");

            try (ServiceProcess second = ServiceProcess.start("failover-worker-2", with(common, "--tenfold.role=worker"))) {
                JsonNode done = await(http, jobId, job -> job.get("state").asString().matches("SUCCEEDED|FAILED|CANCELLED"),
                        Duration.ofMinutes(4));
                assertThat(done.get("state").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
                assertThat(done.get("attempt").asInt()).isEqualTo(2);
                assertThat(done.get("resumedFromEpoch").asInt()).isBetween(killedAt - 1, EPOCHS - 1);
                List<Integer> epochs = new ArrayList<>();
                done.get("metrics").forEach(m -> epochs.add(m.get("epoch").asInt()));
                assertThat(epochs).containsExactlyElementsOf(IntStream.rangeClosed(1, EPOCHS).boxed().toList());
                assertThat(second.log()).contains("resuming after epoch").doesNotContain("Featurizing");

                String modelId = done.get("modelId").asString();
                JsonNode models = http.get("/api/v1/models").json().get("items");
                assertThat(models.size()).isEqualTo(1);
                assertThat(models.get(0).get("id").asString()).isEqualTo(modelId);
                assertThat(models.get(0).get("strategy").asString()).isEqualTo("fine-tune");
                try (S3ObjectStore store = S3ObjectStore.create(s3.settings(BUCKET))) {
                    assertThat(store.list("models/")).allMatch(key -> key.startsWith("models/" + modelId + "/"))
                            .contains("models/" + modelId + "/manifest.json");
                    assertThat(store.list("jobs/")).as("checkpoints are deleted once the job succeeds").isEmpty();
                }
                assertThat(shared.resolve("objects")).doesNotExist();
                Http.Response classified = http.postFile("/api/v1/models/" + modelId + "/classify?tta=center",
                        "image", "trouser.png",
                        Files.readAllBytes(Zips.SAMPLES.resolve("fashion-mnist-5-test/trouser-00002.png")));
                assertThat(classified.status()).as(classified.body()).isEqualTo(200);
            }
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
            Thread.sleep(100);
        }
        throw new AssertionError("condition not met within " + timeout + "; last: " + job);
    }
}
