// The `/base64` entry: the wasm travels inside this file as base64, for bundlers and runtimes that
// cannot serve a separate .wasm asset. Same API as the web entry; still await init() once.
import * as glue from '../../target/bindgen/web/ckassa_sdk.js';
import { WASM_GZIP_BASE64 } from '../../target/bindgen/wasm_base64.js';
import { makeInit, inflateBase64 } from './load.js';

export * from '../api/index.js';

/** Loads the inlined wasm module (memoised). */
export const init = makeInit(glue, () => inflateBase64(WASM_GZIP_BASE64));
