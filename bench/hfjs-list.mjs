// The JavaScript peer of `cargo xtask bench`: what a `@huggingface/hub` user writes to get the
// first LIMIT text-generation models (most downloaded first) that their worker can run.
//
// Usage: node hfjs-list.mjs ENDPOINT LIMIT
// Prints one JSON line: {"ms": <listing time>, "kept": [ids...], "scanned": N}.
//
// Same honest filter as the Python peer (hf_hub_list.py): a `safetensors` or `gguf` tag and
// a supported architecture from config.model_type or the GGUF header.
import { listModels } from "@huggingface/hub";

// The architectures the LLM worker runs, as transformers and llama.cpp name them.
const SUPPORTED = new Set([
  "llama", "mistral", "mixtral", "phi", "phi2", "phi3",
  "qwen2", "qwen2_moe", "qwen2moe", "qwen3", "qwen3_moe", "qwen3moe",
  "gemma", "gemma2", "gemma3", "gemma3_text",
]);

function runnable(model) {
  const tags = model.tags ?? [];
  if (!tags.includes("safetensors") && !tags.includes("gguf")) return false;
  const arch = model.config?.model_type ?? model.gguf?.architecture;
  return SUPPORTED.has(arch);
}

const [endpoint, limitArg] = process.argv.slice(2);
const limit = Number(limitArg);
const start = performance.now();
const kept = [];
let scanned = 0;
for await (const model of listModels({
  hubUrl: endpoint,
  search: { task: "text-generation" },
  sort: "downloads",
  // `gguf` is not in the typed list of expandable keys, but the Hub sends it and a JavaScript
  // caller can ask for it; without it GGUF repositories have no architecture.
  additionalFields: ["config", "gguf", "safetensors", "tags", "filePaths"],
})) {
  scanned += 1;
  if (runnable(model)) {
    kept.push(model.name);
    if (kept.length === limit) break;
  }
}
const ms = performance.now() - start;
console.log(JSON.stringify({ ms, kept, scanned }));
