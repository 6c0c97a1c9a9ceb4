package io.tenfold.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenfold.models.ModelDeleted;
import io.tenfold.storage.S3ObjectStore;
import io.tenfold.support.FlakyTcpProxy;
import io.tenfold.support.Http;
import io.tenfold.support.PostgresServer;
import io.tenfold.support.S3ProxyServer;
import io.tenfold.support.Zips;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The service while its servers are away, on real ones: PostgreSQL and an S3 server, each behind a
 * TCP proxy that the test takes down and brings back. With the database away, the API answers 503
 * with Retry-After instead of 500, a model already in memory keeps classifying, and readiness says
 * DOWN; with the object store away, a model in memory keeps classifying and one that must be
 * loaded is a 503; a model whose stored network is damaged is refused once with a reason, and
 * never downloaded again. Everything works again once they are back.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "tenfold.role=all", "tenfold.worker.poll-interval=200ms",
    "spring.datasource.hikari.connection-timeout=1500", "spring.datasource.hikari.validation-timeout=1000"})
class OutageTest {

    private static final String BUCKET = "tenfold-outage";
    private static FlakyTcpProxy database;
    private static FlakyTcpProxy objects;
    private static S3ProxyServer s3;

    @LocalServerPort
    int port;

    @Autowired
    ApplicationEventPublisher events;

    @BeforeAll
    static void servers() throws Exception {
        s3 = S3ProxyServer.start();
        objects = new FlakyTcpProxy(s3.port());
    }

    @AfterAll
    static void stop() throws Exception {
        database.close();
        objects.close();
        s3.close();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        PostgresServer.Connection db = PostgresServer.freshDatabase("outage");
        URI url = URI.create(db.url().substring("jdbc:".length()));
        database = new FlakyTcpProxy(url.getPort());
        String proxied = "jdbc:postgresql://127.0.0.1:" + database.endpoint().getPort() + url.getPath();
        registry.add("spring.datasource.url", () -> proxied);
        registry.add("spring.datasource.username", db::username);
        registry.add("spring.datasource.password", db::password);
        Path dataDir = Files.createTempDirectory("tenfold-outage-");
        registry.add("tenfold.data-dir", dataDir::toString);
        registry.add("tenfold.storage.type", () -> "s3");
        registry.add("tenfold.storage.s3.bucket", () -> BUCKET);
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

    @Test
    void theServiceAnswers503WhileItsServersAreAwayAndKeepsServingWhatItHolds() throws Exception {
        Http http = new Http(port);
        String modelId = trainTinyModel(http);
        byte[] image = BadInputTest.png();
        assertThat(classify(http, modelId, image).status()).isEqualTo(200);

        // The database away.
        database.setDown(true);
        try {
            Http.Response jobs = http.get("/api/v1/jobs");
            assertThat(jobs.status()).as(jobs.body()).isEqualTo(503);
            assertThat(jobs.header("Retry-After")).isNotBlank();
            assertThat(jobs.json().get("detail").asString()).contains("database");
            Http.Response served = classify(http, modelId, image);
            assertThat(served.status()).as("a model in memory keeps classifying: %s", served.body()).isEqualTo(200);
            assertThat(http.get("/actuator/health/readiness").status()).isEqualTo(503);
            assertThat(http.get("/actuator/health/liveness").status()).isEqualTo(200);
        } finally {
            database.setDown(false);
        }
        awaitStatus(http, "/api/v1/jobs", 200);
        assertThat(http.get("/actuator/health/readiness").status()).isEqualTo(200);

        // The object store away: in memory still serves; what must be loaded is a 503.
        objects.setDown(true);
        try {
            assertThat(classify(http, modelId, image).status()).isEqualTo(200);
            events.publishEvent(new ModelDeleted(modelId));   // out of memory, as eviction would leave it
            Http.Response unloaded = classify(http, modelId, image);
            assertThat(unloaded.status()).as(unloaded.body()).isEqualTo(503);
            assertThat(unloaded.header("Retry-After")).isNotBlank();
            assertThat(http.get("/actuator/health/readiness").status()).isEqualTo(503);
        } finally {
            objects.setDown(false);
        }
        assertThat(classify(http, modelId, image).status()).isEqualTo(200);

        // A damaged stored network: refused once with the reason, then at once without reading the store.
        try (S3ObjectStore direct = S3ObjectStore.create(S3ProxyServer.settings(s3.endpoint(), BUCKET,
                S3ProxyServer.SECRET_KEY, 2, org.springframework.util.unit.DataSize.ofMegabytes(16),
                org.springframework.util.unit.DataSize.ofMegabytes(8)))) {
            direct.put("models/" + modelId + "/network.zip", "not a network".getBytes());
        }
        events.publishEvent(new ModelDeleted(modelId));
        Http.Response corrupt = classify(http, modelId, image);
        assertThat(corrupt.status()).as(corrupt.body()).isEqualTo(409);
        assertThat(corrupt.json().get("detail").asString()).contains("cannot be served", "checksum");
        int connections = objects.accepted();
        assertThat(classify(http, modelId, image).status()).isEqualTo(409);
        assertThat(objects.accepted()).as("no second download").isEqualTo(connections);
        assertThat(http.get("/api/v1/models/" + modelId).json().get("unusable").asString()).contains("checksum");
    }

    private static Http.Response classify(Http http, String modelId, byte[] image) throws Exception {
        return http.postFile("/api/v1/models/" + modelId + "/classify?tta=center", "image", "x.png", image);
    }

    private static String trainTinyModel(Http http) throws Exception {
        Http.Response upload = http.postFile("/api/v1/datasets", "file", "tiny.zip", Zips.sample("fashion-mnist-3-tiny.zip"));
        assertThat(upload.status()).as(upload.body()).isEqualTo(201);
        Http.Response job = http.postJson("/api/v1/jobs", "{\"datasetId\": \"%s\", \"epochs\": 1}"
                .formatted(upload.json().get("id").asString()));
        assertThat(job.status()).as(job.body()).isEqualTo(202);
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

    private static void awaitStatus(Http http, String path, int status) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (http.get(path).status() != status) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(path + " did not come back to " + status);
            }
            Thread.sleep(200);
        }
    }
}
