// Shared by the tests of ckassa-sdk/server: the built package, a sandbox, servers on 127.0.0.1 that
// record or misbehave, and a tiny Connect-like harness (no express dependency).
import http from 'node:http';
import { once } from 'node:events';
import { startSandbox } from '../../js/sandbox/index.js';

export { eventually } from '../sandbox/helpers.mjs';
import * as server from '../../dist/server/index.mjs';

export { server };
export const SHOP_TOKEN = 'sandbox-shop-token';
export const SEC_KEY = 'sandbox-sec-key';
export const PROPERTIES = [{ name: 'ПОЗЫВНОЙ', value: '1' }];
export const TEST_TIMEOUT = { timeout: 30_000 };

/** A valid anonymous payment, with overrides. */
export const anonymousPayment = (overrides = {}) => ({
  serviceCode: '1000-13864-2', amount: '2500', comission: '125', properties: PROPERTIES, ...overrides,
});

/** A sandbox and a gateway client of it; `close()` both. */
export async function sandboxGateway(options = {}) {
  const sandbox = await startSandbox({ host: '127.0.0.1', port: 0, notifyRetryMs: 50, ...options });
  const gateway = server.createGateway({ baseUrl: `${sandbox.url}/api-shop`, shopToken: SHOP_TOKEN, secKey: SEC_KEY, timeoutMs: 10_000 });
  return { sandbox, gateway, url: sandbox.url, close: () => sandbox.close() };
}

/** Starts a node:http server on 127.0.0.1; resolves to {url, server, close}. */
export async function listen(handler) {
  const srv = http.createServer(handler);
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  return {
    server: srv,
    url: `http://127.0.0.1:${srv.address().port}`,
    close: () => new Promise((resolve) => { srv.closeAllConnections(); srv.close(() => resolve()); }),
  };
}

/** A server that reads requests and never answers (for timeouts). */
export const silentServer = () => listen((req) => { req.resume(); });

/**
 * A fake gateway that records what it receives and answers with `answer(request)` →
 * {status, body} (default: a created payment).
 */
export async function recordingGateway(answer = () => ({ status: 200, body: { regPayNum: '42', methodType: 'GET', payUrl: 'https://demo-acq.bisys.ru/cardpay/card?order=42' } })) {
  const received = [];
  const started = await listen((req, res) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => { text += chunk; });
    req.on('end', async () => {
      const request = { method: req.method, path: req.url, headers: req.headers, body: text ? JSON.parse(text) : null };
      received.push(request);
      const { status, body } = await answer(request);
      const payload = typeof body === 'string' ? body : JSON.stringify(body);
      res.writeHead(status, { 'Content-Type': typeof body === 'string' ? 'text/plain' : 'application/json' });
      res.end(payload);
    });
  });
  const gateway = server.createGateway({ baseUrl: `${started.url}/api-shop`, shopToken: SHOP_TOKEN, secKey: SEC_KEY, timeoutMs: 5_000 });
  return { ...started, received, gateway };
}

/**
 * A Connect-like app: `use(path?, fn)`, path prefixes stripped from req.url as Express does
 * (originalUrl kept), errors passed to the 4-argument handlers.
 */
export function connectLike() {
  const stack = [];
  const app = (req, res) => {
    req.originalUrl ??= req.url;
    let index = 0;
    const next = (error) => {
      const layer = stack[index++];
      if (!layer) {
        res.writeHead(error ? 500 : 404, { 'Content-Type': 'text/plain' });
        res.end(error ? `error: ${error.message}` : 'fell through');
        return;
      }
      const path = new URL(req.originalUrl, 'http://x').pathname;
      if (layer.prefix && !(path === layer.prefix || path.startsWith(`${layer.prefix}/`))) return next(error);
      req.url = layer.prefix ? req.originalUrl.slice(layer.prefix.length) || '/' : req.originalUrl;
      try {
        if (error) return layer.fn.length === 4 ? layer.fn(error, req, res, next) : next(error);
        return layer.fn.length === 4 ? next() : layer.fn(req, res, next);
      } catch (e) {
        return next(e);
      }
    };
    next();
  };
  app.use = (prefix, fn) => {
    if (typeof prefix === 'function') stack.push({ prefix: null, fn: prefix });
    else stack.push({ prefix, fn });
    return app;
  };
  return app;
}

/** A JSON body parser middleware like express.json(): sets req.body and req._body. */
export function jsonBodyParser() {
  return (req, res, next) => {
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) return next();
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => { text += chunk; });
    req.on('end', () => {
      try {
        req.body = text ? JSON.parse(text) : {};
        req._body = true;
        next();
      } catch (error) {
        next(error);
      }
    });
  };
}

/** POSTs JSON; resolves to {status, headers, body}. */
export async function postJson(url, body, headers = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

/** Pays a payment on the sandbox's card form and 3DS page, as a browser would (HTTP only). */
export async function payOnForm(sandboxUrl, regPayNum, { operation = 'pay', pan = '4111111111111111', exp = '12/24', secret = '123', code = '12345678' } = {}) {
  const post = (path, fields) => fetch(new URL(path, sandboxUrl), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  const action = operation === 'checkpay' ? '/cardpay/api/C/rpcheck' : '/cardpay/api/C/pay';
  const submitted = await post(action, { form: 'default', operation, order: regPayNum, type: 'visa', pan, exp, holder: 'TEST CARD', secret });
  await submitted.text();
  const location = submitted.headers.get('location') ?? '';
  if (submitted.status !== 303 || !location.includes('/3ds')) return { status: submitted.status, location };
  const done = await post('/3ds', { order: regPayNum, code });
  await done.text();
  return { status: done.status, location: done.headers.get('location') };
}
