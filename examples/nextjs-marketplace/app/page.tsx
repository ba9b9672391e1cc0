// The marketplace: a server component. It lists Hub models with the native addon on every
// request (the listing changes, and filters come from the query string), filters and sorts
// them, and hands one model id to the client component that checks it again in the browser.
import { getCompatibleHuggingFaceModels, listHuggingFaceModels, type Model } from '@model-compat/node'

import { hubEndpoint } from '../lib/catalog'
import { modelLicense, modelSize } from '../lib/fields'
import { BrowserCheck } from './browser-check'
import { ModelCard } from './model-card'

export const dynamic = 'force-dynamic'

type Search = { show?: string; license?: string; maxSize?: string }

const SIZE_LIMITS: Array<[string, number]> = [
  ['1 GB', 1e9],
  ['4 GB', 4e9],
  ['16 GB', 16e9],
]

export default async function Page({ searchParams }: { searchParams: Promise<Search> }) {
  const { show, license, maxSize } = await searchParams
  const showIncompatible = show === 'all'
  const options = { endpoint: hubEndpoint(), sort: 'likes' as const, limit: 60, maxPages: 20 }
  // The toggle needs the whole listing; compatible-only reads pages until enough are found.
  const listed: Model[] = showIncompatible
    ? await listHuggingFaceModels(options)
    : await getCompatibleHuggingFaceModels(options)

  const licenses = [...new Set(listed.map(modelLicense).filter((l): l is string => Boolean(l)))].sort()
  const sizeLimit = Number(maxSize) > 0 ? Number(maxSize) : undefined
  const models = listed
    .filter((m) => !license || modelLicense(m) === license)
    .filter((m) => {
      if (sizeLimit === undefined) return true
      const size = modelSize(m)
      return size !== undefined && size <= sizeLimit
    })
    // The Hub sorts by likes already; sorting again keeps the order when the source does not.
    .sort((a, b) => (b.likes ?? 0) - (a.likes ?? 0))

  return (
    <main>
      <h1>Models your workers can run</h1>
      <form method="get" style={{ display: 'flex', gap: '1rem', alignItems: 'center' }}>
        <label>
          <input type="checkbox" name="show" value="all" defaultChecked={showIncompatible} /> show incompatible
        </label>
        <label>
          licence{' '}
          <select name="license" defaultValue={license ?? ''}>
            <option value="">any</option>
            {licenses.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <label>
          size at most{' '}
          <select name="maxSize" defaultValue={maxSize ?? ''}>
            <option value="">any</option>
            {SIZE_LIMITS.map(([label, bytes]) => (
              <option key={bytes} value={bytes}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">apply</button>
      </form>
      <p data-testid="count">
        {models.length} of {listed.length} models{showIncompatible ? ' (compatible or not)' : ''}, by likes
      </p>
      <BrowserCheck endpoint={hubEndpoint()} initialId={models[0]?.id ?? ''} />
      <ul style={{ listStyle: 'none', padding: 0 }}>
        {models.map((m) => (
          <ModelCard key={m.id} model={m} />
        ))}
      </ul>
    </main>
  )
}
