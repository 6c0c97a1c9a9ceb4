package io.tenfold.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Dockerfile read as text (no Docker engine runs here), and its entrypoint script run with a stand-in
 * {@code java} and made-up cgroup files, to check the memory settings it derives.
 */
class ContainerImageTest {

    private static final Path DOCKERFILE = Path.of("Dockerfile");
    private static final Path ENTRYPOINT = Path.of("docker/entrypoint.sh");
    private static final long GI = 1L << 30;

    @TempDir
    Path dir;

    @Test
    void dockerfileHasABuildStageAndCpuAndGpuTargets() throws IOException {
        String text = Files.readString(DOCKERFILE);
        Map<String, String> stages = stages(text);
        assertThat(stages).containsOnlyKeys("build", "cpu", "gpu");
        assertThat(defaultOf(text, stages.get("cpu"))).startsWith("eclipse-temurin:17-jre");
        assertThat(defaultOf(text, stages.get("gpu"))).isEqualTo("nvidia/cuda:11.6.2-cudnn8-runtime-ubuntu20.04");
        assertThat(defaultOf(text, stages.get("build"))).contains("maven").contains("17");
        // no registry host in an image name: the part before the first '/' has no '.' or ':'
        for (String image : List.of(defaultOf(text, stages.get("cpu")), defaultOf(text, stages.get("gpu")),
                defaultOf(text, stages.get("build")))) {
            if (image.contains("/")) {
                assertThat(image.substring(0, image.indexOf('/'))).as(image).doesNotContain(".", ":");
            }
        }

        // dependencies are resolved in a layer of their own, before the sources arrive
        assertThat(text.indexOf("dependency:go-offline")).isGreaterThan(text.indexOf("COPY pom.xml"))
                .isGreaterThan(text.indexOf("COPY .mvn/")).isLessThan(text.indexOf("COPY src/"));
        assertThat(text).contains("ARG MAVEN_PROFILE=cpu").contains("-P \"${MAVEN_PROFILE}\"");
        assertThat(text).contains("openjdk-17-jre-headless");

        for (String target : List.of("cpu", "gpu")) {
            String stage = stageText(text, target);
            assertThat(stage).as(target).contains("USER 10001:10001", "EXPOSE 8080", "/var/lib/tenfold",
                    "/var/cache/tenfold/javacpp", "-XX:InitialRAMPercentage=25 -XX:MaxRAMPercentage=25 -XX:+AlwaysPreTouch",
                    "TENFOLD_DATA_DIR=/var/lib/tenfold",
                    "MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED=true", "curl", "libjemalloc2");
            assertThat(stage).containsPattern("HEALTHCHECK [^\\n]*--start-period=\\d+s");
            assertThat(stage).contains("/actuator/health/liveness");
            assertThat(stage).contains("ENTRYPOINT [\"/bin/sh\", \"/usr/local/bin/tenfold-entrypoint\"]");
        }
        assertThat(stageText(text, "gpu")).contains("nd4j-cuda-11.6");
        assertThat(stageText(text, "cpu")).contains("nd4j-native");
    }

    @Test
    void dockerignoreKeepsTheContextSmall() throws IOException {
        List<String> lines = Files.readAllLines(Path.of(".dockerignore"));
        assertThat(lines).contains("*", "!pom.xml", "!.mvn/", "!src/", "!docker/", "**/target/", "**/.env");
    }

    @Test
    void entrypointSizesNativeMemoryFromTheCgroupLimit() throws Exception {
        Path cgroup = Files.createDirectories(dir.resolve("cgroup"));
        Files.writeString(cgroup.resolve("memory.max"), (8 * GI) + "\n");
        Map<String, String> run = runEntrypoint(cgroup, Map.of("JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=25"),
                "--tenfold.role=worker");

        assertThat(run.get("JAVA_TOOL_OPTIONS")).startsWith("-XX:MaxRAMPercentage=25 ")
                .contains("-Dorg.bytedeco.javacpp.maxbytes=" + (8 * GI / 100 * 50))
                .contains("-Dorg.bytedeco.javacpp.maxphysicalbytes=" + (8 * GI / 100 * 85))
                .contains("-Dorg.bytedeco.javacpp.cachedir=/var/cache/tenfold/javacpp");
        assertThat(run.get("ARGS")).isEqualTo("-cp /opt/tenfold org.springframework.boot.loader.launch.JarLauncher "
                + "--tenfold.role=worker");
    }

    @Test
    void entrypointUsesTheMachinesMemoryWhenTheContainerIsUnlimited() throws Exception {
        Path cgroupV1 = Files.createDirectories(dir.resolve("cgroup/memory"));
        Files.writeString(cgroupV1.resolve("memory.limit_in_bytes"), "9223372036854771712\n");
        Map<String, String> run = runEntrypoint(dir.resolve("cgroup"), Map.of());
        long machine = 24_000_000L * 1024;   // the made-up /proc/meminfo
        assertThat(run.get("JAVA_TOOL_OPTIONS")).contains("-Dorg.bytedeco.javacpp.maxbytes=" + (machine / 100 * 50));
    }

    @Test
    void entrypointKeepsSizesAndOptionsGivenByTheEnvironment() throws Exception {
        Path cgroup = Files.createDirectories(dir.resolve("cgroup"));
        Files.writeString(cgroup.resolve("memory.max"), "max\n");
        Map<String, String> run = runEntrypoint(cgroup, Map.of(
                "JAVACPP_MAXBYTES", "12g",
                "JAVACPP_CACHE_DIR", "/cache",
                "JAVA_OPTS", "-Dorg.bytedeco.javacpp.maxphysicalbytes=20g -Xss1m"));
        assertThat(run.get("JAVA_TOOL_OPTIONS")).contains("-Dorg.bytedeco.javacpp.maxbytes=12g")
                .contains("-Dorg.bytedeco.javacpp.cachedir=/cache")
                .doesNotContain("maxphysicalbytes");
        assertThat(run.get("ARGS")).startsWith("-Dorg.bytedeco.javacpp.maxphysicalbytes=20g -Xss1m -cp ");

        Map<String, String> percent = runEntrypoint(cgroup, Map.of("JAVACPP_MAXBYTES_PERCENT", "40"));
        assertThat(percent.get("JAVA_TOOL_OPTIONS"))
                .contains("-Dorg.bytedeco.javacpp.maxbytes=" + (24_000_000L * 1024 / 100 * 40));
    }

    @Test
    void entrypointRefusesABadPercentage() throws Exception {
        Path cgroup = Files.createDirectories(dir.resolve("cgroup"));
        Map<String, String> run = runEntrypoint(cgroup, Map.of("JAVACPP_MAXPHYSICALBYTES_PERCENT", "120"));
        assertThat(run.get("exit")).isEqualTo("64");
        assertThat(run.get("output")).contains("JAVACPP_MAXPHYSICALBYTES_PERCENT must be a whole number from 1 to 100");
    }

    @Test
    void entrypointPreloadsJemallocUnlessToldToUseGlibc() throws Exception {
        Path cgroup = Files.createDirectories(dir.resolve("cgroup"));
        // Not a real library: the loader says it cannot preload it and goes on, which is enough here.
        Path library = Files.writeString(dir.resolve("libjemalloc.so.2"), "");

        Map<String, String> jemalloc = runEntrypoint(cgroup, Map.of("TENFOLD_JEMALLOC", library.toString(),
                "LD_PRELOAD", "/other.so"));
        assertThat(jemalloc.get("LD_PRELOAD")).isEqualTo(library + ":/other.so");
        assertThat(jemalloc.get("MALLOC_ARENA_MAX")).isEmpty();

        Map<String, String> glibc = runEntrypoint(cgroup, Map.of("TENFOLD_MALLOC", "glibc"));
        assertThat(glibc.get("LD_PRELOAD")).isEmpty();
        assertThat(glibc.get("MALLOC_ARENA_MAX")).isEqualTo("2");

        Map<String, String> missing = runEntrypoint(cgroup, Map.of("TENFOLD_JEMALLOC", "/nowhere/libjemalloc.so.2"));
        assertThat(missing.get("LD_PRELOAD")).isEmpty();
        assertThat(missing.get("MALLOC_ARENA_MAX")).isEqualTo("2");
        assertThat(missing.get("output")).contains("libjemalloc.so.2 not found");

        Map<String, String> unknown = runEntrypoint(cgroup, Map.of("TENFOLD_MALLOC", "tcmalloc"));
        assertThat(unknown.get("exit")).isEqualTo("64");
        assertThat(unknown.get("output")).contains("TENFOLD_MALLOC must be jemalloc or glibc");
    }

    /** Runs docker/entrypoint.sh with a stand-in java that prints what it was given. */
    private Map<String, String> runEntrypoint(Path cgroupRoot, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho \"JAVA_TOOL_OPTIONS=$JAVA_TOOL_OPTIONS\"\necho \"ARGS=$*\"\n"
                + "echo \"LD_PRELOAD=${LD_PRELOAD:-}\"\necho \"MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-}\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path meminfo = dir.resolve("meminfo");
        Files.writeString(meminfo, "MemTotal:       24000000 kB\nMemFree:          100000 kB\n");

        List<String> command = new ArrayList<>(List.of("/bin/sh", ENTRYPOINT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(k -> k.startsWith("JAVA") || k.startsWith("TENFOLD_") || k.equals("LD_PRELOAD")
                || k.startsWith("MALLOC_"));
        environment.put("PATH", bin + ":/usr/bin:/bin");
        environment.put("TENFOLD_CGROUP_ROOT", cgroupRoot.toString());
        environment.put("TENFOLD_MEMINFO", meminfo.toString());
        environment.putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();

        Map<String, String> result = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && List.of("JAVA_TOOL_OPTIONS", "ARGS", "LD_PRELOAD", "MALLOC_ARENA_MAX")
                    .contains(line.substring(0, eq))) {
                result.put(line.substring(0, eq), line.substring(eq + 1).strip());
            }
        }
        result.put("exit", String.valueOf(process.exitValue()));
        result.put("output", output);
        return result;
    }

    /** Stage name -> the image expression of its FROM line. */
    private static Map<String, String> stages(String dockerfile) {
        Map<String, String> stages = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^FROM\\s+(\\S+)\\s+AS\\s+(\\S+)\\s*$").matcher(dockerfile);
        while (m.find()) {
            stages.put(m.group(2), m.group(1));
        }
        return stages;
    }

    /** The default of an ARG named in a FROM line ("${CPU_BASE_IMAGE}"), or the image itself. */
    private static String defaultOf(String dockerfile, String from) {
        Matcher arg = Pattern.compile("\\$\\{(\\w+)}").matcher(from);
        if (!arg.matches()) {
            return from;
        }
        Matcher def = Pattern.compile("(?m)^ARG\\s+" + arg.group(1) + "=(\\S+)\\s*$").matcher(dockerfile);
        assertThat(def.find()).as("a default for %s", arg.group(1)).isTrue();
        return def.group(1);
    }

    private static String stageText(String dockerfile, String stage) {
        int start = dockerfile.indexOf(" AS " + stage + "\n");
        assertThat(start).as("stage %s", stage).isPositive();
        int next = dockerfile.indexOf("\nFROM ", start);
        return dockerfile.substring(start, next < 0 ? dockerfile.length() : next);
    }
}
