// Shared by the sandbox's HTTP-level tests: a small client for the gateway, the hosted pages and the
// inspection API, and a local notification receiver. No SDK involved: these speak raw HTTP.
import http from 'node:http';
import { before, after, beforeEach } from 'node:test';
import { startSandbox } from '../../js/sandbox/index.js';

export const SHOP_TOKEN = 'sandbox-shop-token';
export const SEC_KEY = 'sandbox-sec-key';
export const basic = (user, pass) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
export const AUTH = basic(SHOP_TOKEN, SEC_KEY);
export const PROPERTIES = [{ name: 'ПОЗЫВНОЙ', value: '1' }];
export const PREFIXES = ['/api-shop/', '/api-shop/rs/shop/'];
export const TEST_TIMEOUT = { timeout: 20_000 };

/** A valid anonymous payment request, with overrides. */
export const anonymousPayment = (overrides = {}) => ({
  serviceCode: '1000-13864-2', amount: '2500', comission: '125', properties: PROPERTIES, ...overrides,
});

/** A client of one running sandbox. */
export function clientOf(url) {
  const api = async (operation, body, { prefix = '/api-shop/', auth = AUTH, headers = {}, raw = false } = {}) => {
    const response = await fetch(`${url}${prefix}${operation}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(auth ? { Authorization: auth } : {}), ...headers },
      body: raw ? body : JSON.stringify(body),
    });
    return { status: response.status, headers: response.headers, body: await response.json() };
  };
  /** An API call that must succeed; returns its body. */
  const ok = async (operation, body, options) => {
    const answer = await api(operation, body, options);
    if (answer.status !== 200) throw new Error(`${operation} answered ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  /** POSTs an urlencoded form without following redirects. */
  const form = async (path, fields) => {
    const response = await fetch(new URL(path, url), {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
    return { status: response.status, location: response.headers.get('location'), text: await response.text() };
  };
  const get = async (path) => {
    const response = await fetch(new URL(path, url), { redirect: 'manual' });
    const type = response.headers.get('content-type') ?? '';
    return {
      status: response.status,
      location: response.headers.get('location'),
      headers: response.headers,
      body: type.startsWith('application/json') ? await response.json() : await response.text(),
    };
  };
  const inspect = async (path, body) => {
    const response = await fetch(`${url}/__sandbox/${path}`, body === undefined ? {} : {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  };
  const payment = async (regPayNum) => (await inspect(`payments/${regPayNum}`)).body;
  const status = (regPayNum) => ok('check/payment/state', { regPayNum });

  /** Registers a user and returns its token. */
  const user = async (login = '79020000000') => (await ok('user/registration', { login })).userToken;

  /**
   * Pays a payment through the hosted form and the 3DS page, as a browser with JS off would.
   * Returns the final redirect (`location`) or the refusing answer.
   */
  const payWithCard = async (regPayNum, { pan = '4111111111111111', exp = '12/24', secret = '123', code = '12345678', operation = 'pay' } = {}) => {
    const action = operation === 'checkpay' ? '/cardpay/api/C/rpcheck' : '/cardpay/api/C/pay';
    const submitted = await form(action, { form: 'default', order: regPayNum, operation, pan, exp, holder: 'TEST CARD', secret });
    if (submitted.status !== 303 || !submitted.location.includes('/3ds?')) return submitted;
    const page = await get(submitted.location);
    if (page.status !== 200) throw new Error(`3DS page answered ${page.status}`);
    return form('/3ds', { order: regPayNum, code });
  };

  /** Registers a card for a user through card/registration and the form; returns the card. */
  const registerCard = async (userToken, card = {}) => {
    const { regPayNum } = await ok('card/registration', { userToken });
    await payWithCard(regPayNum, { ...card, operation: 'checkpay' });
    const { cards } = await ok('get/cards', { userToken });
    return cards.at(-1);
  };

  return { url, api, ok, form, get, inspect, payment, status, user, payWithCard, registerCard };
}

/** Starts a sandbox on 127.0.0.1 and returns it with a client; `close()` it in `after`. */
export async function sandbox(options = {}) {
  const started = await startSandbox({ host: '127.0.0.1', port: 0, ...options });
  return { ...started, client: clientOf(started.url) };
}

/**
 * One sandbox for a whole describe block, reset before each test: returns `{sb, c, hook}` filled in by
 * the hooks. With `notify`, a receiver is started too and the sandbox notifies it.
 */
export function sharedSandbox(options = {}, { notify = false } = {}) {
  const shared = {};
  before(async () => {
    if (notify) shared.hook = await receiver();
    shared.sb = await sandbox({ ...(notify ? { notifyUrl: shared.hook.url, notifyRetryMs: 10 } : {}), ...options });
    shared.c = shared.sb.client;
  });
  after(async () => {
    await shared.sb.close();
    await shared.hook?.close();
  });
  beforeEach(() => {
    shared.sb.state.reset();
    if (shared.hook) shared.hook.received.length = 0;
  });
  return shared;
}

/**
 * A local notification receiver: answers `statuses[i]` to the i-th request (200 once they run out).
 * @param {{statuses?: number[]}} [options]
 */
export async function receiver({ statuses = [] } = {}) {
  const received = [];
  const waiters = [];
  const server = http.createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => { text += chunk; });
    req.on('end', () => {
      const status = statuses[received.length] ?? 200;
      received.push({ at: Date.now(), status, path: req.url, contentType: req.headers['content-type'], body: JSON.parse(text) });
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ message: status === 200 ? 'success' : 'try later' }));
      for (const waiter of waiters.splice(0)) waiter();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/notify`,
    received,
    /** Resolves once `predicate(received)` holds; rejects after `timeoutMs`. */
    async until(predicate, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(received)) {
        if (Date.now() > deadline) throw new Error(`receiver: condition not met in ${timeoutMs} ms; got ${JSON.stringify(received.map((r) => r.body))}`);
        await new Promise((resolve) => { waiters.push(resolve); setTimeout(resolve, 50); });
      }
      return received;
    },
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}

/** Polls `check` until it returns a truthy value; rejects after `timeoutMs`. */
export async function eventually(check, timeoutMs = 10_000, what = 'condition') {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what} not reached in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
