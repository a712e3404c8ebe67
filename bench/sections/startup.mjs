// 2. Start-up: from starting to load a build to a ready SDK, in Chromium (fresh page per run) and in
// Node (fresh process per run), against loading the anchors' bundles the same way.
//
// Ready means: ours, `CKassa.ready` resolved (the wasm compiled and instantiated: any function can be
// called); the anchors, their script evaluated (their exports can be called: they have no wasm).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ANCHORS } from '../lib/anchors.mjs';
import { goal, NotAvailable } from '../lib/report.mjs';
import { serveStage } from '../lib/stage.mjs';
import { summary, ms, ratio } from '../lib/stats.mjs';

export const id = 'startup';
export const title = 'Start-up (load to ready)';

// In the page: add a classic <script>, wait for it, then for the SDK to be ready; or import() an ESM entry.
async function loadInPage(spec) {
  const t0 = performance.now();
  if (spec.module) {
    const m = await import(spec.src);
    if (spec.init) await m.init();
  } else {
    await new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = spec.src;
      s.onload = resolve;
      s.onerror = () => reject(new Error(`could not load ${spec.src}`));
      document.head.appendChild(s);
    });
    if (spec.ready) await window[spec.ready].ready;
    if (spec.global && !window[spec.global]) throw new Error(`${spec.global} is not defined`);
  }
  return performance.now() - t0;
}

// In the page (or Node): decoding the inlined wasm the way js/entries/load.js does (atob and a loop, then
// DecompressionStream: the inlined wasm is gzip'd), against Uint8Array.fromBase64 where the runtime has
// it. Milliseconds, once per fresh page; `inflate` is the DecompressionStream step alone.
async function decodeInPage(src) {
  const { WASM_GZIP_BASE64: text } = await import(src);
  const t0 = performance.now();
  const bin = atob(text);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const t1 = performance.now();
  const native = typeof Uint8Array.fromBase64 === 'function' ? Uint8Array.fromBase64(text) : null;
  const t2 = performance.now();
  const wasm = await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer();
  const t3 = performance.now();
  if (!WebAssembly.validate(wasm)) throw new Error('the inflated bytes are not a wasm module');
  return { loop: t1 - t0, native: native && native.length === bytes.length ? t2 - t1 : null, inflate: t3 - t2 };
}

async function decodeTimes(ctx, url, runs) {
  const { context } = await ctx.chromium.get();
  const out = { loop: [], native: [], inflate: [] };
  for (let r = 0; r < runs; r++) {
    const page = await context.newPage();
    try {
      await page.goto(`${url}/blank.html`);
      const t = await page.evaluate(decodeInPage, '/wasm_base64.js');
      out.loop.push(t.loop);
      out.inflate.push(t.inflate);
      if (t.native != null) out.native.push(t.native);
    } finally {
      await page.close();
    }
  }
  return out;
}

function contenders() {
  return [
    { key: 'empty', name: 'an empty script (the floor)', spec: { src: '/empty.js' } },
    { key: 'ckassa', name: 'ckassa-sdk `ckassa.min.js` → `CKassa.ready`', spec: { src: '/dist/ckassa.min.js', ready: 'CKassa' } },
    { key: 'ckassaEsm', name: 'ckassa-sdk web entry: `import()` → `init()` (fetches the .wasm)', spec: { src: '/dist/web/index.js', module: true, init: true } },
    ...ANCHORS.map((a) => ({ key: a.id, name: `${a.name} bundle, evaluated`, spec: { src: `/anchors/${a.id}.iife.js`, global: `Anchor_${a.id}` } })),
  ];
}

async function inChromium(ctx, runs) {
  const server = await serveStage(ctx.stage.dir);
  try {
    const { context } = await ctx.chromium.get();
    const list = contenders();
    const times = Object.fromEntries(list.map((c) => [c.key, []]));
    const errors = {};
    // One warm-up round (Chromium's first page pays for process start-up), then interleaved runs.
    for (let r = -1; r < runs; r++) {
      for (const c of r % 2 === 0 ? list : [...list].reverse()) {
        if (errors[c.key]) continue;
        const page = await context.newPage();
        try {
          await page.goto(`${server.url}/blank.html`);
          const t = await page.evaluate(loadInPage, c.spec);
          if (r >= 0) times[c.key].push(t);
        } catch (e) {
          errors[c.key] = e.message.split('\n')[0];
        } finally {
          await page.close();
        }
      }
    }
    const decode = ctx.stage.dir && runs ? await decodeTimes(ctx, server.url, Math.min(runs, 10)).catch(() => null) : null;
    return { list, times, errors, decode };
  } finally {
    await server.close();
  }
}

function inNode(ctx, runs) {
  const child = join(ctx.root, 'bench', 'lib', 'node-startup.mjs');
  const list = [
    { key: 'empty', name: 'an empty script (the floor)', args: ['script', join(ctx.stage.dir, 'empty.js')] },
    { key: 'ckassa', name: 'ckassa-sdk `ckassa.min.js` → `CKassa.ready`', args: ['script', join(ctx.stage.dir, 'dist', 'ckassa.min.js'), 'CKassa'] },
    { key: 'ckassaNode', name: 'ckassa-sdk Node entry: `import(\'ckassa-sdk\')` (`node/index.mjs`)', args: ['import', join(ctx.stage.dir, 'dist', 'node', 'index.mjs')] },
    { key: 'wasmCompile', name: '  of which compiling the .wasm alone (`new WebAssembly.Module`, as the nodejs glue does at import)', args: ['compile', join(ctx.stage.dir, 'dist', 'node', 'ckassa_sdk_bg.wasm')] },
    ...ANCHORS.map((a) => ({ key: a.id, name: `${a.name} bundle, evaluated`, args: ['script', ctx.anchorBundles[a.id].iife, '', `Anchor_${a.id}`] })),
  ];
  const times = Object.fromEntries(list.map((c) => [c.key, []]));
  const errors = {};
  for (let r = -1; r < runs; r++) {
    for (const c of r % 2 === 0 ? list : [...list].reverse()) {
      if (errors[c.key]) continue;
      try {
        const out = execFileSync(process.execPath, [child, ...c.args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
        if (r >= 0) times[c.key].push(Number(out.trim()));
      } catch (e) {
        errors[c.key] = String(e.stderr || e.message).trim().split('\n').pop();
      }
    }
  }
  return { list, times, errors };
}

// Each contender's median, and the same net of the floor (an empty script: fetching and running any
// file costs that much), as a ratio to the faster anchor.
function table(caption, { list, times, errors }) {
  const med = (key) => summary(times[key]).median;
  const floor = errors.empty ? 0 : med('empty');
  const fasterAnchor = Math.min(...ANCHORS.map((a) => med(a.id)).filter(Number.isFinite));
  const rows = list.map((c) => {
    if (errors[c.key]) return [c.name, 'fails', '', '', '', '', errors[c.key]];
    const s = summary(times[c.key]);
    const part = c.key === 'empty' || c.name.startsWith('  ');
    const net = part ? '' : ratio(s.median - floor, fasterAnchor - floor);
    return [c.name, ms(s.median), `${ms(s.p25)} – ${ms(s.p75)}`, s.n, part ? '' : ratio(s.median, fasterAnchor), net, ''];
  });
  return { caption, head: ['what loads', 'median', 'p25 – p75', 'runs', '÷ faster anchor', 'net of the floor ÷ anchor', 'note'], rows };
}

export async function run(ctx) {
  const runs = ctx.quick ? 7 : 25;
  const nodeRuns = ctx.quick ? 5 : 15;
  const chromium = await inChromium(ctx, runs);
  const node = inNode(ctx, nodeRuns);
  if (!chromium.times.ckassa.length && chromium.errors.ckassa) throw new NotAvailable(`ckassa.min.js did not start: ${chromium.errors.ckassa}`);
  const med = (res, key) => summary(res.times[key]).median;
  const fasterAnchor = (res) => Math.min(...ANCHORS.map((a) => med(res, a.id)).filter(Number.isFinite));
  const target = ctx.budgets.goals.startupVsSmallerAnchor;
  const chromeRatio = med(chromium, 'ckassa') / fasterAnchor(chromium);
  const goals = [goal('start-up in Chromium (script tag → ready)', `≤ ${target}× the faster anchor`,
    `${chromeRatio.toFixed(2)}× (${ms(med(chromium, 'ckassa'))} vs ${ms(fasterAnchor(chromium))})`, chromeRatio <= target)];
  const nodeAnchor = fasterAnchor(node);
  if (Number.isFinite(nodeAnchor)) {
    const nodeRatio = med(node, 'ckassa') / nodeAnchor;
    goals.push(goal('start-up in Node (script build → ready)', `≤ ${target}× the faster anchor`,
      `${nodeRatio.toFixed(2)}× (${ms(med(node, 'ckassa'))} vs ${ms(nodeAnchor)})`, nodeRatio <= target));
  }
  const notes = [];
  if (chromium.decode?.loop.length) {
    const loop = summary(chromium.decode.loop).median;
    const native = chromium.decode.native.length ? summary(chromium.decode.native).median : NaN;
    notes.push(`Of ckassa.min.js's start-up in Chromium, decoding the inlined wasm from base64 with \`atob\` and a byte loop (\`js/entries/load.js\`'s fallback) takes ${ms(loop)}${Number.isFinite(native) ? `; \`Uint8Array.fromBase64\` (in this Chromium; load.js uses it where present) takes ${ms(native)}` : ''}; inflating it (the inlined wasm is gzip'd, \`DecompressionStream\`) takes ${ms(summary(chromium.decode.inflate).median)} (median of fresh pages).`);
  }
  return {
    tables: [
      table(`**Chromium** ${ctx.chromiumVersion ?? ''}: a fresh page per run, files served from 127.0.0.1 with \`Cache-Control: no-store\` (${runs} runs each, interleaved)`, chromium),
      table(`**Node** ${process.version}: a fresh process per run, the file read and run by \`vm.runInThisContext\` (or imported) (${nodeRuns} runs each)`, node),
    ],
    notes: [
      ...notes,
      'Ready: ours is `CKassa.ready` resolved (wasm compiled and instantiated), the anchors are their bundle evaluated (their exports callable; they need no wasm). The script builds are classic scripts: ours is the IIFE `ckassa.min.js`, the anchors are the same ESM bundles as in the size table re-bundled as IIFE.',
      'In Node, the anchors are evaluated with no `window`: a "fails" row means that SDK cannot even be loaded outside a browser.',
    ],
    goals,
    data: { chromium: { times: chromium.times, errors: chromium.errors, decode: chromium.decode }, node: { times: node.times, errors: node.errors } },
  };
}
