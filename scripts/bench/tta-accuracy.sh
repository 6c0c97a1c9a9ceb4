#!/usr/bin/env bash
# Top-1 of each TTA policy on Fashion-MNIST (issue 4's accuracy table; figures in BENCHMARKS.md).
#
#   scripts/bench/tta-accuracy.sh [train-per-class] [test-per-class] [epochs]
#
# Installs dataset-fashion-mnist if missing, starts the service jar on a fresh data dir, uploads the
# first TRAIN_PER_CLASS training images of each class, trains a feature-extractor model, and runs
# io.tenfold.bench.TtaAccuracyBench on the first TEST_PER_CLASS test images of each class.
set -euo pipefail
# Idle OpenMP threads sleep instead of spinning, as in the container image (docs/backends.md).
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE}
cd "$(dirname "$0")/../.."
TRAIN=${1:-100}
TEST=${2:-30}
EPOCHS=${3:-30}
PORT=${PORT:-18081}
DATA=$(mktemp -d -t tenfold-tta-XXXX)
PID=""
. scripts/lib/api.sh
trap '[ -z "$PID" ] || kill "$PID" 2>/dev/null; rm -rf "$DATA"' EXIT

if [ ! -d /usr/share/datasets/fashion-mnist ]; then
  sudo -n true 2>/dev/null && SUDO=sudo || SUDO=""
  $SUDO apt-get update -q && $SUDO apt-get install -y -q dataset-fashion-mnist
fi
mvn -q -DskipTests package
mvn -q test-compile
run() { mvn -q exec:java -Dexec.classpathScope=test -Dexec.mainClass="$1" -Dexec.args="${*:2}" 2>&1 \
  | grep -v "^WARNING\|SLF4J" || true; }

run io.tenfold.bench.FashionMnistZip "$DATA/train.zip" "$TRAIN"
java -Xmx2g -jar target/tenfold-0.1.0-SNAPSHOT.jar --server.port="$PORT" --tenfold.data-dir="$DATA" \
  > "$DATA/service.log" 2>&1 &
PID=$!
for _ in $(seq 180); do curl -sf "http://127.0.0.1:$PORT/actuator/health" > /dev/null && break; sleep 1; done
BASE="http://127.0.0.1:$PORT"
dataset=$(curl -sf -F file=@"$DATA/train.zip" "$BASE/api/v1/datasets" | json "['id']")
job=$(curl -sf -H 'Content-Type: application/json' \
  -d "{\"datasetId\":\"$dataset\",\"epochs\":$EPOCHS,\"batchSize\":32,\"learningRate\":0.001,\"seed\":1}" \
  "$BASE/api/v1/jobs" | json "['id']")
report=$(await_job "$BASE" "$job" 5)
model=$(echo "$report" | json "['modelId']")
echo "$report" | json "['metrics'][-1]"
echo "train $TRAIN per class, $EPOCHS epochs; load average $(cut -d' ' -f1-3 /proc/loadavg)"
run io.tenfold.bench.TtaAccuracyBench "$PORT" "$model" "$TEST"
