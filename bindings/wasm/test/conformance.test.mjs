// The shared JavaScript conformance suite (tests/js) against the WASM `nodejs` build, loaded
// the way a CommonJS project loads it. (The `web` build runs the same suite in a browser:
// browser.test.mjs.)

import { createRequire } from 'node:module'

import { runConformance } from '../../../tests/js/node/harness.mjs'

const require = createRequire(import.meta.url)

await runConformance('@model-compat/wasm (nodejs build)', require('../pkg/nodejs/model_compat_wasm.js'))
