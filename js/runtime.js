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
  if (glue === null) throw notInitialized();
  return glue;
}

function notInitialized() {
  return new CKassaNotInitializedError(
    'ckassa-sdk is not initialised: call and await init() first (the browser build loads its .wasm asynchronously)',
    { code: 'not_initialized' },
  );
}

// JSON has no BigInt, NaN or Infinity: pass a BigInt on as its decimal digits (amounts accept numeric
// strings) and the non-finite numbers as their names, so the core can say exactly what is wrong.
function replacer(_key, value) {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return value;
}

/** JSON text of any JS value, or a validation error for what JSON cannot hold (cycles, ...). */
export function toJson(value) {
  if (value === undefined) return 'null';
  try {
    const text = JSON.stringify(value, replacer);
    return text === undefined ? 'null' : text;
  } catch (cause) {
    throw new CKassaValidationError(`the input cannot be read as data: ${cause && cause.message}`, {
      code: 'invalid_input',
      issues: [{ path: '', code: 'invalid_input', message: `cannot be read as data: ${cause && cause.message}` }],
      warnings: [],
      cause,
    });
  }
}

/** Calls the wasm export `name` with one JS value and returns its value, or throws the mapped error. */
export function call(name, arg) {
  return unwrap(callEnvelope(name, arg));
}

/** Calls the wasm export `name` and returns the parsed envelope without throwing for a core error. */
export function callEnvelope(name, arg) {
  if (glue === null) throw notInitialized();
  return JSON.parse(glue[name](toJson(arg)));
}

/** The value of an envelope, or the mapped error thrown. */
export function unwrap(envelope) {
  if (envelope.ok) return envelope.value;
  throw errorFromCore(envelope.error);
}
