#!/usr/bin/env bash
# Sustained load (RELIABILITY.md): mixed center and ten-crop classification at 32 connections (16
# each, two wrk processes) against 127.0.0.1 for RUN_SECONDS (default 600), while a training job
# runs; ends by itself. Prints each half's throughput, latency percentiles and statuses, and the
# service's resident memory at the start, middle and end.
#
#   scripts/bench/sustained.sh        (CONNECTIONS=32 RUN_SECONDS=600 PORT=18090)
#
# The service runs as the container image runs it: a fixed 1 GiB heap (the Helm chart's API pod),
# jemalloc, idle OpenMP threads asleep. wrk comes from Debian (apt-get install wrk).
set -euo pipefail
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE}
cd "$(dirname "$0")/../.."
PORT=${PORT:-18090}
RUN_SECONDS=${RUN_SECONDS:-600}
CONNECTIONS=${CONNECTIONS:-32}
JAVA_OPTS=${JAVA_OPTS:--Xms1g -Xmx1g -XX:+AlwaysPreTouch -XX:+ExitOnOutOfMemoryError -Dorg.bytedeco.javacpp.maxphysicalbytes=8g}
export IMAGE=${IMAGE:-$PWD/samples/fashion-mnist-5-test/trouser-00002.png}
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
JEMALLOC=$(ls /usr/lib/*/libjemalloc.so.2 2>/dev/null | head -1 || true)
DATA=$(mktemp -d -t tenfold-sustained-XXXX)
PID=""
. scripts/lib/api.sh
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$DATA"' EXIT

mvn -q -DskipTests package
env ${JEMALLOC:+LD_PRELOAD=$JEMALLOC} java $JAVA_OPTS -jar target/tenfold-0.1.0-SNAPSHOT.jar --server.port="$PORT" \
  --tenfold.data-dir="$DATA" > "$DATA/service.log" 2>&1 &
PID=$!
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 180); do curl -sf "$BASE/actuator/health" >/dev/null && break; sleep 1; done
rss() { awk '/VmRSS/ {printf "%d MiB", $2 / 1024}' "/proc/$PID/status"; }

dataset=$(curl -sf -F file=@samples/fashion-mnist-5.zip "$BASE/api/v1/datasets" | json "['id']")
job=$(curl -sf -H 'Content-Type: application/json' -d "{\"datasetId\":\"$dataset\",\"epochs\":5}" "$BASE/api/v1/jobs" \
  | json "['id']")
model=$(await_job "$BASE" "$job" | json "['modelId']")
curl -sf -F image=@"$IMAGE" "$BASE/api/v1/models/$model/classify?tta=ten-crop" >/dev/null
# The job that trains during the load: fine-tuning with augmentation, long enough to outlast it.
training=$(curl -sf -H 'Content-Type: application/json' -d "{\"datasetId\":\"$dataset\",\"epochs\":1000,
  \"strategy\":\"fine-tune\",\"augmentation\":\"light\",\"augmentedViews\":2}" "$BASE/api/v1/jobs" | json "['id']")
echo "model $model, training job $training; load average $(cut -d' ' -f1-3 /proc/loadavg); resident at start $(rss)"

half=$((CONNECTIONS / 2))
loaders=()
for tta in center ten-crop; do
  TTA=$tta wrk -t2 -c"$half" -d"${RUN_SECONDS}s" --timeout 60s -s scripts/bench/classify.lua \
    "$BASE/api/v1/models/$model/classify" > "$DATA/wrk-$tta.txt" 2>&1 &
  loaders+=($!)
done
sleep $((RUN_SECONDS / 2))
echo "resident at the middle $(rss); training job $(curl -sf "$BASE/api/v1/jobs/$training" | json "['state']"), \
epoch $(curl -sf "$BASE/api/v1/jobs/$training" | json "['progress']['epoch']")"
wait "${loaders[@]}"
echo "resident at the end $(rss); training job $(curl -sf "$BASE/api/v1/jobs/$training" | json "['state']"), \
epoch $(curl -sf "$BASE/api/v1/jobs/$training" | json "['progress']['epoch']"); load average $(cut -d' ' -f1-3 /proc/loadavg)"
for tta in center ten-crop; do
  echo "--- $tta, $half connections, ${RUN_SECONDS} s"
  grep -E "statuses|requests/s|Socket errors|Non-2xx" "$DATA/wrk-$tta.txt"
done
curl -sf -X POST "$BASE/api/v1/jobs/$training/cancel" >/dev/null || true
grep -c " ERROR " "$DATA/service.log" | sed 's/^/ERROR lines in the service log: /'
