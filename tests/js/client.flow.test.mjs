// The whole checkout in Chromium with the built web entry: pay() sends the payer to the (fake) card
// form, the payer pays and comes back, resume() reports the final state; a reload while the payment is
// being created resends the same idempotency key; a 2365 answer sends the payer to 3-D Secure by GET;
// in an iframe, breakOutOfIframe navigates the top window (GET and POST).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium } from '../support/browser.mjs';
import { BUILT, PAYMENT, UUID_V4 } from '../support/client-proxy.mjs';
import { startShop } from '../support/client-shop.mjs';

const skip = BUILT ? false : 'needs the built package (npm run build)';
let browser;
before(async () => {
  if (!skip) browser = await launchChromium();
});
after(async () => {
  await browser?.close();
});

async function openCheckout(shop) {
  const page = await browser.context.newPage();
  await page.goto(`${shop.url}/checkout.html`);
  await page.waitForFunction(() => window.ready === true);
  return page;
}

/** Starts pay() without awaiting it in the page (the page is about to navigate away). */
function startPay(page, input) {
  return page.evaluate((i) => {
    window.client.pay(i).catch((e) => {
      window.payError = `${e.type}:${e.code}`;
    });
  }, input);
}

test('pay → card form → back → resume() reports the final state', { skip, timeout: 60_000 }, async () => {
  const shop = await startShop();
  try {
    const page = await openCheckout(shop);
    assert.equal(await page.evaluate(() => window.resumed), null, 'nothing pending at first');
    await startPay(page, PAYMENT);
    await page.waitForURL(/\/form\?order=100$/);
    assert.deepEqual(shop.pages, [['GET', '/form']]);
    const created = shop.state.requests.find((r) => r.operation === 'anonymousPayment');
    assert.match(created.headers['idempotency-key'], UUID_V4);
    assert.equal(created.body.successUrl, `${shop.url}/checkout.html`);
    await page.click('#pay');
    await page.waitForURL(/\/checkout\.html$/);
    await page.waitForFunction(() => window.outcome !== undefined, null, { timeout: 20_000 });
    const outcome = await page.evaluate(() => window.outcome);
    assert.equal(outcome.type, 'final');
    assert.equal(outcome.state, 'payed');
    assert.equal(outcome.isSuccess, true);
    assert.equal(outcome.regPayNum, '100');
    assert.equal(await page.textContent('#status'), 'payed');
    assert.equal(await page.evaluate(() => sessionStorage.getItem('ckassa-sdk:attempt')), null, 'the attempt is over');
    await page.close();
  } finally {
    await shop.close();
  }
});

test('a POST card form is opened by submitting a form', { skip, timeout: 60_000 }, async () => {
  const shop = await startShop({ methodType: 'POST' });
  try {
    const page = await openCheckout(shop);
    await startPay(page, PAYMENT);
    await page.waitForURL(/\/form\?order=100$/);
    assert.deepEqual(shop.pages, [['POST', '/form']]);
    await page.close();
  } finally {
    await shop.close();
  }
});

test('a reload while the payment is being created keeps the same idempotency key', { skip, timeout: 60_000 }, async () => {
  const shop = await startShop({ delayFirstMs: 4000 });
  try {
    const page = await openCheckout(shop);
    await startPay(page, PAYMENT);
    await waitFor(() => shop.state.requests.some((r) => r.operation === 'anonymousPayment'));
    const stored = JSON.parse(await page.evaluate(() => sessionStorage.getItem('ckassa-sdk:attempt')));
    await page.reload();
    await page.waitForFunction(() => window.ready === true);
    await startPay(page, PAYMENT);
    await page.waitForURL(/\/form\?order=\d+$/, { timeout: 20_000 });
    const keys = shop.state.requests.filter((r) => r.operation === 'anonymousPayment').map((r) => r.headers['idempotency-key']);
    assert.equal(keys.length, 2);
    assert.equal(keys[0], keys[1], 'the reloaded page resends the same attempt');
    assert.equal(keys[0], stored.key);
    await page.close();
  } finally {
    await shop.close();
  }
});

test('a 2365 answer sends the payer to 3-D Secure by GET; back on the page, resume() reports the outcome', { skip, timeout: 60_000 }, async () => {
  const shop = await startShop();
  try {
    const page = await openCheckout(shop);
    await startPay(page, {
      ...PAYMENT,
      userToken: '3f1b2c4d-0000-4000-8000-000000000001',
      cardToken: '3f1b2c4d-0000-4000-8000-000000000002',
    });
    await page.waitForURL(/\/acs\?order=100$/);
    assert.deepEqual(shop.pages, [['GET', '/acs']]);
    const created = shop.state.requests.find((r) => r.operation === 'recurrentPayment');
    assert.equal(typeof created.body.clientAuInfo.authenticationInfo, 'string', 'the browser data went with the saved-card payment');
    await page.click('#pay');
    await page.waitForURL(/\/checkout\.html$/);
    await page.waitForFunction(() => window.outcome !== undefined, null, { timeout: 20_000 });
    const outcome = await page.evaluate(() => window.outcome);
    assert.deepEqual([outcome.type, outcome.state, outcome.regPayNum], ['final', 'payed', '100']);
    await page.close();
  } finally {
    await shop.close();
  }
});

/** The checkout page inside an iframe of itself; resolves to the frame once its client is ready. */
async function framedCheckout(page) {
  await page.evaluate(() => {
    const frame = document.createElement('iframe');
    frame.name = 'checkout';
    frame.src = '/checkout.html';
    document.body.appendChild(frame);
  });
  await waitFor(() => page.frame({ name: 'checkout' }) !== null);
  const frame = page.frame({ name: 'checkout' });
  await frame.waitForFunction(() => window.ready === true);
  return frame;
}

/** Starts pay() in `frame` with a client whose `breakOutOfIframe` is `breakOut`. */
function startFramedPay(frame, input, breakOut) {
  return frame.evaluate(([i, b]) => {
    const c = new window.sdk.CheckoutClient({ endpoint: '/api/ckassa', allowedRedirectHosts: [location.origin], breakOutOfIframe: b });
    c.pay(i).catch((e) => {
      window.payError = `${e.type}:${e.code}`;
    });
  }, [input, breakOut]);
}

test('in an iframe: breakOutOfIframe sends the top window to the card form (GET and POST); without it the frame goes', { skip, timeout: 60_000 }, async () => {
  for (const methodType of ['GET', 'POST']) {
    const shop = await startShop({ methodType });
    try {
      const page = await openCheckout(shop);
      const frame = await framedCheckout(page);
      await startFramedPay(frame, PAYMENT, true);
      await page.waitForURL(/\/form\?order=\d+$/);
      assert.deepEqual(shop.pages, [[methodType, '/form']], methodType);
      await page.close();

      const again = await openCheckout(shop);
      const inner = await framedCheckout(again);
      await startFramedPay(inner, { ...PAYMENT, amount: 20000 }, false);
      await waitFor(() => shop.pages.length === 2);
      await inner.waitForURL(/\/form\?order=\d+$/);
      assert.match(again.url(), /\/checkout\.html$/, `${methodType}: the top window stays`);
      await again.close();
    } finally {
      await shop.close();
    }
  }
});

async function waitFor(check, ms = 10_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}
