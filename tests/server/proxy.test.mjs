// createProxy through node:http, Connect-style middleware and the Fetch API, against the sandbox and
// against a recording fake gateway.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  server, sandboxGateway, recordingGateway, listen, connectLike, jsonBodyParser, postJson, anonymousPayment, payOnForm,
  PROPERTIES, TEST_TIMEOUT,
} from './helpers.mjs';

const { createProxy, OPERATIONS } = server;
const MOUNT = '/api/ckassa';
const scenario = (name) => anonymousPayment({ properties: [...PROPERTIES, { name: 'SANDBOX_SCENARIO', value: name }] });
const sandboxPayments = async (url) => (await (await fetch(`${url}/__sandbox/payments`)).json()).payments;

/** A sandbox, a proxy of it on node:http; `close()` both. */
async function proxied(options = {}) {
  const env = await sandboxGateway();
  const proxy = createProxy({ gateway: env.gateway, operations: OPERATIONS, ...options });
  const http = await listen(proxy.handle);
  return { ...env, proxy, proxyUrl: `${http.url}${MOUNT}`, close: async () => { await http.close(); await env.close(); } };
}

describe('createProxy on node:http against the sandbox', () => {
  let env;
  before(async () => { env = await proxied(); });
  after(() => env.close());

  test('forwards an operation: {ok, result}, X-Request-Id, Idempotency: honoured', TEST_TIMEOUT, async () => {
    const answer = await postJson(`${env.proxyUrl}/anonymousPayment`, anonymousPayment(), { 'Idempotency-Key': 'k-forward-1' });
    assert.equal(answer.status, 200);
    assert.equal(answer.body.ok, true);
    assert.match(answer.body.result.regPayNum, /^\d+$/);
    assert.match(answer.headers.get('x-request-id'), /^[0-9a-f-]{36}$/);
    assert.equal(answer.headers.get('idempotency'), 'honoured');
    assert.match(answer.headers.get('content-type'), /^application\/json/);
    const status = await postJson(`${env.proxyUrl}/paymentStatus`, { regPayNum: answer.body.result.regPayNum });
    assert.equal(status.status, 200);
    assert.equal(status.body.result.state, 'created');
    assert.equal(status.headers.get('idempotency'), null);
  });

  test('validation: 422 with every issue, nothing sent', TEST_TIMEOUT, async () => {
    const before = (await sandboxPayments(env.url)).length;
    const answer = await postJson(`${env.proxyUrl}/anonymousPayment`, { serviceCode: 'x', amount: '1.5' });
    assert.equal(answer.status, 422);
    assert.equal(answer.body.ok, false);
    assert.equal(answer.body.error.type, 'validation');
    const paths = answer.body.error.issues.map((issue) => issue.path);
    for (const path of ['serviceCode', 'amount', 'comission', 'properties']) assert.ok(paths.includes(path), `${path} in ${paths}`);
    assert.equal(answer.body.error.requestId, answer.headers.get('x-request-id'));
    assert.equal((await sandboxPayments(env.url)).length, before);
  });

  test('business refusal: 400 {type: gateway, code: category, gatewayCode}', TEST_TIMEOUT, async () => {
    const answer = await postJson(`${env.proxyUrl}/userStatus`, { login: '79999999998' });
    assert.equal(answer.status, 400);
    assert.equal(answer.body.error.type, 'gateway');
    assert.equal(answer.body.error.code, 'registration');
    assert.equal(answer.body.error.gatewayCode, 1401);
    assert.equal(typeof answer.body.error.userMessage, 'string');
  });

  test('2365: 200 {ok: true, action}', TEST_TIMEOUT, async () => {
    const { result: user } = await env.gateway.registerUser({ login: '79020000010' });
    const { result: registration } = await env.gateway.registerCard({ userToken: user.userToken });
    await payOnForm(env.url, registration.regPayNum, { operation: 'checkpay' });
    const [card] = (await env.gateway.listCards({ userToken: user.userToken })).result.cards;
    const answer = await postJson(`${env.proxyUrl}/recurrentPayment`, {
      serviceCode: '1000-13864-2', userToken: user.userToken, cardToken: card.cardToken, amount: '100', comission: '0', enableSMSConfirm: true, properties: PROPERTIES,
    }, { 'Idempotency-Key': 'k-3ds-1', 'User-Agent': 'TestBrowser/1.0' });
    assert.equal(answer.status, 200);
    assert.equal(answer.body.ok, true);
    assert.equal(answer.body.action.type, 'redirect');
    assert.equal(answer.body.action.reason, '3ds');
    const payment = (await sandboxPayments(env.url)).find((p) => p.regPayNum === answer.body.action.regPayNum);
    // The proxy filled clientAuInfo with what it saw: the socket's address and the exact User-Agent.
    assert.equal(payment.clientAuInfo.ipAddress, '127.0.0.1');
    assert.equal(payment.clientAuInfo.agentName, 'TestBrowser/1.0');
  });

  test('idempotency: the same key gets the first answer, one payment exists', TEST_TIMEOUT, async () => {
    const before = (await sandboxPayments(env.url)).length;
    const first = await postJson(`${env.proxyUrl}/anonymousPayment`, anonymousPayment({ amount: '3100' }), { 'Idempotency-Key': 'k-replay-1' });
    const second = await postJson(`${env.proxyUrl}/anonymousPayment`, anonymousPayment({ amount: '3100' }), { 'Idempotency-Key': 'k-replay-1' });
    assert.equal(first.status, 200);
    assert.deepEqual(second.body, first.body);
    assert.equal(second.headers.get('idempotent-replayed'), 'true');
    assert.equal(first.headers.get('idempotent-replayed'), null);
    assert.notEqual(second.headers.get('x-request-id'), first.headers.get('x-request-id'));
    assert.equal((await sandboxPayments(env.url)).length, before + 1);
  });

  test('idempotency: the same key with another body is 409 idempotency_key_reused', TEST_TIMEOUT, async () => {
    await postJson(`${env.proxyUrl}/anonymousPayment`, anonymousPayment({ amount: '3200' }), { 'Idempotency-Key': 'k-reuse-1' });
    const reused = await postJson(`${env.proxyUrl}/anonymousPayment`, anonymousPayment({ amount: '3300' }), { 'Idempotency-Key': 'k-reuse-1' });
    assert.equal(reused.status, 409);
    assert.equal(reused.body.error.code, 'idempotency_key_reused');
  });

  test('idempotency: concurrent requests with one key make one gateway call', TEST_TIMEOUT, async () => {
    const before = (await sandboxPayments(env.url)).length;
    const body = scenario('slow:1000');
    const answers = await Promise.all([1, 2, 3].map(() => postJson(`${env.proxyUrl}/anonymousPayment`, body, { 'Idempotency-Key': 'k-concurrent-1' })));
    const statuses = answers.map((a) => a.status).sort();
    assert.deepEqual(statuses, [200, 409, 409]);
    for (const busy of answers.filter((a) => a.status === 409)) {
      assert.equal(busy.body.error.code, 'idempotency_in_progress');
      assert.equal(busy.headers.get('retry-after'), '1');
    }
    assert.equal((await sandboxPayments(env.url)).length, before + 1);
    const later = await postJson(`${env.proxyUrl}/anonymousPayment`, body, { 'Idempotency-Key': 'k-concurrent-1' });
    assert.equal(later.status, 200);
    assert.equal(later.body.result.regPayNum, answers.find((a) => a.status === 200).body.result.regPayNum);
  });

  test('idempotency: a dropped gateway connection is 502, then 409 idempotency_outcome_unknown, one payment', TEST_TIMEOUT, async () => {
    const before = (await sandboxPayments(env.url)).length;
    const body = scenario('drop-after-create');
    const first = await postJson(`${env.proxyUrl}/anonymousPayment`, body, { 'Idempotency-Key': 'k-drop-1' });
    assert.equal(first.status, 502);
    assert.equal(first.body.error.code, 'gateway_unavailable');
    assert.equal(first.body.error.outcome, 'unknown');
    const retry = await postJson(`${env.proxyUrl}/anonymousPayment`, body, { 'Idempotency-Key': 'k-drop-1' });
    assert.equal(retry.status, 409);
    assert.equal(retry.body.error.code, 'idempotency_outcome_unknown');
    assert.equal((await sandboxPayments(env.url)).length, before + 1);
  });

  test('gateway 5xx: 502 gateway_unavailable, retryable, the key released', TEST_TIMEOUT, async () => {
    const answer = await postJson(`${env.proxyUrl}/anonymousPayment`, scenario('error500'), { 'Idempotency-Key': 'k-500-1' });
    assert.equal(answer.status, 502);
    assert.equal(answer.body.error.type, 'gateway');
    assert.equal(answer.body.error.code, 'gateway_unavailable');
    assert.equal(answer.body.error.retryable, true);
    const again = await postJson(`${env.proxyUrl}/anonymousPayment`, scenario('error500'), { 'Idempotency-Key': 'k-500-1' });
    assert.equal(again.status, 502, 'sent again, not answered 409');
  });

  test('body over maxBodyBytes: 413', TEST_TIMEOUT, async () => {
    const big = anonymousPayment({ orderNote: 'x'.repeat(70 * 1024) });
    const answer = await postJson(`${env.proxyUrl}/anonymousPayment`, big);
    assert.equal(answer.status, 413);
    assert.equal(answer.body.error.code, 'body_too_large');
    const huge = await postJson(`${env.proxyUrl}/anonymousPayment`, anonymousPayment({ orderNote: 'z'.repeat(3 * 1024 * 1024) }));
    assert.equal(huge.status, 413, 'answered, not reset');
  });

  test('not JSON: 415; broken JSON: 400; GET: 405; unknown paths: 404', TEST_TIMEOUT, async () => {
    const form = await fetch(`${env.proxyUrl}/paymentStatus`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'regPayNum=1' });
    assert.equal(form.status, 415);
    const broken = await postJson(`${env.proxyUrl}/paymentStatus`, '{"regPayNum":');
    assert.equal(broken.status, 400);
    assert.equal(broken.body.error.code, 'invalid_json');
    const get = await fetch(`${env.proxyUrl}/paymentStatus`);
    assert.equal(get.status, 405);
    assert.equal(get.headers.get('allow'), 'POST');
    assert.equal((await fetch(`${env.proxyUrl}/noSuchOperation`, { method: 'POST' })).status, 404);
    assert.equal((await fetch(`${env.proxyUrl.replace(MOUNT, '')}/elsewhere`)).status, 404);
  });
});

describe('createProxy against a recording gateway', () => {
  test('operations not given: 403 operation_not_allowed, nothing sent', TEST_TIMEOUT, async () => {
    const fake = await recordingGateway();
    const proxy = createProxy({ gateway: fake.gateway, operations: ['paymentStatus'] });
    const http = await listen(proxy.handle);
    try {
      const answer = await postJson(`${http.url}${MOUNT}/refund`, { regPayNum: '1', note: 'n', refundAmount: '1', remainingAmount: '0' });
      assert.equal(answer.status, 403);
      assert.equal(answer.body.error.code, 'operation_not_allowed');
      assert.equal(fake.received.length, 0);
    } finally {
      await http.close();
      await fake.close();
    }
  });

  test('the browser\'s Authorization is never passed on; X-Forwarded-For only with trustProxy', TEST_TIMEOUT, async () => {
    const fake = await recordingGateway();
    const untrusting = createProxy({ gateway: fake.gateway, operations: ['recurrentPayment'] });
    const trusting = createProxy({ gateway: fake.gateway, operations: ['recurrentPayment'], trustProxy: ['127.0.0.1'], mount: '/behind' });
    const http = await listen((req, res) => (req.url.startsWith('/behind') ? trusting.handle(req, res) : untrusting.handle(req, res)));
    const body = {
      serviceCode: '1000-13864-2', userToken: '7d5a1ee1-5c8e-4e37-9a7e-1f6d3c1c2b10', cardToken: '0e1d2c3b-4a59-4687-9a1b-2c3d4e5f6a7b',
      amount: '100', comission: '0', properties: PROPERTIES,
    };
    const headers = { Authorization: 'Basic YnJvd3Nlcjpmb3JnZWQ=', 'X-Forwarded-For': '203.0.113.9, 10.0.0.1', 'User-Agent': 'Forged/2.0', Accept: 'text/html' };
    try {
      assert.equal((await postJson(`${http.url}${MOUNT}/recurrentPayment`, body, headers)).status, 200);
      assert.equal((await postJson(`${http.url}/behind/recurrentPayment`, body, headers)).status, 200);
      const [direct, behind] = fake.received;
      for (const request of fake.received) {
        assert.equal(request.headers.authorization, `Basic ${Buffer.from('sandbox-shop-token:sandbox-sec-key').toString('base64')}`);
        assert.equal(request.headers['x-forwarded-for'], undefined);
        assert.equal(request.body.clientAuInfo.agentName, 'Forged/2.0');
      }
      assert.equal(direct.body.clientAuInfo.ipAddress, '127.0.0.1', 'the socket wins over a forged header');
      assert.equal(behind.body.clientAuInfo.ipAddress, '203.0.113.9', 'a trusted proxy\'s header is read');
      const info = JSON.parse(Buffer.from(direct.body.clientAuInfo.authenticationInfo, 'base64').toString('utf8'));
      assert.equal(info.browserUserAgent, 'Forged/2.0');
      assert.equal(info.browserAcceptHeader, 'text/html');
      assert.equal(info.browserIP, '127.0.0.1');
    } finally {
      await http.close();
      await fake.close();
    }
  });

  test('a merchant\'s async store (JSON rows, like a database) carries idempotency', TEST_TIMEOUT, async () => {
    const rows = new Map();
    const later = (value) => new Promise((resolve) => setTimeout(() => resolve(value), 5));
    const store = {
      get: async (key) => later(rows.has(key) ? JSON.parse(rows.get(key)) : undefined),
      putIfAbsent: async (key, record) => {
        await later();
        if (rows.has(key)) return false;
        rows.set(key, JSON.stringify(record));
        return true;
      },
      set: async (key, record) => { await later(); rows.set(key, JSON.stringify(record)); },
      delete: async (key) => { await later(); rows.delete(key); },
    };
    const fake = await recordingGateway();
    const proxy = createProxy({ gateway: fake.gateway, operations: ['anonymousPayment'], idempotencyStore: store });
    const http = await listen(proxy.handle);
    try {
      const first = await postJson(`${http.url}${MOUNT}/anonymousPayment`, anonymousPayment(), { 'Idempotency-Key': 'db-1' });
      const again = await postJson(`${http.url}${MOUNT}/anonymousPayment`, anonymousPayment(), { 'Idempotency-Key': 'db-1' });
      assert.deepEqual(again.body, first.body);
      assert.equal(again.headers.get('idempotent-replayed'), 'true');
      assert.equal(fake.received.length, 1);
      const [[key, row]] = rows;
      assert.equal(key, 'ckassa-idempotency:db-1');
      assert.equal(JSON.parse(row).state, 'done');
    } finally {
      await http.close();
      await fake.close();
    }
  });

  test('beforeForward can refuse or replace the request', TEST_TIMEOUT, async () => {
    const fake = await recordingGateway();
    const proxy = createProxy({
      gateway: fake.gateway,
      operations: ['anonymousPayment'],
      beforeForward: ({ request, headers }) => (headers['x-session'] === 'ok' ? { ...request, amount: '9900' } : false),
    });
    const http = await listen(proxy.handle);
    try {
      assert.equal((await postJson(`${http.url}${MOUNT}/anonymousPayment`, anonymousPayment())).status, 403);
      assert.equal((await postJson(`${http.url}${MOUNT}/anonymousPayment`, anonymousPayment(), { 'X-Session': 'ok' })).status, 200);
      assert.equal(fake.received.length, 1);
      assert.equal(fake.received[0].body.amount, '9900');
    } finally {
      await http.close();
      await fake.close();
    }
  });

  test('wrong shop credentials: 502 gateway_auth, nothing of the gateway\'s text leaks', TEST_TIMEOUT, async () => {
    const fake = await recordingGateway(() => ({ status: 401, body: { code: 1201, message: 'the Basic credentials are not this shop\'s', userMessage: 'x' } }));
    const proxy = createProxy({ gateway: fake.gateway, operations: ['paymentStatus'] });
    const http = await listen(proxy.handle);
    try {
      const answer = await postJson(`${http.url}${MOUNT}/paymentStatus`, { regPayNum: '1' });
      assert.equal(answer.status, 502);
      assert.equal(answer.body.error.code, 'gateway_auth');
      assert.doesNotMatch(JSON.stringify(answer.body), /Basic credentials/);
    } finally {
      await http.close();
      await fake.close();
    }
  });

  test('a gateway that never answers: 504 gateway_timeout', TEST_TIMEOUT, async () => {
    const { silentServer } = await import('./helpers.mjs');
    const silent = await silentServer();
    const gateway = server.createGateway({ baseUrl: `${silent.url}/api-shop`, shopToken: 'a', secKey: 'b', timeoutMs: 200 });
    const proxy = createProxy({ gateway, operations: ['anonymousPayment'] });
    const http = await listen(proxy.handle);
    try {
      const first = await postJson(`${http.url}${MOUNT}/anonymousPayment`, anonymousPayment(), { 'Idempotency-Key': 'k-timeout-1' });
      assert.equal(first.status, 504);
      assert.equal(first.body.error.code, 'gateway_timeout');
      const retry = await postJson(`${http.url}${MOUNT}/anonymousPayment`, anonymousPayment(), { 'Idempotency-Key': 'k-timeout-1' });
      assert.equal(retry.body.error.code, 'idempotency_outcome_unknown');
    } finally {
      await http.close();
      await silent.close();
    }
  });
});

describe('createProxy as middleware and on the Fetch API', () => {
  let env;
  before(async () => { env = await sandboxGateway(); });
  after(() => env.close());

  test('Connect-style: serves its paths, next() for the rest, with or without a body parser', TEST_TIMEOUT, async () => {
    const proxy = createProxy({ gateway: env.gateway, operations: ['anonymousPayment', 'paymentStatus'] });
    const app = connectLike();
    app.use('/parsed', jsonBodyParser());
    app.use('/parsed', proxy.middleware);
    app.use(proxy.middleware);
    app.use((req, res) => { res.writeHead(200, { 'Content-Type': 'text/plain' }); res.end('the app'); });
    const http = await listen(app);
    try {
      const raw = await postJson(`${http.url}${MOUNT}/anonymousPayment`, anonymousPayment(), { 'Idempotency-Key': 'mw-1' });
      assert.equal(raw.status, 200);
      assert.equal(raw.body.ok, true);
      const mounted = createProxy({ gateway: env.gateway, operations: ['anonymousPayment'], mount: '/parsed/api/ckassa' });
      const app2 = connectLike();
      app2.use('/parsed', jsonBodyParser());
      app2.use('/parsed', mounted.middleware);
      const http2 = await listen(app2);
      try {
        const parsed = await postJson(`${http2.url}/parsed/api/ckassa/anonymousPayment`, anonymousPayment(), { 'Idempotency-Key': 'mw-2' });
        assert.equal(parsed.status, 200, JSON.stringify(parsed.body));
        const invalid = await postJson(`${http2.url}/parsed/api/ckassa/anonymousPayment`, { amount: 1 });
        assert.equal(invalid.status, 422);
      } finally {
        await http2.close();
      }
      const other = await fetch(`${http.url}/somewhere/else`);
      assert.equal(await other.text(), 'the app');
      const unknownOperation = await fetch(`${http.url}${MOUNT}/notAnOperation`, { method: 'POST' });
      assert.equal(await unknownOperation.text(), 'the app');
    } finally {
      await http.close();
    }
  });

  test('Fetch API: Request in, Response out', TEST_TIMEOUT, async () => {
    const proxy = createProxy({ gateway: env.gateway, operations: ['anonymousPayment'] });
    const request = (path, body, headers = {}) => new Request(`https://shop.example${path}`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body),
    });
    const ok = await proxy.fetch(request(`${MOUNT}/anonymousPayment`, anonymousPayment(), { 'Idempotency-Key': 'f-1' }), { remoteAddress: '198.51.100.4' });
    assert.ok(ok instanceof Response);
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('idempotency'), 'honoured');
    const replay = await proxy.fetch(request(`${MOUNT}/anonymousPayment`, anonymousPayment(), { 'Idempotency-Key': 'f-1' }));
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(await replay.json(), await ok.json());
    assert.equal((await proxy.fetch(request(`${MOUNT}/refund`, {}))).status, 403);
    assert.equal((await proxy.fetch(request('/other', {}))).status, 404);
    const big = await proxy.fetch(request(`${MOUNT}/anonymousPayment`, anonymousPayment({ orderNote: 'y'.repeat(100_000) })));
    assert.equal(big.status, 413);
  });
});

describe('createProxy options', () => {
  test('refuses unknown operations and a missing gateway', () => {
    assert.throws(() => createProxy({ operations: ['paymentStatus'] }), TypeError);
    assert.throws(() => createProxy({ gateway: { call() {} }, operations: ['charge'] }), TypeError);
    assert.throws(() => createProxy({ gateway: { call() {} }, operations: [] }), TypeError);
    assert.throws(() => createProxy({ gateway: { call() {} }, operations: ['refund'], idempotencyStore: {} }), TypeError);
  });
});
