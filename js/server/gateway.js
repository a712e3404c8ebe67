// A direct client of the Shop API for Node scripts and servers: HTTP Basic auth with the shop's secrets,
// requests built and validated by the Rust core, answers read by the core, typed errors. 2365
// (NeedPass3dsException) is not an error: it comes back as `{ action }`.
import {
  buildRequest,
  operationPath,
  parseGatewayResponse,
  version,
  CKassaAbortError,
  CKassaGatewayError,
  CKassaNetworkError,
  CKassaTimeoutError,
} from 'ckassa-sdk';

/** The Shop API in production (HTTP Basic generation). */
export const CKASSA_PRODUCTION_URL = 'https://api2.ckassa.ru/api-shop';
/** CKassa's demo zone (HTTP Basic generation). */
export const CKASSA_DEMO_URL = 'https://demo-api2.ckassa.ru/api-shop';

/** The SDK's operation names, as the proxy's paths and `call()` take them. */
export const OPERATIONS = Object.freeze([
  'anonymousPayment', 'userRegistration', 'userStatus', 'cardRegistration', 'cardList',
  'cardDeactivation', 'recurrentPayment', 'paymentStatus', 'refund',
]);

/** Operations that create a payment (or move money back): the ones an idempotency key protects. */
export const PAYMENT_CREATING_OPERATIONS = Object.freeze(['anonymousPayment', 'recurrentPayment', 'cardRegistration', 'refund']);

const DEFAULT_TIMEOUT_MS = 30_000;

// Connection errors that mean the request never left this machine (so sending it again is safe).
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT',
  'ERR_INVALID_URL', 'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN',
]);

function causeCode(error) {
  for (let e = error, depth = 0; e && depth < 5; e = e.cause, depth += 1) {
    if (typeof e.code === 'string') return e.code;
  }
  return null;
}

function checkBaseUrl(baseUrl) {
  let url;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new TypeError(`createGateway: baseUrl must be an absolute URL such as CKASSA_PRODUCTION_URL, got ${JSON.stringify(baseUrl)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TypeError('createGateway: baseUrl must be an http(s) URL');
  if (url.username || url.password) throw new TypeError('createGateway: put the credentials in shopToken and secKey, not in baseUrl');
  return url.href.replace(/\/+$/, '');
}

function checkCredentials(shopToken, secKey) {
  if (typeof shopToken !== 'string' || shopToken === '' || shopToken.includes(':')) {
    throw new TypeError('createGateway: shopToken must be a non-empty string without ":" (it is the Basic user name)');
  }
  if (typeof secKey !== 'string' || secKey === '') throw new TypeError('createGateway: secKey must be a non-empty string');
  return `Basic ${Buffer.from(`${shopToken}:${secKey}`, 'utf8').toString('base64')}`;
}

function checkTimeout(value, name) {
  if (value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || value < 1) throw new TypeError(`${name} must be a positive whole number of milliseconds`);
  return value;
}

/**
 * One signal for the caller's signal and the timeout; `timedOut()` tells which fired.
 * @param {AbortSignal | undefined} outer
 * @param {number} timeoutMs
 */
function deadline(outer, timeoutMs) {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error(`no answer within ${timeoutMs} ms`));
  }, timeoutMs);
  const onAbort = () => controller.abort(outer.reason);
  if (outer) {
    if (outer.aborted) onAbort();
    else outer.addEventListener('abort', onAbort, { once: true });
  }
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    done() {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
    },
  };
}

/**
 * The error's `code`: the core's category; for answers no category fits, what went wrong with them:
 * `gateway_bad_answer` (a 2xx the core could not read), `gateway_unavailable` (5xx), `unknown`.
 */
function errorCode(category, status) {
  if (category && category !== 'unknown') return category;
  if (status >= 200 && status <= 299) return 'gateway_bad_answer';
  if (status >= 500) return 'gateway_unavailable';
  return 'unknown';
}

/**
 * Creates a gateway client.
 * @param {import('./index.js').GatewayOptions} options
 * @returns {import('./index.js').Gateway}
 */
export function createGateway(options = {}) {
  const baseUrl = checkBaseUrl(options.baseUrl);
  const authorization = checkCredentials(options.shopToken, options.secKey);
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function') throw new TypeError('createGateway: no fetch: pass options.fetch (Node 18+ has a global fetch)');
  const timeoutMs = checkTimeout(options.timeoutMs, 'createGateway: timeoutMs') ?? DEFAULT_TIMEOUT_MS;
  const log = typeof options.log === 'function' ? options.log : null;
  const strict = options.strict === true;
  const userAgent = `ckassa-sdk/${version()} (node ${process.versions.node})`;

  /**
   * Sends one operation. Resolves to `{result}` or `{action}`; rejects with a typed error.
   * @param {string} operation
   * @param {unknown} input
   * @param {{signal?: AbortSignal, timeoutMs?: number, requestId?: string}} [callOptions]
   */
  async function call(operation, input, callOptions = {}) {
    // The core refuses unknown operations and bad input with a CKassaValidationError, before any I/O.
    const { request } = buildRequest(operation, input, { strict });
    const path = operationPath(operation);
    const limit = checkTimeout(callOptions.timeoutMs, 'timeoutMs') ?? timeoutMs;
    const requestId = typeof callOptions.requestId === 'string' ? callOptions.requestId : null;
    const timer = deadline(callOptions.signal, limit);
    const started = Date.now();
    const headers = {
      Authorization: authorization,
      'Content-Type': 'application/json; charset=utf-8',
      Accept: 'application/json',
      'User-Agent': userAgent,
      ...(requestId ? { 'X-Request-Id': requestId } : {}),
    };
    let status;
    let text;
    try {
      const response = await fetchImpl(`${baseUrl}/${path}`, {
        method: 'POST', headers, body: JSON.stringify(request), signal: timer.signal, redirect: 'error',
      });
      status = response.status;
      text = await response.text();
    } catch (cause) {
      const fields = { requestId, cause, operation };
      if (timer.timedOut()) {
        log?.(`ckassa gateway ${operation} (${path}): no answer within ${limit} ms`);
        throw new CKassaTimeoutError(`the gateway did not answer ${operation} within ${limit} ms`, {
          ...fields, code: 'gateway_timeout', retryable: true, requestSent: true,
        });
      }
      if (callOptions.signal?.aborted) {
        throw new CKassaAbortError(`the call to ${operation} was aborted`, { ...fields, code: 'aborted', requestSent: true });
      }
      const code = causeCode(cause);
      const sent = !NOT_SENT_CODES.has(code);
      log?.(`ckassa gateway ${operation} (${path}): ${sent ? 'connection lost' : 'not reached'} (${code ?? cause?.message})`);
      throw new CKassaNetworkError(sent
        ? `the connection to the gateway was lost during ${operation}: whether it took effect is unknown`
        : `the gateway could not be reached for ${operation} (${code ?? 'network error'})`, {
        ...fields, code: sent ? 'connection_lost' : 'connect_failed', retryable: !sent, requestSent: sent, networkCode: code,
      });
    } finally {
      timer.done();
    }
    log?.(`ckassa gateway ${operation} (${path}): HTTP ${status} in ${Date.now() - started} ms`);
    return outcome(operation, status, text, requestId);
  }

  /** Reads an answer with the core: `{result}`, `{action}`, or a thrown CKassaGatewayError. */
  function outcome(operation, status, text, requestId) {
    // The core takes the raw text too: JSON is parsed, anything else is kept as the message.
    const parsed = parseGatewayResponse(operation, status, text);
    if (parsed.action) return { action: parsed.action };
    if (parsed.ok) return { result: parsed.result };
    const { category, gatewayCode = null, message, userMessage = null, retryable = false, issues } = parsed.error ?? {};
    throw new CKassaGatewayError(message || `the gateway refused ${operation} (HTTP ${status})`, {
      code: errorCode(category, status),
      httpStatus: status,
      gatewayCode,
      userMessage,
      retryable,
      requestId,
      operation,
      ...(issues ? { issues } : {}),
    });
  }

  const method = (operation) => (input, callOptions) => call(operation, input, callOptions);
  const gateway = {
    baseUrl,
    call,
    anonymousPayment: method('anonymousPayment'),
    userRegistration: method('userRegistration'),
    registerUser: method('userRegistration'),
    userStatus: method('userStatus'),
    cardRegistration: method('cardRegistration'),
    registerCard: method('cardRegistration'),
    cardList: method('cardList'),
    listCards: method('cardList'),
    cardDeactivation: method('cardDeactivation'),
    deactivateCard: method('cardDeactivation'),
    recurrentPayment: method('recurrentPayment'),
    paymentStatus: method('paymentStatus'),
    refund: method('refund'),
  };
  // Secrets stay out of console.log(gateway), util.inspect and JSON.stringify.
  Object.defineProperty(gateway, Symbol.for('nodejs.util.inspect.custom'), {
    value: () => `CKassaGateway { baseUrl: '${baseUrl}' }`,
  });
  Object.defineProperty(gateway, 'toJSON', { value: () => ({ baseUrl }) });
  return Object.freeze(gateway);
}
