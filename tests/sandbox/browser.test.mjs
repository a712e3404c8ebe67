// The 3-D Secure round trip in a real browser (Debian's Chromium driven by playwright-core): the hosted
// card form, the 3DS page, and the way back to the merchant, with JavaScript off and on.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { launchChromium } from '../support/browser.mjs';
import { sandbox, anonymousPayment, PROPERTIES } from './helpers.mjs';

const OPTIONS = { timeout: 60_000 };

/** A merchant page the payer comes back to; it shows the query it was given. */
async function merchant() {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://merchant.invalid');
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><title>Merchant</title><h1 id="back">${url.pathname}</h1><p id="regPayNum">${url.searchParams.get('regPayNum')}</p>`);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }) };
}

async function typeCard(page, { pan, exp, secret }) {
  await page.fill('input[name="pan"]', pan);
  await page.fill('input[name="exp"]', exp);
  await page.fill('input[name="secret"]', secret);
  await page.fill('input[name="holder"]', 'IVAN IVANOV');
  await page.click('button[type="submit"]');
}

async function pass3ds(page, code) {
  await page.waitForURL(/\/3ds\?order=\d+$/);
  await page.fill('input[name="code"]', code);
  await page.click('button[type="submit"]');
}

describe('browser: hosted form and 3DS', () => {
  let sb;
  let shop;
  before(async () => {
    shop = await merchant();
    sb = await sandbox();
  });
  after(async () => {
    await sb.close();
    await shop.close();
  });

  test('with JavaScript off: card form → 3DS page → merchant successUrl; a bad PAN is refused on the form', OPTIONS, async () => {
    const browser = await launchChromium({ javaScriptEnabled: false });
    try {
      const page = await browser.context.newPage();
      const { regPayNum, payUrl } = await sb.client.ok('do/payment/anonymous', anonymousPayment({
        orderNote: 'Оплата заказа №7 на 26,25 _RUB_', successUrl: `${shop.url}/ok`, failUrl: `${shop.url}/fail`,
      }));
      await page.goto(payUrl);
      assert.match(await page.textContent('[data-testid="order-note"]'), /Оплата заказа №7 на 26,25 ₽/);
      assert.match(await page.textContent('[data-testid="total"]'), /26,25/);
      await typeCard(page, { pan: '4111 1111 1111 1112', exp: '12/24', secret: '123' });
      assert.match(await page.textContent('[data-testid="error"]'), /Неверный номер карты/);
      assert.equal((await sb.client.status(regPayNum)).state, 'created');
      await typeCard(page, { pan: '4111 1111 1111 1111', exp: '12 24', secret: '123' });
      await pass3ds(page, '12345678');
      await page.waitForURL(`${shop.url}/ok?regPayNum=${regPayNum}`);
      assert.equal(await page.textContent('#regPayNum'), regPayNum);
      assert.equal((await sb.client.status(regPayNum)).state, 'payed');
    } finally {
      await browser.close();
    }
  });

  test('with JavaScript on: card registration, then a recurrent charge that needs 3DS (2365), wrong code then right', OPTIONS, async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.context.newPage();
      const c = sb.client;
      const userToken = await c.user('79027777777');
      const registration = await c.ok('card/registration', { userToken });
      await page.goto(registration.payUrl);
      await typeCard(page, { pan: '2201382000000039', exp: '12/24', secret: '123' });
      await pass3ds(page, '12345678');
      await page.waitForURL(/\/cardpay\/result\?order=\d+&regPayNum=\d+$/);
      assert.match(await page.textContent('[data-testid="state"]'), /Карта успешно привязана/);
      const [card] = (await c.ok('get/cards', { userToken })).cards;
      assert.equal(card.cardType, 'mir');

      const charge = () => c.api('do/payment', {
        serviceCode: '1000-13864-2', userToken, cardToken: card.cardToken, amount: 5000, comission: 0, properties: PROPERTIES,
        enableSMSConfirm: true, successUrl: `${shop.url}/ok`, failUrl: `${shop.url}/fail`,
      });
      const refused = await charge();
      assert.equal(refused.body.code, 2365);
      await page.goto(refused.body.securePageURL);
      await pass3ds(page, '11111111');
      await page.waitForURL(`${shop.url}/fail?regPayNum=${refused.body.regPayNum}`);
      const status = await c.status(refused.body.regPayNum);
      assert.equal(status.state, 'rejected');
      assert.match(status.message, /3-D Secure/);

      const again = await charge();
      await page.goto(again.body.securePageURL);
      await pass3ds(page, '12345678');
      await page.waitForURL(`${shop.url}/ok?regPayNum=${again.body.regPayNum}`);
      assert.equal((await c.status(again.body.regPayNum)).state, 'payed');
    } finally {
      await browser.close();
    }
  });
});
