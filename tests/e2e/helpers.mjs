// End-to-end checkouts in Chromium: the page of examples/checkout/ served by the demo merchant backend
// (examples/proxy/server.mjs: the proxy, notifications and the strict CSP) in front of its own sandbox,
// on 127.0.0.1 only. Each test opens its own backend and browser, and `t.after` closes them.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../support/browser.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The docs' VISA test card with the CVV and 3-D Secure code that succeed. */
export const CARD = Object.freeze({ pan: '4111 1111 1111 1111', exp: '12/24', cvv: '123', code: '12345678' });
const BUILT = ['ckassa.min.js', 'ckassa.min.js.sri', 'server/index.mjs'].every((f) => existsSync(join(root, 'dist', f)));
/** The options of every test: one bound on its time; skipped until the package is built. */
export const BOUNDED = Object.freeze({ timeout: 120_000, skip: BUILT ? false : 'needs the built package (npm run build)' });

/** Where test artefacts go (git-ignored): screenshots of the pages. */
export function artifact(name) {
  const dir = join(root, 'tests', 'artifacts');
  mkdirSync(dir, { recursive: true });
  return join(dir, name);
}

/**
 * Records what a page should never do: uncaught errors, CSP violations (the `securitypolicyviolation`
 * event of every document it shows, and Chromium's "Refused to …" console lines) and requests to a
 * host other than 127.0.0.1.
 */
async function watch(page) {
  const seen = { pageErrors: [], violations: [], cspConsole: [], foreignRequests: [] };
  await page.exposeFunction('__e2eViolation', (v) => { seen.violations.push(v); });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__e2eViolation({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample, page: location.href });
    }, true);
  });
  page.on('pageerror', (error) => seen.pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) seen.cspConsole.push(message.text());
  });
  page.on('request', (request) => {
    const { hostname, protocol } = new URL(request.url());
    if (/^https?:$/.test(protocol) && hostname !== '127.0.0.1') seen.foreignRequests.push(request.url());
  });
  return seen;
}

/**
 * The demo backend (with its sandbox) and a Chromium page on its checkout. Resolves to
 * `{ demo, page, context, seen, sandbox, openCheckout, clean }`; `clean()` asserts that nothing in
 * `seen` went wrong.
 */
export async function openShop(t) {
  // Imported here: the demo backend imports dist/, which may not be built (then every test skips).
  const { startDemo } = await import('../../examples/proxy/server.mjs');
  const demo = await startDemo({ port: 0 });
  let browser;
  try {
    browser = await launchChromium();
  } catch (error) {
    await demo.close();
    throw error;
  }
  t.after(async () => {
    await browser.close();
    await demo.close();
  });
  const page = await browser.context.newPage();
  page.setDefaultTimeout(30_000);
  page.setDefaultNavigationTimeout(30_000);
  const seen = await watch(page);
  const sandbox = inspector(demo.sandboxUrl);
  return {
    demo,
    page,
    context: browser.context,
    seen,
    sandbox,
    /** Opens the checkout and waits until the SDK is ready (the pay button is enabled). */
    async openCheckout() {
      await page.goto(`${demo.url}/`);
      await page.waitForSelector('#pay:enabled');
    },
    clean() {
      assert.deepEqual(seen.pageErrors, [], 'uncaught errors on the pages');
      assert.deepEqual(seen.violations, [], 'CSP violations');
      assert.deepEqual(seen.cspConsole, [], 'CSP messages in the console');
      assert.deepEqual(seen.foreignRequests, [], 'requests beyond 127.0.0.1');
    },
  };
}

async function getJson(url, init) {
  const answer = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  assert.ok(answer.ok, `${url}: HTTP ${answer.status}`);
  return answer.json();
}

const postJson = (url, body) => getJson(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

/** The sandbox's inspection API. */
function inspector(base) {
  return {
    payments: async () => (await getJson(`${base}/__sandbox/payments`)).payments,
    payment: (regPayNum) => getJson(`${base}/__sandbox/payments/${regPayNum}`),
    notifications: async () => (await getJson(`${base}/__sandbox/notifications`)).notifications,
    arm: (scenario) => postJson(`${base}/__sandbox/scenario`, scenario),
    /** Forces a payment's state, as if the bank had decided later. */
    setState: (regPayNum, change) => postJson(`${base}/__sandbox/payments/${regPayNum}/state`, change),
  };
}

/** What the demo backend's notification receiver has stored. */
export async function merchantNotifications(demo) {
  return (await getJson(`${demo.url}/api/demo/notifications`)).notifications;
}

/** Polls `probe` until it returns something truthy, at most `ms`. */
export async function eventually(probe, ms, what) {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) assert.fail(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const onPath = (path) => (url) => url.pathname === path;

/** Clicks `selector` and waits until the page is at `path` (the card form, 3-D Secure, the checkout). */
export async function clickTo(page, selector, path) {
  await Promise.all([page.waitForURL(onPath(path)), page.click(selector)]);
}

/** On the sandbox's hosted card form: types the card (by the form's input names) and submits. */
export async function fillCardForm(page, card = CARD) {
  await page.waitForURL(onPath('/cardpay/card'));
  await page.fill('input[name=pan]', card.pan);
  await page.fill('input[name=exp]', card.exp);
  await page.fill('input[name=secret]', card.cvv);
  await page.fill('input[name=holder]', 'IVAN IVANOV');
  await Promise.all([page.waitForNavigation(), page.click('form button[type=submit]')]);
}

/** On the sandbox's 3-D Secure page: types the code and submits. */
export async function pass3ds(page, code = CARD.code) {
  await page.waitForURL(onPath('/3ds'));
  await page.fill('input[name=code]', code);
  await Promise.all([page.waitForNavigation(), page.click('form button[type=submit]')]);
}

/** Waits for the return page to show `state`; resolves to the regPayNum of its query. */
export async function resultShows(page, state) {
  await page.waitForURL(onPath('/return.html'));
  await page.waitForSelector(`#result[data-state="${state}"]`);
  return new URL(page.url()).searchParams.get('regPayNum');
}

/** Signs in on the checkout's saved-card part with a phone number; waits for the wallet. */
export async function signIn(page, phone) {
  await page.fill('#phone', phone);
  await page.click('#payer-continue');
  await page.waitForSelector('#wallet:not([hidden])');
}
