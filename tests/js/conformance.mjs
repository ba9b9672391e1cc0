// The JavaScript conformance suite every binding runs unchanged: the Node addon
// (bindings/node), the WASM `nodejs` build in Node and the WASM `web` build in a browser.
//
// Plain ES module without Node APIs: a harness passes the module under test and a
// context, and runs the cases returned by `conformanceCases` with its own test runner
// (node:test in Node, a loop in the browser page). See tests/js/node/harness.mjs.
//
// Context:
//   api        the module under test (the exported functions)
//   url        the testkit server, `http://127.0.0.1:PORT`, serving ./scenario.mjs; one
//              server per run (its response sequences, like 429-then-200, are consumed)
//   closedUrl  an `http://127.0.0.1:PORT` where nothing listens
//   expected   what the Rust crates compute for every fixture record
//              (`model-compat-gen expected`): {huggingface: [case], civitai: [case]}, a
//              case being {label, file, path, kind, metadata, resolved, compatibility,
//              workers}; `resolved` is the metadata as the default catalog reads it
//   fixtures   the fixture files those cases point into: {huggingface: {file: json},
//              civitai: {file: json}}
//   caches     true when `createClient({cache})` keeps answers (the Node addon); the WASM
//              builds check the option and keep nothing, which the same cases then assert

import { deepEqual, equal, ok, rejects, throws } from './assert.mjs'
import {
  CIVITAI_DETAIL,
  CIVITAI_LISTING,
  CIVITAI_PAGE_SIZE,
  ERROR_STATUSES,
  HF_DETAIL,
  HF_PAGE_SIZE,
  PREFIX,
} from './scenario.mjs'

export const ERROR_CODES = [
  'RATE_LIMITED',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'HTTP_ERROR',
  'TOO_MANY_REDIRECTS',
  'RESPONSE_TOO_LARGE',
  'DECODE_ERROR',
  'NETWORK_ERROR',
  'INVALID_ARGUMENT',
  'RANGE_NOT_SATISFIABLE',
  'HEADER_TOO_LARGE',
  'INVALID_HEADER',
  'FILE_ERROR',
]

const STATUS_CODES = { 401: 'UNAUTHORIZED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 429: 'RATE_LIMITED', 500: 'HTTP_ERROR' }

/** The record a case points at: the whole file, or an element (`path` of keys and indexes). */
export function recordOf(fixtures, provider, testCase) {
  let value = fixtures[provider][testCase.file]
  if (value === undefined) throw new Error(`fixture ${provider}/${testCase.file} was not loaded`)
  for (const key of testCase.path) value = value[key]
  return value
}

function byLabel(cases, label) {
  const found = cases.find((c) => c.label === label)
  if (!found) throw new Error(`no expected case ${label}`)
  return found
}

function checkError(error, code, status, what) {
  ok(error instanceof Error, `${what}: expected an Error, got ${String(error)}`)
  equal(error.code, code, `${what}: code (message: ${error.message})`)
  equal(error.status, status, `${what}: status`)
  ok(typeof error.message === 'string' && error.message.length > 0, `${what}: a message`)
}

/** The cases: [{name, run: async () => void}]. */
export function conformanceCases(ctx) {
  const { api, url, closedUrl, expected, fixtures } = ctx
  const caches = ctx.caches === true
  const hfCases = expected.huggingface
  const civitaiCases = expected.civitai
  const endpoint = (prefix) => `${url}${prefix}`

  async function requestLog() {
    const response = await fetch(`${url}/__testkit/requests`)
    return response.json()
  }

  /**
   * Call before a test's requests; returns `requests(prefix)`: the requests the server
   * received under `prefix` since then, in order. CORS preflights (`OPTIONS`, which a browser
   * sends before a request with `Authorization`) are not counted: Node sends none.
   */
  async function track() {
    const mark = (await requestLog()).length
    return async (prefix) =>
      (await requestLog())
        .slice(mark)
        .filter((r) => r.method !== 'OPTIONS' && (r.path === prefix || r.path.startsWith(`${prefix}/`)))
  }

  const query = (request, key) => request.queryPairs.filter(([k]) => k === key).map(([, v]) => v)

  /** What a listing of all the HuggingFace fixture files yields, in order. */
  const hfListed = hfCases.filter((c) => c.path.length === 0 && c.metadata.id !== '')
  const civitaiListed = CIVITAI_LISTING.map((label) => byLabel(civitaiCases, label))

  function checkModel(model, testCase, source, what) {
    equal(model.source, source, `${what}: source`)
    equal(model.id, source === 'civitai' ? String(testCase.metadata.id) : testCase.metadata.id, `${what}: id`)
    // An entry holds the metadata as the catalog that judged it reads it.
    deepEqual(model.metadata, testCase.resolved, `${what}: metadata`)
    deepEqual(model.compatibility, testCase.compatibility, `${what}: compatibility`)
    ok(typeof model.name === 'string' && model.name.length > 0, `${what}: name`)
    ok(Array.isArray(model.tags), `${what}: tags`)
    equal(model.size, testCase.compatibility.recommendedFile?.sizeBytes, `${what}: size is the recommended file's`)
    equal(
      model.sizeEstimated ?? false,
      testCase.compatibility.recommendedFile?.sizeEstimated ?? false,
      `${what}: sizeEstimated says whether size is an estimate`,
    )
    ok(!('sizeBytes' in model), `${what}: size, not sizeBytes`)
    equal(model.license, testCase.metadata.license, `${what}: license, as in the metadata`)
  }

  const cases = []
  const test = (name, run) => cases.push({ name, run })

  // -------------------------------------------------------------------------------------
  // The exports.

  test('exports the API functions', () => {
    for (const name of [
      'getCompatibleHuggingFaceModels',
      'listHuggingFaceModels',
      'listHuggingFaceModelsPage',
      'getHuggingFaceModel',
      'getCompatibleCivitaiModels',
      'listCivitaiModels',
      'listCivitaiModelsPage',
      'getCivitaiModel',
      'inspectFile',
      'createClient',
      'extractHuggingFaceMetadata',
      'extractCivitaiMetadata',
      'isModelCompatible',
      'filterCompatibleModels',
      'filterCompatibleIndices',
      'prepareModels',
      'checkModelWorkerCompatibility',
      'defaultWorkerCatalog',
    ]) {
      equal(typeof api[name], 'function', name)
    }
  })

  // -------------------------------------------------------------------------------------
  // Sync functions over the real fixtures: exactly what the Rust crates compute.

  test('defaultWorkerCatalog: the product workers', () => {
    const catalog = api.defaultWorkerCatalog()
    deepEqual(
      catalog.workers.map((w) => [w.id, w.kind]),
      [
        ['llm-worker', 'text-generation'],
        ['sd-worker', 'image-generation'],
      ],
    )
    // A fresh object each time: callers may change theirs.
    catalog.workers.pop()
    equal(api.defaultWorkerCatalog().workers.length, 2)
  })

  test(`extractHuggingFaceMetadata + isModelCompatible: ${hfCases.length} Hub records equal the Rust verdicts`, () => {
    ok(hfCases.length >= 40, `expected the full fixture set, got ${hfCases.length}`)
    for (const c of hfCases) {
      const metadata = api.extractHuggingFaceMetadata(recordOf(fixtures, 'huggingface', c))
      deepEqual(metadata, c.metadata, `${c.label}: metadata`)
      deepEqual(api.isModelCompatible(metadata), c.compatibility, `${c.label}: verdict`)
    }
  })

  test(`extractCivitaiMetadata + isModelCompatible: ${civitaiCases.length} CivitAI models and versions equal the Rust verdicts`, () => {
    ok(civitaiCases.some((c) => c.kind === 'version'), 'model versions are covered')
    for (const c of civitaiCases) {
      const metadata = api.extractCivitaiMetadata(recordOf(fixtures, 'civitai', c))
      deepEqual(metadata, c.metadata, `${c.label}: metadata`)
      deepEqual(api.isModelCompatible(metadata), c.compatibility, `${c.label}: verdict`)
    }
  })

  test('checkModelWorkerCompatibility: every fixture against every default worker', () => {
    const workers = api.defaultWorkerCatalog().workers
    for (const c of [...hfCases, ...civitaiCases]) {
      for (const worker of workers) {
        deepEqual(api.checkModelWorkerCompatibility(c.metadata, worker), c.workers[worker.id], `${c.label} / ${worker.id}`)
      }
    }
  })

  test('filterCompatibleModels: the compatible ones, in order, with their verdicts', () => {
    const all = [...hfCases, ...civitaiCases]
    const kept = api.filterCompatibleModels(all.map((c) => c.metadata))
    const want = all.filter((c) => c.compatibility.compatible)
    ok(want.length > 0 && want.length < all.length, 'the fixtures mix compatible and incompatible models')
    deepEqual(
      kept,
      want.map((c) => ({ metadata: c.metadata, compatibility: c.compatibility })),
    )
    deepEqual(api.filterCompatibleModels([]), [])
  })

  test('filterCompatibleIndices: the positions of the models filterCompatibleModels keeps', () => {
    const all = [...hfCases, ...civitaiCases]
    const metadata = all.map((c) => c.metadata)
    const want = all.flatMap((c, i) => (c.compatibility.compatible ? [i] : []))
    deepEqual(api.filterCompatibleIndices(metadata), want)
    deepEqual(api.filterCompatibleIndices([]), [])
    // Each worker alone, as the per-worker verdicts say.
    for (const worker of api.defaultWorkerCatalog().workers) {
      const alone = all.flatMap((c, i) => (c.workers[worker.id].compatible ? [i] : []))
      deepEqual(api.filterCompatibleIndices(metadata, { workers: [worker] }), alone, worker.id)
    }
  })

  test('prepareModels: a snapshot both filters read, with the same answers', () => {
    const all = [...hfCases, ...civitaiCases]
    const metadata = all.map((c) => ({ ...c.metadata }))
    const set = api.prepareModels(metadata)
    equal(set.length, all.length, 'length')
    const want = all.filter((c) => c.compatibility.compatible)
    deepEqual(
      api.filterCompatibleModels(set),
      want.map((c) => ({ metadata: c.metadata, compatibility: c.compatibility })),
    )
    const indices = api.filterCompatibleIndices(metadata)
    deepEqual(api.filterCompatibleIndices(set), indices)
    // Another catalog: judged again, not remembered.
    const llm = api.defaultWorkerCatalog().workers.find((w) => w.id === 'llm-worker')
    deepEqual(api.filterCompatibleIndices(set, { workers: [llm] }), api.filterCompatibleIndices(metadata, { workers: [llm] }))
    deepEqual(
      api.filterCompatibleModels(set, { workers: [llm] }).map((k) => k.compatibility),
      api.filterCompatibleModels(metadata, { workers: [llm] }).map((k) => k.compatibility),
    )
    // Later changes to the array or its objects are not seen.
    for (const m of metadata) m.kind = 'other'
    metadata.unshift({ id: 'late' })
    deepEqual(api.filterCompatibleIndices(set), indices, 'the set is a snapshot')
    equal(api.prepareModels([]).length, 0)
    deepEqual(api.filterCompatibleIndices(api.prepareModels([])), [])
  })

  test('isModelCompatible and filterCompatibleModels with a custom catalog', () => {
    const llm = api.defaultWorkerCatalog().workers.find((w) => w.id === 'llm-worker')
    const gemma = byLabel(hfCases, HF_DETAIL.label)
    const verdict = api.isModelCompatible(gemma.metadata, { workers: [llm] })
    equal(verdict.compatible, true)
    deepEqual(
      verdict.workers.map((w) => w.id),
      ['llm-worker'],
    )
    const noGguf = { ...llm, id: 'no-gguf', formats: llm.formats.filter((f) => f !== 'gguf') }
    const refused = api.isModelCompatible(gemma.metadata, { workers: [noGguf] })
    equal(refused.compatible, false)
    ok(refused.codes.length > 0, 'refusal codes')
    deepEqual(api.filterCompatibleModels([gemma.metadata], { workers: [noGguf] }), [])
  })

  // -------------------------------------------------------------------------------------
  // On a device: the `device` option (a preset name or a Device) and the `fit` filter.

  const device = expected.device

  test('isModelCompatible and checkModelWorkerCompatibility on a device equal the Rust verdicts', () => {
    deepEqual(api.isModelCompatible(device.metadata, undefined, { device: 'gpu-8gb' }), device.verdicts['gpu-8gb'])
    deepEqual(api.isModelCompatible(device.metadata, null, { device: 'cpu-16gb' }), device.verdicts['cpu-16gb'])
    deepEqual(api.isModelCompatible(device.metadata, undefined, { device: device.custom }), device.verdicts.custom)
    // Without the dimensions: the fit is unknown, and says what is missing.
    const bare = api.isModelCompatible(device.bare, undefined, { device: 'gpu-8gb' })
    deepEqual(bare, device.verdicts['bare-gpu-8gb'])
    equal(bare.fit.fit, 'unknown')
    ok(bare.codes.includes('memory_unknown'), 'memory_unknown')
    const verdict = device.verdicts['gpu-8gb']
    equal(verdict.fit.fit, 'fits')
    ok(verdict.memory.kvCacheBytes > 0 && verdict.memory.totalBytes > verdict.memory.weightsBytes, 'the numbers')
    ok(verdict.files.some((f) => f.fit && f.fit.fit === 'fits'), 'each loadable file has its fit')
    const llm = api.defaultWorkerCatalog().workers.find((w) => w.id === 'llm-worker')
    const alone = api.checkModelWorkerCompatibility(device.metadata, llm, { device: 'gpu-8gb' })
    deepEqual(alone.fit, verdict.fit)
    // Without a device, no memory verdict at all.
    const plain = api.isModelCompatible(device.metadata)
    ok(plain.fit === undefined && plain.memory === undefined, 'no fit without a device')
  })

  test('filterCompatibleModels: the fit filter keeps only what is known to fit', () => {
    const models = [device.metadata, device.bare]
    const onGpu = api.filterCompatibleModels(models, undefined, { device: 'gpu-8gb', fit: 'gpu' })
    deepEqual(onGpu, [{ metadata: device.metadata, compatibility: device.verdicts['gpu-8gb'] }])
    equal(api.filterCompatibleModels(models, undefined, { device: 'cpu-16gb', fit: 'offload' }).length, 0)
    equal(api.filterCompatibleModels(models, undefined, { device: 'cpu-16gb', fit: 'any' }).length, 1)
    // No filter: both are compatible, one of them with an unknown fit.
    equal(api.filterCompatibleModels(models, undefined, { device: 'gpu-8gb' }).length, 2)
  })

  test('device options: INVALID_ARGUMENT for an unknown preset, a bad device, a filter without one', () => {
    const m = device.metadata
    const bad = [
      ['unknown preset', () => api.isModelCompatible(m, undefined, { device: 'gpu-7gb' })],
      ['no memory', () => api.isModelCompatible(m, undefined, { device: { ramBytes: 0 } })],
      ['not a device', () => api.isModelCompatible(m, undefined, { device: 42 })],
      ['unknown backend', () => api.isModelCompatible(m, undefined, { device: { gpus: [{ memoryBytes: 1, backend: 'tpu' }] } })],
      ['fit without a device', () => api.filterCompatibleModels([m], undefined, { fit: 'gpu' })],
      ['fit on one model', () => api.isModelCompatible(m, undefined, { device: 'gpu-8gb', fit: 'gpu' })],
      ['unknown fit', () => api.filterCompatibleModels([m], undefined, { device: 'gpu-8gb', fit: 'vram' })],
      ['unknown option', () => api.isModelCompatible(m, undefined, { devices: 'gpu-8gb' })],
    ]
    for (const [what, call] of bad) {
      checkError(throws(call, what), 'INVALID_ARGUMENT', undefined, what)
    }
  })

  test('getCompatibleHuggingFaceModels on a device: reads config.json, keeps what fits', async () => {
    const requests = await track()
    const models = await api.getCompatibleHuggingFaceModels({
      endpoint: endpoint(PREFIX.hfDevice),
      limit: 100,
      pageSize: HF_PAGE_SIZE,
      device: 'gpu-8gb',
      fit: 'gpu',
      maxRetries: 0,
    })
    // Only the models whose dimensions the server's one config.json gives are known to fit:
    // google/gemma-3-1b-it itself and ggml-org's GGUF of it (its quantized base).
    deepEqual(models.map((m) => m.id).sort(), ['ggml-org/gemma-3-1b-it-GGUF', 'google/gemma-3-1b-it'])
    for (const m of models) {
      equal(m.compatibility.fit.fit, 'fits', `${m.id}: fit`)
      ok(m.metadata.shape && m.metadata.shape.layers === 26, `${m.id}: the dimensions read`)
      ok(typeof m.size === 'number', `${m.id}: size`)
    }
    const gguf = models.find((m) => m.id === HF_DETAIL.id)
    equal(gguf.sizeEstimated, true, 'the listing states no size: estimated')
    deepEqual(gguf.compatibility.fit, device.verdicts['gpu-8gb'].fit, 'the same verdict as the sync function')
    const log = await requests(PREFIX.hfDevice)
    ok(log.some((r) => r.path === `${PREFIX.hfDevice}/${device.configRepo}/resolve/main/config.json`), 'config.json read')
    // The whole listing is read: the filter keeps no model whose fit is unknown.
    const pages = log.filter((r) => r.path === `${PREFIX.hfDevice}/api/models`).length
    ok(pages >= Math.ceil(hfListed.length / HF_PAGE_SIZE), `every page read (${pages})`)
  })

  test('listing options: `fit` needs a device and is not for include: "all"', async () => {
    for (const options of [{ fit: 'gpu' }, { device: 'gpu-8gb', fit: 'gpu', include: 'all' }, { device: 'tpu-9000' }]) {
      const what = JSON.stringify(options)
      checkError(
        await rejects(api.listHuggingFaceModels({ ...options, endpoint: endpoint(PREFIX.hfDevice) }), what),
        'INVALID_ARGUMENT',
        undefined,
        what,
      )
    }
  })

  test('sync functions: INVALID_ARGUMENT for bad arguments, thrown synchronously', () => {
    const gemma = byLabel(hfCases, HF_DETAIL.label).metadata
    const worker = api.defaultWorkerCatalog().workers[0]
    const bad = [
      ['extractHuggingFaceMetadata()', () => api.extractHuggingFaceMetadata()],
      ['extractHuggingFaceMetadata(42)', () => api.extractHuggingFaceMetadata(42)],
      ['extractHuggingFaceMetadata([])', () => api.extractHuggingFaceMetadata([])],
      ['extractCivitaiMetadata("model")', () => api.extractCivitaiMetadata('model')],
      ['extractCivitaiMetadata({id: "x"})', () => api.extractCivitaiMetadata({ id: 'not a number', modelVersions: [] })],
      ['isModelCompatible(null)', () => api.isModelCompatible(null)],
      ['isModelCompatible({})', () => api.isModelCompatible({})],
      ['isModelCompatible(metadata, {workers: []})', () => api.isModelCompatible(gemma, { workers: [] })],
      ['isModelCompatible(metadata, "catalog")', () => api.isModelCompatible(gemma, 'catalog')],
      ['isModelCompatible({id: 1})', () => api.isModelCompatible({ id: 1 })],
      ['filterCompatibleModels({})', () => api.filterCompatibleModels({})],
      ['filterCompatibleModels([{}])', () => api.filterCompatibleModels([{}])],
      ['filterCompatibleModels([], {workers: [{id: ""}]})', () => api.filterCompatibleModels([], { workers: [{ id: '' }] })],
      ['filterCompatibleIndices({})', () => api.filterCompatibleIndices({})],
      ['filterCompatibleIndices([{}])', () => api.filterCompatibleIndices([{}])],
      ['filterCompatibleIndices([], {workers: []})', () => api.filterCompatibleIndices([], { workers: [] })],
      ['filterCompatibleIndices(set, {workers: []})', () => api.filterCompatibleIndices(api.prepareModels([gemma]), { workers: [] })],
      ['prepareModels()', () => api.prepareModels()],
      ['prepareModels("models")', () => api.prepareModels('models')],
      ['prepareModels([{}])', () => api.prepareModels([{}])],
      ['checkModelWorkerCompatibility(metadata)', () => api.checkModelWorkerCompatibility(gemma)],
      ['checkModelWorkerCompatibility(metadata, {id: ""})', () => api.checkModelWorkerCompatibility(gemma, { ...worker, id: '' })],
      ['checkModelWorkerCompatibility(metadata, {kind: 3})', () => api.checkModelWorkerCompatibility(gemma, { id: 'w', kind: 3 })],
      ['checkModelWorkerCompatibility("x", worker)', () => api.checkModelWorkerCompatibility('x', worker)],
    ]
    for (const [what, call] of bad) {
      checkError(throws(call, what), 'INVALID_ARGUMENT', undefined, what)
    }
  })

  // -------------------------------------------------------------------------------------
  // HuggingFace over HTTP (testkit serves every fixture file as one listing record).

  test('listHuggingFaceModels: pages through the listing to the limit, sending the query', async () => {
    const requests = await track()
    const models = await api.listHuggingFaceModels({
      endpoint: endpoint(PREFIX.hfList),
      limit: 12,
      pageSize: HF_PAGE_SIZE,
      search: 'llama',
      author: 'meta-llama',
      filter: ['text-generation', 'safetensors'],
      pipelineTag: 'text-generation',
      sort: 'downloads',
      direction: 'descending',
      maxRetries: 0,
    })
    equal(models.length, 12, 'models')
    models.forEach((m, i) => checkModel(m, hfListed[i], 'huggingface', `model ${i}`))
    const log = await requests(PREFIX.hfList)
    equal(log.length, 3, 'pages fetched for 12 models at 5 per page')
    const first = log[0]
    deepEqual(query(first, 'search'), ['llama'])
    deepEqual(query(first, 'author'), ['meta-llama'])
    deepEqual(query(first, 'filter'), ['text-generation', 'safetensors'])
    deepEqual(query(first, 'pipeline_tag'), ['text-generation'])
    deepEqual(query(first, 'sort'), ['downloads'])
    deepEqual(query(first, 'direction'), ['-1'])
    deepEqual(query(first, 'limit'), [String(HF_PAGE_SIZE)])
    ok(query(log[1], 'cursor').length === 1, 'page 2 follows the Link header cursor')
  })

  test('getCompatibleHuggingFaceModels: reads pages until `limit` compatible models', async () => {
    const requests = await track()
    const want = hfListed.filter((c) => c.compatibility.compatible).slice(0, 5)
    const models = await api.getCompatibleHuggingFaceModels({
      endpoint: endpoint(PREFIX.hfCompatible),
      limit: 5,
      pageSize: HF_PAGE_SIZE,
    })
    deepEqual(
      models.map((m) => m.id),
      want.map((c) => c.metadata.id),
    )
    models.forEach((m, i) => checkModel(m, want[i], 'huggingface', `model ${i}`))
    const lastIndex = hfListed.indexOf(want[want.length - 1])
    equal((await requests(PREFIX.hfCompatible)).length, Math.ceil((lastIndex + 1) / HF_PAGE_SIZE), 'pages fetched')
  })

  test('getCompatibleHuggingFaceModels: stops at maxPages', async () => {
    const requests = await track()
    const models = await api.getCompatibleHuggingFaceModels({
      endpoint: endpoint(PREFIX.hfMaxPages),
      limit: 100,
      pageSize: HF_PAGE_SIZE,
      maxPages: 2,
    })
    const want = hfListed.slice(0, 2 * HF_PAGE_SIZE).filter((c) => c.compatibility.compatible)
    deepEqual(
      models.map((m) => m.id),
      want.map((c) => c.metadata.id),
    )
    equal((await requests(PREFIX.hfMaxPages)).length, 2, 'pages fetched')
  })

  test('listHuggingFaceModels: judged against the given worker', async () => {
    const worker = api.defaultWorkerCatalog().workers.find((w) => w.id === 'llm-worker')
    const models = await api.listHuggingFaceModels({ endpoint: endpoint(PREFIX.hfWorker), limit: 3, worker })
    equal(models.length, 3)
    for (const m of models) {
      deepEqual(
        m.compatibility.workers.map((w) => w.id),
        ['llm-worker'],
      )
    }
  })

  test('getHuggingFaceModel: one model by id, with the token sent', async () => {
    const requests = await track()
    const model = await api.getHuggingFaceModel(HF_DETAIL.id, { endpoint: endpoint(PREFIX.hf), token: 'hf_test_token' })
    checkModel(model, byLabel(hfCases, HF_DETAIL.label), 'huggingface', HF_DETAIL.id)
    equal(model.author, 'ggml-org')
    const log = await requests(`${PREFIX.hf}/api/models/${HF_DETAIL.id}`)
    equal(log.length, 1)
    deepEqual(
      log[0].headers.filter(([name]) => name === 'authorization').map(([, v]) => v),
      ['Bearer hf_test_token'],
    )
  })

  test('getHuggingFaceModel: retries 429 (Retry-After: 0) and 503, then succeeds', async () => {
    const requests = await track()
    const model = await api.getHuggingFaceModel(HF_DETAIL.id, { endpoint: endpoint(PREFIX.hfRetry), maxRetries: 2 })
    equal(model.id, HF_DETAIL.id)
    equal((await requests(PREFIX.hfRetry)).length, 3)
  })

  /**
   * "Load more" through a whole listing with `list*Page`: every page is whole source pages,
   * the cursors chain to the end with no model lost or repeated, and `include` picks.
   */
  async function pagesThrough(list, prefix, served, pageSize, provider) {
    // A model the listing serves twice (the fixtures hold a listing and a detail record of
    // some models) is returned once, the first time.
    const listed = served.filter((c, i) => served.findIndex((d) => d.metadata.id === c.metadata.id) === i)
    const requests = await track()
    const options = { endpoint: endpoint(prefix), limit: 1, pageSize }
    const pages = []
    let cursor
    do {
      const page = await list({ ...options, cursor })
      ok(typeof page.exhausted === 'boolean' && typeof page.scanned === 'number', 'page fields')
      pages.push(page)
      cursor = page.nextCursor
      ok(pages.length <= served.length, 'the cursors end')
    } while (cursor !== undefined)
    const models = pages.flatMap((p) => p.models)
    deepEqual(
      models.map((m) => m.id),
      listed.map((c) => c.metadata.id),
      'every model once, in order',
    )
    models.forEach((m, i) => checkModel(m, listed[i], provider, `model ${i}`))
    const last = pages[pages.length - 1]
    equal(last.exhausted, true)
    equal(last.stoppedBy, 'exhausted')
    for (const page of pages.slice(0, -1)) {
      ok(page.models.length >= 1 && page.models.length <= pageSize, 'whole source pages, `limit` is 1')
      equal(page.scanned, page.models.length, 'include "all": every model read is returned')
      equal(page.stoppedBy, 'limit-reached')
      equal(page.exhausted, false)
      equal(typeof page.nextCursor, 'string')
    }
    const log = await requests(prefix)
    ok(log.length >= pages.length, 'a request per page at least')
    equal(new Set(log.map((r) => JSON.stringify(r.queryPairs))).size, log.length, 'no source page read twice')

    // Only the compatible ones, `limit` of them or more, resuming where the first stopped.
    const want = listed.filter((c) => c.compatibility.compatible)
    ok(want.length > 2 && want.length < listed.length, 'the listing mixes verdicts')
    const first = await list({ ...options, limit: 2, include: 'compatible' })
    ok(first.models.length >= 2, 'at least `limit` compatible models')
    ok(
      first.models.every((m) => m.compatibility.compatible),
      'only compatible ones',
    )
    const rest = await list({ ...options, limit: 1000, maxPages: 1000, include: 'compatible', cursor: first.nextCursor })
    deepEqual(
      [...first.models, ...rest.models].map((m) => m.id),
      want.map((c) => c.metadata.id),
      'compatible ones across two calls',
    )
    equal(rest.nextCursor, undefined)
    equal(first.scanned + rest.scanned, listed.length, 'scanned counts what each call read, incompatible too')

    // `maxPages` ends a page early, and says so.
    const capped = await list({ ...options, limit: 1000, maxPages: 1 })
    equal(capped.stoppedBy, 'max-pages')
    equal(capped.models.length, new Set(served.slice(0, pageSize).map((c) => c.metadata.id)).size)

    checkError(
      await rejects(list({ ...options, cursor: 'not a cursor' })),
      'INVALID_ARGUMENT',
      undefined,
      'a made-up cursor',
    )
  }

  test('listHuggingFaceModelsPage: "load more" through the whole listing by cursor', async () => {
    await pagesThrough(api.listHuggingFaceModelsPage, PREFIX.hfPages, hfListed, HF_PAGE_SIZE, 'huggingface')
  })

  test('include: "all" returns compatible and incompatible models in one listing', async () => {
    const all = await api.getCompatibleHuggingFaceModels({
      endpoint: endpoint(PREFIX.hfPages),
      limit: 2 * HF_PAGE_SIZE,
      pageSize: HF_PAGE_SIZE,
      include: 'all',
    })
    deepEqual(
      all.map((m) => m.id),
      hfListed.slice(0, 2 * HF_PAGE_SIZE).map((c) => c.metadata.id),
    )
    const compatible = await api.listHuggingFaceModels({
      endpoint: endpoint(PREFIX.hfPages),
      limit: 3,
      pageSize: HF_PAGE_SIZE,
      include: 'compatible',
    })
    deepEqual(
      compatible.map((m) => m.id),
      hfListed
        .filter((c) => c.compatibility.compatible)
        .slice(0, 3)
        .map((c) => c.metadata.id),
    )
    checkError(
      await rejects(api.listHuggingFaceModels({ endpoint: endpoint(PREFIX.hfPages), cursor: 'x' })),
      'INVALID_ARGUMENT',
      undefined,
      'a cursor where no page is returned',
    )
  })

  // -------------------------------------------------------------------------------------
  // CivitAI over HTTP.

  test('listCivitaiModels: pages by cursor to the limit, sending the filters', async () => {
    const requests = await track()
    const models = await api.listCivitaiModels({
      endpoint: endpoint(PREFIX.civitaiList),
      limit: 5,
      pageSize: CIVITAI_PAGE_SIZE,
      query: 'majicmix',
      tag: 'photorealistic',
      username: 'Merjic',
      types: ['Checkpoint', 'TextualInversion'],
      baseModels: ['SD 1.5'],
      sort: 'Highest Rated',
      period: 'AllTime',
      nsfw: true,
      primaryFileOnly: true,
      allowCommercialUse: 'Image',
      maxRetries: 0,
    })
    equal(models.length, 5)
    models.forEach((m, i) => checkModel(m, civitaiListed[i], 'civitai', `model ${i}`))
    const log = await requests(PREFIX.civitaiList)
    equal(log.length, 2, 'pages fetched for 5 models at 3 per page')
    const first = log[0]
    deepEqual(query(first, 'limit'), [String(CIVITAI_PAGE_SIZE)])
    deepEqual(query(first, 'query'), ['majicmix'])
    deepEqual(query(first, 'tag'), ['photorealistic'])
    deepEqual(query(first, 'username'), ['Merjic'])
    deepEqual(query(first, 'types'), ['Checkpoint', 'TextualInversion'])
    deepEqual(query(first, 'baseModels'), ['SD 1.5'])
    deepEqual(query(first, 'sort'), ['Highest Rated'])
    deepEqual(query(first, 'period'), ['AllTime'])
    deepEqual(query(first, 'nsfw'), ['true'])
    deepEqual(query(first, 'primaryFileOnly'), ['true'])
    deepEqual(query(first, 'allowCommercialUse'), ['Image'])
    equal(query(first, 'page').length, 0, 'never page=')
    equal(query(log[1], 'cursor').length, 1, 'page 2 by cursor')
  })

  test('getCompatibleCivitaiModels: skips the incompatible ones across pages', async () => {
    const requests = await track()
    const want = civitaiListed.filter((c) => c.compatibility.compatible).slice(0, 4)
    ok(civitaiListed.some((c) => !c.compatibility.compatible), 'the listing mixes verdicts')
    const models = await api.getCompatibleCivitaiModels({
      endpoint: endpoint(PREFIX.civitaiCompatible),
      limit: 4,
      pageSize: CIVITAI_PAGE_SIZE,
    })
    models.forEach((m, i) => checkModel(m, want[i], 'civitai', `model ${i}`))
    equal(models.length, 4)
    const lastIndex = civitaiListed.indexOf(want[want.length - 1])
    equal((await requests(PREFIX.civitaiCompatible)).length, Math.ceil((lastIndex + 1) / CIVITAI_PAGE_SIZE))
  })

  test('listCivitaiModelsPage: "load more" through the whole listing by cursor', async () => {
    await pagesThrough(api.listCivitaiModelsPage, PREFIX.civitaiPages, civitaiListed, CIVITAI_PAGE_SIZE, 'civitai')
  })

  test('getCivitaiModel: by numeric id or its string', async () => {
    const want = byLabel(civitaiCases, CIVITAI_DETAIL.label)
    for (const id of [CIVITAI_DETAIL.id, String(CIVITAI_DETAIL.id)]) {
      const model = await api.getCivitaiModel(id, { endpoint: endpoint(PREFIX.civitai) })
      checkModel(model, want, 'civitai', `id ${JSON.stringify(id)}`)
      ok(model.compatibility.versions.length > 0, 'a verdict per version')
    }
  })

  // -------------------------------------------------------------------------------------
  // Errors: every code, with `status` when there was one.

  test('HTTP errors have their code and status (HuggingFace and CivitAI)', async () => {
    const requests = await track()
    for (const status of ERROR_STATUSES) {
      const code = STATUS_CODES[status]
      const options = { endpoint: endpoint(PREFIX.hf), maxRetries: status === 429 ? 1 : 0 }
      checkError(await rejects(api.getHuggingFaceModel(`status/${status}`, options)), code, status, `Hub ${status}`)
      const civitai = { endpoint: endpoint(PREFIX.civitai), maxRetries: status === 429 ? 1 : 0 }
      checkError(await rejects(api.getCivitaiModel(status, civitai)), code, status, `CivitAI ${status}`)
    }
    // 429 was retried once (Retry-After: 0) before giving up.
    equal((await requests(`${PREFIX.hf}/api/models/status/429`)).length, 2, 'one retry of the 429')
  })

  test('HTTP_ERROR on a page after the first', async () => {
    const error = await rejects(
      api.listHuggingFaceModels({ endpoint: endpoint(PREFIX.hfFault), limit: 10, pageSize: HF_PAGE_SIZE, maxRetries: 0 }),
    )
    checkError(error, 'HTTP_ERROR', 503, 'page 2 answers 503')
  })

  test('DECODE_ERROR for malformed JSON and HTML pages', async () => {
    const options = { endpoint: endpoint(PREFIX.hfDecode), maxRetries: 0 }
    checkError(await rejects(api.getHuggingFaceModel('broken/json', options)), 'DECODE_ERROR', undefined, 'truncated JSON')
    checkError(await rejects(api.getHuggingFaceModel('broken/html', options)), 'DECODE_ERROR', undefined, 'HTML page')
    const filters = { endpoint: endpoint(PREFIX.civitaiDecode), maxRetries: 0 }
    checkError(await rejects(api.listCivitaiModels(filters)), 'DECODE_ERROR', undefined, 'CivitAI truncated JSON')
  })

  test('RESPONSE_TOO_LARGE for a body past the cap, declared or endless', async () => {
    const options = { endpoint: endpoint(PREFIX.hfDecode), maxRetries: 0 }
    const declared = await rejects(api.getHuggingFaceModel('huge/declared', options))
    checkError(declared, 'RESPONSE_TOO_LARGE', undefined, 'Content-Length: 100 GB')
    const endless = await rejects(api.getHuggingFaceModel('huge/endless', options))
    checkError(endless, 'RESPONSE_TOO_LARGE', undefined, 'an endless body')
  })

  test('TOO_MANY_REDIRECTS for a redirect loop, where fetch tells it', async () => {
    const requests = await track()
    const options = { endpoint: endpoint(PREFIX.hfDecode), maxRetries: 0 }
    const error = await rejects(api.getHuggingFaceModel('redirect/loop', options))
    // A browser's fetch ends a loop in the same bare TypeError as a CORS or DNS failure (the
    // Fetch standard's network error): there it can only be NETWORK_ERROR. Node tells it (the
    // addon follows redirects itself; the WASM build reads undici's cause).
    const inBrowser = typeof document !== 'undefined'
    checkError(error, inBrowser ? 'NETWORK_ERROR' : 'TOO_MANY_REDIRECTS', undefined, 'redirect loop')
    const hops = (await requests(`${PREFIX.hfDecode}/api/models/redirect`)).length
    ok(hops >= 6 && hops <= 21, `followed a bounded number of redirects, once (${hops} requests)`)
  })

  test('HTTP_ERROR for a redirect to a file: URL, asked once, where fetch tells it', async () => {
    const requests = await track()
    const options = { endpoint: endpoint(PREFIX.hfDecode), maxRetries: 2 }
    const error = await rejects(api.getHuggingFaceModel('redirect/file', options))
    // Natively the client sees the 302 itself (status 302); Node's fetch says why it stopped
    // but not the status; a browser's fetch says neither (NETWORK_ERROR, as for a loop).
    const inBrowser = typeof document !== 'undefined'
    const native = api.__napiBindingTarget === 'native'
    checkError(error, inBrowser ? 'NETWORK_ERROR' : 'HTTP_ERROR', native ? 302 : undefined, 'redirect to file:')
    if (!inBrowser) {
      ok(error.message.includes('not HTTP'), error.message)
      const asked = (await requests(`${PREFIX.hfDecode}/api/models/redirect/file`)).length
      equal(asked, 1, 'not retried: asking again gets the same answer')
    }
  })

  test('NETWORK_ERROR when nothing listens', async () => {
    const options = { endpoint: closedUrl, maxRetries: 0 }
    checkError(await rejects(api.listHuggingFaceModels(options)), 'NETWORK_ERROR', undefined, 'Hub')
    checkError(await rejects(api.getCompatibleCivitaiModels(options)), 'NETWORK_ERROR', undefined, 'CivitAI')
    checkError(await rejects(api.getHuggingFaceModel('gpt2', options)), 'NETWORK_ERROR', undefined, 'Hub model')
  })

  test('inspectFile: a local reader says FILE_ERROR for a missing file; a build without one says so', async () => {
    // The addon reads local files; the WASM build reads none and refuses every call (its
    // message names the package that does). Either way a rejected promise, never a throw.
    const error = await rejects(api.inspectFile('/nonexistent/model-Q4_K_M.gguf'), 'inspectFile')
    ok(['FILE_ERROR', 'INVALID_ARGUMENT'].includes(error.code), `code ${error.code}: ${error.message}`)
    if (error.code === 'INVALID_ARGUMENT') ok(error.message.includes('@model-compat/node'), error.message)
    else ok(error.message.includes('/nonexistent/model-Q4_K_M.gguf'), error.message)
  })

  // -------------------------------------------------------------------------------------
  // createClient, and its cache (kept by the Node addon; checked and ignored by WASM).

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
  /** Polls `requests(prefix)` until it holds at least `count`, within two seconds. */
  async function untilRequests(requests, prefix, count, what) {
    for (let waited = 0; ; waited += 10) {
      const log = await requests(prefix)
      if (log.length >= count) return log
      if (waited > 2000) throw new Error(`${what}: ${log.length} requests, expected ${count}`)
      await sleep(10)
    }
  }
  const authorization = (request) => request.headers.filter(([name]) => name === 'authorization').map(([, v]) => v)
  const hfPages = (limit) => Math.ceil(limit / HF_PAGE_SIZE)

  test('createClient: the async functions as methods, answering as the functions do', async () => {
    for (const options of [undefined, {}, { cache: {} }, { cache: { ttlMs: 1000, staleWhileRevalidateMs: 0, maxEntries: 10 } }]) {
      const client = api.createClient(options)
      for (const name of [
        'getCompatibleHuggingFaceModels',
        'listHuggingFaceModels',
        'listHuggingFaceModelsPage',
        'getHuggingFaceModel',
        'getCompatibleCivitaiModels',
        'listCivitaiModels',
        'listCivitaiModelsPage',
        'getCivitaiModel',
        'clearCache',
      ]) {
        equal(typeof client[name], 'function', `${JSON.stringify(options)}: ${name}`)
      }
      const hf = { endpoint: endpoint(PREFIX.hfClient), limit: 7, pageSize: HF_PAGE_SIZE }
      deepEqual(await client.listHuggingFaceModels(hf), await api.listHuggingFaceModels(hf), 'the same models')
      deepEqual(await client.listHuggingFaceModelsPage(hf), await api.listHuggingFaceModelsPage(hf), 'the same page')
      const detail = { endpoint: endpoint(PREFIX.hf) }
      deepEqual(await client.getHuggingFaceModel(HF_DETAIL.id, detail), await api.getHuggingFaceModel(HF_DETAIL.id, detail))
      const civitai = { endpoint: endpoint(PREFIX.civitaiCache), limit: 4, pageSize: CIVITAI_PAGE_SIZE }
      deepEqual(await client.getCompatibleCivitaiModels(civitai), await api.getCompatibleCivitaiModels(civitai))
      checkError(
        await rejects(client.getHuggingFaceModel('a/b/c', detail)),
        'INVALID_ARGUMENT',
        undefined,
        'a bad id through a client',
      )
      client.clearCache()
    }
  })

  test('createClient: INVALID_ARGUMENT for bad options, thrown synchronously', () => {
    for (const [what, options] of [
      ['a number', 5],
      ['an unknown key', { cach: {} }],
      ['an unknown cache key', { cache: { ttl: 1000 } }],
      ['maxEntries 0', { cache: { maxEntries: 0 } }],
      ['a negative TTL', { cache: { ttlMs: -1 } }],
      ['a TTL that is not a number', { cache: { ttlMs: '1s' } }],
      ['a cache that is not an object', { cache: true }],
    ]) {
      checkError(throws(() => api.createClient(options), what), 'INVALID_ARGUMENT', undefined, what)
    }
  })

  test('createClient({cache}): an identical call again answers from memory, per token, judged anew', async () => {
    const requests = await track()
    const client = api.createClient({ cache: { ttlMs: 60_000 } })
    const options = { endpoint: endpoint(PREFIX.hfCache), limit: 7, pageSize: HF_PAGE_SIZE }
    const pages = hfPages(7)
    const first = await client.listHuggingFaceModels(options)
    equal((await requests(PREFIX.hfCache)).length, pages, 'the first call reads the pages')
    deepEqual(await client.listHuggingFaceModels(options), first, 'the same models again')
    equal((await requests(PREFIX.hfCache)).length, caches ? pages : 2 * pages, 'no request the second time (addon)')

    // Another worker: the same records, judged by that worker (verdicts are never kept).
    const worker = api.defaultWorkerCatalog().workers.find((w) => w.id === 'sd-worker')
    const judged = await client.listHuggingFaceModels({ ...options, worker })
    deepEqual(
      judged.map((m) => m.id),
      first.map((m) => m.id),
    )
    for (const m of judged) {
      deepEqual(
        m.compatibility.workers.map((w) => w.id),
        ['sd-worker'],
      )
    }
    ok(
      judged.some((m, i) => m.compatibility.compatible !== first[i].compatibility.compatible),
      'the verdicts are the worker\'s',
    )
    const afterWorker = (await requests(PREFIX.hfCache)).length
    equal(afterWorker, caches ? pages : 3 * pages, 'another worker reads from memory too (addon)')

    // Tokens never share an answer; the same token does.
    await client.listHuggingFaceModels({ ...options, token: 'hf_token_a' })
    await client.listHuggingFaceModels({ ...options, token: 'hf_token_b' })
    await client.listHuggingFaceModels({ ...options, token: 'hf_token_a' })
    const withTokens = (await requests(PREFIX.hfCache)).slice(afterWorker)
    deepEqual(
      withTokens.map(authorization),
      [
        ...Array(pages).fill(['Bearer hf_token_a']),
        ...Array(pages).fill(['Bearer hf_token_b']),
        ...(caches ? [] : Array(pages).fill(['Bearer hf_token_a'])),
      ],
      'one read per token',
    )

    // The plain functions and another client keep nothing of this client's.
    const before = (await requests(PREFIX.hfCache)).length
    await api.listHuggingFaceModels(options)
    await api.createClient({ cache: {} }).listHuggingFaceModels(options)
    equal((await requests(PREFIX.hfCache)).length, before + 2 * pages, 'others ask again')
    client.clearCache()
    await client.listHuggingFaceModels(options)
    equal((await requests(PREFIX.hfCache)).length, before + 3 * pages, 'cleared: asks again')

    // CivitAI, the same.
    const civitai = { endpoint: endpoint(PREFIX.civitaiCache), limit: 4, pageSize: CIVITAI_PAGE_SIZE }
    const models = await client.getCompatibleCivitaiModels(civitai)
    const read = (await requests(PREFIX.civitaiCache)).length
    ok(read >= 2, 'CivitAI pages read')
    deepEqual(await client.getCompatibleCivitaiModels(civitai), models)
    equal((await requests(PREFIX.civitaiCache)).length, caches ? read : 2 * read, 'CivitAI from memory (addon)')
  })

  test('createClient({cache}): errors are never kept', async () => {
    const requests = await track()
    const client = api.createClient({ cache: { ttlMs: 60_000, staleWhileRevalidateMs: 60_000 } })
    const options = { endpoint: endpoint(PREFIX.hfCacheErrors), maxRetries: 0 }
    for (let i = 0; i < 2; i++) {
      checkError(await rejects(client.getHuggingFaceModel('nobody/nothing', options)), 'NOT_FOUND', 404, `404, call ${i}`)
    }
    equal((await requests(`${PREFIX.hfCacheErrors}/api/models/nobody`)).length, 2, 'each call asks again')
    await client.getHuggingFaceModel(HF_DETAIL.id, options)
    await client.getHuggingFaceModel(HF_DETAIL.id, options)
    equal((await requests(`${PREFIX.hfCacheErrors}/api/models/${HF_DETAIL.id}`)).length, caches ? 1 : 2, 'a model is kept')
  })

  test('createClient({cache}): past ttlMs, asks again with If-None-Match; a 304 keeps the answer', async () => {
    const requests = await track()
    const client = api.createClient({ cache: { ttlMs: 1 } })
    const options = { endpoint: endpoint(PREFIX.hfCacheEtag), limit: 7, pageSize: HF_PAGE_SIZE }
    const pages = hfPages(7)
    const first = await client.listHuggingFaceModels(options)
    await sleep(20)
    deepEqual(await client.listHuggingFaceModels(options), first)
    const log = await requests(PREFIX.hfCacheEtag)
    equal(log.length, 2 * pages, 'asked again past the TTL')
    const ifNoneMatch = (r) => r.headers.filter(([name]) => name === 'if-none-match').map(([, v]) => v)
    deepEqual(log.slice(0, pages).map(ifNoneMatch), Array(pages).fill([]), 'the first reads are plain')
    if (caches) {
      for (const request of log.slice(pages)) {
        equal(ifNoneMatch(request).length, 1, 'the second reads name the ETag they hold')
      }
    }
  })

  test('createClient({cache}): a stale answer within staleWhileRevalidateMs, refreshed in the background', async () => {
    const requests = await track()
    const client = api.createClient({ cache: { ttlMs: 1, staleWhileRevalidateMs: 60_000 } })
    const options = { endpoint: endpoint(PREFIX.hfCacheStale), limit: 3, pageSize: HF_PAGE_SIZE }
    const first = await client.listHuggingFaceModels(options)
    equal((await requests(PREFIX.hfCacheStale)).length, 1)
    await sleep(20)
    deepEqual(await client.listHuggingFaceModels(options), first, 'the stale answer')
    // The refresh (addon) or the second read (WASM): one more request either way.
    await untilRequests(requests, PREFIX.hfCacheStale, 2, 'the refresh')
  })

  test('async functions: INVALID_ARGUMENT for bad arguments, as a rejected promise', async () => {
    const local = { endpoint: closedUrl, maxRetries: 0 }
    const bad = [
      ['getCompatibleHuggingFaceModels({limit: -1})', () => api.getCompatibleHuggingFaceModels({ ...local, limit: -1 })],
      ['getCompatibleHuggingFaceModels({limit: 0})', () => api.getCompatibleHuggingFaceModels({ ...local, limit: 0 })],
      ['getCompatibleHuggingFaceModels({limit: 2.5})', () => api.getCompatibleHuggingFaceModels({ ...local, limit: 2.5 })],
      ['listHuggingFaceModels({sort: "sideways"})', () => api.listHuggingFaceModels({ ...local, sort: 'sideways' })],
      ['listHuggingFaceModels({pagesize: 5})', () => api.listHuggingFaceModels({ ...local, pagesize: 5 })],
      ['listHuggingFaceModels({limit: "ten"})', () => api.listHuggingFaceModels({ ...local, limit: 'ten' })],
      ['listHuggingFaceModels({pageSize: 5000})', () => api.listHuggingFaceModels({ ...local, pageSize: 5000 })],
      ['listHuggingFaceModels({filter: "gguf"})', () => api.listHuggingFaceModels({ ...local, filter: 'gguf' })],
      ['listHuggingFaceModels("gguf")', () => api.listHuggingFaceModels('gguf')],
      ['listHuggingFaceModels({endpoint: "ftp://x"})', () => api.listHuggingFaceModels({ endpoint: 'ftp://x' })],
      ['getHuggingFaceModel()', () => api.getHuggingFaceModel()],
      ['getHuggingFaceModel("a/b/c")', () => api.getHuggingFaceModel('a/b/c', local)],
      ['getHuggingFaceModel(true)', () => api.getHuggingFaceModel(true, local)],
      [
        'getHuggingFaceModel(id, {catalog, worker})',
        () => {
          const catalog = api.defaultWorkerCatalog()
          return api.getHuggingFaceModel(HF_DETAIL.id, { ...local, catalog, worker: catalog.workers[0] })
        },
      ],
      ['getCompatibleCivitaiModels({sort: "Sideways"})', () => api.getCompatibleCivitaiModels({ ...local, sort: 'Sideways' })],
      ['getCompatibleCivitaiModels({maxPages: 0})', () => api.getCompatibleCivitaiModels({ ...local, maxPages: 0 })],
      ['listCivitaiModels({limit: -5})', () => api.listCivitaiModels({ ...local, limit: -5 })],
      ['listCivitaiModels({types: ["A,B"]})', () => api.listCivitaiModels({ ...local, types: ['Checkpoint,LORA'] })],
      ['listCivitaiModels({catalog: {workers: []}})', () => api.listCivitaiModels({ ...local, catalog: { workers: [] } })],
      ['getCivitaiModel(-3)', () => api.getCivitaiModel(-3, local)],
      ['getCivitaiModel("abc")', () => api.getCivitaiModel('abc', local)],
      ['getCivitaiModel({})', () => api.getCivitaiModel({}, local)],
      ['inspectFile(42)', () => api.inspectFile(42)],
      ['inspectFile(path, {maxHeader: 1})', () => api.inspectFile('/model.gguf', { maxHeader: 1 })],
    ]
    for (const [what, call] of bad) {
      let promise
      try {
        promise = call()
      } catch (error) {
        throw new Error(`${what} threw synchronously instead of rejecting: ${error && error.message}`)
      }
      checkError(await rejects(promise, what), 'INVALID_ARGUMENT', undefined, what)
    }
  })

  return cases
}
