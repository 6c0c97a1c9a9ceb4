package io.tenfold.deploy;

import static io.tenfold.deploy.HelmChartTest.list;
import static io.tenfold.deploy.HelmChartTest.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml: its structure (parsed here), and {@code docker-compose config} where that command exists
 * (Debian's docker-compose validates a file without a Docker engine); skipped where it does not.
 */
class ComposeFileTest {

    private static final Path COMPOSE = Path.of("docker-compose.yml");
    private static final Path ENV_EXAMPLE = Path.of(".env.example");

    @Test
    void deploymentFilesAreValidYaml() throws IOException {
        List<Path> files = new ArrayList<>(List.of(COMPOSE, Path.of("helm/tenfold/Chart.yaml"),
                Path.of("helm/tenfold/values.yaml")));
        try (Stream<Path> ci = Files.list(Path.of("helm/tenfold/ci"))) {
            ci.filter(p -> p.toString().endsWith(".yaml")).forEach(files::add);
        }
        for (Path file : files) {
            Object doc = new Yaml().load(Files.readString(file));
            assertThat(doc).as("%s parses to a mapping", file).isInstanceOf(Map.class);
        }
    }

    @Test
    void topology() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(COMPOSE));
        Map<String, Object> services = map(compose, "services");
        assertThat(services).containsOnlyKeys("postgres", "minio", "api", "worker", "worker-cpu");

        assertThat(map(services, "postgres", "healthcheck")).containsKey("test");
        assertThat((String) map(services, "postgres").get("image")).matches("postgres:1[56].*");
        assertThat(map(services, "minio", "healthcheck")).containsKey("test");

        Map<String, Object> api = map(services, "api");
        assertThat(map(api, "build")).containsEntry("target", "cpu");
        assertThat(map(api, "environment")).containsEntry("TENFOLD_ROLE", "api");
        // published on loopback only
        assertThat(stringList(api.get("ports"))).isNotEmpty().allMatch(p -> p.startsWith("127.0.0.1:"));
        assertThat(stringList(map(services, "minio").get("ports"))).allMatch(p -> p.startsWith("127.0.0.1:"));
        for (String internal : List.of("postgres", "worker", "worker-cpu")) {
            assertThat(map(services, internal)).as(internal).doesNotContainKey("ports");
        }

        Map<String, Object> worker = map(services, "worker");
        assertThat(map(worker, "build")).containsEntry("target", "gpu");
        assertThat(map(worker, "build", "args")).containsEntry("MAVEN_PROFILE", "cuda");
        assertThat(stringList(worker.get("profiles"))).containsExactly("gpu");
        assertThat(list(worker, "deploy", "resources", "reservations", "devices")).singleElement()
                .satisfies(d -> assertThat(d).containsEntry("driver", "nvidia")
                        .containsEntry("capabilities", List.of("gpu")));
        assertThat(map(worker, "environment")).containsEntry("TENFOLD_ROLE", "worker");

        Map<String, Object> cpuWorker = map(services, "worker-cpu");
        assertThat(map(cpuWorker, "build")).containsEntry("target", "cpu");
        assertThat(stringList(cpuWorker.get("profiles"))).containsExactly("cpu");
        assertThat(cpuWorker).doesNotContainKey("deploy");

        for (String name : List.of("api", "worker", "worker-cpu")) {
            Map<String, Object> env = map(services, name, "environment");
            assertThat(env).as(name).containsKeys("SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_USERNAME",
                    "SPRING_DATASOURCE_PASSWORD", "TENFOLD_STORAGE_TYPE", "TENFOLD_STORAGE_S3_BUCKET",
                    "TENFOLD_STORAGE_S3_ENDPOINT", "TENFOLD_STORAGE_S3_REGION", "TENFOLD_STORAGE_S3_PATH_STYLE",
                    "TENFOLD_STORAGE_S3_CREATE_BUCKET", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                    "TENFOLD_SECURITY_ADMIN_KEY", "SERVER_ADDRESS");
            assertThat(env).containsEntry("TENFOLD_STORAGE_TYPE", "s3").containsEntry("SERVER_ADDRESS", "0.0.0.0");
            // secrets come from .env, and the file refuses to run without them
            for (String secret : List.of("SPRING_DATASOURCE_PASSWORD", "AWS_SECRET_ACCESS_KEY", "TENFOLD_SECURITY_ADMIN_KEY")) {
                assertThat((String) env.get(secret)).as("%s of %s", secret, name).startsWith("${").contains(":?");
            }
            assertThat(map(services, name)).containsKey("mem_limit");
            assertThat(map(services, name, "depends_on", "postgres")).containsEntry("condition", "service_healthy");
        }
        assertThat(String.valueOf(worker.get("stop_grace_period"))).isEqualTo("120s");
    }

    @Test
    void envExampleHasPlaceholdersAndEnvIsIgnored() throws IOException {
        Map<String, String> example = readEnv(ENV_EXAMPLE);
        assertThat(example).containsKeys("POSTGRES_PASSWORD", "MINIO_ROOT_PASSWORD", "TENFOLD_ADMIN_KEY", "COMPOSE_PROFILES");
        assertThat(example.get("POSTGRES_PASSWORD")).startsWith("change-me");
        assertThat(example.get("MINIO_ROOT_PASSWORD")).startsWith("change-me").hasSizeGreaterThanOrEqualTo(8);
        assertThat(example.get("TENFOLD_ADMIN_KEY")).startsWith("change-me").hasSizeGreaterThanOrEqualTo(24);
        assertThat(Files.readAllLines(Path.of(".gitignore"))).contains(".env");
        assertThat(Files.readString(Path.of(".dockerignore"))).contains(".env");
    }

    @Test
    void dockerComposeConfigValidatesWithEachProfile() throws Exception {
        assumeTrue(onPath("docker-compose"), "docker-compose is not installed (apt-get install docker-compose)");

        for (List<String> profile : List.of(List.<String>of(), List.of("--profile", "cpu"), List.of("--profile", "gpu"))) {
            List<String> command = new ArrayList<>(List.of("docker-compose", "--env-file", ENV_EXAMPLE.toString(),
                    "-f", COMPOSE.toString()));
            command.addAll(profile);
            command.addAll(List.of("config", "-q"));
            Result result = run(command);
            assertThat(result.exitCode()).as("%s: %s", command, result.output()).isZero();
        }

        // without the .env values it refuses to run, naming what is missing
        Path empty = Files.createTempFile("empty", ".env");
        try {
            Result result = run(List.of("docker-compose", "--env-file", empty.toString(), "-f", COMPOSE.toString(),
                    "config", "-q"));
            assertThat(result.exitCode()).isNotZero();
            assertThat(result.output()).contains(".env.example");
        } finally {
            Files.deleteIfExists(empty);
        }
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // only the env file may give these values
        for (String name : List.of("POSTGRES_PASSWORD", "MINIO_ROOT_PASSWORD", "TENFOLD_ADMIN_KEY", "COMPOSE_PROFILES",
                "COMPOSE_FILE", "COMPOSE_PROJECT_NAME")) {
            builder.environment().remove(name);
        }
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, String> readEnv(Path file) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int eq = trimmed.indexOf('=');
            env.put(trimmed.substring(0, eq), trimmed.substring(eq + 1));
        }
        return env;
    }

    private static List<String> stringList(Object value) {
        List<String> strings = new ArrayList<>();
        if (value instanceof List<?> l) {
            l.forEach(v -> strings.add(String.valueOf(v)));
        }
        return strings;
    }
}
