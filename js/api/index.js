// The public JS API, the same in every entry (web, /base64, script tag, Node ESM and CJS).
export * from './core.js';
export * from './fingerprint.js';
export * from './client.js';
export {
  CKassaError,
  CKassaValidationError,
  CKassaGatewayError,
  CKassaNetworkError,
  CKassaTimeoutError,
  CKassaAbortError,
  CKassaRedirectBlockedError,
  CKassaBrowserOnlyError,
  CKassaServerOnlyError,
  CKassaNotInitializedError,
} from '../errors.js';
