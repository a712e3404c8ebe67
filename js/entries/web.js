// The browser ESM entry (`browser` and `import` conditions): await init() once, then call the API.
// The .wasm is found next to this file through new URL(..., import.meta.url), which Vite, webpack 5,
// esbuild, Parcel and plain browsers all understand.
import * as glue from '../../target/bindgen/web/ckassa_sdk.js';
import { makeInit } from './load.js';

export * from '../api/index.js';

/** Loads the wasm module (memoised; a failure resets so the next call retries). */
export const init = makeInit(glue, () => new URL('./ckassa_sdk_bg.wasm', import.meta.url));
