// The Shop API operations over HTTP: both path prefixes, auth, validation, users, cards, payments,
// status, refunds, holds and expiry.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { sandbox, sharedSandbox, anonymousPayment, basic, PREFIXES, PROPERTIES, TEST_TIMEOUT } from './helpers.mjs';

describe('Shop API', () => {
  const s = sharedSandbox();

  for (const prefix of PREFIXES) {
    test(`every operation answers at ${prefix}`, TEST_TIMEOUT, async () => {
      const opts = { prefix };
      const registered = await s.c.ok('user/registration', { login: '79020000001', email: 'a@b.ru', name: 'Иван' }, opts);
      assert.equal(registered.login, '79020000001');
      assert.equal(registered.state, 'active');
      assert.match(registered.userToken, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const status = await s.c.ok('user/status', { login: '79020000001' }, opts);
      assert.deepEqual(status, registered);
      const { userToken } = registered;

      const cardReg = await s.c.ok('card/registration', { userToken, clientType: 'web' }, opts);
      assert.match(cardReg.regPayNum, /^\d{11}$/);
      assert.equal(cardReg.methodType, 'GET');
      assert.equal(cardReg.payUrl, `${s.sb.url}/cardpay/card?order=${cardReg.regPayNum}`);
      assert.equal(cardReg.userPhone, '79020000001');
      await s.c.payWithCard(cardReg.regPayNum, { operation: 'checkpay' });

      const plain = await s.c.ok('get/cards', { userToken }, opts);
      assert.equal(plain.userToken, userToken);
      assert.equal(plain.cards.length, 1);
      assert.deepEqual(Object.keys(plain.cards[0]).sort(), ['cardMask', 'cardToken', 'cardType', 'state']);
      for (const version of ['ver2/get/cards', 'ver3/get/cards']) {
        const listed = await s.c.ok(version, { userToken }, opts);
        assert.equal(listed.cards[0].exp, '122024');
        assert.equal(listed.cards[0].cardToken, plain.cards[0].cardToken);
      }
      const { cardToken } = plain.cards[0];

      const recurrent = await s.c.ok('do/payment', { serviceCode: '1000-13864-2', userToken, cardToken, amount: '10000', comission: '0', properties: PROPERTIES }, opts);
      assert.equal(recurrent.payUrl, `${s.sb.url}/cardpay/receipt?order=${recurrent.regPayNum}`);
      assert.equal(recurrent.userToken, userToken);
      assert.equal((await s.c.ok('check/payment/state', { regPayNum: recurrent.regPayNum }, opts)).state, 'payed');

      const anonymous = await s.c.ok('do/payment/anonymous', anonymousPayment(), opts);
      assert.deepEqual(Object.keys(anonymous).sort(), ['methodType', 'payUrl', 'regPayNum']);

      const refund = await s.c.ok('provision-services/refund', { regPayNum: recurrent.regPayNum, note: 'test', refundAmount: '10000', remainingAmount: '0' }, opts);
      assert.equal(refund.resultState, 'success');

      const held = await s.c.ok('do/payment', { serviceCode: '1000-13864-2', userToken, cardToken, amount: 500, comission: 0, holdTtl: '1800', properties: PROPERTIES }, opts);
      assert.equal((await s.c.status(held.regPayNum)).state, 'holded');
      const confirmed = await s.c.ok('provision-services/confirm', { regPayNum: held.regPayNum, orderId: 'order-1' }, opts);
      assert.equal(confirmed.resultState, 'success');
      assert.equal((await s.c.status(held.regPayNum)).state, 'processed');

      const deactivated = await s.c.ok('card/deactivation', { userToken, cardToken }, opts);
      assert.deepEqual(deactivated, { resultState: 'success', desc: 'Card deactivated', userToken });
      assert.equal((await s.c.ok('get/cards', { userToken }, opts)).cards[0].state, 'inactive');
    });
  }

  test('a trailing slash is accepted (one integration sends card/deactivation/)', TEST_TIMEOUT, async () => {
    const answer = await s.c.api('user/registration/', { login: '79020000002' });
    assert.equal(answer.status, 200);
  });

  describe('authentication', () => {
    const cases = {
      'no Authorization header': null,
      'wrong secKey': basic('sandbox-shop-token', 'wrong'),
      'wrong shopToken': basic('other', 'sandbox-sec-key'),
      'not Basic': 'Bearer sandbox-shop-token',
      'garbage': 'Basic !!!',
    };
    for (const [name, auth] of Object.entries(cases)) {
      test(`refuses ${name} with 401 and code 1201`, TEST_TIMEOUT, async () => {
        const answer = await s.c.api('user/registration', { login: '79020000003' }, { auth });
        assert.equal(answer.status, 401);
        assert.equal(answer.body.code, 1201);
        assert.equal(typeof answer.body.message, 'string');
        assert.equal(typeof answer.body.userMessage, 'string');
        assert.match(answer.headers.get('www-authenticate'), /^Basic/);
        assert.equal(s.sb.state.listUsers().length, 0, 'nothing was registered');
      });
    }

    test('configured credentials replace the test pair', TEST_TIMEOUT, async () => {
      const own = await sandbox({ shopToken: 'shop-1', secKey: 'key-1' });
      try {
        assert.equal((await own.client.api('user/status', { login: '79020000000' })).status, 401);
        const answer = await own.client.api('user/registration', { login: '79020000000' }, { auth: basic('shop-1', 'key-1') });
        assert.equal(answer.status, 200);
      } finally {
        await own.close();
      }
    });
  });

  describe('users', () => {
    test('registering a known login returns the existing user', TEST_TIMEOUT, async () => {
      const first = await s.c.ok('user/registration', { login: '79020000000', name: 'A' });
      const second = await s.c.ok('user/registration', { login: '79020000000', name: 'B' });
      assert.deepEqual(second, first);
    });

    for (const login of ['+79020000000', '7902000000', '7902000000012345', '7902-000-00-00', '']) {
      test(`login ${JSON.stringify(login)} is refused with 1402`, TEST_TIMEOUT, async () => {
        const answer = await s.c.api('user/registration', { login });
        assert.equal(answer.status, 400);
        assert.equal(answer.body.code, 1402);
        assert.match(answer.body.message, /login/);
      });
    }

    test('status of an unknown login is 1401 UserNotRegisteredForShop', TEST_TIMEOUT, async () => {
      const answer = await s.c.api('user/status', { login: '79029999999' });
      assert.equal(answer.status, 400);
      assert.equal(answer.body.code, 1401);
    });

    test('an unknown userToken is 1401; an inactive user is 1501', TEST_TIMEOUT, async () => {
      assert.equal((await s.c.api('get/cards', { userToken: 'nope' })).body.code, 1401);
      const userToken = await s.c.user('79021111111');
      await s.c.inspect('users/79021111111/state', { state: 'inactive' });
      const answer = await s.c.api('card/registration', { userToken });
      assert.equal(answer.body.code, 1501);
    });
  });

  describe('cards', () => {
    test('recurrent charges refuse unknown (1101) and inactive (1102) cards', TEST_TIMEOUT, async () => {
      const userToken = await s.c.user();
      const card = await s.c.registerCard(userToken);
      const charge = (cardToken) => s.c.api('do/payment', { serviceCode: '1000-13864-2', userToken, cardToken, amount: 100, comission: 0, properties: PROPERTIES });
      assert.equal((await charge('00000000-0000-4000-8000-000000000000')).body.code, 1101);
      const otherUser = await s.c.user('79023333333');
      const otherCard = await s.c.registerCard(otherUser);
      assert.equal((await charge(otherCard.cardToken)).body.code, 1101, "another user's card is not found");
      await s.c.ok('card/deactivation', { userToken, cardToken: card.cardToken });
      const inactive = await charge(card.cardToken);
      assert.equal(inactive.status, 400);
      assert.equal(inactive.body.code, 1102);
      assert.equal((await s.c.api('card/deactivation', { userToken, cardToken: card.cardToken })).body.code, 1102);
    });

    test('cards get their type and mask from the PAN', TEST_TIMEOUT, async () => {
      const userToken = await s.c.user();
      const expected = {
        '4111111111111111': ['411111******1111', 'visa'],
        '5479270000000000': ['547927******0000', 'master_card'],
        '2201382000000013': ['220138******0013', 'mir'],
        '6011000000000004': ['601100******0004', 'maestro'],
        '3530111333300000': ['353011******0000', 'undefined'],
      };
      for (const [pan, [mask, type]] of Object.entries(expected)) {
        const card = await s.c.registerCard(userToken, { pan, exp: pan.startsWith('5479') ? '03/22' : pan.startsWith('35') ? '12/39' : '12/24' });
        assert.equal(card.cardMask, mask);
        assert.equal(card.cardType, type);
        assert.equal(card.state, 'active');
        assert.match(card.cardToken, /^[0-9a-f-]{36}$/);
      }
    });

    test('a saved card that expires on the virtual clock is refused with 1103', TEST_TIMEOUT, async () => {
      const userToken = await s.c.user();
      const year = new Date().getUTCFullYear() + 1;
      const card = await s.c.registerCard(userToken, { pan: '4000000000000002', exp: `12/${String(year).slice(2)}` });
      await s.c.inspect('clock', { advanceSeconds: 3 * 365 * 24 * 3600 });
      const answer = await s.c.api('do/payment', { serviceCode: '1000-13864-2', userToken, cardToken: card.cardToken, amount: 100, comission: 0, properties: PROPERTIES });
      assert.equal(answer.body.code, 1103);
    });
  });

  describe('payments', () => {
    test('amounts are accepted as numbers or numeric strings; status sends totalAmount as a number', TEST_TIMEOUT, async () => {
      for (const [amount, comission] of [[2500, 125], ['2500', '125'], ['2500', 125]]) {
        const { regPayNum } = await s.c.ok('do/payment/anonymous', anonymousPayment({ amount, comission }));
        const status = await s.c.status(regPayNum);
        assert.equal(status.totalAmount, 2625);
        assert.deepEqual(Object.keys(status).sort(), [
          'createdDate', 'error', 'errorCode', 'message', 'procDate', 'providerName', 'providerServCode', 'provisionServices', 'state', 'totalAmount',
        ]);
        assert.equal(status.state, 'created');
        assert.match(status.createdDate, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
        assert.equal(status.procDate, null);
        assert.equal(status.provisionServices, false);
        assert.equal(status.providerServCode, '1000-13864-2');
        assert.equal(status.providerName, 'Тест ShopAPI');
      }
    });

    test('regPayNum is accepted as a string or a number; unknown is 1601', TEST_TIMEOUT, async () => {
      const { regPayNum } = await s.c.ok('do/payment/anonymous', anonymousPayment());
      assert.equal((await s.c.ok('check/payment/state', { regPayNum: Number(regPayNum) })).state, 'created');
      const unknown = await s.c.api('check/payment/state', { regPayNum: '1' });
      assert.equal(unknown.status, 400);
      assert.equal(unknown.body.code, 1601);
    });

    const invalid = {
      'missing serviceCode': [{ serviceCode: undefined }, 'serviceCode'],
      'serviceCode shape': [{ serviceCode: '1000_13864_2' }, 'serviceCode'],
      'zero amount': [{ amount: 0 }, 'amount'],
      'fractional amount': [{ amount: 10.5 }, 'amount'],
      'decimal string amount': [{ amount: '10.50' }, 'amount'],
      'negative comission': [{ comission: -1 }, 'comission'],
      'missing comission': [{ comission: undefined }, 'comission'],
      'empty properties': [{ properties: [] }, 'properties'],
      'properties not an array': [{ properties: { name: 'a', value: 'b' } }, 'properties'],
      'property value a number': [{ properties: [{ name: 'Л/СЧЕТ', value: 5 }] }, 'properties[0].value'],
      'payType': [{ payType: 'cash' }, 'payType'],
      'clientType': [{ clientType: 'desktop' }, 'clientType'],
      'orderItems tax': [{ orderItems: [{ num: 1, name: 'x', quantity: 1, price: 100, tax: 'vat99' }] }, 'orderItems[0].tax'],
      'orderItems price': [{ orderItems: [{ num: 1, name: 'x', quantity: 1, price: '1.5', tax: 'vat0' }] }, 'orderItems[0].price'],
      'orderItems quantity': [{ orderItems: [{ num: 1, name: 'x', quantity: 0, price: 1, tax: 'vat0' }] }, 'orderItems[0].quantity'],
      'orderBestBefore in milliseconds': [{ orderBestBefore: Date.now() + 60_000 }, 'orderBestBefore'],
      'userPhone with +': [{ userPhone: '+79020000000' }, 'userPhone'],
      'successUrl not a URL': [{ successUrl: 'javascript:alert(1)' }, 'successUrl'],
      'clientAuInfo not base64 JSON': [{ clientAuInfo: { authenticationInfo: 'bm90IGpzb24=' } }, 'clientAuInfo.authenticationInfo'],
    };
    for (const [name, [overrides, field]] of Object.entries(invalid)) {
      test(`refuses ${name} with 1901 naming ${field}`, TEST_TIMEOUT, async () => {
        const answer = await s.c.api('do/payment/anonymous', anonymousPayment(overrides));
        assert.equal(answer.status, 400);
        assert.equal(answer.body.code, 1901);
        assert.ok(answer.body.message.includes(field), answer.body.message);
        assert.equal(s.sb.state.listPayments().length, 0);
      });
    }

    test('do/payment requires userToken and the payment fields', TEST_TIMEOUT, async () => {
      const answer = await s.c.api('do/payment', {});
      assert.equal(answer.body.code, 1901);
      for (const field of ['serviceCode', 'amount', 'comission', 'properties', 'userToken']) assert.match(answer.body.message, new RegExp(field));
    });

    test('the docs\' anonymous example is accepted as it is', TEST_TIMEOUT, async () => {
      const answer = await s.c.ok('do/payment/anonymous', {
        serviceCode: '109-5804-1', amount: 450, comission: 13300, payType: 'card', clientType: 'web', userPhone: '79020000000', userEmail: 'ana@mi.ru',
        properties: [{ name: 'Л/СЧЕТ', value: '9503006477' }, { name: 'ФИО', value: 'Иванов Н П' }],
        orderItems: [{ num: 1, name: 'name1', quantity: 2, price: 100, tax: 'vat0' }, { num: 2, name: 'name2', quantity: 5, price: 50, tax: 'vat110' }],
      });
      assert.match(answer.regPayNum, /^\d+$/);
    });

    test('clientAuInfo is decoded and kept for inspection', TEST_TIMEOUT, async () => {
      const data = { browserTZ: -180, browserLanguage: 'ru-RU', browserUserAgent: 'Тест' };
      const authenticationInfo = Buffer.from(JSON.stringify(data)).toString('base64');
      const { regPayNum } = await s.c.ok('do/payment/anonymous', anonymousPayment({ clientAuInfo: { ipAddress: '127.0.0.1', agentName: 'x', authenticationInfo } }));
      assert.deepEqual((await s.c.payment(regPayNum)).clientAuInfo.authenticationInfo.decoded, data);
    });

    test('do/payment without cardToken answers a form payUrl with the userToken', TEST_TIMEOUT, async () => {
      const userToken = await s.c.user();
      const answer = await s.c.ok('do/payment', { serviceCode: '1000-13864-2', userToken, amount: 100, comission: 0, properties: PROPERTIES, needRegCard: true });
      assert.equal(answer.payUrl, `${s.sb.url}/cardpay/card?order=${answer.regPayNum}`);
      assert.equal(answer.userToken, userToken);
      await s.c.payWithCard(answer.regPayNum);
      assert.equal((await s.c.status(answer.regPayNum)).state, 'payed');
      assert.equal((await s.c.ok('get/cards', { userToken })).cards.length, 1, 'needRegCard saved the card');
    });

    test('enableSMSConfirm always answers 2365 with regPayNum and securePageURL', TEST_TIMEOUT, async () => {
      const userToken = await s.c.user();
      const card = await s.c.registerCard(userToken);
      for (const enableSMSConfirm of [true, 'true']) {
        const answer = await s.c.api('do/payment', { serviceCode: '1000-13864-2', userToken, cardToken: card.cardToken, amount: 700, comission: 0, properties: PROPERTIES, enableSMSConfirm });
        assert.equal(answer.status, 400);
        assert.equal(answer.body.code, 2365);
        assert.equal(typeof answer.body.message, 'string');
        assert.equal(typeof answer.body.userMessage, 'string');
        assert.equal(answer.body.securePageURL, `${s.sb.url}/3ds?order=${answer.body.regPayNum}`);
        assert.equal((await s.c.status(answer.body.regPayNum)).state, 'created');
        const page = await s.c.get(answer.body.securePageURL);
        assert.equal(page.status, 200);
        const done = await s.c.form('/3ds', { order: answer.body.regPayNum, code: '12345678' });
        assert.equal(done.status, 303);
        assert.equal((await s.c.status(answer.body.regPayNum)).state, 'payed');
      }
      const quiet = await s.c.api('do/payment', { serviceCode: '1000-13864-2', userToken, cardToken: card.cardToken, amount: 700, comission: 0, properties: PROPERTIES, enableSMSConfirm: 'false' });
      assert.equal(quiet.status, 200);
    });

    test('fiscalCash is paid at once; gPay needs its token; sbp answers payUrlImg', TEST_TIMEOUT, async () => {
      const cash = await s.c.ok('do/payment/anonymous', anonymousPayment({ serviceCode: '15636-15727-1', payType: 'fiscalCash' }));
      assert.equal((await s.c.status(cash.regPayNum)).state, 'payed');
      assert.equal((await s.c.api('do/payment/anonymous', anonymousPayment({ payType: 'gPay' }))).body.code, 1701);
      const gpay = await s.c.ok('do/payment/anonymous', anonymousPayment({ payType: 'gPay', gPayToken: 'tok' }));
      assert.equal((await s.c.status(gpay.regPayNum)).state, 'payed');
      const sbp = await s.c.ok('do/payment/anonymous', anonymousPayment({ payType: 'sbp' }));
      assert.equal(sbp.payUrlImg, null);
      assert.equal(sbp.payUrl, `${s.sb.url}/cardpay/sbp?order=${sbp.regPayNum}`);
      const paid = await s.c.form('/cardpay/api/sbp', { order: sbp.regPayNum, decision: 'pay' });
      assert.equal(paid.status, 303);
      assert.equal((await s.c.status(sbp.regPayNum)).state, 'payed');
    });

    test('services option limits the service codes (1301)', TEST_TIMEOUT, async () => {
      const limited = await sandbox({ services: ['109-5804-1', { serviceCode: '1-2-3', name: 'Мой сервис' }] });
      try {
        assert.equal((await limited.client.api('do/payment/anonymous', anonymousPayment())).body.code, 1301);
        const { regPayNum } = await limited.client.ok('do/payment/anonymous', anonymousPayment({ serviceCode: '1-2-3' }));
        assert.equal((await limited.client.status(regPayNum)).providerName, 'Мой сервис');
      } finally {
        await limited.close();
      }
    });
  });

  describe('refunds and holds', () => {
    async function paid(amount = 2500, comission = 125, extra = {}) {
      const { regPayNum } = await s.c.ok('do/payment/anonymous', anonymousPayment({ amount, comission, ...extra }));
      await s.c.payWithCard(regPayNum);
      return regPayNum;
    }

    test('partial refunds keep payed until nothing is left, then refunded', TEST_TIMEOUT, async () => {
      const regPayNum = await paid();
      const first = await s.c.ok('provision-services/refund', { regPayNum, note: 'test', refundAmount: '2400', remainingAmount: '225' });
      assert.equal(first.remainingAmount, 225);
      assert.equal((await s.c.status(regPayNum)).state, 'payed');
      assert.equal((await s.c.payment(regPayNum)).remainingAmount, 225);
      const mismatch = await s.c.api('provision-services/refund', { regPayNum, note: '', refundAmount: 100, remainingAmount: 100 });
      assert.equal(mismatch.status, 400);
      assert.equal(mismatch.body.code, 1603);
      await s.c.ok('provision-services/refund', { regPayNum, note: 'rest', refundAmount: 225, remainingAmount: 0 });
      assert.equal((await s.c.status(regPayNum)).state, 'refunded');
      assert.equal((await s.c.api('provision-services/refund', { regPayNum, note: '', refundAmount: 1, remainingAmount: 0 })).body.code, 1602);
    });

    test('refund of a payment that is not paid is refused with 1602', TEST_TIMEOUT, async () => {
      const { regPayNum } = await s.c.ok('do/payment/anonymous', anonymousPayment());
      const answer = await s.c.api('provision-services/refund', { regPayNum, note: 'x', refundAmount: 2625, remainingAmount: 0 });
      assert.equal(answer.status, 400);
      assert.equal(answer.body.code, 1602);
    });

    test('refund requires every docs field', TEST_TIMEOUT, async () => {
      const regPayNum = await paid();
      const answer = await s.c.api('provision-services/refund', { regPayNum, refundAmount: 100 });
      assert.equal(answer.body.code, 1901);
      assert.match(answer.body.message, /note is required; remainingAmount is required/);
    });

    test('legacy {regPayNum, orderId} voids a hold or refunds in full', TEST_TIMEOUT, async () => {
      const held = await paid(1000, 0, { holdTtl: 1800 });
      assert.equal((await s.c.status(held)).state, 'holded');
      await s.c.ok('provision-services/refund', { regPayNum: held, orderId: 'o-1' });
      assert.equal((await s.c.status(held)).state, 'refunded');
      const payed = await paid();
      await s.c.ok('provision-services/refund', { regPayNum: payed, orderId: 42 });
      assert.equal((await s.c.status(payed)).state, 'refunded');
    });

    test('confirm captures a hold, possibly less; a non-held payment is refused', TEST_TIMEOUT, async () => {
      const held = await paid(1000, 50, { holdTtl: '600' });
      const over = await s.c.api('provision-services/confirm', { regPayNum: held, orderId: 'o', amount: 1001 });
      assert.equal(over.body.code, 1701);
      await s.c.ok('provision-services/confirm', { regPayNum: held, orderId: 'o', amount: '900' });
      assert.equal((await s.c.status(held)).state, 'processed');
      assert.equal((await s.c.payment(held)).remainingAmount, 950);
      assert.equal((await s.c.api('provision-services/confirm', { regPayNum: held, orderId: 'o' })).body.code, 1701);
      assert.equal((await s.c.api('provision-services/confirm', { regPayNum: held })).body.code, 1901);
      await s.c.ok('provision-services/refund', { regPayNum: held, note: 'back', refundAmount: 950, remainingAmount: 0 });
      assert.equal((await s.c.status(held)).state, 'refunded');
    });

    test('a hold not confirmed within holdTtl is returned', TEST_TIMEOUT, async () => {
      const held = await paid(1000, 0, { holdTtl: 600 });
      await s.c.inspect('clock', { advanceSeconds: 601 });
      const status = await s.c.status(held);
      assert.equal(status.state, 'refunded');
      assert.match(status.message, /holdTtl/);
    });
  });

  describe('orderBestBefore', () => {
    test('an order paid in time succeeds; after expiry the status is rejected with 1702', TEST_TIMEOUT, async () => {
      const now = Math.floor(Date.now() / 1000);
      const inTime = await s.c.ok('do/payment/anonymous', anonymousPayment({ orderBestBefore: now + 3600 }));
      await s.c.payWithCard(inTime.regPayNum);
      assert.equal((await s.c.status(inTime.regPayNum)).state, 'payed');

      const late = await s.c.ok('do/payment/anonymous', anonymousPayment({ orderBestBefore: String(now + 3600) }));
      await s.c.inspect('clock', { advanceSeconds: 3601 });
      const status = await s.c.status(late.regPayNum);
      assert.equal(status.state, 'rejected');
      assert.equal(status.errorCode, 1702);
      assert.match(status.message, /истёк/);
      const attempt = await s.c.form('/cardpay/api/C/pay', { order: late.regPayNum, operation: 'pay', pan: '4111111111111111', exp: '12/24', secret: '123' });
      assert.equal(attempt.status, 303, 'the payer is sent back to the merchant');
      assert.equal((await s.c.status(late.regPayNum)).state, 'rejected');
    });

    test('an order that expires while the payer is on the 3DS page is rejected', TEST_TIMEOUT, async () => {
      const now = Math.floor(Date.now() / 1000);
      const { regPayNum } = await s.c.ok('do/payment/anonymous', anonymousPayment({ orderBestBefore: now + 60 }));
      const submitted = await s.c.form('/cardpay/api/C/pay', { order: regPayNum, operation: 'pay', pan: '4111111111111111', exp: '12/24', secret: '123' });
      assert.match(submitted.location, /\/3ds\?order=/);
      await s.c.inspect('clock', { advanceSeconds: 61 });
      await s.c.form('/3ds', { order: regPayNum, code: '12345678' });
      assert.equal((await s.c.status(regPayNum)).errorCode, 1702);
    });

    test('an orderBestBefore already past at creation is refused with 1702', TEST_TIMEOUT, async () => {
      const answer = await s.c.api('do/payment/anonymous', anonymousPayment({ orderBestBefore: Math.floor(Date.now() / 1000) - 1 }));
      assert.equal(answer.status, 400);
      assert.equal(answer.body.code, 1702);
    });
  });

  describe('protocol errors', () => {
    test('unknown operation is 404, GET is 405, wrong Content-Type is 415, all with error JSON', TEST_TIMEOUT, async () => {
      const unknown = await s.c.api('do/nothing', {});
      assert.equal(unknown.status, 404);
      assert.equal(unknown.body.code, 1901);
      const get = await fetch(`${s.sb.url}/api-shop/user/status`, { headers: { Authorization: basic('sandbox-shop-token', 'sandbox-sec-key') } });
      assert.equal(get.status, 405);
      assert.equal(get.headers.get('allow'), 'POST');
      assert.equal((await get.json()).code, 1901);
      const text = await s.c.api('user/status', '{"login":"79020000000"}', { raw: true, headers: { 'Content-Type': 'text/plain' } });
      assert.equal(text.status, 415);
      assert.equal(text.body.code, 1901);
    });

    test('invalid JSON, arrays, nulls and primitives are 400 code 1901', TEST_TIMEOUT, async () => {
      for (const raw of ['{', '[]', 'null', '42', '"x"', '', '{"login":}', '\u00ff']) {
        const answer = await s.c.api('user/status', raw, { raw: true });
        assert.equal(answer.status, 400, raw);
        assert.equal(answer.body.code, 1901, raw);
      }
    });

    test('a body over 1 MiB is 413 code 1902', TEST_TIMEOUT, async () => {
      const huge = JSON.stringify({ login: '79020000000', pad: 'x'.repeat(1024 * 1024) });
      const answer = await s.c.api('user/registration', huge, { raw: true });
      assert.equal(answer.status, 413);
      assert.equal(answer.body.code, 1902);
      const fits = JSON.stringify({ login: '79020000000', pad: 'x'.repeat(1024 * 1024 - 100) });
      assert.equal((await s.c.api('user/registration', fits, { raw: true })).status, 200);
    });
  });
});
