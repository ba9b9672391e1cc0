// Compiled (not run) by package.test.mjs: the declarations let a TypeScript project use the
// API with full types, and reject what the API rejects.

import {
  type CompatibilityResult,
  type Device,
  type Fit,
  type HuggingFaceOptions,
  type Model,
  type ModelCompatError,
  type ModelMetadata,
  type WorkerProfile,
  type ModelCompatClient,
  checkModelWorkerCompatibility,
  createClient,
  defaultWorkerCatalog,
  extractHuggingFaceMetadata,
  filterCompatibleModels,
  getCivitaiModel,
  getCompatibleCivitaiModels,
  getCompatibleHuggingFaceModels,
  getHuggingFaceModel,
  isModelCompatible,
  listCivitaiModels,
  listHuggingFaceModels,
} from '..'

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
  console.log(await getHuggingFaceModel('gpt2', { token: 'hf_x' }), await getCivitaiModel(1231067))

  // A server keeps the sources' answers for a minute, serving them stale for five while a
  // refresh runs.
  const client: ModelCompatClient = createClient({ cache: { ttlMs: 60_000, staleWhileRevalidateMs: 300_000 } })
  const cached: Model[] = await client.getCompatibleHuggingFaceModels(options)
  console.log(cached.length, (await client.listCivitaiModelsPage({ limit: 5 })).nextCursor)
  client.clearCache()
  // @ts-expect-error: the cache's TTL is `ttlMs`, in milliseconds
  createClient({ cache: { ttl: 60 } })

  const worker: WorkerProfile = defaultWorkerCatalog().workers[0]!
  const metadata: ModelMetadata = extractHuggingFaceMetadata({ id: 'gpt2' })
  const verdict: CompatibilityResult = isModelCompatible(metadata, { workers: [worker] })
  const one: CompatibilityResult = checkModelWorkerCompatibility(metadata, worker)
  const kept = filterCompatibleModels([metadata]).map((m) => m.compatibility.confidence)
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

  // @ts-expect-error: sort keys are checked
  await listHuggingFaceModels({ sort: 'sideways' })
  // @ts-expect-error: unknown options are refused
  await listHuggingFaceModels({ pagesize: 5 })
  // @ts-expect-error: the metadata is required
  isModelCompatible()
}
