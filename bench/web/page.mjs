// The browser page of part 4 of `cargo xtask bench`: times the WASM `web` build's import,
// its `init()` (fetch + compile + instantiate the .wasm), one sync verdict, and one
// `getCompatibleHuggingFaceModels` call against the testkit listing (and, with `fastEndpoint`, the
// same call again against a listing without latency); sets `window.__result`.
const params = new URLSearchParams(location.search);
const status = document.getElementById("status");

async function main() {
  const record = await (await fetch(params.get("record"))).json();
  let start = performance.now();
  const wasm = await import(params.get("module"));
  const importMs = performance.now() - start;
  start = performance.now();
  await wasm.default();
  const initMs = performance.now() - start;
  start = performance.now();
  const verdict = wasm.isModelCompatible(wasm.extractHuggingFaceMetadata(record));
  const syncCallMs = performance.now() - start;
  start = performance.now();
  const models = await wasm.getCompatibleHuggingFaceModels({
    endpoint: params.get("endpoint"),
    limit: Number(params.get("limit")),
    pipelineTag: "text-generation",
    sort: "downloads",
    maxPages: 1000,
  });
  const listingMs = performance.now() - start;
  // The same call again against a listing without latency: what is left is the page's own work
  // (fetch, JSON into the module, verdicts, results back), with everything warm.
  let warmNoLatencyMs = null;
  if (params.get("fastEndpoint")) {
    start = performance.now();
    await wasm.getCompatibleHuggingFaceModels({
      endpoint: params.get("fastEndpoint"),
      limit: Number(params.get("limit")),
      pipelineTag: "text-generation",
      sort: "downloads",
      maxPages: 1000,
    });
    warmNoLatencyMs = performance.now() - start;
  }
  return {
    warmNoLatencyMs,
    importMs,
    initMs,
    syncCallMs,
    compatible: verdict.compatible,
    listingMs,
    kept: models.map((m) => m.id),
    userAgent: navigator.userAgent,
  };
}

main().then(
  (result) => {
    status.textContent = "done";
    window.__result = result;
  },
  (error) => {
    status.textContent = `failed: ${error}`;
    window.__result = { error: `${error?.name}: ${error?.message} (${error?.code ?? ""})` };
  },
);
