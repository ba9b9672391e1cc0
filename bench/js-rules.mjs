// A pure JavaScript port of the text worker's main rules (crates/compat-core/src/rules/text.rs),
// written as a JavaScript developer would to avoid the addon: it applies the same worker table
// (crates/compat-core/src/default_catalog.json) to the same `ModelMetadata` objects and answers
// a boolean, with no reasons, warnings or recommended file.
//
// Covered: model kind and pipeline tag, disabled repositories, the architecture family by
// evidence (config names vs llama.cpp names), weight files (role, format, GGUF quantization label,
// quantized safetensors) and the format tags of a listing without files. Not covered: confidence,
// gating, context warnings, per-file verdicts, ranking, the image worker, and an architecture
// read from tags or the repository name when the record states none (no config, no GGUF
// metadata): the port says no there, the rules say yes with the warning `architecture_inferred`
// when the name names a family a worker runs (`Qwen3-8B-...-GGUF`). Those are the models on which
// the two disagree (node-addon-filter.mjs counts them).

/** `isRunnable(metadata)` for the text-generation workers of `catalog`. */
export function makeFilter(catalog) {
  const workers = catalog.workers
    .filter((w) => w.kind === "text-generation")
    .map((w) => ({
      pipelines: new Set((w.pipelines ?? []).map((p) => p.tag)),
      allowMissingPipeline: Boolean(w.allowMissingPipeline),
      configNames: new Set(w.architectures.flatMap((a) => a.configNames ?? []).map((n) => n.toLowerCase())),
      ggufNames: new Set(w.architectures.flatMap((a) => a.ggufNames ?? []).map((n) => n.toLowerCase())),
      formats: new Set(w.formats),
      quants: new Set(
        [...(w.ggufQuantizations ?? []), ...(w.ggufQuantizationsWithWarning ?? [])].map((q) => q.toUpperCase()),
      ),
    }));

  function runs(w, m) {
    if (m.source === "civitai" || m.kind === "image-generation") return false;
    if (m.pipelineTag ? !w.pipelines.has(m.pipelineTag) : !w.allowMissingPipeline) return false;
    if (m.disabled) return false;
    const arch = m.architecture;
    if (!arch) return false;
    const names = arch.evidence === "gguf" ? w.ggufNames : w.configNames;
    if (!names.has(arch.raw.toLowerCase())) return false;

    const files = m.files ?? [];
    if (files.length === 0) {
      const loadable = (m.formats ?? []).filter((f) => w.formats.has(f));
      if (loadable.length === 0) return false;
      return !(m.quantization && loadable.every((f) => f === "safetensors"));
    }
    for (const f of files) {
      if (f.role !== "weights" || !f.format || !w.formats.has(f.format)) continue;
      if (f.format === "gguf") {
        // A GGUF without a quantization label in its name loads, with a caveat.
        if (!f.quantization || w.quants.has(f.quantization.toUpperCase())) return true;
      } else if (f.format === "safetensors") {
        if (!m.quantization) return true;
      } else {
        return true;
      }
    }
    return false;
  }

  return (m) => workers.some((w) => runs(w, m));
}
