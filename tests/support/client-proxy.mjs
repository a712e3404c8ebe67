// A scripted fake of the merchant proxy for the checkout client's tests (docs/proxy-protocol.md), on
// 127.0.0.1 only, bounded in time and in requests. Each request is recorded ({method, path, operation,
// headers, body}); `answer(req, n)` decides the reply: an object {status, body, headers, delayMs} or
// 'hang' (never answer) or 'drop' (destroy the socket), where n counts the calls of that operation.
import { createServer } from 'node:http';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The built package (CKASSA_DIST overrides it, for a build made elsewhere). */
export const DIST = process.env.CKASSA_DIST || join(root, 'dist');
export const BUILT = existsSync(join(DIST, 'web', 'index.js')) && existsSync(join(DIST, 'node', 'index.mjs'));

/** `{ok:true,result}` with the protocol's headers. */
export function ok(result, headers = {}) {
  return { status: 200, body: { ok: true, result }, headers };
}

/** `{ok:false,error}` with `status`. */
export function fail(status, error, headers = {}) {
  return { status, body: { ok: false, error }, headers };
}

/**
 * Handles one proxy request: records it, asks `answer`, replies. Usable as a serveStatic route or in
 * startProxy. `state` is {requests, counts, answer}.
 */
export function proxyRoute(state) {
  return async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const text = Buffer.concat(chunks).toString('utf8');
    let body = null;
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
    const operation = new URL(req.url, 'http://x').pathname.split('/').pop();
    const n = (state.counts[operation] = (state.counts[operation] || 0) + 1);
    const record = { method: req.method, path: req.url, operation, headers: req.headers, body, n };
    state.requests.push(record);
    const reply = await state.answer(record, n);
    if (reply === 'hang') return; // the socket stays open until the client gives up
    if (reply === 'drop') {
      req.socket.destroy();
      return;
    }
    if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
    const headers = { 'content-type': 'application/json', 'x-request-id': `req-${state.requests.length}`, ...reply.headers };
    res.writeHead(reply.status, headers);
    res.end(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body));
  };
}

/** The proxy paths of every operation under `prefix`, for serveStatic's `routes`. */
export function proxyRoutes(prefix, state) {
  const route = proxyRoute(state);
  const ops = ['anonymousPayment', 'userRegistration', 'userStatus', 'cardRegistration', 'cardList',
    'cardDeactivation', 'recurrentPayment', 'paymentStatus', 'refund'];
  return Object.fromEntries(ops.map((op) => [`${prefix}/${op}`, route]));
}

/** A new proxy state; `answer` may be replaced by each test. */
export function proxyState(answer = () => ok({})) {
  return { requests: [], counts: {}, answer };
}

/**
 * Starts the fake proxy alone on 127.0.0.1. Returns { url, state, close }. Stops by itself after
 * `maxRequests` or `maxMs`.
 */
export async function startProxy({ maxRequests = 500, maxMs = 120_000 } = {}) {
  const state = proxyState();
  const route = proxyRoute(state);
  const sockets = new Set();
  const server = createServer((req, res) => {
    if (state.requests.length >= maxRequests) {
      res.writeHead(503).end('request cap reached');
      return;
    }
    route(req, res);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const timer = setTimeout(() => server.close(), maxMs);
  timer.unref();
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    state,
    reset(answer) {
      state.requests.length = 0;
      state.counts = {};
      state.answer = answer;
    },
    close: () => new Promise((resolve) => {
      clearTimeout(timer);
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

/** A valid anonymous payment input (kopecks). */
export const PAYMENT = Object.freeze({
  serviceCode: '1000-13864-2',
  amount: 10000,
  comission: 0,
  properties: [{ name: 'ЛИЦЕВОЙ_СЧЕТ', value: '12345' }],
});

/** A UUID v4. */
export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
