// The SDK's errors: one base class and a subclass per kind, like stripe-node's.
// `type` is a plain string so `err.type === 'validation'` still works when two copies of the package
// are loaded (a bundle and a CDN script, ESM and CJS); `instanceof` works within one copy.

/** Base class of every error the SDK throws. */
export class CKassaError extends Error {
  constructor(message, fields = {}) {
    super(message, fields.cause === undefined ? undefined : { cause: fields.cause });
    this.name = new.target.name;
    this.type = fields.type || 'error';
    this.code = fields.code || 'error';
    this.httpStatus = fields.httpStatus ?? null;
    this.gatewayCode = fields.gatewayCode ?? null;
    this.requestId = fields.requestId ?? null;
    /** True when repeating the same call may succeed (and is safe: payments only with an honoured key). */
    this.retryable = fields.retryable === true;
    for (const [k, v] of Object.entries(fields)) {
      if (!(k in this) && k !== 'message') this[k] = v;
    }
  }
}

// The subclass of each `type`, filled by kind(); errorFromCore picks from it.
const BY_TYPE = {};

/** The subclass `CKassa${name}Error` for errors of `type`. */
function kind(name, type) {
  const cls = class extends CKassaError {
    constructor(message, fields = {}) {
      super(message, { ...fields, type });
    }
  };
  Object.defineProperty(cls, 'name', { value: `CKassa${name}Error` });
  return (BY_TYPE[type] = cls);
}

/** Input that breaks the rules; `issues` lists every problem as `{path, code, message}`. */
export const CKassaValidationError = kind('Validation', 'validation');
/** The gateway (through the proxy) answered with an error; `gatewayCode` is its numeric code. */
export const CKassaGatewayError = kind('Gateway', 'gateway');
/** The request did not reach the server or the answer did not come back. */
export const CKassaNetworkError = kind('Network', 'network');
/** The call took longer than its timeout. */
export const CKassaTimeoutError = kind('Timeout', 'timeout');
/** The caller's AbortSignal aborted the call. */
export const CKassaAbortError = kind('Abort', 'aborted');
/** A redirect target failed the safety rules (scheme, host allow-list) or a beforeRedirect hook vetoed it. */
export const CKassaRedirectBlockedError = kind('RedirectBlocked', 'redirect_blocked');
/** The merchant's proxy refused the call or answered outside the protocol (403, 409, 413, 429, ...). */
export const CKassaProxyError = kind('Proxy', 'proxy');
/** A browser-only function was called where there is no browser (Node, SSR, a worker). */
export const CKassaBrowserOnlyError = kind('BrowserOnly', 'browser_only');
/** A server-only function (the proxy's enrichment) was called in a browser build, which leaves it out. */
export const CKassaServerOnlyError = kind('ServerOnly', 'server_only');
/** The wasm module is not loaded yet (call and await `init()` first) or failed to load. */
export const CKassaNotInitializedError = kind('NotInitialized', 'not_initialized');

/** Builds the right error object from the core's `{type, code, message, ...}`. */
export function errorFromCore(e) {
  const { type, message, ...fields } = e || {};
  const Cls = BY_TYPE[type] || CKassaError;
  return new Cls(message || 'unknown error', { type, ...fields });
}
