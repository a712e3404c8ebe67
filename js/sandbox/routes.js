// The request handler: gateway operations under /api-shop/ (and /api-shop/rs/shop/), the payer's pages,
// the inspection API. Whatever arrives, it answers (or, for drop-after-create, hangs up on purpose);
// nothing a client sends can crash the process.
import { readBody, sendJson, sendHtml, mediaType, basicAuthMatches, MAX_JSON_BODY } from './http.js';
import { GatewayError } from './errors.js';
import { OPERATIONS, createApi } from './api.js';
import { scenarioOfRequest } from './scenarios.js';
import { createPayerPages } from './cardpay.js';
import { messagePage } from './pages.js';

const GATEWAY_PATH = /^\/api-shop\/(?:rs\/shop\/)?(.+?)\/?$/;

/** Parses the request body as the gateway does: size, media type, UTF-8, JSON. */
async function gatewayBody(req) {
  const raw = await readBody(req, MAX_JSON_BODY);
  return () => {
    if (raw === null) throw new GatewayError('PayloadTooLarge', 'the body is larger than 1 MiB (1048576 bytes)');
    const type = mediaType(req);
    if (type !== 'application/json' && !type.endsWith('+json')) {
      throw new GatewayError('BadRequest', `Content-Type must be application/json, got ${JSON.stringify(type || '(none)')}`, { http: 415 });
    }
    let text;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
    } catch {
      throw new GatewayError('BadRequest', 'Invalid request: the body is not UTF-8');
    }
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new GatewayError('BadRequest', `Invalid request: the body is not valid JSON (${error.message})`);
    }
  };
}

/**
 * @param {{
 *   state: import('./state.js').SandboxState,
 *   scenarios: import('./scenarios.js').ScenarioQueue,
 *   inspector: ReturnType<typeof import('./inspect.js').createInspector>,
 *   links: ReturnType<typeof import('./api.js').pageLinks>,
 *   credentials: {shopToken: string, secKey: string},
 *   returnUrl: string | null,
 *   delay: (ms: number) => Promise<void>,
 * }} context
 */
export function createHandler({ state, scenarios, inspector, links, credentials, returnUrl, delay }) {
  const api = createApi({ state, links });
  const payerPages = createPayerPages({ state, links, returnUrl });

  async function gateway(req, res, path) {
    const operation = GATEWAY_PATH.exec(path)?.[1];
    const parse = await gatewayBody(req);
    if (!OPERATIONS.includes(operation)) throw new GatewayError('BadRequest', `unknown operation ${path}`, { http: 404 });
    if (req.method !== 'POST') throw new GatewayError('BadRequest', `${req.method} ${path}: the Shop API takes POST only`, { http: 405, headers: { Allow: 'POST' } });
    if (!basicAuthMatches(req.headers.authorization, credentials.shopToken, credentials.secKey)) {
      throw new GatewayError('InvalidCredentials', req.headers.authorization
        ? 'the Basic credentials are not this shop\'s shopToken:secKey'
        : 'Authorization: Basic base64(shopToken:secKey) is required');
    }
    const body = parse();
    const scenario = scenarioOfRequest(operation, body) ?? scenarios.take(operation, body);
    if (scenario?.name === 'error500') throw new GatewayError('InternalError', 'sandbox scenario error500: the gateway failed to process the request');
    let status = 200;
    let answer;
    try {
      answer = api(operation, body, scenario);
    } catch (error) {
      if (!(error instanceof GatewayError)) throw error;
      status = error.status;
      answer = error.toBody();
    }
    if (scenario?.name === 'drop-after-create') {
      // The request took effect; the client never hears of it (to test duplicate protection).
      req.socket.destroy();
      return;
    }
    if (scenario?.name === 'slow') await delay(scenario.delayMs);
    if (!res.destroyed) sendJson(res, status, answer);
  }

  function answerError(res, error) {
    if (res.headersSent || res.destroyed) {
      res.destroy();
      return;
    }
    const known = error instanceof GatewayError;
    if (!known) process.emitWarning(`ckassa-sandbox: internal error: ${error?.stack ?? error}`);
    const gatewayError = known ? error : new GatewayError('InternalError', 'the sandbox failed to process the request');
    const challenge = gatewayError.status === 401 ? { 'WWW-Authenticate': 'Basic realm="ckassa-sandbox", charset="UTF-8"' } : {};
    sendJson(res, gatewayError.status, gatewayError.toBody(), { ...challenge, ...gatewayError.headers });
  }

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
  return async function handleRequest(req, res) {
    try {
      if (!req.url?.startsWith('/')) throw new GatewayError('BadRequest', 'the request target must be a path');
      const url = new URL(`http://sandbox.invalid${req.url}`);
      state.sweep();
      if (url.pathname.startsWith('/api-shop/')) await gateway(req, res, url.pathname);
      else if (url.pathname === '/__sandbox' || url.pathname.startsWith('/__sandbox/')) await inspector.handle(req, res, url);
      else if (!(await payerPages(req, res, url))) {
        await readBody(req, MAX_JSON_BODY).catch(() => null);
        sendHtml(res, 404, messagePage('Не найдено', `Здесь ничего нет: ${url.pathname}. Shop API: POST /api-shop/<operation>; inspection: GET /__sandbox/.`));
      }
    } catch (error) {
      answerError(res, error);
    }
  };
}
