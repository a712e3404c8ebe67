// The inspection API under /__sandbox/ (no auth; the gateway's paths all live under /api-shop/, so the two
// cannot collide), and the same operations as methods for scripts that started the sandbox in-process.
import { readBody, sendJson, MAX_JSON_BODY } from './http.js';
import { GatewayError } from './errors.js';
import { PAYMENT_STATES } from './state.js';

const USER_STATES = ['active', 'inactive', 'disable'];
const MAX_ADVANCE_SECONDS = 100 * 365 * 24 * 3600;

/**
 * @param {{
 *   state: import('./state.js').SandboxState,
 *   scenarios: import('./scenarios.js').ScenarioQueue,
 *   notifier: ReturnType<typeof import('./notifier.js').createNotifier>,
 * }} parts
 */
export function createInspector({ state, scenarios, notifier }) {
  const badRequest = (message) => new GatewayError('BadRequest', `Invalid request: ${message}`);

  /** What `startSandbox()` hands back as `state`; the HTTP routes below call the same methods. */
  const view = {
    listPayments: () => [...state.payments.values()].map((payment) => state.inspectPayment(payment)),
    getPayment: (regPayNum) => {
      const payment = state.payments.get(String(regPayNum));
      return payment ? state.inspectPayment(payment) : undefined;
    },
    listUsers: () => [...state.users.values()].map((user) => state.inspectUser(user)),
    listNotifications: () => notifier.list(),
    listScenarios: () => scenarios.list(),
    armScenario: (request) => scenarios.arm(request),
    clock: () => state.clock(),
    advanceClock: (seconds) => {
      if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0 || seconds > MAX_ADVANCE_SECONDS) {
        throw badRequest('advanceSeconds must be a number of seconds from 0 to 100 years (the clock only goes forward)');
      }
      return state.advanceClock(seconds);
    },
    /** Forces a payment into a state (to reach `error` or `created_error`, which no flow produces); notifies as usual. */
    setPaymentState: (regPayNum, request) => {
      const payment = state.payment(String(regPayNum));
      const { state: next, errorCode = null, error = null, message = null } = request ?? {};
      if (!PAYMENT_STATES.includes(next)) throw badRequest(`state must be one of ${PAYMENT_STATES.join(', ')}`);
      if (errorCode !== null && !Number.isSafeInteger(errorCode)) throw badRequest('errorCode must be an integer or null');
      if ((error !== null && typeof error !== 'string') || (message !== null && typeof message !== 'string')) {
        throw badRequest('error and message must be strings or null');
      }
      state.transition(payment, next, { errorCode, error, message });
      return state.inspectPayment(payment);
    },
    /** Sets a user's state (`inactive` or `disable` make the gateway answer UserNotActive, 1501). */
    setUserState: (login, request) => {
      const user = state.userByLogin(String(login));
      if (!USER_STATES.includes(request?.state)) throw badRequest(`state must be one of ${USER_STATES.join(', ')}`);
      user.state = request.state;
      return state.inspectUser(user);
    },
    reset: () => {
      state.reset();
      scenarios.clear();
      notifier.reset();
    },
  };

  async function jsonBody(req) {
    const raw = await readBody(req, MAX_JSON_BODY);
    if (raw === null) throw new GatewayError('PayloadTooLarge', 'the body is larger than 1 MiB');
    if (raw.length === 0) return {};
    try {
      return JSON.parse(raw.toString('utf8'));
    } catch {
      throw badRequest('the body is not valid JSON');
    }
  }

  /** Routes: [method, path as documented, pattern, handler(match, body)]. */
  const routes = [
    ['GET', '/__sandbox/', /^\/__sandbox\/?$/, () => ({ routes: routes.map(([method, path]) => `${method} ${path}`) })],
    ['GET', '/__sandbox/payments', /^\/__sandbox\/payments$/, () => ({ payments: view.listPayments() })],
    ['GET', '/__sandbox/payments/<regPayNum>', /^\/__sandbox\/payments\/(\d{1,20})$/, ([, regPayNum]) => {
      const payment = view.getPayment(regPayNum);
      if (!payment) throw new GatewayError('PaymentNotFound', `regPayNum ${regPayNum} is not a payment of this sandbox`, { http: 404 });
      return payment;
    }],
    ['POST', '/__sandbox/payments/<regPayNum>/state', /^\/__sandbox\/payments\/(\d{1,20})\/state$/, ([, regPayNum], body) => view.setPaymentState(regPayNum, body)],
    ['GET', '/__sandbox/users', /^\/__sandbox\/users$/, () => ({ users: view.listUsers() })],
    ['POST', '/__sandbox/users/<login>/state', /^\/__sandbox\/users\/(\d{1,20})\/state$/, ([, login], body) => view.setUserState(login, body)],
    ['GET', '/__sandbox/notifications', /^\/__sandbox\/notifications$/, () => ({ notifications: view.listNotifications() })],
    ['POST', '/__sandbox/reset', /^\/__sandbox\/reset$/, () => {
      view.reset();
      return { ok: true };
    }],
    ['GET', '/__sandbox/clock', /^\/__sandbox\/clock$/, () => view.clock()],
    ['POST', '/__sandbox/clock', /^\/__sandbox\/clock$/, (match, body) => view.advanceClock(body?.advanceSeconds)],
    ['GET', '/__sandbox/scenario', /^\/__sandbox\/scenario$/, () => ({ scenarios: view.listScenarios() })],
    ['POST', '/__sandbox/scenario', /^\/__sandbox\/scenario$/, (match, body) => ({ armed: view.armScenario(body), scenarios: view.listScenarios() })],
  ];

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res @param {URL} url */
  async function handle(req, res, url) {
    const candidates = routes.filter(([, , pattern]) => pattern.test(url.pathname));
    const route = candidates.find(([method]) => method === req.method);
    if (!route) {
      await readBody(req, MAX_JSON_BODY).catch(() => null);
      if (candidates.length === 0) throw new GatewayError('BadRequest', `no inspection route ${url.pathname}`, { http: 404 });
      const allow = candidates.map(([method]) => method).join(', ');
      throw new GatewayError('BadRequest', `${req.method} is not allowed on ${url.pathname}`, { http: 405, headers: { Allow: allow } });
    }
    const body = req.method === 'POST' ? await jsonBody(req) : null;
    const [, , pattern, handler] = route;
    sendJson(res, 200, handler(pattern.exec(url.pathname), body));
  }

  return { view, handle };
}
