// The Node side of the JavaScript conformance suite: builds the Rust tools it needs, starts
// the testkit server on 127.0.0.1, reads the shared fixtures in place, and runs the cases of
// ../conformance.mjs under node:test against the module it is given.
//
//   import { runConformance } from '<repo>/tests/js/node/harness.mjs'
//   await runConformance('node addon', require('../index.js'))
//
// Or with the module path in MODEL_COMPAT_MODULE: `node --test tests/js/node/` (see
// conformance.test.mjs there).
//
// Environment: MODEL_COMPAT_FIXTURES (the shared fixtures folder; default
// ../shared/fixtures beside the repository), CARGO_TARGET_DIR, MODEL_COMPAT_NO_BUILD=1
// (the tools are already built: do not run cargo).

import assert from 'node:assert/strict'
import { execFileSync, spawn } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { dirname, join, resolve } from 'node:path'
import { after, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'

import { conformanceCases } from '../conformance.mjs'
import { CIVITAI_DETAIL, CIVITAI_LISTING, HF_DETAIL, buildScenario } from '../scenario.mjs'

/** The repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')

export function fixturesDir() {
  return resolve(ROOT, process.env.MODEL_COMPAT_FIXTURES ?? '../shared/fixtures')
}

export function targetDir() {
  return resolve(ROOT, process.env.CARGO_TARGET_DIR ?? 'target')
}

/** Where the harness writes what it generates (expected verdicts, the scenario). */
export function workDir() {
  const dir = join(targetDir(), 'model-compat-js')
  mkdirSync(dir, { recursive: true })
  return dir
}

const exe = (name) => join(targetDir(), 'debug', process.platform === 'win32' ? `${name}.exe` : name)

let built = false
/** `cargo build` of the testkit server and the generator (quick when they are up to date). */
export function buildTools() {
  if (built || process.env.MODEL_COMPAT_NO_BUILD === '1') return
  execFileSync('cargo', ['build', '--quiet', '-p', 'testkit', '-p', 'model-compat-bindings', '--bins'], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  built = true
}

let expectedCache
/** What the Rust crates compute for every fixture record (`model-compat-gen expected`). */
export function loadExpected() {
  if (expectedCache) return expectedCache
  buildTools()
  const out = join(workDir(), 'expected.json')
  execFileSync(exe('model-compat-gen'), ['expected', '--fixtures', fixturesDir(), '--out', out], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  expectedCache = JSON.parse(readFileSync(out, 'utf8'))
  return expectedCache
}

/** The fixture files the expected cases point into, parsed: {huggingface: {file: json}, civitai: {...}}. */
export function loadFixtures(expected) {
  const fixtures = { huggingface: {}, civitai: {} }
  for (const provider of ['huggingface', 'civitai']) {
    for (const c of expected[provider]) {
      if (!(c.file in fixtures[provider])) {
        fixtures[provider][c.file] = JSON.parse(readFileSync(join(fixturesDir(), provider, c.file), 'utf8'))
      }
    }
  }
  return fixtures
}

/** Starts `testkit serve` on the scenario; resolves to {url, stop}. It also stops by itself. */
export async function startServer(scenario) {
  buildTools()
  const file = join(workDir(), `scenario-${process.pid}.json`)
  writeFileSync(file, JSON.stringify(scenario, null, 2))
  const child = spawn(exe('testkit'), ['serve', '--scenario', file, '--idle-timeout-secs', '120'], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, RUST_LOG: process.env.RUST_LOG ?? 'warn' },
  })
  const url = await new Promise((resolveUrl, reject) => {
    let buffer = ''
    child.once('error', reject)
    child.once('exit', (code) => reject(new Error(`testkit exited (${code}) before listening`)))
    child.stdout.on('data', (chunk) => {
      buffer += chunk
      const line = buffer.split('\n')[0]
      if (buffer.includes('\n')) {
        try {
          resolveUrl(JSON.parse(line).url)
        } catch (error) {
          reject(new Error(`unexpected testkit output: ${line}`))
        }
      }
    })
  })
  child.removeAllListeners('exit')
  return {
    url,
    stop() {
      // Closing stdin stops it; the kill is for a server that hangs.
      child.stdin.end()
      setTimeout(() => child.kill(), 2000).unref()
    },
  }
}

/** An http://127.0.0.1 address where nothing listens. */
export async function closedUrl() {
  const server = createServer()
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok))
  const { port } = server.address()
  await new Promise((ok) => server.close(ok))
  return `http://127.0.0.1:${port}`
}

function byLabel(cases, label) {
  const found = cases.find((c) => c.label === label)
  if (!found) throw new Error(`no expected case ${label}`)
  return found
}

/** The scenario of ../scenario.mjs with this machine's fixture paths. */
export function scenarioFor(expected, fixtures) {
  const record = (provider, label) => {
    const c = byLabel(expected[provider], label)
    let value = fixtures[provider][c.file]
    for (const key of c.path) value = value[key]
    return value
  }
  const path = (provider, label) => join(fixturesDir(), provider, byLabel(expected[provider], label).file)
  return buildScenario({
    huggingfaceDir: join(fixturesDir(), 'huggingface'),
    files: { hfDetail: path('huggingface', HF_DETAIL.label), civitaiDetail: path('civitai', CIVITAI_DETAIL.label) },
    civitaiRecords: CIVITAI_LISTING.map((label) => record('civitai', label)),
    device: expected.device,
  })
}

/** Everything the suite needs besides the module: {url, closedUrl, expected, fixtures, stop}. */
export async function prepare() {
  const expected = loadExpected()
  const fixtures = loadFixtures(expected)
  const server = await startServer(scenarioFor(expected, fixtures))
  return { url: server.url, closedUrl: await closedUrl(), expected, fixtures, stop: server.stop }
}

/**
 * Registers the conformance suite under node:test for `api` (the module under test). `extra`:
 * what the binding declares about itself (`{caches: true}`: `createClient({cache})` keeps
 * answers; see ../conformance.mjs).
 */
export async function runConformance(name, api, extra = {}) {
  const ctx = await prepare()
  describe(`conformance: ${name}`, () => {
    after(() => ctx.stop())
    for (const c of conformanceCases({ ...ctx, ...extra, api })) {
      it(c.name, c.run)
    }
  })
}

/**
 * A Hub repository whose one weight file, a file of `target/header-data`, is served the way
 * the Hub serves it: `/api/models/{repo}` gives the record (written here: no recording names
 * the generated files), and `resolve/{sha}/{file}` redirects to a CDN on another port. For
 * the tests of `getHuggingFaceModel`'s header reads. Resolves to `{ hub, cdn, repo, file,
 * stop }`; `cdn`'s `/__testkit/requests` shows what reached it.
 */
export async function startHeaderRepo(file = 'Qwen3-0.6B-UD-Q4_K_XL.gguf') {
  const repo = 'unsloth/Qwen3-0.6B-GGUF'
  const sha = '0123456789abcdef0123456789abcdef01234567'
  const cdn = await startServer({ static: [{ prefix: '/xet/', dir: join(targetDir(), 'header-data') }] })
  const record = {
    id: repo, sha, tags: ['gguf'], pipeline_tag: 'text-generation', config: {},
    gguf: { architecture: 'qwen3', context_length: 40960 },
    siblings: [{ rfilename: file }, { rfilename: 'README.md' }],
  }
  const hub = await startServer({
    routes: [
      { path: `/api/models/${repo}`, responses: [{ body: { json: record } }] },
      { path: `/${repo}/resolve/${sha}/${file}`, responses: [{ status: 302, headers: [['location', `${cdn.url}/xet/${file}`]] }] },
    ],
  })
  return { hub, cdn, repo, file, stop: () => { hub.stop(); cdn.stop() } }
}

/**
 * What `getHuggingFaceModel` on `startHeaderRepo`'s UD file must show, in every runtime: refused
 * for the 6 IQ4_XS tensors its header holds, read by ranges from the CDN (from byte 0, one GET
 * per request the header reports), and no token there. `model` needs `compatibility.compatible`,
 * `compatibility.codes` and `headers`. Resolves to the header.
 */
export async function checkHeaderRead(model, { cdn, file }) {
  assert.equal(model.compatibility.compatible, false)
  assert.ok(model.compatibility.codes.includes('unsupported_tensor_type'), model.compatibility.codes.join())
  assert.equal(model.headers.length, 1)
  const [header] = model.headers
  assert.equal(header.file, file)
  assert.equal(header.facts.tensorTypes.IQ4_XS, 6)
  const seen = await (await fetch(`${cdn.url}/__testkit/requests`)).json()
  const reads = seen.filter((r) => r.path === `/xet/${file}` && r.method === 'GET')
  assert.equal(reads.length, header.requests)
  assert.ok(reads.every((r) => r.headers.some(([name, value]) => name === 'range' && value.startsWith('bytes='))), 'ranges')
  assert.ok(reads[0].headers.some(([name, value]) => name === 'range' && value.startsWith('bytes=0-')))
  assert.ok(!reads.some((r) => r.headers.some(([name]) => name === 'authorization')), 'no token on the CDN')
  return header
}
