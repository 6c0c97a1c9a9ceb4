package io.tenfold.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenfold.TenfoldApplication;
import io.tenfold.support.Http;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Every endpoint's authentication and scope, in one table: each is called with no key, a wrong
 * key, and a key of each scope. A protected endpoint answers 401 without a valid key and 403 to a
 * key without its scope; any endpoint answers 401 to a key that is presented and not valid; a key with the scope gets past security (whatever the endpoint then says
 * of the made-up ids). The table must cover every operation of the OpenAPI document, so an
 * endpoint added without a row fails this test, as do the actuator's and the documentation's.
 */
class EndpointAccessTest {

    private static final String ADMIN = "tf_access-admin-0123456789abcdef";
    private static final String CLASSIFY = "tf_access-classify-0123456789abcdef";
    private static final String TRAIN = "tf_access-train-0123456789abcdef";

    /** Who may call: nobody's key needed, or a scope ({@code admin} implies the others). */
    private enum Access { PUBLIC, ANY_KEY, CLASSIFY, TRAIN, ADMIN }

    private record Row(String method, String path, Access access) {
    }

    private static final List<Row> TABLE = List.of(
            new Row("GET", "/api/v1/datasets", Access.ANY_KEY),
            new Row("POST", "/api/v1/datasets", Access.TRAIN),
            new Row("GET", "/api/v1/datasets/{id}", Access.ANY_KEY),
            new Row("DELETE", "/api/v1/datasets/{id}", Access.TRAIN),
            new Row("GET", "/api/v1/datasets/{id}/augmentations/preview", Access.TRAIN),
            new Row("GET", "/api/v1/jobs", Access.ANY_KEY),
            new Row("POST", "/api/v1/jobs", Access.TRAIN),
            new Row("GET", "/api/v1/jobs/{id}", Access.ANY_KEY),
            new Row("GET", "/api/v1/jobs/{id}/events", Access.ANY_KEY),
            new Row("POST", "/api/v1/jobs/{id}/cancel", Access.TRAIN),
            new Row("POST", "/api/v1/jobs/{id}/retry", Access.TRAIN),
            new Row("GET", "/api/v1/models", Access.ANY_KEY),
            new Row("GET", "/api/v1/models/{ref}", Access.ANY_KEY),
            new Row("DELETE", "/api/v1/models/{ref}", Access.TRAIN),
            new Row("PUT", "/api/v1/models/{ref}/aliases/{alias}", Access.TRAIN),
            new Row("DELETE", "/api/v1/models/{ref}/aliases/{alias}", Access.TRAIN),
            new Row("GET", "/api/v1/models/{ref}/download", Access.TRAIN),
            new Row("POST", "/api/v1/models/{ref}/classify", Access.CLASSIFY),
            new Row("POST", "/api/v1/models/{ref}/classify/batch", Access.CLASSIFY),
            new Row("GET", "/api/v1/admin/api-keys", Access.ADMIN),
            new Row("POST", "/api/v1/admin/api-keys", Access.ADMIN),
            new Row("DELETE", "/api/v1/admin/api-keys/{id}", Access.ADMIN),
            new Row("GET", "/actuator/health", Access.PUBLIC),
            new Row("GET", "/actuator/health/liveness", Access.PUBLIC),
            new Row("GET", "/actuator/health/readiness", Access.PUBLIC),
            new Row("GET", "/actuator/info", Access.PUBLIC),
            new Row("GET", "/actuator/prometheus", Access.PUBLIC),
            new Row("GET", "/actuator/metrics", Access.ADMIN),
            new Row("GET", "/actuator", Access.ADMIN),
            new Row("GET", "/v3/api-docs", Access.PUBLIC),
            new Row("GET", "/swagger-ui/index.html", Access.PUBLIC));

    @TempDir
    static Path dataDir;

    private static ConfigurableApplicationContext app;
    private static Http anonymous;

    @BeforeAll
    static void start() {
        app = SpringApplication.run(TenfoldApplication.class, "--server.port=0", "--tenfold.data-dir=" + dataDir,
                "--tenfold.role=api", "--tenfold.security.admin-key=" + ADMIN,
                "--tenfold.security.keys[0].name=classifier",
                "--tenfold.security.keys[0].sha256=" + ApiKeys.sha256Hex(CLASSIFY),
                "--tenfold.security.keys[0].scopes=classify",
                "--tenfold.security.keys[1].name=trainer",
                "--tenfold.security.keys[1].sha256=" + ApiKeys.sha256Hex(TRAIN),
                "--tenfold.security.keys[1].scopes=train",
                "--management.endpoints.web.exposure.include=health,info,prometheus,metrics");
        anonymous = new Http(Integer.parseInt(app.getEnvironment().getProperty("local.server.port")));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void everyEndpointRefusesWhoShouldBeRefusedAndLetsThroughWhoMay() throws Exception {
        Map<String, Http> callers = new LinkedHashMap<>();
        callers.put("none", anonymous);
        callers.put("wrong", anonymous.withApiKey("tf_not-a-key"));
        callers.put("classify", anonymous.withApiKey(CLASSIFY));
        callers.put("train", anonymous.withApiKey(TRAIN));
        callers.put("admin", anonymous.withApiKey(ADMIN));
        for (Row row : TABLE) {
            String path = row.path().replaceAll("\\{[^}]+}", "no-such-thing");
            for (Map.Entry<String, Http> caller : callers.entrySet()) {
                int status = call(caller.getValue(), row.method(), path);
                String what = "%s %s with %s key".formatted(row.method(), row.path(), caller.getKey());
                switch (expected(row.access(), caller.getKey())) {
                    case "401" -> assertThat(status).as(what).isEqualTo(401);
                    case "403" -> assertThat(status).as(what).isEqualTo(403);
                    default -> assertThat(status).as(what).isNotIn(401, 403);
                }
            }
        }
    }

    @Test
    void theTableCoversEveryDocumentedOperation() throws Exception {
        JsonNode spec = anonymous.get("/v3/api-docs").json();
        Set<String> documented = new HashSet<>();
        spec.get("paths").properties().forEach(path -> path.getValue().propertyNames()
                .forEach(method -> documented.add(method.toUpperCase() + " " + path.getKey())));
        Set<String> tabled = new HashSet<>();
        TABLE.forEach(row -> tabled.add(row.method() + " " + row.path()));
        assertThat(tabled).containsAll(documented);
    }

    /** "401", "403" or "through" for a caller with that key on an endpoint of that access. */
    private static String expected(Access access, String caller) {
        if (caller.equals("wrong")) {
            return "401";   // a key that is presented must be valid, on public endpoints too
        }
        if (access == Access.PUBLIC) {
            return "through";
        }
        if (caller.equals("none") || caller.equals("wrong")) {
            return "401";
        }
        boolean allowed = switch (access) {
            case ANY_KEY -> true;
            case CLASSIFY -> caller.equals("classify") || caller.equals("admin");
            case TRAIN -> caller.equals("train") || caller.equals("admin");
            case ADMIN -> caller.equals("admin");
            case PUBLIC -> true;
        };
        return allowed ? "through" : "403";
    }

    private static int call(Http http, String method, String path) throws Exception {
        return switch (method) {
            case "GET" -> http.get(path).status();   // an unknown job's events are a 404, not a stream
            case "POST" -> path.contains("/classify") || path.equals("/api/v1/datasets")
                    ? http.postFile(path, path.endsWith("batch") ? "images" : path.contains("classify") ? "image"
                            : "file", "x.bin", new byte[] {1}).status()
                    : http.postJson(path, "{}").status();
            case "PUT" -> http.put(path).status();
            case "DELETE" -> http.delete(path).status();
            default -> throw new IllegalArgumentException(method);
        };
    }
}
