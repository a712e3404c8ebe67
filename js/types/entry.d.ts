/**
 * Loads the SDK's WebAssembly module. Call once and await before the other functions in the browser
 * builds; memoised (later calls share the first promise), retried on the next call after a failure.
 * In Node the module is loaded at import and this resolves at once.
 * @example
 * import { init, rublesToKopecks } from 'ckassa-sdk';
 * await init();
 * rublesToKopecks('123.45'); // 12345
 * @param input where to load the .wasm from (a URL, a Response, bytes or a compiled module); by default
 *   the file next to the entry (web) or the inlined bytes (/base64, script tag).
 * @throws CKassaNotInitializedError with code `wasm_fetch_failed`, `wasm_blocked_by_csp`,
 *   `wasm_compile_failed` or `unsupported_runtime`.
 */
export declare function init(
  input?: string | URL | Request | Response | BufferSource | WebAssembly.Module | Promise<Response>,
): Promise<void>;
