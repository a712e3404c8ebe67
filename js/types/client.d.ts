/**
 * A Storage-like place for the pending payment attempt (`sessionStorage` by default; memory where
 * the page may not use it, and in Node).
 */
export interface AttemptStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Where the SDK sends the payer: the card form (`payment_form`) or 3-D Secure (`3ds`). */
export interface CheckoutRedirect {
  type: 'redirect';
  reason: 'payment_form' | '3ds';
  /** How to open `url`: `GET` (a navigation) or `POST` (a submitted form). */
  method: 'GET' | 'POST';
  /** The form's `payUrl` or the gateway's `securePageURL`, already checked against the allow-list. */
  url: string;
  /** The gateway's payment number, to check the status after the payer returns. */
  regPayNum: string | null;
}

/** What `pay()` resolves to when the payer must leave the page. */
export interface PayRedirect extends CheckoutRedirect {
  /** True when the browser is navigating now; false in Node, SSR or a worker (do it yourself). */
  navigated: boolean;
}

/** A payment's outcome after polling its status. */
export interface PaymentOutcome {
  /** `final`: the state will not change by itself; `pending`: the deadline passed first. */
  type: 'final' | 'pending';
  /** The gateway's state (`payed`, `rejected`, ...), or null when no status could be read. */
  state: PaymentStateName | string | null;
  /** The payer has paid (`payed`, `holded`, `processed`). */
  isSuccess: boolean;
  regPayNum: string | null;
  /** The last status the proxy gave, or null. */
  status: OperationResults['paymentStatus'] | null;
}

/** Options of `new CheckoutClient(...)`. */
export interface CheckoutClientOptions {
  /** The merchant proxy's URL, e.g. `/api/ckassa` (then `POST /api/ckassa/anonymousPayment`); absolute in Node. */
  endpoint: string;
  /** Each call's time limit in whole milliseconds, retries and waits included (default 30000, at most 600000). */
  timeoutMs?: number;
  /** Automatic retries after the first attempt (default 2, at most 10); `0` means exactly one attempt. */
  retries?: number;
  /** Extra headers on every call, e.g. a CSRF token. */
  headers?: { [name: string]: string };
  /**
   * Where the payer may be sent: exact hosts (`demo-acq.bisys.ru`), suffixes (`*.bank.example`), or
   * full origins (`https://sandbox.example:8443`, `http://127.0.0.1:4010` for a loopback sandbox).
   * Replaces the defaults (`demo-acq.bisys.ru`, `bisys.kz`).
   */
  allowedRedirectHosts?: string[];
  /** The fetch to use (default: the global one). */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
  /** Called before the payer is sent away, with the checked action; return `false` to veto. */
  beforeRedirect?: (action: CheckoutRedirect) => boolean | void | Promise<boolean | void>;
  /** Navigate the top window when the checkout runs in an iframe. */
  breakOutOfIframe?: boolean;
  /** Where the pending attempt is kept (default `sessionStorage`). */
  storage?: AttemptStorage;
}

/** Options of each call. */
export interface CallOptions {
  /** Aborts the call (a `CKassaAbortError`). */
  signal?: AbortSignal;
  /** This call's time limit (default: the client's). */
  timeoutMs?: number;
  /**
   * The payment attempt's key, for payment-creating calls (`createAnonymousPayment`,
   * `createRecurrentPayment`, `registerCard`, `refund`); default: a new UUID v4 per call.
   */
  idempotencyKey?: string;
}

/** Options of `pay()`. */
export interface PayOptions extends CallOptions {
  /**
   * Which payment to create (default: `recurrentPayment` when the input has `userToken`);
   * `cardRegistration` sends the payer to the card form to save a card.
   */
  operation?: 'anonymousPayment' | 'recurrentPayment' | 'cardRegistration';
  /** Sent as `successUrl`/`failUrl` unless the input has them (default: this page, without its fragment). */
  returnUrl?: string | null;
  /** Warnings become errors. */
  strict?: boolean;
  /** When nothing needs the payer: how long to poll the status (default 300000 ms). */
  deadlineMs?: number;
  /** Each new state while polling. */
  onStatus?: (outcome: PaymentOutcome) => void;
}

/** Options of `resume()`. */
export interface ResumeOptions {
  signal?: AbortSignal;
  /** Each status call's time limit. */
  timeoutMs?: number;
  /** How long to poll before answering `pending` (default 300000 ms). */
  deadlineMs?: number;
  /** Called with each new state (also after a back/forward-cache restore). */
  onStatus?: (outcome: PaymentOutcome) => void;
}

/**
 * The checkout client: calls the merchant's proxy (never the gateway), sends the payer to the card
 * form or 3-D Secure, and brings the result back. Every call validates first, has a time limit,
 * honours an `AbortSignal`, and throws `CKassaError` subclasses.
 * @example
 * import { init, CheckoutClient } from 'ckassa-sdk';
 * await init();
 * const checkout = new CheckoutClient({ endpoint: '/api/ckassa' });
 * // On the return page (and the checkout page itself):
 * const outcome = await checkout.resume({ onStatus: (o) => show(o.state) });
 * // On "Pay":
 * await checkout.pay({ serviceCode: '1000-13864-2', amount: 10000, comission: 0, properties: [] });
 */
export declare class CheckoutClient {
  constructor(options: CheckoutClientOptions);

  /**
   * The whole payment: validates, creates it with this attempt's idempotency key (kept in
   * sessionStorage across the redirect and reloads), then sends the payer to the card form or to
   * 3-D Secure, or, when nothing needs the payer, polls the status to the outcome.
   * @example
   * const next = await checkout.pay(payment, { returnUrl: 'https://shop.example/return' });
   * if (next.type === 'redirect' && !next.navigated) res.redirect(next.url); // Node
   * @throws CKassaValidationError, CKassaGatewayError, CKassaProxyError, CKassaNetworkError,
   *   CKassaTimeoutError, CKassaAbortError, CKassaRedirectBlockedError.
   */
  pay(input: AnonymousPaymentInput | RecurrentPaymentInput, options?: PayOptions): Promise<PayRedirect | PaymentOutcome>;

  /**
   * On the page the payer comes back to: polls the pending attempt's status (about every 2 s, then
   * every 10 s after a minute, paused while the tab is hidden) until it is final, then forgets it.
   * Null when nothing is pending; `type: 'pending'` when `deadlineMs` passes first.
   * @example
   * const outcome = await checkout.resume({ onStatus: (o) => (status.textContent = o.state ?? '…') });
   * if (outcome?.isSuccess) showReceipt(outcome.regPayNum);
   */
  resume(options?: ResumeOptions): Promise<PaymentOutcome | null>;

  /**
   * `do/payment/anonymous` through the proxy; does not navigate.
   * @example
   * const { payUrl, regPayNum } = await checkout.createAnonymousPayment(payment, { idempotencyKey });
   */
  createAnonymousPayment(input: AnonymousPaymentInput, options?: CallOptions): Promise<OperationResults['anonymousPayment']>;
  /**
   * `do/payment` (a registered payer, a saved card); 2365 resolves to the 3-D Secure redirect action.
   * @example
   * const r = await checkout.createRecurrentPayment({ ...payment, userToken, cardToken });
   * if ('type' in r) location.assign(r.url);
   */
  createRecurrentPayment(
    input: RecurrentPaymentInput,
    options?: CallOptions,
  ): Promise<OperationResults['recurrentPayment'] | CheckoutRedirect>;
  /**
   * `user/registration`.
   * @example
   * const { userToken } = await checkout.registerUser({ login: '79001234567' });
   */
  registerUser(input: UserRegistrationInput, options?: CallOptions): Promise<OperationResults['userRegistration']>;
  /**
   * `user/status`.
   * @example
   * const { state } = await checkout.userStatus({ login: '79001234567' });
   */
  userStatus(input: UserStatusInput, options?: CallOptions): Promise<OperationResults['userStatus']>;
  /**
   * `card/registration`: the card form to link a card (does not navigate).
   * @example
   * const { payUrl } = await checkout.registerCard({ userToken });
   */
  registerCard(input: CardRegistrationInput, options?: CallOptions): Promise<OperationResults['cardRegistration']>;
  /**
   * `get/cards`.
   * @example
   * const { cards } = await checkout.listCards({ userToken });
   */
  listCards(input: CardListInput, options?: CallOptions): Promise<OperationResults['cardList']>;
  /**
   * `card/deactivation`.
   * @example
   * await checkout.deactivateCard({ userToken, cardToken });
   */
  deactivateCard(input: CardDeactivationInput, options?: CallOptions): Promise<OperationResults['cardDeactivation']>;
  /**
   * `check/payment/state`.
   * @example
   * const { state, isTerminal } = await checkout.paymentStatus({ regPayNum: '42' });
   */
  paymentStatus(input: PaymentStatusInput, options?: CallOptions): Promise<OperationResults['paymentStatus']>;
  /**
   * A full or partial refund (where the proxy allows it).
   * @example
   * await checkout.refund({ regPayNum: '42', note: 'returned', refundAmount: 500, remainingAmount: 9500 });
   */
  refund(input: RefundInput, options?: CallOptions): Promise<OperationResults['refund']>;
}

/**
 * True when the SDK would send the payer to `url`: `https:` (or `http:` to a listed loopback origin),
 * a plain host on the allow-list (the defaults when `allowedHosts` is omitted), no user info, IP
 * literal, odd port, percent-encoded or IDN host, backslash, white space or control character.
 * @example
 * isAllowedRedirect('https://demo-acq.bisys.ru/cardpay/card?order=1')      // true
 * isAllowedRedirect('https://demo-acq.bisys.ru@evil.example/')             // false
 * isAllowedRedirect('https://acs.bank.example/3ds', ['*.bank.example'])    // true
 * @throws CKassaValidationError for an unusable allow-list entry (`*.com`, `http://` to a public host).
 */
export declare function isAllowedRedirect(url: string, allowedHosts?: string[]): boolean;
