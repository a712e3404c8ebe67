// The anonymous payment through the checkout page, the card form and 3-D Secure of the sandbox, back to
// the return page: paid, declined, and the whole of it under the page's strict Content-Security-Policy.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BOUNDED, CARD, artifact, openShop, clickTo, fillCardForm, pass3ds, resultShows, merchantNotifications, eventually,
} from './helpers.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('checkout: anonymous payment', () => {
  test('a test card with 3-D Secure: the page shows payed, the proxy got the notification', BOUNDED, async (t) => {
    const shop = await openShop(t);
    const { page } = shop;
    await shop.openCheckout();
    // The amount in roubles becomes kopecks in the SDK; the preview is the orderNote with its tag as ₽.
    await page.fill('#amount', '1 234,5');
    assert.equal(await page.textContent('#order-note'), 'Позывной R2D2: 1\u202f234.50 ₽');
    assert.equal(await page.textContent('#pay'), 'Pay 1\u202f234.50 ₽ by card');
    await page.fill('#amount', '450');
    await page.fill('#callsign', 'UA3AAA');
    assert.equal(await page.textContent('#order-note'), 'Позывной UA3AAA: 450.00 ₽');
    await page.screenshot({ path: artifact('checkout-form.png'), fullPage: true });

    await clickTo(page, '#pay', '/cardpay/card');
    // The gateway's form shows what the preview promised.
    assert.equal((await page.textContent('[data-testid=order-note]')).trim(), 'Позывной UA3AAA: 450.00 ₽');
    await fillCardForm(page);
    await pass3ds(page);
    const regPayNum = await resultShows(page, 'payed');
    assert.match(regPayNum, /^\d+$/);
    assert.equal(await page.textContent('#result-state'), 'Payment successful');
    assert.equal(await page.textContent('#result-order'), regPayNum);
    assert.equal(await page.textContent('#result-amount'), '450.00 ₽');
    assert.equal(await page.textContent('#result-rc'), 'RC 00');
    assert.deepEqual(await page.$$eval('#result-history li', (items) => items.map((li) => li.dataset.state)), ['payed']);
    await page.screenshot({ path: artifact('checkout-result.png'), fullPage: true });

    const payment = await shop.sandbox.payment(regPayNum);
    assert.equal(payment.state, 'payed');
    assert.equal(payment.amount, 45000);
    assert.equal(payment.orderNote, 'Позывной UA3AAA: 450.00 _RUB_');
    assert.deepEqual(payment.properties, [{ name: 'ПОЗЫВНОЙ', value: 'UA3AAA' }]);
    assert.equal(payment.serviceCode, '1000-13864-2');
    const received = await eventually(async () => (await merchantNotifications(shop.demo))
      .find((n) => n.notification.regPayNum === regPayNum), 20_000, 'the payment notification at the proxy');
    assert.equal(received.notification.state, 'payed');
    const sent = (await shop.sandbox.notifications()).find((n) => n.regPayNum === regPayNum);
    assert.equal(sent.status, 'delivered');

    // A reload of the return page: nothing is pending any more, the order's status is read once.
    await page.reload();
    await page.waitForSelector('#result[data-state="payed"]');
    assert.equal((await shop.sandbox.payments()).length, 1);
    shop.clean();
  });

  test('a wrong CVC: rejected, with RC 05 and the bank\'s reason shown to the payer', BOUNDED, async (t) => {
    const shop = await openShop(t);
    const { page } = shop;
    await shop.openCheckout();
    await clickTo(page, '#pay', '/cardpay/card');
    await fillCardForm(page, { ...CARD, cvv: '999' });
    const regPayNum = await resultShows(page, 'rejected');
    assert.equal(await page.textContent('#result-state'), 'Payment declined');
    assert.match(await page.textContent('#result-rc'), /^RC 05\b/);
    assert.match(await page.textContent('#result-message'), /CVC2\/CVV2 \(RC=05\)/);
    await page.screenshot({ path: artifact('checkout-rejected.png'), fullPage: true });
    const payment = await shop.sandbox.payment(regPayNum);
    assert.equal(payment.state, 'rejected');
    assert.equal(payment.error, 'RC=05 WRONG_CVC2');
    shop.clean();
  });

  test('the return page follows the payment as it changes: created, then payed', BOUNDED, async (t) => {
    const shop = await openShop(t);
    const { page } = shop;
    await shop.openCheckout();
    await clickTo(page, '#pay', '/cardpay/card');
    const regPayNum = new URL(page.url()).searchParams.get('order');
    // Back on the shop before the bank has decided: resume() polls and shows each state it sees.
    await page.goto(`${shop.demo.url}/return.html?regPayNum=${regPayNum}`);
    await page.waitForSelector('#result[data-state="created"]');
    assert.equal(await page.textContent('#result-state'), 'Waiting for the payment…');
    await shop.sandbox.setState(regPayNum, { state: 'payed' });
    await page.waitForSelector('#result[data-state="payed"]');
    assert.deepEqual(await page.$$eval('#result-history li', (items) => items.map((li) => li.dataset.state)), ['created', 'payed']);
    assert.equal(await page.textContent('#result-state'), 'Payment successful');
    shop.clean();
  });

  test('validation: every problem is shown next to its field, nothing is sent', BOUNDED, async (t) => {
    const shop = await openShop(t);
    const { page } = shop;
    const calls = [];
    page.on('request', (request) => { if (request.url().includes('/api/ckassa/')) calls.push(request.url()); });
    await shop.openCheckout();
    await page.fill('#amount', '12.345');
    await page.fill('#callsign', '');
    assert.equal(await page.textContent('#order-note'), '—');
    await page.click('#pay');
    assert.match(await page.textContent('#amount-issue'), /two digits after the decimal point/);
    assert.equal(await page.textContent('#callsign-issue'), 'Enter the callsign to top up');
    assert.equal(await page.getAttribute('#amount', 'aria-invalid'), 'true');
    await page.fill('#amount', '0');
    await page.fill('#callsign', 'R2D2');
    await page.click('#pay');
    // From err.issues of the SDK's CKassaValidationError (path `amount`).
    assert.match(await page.textContent('#amount-issue'), /more than 0/);
    assert.equal(await page.isHidden('#callsign-issue'), true);
    assert.equal(await page.getAttribute('#pay-error', 'data-error-type'), 'validation');
    await page.fill('#phone', '+7 902');
    await page.click('#payer-continue');
    await page.waitForSelector('#phone-issue:not([hidden])');
    assert.match(await page.textContent('#phone-issue'), /11 to 15 digits/);
    assert.equal(page.url(), `${shop.demo.url}/`);
    assert.deepEqual(calls, []);
    assert.deepEqual(await shop.sandbox.payments(), []);
    shop.clean();
  });
});

describe('checkout: strict Content-Security-Policy', () => {
  test('the page, its SRI script and the whole flow run under the CSP without a violation', BOUNDED, async (t) => {
    const shop = await openShop(t);
    const { page } = shop;
    const answer = await page.goto(`${shop.demo.url}/`);
    const csp = answer.headers()['content-security-policy'];
    for (const directive of ["default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "connect-src 'self'", "style-src 'self'"]) {
      assert.ok(csp.split(';').map((d) => d.trim()).includes(directive), `${directive} in ${csp}`);
    }
    assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'/);
    // The page as served: the script tag carries the hash of this build, and nothing is inline.
    const html = await answer.text();
    const sri = readFileSync(join(root, 'dist', 'ckassa.min.js.sri'), 'utf8').trim();
    assert.match(html, new RegExp(`<script src="/ckassa\\.min\\.js" integrity="${sri.replace(/[+/]/g, '\\$&')}" crossorigin="anonymous"></script>`));
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>|<style|\sstyle=|\son[a-z]+=/i);
    await page.waitForSelector('#pay:enabled');

    await clickTo(page, '#pay', '/cardpay/card');
    await fillCardForm(page);
    await pass3ds(page);
    await resultShows(page, 'payed');
    shop.clean();

    // The watch itself works: an inline script on the same page is refused and reported.
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true';
      document.body.append(script);
    });
    await eventually(() => shop.seen.violations.length > 0, 5_000, 'the control violation');
    assert.equal(await page.evaluate(() => window.__inlineRan === true), false);
    assert.match(shop.seen.violations[0].directive, /^script-src/);
  });

  test('a script whose hash does not match is not run, and the page says payments are unavailable', BOUNDED, async (t) => {
    const shop = await openShop(t);
    const { page } = shop;
    // The same file with one byte more: its SRI hash no longer matches.
    await page.route('**/ckassa.min.js', async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, body: `${await response.text()}\n;` });
    });
    await page.goto(`${shop.demo.url}/`);
    await page.waitForSelector('#sdk-status.failed');
    assert.match(await page.textContent('#sdk-status'), /Payments are unavailable: .*integrity/);
    assert.equal(await page.isDisabled('#pay'), true);
    assert.equal(await page.evaluate(() => typeof window.CKassa), 'undefined');
  });
});
