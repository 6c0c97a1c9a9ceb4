package io.tenfold.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenfold.support.FlakyTcpProxy;
import io.tenfold.support.Http;
import io.tenfold.support.S3ProxyServer;
import io.tenfold.support.Zips;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Faults of the service's own servers while it works, on real ones. PostgreSQL is stopped and
 * started again (the same data, the same port) while a job trains and clients submit a burst of
 * jobs: every submission is answered 503 or accepted, each accepted once (its idempotency key
 * finds it again after a 503), none lost; the training job runs on through the restart to one
 * model, every epoch recorded once. The object store refuses every connection for a while during
 * the epochs' checkpoint writes: the job continues and succeeds the same way.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "tenfold.role=all", "tenfold.worker.poll-interval=200ms", "tenfold.worker.transient-backoff=1s",
    "tenfold.worker.transient-retries=5",
    "spring.datasource.hikari.connection-timeout=1500", "spring.datasource.hikari.validation-timeout=1000"})
class FaultRecoveryTest {

    private static final int EPOCHS = 40;
    private static final int BURST = 24;
    private static Path pgData;
    private static int pgPort;
    private static EmbeddedPostgres postgres;
    private static S3ProxyServer s3;
    private static FlakyTcpProxy objects;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) throws Exception {
        pgData = Files.createTempDirectory("tenfold-fault-pg-");
        try (ServerSocket socket = new ServerSocket(0)) {
            pgPort = socket.getLocalPort();
        }
        postgres = startPostgres();
        s3 = S3ProxyServer.start();
        objects = new FlakyTcpProxy(s3.port());
        registry.add("spring.datasource.url", () -> "jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres");
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
        Path dataDir = Files.createTempDirectory("tenfold-fault-data-");
        registry.add("tenfold.data-dir", dataDir::toString);
        registry.add("tenfold.storage.type", () -> "s3");
        registry.add("tenfold.storage.s3.bucket", () -> "tenfold-faults");
        registry.add("tenfold.storage.s3.endpoint", () -> objects.endpoint().toString());
        registry.add("tenfold.storage.s3.path-style", () -> "true");
        registry.add("tenfold.storage.s3.create-bucket", () -> "true");
        registry.add("tenfold.storage.s3.access-key", () -> S3ProxyServer.ACCESS_KEY);
        registry.add("tenfold.storage.s3.secret-key", () -> S3ProxyServer.SECRET_KEY);
        registry.add("tenfold.storage.s3.max-attempts", () -> "2");
        registry.add("tenfold.storage.s3.initial-backoff", () -> "10ms");
        registry.add("tenfold.storage.s3.max-backoff", () -> "50ms");
        registry.add("tenfold.storage.s3.connect-timeout", () -> "1s");
    }

    private static EmbeddedPostgres startPostgres() throws Exception {
        return EmbeddedPostgres.builder().setDataDirectory(pgData).setCleanDataDirectory(false).setPort(pgPort)
                .setServerConfig("fsync", "off").start();
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
        objects.close();
        s3.close();
    }

    @Test
    void aDatabaseRestartLosesNoJobAndRunsNoneTwice() throws Exception {
        Http http = new Http(port);
        String dataset = upload(http);
        String training = submit(http, dataset, EPOCHS, null).json().get("id").asString();
        await(http, training, job -> job.get("progress").get("epoch").asInt() >= 3, Duration.ofMinutes(3));

        ExecutorService clients = Executors.newFixedThreadPool(4);
        Map<String, String> accepted = new ConcurrentHashMap<>();
        List<Integer> statuses = new CopyOnWriteArrayList<>();
        List<Future<?>> burst = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            String key = "burst-" + i;
            burst.add(clients.submit(() -> {
                Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
                while (Instant.now().isBefore(deadline)) {
                    Http.Response response = submit(http, dataset, 1, key);
                    statuses.add(response.status());
                    if (response.status() == 200 || response.status() == 202) {
                        accepted.put(key, response.json().get("id").asString());
                        return null;
                    }
                    Thread.sleep(200);
                }
                throw new AssertionError(key + " was never accepted");
            }));
            if (i == BURST / 4) {
                postgres.close();   // a restart: stopped, then started on the same data and port
                Thread.sleep(1_500);
                postgres = startPostgres();
            }
        }
        for (Future<?> submission : burst) {
            submission.get();
        }
        clients.shutdown();
        assertThat(statuses).as("clients were told to come back, never given a 500").allMatch(s -> s == 200
                || s == 202 || s == 503);
        assertThat(accepted).hasSize(BURST);
        for (Map.Entry<String, String> key : accepted.entrySet()) {
            assertThat(jdbc.sql("SELECT id FROM jobs WHERE idempotency_key = :key").param("key", key.getKey())
                    .query(String.class).list()).as(key.getKey()).containsExactly(key.getValue());
            http.postJson("/api/v1/jobs/" + key.getValue() + "/cancel", "");
        }
        assertSucceededOnce(http, training);
    }

    @Test
    void anObjectStoreOutageDuringCheckpointWritesDoesNotFailTheJob() throws Exception {
        Http http = new Http(port);
        String dataset = upload(http);
        String training = submit(http, dataset, EPOCHS, null).json().get("id").asString();
        await(http, training, job -> job.get("progress").get("epoch").asInt() >= 3, Duration.ofMinutes(3));
        objects.setDown(true);
        Thread.sleep(3_000);
        objects.setDown(false);
        assertSucceededOnce(http, training);
        assertThat(objects.dropped()).as("the outage did refuse connections").isPositive();
    }

    private void assertSucceededOnce(Http http, String jobId) throws Exception {
        JsonNode done = await(http, jobId, job -> job.get("state").asString().matches("SUCCEEDED|FAILED|CANCELLED"),
                Duration.ofMinutes(4));
        assertThat(done.get("state").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        List<Integer> epochs = new ArrayList<>();
        done.get("metrics").forEach(m -> epochs.add(m.get("epoch").asInt()));
        assertThat(epochs).containsExactlyElementsOf(IntStream.rangeClosed(1, EPOCHS).boxed().toList());
        assertThat(jdbc.sql("SELECT COUNT(*) FROM models WHERE job_id = :id").param("id", jobId)
                .query(Integer.class).single()).isEqualTo(1);
        Http.Response classified = http.postFile("/api/v1/models/" + done.get("modelId").asString()
                + "/classify?tta=center", "image", "x.png", BadInputTest.png());
        assertThat(classified.status()).as(classified.body()).isEqualTo(200);
    }

    private static String upload(Http http) throws Exception {
        Http.Response upload = http.postFile("/api/v1/datasets", "file", "tiny.zip",
                Zips.sample("fashion-mnist-3-tiny.zip"));
        assertThat(upload.status()).as(upload.body()).isEqualTo(201);
        return upload.json().get("id").asString();
    }

    private static Http.Response submit(Http http, String dataset, int epochs, String key) throws Exception {
        String body = """
                {"datasetId": "%s", "epochs": %d, "batchSize": 8, "learningRate": 0.01, "seed": 3,
                 "strategy": {"name": "fine-tune", "unfreezeBlocks": 1}, "augmentation": "light",
                 "augmentedViews": 2}""".formatted(dataset, epochs);
        return key == null ? http.postJson("/api/v1/jobs", body)
                : http.postJson("/api/v1/jobs", body, Map.of("Idempotency-Key", key));
    }

    private static JsonNode await(Http http, String jobId, Predicate<JsonNode> condition, Duration timeout)
            throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        JsonNode job = null;
        while (Instant.now().isBefore(deadline)) {
            Http.Response response = http.get("/api/v1/jobs/" + jobId);
            if (response.status() == 200) {
                job = response.json();
                if (condition.test(job)) {
                    return job;
                }
            }
            Thread.sleep(150);
        }
        throw new AssertionError("condition not met within " + timeout + "; last: " + job);
    }
}
