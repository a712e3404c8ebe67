// A tiny shop for the checkout client's Chromium tests: the built web entry (dist/), a checkout page
// (/checkout.html, its script in /checkout.js: no inline script), the fake proxy under /api/ckassa, a
// fake card form (/form, GET or POST) and a fake 3-D Secure page (/acs), all on one 127.0.0.1 origin.
// The form's "pay" link marks the payment paid and sends the payer back to the payment's successUrl.
import { serveStatic } from './static.mjs';
import { DIST, ok, proxyRoutes, proxyState } from './client-proxy.mjs';

const CHECKOUT_HTML = `<!doctype html><meta charset="utf-8"><title>checkout</title>
<p id="status">-</p><script type="module" src="/checkout.js"></script>`;

// The page's script: one client, resume() on every load (return page and bfcache restore included).
const CHECKOUT_JS = `import * as sdk from '/web/index.js';
await sdk.init();
const client = new sdk.CheckoutClient({ endpoint: '/api/ckassa', allowedRedirectHosts: [location.origin], timeoutMs: 20000 });
window.sdk = sdk;
window.client = client;
window.states = [];
window.resumed = client.resume({
  deadlineMs: 30000,
  onStatus: (o) => { window.states.push(o.state); document.getElementById('status').textContent = o.state; },
}).then((o) => { window.outcome = o; return o; }, (e) => { window.outcome = { error: e.type + ':' + e.code }; });
window.ready = true;
`;

const html = (res, body, status = 200) => res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(body);

/**
 * Starts the shop. `options.methodType` is the card form's method (GET or POST); `options.delayFirstMs`
 * delays the first payment answer (to reload the page while it is pending). Returns
 * { url, state, payments, pages, close } where `pages` lists [method, path] of the form and 3DS pages.
 */
export async function startShop(options = {}) {
  const payments = new Map();
  const pages = [];
  let origin = '';
  let next = 100;
  const state = proxyState((req) => {
    const body = req.body || {};
    if (req.operation === 'anonymousPayment') {
      const regPayNum = String(next++);
      payments.set(regPayNum, { state: 'created', returnUrl: body.successUrl, key: req.headers['idempotency-key'] });
      const reply = ok({ regPayNum, payUrl: `${origin}/form?order=${regPayNum}`, methodType: options.methodType || 'GET' }, { idempotency: 'honoured' });
      if (options.delayFirstMs && req.n === 1) reply.delayMs = options.delayFirstMs;
      return reply;
    }
    if (req.operation === 'recurrentPayment') {
      const regPayNum = String(next++);
      payments.set(regPayNum, { state: 'created', returnUrl: body.successUrl, clientAuInfo: body.clientAuInfo });
      return { status: 200, body: { ok: true, action: { type: 'redirect', reason: '3ds', method: 'GET', url: `${origin}/acs?order=${regPayNum}`, regPayNum } } };
    }
    if (req.operation === 'paymentStatus') {
      const p = payments.get(String(body.regPayNum));
      return ok({ regPayNum: String(body.regPayNum), state: p ? p.state : 'error' });
    }
    return ok({});
  });
  const page = (kind) => async (req, res) => {
    const u = new URL(req.url, origin);
    pages.push([req.method, u.pathname]);
    for await (const _ of req); // drain a POSTed body
    const order = u.searchParams.get('order');
    html(res, `<!doctype html><meta charset="utf-8"><title>${kind}</title><h1>${kind} ${order}</h1>
<a id="pay" href="/done?order=${order}">pay</a>`);
  };
  const server = await serveStatic(DIST, {
    maxMs: 180_000,
    routes: {
      '/checkout.html': (_req, res) => html(res, CHECKOUT_HTML),
      '/checkout.js': (_req, res) => res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(CHECKOUT_JS),
      '/form': page('card form'),
      '/acs': page('3-D Secure'),
      '/done': (req, res) => {
        const order = new URL(req.url, origin).searchParams.get('order');
        const p = payments.get(order);
        if (p) p.state = 'payed';
        res.writeHead(303, { location: (p && p.returnUrl) || '/checkout.html' }).end();
      },
      ...proxyRoutes('/api/ckassa', state),
    },
  });
  origin = server.url;
  return { url: server.url, state, payments, pages, close: server.close };
}
