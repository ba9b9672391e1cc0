// The shared JavaScript conformance suite (tests/js) against the entry `import
// '@model-compat/wasm'` resolves in Node (pkg/node: the module inlined as base64, the entry a
// server bundle of Next.js or webpack takes). conformance.test.mjs runs it against the
// CommonJS nodejs build, browser.test.mjs against the web build.

import * as api from '@model-compat/wasm'

import { runConformance } from '../../../tests/js/node/harness.mjs'

await runConformance('@model-compat/wasm (node import entry)', api)
