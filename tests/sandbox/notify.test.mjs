// Notifications: body shapes, retries with growing intervals until HTTP 200, bounded attempts,
// what is notified by default and with notifyAll, and the record of every attempt.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { sandbox, anonymousPayment, receiver, eventually, TEST_TIMEOUT } from './helpers.mjs';

/** Starts a receiver and a sandbox notifying it; runs `body`, then closes both. */
async function withNotified(receiverOptions, sandboxOptions, body) {
  const hook = await receiver(receiverOptions);
  const sb = await sandbox({ notifyUrl: hook.url, notifyRetryMs: 20, ...sandboxOptions });
  try {
    await body(sb, hook);
  } finally {
    await sb.close();
    await hook.close();
  }
}

/** Waits until the payment's notification reaches `status` (delivered or failed) and returns it. */
const settledDelivery = (sb, regPayNum, status) => eventually(
  () => sb.state.listNotifications().find((d) => d.regPayNum === regPayNum && d.status === status),
  5000,
  `notification ${status}`,
);

describe('notifications', () => {
  test('a paid payment is notified with the docs\' fields, amounts as strings', TEST_TIMEOUT, () => withNotified({}, {}, async (sb, hook) => {
    const { regPayNum } = await sb.client.ok('do/payment/anonymous', anonymousPayment());
    await sb.client.payWithCard(regPayNum);
    const [first] = await hook.until((r) => r.length === 1);
    assert.equal(first.path, '/notify');
    assert.deepEqual(first.body, { regPayNum, amount: '2500', comission: '125', state: 'payed', errorCode: 0, errorMsg: null });
  }));

  test('retries with doubling intervals until an HTTP 200 (201 is not enough) and records each attempt', TEST_TIMEOUT, () => withNotified({ statuses: [500, 503, 201] }, { notifyRetryMs: 40 }, async (sb, hook) => {
    const { regPayNum } = await sb.client.ok('do/payment/anonymous', anonymousPayment());
    await sb.client.payWithCard(regPayNum);
    const received = await hook.until((r) => r.length === 4);
    const gaps = received.slice(1).map((r, i) => r.at - received[i].at);
    gaps.forEach((gap, i) => assert.ok(gap >= 40 * 2 ** i - 5, `gap ${i} was ${gap} ms, expected about ${40 * 2 ** i}`));
    assert.ok(received.every((r) => r.body.regPayNum === regPayNum), 'the same notification each time');
    const delivery = await settledDelivery(sb, regPayNum, 'delivered');
    assert.deepEqual(delivery.attempts.map((a) => a.status), [500, 503, 201, 200]);
    assert.equal(delivery.kind, 'payment');
    assert.equal(delivery.url, hook.url);
    assert.deepEqual(delivery.body, received[0].body);
    for (const attempt of delivery.attempts) {
      assert.ok(!Number.isNaN(Date.parse(attempt.at)));
      assert.equal(typeof attempt.durationMs, 'number');
    }
    assert.equal(delivery.attempts[3].responseBody, '{"message":"success"}');
    const http = await sb.client.inspect('notifications');
    assert.deepEqual(http.body.notifications.map((d) => d.id), sb.state.listNotifications().map((d) => d.id));
  }));

  test('gives up after a bounded number of attempts', TEST_TIMEOUT, () => withNotified({ statuses: Array(10).fill(500) }, { notifyRetryMs: 5, notifyMaxAttempts: 4 }, async (sb, hook) => {
    const { regPayNum } = await sb.client.ok('do/payment/anonymous', anonymousPayment());
    await sb.client.payWithCard(regPayNum);
    const delivery = await settledDelivery(sb, regPayNum, 'failed');
    assert.equal(delivery.attempts.length, 4);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(hook.received.length, 4, 'no attempt after the last one');
  }));

  test('an unreachable receiver is retried and the network error is recorded', TEST_TIMEOUT, async () => {
    const gone = await receiver();
    await gone.close();
    const sb = await sandbox({ notifyUrl: gone.url, notifyRetryMs: 5, notifyMaxAttempts: 3 });
    try {
      const { regPayNum } = await sb.client.ok('do/payment/anonymous', anonymousPayment());
      await sb.client.payWithCard(regPayNum);
      const delivery = await settledDelivery(sb, regPayNum, 'failed');
      assert.ok(delivery.attempts.every((a) => a.status === null && /ECONNREFUSED|connect/i.test(a.error)));
    } finally {
      await sb.close();
    }
  });

  test('by default rejections are not notified; with notifyAll they are, with errorCode and errorMsg', TEST_TIMEOUT, async () => {
    for (const notifyAll of [false, true]) {
      await withNotified({}, { notifyAll }, async (sb, hook) => {
        const { regPayNum } = await sb.client.ok('do/payment/anonymous', anonymousPayment());
        await sb.client.payWithCard(regPayNum, { secret: '000' });
        const paid = await sb.client.ok('do/payment/anonymous', anonymousPayment());
        await sb.client.payWithCard(paid.regPayNum);
        const received = await hook.until((r) => r.some((x) => x.body.regPayNum === paid.regPayNum));
        const rejected = received.filter((r) => r.body.regPayNum === regPayNum);
        if (!notifyAll) {
          assert.equal(rejected.length, 0);
        } else {
          assert.equal(rejected.length, 1);
          assert.equal(rejected[0].body.state, 'rejected');
          assert.equal(rejected[0].body.errorCode, 5);
          assert.match(rejected[0].body.errorMsg, /CVC/);
        }
      });
    }
  });

  test('holds, confirmations and refunds are notified as they happen', TEST_TIMEOUT, () => withNotified({}, {}, async (sb, hook) => {
    const c = sb.client;
    const { regPayNum } = await c.ok('do/payment/anonymous', anonymousPayment({ amount: 1000, comission: 0, holdTtl: 900 }));
    await c.payWithCard(regPayNum);
    await c.ok('provision-services/confirm', { regPayNum, orderId: 'o-7', amount: 800 });
    await c.ok('provision-services/refund', { regPayNum, note: 'part', refundAmount: 300, remainingAmount: 500 });
    await c.ok('provision-services/refund', { regPayNum, note: 'rest', refundAmount: 500, remainingAmount: 0 });
    const received = await hook.until((r) => r.length === 3);
    assert.deepEqual(received.map((r) => [r.body.state, r.body.amount]), [['holded', '1000'], ['processed', '800'], ['refunded', '800']]);
  }));

  test('without a notify URL deliveries are recorded as unsent', TEST_TIMEOUT, async () => {
    const sb = await sandbox();
    try {
      const userToken = await sb.client.user();
      await sb.client.registerCard(userToken);
      const [delivery] = sb.state.listNotifications();
      assert.equal(delivery.kind, 'card');
      assert.equal(delivery.status, 'unsent');
      assert.deepEqual(delivery.attempts, []);
    } finally {
      await sb.close();
    }
  });
});
