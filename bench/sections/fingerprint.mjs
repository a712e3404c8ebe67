// 4. Fingerprint: collecting and encoding the 3-D Secure browser data against the docs' getFingerprint()
// in the same Chromium page. The measurement itself is bench/fingerprint.mjs (written with the
// fingerprint code: `run({ page })`); this section gives it a fresh page and renders what it returns.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { goal, NotAvailable } from '../lib/report.mjs';
import { serveStage } from '../lib/stage.mjs';
import { us } from '../lib/stats.mjs';

export const id = 'fingerprint';
export const title = 'Fingerprint (Chromium: collect + encode vs the docs\' getFingerprint())';

// A result of bench/fingerprint.mjs as rows: its own `rows`/`table` if it gives one, otherwise one row
// per numeric field (times are taken to be microseconds when the key says so, else milliseconds).
function toRows(result) {
  if (Array.isArray(result?.rows)) return { head: result.head ?? Object.keys(result.rows[0] ?? {}), rows: result.rows.map((r) => (Array.isArray(r) ? r : Object.values(r))) };
  const rows = [];
  const walk = (obj, prefix) => {
    for (const [k, v] of Object.entries(obj ?? {})) {
      const key = prefix ? `${prefix}.${k}` : k;
      if (typeof v === 'number') rows.push([key, /us|micro/i.test(key) ? us(v) : /ms/i.test(key) ? `${v.toFixed(3)} ms` : String(+v.toFixed(4))]);
      else if (typeof v === 'string' || typeof v === 'boolean') rows.push([key, String(v)]);
      else if (v && typeof v === 'object' && !Array.isArray(v)) walk(v, key);
    }
  };
  walk(result, '');
  return { head: ['measure', 'value'], rows };
}

// The ratio ours ÷ the docs' script, from whatever names the bench uses for it.
function findRatio(result) {
  for (const k of ['ratio', 'ratioVsDocs', 'vsDocs', 'ratioToDocs']) if (typeof result?.[k] === 'number') return result[k];
  const ours = result?.ours?.median ?? result?.ours?.usPerOp ?? result?.oursUs ?? result?.ours;
  const docs = result?.docs?.median ?? result?.docs?.usPerOp ?? result?.docsUs ?? result?.docs;
  return typeof ours === 'number' && typeof docs === 'number' && docs > 0 ? ours / docs : null;
}

export async function run(ctx) {
  const file = join(ctx.root, 'bench', 'fingerprint.mjs');
  if (!existsSync(file)) throw new NotAvailable('bench/fingerprint.mjs (written with the fingerprint code) has not landed');
  const mod = await import(pathToFileURL(file).href);
  if (typeof mod.run !== 'function') throw new NotAvailable('bench/fingerprint.mjs does not export run({ page }) yet');
  const server = await serveStage(ctx.stage.dir);
  const { context } = await ctx.chromium.get();
  const page = await context.newPage();
  try {
    await page.goto(`${server.url}/blank.html`);
    const result = await mod.run({ page, url: server.url, root: ctx.root, dist: join(ctx.root, 'dist'), quick: ctx.quick });
    const table = toRows(result);
    const r = findRatio(result);
    const target = ctx.budgets.goals.fingerprintVsDocsScript;
    return {
      tables: [table],
      notes: result?.notes ?? [],
      goals: [goal('fingerprint vs the docs\' getFingerprint()', `≤ ${target}×`, r == null ? 'see the table' : `${r.toFixed(2)}×`, r == null ? null : r <= target)],
      data: result,
    };
  } finally {
    await page.close();
    await server.close();
  }
}
