// The Node side of the browser conformance run: the shared suite (../conformance.mjs),
// unchanged, inside headless Chromium against a wasm-bindgen `web` build.
//
//   import { chromium } from 'playwright-core'
//   const run = await runInBrowser({ chromium, moduleDir: 'bindings/wasm/pkg/web', moduleFile: 'model_compat_wasm.js' })
//   // run.results: [{name, ok, ms, error?}], run.expectedNames, run.fatal, run.console
//
// Two testkit servers on 127.0.0.1: the API server of ../node/harness.mjs (`prepare()`: the
// scenario, the expected verdicts, the fixtures) and a static server for the page, the suite
// files as they are in tests/js, the module under test and the context JSON. They listen on
// different ports, so every API call of the page is cross-origin and goes through CORS as a
// real web app's would.
//
// Chromium is Debian's (`/usr/bin/chromium`, or CHROMIUM_PATH) driven by playwright-core (the
// caller passes its `chromium`, resolved from its own node_modules), with a fresh profile
// directory that is removed afterwards.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

import { conformanceCases } from '../conformance.mjs'
import { ROOT, prepare, startServer, workDir } from '../node/harness.mjs'

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export function chromiumPath() {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
}

/**
 * Runs the suite in the browser. Resolves to {results, expectedNames, fatal, console, browser}
 * once the page reports `window.__done` (or rejects after `timeoutMs`).
 */
export async function runInBrowser({ chromium, moduleDir, moduleFile, timeoutMs = 300_000, log = () => {} }) {
  const ctx = await prepare()
  const stops = [ctx.stop]
  let userDataDir
  let browserContext
  try {
    const { stop: _stop, ...context } = ctx
    // The same names the page will produce (they include fixture counts from the context).
    const expectedNames = conformanceCases({ ...context, api: {} }).map((c) => c.name)

    const contextDir = join(workDir(), `browser-${process.pid}`)
    mkdirSync(contextDir, { recursive: true })
    writeFileSync(join(contextDir, 'context.json'), JSON.stringify(context))

    const site = await startServer({
      static: [
        { prefix: '/suite/', dir: join(ROOT, 'tests', 'js') },
        { prefix: '/module/', dir: resolve(ROOT, moduleDir) },
        { prefix: '/context/', dir: contextDir },
      ],
    })
    stops.push(site.stop)
    log(`page server ${site.url}, API server ${context.url}`)

    userDataDir = mkdtempSync(join(tmpdir(), 'model-compat-chromium-'))
    browserContext = await chromium.launchPersistentContext(userDataDir, {
      executablePath: chromiumPath(),
      headless: true,
      args: CHROMIUM_ARGS,
    })
    const browser = browserContext.browser()?.version() ?? 'chromium'
    const page = browserContext.pages()[0] ?? (await browserContext.newPage())
    const consoleLines = []
    page.on('console', (message) => {
      const line = `${message.type()}: ${message.text()}`
      consoleLines.push(line)
      log(line)
    })
    page.on('pageerror', (error) => {
      const line = `pageerror: ${error.message}`
      consoleLines.push(line)
      log(line)
    })

    const query = new URLSearchParams({ module: `/module/${moduleFile}`, context: '/context/context.json' })
    await page.goto(`${site.url}/suite/browser/index.html?${query}`)
    await page.waitForFunction(() => window.__done === true, null, { timeout: timeoutMs, polling: 250 })
    const { results, fatal, userAgent } = await page.evaluate(() => ({
      results: window.__results,
      fatal: window.__fatal ?? null,
      userAgent: navigator.userAgent,
    }))
    return { results, expectedNames, fatal, console: consoleLines, browser: `${browser} (${userAgent})` }
  } finally {
    if (browserContext) await browserContext.close().catch(() => {})
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true })
    for (const stop of stops) stop()
  }
}
