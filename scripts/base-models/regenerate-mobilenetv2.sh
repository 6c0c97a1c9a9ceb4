#!/usr/bin/env bash
# Regenerates src/main/resources/models/mobilenetv2/{model.json,group1-shard1of1.bin}
# from the npm package nsfwjs@4.4.0 (MIT), folder dist/models/mobilenet_v2.
#
#   scripts/base-models/regenerate-mobilenetv2.sh          write the files into the repo
#   scripts/base-models/regenerate-mobilenetv2.sh --check  regenerate into a temp dir and
#                                                          compare with the committed files
#
# Needs node and npm (no npm dependencies are installed). The package tarball comes from
# the npm registry with `npm pack`; set NSFWJS_TGZ=/path/to/nsfwjs-4.4.0.tgz to use a
# copy that is already on disk instead.
set -euo pipefail

PACKAGE="nsfwjs@4.4.0"
MODEL_DIR="dist/models/mobilenet_v2"
# sha256 of the original bundles in nsfwjs@4.4.0; anything else is not the audited input.
MODEL_MIN_SHA256="c32f104fd562b08cdff5ed69dfe1209643afa47e792fb12751d2949aa61a397a"
SHARD_MIN_SHA256="ef2e0a63f7d2c4960b37b024b669313f65d3c45cd59e9042636c55b39de53517"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TARGET="$ROOT/src/main/resources/models/mobilenetv2"
FILES=(model.json group1-shard1of1.bin)

mode="write"
case "${1:-}" in
  "") ;;
  --check) mode="check" ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

for tool in node npm tar sha256sum; do
  command -v "$tool" >/dev/null || { echo "regenerate-mobilenetv2: $tool is required" >&2; exit 1; }
done

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
src="$work/pkg/package/$MODEL_DIR"

check_sha() {
  local file="$1" want="$2" got
  got="$(sha256sum "$file" | cut -d' ' -f1)"
  if [[ "$got" != "$want" ]]; then
    echo "regenerate-mobilenetv2: $file has sha256 $got, expected $want (not the audited $PACKAGE)" >&2
    exit 1
  fi
}
check_sha "$src/model.min.js" "$MODEL_MIN_SHA256"
check_sha "$src/group1-shard1of1.min.js" "$SHARD_MIN_SHA256"

out="$work/out"
node "$ROOT/scripts/base-models/unwrap-tfjs-min.js" --in "$src" --out "$out" \
  --source "$PACKAGE $MODEL_DIR" >/dev/null

if [[ "$mode" == "write" ]]; then
  mkdir -p "$TARGET"
  for f in "${FILES[@]}"; do
    cp "$out/$f" "$TARGET/$f"
    echo "$(sha256sum "$TARGET/$f" | cut -d' ' -f1)  $f"
  done
  echo "wrote ${FILES[*]} to ${TARGET#"$ROOT"/}; update PROVENANCE.md if a sha256 changed"
  exit 0
fi

status=0
for f in "${FILES[@]}"; do
  new="$(sha256sum "$out/$f" | cut -d' ' -f1)"
  if [[ ! -f "$TARGET/$f" ]]; then
    echo "DIFFERENT: $f is missing from ${TARGET#"$ROOT"/} (regenerated sha256 $new)" >&2
    status=1
    continue
  fi
  old="$(sha256sum "$TARGET/$f" | cut -d' ' -f1)"
  if [[ "$new" == "$old" ]]; then
    echo "same: $f $new"
  else
    echo "DIFFERENT: $f committed sha256 $old, regenerated $new" >&2
    status=1
  fi
done
if [[ $status -ne 0 ]]; then
  echo "regenerate-mobilenetv2 --check: the committed files do not match $PACKAGE; run without --check to rewrite them" >&2
fi
exit $status
