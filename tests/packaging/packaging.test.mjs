// Packaging tests on the real tarball: `npm pack` the built dist/, install it into throwaway consumer
// projects, and check that each one really calls into the wasm: Node ESM, Node CommonJS, an esbuild
// bundle, a Vite build, a plain page with the script tag (SRI, strict CSP), TypeScript under --strict.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../support/browser.mjs';
import { serveStatic } from '../support/static.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
let work;
let tarball;
let browser;

function sh(cmd, args, cwd) {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A consumer project: files written, the tarball installed. */
function consumer(name, files) {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  const all = { 'package.json': JSON.stringify({ name: `consumer-${name}`, private: true, version: '1.0.0' }), ...files };
  for (const [file, text] of Object.entries(all)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  sh('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', tarball], dir);
  return dir;
}

// What every consumer computes with the package, so that each check proves a call into the wasm.
const PROBE = `
  const out = { version: version(), kopecks: rublesToKopecks('123.45') };
  try { rublesToKopecks('1.234'); } catch (e) {
    out.error = { name: e.name, type: e.type, code: e.code, isBase: e instanceof CKassaError };
  }
`;
const EXPECTED = {
  kopecks: 12345,
  error: { name: 'CKassaValidationError', type: 'validation', code: 'too_many_fraction_digits', isBase: true },
};
function checkProbe(out) {
  const pkg = JSON.parse(readFileSync(join(root, 'dist', 'package.json'), 'utf8'));
  assert.equal(out.version, pkg.version);
  assert.equal(out.kopecks, EXPECTED.kopecks);
  assert.deepEqual(out.error, EXPECTED.error);
}

/** Opens url in Chromium and waits for the page to set window.__result (or an error). */
async function openAndRead(url) {
  const page = await browser.context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  try {
    await page.goto(url);
    await page.waitForFunction(() => window.__result !== undefined, null, { timeout: 20_000 });
    return { result: await page.evaluate(() => window.__result), problems };
  } catch (e) {
    throw new Error(`${url}: ${e.message}\npage problems: ${problems.join('\n')}`);
  } finally {
    await page.close();
  }
}

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'ckassa-packaging-'));
  const out = sh('npm', ['pack', join(root, 'dist'), '--pack-destination', work, '--json'], work);
  tarball = join(work, JSON.parse(out)[0].filename);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

test('the tarball holds the entries the exports map names, and nothing from the repository', () => {
  const listing = sh('tar', ['-tzf', tarball], work).split('\n').filter(Boolean).map((f) => f.replace(/^package\//, ''));
  for (const f of ['package.json', 'index.d.ts', 'index.d.cts', 'web/index.js', 'web/ckassa_sdk_bg.wasm',
    'base64/index.js', 'node/index.mjs', 'node/index.cjs', 'ckassa.min.js', 'README.md', 'LICENSE']) {
    assert.ok(listing.includes(f), `${f} is in the tarball`);
  }
  assert.ok(!listing.some((f) => /^(src|target|tests|js)\//.test(f)), 'no sources or build output leak in');
  const pkg = JSON.parse(readFileSync(join(root, 'dist', 'package.json'), 'utf8'));
  assert.equal(pkg.sideEffects, false);
  assert.equal(pkg.engines.node, '>=18');
});

test('Node ESM: import works without window and calls into the wasm', () => {
  const dir = consumer('node-esm', {
    'index.mjs': `import { version, rublesToKopecks, CKassaError, init } from 'ckassa-sdk';
      if (typeof window !== 'undefined') throw new Error('window exists');
      await init();
      ${PROBE}
      console.log(JSON.stringify(out));`,
  });
  checkProbe(JSON.parse(sh('node', ['index.mjs'], dir)));
});

test('Node CommonJS: require works and calls into the wasm', () => {
  const dir = consumer('node-cjs', {
    'index.cjs': `const { version, rublesToKopecks, CKassaError } = require('ckassa-sdk');
      ${PROBE}
      console.log(JSON.stringify(out));`,
  });
  checkProbe(JSON.parse(sh('node', ['index.cjs'], dir)));
});

test('esbuild bundles: the web entry (with its .wasm copied) and the /base64 entry, run in Chromium', async () => {
  const app = (from) => `import { init, version, rublesToKopecks, CKassaError } from '${from}';
    init().then(() => { ${PROBE} window.__result = out; }, (e) => { window.__result = { failed: String(e) }; });`;
  const dir = consumer('esbuild', {
    'web.js': app('ckassa-sdk'),
    'inline.js': app('ckassa-sdk/base64'),
    'web.html': '<!doctype html><script type="module" src="out/web.js"></script>',
    'inline.html': '<!doctype html><script type="module" src="out/inline.js"></script>',
  });
  for (const name of ['web', 'inline']) {
    sh(bin('esbuild'), [`${name}.js`, '--bundle', '--format=esm', '--minify', `--outfile=out/${name}.js`], dir);
  }
  // esbuild leaves new URL('./ckassa_sdk_bg.wasm', import.meta.url) alone: the asset goes next to the bundle.
  cpSync(join(dir, 'node_modules', 'ckassa-sdk', 'web', 'ckassa_sdk_bg.wasm'), join(dir, 'out', 'ckassa_sdk_bg.wasm'));
  const server = await serveStatic(dir);
  try {
    for (const name of ['web', 'inline']) {
      const { result } = await openAndRead(`${server.url}/${name}.html`);
      checkProbe(result);
    }
    assert.ok(!server.requests.includes('/out/ckassa_sdk_bg.wasm') || server.requests.filter((p) => p.endsWith('.wasm')).length === 1,
      'only the web entry fetches a .wasm');
  } finally {
    await server.close();
  }
});

test('Vite build: the .wasm is emitted as an asset and the page calls into it in Chromium', async () => {
  const dir = consumer('vite', {
    'index.html': '<!doctype html><html><body><p id="out"></p><script type="module" src="/main.js"></script></body></html>',
    'main.js': `import { init, version, rublesToKopecks, CKassaError } from 'ckassa-sdk';
      init().then(() => { ${PROBE} window.__result = out; document.getElementById('out').textContent = JSON.stringify(out); },
        (e) => { window.__result = { failed: String(e) }; });`,
    'vite.config.mjs': 'export default { logLevel: "error", build: { outDir: "dist", emptyOutDir: true } };',
  });
  sh(bin('vite'), ['build', dir, '--config', join(dir, 'vite.config.mjs')], dir);
  const assets = readdirSync(join(dir, 'dist', 'assets'));
  assert.ok(assets.some((f) => f.endsWith('.wasm')), `vite emitted the .wasm (${assets.join(', ')})`);
  const server = await serveStatic(join(dir, 'dist'));
  try {
    const { result } = await openAndRead(`${server.url}/`);
    checkProbe(result);
  } finally {
    await server.close();
  }
});

test('script tag: ckassa.min.js with an SRI hash under a strict CSP defines CKassa; a wrong hash is refused', async () => {
  const sri = readFileSync(join(root, 'dist', 'ckassa.min.js.sri'), 'utf8').trim();
  const page = (integrity) => `<!doctype html><html><head>
    <script src="ckassa.min.js" integrity="${integrity}" crossorigin="anonymous"></script>
    <script src="app.js"></script></head><body></body></html>`;
  const dir = consumer('script-tag', {
    'good.html': page(sri),
    'bad.html': page(`sha384-${Buffer.alloc(48).toString('base64')}`),
    'app.js': `if (typeof CKassa === 'undefined') { window.__result = { missing: true }; } else {
      const { version, rublesToKopecks, CKassaError } = CKassa;
      CKassa.ready.then(() => { ${PROBE} window.__result = out; }, (e) => { window.__result = { failed: String(e) }; }); }`,
  });
  cpSync(join(dir, 'node_modules', 'ckassa-sdk', 'ckassa.min.js'), join(dir, 'ckassa.min.js'));
  const csp = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'";
  const server = await serveStatic(dir, { headers: { 'content-security-policy': csp } });
  try {
    const good = await openAndRead(`${server.url}/good.html`);
    checkProbe(good.result);
    assert.deepEqual(good.problems, [], 'no CSP violation or error in the console');
    const bad = await openAndRead(`${server.url}/bad.html`);
    assert.deepEqual(bad.result, { missing: true }, 'a script whose hash does not match is not run');
  } finally {
    await server.close();
  }
  // Without 'wasm-unsafe-eval' the page may run the script but not compile the inlined wasm: ready
  // rejects with the typed error that names the fix.
  writeFileSync(join(dir, 'nowasm.js'), `CKassa.ready.then(() => { window.__result = { loaded: true }; },
    (e) => { window.__result = { name: e.name, type: e.type, code: e.code, message: e.message }; });`);
  writeFileSync(join(dir, 'nowasm.html'), `<!doctype html><html><head>
    <script src="ckassa.min.js" integrity="${sri}" crossorigin="anonymous"></script>
    <script src="nowasm.js"></script></head><body></body></html>`);
  const strict = await serveStatic(dir, { headers: { 'content-security-policy': "default-src 'none'; script-src 'self'" } });
  try {
    const blocked = await openAndRead(`${strict.url}/nowasm.html`);
    assert.deepEqual(
      { name: blocked.result.name, type: blocked.result.type, code: blocked.result.code },
      { name: 'CKassaNotInitializedError', type: 'not_initialized', code: 'wasm_blocked_by_csp' },
      JSON.stringify(blocked.result),
    );
    assert.match(blocked.result.message, /wasm-unsafe-eval/);
  } finally {
    await strict.close();
  }
});

test('TypeScript --strict consumers compile under moduleResolution node16 and bundler', () => {
  const use = `
    const k: number = rublesToKopecks('123.45');
    const v: string = version();
    function describe(e: unknown): string {
      if (e instanceof CKassaValidationError) return e.issues.map((i) => i.path + ' ' + i.code).join();
      if (e instanceof CKassaError) return e.type + ' ' + e.code;
      return 'other';
    }
    // @ts-expect-error roubles are text, a number is refused by the types
    rublesToKopecks(123.45);
    export const used = [k, v, describe(null), init];`;
  const dir = consumer('typescript', {
    'node16/tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, module: 'node16', moduleResolution: 'node16', target: 'es2022', noEmit: true, types: [], lib: ['es2022', 'dom'] }, include: ['*.ts', '*.mts', '*.cts'] }),
    'node16/esm.mts': `import { rublesToKopecks, version, init, CKassaError, CKassaValidationError } from 'ckassa-sdk';\n${use}`,
    'node16/cjs.cts': `import sdk = require('ckassa-sdk');\nconst { rublesToKopecks, version, init, CKassaError, CKassaValidationError } = sdk;\n${use.replace('export const used', 'export = ')}`.replace('export =  =', 'export ='),
    'bundler/tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, module: 'esnext', moduleResolution: 'bundler', target: 'es2022', noEmit: true, types: [], lib: ['es2022', 'dom'] }, include: ['*.ts'] }),
    'bundler/app.ts': `import { rublesToKopecks, version, init, CKassaError, CKassaValidationError } from 'ckassa-sdk';\nimport * as inline from 'ckassa-sdk/base64';\nconst i: typeof inline.rublesToKopecks = inline.rublesToKopecks;\n${use}\nexport { i };`,
  });
  for (const project of ['node16', 'bundler']) {
    try {
      sh(bin('tsc'), ['-p', join(dir, project)], dir);
    } catch (e) {
      assert.fail(`tsc (${project}) failed:\n${e.stdout}${e.stderr}`);
    }
  }
});
