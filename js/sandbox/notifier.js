// Delivers notifications to the merchant's notify URL: POST JSON, retried with growing intervals until an
// HTTP 200 (the docs: "Ожидается любой ответ с http-статусом 200", sent again "с нарастающим интервалом").
import http from 'node:http';
import https from 'node:https';

const RESPONSE_KEPT = 1024;

/**
 * @param {{
 *   url: string | null,
 *   retryMs: number,
 *   maxAttempts: number,
 *   maxIntervalMs: number,
 *   timeoutMs: number,
 * }} options
 */
export function createNotifier({ url, retryMs, maxAttempts, maxIntervalMs, timeoutMs }) {
  /** @type {Array<Record<string, any>>} */
  let deliveries = [];
  let nextId = 1;
  let closed = false;
  /** @type {Set<NodeJS.Timeout>} */
  const timers = new Set();
  /** @type {Set<import('node:http').ClientRequest>} */
  const inFlight = new Set();

  const later = (ms, task) => {
    const timer = setTimeout(() => { timers.delete(timer); task(); }, ms);
    timers.add(timer);
  };

  /** One POST; resolves to the attempt record, never rejects. */
  function post(body) {
    const started = Date.now();
    return new Promise((resolve) => {
      const target = new URL(url);
      const payload = JSON.stringify(body);
      const request = (target.protocol === 'https:' ? https : http).request(target, {
        method: 'POST',
        agent: false,
        timeout: timeoutMs,
        headers: { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(payload), 'User-Agent': 'ckassa-sandbox' },
      });
      inFlight.add(request);
      const finish = (status, error, responseBody) => {
        inFlight.delete(request);
        resolve({ at: new Date(started).toISOString(), durationMs: Date.now() - started, status, error, responseBody });
      };
      request.on('response', (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => { if (text.length < RESPONSE_KEPT) text += chunk; });
        response.on('end', () => finish(response.statusCode ?? null, null, text.slice(0, RESPONSE_KEPT)));
        response.on('error', (error) => finish(response.statusCode ?? null, error.message, text.slice(0, RESPONSE_KEPT)));
      });
      request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      request.on('error', (error) => finish(null, error.message, null));
      request.end(payload);
    });
  }

  async function attempt(delivery) {
    if (closed) return;
    const record = await post(delivery.body);
    if (closed || !deliveries.includes(delivery)) return;
    delivery.attempts.push(record);
    if (record.status === 200) {
      delivery.status = 'delivered';
      delivery.nextAttemptAt = null;
    } else if (delivery.attempts.length >= maxAttempts) {
      delivery.status = 'failed';
      delivery.nextAttemptAt = null;
    } else {
      const wait = Math.min(retryMs * 2 ** (delivery.attempts.length - 1), maxIntervalMs);
      delivery.nextAttemptAt = new Date(Date.now() + wait).toISOString();
      later(wait, () => attempt(delivery));
    }
  }

  return {
    /**
     * Records a notification and starts delivering it (`unsent` when no notify URL is configured).
     * @param {'payment' | 'card'} kind
     * @param {Record<string, unknown>} body
     */
    send(kind, body) {
      const delivery = {
        id: nextId,
        kind,
        regPayNum: typeof body.regPayNum === 'string' ? body.regPayNum : null,
        url,
        body,
        status: url && !closed ? 'pending' : 'unsent',
        createdAt: new Date().toISOString(),
        nextAttemptAt: null,
        attempts: [],
      };
      nextId += 1;
      deliveries.push(delivery);
      if (delivery.status === 'pending') later(0, () => attempt(delivery));
      return delivery;
    },
    /** Every delivery with its attempts (copies). */
    list() {
      return structuredClone(deliveries);
    },
    /** Forgets every delivery and stops their retries. */
    reset() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const request of inFlight) request.destroy();
      deliveries = [];
    },
    close() {
      closed = true;
      this.reset();
    },
  };
}

/**
 * Sends the notifications of the docs on state changes: payment notifications
 * `{regPayNum, amount, comission, state, errorCode, errorMsg}` (amounts as strings, like the docs' example)
 * for successful states, or every final state with `notifyAll`; card-registration notifications
 * `{userToken, cardMask, cardToken, cardType}`. A card registration's own payment is not notified.
 * @param {import('./state.js').SandboxState} state
 * @param {ReturnType<typeof createNotifier>} notifier
 * @param {{notifyAll: boolean, successStates: ReadonlyArray<string>}} options
 */
export function notifyStateChanges(state, notifier, { notifyAll, successStates }) {
  state.events.on('payment', (payment) => {
    if (payment.kind === 'card_registration' || payment.state === 'created') return;
    if (!notifyAll && !successStates.includes(payment.state)) return;
    const failed = payment.errorCode !== null;
    notifier.send('payment', {
      regPayNum: payment.regPayNum,
      amount: String(payment.confirmedAmount ?? payment.amount),
      comission: String(payment.comission),
      state: payment.state,
      errorCode: failed ? payment.errorCode : 0,
      errorMsg: failed ? payment.message : null,
    });
  });
  state.events.on('card', ({ user, card }) => {
    notifier.send('card', { userToken: user.userToken, cardMask: card.cardMask, cardToken: card.cardToken, cardType: card.cardType });
  });
}
