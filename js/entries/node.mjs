// The Node ESM entry: the wasm is loaded synchronously at import (from the file next to this one),
// so every function works at once; init() exists for code shared with the browser build.
import glue from './ckassa_sdk.cjs';
import { bind } from '../runtime.js';

bind(glue);

export * from '../api/index.js';

/** Already initialised in Node; resolves at once. */
export function init() {
  return Promise.resolve();
}
