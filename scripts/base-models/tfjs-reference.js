#!/usr/bin/env node
// Computes reference outputs of the nsfwjs MobileNetV2 with TensorFlow.js (CPU backend),
// reading the ORIGINAL nsfwjs bundles (model.min.js, group1-shard1of1.min.js), so that the
// Java importer is checked against TF.js's own loading and dequantization, not ours.
//
// Usage: node tfjs-reference.js --modules DIR/node_modules --model-dir DIR --out FILE
//                               [--source LABEL]
//   --modules    a node_modules folder holding @tensorflow/tfjs
//   --model-dir  the folder dist/models/mobilenet_v2 of the nsfwjs package
//
// The input needs no image decoding, so Java builds exactly the same floats:
//   batch 2, NHWC [2,224,224,3], value at (n,y,x,c) = ((x*7 + y*13 + c*29 + n*101) % 256) / 255
'use strict';

const fs = require('fs');
const path = require('path');
const vm = require('vm');
const { createRequire } = require('module');

const N = 2, H = 224, W = 224, C = 3;
const FORMULA = 'batch 2, NHWC [2,224,224,3]; value at (n,y,x,c) = ((x*7 + y*13 + c*29 + n*101) % 256) / 255, ' +
  'computed in double precision and stored as float32';
const FEATURE_LAYER = 'flatten_1';

function fail(msg) {
  process.stderr.write(`tfjs-reference: ${msg}\n`);
  process.exit(1);
}

function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (['--modules', '--model-dir', '--out', '--source'].includes(a) && i + 1 < argv.length) {
      args[a.slice(2)] = argv[++i];
    } else {
      fail(`bad argument ${a}`);
    }
  }
  if (!args.modules || !args['model-dir'] || !args.out) {
    fail('usage: tfjs-reference.js --modules DIR --model-dir DIR --out FILE [--source LABEL]');
  }
  return args;
}

function loadBundle(file) {
  const code = fs.readFileSync(file, 'utf8');
  const module = { exports: {} };
  vm.runInContext(code, vm.createContext({ module, exports: module.exports }), { filename: file });
  // Objects made in another vm context fail TF.js's `instanceof Array` checks: copy them into
  // this realm (a JSON round trip keeps every number exactly).
  const exported = module.exports;
  return typeof exported === 'string' ? exported : JSON.parse(JSON.stringify(exported));
}

function buildInput() {
  const data = new Float32Array(N * H * W * C);
  let i = 0;
  for (let n = 0; n < N; n++)
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++)
        for (let c = 0; c < C; c++)
          data[i++] = ((x * 7 + y * 13 + c * 29 + n * 101) % 256) / 255;
  return data;
}

function rows(typed, perRow) {
  const out = [];
  for (let r = 0; r < typed.length / perRow; r++) out.push(Array.from(typed.subarray(r * perRow, (r + 1) * perRow)));
  return out;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const req = createRequire(path.join(path.resolve(args.modules), 'noop.js'));
  const tf = req('@tensorflow/tfjs');
  await tf.setBackend('cpu');
  await tf.ready();

  const { modelTopology, weightsManifest } = loadBundle(path.join(args['model-dir'], 'model.min.js'));
  const weightSpecs = [];
  const buffers = [];
  for (const group of weightsManifest) {
    for (const p of group.paths) buffers.push(Buffer.from(loadBundle(path.join(args['model-dir'], `${p}.min.js`)), 'base64'));
    weightSpecs.push(...group.weights);
  }
  const all = Buffer.concat(buffers);
  const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
  const model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology, weightSpecs, weightData }));

  const probe = tf.model({ inputs: model.inputs, outputs: [model.getLayer(FEATURE_LAYER).output, model.outputs[0]] });
  const input = tf.tensor4d(buildInput(), [N, H, W, C]);
  const started = Date.now();
  const [features, output] = probe.predict(input);
  const featureData = await features.data();
  const outputData = await output.data();
  const millis = Date.now() - started;

  const outputLayer = model.outputLayers[0].name;
  const result = {
    description: 'Reference activations of the nsfwjs MobileNetV2 computed by TensorFlow.js from the original ' +
      'nsfwjs files; regenerate with scripts/base-models/reference.sh',
    model: args.source || null,
    tfjsVersion: tf.version.tfjs,
    backend: tf.getBackend(),
    input: { shape: [N, H, W, C], layout: 'NHWC', formula: FORMULA },
    featureLayer: FEATURE_LAYER,
    outputLayer,
    outputs: {
      [FEATURE_LAYER]: rows(featureData, features.shape[1]),
      [outputLayer]: rows(outputData, output.shape[1]),
    },
  };
  // One example per line for each array: diffable, compact.
  const text = JSON.stringify(result, (k, v) => v, 2)
    .replace(/\[\n\s+(-?[\d.e+-]+(?:,\n\s+-?[\d.e+-]+)*)\n\s+\]/g, (m, body) => `[${body.replace(/,\n\s+/g, ',')}]`);
  fs.writeFileSync(args.out, text + '\n');
  process.stdout.write(`tfjs ${result.tfjsVersion} (${result.backend}): ${FEATURE_LAYER} ${features.shape}, ` +
    `${outputLayer} ${output.shape}, forward ${millis} ms -> ${args.out}\n`);
}

main().catch((e) => fail(e.stack || String(e)));
