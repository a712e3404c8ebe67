/** Fields every SDK error carries. */
export interface CKassaErrorFields {
  /** The kind of error as a plain string; compare with it instead of `instanceof` across package copies. */
  type: CKassaErrorType;
  /** A stable machine code (see the error-code table in README.md). */
  code: string;
  /** The HTTP status of the answer that caused the error, if any. */
  httpStatus: number | null;
  /** The gateway's numeric error code, if the gateway answered with one. */
  gatewayCode: number | null;
  /** The request id the proxy or gateway gave, if any. */
  requestId: string | null;
  /** True when repeating the same call may succeed (and is safe: payments only with an honoured key). */
  retryable: boolean;
}

/** Every value of `CKassaError.type`. */
export type CKassaErrorType =
  | 'error'
  | 'validation'
  | 'gateway'
  | 'network'
  | 'timeout'
  | 'aborted'
  | 'redirect_blocked'
  | 'proxy'
  | 'browser_only'
  | 'server_only'
  | 'not_initialized';

/** Base class of every error the SDK throws. */
export declare class CKassaError extends Error implements CKassaErrorFields {
  type: CKassaErrorType;
  code: string;
  httpStatus: number | null;
  gatewayCode: number | null;
  requestId: string | null;
  retryable: boolean;
  cause?: unknown;
  constructor(message: string, fields?: Partial<CKassaErrorFields> & { cause?: unknown; [extra: string]: unknown });
}

/** One problem with one field. */
export interface ValidationIssue {
  /** Where: `""` for the input itself, `amount`, `orderItems[1].price`, ... */
  path: string;
  /** A stable machine code (`required`, `not_integer`, ...). */
  code: string;
  /** What is wrong, for a person. */
  message: string;
}

/** Input that breaks the rules. `issues` lists every problem at once; `warnings` what passed with a remark. */
export declare class CKassaValidationError extends CKassaError {
  type: 'validation';
  issues: ValidationIssue[];
  warnings: ValidationIssue[];
}
/** The gateway (through the proxy) answered with an error. */
export declare class CKassaGatewayError extends CKassaError {
  type: 'gateway';
}
/** The request did not reach the server, or its answer did not come back. */
export declare class CKassaNetworkError extends CKassaError {
  type: 'network';
}
/** The call took longer than its timeout. */
export declare class CKassaTimeoutError extends CKassaError {
  type: 'timeout';
}
/** The caller's AbortSignal aborted the call. */
export declare class CKassaAbortError extends CKassaError {
  type: 'aborted';
}
/** A redirect target failed the safety rules, or a beforeRedirect hook vetoed it. */
export declare class CKassaRedirectBlockedError extends CKassaError {
  type: 'redirect_blocked';
}
/**
 * The merchant's proxy refused the call or answered outside the protocol: `operation_not_allowed`
 * (403), `idempotency_in_progress` / `idempotency_outcome_unknown` / `idempotency_key_reused` (409),
 * `body_too_large` (413), `rate_limited` (429), `unavailable` (5xx without the protocol's body),
 * `bad_answer` (not the protocol's JSON: is `endpoint` right?).
 */
export declare class CKassaProxyError extends CKassaError {
  type: 'proxy';
}
/** A browser-only function was called where there is no browser. */
export declare class CKassaBrowserOnlyError extends CKassaError {
  type: 'browser_only';
}
/**
 * A server-only function was called in a browser build: `enrichClientAuInfoCore` (the proxy's step) is
 * compiled into the Node build only, which keeps it out of what a checkout page downloads.
 */
export declare class CKassaServerOnlyError extends CKassaError {
  type: 'server_only';
}
/** The wasm module is not loaded yet (await `init()`), or failed to load. */
export declare class CKassaNotInitializedError extends CKassaError {
  type: 'not_initialized';
}
