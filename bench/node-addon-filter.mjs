// Part 3 of `cargo xtask bench`: the addon's `filterCompatibleModels` against the pure
// JavaScript port in `js-rules.mjs`, over the same metadata objects.
//
// Usage: node node-addon-filter.mjs RECORDS.json REPEATS   (MODEL_COMPAT_NODE: the addon
// package folder, default ../bindings/node)
// Prints one JSON line: {records, repeats, extractMs, addonMs, jsMs, addonKept, jsKept, agree,
// disagreements, breakdown: {stringifyMs, nativeMs, parseMs, inBytes, outBytes} | null}.
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

// One call of each first (JIT warm-up), then alternate so neither gets a cooler machine.
let addonKept = addon.filterCompatibleModels(models);
let jsKept = models.filter(isRunnable);
const addonTimes = [];
const jsTimes = [];
for (let i = 0; i < repeats; i++) {
  start = performance.now();
  addonKept = addon.filterCompatibleModels(models);
  addonTimes.push(performance.now() - start);
  start = performance.now();
  jsKept = models.filter(isRunnable);
  jsTimes.push(performance.now() - start);
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
const disagreements = [];
for (const m of models) {
  if (byAddon.has(m.id) === byJs.has(m.id)) {
    agree++;
  } else if (disagreements.length < 5) {
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
    breakdown,
  }),
);
