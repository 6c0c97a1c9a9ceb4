# Tenfold container images: one Maven build stage, two runtime targets (docs/deployment.md).
#
#   docker build --target cpu -t tenfold:cpu .                                  # JRE 17; needs AVX2 (the default target)
#   docker build --target gpu --build-arg MAVEN_PROFILE=cuda -t tenfold:gpu .   # CUDA 11.6 + cuDNN 8
#
# MAVEN_PROFILE chooses the ND4J native build that goes into the jar (cpu: oneDNN AVX2; cuda: nd4j-cuda-11.6
# with cuDNN). Each runtime target refuses a jar built for the other one, so a forgotten build arg fails the
# build instead of shipping a GPU image that trains on the CPU. Build with BuildKit (Docker's default builder
# since 23.0): it builds only the stages the target needs, where the classic builder (DOCKER_BUILDKIT=0) would
# also build, and fail, the other target's stage before it.

ARG MAVEN_IMAGE=maven:3.9-eclipse-temurin-17
ARG CPU_BASE_IMAGE=eclipse-temurin:17-jre
ARG GPU_BASE_IMAGE=nvidia/cuda:11.6.2-cudnn8-runtime-ubuntu20.04

############################################################################################################
FROM ${MAVEN_IMAGE} AS build
ARG MAVEN_PROFILE=cpu
WORKDIR /build

# Dependencies first, in their own layer: it is rebuilt only when pom.xml or .mvn/ change.
# (.mvn/maven.config keeps the natives to linux-x86_64.)
COPY pom.xml ./
COPY .mvn/ .mvn/
RUN mvn -B -q -P "${MAVEN_PROFILE}" dependency:go-offline

COPY src/ src/
# Then the jar, split into Spring Boot's layers (dependencies, loader, snapshot dependencies, application):
# each becomes its own image layer below, so a code change ships only the small application layer.
RUN mvn -B -q -P "${MAVEN_PROFILE}" -Dmaven.test.skip=true package \
 && cp target/tenfold-*.jar app.jar \
 && sed -n 's/^nd4j.backend=//p' target/classes/tenfold-build.properties > nd4j-backend \
 && echo "ND4J backend in this jar: $(cat nd4j-backend)" \
 && java -Djarmode=tools -jar app.jar extract --layers --launcher --destination extracted

############################################################################################################
# What both runtime targets share is written out in each (Docker has no stage that two bases can inherit).
# The cpu target comes last, so that a plain "docker build ." builds it.

FROM ${GPU_BASE_IMAGE} AS gpu
ARG DEBIAN_FRONTEND=noninteractive
# A headless Java 17 runtime from Ubuntu's packages; curl for the HEALTHCHECK; jemalloc, which the entrypoint
# preloads under ND4J's native arrays (a flat resident size, BENCHMARKS.md).
RUN apt-get update \
 && apt-get install -y --no-install-recommends openjdk-17-jre-headless curl ca-certificates libjemalloc2 \
 && rm -rf /var/lib/apt/lists/* \
 && java -version \
 && groupadd --system --gid 10001 tenfold \
 && useradd --system --uid 10001 --gid tenfold --home-dir /var/lib/tenfold --shell /usr/sbin/nologin tenfold \
 && install -d -o tenfold -g tenfold -m 0750 /var/lib/tenfold /var/cache/tenfold /var/cache/tenfold/javacpp
COPY --from=build /build/nd4j-backend /opt/tenfold/nd4j-backend
RUN if [ "$(cat /opt/tenfold/nd4j-backend)" != "nd4j-cuda-11.6" ]; then \
      echo "The gpu target needs the CUDA jar: add --build-arg MAVEN_PROFILE=cuda" >&2; exit 1; \
    fi
COPY --from=build /build/extracted/dependencies/ /opt/tenfold/
COPY --from=build /build/extracted/spring-boot-loader/ /opt/tenfold/
COPY --from=build /build/extracted/snapshot-dependencies/ /opt/tenfold/
COPY --from=build /build/extracted/application/ /opt/tenfold/
COPY docker/entrypoint.sh /usr/local/bin/tenfold-entrypoint
# Heap 25% of the container's memory limit, committed and touched at start so that the resident size does not
# follow the heap up and down (BENCHMARKS.md, issue 4 target 5); the entrypoint adds ND4J's off-heap caps (50% and 85% of the
# limit unless JAVACPP_MAXBYTES / JAVACPP_MAXPHYSICALBYTES give sizes) and the JavaCPP cache directory.
# ND4J's caps also bound what it allocates on the GPU: give JAVACPP_MAXBYTES explicitly when the GPU has more
# memory than half the container's limit.
ENV TENFOLD_HOME=/opt/tenfold \
    TENFOLD_DATA_DIR=/var/lib/tenfold \
    JAVACPP_CACHE_DIR=/var/cache/tenfold/javacpp \
    OMP_WAIT_POLICY=PASSIVE \
    JAVA_TOOL_OPTIONS="-XX:InitialRAMPercentage=25 -XX:MaxRAMPercentage=25 -XX:+AlwaysPreTouch -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp" \
    MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED=true \
    NVIDIA_VISIBLE_DEVICES=all \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility
USER 10001:10001
WORKDIR /var/lib/tenfold
EXPOSE 8080
# The first start extracts the native libraries (~390 MB for the CPU build, more for CUDA): a long start period.
HEALTHCHECK --interval=30s --timeout=5s --start-period=300s --retries=3 \
  CMD curl -fsS -o /dev/null "http://127.0.0.1:${SERVER_PORT:-8080}/actuator/health/liveness" || exit 1
ENTRYPOINT ["/bin/sh", "/usr/local/bin/tenfold-entrypoint"]
LABEL org.opencontainers.image.title="tenfold" \
      org.opencontainers.image.description="Tenfold (GPU build: ND4J CUDA 11.6 with cuDNN 8)"

############################################################################################################
FROM ${CPU_BASE_IMAGE} AS cpu
ARG DEBIAN_FRONTEND=noninteractive
# curl: for the HEALTHCHECK; jemalloc: the entrypoint preloads it under ND4J's native arrays
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl ca-certificates libjemalloc2 \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 tenfold \
 && useradd --system --uid 10001 --gid tenfold --home-dir /var/lib/tenfold --shell /usr/sbin/nologin tenfold \
 && install -d -o tenfold -g tenfold -m 0750 /var/lib/tenfold /var/cache/tenfold /var/cache/tenfold/javacpp
COPY --from=build /build/nd4j-backend /opt/tenfold/nd4j-backend
RUN if [ "$(cat /opt/tenfold/nd4j-backend)" != "nd4j-native" ]; then \
      echo "The cpu target needs a CPU jar; build it without --build-arg MAVEN_PROFILE=cuda" >&2; exit 1; \
    fi
COPY --from=build /build/extracted/dependencies/ /opt/tenfold/
COPY --from=build /build/extracted/spring-boot-loader/ /opt/tenfold/
COPY --from=build /build/extracted/snapshot-dependencies/ /opt/tenfold/
COPY --from=build /build/extracted/application/ /opt/tenfold/
COPY docker/entrypoint.sh /usr/local/bin/tenfold-entrypoint
# Memory: as in the gpu target above.
ENV TENFOLD_HOME=/opt/tenfold \
    TENFOLD_DATA_DIR=/var/lib/tenfold \
    JAVACPP_CACHE_DIR=/var/cache/tenfold/javacpp \
    OMP_WAIT_POLICY=PASSIVE \
    JAVA_TOOL_OPTIONS="-XX:InitialRAMPercentage=25 -XX:MaxRAMPercentage=25 -XX:+AlwaysPreTouch -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp" \
    MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED=true
USER 10001:10001
WORKDIR /var/lib/tenfold
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=300s --retries=3 \
  CMD curl -fsS -o /dev/null "http://127.0.0.1:${SERVER_PORT:-8080}/actuator/health/liveness" || exit 1
ENTRYPOINT ["/bin/sh", "/usr/local/bin/tenfold-entrypoint"]
LABEL org.opencontainers.image.title="tenfold" \
      org.opencontainers.image.description="Tenfold (CPU build: ND4J oneDNN AVX2; needs a CPU with AVX2)"

