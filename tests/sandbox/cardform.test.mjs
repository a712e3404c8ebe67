// The payer's side over plain HTTP (as a browser with JavaScript off): the hosted card form, the test
// cards of the docs, wrong CVC, expiry rules, the 3DS page, card registration and the return URLs.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { sandbox, sharedSandbox, anonymousPayment, TEST_TIMEOUT } from './helpers.mjs';
import { TEST_CARDS } from '../../js/sandbox/index.js';

const DOCS_CARDS = [
  ['5479270000000000', '03/22', 'master_card'],
  ['4111111111111111', '12/24', 'visa'],
  ['6011000000000004', '12/24', 'maestro'],
  ['2201382000000013', '12/24', 'mir'],
  ['2201382000000062', '12/24', 'mir'],
  ['2201382000000039', '12/24', 'mir'],
];
const futureExp = () => `06/${String(new Date().getUTCFullYear() + 3).slice(2)}`;

describe('hosted card form', () => {
  const s = sharedSandbox({ notifyRetryMs: 20 }, { notify: true });

  test('the exported table holds the docs\' cards and the demo card', () => {
    assert.deepEqual(TEST_CARDS.map((card) => card.pan), [...DOCS_CARDS.map(([pan]) => pan), '4000000000000002']);
  });

  test('the form has the real form\'s inputs, one submit button and no script', TEST_TIMEOUT, async () => {
    const { payUrl, regPayNum, methodType } = await s.c.ok('do/payment/anonymous', anonymousPayment({ orderNote: 'Заказ на 26,25 _RUB_ / 1 _USD_ / _GPB_ _GBP_ _KZT_ _XYZ_ <script>' }));
    assert.equal(methodType, 'GET');
    const page = await s.c.get(payUrl);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type'), /^text\/html/);
    assert.match(page.headers.get('content-security-policy'), /default-src 'none'/);
    const html = page.body;
    assert.match(html, /<form method="post" action="\/cardpay\/api\/C\/pay"/);
    for (const name of ['pan', 'exp', 'holder', 'secret', 'order', 'operation']) assert.match(html, new RegExp(`name="${name}"`), name);
    assert.match(html, new RegExp(`name="order" value="${regPayNum}"`));
    assert.match(html, /name="operation" value="pay"/);
    assert.equal(html.match(/type="submit"/g).length, 1);
    assert.doesNotMatch(html, /<script/i);
    assert.match(html, /26,25&nbsp;₽/, 'the amount with comission');
    assert.match(html, /Заказ на 26,25 ₽ \/ 1 \$ \/ £ £ ₸ _XYZ_ &lt;script&gt;/, 'orderNote rendered and escaped');
  });

  for (const [pan, exp, cardType] of DOCS_CARDS) {
    test(`test card ${pan} (${exp}) with CVV 123 passes 3DS with 12345678 and pays`, TEST_TIMEOUT, async () => {
      const { regPayNum } = await s.c.ok('do/payment/anonymous', anonymousPayment());
      const submitted = await s.c.form('/cardpay/api/C/pay', { form: 'default', order: regPayNum, operation: 'pay', pan: pan.replace(/(\d{4})/g, '$1 ').trim(), exp: exp.replace('/', ' '), holder: 'TEST', secret: '123' });
      assert.equal(submitted.status, 303);
      assert.equal(submitted.location, `${s.sb.url}/3ds?order=${regPayNum}`);
      assert.equal((await s.c.status(regPayNum)).state, 'created', 'still created while on the 3DS page');
      const page = await s.c.get(submitted.location);
      assert.match(page.body, /name="code"/);
      assert.equal(page.body.match(/type="submit"/g).length, 1);
      const done = await s.c.form('/3ds', { order: regPayNum, code: '12345678' });
      assert.equal(done.status, 303);
      assert.equal(done.location, `${s.sb.url}/cardpay/result?order=${regPayNum}&regPayNum=${regPayNum}`);
      const status = await s.c.status(regPayNum);
      assert.equal(status.state, 'payed');
      assert.equal(status.errorCode, null);
      assert.equal(status.provisionServices, true);
      assert.match(status.procDate, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
      assert.deepEqual((await s.c.payment(regPayNum)).card, { cardMask: `${pan.slice(0, 6)}******${pan.slice(-4)}`, cardType });
      const result = await s.c.get(done.location);
      assert.match(result.body, /Ваш платеж произведен успешно/);
      assert.match(result.body, /RC=00/);
    });
  }

  test('the demo card 4000000000000002 pays with a future expiry', TEST_TIMEOUT, async () => {
    const { regPayNum } = await s.c.ok('do/payment/anonymous', anonymousPayment());
    await s.c.payWithCard(regPayNum, { pan: '4000000000000002', exp: futureExp() });
    assert.equal((await s.c.status(regPayNum)).state, 'payed');
  });

  test('a wrong CVC is RC 05: rejected, errorCode and message say so, payer sent to the fail URL', TEST_TIMEOUT, async () => {
    const { regPayNum } = await s.c.ok('do/payment/anonymous', anonymousPayment({ failUrl: 'https://shop.example/fail?x=1', successUrl: 'https://shop.example/ok' }));
    const answer = await s.c.payWithCard(regPayNum, { secret: '321' });
    assert.equal(answer.status, 303);
    assert.equal(answer.location, `https://shop.example/fail?x=1&regPayNum=${regPayNum}`);
    const status = await s.c.status(regPayNum);
    assert.equal(status.state, 'rejected');
    assert.equal(status.errorCode, 5);
    assert.match(status.error, /RC=05/);
    assert.match(status.message, /CVC/);
  });

  test('expiry: the table\'s date and any future date pass; other past dates are declined as expired', TEST_TIMEOUT, async () => {
    const pay = async (pan, exp) => {
      const { regPayNum } = await s.c.ok('do/payment/anonymous', anonymousPayment());
      await s.c.payWithCard(regPayNum, { pan, exp });
      return s.c.status(regPayNum);
    };
    assert.equal((await pay('5479270000000000', '03/22')).state, 'payed', 'table date, although past');
    assert.equal((await pay('5479270000000000', futureExp())).state, 'payed', 'future date');
    const past = await pay('5479270000000000', '04/22');
    assert.equal(past.state, 'rejected');
    assert.equal(past.errorCode, 54);
    assert.match(past.message, /срок действия карты истёк/);
    assert.equal((await pay('4000000000000002', '12/24')).state, 'rejected', 'the demo card has no table date');
  });

  test('unknown PANs (failing Luhn) and malformed input are refused on the form; the payment stays created', TEST_TIMEOUT, async () => {
    const { regPayNum } = await s.c.ok('do/payment/anonymous', anonymousPayment());
    const cases = [
      [{ pan: '4111111111111112' }, /Неверный номер карты/],
      [{ pan: '1234' }, /13–19 цифр/],
      [{ exp: '13/30' }, /ММ\/ГГ/],
      [{ exp: 'soon' }, /ММ\/ГГ/],
      [{ secret: '' }, /CVV/],
    ];
    for (const [fields, message] of cases) {
      const answer = await s.c.form('/cardpay/api/C/pay', { order: regPayNum, operation: 'pay', pan: '4111111111111111', exp: '12/24', holder: 'A', secret: '123', ...fields });
      assert.equal(answer.status, 400);
      assert.match(answer.text, message);
      assert.match(answer.text, /name="pan"/, 'the form is shown again');
      assert.equal((await s.c.status(regPayNum)).state, 'created');
    }
  });

  test('a wrong 3DS code rejects the payment with a clear message', TEST_TIMEOUT, async () => {
    const { regPayNum } = await s.c.ok('do/payment/anonymous', anonymousPayment());
    const answer = await s.c.payWithCard(regPayNum, { code: '00000000' });
    assert.equal(answer.status, 303);
    const status = await s.c.status(regPayNum);
    assert.equal(status.state, 'rejected');
    assert.match(status.message, /3-D Secure не пройден/);
  });

  test('return URL: request successUrl, else the returnUrl option, else the sandbox page; regPayNum added', TEST_TIMEOUT, async () => {
    const own = await s.c.ok('do/payment/anonymous', anonymousPayment({ successUrl: 'http://127.0.0.1:9/back#top' }));
    assert.equal((await s.c.payWithCard(own.regPayNum)).location, `http://127.0.0.1:9/back?regPayNum=${own.regPayNum}#top`);
    const configured = await sandbox({ returnUrl: 'https://merchant.example/return?from=sandbox' });
    try {
      const { regPayNum } = await configured.client.ok('do/payment/anonymous', anonymousPayment());
      assert.equal((await configured.client.payWithCard(regPayNum, { secret: '000' })).location, `https://merchant.example/return?from=sandbox&regPayNum=${regPayNum}`);
    } finally {
      await configured.close();
    }
  });

  test('a finished payment shows its result and a new attempt goes back to the merchant', TEST_TIMEOUT, async () => {
    const { regPayNum, payUrl } = await s.c.ok('do/payment/anonymous', anonymousPayment());
    await s.c.payWithCard(regPayNum);
    const page = await s.c.get(payUrl);
    assert.equal(page.status, 200);
    assert.match(page.body, /data-state="payed"/);
    assert.doesNotMatch(page.body, /name="pan"/);
    const again = await s.c.payWithCard(regPayNum);
    assert.equal(again.status, 303);
    assert.equal(s.hook.received.filter((r) => r.body.regPayNum === regPayNum).length <= 1, true, 'paid once');
    assert.equal((await s.c.get('/cardpay/card?order=999')).status, 404);
  });

  test('card registration: rpcheck charges 100 kopecks and gives them back, saves the card, notifies', TEST_TIMEOUT, async () => {
    const userToken = await s.c.user();
    const { regPayNum, payUrl } = await s.c.ok('card/registration', { userToken });
    const page = await s.c.get(payUrl);
    assert.match(page.body, /action="\/cardpay\/api\/C\/rpcheck"/);
    assert.match(page.body, /name="operation" value="checkpay"/);
    const wrongForm = await s.c.form('/cardpay/api/C/pay', { order: regPayNum, operation: 'pay', pan: '4111111111111111', exp: '12/24', secret: '123' });
    assert.equal(wrongForm.status, 400, 'a registration is not paid through /pay');
    const done = await s.c.payWithCard(regPayNum, { operation: 'checkpay', pan: '2201382000000013' });
    assert.equal(done.status, 303);
    const payment = await s.c.payment(regPayNum);
    assert.equal(payment.amount, 100);
    assert.equal(payment.state, 'refunded');
    assert.deepEqual(payment.history.map((h) => h.state), ['created', 'payed', 'refunded']);
    const { cards } = await s.c.ok('get/cards', { userToken });
    assert.equal(cards.length, 1);
    assert.deepEqual(cards[0], { cardMask: '220138******0013', cardToken: payment.cardToken, cardType: 'mir', state: 'active' });
    const received = await s.hook.until((r) => r.some((x) => x.body.userToken === userToken));
    const notification = received.find((x) => x.body.userToken === userToken);
    assert.deepEqual(notification.body, { userToken, cardMask: '220138******0013', cardToken: cards[0].cardToken, cardType: 'mir' });
    assert.match(notification.contentType, /^application\/json/);
    const result = await s.c.get(done.location);
    assert.match(result.body, /Карта успешно привязана/);
  });

  test('a declined card registration adds no card', TEST_TIMEOUT, async () => {
    const userToken = await s.c.user();
    const { regPayNum } = await s.c.ok('card/registration', { userToken });
    await s.c.payWithCard(regPayNum, { operation: 'checkpay', secret: '999' });
    assert.equal((await s.c.status(regPayNum)).state, 'rejected');
    assert.equal((await s.c.ok('get/cards', { userToken })).cards.length, 0);
  });

  test('the form only takes urlencoded bodies', TEST_TIMEOUT, async () => {
    const response = await fetch(`${s.sb.url}/cardpay/api/C/pay`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    assert.equal(response.status, 415);
    const big = await s.c.form('/cardpay/api/C/pay', { pan: 'x'.repeat(70_000) });
    assert.equal(big.status, 413);
  });

  test('the 3DS page without a card entered first explains itself', TEST_TIMEOUT, async () => {
    const { regPayNum } = await s.c.ok('do/payment/anonymous', anonymousPayment());
    assert.equal((await s.c.get(`/3ds?order=${regPayNum}`)).status, 409);
    assert.equal((await s.c.form('/3ds', { order: regPayNum, code: '12345678' })).status, 409);
    assert.equal((await s.c.status(regPayNum)).state, 'created');
  });

  test('the SBP page can refuse', TEST_TIMEOUT, async () => {
    const { regPayNum, payUrl } = await s.c.ok('do/payment/anonymous', anonymousPayment({ payType: 'sbp' }));
    assert.match((await s.c.get(payUrl)).body, /СБП/);
    await s.c.form('/cardpay/api/sbp', { order: regPayNum, decision: 'decline' });
    assert.equal((await s.c.status(regPayNum)).state, 'rejected');
  });
});
