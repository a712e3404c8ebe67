// The Shop API operations: validate the request, change the state, build the answer.
// Each handler returns the JSON body of a 200 answer or throws a GatewayError.
import { GatewayError } from './errors.js';
import { validateRequest, requireObject } from './validation.js';
import { CARD_REGISTRATION_AMOUNT, publicCard } from './state.js';

/** Every operation, as its path after `/api-shop/` or `/api-shop/rs/shop/`. */
export const OPERATIONS = Object.freeze([
  'user/registration', 'user/status', 'card/registration', 'get/cards', 'ver2/get/cards', 'ver3/get/cards', 'card/deactivation',
  'do/payment', 'do/payment/anonymous', 'check/payment/state', 'provision-services/refund', 'provision-services/confirm',
]);

/** Links to the sandbox's own pages for a payment. */
export function pageLinks(origin) {
  return {
    payUrl: (regPayNum) => `${origin}/cardpay/card?order=${regPayNum}`,
    sbpUrl: (regPayNum) => `${origin}/cardpay/sbp?order=${regPayNum}`,
    securePageUrl: (regPayNum) => `${origin}/3ds?order=${regPayNum}`,
    receiptUrl: (regPayNum) => `${origin}/cardpay/receipt?order=${regPayNum}`,
    resultUrl: (regPayNum) => `${origin}/cardpay/result?order=${regPayNum}`,
  };
}

function checkLogin(login) {
  if (!/^\d{11,15}$/.test(login)) {
    throw new GatewayError('InvalidLogin', `login must be a phone number of 11 to 15 digits with the country code and without "+", got ${JSON.stringify(login)}`);
  }
  return login;
}

const userView = ({ login, email, name, surName, middleName, state, userToken }) => ({ login, email, name, surName, middleName, state, userToken });

/**
 * @param {{state: import('./state.js').SandboxState, links: ReturnType<typeof pageLinks>}} context
 * @returns {(operation: string, body: unknown, scenario: {name: string} | null) => Record<string, unknown>}
 */
export function createApi({ state, links }) {
  /** Creates a payment from a validated do/payment or do/payment/anonymous request. */
  function newPayment(operation, fields, scenario, kind) {
    const providerName = state.providerName(fields.serviceCode);
    if (fields.orderBestBefore !== undefined && state.now() >= fields.orderBestBefore * 1000) {
      throw new GatewayError('OrderExpired', `orderBestBefore ${fields.orderBestBefore} is not in the future (now ${Math.floor(state.now() / 1000)})`);
    }
    if (fields.payType === 'gPay' && !fields.gPayToken && !fields.gpayToken) {
      throw new GatewayError('InvalidPaymentRequest', 'payType gPay needs gPayToken');
    }
    if (fields.payType === 'applePay' && !fields.applePayToken) {
      throw new GatewayError('InvalidPaymentRequest', 'payType applePay needs applePayToken');
    }
    if (fields.cardToken && (fields.payType ?? 'card') !== 'card') {
      throw new GatewayError('InvalidPaymentRequest', `cardToken can only be charged with payType card, not ${fields.payType}`);
    }
    const expired = scenario?.name === 'expired' ? { orderBestBefore: Math.floor(state.now() / 1000) } : {};
    return state.createPayment({ ...fields, ...expired, kind, operation, providerName, scenario: scenario?.name ?? null });
  }

  /** The answer to a created payment, by how it is paid. */
  function paymentAnswer(payment) {
    const base = { regPayNum: payment.regPayNum, methodType: 'GET' };
    const user = payment.userToken ? { userToken: payment.userToken } : {};
    switch (payment.payType) {
      case 'sbp':
        return { ...base, payUrl: links.sbpUrl(payment.regPayNum), payUrlImg: null, ...user };
      case 'fiscalCash': case 'gPay': case 'applePay':
        // No payer interaction: cash is fiscalised, a wallet token is charged at once.
        state.settle(payment, null);
        return { ...base, payUrl: links.receiptUrl(payment.regPayNum), ...user };
      default:
        return { ...base, payUrl: links.payUrl(payment.regPayNum), ...user };
    }
  }

  function listCards(body, withExp) {
    const { userToken } = validateRequest('get/cards', body);
    const user = state.activeUser(userToken);
    return { userToken, cards: state.cardsOf(user).map((card) => publicCard(card, withExp)) };
  }

  const finishRefund = (payment, details) => {
    payment.remainingAmount = 0;
    state.transition(payment, 'refunded', { errorCode: null, error: null, message: details });
  };

  function refund(body) {
    const object = requireObject(body);
    const legacy = object.orderId !== undefined && ['refundAmount', 'remainingAmount', 'note'].every((name) => object[name] === undefined);
    const fields = validateRequest(legacy ? 'refund-legacy' : 'refund', object);
    const payment = state.payment(fields.regPayNum);
    const refundable = payment.kind !== 'card_registration' && ['payed', 'processed'].includes(payment.state);
    if (legacy && payment.state === 'holded') {
      payment.orderId = fields.orderId;
      finishRefund(payment, 'Холдирование отменено, средства возвращены.');
      return { resultState: 'success', desc: 'Hold cancelled', regPayNum: payment.regPayNum, state: payment.state, remainingAmount: 0 };
    }
    if (!refundable) {
      throw new GatewayError('RefundNotAllowed', `payment ${payment.regPayNum} is ${payment.state}; only payed or processed payments can be refunded${legacy ? ' (or holded ones cancelled)' : ''}`);
    }
    const left = payment.remainingAmount;
    const refundAmount = legacy ? left : fields.refundAmount;
    const remainingAmount = legacy ? 0 : fields.remainingAmount;
    if (refundAmount + remainingAmount !== left) {
      throw new GatewayError('RefundAmountMismatch', `refundAmount ${refundAmount} + remainingAmount ${remainingAmount} must equal ${left}, what is left of payment ${payment.regPayNum}`);
    }
    payment.refunds.push({ refundAmount, remainingAmount, note: fields.note ?? null, orderId: fields.orderId ?? null, at: state.clock().now });
    if (remainingAmount === 0) finishRefund(payment, fields.note || 'Платёж возвращён.');
    else payment.remainingAmount = remainingAmount;
    return { resultState: 'success', desc: remainingAmount === 0 ? 'Refunded' : 'Partially refunded', regPayNum: payment.regPayNum, state: payment.state, remainingAmount };
  }

  function confirm(body) {
    const fields = validateRequest('provision-services/confirm', body);
    const payment = state.payment(fields.regPayNum);
    if (payment.state !== 'holded') {
      throw new GatewayError('InvalidPaymentRequest', `payment ${payment.regPayNum} is ${payment.state}; only holded payments can be confirmed`);
    }
    const amount = fields.amount ?? payment.amount;
    if (amount > payment.amount) {
      throw new GatewayError('InvalidPaymentRequest', `amount ${amount} is more than the held amount ${payment.amount}`);
    }
    payment.orderId = fields.orderId;
    payment.confirmedAmount = amount;
    payment.remainingAmount = amount + payment.comission;
    state.transition(payment, 'processed');
    return { resultState: 'success', desc: 'Confirmed', regPayNum: payment.regPayNum, state: payment.state };
  }

  function recurrentPayment(body, scenario) {
    const fields = validateRequest('do/payment', body);
    const user = state.activeUser(fields.userToken);
    if (!fields.cardToken) return paymentAnswer(newPayment('do/payment', fields, scenario, 'registered'));
    const card = state.chargeableCard(user, fields.cardToken);
    const payment = newPayment('do/payment', fields, scenario, 'recurrent');
    payment.card = { cardMask: card.cardMask, cardType: card.cardType };
    if (fields.enableSMSConfirm || scenario?.name === '3ds') {
      state.pendingAuthentication.set(payment.regPayNum, card);
      throw new GatewayError('NeedPass3dsException', 'NeedPass3dsException: the payment needs 3-D Secure; send the payer to securePageURL by GET', {
        extra: { regPayNum: payment.regPayNum, securePageURL: links.securePageUrl(payment.regPayNum) },
      });
    }
    state.settle(payment, card);
    return { regPayNum: payment.regPayNum, methodType: 'GET', payUrl: links.receiptUrl(payment.regPayNum), userToken: user.userToken };
  }

  const handlers = {
    'user/registration': (body) => {
      const fields = validateRequest('user/registration', body);
      checkLogin(fields.login);
      return userView(state.registerUser(fields));
    },
    'user/status': (body) => {
      const { login } = validateRequest('user/status', body);
      return userView(state.userByLogin(checkLogin(login)));
    },
    'card/registration': (body, scenario) => {
      const fields = validateRequest('card/registration', body);
      const user = state.activeUser(fields.userToken);
      const payment = state.createPayment({
        ...fields,
        kind: 'card_registration',
        operation: 'card/registration',
        providerName: 'Регистрация карты',
        amount: CARD_REGISTRATION_AMOUNT,
        comission: 0,
        userPhone: user.login,
        scenario: scenario?.name ?? null,
      });
      return { regPayNum: payment.regPayNum, methodType: 'GET', payUrl: links.payUrl(payment.regPayNum), userToken: user.userToken, userPhone: user.login };
    },
    'get/cards': (body) => listCards(body, false),
    'ver2/get/cards': (body) => listCards(body, true),
    'ver3/get/cards': (body) => listCards(body, true),
    'card/deactivation': (body) => {
      const { userToken, cardToken } = validateRequest('card/deactivation', body);
      state.deactivateCard(state.activeUser(userToken), cardToken);
      return { resultState: 'success', desc: 'Card deactivated', userToken };
    },
    'do/payment': recurrentPayment,
    'do/payment/anonymous': (body, scenario) => {
      const fields = validateRequest('do/payment/anonymous', body);
      return paymentAnswer(newPayment('do/payment/anonymous', fields, scenario, 'anonymous'));
    },
    'check/payment/state': (body) => state.statusOf(state.payment(validateRequest('check/payment/state', body).regPayNum)),
    'provision-services/refund': refund,
    'provision-services/confirm': confirm,
  };

  return (operation, body, scenario) => handlers[operation](body, scenario);
}
