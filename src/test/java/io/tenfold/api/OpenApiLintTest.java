package io.tenfold.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tenfold.support.Http;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The published OpenAPI document passes a real linter (@redocly/cli from npm), and documents every
 * endpoint. Skipped where npx is not installed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "tenfold.role=api")
class OpenApiLintTest {

    static final String REDOCLY = "@redocly/cli@2.77.0";

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) throws Exception {
        Path dir = Files.createTempDirectory("tenfold-openapi-");
        registry.add("tenfold.data-dir", dir::toString);
    }

    @LocalServerPort
    int port;

    @Test
    void theSpecDocumentsEveryEndpointAndPassesTheLinter() throws Exception {
        Http.Response spec = new Http(port).get("/v3/api-docs");
        assertThat(spec.status()).isEqualTo(200);
        Path file = Files.createDirectories(Path.of("target")).resolve("openapi.json");
        Files.writeString(file, spec.body());
        assertThat(spec.json().get("paths").propertyNames()).contains(
                "/api/v1/datasets", "/api/v1/datasets/{id}", "/api/v1/jobs", "/api/v1/jobs/{id}",
                "/api/v1/jobs/{id}/events", "/api/v1/jobs/{id}/cancel", "/api/v1/jobs/{id}/retry",
                "/api/v1/models", "/api/v1/models/{ref}", "/api/v1/models/{ref}/classify",
                "/api/v1/models/{ref}/aliases/{alias}", "/api/v1/models/{ref}/download");
        for (String classify : List.of("/api/v1/models/{ref}/classify", "/api/v1/models/{ref}/classify/batch")) {
            var responses = spec.json().get("paths").get(classify).get("post").get("responses");
            assertThat(responses.propertyNames()).as(classify).contains("200", "400", "404", "413", "415", "422", "503");
            assertThat(responses.get("503").get("headers").has("Retry-After")).isTrue();
        }

        assumeTrue(onPath("npx"), "npx is not installed; the lint needs Node.js");
        Process lint = new ProcessBuilder(List.of("npx", "--yes", REDOCLY, "lint", file.toString(),
                "--config", "redocly.yaml", "--format", "stylish"))
                .redirectErrorStream(true).start();
        String output = new String(lint.getInputStream().readAllBytes());
        assertThat(lint.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(lint.exitValue()).as(output).isZero();
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
