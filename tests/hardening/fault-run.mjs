// The fault run of issue 9: scripted payment attempts through the whole chain, with faults on every hop,
// and the invariants checked at the end. Used by tests/hardening/faults.test.mjs and by
// scripts/reliability.mjs (which writes the figures into docs/reliability.md).
//
//   payer (CheckoutClient in Node, one per attempt, with its own storage)
//     → faulty proxy "client"        (tests/support/faulty-proxy.mjs)
//     → merchant proxy               (createProxy on node:http; restarted during 3-D Secure round trips,
//                                      the new one on the same port with the same stores)
//     → faulty proxy "gateway"
//     → sandbox                      (js/sandbox; scenario triggers per request, and armed ones)
//   sandbox notifier → faulty proxy "notify" (also duplicates and reorders) → merchant /notifications
//
// The payer fills the card form and the 3-D Secure page over HTTP (POSTs, as docs/sandbox.md says) for
// the attempts that reach them, and calls pay() again after an error that invites it, as a payer
// pressing "Pay" again would; the client decides which idempotency key that carries. The merchant's
// beforeForward hook writes the Idempotency-Key into the payment's properties, so every payment in the
// sandbox names the key that created it.
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import * as sdk from '../../dist/node/index.mjs';
import { createGateway, createMemoryStore, createProxy, PAYMENT_STATE_ORDER } from '../../dist/server/index.mjs';
import { startSandbox } from '../../js/sandbox/index.js';
import { FAULT_KINDS, faultPlan, seededRandom, startFaultyProxy } from '../support/faulty-proxy.mjs';
import { percentile } from './load-run.mjs';

export const SHOP_TOKEN = 'sandbox-shop-token';
export const SEC_KEY = 'sandbox-sec-key';
export const SERVICE_CODE = '1000-13864-2';
export const MOUNT = '/api/ckassa';
const OPERATIONS = ['anonymousPayment', 'recurrentPayment', 'paymentStatus', 'refund'];
const GOOD_CARD = { pan: '4111111111111111', exp: '12/24', holder: 'CARD HOLDER' };
const GOOD_CVV = '123';
const GOOD_3DS = '12345678';
const RETURN_URL = 'http://127.0.0.1:9/return';
const CHARGED = ['payed', 'holded', 'processed'];
/** Gateway client timeout of the merchant proxy in this run. */
const GATEWAY_TIMEOUT_MS = 2000;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Fault rates per hop (probabilities per request). */
export const RATES = Object.freeze({
  client: { delay: 0.03, 'reset-before': 0.015, 'reset-after': 0.015, 'status-5xx': 0.02, 'slow-body': 0.02 },
  gateway: { delay: 0.05, 'reset-before': 0.02, 'reset-after': 0.02, 'status-5xx': 0.04, 'slow-body': 0.03 },
  notify: { delay: 0.05, 'reset-before': 0.04, 'reset-after': 0.05, 'status-5xx': 0.05, 'slow-body': 0.03, duplicate: 0.1, reorder: 0.1 },
});

/** Sandbox triggers asked for in the payment's properties: [probability, scenario]. */
export const TRIGGERS = Object.freeze([
  [0.03, 'decline'],
  [0.02, 'expired'],
  [0.03, 'slow:300'],
  [0.015, 'slow:2600'], // past the gateway client's timeout: the proxy cannot know the outcome
  [0.015, 'drop-after-create'],
]);
/** Scenarios armed now and then for the next request of any operation. */
const ARMED = ['error500', 'drop-after-create'];

export function memoryStorage() {
  const map = new Map();
  return { getItem: (k) => (map.has(k) ? map.get(k) : null), setItem: (k, v) => void map.set(k, String(v)), removeItem: (k) => void map.delete(k) };
}

/** A sandbox inspection route, directly (no faults). */
export async function inspect(sandboxUrl, path, body) {
  const response = await fetch(`${sandboxUrl}/__sandbox/${path}`, body === undefined ? {} : {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  return response.json();
}

/** A payer's form POST to the sandbox's pages; resolves to {status, location}. */
export async function formPost(url, fields) {
  const response = await fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
    signal: AbortSignal.timeout(10_000),
  });
  await response.arrayBuffer();
  return { status: response.status, location: response.headers.get('location') };
}

/** Payers with a saved card, registered directly on the sandbox (no faults). */
export async function registerPayers(sandboxUrl, count) {
  const gateway = createGateway({ baseUrl: `${sandboxUrl}/api-shop`, shopToken: SHOP_TOKEN, secKey: SEC_KEY, timeoutMs: 10_000 });
  const payers = [];
  for (let i = 0; i < count; i += 1) {
    const { result: user } = await gateway.userRegistration({ login: `7902${String(1_000_000 + i).padStart(7, '0')}` });
    const { result: reg } = await gateway.cardRegistration({ userToken: user.userToken });
    const origin = new URL(reg.payUrl).origin;
    await formPost(`${origin}/cardpay/api/C/rpcheck`, { ...GOOD_CARD, secret: GOOD_CVV, form: '', order: reg.regPayNum, operation: 'checkpay' });
    await formPost(`${origin}/3ds`, { code: GOOD_3DS, order: reg.regPayNum });
    const { result: list } = await gateway.cardList({ userToken: user.userToken });
    payers.push({ userToken: user.userToken, cardToken: list.cards[0].cardToken });
  }
  return payers;
}

/**
 * The merchant's backend: createProxy on node:http, restartable on the same port with the same stores.
 * `tagKeys` writes the Idempotency-Key into the payment's properties (the run's bookkeeping).
 */
export async function startMerchant({ gatewayUrl, idempotencyStore, notificationStore, onNotification, tagKeys = true, operations = OPERATIONS }) {
  let server = null;
  let port = 0;
  let restarts = 0;

  function makeProxy() {
    const gateway = createGateway({ baseUrl: gatewayUrl, shopToken: SHOP_TOKEN, secKey: SEC_KEY, timeoutMs: GATEWAY_TIMEOUT_MS });
    return createProxy({
      gateway,
      operations,
      mount: MOUNT,
      idempotencyStore,
      notificationStore,
      onNotification,
      beforeForward: tagKeys ? ({ request, headers }) => {
        const key = headers['idempotency-key'];
        if (typeof key === 'string' && Array.isArray(request.properties)) {
          return { ...request, properties: [...request.properties, { name: 'IDEMPOTENCY_KEY', value: key }] };
        }
        return undefined;
      } : undefined,
    });
  }

  async function listen() {
    const proxy = makeProxy();
    const next = http.createServer((req, res) => {
      proxy.handle(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500).end();
        else res.destroy();
      });
    });
    next.keepAliveTimeout = 5000;
    for (let tries = 0; ; tries += 1) {
      try {
        await new Promise((resolve, reject) => {
          next.once('error', reject);
          next.listen(port, '127.0.0.1', () => {
            next.off('error', reject);
            resolve();
          });
        });
        break;
      } catch (error) {
        if (error.code !== 'EADDRINUSE' || tries > 100) throw error;
        await sleep(20);
      }
    }
    port = next.address().port;
    server = next;
  }

  async function stop() {
    const old = server;
    server = null;
    if (!old) return;
    await new Promise((resolve) => {
      old.close(() => resolve());
      old.closeAllConnections();
    });
  }

  await listen();
  return {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    get restarts() {
      return restarts;
    },
    get up() {
      return server !== null;
    },
    /** Stops the proxy (in-flight calls are cut), waits `downMs`, starts a new one on the same port. */
    async restart(downMs) {
      await stop();
      await sleep(downMs);
      await listen();
      restarts += 1;
    },
    close: stop,
  };
}

/** Whether a payer presses "Pay" again after this error (the shop says "try again"). */
function payAgain(error) {
  if (!error || typeof error.type !== 'string') return false;
  if (error.type === 'network' || error.type === 'timeout') return true;
  return ['gateway_unavailable', 'gateway_timeout', 'unavailable', 'idempotency_in_progress', 'rate_limited'].includes(error.code);
}

/** What an attempt ended with, as the payer sees it. */
function describe(error) {
  if (error && typeof error.type === 'string' && typeof error.code === 'string' && error.code !== '') {
    return { kind: 'error', type: error.type, code: error.code };
  }
  return { kind: 'untyped', message: String(error?.stack ?? error) };
}

function planAttempt(i, random, payers, restartEvery) {
  const restart = restartEvery > 0 && i % restartEvery === Math.floor(restartEvery / 2);
  const r = random();
  const kind = restart ? 'recurrent3ds' : r < 0.65 ? 'anonymous' : r < 0.8 ? 'recurrent' : 'recurrent3ds';
  const p = random();
  const payer = p < 0.8 ? 'good' : p < 0.86 ? 'bad-cvv' : p < 0.92 ? 'bad-3ds' : 'abandon';
  let trigger = null;
  let roll = random();
  for (const [rate, name] of TRIGGERS) {
    if (roll < rate) {
      trigger = name;
      break;
    }
    roll -= rate;
  }
  if (restart) trigger = null;
  const refund = random() < 0.25;
  const who = payers[Math.floor(random() * payers.length)];
  return { i, kind, payer: kind === 'recurrent' ? 'none' : payer === 'bad-cvv' && kind !== 'anonymous' ? 'good' : payer, trigger, refund, restart, who, amount: 1000 + i };
}

/**
 * One payment attempt; resolves to its record (never rejects: errors are the outcome).
 */
async function runAttempt(plan, ctx) {
  const record = { i: plan.i, kind: plan.kind, payer: plan.payer, trigger: plan.trigger, refund: null, restart: null, keys: [], regPayNums: [], payTries: 0, outcome: null, ms: 0 };
  const started = Date.now();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ctx.attemptTimeoutMs);
  const { signal } = controller;
  // The payer's browser: records the keys it sends and the payments the proxy names.
  const spy = async (input, init) => {
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    const key = headers.get('idempotency-key');
    if (key && !record.keys.includes(key)) record.keys.push(key);
    const response = await fetch(input, init);
    if (key) {
      response.clone().json().then((body) => {
        const n = body?.result?.regPayNum ?? body?.action?.regPayNum;
        if (typeof n === 'string' && !record.regPayNums.includes(n)) record.regPayNums.push(n);
      }, () => {});
    }
    return response;
  };
  const client = new sdk.CheckoutClient({
    endpoint: `${ctx.clientUrl}${MOUNT}`, storage: memoryStorage(), allowedRedirectHosts: [ctx.sandboxUrl], timeoutMs: 8000, fetch: spy,
  });
  const properties = [{ name: 'ATTEMPT', value: `a${plan.i}` }];
  if (plan.trigger) properties.push({ name: 'SANDBOX_SCENARIO', value: plan.trigger });
  const input = plan.kind === 'anonymous'
    ? { serviceCode: SERVICE_CODE, amount: plan.amount, comission: 0, properties }
    : {
      serviceCode: SERVICE_CODE, userToken: plan.who.userToken, cardToken: plan.who.cardToken, amount: plan.amount, comission: 0, properties,
      ...(plan.kind === 'recurrent3ds' ? { enableSMSConfirm: true } : {}),
    };
  const payOptions = { returnUrl: RETURN_URL, signal, timeoutMs: 8000, deadlineMs: 12_000 };

  async function pay() {
    let lastError = null;
    for (let t = 0; t < 4; t += 1) {
      record.payTries += 1;
      try {
        return { out: await client.pay(input, payOptions) };
      } catch (error) {
        lastError = error;
        if (!payAgain(error) || signal.aborted) break;
        await sleep(150 * (t + 1));
      }
    }
    return { error: lastError };
  }

  try {
    const first = await pay();
    if (first.error) {
      record.outcome = describe(first.error);
    } else if (first.out.type === 'redirect') {
      const action = first.out;
      if (plan.restart) {
        // Between the 2365 answer and the return: the merchant proxy goes away, a new one comes up with
        // the same idempotency store, and the payer's client asks again with the same key.
        await ctx.restartMerchant();
        const again = await pay();
        record.restart = again.out
          ? { replayed: again.out.type === 'redirect' && again.out.regPayNum === action.regPayNum, regPayNum: again.out.regPayNum ?? null }
          : { replayed: false, error: describe(again.error) };
      }
      const origin = new URL(action.url).origin;
      if (plan.payer !== 'abandon') {
        let threeDs = action.reason === '3ds';
        if (action.reason === 'payment_form') {
          const form = await formPost(`${origin}/cardpay/api/C/pay`, {
            ...GOOD_CARD, secret: plan.payer === 'bad-cvv' ? '999' : GOOD_CVV, form: '', order: action.regPayNum, operation: 'pay',
          });
          threeDs = form.status === 303 && form.location?.startsWith(`${origin}/3ds`);
        }
        if (threeDs) await formPost(`${origin}/3ds`, { code: plan.payer === 'bad-3ds' ? '00000000' : GOOD_3DS, order: action.regPayNum });
      }
      const resumed = await client.resume({ signal, timeoutMs: 8000, deadlineMs: plan.payer === 'abandon' ? 2500 : 12_000 })
        .catch((error) => ({ error }));
      if (resumed === null) record.outcome = { kind: 'untyped', message: 'resume() found no pending attempt after a redirect' };
      else if (resumed.error) record.outcome = describe(resumed.error);
      else record.outcome = { kind: resumed.type, state: resumed.state };
    } else {
      record.outcome = { kind: first.out.type, state: first.out.state };
    }

    // A refund of a paid payment, by the merchant's page, retried with one key.
    const regPayNum = record.regPayNums.at(-1);
    if (plan.refund && record.outcome.kind === 'final' && record.outcome.state === 'payed' && regPayNum) {
      const key = randomUUID();
      record.refund = { key, tries: 0, outcome: null };
      for (let t = 0; t < 4; t += 1) {
        record.refund.tries += 1;
        try {
          const result = await client.refund({ regPayNum, note: 'hardening refund', refundAmount: plan.amount, remainingAmount: 0 }, { idempotencyKey: key, signal, timeoutMs: 8000 });
          record.refund.outcome = { kind: 'done', state: result?.state ?? null };
          break;
        } catch (error) {
          record.refund.outcome = describe(error);
          if (!payAgain(error) || signal.aborted) break;
          await sleep(150 * (t + 1));
        }
      }
    }
  } catch (error) {
    record.outcome = describe(error);
  } finally {
    clearTimeout(timer);
    record.ms = Date.now() - started;
  }
  return record;
}

/** Resolves to the attempt's record, or to a `hang` record when it ran past `limitMs`. */
function bounded(promise, plan, limitMs) {
  let timer;
  const watchdog = new Promise((resolve) => {
    timer = setTimeout(() => resolve({ i: plan.i, kind: plan.kind, payer: plan.payer, trigger: plan.trigger, keys: [], regPayNums: [], outcome: { kind: 'hang' }, ms: limitMs }), limitMs);
  });
  return Promise.race([promise, watchdog]).finally(() => clearTimeout(timer));
}

/** The receiver's key of a notification body as the sandbox recorded it. */
function notificationKeyOf(delivery) {
  const b = delivery.body;
  return delivery.kind === 'card' ? `card:${b.userToken}:${b.cardToken}` : `payment:${b.regPayNum}:${b.state}`;
}

const count = (list, keyOf) => {
  const out = {};
  for (const item of list) {
    const key = keyOf(item);
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
};

/**
 * Checks the invariants; resolves to {figures, violations}.
 */
export function checkRun({ records, payments, notifications, received, storeRecords = new Map() }) {
  const violations = [];
  const propertyOf = (payment, name) => payment.properties?.find((p) => p.name === name)?.value ?? null;
  const ours = payments.filter((p) => p.kind !== 'card_registration');
  const charged = (p) => p.history.some((h) => CHARGED.includes(h.state));

  // No double charge: per key at most one payment; per attempt at most one charged payment.
  const byKey = new Map();
  let untagged = 0;
  for (const p of ours) {
    const key = propertyOf(p, 'IDEMPOTENCY_KEY');
    if (key === null) {
      untagged += 1;
      continue;
    }
    byKey.set(key, [...(byKey.get(key) ?? []), p]);
  }
  const keysWithTwoPayments = [...byKey.entries()].filter(([, list]) => list.length > 1);
  for (const [key, list] of keysWithTwoPayments) violations.push(`key ${key}: ${list.length} payments (${list.map((p) => p.regPayNum).join(', ')})`);
  if (untagged) violations.push(`${untagged} payments carry no Idempotency-Key`);
  const byAttempt = new Map();
  for (const p of ours) {
    const a = propertyOf(p, 'ATTEMPT');
    byAttempt.set(a, [...(byAttempt.get(a) ?? []), p]);
  }
  const attemptsChargedTwice = [...byAttempt.entries()].filter(([, list]) => list.filter(charged).length > 1)
    .map(([attempt, list]) => ({ attempt, payments: list.filter(charged).map((p) => ({ regPayNum: p.regPayNum, key: propertyOf(p, 'IDEMPOTENCY_KEY'), state: p.state })) }));
  const doubleRefunds = ours.filter((p) => p.refunds.length > 1);
  for (const p of doubleRefunds) violations.push(`payment ${p.regPayNum} refunded ${p.refunds.length} times`);

  // What the payer was told matches the gateway: "paid" means a payment of this attempt was charged.
  let toldPaidNotCharged = 0;
  for (const r of records) {
    if (r.outcome?.kind === 'final' && CHARGED.includes(r.outcome.state)) {
      const list = byAttempt.get(`a${r.i}`) ?? [];
      if (!list.some(charged)) {
        toldPaidNotCharged += 1;
        violations.push(`attempt ${r.i} was told ${r.outcome.state} but nothing was charged`);
      }
    }
  }

  // Every payer sees a final state or a typed error/pending outcome; nobody hangs.
  const hangs = records.filter((r) => r.outcome?.kind === 'hang');
  const untyped = records.filter((r) => r.outcome?.kind === 'untyped' || r.outcome === null);
  for (const r of hangs) violations.push(`attempt ${r.i} hung (${r.kind}, ${r.payer}, ${r.trigger})`);
  for (const r of untyped) violations.push(`attempt ${r.i} ended without a typed outcome: ${r.outcome?.message ?? 'none'}`);
  const restarts = records.filter((r) => r.restart);
  for (const r of restarts) if (!r.restart.replayed) violations.push(`attempt ${r.i}: after the proxy restart the same key did not replay the 3-D Secure answer (${JSON.stringify(r.restart)})`);

  // No notification lost once acknowledged; none passed on twice.
  const storedStates = new Map(); // regPayNum → ranks stored
  for (const key of received.keys()) {
    const m = /^payment:(.+):([a-z_]+)$/.exec(key);
    if (m) storedStates.set(m[1], [...(storedStates.get(m[1]) ?? []), PAYMENT_STATE_ORDER[m[2]] ?? -1]);
  }
  let lost = 0;
  let superseded = 0;
  let deliveredOk = 0;
  for (const n of notifications.filter((d) => d.status === 'delivered')) {
    const key = notificationKeyOf(n);
    const times = received.get(key) ?? 0;
    if (times === 1) {
      deliveredOk += 1;
      continue;
    }
    if (times > 1) continue; // counted below
    // Not passed on: fine only when the receiver judged it late (its record says `ignored`) and a later
    // state of the same payment was passed on. The answer of the last attempt may be a plain
    // `duplicate` when the `out_of_order` answer itself was lost on the way.
    const record = storeRecords.get(key);
    const rank = PAYMENT_STATE_ORDER[n.body.state];
    if (n.kind === 'payment' && record?.state === 'ignored' && (storedStates.get(n.body.regPayNum) ?? []).some((r) => r > rank)) {
      superseded += 1;
      continue;
    }
    lost += 1;
    violations.push(`notification ${key} was acknowledged with 200 but is not in the merchant's store (receiver's record ${JSON.stringify(record ?? null)}; answers: ${JSON.stringify(n.attempts.map((a) => [a.status ?? a.error, a.responseBody]))}; passed on for this payment: ${JSON.stringify([...received.keys()].filter((k) => k.includes(`:${n.body.regPayNum}:`)))})`);
  }
  const duplicatesPassedOn = [...received.entries()].filter(([, times]) => times > 1);
  for (const [key, times] of duplicatesPassedOn) violations.push(`notification ${key} passed on ${times} times`);

  const latencies = records.map((r) => r.ms).sort((a, b) => a - b);
  const figures = {
    attempts: records.length,
    outcomes: count(records, (r) => (r.outcome?.kind === 'error' ? `error:${r.outcome.type}:${r.outcome.code}` : `${r.outcome?.kind}${r.outcome?.state ? `:${r.outcome.state}` : ''}`)),
    plans: count(records, (r) => r.kind),
    payers: count(records, (r) => r.payer),
    triggers: count(records.filter((r) => r.trigger), (r) => r.trigger),
    payTries: records.reduce((sum, r) => sum + (r.payTries ?? 0), 0),
    attemptsWithSeveralKeys: records.filter((r) => r.keys.length > 1).length,
    refunds: count(records.filter((r) => r.refund), (r) => (r.refund.outcome?.kind === 'done' ? 'done' : `error:${r.refund.outcome?.code}`)),
    payments: ours.length,
    paymentsCharged: ours.filter(charged).length,
    paymentsLeftCreated: ours.filter((p) => p.state === 'created').length,
    doubleChargesPerKey: keysWithTwoPayments.length,
    doubleChargesPerAttempt: attemptsChargedTwice.length,
    attemptsChargedTwice,
    doubleRefunds: doubleRefunds.length,
    toldPaidNotCharged,
    hangs: hangs.length,
    untypedOutcomes: untyped.length,
    restartAttempts: restarts.length,
    restartReplays: restarts.filter((r) => r.restart.replayed).length,
    notifications: notifications.length,
    notificationsDelivered: notifications.filter((d) => d.status === 'delivered').length,
    notificationsFailed: notifications.filter((d) => d.status === 'failed').length,
    notificationsPending: notifications.filter((d) => d.status === 'pending').length,
    notificationDeliveryAttempts: notifications.reduce((sum, d) => sum + d.attempts.length, 0),
    notificationsStoredOnce: deliveredOk,
    notificationsSupersededOutOfOrder: superseded,
    notificationsLost: lost,
    notificationsPassedOnTwice: duplicatesPassedOn.length,
    attemptMsP50: percentile(latencies, 50),
    attemptMsP99: percentile(latencies, 99),
    attemptMsMax: latencies.at(-1) ?? 0,
  };
  return { figures, violations };
}

/**
 * Runs `attempts` scripted payment attempts, `concurrency` at a time, and checks the invariants.
 * @param {{attempts?: number, concurrency?: number, seed?: number, attemptTimeoutMs?: number, restartEvery?: number, log?: (line: string) => void}} [options]
 * @returns {Promise<{figures: object, violations: string[], records: object[]}>}
 */
export async function runFaultRun(options = {}) {
  const attempts = options.attempts ?? 1000;
  const concurrency = options.concurrency ?? 40;
  const seed = options.seed ?? 20260109;
  const attemptTimeoutMs = options.attemptTimeoutMs ?? 30_000;
  const restartEvery = options.restartEvery ?? 100;
  const log = options.log ?? (() => {});
  const random = seededRandom(seed);
  const started = Date.now();

  // The merchant's stores: they outlive proxy restarts.
  const idempotencyStore = createMemoryStore();
  const notificationStore = createMemoryStore({ maxEntries: 100_000 });
  /** notification key → how many times onNotification got it */
  const received = new Map();
  const onNotification = async (_notification, info) => {
    received.set(info.key, (received.get(info.key) ?? 0) + 1);
  };

  // The chain is a loop (sandbox → notify hop → merchant → gateway hop → sandbox): the notify hop is
  // started first and pointed at the merchant once it listens.
  const notifyHop = await startFaultyProxy({
    target: 'http://127.0.0.1:1',
    decide: faultPlan({
      random: seededRandom(seed + 3), rates: RATES.notify, delayMs: [100, 1500], holdMs: [300, 2000], duplicateGapMs: [0, 400],
      match: (info) => info.path.endsWith('/notifications'),
    }),
  });
  const sandbox = await startSandbox({
    port: 0,
    notifyUrl: `${notifyHop.url}${MOUNT}/notifications`,
    notifyRetryMs: 50,
    notifyMaxIntervalMs: 1000,
    notifyMaxAttempts: 40,
    notifyTimeoutMs: 5000,
    notifyAll: true,
    returnUrl: RETURN_URL,
  });
  const gatewayHop = await startFaultyProxy({
    target: sandbox.url,
    decide: faultPlan({ random: seededRandom(seed + 1), rates: RATES.gateway, delayMs: [100, 2600], match: (info) => info.path.startsWith('/api-shop/') }),
  });
  const shop = await startMerchant({ gatewayUrl: `${gatewayHop.url}/api-shop`, idempotencyStore, notificationStore, onNotification });
  notifyHop.setTarget(shop.url);
  const clientHop = await startFaultyProxy({
    target: shop.url,
    decide: faultPlan({ random: seededRandom(seed + 2), rates: RATES.client, delayMs: [50, 1500], match: (info) => info.path.startsWith(MOUNT) }),
  });

  let records = [];
  let armedCount = 0;
  let chaos = null;
  try {
    const payers = await registerPayers(sandbox.url, 24);
    const plans = Array.from({ length: attempts }, (_, i) => planAttempt(i, random, payers, restartEvery));
    let next = 0;
    let restarting = Promise.resolve();
    const ctx = {
      clientUrl: clientHop.url,
      sandboxUrl: sandbox.url,
      attemptTimeoutMs,
      restartMerchant: () => {
        restarting = restarting.then(() => shop.restart(150 + Math.floor(random() * 250)));
        return restarting;
      },
    };
    // Now and then a scenario armed for whichever request comes next (error500, drop-after-create).
    const chaosRandom = seededRandom(seed + 4);
    // At most two armed at a time, and none for the last attempts: at the tail of the run the few
    // requests left would otherwise all meet an armed fault.
    let arming = false;
    chaos = setInterval(() => {
      if (arming || attempts - next < concurrency) return;
      arming = true;
      inspect(sandbox.url, 'scenario')
        .then(({ scenarios }) => {
          if (scenarios.reduce((sum, s) => sum + s.remaining, 0) >= 2) return undefined;
          armedCount += 1;
          return inspect(sandbox.url, 'scenario', { scenario: ARMED[Math.floor(chaosRandom() * ARMED.length)], count: 1 });
        })
        .catch(() => {})
        .finally(() => { arming = false; });
    }, 250);

    let done = 0;
    records = new Array(attempts);
    const worker = async () => {
      while (next < attempts) {
        const i = next;
        next += 1;
        records[i] = await bounded(runAttempt(plans[i], ctx), plans[i], attemptTimeoutMs + 5000);
        done += 1;
        if (done % 100 === 0) log(`fault run: ${done}/${attempts} attempts in ${Math.round((Date.now() - started) / 1000)} s`);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, attempts) }, worker));
    clearInterval(chaos);
    chaos = null;

    // Let the notifier finish: every notification delivered or given up (bounded).
    const settleBy = Date.now() + 30_000;
    let notifications = [];
    for (;;) {
      notifications = (await inspect(sandbox.url, 'notifications')).notifications;
      if (!notifications.some((n) => n.status === 'pending') || Date.now() > settleBy) break;
      await sleep(250);
    }
    const payments = (await inspect(sandbox.url, 'payments')).payments;
    const remaining = (await inspect(sandbox.url, 'scenario')).scenarios.reduce((sum, s) => sum + s.remaining, 0);
    const storeRecords = new Map();
    for (const n of notifications) {
      const key = notificationKeyOf(n);
      storeRecords.set(key, await notificationStore.get(key));
    }
    const { figures, violations } = checkRun({ records, payments, notifications, received, storeRecords });
    const faults = {};
    for (const [hop, proxy] of [['client', clientHop], ['gateway', gatewayHop], ['notify', notifyHop]]) {
      faults[hop] = { requests: proxy.stats.requests, ...Object.fromEntries(FAULT_KINDS.map((k) => [k, proxy.stats.byKind[k] ?? 0]).filter(([, v]) => v > 0)) };
    }
    Object.assign(figures, {
      seed,
      concurrency,
      durationMs: Date.now() - started,
      faults,
      faultsInjected: Object.values(faults).reduce((sum, hop) => sum + Object.entries(hop).filter(([k]) => k !== 'requests').reduce((s, [, v]) => s + v, 0), 0),
      armedScenarios: armedCount,
      armedScenariosUsed: armedCount - remaining,
      merchantRestarts: shop.restarts,
    });
    return { figures, violations, records, payments };
  } finally {
    if (chaos) clearInterval(chaos);
    await shop.close();
    await Promise.all([clientHop.close(), gatewayHop.close(), notifyHop.close()]);
    await sandbox.close();
  }
}
