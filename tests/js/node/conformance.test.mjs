// The conformance suite against any module: `MODEL_COMPAT_MODULE=<path to the module's entry
// point> node --test tests/js/node/conformance.test.mjs`. Without the variable the file
// registers nothing (each binding also has its own runner, e.g. bindings/node/test/).

import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

import { ROOT, runConformance } from './harness.mjs'

const target = process.env.MODEL_COMPAT_MODULE
if (target) {
  const module = await import(pathToFileURL(resolve(ROOT, target)).href)
  await runConformance(target, module.default && typeof module.default === 'object' ? module.default : module)
}
