// Part 3 of `cargo xtask bench`: the addon's `filterCompatibleModels` against the pure
// JavaScript port in `js-rules.mjs`, over the same metadata objects.
//
// Usage: node node-addon-filter.mjs RECORDS.json REPEATS   (MODEL_COMPAT_NODE: the addon
// package folder, default ../bindings/node)
// Prints one JSON line: {records, repeats, extractMs, addonMs, jsMs, addonKept, jsKept, agree,
// disagreements, unstatedArchitecture (how many of the models they disagree on state no
// architecture: the port does not read one from names, see js-rules.mjs), breakdown: {stringifyMs, nativeMs, parseMs, inBytes, outBytes} | null,
// paths: {indicesMs, prepareMs, setMs, setIndicesMs, indicesAgree} | null}. `paths` times the
// other ways in (an addon without them gives null): `filterCompatibleIndices(models)` (yes/no),
// `prepareModels(models)` (once per set), `filterCompatibleModels(set)` and
// `filterCompatibleIndices(set)` over a prepared set.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { makeFilter } from "./js-rules.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const addon = require(process.env.MODEL_COMPAT_NODE ?? path.join(here, "..", "bindings", "node"));
const catalog = JSON.parse(
  readFileSync(path.join(here, "..", "crates", "compat-core", "src", "default_catalog.json"), "utf8"),
);
const isRunnable = makeFilter(catalog);

const [file, repeatsArg] = process.argv.slice(2);
const repeats = Number(repeatsArg ?? 15);
const records = JSON.parse(readFileSync(file, "utf8"));

let start = performance.now();
const models = records.map((r) => addon.extractHuggingFaceMetadata(r));
const extractMs = performance.now() - start;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

const timed = (f) => {
  const t = performance.now();
  const out = f();
  return [performance.now() - t, out];
};

// One call of each first (JIT warm-up), then alternate so none gets a cooler machine.
const hasPaths = typeof addon.filterCompatibleIndices === "function" && typeof addon.prepareModels === "function";
let addonKept = addon.filterCompatibleModels(models);
let jsKept = models.filter(isRunnable);
let set = hasPaths ? addon.prepareModels(models) : null;
let indices = hasPaths ? addon.filterCompatibleIndices(models) : null;
if (hasPaths) {
  addon.filterCompatibleModels(set);
  addon.filterCompatibleIndices(set);
}
const addonTimes = [];
const jsTimes = [];
const paths = { indicesMs: [], prepareMs: [], setMs: [], setIndicesMs: [] };
let indicesAgree = hasPaths;
for (let i = 0; i < repeats; i++) {
  let t;
  [t, addonKept] = timed(() => addon.filterCompatibleModels(models));
  addonTimes.push(t);
  [t, jsKept] = timed(() => models.filter(isRunnable));
  jsTimes.push(t);
  if (!hasPaths) continue;
  [t, indices] = timed(() => addon.filterCompatibleIndices(models));
  paths.indicesMs.push(t);
  [t, set] = timed(() => addon.prepareModels(models));
  paths.prepareMs.push(t);
  let kept;
  [t, kept] = timed(() => addon.filterCompatibleModels(set));
  paths.setMs.push(t);
  let setIndices;
  [t, setIndices] = timed(() => addon.filterCompatibleIndices(set));
  paths.setIndicesMs.push(t);
  // Every way in keeps the same models.
  const same = (a, b) => a.length === b.length && a.every((x, j) => x === b[j]);
  const keptIds = addonKept.map((k) => k.metadata.id);
  indicesAgree &&=
    same(indices, setIndices) &&
    same(
      indices.map((j) => models[j].id),
      keptIds,
    ) &&
    same(
      kept.map((k) => k.metadata.id),
      keptIds,
    );
}

// Where the addon's time goes: its JavaScript side sends the models as one JSON text and parses
// the JSON text it gets back (see bindings/node/index.js); time the three steps on their own.
let breakdown = null;
try {
  const native = require(path.join(process.env.MODEL_COMPAT_NODE ?? path.join(here, "..", "bindings", "node"), "binding.js"));
  const steps = { stringifyMs: [], nativeMs: [], parseMs: [] };
  let inBytes = 0;
  let outBytes = 0;
  for (let i = 0; i < repeats; i++) {
    start = performance.now();
    const text = JSON.stringify(models);
    steps.stringifyMs.push(performance.now() - start);
    start = performance.now();
    const out = native.filterCompatibleModels(text, undefined);
    steps.nativeMs.push(performance.now() - start);
    start = performance.now();
    JSON.parse(out);
    steps.parseMs.push(performance.now() - start);
    inBytes = text.length;
    outBytes = out.length;
  }
  breakdown = {
    stringifyMs: median(steps.stringifyMs),
    nativeMs: median(steps.nativeMs),
    parseMs: median(steps.parseMs),
    inBytes,
    outBytes,
  };
} catch {
  // Another loader layout: no breakdown.
}

// Ids repeat across template rounds only with a suffix, so they are unique.
const byAddon = new Set(addonKept.map((k) => k.metadata.id));
const byJs = new Set(jsKept.map((m) => m.id));
let agree = 0;
let unstatedArchitecture = 0;
const disagreements = [];
for (const m of models) {
  if (byAddon.has(m.id) === byJs.has(m.id)) {
    agree++;
    continue;
  }
  if (!m.architecture) unstatedArchitecture++;
  if (disagreements.length < 5) {
    disagreements.push(`${m.id} (addon: ${byAddon.has(m.id)}, JavaScript: ${byJs.has(m.id)})`);
  }
}
console.log(
  JSON.stringify({
    records: models.length,
    repeats,
    extractMs,
    addonMs: median(addonTimes),
    jsMs: median(jsTimes),
    addonKept: addonKept.length,
    jsKept: jsKept.length,
    agree,
    disagreements,
    unstatedArchitecture,
    breakdown,
    paths: hasPaths
      ? {
          indicesMs: median(paths.indicesMs),
          prepareMs: median(paths.prepareMs),
          setMs: median(paths.setMs),
          setIndicesMs: median(paths.setIndicesMs),
          indicesAgree,
        }
      : null,
  }),
);
