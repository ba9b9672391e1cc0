'use strict'
// The package's entry point (CommonJS; `index.mjs` re-exports it for `import`).
//
// Two backends, one API:
// - native (`binding.js`, napi's generated loader of the `.node` addon for this platform);
// - WebAssembly, when no native binary matches the platform (or MODEL_COMPAT_FORCE_WASM=1):
//   the `nodejs` build of @model-compat/wasm, shipped inside this package in `wasm/`. It is
//   the same Rust code behind the same API (tests/js/api.json), so the package runs wherever
//   Node runs; it is slower (no threads, the host's `fetch`) but answers the same.
//
// The native functions take each argument as JSON text and return JSON text: crossing the
// boundary once as a string is much faster than converting objects property by property, and
// JSON drops `undefined` properties the way JavaScript callers expect. This file does that
// conversion and rebuilds errors: the native side fails with a message that is
// `{"code", "status"?, "message"}` as JSON, and callers get an `Error` with `code` (always one
// of ERROR_CODES) and `status` (when there was an HTTP status). Types: `index.d.ts`.

const FORCE_WASM = process.env.MODEL_COMPAT_FORCE_WASM === '1'

/** The native binding, or the error that explains why there is none. */
function loadNative() {
  if (FORCE_WASM) return { error: new Error('MODEL_COMPAT_FORCE_WASM=1') }
  try {
    return { binding: require('./binding.js') }
  } catch (error) {
    return { error }
  }
}

const loaded = loadNative()
const native = loaded.binding

/** The stable codes of `error.code`. */
const ERROR_CODES = Object.freeze([
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
])

function makeError(code, message, status) {
  const error = new Error(message)
  error.code = code
  if (typeof status === 'number') error.status = status
  return error
}

/** The `Error` for a native failure; anything not from our Rust code is a bad argument. */
function fromNative(failure) {
  const text = failure && typeof failure.message === 'string' ? failure.message : String(failure)
  let info
  try {
    info = JSON.parse(text)
  } catch {
    info = undefined
  }
  if (info && typeof info === 'object' && ERROR_CODES.includes(info.code) && typeof info.message === 'string') {
    return makeError(info.code, info.message, info.status)
  }
  // napi's own argument conversion (there is none left to fail, every argument is a
  // string) or a panic turned into an exception: report it, never crash.
  return makeError('INVALID_ARGUMENT', text)
}

/** JSON text of an argument; `undefined` stays absent. */
function encode(name, value) {
  if (value === undefined) return undefined
  let json
  try {
    json = JSON.stringify(value)
  } catch (cause) {
    throw makeError('INVALID_ARGUMENT', `\`${name}\` cannot be converted to JSON: ${cause && cause.message}`)
  }
  // Functions and symbols stringify to `undefined`: the argument is then missing.
  return json
}

function decode(json) {
  return JSON.parse(json)
}

function callRaw(fn, args) {
  try {
    return fn(...args)
  } catch (failure) {
    throw fromNative(failure)
  }
}

function callSync(fn, args) {
  return decode(callRaw(fn, args))
}

async function callAsync(fn, args) {
  let result
  try {
    result = await fn(...args)
  } catch (failure) {
    throw fromNative(failure)
  }
  return decode(result)
}

/**
 * The async functions: `call(name, args)` calls the native function `name` (`client*` names
 * with the client's handle first, for the methods of a client from `createClient`).
 */
const nativeAsync = (call) => ({
  getCompatibleHuggingFaceModels: async (options) =>
    call('getCompatibleHuggingFaceModels', [encode('options', options)]),
  listHuggingFaceModels: async (options) => call('listHuggingFaceModels', [encode('options', options)]),
  listHuggingFaceModelsPage: async (options) => call('listHuggingFaceModelsPage', [encode('options', options)]),
  getHuggingFaceModel: async (id, options) => call('getHuggingFaceModel', [encode('id', id), encode('options', options)]),
  getCompatibleCivitaiModels: async (filters) => call('getCompatibleCivitaiModels', [encode('filters', filters)]),
  listCivitaiModels: async (filters) => call('listCivitaiModels', [encode('filters', filters)]),
  listCivitaiModelsPage: async (filters) => call('listCivitaiModelsPage', [encode('filters', filters)]),
  getCivitaiModel: async (id, options) => call('getCivitaiModel', [encode('id', id), encode('options', options)]),
})

/** The key of a `ModelSet`'s contents: its handle in the addon and the objects it was made from. */
const MODEL_SET = Symbol('model-compat ModelSet')

/** The contents of a `ModelSet` from `prepareModels`, or `undefined` for anything else. */
const modelSetOf = (value) => (value !== null && typeof value === 'object' ? value[MODEL_SET] : undefined)

const nativeApi = () => ({
  // Async: HuggingFace and CivitAI over HTTP.
  ...nativeAsync((name, args) => callAsync(native[name], args)),
  createClient: (options) => {
    const handle = callRaw(native.createClient, [encode('options', options)])
    const method = (name, args) => callAsync(native[`client${name[0].toUpperCase()}${name.slice(1)}`], [handle, ...args])
    return Object.freeze({ ...nativeAsync(method), clearCache: () => native.clientClearCache(handle) })
  },
  inspectFile: async (file, options) =>
    callAsync(native.inspectFile, [encode('file', file), encode('options', options)]),

  // Sync: pure, no I/O.
  extractHuggingFaceMetadata: (record) => callSync(native.extractHuggingFaceMetadata, [encode('record', record)]),
  extractCivitaiMetadata: (record) => callSync(native.extractCivitaiMetadata, [encode('record', record)]),
  isModelCompatible: (metadata, catalog, options) =>
    callSync(native.isModelCompatible, [
      encode('metadata', metadata),
      encode('catalog', catalog),
      encode('options', options),
    ]),
  filterCompatibleModels: (models, catalog, options) => {
    // The native side answers `[{index, compatibility}]`: the metadata stays the caller's.
    const set = modelSetOf(models)
    const kept = set
      ? callSync(native.modelSetFilter, [set.handle, encode('catalog', catalog), encode('options', options)])
      : callSync(native.filterCompatibleModels, [
          encode('models', models),
          encode('catalog', catalog),
          encode('options', options),
        ])
    const objects = set ? set.models : models
    return kept.map(({ index, compatibility }) => ({ metadata: objects[index], compatibility }))
  },
  filterCompatibleIndices: (models, catalog, options) => {
    const set = modelSetOf(models)
    return set
      ? callRaw(native.modelSetIndices, [set.handle, encode('catalog', catalog), encode('options', options)])
      : callRaw(native.filterCompatibleIndices, [
          encode('models', models),
          encode('catalog', catalog),
          encode('options', options),
        ])
  },
  prepareModels: (models) => {
    const handle = callRaw(native.prepareModels, [encode('models', models)])
    // The objects as they were passed (the array copied, not the objects), for `metadata`.
    return Object.freeze({ length: models.length, [MODEL_SET]: { handle, models: Array.from(models) } })
  },
  checkModelWorkerCompatibility: (metadata, worker, options) =>
    callSync(native.checkModelWorkerCompatibility, [
      encode('metadata', metadata),
      encode('worker', worker),
      encode('options', options),
    ]),
  defaultWorkerCatalog: () => callSync(native.defaultWorkerCatalog, []),

  // Which artifact the napi loader loaded (`'native'` here); declared by napi's index.d.ts.
  __napiBindingTarget: native.__napiBindingTarget,
})

/**
 * `options` with the defaults the native addon reads from the environment (`HF_ENDPOINT`,
 * `HF_TOKEN`, `CIVITAI_API_KEY`) filled in where the caller left them out: the WASM build
 * reads no environment. Anything that is not an options object is passed on unchanged, so
 * that the WASM build refuses it exactly as the addon does.
 */
function withEnv(options, defaults) {
  if (options !== undefined && (options === null || typeof options !== 'object' || Array.isArray(options))) {
    return options
  }
  let filled = options
  for (const [key, variable] of defaults) {
    const value = process.env[variable]
    if (value !== undefined && (filled === undefined || filled[key] === undefined)) {
      filled = { ...filled, [key]: value }
    }
  }
  return filled
}

const HF_ENV = [
  ['endpoint', 'HF_ENDPOINT'],
  ['token', 'HF_TOKEN'],
]
const CIVITAI_ENV = [['token', 'CIVITAI_API_KEY']]

/** The API over the WASM build; its functions already throw `Error`s with `code`/`status`. */
function wasmApi() {
  let wasm
  try {
    wasm = require('./wasm/model_compat_wasm.js')
  } catch (cause) {
    const error = new Error(
      `@model-compat/node: no native addon for ${process.platform}-${process.arch} and no WASM fallback ` +
        `in ${__dirname}/wasm (${cause && cause.message}). Native load error: ${loaded.error && loaded.error.message}`,
    )
    error.cause = loaded.error
    throw error
  }
  // The async functions over `target`: the WASM module, or a WASM client's methods.
  const wasmAsync = (target) => ({
    getCompatibleHuggingFaceModels: async (options) => target.getCompatibleHuggingFaceModels(withEnv(options, HF_ENV)),
    listHuggingFaceModels: async (options) => target.listHuggingFaceModels(withEnv(options, HF_ENV)),
    listHuggingFaceModelsPage: async (options) => target.listHuggingFaceModelsPage(withEnv(options, HF_ENV)),
    getHuggingFaceModel: async (id, options) => target.getHuggingFaceModel(id, withEnv(options, HF_ENV)),
    getCompatibleCivitaiModels: async (filters) => target.getCompatibleCivitaiModels(withEnv(filters, CIVITAI_ENV)),
    listCivitaiModels: async (filters) => target.listCivitaiModels(withEnv(filters, CIVITAI_ENV)),
    listCivitaiModelsPage: async (filters) => target.listCivitaiModelsPage(withEnv(filters, CIVITAI_ENV)),
    getCivitaiModel: async (id, options) => target.getCivitaiModel(id, withEnv(options, CIVITAI_ENV)),
  })
  return {
    ...wasmAsync(wasm),
    // The WASM build checks `cache` and keeps nothing (see ClientOptions in index.d.ts).
    createClient: (options) => {
      const client = wasm.createClient(options)
      return Object.freeze({ ...wasmAsync(client), clearCache: () => client.clearCache() })
    },
    // The WASM build reads no local files: it rejects with INVALID_ARGUMENT.
    inspectFile: async (file, options) => wasm.inspectFile(file, options),

    extractHuggingFaceMetadata: (record) => wasm.extractHuggingFaceMetadata(record),
    extractCivitaiMetadata: (record) => wasm.extractCivitaiMetadata(record),
    isModelCompatible: (metadata, catalog, options) => wasm.isModelCompatible(metadata, catalog, options),
    filterCompatibleModels: (models, catalog, options) => wasm.filterCompatibleModels(models, catalog, options),
    filterCompatibleIndices: (models, catalog, options) => wasm.filterCompatibleIndices(models, catalog, options),
    prepareModels: (models) => wasm.prepareModels(models),
    checkModelWorkerCompatibility: (metadata, worker, options) =>
      wasm.checkModelWorkerCompatibility(metadata, worker, options),
    defaultWorkerCatalog: () => wasm.defaultWorkerCatalog(),

    // Not napi's loader: the WASM build of @model-compat/wasm (wasm-bindgen), not a WASI one.
    __napiBindingTarget: undefined,
  }
}

module.exports = native ? nativeApi() : wasmApi()
