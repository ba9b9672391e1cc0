// The one setting @model-compat/wasm needs in webpack 5: `asyncWebAssembly`, because the
// package's browser entry imports its `.wasm` as a module (the WebAssembly/ES module
// integration that wasm-bindgen's `bundler` build is written for).
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))

export default {
  mode: 'production',
  entry: './src/index.js',
  output: { path: resolve(here, 'dist'), clean: true },
  experiments: { asyncWebAssembly: true },
  // The module is 467 KiB (188 KiB gzipped), over webpack's 244 KiB hint for any asset.
  performance: { assetFilter: (file) => !file.endsWith('.wasm') },
}
