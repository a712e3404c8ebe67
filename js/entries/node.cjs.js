// The Node CommonJS entry (bundled to CJS by the build).
import { bind } from '../runtime.js';

// eslint-disable-next-line no-undef
bind(require('./ckassa_sdk.cjs'));

export * from '../api/index.js';

/** Already initialised in Node; resolves at once. */
export function init() {
  return Promise.resolve();
}
