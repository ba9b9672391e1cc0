// `inspectFile` on the files `cargo xtask test header-data` writes with real writers (llama.cpp's
// `gguf` package, `safetensors`, huggingface_hub): the addon reads their headers from disk and
// judges them, and agrees with `model-compat check file --json` on each. (The WASM build reads
// no local files; the shared conformance suite checks that it says so.)

import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'

import { checkHeaderRead, startHeaderRepo, targetDir } from '../../../tests/js/node/harness.mjs'

const require = createRequire(import.meta.url)
const api = require('..')
const data = join(targetDir(), 'header-data')
const at = (name) => join(data, name)
const cli = join(targetDir(), 'debug', 'model-compat')

/** What `model-compat check file --json` says of the same paths. */
function checkFile(paths) {
  return JSON.parse(execFileSync(cli, ['check', 'file', ...paths, '--json'], { encoding: 'utf8' }))
}

// (what, paths, expected: compatible, codes, tensor types of the first header, headers read)
const judged = [
  ['an Unsloth UD file with IQ4_XS tensors', ['Qwen3-0.6B-UD-Q4_K_XL.gguf'], false, ['unsupported_tensor_type', 'context_truncated'], { IQ4_XS: 6 }, 1],
  ['its plain Q4_K_M twin', ['Qwen3-0.6B-Q4_K_M.gguf'], true, ['context_truncated'], { Q4_K: 4 }, 1],
  ['one shard of a split GGUF brings its siblings', ['split-model-00002-of-00003.gguf'], true, null, null, 3],
  ['a model directory with config.json and two safetensors shards', ['models/tiny-qwen3'], true, null, { BF16: 1 }, 2],
]

for (const [what, names, compatible, codes, types, reads] of judged) {
  test(`inspectFile: ${what}`, async () => {
    const paths = names.map(at)
    const model = await api.inspectFile(paths.length === 1 ? paths[0] : paths)
    assert.equal(model.source, 'local')
    assert.equal(model.compatibility.compatible, compatible, JSON.stringify(model.compatibility.reasons))
    if (codes) assert.deepEqual(model.compatibility.codes, codes)
    assert.equal(model.headers.length, reads)
    for (const [type, count] of Object.entries(types ?? {})) {
      assert.ok(model.headers[0].facts.tensorTypes[type] >= count, `${type}: ${JSON.stringify(model.headers[0].facts.tensorTypes)}`)
    }
    // Only header bytes were read: every header read stops well short of its file.
    for (const header of model.headers) assert.ok(header.bytesRead <= header.facts.headerBytes + 512 * 1024, header.file)
    // The CLI reads the same files through the same Rust code: same verdict.
    const report = checkFile(paths)
    assert.equal(report.compatible, model.compatibility.compatible)
    assert.deepEqual(report.codes, model.compatibility.codes)
  })
}

test('inspectFile: the UD file is refused for the tensor type its header shows, not its name', async () => {
  const model = await api.inspectFile(at('Qwen3-0.6B-UD-Q4_K_XL.gguf'))
  const file = model.compatibility.files[0]
  assert.equal(file.reason, '6 tensors are IQ4_XS, which llm-worker cannot load')
  assert.equal(model.metadata.architecture.raw, 'qwen3')
  assert.equal(model.headers[0].facts.format, 'gguf')
  assert.equal(model.headers[0].facts.architecture, 'qwen3')
})

const scratch = mkdtempSync(join(tmpdir(), 'model-compat-inspect-'))
after(() => rmSync(scratch, { recursive: true, force: true }))

test('inspectFile: bad files and arguments are typed errors', async () => {
  const cut = join(scratch, 'cut-Q4_K_M.gguf')
  writeFileSync(cut, readFileSync(at('tiny-llama-Q4_K_M.gguf')).subarray(0, 5000))
  const copy = join(scratch, 'tiny-llama-Q4_K_M.gguf')
  copyFileSync(at('tiny-llama-Q4_K_M.gguf'), copy)
  const cases = [
    ['a missing file', () => api.inspectFile(join(scratch, 'absent.gguf')), 'FILE_ERROR'],
    ['a device', () => api.inspectFile('/dev/zero'), 'FILE_ERROR'],
    ['a file that ends inside its header', () => api.inspectFile(cut), 'INVALID_HEADER'],
    ['a header past maxHeaderBytes', () => api.inspectFile(at('big-header-Q4_K_M.gguf'), { maxHeaderBytes: 100000 }), 'HEADER_TOO_LARGE'],
    ['a directory beside a file', () => api.inspectFile([scratch, copy]), 'INVALID_ARGUMENT'],
    ['a number', () => api.inspectFile(42), 'INVALID_ARGUMENT'],
    ['an empty array', () => api.inspectFile([]), 'INVALID_ARGUMENT'],
    ['an unknown option', () => api.inspectFile(copy, { maxHeader: 1 }), 'INVALID_ARGUMENT'],
    ['maxHeaderBytes 0', () => api.inspectFile(copy, { maxHeaderBytes: 0 }), 'INVALID_ARGUMENT'],
  ]
  for (const [what, call, code] of cases) {
    await assert.rejects(call(), (error) => {
      assert.ok(error instanceof Error, what)
      assert.equal(error.code, code, `${what}: ${error.message}`)
      return true
    })
  }
  // The copy itself reads fine, judged against one worker.
  const worker = api.defaultWorkerCatalog().workers.find((w) => w.id === 'sd-worker')
  const model = await api.inspectFile(copy, { worker })
  assert.equal(model.compatibility.compatible, false)
})

// The same UD file served over HTTP: `getHuggingFaceModel` reads its header with a range
// (`inspect: "auto"`, the default: the name leaves the verdict uncertain), through the Hub's
// redirect to a CDN on another port (`startHeaderRepo`), and `Model.headers` holds what it read.
test('getHuggingFaceModel: the header read over HTTP is on Model.headers, the token stays with the Hub', async () => {
  const { hub, cdn, repo, file, stop } = await startHeaderRepo()
  try {
    const options = { endpoint: hub.url, token: 'hf_nodeTOKENthatStaysWithTheHub' }
    const model = await api.getHuggingFaceModel(repo, options)
    const header = await checkHeaderRead(model, { cdn, file })
    assert.equal(header.requests, 1)
    // The facts equal those inspectFile reads from the same file on disk.
    assert.deepEqual(header.facts, (await api.inspectFile(at(file))).headers[0].facts)
    // `inspect: "off"`: no header, no `headers`, judged by the name.
    const off = await api.getHuggingFaceModel(repo, { ...options, inspect: 'off' })
    assert.equal(off.headers, undefined)
    assert.equal(off.compatibility.compatible, true)
  } finally {
    stop()
  }
})

test('inspectFile on a device: the fit is sized by the header, not estimated', async () => {
  const model = await api.inspectFile(at('Qwen3-0.6B-Q4_K_M.gguf'), { device: 'gpu-8gb' })
  const memory = model.compatibility.memory
  assert.equal(memory.weightsEstimated, false, JSON.stringify(memory))
  assert.equal(memory.weightsBytes, model.headers[0].facts.weightsBytes)
  assert.ok(memory.kvCacheBytes > 0, JSON.stringify(memory))
  assert.equal(model.compatibility.fit.fit, 'fits')
  await assert.rejects(api.inspectFile(at('Qwen3-0.6B-Q4_K_M.gguf'), { device: 'tpu-9000' }), { code: 'INVALID_ARGUMENT' })
})
