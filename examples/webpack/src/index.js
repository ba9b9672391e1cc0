// Checks one Hub model in the browser. The page passes the Hub endpoint and the model id in
// its query string (`?endpoint=...&id=...`); without them it asks huggingface.co for gpt2.
import { getHuggingFaceModel } from '@model-compat/wasm'

const params = new URLSearchParams(location.search)
const id = params.get('id') ?? 'openai-community/gpt2'
const endpoint = params.get('endpoint') ?? undefined
const out = document.getElementById('verdict')

try {
  const model = await getHuggingFaceModel(id, { endpoint })
  const v = model.compatibility
  out.textContent = `${model.id}: ${v.compatible ? 'compatible' : 'incompatible'} (${v.confidence})${
    v.reasons.length ? `: ${v.reasons.join('; ')}` : ''
  }`
  out.dataset.compatible = String(v.compatible)
} catch (error) {
  out.textContent = `${error.code}: ${error.message}`
  out.dataset.error = error.code
}
