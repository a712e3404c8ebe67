// The payer's side: hosted card form, its POST targets (/cardpay/api/C/pay, /cardpay/api/C/rpcheck),
// the 3-D Secure page, the SBP page and the result/receipt pages. Plain HTML forms, 303 redirects.
import { readBody, sendHtml, redirect, mediaType, MAX_FORM_BODY } from './http.js';
import { checkCardInput, GOOD_3DS_CODE, THREE_DS_FAILED } from './cards.js';
import { cardFormPage, threeDsPage, resultPage, sbpPage, messagePage, STYLESHEET } from './pages.js';

const SBP_REFUSED = Object.freeze({ errorCode: 5, error: 'SBP_DECLINED', message: 'Плательщик отказался от оплаты в приложении банка.' });

/** Whether the payer's attempt ended well (a card registration ends `refunded` when it worked). */
function succeeded(payment) {
  return ['payed', 'holded', 'processed'].includes(payment.state) || (payment.kind === 'card_registration' && payment.state === 'refunded');
}

/**
 * @param {{
 *   state: import('./state.js').SandboxState,
 *   links: ReturnType<typeof import('./api.js').pageLinks>,
 *   returnUrl: string | null,
 * }} context
 * @returns {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, url: URL) => Promise<boolean>}
 *   resolves to false when the path is not one of these pages
 */
export function createPayerPages({ state, links, returnUrl }) {
  /**
   * Back to the merchant: the request's successUrl/failUrl, else the sandbox's `returnUrl` option, else the
   * sandbox's own result page; `regPayNum=<n>` is added to the query.
   */
  function backToMerchant(res, payment) {
    const target = new URL((succeeded(payment) ? payment.successUrl : payment.failUrl) ?? returnUrl ?? links.resultUrl(payment.regPayNum));
    target.searchParams.set('regPayNum', payment.regPayNum);
    redirect(res, target.href);
  }

  const findPayment = (order) => (typeof order === 'string' ? state.payments.get(order) : undefined) ?? null;
  const notFound = (res) => sendHtml(res, 404, messagePage('Заказ не найден', 'Такого заказа нет. Проверьте ссылку на оплату.'));

  /** Reads an urlencoded form; answers the error page itself and resolves to null when it cannot. */
  async function readForm(req, res) {
    if (mediaType(req) !== 'application/x-www-form-urlencoded') {
      await readBody(req, MAX_FORM_BODY).catch(() => null);
      sendHtml(res, 415, messagePage('Неверный запрос', 'Форма отправляется как application/x-www-form-urlencoded.'));
      return null;
    }
    const raw = await readBody(req, MAX_FORM_BODY);
    if (raw === null) {
      sendHtml(res, 413, messagePage('Неверный запрос', 'Слишком большой запрос.'));
      return null;
    }
    return new URLSearchParams(raw.toString('utf8'));
  }

  /** Whether the payer may still act on this payment; otherwise answers (404, or back to the merchant) itself. */
  function openPayment(res, payment) {
    if (!payment) {
      notFound(res);
      return false;
    }
    if (payment.state !== 'created') {
      backToMerchant(res, payment);
      return false;
    }
    return true;
  }

  async function submitCard(req, res, operation) {
    const form = await readForm(req, res);
    if (!form) return;
    const payment = findPayment(form.get('order'));
    if (!openPayment(res, payment)) return;
    const registration = payment.kind === 'card_registration';
    if (form.get('operation') !== operation || registration !== (operation === 'checkpay') || payment.payType !== 'card') {
      sendHtml(res, 400, messagePage('Неверный запрос', `Операция ${form.get('operation') ?? '(нет)'} не подходит для заказа ${payment.regPayNum}.`));
      return;
    }
    if (state.pendingAuthentication.has(payment.regPayNum)) {
      redirect(res, links.securePageUrl(payment.regPayNum));
      return;
    }
    const input = { pan: form.get('pan') ?? '', exp: form.get('exp') ?? '', holder: form.get('holder') ?? '', secret: form.get('secret') ?? '' };
    const checked = checkCardInput(input, state.now());
    if (checked.formError) {
      sendHtml(res, 400, cardFormPage(payment, { error: checked.formError, exp: input.exp, holder: input.holder }));
      return;
    }
    if (checked.decline) {
      payment.card = { cardMask: checked.card.mask, cardType: checked.card.type };
      state.reject(payment, checked.decline);
      backToMerchant(res, payment);
      return;
    }
    state.pendingAuthentication.set(payment.regPayNum, checked.card);
    redirect(res, links.securePageUrl(payment.regPayNum));
  }

  async function threeDs(req, res, url) {
    if (req.method === 'GET') {
      const payment = findPayment(url.searchParams.get('order'));
      if (!openPayment(res, payment)) return;
      const card = state.pendingAuthentication.get(payment.regPayNum);
      if (!card) {
        sendHtml(res, 409, messagePage('3-D Secure', 'Для этого заказа нет ожидающей подтверждения оплаты: сначала введите данные карты.'));
        return;
      }
      sendHtml(res, 200, threeDsPage(payment, card));
      return;
    }
    const form = await readForm(req, res);
    if (!form) return;
    const payment = findPayment(form.get('order'));
    if (!openPayment(res, payment)) return;
    const card = state.pendingAuthentication.get(payment.regPayNum);
    if (!card) {
      sendHtml(res, 409, messagePage('3-D Secure', 'Для этого заказа нет ожидающей подтверждения оплаты.'));
      return;
    }
    if (form.get('code') === GOOD_3DS_CODE) state.settle(payment, card);
    else state.reject(payment, THREE_DS_FAILED);
    backToMerchant(res, payment);
  }

  async function sbpDecision(req, res) {
    const form = await readForm(req, res);
    if (!form) return;
    const payment = findPayment(form.get('order'));
    if (!openPayment(res, payment)) return;
    if (payment.payType !== 'sbp') {
      sendHtml(res, 400, messagePage('Неверный запрос', `Заказ ${payment.regPayNum} оплачивается не через СБП.`));
      return;
    }
    if (form.get('decision') === 'pay') state.settle(payment, null);
    else state.reject(payment, SBP_REFUSED);
    backToMerchant(res, payment);
  }

  /** GET pages that show a payment; a finished one shows its result. */
  function showPayment(res, url, page) {
    const payment = findPayment(url.searchParams.get('order'));
    if (!payment) notFound(res);
    else if (payment.state !== 'created' || page === 'result' || page === 'receipt') {
      sendHtml(res, 200, resultPage(payment, page === 'receipt' ? 'Чек' : 'Результат оплаты'));
    } else if (state.pendingAuthentication.has(payment.regPayNum)) redirect(res, links.securePageUrl(payment.regPayNum));
    else if (page === 'sbp' && payment.payType === 'sbp') sendHtml(res, 200, sbpPage(payment));
    else if (page === 'card' && payment.payType === 'card') sendHtml(res, 200, cardFormPage(payment));
    else sendHtml(res, 400, messagePage('Неверная ссылка', `Заказ ${payment.regPayNum} оплачивается иначе (${payment.payType}).`));
  }

  const GET_PAGES = { '/cardpay/card': 'card', '/cardpay/sbp': 'sbp', '/cardpay/result': 'result', '/cardpay/receipt': 'receipt' };
  const POST_ACTIONS = {
    '/cardpay/api/C/pay': (req, res) => submitCard(req, res, 'pay'),
    '/cardpay/api/C/rpcheck': (req, res) => submitCard(req, res, 'checkpay'),
    '/cardpay/api/sbp': sbpDecision,
  };

  return async (req, res, url) => {
    const path = url.pathname;
    if (path === '/3ds' && (req.method === 'GET' || req.method === 'POST')) await threeDs(req, res, url);
    else if (req.method === 'GET' && path === '/cardpay/sandbox.css') {
      res.writeHead(200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'max-age=3600' });
      res.end(STYLESHEET);
    } else if (req.method === 'GET' && Object.hasOwn(GET_PAGES, path)) showPayment(res, url, GET_PAGES[path]);
    else if (req.method === 'POST' && Object.hasOwn(POST_ACTIONS, path)) await POST_ACTIONS[path](req, res);
    else return false;
    return true;
  };
}
