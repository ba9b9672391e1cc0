// `inspectFile` of the pure build (and, on the same files, of the inspect build) on `Blob`s: the files `cargo xtask test header-data` writes
// with real writers (llama.cpp's `gguf` package, `safetensors`), handed over as a page would
// hand a dropped `File`. In Node (the `nodejs` build), each file is a counting wrapper around
// a file-backed Blob (`fs.openAsBlob`), so the test sees every slice read; in headless Chromium
// (the `web` build), the files are `File`s built in the page. Both must agree with
// `model-compat check file --json` on the same paths, and read only header bytes.

import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { openAsBlob, readFileSync, statSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { after, test } from 'node:test'
import { fileURLToPath } from 'node:url'

import { chromium } from 'playwright-core'

import { CHROMIUM_ARGS, chromiumPath } from '../../../tests/js/browser/run.mjs'
import { startServer, targetDir } from '../../../tests/js/node/harness.mjs'

const require = createRequire(import.meta.url)
const api = require('@model-compat/wasm/pure')
/** The builds with `inspectFile` on `Blob`s: the pure one, and the inspect one (everything). */
const BUILDS = [
  ['pure', api],
  ['inspect', require('@model-compat/wasm/inspect')],
]
const pkgDir = join(dirname(fileURLToPath(import.meta.url)), '..')
const data = join(targetDir(), 'header-data')
const at = (name) => join(data, name)
const cli = join(targetDir(), 'debug', 'model-compat')

/** What `model-compat check file --json` says of the same paths. */
const checkFile = (paths) => JSON.parse(execFileSync(cli, ['check', 'file', ...paths, '--json'], { encoding: 'utf8' }))

/** A file as a page holds it, counting the bytes each `slice` asks for. */
async function heldFile(path, reads) {
  const blob = await openAsBlob(path)
  return {
    name: basename(path),
    size: blob.size,
    slice(start, end) {
      reads.push([start, end])
      return blob.slice(start, end)
    },
  }
}

const CASES = [
  // [what, files, compatible]
  ['a k-quant GGUF', ['Qwen3-0.6B-Q4_K_M.gguf'], true],
  ['a UD-named GGUF whose tensors include IQ4_XS', ['Qwen3-0.6B-UD-Q4_K_XL.gguf'], false],
  ['the three shards of a split GGUF', ['split-model-00001-of-00003.gguf', 'split-model-00002-of-00003.gguf', 'split-model-00003-of-00003.gguf'], true],
  ['a bf16 safetensors (no config.json: its architecture is unknown)', ['dense-bf16.safetensors'], false],
  ['an fp8 safetensors', ['fp8.safetensors'], false],
]

for (const [build, buildApi] of BUILDS) for (const [what, names, compatible] of CASES) {
  test(`${build} inspectFile on Blobs: ${what}`, async () => {
    const reads = []
    const files = await Promise.all(names.map((n) => heldFile(at(n), reads)))
    const model = await buildApi.inspectFile(files.length === 1 ? files[0] : files)
    assert.equal(model.source, 'local')
    assert.equal(model.compatibility.compatible, compatible, JSON.stringify(model.compatibility.reasons))
    assert.equal(model.headers.length, names.length)
    // Only header bytes were read: every slice stays within its file's header read.
    const sizes = names.map((n) => statSync(at(n)).size)
    const read = reads.reduce((sum, [start, end]) => sum + (end - start), 0)
    const headerBytes = model.headers.reduce((sum, h) => sum + h.bytesRead, 0)
    assert.ok(read <= headerBytes, `${read} bytes sliced, ${headerBytes} header bytes`)
    for (const header of model.headers) assert.ok(header.bytesRead <= header.facts.headerBytes + 256 * 1024, header.file)
    assert.ok(read <= sizes.reduce((a, b) => a + b, 0))
    // The CLI reads the same files from disk through the same Rust code: the same verdict.
    const report = checkFile(names.map(at))
    assert.equal(report.compatible, model.compatibility.compatible)
    assert.deepEqual(report.codes, model.compatibility.codes)
  })
}

test('pure inspectFile: the UD file is refused for the tensor type its header shows, not its name', async () => {
  const model = await api.inspectFile(await heldFile(at('Qwen3-0.6B-UD-Q4_K_XL.gguf'), []))
  assert.equal(model.compatibility.files[0].reason, '6 tensors are IQ4_XS, which llm-worker cannot load')
  assert.equal(model.headers[0].facts.architecture, 'qwen3')
})

test('pure inspectFile: a slice that answers with more than asked is cut, not read whole', async () => {
  const path = at('Qwen3-0.6B-Q4_K_M.gguf')
  const whole = await openAsBlob(path)
  const careless = { name: basename(path), size: whole.size, slice: () => whole }
  const model = await api.inspectFile(careless)
  const honest = await api.inspectFile(await heldFile(path, []))
  assert.deepEqual(model.headers[0].facts, honest.headers[0].facts)
  assert.equal(model.headers[0].bytesRead, honest.headers[0].bytesRead)
})

test('pure inspectFile: a device gives the fit from the header bytes', async () => {
  const model = await api.inspectFile(await heldFile(at('Qwen3-0.6B-Q4_K_M.gguf'), []), { device: 'gpu-8gb' })
  assert.equal(model.compatibility.fit.fit, 'fits', model.compatibility.fit.reason)
  assert.equal(model.compatibility.memory.weightsBytes, model.headers[0].facts.weightsBytes)
})

const scratch = mkdtempSync(join(tmpdir(), 'model-compat-wasm-inspect-'))
after(() => rmSync(scratch, { recursive: true, force: true }))

test('pure inspectFile: bad files and arguments are typed errors, as rejections', async () => {
  const cut = join(scratch, 'cut-Q4_K_M.gguf')
  writeFileSync(cut, readFileSync(at('Qwen3-0.6B-Q4_K_M.gguf')).subarray(0, 4000))
  const cases = [
    ['a file that ends inside its header', () => heldFile(cut, []), {}, 'INVALID_HEADER', 'inside its header'],
    ['a header past maxHeaderBytes', () => heldFile(at('Qwen3-0.6B-Q4_K_M.gguf'), []), { maxHeaderBytes: 1024 }, 'HEADER_TOO_LARGE', ''],
    ['a number', async () => 42, {}, 'INVALID_ARGUMENT', 'File'],
    ['a Blob without a name', async () => new Blob(['GGUF']), {}, 'INVALID_ARGUMENT', 'name'],
    ['an empty array', async () => [], {}, 'INVALID_ARGUMENT', 'no file'],
    ['two files of one name', async () => [await heldFile(cut, []), await heldFile(cut, [])], {}, 'INVALID_ARGUMENT', 'two files are named cut-Q4_K_M.gguf'],
    ['an unknown option', () => heldFile(cut, []), { maxHeader: 1 }, 'INVALID_ARGUMENT', 'maxHeader'],
  ]
  for (const [what, file, options, code, words] of cases) {
    const promise = api.inspectFile(await file(), options)
    const error = await promise.then(
      () => assert.fail(`${what}: resolved`),
      (e) => e,
    )
    assert.equal(error.code, code, `${what}: ${error.message}`)
    assert.ok(error.message.includes(words), `${what}: ${error.message}`)
  }
  // A slice the browser cannot read (a file removed since it was chosen) is FILE_ERROR.
  const failing = { name: 'gone.gguf', size: 1 << 20, slice: () => ({ arrayBuffer: () => Promise.reject(new Error('NotReadableError')) }) }
  const error = await api.inspectFile(failing).catch((e) => e)
  assert.equal(error.code, 'FILE_ERROR', error.message)
  assert.ok(error.message.includes('gone.gguf') && error.message.includes('NotReadableError'), error.message)
})

test('pure inspectFile in headless Chromium: a File built in the page, read by slices', async () => {
  const site = await startServer({
    static: [
      { prefix: '/module/', dir: join(pkgDir, 'pkg', 'pure', 'web') },
      { prefix: '/data/', dir: data },
    ],
  })
  const userDataDir = mkdtempSync(join(tmpdir(), 'model-compat-chromium-'))
  let context
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: chromiumPath(),
      headless: true,
      args: CHROMIUM_ARGS,
    })
    const page = context.pages()[0] ?? (await context.newPage())
    await page.goto(`${site.url}/module/model_compat_wasm.js`)
    const result = await page.evaluate(async (names) => {
      const module = await import('/module/model_compat_wasm.js')
      await module.default()
      const out = []
      for (const name of names) {
        const bytes = await (await fetch(`/data/${name}`)).arrayBuffer()
        const file = new File([bytes], name)
        let sliced = 0
        const original = file.slice.bind(file)
        file.slice = (start, end) => {
          sliced += end - start
          return original(start, end)
        }
        const model = await module.inspectFile(file)
        out.push({ name, size: file.size, sliced, compatible: model.compatibility.compatible, codes: model.compatibility.codes, reason: model.compatibility.files[0]?.reason })
      }
      return out
    }, ['Qwen3-0.6B-UD-Q4_K_XL.gguf', 'Qwen3-0.6B-Q4_K_M.gguf'])
    const [ud, kquant] = result
    assert.equal(ud.compatible, false)
    assert.equal(ud.reason, '6 tensors are IQ4_XS, which llm-worker cannot load')
    assert.equal(kquant.compatible, true)
    for (const r of result) {
      assert.deepEqual(r.codes, checkFile([at(r.name)]).codes, r.name)
      assert.ok(r.sliced > 0 && r.sliced < r.size, `${r.name}: ${r.sliced} of ${r.size} bytes read`)
    }
  } finally {
    if (context) await context.close().catch(() => {})
    rmSync(userDataDir, { recursive: true, force: true })
    site.stop()
  }
})
