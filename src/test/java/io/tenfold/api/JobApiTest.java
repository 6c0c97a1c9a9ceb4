package io.tenfold.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenfold.support.Http;
import io.tenfold.support.Zips;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The job API without a worker (role api), so jobs stay where the test puts them: idempotency,
 * queue positions, filtering and paging, cancel and retry, and the event stream.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"tenfold.role=api", "tenfold.http.event-heartbeat=200ms",
            "tenfold.http.max-event-streams-per-key=2"})
class JobApiTest {

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) throws Exception {
        Path dir = Files.createTempDirectory("tenfold-jobapi-");
        registry.add("tenfold.data-dir", dir::toString);
    }

    @LocalServerPort
    int port;

    Http http;
    String datasetId;

    @BeforeEach
    void dataset() throws Exception {
        http = new Http(port);
        datasetId = http.postFile("/api/v1/datasets", "file", "tiny.zip", Zips.sample("fashion-mnist-3-tiny.zip"))
                .json().get("id").asString();
    }

    @Test
    void theSameIdempotencyKeyGivesTheSameJob() throws Exception {
        String body = "{\"datasetId\": \"%s\", \"epochs\": 3}".formatted(datasetId);
        Map<String, String> key = Map.of("Idempotency-Key", "order-" + datasetId);
        Http.Response first = http.postJson("/api/v1/jobs", body, key);
        Http.Response again = http.postJson("/api/v1/jobs", body, key);
        assertThat(first.status()).isEqualTo(202);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("id").asString()).isEqualTo(first.json().get("id").asString());

        Http.Response different = http.postJson("/api/v1/jobs",
                "{\"datasetId\": \"%s\", \"epochs\": 4}".formatted(datasetId), key);
        assertThat(different.status()).isEqualTo(409);
        assertThat(different.json().get("detail").asString()).contains("different request");
    }

    @Test
    void queuedJobsKnowTheirPlaceAndListsFilterAndPage() throws Exception {
        String first = createJob();
        String second = createJob();
        int firstPosition = http.get("/api/v1/jobs/" + first).json().get("queuePosition").asInt();
        assertThat(http.get("/api/v1/jobs/" + second).json().get("queuePosition").asInt())
                .isEqualTo(firstPosition + 1);

        Http.Response page = http.get("/api/v1/jobs?state=QUEUED&page=0&size=1");
        assertThat(page.json().get("items").size()).isEqualTo(1);
        assertThat(page.json().get("total").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(page.json().get("items").get(0).get("id").asString()).isEqualTo(second);
        assertThat(http.get("/api/v1/jobs?state=SUCCEEDED").json().get("total").asInt()).isZero();
        assertThat(http.get("/api/v1/jobs?state=NOPE").status()).isEqualTo(400);
        assertThat(http.get("/api/v1/jobs?size=0").status()).isEqualTo(400);
    }

    @Test
    void cancelAndRetry() throws Exception {
        String id = createJob();
        Http.Response cancelled = http.postJson("/api/v1/jobs/" + id + "/cancel", "");
        assertThat(cancelled.json().get("state").asString()).isEqualTo("CANCELLED");
        assertThat(http.postJson("/api/v1/jobs/" + id + "/cancel", "").status()).isEqualTo(409);
        Http.Response retried = http.postJson("/api/v1/jobs/" + id + "/retry", "");
        assertThat(retried.json().get("state").asString()).isEqualTo("QUEUED");
        assertThat(http.postJson("/api/v1/jobs/" + id + "/retry", "").status()).isEqualTo(409);
        assertThat(http.postJson("/api/v1/jobs/nope/retry", "").status()).isEqualTo(404);
    }

    @Test
    void theEventStreamFollowsTheJobToItsEnd() throws Exception {
        String id = createJob();
        CompletableFuture<List<Http.Event>> stream = CompletableFuture.supplyAsync(() -> {
            try {
                return http.events("/api/v1/jobs/" + id + "/events", Duration.ofSeconds(30));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(700);
        http.postJson("/api/v1/jobs/" + id + "/cancel", "");
        List<Http.Event> events = stream.get();
        assertThat(events).extracting(Http.Event::name).startsWith("progress").endsWith("state");
        assertThat(events.get(0).data().get("state").asString()).isEqualTo("QUEUED");
        assertThat(events.get(events.size() - 1).data().get("state").asString()).isEqualTo("CANCELLED");
        assertThat(http.get("/api/v1/jobs/nope/events").status()).isEqualTo(404);
    }

    /**
     * A stream's events carry the epochs sent so far as their id: reconnecting with Last-Event-ID
     * resends only later epochs, also from another API process. A quiet stream gets heartbeats.
     */
    @Test
    void aReconnectingStreamResumesAfterItsLastEventAndAQuietOneHeartbeats() throws Exception {
        String id = createJob();
        for (int epoch = 1; epoch <= 3; epoch++) {
            jdbc.sql("INSERT INTO job_epochs (job_id, epoch, metrics) VALUES (:id, :epoch, :metrics)")
                    .param("id", id).param("epoch", epoch)
                    .param("metrics", "{\"epoch\": %d, \"trainLoss\": 1.0, \"seconds\": 1.0}".formatted(epoch))
                    .update();
        }
        CompletableFuture<List<String>> stream = CompletableFuture.supplyAsync(() -> {
            try {
                return http.eventLines("/api/v1/jobs/" + id + "/events", java.util.Map.of("Last-Event-ID", "2"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(1_000);
        http.postJson("/api/v1/jobs/" + id + "/cancel", "");
        List<String> lines = stream.get(30, java.util.concurrent.TimeUnit.SECONDS);
        List<String> epochs = lines.stream().filter(l -> l.startsWith("data:{\"epoch\"")).toList();
        assertThat(epochs).hasSize(1).allMatch(l -> l.contains("\"epoch\":3"));
        assertThat(lines).contains("id:3").anyMatch(l -> l.startsWith(":heartbeat"));
    }

    /** One caller cannot hold every stream: beyond its share it gets a 503 with Retry-After. */
    @Test
    void eventStreamsAreCappedPerCaller() throws Exception {
        String id = createJob();
        List<CompletableFuture<List<String>>> open = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
            open.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return http.eventLines("/api/v1/jobs/" + id + "/events", java.util.Map.of());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        Thread.sleep(1_000);
        Http.Response third = http.get("/api/v1/jobs/" + id + "/events");
        assertThat(third.status()).isEqualTo(503);
        assertThat(third.header("Retry-After")).isNotBlank();
        assertThat(third.json().get("detail").asString()).contains("event streams open");
        http.postJson("/api/v1/jobs/" + id + "/cancel", "");
        for (CompletableFuture<List<String>> stream : open) {
            assertThat(stream.get(30, java.util.concurrent.TimeUnit.SECONDS)).anyMatch(l -> l.contains("CANCELLED"));
        }
    }

    @Test
    void augmentationPreviewIsAPngGridAndBadPoliciesNameTheField() throws Exception {
        Http.Response preview = http.get("/api/v1/datasets/" + datasetId
                + "/augmentations/preview?policy=heavy&n=6&inputSize=64&seed=3");
        assertThat(preview.status()).as(preview.body()).isEqualTo(200);
        assertThat(preview.contentType()).isEqualTo("image/png");
        assertThat(preview.body()).startsWith("\uFFFDPNG");
        Http.Response again = http.get("/api/v1/datasets/" + datasetId
                + "/augmentations/preview?policy=heavy&n=6&inputSize=64&seed=3");
        assertThat(again.body()).isEqualTo(preview.body());

        Http.Response unknown = http.get("/api/v1/datasets/" + datasetId + "/augmentations/preview?policy=wild");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("field").asString()).startsWith("policy");
        String badJson = java.net.URLEncoder.encode("""
                {"version": 1, "inputSize": 64, "transforms": [{"type": "hflip", "p": 1.5}]}""",
                java.nio.charset.StandardCharsets.UTF_8);
        Http.Response badP = http.get("/api/v1/datasets/" + datasetId + "/augmentations/preview?policy=" + badJson);
        assertThat(badP.status()).as(badP.body()).isEqualTo(400);
        assertThat(badP.json().get("detail").asString()).contains("transforms[0].p");
        assertThat(http.get("/api/v1/datasets/" + datasetId + "/augmentations/preview?n=0").status()).isEqualTo(400);
        assertThat(http.get("/api/v1/datasets/nope/augmentations/preview").status()).isEqualTo(404);
    }

    private String createJob() throws Exception {
        Http.Response created = http.postJson("/api/v1/jobs", "{\"datasetId\": \"%s\"}".formatted(datasetId));
        assertThat(created.status()).as(created.body()).isEqualTo(202);
        return created.json().get("id").asString();
    }
}
