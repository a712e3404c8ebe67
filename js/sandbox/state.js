// The gateway's state: users, their cards, payments and a virtual clock. Pure data and transitions;
// HTTP lives in routes.js and the pages, deliveries in notifier.js (it listens to the events below).
import { EventEmitter } from 'node:events';
import { randomUUID, randomInt } from 'node:crypto';
import { GatewayError } from './errors.js';
import { isExpiredCard, SCENARIO_DECLINE } from './cards.js';

/** Every payment state of the docs. */
export const PAYMENT_STATES = Object.freeze(['created', 'payed', 'holded', 'processed', 'rejected', 'refunded', 'error', 'created_error']);
/** States notified by default ("only successful payments are sent", says the docs). */
export const SUCCESS_STATES = Object.freeze(['payed', 'holded', 'processed', 'refunded']);
/** What a card registration charges and gives back, in kopecks. */
export const CARD_REGISTRATION_AMOUNT = 100;

/** Demo services of the official checkers, with the names the sandbox shows. */
export const DEMO_SERVICES = Object.freeze({
  '1000-13864-2': 'Тест ShopAPI',
  '109-5804-1': 'Демо: оплата ЖКУ',
  '15636-15727-1': 'Демо: фискализация наличных',
});

const pad = (number) => String(number).padStart(2, '0');

/** `yyyy-MM-dd HH:mm:ss` in UTC, the gateway's date format. @param {number | null} ms */
export function formatGatewayDate(ms) {
  if (ms === null) return null;
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} `
    + `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

export class SandboxState {
  /**
   * @param {{ services?: ReadonlyArray<string | {serviceCode: string, name?: string}> }} [options]
   *   `services` limits the known service codes; without it any well-formed code is accepted.
   */
  constructor(options = {}) {
    /** Emits `payment` (payment record, after every state change) and `card` ({user, card}, after a registration). */
    this.events = new EventEmitter();
    /** @type {Map<string, string> | null} service code → provider name */
    this.services = options.services
      ? new Map(options.services.map((service) => (typeof service === 'string'
        ? [service, DEMO_SERVICES[service] ?? `Sandbox service ${service}`]
        : [service.serviceCode, service.name ?? `Sandbox service ${service.serviceCode}`])))
      : null;
    // Payment numbers keep growing across resets so an old number never points at a new payment.
    this.nextRegPayNum = 13_000_000_000 + randomInt(0, 900_000) * 1000;
    this.reset();
  }

  /** Forgets every user, card and payment and puts the clock back to real time. */
  reset() {
    /** @type {Map<string, object>} login → user */
    this.users = new Map();
    /** @type {Map<string, object>} cardToken → card */
    this.cards = new Map();
    /** @type {Map<string, object>} regPayNum → payment */
    this.payments = new Map();
    /** @type {Map<string, object>} regPayNum → the card awaiting 3-D Secure (kept off the inspection records) */
    this.pendingAuthentication = new Map();
    this.clockOffsetMs = 0;
  }

  /** The virtual time, in milliseconds. */
  now() {
    return Date.now() + this.clockOffsetMs;
  }

  /** Moves the virtual clock forward and applies what expired meanwhile. */
  advanceClock(seconds) {
    this.clockOffsetMs += seconds * 1000;
    this.sweep();
    return this.clock();
  }

  clock() {
    const now = this.now();
    return { now: new Date(now).toISOString(), nowSeconds: Math.floor(now / 1000), offsetSeconds: this.clockOffsetMs / 1000 };
  }

  // ---- services ----

  /** The provider name of a service code, or a ServiceNotFound error when `services` was configured without it. */
  providerName(serviceCode) {
    if (this.services === null) return DEMO_SERVICES[serviceCode] ?? `Sandbox service ${serviceCode}`;
    const name = this.services.get(serviceCode);
    if (name === undefined) throw new GatewayError('ServiceNotFound', `serviceCode ${serviceCode} is not a service of this shop`);
    return name;
  }

  // ---- users and cards ----

  /** Registers a user, or returns the existing one for a known login. */
  registerUser(fields) {
    const known = this.users.get(fields.login);
    if (known) return known;
    const user = {
      login: fields.login,
      email: fields.email ?? null,
      name: fields.name ?? null,
      surName: fields.surName ?? null,
      middleName: fields.middleName ?? null,
      state: 'active',
      userToken: randomUUID(),
      createdDate: formatGatewayDate(this.now()),
    };
    this.users.set(user.login, user);
    return user;
  }

  userByLogin(login) {
    const user = this.users.get(login);
    if (!user) throw new GatewayError('UserNotRegisteredForShop', `login ${login} is not registered for this shop`);
    return user;
  }

  /** @returns {object | undefined} */
  userByToken(userToken) {
    return [...this.users.values()].find((candidate) => candidate.userToken === userToken);
  }

  /** The user of a token, which must be active. */
  activeUser(userToken) {
    const user = this.userByToken(userToken);
    if (!user) throw new GatewayError('UserNotRegisteredForShop', `userToken ${userToken} is not a user of this shop`);
    if (user.state !== 'active') throw new GatewayError('UserNotActive', `user ${user.login} is ${user.state}`);
    return user;
  }

  cardsOf(user) {
    return [...this.cards.values()].filter((card) => card.userToken === user.userToken);
  }

  /** A card of this user, whatever its state. */
  cardOf(user, cardToken) {
    const card = this.cards.get(cardToken);
    if (!card || card.userToken !== user.userToken) {
      throw new GatewayError('CardNotFound', `cardToken ${cardToken} is not a card of user ${user.login}`);
    }
    return card;
  }

  /** A card that can be charged now: active and not expired. */
  chargeableCard(user, cardToken) {
    const card = this.cardOf(user, cardToken);
    if (card.state !== 'active') throw new GatewayError('CardInactive', `card ${cardToken} is ${card.state}; register it again`);
    if (isExpiredCard(card.pan, card.expiry, this.now())) {
      throw new GatewayError('CardExpired', `card ${card.cardMask} expired at ${card.exp.slice(0, 2)}/${card.exp.slice(2)}`);
    }
    return card;
  }

  /** Saves a card entered on the form; the same PAN already active for the user keeps its token. */
  saveCard(user, entered) {
    const known = this.cardsOf(user).find((card) => card.pan === entered.pan && card.state === 'active');
    if (known) return known;
    const card = {
      cardToken: randomUUID(),
      userToken: user.userToken,
      cardMask: entered.mask,
      cardType: entered.type,
      state: 'active',
      exp: `${pad(entered.expiry.month)}${entered.expiry.year}`,
      expiry: entered.expiry,
      pan: entered.pan,
    };
    this.cards.set(card.cardToken, card);
    this.events.emit('card', { user, card });
    return card;
  }

  deactivateCard(user, cardToken) {
    const card = this.cardOf(user, cardToken);
    if (card.state !== 'active') throw new GatewayError('CardInactive', `card ${cardToken} is already ${card.state}`);
    card.state = 'inactive';
    return card;
  }

  // ---- payments ----

  /**
   * Creates a payment in state `created`.
   * @param {Record<string, any>} fields validated request fields plus `kind` and `operation`
   */
  createPayment(fields) {
    const regPayNum = String(this.nextRegPayNum);
    this.nextRegPayNum += 1;
    const now = this.now();
    const payment = {
      regPayNum,
      kind: fields.kind,
      operation: fields.operation,
      serviceCode: fields.serviceCode ?? null,
      providerName: fields.providerName,
      amount: fields.amount,
      comission: fields.comission,
      state: 'created',
      errorCode: null,
      error: null,
      message: null,
      createdAt: now,
      procAt: null,
      payType: fields.payType ?? 'card',
      clientType: fields.clientType ?? 'web',
      userToken: fields.userToken ?? null,
      cardToken: fields.cardToken ?? null,
      userPhone: fields.userPhone ?? null,
      userEmail: fields.userEmail ?? null,
      properties: fields.properties ?? [],
      orderItems: fields.orderItems ?? null,
      orderNote: fields.orderNote ?? null,
      orderBestBefore: fields.orderBestBefore ?? null,
      holdTtl: fields.holdTtl ?? null,
      holdUntil: null,
      enableSMSConfirm: fields.enableSMSConfirm ?? false,
      needRegCard: fields.needRegCard ?? false,
      clientAuInfo: fields.clientAuInfo ?? null,
      successUrl: fields.successUrl ?? null,
      failUrl: fields.failUrl ?? null,
      scenario: fields.scenario ?? null,
      card: null,
      remainingAmount: null,
      confirmedAmount: null,
      orderId: null,
      refunds: [],
      history: [{ state: 'created', at: formatGatewayDate(now) }],
    };
    this.payments.set(regPayNum, payment);
    return payment;
  }

  payment(regPayNum) {
    const payment = this.payments.get(regPayNum);
    if (!payment) throw new GatewayError('PaymentNotFound', `regPayNum ${regPayNum} is not a payment of this shop`);
    return payment;
  }

  /**
   * Moves a payment to `state` and tells the listeners.
   * @param {object} payment
   * @param {string} state
   * @param {{errorCode: number | null, error: string | null, message: string | null} | null} [details]
   *   errorCode, error, message of a failed payment (or a note on a successful one)
   */
  transition(payment, state, details = null) {
    const now = this.now();
    payment.state = state;
    payment.errorCode = details?.errorCode ?? null;
    payment.error = details?.error ?? null;
    payment.message = details?.message ?? null;
    payment.procAt = now;
    if (['payed', 'holded', 'processed'].includes(state) && payment.remainingAmount === null) {
      payment.remainingAmount = payment.amount + payment.comission;
    }
    payment.history.push({ state, at: formatGatewayDate(now), ...(payment.errorCode !== null ? { errorCode: payment.errorCode } : {}) });
    this.pendingAuthentication.delete(payment.regPayNum);
    this.events.emit('payment', payment);
  }

  /** The money is taken: `holded` when a hold was asked for (holdTtl), else `payed`. */
  charge(payment, card) {
    payment.card = card ? { cardMask: card.cardMask ?? card.mask, cardType: card.cardType ?? card.type } : payment.card;
    if (payment.holdTtl !== null) payment.holdUntil = this.now() + payment.holdTtl * 1000;
    this.transition(payment, payment.holdTtl !== null ? 'holded' : 'payed');
  }

  /** @param {{errorCode: number, error: string, message: string}} failure */
  reject(payment, failure) {
    this.transition(payment, 'rejected', failure);
  }

  /** Rejects a `created` payment whose `orderBestBefore` has passed; tells whether it did. */
  rejectIfExpired(payment) {
    if (payment.state !== 'created' || payment.orderBestBefore === null || this.now() < payment.orderBestBefore * 1000) return false;
    this.reject(payment, {
      errorCode: 1702,
      error: 'OrderExpired',
      message: `Срок оплаты заказа истёк (orderBestBefore ${formatGatewayDate(payment.orderBestBefore * 1000)} UTC).`,
    });
    return true;
  }

  /**
   * Ends a payment the payer has authorised (form, 3-D Secure or a saved card): an expired order or the
   * `decline` scenario rejects it, otherwise it is charged. A card registration saves the card entered on
   * the form and gives the money back (ending `refunded`); `needRegCard` saves the card as well.
   * @param {object} payment
   * @param {{cardMask?: string, mask?: string, pan?: string} | null} card a saved card or one entered on the form
   */
  settle(payment, card) {
    if (this.rejectIfExpired(payment)) return;
    if (payment.scenario === 'decline') {
      this.reject(payment, SCENARIO_DECLINE);
      return;
    }
    this.charge(payment, card);
    const entered = card && 'mask' in card;
    if (entered && (payment.kind === 'card_registration' || payment.needRegCard)) {
      const user = this.userByToken(payment.userToken);
      if (user) payment.cardToken = this.saveCard(user, card).cardToken;
    }
    if (payment.kind === 'card_registration') {
      payment.remainingAmount = 0;
      this.transition(payment, 'refunded', { errorCode: null, error: null, message: 'Проверочное списание возвращено на карту.' });
    }
  }

  /** Applies the passage of time: expired orders are rejected, holds not confirmed in time are returned. */
  sweep() {
    for (const payment of this.payments.values()) {
      if (this.rejectIfExpired(payment)) continue;
      if (payment.state === 'holded' && this.now() >= payment.holdUntil) {
        payment.remainingAmount = 0;
        this.transition(payment, 'refunded', {
          errorCode: null, error: null, message: 'Холдирование не подтверждено за holdTtl: средства возвращены.',
        });
      }
    }
  }

  /** What `check/payment/state` answers. */
  statusOf(payment) {
    return {
      state: payment.state,
      totalAmount: payment.amount + payment.comission,
      createdDate: formatGatewayDate(payment.createdAt),
      providerServCode: payment.serviceCode,
      providerName: payment.providerName,
      errorCode: payment.errorCode,
      error: payment.error,
      message: payment.message,
      provisionServices: payment.state === 'payed' || payment.state === 'processed',
      procDate: formatGatewayDate(payment.procAt),
    };
  }

  /** A payment as the inspection API shows it. */
  inspectPayment(payment) {
    return { ...payment, ...this.statusOf(payment), awaiting3ds: this.pendingAuthentication.has(payment.regPayNum) };
  }

  /** A user and their cards as the inspection API shows them (no full PAN). */
  inspectUser(user) {
    return { ...user, cards: this.cardsOf(user).map(publicCard) };
  }
}

/** A card as `get/cards` lists it; the ver2/ver3 lists add `exp` (MMyyyy, as S1/S4 read it). */
export function publicCard(card, withExp = true) {
  const { cardMask, cardToken, cardType, state, exp } = card;
  return withExp ? { cardMask, cardToken, cardType, state, exp } : { cardMask, cardToken, cardType, state };
}
