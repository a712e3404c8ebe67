// Types of ckassa-sdk/server: the merchant's side for Node 18+ (ESM and CommonJS). See docs/server.md.
// Requests, answers and notifications are the core's types (ckassa-sdk). node:http's request and response
// are described by the members the toolkit uses, so these types need no @types/node; node's
// IncomingMessage and ServerResponse (and Express's) fit them.
import type {
  ClientAuInfo,
  EnrichedClientAuInfo,
  JsonValue,
  Operation,
  OperationInputs,
  OperationRequests,
  OperationResults,
  PaymentStateName,
  PaymentNotification,
  CardRegistrationNotification,
  RedirectAction,
  ValidationIssue,
} from 'ckassa-sdk';

export {
  CKassaError,
  CKassaValidationError,
  CKassaGatewayError,
  CKassaNetworkError,
  CKassaTimeoutError,
  CKassaAbortError,
} from 'ckassa-sdk';
export type {
  ClientAuInfo,
  EnrichedClientAuInfo,
  JsonValue,
  Operation,
  OperationInputs,
  OperationRequests,
  OperationResults,
  PaymentStateName,
  PaymentNotification,
  CardRegistrationNotification,
  RedirectAction,
  ValidationIssue,
};

/** The Shop API in production (HTTP Basic generation): `https://api2.ckassa.ru/api-shop`. */
export declare const CKASSA_PRODUCTION_URL: 'https://api2.ckassa.ru/api-shop';
/** CKassa's demo zone (HTTP Basic generation): `https://demo-api2.ckassa.ru/api-shop`. */
export declare const CKASSA_DEMO_URL: 'https://demo-api2.ckassa.ru/api-shop';
/**
 * Sources the public integrations list for CKassa's notifications, for `allowList`. Never a default:
 * confirm the current list with CKassa before relying on it.
 */
export declare const CKASSA_NOTIFICATION_SOURCES: readonly ['178.161.210.54', '94.138.149.0/24'];

/** Every operation, in the docs' order. */
export declare const OPERATIONS: readonly Operation[];
/** The operations an `Idempotency-Key` protects: anonymousPayment, recurrentPayment, cardRegistration, refund. */
export declare const PAYMENT_CREATING_OPERATIONS: readonly Operation[];

/** A payment state of the gateway. */
export type PaymentState = PaymentStateName;

/**
 * What a gateway call resolves to: `{ result }` when the gateway did it, `{ action }` when the payer must
 * act first (2365: 3-D Secure at `action.url`, by GET). Errors are thrown, never returned.
 * @example
 * const outcome = await gateway.recurrentPayment({ ... });
 * if (outcome.action) redirectPayerTo(outcome.action.url);
 * else console.log(outcome.result.regPayNum);
 */
export type GatewayOutcome<T> = { result: T; action?: undefined } | { action: RedirectAction; result?: undefined };

/** Per-call options. */
export interface CallOptions {
  /** Aborts the call (rejects with CKassaAbortError). */
  signal?: AbortSignal;
  /** Overrides the client's timeout for this call. */
  timeoutMs?: number;
  /** Sent as `X-Request-Id` and put on errors. */
  requestId?: string;
}

/** Options of `createGateway`. */
export interface GatewayOptions {
  /** `CKASSA_PRODUCTION_URL`, `CKASSA_DEMO_URL`, or a sandbox's URL + `/api-shop`. */
  baseUrl: string;
  /** The Basic user name (no ":"). */
  shopToken: string;
  /** The Basic password. */
  secKey: string;
  /** A fetch implementation (default: the global one). */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
  /** Milliseconds before a call fails with CKassaTimeoutError (default 30 000). */
  timeoutMs?: number;
  /** Warnings (unknown fields, items total ≠ amount) become validation errors. */
  strict?: boolean;
  /** One line per call (operation, status, time); never secrets nor bodies. */
  log?: (line: string) => void;
}

/** One operation as a method: validates with the core, then POSTs with Basic auth. */
export type OperationMethod<O extends Operation> = (
  input: OperationInputs[O],
  options?: CallOptions,
) => Promise<GatewayOutcome<OperationResults[O]>>;

/** A method per operation, under the operation's name. */
export type OperationMethods = { readonly [O in Operation]: OperationMethod<O> };

/** A direct client of the Shop API. */
export interface Gateway extends OperationMethods {
  /** The base URL, without a trailing slash. */
  readonly baseUrl: string;
  /**
   * Any operation by name.
   * @throws CKassaValidationError (nothing sent), CKassaGatewayError (`code` is the category,
   *   `gatewayCode`, `httpStatus`), CKassaNetworkError (`code` `connect_failed` | `connection_lost`,
   *   `requestSent`), CKassaTimeoutError (`gateway_timeout`), CKassaAbortError.
   */
  call<O extends Operation>(operation: O, input: OperationInputs[O], options?: CallOptions): Promise<GatewayOutcome<OperationResults[O]>>;
  /** The same as `userRegistration`. */
  readonly registerUser: OperationMethod<'userRegistration'>;
  /** The same as `cardRegistration`. */
  readonly registerCard: OperationMethod<'cardRegistration'>;
  /** The same as `cardList`. */
  readonly listCards: OperationMethod<'cardList'>;
  /** The same as `cardDeactivation`. */
  readonly deactivateCard: OperationMethod<'cardDeactivation'>;
}

/**
 * Creates a gateway client. The secrets never appear in logs, `util.inspect` or `JSON.stringify`.
 * @example
 * const gateway = createGateway({ baseUrl: CKASSA_DEMO_URL, shopToken, secKey });
 * const { result } = await gateway.paymentStatus({ regPayNum: '13000000001' });
 */
export declare function createGateway(options: GatewayOptions): Gateway;

// ---- stores ----

/** What the proxy keeps per Idempotency-Key (plain JSON: store it as it is). */
export type IdempotencyRecord =
  | { state: 'in_progress'; operation: Operation; hash: string; startedAt: number }
  | { state: 'unknown'; operation: Operation; hash: string; startedAt: number }
  | { state: 'done'; operation: Operation; hash: string; answer: { status: number; body: JsonValue } };

/** What the notification receiver keeps (plain JSON). */
export type NotificationRecord =
  | { state: 'in_progress' | 'stored'; at: number }
  | { state: 'ignored'; after: string; at: number }
  | { state: PaymentState; rank: number };

/**
 * The store interface: four async methods over plain JSON records. `putIfAbsent` must be atomic (an
 * `INSERT ... ON CONFLICT DO NOTHING`): it resolves to true when it stored the record, false when the key
 * already had one. Expire records after a day or so.
 */
export interface Store<R = JsonValue> {
  get(key: string): Promise<R | undefined> | R | undefined;
  putIfAbsent(key: string, record: R): Promise<boolean> | boolean;
  set(key: string, record: R): Promise<void> | void;
  delete(key: string): Promise<void> | void;
}

/** Options of `createMemoryStore`. */
export interface MemoryStoreOptions {
  /** How long a record lives (default 24 h). */
  ttlMs?: number;
  /** At most this many records (default 10 000); the oldest go first, never one still in progress. */
  maxEntries?: number;
  /** The clock, for tests. */
  now?: () => number;
}

/** The in-memory store of one process (the default of the proxy and of the notification receiver). */
export interface MemoryStore<R = JsonValue> extends Store<R> {
  get(key: string): Promise<R | undefined>;
  putIfAbsent(key: string, record: R): Promise<boolean>;
  set(key: string, record: R): Promise<void>;
  delete(key: string): Promise<void>;
  /** How many records are held. */
  readonly size: number;
}

export declare function createMemoryStore<R = JsonValue>(options?: MemoryStoreOptions): MemoryStore<R>;

// ---- addresses ----

/**
 * Whom to believe about the client's address: `false` (the default) never reads `X-Forwarded-For`;
 * `true` reads it from anyone (only behind a proxy that overwrites it); a list of addresses/CIDR ranges
 * reads it only from those proxies; a function decides per connection address.
 */
export type TrustProxy = boolean | readonly string[] | ((remoteAddress: string | null) => boolean);

// ---- notifications ----

export type Notification = PaymentNotification | CardRegistrationNotification;

/** What the callback learns besides the notification. */
export interface NotificationInfo {
  /** The dedupe key: `payment:<regPayNum>:<state>` or `card:<userToken>:<cardToken>`. */
  key: string;
  kind: Notification['kind'];
  /** The source address (after `trustProxy`). */
  remoteAddress: string | null;
  /** ISO 8601. */
  receivedAt: string;
}

/** Stores one notification; throw (or reject) when it could not be stored, and the gateway sends it again. */
export type NotificationCallback = (notification: Notification, info: NotificationInfo) => void | Promise<void>;

/** Options of `createNotificationHandler`. */
export interface NotificationHandlerOptions {
  onNotification: NotificationCallback;
  /** Addresses and CIDR ranges allowed to notify (e.g. `CKASSA_NOTIFICATION_SOURCES`); others get 403. Default: anyone. */
  allowList?: readonly string[];
  trustProxy?: TrustProxy;
  /** Default 64 KiB; larger bodies get 413. */
  maxBodyBytes?: number;
  /** Where repeats are remembered (default: in memory, 10 000 keys for 24 h). */
  store?: Store<NotificationRecord>;
  /** The size of the default store. */
  maxRemembered?: number;
  /** Answer only this path (default: any path the handler is mounted at). */
  path?: string;
  log?: (line: string) => void;
}

/** A node:http request (IncomingMessage, or Express's request), as far as the toolkit reads it. */
export interface IncomingRequest {
  method?: string | undefined;
  url?: string | undefined;
  headers: { [name: string]: string | string[] | undefined };
  socket?: { remoteAddress?: string | undefined } | null;
  /** What a body parser left (Express's `req.body`). */
  body?: unknown;
  /** Express's full URL, before a mount path was stripped from `url`. */
  originalUrl?: string;
}

/** A node:http response (ServerResponse, or Express's response), as far as the toolkit writes it. */
export interface OutgoingResponse {
  readonly headersSent: boolean;
  writeHead(statusCode: number, headers: { [name: string]: string | number }): unknown;
  end(chunk: string): unknown;
}

/** The Connect/Express middleware signature. */
export type Middleware = (req: IncomingRequest, res: OutgoingResponse, next?: (error?: unknown) => void) => void;

/** Context a Fetch runtime gives with a request, for the client's address. */
export interface FetchContext {
  remoteAddress?: string;
  /** Deno's `info.remoteAddr`. */
  remoteAddr?: { hostname: string };
}

/** One handler, three mounts. */
export interface Mountable {
  /** node:http: `http.createServer(x.handle)`. */
  handle(req: IncomingRequest, res: OutgoingResponse): Promise<void>;
  /** Connect/Express: `app.use(x.middleware)`; uses `req.body` when a body parser already read it. */
  middleware: Middleware;
  /** Fetch API (edge runtimes): `fetch(request, { remoteAddress })` → Response. */
  fetch(request: Request, context?: FetchContext): Promise<Response>;
}

/** The notification receiver. */
export interface NotificationHandler extends Mountable {}

/**
 * A receiver of the gateway's notifications: 200 once the callback has stored one; repeats acknowledged
 * without calling back; older states after newer ones acknowledged and not passed on; 400 malformed;
 * 403 outside the allow-list; 500 when the callback throws.
 */
export declare function createNotificationHandler(options: NotificationHandlerOptions): NotificationHandler;

/**
 * Parses and validates a notification body (object or JSON text) with the core.
 * @throws CKassaValidationError
 */
export declare function parseNotification(body: unknown): Notification;

/** The key that makes a repeat a repeat. */
export declare function notificationKey(notification: Notification): string;

/** The order of payment states the receiver uses to spot out-of-order notifications. */
export declare const PAYMENT_STATE_ORDER: Readonly<Record<PaymentState, number>>;

// ---- clientAuInfo ----

/** A request the enrichment can read: node's IncomingMessage, a Fetch Request, or a plain object. */
export interface RequestFacts {
  headers?: Headers | Record<string, string | string[] | undefined>;
  socket?: { remoteAddress?: string | undefined } | null;
  remoteAddress?: string | null;
}

/**
 * Fills `clientAuInfo` with the server's view of the payer: the IP (the socket's; `X-Forwarded-For` only
 * as `trustProxy` allows), the exact `User-Agent` and the `Accept` header.
 * @throws CKassaValidationError when `clientAuInfo` is malformed.
 */
export declare function enrichClientAuInfo(
  clientAuInfo: ClientAuInfo | string | null | undefined,
  request: RequestFacts | IncomingRequest | Request,
  options?: { trustProxy?: TrustProxy; remoteAddress?: string },
): EnrichedClientAuInfo;

// ---- proxy ----

/** What `beforeForward` sees. */
export interface ForwardContext<O extends Operation = Operation> {
  operation: O;
  /** The request as the core validated it (gateway field names, amounts as strings). */
  request: OperationRequests[O];
  headers: Record<string, string | string[] | undefined>;
  /** The client's address (after `trustProxy`). */
  clientIp: string | null;
  requestId: string;
}

/** Options of `createProxy`. */
export interface ProxyOptions {
  /** The client that holds the secrets. */
  gateway: Gateway;
  /** The operations the browser may call; others get 403. */
  operations: readonly Operation[];
  /** Where the proxy is served (default `/api/ckassa`). */
  mount?: string;
  /** Where Idempotency-Key answers are kept (default in memory); `false` turns idempotency off. */
  idempotencyStore?: Store<IdempotencyRecord> | false;
  /** An in-progress key older than this is taken as unknown (default 5 min). */
  inFlightTimeoutMs?: number;
  trustProxy?: TrustProxy;
  /** Serves `POST <mount>/notifications` with this callback. */
  onNotification?: NotificationCallback;
  /** The notification sources allowed (e.g. `CKASSA_NOTIFICATION_SOURCES`). */
  notificationAllowList?: readonly string[];
  notificationStore?: Store<NotificationRecord>;
  /** Default 64 KiB; larger bodies get 413. */
  maxBodyBytes?: number;
  /** Warnings become validation errors (422). */
  strict?: boolean;
  /**
   * The merchant's check before a request leaves: bind `userToken` to the session, fix `serviceCode` and
   * `amount` from the order. Return nothing (or true) to forward as is, false to refuse (403
   * `forbidden`), or the request to send instead (validated again).
   */
  beforeForward?: (context: ForwardContext) =>
    | void | boolean | OperationInputs[Operation]
    | Promise<void | boolean | OperationInputs[Operation]>;
  /** Mints `X-Request-Id` (default `crypto.randomUUID`). */
  requestId?: () => string;
  /** One line per request; never secrets nor bodies. */
  log?: (line: string) => void;
}

/** The merchant's proxy. */
export interface Proxy extends Mountable {
  readonly mount: string;
  readonly operations: Operation[];
}

/**
 * The merchant proxy of docs/proxy-protocol.md.
 * @example
 * const proxy = createProxy({ gateway, operations: ['anonymousPayment', 'paymentStatus'] });
 * http.createServer(proxy.handle).listen(8080);
 */
export declare function createProxy(options: ProxyOptions): Proxy;
