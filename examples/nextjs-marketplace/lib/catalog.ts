// Where the listing comes from. `HF_ENDPOINT` points the app at a Hub mirror (the tests use a
// local testkit server); unset, the addon talks to https://huggingface.co.
export function hubEndpoint(): string | undefined {
  return process.env.HF_ENDPOINT || undefined
}
