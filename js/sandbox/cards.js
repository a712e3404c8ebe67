// Test cards of the docs, and what a card processor checks: Luhn, expiry, CVV, the card's type and mask.

/** CVV that succeeds for every card; anything else is a decline with RC 05 (as the docs say). */
export const GOOD_CVV = '123';
/** One-time code that passes the sandbox's 3-D Secure page. */
export const GOOD_3DS_CODE = '12345678';

/**
 * The docs' table of test cards (expiry as printed there, accepted although it has passed),
 * plus the demo card of the public integrations (no printed expiry: any future date).
 * @type {ReadonlyArray<{pan: string, exp: string | null, system: string, source: string}>}
 */
export const TEST_CARDS = Object.freeze([
  { pan: '5479270000000000', exp: '03/22', system: 'MASTER CARD', source: 'docs' },
  { pan: '4111111111111111', exp: '12/24', system: 'VISA', source: 'docs' },
  { pan: '6011000000000004', exp: '12/24', system: 'MAESTRO', source: 'docs' },
  { pan: '2201382000000013', exp: '12/24', system: 'МИР', source: 'docs' },
  { pan: '2201382000000062', exp: '12/24', system: 'МИР', source: 'docs' },
  { pan: '2201382000000039', exp: '12/24', system: 'МИР', source: 'docs' },
  { pan: '4000000000000002', exp: null, system: 'VISA', source: 'public integrations (demo card)' },
].map((card) => Object.freeze(card)));

/** @param {string} pan digits only */
export function luhnValid(pan) {
  let sum = 0;
  for (let i = 0; i < pan.length; i += 1) {
    let digit = pan.charCodeAt(pan.length - 1 - i) - 48;
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** The gateway's `cardType` for a PAN, by its first digit. @param {string} pan */
export function cardTypeOf(pan) {
  return { 2: 'mir', 4: 'visa', 5: 'master_card', 6: 'maestro' }[pan[0]] ?? 'undefined';
}

/** First 6 + `******` + last 4, as in the docs' `400000******0002`. @param {string} pan */
export function maskPan(pan) {
  return `${pan.slice(0, 6)}******${pan.slice(-4)}`;
}

/**
 * Parses the form's `exp`: `MM YY`, `MM/YY` (also `MMYY`).
 * @param {string} text
 * @returns {{month: number, year: number} | null} year with four digits
 */
export function parseExpiry(text) {
  const match = /^\s*(\d{2})\s*[/ ]?\s*(\d{2})\s*$/.exec(text);
  if (!match) return null;
  const month = Number(match[1]);
  if (month < 1 || month > 12) return null;
  return { month, year: 2000 + Number(match[2]) };
}

/** A card is valid through the last day of its expiry month (UTC). */
export function expiryPassed({ month, year }, nowMs) {
  return nowMs >= Date.UTC(year, month, 1);
}

/** `MM/YY` of a parsed expiry. */
export function formatExpiry({ month, year }) {
  return `${String(month).padStart(2, '0')}/${String(year % 100).padStart(2, '0')}`;
}

/** Whether a saved card (or a card typed in the form) is refused as expired at `nowMs`. */
export function isExpiredCard(pan, expiry, nowMs) {
  const test = TEST_CARDS.find((card) => card.pan === pan);
  if (test && test.exp === formatExpiry(expiry)) return false;
  return expiryPassed(expiry, nowMs);
}

/**
 * Checks what the payer typed in the hosted form.
 * `formError` means the form is shown again (nothing happens to the payment);
 * `decline` means the processor refuses the card (the payment is rejected).
 * @param {{pan: string, exp: string, holder: string, secret: string}} input
 * @param {number} nowMs
 */
export function checkCardInput(input, nowMs) {
  const pan = input.pan.replace(/[\s-]/g, '');
  if (!/^\d{13,19}$/.test(pan)) return { formError: 'Номер карты должен состоять из 13–19 цифр.' };
  if (!luhnValid(pan)) return { formError: 'Неверный номер карты: проверьте цифры.' };
  const expiry = parseExpiry(input.exp);
  if (!expiry) return { formError: 'Срок действия укажите как ММ/ГГ, например 12/24.' };
  if (!/^\d{3,4}$/.test(input.secret)) return { formError: 'CVV/CVC — это 3 цифры на обороте карты.' };
  const card = { pan, expiry, holder: input.holder.trim().slice(0, 64), mask: maskPan(pan), type: cardTypeOf(pan) };
  if (isExpiredCard(pan, expiry, nowMs)) {
    return { card, decline: { errorCode: 54, error: 'RC=54 EXPIRED_CARD', message: 'Отказ: срок действия карты истёк (RC=54).' } };
  }
  if (input.secret !== GOOD_CVV) {
    return { card, decline: { errorCode: 5, error: 'RC=05 WRONG_CVC2', message: 'Отказ банка-эмитента: неверный код CVC2/CVV2 (RC=05).' } };
  }
  return { card };
}

/** The decline of the `decline` scenario (RC 05, Do not honour). */
export const SCENARIO_DECLINE = Object.freeze({ errorCode: 5, error: 'RC=05 DO_NOT_HONOUR', message: 'Отказ банка-эмитента (RC=05).' });
/** Wrong 3-D Secure code. */
export const THREE_DS_FAILED = Object.freeze({ errorCode: 5, error: 'RC=05 3DS_AUTHENTICATION_FAILED', message: 'Отказ: 3-D Secure не пройден, неверный код подтверждения (RC=05).' });
