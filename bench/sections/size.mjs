// 1. Size: raw, gzip and brotli of what a browser downloads for each entry, against the anchors bundled
// the same way. Our numbers come from scripts/build.mjs's sizes(), the function the budget test uses.
import { readFileSync } from 'node:fs';
import { gzipSync, brotliCompressSync } from 'node:zlib';
import { sizes } from '../../scripts/build.mjs';
import { ANCHORS } from '../lib/anchors.mjs';
import { goal } from '../lib/report.mjs';
import { kb } from '../lib/stats.mjs';

export const id = 'size';
export const title = 'Size (what a browser downloads)';

function measureFile(path) {
  const b = readFileSync(path);
  return { raw: b.length, gzip: gzipSync(b, { level: 9 }).length, brotli: brotliCompressSync(b).length };
}

export async function run(ctx) {
  const s = sizes();
  const budgets = ctx.budgets;
  const anchorSizes = Object.fromEntries(ANCHORS.map((a) => [a.id, measureFile(ctx.anchorBundles[a.id].esm)]));
  const smaller = Math.min(...Object.values(anchorSizes).map((m) => m.gzip));
  const ours = [
    ['ckassa-sdk web entry (`web/index.js` + `.wasm`)', s.web, budgets.gzipKB.web],
    ['  of which `web/index.js`', s.webJs, null],
    ['  of which `ckassa_sdk_bg.wasm`', s.wasm, null],
    ['ckassa-sdk `/base64` entry (wasm inlined)', s.base64, null],
    ['ckassa-sdk `ckassa.min.js` (script tag, wasm inlined)', s.script, budgets.gzipKB.script],
  ];
  const rows = ours.map(([name, m, budget]) => [
    name, kb(m.raw), kb(m.gzip), kb(m.brotli), budget ? `${budget} KB` : '',
    ...ANCHORS.map((a) => (name.startsWith('  ') ? '' : `${(m.gzip / anchorSizes[a.id].gzip).toFixed(2)}×`)),
  ]);
  for (const a of ANCHORS) {
    const m = anchorSizes[a.id];
    rows.push([`${a.name} ${ctx.anchorVersions[a.id]} (${a.pieces})`, kb(m.raw), kb(m.gzip), kb(m.brotli), '', ...ANCHORS.map(() => '')]);
  }
  const webGoal = budgets.goals.webGzipKB;
  return {
    tables: [{
      head: ['bundle', 'raw', 'gzip', 'brotli', 'budget (gzip)', ...ANCHORS.map((a) => `gzip ÷ ${a.name}`)],
      rows,
    }],
    notes: [
      'KB = 1024 bytes; gzip at level 9 and brotli at its default quality, per file, as `scripts/build.mjs` `sizes()` measures (the web entry is the sum of its two files).',
      'The `/base64` entry and `ckassa.min.js` carry the wasm as base64 of its gzip (zopfli), inflated once at `init()` (zlib in Node, `DecompressionStream` elsewhere): base64 of the raw bytes gzips to about 1.27× the .wasm, this to about 1×.',
      'The browser builds leave out the proxy\'s clientAuInfo enrichment (IP and header parsing), which only the Node build compiles in (cargo feature `server`).',
      `Anchors: esbuild ${ctx.esbuildVersion}, minified ESM, browser platform, no legal comments, from their npm packages pinned in \`bench/anchors/package-lock.json\` (the 2026-11-28 reference measured 46.0 KB and 39.5 KB gzip).`,
    ],
    goals: [
      goal('web entry gzip (JS + wasm)', `≤ ${webGoal} KB`, `${kb(s.web.gzip)} (budget ${budgets.gzipKB.web} KB; ${(s.web.gzip / smaller).toFixed(2)}× the smaller anchor)`, s.web.gzip <= webGoal * 1024),
    ],
    data: { ours: s, anchors: anchorSizes },
  };
}
