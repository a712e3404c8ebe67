#!/usr/bin/env node
// `npm run bench`: ckassa-sdk against the SDKs a merchant would pick instead, measured side by side in
// the same run on the same machine. Writes bench/results/latest.md (also printed) and latest.json, and
// after a full run docs/size-and-speed.md (the short section for README.md).
//
//   node bench/run.mjs [--quick] [--only size,startup,...] [--build]
//     --quick   fewer runs (a smoke test of the bench itself; the numbers are rougher)
//     --only    run only these sections (ids: see SECTIONS below)
//     --build   run `npm run build` first (otherwise dist/ is measured as it is, and built if missing)
//     --render  measure nothing: write latest.md and docs/size-and-speed.md again from latest.json
//
// Every section measures what exists: a function another change has not landed yet is reported as
// "not available yet" instead of failing the run. See bench/README.md for how to read the results.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { ANCHORS, ensureAnchorsInstalled, anchorVersions, bundleAnchors } from './lib/anchors.mjs';
import { machineFacts } from './lib/machine.mjs';
import { NotAvailable, renderMarkdown, renderSummary } from './lib/report.mjs';
import { lazyChromium, stageFiles } from './lib/stage.mjs';
import * as size from './sections/size.mjs';
import * as startup from './sections/startup.mjs';
import * as validation from './sections/validation.mjs';
import * as boundary from './sections/boundary.mjs';
import * as fingerprint from './sections/fingerprint.mjs';
import * as client from './sections/client.mjs';
import * as memory from './sections/memory.mjs';
import * as composition from './sections/composition.mjs';

const SECTIONS = [size, startup, validation, boundary, fingerprint, client, memory, composition];

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const only = (() => {
  const i = argv.indexOf('--only');
  return i >= 0 ? new Set(argv[i + 1].split(',')) : null;
})();
const log = (msg) => process.stderr.write(`[bench] ${msg}\n`);

// Writes the report and, after a full run, the README section.
function writeReports({ machine, anchors, sections, elapsedMs, args, budgets }) {
  const md = renderMarkdown({ machine, anchors, sections, elapsedMs, args });
  const dir = join(root, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'latest.md'), md);
  const json = { machine, args, elapsedSeconds: elapsedMs / 1000, anchors, budgets, sections };
  // Raw samples keep 5 significant digits: the clock is not more precise than that.
  const round = (_k, v) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(5)) : v);
  writeFileSync(join(dir, 'latest.json'), `${JSON.stringify(json, round, 1)}\n`);
  const full = !args.includes('--only') && !args.includes('--quick');
  if (full) {
    const anchorNames = Object.fromEntries(ANCHORS.map((a) => [a.id, a.name]));
    writeFileSync(join(root, 'docs', 'size-and-speed.md'), renderSummary({ machine, anchors, sections, anchorNames }));
    log('wrote docs/size-and-speed.md');
  }
  return md;
}

function render() {
  const last = JSON.parse(readFileSync(join(root, 'bench', 'results', 'latest.json'), 'utf8'));
  const md = writeReports({ ...last, elapsedMs: last.elapsedSeconds * 1000 });
  process.stdout.write(md);
}

async function main() {
  if (flag('--render')) return render();
  const started = Date.now();
  if (flag('--build') || !existsSync(join(root, 'dist', 'web', 'index.js'))) {
    log('building dist/ (npm run build)');
    execFileSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  }
  ensureAnchorsInstalled(root, log);
  log('bundling the anchors');
  const anchorBundles = await bundleAnchors(root);
  const stage = stageFiles(root, anchorBundles);
  const chromium = lazyChromium();
  const ctx = {
    root,
    quick: flag('--quick'),
    log,
    budgets: JSON.parse(readFileSync(join(root, 'bench', 'budgets.json'), 'utf8')),
    anchorBundles,
    anchorVersions: anchorVersions(root),
    esbuildVersion: createRequire(import.meta.url)('esbuild/package.json').version,
    stage,
    chromium,
    chromiumVersion: null,
  };
  const machine = machineFacts(root);
  const sections = [];
  try {
    for (const section of SECTIONS) {
      if (only && !only.has(section.id)) continue;
      const t0 = Date.now();
      log(`${section.id}: ${section.title}`);
      if (!ctx.chromiumVersion && section.usesChromium !== false) {
        ctx.chromiumVersion = await chromium.version().catch(() => null);
      }
      try {
        const result = await section.run(ctx);
        sections.push({ id: section.id, title: section.title, ...result, seconds: (Date.now() - t0) / 1000 });
      } catch (e) {
        if (!(e instanceof NotAvailable)) throw e;
        log(`${section.id}: not available yet: ${e.message}`);
        sections.push({ id: section.id, title: section.title, skipped: e.message });
      }
      log(`${section.id}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
  } finally {
    await chromium.close();
    stage.remove();
  }
  const elapsedMs = Date.now() - started;
  const md = writeReports({ machine, anchors: ctx.anchorVersions, sections, elapsedMs, args: argv, budgets: ctx.budgets });
  process.stdout.write(md);
  log(`wrote bench/results/latest.md and latest.json in ${(elapsedMs / 1000).toFixed(0)} s`);
}

await main();
