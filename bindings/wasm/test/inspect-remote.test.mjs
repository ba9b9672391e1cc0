// The `inspect` option on wasm32: weight-file headers read with HTTP ranges through the host's
// `fetch`, in the `@model-compat/wasm/inspect` entry (the main one leaves the crate's `inspect`
// feature out for its size budget, and says where to look). The addon's own scenario: the UD
// file served over HTTP, the Hub's `resolve` URL redirecting to a CDN on another port, as the
// real Hub does.

import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { test } from 'node:test'

import { startHeaderRepo } from '../../../tests/js/node/harness.mjs'

const require = createRequire(import.meta.url)
const api = require('@model-compat/wasm/inspect')

test('wasm32 inspect: getHuggingFaceModel reads the header by range through fetch; the token stays with the Hub', async () => {
  const { hub, cdn, repo, file, stop } = await startHeaderRepo()
  try {
    const options = { endpoint: hub.url, token: 'hf_wasmTOKENthatStaysWithTheHub' }
    const model = await api.getHuggingFaceModel(repo, options)
    assert.equal(model.compatibility.compatible, false)
    assert.ok(model.compatibility.codes.includes('unsupported_tensor_type'), model.compatibility.codes.join())
    assert.equal(model.headers.length, 1)
    const [header] = model.headers
    assert.equal(header.file, file)
    assert.equal(header.facts.tensorTypes.IQ4_XS, 6)
    assert.ok(header.bytesRead < 4_317_440, `${header.bytesRead} bytes of a 4,317,440-byte file`)
    const seen = await (await fetch(`${cdn.url}/__testkit/requests`)).json()
    const reads = seen.filter((r) => r.path === `/xet/${file}`)
    assert.equal(reads.length, header.requests)
    assert.ok(!reads.some((r) => r.headers.some(([name]) => name === 'authorization')), 'no token on the CDN')
    assert.ok(reads[0].headers.some(([name, value]) => name === 'range' && value.startsWith('bytes=0-')))
    // `inspect: "off"`: no header, judged by the name.
    const off = await api.getHuggingFaceModel(repo, { ...options, inspect: 'off' })
    assert.equal(off.headers, undefined)
    assert.equal(off.compatibility.compatible, true)
    // The main entry has no range reads (its size budget), and its refusal says where they are.
    const full = require('@model-compat/wasm')
    const refused = await full.getHuggingFaceModel(repo, { ...options, inspect: 'recommended' }).catch((e) => e)
    assert.equal(refused.code, 'INVALID_ARGUMENT', refused.message)
    assert.ok(refused.message.includes('@model-compat/wasm/inspect'), refused.message)
  } finally {
    stop()
  }
})
