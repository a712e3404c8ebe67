// The receiver of the gateway's notifications (payment and card registration). The gateway sends a
// notification again, with growing intervals, until it gets an HTTP 200; so 200 means "stored": it is
// answered only after the merchant's callback has finished, and a repeat is acknowledged without calling
// it again. The rules are written down in docs/server.md, "Notifications".
import { parseNotification as parseNotificationCore } from 'ckassa-sdk';
import { addressMatcher, clientAddress, trustProxyPolicy } from './addresses.js';
import { createMemoryStore, checkStore } from './store.js';
import { decodeJson, jsonAnswer, mounts } from './exchange.js';

const DEFAULT_MAX_BODY_BYTES = 64 * 1024;
// A claim older than this is taken to belong to a process that died while storing.
const STALE_CLAIM_MS = 5 * 60 * 1000;

/**
 * How far along its life a payment state is. A notification whose state ranks lower than one already
 * passed on for the same payment arrived out of order: it is acknowledged, not passed on. The failure
 * states rank with `payed` (a payment ends one way or the other); `processed` (confirmed) and `refunded`
 * come after it.
 */
export const PAYMENT_STATE_ORDER = Object.freeze({
  created: 0,
  holded: 1,
  payed: 2,
  rejected: 2,
  error: 2,
  created_error: 2,
  processed: 3,
  refunded: 4,
});

/**
 * Parses and validates a notification's body (a parsed object or its JSON text) with the core.
 * Throws CKassaValidationError when it is neither a payment nor a card-registration notification.
 */
export function parseNotification(body) {
  return parseNotificationCore(body);
}

/** The notification's identity: what makes a repeat a repeat. */
export function notificationKey(notification) {
  if (notification.kind === 'cardRegistration') return `card:${notification.userToken}:${notification.cardToken}`;
  return `payment:${notification.regPayNum}:${notification.state}`;
}

const ok = (extra = {}) => jsonAnswer(200, { message: 'success', ...extra });
const refuse = (status, code, message, extra = {}) => jsonAnswer(status, { ok: false, error: { type: 'notification', code, message, ...extra } });

/**
 * @param {import('./index.js').NotificationHandlerOptions} options
 * @returns {import('./index.js').NotificationHandler}
 */
export function createNotificationHandler(options = {}) {
  const { onNotification } = options;
  if (typeof onNotification !== 'function') throw new TypeError('createNotificationHandler: onNotification must be an async function (notification, info) => void');
  const allowed = options.allowList === undefined || options.allowList === null
    ? null
    : addressMatcher(options.allowList, 'createNotificationHandler: allowList');
  const trusted = trustProxyPolicy(options.trustProxy);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const store = checkStore(options.store ?? createMemoryStore({ maxEntries: options.maxRemembered ?? 10_000 }), 'createNotificationHandler: store');
  const path = options.path ?? null;
  const log = typeof options.log === 'function' ? options.log : null;
  /** @type {Map<string, Promise<import('./exchange.js').Answer>>} */
  const inFlight = new Map();

  const busy = () => jsonAnswer(503, {
    message: 'busy', ok: false, error: { type: 'notification', code: 'in_progress', message: 'this notification is being stored; send it again later' },
  }, { 'Retry-After': '5' });

  /** Claims the key in the store; resolves to null when this call may deliver, else the answer. */
  async function claim(key) {
    // Claiming through the store keeps two processes sharing a database store from both calling back.
    if (await store.putIfAbsent(key, { state: 'in_progress', at: Date.now() })) return null;
    const known = await store.get(key);
    // Released meanwhile (a failed callback): not stored, so the gateway must send it again.
    if (known === undefined) return busy();
    if (known.state !== 'in_progress') return ok({ duplicate: true });
    if (Date.now() - (known.at ?? 0) < STALE_CLAIM_MS) return busy();
    await store.set(key, { state: 'in_progress', at: Date.now() });
    return null;
  }

  /** Calls back for one new notification unless it is a regression; resolves to the answer. */
  async function deliver(key, notification, info) {
    const claimed = await claim(key);
    if (claimed) return claimed;
    // Undocumented states have no rank: they are always passed on and never hide another.
    const rank = notification.kind === 'payment' ? PAYMENT_STATE_ORDER[notification.state] : undefined;
    const stateKey = rank === undefined ? null : `state:${notification.regPayNum}`;
    const last = stateKey ? await store.get(stateKey) : undefined;
    if (last && rank < last.rank) {
      log?.(`ckassa notification ${key}: arrived after ${last.state}, acknowledged and not passed on`);
      await store.set(key, { state: 'ignored', after: last.state, at: Date.now() });
      return ok({ ignored: 'out_of_order' });
    }
    try {
      await onNotification(notification, info);
    } catch (error) {
      await store.delete(key);
      log?.(`ckassa notification ${key}: the callback failed (${error?.message ?? error}); answering 500 so the gateway sends it again`);
      return jsonAnswer(500, { message: 'error', ok: false, error: { type: 'notification', code: 'not_stored', message: 'the notification was not stored; send it again' } });
    }
    await store.set(key, { state: 'stored', at: Date.now() });
    if (stateKey && (!last || rank >= last.rank)) await store.set(stateKey, { state: notification.state, rank });
    return ok();
  }

  /**
   * Receives one notification whose body is already read: checks, dedupes, calls back.
   * @param {{ body: import('./exchange.js').BodyRead, headers: Record<string, string | string[] | undefined>, remoteAddress: string | null }} input
   */
  async function receive({ body, headers, remoteAddress }) {
    const source = clientAddress(remoteAddress, headers, trusted);
    if (allowed && !allowed(source)) {
      log?.(`ckassa notification from ${source ?? 'an unknown address'} refused: not in the allow-list`);
      return refuse(403, 'source_not_allowed', 'notifications are accepted only from the gateway\'s addresses');
    }
    if (body.kind === 'too_large') return refuse(413, 'body_too_large', `the body is over ${maxBodyBytes} bytes`);
    // No Content-Type check: whatever the gateway labels its body with, it is JSON or it is refused.
    const decoded = decodeJson(body);
    if (decoded.problem) return refuse(400, 'invalid_json', decoded.problem);
    let notification;
    try {
      notification = parseNotification(decoded.value);
    } catch (error) {
      if (error?.type !== 'validation') throw error;
      return refuse(400, error.code ?? 'invalid_notification', error.message, { issues: error.issues ?? [] });
    }
    const key = notificationKey(notification);
    // A repeat arriving while the first is being stored gets the first one's answer.
    const pending = inFlight.get(key);
    if (pending) return pending;
    const info = { key, kind: notification.kind, remoteAddress: source, receivedAt: new Date().toISOString() };
    const delivery = deliver(key, notification, info).finally(() => inFlight.delete(key));
    inFlight.set(key, delivery);
    return delivery;
  }

  /** The exchange-level handler, shared with the proxy's `<mount>/notifications`. */
  async function answer(exchange) {
    if (exchange.method !== 'POST') {
      const refused = refuse(405, 'method_not_allowed', 'notifications are POSTed');
      refused.headers.Allow = 'POST';
      return refused;
    }
    const body = await exchange.body(maxBodyBytes);
    return receive({ body, headers: exchange.headers, remoteAddress: exchange.remoteAddress });
  }

  const handler = async (exchange) => (path === null || exchange.pathname === path ? answer(exchange) : null);
  const notFound = () => refuse(404, 'not_found', 'no such path');
  return { ...mounts(handler, notFound), answer };
}
