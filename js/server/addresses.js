// Network addresses as the server sees them: allow-lists with CIDR ranges (node:net's BlockList does
// the matching for IPv4 and IPv6), trusted proxies, and the client address of a request.
import { BlockList, isIP } from 'node:net';

/**
 * Sources the public integrations list for CKassa's notifications. Offered for an allow-list, never
 * used by default: confirm the current list with CKassa before relying on it.
 */
export const CKASSA_NOTIFICATION_SOURCES = Object.freeze(['178.161.210.54', '94.138.149.0/24']);

/** `::ffff:1.2.3.4` (an IPv4 client of a dual-stack socket) as `1.2.3.4`; brackets and zone ids dropped. */
export function plainAddress(address) {
  if (typeof address !== 'string') return null;
  let text = address.trim();
  if (text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1);
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(text);
  if (mapped) text = mapped[1];
  return isIP(text) ? text : null;
}

/**
 * Compiles a list of addresses and CIDR ranges (`'203.0.113.7'`, `'94.138.149.0/24'`, `'2001:db8::/32'`)
 * into a matcher. Throws a TypeError naming the first entry that is neither.
 * @param {ReadonlyArray<string>} entries
 * @param {string} what the option's name, for the error message
 * @returns {(address: string | null | undefined) => boolean}
 */
export function addressMatcher(entries, what) {
  if (!Array.isArray(entries)) throw new TypeError(`${what} must be an array of IP addresses or CIDR ranges`);
  const list = new BlockList();
  for (const entry of entries) {
    const [ip, bits, extra] = typeof entry === 'string' ? entry.trim().split('/') : [];
    const family = isIP(ip ?? '');
    const prefix = bits === undefined ? null : Number(bits);
    const maxBits = family === 6 ? 128 : 32;
    if (!family || extra !== undefined || (prefix !== null && (!/^\d{1,3}$/.test(bits) || prefix > maxBits))) {
      throw new TypeError(`${what}: ${JSON.stringify(entry)} is not an IP address or a CIDR range`);
    }
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (prefix === null) list.addAddress(ip, type);
    else list.addSubnet(ip, prefix, type);
  }
  return (address) => {
    const plain = plainAddress(address);
    if (!plain) return false;
    return list.check(plain, isIP(plain) === 6 ? 'ipv6' : 'ipv4');
  };
}

/**
 * Normalises the `trustProxy` option to a function of the connection's address:
 * `true` trusts `X-Forwarded-For` from anyone (only behind a proxy that overwrites it), `false` never,
 * an array of addresses/CIDR ranges trusts it only when the connection comes from one of them,
 * a function decides per connection.
 * @param {boolean | ReadonlyArray<string> | ((remoteAddress: string | null) => boolean) | undefined} option
 * @returns {(remoteAddress: string | null) => boolean}
 */
export function trustProxyPolicy(option) {
  if (option === undefined || option === null || option === false) return () => false;
  if (option === true) return () => true;
  if (typeof option === 'function') return (address) => option(address) === true;
  const matches = addressMatcher(option, 'trustProxy');
  return (address) => matches(address);
}

/** The left-most valid address of `X-Forwarded-For`, or null. */
export function forwardedFor(header) {
  const text = Array.isArray(header) ? header.join(',') : header;
  if (typeof text !== 'string') return null;
  for (const part of text.split(',')) {
    let entry = part.trim().replace(/^"|"$/g, '');
    const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(entry);
    if (bracketed) entry = bracketed[1];
    else if (/^[\d.]+:\d+$/.test(entry)) entry = entry.slice(0, entry.lastIndexOf(':'));
    const plain = plainAddress(entry);
    if (plain) return plain;
  }
  return null;
}

/**
 * The client's address: the connection's, or the left-most of `X-Forwarded-For` when the connection
 * comes from a trusted proxy.
 * @param {string | null} remoteAddress
 * @param {Record<string, string | string[] | undefined>} headers lower-case names
 * @param {(remoteAddress: string | null) => boolean} trusted
 */
export function clientAddress(remoteAddress, headers, trusted) {
  const direct = plainAddress(remoteAddress);
  if (trusted(direct)) return forwardedFor(headers['x-forwarded-for']) ?? direct;
  return direct;
}
