// ckassa-sandbox: a local, stateful emulator of the CKassa Shop API (the other side of the SDK's wire).
// Node 18+, no dependencies beyond Node itself. See docs/sandbox.md.
import http from 'node:http';
import { SandboxState, SUCCESS_STATES } from './state.js';
import { ScenarioQueue } from './scenarios.js';
import { createNotifier, notifyStateChanges } from './notifier.js';
import { createInspector } from './inspect.js';
import { createHandler } from './routes.js';
import { pageLinks } from './api.js';

export { ERRORS, GatewayError } from './errors.js';
export { TEST_CARDS, GOOD_CVV, GOOD_3DS_CODE } from './cards.js';
export { SCENARIO_NAMES, SCENARIO_PROPERTY } from './scenarios.js';
export { OPERATIONS } from './api.js';

/** The test credentials accepted when none are configured. */
export const DEFAULT_SHOP_TOKEN = 'sandbox-shop-token';
export const DEFAULT_SEC_KEY = 'sandbox-sec-key';

const DEFAULTS = Object.freeze({
  port: 0,
  host: '127.0.0.1',
  notifyRetryMs: 1000,
  notifyMaxAttempts: 12,
  notifyMaxIntervalMs: 10 * 60 * 1000,
  notifyTimeoutMs: 10_000,
});

function absoluteHttpUrl(value, name) {
  if (value === undefined || value === null) return null;
  let url;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`startSandbox: ${name} must be an absolute http(s) URL, got ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`startSandbox: ${name} must be an http(s) URL`);
  return url.href;
}

function whole(value, name, min, max) {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new TypeError(`startSandbox: ${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Checks the options and fills in the defaults; throws TypeError on a bad one. */
function configure(options) {
  const o = { ...DEFAULTS, ...Object.fromEntries(Object.entries(options ?? {}).filter(([, value]) => value !== undefined)) };
  if ((o.shopToken === undefined) !== (o.secKey === undefined)) throw new TypeError('startSandbox: give shopToken and secKey together');
  const shopToken = o.shopToken ?? DEFAULT_SHOP_TOKEN;
  const secKey = o.secKey ?? DEFAULT_SEC_KEY;
  if (typeof shopToken !== 'string' || shopToken === '' || shopToken.includes(':')) {
    throw new TypeError('startSandbox: shopToken must be a non-empty string without ":" (it is the Basic user name)');
  }
  if (typeof secKey !== 'string' || secKey === '') throw new TypeError('startSandbox: secKey must be a non-empty string');
  if (typeof o.host !== 'string' || o.host === '') throw new TypeError('startSandbox: host must be a string');
  if (o.services !== undefined && !Array.isArray(o.services)) throw new TypeError('startSandbox: services must be an array');
  if (o.log !== undefined && typeof o.log !== 'function') throw new TypeError('startSandbox: log must be a function');
  return {
    port: whole(o.port, 'port', 0, 65535),
    host: o.host,
    credentials: { shopToken, secKey },
    notifyUrl: absoluteHttpUrl(o.notifyUrl, 'notifyUrl'),
    notifyRetryMs: whole(o.notifyRetryMs, 'notifyRetryMs', 1, 3_600_000),
    notifyMaxAttempts: whole(o.notifyMaxAttempts, 'notifyMaxAttempts', 1, 100),
    notifyMaxIntervalMs: whole(o.notifyMaxIntervalMs, 'notifyMaxIntervalMs', 1, 24 * 3_600_000),
    notifyTimeoutMs: whole(o.notifyTimeoutMs, 'notifyTimeoutMs', 1, 600_000),
    notifyAll: Boolean(o.notifyAll),
    returnUrl: absoluteHttpUrl(o.returnUrl, 'returnUrl'),
    publicUrl: absoluteHttpUrl(o.publicUrl, 'publicUrl'),
    services: o.services,
    log: o.log ?? null,
  };
}

/** The URL of a listening address; wildcard hosts are reached through loopback. */
function originOf(host, port) {
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

/**
 * Starts the sandbox.
 * @param {import('./index.js').SandboxOptions} [options]
 * @returns {Promise<import('./index.js').Sandbox>}
 */
export async function startSandbox(options = {}) {
  const config = configure(options);
  const state = new SandboxState({ services: config.services });
  const scenarios = new ScenarioQueue();
  const notifier = createNotifier({
    url: config.notifyUrl,
    retryMs: config.notifyRetryMs,
    maxAttempts: config.notifyMaxAttempts,
    maxIntervalMs: config.notifyMaxIntervalMs,
    timeoutMs: config.notifyTimeoutMs,
  });
  notifyStateChanges(state, notifier, { notifyAll: config.notifyAll, successStates: SUCCESS_STATES });
  const inspector = createInspector({ state, scenarios, notifier });

  /** Delays of `slow:<ms>`; close() ends them at once. */
  const sleeping = new Map();
  const delay = (ms) => new Promise((resolve) => {
    const timer = setTimeout(() => { sleeping.delete(timer); resolve(); }, ms);
    sleeping.set(timer, resolve);
  });

  const server = http.createServer();
  server.on('clientError', (error, socket) => {
    if (socket.writable && error.code !== 'ECONNRESET') socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  const url = config.publicUrl?.replace(/\/$/, '') ?? originOf(config.host, port);
  const handler = createHandler({
    state,
    scenarios,
    inspector,
    links: pageLinks(url),
    credentials: config.credentials,
    returnUrl: config.returnUrl,
    delay,
  });
  server.on('request', (req, res) => {
    if (config.log) {
      const started = Date.now();
      res.on('close', () => config.log(`${req.method} ${req.url} ${res.headersSent ? res.statusCode : 'dropped'} ${Date.now() - started}ms`));
    }
    handler(req, res);
  });

  let closing = null;
  return {
    url,
    state: inspector.view,
    close() {
      closing ??= new Promise((resolve) => {
        notifier.close();
        server.close(() => resolve());
        server.closeAllConnections?.();
        for (const [timer, wake] of sleeping) {
          clearTimeout(timer);
          wake();
        }
        sleeping.clear();
      });
      return closing;
    },
  };
}
