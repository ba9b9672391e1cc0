// The shared JavaScript conformance suite (tests/js) against this package, loaded the way a
// CommonJS project loads it.

import { createRequire } from 'node:module'

import { runConformance } from '../../../tests/js/node/harness.mjs'

const require = createRequire(import.meta.url)

const api = require('..')
// The native addon keeps `createClient({cache})` answers; the WASM fallback keeps none.
await runConformance('@model-compat/node', api, { caches: api.__napiBindingTarget === 'native' })
