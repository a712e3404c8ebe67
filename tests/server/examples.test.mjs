// The examples run: the merchant backend (in-process and as a process stopped by SIGINT), the Node
// script against its own sandbox, and the Vite app (built, then opened in Chromium under its CSP).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startDemo, CSP } from '../../examples/proxy/server.mjs';
import { postJson, anonymousPayment, payOnForm, eventually } from './helpers.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const run = promisify(execFile);

/** Spawns `node file args`; resolves once a stdout line matches `ready`, with the match and the process. */
function spawnUntil(file, args, ready, timeoutMs = 20_000) {
  const child = spawn(process.execPath, [file, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const matched = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${ready} in ${timeoutMs} ms: ${output}`)), timeoutMs);
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = ready.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    });
    child.stderr.on('data', (chunk) => { output += chunk; });
    exited.then(({ code }) => { clearTimeout(timer); reject(new Error(`exited ${code} before ${ready}: ${output}`)); });
  });
  return { child, matched, exited, output: () => output };
}

describe('examples/proxy/server.mjs', () => {
  test('startDemo: the proxy, notifications, pages under the CSP, the script with its SRI', { timeout: 30_000 }, async () => {
    const demo = await startDemo({ port: 0 });
    try {
      assert.match(demo.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.match(demo.sandboxUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
      const created = await postJson(`${demo.url}/api/ckassa/anonymousPayment`, anonymousPayment(), { 'Idempotency-Key': 'demo-1' });
      assert.equal(created.status, 200);
      assert.equal(created.headers.get('idempotency'), 'honoured');
      const { regPayNum, payUrl } = created.body.result;
      assert.ok(payUrl.startsWith(demo.sandboxUrl));
      const paid = await payOnForm(demo.sandboxUrl, regPayNum);
      assert.equal(paid.location, `${demo.url}/return.html?regPayNum=${regPayNum}`);
      const status = await postJson(`${demo.url}/api/ckassa/paymentStatus`, { regPayNum });
      assert.equal(status.body.result.state, 'payed');
      const seen = await eventually(async () => {
        const { notifications } = await (await fetch(`${demo.url}/api/demo/notifications`)).json();
        return notifications.find((n) => n.notification.regPayNum === regPayNum);
      }, 10_000, 'the payment notification');
      assert.equal(seen.notification.state, 'payed');

      const page = await fetch(`${demo.url}/`);
      assert.equal(page.status, 200);
      assert.equal(page.headers.get('content-security-policy'), CSP);
      assert.equal(CSP, "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
      const script = await fetch(`${demo.url}/ckassa.min.js`);
      assert.equal(script.status, 200);
      assert.match(script.headers.get('content-type'), /javascript/);
      const sri = (await (await fetch(`${demo.url}/ckassa.min.js.sri`)).text()).trim();
      const { createHash } = await import('node:crypto');
      assert.equal(sri, `sha384-${createHash('sha384').update(Buffer.from(await script.arrayBuffer())).digest('base64')}`);
      const back = await fetch(`${demo.url}/return.html?regPayNum=${regPayNum}`, { redirect: 'manual' });
      if (back.status === 303) assert.equal(back.headers.get('location'), `/?regPayNum=${regPayNum}`);
      else assert.equal(back.status, 200);
      assert.equal((await fetch(`${demo.url}/../../package.json`)).status, 404);
      assert.equal((await fetch(`${demo.url}/%2e%2e/%2e%2e/package.json`)).status, 404);
      const config = await (await fetch(`${demo.url}/api/demo/config`)).json();
      assert.equal(config.sandboxUrl, demo.sandboxUrl);
      assert.equal(JSON.stringify(config).includes('sandbox-sec-key'), false);
    } finally {
      await demo.close();
    }
  });

  test('as a process: prints the URL and the test cards, stops cleanly on SIGINT', { timeout: 30_000 }, async () => {
    const started = spawnUntil(join(root, 'examples/proxy/server.mjs'), ['--port', '0', '--quiet'], /checkout on (http:\/\/127\.0\.0\.1:\d+)\n[\s\S]*Ctrl-C/);
    try {
      const [, url] = await started.matched;
      assert.match(started.output(), /4111 1111 1111 1111 {2}12\/24 {2}CVV 123/);
      assert.match(started.output(), /3-D Secure code: 12345678/);
      assert.equal((await fetch(`${url}/api/ckassa/paymentStatus`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })).status, 422);
      started.child.kill('SIGINT');
      const { code } = await started.exited;
      assert.equal(code, 0);
    } finally {
      started.child.kill('SIGKILL');
    }
  });
});

describe('examples/node-script/index.mjs', () => {
  test('registers a payer, saves a card, charges it, against its own sandbox', { timeout: 60_000 }, async () => {
    const env = { ...process.env };
    delete env.CKASSA_BASE_URL;
    const { stdout } = await run(process.execPath, [join(root, 'examples/node-script/index.mjs')], { cwd: root, env, timeout: 50_000 });
    for (const step of [/1\. registered payer 79020000000/, /2\. card registration \d+/, /3\. saved cards: 411111\*{6}1111 visa active/, /4\. charged the saved card/, /5\. payment \d+ is payed/, /^done$/m]) {
      assert.match(stdout, step);
    }
  });
});

describe('examples/bundler', () => {
  test('vite builds it: the app and the .wasm; in Chromium, under its CSP, it validates and previews', { timeout: 180_000 }, async (t) => {
    const out = mkdtempSync(join(tmpdir(), 'ckassa-bundler-'));
    try {
      await run(join(root, 'node_modules/.bin/vite'), ['build', 'examples/bundler'], {
        cwd: root, env: { ...process.env, CKASSA_BUNDLER_OUT_DIR: out }, timeout: 120_000,
      });
      const assets = readdirSync(join(out, 'assets'));
      assert.ok(assets.some((f) => f.endsWith('.wasm')), assets.join(', '));
      assert.ok(assets.some((f) => f.endsWith('.js')), assets.join(', '));
      if (!existsSync(process.env.CHROMIUM_PATH || '/usr/bin/chromium')) {
        t.diagnostic('no Chromium: the page was built, not opened');
        return;
      }
      const { serveStatic } = await import('../support/static.mjs');
      const { launchChromium } = await import('../support/browser.mjs');
      const site = await serveStatic(out);
      const browser = await launchChromium();
      try {
        const page = await browser.context.newPage();
        const errors = [];
        page.on('pageerror', (error) => errors.push(error.message));
        await page.goto(`${site.url}/`);
        await page.waitForFunction(() => document.getElementById('status').textContent === 'Ready.', null, { timeout: 30_000 });
        assert.equal(await page.textContent('#note'), 'Заказ №42, ₽');
        assert.equal(await page.textContent('#total'), 'Total: 1234.50 ₽ (123450 kopecks)');
        await page.fill('input[name=amount]', '12.345');
        await page.click('button[type=submit]');
        assert.equal(await page.isHidden('#preview'), true);
        assert.match(await page.textContent('#issues'), /amount/);
        assert.deepEqual(errors, []);
      } finally {
        await browser.close();
        await site.close();
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
