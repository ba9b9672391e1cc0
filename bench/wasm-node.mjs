// Part 4 of `cargo xtask bench`, the Node side of the WASM package.
//
//   node wasm-node.mjs sizes FILE...                       -> [{file, raw, gzip}] (gzip -9, zlib)
//   node wasm-node.mjs instantiate NODEJS_JS RECORD.json   -> {requireMs, firstCallMs, compatible}
//   node wasm-node.mjs filter NODEJS_JS RECORDS.json N     -> {records, ms, kept} (median of N)
//
// NODEJS_JS is the wasm-bindgen `nodejs` build's entry (pkg/nodejs/model_compat_wasm.js): requiring
// it reads, compiles and instantiates the .wasm synchronously, so `requireMs` is the instantiate
// time a Node user pays (run once per fresh process: V8 would reuse a module compiled earlier).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { gzipSync } from "node:zlib";

const require = createRequire(import.meta.url);
const [mode, ...args] = process.argv.slice(2);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

if (mode === "sizes") {
  const out = args.map((file) => {
    const bytes = readFileSync(file);
    return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
  console.log(JSON.stringify(out));
} else if (mode === "instantiate") {
  const [entry, recordFile] = args;
  const record = JSON.parse(readFileSync(recordFile, "utf8"));
  let start = performance.now();
  const wasm = require(entry);
  const requireMs = performance.now() - start;
  start = performance.now();
  const verdict = wasm.isModelCompatible(wasm.extractHuggingFaceMetadata(record));
  const firstCallMs = performance.now() - start;
  console.log(JSON.stringify({ requireMs, firstCallMs, compatible: verdict.compatible }));
} else if (mode === "filter") {
  const [entry, recordsFile, repeatsArg] = args;
  const wasm = require(entry);
  const records = JSON.parse(readFileSync(recordsFile, "utf8"));
  const models = records.map((r) => wasm.extractHuggingFaceMetadata(r));
  let kept = wasm.filterCompatibleModels(models);
  const times = [];
  for (let i = 0; i < Number(repeatsArg ?? 5); i++) {
    const start = performance.now();
    kept = wasm.filterCompatibleModels(models);
    times.push(performance.now() - start);
  }
  console.log(JSON.stringify({ records: models.length, ms: median(times), kept: kept.length }));
} else {
  console.error("usage: node wasm-node.mjs sizes|instantiate|filter ...");
  process.exit(2);
}
