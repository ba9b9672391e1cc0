// Dumps the header facts of every .gguf file in a directory as @huggingface/gguf reads them, in
// the field names of model-headers' HeaderFacts (the Rust cross-check compares key by key).
// Usage: node dump.mjs DIR OUT.json
import { readdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { gguf, GGMLQuantizationType } from "@huggingface/gguf";

const [dir, out] = process.argv.slice(2);
const num = (v) => (typeof v === "bigint" ? Number(v) : Array.isArray(v) ? v.map(num) : v);

async function facts(path) {
  const { metadata, tensorInfos, tensorDataOffset, parameterCount } = await gguf(resolve(path), {
    allowLocalFile: true,
    computeParametersCount: true,
  });
  const arch = metadata["general.architecture"];
  const result = {
    format: "gguf",
    version: metadata.version,
    architecture: arch ?? null,
    parameters: parameterCount,
    tensorCount: tensorInfos.length,
    tensorTypes: {},
    headerBytes: Number(tensorDataOffset),
  };
  for (const t of tensorInfos) {
    const name = GGMLQuantizationType[t.dtype] ?? `ggml_type_${t.dtype}`;
    result.tensorTypes[name] = (result.tensorTypes[name] ?? 0) + 1;
  }
  const keys = {
    contextLength: "context_length",
    blockCount: "block_count",
    embeddingLength: "embedding_length",
    headCount: "attention.head_count",
    headCountKv: "attention.head_count_kv",
    keyLength: "attention.key_length",
    valueLength: "attention.value_length",
    slidingWindow: "attention.sliding_window",
    slidingWindowPattern: "attention.sliding_window_pattern",
    expertCount: "expert_count",
    expertUsedCount: "expert_used_count",
  };
  if (arch) {
    for (const [name, suffix] of Object.entries(keys)) result[name] = num(metadata[`${arch}.${suffix}`]) ?? null;
  }
  if (metadata["general.file_type"] !== undefined) result.fileType = num(metadata["general.file_type"]);
  if (metadata["general.name"] !== undefined) result.name = metadata["general.name"];
  const tokens = metadata["tokenizer.ggml.tokens"];
  if (tokens) result.vocabSize = tokens.length;
  if (metadata["split.count"] !== undefined) {
    result.split = { no: num(metadata["split.no"]), count: num(metadata["split.count"]), tensors: num(metadata["split.tensors.count"]) };
  }
  return result;
}

const result = {};
for (const name of readdirSync(dir).sort()) {
  if (!name.endsWith(".gguf")) continue;
  try {
    result[name] = await facts(join(dir, name));
  } catch (e) {
    result[name] = { error: String(e) };
  }
}
writeFileSync(out, JSON.stringify(result, null, 1));
console.log(`@huggingface/gguf: ${Object.keys(result).length} files -> ${out}`);
