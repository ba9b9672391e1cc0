// The two fields the marketplace filters on, read in ONE place.
//
// SWITCH HERE (issue 15, point 2): `Model` is getting a top-level `license` and a `size` that
// is also filled in (known or estimated) for Hub listings. Until then the licence is read from
// `metadata.license` and the size is `model.size` when the record states file sizes (Hub
// listings mostly do not). When the new fields land, change the two functions below to
// `model.license` and `model.size` and nothing else in the app.
import type { Model } from '@model-compat/node'

/** SPDX-like licence id as the source states it (`apache-2.0`, `llama3.1`, ...), if any. */
export function modelLicense(model: Model): string | undefined {
  return model.metadata.license ?? undefined
}

/** Bytes to download (the recommended file, all parts), if known. */
export function modelSize(model: Model): number | undefined {
  return model.size ?? undefined
}
