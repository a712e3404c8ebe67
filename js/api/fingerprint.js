// 3-D Secure browser data: collection, normalisation, encoding, clientAuInfo.
// Thin wrappers: the rules live in src/fingerprint.rs, the exports in src/wasm/fingerprint.rs, and
// every rule is written down in docs/fingerprint.md.
import { raw, toJson, unwrap } from '../runtime.js';

// The calls of the wasm export `fingerprint(call, arg)`, numbered as in src/wasm/fingerprint.rs:
// NORMALIZE 0, ENCODE 1, CLIENT_AU_INFO 2, REPORT 3, DECODE 4, ENRICH 5, COLLECT 6. Each function
// declares its call's number locally: esbuild inlines a local const, but keeps a top-level one of a
// module with imports as a variable.

// The envelope of a fingerprint call (an argument that JSON cannot hold throws a validation error).
function envelopeOf(call, arg) {
  return JSON.parse(raw().fingerprint(call, toJson(arg)));
}

const run = (call, arg) => unwrap(envelopeOf(call, arg));

/** The seven values of the docs' getFingerprint(), raw; null where there is no browser window. */
export function collectBrowserInfo() {
  const COLLECT = 6;
  return JSON.parse(raw().fingerprint(COLLECT, ''));
}

/** Browser data within the EMV 3DS 2.2 limits: `{ info, changes }`. Throws CKassaValidationError for a non-object. */
export function normalizeBrowserInfo(info) {
  const NORMALIZE = 0;
  return run(NORMALIZE, info);
}

/** authenticationInfo: base64 of the UTF-8 JSON of the normalised info. */
export function encodeAuthenticationInfo(info) {
  const ENCODE = 1;
  return run(ENCODE, info);
}

/** `{ clientAuInfo, info, changes }` collected in this browser; throws CKassaBrowserOnlyError elsewhere. */
export function clientAuInfoReport(options) {
  const REPORT = 3;
  return run(REPORT, options);
}

/** `{ ipAddress, agentName, authenticationInfo }` collected in this browser; throws CKassaBrowserOnlyError elsewhere. */
export function clientAuInfo(options) {
  const CLIENT_AU_INFO = 2;
  // Without options (the usual call) a dedicated export skips the argument and answers compactly.
  return options === undefined ? unwrap(collected()) : run(CLIENT_AU_INFO, options);
}

/** Like clientAuInfo(), but null where there is no browser window (Node, SSR, a worker). */
export function tryClientAuInfo(options) {
  const CLIENT_AU_INFO = 2;
  const envelope = options === undefined ? collected() : envelopeOf(CLIENT_AU_INFO, options);
  if (!envelope.ok && envelope.error && envelope.error.type === 'browser_only') return null;
  return unwrap(envelope);
}

// client_au_info_collected() answers `ipAddress \0 authenticationInfo \0 agentName` (NUL is in
// neither an IP address nor base64; the agent name is the rest), or a JSON envelope for an error,
// which starts with '{' (see src/wasm/fingerprint.rs).
function collected() {
  const text = raw().client_au_info_collected();
  if (text.charCodeAt(0) === 0x7b) return JSON.parse(text);
  const i = text.indexOf('\0');
  const j = text.indexOf('\0', i + 1);
  return {
    ok: true,
    value: { ipAddress: text.slice(0, i), agentName: text.slice(j + 1), authenticationInfo: text.slice(i + 1, j) },
  };
}

/** A received clientAuInfo (object or JSON text) decoded and validated; throws CKassaValidationError. */
export function decodeClientAuInfo(value, options) {
  const DECODE = 4;
  const requireIpAddress = Boolean(options && options.requireIpAddress);
  return run(DECODE, { value: value === undefined ? null : value, requireIpAddress });
}

/**
 * The server toolkit's core: `{ clientAuInfo, remoteAddress, headers, trustProxy }` →
 * `{ clientAuInfo, info, changes, ipSource }`. `headers` may be a plain object (Node) or a Fetch
 * `Headers`/Map.
 */
export function enrichClientAuInfoCore(input) {
  const ENRICH = 5;
  const headers = input && input.headers;
  const plain =
    headers && typeof headers.forEach === 'function' && typeof headers.get === 'function'
      ? headerObject(headers)
      : headers;
  return run(ENRICH, input == null ? input : { ...input, headers: plain });
}

function headerObject(headers) {
  const out = {};
  headers.forEach((value, name) => {
    out[String(name).toLowerCase()] = value;
  });
  return out;
}
