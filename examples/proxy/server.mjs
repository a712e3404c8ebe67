#!/usr/bin/env node
// A complete merchant backend on node:http: the ckassa-sdk/server proxy at /api/ckassa/*, the gateway's
// notifications at /api/ckassa/notifications (kept in memory, shown at GET /api/demo/notifications),
// and the checkout pages of examples/checkout/ under a strict Content-Security-Policy.
//
//   node examples/proxy/server.mjs [--port 8080] [--gateway URL --shop-token T --sec-key K]
//
// Without --gateway it starts an embedded sandbox (js/sandbox) that notifies this server and sends the
// payer back to /return.html. ckassa-sdk/server is imported from the built package (npm run build), by a
// relative path: in your project it is `import { createGateway, createProxy } from 'ckassa-sdk/server'`.
import http from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createGateway, createProxy, OPERATIONS } from '../../dist/server/index.mjs';
import { startSandbox, TEST_CARDS, GOOD_CVV, GOOD_3DS_CODE, DEFAULT_SHOP_TOKEN, DEFAULT_SEC_KEY } from '../../js/sandbox/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const CHECKOUT_DIR = join(root, 'examples', 'checkout');
const DIST = join(root, 'dist');

/** The policy of every page: scripts from this origin only, wasm allowed, no inline code, no framing. */
export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'";
const MOUNT = '/api/ckassa';
const KEPT_NOTIFICATIONS = 100;

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.wasm': 'application/wasm', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.ico': 'image/x-icon', '.txt': 'text/plain; charset=utf-8',
};

/** `https://host/api-shop`, or a bare origin (then `/api-shop` is added). */
function shopApiUrl(text) {
  const url = new URL(text);
  return url.pathname === '/' ? `${url.origin}/api-shop` : url.href.replace(/\/+$/, '');
}

/** A file under `dir` for a URL path, or null for anything that climbs out of it. */
function fileUnder(dir, path) {
  const file = normalize(join(dir, path.endsWith('/') ? `${path}index.html` : path));
  return file.startsWith(normalize(dir + sep)) ? file : null;
}

async function readFileOrNull(file) {
  try {
    return (await stat(file)).isFile() ? await readFile(file) : null;
  } catch {
    return null;
  }
}

function send(res, status, type, body, headers = {}) {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
    'Content-Security-Policy': CSP,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'same-origin',
    ...headers,
  });
  res.end(body);
}

const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The page shown when examples/checkout/ is not there (yet). */
function placeholderPage(sandboxUrl) {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>ckassa-sdk demo</title></head>
<body><h1>ckassa-sdk merchant proxy</h1>
<p>The checkout page (examples/checkout/) is not there; the backend runs:</p>
<ul>
<li><code>POST ${MOUNT}/&lt;operation&gt;</code>: the proxy (docs/proxy-protocol.md)</li>
<li><code>POST ${MOUNT}/notifications</code>: the gateway's notifications</li>
<li><code>GET /api/demo/notifications</code>: what arrived</li>
<li><code>GET /ckassa.min.js</code> (SRI at <code>/ckassa.min.js.sri</code>), <code>/sdk/index.js</code></li>
${sandboxUrl ? `<li>sandbox: <code>${escapeHtml(sandboxUrl)}</code></li>` : ''}
</ul></body></html>
`;
}

/** `4111 1111 1111 1111  12/24  CVV 123` lines for the console. */
export function testCardLines() {
  return TEST_CARDS.map((card) => `  ${card.pan.replace(/(\d{4})(?=\d)/g, '$1 ')}  ${card.exp ?? 'any future date'}  CVV ${GOOD_CVV}  (${card.system})`)
    .concat([`  3-D Secure code: ${GOOD_3DS_CODE}; another CVV declines (RC 05)`]);
}

/**
 * Starts the demo backend (and a sandbox unless `gatewayUrl` is given).
 * @param {{port?: number, host?: string, gatewayUrl?: string, shopToken?: string, secKey?: string, log?: (line: string) => void}} [options]
 * @returns {Promise<{url: string, sandboxUrl: string | null, notifications: object[], close: () => Promise<void>}>}
 */
export async function startDemo(options = {}) {
  const { port = 0, host = '127.0.0.1', gatewayUrl, log } = options;
  const notifications = [];
  const server = http.createServer();
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => { server.off('error', reject); resolve(); });
  });
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${server.address().port}`;

  let sandbox = null;
  let baseUrl;
  let shopToken = options.shopToken;
  let secKey = options.secKey;
  if (gatewayUrl) {
    baseUrl = shopApiUrl(gatewayUrl);
  } else {
    shopToken ??= DEFAULT_SHOP_TOKEN;
    secKey ??= DEFAULT_SEC_KEY;
    sandbox = await startSandbox({
      host: '127.0.0.1', port: 0, shopToken, secKey, notifyUrl: `${url}${MOUNT}/notifications`, returnUrl: `${url}/return.html`,
    });
    baseUrl = `${sandbox.url}/api-shop`;
  }
  const gateway = createGateway({ baseUrl, shopToken, secKey, log });
  // A demo forwards every operation. A real shop lists only what its pages call, and checks in
  // beforeForward that userToken, amount and serviceCode belong to the session's order.
  const proxy = createProxy({
    gateway,
    operations: OPERATIONS,
    log,
    onNotification: async (notification, info) => {
      notifications.push({ receivedAt: info.receivedAt, key: info.key, notification });
      if (notifications.length > KEPT_NOTIFICATIONS) notifications.shift();
    },
  });
  // Read for every page, not once: a rebuild while the demo runs changes the hash of /ckassa.min.js.
  const currentSri = async () => (await readFileOrNull(join(DIST, 'ckassa.min.js.sri')))?.toString('utf8').trim() ?? '';

  async function serveFile(res, file, { html = false } = {}) {
    const body = await readFileOrNull(file);
    if (body === null) return false;
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    // Pages may write integrity="%CKASSA_SRI%" on the script tag; the placeholder becomes the hash.
    const text = html || type.startsWith('text/html') ? body.toString('utf8').replaceAll('%CKASSA_SRI%', await currentSri()) : body;
    send(res, 200, type, text, { 'Cache-Control': 'no-cache' });
    return true;
  }

  async function route(req, res) {
    const { pathname, search } = new URL(req.url ?? '/', 'http://localhost');
    if (pathname.startsWith(`${MOUNT}/`)) return proxy.handle(req, res);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      req.resume();
      return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed', { Allow: 'GET' });
    }
    if (pathname === '/api/demo/notifications') {
      return send(res, 200, 'application/json', JSON.stringify({ notifications }), { 'Cache-Control': 'no-store' });
    }
    if (pathname === '/api/demo/config') {
      const config = { endpoint: MOUNT, sandboxUrl: sandbox?.url ?? null, gatewayOrigin: new URL(baseUrl).origin, testCards: TEST_CARDS, cvv: GOOD_CVV, threeDsCode: GOOD_3DS_CODE };
      return send(res, 200, 'application/json', JSON.stringify(config), { 'Cache-Control': 'no-store' });
    }
    if (pathname === '/ckassa.min.js' || pathname === '/ckassa.min.js.sri') {
      if (await serveFile(res, join(DIST, pathname.slice(1)))) return undefined;
      return send(res, 404, 'text/plain; charset=utf-8', 'dist/ is not built: run npm run build');
    }
    if (pathname.startsWith('/sdk/')) {
      const file = fileUnder(join(DIST, 'web'), pathname.slice('/sdk'.length));
      if (file && (await serveFile(res, file))) return undefined;
      return send(res, 404, 'text/plain; charset=utf-8', 'not found');
    }
    const file = fileUnder(CHECKOUT_DIR, pathname);
    if (file && (await serveFile(res, file))) return undefined;
    if (pathname === '/return.html') {
      // No return page in examples/checkout/: the start page resumes the payment itself.
      res.writeHead(303, { Location: `/${search}`, 'Content-Length': 0 });
      return res.end();
    }
    if (pathname === '/' || pathname === '/index.html') return send(res, 200, 'text/html; charset=utf-8', placeholderPage(sandbox?.url));
    return send(res, 404, 'text/plain; charset=utf-8', 'not found');
  }

  server.on('request', (req, res) => {
    route(req, res).catch((error) => {
      process.emitWarning(`demo: ${error?.stack ?? error}`);
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'internal error');
      else res.destroy();
    });
  });

  let closing = null;
  return {
    url,
    sandboxUrl: sandbox?.url ?? null,
    notifications,
    close() {
      closing ??= (async () => {
        await sandbox?.close();
        await new Promise((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      })();
      return closing;
    },
  };
}

const USAGE = `Usage: node examples/proxy/server.mjs [options]

  --port N          port of the checkout and the proxy (default $PORT or 8080; 0 picks a free one)
  --host H          address to listen on (default 127.0.0.1)
  --gateway URL     the Shop API base URL (e.g. https://demo-api2.ckassa.ru/api-shop); default: an embedded sandbox
  --shop-token T    Basic user name (default $CKASSA_SHOP_TOKEN, or the sandbox's)
  --sec-key K       Basic password (default $CKASSA_SEC_KEY, or the sandbox's)
  --quiet           do not log requests
`;

async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' }, host: { type: 'string' }, gateway: { type: 'string' },
      'shop-token': { type: 'string' }, 'sec-key': { type: 'string' }, quiet: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const port = Number(values.port ?? process.env.PORT ?? 8080);
  if (!Number.isSafeInteger(port) || port < 0 || port > 65535) throw new TypeError('--port must be a port number');
  const gatewayUrl = values.gateway ?? process.env.CKASSA_BASE_URL;
  const shopToken = values['shop-token'] ?? process.env.CKASSA_SHOP_TOKEN;
  const secKey = values['sec-key'] ?? process.env.CKASSA_SEC_KEY;
  if (gatewayUrl && (!shopToken || !secKey)) throw new TypeError('--gateway needs --shop-token and --sec-key (or CKASSA_SHOP_TOKEN and CKASSA_SEC_KEY)');
  const log = values.quiet ? undefined : (line) => process.stdout.write(`${line}\n`);
  const demo = await startDemo({ port, host: values.host ?? '127.0.0.1', gatewayUrl, shopToken, secKey, log });
  process.stdout.write(`checkout on ${demo.url}\n`);
  process.stdout.write(demo.sandboxUrl ? `sandbox on ${demo.sandboxUrl}\n` : `gateway ${shopApiUrl(gatewayUrl)}\n`);
  process.stdout.write(`test cards:\n${testCardLines().join('\n')}\nCtrl-C to stop\n`);
  const stop = (signal) => {
    process.stdout.write(`\n${signal}: stopping\n`);
    demo.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error) => {
    process.stderr.write(`proxy example: ${error.message}\n`);
    process.exit(1);
  });
}
