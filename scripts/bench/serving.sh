#!/usr/bin/env bash
# Serving benchmarks of issue 4, against the service jar on this machine (figures in BENCHMARKS.md).
#
#   scripts/bench/serving.sh [latency|throughput|dense|rss|fold|all]
#
# Starts the jar on a fresh data dir, trains the sample model once (feature-extractor, 5 epochs),
# then runs io.tenfold.bench.ServingBench. Throughput restarts the service with batching on and
# off alternately (AB_ROUNDS rounds each, default 2), so both see the same machine. JVM settings are those of the
# container image: a fixed heap, JavaCPP's process cap and jemalloc (JAVA_OPTS and MALLOC below);
# ROUNDS, AB_ROUNDS, RUN_SECONDS, REQUESTS and CLIENTS override the sizes. JAR serves another build of the
# service (an earlier commit's, for a before/after comparison) instead of this tree's. Fold restarts the service with
# its batch norms folded and not, alternately, and times ten-crop requests from one client.
set -euo pipefail
# Idle OpenMP threads sleep instead of spinning, as in the container image (docs/backends.md).
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE}
cd "$(dirname "$0")/../.."
MODE=${1:-all}
PORT=${PORT:-18080}
ROUNDS=${ROUNDS:-20}
AB_ROUNDS=${AB_ROUNDS:-2}   # alternated restarts of the throughput and fold comparisons
# (not SECONDS: bash keeps its own SECONDS, the seconds since the shell started)
RUN_SECONDS=${RUN_SECONDS:-60}
REQUESTS=${REQUESTS:-10000}
CLIENTS=${CLIENTS:-16}
JAVA_OPTS=${JAVA_OPTS:--Xms1g -Xmx1g -XX:+AlwaysPreTouch -XX:+ExitOnOutOfMemoryError -Dorg.bytedeco.javacpp.maxphysicalbytes=8g}
# The allocator under ND4J's native arrays, as in the container image: jemalloc (apt-get install
# libjemalloc2) or glibc (with MALLOC_ARENA_MAX=2).
MALLOC=${MALLOC:-jemalloc}
case $MALLOC in
  jemalloc)
    JEMALLOC=$(ls /usr/lib/*/libjemalloc.so.2 /usr/lib/libjemalloc.so.2 2>/dev/null | head -1 || true)
    [ -n "$JEMALLOC" ] || { echo "libjemalloc.so.2 not found: apt-get install libjemalloc2, or MALLOC=glibc" >&2; exit 1; }
    SERVICE_ENV="LD_PRELOAD=$JEMALLOC" ;;
  glibc) SERVICE_ENV="MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}" ;;
  *) echo "MALLOC must be jemalloc or glibc" >&2; exit 1 ;;
esac
IMAGE=samples/fashion-mnist-5-test/trouser-00002.png
JAR=${JAR:-target/tenfold-0.1.0-SNAPSHOT.jar}
DATA=$(mktemp -d -t tenfold-bench-XXXX)
PID=""
. scripts/lib/api.sh

stop() { if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; PID=""; fi; }
trap 'stop; rm -rf "$DATA"' EXIT

start() {
  stop
  # shellcheck disable=SC2086
  env $SERVICE_ENV java $JAVA_OPTS -jar "$JAR" --server.port="$PORT" --tenfold.data-dir="$DATA" \
    "$@" > "$DATA/service.log" 2>&1 &
  PID=$!
  for _ in $(seq 180); do
    curl -sf "http://127.0.0.1:$PORT/actuator/health" > /dev/null && return 0
    kill -0 "$PID" 2>/dev/null || { cat "$DATA/service.log"; exit 1; }
    sleep 1
  done
  echo "the service did not start" >&2; exit 1
}

bench() {
  mvn -q exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.tenfold.bench.ServingBench \
    -Dexec.args="$*" 2>&1 | grep -v "^WARNING\|SLF4J\|^\s*$" || true
}

mvn -q -DskipTests package
mvn -q test-compile
start
BASE="http://127.0.0.1:$PORT"
dataset=$(curl -sf -F file=@samples/fashion-mnist-5.zip "$BASE/api/v1/datasets" | json "['id']")
job=$(curl -sf -H 'Content-Type: application/json' \
  -d "{\"datasetId\":\"$dataset\",\"epochs\":5,\"batchSize\":16,\"learningRate\":0.001,\"seed\":42}" \
  "$BASE/api/v1/jobs" | json "['id']")
model=$(await_job "$BASE" "$job" | json "['modelId']")
echo "model $model; load average $(cut -d' ' -f1-3 /proc/loadavg)"

case $MODE in latency|all) bench latency "$PORT" "$model" "$IMAGE" "$ROUNDS" ;; esac
case $MODE in dense|all) bench dense "$PORT" "$model" "$IMAGE" "$ROUNDS" ;; esac
case $MODE in throughput|all)
  for round in $(seq "$AB_ROUNDS"); do
    for batching in true false; do
      start --tenfold.inference.batching="$batching"
      echo "round $round, batching=$batching, load average $(cut -d' ' -f1-3 /proc/loadavg)"
      bench throughput "$PORT" "$model" "$IMAGE" "$CLIENTS" "$RUN_SECONDS" center
    done
  done ;;
esac
case $MODE in fold|all)
  for round in $(seq "$AB_ROUNDS"); do
    for fold in true false; do
      start --tenfold.inference.fold-batch-norm="$fold"
      echo "round $round, fold-batch-norm=$fold, load average $(cut -d' ' -f1-3 /proc/loadavg)"
      bench throughput "$PORT" "$model" "$IMAGE" 1 "$RUN_SECONDS" ten-crop
    done
  done ;;
esac
case $MODE in rss|all)
  start
  echo "rss: $REQUESTS center requests from $CLIENTS clients; $SERVICE_ENV JAVA_OPTS=$JAVA_OPTS"
  bench rss "$PORT" "$model" "$IMAGE" "$PID" "$REQUESTS" "$CLIENTS" ;;
esac
echo "load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
