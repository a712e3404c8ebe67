// The checkout client in Node on the built package (dist/node/index.mjs) against a scripted fake
// proxy on 127.0.0.1: the wire of docs/proxy-protocol.md, retries, Retry-After, time limits, aborts,
// idempotency keys, error mapping for every kind, and pay()/resume() where nothing can navigate.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BUILT, DIST, PAYMENT, UUID_V4, fail, ok, startProxy } from '../support/client-proxy.mjs';

const skip = BUILT ? false : 'needs the built package (npm run build)';
let sdk;
let proxy;

before(async () => {
  if (skip) return;
  sdk = await import(pathToFileURL(join(DIST, 'node', 'index.mjs')).href);
  proxy = await startProxy();
});
after(async () => {
  await proxy?.close();
});
beforeEach(() => proxy?.reset(() => ok({})));

function memoryStorage() {
  const m = new Map();
  return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => m.set(k, String(v)), removeItem: (k) => m.delete(k), m };
}

function client(options = {}) {
  return new sdk.CheckoutClient({ endpoint: `${proxy.url}/api/ckassa/`, storage: memoryStorage(), ...options });
}

const FORM = 'https://demo-acq.bisys.ru/cardpay/card?order=42';

test('a payment is validated, POSTed to {endpoint}/{operation} with a UUID v4 Idempotency-Key, and its result returned', { skip }, async () => {
  proxy.reset(() => ok({ regPayNum: '42', payUrl: FORM, methodType: 'GET' }, { idempotency: 'honoured' }));
  const result = await client({ headers: { 'X-CSRF-Token': 't0k' } }).createAnonymousPayment(PAYMENT);
  assert.deepEqual(result, { regPayNum: '42', payUrl: FORM, methodType: 'GET' });
  const [r] = proxy.state.requests;
  assert.equal(r.method, 'POST');
  assert.equal(r.path, '/api/ckassa/anonymousPayment');
  assert.match(r.headers['idempotency-key'], UUID_V4);
  assert.equal(r.headers['content-type'], 'application/json');
  assert.equal(r.headers['x-csrf-token'], 't0k');
  assert.deepEqual(r.body, { serviceCode: '1000-13864-2', amount: '10000', comission: '0', properties: PAYMENT.properties });
});

test('reads carry no idempotency key; every operation has its method and path', { skip }, async () => {
  const c = client();
  const calls = [
    ['registerUser', 'userRegistration', { login: '79001234567' }],
    ['userStatus', 'userStatus', { login: '79001234567' }],
    ['listCards', 'cardList', { userToken: '3f1b2c4d-0000-4000-8000-000000000001' }],
    ['deactivateCard', 'cardDeactivation', { userToken: '3f1b2c4d-0000-4000-8000-000000000001', cardToken: '3f1b2c4d-0000-4000-8000-000000000002' }],
    ['paymentStatus', 'paymentStatus', { regPayNum: '42' }],
    ['registerCard', 'cardRegistration', { userToken: '3f1b2c4d-0000-4000-8000-000000000001' }],
    ['refund', 'refund', { regPayNum: '42', note: 'returned goods', refundAmount: 500, remainingAmount: 9500 }],
  ];
  for (const [method, op, input] of calls) {
    proxy.reset(() => ok({ state: 'payed' }));
    await c[method](input);
    const [r] = proxy.state.requests;
    assert.equal(r.path, `/api/ckassa/${op}`, method);
    const keyed = ['cardRegistration', 'refund'].includes(op);
    assert.equal(UUID_V4.test(r.headers['idempotency-key'] ?? ''), keyed, `${method} key`);
  }
});

test('bad input is refused before anything is sent', { skip }, async () => {
  await assert.rejects(client().createAnonymousPayment({ ...PAYMENT, amount: 1.5 }), (e) => {
    assert.equal(e.type, 'validation');
    assert.ok(e instanceof sdk.CKassaValidationError);
    assert.equal(e.issues[0].path, 'amount');
    return true;
  });
  assert.equal(proxy.state.requests.length, 0);
  assert.throws(() => new sdk.CheckoutClient({}), (e) => e.type === 'validation' && e.code === 'invalid_option');
  await assert.rejects(client({ retries: -1 }).paymentStatus({ regPayNum: '1' }), (e) => e.type === 'validation');
  await assert.rejects(client({ endpoint: '/relative' }).paymentStatus({ regPayNum: '1' }), (e) => e.code === 'relative_endpoint');
});

test('reads are retried on 5xx and 429, honouring Retry-After in seconds and as an HTTP date', { skip }, async () => {
  proxy.reset((_r, n) => (n === 1 ? fail(503, { type: 'gateway', code: 'gateway_unavailable', retryable: true }) : ok({ state: 'payed' })));
  assert.deepEqual(await client().paymentStatus({ regPayNum: '42' }), { state: 'payed' });
  assert.equal(proxy.state.requests.length, 2);

  proxy.reset((_r, n) => (n === 1 ? fail(429, { type: 'proxy', code: 'rate_limited' }, { 'retry-after': '1' }) : ok({ state: 'created' })));
  let t = Date.now();
  await client().paymentStatus({ regPayNum: '42' });
  assert.ok(Date.now() - t >= 950, `waited ${Date.now() - t} ms for Retry-After: 1`);
  assert.equal(proxy.state.requests.length, 2);

  const date = new Date(Date.now() + 2000).toUTCString();
  proxy.reset((_r, n) => (n === 1 ? fail(429, { type: 'proxy', code: 'rate_limited' }, { 'retry-after': date }) : ok({ state: 'created' })));
  t = Date.now();
  await client().paymentStatus({ regPayNum: '42' });
  assert.ok(Date.now() - t >= 900, `waited ${Date.now() - t} ms for Retry-After: ${date}`);

  // A Retry-After longer than the call's time limit ends the call with the 429 at once.
  proxy.reset(() => fail(429, { type: 'proxy', code: 'rate_limited' }, { 'retry-after': '120' }));
  await assert.rejects(client().paymentStatus({ regPayNum: '42' }), (e) => e.type === 'proxy' && e.code === 'rate_limited' && e.retryable === true && e.httpStatus === 429);
  assert.equal(proxy.state.requests.length, 1);
});

test('retries: 0 means exactly one attempt; the default is three; a refusal is not retried', { skip }, async () => {
  proxy.reset(() => fail(503, { type: 'gateway', code: 'gateway_unavailable', retryable: true }));
  await assert.rejects(client({ retries: 0 }).paymentStatus({ regPayNum: '42' }), (e) => e.type === 'gateway' && e.attempts === 1);
  assert.equal(proxy.state.requests.length, 1);
  proxy.reset(() => fail(502, { type: 'gateway', code: 'gateway_unavailable', retryable: true }));
  await assert.rejects(client().paymentStatus({ regPayNum: '42' }), (e) => e.attempts === 3);
  assert.equal(proxy.state.requests.length, 3);
  proxy.reset(() => fail(502, { type: 'gateway', code: 'gateway_auth', retryable: false }));
  await assert.rejects(client().paymentStatus({ regPayNum: '42' }), (e) => e.code === 'gateway_auth' && e.retryable === false);
  assert.equal(proxy.state.requests.length, 1);
});

test('network errors: reads retried, payments not until the proxy says it honours keys, then with the same key', { skip }, async () => {
  proxy.reset((_r, n) => (n < 3 ? 'drop' : ok({ state: 'created' })));
  await client().paymentStatus({ regPayNum: '42' });
  assert.equal(proxy.state.requests.length, 3);

  const c = client();
  proxy.reset(() => 'drop');
  await assert.rejects(c.createAnonymousPayment(PAYMENT), (e) => {
    assert.equal(e.type, 'network');
    assert.ok(e instanceof sdk.CKassaNetworkError);
    assert.equal(e.retryable, false, 'a payment without an honoured key is not safe to repeat');
    return true;
  });
  assert.equal(proxy.state.requests.length, 1, 'no automatic retry of a payment');
  proxy.reset(() => fail(502, { type: 'gateway', code: 'gateway_unavailable', retryable: true }));
  await assert.rejects(c.createAnonymousPayment(PAYMENT), (e) => e.code === 'gateway_unavailable');
  assert.equal(proxy.state.requests.length, 1);

  // The proxy says it keeps keys: from now on this client retries payments, always with one key.
  proxy.reset(() => ok({ userToken: 'u' }, { idempotency: 'honoured' }));
  await c.registerUser({ login: '79001234567' });
  proxy.reset((_r, n) => (n === 1 ? 'drop' : n === 2 ? fail(409, { type: 'proxy', code: 'idempotency_in_progress' }) : ok({ regPayNum: '7', payUrl: FORM, methodType: 'GET' }, { idempotency: 'honoured', 'idempotent-replayed': 'true' })));
  const result = await c.createAnonymousPayment(PAYMENT);
  assert.equal(result.regPayNum, '7');
  const keys = proxy.state.requests.map((r) => r.headers['idempotency-key']);
  assert.equal(keys.length, 3);
  assert.equal(new Set(keys).size, 1, `one key for every attempt: ${keys}`);
  assert.match(keys[0], UUID_V4);
});

test('a time limit and an abort are distinct errors, and neither leaves a retry behind', { skip }, async () => {
  proxy.reset(() => 'hang');
  let t = Date.now();
  await assert.rejects(client({ timeoutMs: 300 }).paymentStatus({ regPayNum: '42' }), (e) => {
    assert.ok(e instanceof sdk.CKassaTimeoutError);
    assert.equal(e.type, 'timeout');
    assert.equal(e.code, 'timeout');
    return true;
  });
  assert.ok(Date.now() - t < 2000);

  const ac = new AbortController();
  setTimeout(() => ac.abort(), 150);
  t = Date.now();
  await assert.rejects(client().paymentStatus({ regPayNum: '42' }, { signal: ac.signal }), (e) => {
    assert.ok(e instanceof sdk.CKassaAbortError);
    assert.equal(e.type, 'aborted');
    return true;
  });
  assert.ok(Date.now() - t < 2000);

  // Aborted during the backoff wait.
  proxy.reset(() => fail(503, { type: 'gateway', code: 'gateway_unavailable', retryable: true }, { 'retry-after': '30' }));
  const ac2 = new AbortController();
  setTimeout(() => ac2.abort(), 200);
  await assert.rejects(client({ timeoutMs: 60_000 }).paymentStatus({ regPayNum: '42' }, { signal: ac2.signal }), (e) => e.type === 'aborted');
  assert.equal(proxy.state.requests.length, 1);

  // Already aborted: nothing is sent.
  proxy.reset(() => ok({}));
  await assert.rejects(client().paymentStatus({ regPayNum: '42' }, { signal: AbortSignal.abort() }), (e) => e.type === 'aborted');
  assert.equal(proxy.state.requests.length, 0);
});

test('every answer of the protocol maps to its error class, with httpStatus, requestId and the proxy fields', { skip }, async () => {
  const cases = [
    [fail(400, { type: 'gateway', code: 'payment_creation', gatewayCode: 1701, message: 'Недостаточно средств', userMessage: 'Оплата отклонена' }), sdk.CKassaGatewayError, 'gateway', 'payment_creation'],
    [fail(403, { type: 'proxy', code: 'operation_not_allowed', message: 'not forwarded' }), sdk.CKassaProxyError, 'proxy', 'operation_not_allowed'],
    [fail(409, { type: 'proxy', code: 'idempotency_outcome_unknown' }), sdk.CKassaProxyError, 'proxy', 'idempotency_outcome_unknown'],
    [fail(409, { type: 'proxy', code: 'idempotency_key_reused' }), sdk.CKassaProxyError, 'proxy', 'idempotency_key_reused'],
    [fail(413, { type: 'proxy', code: 'body_too_large' }), sdk.CKassaProxyError, 'proxy', 'body_too_large'],
    [fail(422, { type: 'validation', code: 'required', message: 'amount: is required', issues: [{ path: 'amount', code: 'required', message: 'is required' }], warnings: [] }), sdk.CKassaValidationError, 'validation', 'required'],
    [fail(502, { type: 'gateway', code: 'gateway_bad_answer', retryable: false }), sdk.CKassaGatewayError, 'gateway', 'gateway_bad_answer'],
    [fail(504, { type: 'gateway', code: 'gateway_timeout', retryable: true }), sdk.CKassaGatewayError, 'gateway', 'gateway_timeout'],
    [{ status: 404, body: '<html>not found</html>', headers: { 'content-type': 'text/html' } }, sdk.CKassaProxyError, 'proxy', 'bad_answer'],
    [{ status: 200, body: '{"ok":true}' }, sdk.CKassaProxyError, 'proxy', 'bad_answer'],
  ];
  for (const [reply, Cls, type, code] of cases) {
    proxy.reset(() => reply);
    await assert.rejects(client({ retries: 0 }).createAnonymousPayment(PAYMENT), (e) => {
      assert.ok(e instanceof Cls, `${e.name} for ${reply.status}`);
      assert.ok(e instanceof sdk.CKassaError);
      assert.equal(e.type, type);
      assert.equal(e.code, code);
      assert.equal(e.httpStatus, reply.status);
      assert.equal(e.requestId, 'req-1');
      assert.equal(typeof e.message, 'string');
      assert.equal(e.idempotencyHonoured, undefined, 'internal field stripped');
      return true;
    });
  }
  proxy.reset(() => cases[0][0]);
  await assert.rejects(client().createAnonymousPayment(PAYMENT), (e) => e.gatewayCode === 1701 && e.userMessage === 'Оплата отклонена');
  proxy.reset(() => cases[5][0]);
  await assert.rejects(client().createAnonymousPayment(PAYMENT), (e) => e.issues.length === 1 && e.issues[0].path === 'amount');
});

test('a caller-supplied fetch is used instead of the global one', { skip }, async () => {
  const seen = [];
  const fetch = async (url, init) => {
    seen.push([url, init.method, init.headers['idempotency-key']]);
    return new Response(JSON.stringify({ ok: true, result: { state: 'payed' } }), { status: 200, headers: { 'x-request-id': 'own' } });
  };
  const c = new sdk.CheckoutClient({ endpoint: 'https://shop.example/api/ckassa', fetch });
  assert.deepEqual(await c.paymentStatus({ regPayNum: '9' }), { state: 'payed' });
  assert.deepEqual(seen, [['https://shop.example/api/ckassa/paymentStatus', 'POST', undefined]]);
});

test('the JS transport: junk from fetch is a network error with its reason; a signal that is not an AbortSignal is ignored', { skip }, async () => {
  const c = (fetch) => new sdk.CheckoutClient({ endpoint: 'https://shop.example/api', fetch, retries: 0 });
  await assert.rejects(c(async () => 42).paymentStatus({ regPayNum: '1' }), (e) => {
    assert.equal(e.type, 'network');
    assert.equal(e.message, 'the request to the proxy failed: the fetch answer has no text()');
    assert.equal(e.retryable, true, 'a read may be repeated');
    assert.equal(e.attempts, 1);
    return true;
  });
  const refused = async () => {
    throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
  };
  await assert.rejects(c(refused).paymentStatus({ regPayNum: '1' }), (e) => e.message === 'the request to the proxy failed: fetch failed (ECONNREFUSED)');
  await assert.rejects(c(() => { throw 'down'; }).paymentStatus({ regPayNum: '1' }), (e) => e.message === 'the request to the proxy failed: down');
  const long = async () => {
    throw new Error('x'.repeat(500));
  };
  await assert.rejects(c(long).paymentStatus({ regPayNum: '1' }), (e) => e.message.endsWith(`${'x'.repeat(200)}…`) && !e.message.includes('x'.repeat(201)));
  // A status outside 0..999 reads as 0; headers that cannot be read are absent.
  const odd = async () => ({ status: 1e9, headers: null, text: async () => '{"ok":true,"result":{"state":"payed"}}' });
  await assert.rejects(c(odd).paymentStatus({ regPayNum: '1' }), (e) => e.type === 'proxy' && e.code === 'bad_answer' && e.httpStatus === 0 && e.requestId === null);
  const ok200 = async () => new Response('{"ok":true,"result":{"state":"payed"}}', { status: 200 });
  for (const signal of [{ aborted: 0n }, { aborted: false, addEventListener: 5 }, 'signal', 42]) {
    assert.deepEqual(await c(ok200).paymentStatus({ regPayNum: '1' }, { signal }), { state: 'payed' });
  }
});

test('pay() in Node returns the redirect action to the payment form or to 3-D Secure, and never navigates', { skip }, async () => {
  proxy.reset(() => ok({ regPayNum: '42', payUrl: FORM, methodType: 'GET' }));
  const action = await client().pay(PAYMENT, { returnUrl: 'https://shop.example/return' });
  assert.deepEqual(action, { type: 'redirect', reason: 'payment_form', method: 'GET', url: FORM, regPayNum: '42', navigated: false });
  assert.equal(proxy.state.requests[0].body.successUrl, 'https://shop.example/return');
  assert.equal(proxy.state.requests[0].body.failUrl, 'https://shop.example/return');

  const acs = 'https://demo-acq.bisys.ru/3ds/acs?md=1';
  proxy.reset(() => ({ status: 200, body: { ok: true, action: { type: 'redirect', reason: '3ds', method: 'GET', url: acs, regPayNum: '43' } } }));
  const recurrent = { ...PAYMENT, userToken: '3f1b2c4d-0000-4000-8000-000000000001', cardToken: '3f1b2c4d-0000-4000-8000-000000000002' };
  const three = await client().pay(recurrent);
  assert.deepEqual(three, { type: 'redirect', reason: '3ds', method: 'GET', url: acs, regPayNum: '43', navigated: false });
  assert.equal(proxy.state.requests[0].operation, 'recurrentPayment');
});

test('pay() refuses a hostile payUrl with CKassaRedirectBlockedError and its reason', { skip }, async () => {
  for (const [url, code] of [
    ['javascript:alert(1)', 'scheme_not_allowed'],
    ['https://demo-acq.bisys.ru@evil.com/', 'userinfo'],
    ['http://demo-acq.bisys.ru/cardpay', 'scheme_not_allowed'],
    ['https://evil.example/cardpay', 'host_not_allowed'],
  ]) {
    proxy.reset(() => ok({ regPayNum: '42', payUrl: url, methodType: 'GET' }));
    await assert.rejects(client().pay(PAYMENT), (e) => {
      assert.ok(e instanceof sdk.CKassaRedirectBlockedError);
      assert.equal(e.type, 'redirect_blocked');
      assert.equal(e.code, code, url);
      return true;
    });
  }
  assert.equal(sdk.isAllowedRedirect(FORM), true);
  assert.equal(sdk.isAllowedRedirect('https://acs.bank.example/x'), false);
  assert.equal(sdk.isAllowedRedirect('https://acs.bank.example/x', ['*.bank.example']), true);
  assert.equal(sdk.isAllowedRedirect('http://127.0.0.1:4010/pay', ['http://127.0.0.1:4010']), true);
  assert.equal(sdk.isAllowedRedirect(42), false);
  assert.throws(() => sdk.isAllowedRedirect(FORM, ['*.com']), (e) => e.type === 'validation');
});

test('one attempt, one key: kept across a "reload" (same storage), rotated for a new amount or after the outcome', { skip }, async () => {
  const storage = memoryStorage();
  proxy.reset(() => 'drop');
  await assert.rejects(client({ storage }).pay(PAYMENT), (e) => e.type === 'network');
  const k1 = proxy.state.requests[0].headers['idempotency-key'];
  assert.match(k1, UUID_V4);
  proxy.reset(() => ok({ regPayNum: '42', payUrl: FORM, methodType: 'GET' }));
  await client({ storage }).pay(PAYMENT); // a new page, the same tab
  assert.equal(proxy.state.requests[0].headers['idempotency-key'], k1, 'the reloaded page resends the same attempt');
  const stored = JSON.parse(storage.getItem('ckassa-sdk:attempt'));
  assert.equal(stored.regPayNum, '42');

  // The same amount again while payment 42 is still 'created': the same attempt, the same key.
  const first = stored.key;
  assert.equal(first, k1);
  proxy.reset((r) => (r.operation === 'paymentStatus' ? ok({ regPayNum: '42', state: 'created' }) : ok({ regPayNum: '42', payUrl: FORM, methodType: 'GET' })));
  await client({ storage }).pay(PAYMENT);
  assert.equal(proxy.state.requests.find((r) => r.operation === 'anonymousPayment').headers['idempotency-key'], first);

  // A changed amount is a new attempt.
  proxy.reset((r) => (r.operation === 'paymentStatus' ? ok({ regPayNum: '42', state: 'created' }) : ok({ regPayNum: '44', payUrl: FORM, methodType: 'GET' })));
  await client({ storage }).pay({ ...PAYMENT, amount: 12000 });
  const second = proxy.state.requests.find((r) => r.operation === 'anonymousPayment').headers['idempotency-key'];
  assert.notEqual(second, first);

  // Once payment 44 is final, the same amount starts a new attempt.
  proxy.reset((r) => (r.operation === 'paymentStatus' ? ok({ regPayNum: '44', state: 'payed' }) : ok({ regPayNum: '45', payUrl: FORM, methodType: 'GET' })));
  await client({ storage }).pay({ ...PAYMENT, amount: 12000 });
  const third = proxy.state.requests.find((r) => r.operation === 'anonymousPayment').headers['idempotency-key'];
  assert.notEqual(third, second);
});

test('a gateway refusal ends the attempt: the next pay() mints a new key', { skip }, async () => {
  const storage = memoryStorage();
  proxy.reset(() => fail(400, { type: 'gateway', code: 'payment_creation', gatewayCode: 1701 }));
  await assert.rejects(client({ storage }).pay(PAYMENT), (e) => e.type === 'gateway');
  assert.equal(storage.getItem('ckassa-sdk:attempt'), null);
});

test('a 502 or 504 whose outcome is unknown keeps the attempt: paying again resends the same key', { skip }, async () => {
  for (const [status, code] of [[502, 'gateway_unavailable'], [504, 'gateway_timeout']]) {
    const storage = memoryStorage();
    proxy.reset(() => fail(status, { type: 'gateway', code, retryable: true }));
    await assert.rejects(client({ storage, retries: 0 }).pay(PAYMENT), (e) => e.type === 'gateway' && e.code === code);
    const kept = JSON.parse(storage.getItem('ckassa-sdk:attempt'));
    assert.match(kept.key, UUID_V4, `${status}: the attempt is kept`);
    proxy.reset(() => ok({ regPayNum: '42', payUrl: FORM, methodType: 'GET' }));
    await client({ storage }).pay(PAYMENT);
    assert.equal(proxy.state.requests[0].headers['idempotency-key'], kept.key, `${status}: the same key again`);
  }
});

test('a recurrent payment that needs no payer is polled to its outcome; resume() polls, reports each state, and says pending at its deadline', { skip }, async () => {
  const storage = memoryStorage();
  const recurrent = { ...PAYMENT, userToken: '3f1b2c4d-0000-4000-8000-000000000001', cardToken: '3f1b2c4d-0000-4000-8000-000000000002' };
  proxy.reset((r, n) => (r.operation === 'recurrentPayment'
    ? ok({ regPayNum: '50', payUrl: 'https://receipt.example/50', methodType: 'GET' })
    : ok({ regPayNum: '50', state: n === 1 ? 'created' : 'payed', isTerminal: n !== 1, isSuccess: n !== 1 })));
  const outcome = await client({ storage }).pay(recurrent);
  assert.equal(outcome.type, 'final');
  assert.equal(outcome.state, 'payed');
  assert.equal(outcome.isSuccess, true);
  assert.equal(outcome.regPayNum, '50');
  assert.equal(storage.getItem('ckassa-sdk:attempt'), null, 'a final outcome forgets the attempt');
  assert.equal(proxy.state.requests[0].body.clientAuInfo, undefined, 'no browser data in Node');

  assert.equal(await client({ storage }).resume(), null, 'nothing pending');

  storage.setItem('ckassa-sdk:attempt', JSON.stringify({ v: 1, operation: 'anonymousPayment', subject: '10000', key: 'k-1', regPayNum: '51', startedMs: Date.now() }));
  proxy.reset(() => ok({ regPayNum: '51', state: 'created' }));
  const seen = [];
  const pending = await client({ storage }).resume({ deadlineMs: 1000, onStatus: (o) => seen.push(o.state) });
  assert.equal(pending.type, 'pending');
  assert.equal(pending.regPayNum, '51');
  assert.deepEqual(seen, ['created']);
  assert.notEqual(storage.getItem('ckassa-sdk:attempt'), null, 'a pending attempt is kept for later');

  // The gateway's status answer does not name the payment: the outcome still does.
  proxy.reset((_r, n) => ok({ state: n === 1 ? 'created' : 'rejected' }));
  const done = await client({ storage }).resume({ onStatus: (o) => seen.push(o.state) });
  assert.equal(done.type, 'final');
  assert.equal(done.isSuccess, false);
  assert.equal(done.regPayNum, '51');
  assert.deepEqual(seen, ['created', 'created', 'rejected']);
});

test('errors keep their type across two loaded copies of the package (ESM and CJS)', { skip }, async () => {
  const { createRequire } = await import('node:module');
  const cjs = createRequire(import.meta.url)(join(DIST, 'node', 'index.cjs'));
  proxy.reset(() => fail(403, { type: 'proxy', code: 'operation_not_allowed' }));
  const c = new cjs.CheckoutClient({ endpoint: proxy.url, retries: 0 });
  await assert.rejects(c.refund({ regPayNum: '42', note: 'n', refundAmount: 1, remainingAmount: 0 }), (e) => {
    assert.equal(e instanceof sdk.CKassaError, false, 'another copy');
    assert.equal(e.type, 'proxy');
    assert.equal(e.code, 'operation_not_allowed');
    return true;
  });
});
