// Benchmark (not a test): the cold `require` of the package, in fresh processes.
//
//   node bench/require-time.mjs [--runs 20]
//
// Each run spawns `node` that times `require('@model-compat/node')` itself (load of index.js,
// the napi loader and the .node file, module registration), and the whole process (node's own
// start-up included) is timed from outside. Reports medians.

import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..')
const i = process.argv.indexOf('--runs')
const RUNS = i > 0 ? Number(process.argv[i + 1]) : 20

const inner = `const t = process.hrtime.bigint(); require(${JSON.stringify(pkg)}); console.log(Number(process.hrtime.bigint() - t) / 1e6)`
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

function spawnTimes(args) {
  const outer = []
  const inside = []
  for (let run = 0; run < RUNS; run++) {
    const t = performance.now()
    const out = spawnSync(process.execPath, args, { encoding: 'utf8' })
    outer.push(performance.now() - t)
    if (out.status !== 0) throw new Error(out.stderr)
    if (out.stdout.trim()) inside.push(Number(out.stdout.trim()))
  }
  return { outer, inside }
}

spawnTimes(['-e', inner]) // warm the file cache
const empty = spawnTimes(['-e', ''])
const loaded = spawnTimes(['-e', inner])
console.log(`${RUNS} runs each, medians:`)
console.log(`  require('@model-compat/node') inside the process: ${median(loaded.inside).toFixed(2)} ms`)
console.log(`  node -e "require(...)":                           ${median(loaded.outer).toFixed(1)} ms`)
console.log(`  node -e "" (baseline):                            ${median(empty.outer).toFixed(1)} ms`)
