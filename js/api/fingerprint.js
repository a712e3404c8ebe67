// 3-D Secure browser data: collection, normalisation, encoding, clientAuInfo.
// Thin wrappers: the rules live in src/fingerprint.rs, the collector in src/wasm/fingerprint.rs, and
// every rule is written down in docs/fingerprint.md.
import { call, callEnvelope, raw, unwrap } from '../runtime.js';

/** The seven values of the docs' getFingerprint(), raw; null where there is no browser window. */
export function collectBrowserInfo() {
  const text = raw().collect_browser_info();
  return text == null ? null : JSON.parse(text);
}

/** Browser data within the EMV 3DS 2.2 limits: `{ info, changes }`. Throws CKassaValidationError for a non-object. */
export function normalizeBrowserInfo(info) {
  return call('normalize_browser_info', info);
}

/** authenticationInfo: base64 of the UTF-8 JSON of the normalised info. */
export function encodeAuthenticationInfo(info) {
  return call('encode_authentication_info', info);
}

/** `{ clientAuInfo, info, changes }` collected in this browser; throws CKassaBrowserOnlyError elsewhere. */
export function clientAuInfoReport(options) {
  return call('client_au_info_report', options);
}

/** `{ ipAddress, agentName, authenticationInfo }` collected in this browser; throws CKassaBrowserOnlyError elsewhere. */
export function clientAuInfo(options) {
  // Without options (the usual call) a dedicated export skips passing and parsing an argument.
  return options === undefined ? unwrap(JSON.parse(raw().client_au_info_collected())) : call('client_au_info', options);
}

/** Like clientAuInfo(), but null where there is no browser window (Node, SSR, a worker). */
export function tryClientAuInfo(options) {
  const envelope =
    options === undefined ? JSON.parse(raw().client_au_info_collected()) : callEnvelope('client_au_info', options);
  if (!envelope.ok && envelope.error && envelope.error.type === 'browser_only') return null;
  return unwrap(envelope);
}

/** A received clientAuInfo (object or JSON text) decoded and validated; throws CKassaValidationError. */
export function decodeClientAuInfo(value, options) {
  const requireIpAddress = Boolean(options && options.requireIpAddress);
  return call('decode_client_au_info', { value: value === undefined ? null : value, requireIpAddress });
}

/**
 * The server toolkit's core: `{ clientAuInfo, remoteAddress, headers, trustProxy }` →
 * `{ clientAuInfo, info, changes, ipSource }`. `headers` may be a plain object (Node) or a Fetch
 * `Headers`/Map.
 */
export function enrichClientAuInfoCore(input) {
  const headers = input && input.headers;
  const plain =
    headers && typeof headers.forEach === 'function' && typeof headers.get === 'function'
      ? headerObject(headers)
      : headers;
  return call('enrich_client_au_info', input == null ? input : { ...input, headers: plain });
}

function headerObject(headers) {
  const out = {};
  headers.forEach((value, name) => {
    out[String(name).toLowerCase()] = value;
  });
  return out;
}
