'use client'
// Checks one model again in the visitor's browser with the WebAssembly build: the Hub record
// is fetched by the browser (the API must allow the page's origin) and judged locally.
import { getHuggingFaceModel } from '@model-compat/wasm'
import { useState } from 'react'

type Verdict = { id: string; compatible: boolean; reasons: string[] } | { error: string }

export function BrowserCheck({ endpoint, initialId }: { endpoint?: string; initialId: string }) {
  const [id, setId] = useState(initialId)
  const [verdict, setVerdict] = useState<Verdict | null>(null)

  async function check() {
    setVerdict(null)
    try {
      const model = await getHuggingFaceModel(id, { endpoint })
      setVerdict({ id: model.id, compatible: model.compatibility.compatible, reasons: model.compatibility.reasons })
    } catch (error) {
      const e = error as { code?: string; message?: string }
      setVerdict({ error: `${e.code ?? 'ERROR'}: ${e.message ?? String(error)}` })
    }
  }

  return (
    <section style={{ background: '#f4f4f8', padding: '0.8rem', margin: '1rem 0' }}>
      <label>
        Check in your browser:{' '}
        <input data-testid="check-id" value={id} onChange={(e) => setId(e.target.value)} size={50} />
      </label>{' '}
      <button data-testid="check" onClick={check}>
        check
      </button>
      {verdict && (
        <p data-testid="browser-verdict">
          {'error' in verdict
            ? verdict.error
            : `${verdict.id}: ${verdict.compatible ? 'compatible' : 'incompatible'}${
                verdict.reasons.length ? ` (${verdict.reasons.join('; ')})` : ''
              }`}
        </p>
      )}
    </section>
  )
}
