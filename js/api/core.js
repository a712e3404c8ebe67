// Payments: amounts, requests, responses, notifications. Thin wrappers over the Rust core
// (src/wasm/core.rs); every rule lives there. Types and examples: js/types/core.d.ts.
import { call, callCore } from '../runtime.js';
import { CKassaValidationError } from '../errors.js';

// The calls of the wasm export `core`, numbered as src/requests/boundary.rs `CALLS` numbers them
// (a test there checks the `const NAME = n;` lines). buildRequest and validateRequest have exports of
// their own. Each function declares its call's number locally: esbuild inlines a local const, but
// keeps a top-level one of a module with imports as a variable.

/** The SDK's version. */
export function version() {
  const VERSION = 0;
  return callCore(VERSION);
}

/** Roubles as a decimal string ("123.45", "123,45") to whole kopecks, exactly. Throws CKassaValidationError. */
export function rublesToKopecks(text) {
  const RUBLES_TO_KOPECKS = 12;
  return callCore(RUBLES_TO_KOPECKS, text);
}

/** A number, numeric string or BigInt to whole kopecks. Throws CKassaValidationError. */
export function parseKopecks(value) {
  const PARSE_KOPECKS = 13;
  return callCore(PARSE_KOPECKS, value);
}

// Only the documented options cross the boundary (a caller's other keys, e.g. a signal, stay here).
// Absent options are left out of the argument rather than sent as null: the core reads both the
// same, and an argument without `null` keeps JSON.stringify on its fast path (js/runtime.js toJson).
function coreOptions(options) {
  if (options === undefined || options === null) return undefined;
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
  const OPERATION_PATH = 1;
  return callCore(OPERATION_PATH, operation);
}

/** Every operation with its path and its required and optional fields. */
export function operations() {
  const OPERATIONS = 2;
  return callCore(OPERATIONS);
}

/** The currencies an orderNote may name, with their numeric codes and symbols. */
export function currencies() {
  const CURRENCIES = 3;
  return callCore(CURRENCIES);
}

/** An orderNote's tags, rendered text and problems: `{text, rendered, tags, unknownTags, issues}`. */
export function parseOrderNote(note) {
  const PARSE_ORDER_NOTE = 4;
  return callCore(PARSE_ORDER_NOTE, note);
}

/** The orderNote with its currency tags as symbols. Throws CKassaValidationError for an invalid note. */
export function renderOrderNote(note) {
  const RENDER_ORDER_NOTE = 5;
  return callCore(RENDER_ORDER_NOTE, note);
}

/** `{state, isTerminal, isSuccess}` of a payment state. Throws for an unknown state. */
export function paymentState(state) {
  const PAYMENT_STATE = 6;
  return callCore(PAYMENT_STATE, state);
}

/** A `check/payment/state` answer (object or JSON text), normalised, with `warnings`. */
export function parsePaymentStatus(body) {
  const PARSE_PAYMENT_STATUS = 7;
  return callCore(PARSE_PAYMENT_STATUS, { body });
}

/** A gateway error body (object or text) with its HTTP status: category, codes, messages, retryable. */
export function parseGatewayError(body, status) {
  const PARSE_GATEWAY_ERROR = 8;
  return callCore(PARSE_GATEWAY_ERROR, { body, status: status ?? undefined });
}

/** One answer of the gateway: `{ok:true, result, warnings}` | `{ok:false, action}` | `{ok:false, error}`. */
export function parseGatewayResponse(operation, status, body) {
  const PARSE_GATEWAY_RESPONSE = 9;
  return callCore(PARSE_GATEWAY_RESPONSE, { operation, status, body });
}

/** A notification body (object or JSON text): `{kind: 'payment' | 'cardRegistration', ...}`. */
export function parseNotification(body) {
  const PARSE_NOTIFICATION = 10;
  return callCore(PARSE_NOTIFICATION, { body });
}

// A real Date (also one from another realm, e.g. an iframe): its getTime is Date.prototype's and it
// has the internal time slot, which Date.prototype.getTime.call checks. A look-alike with
// Symbol.toStringTag = 'Date' is not one.
function isDate(value) {
  if (value === null || typeof value !== 'object') return false;
  try {
    Date.prototype.getTime.call(value);
    return true;
  } catch {
    return false;
  }
}

/**
 * `orderBestBefore` (absolute UTC epoch seconds) from a Date in the future or a duration in seconds.
 * `options.now` (epoch seconds) replaces the clock.
 */
export function orderBestBefore(dateOrSeconds, options) {
  const ORDER_BEST_BEFORE = 11;
  const now = options === null || typeof options !== 'object' ? undefined : options.now;
  if (isDate(dateOrSeconds)) return callCore(ORDER_BEST_BEFORE, { dateMs: Date.prototype.getTime.call(dateOrSeconds), now });
  return callCore(ORDER_BEST_BEFORE, { seconds: dateOrSeconds, now });
}
