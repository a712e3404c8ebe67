// The checkout: the order (amount in roubles, the callsign it tops up, the preview of what the payment
// page will show), then three ways on: pay by card on the gateway's form, link a card, or pay with a
// saved card (3-D Secure). Every request is built and validated by the SDK before it leaves the page;
// the payer comes back to /return.html, which shows the result.
import {
  $, startClient, SERVICE_CODE, CALLSIGN, pending, payer, returnUrl, formatKopecks, kopecksFromInput,
  issuesOf, showIssues, showError, clearError, renderCards,
} from './common.js';

let client = null;
const orderForm = $('order-form');
const buttons = ['pay', 'pay-saved', 'link-card', 'payer-continue'].map($);

/** The orderNote the payment page shows: the currency tag `_RUB_` becomes its symbol there. */
const orderNote = (kopecks, callsign) => `Позывной ${callsign}: ${formatKopecks(kopecks)} _RUB_`;

/** The order as the gateway wants it, or the problems with it (every one at once). */
function readOrder() {
  const issues = [];
  let amount = null;
  try {
    amount = kopecksFromInput(orderForm.amount.value);
  } catch (error) {
    issues.push(...issuesOf(error, 'amount'));
  }
  const callsign = orderForm.callsign.value.trim();
  if (callsign === '') issues.push({ path: 'properties[0].value', code: 'required', message: 'Enter the callsign to top up' });
  const order = {
    serviceCode: SERVICE_CODE,
    amount: amount ?? 100,
    comission: 0,
    orderNote: orderNote(amount ?? 0, callsign || '—'),
    properties: [{ name: CALLSIGN, value: callsign }],
  };
  if (issues.length > 0) {
    // The rest of the order is checked too, so the payer sees every problem in one go.
    const verdict = CKassa.validateRequest('anonymousPayment', order);
    return { issues: [...issues, ...verdict.issues.filter((i) => i.path !== 'amount')] };
  }
  return { order };
}

/** The preview under the order and the amount on the buttons, as the payer types. */
function preview() {
  let kopecks = null;
  try {
    kopecks = kopecksFromInput(orderForm.amount.value);
  } catch {
    // shown as a dash until the amount is one the SDK accepts
  }
  const callsign = orderForm.callsign.value.trim() || '—';
  let note = '—';
  if (kopecks !== null) {
    try {
      note = CKassa.renderOrderNote(orderNote(kopecks, callsign));
    } catch {
      note = '—';
    }
  }
  $('order-note').textContent = note;
  $('order-total').textContent = kopecks === null ? '—' : `${formatKopecks(kopecks)} ₽`;
  const sum = kopecks === null ? '' : ` ${formatKopecks(kopecks)} ₽`;
  $('pay').textContent = `Pay${sum} by card`;
  $('pay-saved').textContent = `Pay${sum} with the selected card`;
}

function busy(on, button = null, text = '') {
  for (const b of buttons) b.disabled = on;
  if (on && button) button.textContent = text;
  if (!on) preview();
}

/**
 * Runs a step that may send the payer away (to the card form or 3-D Secure). While the browser
 * navigates, the buttons stay disabled; an error re-enables them and is shown in `box`.
 */
async function leaveFor(button, box, step) {
  clearError(box);
  busy(true, button, 'Opening the payment page…');
  try {
    const outcome = await step();
    if (outcome && outcome.navigated) return;
    // Nothing to open: a saved card charged at once. Its result is on the return page too.
    if (outcome && outcome.type === 'final') {
      window.location.assign(`${returnUrl()}?regPayNum=${encodeURIComponent(outcome.regPayNum ?? '')}`);
      return;
    }
    busy(false);
  } catch (error) {
    pending.set(null);
    busy(false);
    showError(box, error, document);
  }
}

async function payByCard() {
  const { order, issues } = readOrder();
  showIssues(orderForm, issues ?? []);
  if (!order) return;
  await leaveFor($('pay'), $('pay-error'), () => {
    pending.set({ kind: 'payment', amount: order.amount });
    return client.pay(order, { returnUrl: returnUrl() });
  });
}

async function payWithSavedCard() {
  const { order, issues } = readOrder();
  showIssues(orderForm, issues ?? []);
  const card = document.querySelector('#cards input[name=card]:checked');
  if (!order || !card) return;
  const { userToken } = payer.get() ?? {};
  await leaveFor($('pay-saved'), $('wallet-error'), () => {
    pending.set({ kind: 'payment', amount: order.amount });
    // clientAuInfo (the 3-D Secure browser data) is collected by the SDK and completed by the proxy.
    return client.pay({ ...order, userToken, cardToken: card.value, enableSMSConfirm: true }, { returnUrl: returnUrl() });
  });
}

async function linkCard() {
  const { userToken } = payer.get() ?? {};
  await leaveFor($('link-card'), $('wallet-error'), () => {
    pending.set({ kind: 'card' });
    return client.pay({ userToken, clientType: 'web' }, { operation: 'cardRegistration', returnUrl: returnUrl() });
  });
}

/** Registers the payer by phone (a known phone gets its existing account) and shows their cards. */
async function signIn(event) {
  event.preventDefault();
  const form = $('payer-form');
  clearError($('wallet-error'));
  const login = form.phone.value.replace(/[\s()-]/g, '').replace(/^\+/, '');
  busy(true);
  try {
    const user = await client.registerUser({ login });
    showIssues(form, []);
    payer.set({ login, userToken: user.userToken });
    await showWallet();
  } catch (error) {
    const box = $('wallet-error');
    showError(box, error, form);
    // The wallet is hidden until someone signs in: show the error under the phone instead.
    if (error.type !== 'validation') showIssues(form, [{ path: 'login', message: box.textContent }]);
  } finally {
    busy(false);
  }
}

async function showWallet() {
  const signedIn = payer.get();
  $('payer-form').hidden = Boolean(signedIn);
  $('wallet').hidden = !signedIn;
  if (!signedIn) return;
  $('payer-login').textContent = `+${signedIn.login}`;
  try {
    const { cards = [] } = await client.listCards({ userToken: signedIn.userToken });
    const count = renderCards($('cards'), cards, { selectable: true });
    $('no-cards').hidden = count > 0;
    $('pay-saved').hidden = count === 0;
  } catch (error) {
    showError($('wallet-error'), error);
  }
}

function signOut() {
  payer.set(null);
  $('cards').replaceChildren();
  showWallet();
}

async function main() {
  preview();
  orderForm.addEventListener('input', preview);
  orderForm.addEventListener('submit', (event) => event.preventDefault());
  client = await startClient();
  $('pay').addEventListener('click', payByCard);
  $('pay-saved').addEventListener('click', payWithSavedCard);
  $('link-card').addEventListener('click', linkCard);
  $('payer-form').addEventListener('submit', signIn);
  $('payer-change').addEventListener('click', signOut);
  // Back from the card form through the browser's history: the page may come from the back/forward
  // cache with its buttons still disabled.
  window.addEventListener('pageshow', (event) => {
    if (event.persisted) busy(false);
  });
  busy(false);
  $('sdk-status').textContent = `Payments by ckassa-sdk ${CKassa.version()}.`;
  await showWallet();
}

main().catch((error) => {
  const status = $('sdk-status');
  status.textContent = `Payments are unavailable: ${error.message}`;
  status.classList.add('failed');
});
