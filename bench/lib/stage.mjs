// One served folder for the browser sections: our dist/ files and the anchors' bundles side by side,
// behind tests/support/static.mjs with `Cache-Control: no-store` (so every fresh page fetches, parses
// and compiles again: no HTTP cache, no V8 code cache, for us and the anchors alike).
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from '../../tests/support/browser.mjs';
import { serveStatic } from '../../tests/support/static.mjs';

/**
 * Copies dist/ and the anchor bundles into a temporary folder: /dist/..., /anchors/<id>.iife.js,
 * /anchors/<id>.esm.js, /wasm_base64.js, /blank.html, /empty.js. Returns { dir, remove() }.
 */
export function stageFiles(root, anchorBundles) {
  const dir = mkdtempSync(join(tmpdir(), 'ckassa-bench-'));
  cpSync(join(root, 'dist'), join(dir, 'dist'), { recursive: true });
  for (const [id, { esm, iife }] of Object.entries(anchorBundles)) {
    cpSync(esm, join(dir, 'anchors', `${id}.esm.js`));
    cpSync(iife, join(dir, 'anchors', `${id}.iife.js`));
  }
  // The web build's .wasm as base64 (what ckassa.min.js inlines), for timing its decoding alone.
  const b64 = join(root, 'target', 'bindgen', 'wasm_base64.js');
  if (existsSync(b64)) cpSync(b64, join(dir, 'wasm_base64.js'));
  writeFileSync(join(dir, 'blank.html'), '<!doctype html><meta charset="utf-8"><title>bench</title><body></body>\n');
  writeFileSync(join(dir, 'empty.js'), '// an empty script: the floor of fetching and running any script\n');
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Serves a staged folder; `routes` as in serveStatic. */
export function serveStage(dir, routes = {}) {
  return serveStatic(dir, {
    headers: { 'cache-control': 'no-store' },
    routes,
    maxRequests: 1_000_000,
    maxMs: 30 * 60_000,
  });
}

/** A lazily launched Chromium shared by the sections of one run; close() is a no-op if never launched. */
export function lazyChromium() {
  let launched = null;
  return {
    get: () => {
      if (!launched) launched = launchChromium();
      return launched;
    },
    async version() {
      const { context } = await this.get();
      return context.browser()?.version() ?? null;
    },
    async close() {
      if (launched) await (await launched).close();
    },
  };
}
