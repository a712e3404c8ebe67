// clientAuInfo as the server sees the payer: IP, User-Agent and Accept from the request (the rules are
// the fingerprint core's; this file only finds the facts in whatever request object it is given).
import { enrichClientAuInfoCore } from 'ckassa-sdk';
import { plainAddress, trustProxyPolicy } from './addresses.js';

/** Headers of a node:http request, a Fetch Request, or a plain `{headers}`. */
function headersOf(request) {
  const headers = request?.headers;
  if (!headers) return {};
  if (typeof headers.forEach === 'function' && typeof headers.get === 'function') {
    /** @type {Record<string, string>} */
    const out = {};
    headers.forEach((value, name) => { out[String(name).toLowerCase()] = value; });
    return out;
  }
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

/** The connection's address: node's socket, or `remoteAddress` on a plain object. */
function remoteAddressOf(request, given) {
  if (typeof given === 'string') return given;
  if (typeof request?.remoteAddress === 'string') return request.remoteAddress;
  return request?.socket?.remoteAddress ?? null;
}

/**
 * Enriches the browser's `clientAuInfo` with the server's view of the request.
 * @param {unknown} clientAuInfo what the browser sent (object, JSON text, or null/undefined)
 * @param {{headers?: unknown, socket?: {remoteAddress?: string}, remoteAddress?: string | null}} request
 *   a node:http IncomingMessage, a Fetch Request (give `remoteAddress` in the options), or `{headers, remoteAddress}`
 * @param {{trustProxy?: boolean | ReadonlyArray<string> | ((remoteAddress: string | null) => boolean), remoteAddress?: string}} [options]
 */
export function enrichClientAuInfo(clientAuInfo, request, options = {}) {
  const remoteAddress = remoteAddressOf(request, options.remoteAddress);
  const trusted = trustProxyPolicy(options.trustProxy)(plainAddress(remoteAddress));
  return enrichClientAuInfoCore({
    clientAuInfo: clientAuInfo ?? null,
    remoteAddress,
    headers: headersOf(request),
    trustProxy: trusted,
  });
}
