#!/usr/bin/env node
// Unwraps a TensorFlow.js layers model that was bundled as browserify `.min.js`
// files (as nsfwjs ships them) into the standard TF.js layers format:
//   model.json            {"format":"layers-model", ..., "modelTopology", "weightsManifest"}
//   <shard path>.bin      the raw weight bytes, exactly as they were (quantization kept)
//
// Usage: node unwrap-tfjs-min.js --in DIR --out DIR [--source "LABEL"]
//   DIR (in) holds model.min.js (exports {modelTopology, weightsManifest}) and, for every
//   shard path P named by the manifest, P.min.js (exports the shard as a base64 string).
//
// No npm dependencies. The bundles are evaluated in a bare vm context (no require,
// no process), only to read what they export. Output is deterministic: fixed key
// order at the top level, the topology and manifest in the order of the source,
// two-space indentation, a trailing newline.
'use strict';

const fs = require('fs');
const path = require('path');
const vm = require('vm');
const crypto = require('crypto');

function fail(msg) {
  process.stderr.write(`unwrap-tfjs-min: ${msg}\n`);
  process.exit(1);
}

function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--in' || a === '--out' || a === '--source') {
      if (i + 1 >= argv.length) fail(`${a} needs a value`);
      args[a.slice(2)] = argv[++i];
    } else {
      fail(`unknown argument ${a}`);
    }
  }
  if (!args.in || !args.out) fail('usage: unwrap-tfjs-min.js --in DIR --out DIR [--source LABEL]');
  return args;
}

// Evaluates a UMD/browserify bundle and returns module.exports.
function loadBundle(file) {
  if (!fs.existsSync(file)) fail(`missing ${file}`);
  const code = fs.readFileSync(file, 'utf8');
  const module = { exports: {} };
  const context = vm.createContext({ module, exports: module.exports });
  vm.runInContext(code, context, { filename: file, timeout: 60000 });
  return module.exports;
}

const BYTES = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2 };

function weightBytes(w) {
  const n = w.shape.reduce((a, b) => a * b, 1);
  const dtype = w.quantization ? w.quantization.dtype : w.dtype;
  const size = BYTES[dtype];
  if (!size) fail(`weight ${w.name}: unsupported dtype ${dtype}`);
  return n * size;
}

function sha256(buf) {
  return crypto.createHash('sha256').update(buf).digest('hex');
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const model = loadBundle(path.join(args.in, 'model.min.js'));
  if (!model || typeof model !== 'object' || !model.modelTopology || !Array.isArray(model.weightsManifest)) {
    fail('model.min.js does not export {modelTopology, weightsManifest}');
  }
  fs.mkdirSync(args.out, { recursive: true });

  const manifest = [];
  const written = [];
  for (const group of model.weightsManifest) {
    const newPaths = [];
    const shards = [];
    for (const p of group.paths) {
      if (p.includes('/') || p.includes('\\') || p.startsWith('.')) fail(`unexpected shard path ${p}`);
      const encoded = loadBundle(path.join(args.in, `${p}.min.js`));
      if (typeof encoded !== 'string') fail(`${p}.min.js does not export a base64 string`);
      const bytes = Buffer.from(encoded, 'base64');
      const outName = p.endsWith('.bin') ? p : `${p}.bin`;
      shards.push(bytes);
      newPaths.push(outName);
      fs.writeFileSync(path.join(args.out, outName), bytes);
      written.push(outName);
    }
    const expected = group.weights.reduce((a, w) => a + weightBytes(w), 0);
    const actual = shards.reduce((a, b) => a + b.length, 0);
    if (expected !== actual) {
      fail(`group ${group.paths.join(',')}: manifest needs ${expected} bytes, shards hold ${actual}`);
    }
    // Same object, only the paths renamed; key order of the source kept.
    const out = {};
    for (const k of Object.keys(group)) out[k] = k === 'paths' ? newPaths : group[k];
    manifest.push(out);
  }

  const topology = model.modelTopology;
  const kerasVersion = topology.keras_version;
  const json = {
    format: 'layers-model',
    generatedBy: kerasVersion ? `keras v${kerasVersion}` : null,
    convertedBy: `unwrap-tfjs-min.js${args.source ? ` from ${args.source}` : ''}`,
    modelTopology: topology,
    weightsManifest: manifest,
  };
  fs.writeFileSync(path.join(args.out, 'model.json'), JSON.stringify(json, null, 2) + '\n');
  written.unshift('model.json');

  for (const f of written) {
    process.stdout.write(`${sha256(fs.readFileSync(path.join(args.out, f)))}  ${f}\n`);
  }
}

main();
