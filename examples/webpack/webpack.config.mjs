// The whole webpack config @model-compat/wasm needs: `asyncWebAssembly` (the package's default
// entry imports its `.wasm` as a module, webpack's WebAssembly/ES module integration). The
// `es2022` target tells webpack the browsers run async functions, which that integration
// emits; without it webpack warns (or set `output.environment.asyncFunction: true`).
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))

export default {
  mode: 'production',
  target: ['web', 'es2022'],
  entry: './src/index.js',
  output: { path: resolve(here, 'dist'), clean: true },
  experiments: { asyncWebAssembly: true },
}
