// The package as a web project (and Node) sees it: every entry's declarations against the
// checked-in API list (tests/js/api.json), the declarations type-check, require and import,
// package.json, the pure build's sync functions over the real fixtures, and the sizes.

import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'

import { conformanceCases } from '../../../tests/js/conformance.mjs'
import { checkDeclarations, loadApiList } from '../../../tests/js/node/api-list.mjs'
import { loadExpected, loadFixtures } from '../../../tests/js/node/harness.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const pkgDir = join(here, '..')
const require = createRequire(import.meta.url)
const ts = require('typescript')
const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'))
const STEM = 'model_compat_wasm'

const apiList = loadApiList()
const allNames = apiList.functions.map((f) => f.name)
/** The pure build: the sync functions (no HTTP), and `inspectFile` on `Blob`s. */
const pureList = {
  ...apiList,
  functions: [...apiList.functions.filter((f) => f.kind === 'sync' && !f.http), ...apiList.pureFunctions],
}
const pureNames = pureList.functions.map((f) => f.name)
/** The inspect build: the full API, with the pure build's `inspectFile` (on `Blob`s). */
const inspectList = {
  ...apiList,
  functions: apiList.functions.map((f) => apiList.pureFunctions.find((p) => p.name === f.name) ?? f),
}

const dts = (dir) => readFileSync(join(pkgDir, 'pkg', dir, `${STEM}.d.ts`), 'utf8')

/** wasm-bindgen's `web` target adds its loader: `initSync` (the default export is `__wbg_init`). */
const WEB_LOADER = 'initSync: exported but not in the API list'

for (const [dir, list] of [
  ['bundler', apiList],
  ['nodejs', apiList],
  ['web', apiList],
  ['pure/bundler', pureList],
  ['pure/nodejs', pureList],
  ['pure/web', pureList],
  ['inspect/bundler', inspectList],
  ['inspect/nodejs', inspectList],
  ['inspect/web', inspectList],
]) {
  test(`pkg/${dir}: the declarations match the API list`, () => {
    const problems = checkDeclarations(dts(dir), list, ts)
    if (dir.endsWith('web')) {
      assert.ok(problems.includes(WEB_LOADER), 'the web build exports initSync')
      assert.deepEqual(
        problems.filter((p) => p !== WEB_LOADER),
        [],
      )
    } else {
      assert.deepEqual(problems, [])
    }
  })
}

test('the API-list check notices a changed signature', () => {
  const changed = dts('bundler')
    .replace(
      'export function isModelCompatible(metadata: ModelMetadata, catalog?: WorkerCatalog | null, options?: JudgeOptions | null)',
      'export function isModelCompatible(metadata: ModelMetadata, catalog: WorkerCatalog, options?: JudgeOptions | null)',
    )
    .replace('export function defaultWorkerCatalog(): WorkerCatalog', 'export function defaultWorkerCatalog(): Promise<WorkerCatalog>')
  const problems = checkDeclarations(changed, apiList, ts)
  assert.equal(problems.length, 2, problems.join('\n'))
})

test('the declarations carry doc comments and the shared types', () => {
  const text = dts('bundler')
  for (const name of allNames) {
    assert.match(text, new RegExp(`\\*/\\s*export function ${name}\\(`), `${name} has a doc comment`)
  }
  // The TypeScript of the Rust types, generated once and shared with the Node addon.
  const shared = readFileSync(join(pkgDir, '..', 'shared', 'model-compat.d.ts'), 'utf8')
  // (wasm-bindgen re-indents custom sections: compare without whitespace.)
  const squeeze = (s) => s.replace(/\s+/g, '')
  assert.ok(squeeze(text).includes(squeeze(shared)), 'bindings/shared/model-compat.d.ts is included as generated')
})

test('the declarations type-check a typical use of every entry point', () => {
  const tsc = join(pkgDir, 'node_modules', 'typescript', 'bin', 'tsc')
  execFileSync(process.execPath, [tsc, '-p', join(here, 'tsconfig.json')], { cwd: pkgDir, stdio: 'inherit' })
})

test('Node: require and import give the same functions, and nothing else', async () => {
  // `import` of the main and pure entries resolves the `node` + `import` entry (pkg/node: the
  // module inlined, so it survives bundling), `require` the CommonJS nodejs build: two
  // instances of the same module with the same exports. `/nodejs` is one file for both.
  for (const [specifier, names, sameInstance] of [
    ['@model-compat/wasm', allNames, false],
    ['@model-compat/wasm/nodejs', allNames, true],
    ['@model-compat/wasm/pure', pureNames, false],
    ['@model-compat/wasm/pure/nodejs', pureNames, true],
    ['@model-compat/wasm/inspect', allNames, false],
    ['@model-compat/wasm/inspect/nodejs', allNames, true],
  ]) {
    const cjs = require(specifier)
    const esm = await import(specifier)
    for (const name of names) {
      assert.equal(typeof cjs[name], 'function', `${specifier}: ${name}`)
      assert.equal(typeof esm[name], 'function', `${specifier}: ${name}`)
      if (sameInstance) assert.equal(esm[name], cjs[name], `${specifier}: ${name}`)
    }
    // (`import` of a CommonJS file adds `default`, the whole `module.exports`.)
    const exported = (m) => Object.keys(m).filter((n) => !n.startsWith('__') && n !== 'default').sort()
    assert.deepEqual(exported(cjs), [...names].sort(), specifier)
    assert.deepEqual(exported(esm), [...names].sort(), `${specifier} (import)`)
    // Both answer alike (the sync path; the conformance suite runs the whole API on each).
    assert.deepEqual(esm.isModelCompatible({ id: 'x' }), cjs.isModelCompatible({ id: 'x' }), specifier)
  }
})

test('Node: the `import` entry works once bundled, with no file beside it', async () => {
  // What a server bundle (Next.js, webpack, Vite SSR) does to it: copy its code elsewhere.
  // pkg/node reads no file at run time, so moving it with its glue keeps it working.
  const { cpSync, mkdtempSync, rmSync, writeFileSync } = await import('node:fs')
  const { tmpdir } = await import('node:os')
  const moved = mkdtempSync(join(tmpdir(), 'model-compat-node-entry-'))
  try {
    for (const dir of ['node', 'bundler']) {
      cpSync(join(pkgDir, 'pkg', dir), join(moved, dir), { recursive: true, filter: (f) => !f.endsWith('.wasm') })
    }
    writeFileSync(join(moved, 'package.json'), '{"type": "module"}\n')
    const api = await import(join(moved, 'node', `${STEM}.js`))
    assert.equal(api.defaultWorkerCatalog().workers.length, require('@model-compat/wasm').defaultWorkerCatalog().workers.length)
  } finally {
    rmSync(moved, { recursive: true, force: true })
  }
})

test('package.json: a web project can depend on it', () => {
  assert.equal(pkg.name, '@model-compat/wasm')
  assert.equal(pkg.private, undefined, 'publishable')
  assert.equal(pkg.type, 'module')
  assert.equal(pkg.main, `./pkg/bundler/${STEM}.js`, 'the bundler build is the main entry')
  assert.equal(pkg.module, pkg.main)
  assert.equal(pkg.types, `./pkg/bundler/${STEM}.d.ts`)
  assert.ok(pkg.sideEffects.includes(`./pkg/bundler/${STEM}.js`), 'the bundler entry instantiates the module')
  assert.match(pkg.engines.node, />= ?18/)
  // Every file an export names exists after the build; `files` ships them.
  const targets = []
  const walk = (value) => (typeof value === 'string' ? targets.push(value) : Object.values(value).forEach(walk))
  walk(pkg.exports)
  for (const target of targets) {
    assert.ok(existsSync(join(pkgDir, target)), `${target} exists`)
    if (target.startsWith('./pkg/')) {
      const ext = target.endsWith('.d.ts') ? '*.d.ts' : `*${target.slice(target.lastIndexOf('.'))}`
      assert.ok(pkg.files.includes(`pkg/**/${ext}`), `files ships ${target}`)
    }
  }
  for (const build of ['', 'pure/', 'inspect/']) for (const target of ['bundler', 'web', 'nodejs']) {
    const dir = `${build}${target}`
    assert.ok(existsSync(join(pkgDir, 'pkg', dir, `${STEM}_bg.wasm`)), `pkg/${dir}: the .wasm`)
  }
  // The `node` + `import` entries carry the module inline instead (tools/node-entry.mjs).
  for (const dir of ['node', 'pure/node', 'inspect/node']) {
    assert.ok(existsSync(join(pkgDir, 'pkg', dir, `${STEM}_bg.wasm.js`)), `pkg/${dir}: the inlined .wasm`)
  }
  // The nodejs builds are CommonJS inside a `"type": "module"` package.
  for (const dir of ['nodejs', 'pure/nodejs', 'inspect/nodejs']) {
    assert.equal(JSON.parse(readFileSync(join(pkgDir, 'pkg', dir, 'package.json'), 'utf8')).type, 'commonjs')
  }
  assert.ok(pkg.files.includes('pkg/**/package.json'))
})

test('pure build: the sync cases of the conformance suite over the real fixtures', async () => {
  const api = require('@model-compat/wasm/pure')
  const expected = loadExpected()
  const fixtures = loadFixtures(expected)
  // No server: the sync cases make no request.
  const ctx = { api, url: 'http://127.0.0.1:9', closedUrl: 'http://127.0.0.1:9', expected, fixtures }
  const syncCase =
    /^(defaultWorkerCatalog|extract|checkModelWorkerCompatibility|filterCompatibleModels|filterCompatibleIndices|prepareModels|isModelCompatible|sync functions)/
  const cases = conformanceCases(ctx).filter((c) => syncCase.test(c.name))
  assert.ok(cases.length >= 7, `the sync cases: ${cases.map((c) => c.name).join(', ')}`)
  for (const c of cases) {
    await c.run()
  }
})

/**
 * Size budgets of the optimized .wasm (bytes, `gzip -9`). The full one is the target,
 * 200 KB gzipped, so a change that breaks it fails here; the README says where the bytes go.
 * The pure one carries the header readers for `inspectFile` on `Blob`s (169,951 B when they
 * came in, from 137,091 B), and the inspect one everything with the HTTP range reads (233,828 B
 * when it was first published): their budgets keep a few KB above that, so that growth is noticed.
 */
const BUDGET = { full: 200_000, pure: 172_000, inspect: 236_000 }

test('sizes: the optimized .wasm of every build, within budget', () => {
  const sizes = JSON.parse(readFileSync(join(pkgDir, 'pkg', 'sizes.json'), 'utf8'))
  for (const [name, budget] of Object.entries(BUDGET)) {
    const { raw, gzip, brotli } = sizes[name]
    console.log(`${name}: ${raw} bytes raw, ${gzip} bytes gzip -9, ${brotli} bytes brotli`)
    assert.ok(gzip <= budget, `${name}: ${gzip} bytes gzipped, budget ${budget}`)
    const wasm = join(pkgDir, 'pkg', ...(name === 'full' ? [] : [name]), 'web', `${STEM}_bg.wasm`)
    assert.equal(readFileSync(wasm).length, raw, `${name}: the shipped .wasm is the measured one`)
  }
  // What the separate entry is for: a page that judges records and files skips the HTTP code.
  assert.ok(sizes.pure.gzip < sizes.full.gzip * 0.9, 'the pure build is smaller')
  // And what the full one leaves out for its budget: the header readers and range reads.
  assert.ok(sizes.inspect.gzip > sizes.full.gzip, 'the inspect build is larger')
})
