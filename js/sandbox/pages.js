// HTML of the hosted pages: card form, 3-D Secure, result, receipt, SBP. No script anywhere: the pages
// work with JavaScript off and under a strict Content-Security-Policy.

/** `_RUB_`-style tags of orderNote and their symbols (the docs' table; GBP is misspelt GPB there, both work). */
export const CURRENCY_SYMBOLS = Object.freeze({
  RUB: '₽', KZT: '₸', USD: '$', EUR: '€', GBP: '£', GPB: '£', KGS: 'с', UZS: "So'm", AZN: '₼', GEL: '₾', TRY: '₺', CNY: '¥', AMD: '֏',
});

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** @param {unknown} value */
export function escapeHtml(value) {
  return String(value ?? '').replace(/[&<>"']/g, (char) => ESCAPES[char]);
}

/** orderNote as HTML: escaped, currency tags replaced by their symbols, unknown tags left as they are. */
export function renderOrderNote(note) {
  return escapeHtml(note).replace(/_([A-Z]{3})_/g, (tag, code) => CURRENCY_SYMBOLS[code] ?? tag);
}

/** Kopecks as `1 234,50`. @param {number} kopecks */
export function formatAmount(kopecks) {
  const whole = Math.floor(kopecks / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  return `${whole},${String(kopecks % 100).padStart(2, '0')}`;
}

export const STYLESHEET = `
body{font:16px/1.45 system-ui,sans-serif;background:#eef1f5;color:#1c2430;margin:0}
main{max-width:26rem;margin:2rem auto;background:#fff;border-radius:.75rem;padding:1.5rem 1.75rem;box-shadow:0 2px 12px #0002}
h1{font-size:1.25rem;margin:0 0 .25rem}.sandbox{font-size:.75rem;color:#a33;text-transform:uppercase;letter-spacing:.08em}
dl{display:grid;grid-template-columns:auto 1fr;gap:.2rem 1rem;margin:1rem 0}dt{color:#5a6575}dd{margin:0;text-align:right}
.total{font-weight:600;font-size:1.1rem}.note{background:#f6f8fa;border-radius:.5rem;padding:.5rem .75rem;white-space:pre-wrap}
label{display:block;margin:.75rem 0 .25rem;color:#3b4656;font-size:.9rem}
input{box-sizing:border-box;width:100%;font:inherit;padding:.55rem .7rem;border:1px solid #b8c2cf;border-radius:.4rem}
.row{display:grid;grid-template-columns:1fr 1fr;gap:1rem}
button{margin-top:1.25rem;width:100%;font:inherit;font-weight:600;padding:.7rem;border:0;border-radius:.4rem;background:#1f6feb;color:#fff;cursor:pointer}
button.secondary{background:#5a6575}.error{background:#fdecea;color:#8a1c12;border-radius:.5rem;padding:.6rem .8rem;margin:.75rem 0}
.ok{color:#176b2c}.fail{color:#8a1c12}small{color:#5a6575}
`;

function layout(title, content) {
  return `<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><link rel="stylesheet" href="/cardpay/sandbox.css"></head>
<body><main><div class="sandbox">CKassa sandbox</div>
${content}
</main></body></html>
`;
}

function summary(payment) {
  const note = payment.orderNote ? `<div class="note" data-testid="order-note">${renderOrderNote(payment.orderNote)}</div>` : '';
  return `<dl>
<dt>Заказ</dt><dd data-testid="order">${escapeHtml(payment.regPayNum)}</dd>
<dt>Получатель</dt><dd>${escapeHtml(payment.providerName)}</dd>
<dt>Сумма</dt><dd>${formatAmount(payment.amount)}&nbsp;₽</dd>
<dt>Комиссия</dt><dd>${formatAmount(payment.comission)}&nbsp;₽</dd>
<dt class="total">Итого</dt><dd class="total" data-testid="total">${formatAmount(payment.amount + payment.comission)}&nbsp;₽</dd>
</dl>${note}`;
}

const errorBox = (message) => (message ? `<p class="error" role="alert" data-testid="error">${escapeHtml(message)}</p>` : '');

/**
 * The hosted card form. Card registration posts to rpcheck (operation checkpay), a payment to pay.
 * @param {Record<string, any>} payment
 * @param {{error?: string, exp?: string, holder?: string}} [retry] what to show again after a refused input
 */
export function cardFormPage(payment, retry = {}) {
  const registration = payment.kind === 'card_registration';
  const action = registration ? '/cardpay/api/C/rpcheck' : '/cardpay/api/C/pay';
  const title = registration ? 'Привязка карты' : 'Оплата картой';
  const hint = registration
    ? `<p><small>Для проверки карты будет списано ${formatAmount(payment.amount)}&nbsp;₽, деньги сразу вернутся.</small></p>`
    : '';
  return layout(title, `<h1>${title}</h1>
${summary(payment)}${hint}${errorBox(retry.error)}
<form method="post" action="${action}" autocomplete="on">
<input type="hidden" name="form" value="default">
<input type="hidden" name="order" value="${escapeHtml(payment.regPayNum)}">
<input type="hidden" name="operation" value="${registration ? 'checkpay' : 'pay'}">
<label for="pan">Номер карты</label>
<input id="pan" name="pan" inputmode="numeric" autocomplete="cc-number" placeholder="0000 0000 0000 0000" maxlength="23" required>
<div class="row"><div><label for="exp">Срок (ММ/ГГ)</label>
<input id="exp" name="exp" autocomplete="cc-exp" placeholder="12/24" maxlength="7" value="${escapeHtml(retry.exp)}" required></div>
<div><label for="secret">CVV/CVC</label>
<input id="secret" name="secret" type="password" inputmode="numeric" autocomplete="cc-csc" maxlength="4" required></div></div>
<label for="holder">Владелец карты</label>
<input id="holder" name="holder" autocomplete="cc-name" placeholder="IVAN IVANOV" maxlength="64" value="${escapeHtml(retry.holder)}">
<button type="submit">${registration ? 'Привязать карту' : `Оплатить ${formatAmount(payment.amount + payment.comission)}&nbsp;₽`}</button>
</form>`);
}

/** The 3-D Secure page: one code input, one button. */
export function threeDsPage(payment, card, error) {
  return layout('3-D Secure', `<h1>Подтверждение платежа</h1>
<p>Банк отправил код подтверждения на телефон держателя карты <b>${escapeHtml(card.cardMask ?? card.mask)}</b>.</p>
${summary(payment)}${errorBox(error)}
<form method="post" action="/3ds">
<input type="hidden" name="order" value="${escapeHtml(payment.regPayNum)}">
<label for="code">Код из SMS</label>
<input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="12" required>
<button type="submit">Подтвердить</button>
</form>
<p><small>Sandbox: код 12345678 — успех, любой другой — отказ.</small></p>`);
}

const STATE_TEXT = {
  created: 'Платёж ожидает оплаты.',
  payed: 'Ваш платеж произведен успешно',
  holded: 'Ваш платеж произведен успешно (средства заблокированы до подтверждения).',
  processed: 'Ваш платеж произведен успешно',
  refunded: 'Платёж возвращён.',
  rejected: 'Платёж отклонён.',
  error: 'Ошибка проведения платежа.',
  created_error: 'Ошибка создания платежа.',
};

/** Where a payment stands: the sandbox's own return page, the receipt, or the form of a finished payment. */
export function resultPage(payment, heading = 'Результат оплаты') {
  const success = ['payed', 'holded', 'processed'].includes(payment.state)
    || (payment.kind === 'card_registration' && payment.state === 'refunded');
  const text = payment.kind === 'card_registration' && payment.state === 'refunded' ? 'Карта успешно привязана.' : STATE_TEXT[payment.state];
  const rc = payment.state === 'rejected' && payment.error?.startsWith('RC=') ? ` ${payment.error.slice(0, 5)}` : '';
  return layout(heading, `<h1>${escapeHtml(heading)}</h1>
${summary(payment)}
<p class="${success ? 'ok' : 'fail'}" data-testid="state" data-state="${escapeHtml(payment.state)}">${escapeHtml(text)}${success ? ' (RC=00)' : escapeHtml(rc)}</p>
${payment.message && !success ? `<p data-testid="message">${escapeHtml(payment.message)}</p>` : ''}
${payment.card ? `<p><small>Карта ${escapeHtml(payment.card.cardMask)}</small></p>` : ''}`);
}

/** The SBP page: the payer confirms or refuses in their bank's app, here two buttons. */
export function sbpPage(payment) {
  return layout('Оплата через СБП', `<h1>Оплата через СБП</h1>
${summary(payment)}
<p><small>Sandbox: вместо QR-кода и приложения банка — две кнопки.</small></p>
<form method="post" action="/cardpay/api/sbp">
<input type="hidden" name="order" value="${escapeHtml(payment.regPayNum)}">
<button type="submit" name="decision" value="pay">Оплатить в приложении банка</button>
<button type="submit" name="decision" value="decline" class="secondary">Отказаться</button>
</form>`);
}

/** A plain page for a missing order or a refused request. */
export function messagePage(title, message) {
  return layout(title, `<h1>${escapeHtml(title)}</h1>${errorBox(message)}`);
}
