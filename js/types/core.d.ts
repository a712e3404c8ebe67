/** The SDK's version, e.g. `"0.1.0"`. */
export declare function version(): string;

/**
 * Roubles written as a decimal string to whole kopecks, exactly (no floating point).
 * @example
 * rublesToKopecks('123.45') // 12345
 * rublesToKopecks('0,5')    // 50
 * @throws CKassaValidationError for more than two fraction digits, signs, exponents, junk.
 */
export declare function rublesToKopecks(text: string): number;

/**
 * A number, a numeric string or a BigInt to whole kopecks (0 ..= Number.MAX_SAFE_INTEGER).
 * @example
 * parseKopecks('13300') // 13300
 * parseKopecks(450n)    // 450
 * @throws CKassaValidationError for fractions, NaN, Infinity, negatives, exponent notation, empty strings.
 */
export declare function parseKopecks(value: number | string | bigint): number;

// ---- operations and requests ----

/** An operation of the Shop API, by its name in the SDK. */
export type Operation =
  | 'anonymousPayment'
  | 'userRegistration'
  | 'userStatus'
  | 'cardRegistration'
  | 'cardList'
  | 'cardDeactivation'
  | 'recurrentPayment'
  | 'paymentStatus'
  | 'refund';

/** Gateway paths, relative to `https://<host>/api-shop/`. */
export interface OperationPaths {
  anonymousPayment: 'do/payment/anonymous';
  userRegistration: 'user/registration';
  userStatus: 'user/status';
  cardRegistration: 'card/registration';
  cardList: 'get/cards';
  cardDeactivation: 'card/deactivation';
  recurrentPayment: 'do/payment';
  paymentStatus: 'check/payment/state';
  /** Not in our copy of the docs; the path public integrations call. */
  refund: 'provision-services/refund';
}

/** An amount in kopecks: a whole number, its decimal digits, or a BigInt. */
export type KopecksInput = number | string | bigint;

/** How the payer pays. */
export type PayType = 'card' | 'sbp' | 'gPay' | 'applePay' | 'fiscalCash';

/** Where the payer is. */
export type ClientType = 'web' | 'mobile' | 'iframe';

/** The Russian fiscal VAT codes of an order item (`vat110` is 10/110, `vat120` is 20/120, ...). */
export type TaxCode =
  | 'none' | 'vat0' | 'vat5' | 'vat7' | 'vat10' | 'vat20' | 'vat22'
  | 'vat105' | 'vat107' | 'vat110' | 'vat120' | 'vat122';

/** One requisite of the service (`{name: 'Л/СЧЕТ', value: '9503006477'}`), sent untouched. */
export interface Property {
  /** 1 to 128 characters. */
  name: string;
  /** At most 1024 characters. */
  value: string;
}

/** One receipt line. */
export interface OrderItemInput {
  /** A whole number from 1, unique in the order. */
  num: number | string | bigint;
  /** 1 to 128 characters. */
  name: string;
  /** More than 0, at most 1000000, at most three fraction digits (`0.25` kg); read exactly. */
  quantity: number | string;
  /** Kopecks per unit. */
  price: KopecksInput;
  tax: TaxCode;
}

/** An order item as sent (the docs' example form: numbers for num, quantity, price). */
export interface OrderItem {
  num: number;
  name: string;
  quantity: number;
  price: number;
  tax: TaxCode;
}

/** A boolean, or the strings the gateway also takes. Sent as a boolean. */
export type FlagInput = boolean | 'true' | 'false';

/** Fields both payments share. */
export interface PaymentInputBase {
  /** Three groups of digits joined by hyphens: `109-5804-1`. */
  serviceCode: string;
  /** Kopecks that go to the provider, more than 0. */
  amount: KopecksInput;
  /** The commission in kopecks (one "m", as the gateway spells it); 0 when there is none. */
  comission: KopecksInput;
  /** A saved card's token (UUID). */
  cardToken?: string;
  payType?: PayType;
  clientType?: ClientType;
  /** 11 to 15 digits with the country code, no `+`: `79020000000`. */
  userPhone?: string;
  userEmail?: string;
  /** Not documented; a short text passed on. */
  fiscalType?: string;
  /** Hold the funds this many seconds (two-stage payment); 600..345600 expected. Sent as a string. */
  holdTtl?: number | string | bigint;
  /** Absolute UTC epoch **seconds**, in the future: see {@link orderBestBefore}. */
  orderBestBefore?: number | string | bigint;
  needRegCard?: FlagInput;
  successUrl?: string;
  failUrl?: string;
  cbUrl?: string;
  /** Text for the payment form, with currency tags such as `_RUB_`; at most 1024 characters. */
  orderNote?: string;
  /** 1 to 50 requisites of the service. */
  properties: Property[];
  /** 1 to 100 receipt lines. */
  orderItems?: OrderItemInput[];
}

/** `do/payment/anonymous`. */
export type AnonymousPaymentInput = PaymentInputBase;

/** `do/payment`. */
export interface RecurrentPaymentInput extends PaymentInputBase {
  /** The payer's token (UUID). */
  userToken: string;
  enableSMSConfirm?: FlagInput;
  /** 3-D Secure 2 browser data (see `clientAuInfo()`). */
  clientAuInfo?: ClientAuInfo;
}

/** `user/registration`. */
export interface UserRegistrationInput {
  /** The payer's phone: 11 to 15 digits with the country code, no `+`. */
  login: string;
  email?: string;
  name?: string;
  surName?: string;
  middleName?: string;
}

/** `user/status`. */
export interface UserStatusInput {
  login: string;
}

/** `card/registration`. */
export interface CardRegistrationInput {
  userToken: string;
  clientType?: ClientType;
}

/** `get/cards`. */
export interface CardListInput {
  userToken: string;
}

/** `card/deactivation`. */
export interface CardDeactivationInput {
  userToken: string;
  cardToken: string;
}

/** `check/payment/state`. */
export interface PaymentStatusInput {
  /** Digits, or a whole number (sent as a string). */
  regPayNum: string | number | bigint;
}

/** `provision-services/refund`: every field is required. */
export interface RefundInput {
  regPayNum: string | number | bigint;
  note: string;
  /** Kopecks to return, more than 0. */
  refundAmount: KopecksInput;
  /** Kopecks that stay paid after the refund, 0 or more. */
  remainingAmount: KopecksInput;
}

/** The input of each operation. */
export interface OperationInputs {
  anonymousPayment: AnonymousPaymentInput;
  userRegistration: UserRegistrationInput;
  userStatus: UserStatusInput;
  cardRegistration: CardRegistrationInput;
  cardList: CardListInput;
  cardDeactivation: CardDeactivationInput;
  recurrentPayment: RecurrentPaymentInput;
  paymentStatus: PaymentStatusInput;
  refund: RefundInput;
}

/** Payment fields as sent: amounts as decimal strings, flags as booleans, only documented fields. */
export interface PaymentRequestBase
  extends Omit<PaymentInputBase, 'amount' | 'comission' | 'holdTtl' | 'orderBestBefore' | 'needRegCard' | 'orderItems'> {
  amount: string;
  comission: string;
  holdTtl?: string;
  orderBestBefore?: number;
  needRegCard?: boolean;
  orderItems?: OrderItem[];
}

/** `do/payment` as sent. */
export interface RecurrentPaymentRequest extends PaymentRequestBase {
  userToken: string;
  enableSMSConfirm?: boolean;
  clientAuInfo?: ClientAuInfo;
}

/** Each operation's request as sent. */
export interface OperationRequests {
  anonymousPayment: PaymentRequestBase;
  userRegistration: UserRegistrationInput;
  userStatus: UserStatusInput;
  cardRegistration: CardRegistrationInput;
  cardList: CardListInput;
  cardDeactivation: CardDeactivationInput;
  recurrentPayment: RecurrentPaymentRequest;
  paymentStatus: { regPayNum: string };
  refund: { regPayNum: string; note: string; refundAmount: string; remainingAmount: string };
}

/** Options of {@link buildRequest} and {@link validateRequest}. */
export interface BuildOptions {
  /** Warnings (dropped unknown fields, an items total that differs from `amount`, ...) become errors. */
  strict?: boolean;
  /** The current time in epoch seconds, for `orderBestBefore` (default: the clock). */
  now?: number;
}

/** JSON the SDK passes on. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * Any other operation name (checked at run time): for input of unknown shape, such as a request body,
 * pass the operation as a `string`. A known operation's literal must come with its typed input.
 */
export type OtherOperation<S extends string> = [S] extends [Operation] ? never : S;

/** A request ready to POST. */
export interface BuiltRequest<R> {
  request: R;
  /** What passed with a remark (`unknown_field`, `items_total_mismatch`, ...). */
  warnings: ValidationIssue[];
}

/**
 * Validates `input` for `operation` and builds the request the gateway receives: only documented
 * fields, in the docs' spelling (`comission`, `surName`), amounts as decimal strings.
 * Unknown fields are dropped with a warning `unknown_field`.
 * @example
 * const { request, warnings } = buildRequest('anonymousPayment', {
 *   serviceCode: '109-5804-1', amount: 45000n, comission: 0,
 *   properties: [{ name: 'Л/СЧЕТ', value: '9503006477' }],
 *   orderNote: 'К оплате 450 _RUB_',
 * });
 * // request.amount === '45000'
 * @example
 * try { buildRequest('userStatus', { login: '+79020000000' }); }
 * catch (e) { e.issues; } // [{ path: 'login', code: 'invalid_phone', message: '...' }]
 * @throws CKassaValidationError listing every problem in `issues` (and the remarks in `warnings`);
 *   `unknown_operation` for an operation that does not exist.
 */
export declare function buildRequest<O extends Operation>(
  operation: O,
  input: OperationInputs[O],
  options?: BuildOptions,
): BuiltRequest<OperationRequests[O]>;
export declare function buildRequest<S extends string>(
  operation: OtherOperation<S>,
  input: unknown,
  options?: BuildOptions,
): BuiltRequest<{ [field: string]: JsonValue }>;

/** The verdict of {@link validateRequest}. */
export type ValidationResult<R> =
  | { ok: true; request: R; issues: []; warnings: ValidationIssue[] }
  | { ok: false; request: null; issues: ValidationIssue[]; warnings: ValidationIssue[] };

/**
 * Like {@link buildRequest} but never throws for bad input (not even a cyclic object): returns the
 * verdict with every issue.
 * @example
 * const v = validateRequest('refund', { regPayNum: '13693892457', note: 'test', refundAmount: '2400', remainingAmount: '225' });
 * if (!v.ok) show(v.issues);
 */
export declare function validateRequest<O extends Operation>(
  operation: O,
  input: OperationInputs[O],
  options?: BuildOptions,
): ValidationResult<OperationRequests[O]>;
export declare function validateRequest<S extends string>(
  operation: OtherOperation<S>,
  input: unknown,
  options?: BuildOptions,
): ValidationResult<{ [field: string]: JsonValue }>;

/**
 * The gateway path of an operation, relative to `/api-shop/`.
 * @example
 * operationPath('anonymousPayment') // 'do/payment/anonymous'
 * operationPath('refund')           // 'provision-services/refund'
 * @throws CKassaValidationError `unknown_operation`.
 */
export declare function operationPath<O extends Operation>(operation: O): OperationPaths[O];
export declare function operationPath<S extends string>(operation: OtherOperation<S>): string;

/** One operation of {@link operations}. */
export interface OperationInfo {
  operation: Operation;
  path: string;
  /** Required fields, wire names in order. */
  required: string[];
  /** Optional fields, wire names in order. */
  optional: string[];
}

/**
 * Every operation with its path and fields: one table for the server toolkit and the client.
 * @example
 * operations().find((o) => o.operation === 'cardList')
 * // { operation: 'cardList', path: 'get/cards', required: ['userToken'], optional: [] }
 */
export declare function operations(): OperationInfo[];

/**
 * `orderBestBefore` from a Date (in the future) or a duration in seconds: absolute UTC epoch seconds.
 * A number that looks like an epoch time instead of a duration is refused (`epoch_milliseconds`,
 * `epoch_seconds`).
 * @example
 * orderBestBefore(3 * 24 * 3600)                  // now + 3 days, in seconds
 * orderBestBefore(new Date('2030-01-01T00:00:00Z')) // 1893456000
 * orderBestBefore(Date.now())                     // throws: epoch_milliseconds
 * @throws CKassaValidationError `in_the_past`, `not_positive`, `not_integer`, `invalid_date`, ...
 */
export declare function orderBestBefore(dateOrSeconds: Date | number | bigint, options?: { now?: number }): number;

// ---- orderNote ----

/** A currency of the docs' table. */
export interface CurrencyInfo {
  /** ISO 4217 letters (`GBP`; the docs' `GPB` is accepted in notes). */
  currency: string;
  /** ISO 4217 number as written, leading zero kept (`"051"`). */
  numericCode: string;
  /** What the payment form shows (`₽`). */
  symbol: string;
  name: string;
}

/**
 * The currencies an orderNote may name: RUB KZT USD EUR GBP KGS UZS AZN GEL TRY CNY AMD.
 * @example
 * currencies()[0] // { currency: 'RUB', numericCode: '643', symbol: '₽', name: 'Russian rouble' }
 */
export declare function currencies(): CurrencyInfo[];

/** A known currency tag in a note. */
export interface OrderNoteTag {
  /** As written: `_RUB_`, `_GPB_`. */
  tag: string;
  /** The ISO letters it means (`_GPB_` → `GBP`). */
  currency: string;
  numericCode: string;
  symbol: string;
  /** Where the tag starts: a JS string index (`note.slice(index, index + 5)` is the tag). */
  index: number;
}

/** A parsed orderNote. */
export interface ParsedOrderNote {
  text: string;
  /** The note as the form shows it: known tags replaced by symbols, unknown ones left as written. */
  rendered: string;
  tags: OrderNoteTag[];
  /** Tags outside the docs' table (each is also an `unknown_currency` issue). */
  unknownTags: { tag: string; index: number }[];
  /** `unknown_currency`, `too_long` (more than 1024 characters); empty when the note is valid. */
  issues: ValidationIssue[];
}

/**
 * Finds the currency tags of an orderNote. A tag is `_` + three ASCII capital letters + `_`; other
 * underscores are text. Never throws for a string.
 * @example
 * parseOrderNote('Итого 100 _RUB_').tags // [{ tag: '_RUB_', currency: 'RUB', numericCode: '643', symbol: '₽', index: 10 }]
 * parseOrderNote('_XYZ_').issues[0].code // 'unknown_currency'
 * @throws CKassaValidationError `invalid_type` when `note` is not a string.
 */
export declare function parseOrderNote(note: string): ParsedOrderNote;

/**
 * The orderNote as the payment form shows it, for a preview.
 * @example
 * renderOrderNote('Итого 100 _RUB_ (_USD_1.1)') // 'Итого 100 ₽ ($1.1)'
 * @throws CKassaValidationError for an unknown currency tag or a note over 1024 characters.
 */
export declare function renderOrderNote(note: string): string;

// ---- states, answers, errors ----

/** A payment state as the gateway spells it. */
export type PaymentStateName =
  | 'created' | 'payed' | 'holded' | 'processed' | 'rejected' | 'refunded' | 'error' | 'created_error';

/** A state with its predicates. */
export interface PaymentStateInfo {
  state: PaymentStateName;
  /** Every state but `created`: the payment will not move on by itself (stop polling). */
  isTerminal: boolean;
  /** `payed`, `holded`, `processed`. */
  isSuccess: boolean;
}

/**
 * @example
 * paymentState('holded')   // { state: 'holded', isTerminal: true, isSuccess: true }
 * paymentState('refunded') // { state: 'refunded', isTerminal: true, isSuccess: false }
 * @throws CKassaValidationError `unknown_state`.
 */
export declare function paymentState(state: string): PaymentStateInfo;

/** An answer body: the parsed JSON, or its text. */
export type AnswerBody = JsonValue | string;

/** `check/payment/state`, normalised. An undocumented state is kept (neither terminal nor success) with a warning. */
export interface PaymentStatus {
  regPayNum: string | null;
  state: PaymentStateName | string;
  isTerminal: boolean;
  isSuccess: boolean;
  /** Kopecks. */
  totalAmount: number | null;
  /** `yyyy-MM-dd HH:mm:ss`. */
  createdDate: string | null;
  procDate: string | null;
  providerServCode: string | null;
  providerName: string | null;
  errorCode: number | null;
  error: string | null;
  message: string | null;
  provisionServices: boolean | null;
  warnings: ValidationIssue[];
}

/**
 * Reads a `check/payment/state` answer, whether the gateway sends numbers or strings.
 * @example
 * parsePaymentStatus('{"state":"payed","totalAmount":"100000","provisionServices":"true"}')
 * // { state: 'payed', isTerminal: true, isSuccess: true, totalAmount: 100000, provisionServices: true, ... }
 * @throws CKassaValidationError when it has no `state` or is not an object.
 */
export declare function parsePaymentStatus(body: AnswerBody): PaymentStatus;

/** `do/payment/anonymous`, `do/payment`, `card/registration`. */
export interface PayLinkResult {
  regPayNum: string;
  /** Open `payUrl` with this method (upper case; `GET` when the gateway leaves it out). */
  methodType: string;
  payUrl: string;
  userToken: string | null;
  /** SBP QR code (base64), when the gateway sends one. */
  payUrlImg: string | null;
  userPhone: string | null;
}

/** A registered payer (`user/status`, `user/registration`). */
export interface UserResult {
  login: string;
  email: string | null;
  name: string | null;
  surName: string | null;
  middleName: string | null;
  /** `active`, `inactive` (activation required) or `disable` (blocked). */
  state: 'active' | 'inactive' | 'disable' | string;
  userToken: string;
}

/** A saved card. */
export interface CardInfo {
  cardMask: string | null;
  cardToken: string;
  cardType: 'undefined' | 'visa' | 'master_card' | 'maestro' | 'mir' | string | null;
  state: 'active' | 'inactive' | 'deleted' | string | null;
  /** `MMyyyy`, where the gateway sends it. */
  exp: string | null;
}

/** `get/cards`. */
export interface CardListResult {
  userToken: string;
  cards: CardInfo[];
}

/** `card/deactivation`, refund. */
export interface ResultStateResult {
  resultState: 'success' | 'fail' | string;
  /** `resultState === 'success'`. */
  success: boolean;
  desc: string | null;
  userToken: string | null;
}

/** What each operation answers, normalised. */
export interface OperationResults {
  anonymousPayment: PayLinkResult;
  userRegistration: UserResult;
  userStatus: UserResult;
  cardRegistration: PayLinkResult;
  cardList: CardListResult;
  cardDeactivation: ResultStateResult;
  recurrentPayment: PayLinkResult;
  paymentStatus: Omit<PaymentStatus, 'warnings'>;
  refund: ResultStateResult;
}

/** The docs' groups of gateway errors, and `unknown`. */
export type GatewayErrorCategory =
  | 'card_reregister'
  | 'authorization'
  | 'service_list'
  | 'registration'
  | 'activation'
  | 'payment_status'
  | 'payment_creation'
  | 'general'
  | 'unknown';

/** 2365 NeedPass3dsException: send the payer to `url` by GET for 3-D Secure, then check the status. */
export interface RedirectAction {
  type: 'redirect';
  reason: '3ds';
  method: 'GET';
  /** The gateway's `securePageURL` (check it against the allow-list before navigating). */
  url: string;
  regPayNum: string | null;
}

/** A gateway error, normalised. Unknown codes are kept (category `unknown`). */
export interface GatewayErrorInfo {
  category: GatewayErrorCategory;
  /** The numeric code (`1401`), or null when the body has none. */
  gatewayCode: number | null;
  /** The `code` member as sent when it is not a number. */
  rawCode: string | null;
  /** The exception's name when the code or the message tells it (`UserNotRegisteredForShop`). */
  name: string | null;
  message: string | null;
  /** Text for the payer, from the gateway. */
  userMessage: string | null;
  /** Worth retrying later: 1999, HTTP 429 and 5xx. */
  retryable: boolean;
  httpStatus: number | null;
  /** For 2365 with a `securePageURL`. */
  action: RedirectAction | null;
  /** Why a 2xx answer could not be read. */
  issues?: ValidationIssue[];
}

/**
 * Reads a gateway error body (`{code, message, userMessage}`, JSON text, or an HTML error page).
 * @example
 * parseGatewayError({ code: 1401, message: 'UserNotRegisteredForShop', userMessage: '...' }, 400)
 * // { category: 'registration', gatewayCode: 1401, name: 'UserNotRegisteredForShop', retryable: false, ... }
 */
export declare function parseGatewayError(body: AnswerBody, status?: number): GatewayErrorInfo;

/** One answer of the gateway, understood. */
export type GatewayResponse<R> =
  | { ok: true; result: R; warnings: ValidationIssue[] }
  | { ok: false; action: RedirectAction }
  | { ok: false; error: GatewayErrorInfo };

/**
 * An HTTP status and body from the gateway (or the proxy) → the result, the 3-D Secure action, or the
 * error. A status outside 200..299, or a body with a `code` other than 0, is an error.
 * @example
 * const answer = parseGatewayResponse('recurrentPayment', 400, { code: 2365, regPayNum: '1', securePageURL: 'https://acs.example/3ds' });
 * if (!answer.ok && 'action' in answer) location.assign(answer.action.url);
 * @throws CKassaValidationError for an unknown operation or a status that is not 100..599.
 */
export declare function parseGatewayResponse<O extends Operation>(
  operation: O,
  status: number,
  body: AnswerBody,
): GatewayResponse<OperationResults[O]>;
export declare function parseGatewayResponse<S extends string>(
  operation: OtherOperation<S>,
  status: number,
  body: AnswerBody,
): GatewayResponse<{ [field: string]: JsonValue }>;

// ---- notifications ----

/** A payment notification, read and checked (amounts in kopecks). */
export interface PaymentNotification {
  kind: 'payment';
  regPayNum: string;
  amount: number;
  /** Null where the gateway left it out (BasicAuth-era notifications do; a warning says so). */
  comission: number | null;
  state: PaymentStateName | string;
  isTerminal: boolean;
  isSuccess: boolean;
  errorCode: number | null;
  errorMsg: string | null;
  totalAmount: number | null;
  /** The payment's properties by name (BasicAuth era). */
  map: { [name: string]: string | null } | null;
  transactionId: string | null;
  warnings: ValidationIssue[];
}

/** A card-registration notification, read and checked. */
export interface CardRegistrationNotification {
  kind: 'cardRegistration';
  userToken: string;
  cardToken: string;
  cardMask: string;
  /** An undocumented type is kept with a warning `unknown_card_type`. */
  cardType: 'undefined' | 'visa' | 'master_card' | 'maestro' | 'mir' | string;
  warnings: ValidationIssue[];
}

/**
 * Reads a notification the gateway POSTed (object or JSON text) and tells which kind it is.
 * @example
 * parseNotification('{"regPayNum":"1310958041","amount":"100000","comission":"1000","state":"payed"}')
 * // { kind: 'payment', regPayNum: '1310958041', amount: 100000, comission: 1000, state: 'payed', isSuccess: true, ... }
 * @throws CKassaValidationError `unknown_notification`, `required`, `not_integer`, ... listing every problem.
 */
export declare function parseNotification(body: AnswerBody): PaymentNotification | CardRegistrationNotification;
