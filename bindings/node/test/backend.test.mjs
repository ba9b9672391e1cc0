// Which backend `index.js` loads: the native addon, or the WASM build (`wasm/`, the `nodejs`
// build of @model-compat/wasm) when no native binary matches the platform or when
// MODEL_COMPAT_FORCE_WASM=1. `cargo xtask test node-wasm-fallback` runs this whole folder
// (the shared conformance suite included) with MODEL_COMPAT_FORCE_WASM=1.

import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { after, before, test } from 'node:test'
import { fileURLToPath } from 'node:url'

import { fixturesDir, startServer } from '../../../tests/js/node/harness.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const pkgDir = join(here, '..')
const require = createRequire(import.meta.url)
const forced = process.env.MODEL_COMPAT_FORCE_WASM === '1'
const fallback = join(pkgDir, 'wasm', 'model_compat_wasm.js')
const noFallback = !existsSync(fallback) && 'no WASM fallback in wasm/ (npm run build:wasm-fallback copies it in)'

/** `.node` files this process has loaded (`dlopen`ed shared objects). */
const loadedAddons = () => process.report.getReport().sharedObjects.filter((file) => file.endsWith('.node'))

test('the backend is the one the environment asks for', () => {
  const api = require('..')
  if (forced) {
    assert.deepEqual(loadedAddons(), [], 'no native addon is loaded')
    assert.ok(require.cache[fallback], 'the WASM build is')
    assert.equal(api.__napiBindingTarget, undefined)
  } else {
    assert.equal(loadedAddons().length, 1, loadedAddons().join(', '))
    assert.equal(api.__napiBindingTarget, 'native')
  }
})

let server
before(async () => {
  server = await startServer({
    listings: [{ path: '/api/models', style: 'huggingface', pageSize: 7, recordsFile: join(fixturesDir(), 'huggingface') }],
  })
})
after(() => server?.stop())

/** What `listHuggingFaceModels()` without options answers in a fresh process. */
function listInChild(env) {
  const script = `require(${JSON.stringify(pkgDir)}).listHuggingFaceModels({ limit: 12 })
    .then((models) => console.log(JSON.stringify(models.map((m) => [m.id, m.compatibility.codes]))))`
  const out = execFileSync(process.execPath, ['-e', script], {
    encoding: 'utf8',
    env: { ...process.env, MODEL_COMPAT_FORCE_WASM: '', ...env },
  })
  return JSON.parse(out)
}

test('both backends read HF_ENDPOINT and answer the same', { skip: noFallback }, () => {
  const env = { HF_ENDPOINT: server.url }
  const native = listInChild(env)
  const wasm = listInChild({ ...env, MODEL_COMPAT_FORCE_WASM: '1' })
  assert.equal(native.length, 12)
  assert.deepEqual(wasm, native)
})

test('the packed package carries the fallback, and it runs where no native binary matches', { skip: noFallback }, () => {
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: pkgDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }),
  )
  const files = packed.files.map((f) => f.path)
  assert.ok(files.includes('wasm/model_compat_wasm.js'), files.join(', '))
  assert.ok(files.includes('wasm/model_compat_wasm_bg.wasm'), files.join(', '))
  // A platform napi has no binary for: the loader finds none, index.js takes the WASM build.
  const script = `Object.defineProperty(process, 'arch', { value: 'riscv64' })
    const api = require(${JSON.stringify(pkgDir)})
    console.log(api.__napiBindingTarget === undefined && api.defaultWorkerCatalog().workers.length)`
  assert.equal(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).trim(), '2')
})
