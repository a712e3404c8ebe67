// The page the gateway sends the payer back to (`?regPayNum=…`). The SDK's `resume()` polls the
// pending attempt's status until it is final and reports each state as it changes; a reload after
// that (nothing pending any more) reads the status of the order in the query once.
import { $, startClient, pending, payer, formatKopecks, showError, renderCards } from './common.js';

const PAYMENT_TEXT = {
  created: ['Waiting for the payment…', 'The bank has not confirmed the payment yet.'],
  holded: ['Payment successful', 'The amount is reserved on your card.'],
  payed: ['Payment successful', 'Thank you! The money has been received.'],
  processed: ['Payment successful', 'Thank you! The money has been received.'],
  refunded: ['Payment refunded', 'The money has been returned to your card.'],
  rejected: ['Payment declined', 'No money was taken.'],
  error: ['Payment failed', 'No money was taken.'],
  created_error: ['Payment failed', 'No money was taken.'],
};
/** A card registration charges a small amount and returns it: `refunded` is its success. */
const CARD_TEXT = {
  ...PAYMENT_TEXT,
  payed: ['Linking the card…', 'The check charge is being returned.'],
  refunded: ['Card linked', 'The check charge was returned to your card. You can pay with this card now.'],
  rejected: ['The card was not linked', 'No money was taken.'],
};
const GOOD = new Set(['payed', 'holded', 'processed']);

const regPayNum = new URLSearchParams(window.location.search).get('regPayNum');
const note = pending.get();
const isCard = note?.kind === 'card';
let lastState = null;

/** `RC=05 WRONG_CVC2` → `05`: the processor's response code, when the gateway gave one. */
function responseCode(status, state) {
  const rc = /^RC=(\d{2})/.exec(status?.error ?? '')?.[1];
  if (rc) return rc;
  return GOOD.has(state) || (isCard && state === 'refunded') ? '00' : null;
}

/** Shows one state of the payment (`outcome` of resume(), or a paymentStatus result). */
function render({ state, status }) {
  const texts = isCard ? CARD_TEXT : PAYMENT_TEXT;
  const [title, message] = texts[state] ?? [`Payment ${state}`, ''];
  const good = GOOD.has(state) || (isCard && state === 'refunded');
  const bad = ['rejected', 'error', 'created_error'].includes(state) || (!isCard && state === 'refunded');
  const result = $('result');
  result.dataset.state = state;
  result.classList.toggle('good', good);
  result.classList.toggle('bad', bad);
  $('result-state').textContent = title;
  document.title = `${title} · ckassa-sdk demo shop`;
  // The gateway's own words for a failure (e.g. the bank's reason) go to the payer as they are.
  const detail = bad && status?.message ? `${status.message} ${message}` : message;
  $('result-message').textContent = detail;
  $('result-message').hidden = !detail;
  $('result-order').textContent = regPayNum ?? '—';
  const total = status?.totalAmount ?? note?.amount;
  $('result-amount').textContent = total == null ? '—' : `${formatKopecks(total)} ₽`;
  const rc = responseCode(status, state);
  $('result-rc').textContent = rc ? `RC ${rc}${status?.errorCode ? ` (error ${status.errorCode})` : ''}` : '—';
  if (state !== lastState) {
    const step = document.createElement('li');
    step.dataset.state = state;
    step.textContent = state;
    $('result-history').append(step);
    lastState = state;
  }
}

async function showCards(client) {
  const signedIn = payer.get();
  if (!isCard || !signedIn) return;
  const { cards = [] } = await client.listCards({ userToken: signedIn.userToken });
  $('no-cards').hidden = renderCards($('cards'), cards) > 0;
  $('result-cards').hidden = false;
}

async function main() {
  if (isCard) $('result-title').textContent = 'Linking a card';
  const client = await startClient();
  let outcome = await client.resume({ onStatus: render, deadlineMs: 120_000 });
  if (outcome === null && regPayNum) {
    // Nothing pending in this tab (a reload, another tab): read the order's status once.
    const status = await client.paymentStatus({ regPayNum });
    outcome = { type: status.isTerminal ? 'final' : 'pending', state: status.state, status };
    render(outcome);
  }
  if (outcome === null) {
    $('result-title').textContent = 'No payment to show';
    $('result-state').textContent = 'There is no payment in progress in this tab.';
    return;
  }
  if (outcome.type === 'pending') {
    $('result-message').textContent = 'The bank is still working on it. Refresh this page in a few minutes: it will not charge you again.';
    $('result-message').hidden = false;
    return;
  }
  pending.set(null);
  await showCards(client);
}

main().catch((error) => {
  $('result-state').textContent = 'The payment could not be checked.';
  showError($('result-error'), error);
});
