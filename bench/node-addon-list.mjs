// Our Node addon in the end-to-end listing of `cargo xtask bench`: the first LIMIT compatible
// text-generation models, most downloaded first.
//
// Usage: node node-addon-list.mjs ENDPOINT LIMIT   (MODEL_COMPAT_NODE: the package folder,
// default ../bindings/node)
// Prints one JSON line: {"ms": <listing time>, "kept": [ids...]}.
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const addon = require(process.env.MODEL_COMPAT_NODE ?? path.join(here, "..", "bindings", "node"));

const [endpoint, limitArg] = process.argv.slice(2);
const limit = Number(limitArg);
const start = performance.now();
const models = await addon.getCompatibleHuggingFaceModels({
  endpoint,
  limit,
  pipelineTag: "text-generation",
  sort: "downloads",
  maxPages: 1000,
});
const ms = performance.now() - start;
console.log(JSON.stringify({ ms, kept: models.map((m) => m.id) }));
