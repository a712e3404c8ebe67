// The notification receiver: alone and inside the proxy, against the sandbox's notifier and by hand.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startSandbox } from '../../js/sandbox/index.js';
import { server, listen, postJson, anonymousPayment, payOnForm, eventually, SHOP_TOKEN, SEC_KEY, TEST_TIMEOUT } from './helpers.mjs';

const { createNotificationHandler, createProxy, createGateway, parseNotification, CKASSA_NOTIFICATION_SOURCES } = server;

const payment = (state, regPayNum = '1310958041') => ({ regPayNum, amount: '100000', comission: '1000', state, errorCode: 0, errorMsg: null });
const card = { userToken: '7d5a1ee1-5c8e-4e37-9a7e-1f6d3c1c2b10', cardMask: '411111******1111', cardToken: '0e1d2c3b-4a59-4687-9a1b-2c3d4e5f6a7b', cardType: 'visa' };

/** A receiver on node:http that records what its callback got; `fail` makes the callback throw. */
async function receiver(options = {}) {
  const stored = [];
  const state = { failures: options.failures ?? 0 };
  const handler = createNotificationHandler({
    ...options,
    onNotification: async (notification, info) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (state.failures > 0) {
        state.failures -= 1;
        throw new Error('database down');
      }
      stored.push({ notification, info });
    },
  });
  const http = await listen(handler.handle);
  return { ...http, stored, handler, post: (body, headers) => postJson(`${http.url}/notify`, body, headers) };
}

describe('createNotificationHandler', () => {
  test('stores a payment notification once; repeats get 200 without a callback', TEST_TIMEOUT, async () => {
    const r = await receiver();
    try {
      const first = await r.post(payment('payed'));
      assert.equal(first.status, 200);
      assert.equal(first.body.message, 'success');
      const repeat = await r.post(payment('payed'));
      assert.equal(repeat.status, 200);
      assert.equal(repeat.body.duplicate, true);
      const concurrent = await Promise.all([1, 2, 3].map(() => r.post(payment('payed', '555'))));
      assert.deepEqual(concurrent.map((a) => a.status), [200, 200, 200]);
      assert.equal(r.stored.length, 2);
      const [{ notification, info }] = r.stored;
      assert.equal(notification.kind, 'payment');
      assert.equal(notification.regPayNum, '1310958041');
      assert.equal(notification.amount, 100000);
      assert.equal(notification.state, 'payed');
      assert.equal(info.key, 'payment:1310958041:payed');
      assert.equal(info.remoteAddress, '127.0.0.1');
    } finally {
      await r.close();
    }
  });

  test('card-registration notifications are keyed by userToken and cardToken', TEST_TIMEOUT, async () => {
    const r = await receiver();
    try {
      assert.equal((await r.post(card)).status, 200);
      assert.equal((await r.post(card)).status, 200);
      assert.equal(r.stored.length, 1);
      assert.equal(r.stored[0].notification.kind, 'cardRegistration');
      assert.equal(r.stored[0].info.key, `card:${card.userToken}:${card.cardToken}`);
    } finally {
      await r.close();
    }
  });

  test('a failing callback is answered 500, and the repeat is stored', TEST_TIMEOUT, async () => {
    const r = await receiver({ failures: 1 });
    try {
      const failed = await r.post(payment('payed'));
      assert.equal(failed.status, 500);
      assert.equal(r.stored.length, 0);
      assert.equal((await r.post(payment('payed'))).status, 200);
      assert.equal(r.stored.length, 1);
    } finally {
      await r.close();
    }
  });

  test('out of order: an older state after a newer one is acknowledged, not passed on', TEST_TIMEOUT, async () => {
    const r = await receiver();
    try {
      assert.equal((await r.post(payment('payed'))).status, 200);
      assert.equal((await r.post(payment('refunded'))).status, 200);
      const late = await r.post(payment('payed', '1310958041'));
      assert.equal(late.status, 200);
      const older = await r.post(payment('holded'));
      assert.equal(older.status, 200);
      assert.equal(older.body.ignored, 'out_of_order');
      assert.deepEqual(r.stored.map((s) => s.notification.state), ['payed', 'refunded']);
      // Forward moves are passed on.
      assert.equal((await r.post(payment('holded', '777'))).status, 200);
      assert.equal((await r.post(payment('processed', '777'))).status, 200);
      assert.deepEqual(r.stored.slice(2).map((s) => s.notification.state), ['holded', 'processed']);
      // An undocumented state has no rank: passed on, with the core's warning.
      assert.equal((await r.post(payment('on_hold_by_bank'))).status, 200);
      assert.equal(r.stored.at(-1).notification.state, 'on_hold_by_bank');
      assert.ok(r.stored.at(-1).notification.warnings.some((w) => w.code === 'unknown_state'));
    } finally {
      await r.close();
    }
  });

  test('malformed bodies: 400, the callback never called', TEST_TIMEOUT, async () => {
    const r = await receiver();
    try {
      for (const body of ['{"regPayNum":', '[]', '{}', { regPayNum: '1' }, { regPayNum: 'x', amount: '1', state: 'payed' }, '']) {
        const answer = await r.post(body);
        assert.equal(answer.status, 400, JSON.stringify(body));
      }
      assert.equal(r.stored.length, 0);
      const get = await fetch(`${r.url}/notify`);
      assert.equal(get.status, 405);
    } finally {
      await r.close();
    }
  });

  test('allow-list with CIDR ranges: other sources get 403; X-Forwarded-For only from trusted proxies', TEST_TIMEOUT, async () => {
    const outside = await receiver({ allowList: CKASSA_NOTIFICATION_SOURCES });
    const inside = await receiver({ allowList: ['10.0.0.0/8', '127.0.0.0/8'] });
    const behind = await receiver({ allowList: CKASSA_NOTIFICATION_SOURCES, trustProxy: ['127.0.0.1'] });
    try {
      const refused = await outside.post(payment('payed'), { 'X-Forwarded-For': '94.138.149.7' });
      assert.equal(refused.status, 403);
      assert.equal(refused.body.error.code, 'source_not_allowed');
      assert.equal((await inside.post(payment('payed'))).status, 200);
      assert.equal((await behind.post(payment('payed'), { 'X-Forwarded-For': '94.138.149.7' })).status, 200);
      assert.equal((await behind.post(payment('payed', '2'), { 'X-Forwarded-For': '94.138.150.7' })).status, 403);
      assert.equal((await behind.post(payment('payed', '3'), { 'X-Forwarded-For': '178.161.210.54' })).status, 200);
      assert.equal(outside.stored.length, 0);
    } finally {
      await Promise.all([outside.close(), inside.close(), behind.close()]);
    }
    assert.throws(() => createNotificationHandler({ onNotification() {}, allowList: ['10.0.0.0/33'] }), TypeError);
    assert.throws(() => createNotificationHandler({ onNotification() {}, allowList: ['example.com'] }), TypeError);
  });

  test('the Fetch API mount', TEST_TIMEOUT, async () => {
    const stored = [];
    const handler = createNotificationHandler({ onNotification: (n) => { stored.push(n); }, allowList: ['192.0.2.0/24'] });
    const post = (context) => handler.fetch(new Request('https://shop.example/notify', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(payment('payed')),
    }), context);
    assert.equal((await post({ remoteAddress: '198.51.100.1' })).status, 403);
    assert.equal((await post({ remoteAddr: { hostname: '192.0.2.10' } })).status, 200);
    assert.equal(stored.length, 1);
  });

  test('parseNotification delegates to the core', () => {
    assert.equal(parseNotification(payment('payed')).kind, 'payment');
    assert.equal(parseNotification(JSON.stringify(card)).kind, 'cardRegistration');
    assert.throws(() => parseNotification({ hello: 'world' }), (error) => error.type === 'validation');
  });
});

describe('notifications from the sandbox through the proxy', () => {
  test('the sandbox retries until the callback stores it; a card registration arrives too', TEST_TIMEOUT, async () => {
    const stored = [];
    let failures = 2;
    let proxy;
    const http = await listen((req, res) => proxy.handle(req, res));
    const sandbox = await startSandbox({ host: '127.0.0.1', port: 0, notifyUrl: `${http.url}/api/ckassa/notifications`, notifyRetryMs: 30 });
    try {
      const gateway = createGateway({ baseUrl: `${sandbox.url}/api-shop`, shopToken: SHOP_TOKEN, secKey: SEC_KEY });
      proxy = createProxy({
        gateway,
        operations: ['anonymousPayment'],
        onNotification: async (notification) => {
          if (notification.kind === 'payment' && failures > 0) {
            failures -= 1;
            throw new Error('not now');
          }
          stored.push(notification);
        },
      });
      const { result } = await gateway.anonymousPayment(anonymousPayment());
      await payOnForm(sandbox.url, result.regPayNum);
      const { result: user } = await gateway.registerUser({ login: '79020000020' });
      const { result: registration } = await gateway.registerCard({ userToken: user.userToken });
      await payOnForm(sandbox.url, registration.regPayNum, { operation: 'checkpay' });
      await eventually(() => stored.some((n) => n.kind === 'payment') && stored.some((n) => n.kind === 'cardRegistration'), 10_000, 'both notifications stored');
      const deliveries = (await (await fetch(`${sandbox.url}/__sandbox/notifications`)).json()).notifications;
      const paid = deliveries.find((d) => d.kind === 'payment');
      assert.equal(paid.status, 'delivered');
      assert.deepEqual(paid.attempts.map((a) => a.status), [500, 500, 200]);
      assert.equal(stored.filter((n) => n.kind === 'payment').length, 1);
      assert.equal(stored.find((n) => n.kind === 'payment').regPayNum, result.regPayNum);
    } finally {
      await sandbox.close();
      await http.close();
    }
  });
});
