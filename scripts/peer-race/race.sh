#!/usr/bin/env bash
# The peer race of issue 4: the shipped MobileNetV2 run by this service's DL4J forward pass and by
# TensorFlow.js 4.22.0's WASM backend (XNNPACK), interleaved in one run (PeerRaceBench drives
# peer.js as a child process). See docs/peer-race.md.
#
# Usage: scripts/peer-race/race.sh [key=value ...]     (passed to io.tenfold.bench.PeerRaceBench)
#   scripts/peer-race/race.sh                                  # base vs fold vs peer, 7 rounds
#   scripts/peer-race/race.sh variants=base,fold,t1,fold-t1 rounds=9
#   scripts/peer-race/race.sh mode=profile batch=10 reps=5     # per-vertex profile, no peer
#   OMP_WAIT_POLICY=PASSIVE OMP_NUM_THREADS=1 scripts/peer-race/race.sh   # environment knobs
#
# The npm packages go into a cache folder outside the repo (installed once, pinned versions):
#   ${TENFOLD_PEER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tenfold/peer-race}/tfjs-4.22.0
set -euo pipefail

TFJS_VERSION="4.22.0"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="${TENFOLD_PEER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tenfold/peer-race}/tfjs-$TFJS_VERSION"
MODULES="$CACHE/node_modules"

installed() {
  node -e "const v=require('$MODULES/@tensorflow/'+process.argv[1]+'/package.json').version; process.exit(v==='$TFJS_VERSION'?0:1)" "$1" 2>/dev/null
}
if ! installed tfjs || ! installed tfjs-backend-wasm; then
  echo "installing @tensorflow/tfjs and @tensorflow/tfjs-backend-wasm $TFJS_VERSION into $CACHE" >&2
  mkdir -p "$CACHE"
  (cd "$CACHE" && npm install --silent --no-save --no-package-lock --no-audit --no-fund --ignore-scripts \
    "@tensorflow/tfjs@$TFJS_VERSION" "@tensorflow/tfjs-backend-wasm@$TFJS_VERSION" >/dev/null)
fi

cd "$ROOT"
echo "uptime: $(uptime)" >&2
mvn -q test-compile
mvn -q exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.tenfold.bench.PeerRaceBench \
  -Dexec.args="peer=$ROOT/scripts/peer-race/peer.js modules=$MODULES model-dir=$ROOT/src/main/resources/models/mobilenetv2 $*" \
  2> >(grep -v -e '^=*$' -e 'looks like you are running TensorFlow.js in Node.js' -e 'tfjs-node' >&2)
echo "uptime: $(uptime)" >&2
