import type { Model } from '@model-compat/node'

import { modelLicense, modelSize } from '../lib/fields'

const badge = (color: string) => ({
  background: color,
  color: 'white',
  borderRadius: '0.3rem',
  padding: '0 0.4rem',
  marginRight: '0.3rem',
  fontSize: '0.8rem',
})

function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined) return 'size unknown'
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : `${(bytes / 1e6).toFixed(0)} MB`
}

export function ModelCard({ model }: { model: Model }) {
  const v = model.compatibility
  const workers = v.workers.filter((w) => w.compatible).map((w) => w.id)
  return (
    <li data-testid="model" data-compatible={String(v.compatible)} style={{ borderTop: '1px solid #ddd', padding: '0.6rem 0' }}>
      <strong data-testid="model-id">{model.id}</strong>{' '}
      <span data-testid="badge" style={badge(v.compatible ? 'seagreen' : 'firebrick')}>
        {v.compatible ? 'compatible' : 'incompatible'}
      </span>
      <span style={badge('slategray')}>confidence {v.confidence}</span>
      {workers.map((w) => (
        <span key={w} style={badge('steelblue')}>
          {w}
        </span>
      ))}
      <div style={{ fontSize: '0.85rem', color: '#555' }}>
        {model.likes ?? 0} likes · {formatBytes(modelSize(model))} · licence {modelLicense(model) ?? 'not stated'}
        {v.recommendedFile ? ` · take ${v.recommendedFile.name}` : ''}
      </div>
      {v.reasons.length > 0 && (
        <ul data-testid="reasons">
          {v.reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      )}
      {v.warnings.length > 0 && (
        <ul data-testid="warnings" style={{ color: 'darkgoldenrod' }}>
          {v.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
    </li>
  )
}
