// The payment core in Chromium: the browser build (dist/web, `init()` then the functions) runs the
// same shared table and JS-only inputs as core.test.mjs, with the same code (`evaluate`), and must give
// the same verdicts, and the very same outcomes as the Node build. Needs `npm run build` first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../support/browser.mjs';
import { CASES, checkAll, evaluate } from './core.test.mjs';

const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json', '.html': 'text/html' };

/** dist/ on 127.0.0.1, plus the page, the table and `evaluate` as a module. */
function serve() {
  const extra = {
    '/': ['text/html', '<!doctype html><meta charset="utf-8"><title>ckassa-sdk core</title>'],
    '/__cases.json': ['application/json', JSON.stringify(CASES)],
    '/__evaluate.mjs': ['text/javascript', `export ${evaluate.toString()}\n`],
  };
  const server = createServer(async (req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (extra[path]) {
      res.writeHead(200, { 'Content-Type': `${extra[path][0]}; charset=utf-8` });
      res.end(extra[path][1]);
      return;
    }
    const file = normalize(join(dist, path));
    if (!file.startsWith(dist)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${server.address().port}` }));
  });
}

test('the browser build gives the shared verdicts, the same as the Node build', async (t) => {
  const { server, origin } = await serve();
  const browser = await launchChromium();
  t.after(async () => {
    await browser.close();
    server.close();
  });
  const page = await browser.context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  await page.goto(`${origin}/`);
  const inBrowser = await page.evaluate(async () => {
    const sdk = await import('/web/index.js');
    const notYet = (() => {
      try {
        sdk.parseKopecks(1);
        return null;
      } catch (e) {
        return e.type;
      }
    })();
    await sdk.init();
    const { evaluate: run } = await import('/__evaluate.mjs');
    const cases = await (await fetch('/__cases.json')).json();
    return { notYet, outcomes: await run(sdk, cases) };
  });
  assert.deepEqual(errors, []);
  // Before init() the browser build refuses with a typed error instead of crashing.
  assert.equal(inBrowser.notYet, 'not_initialized');
  checkAll(inBrowser.outcomes);

  const node = await import('../../dist/node/index.mjs');
  assert.deepEqual(inBrowser.outcomes, await evaluate(node, CASES));
});
