package io.tenfold.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenfold.TenfoldApplication;
import io.tenfold.support.Http;
import io.tenfold.support.Zips;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * API keys over real HTTP, against one service started with an admin key and two scoped keys from configuration,
 * and the metrics endpoint exposed as an example of a non-public actuator endpoint.
 */
class ApiKeySecurityTest {

    private static final String ADMIN_KEY = "tf_test-admin-key-0123456789abcdef";
    private static final String CLASSIFY_KEY = "tf_test-classify-key-0123456789abcdef";
    private static final String TRAIN_KEY = "tf_test-train-key-0123456789abcdef";

    @TempDir
    static Path dataDir;

    private static ConfigurableApplicationContext app;
    private static Http anonymous;
    private static Http admin;
    private static Http classifier;
    private static Http trainer;

    @BeforeAll
    static void start() {
        app = SpringApplication.run(TenfoldApplication.class,
                "--server.port=0",
                "--tenfold.data-dir=" + dataDir,
                "--tenfold.role=api",
                "--tenfold.security.admin-key=" + ADMIN_KEY,
                "--tenfold.security.keys[0].name=classifier",
                "--tenfold.security.keys[0].sha256=" + ApiKeys.sha256Hex(CLASSIFY_KEY),
                "--tenfold.security.keys[0].scopes=classify",
                "--tenfold.security.keys[1].name=trainer",
                "--tenfold.security.keys[1].sha256=" + ApiKeys.sha256Hex(TRAIN_KEY).toUpperCase(),
                "--tenfold.security.keys[1].scopes=train",
                "--management.endpoints.web.exposure.include=health,info,prometheus,metrics");
        anonymous = new Http(Integer.parseInt(app.getEnvironment().getProperty("local.server.port")));
        admin = anonymous.withApiKey(ADMIN_KEY);
        classifier = anonymous.withApiKey(CLASSIFY_KEY);
        trainer = anonymous.withHeader("X-API-Key", TRAIN_KEY);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void noKeyIs401() throws Exception {
        Http.Response response = anonymous.get("/api/v1/datasets");
        assertProblem(response, 401, "needs an API key");
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
        assertProblem(anonymous.postJson("/api/v1/jobs", "{}"), 401, "Authorization: Bearer");
    }

    @Test
    void aBadKeyIs401WhetherOrNotAnythingIsThere() throws Exception {
        Http bad = anonymous.withApiKey("tf_not-a-key");
        assertProblem(bad.get("/api/v1/datasets/nope"), 401, "not valid");
        assertProblem(bad.get("/api/v1/no-such-endpoint"), 401, "not valid");
        assertProblem(bad.postJson("/api/v1/jobs", "{\"datasetId\": \"nope\"}"), 401, "not valid");
        assertProblem(anonymous.withHeader("X-API-Key", "").get("/api/v1/models"), 401, "not valid");
        assertProblem(anonymous.get("/api/v1/datasets/nope"), 401, "needs an API key");
    }

    @Test
    void scopesDecideWhatAValidKeyMayDo() throws Exception {
        assertProblem(classifier.postJson("/api/v1/jobs", "{\"datasetId\": \"nope\"}"), 403, "'train' scope");
        assertThat(classifier.get("/api/v1/jobs").status()).isEqualTo(200);
        assertProblem(classifier.get("/api/v1/datasets/nope"), 404, "dataset");
        // classify gets past security to the controller; train does not
        assertProblem(classifier.postFile("/api/v1/models/nope/classify", "image", "x.png", png()), 404, "model");
        assertProblem(trainer.postFile("/api/v1/models/nope/classify", "image", "x.png", png()), 403,
                "'classify' scope");
        assertProblem(classifier.postFile("/api/v1/models/nope/classify/batch", "images", "x.png", png()), 404,
                "model");
        assertProblem(trainer.postFile("/api/v1/models/nope/classify/batch", "images", "x.png", png()), 403,
                "'classify' scope");
        assertProblem(trainer.get("/api/v1/admin/api-keys"), 403, "'admin' scope");
        // model management and the network's download need train
        assertProblem(classifier.put("/api/v1/models/nope/aliases/prod"), 403, "'train' scope");
        assertProblem(classifier.delete("/api/v1/models/nope"), 403, "'train' scope");
        assertProblem(classifier.delete("/api/v1/datasets/nope"), 403, "'train' scope");
        assertProblem(classifier.get("/api/v1/models/nope/download"), 403, "'train' scope");
        assertProblem(trainer.get("/api/v1/models/nope/download"), 404, "model");
        assertProblem(trainer.put("/api/v1/models/nope/aliases/prod"), 404, "model");
        // the augmentation preview shows training images: train, not classify
        assertProblem(classifier.get("/api/v1/datasets/nope/augmentations/preview"), 403, "'train' scope");
        assertProblem(trainer.get("/api/v1/datasets/nope/augmentations/preview"), 404, "dataset");
        // admin implies the others; an unmapped path needs admin, so other keys learn nothing about it
        assertProblem(admin.postJson("/api/v1/jobs", "{\"datasetId\": \"nope\"}"), 404, "dataset");
        assertProblem(classifier.get("/api/v1/no-such-endpoint"), 403, "'admin' scope");
        assertThat(admin.get("/api/v1/no-such-endpoint").status()).isEqualTo(404);
    }

    @Test
    void aTrainKeyUploadsQueuesAndCancelsAndAnyKeyFollowsTheJob() throws Exception {
        Http.Response upload = trainer.postFile("/api/v1/datasets", "file", "tiny.zip",
                Zips.sample("fashion-mnist-3-tiny.zip"));
        assertThat(upload.status()).as(upload.body()).isEqualTo(201);
        assertThat(upload.json().get("imageCount").asInt()).isEqualTo(24);
        String datasetId = upload.json().get("id").asString();
        assertProblem(classifier.postFile("/api/v1/datasets", "file", "tiny.zip", new byte[] {1}), 403, "train");

        Http.Response queued = trainer.postJson("/api/v1/jobs", "{\"datasetId\": \"%s\"}".formatted(datasetId));
        assertThat(queued.status()).as(queued.body()).isEqualTo(202);
        String jobId = queued.json().get("id").asString();
        assertProblem(classifier.postJson("/api/v1/jobs/" + jobId + "/cancel", ""), 403, "train");
        assertThat(trainer.postJson("/api/v1/jobs/" + jobId + "/cancel", "").status()).isEqualTo(200);
        assertProblem(classifier.postJson("/api/v1/jobs/" + jobId + "/retry", ""), 403, "train");

        // server-sent events finish in an async dispatch, which must get through too
        Http.Response events = classifier.get("/api/v1/jobs/" + jobId + "/events");
        assertThat(events.status()).as(events.body()).isEqualTo(200);
        assertThat(events.body()).contains("event:state", "CANCELLED");
        assertProblem(anonymous.get("/api/v1/jobs/" + jobId + "/events"), 401, "needs an API key");
    }

    @Test
    void anAdminCreatesAKeyThatWorksUntilItIsRevoked() throws Exception {
        Http.Response created = admin.postJson("/api/v1/admin/api-keys",
                "{\"name\": \"ci\", \"scopes\": [\"train\", \"classify\"]}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asString();
        String key = created.json().get("key").asString();
        assertThat(key).matches("tf_[A-Za-z0-9_-]{43}");
        assertThat(created.json().get("scopes").toString()).isEqualTo("[\"classify\",\"train\"]");

        Http ci = anonymous.withApiKey(key);
        assertThat(ci.get("/api/v1/datasets").status()).isEqualTo(200);
        assertProblem(ci.get("/api/v1/admin/api-keys"), 403, "admin");

        Http.Response list = admin.get("/api/v1/admin/api-keys");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).contains("\"ci\"", "\"admin-key\"", "\"configuration\"").doesNotContain(key)
                .doesNotContain(ApiKeys.sha256Hex(key)).doesNotContain(ADMIN_KEY);

        assertThat(admin.delete("/api/v1/admin/api-keys/" + id).status()).isEqualTo(204);
        assertProblem(ci.get("/api/v1/datasets"), 401, "revoked");
        JsonNode revoked = null;
        for (JsonNode listed : admin.get("/api/v1/admin/api-keys").json()) {
            if (id.equals(listed.get("id").asString(null))) {
                revoked = listed;
            }
        }
        assertThat(revoked).isNotNull();
        assertThat(revoked.get("revokedAt").isNull()).isFalse();
        assertProblem(admin.delete("/api/v1/admin/api-keys/nope"), 404, "API key");
    }

    @Test
    void badKeyRequestsAre400NamingTheField() throws Exception {
        assertProblem(admin.postJson("/api/v1/admin/api-keys", "{\"name\": \"x\", \"scopes\": [\"root\"]}"), 400,
                "scopes: unknown scope 'root'");
        assertProblem(admin.postJson("/api/v1/admin/api-keys", "{\"name\": \"x\", \"scopes\": []}"), 400,
                "scopes");
        assertProblem(admin.postJson("/api/v1/admin/api-keys", "{\"scopes\": [\"train\"]}"), 400, "name");
    }

    @Test
    void healthInfoAndPrometheusArePublicOtherActuatorEndpointsNeedAdmin() throws Exception {
        assertThat(anonymous.get("/actuator/health").status()).isEqualTo(200);
        assertThat(anonymous.get("/actuator/info").status()).isEqualTo(200);
        Http.Response prometheus = anonymous.get("/actuator/prometheus");
        assertThat(prometheus.status()).isEqualTo(200);
        assertThat(prometheus.body()).contains("jvm_memory_used_bytes");

        assertProblem(anonymous.get("/actuator/metrics"), 401, "needs an API key");
        assertProblem(anonymous.get("/actuator"), 401, "needs an API key");
        assertProblem(trainer.get("/actuator/metrics"), 403, "'admin' scope");
        assertThat(admin.get("/actuator/metrics").status()).isEqualTo(200);
    }

    @Test
    void swaggerUiAndTheOpenApiDocumentArePublicAndDeclareTheKey() throws Exception {
        Http.Response docs = anonymous.get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        JsonNode scheme = docs.json().get("components").get("securitySchemes").get(ApiKeyOpenApiCustomizer.SCHEME);
        assertThat(scheme.get("type").asString()).isEqualTo("http");
        assertThat(scheme.get("scheme").asString()).isEqualTo("bearer");
        assertThat(docs.json().get("security").toString()).contains(ApiKeyOpenApiCustomizer.SCHEME);
        JsonNode createJob = docs.json().get("paths").get("/api/v1/jobs").get("post").get("responses");
        assertThat(createJob.has("401")).isTrue();
        assertThat(createJob.has("403")).isTrue();
        assertThat(anonymous.get("/swagger-ui.html").status()).isLessThan(400);
        assertThat(anonymous.get("/swagger-ui/index.html").status()).isEqualTo(200);
    }

    private static void assertProblem(Http.Response response, int status, String detailContains) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("detail").asString()).containsIgnoringCase(detailContains);
    }

    private static byte[] png() throws Exception {
        return Files.readAllBytes(Zips.SAMPLES.resolve("fashion-mnist-5-test/bag-00018.png"));
    }
}
