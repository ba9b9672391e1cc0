// ES module entry point: the same functions as the CommonJS `index.js`.
//
// A static import, not `createRequire(import.meta.url)`: a bundler (webpack in Next.js) that
// bundles this file replaces `import.meta.url` with the absolute path it had at build time, and
// the require then fails once the built app runs anywhere else ("Cannot find module
// './index.js'"). A static import is resolved by the bundler or by Node, never by a baked path.
import api from './index.js'

export const {
  getCompatibleHuggingFaceModels,
  listHuggingFaceModels,
  listHuggingFaceModelsPage,
  getHuggingFaceModel,
  getCompatibleCivitaiModels,
  listCivitaiModels,
  listCivitaiModelsPage,
  getCivitaiModel,
  inspectFile,
  createClient,
  extractHuggingFaceMetadata,
  extractCivitaiMetadata,
  isModelCompatible,
  filterCompatibleModels,
  filterCompatibleIndices,
  prepareModels,
  checkModelWorkerCompatibility,
  defaultWorkerCatalog,
  __napiBindingTarget,
} = api

export default api
