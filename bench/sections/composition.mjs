// What makes the download big: the .wasm by part of the code (a rebuild of the same crate that keeps
// function names: cargo with strip=none into its own target dir, wasm-bindgen, wasm-opt -Oz -g) and the
// JS of the web entry by source file (esbuild's metafile). Sizes here are raw bytes before compression.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import * as esbuild from 'esbuild';
import { NotAvailable } from '../lib/report.mjs';
import { groupItems, wasmItems } from '../lib/wasm-sizes.mjs';
import { kb } from '../lib/stats.mjs';

export const id = 'composition';
export const title = 'What the download is made of';
export const usesChromium = false;

// The same features scripts/build.mjs gives wasm-opt.
const WASM_FEATURES = [
  '--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext',
  '--enable-reference-types', '--enable-multivalue', '--enable-mutable-globals',
];

// Builds the crate in `srcDir` with names kept, then wasm-bindgen and wasm-opt as scripts/build.mjs does
// (plus -g, which keeps the name section). Throws with cargo's first error line.
function namedWasm(root, srcDir, tmp) {
  const targetDir = join(root, 'target', 'bench-names');
  try {
    execFileSync('cargo', ['build', '--release', '--target', 'wasm32-unknown-unknown', '--lib', '--quiet'], {
      cwd: srcDir,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, CARGO_TARGET_DIR: targetDir, CARGO_PROFILE_RELEASE_STRIP: 'none' },
    });
  } catch (e) {
    const first = String(e.stderr || '').split('\n').find((l) => l.startsWith('error')) || e.message;
    throw new Error(`cargo build failed: ${first.trim()}`);
  }
  const raw = join(targetDir, 'wasm32-unknown-unknown', 'release', 'ckassa_sdk.wasm');
  execFileSync('wasm-bindgen', ['--target', 'web', '--out-dir', tmp, '--out-name', 'ckassa_sdk', raw], { stdio: 'ignore' });
  const out = join(tmp, 'named.wasm');
  const wasmOpt = join(root, 'node_modules', '.bin', 'wasm-opt');
  execFileSync(wasmOpt, ['-Oz', '-g', ...WASM_FEATURES, join(tmp, 'ckassa_sdk_bg.wasm'), '-o', out], { stdio: 'ignore' });
  // The same stripped as scripts/build.mjs strips it: the size this rebuild would ship.
  const stripped = join(tmp, 'stripped.wasm');
  execFileSync(wasmOpt, ['-Oz', '--strip-debug', '--strip-producers', ...WASM_FEATURES, join(tmp, 'ckassa_sdk_bg.wasm'), '-o', stripped], { stdio: 'ignore' });
  return { path: out, shipSize: statSync(stripped).size };
}

// The working tree first (what dist/ was built from); when others' unfinished changes do not compile,
// the last commit (git archive HEAD).
function namedWasmOfTreeOrHead(root, tmp, log) {
  log('composition: cargo build --release with names kept (target/bench-names)');
  try {
    return { ...namedWasm(root, root, tmp), source: 'the working tree' };
  } catch (e) {
    log(`composition: the working tree does not build (${e.message}); using HEAD`);
    const src = join(tmp, 'src-head');
    mkdirSync(src);
    execFileSync('sh', ['-c', `git archive HEAD | tar -x -C '${src}'`], { cwd: root });
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    return { ...namedWasm(root, src, tmp), source: `commit ${head} (the working tree did not compile: ${e.message})` };
  }
}

async function jsInputs(root, entry) {
  const r = await esbuild.build({
    entryPoints: [entry], absWorkingDir: root, bundle: true, minify: true, format: 'esm', platform: 'browser',
    legalComments: 'none', target: ['es2020'], write: false, metafile: true, logLevel: 'silent',
  });
  const out = Object.values(r.metafile.outputs)[0];
  return Object.entries(out.inputs).map(([file, v]) => ({ file, bytes: v.bytesInOutput })).sort((a, b) => b.bytes - a.bytes);
}

// How the rebuild compares with the .wasm in dist/ (others may change the code between the two builds).
function sameBuild(rebuilt, shipped) {
  if (Math.abs(rebuilt - shipped) <= shipped * 0.01) return `the size of the \`ckassa_sdk_bg.wasm\` in dist/`;
  return `against ${kb(shipped)} for the \`ckassa_sdk_bg.wasm\` in dist/: the code changed between the two builds`;
}

const short = (name) => name.replace(/\[[0-9a-f]{16}\]/g, '').replace(/::h[0-9a-f]{16}$/, '');

export async function run(ctx) {
  const tmp = mkdtempSync(join(tmpdir(), 'ckassa-bench-names-'));
  try {
    let named;
    try {
      named = namedWasmOfTreeOrHead(ctx.root, tmp, ctx.log);
    } catch (e) {
      throw new NotAvailable(`could not rebuild the wasm with names (cargo, wasm-bindgen, wasm-opt): ${String(e.message).split('\n')[0]}`);
    }
    const { items, total } = wasmItems(named.path);
    const nameBytes = items.filter((i) => i.kind === 'custom').reduce((n, i) => n + i.bytes, 0);
    const shipped = statSync(join(ctx.root, 'dist', 'web', 'ckassa_sdk_bg.wasm')).size;
    const groups = groupItems(items.filter((i) => i.kind !== 'custom'));
    const code = total - nameBytes;
    const top = items.filter((i) => i.kind !== 'custom').slice(0, 15);
    const js = await jsInputs(ctx.root, 'js/entries/web.js');
    const jsTotal = js.reduce((n, i) => n + i.bytes, 0);
    return {
      tables: [
        {
          caption: `**The .wasm by part** (a rebuild of ${named.source} keeping names; stripped as the build strips it, it is ${kb(named.shipSize)}, ${sameBuild(named.shipSize, shipped)})`,
          head: ['part', 'bytes', 'share'],
          rows: groups.map((g) => [g.name, kb(g.bytes), `${((100 * g.bytes) / code).toFixed(1)}%`]),
        },
        {
          caption: '**The 15 largest items of the .wasm**',
          head: ['function or data segment', 'bytes'],
          rows: top.map((i) => [`\`${short(i.name)}\``, i.bytes]),
        },
        {
          caption: `**The JS of the web entry by source file** (${kb(jsTotal)} minified, before gzip)`,
          head: ['source', 'bytes in output'],
          rows: js.slice(0, 10).map((i) => [`\`${relative(ctx.root, join(ctx.root, i.file))}\``, i.bytes]),
        },
      ],
      notes: [
        'Sizes are raw bytes of the uncompressed .wasm; gzip shrinks code by roughly half and the message text in the data segments by more.',
        'Each `#[wasm_bindgen]` export that returns a `String` gets a "multivalue shim" from wasm-bindgen (the `(ptr, len)` pair returned through memory); wasm-opt may inline the export\'s body into it, so a large shim is really that export\'s own code.',
      ],
      data: { source: named.source, rebuildShipSize: named.shipSize, groups, top, js, namedTotal: total, nameSection: nameBytes, shipped },
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
