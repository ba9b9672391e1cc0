// Benchmark (not a test): `filterCompatibleModels` over 10,000 extracted records.
//
//   node bench/filter-compatible-models.mjs [--count 10000] [--runs 15]
//
// The records are the real shared fixtures (../shared/fixtures beside the repository, or
// MODEL_COMPAT_FIXTURES), read in place, extracted with extractHuggingFaceMetadata /
// extractCivitaiMetadata, and repeated (with distinct ids) up to --count. Reports the median
// and spread of whole calls, and where the time goes: JSON.stringify of the input, the
// native call (parse, judge, serialize in Rust), JSON.parse of the result.

import { readFileSync, readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const require = createRequire(import.meta.url)
const api = require('..')
const native = require('../binding.js')

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? Number(process.argv[i + 1]) : fallback
}
const COUNT = arg('count', 10_000)
const RUNS = arg('runs', 15)
const fixtures = resolve(here, '../../..', process.env.MODEL_COMPAT_FIXTURES ?? '../shared/fixtures')

function jsonFiles(dir) {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')))
}

function extracted() {
  const out = []
  for (const body of jsonFiles(join(fixtures, 'huggingface'))) {
    for (const record of Array.isArray(body) ? body : [body]) {
      if (record && typeof record === 'object' && (record.id || record.modelId)) {
        out.push(api.extractHuggingFaceMetadata(record))
      }
    }
  }
  for (const body of jsonFiles(join(fixtures, 'civitai'))) {
    const records = Array.isArray(body.items) ? body.items : [body]
    for (const record of records) {
      if (!record || typeof record !== 'object' || !('id' in record) || 'BaseModel' in record) continue
      try {
        out.push(api.extractCivitaiMetadata(record))
      } catch {
        // Not a model or version (an error body): skip.
      }
    }
  }
  return out
}

const stats = (samples) => {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]
  return { median: at(0.5), min: sorted[0], p90: at(0.9) }
}
const ms = (x) => `${x.toFixed(1)} ms`

const base = extracted()
const models = Array.from({ length: COUNT }, (_, i) => {
  const m = base[i % base.length]
  return i < base.length ? m : { ...m, id: `${m.id}#${Math.floor(i / base.length)}` }
})
const kept = api.filterCompatibleModels(models).length
console.log(`${models.length} models (${base.length} distinct fixture records repeated), ${kept} compatible`)
console.log(`input ${(JSON.stringify(models).length / 1e6).toFixed(1)} MB of JSON`)

for (let i = 0; i < 3; i++) api.filterCompatibleModels(models) // warm-up

const whole = []
const stringify = []
const call = []
const parse = []
for (let run = 0; run < RUNS; run++) {
  let t = performance.now()
  api.filterCompatibleModels(models)
  whole.push(performance.now() - t)

  t = performance.now()
  const input = JSON.stringify(models)
  stringify.push(performance.now() - t)
  t = performance.now()
  const output = native.filterCompatibleModels(input)
  call.push(performance.now() - t)
  t = performance.now()
  JSON.parse(output)
  parse.push(performance.now() - t)
}

const report = (label, samples) => {
  const s = stats(samples)
  console.log(`${label.padEnd(38)} median ${ms(s.median)}  min ${ms(s.min)}  p90 ${ms(s.p90)}`)
}
report('filterCompatibleModels (whole call)', whole)
report('  JSON.stringify(models)', stringify)
report('  native call (parse + judge + serialize)', call)
report('  JSON.parse(result)', parse)
const per = stats(whole).median / models.length
console.log(`per model: ${(per * 1000).toFixed(2)} µs; ${Math.round(1000 / per).toLocaleString('en-US')} models/s`)

const single = []
for (let run = 0; run < 5; run++) {
  const t = performance.now()
  for (const m of models) api.isModelCompatible(m)
  single.push(performance.now() - t)
}
report(`isModelCompatible x ${models.length} (one call each)`, single)
