// Times @huggingface/gguf on one local file: gguf(path, {allowLocalFile, computeParametersCount})
// reads the header from the file and counts the parameters. Prints one JSON line:
// {"median_ms": ..., "runs": N}. Usage: node bench.mjs FILE RUNS
import { resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { gguf } from "@huggingface/gguf";

const [file, runsArg] = process.argv.slice(2);
const runs = Number(runsArg);
const times = [];
for (let i = 0; i < runs; i++) {
  const start = performance.now();
  const { tensorInfos } = await gguf(resolve(file), { allowLocalFile: true, computeParametersCount: true });
  if (tensorInfos.length === 0) throw new Error("no tensors");
  times.push(performance.now() - start);
}
times.sort((a, b) => a - b);
const mid = Math.floor(runs / 2);
const median = runs % 2 ? times[mid] : (times[mid - 1] + times[mid]) / 2;
console.log(JSON.stringify({ median_ms: median, runs }));
