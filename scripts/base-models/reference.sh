#!/usr/bin/env bash
# Regenerates src/test/resources/fixtures/mobilenetv2-reference.json: the outputs of the
# nsfwjs MobileNetV2 computed by TensorFlow.js 4.22.0 (CPU backend) from the ORIGINAL
# nsfwjs@4.4.0 bundles, on the fixed input described in tfjs-reference.js.
#
# Installs @tensorflow/tfjs into a temp dir with npm (nothing in the repo changes except the
# fixture). Set NSFWJS_TGZ=/path/to/nsfwjs-4.4.0.tgz to skip `npm pack nsfwjs@4.4.0`.
set -euo pipefail

TFJS_VERSION="4.22.0"
PACKAGE="nsfwjs@4.4.0"
MODEL_DIR="dist/models/mobilenet_v2"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="$ROOT/src/test/resources/fixtures/mobilenetv2-reference.json"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if [[ -n "${NSFWJS_TGZ:-}" ]]; then
  cp "$NSFWJS_TGZ" "$work/nsfwjs.tgz"
else
  (cd "$work" && npm pack "$PACKAGE" --silent >/dev/null)
  mv "$work"/nsfwjs-*.tgz "$work/nsfwjs.tgz"
fi
mkdir "$work/pkg"
tar -xzf "$work/nsfwjs.tgz" -C "$work/pkg"

mkdir "$work/tfjs"
(cd "$work/tfjs" && npm install --silent --no-save --no-package-lock --no-audit --no-fund --ignore-scripts \
  "@tensorflow/tfjs@$TFJS_VERSION" >/dev/null)

mkdir -p "$(dirname "$OUT")"
node "$ROOT/scripts/base-models/tfjs-reference.js" \
  --modules "$work/tfjs/node_modules" \
  --model-dir "$work/pkg/package/$MODEL_DIR" \
  --source "$PACKAGE $MODEL_DIR" \
  --out "$OUT" 2> >(grep -v -e '^=*$' -e 'looks like you are running TensorFlow.js in Node.js' >&2)
echo "sha256 $(sha256sum "$OUT" | cut -d' ' -f1)  ${OUT#"$ROOT"/}"
