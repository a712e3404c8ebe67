// The inspection API under /__sandbox/ and the same operations on the `state` object of startSandbox().
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { sharedSandbox, anonymousPayment, TEST_TIMEOUT } from './helpers.mjs';

describe('inspection API', () => {
  const s = sharedSandbox({ notifyAll: true }, { notify: true });

  test('needs no auth and lists its routes', TEST_TIMEOUT, async () => {
    const index = await s.c.get('/__sandbox/');
    assert.equal(index.status, 200);
    for (const route of ['GET /__sandbox/payments', 'GET /__sandbox/payments/<regPayNum>', 'GET /__sandbox/users', 'GET /__sandbox/notifications',
      'POST /__sandbox/reset', 'POST /__sandbox/clock', 'POST /__sandbox/scenario']) {
      assert.ok(index.body.routes.includes(route), route);
    }
  });

  test('payments, one payment, users with cards (no PAN), notifications', TEST_TIMEOUT, async () => {
    const userToken = await s.c.user();
    const card = await s.c.registerCard(userToken, { pan: '5479270000000000', exp: '03/22' });
    const { regPayNum } = await s.c.ok('do/payment/anonymous', anonymousPayment({ orderNote: 'n' }));
    const { payments } = (await s.c.inspect('payments')).body;
    assert.equal(payments.length, 2);
    const one = (await s.c.inspect(`payments/${regPayNum}`)).body;
    assert.equal(one.regPayNum, regPayNum);
    assert.equal(one.state, 'created');
    assert.equal(one.totalAmount, 2625);
    assert.equal(one.orderNote, 'n');
    assert.deepEqual(one.properties, anonymousPayment().properties);
    assert.equal(s.sb.state.getPayment(regPayNum).regPayNum, regPayNum);
    const missing = await s.c.inspect('payments/1');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.code, 1601);

    const { users } = (await s.c.inspect('users')).body;
    assert.equal(users.length, 1);
    assert.equal(users[0].userToken, userToken);
    assert.deepEqual(users[0].cards.map((x) => x.cardToken), [card.cardToken]);
    assert.doesNotMatch(JSON.stringify(users), /5479270000000000/, 'no full PAN');
    assert.doesNotMatch(JSON.stringify(payments), /5479270000000000/, 'no full PAN');

    await s.hook.until((r) => r.some((x) => x.body.cardToken === card.cardToken));
    const { notifications } = (await s.c.inspect('notifications')).body;
    assert.equal(notifications[0].kind, 'card');
  });

  test('reset forgets users, payments, notifications and armed scenarios', TEST_TIMEOUT, async () => {
    await s.c.user();
    await s.c.ok('do/payment/anonymous', anonymousPayment());
    await s.c.inspect('scenario', { scenario: 'decline' });
    await s.c.inspect('clock', { advanceSeconds: 60 });
    const answer = await s.c.inspect('reset', {});
    assert.deepEqual(answer.body, { ok: true });
    assert.equal((await s.c.inspect('payments')).body.payments.length, 0);
    assert.equal((await s.c.inspect('users')).body.users.length, 0);
    assert.equal((await s.c.inspect('scenario')).body.scenarios.length, 0);
    assert.equal((await s.c.inspect('notifications')).body.notifications.length, 0);
    assert.equal((await s.c.inspect('clock')).body.offsetSeconds, 0);
    assert.equal((await s.c.api('user/status', { login: '79020000000' })).body.code, 1401);
  });

  test('the virtual clock moves createdDate and expiry forward only', TEST_TIMEOUT, async () => {
    const before = (await s.c.inspect('clock')).body;
    assert.equal(before.offsetSeconds, 0);
    const moved = await s.c.inspect('clock', { advanceSeconds: 86_400 });
    assert.equal(moved.status, 200);
    assert.equal(moved.body.offsetSeconds, 86_400);
    assert.ok(moved.body.nowSeconds - before.nowSeconds >= 86_400);
    const { regPayNum } = await s.c.ok('do/payment/anonymous', anonymousPayment());
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    assert.equal((await s.c.status(regPayNum)).createdDate.slice(0, 10), tomorrow);
    for (const advanceSeconds of [-1, 'x', null, undefined]) {
      const refused = await s.c.inspect('clock', { advanceSeconds });
      assert.equal(refused.status, 400);
      assert.equal(refused.body.code, 1901);
    }
    assert.equal(s.sb.state.advanceClock(10).offsetSeconds, 86_410);
  });

  test('a payment forced to payed can be refunded', TEST_TIMEOUT, async () => {
    const { regPayNum } = await s.c.ok('do/payment/anonymous', anonymousPayment());
    s.sb.state.setPaymentState(regPayNum, { state: 'payed' });
    await s.c.ok('provision-services/refund', { regPayNum, note: '', refundAmount: 2625, remainingAmount: 0 });
    assert.equal((await s.c.status(regPayNum)).state, 'refunded');
  });

  test('a payment can be forced into error or created_error (and is notified with notifyAll)', TEST_TIMEOUT, async () => {
    const { regPayNum } = await s.c.ok('do/payment/anonymous', anonymousPayment());
    const forced = await s.c.inspect(`payments/${regPayNum}/state`, { state: 'error', errorCode: 1999, message: 'processing failed' });
    assert.equal(forced.status, 200);
    const status = await s.c.status(regPayNum);
    assert.equal(status.state, 'error');
    assert.equal(status.errorCode, 1999);
    const received = await s.hook.until((r) => r.some((x) => x.body.regPayNum === regPayNum));
    const notification = received.find((x) => x.body.regPayNum === regPayNum);
    assert.deepEqual(notification.body, { regPayNum, amount: '2500', comission: '125', state: 'error', errorCode: 1999, errorMsg: 'processing failed' });
    assert.equal((await s.c.inspect(`payments/${regPayNum}/state`, { state: 'lost' })).status, 400);
  });

  test('unknown routes are 404 and wrong methods 405, as error JSON', TEST_TIMEOUT, async () => {
    const unknown = await s.c.get('/__sandbox/nothing');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.code, 1901);
    const wrong = await fetch(`${s.sb.url}/__sandbox/payments`, { method: 'DELETE' });
    assert.equal(wrong.status, 405);
    assert.equal(wrong.headers.get('allow'), 'GET');
    const both = await fetch(`${s.sb.url}/__sandbox/clock`, { method: 'PUT' });
    assert.equal(both.headers.get('allow'), 'GET, POST');
    const invalid = await fetch(`${s.sb.url}/__sandbox/clock`, { method: 'POST', body: '{' });
    assert.equal(invalid.status, 400);
  });
});
