// Builds the example apps the way a user would and checks them in headless Chromium against a
// testkit server on 127.0.0.1 (`cargo xtask test examples` runs this; see examples/README.md).
//
// For each example: `npm ci` (its package-lock.json; the model-compat packages are `file:`
// dependencies installed as packed copies, `install-links=true` in its .npmrc), the production
// build, then the built app is MOVED to another directory before it is started or served, so a
// build that baked in an absolute path of the source tree fails here instead of once deployed.
//
//   EXAMPLES=nextjs-marketplace,webpack,vite node --test examples/smoke.test.mjs
//
// Needs: the addon built in bindings/node (`napi build`) with its WASM fallback copied
// (`npm run build:wasm-fallback` there), bindings/wasm/pkg built, `npm ci` done in bindings/wasm
// (playwright-core comes from there), Debian's chromium, and the testkit binary (cargo build).

import assert from 'node:assert/strict'
import { execFileSync, spawn } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'

import { CHROMIUM_ARGS, chromiumPath } from '../tests/js/browser/run.mjs'
import { ROOT, closedUrl, fixturesDir, loadExpected, startServer, targetDir } from '../tests/js/node/harness.mjs'
import { HF_DETAIL } from '../tests/js/scenario.mjs'

const EXAMPLES = (process.env.EXAMPLES ?? 'nextjs-marketplace,webpack,vite').split(',').filter(Boolean)
const { chromium } = createRequire(join(ROOT, 'bindings/wasm/package.json'))('playwright-core')
// The expected answers come from the addon itself, as a Node program would call it.
const addon = createRequire(join(ROOT, 'bindings/node/package.json'))('./index.js')

/** Where built apps are moved to: outside the source tree's layout (`../../bindings` is gone). */
const MOVED = join(targetDir(), 'examples-moved')

function timed(label, f) {
  const start = Date.now()
  const out = f()
  console.log(`${label}: ${((Date.now() - start) / 1000).toFixed(1)} s`)
  return out
}

function sh(cmd, args, cwd, env = {}) {
  execFileSync(cmd, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env } })
}

/** `npm ci` then `npm run build` in examples/<name>; then the app is moved. Returns its new path. */
function buildAndMove(name) {
  const dir = join(ROOT, 'examples', name)
  timed(`${name}: npm ci`, () => sh('npm', ['ci', '--no-audit', '--no-fund'], dir))
  timed(`${name}: npm run build`, () => sh('npm', ['run', 'build'], dir, { NEXT_TELEMETRY_DISABLED: '1' }))
  mkdirSync(MOVED, { recursive: true })
  const moved = join(MOVED, name)
  rmSync(moved, { recursive: true, force: true })
  renameSync(dir, moved)
  return moved
}

/** Puts a moved example back where it belongs (the tests run on the moved copy only). */
function moveBack(name) {
  const moved = join(MOVED, name)
  if (existsSync(moved)) renameSync(moved, join(ROOT, 'examples', name))
}

/** The API the apps talk to: the Hub listing (every HuggingFace fixture, paged) and one detail. */
async function startApi() {
  const expected = loadExpected()
  const detail = expected.huggingface.find((c) => c.label === HF_DETAIL.label)
  assert.ok(detail, HF_DETAIL.label)
  return startServer({
    listings: [
      { path: '/api/models', style: 'huggingface', pageSize: 10, recordsFile: join(fixturesDir(), 'huggingface') },
    ],
    routes: [
      {
        path: `/api/models/${HF_DETAIL.id}`,
        responses: [{ body: { file: join(fixturesDir(), 'huggingface', detail.file) } }],
      },
    ],
  })
}

// The API server of the running test. Started after the build: it stops by itself when idle.
let api
let browser
let userDataDir

before(async () => {
  userDataDir = mkdtempSync(join(tmpdir(), 'model-compat-examples-'))
  browser = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: true,
    args: CHROMIUM_ARGS,
  })
})

after(async () => {
  await browser?.close().catch(() => {})
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true })
})

/**
 * A page that records what went wrong in the browser: uncaught errors, console errors, and
 * responses with an error status (by path; Chromium logs each as a console error without it).
 */
async function newPage(errors) {
  const page = await browser.newPage()
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`))
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      errors.push(`console: ${message.text()}`)
    }
  })
  page.on('response', (response) => {
    if (response.status() >= 400) errors.push(`${response.status()} ${new URL(response.url()).pathname}`)
  })
  return page
}

/** The verdict line the examples print for one model, from the addon's answer. */
function verdictLine(model) {
  const v = model.compatibility
  return `${model.id}: ${v.compatible ? 'compatible' : 'incompatible'}`
}

const requestsTo = async (path) => {
  const log = await (await fetch(`${api.url}/__testkit/requests`)).json()
  return log.filter((r) => r.path === path)
}

async function startNext(dir) {
  const port = Number(new URL(await closedUrl()).port)
  const child = spawn(
    process.execPath,
    [join(dir, 'node_modules', 'next', 'dist', 'bin', 'next'), 'start', '-H', '127.0.0.1', '-p', String(port)],
    {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, HF_ENDPOINT: api.url, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
    },
  )
  let output = ''
  child.stdout.on('data', (chunk) => {
    output += chunk
    process.stdout.write(chunk)
  })
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 60_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}):\n${output}`)
    try {
      await fetch(url, { signal: AbortSignal.timeout(2000) })
      break
    } catch {
      if (Date.now() > deadline) throw new Error(`next start did not answer within 60 s:\n${output}`)
      await new Promise((ok) => setTimeout(ok, 250))
    }
  }
  return { url, stop: () => child.kill() }
}

/** What the cards of a rendered marketplace page show. */
async function cards(page) {
  return page.$$eval('[data-testid=model]', (items) =>
    items.map((li) => ({
      id: li.querySelector('[data-testid=model-id]').textContent,
      compatible: li.dataset.compatible === 'true',
      badge: li.querySelector('[data-testid=badge]').textContent,
      reasons: [...li.querySelectorAll('[data-testid=reasons] li')].map((r) => r.textContent),
      warnings: [...li.querySelectorAll('[data-testid=warnings] li')].map((r) => r.textContent),
    })),
  )
}

const byLikes = (models) => [...models].sort((a, b) => (b.likes ?? 0) - (a.likes ?? 0))

describe('examples, built, moved and run in Chromium', { concurrency: false }, () => {
  test('nextjs-marketplace: the server page lists what the addon lists; the client component judges in the browser', {
    skip: !EXAMPLES.includes('nextjs-marketplace'),
  }, async () => {
    const dir = buildAndMove('nextjs-marketplace')
    let next
    try {
      api = await startApi()
      next = await startNext(dir)
      const options = { endpoint: api.url, sort: 'likes', limit: 60, maxPages: 20 }
      const all = byLikes(await addon.listHuggingFaceModels(options))
      const compatible = byLikes(await addon.getCompatibleHuggingFaceModels(options))
      assert.ok(compatible.length > 0 && all.length > compatible.length, 'the listing mixes compatible and not')

      const errors = []
      const page = await newPage(errors)

      // Compatible only (the default): the same models, in the same order, with their warnings.
      await page.goto(next.url)
      let shown = await cards(page)
      assert.deepEqual(
        shown.map((c) => c.id),
        compatible.map((m) => m.id),
      )
      assert.ok(shown.every((c) => c.compatible && c.badge === 'compatible'))
      assert.deepEqual(
        shown.map((c) => c.warnings),
        compatible.map((m) => m.compatibility.warnings),
      )

      // The toggle: compatible or not, each incompatible card saying why.
      await page.goto(`${next.url}/?show=all`)
      shown = await cards(page)
      assert.deepEqual(
        shown.map((c) => c.id),
        all.map((m) => m.id),
      )
      const incompatible = shown.filter((c) => !c.compatible)
      assert.ok(incompatible.length > 0)
      for (const card of incompatible) {
        const model = all.find((m) => m.id === card.id)
        assert.equal(card.badge, 'incompatible')
        assert.ok(card.reasons.length > 0, `${card.id} shows no reason`)
        assert.deepEqual(card.reasons, model.compatibility.reasons)
      }

      // The licence filter (metadata.license today; see lib/fields.ts).
      const license = 'apache-2.0'
      const licensed = all.filter((m) => m.metadata.license === license)
      assert.ok(licensed.length > 0 && licensed.length < all.length)
      await page.goto(`${next.url}/?show=all&license=${license}`)
      assert.deepEqual(
        (await cards(page)).map((c) => c.id),
        licensed.map((m) => m.id),
      )

      // The size filter: only models whose size is known and at most 4 GB.
      const small = all.filter((m) => m.size !== undefined && m.size <= 4e9)
      await page.goto(`${next.url}/?show=all&maxSize=4000000000`)
      assert.deepEqual(
        (await cards(page)).map((c) => c.id),
        small.map((m) => m.id),
      )

      // The client component: the browser fetches the record from the API and judges it.
      const want = verdictLine(await addon.getHuggingFaceModel(HF_DETAIL.id, { endpoint: api.url }))
      await fetch(`${api.url}/__testkit/requests`, { method: 'DELETE' })
      await page.goto(next.url)
      await page.fill('[data-testid=check-id]', HF_DETAIL.id)
      await page.click('[data-testid=check]')
      const verdict = await page.waitForSelector('[data-testid=browser-verdict]', { timeout: 30_000 })
      assert.ok((await verdict.textContent()).startsWith(want), `${await verdict.textContent()} vs ${want}`)
      assert.ok((await requestsTo(`/api/models/${HF_DETAIL.id}`)).length >= 1, 'the browser asked the API')
      assert.deepEqual(errors, [])
      await page.close()
    } finally {
      next?.stop()
      api?.stop()
      moveBack('nextjs-marketplace')
    }
  })

  for (const name of ['webpack', 'vite']) {
    test(`${name}: the bundle judges a model in the browser`, { skip: !EXAMPLES.includes(name) }, async () => {
      const dir = buildAndMove(name)
      let site
      try {
        api = await startApi()
        // Only what gets deployed: the page and the built files, in a fresh directory.
        const deploy = mkdtempSync(join(MOVED, `${name}-site-`))
        if (name === 'webpack') {
          renameSync(join(dir, 'dist'), join(deploy, 'dist'))
          cpSync(join(dir, 'index.html'), join(deploy, 'index.html'))
        } else {
          renameSync(join(dir, 'dist'), join(deploy, 'site'))
        }
        const root = name === 'webpack' ? deploy : join(deploy, 'site')
        site = await startServer({ static: [{ prefix: '/', dir: root }] })
        const want = verdictLine(await addon.getHuggingFaceModel(HF_DETAIL.id, { endpoint: api.url }))

        const errors = []
        const page = await newPage(errors)
        const query = new URLSearchParams({ endpoint: api.url, id: HF_DETAIL.id })
        await page.goto(`${site.url}/index.html?${query}`)
        await page.waitForFunction(() => document.getElementById('verdict').textContent !== 'checking…', null, {
          timeout: 30_000,
        })
        const text = await page.textContent('#verdict')
        assert.ok(text.startsWith(want), `${text} vs ${want}`)
        assert.deepEqual(errors, [])
        await page.close()
        rmSync(deploy, { recursive: true, force: true })
      } finally {
        site?.stop()
        api?.stop()
        moveBack(name)
      }
    })
  }
})
