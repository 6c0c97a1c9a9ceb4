package io.tenfold.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Lints and renders helm/tenfold with helm-java's native Helm engine (no Helm binary, no cluster), and checks
 * the rendered manifests: the objects made, the worker's GPU, the probes, the memory settings, where secrets go.
 */
class HelmChartTest {

    private static final Path CHART = Path.of("helm/tenfold");
    private static final Path GPU_EXISTING_SECRETS = CHART.resolve("ci/gpu-existing-secrets-values.yaml");
    private static final Path CPU_TRY_OUT = CHART.resolve("ci/cpu-try-out-values.yaml");
    private static final long GI = 1L << 30;

    private static IsolatedHelm helm;

    @BeforeAll
    static void engine() {
        assumeTrue("Linux".equals(System.getProperty("os.name")) && "amd64".equals(System.getProperty("os.arch")),
                "helm-java's native engine is on the test class path for linux-amd64 only");
        helm = new IsolatedHelm(CHART);
    }

    @Test
    void lintsCleanInStrictMode() {
        IsolatedHelm.Lint lint = helm.lint();
        assertThat(lint.failed()).as("helm lint --strict: %s", lint.messages()).isFalse();
        assertThat(lint.messages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }

    @Test
    void defaultValuesMakeAnApiAndAGpuWorker() {
        Manifests m = render(null, Map.of());

        assertThat(m.kinds()).contains("ConfigMap", "Secret", "ServiceAccount", "Service", "Deployment")
                .doesNotContain("ServiceMonitor");
        assertThat(m.named("Deployment")).containsOnlyKeys("tf-tenfold-api", "tf-tenfold-worker");
        assertThat(m.named("Service")).containsOnlyKeys("tf-tenfold-api");

        Map<String, Object> worker = m.get("Deployment", "tf-tenfold-worker");
        Map<String, Object> workerPod = pod(worker);
        Map<String, Object> workerContainer = container(worker);
        assertThat(map(workerContainer, "resources", "limits")).containsEntry("nvidia.com/gpu", 1)
                .containsEntry("memory", "16Gi");
        assertThat(str(workerContainer, "image")).isEqualTo("tenfold:0.1.0-gpu");
        assertThat(map(workerPod, "nodeSelector")).containsEntry("nvidia.com/gpu.present", "true");
        assertThat(list(workerPod, "tolerations")).anySatisfy(t -> assertThat(t).containsEntry("key", "nvidia.com/gpu"));
        assertThat((Integer) workerPod.get("terminationGracePeriodSeconds")).isGreaterThanOrEqualTo(90);
        assertThat(env(workerContainer)).containsEntry("TENFOLD_ROLE", "worker");
        assertThat(map(worker, "spec", "strategy", "rollingUpdate")).containsEntry("maxSurge", 0);

        Map<String, Object> api = m.get("Deployment", "tf-tenfold-api");
        Map<String, Object> apiContainer = container(api);
        assertThat(str(apiContainer, "image")).isEqualTo("tenfold:0.1.0-cpu");
        assertThat(env(apiContainer)).containsEntry("TENFOLD_ROLE", "api");
        assertThat(map(apiContainer, "resources", "limits")).doesNotContainKey("nvidia.com/gpu");
        assertThat(map(pod(api), "nodeSelector")).isEmpty();

        Map<String, Object> service = m.get("Service", "tf-tenfold-api");
        assertThat(map(service, "spec", "selector")).containsEntry("app.kubernetes.io/component", "api");
        assertThat(map(api, "spec", "template", "metadata", "labels"))
                .containsAllEntriesOf(stringMap(map(service, "spec", "selector")));
    }

    @Test
    void bothComponentsProbeTheActuatorAndRunNonRootOnAReadOnlyRoot() {
        Manifests m = render(null, Map.of());
        for (String name : List.of("tf-tenfold-api", "tf-tenfold-worker")) {
            Map<String, Object> deployment = m.get("Deployment", name);
            Map<String, Object> c = container(deployment);
            assertThat(str(c, "livenessProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
            assertThat(str(c, "readinessProbe", "httpGet", "path")).isEqualTo("/actuator/health/readiness");
            assertThat(str(c, "startupProbe", "httpGet", "path")).startsWith("/actuator/health/");
            int startupSeconds = (Integer) map(c, "startupProbe").get("periodSeconds")
                    * (Integer) map(c, "startupProbe").get("failureThreshold");
            assertThat(startupSeconds).as("%s: time allowed for the first start", name).isGreaterThanOrEqualTo(300);
            assertThat(list(c, "ports")).anySatisfy(p -> assertThat(p).containsEntry("name", "http")
                    .containsEntry("containerPort", 8080));

            Map<String, Object> podSecurity = map(pod(deployment), "securityContext");
            assertThat(podSecurity).containsEntry("runAsNonRoot", true).containsEntry("runAsUser", 10001);
            assertThat(map(c, "securityContext")).containsEntry("readOnlyRootFilesystem", true)
                    .containsEntry("allowPrivilegeEscalation", false);

            Map<String, String> mounts = list(c, "volumeMounts").stream()
                    .collect(Collectors.toMap(v -> (String) v.get("mountPath"), v -> (String) v.get("name")));
            assertThat(mounts).containsKeys("/tmp", "/var/cache/tenfold/javacpp", "/var/lib/tenfold");
            Map<String, Object> volumes = list(pod(deployment), "volumes").stream()
                    .collect(Collectors.toMap(v -> (String) v.get("name"), v -> v));
            for (String volume : mounts.values()) {
                assertThat(map(volumes, volume)).as("volume %s", volume).containsKey("emptyDir");
            }
            assertThat(env(c)).containsEntry("JAVACPP_CACHE_DIR", "/var/cache/tenfold/javacpp");
        }
    }

    @Test
    void memorySettingsFollowEachContainersLimit() {
        Manifests m = render(null, Map.of());
        Map<String, Object> api = container(m.get("Deployment", "tf-tenfold-api"));
        assertThat(env(api).get("JAVA_TOOL_OPTIONS"))
                .contains("-XX:InitialRAMPercentage=25 -XX:MaxRAMPercentage=25 -XX:+AlwaysPreTouch");
        assertThat(env(api)).containsEntry("JAVACPP_MAXBYTES", String.valueOf(4 * GI / 2))
                .containsEntry("JAVACPP_MAXPHYSICALBYTES", String.valueOf(4 * GI * 85 / 100));
        Map<String, Object> worker = container(m.get("Deployment", "tf-tenfold-worker"));
        assertThat(env(worker)).containsEntry("JAVACPP_MAXBYTES", String.valueOf(16 * GI / 2))
                .containsEntry("JAVACPP_MAXPHYSICALBYTES", String.valueOf(16 * GI * 85 / 100));

        // an explicit size wins; other units are read
        Manifests custom = render(null, Map.of("worker.javacpp.maxBytes", "12g", "api.resources.limits.memory", "3000M"));
        assertThat(env(container(custom.get("Deployment", "tf-tenfold-worker")))).containsEntry("JAVACPP_MAXBYTES", "12g");
        assertThat(env(container(custom.get("Deployment", "tf-tenfold-api"))))
                .containsEntry("JAVACPP_MAXBYTES", "1500000000");
    }

    @Test
    void refusesMemorySettingsThatCannotFit() {
        assertThatThrownBy(() -> render(null, Map.of("api.resources.limits.memory", "")))
                .hasMessageContaining("api.resources.limits.memory is required");
        assertThatThrownBy(() -> render(null, Map.of("jvm.maxRamPercentage", 50)))
                .hasMessageContaining("must not exceed the process cap");
        assertThatThrownBy(() -> render(null, Map.of("worker.resources.limits.memory", "1.5Gi")))
                .hasMessageContaining("cannot read the memory quantity");
    }

    @Test
    void existingSecretsAndGpuValues() {
        Manifests m = render(GPU_EXISTING_SECRETS, Map.of());

        assertThat(m.kinds()).doesNotContain("Secret").contains("ServiceMonitor");
        assertThat(m.named("Service")).containsOnlyKeys("tf-tenfold-api", "tf-tenfold-worker-metrics");
        Map<String, Object> monitor = m.get("ServiceMonitor", "tf-tenfold");
        assertThat(list(monitor, "spec", "endpoints")).singleElement()
                .satisfies(e -> assertThat(e).containsEntry("path", "/actuator/prometheus"));

        for (String name : List.of("tf-tenfold-api", "tf-tenfold-worker")) {
            Map<String, Object> c = container(m.get("Deployment", name));
            Map<String, String> refs = secretRefs(c);
            assertThat(refs).containsEntry("SPRING_DATASOURCE_USERNAME", "tenfold-db-app/username")
                    .containsEntry("SPRING_DATASOURCE_PASSWORD", "tenfold-db-app/password")
                    .containsEntry("AWS_ACCESS_KEY_ID", "tenfold-s3/accesskey")
                    .containsEntry("AWS_SECRET_ACCESS_KEY", "tenfold-s3/secretkey")
                    .containsEntry("TENFOLD_SECURITY_ADMIN_KEY", "tenfold-admin/key");
        }
        Map<String, Object> worker = container(m.get("Deployment", "tf-tenfold-worker"));
        assertThat(str(worker, "image")).isEqualTo("ml/tenfold:0.1.0-gpu");
        assertThat(map(worker, "resources", "limits")).containsEntry("nvidia.com/gpu", 1).containsEntry("memory", "24Gi");
        assertThat(env(worker)).containsEntry("JAVACPP_MAXBYTES", "16g");
        assertThat(map(m.get("Deployment", "tf-tenfold-worker"), "spec")).containsEntry("replicas", 2);

        Map<String, Object> config = map(m.get("ConfigMap", "tf-tenfold"), "data");
        assertThat(config).containsEntry("TENFOLD_STORAGE_TYPE", "s3")
                .containsEntry("TENFOLD_STORAGE_S3_BUCKET", "tenfold-models")
                .containsEntry("TENFOLD_STORAGE_S3_ENDPOINT", "http://minio.minio.svc:9000")
                .containsEntry("TENFOLD_STORAGE_S3_PATH_STYLE", "true")
                .containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://tenfold-db-rw.databases.svc:5432/tenfold")
                .doesNotContainKey("SPRING_DATASOURCE_USERNAME");
    }

    @Test
    void configMapHoldsTheSettingsAndNoSecret() {
        Manifests m = render(CPU_TRY_OUT, Map.of());
        Map<String, Object> config = map(m.get("ConfigMap", "tf-tenfold"), "data");
        assertThat(config).containsKeys("SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_USERNAME", "TENFOLD_STORAGE_TYPE",
                "TENFOLD_STORAGE_S3_BUCKET", "TENFOLD_STORAGE_S3_ENDPOINT", "TENFOLD_STORAGE_S3_REGION",
                "TENFOLD_STORAGE_S3_PATH_STYLE", "TENFOLD_STORAGE_S3_CREATE_BUCKET", "TENFOLD_DATA_DIR",
                "TENFOLD_WORKER_LEASE_DURATION", "TENFOLD_JOBS_MAX_ATTEMPTS", "SERVER_ADDRESS");
        assertThat(config).containsEntry("SERVER_ADDRESS", "0.0.0.0").containsEntry("TENFOLD_DATA_DIR", "/var/lib/tenfold");
        assertThat(config.keySet()).noneMatch(k -> k.contains("PASSWORD") || k.contains("SECRET") || k.startsWith("AWS_")
                || k.contains("ADMIN_KEY"));

        // the plaintext secrets of the values file appear nowhere in the manifests, only base64 in the Secret
        List<String> plaintext = List.of("try-out-db-password", "try-out-access-key", "try-out-secret-key",
                "tf_try-out-admin-key-0123456789abcdef");
        for (String secret : plaintext) {
            assertThat(m.text()).as("plaintext %s in the manifests", secret).doesNotContain(secret);
        }
        Map<String, Object> secret = map(m.get("Secret", "tf-tenfold"), "data");
        assertThat(decode(secret)).containsEntry("database-password", "try-out-db-password")
                .containsEntry("s3-access-key-id", "try-out-access-key")
                .containsEntry("s3-secret-access-key", "try-out-secret-key")
                .containsEntry("admin-key", "tf_try-out-admin-key-0123456789abcdef");

        Map<String, Object> api = container(m.get("Deployment", "tf-tenfold-api"));
        assertThat(secretRefs(api)).containsEntry("SPRING_DATASOURCE_PASSWORD", "tf-tenfold/database-password")
                .containsEntry("AWS_ACCESS_KEY_ID", "tf-tenfold/s3-access-key-id")
                .containsEntry("AWS_SECRET_ACCESS_KEY", "tf-tenfold/s3-secret-access-key")
                .containsEntry("TENFOLD_SECURITY_ADMIN_KEY", "tf-tenfold/admin-key");
        assertThat(list(api, "envFrom")).singleElement()
                .satisfies(e -> assertThat(map(e, "configMapRef")).containsEntry("name", "tf-tenfold"));
    }

    @Test
    void aCpuWorkerHasNoGpuAndUsesTheCpuImage() {
        Manifests m = render(CPU_TRY_OUT, Map.of());
        Map<String, Object> worker = m.get("Deployment", "tf-tenfold-worker");
        Map<String, Object> c = container(worker);
        assertThat(str(c, "image")).isEqualTo("tenfold:0.1.0-cpu");
        assertThat(map(c, "resources", "limits")).doesNotContainKey("nvidia.com/gpu");
        assertThat(pod(worker)).doesNotContainKeys("nodeSelector", "tolerations");
        assertThat(env(c)).containsEntry("JAVACPP_MAXBYTES", String.valueOf(8 * GI / 2));
    }

    @Test
    void generatesAnAdminKeyWhenNoneIsGivenAndNoS3KeysByDefault() {
        Manifests m = render(null, Map.of());
        Map<String, String> secret = decode(map(m.get("Secret", "tf-tenfold"), "data"));
        assertThat(secret.get("admin-key")).startsWith("tf_").hasSizeGreaterThanOrEqualTo(24);
        assertThat(secret).doesNotContainKeys("s3-access-key-id", "s3-secret-access-key");
        // without keys the AWS SDK's default chain finds credentials itself (for example a service account role)
        assertThat(secretRefs(container(m.get("Deployment", "tf-tenfold-api"))))
                .doesNotContainKeys("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");

        assertThatThrownBy(() -> render(null, Map.of("security.adminKey.value", "too-short")))
                .hasMessageContaining("at least 24 characters");
    }

    @Test
    void notesTellHowToReachTheApiAndWhereTheAdminKeyIs() {
        String notes = helm.installDryRun("tf", Map.of());
        assertThat(notes).contains("port-forward service/tf-tenfold-api 8080:8080")
                .contains("get secret tf-tenfold -o jsonpath='{.data.admin-key}'")
                .contains("1 nvidia.com/gpu each")
                .contains("WARNING: no database password is set")
                .contains("NOTE: the database password, the admin key are in the chart's own Secret tf-tenfold");

        String production = helm.installDryRun("tf", Map.of("database.existingSecret", "db",
                "security.adminKey.existingSecret", "admin", "security.adminKey.existingSecretKey", "key"));
        assertThat(production).contains("get secret admin -o jsonpath='{.data.key}'")
                .doesNotContain("WARNING").doesNotContain("chart's own Secret");
    }

    // --- rendering and reading manifests ---

    private static Manifests render(Path valuesFile, Map<String, Object> set) {
        String text = helm.template("tf", valuesFile, set);
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new Yaml().loadAll(text)) {
            if (doc != null) {
                docs.add(cast(doc));
            }
        }
        return new Manifests(text, docs);
    }

    private record Manifests(String text, List<Map<String, Object>> docs) {

        List<String> kinds() {
            return docs.stream().map(d -> (String) d.get("kind")).distinct().toList();
        }

        Map<String, Map<String, Object>> named(String kind) {
            Map<String, Map<String, Object>> named = new LinkedHashMap<>();
            docs.stream().filter(d -> kind.equals(d.get("kind")))
                    .forEach(d -> named.put(str(d, "metadata", "name"), d));
            return named;
        }

        Map<String, Object> get(String kind, String name) {
            return Objects.requireNonNull(named(kind).get(name), () -> kind + " " + name + " not rendered; have "
                    + docs.stream().map(d -> d.get("kind") + "/" + str(d, "metadata", "name")).toList());
        }
    }

    private static Map<String, Object> pod(Map<String, Object> deployment) {
        return map(deployment, "spec", "template", "spec");
    }

    private static Map<String, Object> container(Map<String, Object> deployment) {
        List<Map<String, Object>> containers = list(pod(deployment), "containers");
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    /** Plain env values of a container (not those from secrets). */
    private static Map<String, String> env(Map<String, Object> container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Map<String, Object> e : list(container, "env")) {
            if (e.containsKey("value")) {
                env.put((String) e.get("name"), String.valueOf(e.get("value")));
            }
        }
        return env;
    }

    /** Env names read from secrets: name -> "secret/key". */
    private static Map<String, String> secretRefs(Map<String, Object> container) {
        Map<String, String> refs = new LinkedHashMap<>();
        for (Map<String, Object> e : list(container, "env")) {
            Map<String, Object> ref = map(e, "valueFrom", "secretKeyRef");
            if (!ref.isEmpty()) {
                refs.put((String) e.get("name"), ref.get("name") + "/" + ref.get("key"));
            }
        }
        return refs;
    }

    private static Map<String, String> decode(Map<String, Object> secretData) {
        Map<String, String> decoded = new LinkedHashMap<>();
        secretData.forEach((k, v) -> decoded.put(k,
                new String(Base64.getDecoder().decode((String) v), StandardCharsets.UTF_8)));
        return decoded;
    }

    private static Map<String, String> stringMap(Map<String, Object> map) {
        Map<String, String> strings = new LinkedHashMap<>();
        map.forEach((k, v) -> strings.put(k, String.valueOf(v)));
        return strings;
    }

    /** The map at a path; empty when any step is missing. */
    static Map<String, Object> map(Map<String, Object> root, String... path) {
        Object node = root;
        for (String step : path) {
            if (!(node instanceof Map<?, ?> m) || !m.containsKey(step)) {
                return Map.of();
            }
            node = m.get(step);
        }
        return node instanceof Map<?, ?> ? cast(node) : Map.of();
    }

    static List<Map<String, Object>> list(Map<String, Object> root, String... path) {
        Map<String, Object> parent = map(root, java.util.Arrays.copyOf(path, path.length - 1));
        Object node = parent.get(path[path.length - 1]);
        return node instanceof List<?> ? cast(node) : List.of();
    }

    static String str(Map<String, Object> root, String... path) {
        Map<String, Object> parent = map(root, java.util.Arrays.copyOf(path, path.length - 1));
        Object value = parent.get(path[path.length - 1]);
        return value == null ? null : value.toString();
    }

    @SuppressWarnings("unchecked")
    static <T> T cast(Object o) {
        return (T) o;
    }
}
