// Saved cards through the checkout page: register the payer by phone, link a card on the sandbox's
// form, see it listed, then charge it as a recurrent payment that needs 3-D Secure (2365).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BOUNDED, artifact, openShop, clickTo, fillCardForm, pass3ds, resultShows, merchantNotifications, eventually, signIn,
} from './helpers.mjs';

const PHONE = '79020000000';
const MASK = '411111******1111';

test('card registration → the card in the list → recurrent payment with 3-D Secure → payed', BOUNDED, async (t) => {
  const shop = await openShop(t);
  const { page } = shop;
  await shop.openCheckout();
  await signIn(page, '+7 902 000-00-00');
  assert.equal(await page.textContent('#payer-login'), `+${PHONE}`);
  assert.equal(await page.isVisible('#no-cards'), true);
  assert.equal(await page.isVisible('#pay-saved'), false);

  // Linking: the card form of a registration, 3-D Secure, back to the return page.
  await clickTo(page, '#link-card', '/cardpay/card');
  await fillCardForm(page);
  await pass3ds(page);
  const registration = await resultShows(page, 'refunded');
  assert.equal(await page.textContent('#result-title'), 'Linking a card');
  assert.equal(await page.textContent('#result-state'), 'Card linked');
  await page.waitForSelector(`#result-cards li[data-card-mask="${MASK}"]`);
  await page.screenshot({ path: artifact('checkout-card-linked.png'), fullPage: true });
  const { userToken } = (await shop.sandbox.payment(registration));
  const cardNotice = await eventually(async () => (await merchantNotifications(shop.demo))
    .find((n) => n.notification.kind === 'cardRegistration' && n.notification.userToken === userToken), 20_000, 'the card notification');
  assert.equal(cardNotice.notification.cardMask, MASK);

  // Back at the checkout the card is listed and selected.
  await clickTo(page, 'a.back', '/');
  await page.waitForSelector(`#cards li[data-card-mask="${MASK}"] input[name=card]:checked`);
  assert.equal(await page.isVisible('#no-cards'), false);
  await page.fill('#amount', '150');
  assert.equal(await page.textContent('#pay-saved'), 'Pay 150.00 ₽ with the selected card');
  await page.screenshot({ path: artifact('checkout-saved-cards.png'), fullPage: true });

  // The recurrent payment answers 2365: the SDK sends the payer to the 3-D Secure page by GET.
  await clickTo(page, '#pay-saved', '/3ds');
  const pendingPayment = (await shop.sandbox.payments()).find((p) => p.kind !== 'card_registration');
  assert.equal(pendingPayment.state, 'created');
  assert.equal(pendingPayment.awaiting3ds, true);
  await pass3ds(page);
  const regPayNum = await resultShows(page, 'payed');
  assert.equal(regPayNum, pendingPayment.regPayNum);
  assert.equal(await page.textContent('#result-state'), 'Payment successful');
  assert.equal(await page.textContent('#result-amount'), '150.00 ₽');
  assert.equal(await page.textContent('#result-rc'), 'RC 00');

  const payment = await shop.sandbox.payment(regPayNum);
  assert.equal(payment.state, 'payed');
  assert.equal(payment.amount, 15000);
  assert.equal(payment.userToken, userToken);
  assert.equal(payment.card.cardMask, MASK);
  // The 3-D Secure browser data travelled: collected in the page, completed by the proxy.
  assert.equal(typeof payment.clientAuInfo, 'object');
  assert.ok(payment.clientAuInfo.ipAddress, JSON.stringify(payment.clientAuInfo));
  await eventually(async () => (await merchantNotifications(shop.demo))
    .find((n) => n.notification.regPayNum === regPayNum && n.notification.state === 'payed'), 20_000, 'the payment notification');
  shop.clean();
});
