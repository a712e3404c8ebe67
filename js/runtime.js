// The boundary between the JS API and the wasm exports.
// Arguments cross as JSON text and answers come back as the envelope {ok, value} / {ok:false, error}
// (see src/wasm/mod.rs). Which wasm-bindgen glue is used (web, Node, inlined) is the entry's business:
// it calls bind() once the module is ready.
import { CKassaNotInitializedError, CKassaValidationError, errorFromCore } from './errors.js';

let glue = null;

/** Makes the loaded wasm-bindgen glue the one every API function calls. */
export function bind(loaded) {
  glue = loaded;
}

/** True once bind() has run. */
export function isBound() {
  return glue !== null;
}

/** The raw glue (for the few exports that do not use the JSON envelope). */
export function raw() {
  if (glue === null) {
    throw new CKassaNotInitializedError(
      'ckassa-sdk is not initialised: call and await init() first (the browser build loads its .wasm asynchronously)',
      { code: 'not_initialized' },
    );
  }
  return glue;
}

// JSON has no BigInt, NaN or Infinity: pass a BigInt on as its decimal digits (amounts accept numeric
// strings) and the non-finite numbers as their names, so the core can say exactly what is wrong.
function replacer(_key, value) {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return value;
}

function unreadable(cause) {
  return new CKassaValidationError(`the input cannot be read as data: ${cause && cause.message}`, {
    code: 'invalid_input',
    issues: [{ path: '', code: 'invalid_input', message: `cannot be read as data: ${cause && cause.message}` }],
    warnings: [],
    cause,
  });
}

/**
 * JSON text of any JS value, or a validation error for what JSON cannot hold (cycles, ...).
 *
 * A replacer function takes V8's JSON.stringify off its fast path (about twice the time), so the
 * plain call comes first. It differs from the replacer's text only where the replacer acts: it throws
 * on a BigInt, and writes NaN and ±Infinity as `null`. So its text is used when it did not throw and
 * has no `null` anywhere; otherwise (a BigInt, a `null` that may have been a NaN, or a cycle or a
 * throwing getter, which throw again and are reported) the replacer's run decides.
 */
export function toJson(value) {
  try {
    const plain = JSON.stringify(value);
    // undefined (also for undefined itself, a function or a symbol) is JSON's null here.
    if (plain === undefined) return 'null';
    if (!plain.includes('null')) return plain;
  } catch {
    // Decided by the run with the replacer below.
  }
  try {
    const text = JSON.stringify(value, replacer);
    return text === undefined ? 'null' : text;
  } catch (cause) {
    throw unreadable(cause);
  }
}

/** Calls the wasm export `name` with one JS value and returns its value, or throws the mapped error. */
export function call(name, arg) {
  return unwrap(JSON.parse(raw()[name](toJson(arg))));
}

/**
 * Calls the call numbered `index` of the wasm export `core` (the payment core's calls but
 * buildRequest and validateRequest: js/api/core.js) and returns its value, or throws the mapped error.
 */
export function callCore(index, arg) {
  return unwrap(JSON.parse(raw().core(index, toJson(arg))));
}

/** The value of an envelope, or the mapped error thrown. */
export function unwrap(envelope) {
  if (envelope.ok) return envelope.value;
  throw errorFromCore(envelope.error);
}
