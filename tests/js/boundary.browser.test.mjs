// The boundary never dies, in Chromium: the runner of boundary.test.mjs (served to the page as it is)
// feeds hostile values to every export of the browser build (dist/web/index.js, after init()) and to a
// CheckoutClient, with the same rules: only CKassaErrors (or the caller's own throw) come out, never a
// wasm trap, and the same instance still gives the known answers afterwards. Nothing navigates: the
// client's fetch is a stub, and the page must still be the page at the end.
// Needs the built package (npm run build). BOUNDARY_BROWSER_VALUES= sets the count, BOUNDARY_SEED= the seed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../support/browser.mjs';
import { serveStatic } from '../support/static.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const built = existsSync(join(root, 'dist', 'web', 'index.js'));

// The repository root is served, so the page imports the built entry and the runner by their paths.
const PAGE = `<!doctype html><meta charset="utf-8"><title>boundary</title>
<script type="module">
import * as sdk from '/dist/web/index.js';
import { runBoundary, makeFetchStub, healthCheck } from '/tests/js/boundary.test.mjs';
window.__run = async (count, seed) => {
  await sdk.init();
  const before = healthCheck(sdk);
  const realFetch = window.fetch;
  window.fetch = makeFetchStub(seed);
  try {
    const { stats, failures } = await runBoundary(sdk, { count, seed, fetchStub: makeFetchStub(seed + 1) });
    return { before, stats, failures, href: location.href };
  } finally {
    window.fetch = realFetch;
  }
};
window.__ready = true;
</script>`;

let server;
before(async () => {
  if (!built) return;
  server = await serveStatic(root, {
    routes: { '/boundary.html': (_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE) },
  });
});
after(async () => {
  await server?.close();
});

test('every export survives hostile values in Chromium, and the instance still answers', { skip: !built && 'run npm run build first' }, async () => {
  const seed = Number(process.env.BOUNDARY_SEED ?? (Date.now() % 2 ** 31));
  const count = Number(process.env.BOUNDARY_BROWSER_VALUES ?? 1000);
  const browser = await launchChromium();
  try {
    const page = await browser.context.newPage();
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    const url = `${server.url}/boundary.html`;
    await page.goto(url);
    await page.waitForFunction(() => window.__ready === true, null, { timeout: 30_000 }).catch((e) => {
      throw new Error(`${e.message}\npage errors: ${pageErrors.join('\n')}`);
    });
    const started = Date.now();
    const { before: healthyBefore, stats, failures, href } = await page.evaluate(([n, s]) => window.__run(n, s), [count, seed]);
    console.log(`RESULT boundary_browser_seed=${seed}`);
    console.log(`RESULT boundary_browser_values=${stats.values}`);
    console.log(`RESULT boundary_browser_functions=${stats.functions}`);
    console.log(`RESULT boundary_browser_calls=${stats.calls}`);
    console.log(`RESULT boundary_browser_returned=${stats.returned}`);
    console.log(`RESULT boundary_browser_threw_ckassa_error=${stats.threwCKassa}`);
    console.log(`RESULT boundary_browser_caller_errors_passed_through=${stats.passedThroughCallerError}`);
    console.log(`RESULT boundary_browser_async_calls=${stats.asyncCalls}`);
    console.log(`RESULT boundary_browser_health_checks=${stats.healthChecks}`);
    console.log(`RESULT boundary_browser_known_bug_hits=${stats.knownBugHits}`);
    console.log(`RESULT boundary_browser_failures=${failures.length + pageErrors.length}`);
    console.log(`RESULT boundary_browser_ms=${Date.now() - started}`);
    assert.deepEqual(healthyBefore, [], 'healthy before');
    assert.deepEqual(failures, [], `seed ${seed}: replay with BOUNDARY_SEED=${seed}`);
    assert.deepEqual(pageErrors, [], 'no uncaught error in the page');
    assert.equal(href, url, 'nothing navigated');
    assert.equal(page.url(), url);
    assert.ok(stats.calls >= count * stats.functions);
  } finally {
    await browser.close();
  }
});
