// The `inspect` option on wasm32: weight-file headers read with HTTP ranges through the host's
// `fetch`, in the `@model-compat/wasm/inspect` entry (the main one leaves the crate's `inspect`
// feature out for its size budget, and says where to look). The addon's own scenario: the UD
// file served over HTTP, the Hub's `resolve` URL redirecting to a CDN on another port, as the
// real Hub does.

import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'

import { chromium } from 'playwright-core'

import { CHROMIUM_ARGS, chromiumPath } from '../../../tests/js/browser/run.mjs'
import { checkHeaderRead, startHeaderRepo, startServer } from '../../../tests/js/node/harness.mjs'

const require = createRequire(import.meta.url)
const api = require('@model-compat/wasm/inspect')
const pkgDir = join(dirname(fileURLToPath(import.meta.url)), '..')

test('wasm32 inspect: getHuggingFaceModel reads the header by range through fetch; the token stays with the Hub', async () => {
  const { hub, cdn, repo, file, stop } = await startHeaderRepo()
  try {
    const options = { endpoint: hub.url, token: 'hf_wasmTOKENthatStaysWithTheHub' }
    const model = await api.getHuggingFaceModel(repo, options)
    const header = await checkHeaderRead(model, { cdn, file })
    assert.ok(header.bytesRead < 4_317_440, `${header.bytesRead} bytes of a 4,317,440-byte file`)
    // `inspect: "off"`: no header, judged by the name.
    const off = await api.getHuggingFaceModel(repo, { ...options, inspect: 'off' })
    assert.equal(off.headers, undefined)
    assert.equal(off.compatibility.compatible, true)
    // The main entry has no range reads (its size budget), and its refusal says where they are.
    const full = require('@model-compat/wasm')
    const refused = await full.getHuggingFaceModel(repo, { ...options, inspect: 'recommended' }).catch((e) => e)
    assert.equal(refused.code, 'INVALID_ARGUMENT', refused.message)
    assert.ok(refused.message.includes('@model-compat/wasm/inspect'), refused.message)
  } finally {
    stop()
  }
})

test('wasm32 inspect in headless Chromium: the range read follows the redirect to the CDN; the token stays with the Hub', async () => {
  // Three origins, as on the web: the page's, the Hub's and its CDN's (testkit answers CORS).
  const { hub, cdn, repo, file, stop } = await startHeaderRepo()
  const site = await startServer({ static: [{ prefix: '/module/', dir: join(pkgDir, 'pkg', 'inspect', 'web') }] })
  const userDataDir = mkdtempSync(join(tmpdir(), 'model-compat-chromium-'))
  let context
  try {
    context = await chromium.launchPersistentContext(userDataDir, { executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS })
    const page = context.pages()[0] ?? (await context.newPage())
    await page.goto(`${site.url}/module/model_compat_wasm.js`)
    const token = 'hf_browserTOKENthatStaysWithTheHub'
    const model = await page.evaluate(
      async ({ repo, endpoint, token }) => {
        const module = await import('/module/model_compat_wasm.js')
        await module.default()
        const m = await module.getHuggingFaceModel(repo, { endpoint, token })
        return { compatibility: { compatible: m.compatibility.compatible, codes: m.compatibility.codes }, headers: m.headers }
      },
      { repo, endpoint: hub.url, token },
    )
    await checkHeaderRead(model, { cdn, file })
    const api = (await (await fetch(`${hub.url}/__testkit/requests`)).json())
      .filter((r) => r.path === `/api/models/${repo}` && r.method === 'GET')
    assert.ok(api.some((r) => r.headers.some(([name, value]) => name === 'authorization' && value === `Bearer ${token}`)), 'the Hub got it')
  } finally {
    if (context) await context.close().catch(() => {})
    rmSync(userDataDir, { recursive: true, force: true })
    site.stop()
    stop()
  }
})
