// What must never happen at checkout: a second payment when the network drops after the gateway
// created the first, and a navigation to a place the proxy's answer was tampered to point at.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { BOUNDED, openShop, clickTo, fillCardForm, pass3ds, resultShows, signIn } from './helpers.mjs';

/** The proxy's anonymousPayment route (a Playwright URL predicate). */
const isPayment = (url) => url.pathname === '/api/ckassa/anonymousPayment';

describe('no double charge when the network drops', () => {
  test('the answer is lost on its way to the page; after a reload the page retries with the same key: one payment', BOUNDED, async (t) => {
    const shop = await openShop(t);
    const { page } = shop;
    const keys = [];
    let dropped = false;
    await page.route(isPayment, async (route) => {
      keys.push(route.request().headers()['idempotency-key']);
      if (dropped) return route.continue();
      dropped = true;
      // The request reaches the proxy and the gateway creates the payment; the answer never arrives.
      await route.fetch();
      await route.abort('connectionreset');
    });
    await shop.openCheckout();
    await page.click('#pay');
    await page.waitForSelector('#pay-error:not([hidden])');
    assert.equal(await page.getAttribute('#pay-error', 'data-error-type'), 'network');
    assert.match(await page.textContent('#pay-error'), /never charged twice/);
    assert.equal((await shop.sandbox.payments()).length, 1);

    // The payer reloads and presses the button again: the attempt (and its key) survived the reload.
    await page.reload();
    await page.waitForSelector('#pay:enabled');
    await clickTo(page, '#pay', '/cardpay/card');
    assert.equal(keys.length, 2);
    assert.match(keys[0], /^[0-9a-f-]{36}$/);
    assert.equal(keys[1], keys[0]);
    const [created] = await shop.sandbox.payments();
    assert.equal(new URL(page.url()).searchParams.get('order'), created.regPayNum);
    await fillCardForm(page);
    await pass3ds(page);
    const regPayNum = await resultShows(page, 'payed');
    assert.equal(regPayNum, created.regPayNum);
    const payments = await shop.sandbox.payments();
    assert.equal(payments.length, 1);
    assert.equal(payments[0].state, 'payed');
    shop.clean();
  });

  test('the gateway drops the connection after creating the payment (drop-after-create): never sent again', BOUNDED, async (t) => {
    const shop = await openShop(t);
    const { page } = shop;
    const answers = [];
    page.on('response', (response) => { if (isPayment(new URL(response.url()))) answers.push(response.status()); });
    await shop.sandbox.arm({ operation: 'do/payment/anonymous', scenario: 'drop-after-create' });
    await shop.openCheckout();
    await page.click('#pay');
    await page.waitForSelector('#pay-error:not([hidden])');
    assert.match(await page.textContent('#pay-error'), /could not confirm whether this payment was created/);
    // Pressing again sends the same key; the proxy knows the outcome is unknown and does not resend it.
    await page.click('#pay');
    await page.waitForFunction(() => document.getElementById('pay-error').dataset.errorCode === 'idempotency_outcome_unknown');
    assert.match(await page.textContent('#pay-error'), /could not confirm whether this payment was created/);
    assert.equal(page.url(), `${shop.demo.url}/`);
    assert.equal(answers.at(-1), 409);
    const payments = await shop.sandbox.payments();
    assert.equal(payments.length, 1, JSON.stringify(payments.map((p) => p.regPayNum)));
    assert.equal(payments[0].state, 'created');
    shop.clean();
  });

  test('back from the card form and Pay again: the same payment opens, not a second one', BOUNDED, async (t) => {
    const shop = await openShop(t);
    const { page } = shop;
    await shop.openCheckout();
    await clickTo(page, '#pay', '/cardpay/card');
    const first = new URL(page.url()).searchParams.get('order');
    await page.goBack();
    await page.waitForSelector('#pay:enabled');
    await clickTo(page, '#pay', '/cardpay/card');
    assert.equal(new URL(page.url()).searchParams.get('order'), first);
    await fillCardForm(page);
    await pass3ds(page);
    assert.equal(await resultShows(page, 'payed'), first);
    assert.equal((await shop.sandbox.payments()).length, 1);
    shop.clean();
  });
});

describe('redirect safety', () => {
  test('a securePageURL tampered to point elsewhere is refused: the page stays and says so', BOUNDED, async (t) => {
    const shop = await openShop(t);
    const { page, context } = shop;
    const evil = [];
    await context.route((url) => url.hostname === 'evil.example', (route) => {
      evil.push(route.request().url());
      return route.abort();
    });
    // The proxy's 2365 action, rewritten on its way to the page.
    await page.route((url) => url.pathname === '/api/ckassa/recurrentPayment', async (route) => {
      const response = await route.fetch();
      const body = await response.json();
      assert.equal(body.action?.reason, '3ds', JSON.stringify(body));
      body.action.url = 'https://evil.example/3ds';
      await route.fulfill({ response, json: body });
    });

    // A saved card first (its form and 3-D Secure are the real ones).
    await shop.openCheckout();
    await signIn(page, '79020000001');
    await clickTo(page, '#link-card', '/cardpay/card');
    await fillCardForm(page);
    await pass3ds(page);
    await resultShows(page, 'refunded');
    await clickTo(page, 'a.back', '/');
    await page.waitForSelector('#cards input[name=card]:checked');

    await page.click('#pay-saved');
    await page.waitForSelector('#wallet-error:not([hidden])');
    assert.equal(await page.getAttribute('#wallet-error', 'data-error-type'), 'redirect_blocked');
    assert.equal(await page.getAttribute('#wallet-error', 'data-error-code'), 'host_not_allowed');
    assert.match(await page.textContent('#wallet-error'), /address was refused, so nothing was opened/);
    // Nothing navigates, now or a moment later, and nothing went to the other host.
    await page.waitForTimeout(500);
    assert.equal(page.url(), `${shop.demo.url}/`);
    assert.equal(await page.isEnabled('#pay-saved'), true);
    assert.deepEqual(evil, []);
    assert.deepEqual(shop.seen.foreignRequests, []);
    shop.clean();
  });

  test('a payUrl tampered to javascript: or a look-alike host is refused the same way', BOUNDED, async (t) => {
    const shop = await openShop(t);
    const { page } = shop;
    const targets = ['javascript:alert(document.domain)', 'https://demo-acq.bisys.ru.evil.example/cardpay/card?order=1'];
    let i = 0;
    await page.route(isPayment, async (route) => {
      const response = await route.fetch();
      const body = await response.json();
      body.result.payUrl = targets[i++];
      await route.fulfill({ response, json: body });
    });
    let dialogs = 0;
    page.on('dialog', (dialog) => { dialogs += 1; dialog.dismiss(); });
    await shop.openCheckout();
    for (const code of ['scheme_not_allowed', 'host_not_allowed']) {
      await page.click('#pay');
      await page.waitForFunction((c) => document.getElementById('pay-error').dataset.errorCode === c, code);
      assert.equal(await page.getAttribute('#pay-error', 'data-error-type'), 'redirect_blocked');
    }
    assert.equal(page.url(), `${shop.demo.url}/`);
    assert.equal(dialogs, 0);
    assert.deepEqual(shop.seen.foreignRequests, []);
    shop.clean();
  });
});
