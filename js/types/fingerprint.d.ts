/**
 * The seven values of the CKassa docs' `getFingerprint()`, raw, with the same names and JSON types.
 * A value the browser does not give is `null`.
 */
export interface RawBrowserInfo {
  /** `new Date().getTimezoneOffset()`: minutes, UTC minus local (Moscow: -180, New York in winter: 300). */
  browserTZ: number | null;
  /** `screen.colorDepth` (30 on wide-gamut displays, which EMV does not allow). */
  browserColorDepth: number | null;
  /** `screen.height` in CSS pixels. */
  browserScreenHeight: number | null;
  /** `screen.width` in CSS pixels. */
  browserScreenWidth: number | null;
  /** `navigator.language` (may exceed EMV's 8 characters, e.g. `zh-Hant-TW`). */
  browserLanguage: string | null;
  /** `navigator.userAgent`. */
  browserUserAgent: string | null;
  /** `navigator.javaEnabled()` (false in every current browser). */
  browserJavaEnabled: boolean;
}

/** Browser data within the EMV 3DS 2.2 limits, as encoded in `authenticationInfo`. */
export interface BrowserInfo {
  /** Minutes, UTC minus local, an integer in -840..720. */
  browserTZ: number;
  /** One of 1, 4, 8, 15, 16, 24, 32, 48. */
  browserColorDepth: BrowserColorDepth;
  /** An integer in 0..999999. */
  browserScreenHeight: number;
  /** An integer in 0..999999. */
  browserScreenWidth: number;
  /** A BCP 47 tag of 1 to 8 characters (`ru-RU`, `zh-TW`). */
  browserLanguage: string;
  /** At most 2048 UTF-16 code units; `""` only when the browser gave none. */
  browserUserAgent: string;
  /** `navigator.javaEnabled()`. */
  browserJavaEnabled: boolean;
  /** EMV 2.2's `browserJavascriptEnabled`, when given (the docs' script does not send it). */
  browserJavascriptEnabled?: boolean;
  /** The HTTP `Accept` header the merchant's server saw (filled by the proxy, at most 2048 characters). */
  browserAcceptHeader?: string;
  /** The payer's IP address the merchant's server saw (filled by the proxy). */
  browserIP?: string;
}

/** The colour depths EMV 3DS 2.2 allows. */
export type BrowserColorDepth = 1 | 4 | 8 | 15 | 16 | 24 | 32 | 48;

/** Browser data as callers may pass it: any of the fields, of any JSON type; the normaliser decides. */
export type BrowserInfoInput = { readonly [field: string]: BrowserInfoJson | undefined };

/** A JSON value (what `from` and `to` of a change, and browser-data input, may hold). */
export type BrowserInfoJson =
  | string
  | number
  | boolean
  | null
  | readonly BrowserInfoJson[]
  | { readonly [key: string]: BrowserInfoJson };

/** The rule that made a change; every one is described in docs/fingerprint.md. */
export type BrowserInfoRule =
  | 'missing'
  | 'wrong_type'
  | 'not_a_number'
  | 'from_string'
  | 'rounded'
  | 'clamped'
  | 'non_positive'
  | 'color_depth_nearest_allowed'
  | 'language_canonicalised'
  | 'language_shortened'
  | 'language_first_of_list'
  | 'language_fallback'
  | 'truncated'
  | 'blank_dropped'
  | 'ip_canonicalised'
  | 'invalid_ip'
  | 'unknown_field'
  | 'server_user_agent'
  | 'server_accept_header'
  | 'server_ip'
  | 'not_from_server';

/** One value the normaliser (or the proxy's enrichment) changed. */
export interface BrowserInfoChange {
  /** The field (`browserColorDepth`, ..., or `agentName` / `ipAddress` for the enrichment). */
  field: string;
  /** The value before; `null` when it was missing. */
  from: BrowserInfoJson;
  /** The value after; `null` when the field was dropped. */
  to: BrowserInfoJson;
  /** Why. */
  rule: BrowserInfoRule;
}

/** What `normalizeBrowserInfo()` answers. */
export interface NormalizedBrowserInfo {
  /** The data within the EMV limits, keys in the docs' order. */
  info: BrowserInfo;
  /** Every change made, in field order; empty for an ordinary browser. */
  changes: BrowserInfoChange[];
}

/** The gateway's `clientAuInfo` parameter (recurrent payments with 3-D Secure 2). */
export interface ClientAuInfo {
  /** The payer's IP address; `""` from the browser (the merchant's proxy fills it). */
  ipAddress: string;
  /** The user agent. */
  agentName: string;
  /** Base64 (standard, padded) of the UTF-8 JSON of {@link BrowserInfo}. */
  authenticationInfo: string;
}

/** Options of `clientAuInfo()`. */
export interface ClientAuInfoOptions {
  /** An IP address to put in `ipAddress` (validated, canonicalised); usually left to the proxy. */
  ipAddress?: string;
  /** Values that replace the collected ones before normalisation (tests, embedded frames). */
  overrides?: BrowserInfoInput;
}

/** What `clientAuInfoReport()` answers: the record and how it was made. */
export interface ClientAuInfoReport {
  /** The record to send. */
  clientAuInfo: ClientAuInfo;
  /** The normalised data inside it. */
  info: BrowserInfo;
  /** What the normaliser changed in the collected data (e.g. colour depth 30 → 32). */
  changes: BrowserInfoChange[];
}

/** A decoded `clientAuInfo`. */
export interface DecodedClientAuInfo extends ClientAuInfo {
  /** The browser data inside `authenticationInfo`. */
  info: BrowserInfo;
}

/** Options of `decodeClientAuInfo()`. */
export interface DecodeClientAuInfoOptions {
  /** Refuse an empty or missing `ipAddress` or `agentName` (the proxy's final check before the gateway; the browser leaves both for the proxy). Default false. */
  requireIpAddress?: boolean;
}

/** What the server toolkit passes to `enrichClientAuInfoCore()`. */
export interface EnrichClientAuInfoInput {
  /** What the browser sent (object or JSON text), or null/absent to build the record from headers alone. */
  clientAuInfo?: ClientAuInfo | string | null;
  /** The connection's remote address (`req.socket.remoteAddress`; `::ffff:` prefixes are stripped). */
  remoteAddress?: string | null;
  /** Request headers, names in any case: `user-agent`, `accept`, `x-forwarded-for`, `accept-language`. */
  headers?:
    | { readonly [name: string]: string | readonly string[] | undefined }
    | { forEach(callback: (value: string, name: string) => void): void; get(name: string): string | null | undefined };
  /** Take the left-most valid `X-Forwarded-For` address (only behind a proxy you control). Default false. */
  trustProxy?: boolean;
}

/** What `enrichClientAuInfoCore()` answers. */
export interface EnrichedClientAuInfo {
  /** The record to send to the gateway. */
  clientAuInfo: ClientAuInfo;
  /** The browser data inside it, with `browserIP` and `browserAcceptHeader` from the request. */
  info: BrowserInfo;
  /** Defaults applied (record built from headers only) and the server's replacements. */
  changes: BrowserInfoChange[];
  /** Where `ipAddress` came from. */
  ipSource: 'x-forwarded-for' | 'remote-address' | 'none';
}

/**
 * The seven values of the docs' `getFingerprint()`, raw, read in this browser; `null` where there is
 * no browser window (Node, server-side rendering, a worker). Never throws.
 * @example
 * const raw = collectBrowserInfo();
 * // { browserTZ: -180, browserColorDepth: 24, browserScreenHeight: 1080, browserScreenWidth: 1920,
 * //   browserLanguage: 'ru-RU', browserUserAgent: 'Mozilla/5.0 …', browserJavaEnabled: false }
 */
export declare function collectBrowserInfo(): RawBrowserInfo | null;

/**
 * Browser data brought within the EMV 3DS 2.2 limits, with a report of every change. Pure: works in
 * Node too. Never fails for an object (missing or garbage values get documented defaults).
 * @example
 * normalizeBrowserInfo({ ...collectBrowserInfo(), browserColorDepth: 30 }).changes
 * // [{ field: 'browserColorDepth', from: 30, to: 32, rule: 'color_depth_nearest_allowed' }]
 * @throws CKassaValidationError (code `not_object`) when `info` is not an object.
 */
export declare function normalizeBrowserInfo(info: BrowserInfoInput | RawBrowserInfo): NormalizedBrowserInfo;

/**
 * `authenticationInfo`: base64 (standard, padded) of the UTF-8 JSON of the info, normalised first.
 * For an ordinary browser (nothing to normalise, ASCII text) it is exactly what the docs'
 * `btoa(JSON.stringify(...))` gives; unlike `btoa` it never throws on non-Latin-1 text.
 * @example
 * const raw = collectBrowserInfo();
 * if (raw) encodeAuthenticationInfo(raw); // 'eyJicm93c2VyVFoiOi0xODAs…'
 * @throws CKassaValidationError (code `not_object`) when `info` is not an object.
 */
export declare function encodeAuthenticationInfo(info: BrowserInfoInput | RawBrowserInfo): string;

/**
 * `clientAuInfo` for a recurrent payment: collects, normalises and encodes in this browser;
 * `ipAddress` stays empty for the merchant's proxy to fill.
 * @example
 * await init();
 * const info = clientAuInfo();
 * // { ipAddress: '', agentName: 'Mozilla/5.0 …', authenticationInfo: 'eyJicm93c2VyVFoiOi0xODAs…' }
 * @throws CKassaBrowserOnlyError (code `browser_only`) where there is no browser window;
 *   CKassaValidationError for malformed options.
 */
export declare function clientAuInfo(options?: ClientAuInfoOptions): ClientAuInfo;

/**
 * Like {@link clientAuInfo}, but `null` instead of throwing where there is no browser window.
 * @example
 * const info = tryClientAuInfo(); // null during server-side rendering
 */
export declare function tryClientAuInfo(options?: ClientAuInfoOptions): ClientAuInfo | null;

/**
 * {@link clientAuInfo} with the normalised data and the list of changes, for logs and diagnostics.
 * @example
 * const { clientAuInfo, changes } = clientAuInfoReport();
 * if (changes.length) console.info('3DS browser data normalised', changes);
 * @throws CKassaBrowserOnlyError (code `browser_only`) where there is no browser window.
 */
export declare function clientAuInfoReport(options?: ClientAuInfoOptions): ClientAuInfoReport;

/**
 * Decodes and validates a received `clientAuInfo` (an object or its JSON text): every problem at
 * once, each with its path (`authenticationInfo.browserColorDepth`) and code (`invalid_base64`,
 * `invalid_utf8`, `invalid_json`, `not_allowed`, `out_of_range`, ...).
 * @example
 * const { info } = decodeClientAuInfo(req.body.clientAuInfo);
 * info.browserLanguage; // 'ru-RU'
 * @throws CKassaValidationError listing every problem in `issues`.
 */
export declare function decodeClientAuInfo(
  value: ClientAuInfo | string,
  options?: DecodeClientAuInfoOptions,
): DecodedClientAuInfo;

/**
 * The core of the server toolkit's `enrichClientAuInfo(clientAuInfo, request, { trustProxy })`: fills
 * the IP address (connection, or `X-Forwarded-For` when `trustProxy`), the `Accept` header and the
 * server-seen `User-Agent`, and re-encodes; builds the record from the headers alone when the browser
 * sent none.
 * @example
 * const { clientAuInfo } = enrichClientAuInfoCore({
 *   clientAuInfo: req.body.clientAuInfo,
 *   remoteAddress: req.socket.remoteAddress,
 *   headers: req.headers,
 *   trustProxy: false,
 * });
 * Node only (the Node entry; `ckassa-sdk/server` wraps it): the browser builds leave it out.
 * @throws CKassaValidationError when the browser's record is malformed (paths under `clientAuInfo.`).
 * @throws CKassaServerOnlyError (code `server_only`) in the browser builds.
 */
export declare function enrichClientAuInfoCore(input: EnrichClientAuInfoInput): EnrichedClientAuInfo;
