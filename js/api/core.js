// Payments: amounts, requests, responses, notifications. Thin wrappers over the Rust core
// (src/wasm/core.rs); every rule lives there. Types and examples: js/types/core.d.ts.
import { call, raw } from '../runtime.js';
import { CKassaValidationError } from '../errors.js';

/** The SDK's version. */
export function version() {
  return raw().version();
}

/** Roubles as a decimal string ("123.45", "123,45") to whole kopecks, exactly. Throws CKassaValidationError. */
export function rublesToKopecks(text) {
  return call('rubles_to_kopecks', text);
}

/** A number, numeric string or BigInt to whole kopecks. Throws CKassaValidationError. */
export function parseKopecks(value) {
  return call('parse_kopecks', value);
}

// Only the documented options cross the boundary (a caller's other keys, e.g. a signal, stay here).
function coreOptions(options) {
  if (options === undefined || options === null) return null;
  if (typeof options !== 'object') return options;
  return { strict: options.strict, now: options.now };
}

/** The request for `operation` built from `input`: `{request, warnings}`. Throws CKassaValidationError. */
export function buildRequest(operation, input, options) {
  return call('build_request', { operation, input, options: coreOptions(options) });
}

/** The verdict on `input` for `operation`: `{ok, request, issues, warnings}`; never throws for bad input. */
export function validateRequest(operation, input, options) {
  try {
    return call('validate_request', { operation, input, options: coreOptions(options) });
  } catch (error) {
    // The core answers every input; what throws here is JSON.stringify (a cycle, a throwing getter).
    if (!(error instanceof CKassaValidationError)) throw error;
    const issues = Array.isArray(error.issues) && error.issues.length > 0
      ? error.issues
      : [{ path: '', code: error.code || 'invalid_input', message: error.message }];
    return { ok: false, request: null, issues, warnings: [] };
  }
}

/** The gateway path of an operation (`do/payment/anonymous`). Throws for an unknown operation. */
export function operationPath(operation) {
  return call('operation_path', operation);
}

/** Every operation with its path and its required and optional fields. */
export function operations() {
  return call('operations', null);
}

/** The currencies an orderNote may name, with their numeric codes and symbols. */
export function currencies() {
  return call('currencies', null);
}

/** An orderNote's tags, rendered text and problems: `{text, rendered, tags, unknownTags, issues}`. */
export function parseOrderNote(note) {
  return call('parse_order_note', note);
}

/** The orderNote with its currency tags as symbols. Throws CKassaValidationError for an invalid note. */
export function renderOrderNote(note) {
  return call('render_order_note', note);
}

/** `{state, isTerminal, isSuccess}` of a payment state. Throws for an unknown state. */
export function paymentState(state) {
  return call('payment_state', state);
}

/** A `check/payment/state` answer (object or JSON text), normalised, with `warnings`. */
export function parsePaymentStatus(body) {
  return call('parse_payment_status', { body });
}

/** A gateway error body (object or text) with its HTTP status: category, codes, messages, retryable. */
export function parseGatewayError(body, status) {
  return call('parse_gateway_error', { body, status: status ?? null });
}

/** One answer of the gateway: `{ok:true, result, warnings}` | `{ok:false, action}` | `{ok:false, error}`. */
export function parseGatewayResponse(operation, status, body) {
  return call('parse_gateway_response', { operation, status, body });
}

/** A notification body (object or JSON text): `{kind: 'payment' | 'cardRegistration', ...}`. */
export function parseNotification(body) {
  return call('parse_notification', { body });
}

function isDate(value) {
  return Object.prototype.toString.call(value) === '[object Date]';
}

/**
 * `orderBestBefore` (absolute UTC epoch seconds) from a Date in the future or a duration in seconds.
 * `options.now` (epoch seconds) replaces the clock.
 */
export function orderBestBefore(dateOrSeconds, options) {
  const now = options === null || typeof options !== 'object' ? undefined : options.now;
  if (isDate(dateOrSeconds)) return call('order_best_before', { dateMs: dateOrSeconds.getTime(), now });
  return call('order_best_before', { seconds: dateOrSeconds, now });
}
