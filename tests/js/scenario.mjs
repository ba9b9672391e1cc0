// What the testkit server answers during the conformance suite, and what the suite knows
// about it. Plain data and functions, no Node APIs: the Node harness builds the scenario
// file from it; the suite (in Node or in a browser page) reads the constants.
//
// Every test talks to its own path prefix (`{url}{prefix}` is the provider endpoint), so
// the server's request log can be filtered per test.

/** Hub records served by id (route `{prefix}/api/models/{id}`), by expected-case label. */
export const HF_DETAIL = {
  id: 'ggml-org/gemma-3-1b-it-GGUF',
  label: 'transcript__model_info__ggml-org__gemma-3-1b-it-GGUF__gguf_gemma3_full-detail.json',
}

/** A CivitAI model served by id (route `{prefix}/api/v1/models/{id}`). */
export const CIVITAI_DETAIL = { id: 1231067, label: 'model_1231067_flux1d_lora_single_version' }

const CHECKPOINTS = 'models-list_checkpoints_highest-rated_limit10_2024-05_sd15'
const EMBEDDINGS = 'models-list_textualinversion_page1_2023_pickle_nsfw'

/**
 * The CivitAI listing, by expected-case label: incompatible textual inversions (pickles)
 * interleaved with compatible SD 1.5 checkpoints, so that "compatible only" has to skip.
 */
export const CIVITAI_LISTING = [
  `${EMBEDDINGS}#0`,
  `${EMBEDDINGS}#1`,
  `${CHECKPOINTS}#0`,
  `${EMBEDDINGS}#2`,
  ...Array.from({ length: 9 }, (_, i) => `${CHECKPOINTS}#${i + 1}`),
]

/** The Hub listing serves every file of the HuggingFace fixtures folder, one record each. */
export const HF_PAGE_SIZE = 5
export const CIVITAI_PAGE_SIZE = 3

/** Path prefixes, one per test (see the module comment). */
export const PREFIX = {
  hf: '/hf',
  hfRetry: '/hf-retry',
  hfList: '/hf-list',
  hfCompatible: '/hf-compatible',
  hfMaxPages: '/hf-max-pages',
  hfWorker: '/hf-worker',
  hfPages: '/hf-pages',
  hfFault: '/hf-fault',
  hfDecode: '/hf-decode',
  civitai: '/civitai',
  civitaiList: '/civitai-list',
  civitaiCompatible: '/civitai-compatible',
  civitaiPages: '/civitai-pages',
  civitaiDecode: '/civitai-decode',
  hfDevice: '/hf-device',
  hfClient: '/hf-client',
  hfCache: '/hf-cache',
  hfCacheErrors: '/hf-cache-errors',
  hfCacheEtag: '/hf-cache-etag',
  hfCacheStale: '/hf-cache-stale',
  civitaiCache: '/civitai-cache',
}

const json = (value) => ({ json: value })

/** HTTP statuses served at `{PREFIX.hf}/api/models/status/{code}` and `{PREFIX.civitai}/api/v1/models/{code}`. */
export const ERROR_STATUSES = [401, 403, 404, 429, 500]

function errorRoutes(pathFor, bodyFor) {
  return ERROR_STATUSES.map((status) => ({
    path: pathFor(status),
    responses: [
      {
        status,
        headers: status === 429 ? [['Retry-After', '0']] : [],
        body: json(bodyFor(status)),
      },
    ],
  }))
}

/**
 * The scenario. `files` are absolute paths of fixture files (served in place),
 * `huggingfaceDir` the HuggingFace fixtures folder, `civitaiRecords` the records of
 * CIVITAI_LISTING in order, `device` the expected `device` cases (their base model's
 * published config.json is served under PREFIX.hfDevice, for the listings judged on a device).
 */
export function buildScenario({ huggingfaceDir, files, civitaiRecords, device }) {
  const hfListing = (prefix, extra = {}) => ({
    path: `${prefix}/api/models`,
    style: 'huggingface',
    pageSize: HF_PAGE_SIZE,
    recordsFile: huggingfaceDir,
    ...extra,
  })
  const civitaiListing = (prefix) => ({
    path: `${prefix}/api/v1/models`,
    style: 'civitai',
    pageSize: CIVITAI_PAGE_SIZE,
    records: civitaiRecords,
  })
  return {
    routes: [
      { path: `${PREFIX.hf}/api/models/${HF_DETAIL.id}`, responses: [{ body: { file: files.hfDetail } }] },
      {
        path: `${PREFIX.hfRetry}/api/models/${HF_DETAIL.id}`,
        responses: [
          { status: 429, headers: [['Retry-After', '0']], body: json({ error: 'rate limited, retry' }) },
          { status: 503, body: json({ error: 'warming up' }) },
          { body: { file: files.hfDetail } },
        ],
      },
      ...errorRoutes(
        (status) => `${PREFIX.hf}/api/models/status/${status}`,
        (status) => ({ error: `recorded Hub error ${status}` }),
      ),
      {
        path: `${PREFIX.hfDecode}/api/models/broken/json`,
        responses: [{ body: { text: '{"id": "broken/json", "tags": [' }, contentType: 'application/json' }],
      },
      {
        path: `${PREFIX.hfDecode}/api/models/broken/html`,
        responses: [{ body: { text: '<html><head><title>Maintenance</title></head></html>' }, contentType: 'text/html' }],
      },
      // Bodies past the cap: one that says so up front, one that never ends.
      {
        path: `${PREFIX.hfDecode}/api/models/huge/declared`,
        responses: [{ body: { text: '{}' }, contentLength: 100_000_000_000 }],
      },
      { path: `${PREFIX.hfDecode}/api/models/huge/endless`, responses: [{ body: { endless: '{"id": "huge/endless", ' } }] },
      // Two paths that redirect to each other.
      { path: `${PREFIX.hfDecode}/api/models/redirect/loop`, responses: [{ status: 302, headers: [['Location', 'loop2']] }] },
      { path: `${PREFIX.hfDecode}/api/models/redirect/loop2`, responses: [{ status: 302, headers: [['Location', 'loop']] }] },
      // A redirect off HTTP, to a file on the machine.
      { path: `${PREFIX.hfDecode}/api/models/redirect/file`, responses: [{ status: 302, headers: [['Location', 'file:///etc/passwd']] }] },
      { path: `${PREFIX.civitai}/api/v1/models/${CIVITAI_DETAIL.id}`, responses: [{ body: { file: files.civitaiDetail } }] },
      { path: `${PREFIX.hfCacheErrors}/api/models/${HF_DETAIL.id}`, responses: [{ body: { file: files.hfDetail } }] },
      ...errorRoutes(
        (status) => `${PREFIX.civitai}/api/v1/models/${status}`,
        (status) => ({ error: `recorded CivitAI error ${status}` }),
      ),
      {
        path: `${PREFIX.civitaiDecode}/api/v1/models`,
        responses: [{ body: { text: '{"items": [{"id": 1, "name": "cut' }, contentType: 'application/json' }],
      },
      {
        path: `${PREFIX.hfDevice}/${device.configRepo}/resolve/main/config.json`,
        responses: [{ body: json(device.config) }],
      },
    ],
    listings: [
      hfListing(PREFIX.hfList),
      hfListing(PREFIX.hfCompatible),
      hfListing(PREFIX.hfMaxPages),
      hfListing(PREFIX.hfWorker),
      hfListing(PREFIX.hfPages),
      hfListing(PREFIX.hfDevice),
      hfListing(PREFIX.hfFault, {
        fault: { page: 2, times: 1000, response: { status: 503, body: json({ error: 'overloaded' }) } },
      }),
      civitaiListing(PREFIX.civitaiList),
      civitaiListing(PREFIX.civitaiCompatible),
      civitaiListing(PREFIX.civitaiPages),
      hfListing(PREFIX.hfClient),
      hfListing(PREFIX.hfCache),
      hfListing(PREFIX.hfCacheEtag, { etags: true }),
      hfListing(PREFIX.hfCacheStale),
      civitaiListing(PREFIX.civitaiCache),
    ],
  }
}
