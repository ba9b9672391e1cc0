// Copies the WASM `nodejs` build of @model-compat/wasm (bindings/wasm/pkg/nodejs, built by
// `cargo xtask test wasm-bindings`) into `wasm/`: the fallback `index.js` loads when no native
// addon matches the platform. Run before `npm pack`; fails when the build is missing.
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const pkgDir = join(dirname(fileURLToPath(import.meta.url)), '..')
const from = join(pkgDir, '..', 'wasm', 'pkg', 'nodejs')
const to = join(pkgDir, 'wasm')
const files = ['model_compat_wasm.js', 'model_compat_wasm_bg.wasm']

for (const file of files) {
  if (!existsSync(join(from, file))) {
    console.error(`${join(from, file)} is missing: build bindings/wasm first (cargo xtask test wasm-bindings)`)
    process.exit(1)
  }
}
rmSync(to, { recursive: true, force: true })
mkdirSync(to)
for (const file of files) copyFileSync(join(from, file), join(to, file))
console.log(`copied the WASM fallback (${files.join(', ')}) from ${from}`)
