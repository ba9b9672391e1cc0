// Part 3 of `cargo xtask bench`: a server-side listing through `createClient({ cache })`, the
// first call (it reads the pages) and the same call again (from memory), in one process.
//
// Usage: node node-addon-cached.mjs ENDPOINT LIMIT REPEATS   (MODEL_COMPAT_NODE: the package
// folder, default ../bindings/node)
// Prints one JSON line: {firstMs, againMs: [ms, ...], kept, same}: `same` is whether every
// call returned the same models.
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const addon = require(process.env.MODEL_COMPAT_NODE ?? path.join(here, "..", "bindings", "node"));

const [endpoint, limitArg, repeatsArg] = process.argv.slice(2);
const options = {
  endpoint,
  limit: Number(limitArg),
  pipelineTag: "text-generation",
  sort: "downloads",
  maxPages: 1000,
};
// A server process keeps one client at module scope; an hour of TTL: nothing expires here.
const client = addon.createClient({ cache: { ttlMs: 3_600_000 } });

const ids = (models) => models.map((m) => m.id).join("\n");
let start = performance.now();
const first = await client.getCompatibleHuggingFaceModels(options);
const firstMs = performance.now() - start;
const againMs = [];
let same = true;
for (let i = 0; i < Number(repeatsArg); i++) {
  start = performance.now();
  const again = await client.getCompatibleHuggingFaceModels(options);
  againMs.push(performance.now() - start);
  same &&= ids(again) === ids(first);
}
console.log(JSON.stringify({ firstMs, againMs, kept: first.length, same }));
