// The checkout client in Chromium (built web entry) against the fake proxy on the page's origin:
// retries and Retry-After, time limits and aborts, one idempotency key per attempt, the error class of
// every answer, and redirect refusals (hostile URLs, a beforeRedirect veto) that leave the page where it is.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium } from '../support/browser.mjs';
import { BUILT, PAYMENT, UUID_V4, fail, ok } from '../support/client-proxy.mjs';
import { startShop } from '../support/client-shop.mjs';

const skip = BUILT ? false : 'needs the built package (npm run build)';
let browser;
let shop;
let page;

before(async () => {
  if (skip) return;
  shop = await startShop();
  browser = await launchChromium();
  page = await browser.context.newPage();
  await page.goto(`${shop.url}/checkout.html`);
  await page.waitForFunction(() => window.ready === true);
});
after(async () => {
  await browser?.close();
  await shop?.close();
});

function answer(fn) {
  shop.state.requests.length = 0;
  shop.state.counts = {};
  shop.state.answer = fn;
}

/** Runs `method(input)` on a fresh client in the page; resolves to {result} or {error: {...fields}}. */
function run(method, input, clientOptions = {}, callOptions = {}) {
  return page.evaluate(
    async ([m, i, co, call]) => {
      const c = new window.sdk.CheckoutClient({ endpoint: '/api/ckassa', allowedRedirectHosts: [location.origin], ...co });
      const opts = { ...call };
      if (call.abortAfterMs != null) {
        const ac = new AbortController();
        setTimeout(() => ac.abort(), call.abortAfterMs);
        opts.signal = ac.signal;
        delete opts.abortAfterMs;
      }
      const t = performance.now();
      try {
        return { result: await c[m](i, opts), ms: performance.now() - t };
      } catch (e) {
        const { type, code, httpStatus, gatewayCode, requestId, retryable, attempts } = e;
        return { error: { name: e.name, type, code, httpStatus, gatewayCode, requestId, retryable, attempts, isCKassa: e instanceof window.sdk.CKassaError }, ms: performance.now() - t };
      }
    },
    [method, input, clientOptions, callOptions],
  );
}

test('reads are retried on 503 and 429, Retry-After honoured; retries: 0 is one attempt', { skip }, async () => {
  answer((_r, n) => (n === 1 ? fail(429, { type: 'proxy', code: 'rate_limited' }, { 'retry-after': '1' }) : ok({ state: 'payed' })));
  const r = await run('paymentStatus', { regPayNum: '1' });
  assert.deepEqual(r.result, { state: 'payed' });
  assert.ok(r.ms >= 950, `${r.ms}`);
  assert.equal(shop.state.requests.length, 2);
  answer(() => fail(503, { type: 'gateway', code: 'gateway_unavailable', retryable: true }));
  const once = await run('paymentStatus', { regPayNum: '1' }, { retries: 0 });
  assert.equal(once.error.attempts, 1);
  assert.equal(shop.state.requests.length, 1);
});

test('a time limit and an abort are distinct errors', { skip }, async () => {
  answer(() => 'hang');
  const t = await run('paymentStatus', { regPayNum: '1' }, { timeoutMs: 300 });
  assert.deepEqual([t.error.name, t.error.type, t.error.code], ['CKassaTimeoutError', 'timeout', 'timeout']);
  const a = await run('paymentStatus', { regPayNum: '1' }, {}, { abortAfterMs: 100 });
  assert.deepEqual([a.error.name, a.error.type], ['CKassaAbortError', 'aborted']);
});

test('payments are not retried until the proxy honours keys, and then with the same key', { skip }, async () => {
  answer(() => fail(502, { type: 'gateway', code: 'gateway_unavailable', retryable: true }));
  const r = await run('createAnonymousPayment', PAYMENT);
  assert.equal(r.error.code, 'gateway_unavailable');
  assert.equal(shop.state.requests.length, 1);
  answer((_r, n) => (n === 1 ? fail(502, { type: 'gateway', code: 'gateway_unavailable', retryable: true }, { idempotency: 'honoured' }) : ok({ regPayNum: '1', payUrl: `${shop.url}/form`, methodType: 'GET' }, { idempotency: 'honoured' })));
  const retried = await run('createAnonymousPayment', PAYMENT);
  assert.equal(retried.result.regPayNum, '1');
  const keys = shop.state.requests.map((q) => q.headers['idempotency-key']);
  assert.equal(keys.length, 2);
  assert.match(keys[0], UUID_V4);
  assert.equal(keys[0], keys[1]);
});

test('every kind of answer becomes its error class', { skip }, async () => {
  const cases = [
    [fail(400, { type: 'gateway', code: 'payment_creation', gatewayCode: 1701 }), 'CKassaGatewayError', 'gateway'],
    [fail(403, { type: 'proxy', code: 'operation_not_allowed' }), 'CKassaProxyError', 'proxy'],
    [fail(409, { type: 'proxy', code: 'idempotency_key_reused' }), 'CKassaProxyError', 'proxy'],
    [fail(422, { type: 'validation', code: 'required', issues: [] }), 'CKassaValidationError', 'validation'],
    [fail(504, { type: 'gateway', code: 'gateway_timeout', retryable: true }), 'CKassaGatewayError', 'gateway'],
    ['drop', 'CKassaNetworkError', 'network'],
  ];
  for (const [reply, name, type] of cases) {
    answer(() => reply);
    const r = await run('createAnonymousPayment', PAYMENT, { retries: 0 });
    assert.equal(r.error.name, name);
    assert.equal(r.error.type, type);
    assert.equal(r.error.isCKassa, true);
    if (reply !== 'drop') {
      assert.equal(r.error.httpStatus, reply.status);
      assert.match(r.error.requestId, /^req-/);
    }
  }
});

test('hostile payment-form URLs are refused and the page stays where it is', { skip }, async () => {
  const before = page.url();
  const hostile = [
    ['javascript:alert(1)', 'scheme_not_allowed'],
    ['data:text/html,<script>alert(1)</script>', 'scheme_not_allowed'],
    ['https://demo-acq.bisys.ru@evil.example/', 'userinfo'],
    ['https://evil.example\\@demo-acq.bisys.ru/', 'backslash'],
    ['https://demo-acq.bisys.ru%2eevil.example/', 'encoded_host'],
    ['https://dеmo-acq.bisys.ru/', 'idn_host'],
    ['https://xn--dmo-acq-3ve.bisys.ru/', 'punycode_host'],
    ['https://2130706433/', 'ip_literal'],
    [`${shop.url.replace('127.0.0.1', 'localhost')}/form`, 'scheme_not_allowed'],
    [`${shop.url}:1/form`, 'invalid_host'],
    [' https://demo-acq.bisys.ru/', 'control_character'],
    ['https://demo-acq.bisys.ru/', 'host_not_allowed'],
  ];
  for (const [url, code] of hostile) {
    answer(() => ok({ regPayNum: '1', payUrl: url, methodType: 'GET' }));
    const r = await run('pay', PAYMENT);
    assert.equal(r.error && r.error.type, 'redirect_blocked', url);
    assert.equal(r.error.code, code, url);
    assert.equal(page.url(), before);
  }
  answer(() => ok({ regPayNum: '1', payUrl: `${shop.url}/form?order=1`, methodType: 'GET' }));
  const vetoed = await page.evaluate(async () => {
    const seen = [];
    const c = new window.sdk.CheckoutClient({
      endpoint: '/api/ckassa',
      allowedRedirectHosts: [location.origin],
      beforeRedirect: (action) => {
        seen.push(action.reason);
        return false;
      },
    });
    try {
      await c.pay({ serviceCode: '1000-13864-2', amount: 777, comission: 0, properties: [{ name: 'a', value: 'b' }] });
      return 'navigated';
    } catch (e) {
      return [e.type, e.code, seen];
    }
  });
  assert.deepEqual(vetoed, ['redirect_blocked', 'vetoed', ['payment_form']]);
  assert.equal(page.url(), before);
  assert.equal(await page.evaluate(() => window.sdk.isAllowedRedirect(`${location.origin}/form`, [location.origin])), true);
});
