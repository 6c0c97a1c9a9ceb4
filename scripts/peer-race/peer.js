#!/usr/bin/env node
// The "peer" of the peer race (issue 4): the shipped MobileNetV2 (src/main/resources/models/mobilenetv2)
// run by TensorFlow.js with its WASM backend (XNNPACK inside), as a long-lived child process that
// the Java bench (src/test/java/io/tenfold/bench/PeerRaceBench.java) drives over stdin/stdout.
//
// Usage: node peer.js --modules DIR/node_modules --model-dir DIR [--threads N] [--force-threads]
//   --modules        a node_modules folder holding @tensorflow/tfjs and @tensorflow/tfjs-backend-wasm
//                    (scripts/peer-race/race.sh installs pinned versions into a cache folder)
//   --model-dir      a folder with model.json and its weight shards (TF.js layers format)
//   --threads N      tf.wasm.setThreadsCount(N) before the backend starts (XNNPACK's pool size)
//   --force-threads  claim multi-thread support (TF.js 4.22 switches it off in Node) so that the
//                    threaded SIMD binary is tried; the reply to `info` says what really ran
//
// Protocol, one line each way; every reply starts with "ok " or "err ":
//   info                  -> ok {json: versions, backend, simd, threads}
//   run <batch> <reps>    -> ok <ms> <ms> ...   (one forward pass each: predict, then read the result)
//   out <batch>           -> ok <v> <v> ...     (the output row of example 0, for cross-checking)
//   quit                  -> exits
// The input of batch B is fixed (NHWC [B,224,224,3]): value at (n,y,x,c) =
// ((x*7 + y*13 + c*29 + n*101) % 256) / 255, the formula of scripts/base-models/tfjs-reference.js,
// so the Java side can build exactly the same floats.
'use strict';

const fs = require('fs');
const path = require('path');
const readline = require('readline');
const { createRequire } = require('module');

// stdout carries the protocol only: anything TF.js logs goes to stderr.
const reply = (line) => process.stdout.write(line + '\n');
console.log = (...a) => process.stderr.write(a.join(' ') + '\n');
console.info = console.log;

function fail(msg) {
  process.stderr.write(`peer: ${msg}\n`);
  process.exit(1);
}

function parseArgs(argv) {
  const args = { threads: null, forceThreads: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--force-threads') args.forceThreads = true;
    else if (['--modules', '--model-dir', '--threads'].includes(a) && i + 1 < argv.length) args[a.slice(2)] = argv[++i];
    else fail(`bad argument ${a}`);
  }
  if (!args.modules || !args['model-dir']) fail('usage: peer.js --modules DIR --model-dir DIR [--threads N] [--force-threads]');
  return args;
}

function input(tf, batch) {
  const H = 224, W = 224, C = 3;
  const data = new Float32Array(batch * H * W * C);
  let i = 0;
  for (let n = 0; n < batch; n++)
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++)
        for (let c = 0; c < C; c++)
          data[i++] = ((x * 7 + y * 13 + c * 29 + n * 101) % 256) / 255;
  return tf.tensor4d(data, [batch, H, W, C]);
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const req = createRequire(path.join(path.resolve(args.modules), 'noop.js'));
  const tf = req('@tensorflow/tfjs');
  const wasm = req('@tensorflow/tfjs-backend-wasm');
  wasm.setWasmPaths(path.join(path.resolve(args.modules), '@tensorflow/tfjs-backend-wasm/dist') + path.sep);
  if (args.threads != null) wasm.setThreadsCount(Number(args.threads));
  if (args.forceThreads) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  if (!(await tf.setBackend('wasm'))) fail('the wasm backend did not initialise');
  await tf.ready();

  const json = JSON.parse(fs.readFileSync(path.join(args['model-dir'], 'model.json'), 'utf8'));
  const weightSpecs = [];
  const buffers = [];
  for (const group of json.weightsManifest) {
    for (const p of group.paths) buffers.push(fs.readFileSync(path.join(args['model-dir'], p)));
    weightSpecs.push(...group.weights);
  }
  const all = Buffer.concat(buffers);
  const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
  const model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs, weightData }));

  const inputs = new Map();
  const inputOf = (b) => {
    if (!inputs.has(b)) inputs.set(b, input(tf, b));
    return inputs.get(b);
  };
  const forward = (b) => {
    const out = model.predict(inputOf(b));
    const values = out.dataSync();
    out.dispose();
    return values;
  };

  const rl = readline.createInterface({ input: process.stdin, terminal: false });
  for await (const line of rl) {
    const [cmd, ...rest] = line.trim().split(/\s+/);
    try {
      if (cmd === 'info') {
        reply('ok ' + JSON.stringify({
          tfjs: tf.version.tfjs, wasm: wasm.version_wasm, backend: tf.getBackend(),
          simd: await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'),
          multithreadFlag: await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'),
          threadsRequested: args.threads == null ? null : Number(args.threads),
          threads: wasm.getThreadsCount(), node: process.version,
        }));
      } else if (cmd === 'run') {
        const b = Number(rest[0]), reps = Number(rest[1] || 1);
        const times = [];
        for (let r = 0; r < reps; r++) {
          const t0 = process.hrtime.bigint();
          forward(b);
          times.push(Number(process.hrtime.bigint() - t0) / 1e6);
        }
        reply('ok ' + times.map((t) => t.toFixed(3)).join(' '));
      } else if (cmd === 'out') {
        const b = Number(rest[0]);
        const values = forward(b);
        reply('ok ' + Array.from(values.subarray(0, values.length / b)).join(' '));
      } else if (cmd === 'quit') {
        break;
      } else {
        reply(`err unknown command ${cmd}`);
      }
    } catch (e) {
      reply('err ' + String(e && e.message || e).replace(/\s+/g, ' '));
    }
  }
  process.exit(0);
}

main().catch((e) => fail(e.stack || String(e)));
