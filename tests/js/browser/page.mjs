// The browser side of the JavaScript conformance suite: loads the module under test (a
// wasm-bindgen `web` build: its default export instantiates the .wasm), fetches the context
// the Node harness prepared (testkit URL, closed URL, expected verdicts, fixtures), runs the
// cases of ../conformance.mjs one after the other, and reports:
//
//   - one console line per case, `[conformance] ok <name> (<ms> ms)` or
//     `[conformance] not ok <name>: <error>`, then `[conformance] done <passed> passed, <failed> failed`;
//   - `window.__results` ([{name, ok, ms, error?}]) and `window.__done` (true at the end), which
//     the harness (run.mjs) polls.
//
// Query parameters: `module` (URL of the module's .js) and `context` (URL of the context JSON).

import { conformanceCases } from '../conformance.mjs'

window.__results = []
window.__done = false

const statusLine = document.getElementById('status')
const list = document.getElementById('results')

function report(result) {
  window.__results.push(result)
  const item = document.createElement('li')
  item.textContent = result.ok ? `ok ${result.name}` : `not ok ${result.name}: ${result.error}`
  list.append(item)
  console.log(
    result.ok
      ? `[conformance] ok ${result.name} (${result.ms} ms)`
      : `[conformance] not ok ${result.name}: ${result.error}`,
  )
}

function describe(error) {
  if (error instanceof Error) {
    const extra = [error.code && `code ${error.code}`, error.status && `status ${error.status}`].filter(Boolean)
    return `${error.name}: ${error.message}${extra.length ? ` (${extra.join(', ')})` : ''}`
  }
  return String(error)
}

async function main() {
  const params = new URLSearchParams(location.search)
  const moduleUrl = params.get('module')
  const contextUrl = params.get('context')
  if (!moduleUrl || !contextUrl) throw new Error('page.mjs needs ?module=...&context=...')

  statusLine.textContent = `loading ${moduleUrl}`
  const module = await import(moduleUrl)
  // The `web` target: the default export fetches and instantiates the .wasm.
  if (typeof module.default === 'function') await module.default()
  const api = module

  const response = await fetch(contextUrl)
  if (!response.ok) throw new Error(`context ${contextUrl}: HTTP ${response.status}`)
  const context = await response.json()

  const cases = conformanceCases({ ...context, api })
  statusLine.textContent = `running ${cases.length} cases`
  for (const c of cases) {
    const start = performance.now()
    try {
      await c.run()
      report({ name: c.name, ok: true, ms: Math.round(performance.now() - start) })
    } catch (error) {
      report({ name: c.name, ok: false, ms: Math.round(performance.now() - start), error: describe(error) })
    }
  }
  const failed = window.__results.filter((r) => !r.ok).length
  const passed = window.__results.length - failed
  statusLine.textContent = `${passed} passed, ${failed} failed`
  console.log(`[conformance] done ${passed} passed, ${failed} failed`)
}

main()
  .catch((error) => {
    window.__fatal = describe(error)
    console.error(`[conformance] fatal: ${window.__fatal}`)
    statusLine.textContent = `fatal: ${window.__fatal}`
  })
  .finally(() => {
    window.__done = true
  })
