// The package as a Node project sees it: both module systems, the declarations against the
// checked-in API list, the declarations type-check, package.json; and the expected verdicts
// the conformance suite uses against the reviewed Rust snapshot tables.

import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'

import { checkDeclarations, loadApiList } from '../../../tests/js/node/api-list.mjs'
import { loadExpected } from '../../../tests/js/node/harness.mjs'
import { compareWithSnapshots } from '../../../tests/js/node/snapshots.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const pkgDir = join(here, '..')
const require = createRequire(import.meta.url)
const ts = require('typescript')

test('index.d.ts matches the API list (tests/js/api.json)', () => {
  const problems = checkDeclarations(readFileSync(join(pkgDir, 'index.d.ts'), 'utf8'), loadApiList(), ts)
  assert.deepEqual(problems, [])
})

test('the API-list check notices a changed signature', () => {
  const dts = readFileSync(join(pkgDir, 'index.d.ts'), 'utf8')
  const changed = dts
    .replace(
      'isModelCompatible(metadata: ModelMetadata, catalog?: WorkerCatalog, options?: JudgeOptions)',
      'isModelCompatible(metadata: ModelMetadata, catalog: WorkerCatalog, options?: JudgeOptions)',
    )
    .replace('export declare function defaultWorkerCatalog(): WorkerCatalog', 'export declare function defaultWorkerCatalog(): Promise<WorkerCatalog>')
  const problems = checkDeclarations(changed, loadApiList(), ts)
  assert.equal(problems.length, 2, problems.join('\n'))
})

test('require and import give the same functions', async () => {
  const cjs = require('..')
  const esm = await import('../index.mjs')
  const names = loadApiList().functions.map((f) => f.name)
  for (const name of names) {
    assert.equal(typeof cjs[name], 'function', name)
    assert.equal(esm[name], cjs[name], name)
  }
  assert.equal(esm.default, cjs)
  const exported = Object.keys(cjs).filter((n) => !n.startsWith('__')).sort()
  assert.deepEqual(exported, [...names].sort())
})

test('index.d.ts is self-contained and type-checks a typical use', () => {
  const tsc = join(pkgDir, 'node_modules', 'typescript', 'bin', 'tsc')
  execFileSync(process.execPath, [tsc, '-p', join(here, 'tsconfig.json')], { cwd: pkgDir, stdio: 'inherit' })
})

test('package.json: a Node project can depend on it', () => {
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'))
  assert.equal(pkg.name, '@model-compat/node')
  assert.equal(pkg.main, 'index.js')
  assert.equal(pkg.types, 'index.d.ts')
  assert.deepEqual(pkg.exports['.'], { types: './index.d.ts', import: './index.mjs', require: './index.js' })
  for (const file of ['index.js', 'index.mjs', 'index.d.ts', 'binding.js', '*.node']) {
    assert.ok(pkg.files.includes(file), file)
  }
  assert.match(pkg.engines.node, />= ?18/)
  assert.ok(pkg.napi.targets.includes('x86_64-unknown-linux-gnu'))
  assert.equal(pkg.private, undefined, 'publishable')
})

test('the packed package installs into a project, and both require and import work there', () => {
  const project = mkdtempSync(join(tmpdir(), 'model-compat-node-'))
  try {
    const npm = (args, cwd) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
    const [packed] = JSON.parse(npm(['pack', '--json', '--pack-destination', project], pkgDir))
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }))
    npm(['install', '--offline', '--no-audit', '--no-fund', `./${packed.filename}`], project)
    const run = (args) => execFileSync(process.execPath, args, { cwd: project, encoding: 'utf8' }).trim()
    assert.equal(run(['-e', "console.log(require('@model-compat/node').defaultWorkerCatalog().workers.length)"]), '2')
    const esm = "import { isModelCompatible } from '@model-compat/node'; console.log(isModelCompatible({ id: 'x' }).compatible)"
    assert.equal(run(['--input-type=module', '-e', esm]), 'false')
  } finally {
    rmSync(project, { recursive: true, force: true })
  }
})

test('the expected verdicts are those of the reviewed Rust snapshot tables', () => {
  assert.deepEqual(compareWithSnapshots(loadExpected()), [])
})
