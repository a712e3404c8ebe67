// Small HTTP helpers shared by the gateway routes, the hosted pages and the inspection API.
import { timingSafeEqual, createHash } from 'node:crypto';

/** Largest JSON body the gateway routes accept (1 MiB); larger ones get 413. */
export const MAX_JSON_BODY = 1024 * 1024;
/** Largest form body the hosted pages accept. */
export const MAX_FORM_BODY = 64 * 1024;
// An oversized body is read and thrown away up to this size, so the client gets the 413 answer instead of a
// reset while it is still sending; past it the connection is dropped.
const DRAIN_LIMIT = 32 * 1024 * 1024;

/**
 * Reads a request body up to `limit` bytes.
 * Resolves to the bytes, or to `null` when the body was larger than `limit` (it is drained, not kept).
 * Rejects when the client goes away before the end.
 * @param {import('node:http').IncomingMessage} req
 * @param {number} limit
 * @returns {Promise<Buffer | null>}
 */
export function readBody(req, limit) {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > DRAIN_LIMIT) {
      resolve(null);
      return;
    }
    /** @type {Buffer[]} */
    let chunks = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > limit) {
        chunks = [];
        if (size > DRAIN_LIMIT) req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      done = true;
      resolve(size > limit ? null : Buffer.concat(chunks));
    });
    req.on('error', (err) => { if (!done) { done = true; reject(err); } });
    req.on('close', () => { if (!done) { done = true; reject(new Error('client closed the request')); } });
  });
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 * @param {Record<string, string>} [headers]
 */
export function sendJson(res, status, body, headers = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(text);
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {string} html
 */
export function sendHtml(res, status, html) {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(html),
    'Cache-Control': 'no-store',
    // The hosted pages need no script at all; say so, as a real payment page would.
    'Content-Security-Policy': "default-src 'none'; style-src 'self'; form-action *; base-uri 'none'; frame-ancestors *",
    'Referrer-Policy': 'no-referrer',
  });
  res.end(html);
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {string} location
 */
export function redirect(res, location) {
  res.writeHead(303, { Location: location, 'Content-Length': 0, 'Cache-Control': 'no-store' });
  res.end();
}

/** The media type of a request, lower case, without parameters. */
export function mediaType(req) {
  return String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
}

const digest = (text) => createHash('sha256').update(text).digest();

/**
 * Whether the request carries `Authorization: Basic base64(shopToken:secKey)` for the configured pair.
 * @param {string | undefined} header
 * @param {string} shopToken
 * @param {string} secKey
 */
export function basicAuthMatches(header, shopToken, secKey) {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match) return false;
  const given = Buffer.from(match[1], 'base64').toString('utf8');
  // Compare digests so neither length nor content leaks through timing.
  return timingSafeEqual(digest(given), digest(`${shopToken}:${secKey}`));
}
