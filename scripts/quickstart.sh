#!/usr/bin/env bash
# The README's quick start against a running service, timed: upload the sample, train, classify.
# Then single-image latency of each TTA policy, measured over HTTP (median and p90 of N requests
# after warm-up), interleaved so that machine noise hits both alike.
#
#   scripts/quickstart.sh [base-url] [epochs] [requests-per-policy]
set -euo pipefail
BASE=${1:-http://127.0.0.1:8080}
EPOCHS=${2:-10}
N=${3:-20}
cd "$(dirname "$0")/.."
. scripts/lib/api.sh
now() { date +%s.%N; }

t0=$(now)
dataset=$(curl -sf -F file=@samples/fashion-mnist-5.zip "$BASE/api/v1/datasets" | json "['id']")
t_upload=$(now)
job=$(curl -sf -H 'Content-Type: application/json' \
  -d "{\"datasetId\":\"$dataset\",\"epochs\":$EPOCHS,\"batchSize\":16,\"learningRate\":0.001,\"seed\":42}" \
  "$BASE/api/v1/jobs" | json "['id']")
report=$(await_job "$BASE" "$job" 1)
t_train=$(now)
model=$(echo "$report" | json "['modelId']")
image=samples/fashion-mnist-5-test/trouser-00002.png
curl -sf -F image=@$image "$BASE/api/v1/models/$model/classify?tta=ten-crop&topK=3" > /dev/null
t_classify=$(now)

python3 - "$t0" "$t_upload" "$t_train" "$t_classify" "$report" <<'PY'
import sys, json
t0, tu, tt, tc = map(float, sys.argv[1:5])
job = json.loads(sys.argv[5])
last = job["metrics"][-1]
print(f"quick start: upload {tu-t0:.1f} s, train {tt-tu:.1f} s, first classify {tc-tt:.1f} s, total {tc-t0:.1f} s")
print(f"validation accuracy after {last['epoch']} epochs: {last['validationAccuracy']:.3f} "
      f"(validation loss {last['validationLoss']:.3f})")
PY

# Latency per policy: warm up, then interleave the policies request by request.
for tta in center ten-crop; do
  for _ in 1 2 3; do curl -sf -F image=@$image "$BASE/api/v1/models/$model/classify?tta=$tta" > /dev/null; done
done
: > /tmp/tenfold-latency.txt
for _ in $(seq "$N"); do
  for tta in center ten-crop; do
    curl -sf -o /dev/null -w "$tta %{time_total}\n" -F image=@$image \
      "$BASE/api/v1/models/$model/classify?tta=$tta" >> /tmp/tenfold-latency.txt
  done
done
python3 - <<'PY'
import statistics
rows = [l.split() for l in open("/tmp/tenfold-latency.txt")]
med = {}
for tta in ("center", "ten-crop"):
    xs = sorted(float(t) * 1000 for p, t in rows if p == tta)
    med[tta] = statistics.median(xs)
    print(f"{tta}: median {med[tta]:.0f} ms, p90 {xs[int(0.9 * (len(xs) - 1))]:.0f} ms over {len(xs)} requests")
print(f"ten-crop / center: {med['ten-crop'] / med['center']:.2f}")
PY
