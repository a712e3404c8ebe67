// createGateway against the real sandbox (every operation), and against servers that misbehave.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { inspect } from 'node:util';
import {
  server, sandboxGateway, silentServer, recordingGateway, anonymousPayment, payOnForm, PROPERTIES, SHOP_TOKEN, SEC_KEY, TEST_TIMEOUT,
} from './helpers.mjs';

const {
  createGateway, CKASSA_PRODUCTION_URL, CKASSA_DEMO_URL,
  CKassaGatewayError, CKassaNetworkError, CKassaTimeoutError, CKassaValidationError, CKassaAbortError,
} = server;

describe('createGateway against the sandbox', () => {
  let env;
  before(async () => { env = await sandboxGateway(); });
  after(() => env.close());

  test('every operation, from registration to refund', TEST_TIMEOUT, async () => {
    const { gateway } = env;
    const { result: user } = await gateway.registerUser({ login: '79020000001', email: 'payer@example.com' });
    assert.match(user.userToken, /^[0-9a-f-]{36}$/);
    assert.equal(user.state, 'active');
    assert.equal((await gateway.userRegistration({ login: '79020000001' })).result.userToken, user.userToken);
    assert.equal((await gateway.userStatus({ login: '79020000001' })).result.userToken, user.userToken);

    const { result: registration } = await gateway.registerCard({ userToken: user.userToken, clientType: 'web' });
    assert.match(registration.payUrl, /\/cardpay\/card\?order=/);
    await payOnForm(env.url, registration.regPayNum, { operation: 'checkpay' });
    const { result: list } = await gateway.listCards({ userToken: user.userToken });
    assert.equal(list.cards.length, 1);
    const [card] = list.cards;
    assert.equal(card.cardMask, '411111******1111');
    assert.deepEqual((await gateway.cardList({ userToken: user.userToken })).result.cards, list.cards);

    const charge = await gateway.recurrentPayment({
      serviceCode: '1000-13864-2', userToken: user.userToken, cardToken: card.cardToken, amount: '5000', comission: '0', properties: PROPERTIES,
    });
    assert.equal(charge.action, undefined);
    const { result: status } = await gateway.paymentStatus({ regPayNum: charge.result.regPayNum });
    assert.equal(status.state, 'payed');

    const { result: refund } = await gateway.refund({ regPayNum: charge.result.regPayNum, note: 'returned', refundAmount: '5000', remainingAmount: '0' });
    assert.equal(refund.resultState, 'success');
    assert.equal((await gateway.call('paymentStatus', { regPayNum: charge.result.regPayNum })).result.state, 'refunded');

    const { result: deactivated } = await gateway.deactivateCard({ userToken: user.userToken, cardToken: card.cardToken });
    assert.equal(deactivated.resultState, 'success');
    assert.equal((await gateway.cardDeactivation({ userToken: user.userToken, cardToken: card.cardToken }).catch((e) => e)).gatewayCode, 1102);

    const { result: anonymous } = await gateway.anonymousPayment(anonymousPayment());
    assert.match(anonymous.regPayNum, /^\d+$/);
    assert.equal(anonymous.methodType, 'GET');
  });

  test('2365 comes back as an action, not an error', TEST_TIMEOUT, async () => {
    const { gateway } = env;
    const { result: user } = await gateway.registerUser({ login: '79020000002' });
    const { result: registration } = await gateway.registerCard({ userToken: user.userToken });
    await payOnForm(env.url, registration.regPayNum, { operation: 'checkpay' });
    const [card] = (await gateway.listCards({ userToken: user.userToken })).result.cards;
    const outcome = await gateway.recurrentPayment({
      serviceCode: '1000-13864-2', userToken: user.userToken, cardToken: card.cardToken, amount: 700, comission: 0,
      enableSMSConfirm: true, properties: PROPERTIES,
    });
    assert.equal(outcome.result, undefined);
    assert.deepEqual(Object.keys(outcome), ['action']);
    assert.equal(outcome.action.type, 'redirect');
    assert.equal(outcome.action.reason, '3ds');
    assert.equal(outcome.action.method, 'GET');
    assert.match(outcome.action.url, /\/3ds\?order=\d+$/);
    assert.match(outcome.action.regPayNum, /^\d+$/);
  });

  test('gateway refusals are CKassaGatewayError with the category as code', TEST_TIMEOUT, async () => {
    const error = await env.gateway.userStatus({ login: '79999999999' }).catch((e) => e);
    assert.ok(error instanceof CKassaGatewayError);
    assert.equal(error.type, 'gateway');
    assert.equal(error.code, 'registration');
    assert.equal(error.gatewayCode, 1401);
    assert.equal(error.httpStatus, 400);
    assert.equal(typeof error.userMessage, 'string');
  });

  test('wrong credentials: authorization, HTTP 401', TEST_TIMEOUT, async () => {
    const wrong = createGateway({ baseUrl: `${env.url}/api-shop`, shopToken: SHOP_TOKEN, secKey: 'not-the-key' });
    const error = await wrong.paymentStatus({ regPayNum: '1' }).catch((e) => e);
    assert.ok(error instanceof CKassaGatewayError);
    assert.equal(error.code, 'authorization');
    assert.equal(error.httpStatus, 401);
    assert.equal(error.gatewayCode, 1201);
  });

  test('invalid input is refused before any request', TEST_TIMEOUT, async () => {
    const error = await env.gateway.anonymousPayment({ serviceCode: '1000-13864-2', amount: '-1', comission: '0' }).catch((e) => e);
    assert.ok(error instanceof CKassaValidationError);
    assert.ok(error.issues.some((issue) => issue.path === 'amount'));
    assert.ok(error.issues.some((issue) => issue.path === 'properties'));
    await assert.rejects(env.gateway.call('noSuchOperation', {}), CKassaValidationError);
  });

  test('gateway 5xx: a retryable CKassaGatewayError', TEST_TIMEOUT, async () => {
    const error = await env.gateway.anonymousPayment(anonymousPayment({ properties: [...PROPERTIES, { name: 'SANDBOX_SCENARIO', value: 'error500' }] })).catch((e) => e);
    assert.ok(error instanceof CKassaGatewayError);
    assert.equal(error.httpStatus, 500);
    assert.equal(error.retryable, true);
  });

  test('a dropped connection after the request: connection_lost, requestSent', TEST_TIMEOUT, async () => {
    const error = await env.gateway.anonymousPayment(anonymousPayment({ properties: [...PROPERTIES, { name: 'SANDBOX_SCENARIO', value: 'drop-after-create' }] })).catch((e) => e);
    assert.ok(error instanceof CKassaNetworkError, String(error));
    assert.equal(error.code, 'connection_lost');
    assert.equal(error.requestSent, true);
    assert.equal(error.retryable, false);
  });
});

describe('createGateway against misbehaving servers', () => {
  test('a server that never answers: CKassaTimeoutError after timeoutMs', TEST_TIMEOUT, async () => {
    const silent = await silentServer();
    try {
      const gateway = createGateway({ baseUrl: `${silent.url}/api-shop`, shopToken: SHOP_TOKEN, secKey: SEC_KEY, timeoutMs: 300 });
      const started = Date.now();
      const error = await gateway.paymentStatus({ regPayNum: '1' }).catch((e) => e);
      assert.ok(error instanceof CKassaTimeoutError, String(error));
      assert.equal(error.code, 'gateway_timeout');
      assert.ok(Date.now() - started < 5_000);
      const perCall = await gateway.paymentStatus({ regPayNum: '1' }, { timeoutMs: 100 }).catch((e) => e);
      assert.ok(perCall instanceof CKassaTimeoutError);
    } finally {
      await silent.close();
    }
  });

  test('an AbortSignal aborts the call', TEST_TIMEOUT, async () => {
    const silent = await silentServer();
    try {
      const gateway = createGateway({ baseUrl: `${silent.url}/api-shop`, shopToken: SHOP_TOKEN, secKey: SEC_KEY, timeoutMs: 10_000 });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      const error = await gateway.paymentStatus({ regPayNum: '1' }, { signal: controller.signal }).catch((e) => e);
      assert.ok(error instanceof CKassaAbortError, String(error));
    } finally {
      await silent.close();
    }
  });

  test('nobody listening: connect_failed, safe to retry', TEST_TIMEOUT, async () => {
    const closed = await silentServer();
    await closed.close();
    const gateway = createGateway({ baseUrl: `${closed.url}/api-shop`, shopToken: SHOP_TOKEN, secKey: SEC_KEY });
    const error = await gateway.paymentStatus({ regPayNum: '1' }).catch((e) => e);
    assert.ok(error instanceof CKassaNetworkError);
    assert.equal(error.code, 'connect_failed');
    assert.equal(error.requestSent, false);
    assert.equal(error.retryable, true);
  });

  test('what goes on the wire: Basic auth, JSON to baseUrl/operationPath, the core\'s request', TEST_TIMEOUT, async () => {
    const fake = await recordingGateway();
    try {
      await fake.gateway.anonymousPayment(anonymousPayment({ amount: 2500, extra: 'dropped' }));
      const [request] = fake.received;
      assert.equal(request.method, 'POST');
      assert.equal(request.path, '/api-shop/do/payment/anonymous');
      assert.equal(request.headers.authorization, `Basic ${Buffer.from(`${SHOP_TOKEN}:${SEC_KEY}`).toString('base64')}`);
      assert.match(request.headers['content-type'], /^application\/json/);
      assert.equal(request.body.amount, '2500');
      assert.equal(request.body.extra, undefined);
    } finally {
      await fake.close();
    }
  });

  test('an unreadable 200: gateway_bad_answer', TEST_TIMEOUT, async () => {
    const fake = await recordingGateway(() => ({ status: 200, body: '<html>maintenance</html>' }));
    try {
      const error = await fake.gateway.paymentStatus({ regPayNum: '1' }).catch((e) => e);
      assert.ok(error instanceof CKassaGatewayError);
      assert.equal(error.code, 'gateway_bad_answer');
    } finally {
      await fake.close();
    }
  });
});

describe('createGateway options', () => {
  test('base URL constants', () => {
    assert.equal(CKASSA_PRODUCTION_URL, 'https://api2.ckassa.ru/api-shop');
    assert.equal(CKASSA_DEMO_URL, 'https://demo-api2.ckassa.ru/api-shop');
  });

  test('bad options are TypeErrors', () => {
    assert.throws(() => createGateway({ baseUrl: 'nope', shopToken: 'a', secKey: 'b' }), TypeError);
    assert.throws(() => createGateway({ baseUrl: CKASSA_DEMO_URL, shopToken: 'a:b', secKey: 'c' }), TypeError);
    assert.throws(() => createGateway({ baseUrl: CKASSA_DEMO_URL, shopToken: 'a', secKey: '' }), TypeError);
    assert.throws(() => createGateway({ baseUrl: 'https://u:p@example.com', shopToken: 'a', secKey: 'b' }), TypeError);
  });

  test('a custom fetch is used; log lines carry no secrets and no bodies', TEST_TIMEOUT, async () => {
    const calls = [];
    const lines = [];
    const gateway = createGateway({
      baseUrl: `${CKASSA_DEMO_URL}/`,
      shopToken: 'shop-token-x',
      secKey: 'secret-key-y',
      log: (line) => lines.push(line),
      fetch: async (url, init) => {
        calls.push({ url, init });
        return new Response(JSON.stringify({ state: 'payed', totalAmount: 100 }), { status: 200, headers: { 'Content-Type': 'application/json' } });
      },
    });
    const { result } = await gateway.paymentStatus({ regPayNum: '123' });
    assert.equal(result.state, 'payed');
    assert.equal(calls[0].url, 'https://demo-api2.ckassa.ru/api-shop/check/payment/state');
    assert.equal(calls[0].init.method, 'POST');
    assert.deepEqual(JSON.parse(calls[0].init.body), { regPayNum: '123' });
    assert.equal(lines.length, 1);
    assert.match(lines[0], /paymentStatus \(check\/payment\/state\): HTTP 200/);
    assert.doesNotMatch(lines.join('\n'), /secret-key-y|shop-token-x|c2hvcC10b2tlbi14|123/);
  });

  test('secrets never show in inspect or JSON', () => {
    const gateway = createGateway({ baseUrl: CKASSA_DEMO_URL, shopToken: 'shop-token-x', secKey: 'secret-key-y' });
    const shown = `${inspect(gateway, { showHidden: true, depth: 5 })} ${JSON.stringify(gateway)}`;
    assert.doesNotMatch(shown, /secret-key-y|shop-token-x|c2hvcC10b2tlbi14/);
  });

  test('CommonJS: require(dist/server/index.cjs) works and shares the core', TEST_TIMEOUT, async () => {
    const require = createRequire(import.meta.url);
    const cjs = require('../../dist/server/index.cjs');
    assert.equal(typeof cjs.createGateway, 'function');
    assert.equal(typeof cjs.createProxy, 'function');
    assert.equal(cjs.CKASSA_DEMO_URL, CKASSA_DEMO_URL);
    const gateway = cjs.createGateway({ baseUrl: CKASSA_DEMO_URL, shopToken: 'a', secKey: 'b' });
    const error = await gateway.paymentStatus({ regPayNum: 'not digits' }).catch((e) => e);
    assert.equal(error.type, 'validation');
  });
});
