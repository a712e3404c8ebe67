// What the checkout page and the return page share: the SDK's client, the demo shop's own notes in
// sessionStorage, amounts for people, saved cards, and how errors and validation issues are shown.
// `CKassa` is the global of /ckassa.min.js, loaded (with its SRI hash) before these modules run.

/** The demo service of the public integrations and the one property it takes. */
export const SERVICE_CODE = '1000-13864-2';
export const CALLSIGN = 'ПОЗЫВНОЙ';

/** What the payer left this page to do: `{kind: 'payment' | 'card', amount?}`, read on the return page. */
const PENDING_KEY = 'ckassa-demo:pending';
/**
 * The signed-in payer, `{login, userToken}`. A real shop keeps the userToken on its server, with the
 * customer's account, and its proxy's `beforeForward` checks that a request names the session's own
 * token (docs/server.md); the demo keeps it in the tab so that it needs no accounts.
 */
const PAYER_KEY = 'ckassa-demo:payer';

export const $ = (id) => document.getElementById(id);

/** Waits for the SDK and creates the client of this shop's proxy. Throws when the SDK did not load. */
export async function startClient() {
  if (typeof CKassa !== 'object') {
    throw new Error('/ckassa.min.js did not run: its integrity check failed, or it could not be loaded');
  }
  await CKassa.ready;
  const answer = await fetch('/api/demo/config', { headers: { Accept: 'application/json' } });
  if (!answer.ok) throw new Error(`the shop's configuration did not load (HTTP ${answer.status})`);
  const config = await answer.json();
  return new CKassa.CheckoutClient({
    endpoint: config.endpoint,
    // A real shop lists its gateway's payment-form and 3-D Secure hosts here, or keeps the SDK's
    // defaults by leaving this out. The demo allows its local sandbox, plain http on 127.0.0.1.
    allowedRedirectHosts: config.sandboxUrl ? [config.sandboxUrl] : undefined,
  });
}

function readNote(key) {
  try {
    return JSON.parse(sessionStorage.getItem(key) ?? 'null');
  } catch {
    return null;
  }
}

function writeNote(key, value) {
  try {
    if (value === null) sessionStorage.removeItem(key);
    else sessionStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage refused: the return page then shows the payment without knowing what it was for.
  }
}

export const pending = { get: () => readNote(PENDING_KEY), set: (v) => writeNote(PENDING_KEY, v) };
export const payer = { get: () => readNote(PAYER_KEY), set: (v) => writeNote(PAYER_KEY, v) };

/** Where the gateway sends the payer back (it adds `?regPayNum=`). */
export function returnUrl() {
  return new URL('/return.html', window.location.href).href;
}

/** Whole kopecks as roubles for people: 123456 → "1 234.56". */
export function formatKopecks(kopecks) {
  const digits = String(kopecks).padStart(3, '0');
  const whole = digits.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
  return `${whole}.${digits.slice(-2)}`;
}

/** Roubles as a person types them ("1 234,50") to kopecks; the SDK refuses what is not exact. */
export function kopecksFromInput(text) {
  return CKassa.rublesToKopecks(String(text).replace(/[\s\u00a0\u202f]/g, ''));
}

/** The issues of a validation error, those without a path put at `path` (e.g. a rublesToKopecks error). */
export function issuesOf(error, path = '') {
  const list = Array.isArray(error?.issues) && error.issues.length > 0
    ? error.issues
    : [{ path: '', code: error?.code ?? 'invalid', message: error?.message ?? String(error) }];
  return list.map((issue) => (issue.path ? issue : { ...issue, path }));
}

/** The SDK's messages are fragments ("must not be empty"): shown alone, they start with a capital. */
const sentence = (text) => String(text).charAt(0).toUpperCase() + String(text).slice(1);

const belongsTo = (path, prefix) => path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);

/**
 * Shows issues next to their fields: each `.field` in `scope` lists the request paths it answers for
 * in `data-paths`. Clears the previous issues first; returns the issues no field took.
 */
export function showIssues(scope, issues) {
  const left = [];
  const byField = new Map();
  const fields = [...scope.querySelectorAll('.field[data-paths]')];
  for (const issue of issues) {
    const field = fields.find((f) => f.dataset.paths.split(' ').some((p) => belongsTo(issue.path, p)));
    if (!field) left.push(issue);
    else byField.set(field, [...(byField.get(field) ?? []), sentence(issue.message)]);
  }
  for (const field of fields) {
    const messages = byField.get(field);
    const box = field.querySelector('.issue');
    box.textContent = messages ? messages.join('; ') : '';
    box.hidden = !messages;
    field.classList.toggle('invalid', Boolean(messages));
    field.querySelector('input')?.setAttribute('aria-invalid', messages ? 'true' : 'false');
  }
  fields.find((f) => byField.has(f))?.querySelector('input')?.focus();
  return left;
}

/** A sentence for the payer about an error the SDK threw. */
export function describeError(error) {
  // The proxy reached the gateway but not its answer: the payment may exist, and it is never resent.
  if (error?.outcome === 'unknown' || error?.code === 'idempotency_outcome_unknown') {
    return 'We could not confirm whether this payment was created, so it is not sent again. Please check with the shop before paying again.';
  }
  switch (error?.type) {
    case 'validation':
      return 'Please correct the highlighted fields.';
    case 'redirect_blocked':
      return `The payment page's address was refused, so nothing was opened (${error.code}). Please tell the shop.`;
    case 'network':
    case 'timeout':
      return 'The connection to the shop was lost. Press the button again: the same payment continues, it is never charged twice.';
    case 'gateway':
      return `${error.userMessage || error.message}${error.gatewayCode ? ` (code ${error.gatewayCode})` : ''}`;
    case 'proxy':
      if (error.code === 'idempotency_in_progress') return 'This payment is still being processed. Wait a moment and press the button again.';
      return error.message;
    default:
      return error?.message ?? String(error);
  }
}

/** Shows `error` in the alert `box` (validation issues go next to their fields in `scope`). */
export function showError(box, error, scope = null) {
  let text = describeError(error);
  if (error?.type === 'validation' && scope) {
    const left = showIssues(scope, issuesOf(error));
    if (left.length > 0) text = left.map((i) => `${i.path || 'payment'}: ${i.message}`).join('; ');
  }
  box.textContent = text;
  box.dataset.errorType = error?.type ?? 'error';
  box.dataset.errorCode = error?.code ?? '';
  box.hidden = false;
}

export function clearError(box) {
  box.hidden = true;
  box.textContent = '';
  delete box.dataset.errorType;
  delete box.dataset.errorCode;
}

const CARD_NAMES = { visa: 'Visa', master_card: 'Mastercard', mir: 'Мир', maestro: 'Maestro' };

/**
 * Fills `list` with the payer's active cards; with `selectable`, each has a radio named `card` whose
 * value is its cardToken (the first one checked). Returns how many there are.
 */
export function renderCards(list, cards, { selectable = false } = {}) {
  const active = cards.filter((c) => !c.state || c.state === 'active');
  list.replaceChildren(...active.map((card, i) => {
    const item = document.createElement('li');
    item.dataset.cardMask = card.cardMask;
    const label = document.createElement(selectable ? 'label' : 'span');
    if (selectable) {
      const radio = document.createElement('input');
      radio.type = 'radio';
      radio.name = 'card';
      radio.value = card.cardToken;
      radio.checked = i === 0;
      label.append(radio);
    }
    const mask = document.createElement('span');
    mask.className = 'card-mask';
    mask.textContent = `•••• ${card.cardMask.slice(-4)}`;
    const kind = document.createElement('span');
    kind.className = 'card-type';
    kind.textContent = `${CARD_NAMES[card.cardType] ?? card.cardType ?? 'card'} ${card.cardMask}`;
    label.append(mask, kind);
    item.append(label);
    return item;
  }));
  return active.length;
}
