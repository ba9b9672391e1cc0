// The shared JavaScript conformance suite (tests/js), unchanged, inside headless Chromium
// (Debian's, driven by playwright-core) against the WASM `web` build, served from 127.0.0.1
// by testkit and calling the testkit API server on another port through CORS. Each case the
// page ran becomes one test here; the browser's console is printed.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { chromium } from 'playwright-core'

import { runInBrowser } from '../../../tests/js/browser/run.mjs'

const pkgDir = join(dirname(fileURLToPath(import.meta.url)), '..')

const run = await runInBrowser({
  chromium,
  moduleDir: join(pkgDir, 'pkg', 'web'),
  moduleFile: 'model_compat_wasm.js',
  log: (line) => console.log(`[chromium] ${line}`),
})
console.log(`[chromium] browser: ${run.browser}`)

describe('conformance: @model-compat/wasm (web build) in headless Chromium', () => {
  test('the page loaded the module and ran every case of the suite', () => {
    assert.equal(run.fatal, null, `the page failed: ${run.fatal}`)
    assert.deepEqual(
      run.results.map((r) => r.name),
      run.expectedNames,
    )
  })
  for (const result of run.results) {
    test(`browser: ${result.name}`, () => {
      if (!result.ok) assert.fail(result.error)
    })
  }
})
