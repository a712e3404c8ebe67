// Security checks (issue 9):
//   1. The browser bundles (dist/web/index.js, dist/base64/index.js, dist/ckassa.min.js, and the wasm
//      inside them) have no path that takes or sends the shop's secrets: none of the patterns below
//      occurs in them, while the same patterns do find the server bundle (so they are not vacuous).
//   2. The proxy refuses what it was not given: an operation not in `operations` (403), a body over
//      `maxBodyBytes` (413, declared or streamed), a non-JSON body (415); it never passes on the
//      browser's Authorization; a forged X-Forwarded-For does not change the payer's IP unless the
//      merchant trusts the connecting proxy.
//   3. Notifications from a source outside the merchant's allow-list are refused (403), also with a
//      forged X-Forwarded-For, and not passed on.
//   4. The strict CSP: the checkout in Chromium under `script-src 'self' 'wasm-unsafe-eval'` is covered by
//      tests/e2e/checkout.test.mjs ("the page, its SRI script and the whole flow run under the CSP without
//      a violation"); here only what the bundles need from a CSP: no eval, no new Function.
//
// Needs the built package (npm run build); skipped otherwise.
import test from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const dist = (path) => fileURLToPath(new URL(`../../dist/${path}`, import.meta.url));
const BROWSER_BUNDLES = ['web/index.js', 'base64/index.js', 'ckassa.min.js'];
const BUILT = [...BROWSER_BUNDLES, 'server/index.mjs', 'web/ckassa_sdk_bg.wasm'].every((p) => existsSync(dist(p)));
const skip = BUILT ? false : 'dist/ is not built (npm run build)';

/**
 * What a path that takes or sends the gateway's secrets would contain. Case-sensitive where the word
 * also has an innocent use (the core's error category `authorization`, the message "BasicAuth-era").
 */
export const SECRET_PATTERNS = Object.freeze([
  ['the secret key by name', /secKey|sec_key|seckey|SEC_KEY/],
  ['the shop token by name', /shopToken|shop_token|shoptoken|SHOP_TOKEN/],
  ['an Authorization header (string or object key)', /["'`]Authorization["'`]|\bAuthorization\s*:|["'`]authorization["'`]\s*[:,\]]|set\(\s*["'`]authorization/],
  ['Basic credentials being built', /["'`]Basic |Basic \$\{|Basic ["'`]\s*\+/],
  ['the gateway API itself (the browser talks to the merchant proxy only)', /api2\.ckassa\.ru|\/api-shop\b/],
]);
/** What a strict CSP (no 'unsafe-eval') would block. */
const EVAL_PATTERNS = Object.freeze([
  ['eval', /\beval\s*\(/],
  ['new Function', /new\s+Function\s*\(/],
  ['setTimeout with a string', /setTimeout\(\s*["'`]/],
]);

/** The JS text with inlined base64 blobs (the wasm) cut out, and the blobs decoded (and inflated). */
function split(text) {
  const blobs = [];
  const js = text.replace(/[A-Za-z0-9+/]{400,}={0,2}/g, (blob) => {
    const bytes = Buffer.from(blob, 'base64');
    // The script tag and /base64 carry the wasm gzip'd (scripts/build.mjs inlineWasm): look inside.
    blobs.push(bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes);
    return '<base64>';
  });
  return { js, blobs };
}

/** The printable strings (6+ characters) of a binary, joined by newlines. */
function strings(binary) {
  return (binary.toString('latin1').match(/[\x20-\x7e]{6,}/g) ?? []).join('\n');
}

test('the browser bundles contain no path that takes or sends the secrets', { skip }, () => {
  for (const bundle of BROWSER_BUNDLES) {
    const { js, blobs } = split(readFileSync(dist(bundle), 'utf8'));
    for (const [what, pattern] of SECRET_PATTERNS) {
      assert.equal(js.match(pattern)?.[0], undefined, `${bundle}: ${what} (${pattern})`);
    }
    for (const [what, pattern] of EVAL_PATTERNS) assert.equal(js.match(pattern)?.[0], undefined, `${bundle}: ${what}`);
    const wasms = blobs.filter((b) => b.subarray(0, 4).equals(Buffer.from('\0asm')));
    if (bundle !== 'web/index.js') assert.equal(wasms.length, 1, `${bundle} inlines one wasm module`);
    for (const wasm of wasms) {
      const text = strings(wasm);
      for (const [what, pattern] of SECRET_PATTERNS) assert.equal(text.match(pattern)?.[0], undefined, `${bundle} (inlined wasm): ${what}`);
    }
  }
  const text = strings(readFileSync(dist('web/ckassa_sdk_bg.wasm')));
  for (const [what, pattern] of SECRET_PATTERNS) assert.equal(text.match(pattern)?.[0], undefined, `web/ckassa_sdk_bg.wasm: ${what}`);
});

test('the secret patterns do find the server bundle, which holds the secrets (the check is not vacuous)', { skip }, () => {
  const server = readFileSync(dist('server/index.mjs'), 'utf8');
  for (const [what, pattern] of SECRET_PATTERNS) assert.match(server, pattern, `server/index.mjs: ${what}`);
});

// ---- the proxy ----

/** A gateway that records what it gets and answers like the sandbox (a created payment, or a status). */
async function recordingGateway() {
  const received = [];
  const srv = http.createServer(async (req, res) => {
    let text = '';
    for await (const chunk of req) text += chunk;
    received.push({ path: req.url, headers: req.headers, body: JSON.parse(text || 'null') });
    const body = req.url.endsWith('check/payment/state')
      ? { state: 'payed', totalAmount: 2500, createdDate: '2026-01-01 00:00:00', providerServCode: '1000-13864-2', providerName: 'x', errorCode: null, error: null, message: null, provisionServices: true, procDate: null }
      : { regPayNum: '13000000001', methodType: 'GET', payUrl: 'https://demo-acq.bisys.ru/cardpay/card?order=13000000001', userToken: 'u' };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise((resolve) => srv.listen(0, '127.0.0.1', resolve));
  return { received, url: `http://127.0.0.1:${srv.address().port}`, close: () => new Promise((r) => { srv.closeAllConnections(); srv.close(() => r()); }) };
}

async function serve(handler) {
  const srv = http.createServer(handler);
  await new Promise((resolve) => srv.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${srv.address().port}`, close: () => new Promise((r) => { srv.closeAllConnections(); srv.close(() => r()); }) };
}

const PAYMENT = { serviceCode: '1000-13864-2', amount: '2500', comission: '0', properties: [{ name: 'A', value: '1' }] };
const json = (url, body, headers = {}) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body), signal: AbortSignal.timeout(10_000) });

/** A raw POST with node:http, for a body fetch will not send (chunked, without a length). */
function rawPost(url, headers, chunks) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers }, (res) => {
      let text = '';
      res.on('data', (c) => { text += c; });
      res.on('end', () => resolve({ status: res.statusCode, body: text ? JSON.parse(text) : null }));
    });
    req.on('error', reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

test('the proxy refuses operations it was not given, oversized and non-JSON bodies, and never passes on the browser\'s Authorization', { skip, timeout: 30_000 }, async () => {
  const { createGateway, createProxy, OPERATIONS } = await import('../../dist/server/index.mjs');
  const gw = await recordingGateway();
  const gateway = createGateway({ baseUrl: `${gw.url}/api-shop`, shopToken: 'the-shop', secKey: 'the-secret' });
  const proxy = createProxy({ gateway, operations: ['anonymousPayment', 'paymentStatus'], maxBodyBytes: 4096 });
  const shop = await serve(proxy.handle);
  try {
    const api = `${shop.url}/api/ckassa`;
    for (const operation of OPERATIONS.filter((op) => !['anonymousPayment', 'paymentStatus'].includes(op))) {
      const answer = await json(`${api}/${operation}`, { regPayNum: '1' });
      assert.equal(answer.status, 403, operation);
      assert.equal((await answer.json()).error.code, 'operation_not_allowed', operation);
    }
    assert.equal((await json(`${api}/notACKassaOperation`, {})).status, 404);
    assert.equal(gw.received.length, 0, 'nothing refused reached the gateway');

    const big = { ...PAYMENT, properties: [{ name: 'A', value: 'x'.repeat(5000) }] };
    const declared = await json(`${api}/anonymousPayment`, big, { 'idempotency-key': 'k-big' });
    assert.equal(declared.status, 413);
    assert.equal((await declared.json()).error.code, 'body_too_large');
    // Streamed without a Content-Length (chunked).
    const chunked = await rawPost(`${api}/anonymousPayment`, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, Array.from({ length: 10 }, () => 'x'.repeat(1000)));
    assert.equal(chunked.status, 413);
    assert.equal(chunked.body.error.code, 'body_too_large');
    assert.equal(gw.received.length, 0, 'no oversized body reached the gateway');

    const form = await fetch(`${api}/anonymousPayment`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'serviceCode=1000-13864-2&amount=2500' });
    assert.equal(form.status, 415, 'a cross-site form post is refused');
    assert.equal((await fetch(`${api}/anonymousPayment`)).status, 405);

    const ok = await json(`${api}/anonymousPayment`, PAYMENT, { authorization: 'Basic ZXZpbDpldmls', 'idempotency-key': 'k-1', cookie: 'session=abc' });
    assert.equal(ok.status, 200);
    assert.equal(gw.received.length, 1);
    const sent = gw.received[0].headers;
    assert.equal(sent.authorization, `Basic ${Buffer.from('the-shop:the-secret').toString('base64')}`, 'the shop\'s own credentials, not the browser\'s');
    assert.equal(sent.cookie, undefined, 'no browser cookie passed on');
    assert.equal(sent['idempotency-key'], undefined, 'no browser header passed on');
    const answerText = JSON.stringify(await ok.json());
    assert.ok(!answerText.includes('the-secret') && !answerText.includes('the-shop'), 'no secret in the answer');
  } finally {
    await shop.close();
    await gw.close();
  }
});

test('a forged X-Forwarded-For does not change the payer\'s IP unless the merchant trusts the connecting proxy', { skip, timeout: 30_000 }, async () => {
  const { createGateway, createProxy } = await import('../../dist/server/index.mjs');
  const gw = await recordingGateway();
  const gateway = createGateway({ baseUrl: `${gw.url}/api-shop`, shopToken: 'the-shop', secKey: 'the-secret' });
  const seenIps = [];
  const beforeForward = ({ clientIp }) => { seenIps.push(clientIp); };
  const charge = { serviceCode: '1000-13864-2', userToken: '0b5e8bb8-4d6c-4b1a-9b4a-2a7c0d1e2f30', cardToken: '7c9e6679-7425-40de-944b-e07fc1f90ae7', amount: '2500', comission: '0', properties: [{ name: 'A', value: '1' }] };
  const ipOf = (request) => {
    const info = JSON.parse(Buffer.from(request.body.clientAuInfo.authenticationInfo, 'base64').toString('utf8'));
    return { ipAddress: request.body.clientAuInfo.ipAddress, browserIP: info.browserIP };
  };
  for (const [trustProxy, expected] of [[false, '127.0.0.1'], [['10.0.0.0/8'], '127.0.0.1'], [['127.0.0.1'], '203.0.113.7']]) {
    const proxy = createProxy({ gateway, operations: ['recurrentPayment'], trustProxy, beforeForward });
    const shop = await serve(proxy.handle);
    try {
      const answer = await json(`${shop.url}/api/ckassa/recurrentPayment`, charge, { 'x-forwarded-for': '203.0.113.7, 198.51.100.1', 'idempotency-key': `k-${JSON.stringify(trustProxy)}` });
      assert.equal(answer.status, 200, JSON.stringify(await answer.clone().json()));
      assert.deepEqual(ipOf(gw.received.at(-1)), { ipAddress: expected, browserIP: expected }, `trustProxy ${JSON.stringify(trustProxy)}`);
      assert.equal(seenIps.at(-1), expected, `beforeForward's clientIp with trustProxy ${JSON.stringify(trustProxy)}`);
    } finally {
      await shop.close();
    }
  }
  await gw.close();
});

test('notifications from outside the allow-list are refused and not passed on, also with a forged X-Forwarded-For', { skip, timeout: 30_000 }, async () => {
  const { createNotificationHandler, createGateway, createProxy } = await import('../../dist/server/index.mjs');
  const body = { regPayNum: '13000000001', amount: '2500', comission: '0', state: 'payed', errorCode: 0, errorMsg: null };
  const cases = [
    // [allowList, trustProxy, X-Forwarded-For, expected status]
    [['178.161.210.54', '94.138.149.0/24'], undefined, undefined, 403],
    [['178.161.210.54', '94.138.149.0/24'], undefined, '94.138.149.10', 403], // forged: the socket is 127.0.0.1
    [['178.161.210.54', '94.138.149.0/24'], ['10.0.0.0/8'], '94.138.149.10', 403], // 127.0.0.1 is not a trusted proxy
    [['178.161.210.54', '94.138.149.0/24'], ['127.0.0.1'], '94.138.149.10', 200], // behind our own proxy
    [['127.0.0.1'], undefined, undefined, 200],
  ];
  for (const [allowList, trustProxy, xff, expected] of cases) {
    const passed = [];
    for (const mount of ['handler', 'proxy']) {
      const onNotification = async (n) => { passed.push(n.regPayNum); };
      const handle = mount === 'handler'
        ? createNotificationHandler({ onNotification, allowList, trustProxy }).handle
        : createProxy({
          gateway: createGateway({ baseUrl: 'http://127.0.0.1:1/api-shop', shopToken: 'a', secKey: 'b' }),
          operations: ['paymentStatus'], onNotification, notificationAllowList: allowList, trustProxy,
        }).handle;
      const srv = await serve(handle);
      try {
        const answer = await json(`${srv.url}/api/ckassa/notifications`, body, xff ? { 'x-forwarded-for': xff } : {});
        const label = `${mount}: allowList ${allowList}, trustProxy ${JSON.stringify(trustProxy)}, X-Forwarded-For ${xff}`;
        assert.equal(answer.status, expected, label);
        if (expected === 403) assert.equal((await answer.json()).error.code, 'source_not_allowed', label);
      } finally {
        await srv.close();
      }
    }
    assert.equal(passed.length, expected === 200 ? 2 : 0, 'refused notifications are not passed on');
  }
});

test('the example backend serves its pages under the strict CSP (the checkout under it: tests/e2e/checkout.test.mjs)', { skip, timeout: 30_000 }, async () => {
  const { startDemo } = await import('../../examples/proxy/server.mjs');
  const demo = await startDemo({ port: 0 });
  try {
    const page = await fetch(`${demo.url}/`);
    const csp = page.headers.get('content-security-policy') ?? '';
    const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
    assert.deepEqual(directives['script-src'], ["'self'", "'wasm-unsafe-eval'"]);
    assert.deepEqual(directives['connect-src'], ["'self'"]);
    assert.ok(!csp.includes("'unsafe-inline'") && !csp.includes("'unsafe-eval'"), csp);
    assert.deepEqual(directives['frame-ancestors'], ["'none'"]);
  } finally {
    await demo.close();
  }
  assert.ok(existsSync(fileURLToPath(new URL('../e2e/checkout.test.mjs', import.meta.url))), 'the CSP end-to-end test is there');
});
