// Scenario triggers: armed through POST /__sandbox/scenario or asked for per request in properties.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { sharedSandbox, anonymousPayment, AUTH, PROPERTIES, TEST_TIMEOUT } from './helpers.mjs';

const withScenario = (scenario, overrides = {}) => anonymousPayment({ properties: [...PROPERTIES, { name: 'SANDBOX_SCENARIO', value: scenario }], ...overrides });

/** A raw POST that reports a socket error instead of an answer. */
function rawPost(url, path, body) {
  return new Promise((resolve) => {
    const payload = JSON.stringify(body);
    const request = http.request(`${url}${path}`, {
      method: 'POST', agent: false, headers: { 'Content-Type': 'application/json', Authorization: AUTH, 'Content-Length': Buffer.byteLength(payload) },
    }, (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode }));
    });
    request.on('error', (error) => resolve({ error }));
    request.end(payload);
  });
}

describe('scenarios', () => {
  const s = sharedSandbox();

  test('decline: a good card is rejected with RC 05 (armed and per request)', TEST_TIMEOUT, async () => {
    const armed = await s.c.inspect('scenario', { operation: 'do/payment/anonymous', scenario: 'decline' });
    assert.equal(armed.status, 200);
    assert.deepEqual(armed.body.armed, { id: armed.body.armed.id, operation: 'do/payment/anonymous', scenario: 'decline', remaining: 1 });
    const first = await s.c.ok('do/payment/anonymous', anonymousPayment());
    const second = await s.c.ok('do/payment/anonymous', withScenario('decline'));
    const third = await s.c.ok('do/payment/anonymous', anonymousPayment());
    for (const regPayNum of [first.regPayNum, second.regPayNum]) {
      const answer = await s.c.payWithCard(regPayNum);
      assert.equal(answer.status, 303);
      const status = await s.c.status(regPayNum);
      assert.equal(status.state, 'rejected');
      assert.equal(status.errorCode, 5);
      assert.match(status.error, /RC=05/);
    }
    await s.c.payWithCard(third.regPayNum);
    assert.equal((await s.c.status(third.regPayNum)).state, 'payed', 'count 1 was used up');
  });

  test('decline on a recurrent charge rejects it at once', TEST_TIMEOUT, async () => {
    const userToken = await s.c.user();
    const card = await s.c.registerCard(userToken);
    await s.c.inspect('scenario', { scenario: 'decline' });
    const { regPayNum } = await s.c.ok('do/payment', { serviceCode: '1000-13864-2', userToken, cardToken: card.cardToken, amount: 100, comission: 0, properties: PROPERTIES });
    assert.equal((await s.c.status(regPayNum)).state, 'rejected');
  });

  test('3ds: the next recurrent charge answers 2365 without enableSMSConfirm', TEST_TIMEOUT, async () => {
    const userToken = await s.c.user();
    const card = await s.c.registerCard(userToken);
    await s.c.inspect('scenario', { scenario: '3ds', count: 2 });
    const charge = () => s.c.api('do/payment', { serviceCode: '1000-13864-2', userToken, cardToken: card.cardToken, amount: 100, comission: 0, properties: PROPERTIES });
    assert.equal((await charge()).body.code, 2365);
    assert.equal((await charge()).body.code, 2365);
    assert.equal((await charge()).status, 200);
  });

  test('error500: a 5xx with error JSON and no side effect, then normal answers', TEST_TIMEOUT, async () => {
    await s.c.inspect('scenario', { scenario: 'error500' });
    const failed = await s.c.api('user/registration', { login: '79020000000' });
    assert.equal(failed.status, 500);
    assert.equal(failed.body.code, 1999);
    assert.equal(typeof failed.body.userMessage, 'string');
    assert.equal(s.sb.state.listUsers().length, 0);
    assert.equal((await s.c.api('user/registration', { login: '79020000000' })).status, 200);
    const perRequest = await s.c.api('do/payment/anonymous', withScenario('error500'));
    assert.equal(perRequest.status, 500);
    assert.equal(s.sb.state.listPayments().length, 0);
  });

  test('slow:<ms> delays the answer', TEST_TIMEOUT, async () => {
    await s.c.inspect('scenario', { operation: 'check/payment/state', scenario: 'slow:1500' });
    const { regPayNum } = await s.c.ok('do/payment/anonymous', anonymousPayment());
    const started = Date.now();
    assert.equal((await s.c.status(regPayNum)).state, 'created');
    assert.ok(Date.now() - started >= 1490, `took ${Date.now() - started} ms`);
    const fast = Date.now();
    await s.c.status(regPayNum);
    assert.ok(Date.now() - fast < 1400, 'only the armed request was slow');
  });

  test('drop-after-create: the client sees a socket error and the payment exists', TEST_TIMEOUT, async () => {
    await s.c.inspect('scenario', { operation: 'do/payment/anonymous', scenario: 'drop-after-create' });
    const dropped = await rawPost(s.sb.url, '/api-shop/do/payment/anonymous', anonymousPayment({ amount: 777 }));
    assert.ok(dropped.error, 'no answer');
    assert.match(dropped.error.code ?? dropped.error.message, /ECONNRESET|socket hang up/);
    const payments = s.sb.state.listPayments();
    assert.equal(payments.length, 1);
    assert.equal(payments[0].amount, 777);
    assert.equal(payments[0].state, 'created');
    const perRequest = await rawPost(s.sb.url, '/api-shop/rs/shop/do/payment/anonymous', withScenario('drop-after-create'));
    assert.ok(perRequest.error);
    assert.equal(s.sb.state.listPayments().length, 2);
  });

  test('expired: the order is created already expired; paying fails with 1702', TEST_TIMEOUT, async () => {
    const { regPayNum } = await s.c.ok('do/payment/anonymous', withScenario('expired'));
    const status = await s.c.status(regPayNum);
    assert.equal(status.state, 'rejected');
    assert.equal(status.errorCode, 1702);
    const attempt = await s.c.payWithCard(regPayNum);
    assert.equal(attempt.status, 303);
    assert.equal((await s.c.status(regPayNum)).state, 'rejected');
  });

  test('scenarios wait for a request they apply to; operation and count are honoured', TEST_TIMEOUT, async () => {
    await s.c.inspect('scenario', { scenario: 'decline' });
    await s.c.inspect('scenario', { operation: 'card/registration', scenario: 'error500', count: 2 });
    await s.c.ok('user/registration', { login: '79020000000' });
    assert.equal((await s.c.api('do/payment/anonymous', anonymousPayment())).status, 200, 'error500 is for card/registration only');
    const listed = await s.c.inspect('scenario');
    assert.deepEqual(listed.body.scenarios.map((s) => [s.scenario, s.remaining]), [['error500', 2]], 'decline was taken by the payment, not the registration');
  });

  test('unknown scenarios, operations and counts are refused', TEST_TIMEOUT, async () => {
    for (const body of [{ scenario: 'explode' }, { scenario: 'slow:999999' }, { scenario: 'decline', operation: 'do/magic' }, { scenario: 'decline', count: 0 }, [], null]) {
      const answer = await s.c.inspect('scenario', body);
      assert.equal(answer.status, 400, JSON.stringify(body));
      assert.equal(answer.body.code, 1901);
    }
    const bad = await s.c.api('do/payment/anonymous', withScenario('explode'));
    assert.equal(bad.status, 400);
    assert.match(bad.body.message, /SANDBOX_SCENARIO/);
    const notApplicable = await s.c.api('do/payment/anonymous', withScenario('3ds'));
    assert.equal(notApplicable.status, 400);
  });
});
