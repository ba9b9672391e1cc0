// Part 4 of `cargo xtask bench`, the browser side: opens bench/web/index.html in headless
// Chromium (Debian's /usr/bin/chromium, driven by playwright-core; never a downloaded browser)
// from the testkit server at URL, which also serves the WASM `web` build at /module/ and the
// listing at /api/models. The page times the module's import, `init()` (fetch, compile,
// instantiate), one sync call and one `getCompatibleHuggingFaceModels` call (then the same call
// against /fast/api/models, the same listing without latency).
//
// Usage: node wasm-browser.mjs URL    Prints the page's result as one JSON line.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { chromium } from "playwright-core";

const [url] = process.argv.slice(2);
const args = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const userDataDir = mkdtempSync(join(tmpdir(), "model-compat-bench-chromium-"));
let context;
try {
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  const query = new URLSearchParams({
    module: "/module/model_compat_wasm.js",
    record: "/data/record.json",
    endpoint: url,
    fastEndpoint: `${url}/fast`,
    limit: "100",
  });
  await page.goto(`${url}/bench/index.html?${query}`);
  await page.waitForFunction(() => window.__result !== undefined, null, { timeout: 120_000, polling: 50 });
  const result = await page.evaluate(() => window.__result);
  result.browser = context.browser()?.version() ?? "chromium";
  if (errors.length) result.errors = errors;
  console.log(JSON.stringify(result));
} finally {
  if (context) await context.close().catch(() => {});
  rmSync(userDataDir, { recursive: true, force: true });
}
