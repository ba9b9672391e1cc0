// Compiled (not run) by package.test.mjs: the generated declarations let a TypeScript web
// project use every entry point of the package with full types, and reject what the API
// rejects. The types are the ones the Node addon exports (generated from the Rust types).

import {
  type CompatibilityResult,
  type Device,
  type Fit,
  type HuggingFaceOptions,
  type Model,
  type ModelCompatError,
  type ModelMetadata,
  type WorkerProfile,
  checkModelWorkerCompatibility,
  defaultWorkerCatalog,
  extractCivitaiMetadata,
  extractHuggingFaceMetadata,
  filterCompatibleModels,
  getCivitaiModel,
  getCompatibleCivitaiModels,
  getCompatibleHuggingFaceModels,
  type ModelCompatClient,
  createClient,
  getHuggingFaceModel,
  isModelCompatible,
  listCivitaiModels,
  listHuggingFaceModels,
} from '@model-compat/wasm'
import initWeb, { getCompatibleHuggingFaceModels as webListing, initSync } from '@model-compat/wasm/web'
import * as pure from '@model-compat/wasm/pure'
import initPure, { isModelCompatible as pureCheck } from '@model-compat/wasm/pure/web'
import * as inspect from '@model-compat/wasm/inspect'

export async function marketplace(): Promise<void> {
  const options: HuggingFaceOptions = { limit: 10, filter: ['gguf'], sort: 'downloads', direction: 'descending' }
  const models: Model[] = await getCompatibleHuggingFaceModels(options)
  for (const model of models) {
    const size: number | undefined = model.size
    const reasons: string[] = model.compatibility.reasons
    const file = model.compatibility.recommendedFile?.name
    console.log(model.id, model.name, model.author, size, reasons, file, model.metadata.architecture?.family)
  }
  const civitai = await getCompatibleCivitaiModels({ types: ['Checkpoint'], sort: 'Most Downloaded', nsfw: false })
  const versions = civitai[0]?.compatibility.versions?.map((v) => v.id)
  console.log(versions, await listHuggingFaceModels(), await listCivitaiModels({ period: 'Week' }))
  // The same client API as the Node addon (the WASM build keeps no cache).
  const client: ModelCompatClient = createClient({ cache: { ttlMs: 60_000 } })
  console.log(await client.getCompatibleHuggingFaceModels(options))
  client.clearCache()
  console.log(await getHuggingFaceModel('gpt2', { token: 'hf_x' }), await getCivitaiModel(1231067))

  const worker: WorkerProfile = defaultWorkerCatalog().workers[0]!
  const metadata: ModelMetadata = extractHuggingFaceMetadata({ id: 'gpt2' })
  const civitaiMetadata: ModelMetadata = extractCivitaiMetadata({ id: 1, modelVersions: [] })
  const verdict: CompatibilityResult = isModelCompatible(metadata, { workers: [worker] })
  const one: CompatibilityResult = checkModelWorkerCompatibility(metadata, worker)
  const kept = filterCompatibleModels([metadata, civitaiMetadata]).map((m) => m.compatibility.confidence)
  console.log(verdict.codes, one.compatible, kept)

  // On a device: a preset's name or a Device; listings keep what fits.
  const box: Device = { gpus: [{ memoryBytes: 12884901888, backend: 'cuda' }], ramBytes: 34359738368 }
  const onDevice: CompatibilityResult = isModelCompatible(metadata, undefined, { device: 'gpu-12gb' })
  const where: Fit | undefined = onDevice.fit?.fit
  const needs: number | undefined = onDevice.fit?.needsBytes ?? onDevice.memory?.totalBytes
  const fitting: Model[] = await getCompatibleHuggingFaceModels({ device: box, fit: 'gpu' })
  const estimated: boolean | undefined = fitting[0]?.sizeEstimated
  console.log(where, needs, estimated, filterCompatibleModels([metadata], undefined, { device: box, fit: 'offload' }))
  // @ts-expect-error: presets are checked
  isModelCompatible(metadata, undefined, { device: 'gpu-7gb' })
  // @ts-expect-error: fits are checked
  await listHuggingFaceModels({ device: 'gpu-8gb', fit: 'vram' })

  try {
    await getHuggingFaceModel('nope')
  } catch (e) {
    const error = e as ModelCompatError
    if (error.code === 'RATE_LIMITED' || error.code === 'NOT_FOUND') console.log(error.status)
  }

  // The `web` entry: instantiate first (fetch, or synchronously from bytes), then call.
  await initWeb()
  initSync({ module: new Uint8Array() })
  const fromWeb: Model[] = await webListing({ endpoint: 'http://127.0.0.1:8080', limit: 1 })
  console.log(fromWeb)

  // The pure entries: the sync functions only.
  const pureVerdict: CompatibilityResult = pure.isModelCompatible(pure.extractHuggingFaceMetadata({ id: 'gpt2' }))
  await initPure('/model_compat_wasm_bg.wasm')
  console.log(pureVerdict, pureCheck(metadata))
  // @ts-expect-error: the pure build has no HTTP functions
  pure.getCompatibleHuggingFaceModels()

  // The inspect entry: everything, with headers read over HTTP and from a page's files.
  const inspected: Model = await inspect.getHuggingFaceModel('unsloth/Qwen3-0.6B-GGUF', { inspect: 'recommended' })
  const dropped: Model = await inspect.inspectFile(new File([], 'model-Q4_K_M.gguf'), { device: 'gpu-8gb' })
  console.log(inspected.headers, dropped.compatibility)

  // @ts-expect-error: sort keys are checked
  await listHuggingFaceModels({ sort: 'sideways' })
  // @ts-expect-error: unknown options are refused
  await listHuggingFaceModels({ pagesize: 5 })
  // @ts-expect-error: the metadata is required
  isModelCompatible()
}
