// One memoised loader for the browser builds (web, /base64, script tag), in the manner of
// @stripe/stripe-js: the first call starts loading, later calls get the same promise, a failure resets
// the memo so the next call tries again, and nothing here touches `window` at import time.
import { bind, isBound } from '../runtime.js';
import { CKassaNotInitializedError } from '../errors.js';

/**
 * Returns init(input?) for a wasm-bindgen `web` glue module.
 * `defaultInput()` gives what to load when the caller passes nothing (a URL or the wasm bytes).
 */
export function makeInit(glue, defaultInput) {
  let pending = null;
  return function init(input) {
    if (isBound()) return Promise.resolve();
    if (pending) return pending;
    if (typeof WebAssembly !== 'object' || WebAssembly === null) {
      return Promise.reject(new CKassaNotInitializedError('this runtime has no WebAssembly', { code: 'unsupported_runtime' }));
    }
    pending = start(glue, input === undefined ? defaultInput() : input)
      .then(() => bind(glue))
      .catch((cause) => {
        pending = null;
        throw cause instanceof CKassaNotInitializedError ? cause : loadError(cause);
      });
    return pending;
  };
}

/**
 * Loads `input` (a URL, a Response, bytes, a compiled module, or a promise of one) into the glue.
 * Bytes are compiled here (asynchronously) and instantiated by the glue's `initSync`: its async path
 * tests `instanceof Response` and `Request`, and in Node the first touch of those globals loads undici
 * (tens of milliseconds at start-up, for a module that never fetches).
 */
async function start(glue, input) {
  const value = await input;
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
    glue.initSync({ module: await WebAssembly.compile(value) });
  } else if (value instanceof WebAssembly.Module) {
    glue.initSync({ module: value });
  } else {
    await glue.default({ module_or_path: value });
  }
}

function loadError(cause) {
  const text = String((cause && cause.message) || cause);
  if (/Content Security Policy|wasm-eval|wasm-unsafe-eval|unsafe-eval/i.test(text)) {
    return new CKassaNotInitializedError(
      "the page's Content-Security-Policy blocks WebAssembly: add 'wasm-unsafe-eval' to script-src",
      { code: 'wasm_blocked_by_csp', cause },
    );
  }
  if (cause instanceof WebAssembly.CompileError || cause instanceof WebAssembly.LinkError) {
    return new CKassaNotInitializedError(`the SDK's .wasm did not compile: ${text}`, { code: 'wasm_compile_failed', cause });
  }
  return new CKassaNotInitializedError(`the SDK's .wasm could not be loaded: ${text}`, { code: 'wasm_fetch_failed', cause });
}

/**
 * The inlined wasm: base64 text of the gzip'd .wasm → a promise of its bytes, inflated by the runtime:
 * Node's zlib where `process.getBuiltinModule` gives it (the web streams and undici that
 * DecompressionStream and Response load in Node cost tens of milliseconds at start-up), else
 * DecompressionStream (browsers since 2023, workers, Deno, Bun). No decompressor ships in the SDK.
 */
export function inflateBase64(text) {
  const zlib = typeof process === 'object' && process !== null && typeof process.getBuiltinModule === 'function'
    ? process.getBuiltinModule('zlib')
    : null;
  if (zlib && typeof zlib.gunzipSync === 'function') {
    try {
      return Promise.resolve(zlib.gunzipSync(base64ToBytes(text)));
    } catch (cause) {
      return Promise.reject(cause);
    }
  }
  if (typeof DecompressionStream !== 'function' || typeof Response !== 'function' || typeof Blob !== 'function') {
    return Promise.reject(new CKassaNotInitializedError(
      'this runtime has no DecompressionStream to unpack the inlined .wasm: use the web entry (ckassa-sdk), which fetches the .wasm file',
      { code: 'unsupported_runtime' },
    ));
  }
  const stream = new Blob([base64ToBytes(text)]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Response(stream).arrayBuffer();
}

/**
 * Decodes base64 text to bytes: `Uint8Array.fromBase64` where the runtime has it (Chromium 140+,
 * Firefox 133+, Safari 18.2+), `Buffer` in Node (whose `atob` is slow), else `atob` and a loop.
 */
export function base64ToBytes(text) {
  if (typeof Uint8Array.fromBase64 === 'function') return Uint8Array.fromBase64(text);
  const B = globalThis.Buffer;
  if (typeof B === 'function' && typeof B.from === 'function') return B.from(text, 'base64');
  const bin = atob(text);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}
