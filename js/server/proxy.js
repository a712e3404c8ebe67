// The merchant's proxy between the browser's CheckoutClient and the gateway, speaking the wire of
// docs/proxy-protocol.md: POST <mount>/<operation> with the request as the core built it, answered
// {ok, result | action | error}. It holds the secrets (through the gateway client), forwards only the
// operations it is given, validates every body with the core, fills clientAuInfo with the server's view
// of the payer, and answers a repeated Idempotency-Key with the first answer.
import { randomUUID, createHash } from 'node:crypto';
import { buildRequest } from 'ckassa-sdk';
import { OPERATIONS, PAYMENT_CREATING_OPERATIONS } from './gateway.js';
import { clientAddress, trustProxyPolicy } from './addresses.js';
import { createMemoryStore, checkStore } from './store.js';
import { createNotificationHandler } from './notifications.js';
import { decodeJson, headerOf, jsonAnswer, mediaType, mounts } from './exchange.js';
import { enrichClientAuInfo } from './enrich.js';

const DEFAULT_MOUNT = '/api/ckassa';
const DEFAULT_MAX_BODY_BYTES = 64 * 1024;
// An in-progress key older than this belongs to a call that never finished (a crashed process):
// its outcome is unknown. Longer than any sensible gateway timeout.
const DEFAULT_IN_FLIGHT_TIMEOUT_MS = 5 * 60 * 1000;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
const KEY_PREFIX = 'ckassa-idempotency:';

/** A proxy error body (`type: 'proxy'`). */
function proxyError(status, code, message, requestId, extra = {}) {
  return jsonAnswer(status, { ok: false, error: { type: 'proxy', code, message, requestId, ...extra } });
}

/** JSON with sorted keys: the same request always hashes the same, whatever the key order. */
function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const hashOf = (operation, request) => createHash('sha256').update(`${operation}\n${canonical(request)}`).digest('base64url');

function checkMount(mount) {
  if (typeof mount !== 'string' || !/^\/[\w\-./~]*$/.test(mount)) throw new TypeError(`createProxy: mount must be a path such as ${DEFAULT_MOUNT}`);
  return mount.replace(/\/+$/, '');
}

function checkOperations(operations) {
  if (!Array.isArray(operations) || operations.length === 0) {
    throw new TypeError(`createProxy: operations must list the operations the browser may call, among ${OPERATIONS.join(', ')}`);
  }
  for (const name of operations) {
    if (!OPERATIONS.includes(name)) throw new TypeError(`createProxy: ${JSON.stringify(name)} is not an operation; use ${OPERATIONS.join(', ')}`);
  }
  return new Set(operations);
}

/**
 * How a failed gateway call is answered, and what it means for the idempotency key:
 * `unknown` (it may have taken effect: never send it again), or `not_done` (safe to send again).
 */
function failureOf(error, requestId) {
  const base = { requestId };
  switch (error?.type) {
    case 'validation':
      return {
        fate: 'not_done',
        answer: jsonAnswer(422, { ok: false, error: { type: 'validation', code: error.code, message: error.message, issues: error.issues ?? [], warnings: error.warnings ?? [], ...base } }),
      };
    case 'timeout':
      return {
        fate: 'unknown',
        answer: jsonAnswer(504, { ok: false, error: { type: 'gateway', code: 'gateway_timeout', message: 'the gateway did not answer in time', retryable: true, outcome: 'unknown', ...base } }),
      };
    case 'network': {
      const sent = error.requestSent !== false;
      return {
        fate: sent ? 'unknown' : 'not_done',
        answer: jsonAnswer(502, { ok: false, error: {
          type: 'gateway',
          code: 'gateway_unavailable',
          message: sent ? 'the connection to the gateway was lost: whether the call took effect is unknown' : 'the gateway could not be reached',
          retryable: true,
          ...(sent ? { outcome: 'unknown' } : {}),
          ...base,
        } }),
      };
    }
    case 'gateway': {
      const status = error.httpStatus ?? 0;
      if (status === 401 || status === 403 || error.code === 'authorization') {
        // The merchant's credentials are wrong: the browser learns only that the gateway is unavailable.
        return { fate: 'not_done', answer: jsonAnswer(502, { ok: false, error: { type: 'gateway', code: 'gateway_auth', message: 'the gateway refused the shop\'s credentials', retryable: false, ...base } }) };
      }
      if (status >= 500 || error.code === 'gateway_unavailable') {
        // Only the gateway's own error answer (JSON with its code) says the call did nothing. A bare 5xx
        // may come from a balancer in front of it after the payment was created: its outcome is unknown,
        // and the key must not be freed for a second charge.
        const known = error.gatewayCode != null;
        return {
          fate: known ? 'not_done' : 'unknown',
          answer: jsonAnswer(502, { ok: false, error: {
            type: 'gateway', code: 'gateway_unavailable', message: `the gateway answered HTTP ${status}`,
            gatewayCode: error.gatewayCode ?? null, retryable: true, ...(known ? {} : { outcome: 'unknown' }), ...base,
          } }),
        };
      }
      if (error.code === 'gateway_bad_answer') {
        return { fate: 'unknown', answer: jsonAnswer(502, { ok: false, error: { type: 'gateway', code: 'gateway_bad_answer', message: 'the gateway\'s answer could not be read', retryable: false, outcome: 'unknown', ...base } }) };
      }
      return {
        fate: 'done',
        answer: jsonAnswer(400, { ok: false, error: {
          type: 'gateway', code: error.code, gatewayCode: error.gatewayCode ?? null, message: error.message,
          userMessage: error.userMessage ?? null, retryable: error.retryable === true, ...base,
        } }),
      };
    }
    default:
      return null;
  }
}

/**
 * @param {import('./index.js').ProxyOptions} options
 * @returns {import('./index.js').Proxy}
 */
export function createProxy(options = {}) {
  const { gateway } = options;
  if (typeof gateway?.call !== 'function') throw new TypeError('createProxy: gateway must be a client from createGateway()');
  const allowed = checkOperations(options.operations);
  const mount = checkMount(options.mount ?? DEFAULT_MOUNT);
  const store = options.idempotencyStore === false
    ? null
    : checkStore(options.idempotencyStore ?? createMemoryStore(), 'createProxy: idempotencyStore');
  const inFlightTimeoutMs = options.inFlightTimeoutMs ?? DEFAULT_IN_FLIGHT_TIMEOUT_MS;
  if (!Number.isSafeInteger(inFlightTimeoutMs) || inFlightTimeoutMs < 1) throw new TypeError('createProxy: inFlightTimeoutMs must be a positive whole number of milliseconds');
  const trustProxy = options.trustProxy ?? false;
  const trusted = trustProxyPolicy(trustProxy);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 1) throw new TypeError('createProxy: maxBodyBytes must be a positive whole number');
  const strict = options.strict === true;
  const beforeForward = typeof options.beforeForward === 'function' ? options.beforeForward : null;
  const newRequestId = typeof options.requestId === 'function' ? options.requestId : randomUUID;
  const log = typeof options.log === 'function' ? options.log : null;
  const notifications = options.onNotification
    ? createNotificationHandler({
      onNotification: options.onNotification,
      allowList: options.notificationAllowList,
      trustProxy,
      store: options.notificationStore,
      maxBodyBytes,
      log: options.log,
    })
    : null;

  /** The operation a path names under the mount, `notifications`, or null when it is not ours. */
  function routeOf(pathname) {
    if (!pathname.startsWith(`${mount}/`)) return null;
    const rest = pathname.slice(mount.length + 1);
    if (rest === 'notifications' && notifications) return rest;
    return OPERATIONS.includes(rest) ? rest : null;
  }

  /** The gateway call, mapped to an answer; `fate` tells the idempotency key what became of it. */
  async function forward(operation, request, requestId) {
    try {
      const outcome = await gateway.call(operation, request, { requestId });
      const body = outcome.action ? { ok: true, action: outcome.action } : { ok: true, result: outcome.result };
      return { fate: 'done', answer: jsonAnswer(200, body) };
    } catch (error) {
      const failure = failureOf(error, requestId);
      if (!failure) throw error;
      return failure;
    }
  }

  /** Forwards once per Idempotency-Key; repeats get the first answer. */
  async function forwardOnce(operation, request, hash, key, requestId) {
    const storeKey = KEY_PREFIX + key;
    const claimed = await store.putIfAbsent(storeKey, { state: 'in_progress', operation, hash, startedAt: Date.now() });
    if (!claimed) {
      const record = await store.get(storeKey);
      if (record && record.hash !== hash) {
        return proxyError(409, 'idempotency_key_reused', 'this Idempotency-Key was used with a different request; mint a new key for a new attempt', requestId);
      }
      if (record?.state === 'done') return jsonAnswer(record.answer.status, record.answer.body, { 'Idempotent-Replayed': 'true' });
      if (record?.state === 'unknown' || (record?.state === 'in_progress' && Date.now() - record.startedAt > inFlightTimeoutMs)) {
        return proxyError(409, 'idempotency_outcome_unknown', 'the first attempt with this key reached the gateway but its outcome is unknown; it is not sent again: check the payment\'s status', requestId);
      }
      // In progress (or released between the two reads): the client may ask again shortly.
      const busy = proxyError(409, 'idempotency_in_progress', 'a request with this Idempotency-Key is still being processed', requestId);
      busy.headers['Retry-After'] = '1';
      return busy;
    }
    let result;
    try {
      result = await forward(operation, request, requestId);
    } catch (error) {
      await store.set(storeKey, { state: 'unknown', operation, hash, startedAt: Date.now() });
      throw error;
    }
    if (result.fate === 'done') {
      await store.set(storeKey, { state: 'done', operation, hash, answer: { status: result.answer.status, body: result.answer.body } });
    } else if (result.fate === 'unknown') {
      await store.set(storeKey, { state: 'unknown', operation, hash, startedAt: Date.now() });
    } else {
      await store.delete(storeKey);
    }
    return result.answer;
  }

  /** Asks the merchant's hook; resolves to the request to send, or an answer that refuses it. */
  async function approve(operation, request, exchange, requestId) {
    if (!beforeForward) return { request };
    const verdict = await beforeForward({
      operation,
      request,
      headers: exchange.headers,
      clientIp: clientAddress(exchange.remoteAddress, exchange.headers, trusted),
      requestId,
    });
    if (verdict === false) return { answer: proxyError(403, 'forbidden', 'the merchant does not allow this request', requestId) };
    if (verdict === undefined || verdict === true) return { request };
    if (verdict && typeof verdict === 'object') return { request: buildRequest(operation, verdict, { strict }).request };
    throw new TypeError('beforeForward must return undefined, true, false or the request to send');
  }

  async function operationAnswer(operation, exchange, requestId) {
    if (exchange.method !== 'POST') {
      const refused = proxyError(405, 'method_not_allowed', `${operation} takes POST`, requestId);
      refused.headers.Allow = 'POST';
      return refused;
    }
    if (!allowed.has(operation)) {
      return proxyError(403, 'operation_not_allowed', `this proxy does not forward ${operation}`, requestId);
    }
    const read = await exchange.body(maxBodyBytes);
    if (read.kind === 'too_large') return proxyError(413, 'body_too_large', `the body is over ${maxBodyBytes} bytes`, requestId, { limit: maxBodyBytes });
    if (read.kind === 'bytes') {
      const type = mediaType(exchange.headers);
      // Only JSON: a cross-site form cannot send it without a CORS preflight.
      if (type !== 'application/json' && !type.endsWith('+json')) {
        return proxyError(415, 'unsupported_media_type', 'the body must be JSON (Content-Type: application/json)', requestId);
      }
    }
    const decoded = decodeJson(read);
    if (decoded.problem) return proxyError(400, 'invalid_json', decoded.problem, requestId);

    const key = headerOf(exchange.headers, 'idempotency-key');
    const keyed = store !== null && PAYMENT_CREATING_OPERATIONS.includes(operation) && key !== undefined;
    if (keyed && !IDEMPOTENCY_KEY.test(key)) {
      return proxyError(400, 'invalid_idempotency_key', 'Idempotency-Key must be 1 to 255 visible ASCII characters', requestId);
    }
    let request;
    try {
      // The same verdict the browser got: the core validates again, here, with the same rules.
      request = buildRequest(operation, decoded.value, { strict }).request;
      const approved = await approve(operation, request, exchange, requestId);
      if (approved.answer) return approved.answer;
      request = approved.request;
      const hash = hashOf(operation, request);
      if (operation === 'recurrentPayment') {
        // The browser cannot know its IP or Accept header, nor be trusted with its User-Agent.
        const enriched = enrichClientAuInfo(request.clientAuInfo, exchange, { trustProxy, remoteAddress: exchange.remoteAddress });
        request = { ...request, clientAuInfo: enriched.clientAuInfo };
      }
      return keyed ? await forwardOnce(operation, request, hash, key, requestId) : (await forward(operation, request, requestId)).answer;
    } catch (error) {
      const failure = failureOf(error, requestId);
      if (failure?.answer.status === 422) return failure.answer;
      throw error;
    }
  }

  async function handler(exchange) {
    const route = routeOf(exchange.pathname);
    if (route === null) return null;
    const requestId = newRequestId();
    const started = Date.now();
    const answered = route === 'notifications'
      ? await notifications.answer(exchange)
      : await operationAnswer(route, exchange, requestId);
    // A copy: repeats of one notification share their first one's answer object.
    const answer = { ...answered, headers: { ...answered.headers, 'X-Request-Id': requestId } };
    if (store !== null && PAYMENT_CREATING_OPERATIONS.includes(route)) answer.headers.Idempotency = 'honoured';
    log?.(`ckassa proxy ${requestId} ${exchange.method} ${exchange.pathname} -> ${answer.status} in ${Date.now() - started} ms`);
    return answer;
  }

  const notFound = () => jsonAnswer(404, { ok: false, error: { type: 'proxy', code: 'not_found', message: 'no such path' } });
  return { ...mounts(handler, notFound), mount, operations: [...allowed] };
}
