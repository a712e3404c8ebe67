// Types of ckassa-sdk/sandbox: a local, stateful emulator of the CKassa Shop API. See docs/sandbox.md.

/** Payment states of the gateway. */
export type PaymentState = 'created' | 'payed' | 'holded' | 'processed' | 'rejected' | 'refunded' | 'error' | 'created_error';
/** `cardType` as the gateway names it (by the PAN's first digit). */
export type CardType = 'visa' | 'master_card' | 'mir' | 'maestro' | 'undefined';
export type CardState = 'active' | 'inactive';
export type UserState = 'active' | 'inactive' | 'disable';
export type PayType = 'card' | 'sbp' | 'gPay' | 'applePay' | 'fiscalCash';
export type ClientType = 'web' | 'mobile' | 'iframe';
/** What created a payment: an anonymous payment, a registered user's payment through the form, a saved card, a card registration. */
export type PaymentKind = 'anonymous' | 'registered' | 'recurrent' | 'card_registration';

/** Every operation, as its path after `/api-shop/` or `/api-shop/rs/shop/`. */
export type Operation =
  | 'user/registration' | 'user/status' | 'card/registration' | 'get/cards' | 'ver2/get/cards' | 'ver3/get/cards'
  | 'card/deactivation' | 'do/payment' | 'do/payment/anonymous' | 'check/payment/state'
  | 'provision-services/refund' | 'provision-services/confirm';

/** A scenario trigger; `slow:<ms>` answers after a delay of up to 120000 ms. */
export type ScenarioName = 'decline' | '3ds' | 'error500' | `slow:${number}` | 'drop-after-create' | 'expired';
/** A scenario as remembered on a payment (`slow` without its delay). */
export type ScenarioKind = 'decline' | '3ds' | 'error500' | 'slow' | 'drop-after-create' | 'expired';

export interface SandboxService {
  serviceCode: string;
  /** `providerName` in check/payment/state. */
  name?: string;
}

export interface SandboxOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Address to listen on; default `127.0.0.1`. */
  host?: string;
  /** Basic user name; default `sandbox-shop-token`. Give it together with `secKey`. */
  shopToken?: string;
  /** Basic password; default `sandbox-sec-key`. */
  secKey?: string;
  /** Where notifications are POSTed; without it they are only recorded (`unsent`). */
  notifyUrl?: string;
  /** First retry interval of a notification, doubling after each failure; default 1000. */
  notifyRetryMs?: number;
  /** Attempts per notification; default 12. */
  notifyMaxAttempts?: number;
  /** Cap of the retry interval; default 600000 (10 minutes). */
  notifyMaxIntervalMs?: number;
  /** Time allowed for one attempt; default 10000. */
  notifyTimeoutMs?: number;
  /** Notify rejected (and error) payments too; by default only payed, holded, processed and refunded ones. */
  notifyAll?: boolean;
  /** Where the payer goes after the form or 3DS when the request gave no successUrl/failUrl; default the sandbox's result page. */
  returnUrl?: string;
  /** Accept only these service codes (others: 1301 ServiceNotFound); by default any well-formed code. */
  services?: ReadonlyArray<string | SandboxService>;
  /** Origin used in payUrl and securePageURL; default the listening address. */
  publicUrl?: string;
  /** Called with one line per answered request. */
  log?: (line: string) => void;
}

export interface Property {
  name: string;
  value: string;
}

export interface OrderItem {
  num: number;
  name: string;
  quantity: number;
  /** Kopecks. */
  price: number;
  tax: string;
}

export interface ClientAuInfo {
  ipAddress?: string;
  agentName?: string;
  /** The base64 text as sent and the JSON object it decodes to. */
  authenticationInfo?: { encoded: string; decoded: Record<string, unknown> };
}

export interface PaymentHistoryEntry {
  state: PaymentState;
  /** `yyyy-MM-dd HH:mm:ss`, UTC, virtual clock. */
  at: string;
  errorCode?: number;
}

export interface RefundRecord {
  refundAmount: number;
  remainingAmount: number;
  note: string | null;
  /** Set by the legacy `{regPayNum, orderId}` shape. */
  orderId: string | null;
  /** ISO time on the virtual clock. */
  at: string;
}

/** A payment as the inspection API shows it: the stored record plus the fields of check/payment/state. */
export interface InspectedPayment {
  regPayNum: string;
  kind: PaymentKind;
  operation: 'do/payment' | 'do/payment/anonymous' | 'card/registration';
  serviceCode: string | null;
  providerName: string;
  /** Kopecks. */
  amount: number;
  /** Kopecks. */
  comission: number;
  state: PaymentState;
  errorCode: number | null;
  error: string | null;
  message: string | null;
  /** Epoch milliseconds on the virtual clock. */
  createdAt: number;
  procAt: number | null;
  payType: PayType;
  clientType: ClientType;
  userToken: string | null;
  cardToken: string | null;
  userPhone: string | null;
  userEmail: string | null;
  properties: Property[];
  orderItems: OrderItem[] | null;
  orderNote: string | null;
  /** Absolute UTC seconds. */
  orderBestBefore: number | null;
  holdTtl: number | null;
  holdUntil: number | null;
  enableSMSConfirm: boolean;
  needRegCard: boolean;
  clientAuInfo: ClientAuInfo | null;
  successUrl: string | null;
  failUrl: string | null;
  scenario: ScenarioKind | null;
  card: { cardMask: string; cardType: CardType } | null;
  /** What a refund may still return (amount + comission, less refunds), once paid. */
  remainingAmount: number | null;
  confirmedAmount: number | null;
  orderId: string | null;
  refunds: RefundRecord[];
  history: PaymentHistoryEntry[];
  totalAmount: number;
  createdDate: string;
  procDate: string | null;
  providerServCode: string | null;
  provisionServices: boolean;
  /** The payer has entered a card (or the charge answered 2365) and the 3DS page is waiting. */
  awaiting3ds: boolean;
}

export interface InspectedCard {
  cardMask: string;
  cardToken: string;
  cardType: CardType;
  state: CardState;
  /** `MMyyyy`. */
  exp: string;
}

export interface InspectedUser {
  login: string;
  email: string | null;
  name: string | null;
  surName: string | null;
  middleName: string | null;
  state: UserState;
  userToken: string;
  createdDate: string;
  cards: InspectedCard[];
}

/** The payment notification of the docs (amounts as strings, like the docs' example). */
export interface PaymentNotification {
  regPayNum: string;
  amount: string;
  comission: string;
  state: PaymentState;
  /** 0 for a successful payment. */
  errorCode: number;
  errorMsg: string | null;
}

/** The card-registration notification of the docs. */
export interface CardNotification {
  userToken: string;
  cardMask: string;
  cardToken: string;
  cardType: CardType;
}

export interface NotificationAttempt {
  /** ISO time (real clock). */
  at: string;
  durationMs: number;
  /** HTTP status, or null when no answer came. */
  status: number | null;
  error: string | null;
  /** The first 1 KiB of the answer. */
  responseBody: string | null;
}

interface DeliveryCommon {
  id: number;
  url: string | null;
  /** `pending` while retrying, `delivered` on an HTTP 200, `failed` after the last attempt, `unsent` without notifyUrl. */
  status: 'pending' | 'delivered' | 'failed' | 'unsent';
  createdAt: string;
  nextAttemptAt: string | null;
  attempts: NotificationAttempt[];
}

export type NotificationDelivery =
  | (DeliveryCommon & { kind: 'payment'; regPayNum: string; body: PaymentNotification })
  | (DeliveryCommon & { kind: 'card'; regPayNum: null; body: CardNotification });

export interface ScenarioRequest {
  /** Only requests to this operation; any applicable operation when absent. */
  operation?: Operation;
  scenario: ScenarioName;
  /** How many matching requests it applies to; default 1. */
  count?: number;
}

export interface ArmedScenario {
  id: number;
  operation: Operation | null;
  scenario: ScenarioName;
  remaining: number;
}

export interface SandboxClock {
  /** ISO time of the virtual clock. */
  now: string;
  nowSeconds: number;
  offsetSeconds: number;
}

export interface PaymentStateRequest {
  state: PaymentState;
  errorCode?: number | null;
  error?: string | null;
  message?: string | null;
}

/** The inspection API as methods; invalid arguments throw a GatewayError (code 1901, or 1601/1401 for unknown objects). */
export interface SandboxStateView {
  listPayments(): InspectedPayment[];
  getPayment(regPayNum: string | number): InspectedPayment | undefined;
  listUsers(): InspectedUser[];
  listNotifications(): NotificationDelivery[];
  listScenarios(): ArmedScenario[];
  armScenario(request: ScenarioRequest): ArmedScenario;
  clock(): SandboxClock;
  /** Moves the virtual clock forward (never back) and applies what expired meanwhile. */
  advanceClock(seconds: number): SandboxClock;
  /** Forces a payment into a state (notified as usual), e.g. to reach `error` or `created_error`. */
  setPaymentState(regPayNum: string | number, request: PaymentStateRequest): InspectedPayment;
  /** `inactive` or `disable` make the API answer 1501 UserNotActive for this user. */
  setUserState(login: string, request: { state: UserState }): InspectedUser;
  /** Forgets users, cards, payments, notifications and armed scenarios; the clock goes back to real time. */
  reset(): void;
}

export interface Sandbox {
  /** Origin of the sandbox, e.g. `http://127.0.0.1:43121`. */
  readonly url: string;
  /** Stops listening, drops open connections and pending notification retries. */
  close(): Promise<void>;
  readonly state: SandboxStateView;
}

/** Starts the sandbox; throws TypeError on an invalid option. */
export function startSandbox(options?: SandboxOptions): Promise<Sandbox>;

export declare const DEFAULT_SHOP_TOKEN: 'sandbox-shop-token';
export declare const DEFAULT_SEC_KEY: 'sandbox-sec-key';

export type ErrorName =
  | 'CardNotFound' | 'CardInactive' | 'CardExpired' | 'InvalidCredentials' | 'ServiceNotFound' | 'UserNotRegisteredForShop'
  | 'InvalidLogin' | 'UserNotActive' | 'PaymentNotFound' | 'RefundNotAllowed' | 'RefundAmountMismatch' | 'InvalidPaymentRequest'
  | 'OrderExpired' | 'NeedPass3dsException' | 'BadRequest' | 'PayloadTooLarge' | 'InternalError';

export type ErrorCategory =
  | 'card_reregister' | 'authorization' | 'service_list' | 'registration' | 'activation' | 'payment_status' | 'payment_creation' | 'general';

export interface ErrorEntry {
  code: number;
  category: ErrorCategory;
  http: number;
  userMessage: string;
}

/** The error-code table (only 2365 is the gateway's; the others are assigned by this project). */
export declare const ERRORS: Readonly<Record<ErrorName, ErrorEntry>>;

/** The error body of the gateway: `{code, message, userMessage}` (2365 adds regPayNum and securePageURL). */
export interface GatewayErrorBody {
  code: number;
  message: string;
  userMessage: string;
  regPayNum?: string;
  securePageURL?: string;
}

export declare class GatewayError extends Error {
  constructor(name: ErrorName, message: string, options?: { http?: number; extra?: Record<string, unknown>; headers?: Record<string, string> });
  readonly name: ErrorName;
  readonly code: number;
  /** HTTP status of the answer. */
  readonly status: number;
  readonly userMessage: string;
  readonly extra: Record<string, unknown>;
  /** Headers sent with the answer (Allow on a 405). */
  readonly headers: Record<string, string>;
  toBody(): GatewayErrorBody;
}

export interface TestCard {
  pan: string;
  /** `MM/YY` as printed in the docs' table (accepted although past), or null: any future date. */
  exp: string | null;
  system: string;
  source: string;
}

export declare const TEST_CARDS: ReadonlyArray<TestCard>;
/** CVV accepted for every card. */
export declare const GOOD_CVV: '123';
/** Code accepted on the 3DS page. */
export declare const GOOD_3DS_CODE: '12345678';
export declare const SCENARIO_NAMES: ReadonlyArray<string>;
/** Name of the request property that asks for a scenario: `{"name": "SANDBOX_SCENARIO", "value": "<scenario>"}`. */
export declare const SCENARIO_PROPERTY: 'SANDBOX_SCENARIO';
export declare const OPERATIONS: ReadonlyArray<Operation>;
