// ES module entry point: the same functions as the CommonJS `index.js`.
import { createRequire } from 'node:module'

const api = createRequire(import.meta.url)('./index.js')

export const {
  getCompatibleHuggingFaceModels,
  listHuggingFaceModels,
  getHuggingFaceModel,
  getCompatibleCivitaiModels,
  listCivitaiModels,
  getCivitaiModel,
  extractHuggingFaceMetadata,
  extractCivitaiMetadata,
  isModelCompatible,
  filterCompatibleModels,
  checkModelWorkerCompatibility,
  defaultWorkerCatalog,
  __napiBindingTarget,
} = api

export default api
