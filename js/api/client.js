// The checkout client: calls the merchant proxy, sends the payer to the payment form or 3-D Secure,
// and resumes after the return. A thin class over the wasm exports of src/wasm/client.rs, where the
// rules live (requests, idempotency keys, retries, redirect safety, outcomes); this file owns what
// only JS has: storage, events, timers for polling, and the caller's hooks. See docs/client.md.
import { callEnvelope, raw, toJson, unwrap } from '../runtime.js';
import { CKassaAbortError, CKassaRedirectBlockedError, CKassaValidationError, errorFromCore } from '../errors.js';

export { CKassaProxyError } from '../errors.js';

/** The sessionStorage key of the pending payment attempt. */
const STORAGE_KEY = 'ckassa-sdk:attempt';
/** What the core answers a 400 or 422 with: the attempt is over, its key must not be reused. */
const FINAL_ERRORS = new Set(['gateway', 'validation']);

/**
 * True when the SDK would navigate to `url`: https, a plain host on the allow-list (the defaults when
 * `allowedHosts` is omitted), no user info, IP literal, odd port, encoding or control character.
 * Throws CKassaValidationError for an unusable allow-list entry.
 */
export function isAllowedRedirect(url, allowedHosts) {
  if (typeof url !== 'string') return false;
  const envelope = callEnvelope('client_check_redirect', { url, allowedHosts: allowedHosts ?? null });
  if (!envelope.ok && envelope.error.type === 'validation') throw errorFromCore(envelope.error);
  return envelope.ok;
}

function hasWindow() {
  return typeof window === 'object' && window !== null && typeof document === 'object';
}

/** sessionStorage when the page may use it (it throws in some sandboxed frames), else memory. */
function defaultStorage() {
  try {
    if (hasWindow() && window.sessionStorage) {
      window.sessionStorage.getItem(STORAGE_KEY);
      return window.sessionStorage;
    }
  } catch {
    // fall through: memory only
  }
  const memory = new Map();
  return {
    getItem: (k) => (memory.has(k) ? memory.get(k) : null),
    setItem: (k, v) => void memory.set(k, String(v)),
    removeItem: (k) => void memory.delete(k),
  };
}

/** The current page without its fragment (the default return URL), or null outside a browser. */
function currentPage() {
  if (!hasWindow() || !window.location || !/^https?:$/.test(window.location.protocol)) return null;
  const { origin, pathname, search } = window.location;
  return `${origin}${pathname}${search}`;
}

function abortError() {
  return new CKassaAbortError('the call was aborted by its AbortSignal', { code: 'aborted' });
}

/** Waits `ms`, or until `signal` aborts (then throws CKassaAbortError). */
function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal && signal.aborted) return reject(abortError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    const timer = setTimeout(() => {
      if (signal) signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    if (signal) signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Resolves once the page is visible (at once where there is no document), or throws on abort. */
function whileHidden(signal) {
  if (typeof document !== 'object' || document === null || document.visibilityState !== 'hidden') {
    return Promise.resolve();
  }
  return new Promise((resolve, reject) => {
    const done = () => {
      document.removeEventListener('visibilitychange', onChange);
      if (signal) signal.removeEventListener('abort', onAbort);
    };
    const onChange = () => {
      if (document.visibilityState !== 'hidden') {
        done();
        resolve();
      }
    };
    const onAbort = () => {
      done();
      reject(abortError());
    };
    document.addEventListener('visibilitychange', onChange);
    if (signal) signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * The checkout client. One method per operation the merchant's proxy may expose, `pay()` for the
 * whole payment (payment form or 3-D Secure included) and `resume()` on the page the payer returns to.
 */
export class CheckoutClient {
  #endpoint;
  #timeoutMs;
  #retries;
  #headers;
  #allowedHosts;
  #fetch;
  #beforeRedirect;
  #breakOut;
  #storage;
  #honoured = false;
  #pageshow = null;

  constructor(options = {}) {
    const o = options ?? {};
    const fail = (path, message) => {
      throw new CKassaValidationError(`${path}: ${message}`, {
        code: 'invalid_option',
        issues: [{ path, code: 'invalid_option', message }],
        warnings: [],
      });
    };
    if (typeof o.endpoint !== 'string' || o.endpoint.trim() === '') fail('endpoint', 'is required: the URL of the proxy, e.g. "/api/ckassa"');
    for (const name of ['fetch', 'beforeRedirect']) {
      if (o[name] != null && typeof o[name] !== 'function') fail(name, 'must be a function');
    }
    if (o.storage != null && ['getItem', 'setItem', 'removeItem'].some((m) => typeof o.storage[m] !== 'function')) {
      fail('storage', 'must have getItem, setItem and removeItem (like sessionStorage)');
    }
    if (o.allowedRedirectHosts != null && !Array.isArray(o.allowedRedirectHosts)) fail('allowedRedirectHosts', 'must be an array of hosts');
    this.#endpoint = o.endpoint.trim();
    this.#timeoutMs = o.timeoutMs ?? null;
    this.#retries = o.retries ?? null;
    this.#headers = o.headers ?? null;
    this.#allowedHosts = o.allowedRedirectHosts ? [...o.allowedRedirectHosts] : null;
    this.#fetch = o.fetch ?? undefined;
    this.#beforeRedirect = o.beforeRedirect ?? null;
    this.#breakOut = o.breakOutOfIframe === true;
    this.#storage = o.storage ?? null;
  }

  /** Creates an anonymous payment; resolves to the proxy's result `{regPayNum, payUrl, methodType, ...}`. */
  createAnonymousPayment(input, options) {
    return this.#operation('anonymousPayment', input, options);
  }

  /** Charges a registered payer; resolves to the result, or to the 3-D Secure redirect action (2365). */
  createRecurrentPayment(input, options) {
    return this.#operation('recurrentPayment', input, options);
  }

  /** Registers a payer by phone; resolves to `{userToken, ...}`. */
  registerUser(input, options) {
    return this.#operation('userRegistration', input, options);
  }

  /** A registered payer's state. */
  userStatus(input, options) {
    return this.#operation('userStatus', input, options);
  }

  /** Starts a card registration; resolves to `{regPayNum, payUrl, methodType, ...}` (the card form). */
  registerCard(input, options) {
    return this.#operation('cardRegistration', input, options);
  }

  /** A payer's saved cards. */
  listCards(input, options) {
    return this.#operation('cardList', input, options);
  }

  /** Removes a saved card. */
  deactivateCard(input, options) {
    return this.#operation('cardDeactivation', input, options);
  }

  /** A payment's state: `{regPayNum, state, isTerminal, isSuccess, ...}`. */
  paymentStatus(input, options) {
    return this.#operation('paymentStatus', input, options);
  }

  /** A full or partial refund. */
  refund(input, options) {
    return this.#operation('refund', input, options);
  }

  /**
   * The whole payment: builds and validates, creates it with this attempt's idempotency key, then
   * sends the payer to the card form or 3-D Secure (in a browser; elsewhere resolves to the redirect
   * action), or polls the status to the outcome when nothing needs the payer.
   */
  async pay(input, options = {}) {
    const o = options ?? {};
    const operation = o.operation ?? (input && input.userToken != null ? 'recurrentPayment' : 'anonymousPayment');
    let stored = this.#load();
    if (stored && stored.regPayNum && stored.operation === operation) {
      // An earlier attempt that has an outcome by now is over: a new payment gets a new key.
      const earlier = await this.#status(stored.regPayNum, o).catch((e) => {
        if (e.type === 'aborted') throw e;
        return null;
      });
      if (earlier && earlier.type === 'final') {
        this.#clear();
        stored = null;
      }
    }
    const prepared = unwrap(
      callEnvelope('client_prepare', {
        operation,
        input,
        options: o.strict == null ? null : { strict: o.strict },
        returnUrl: o.returnUrl === undefined ? currentPage() : o.returnUrl,
        stored,
        idempotencyKey: o.idempotencyKey ?? null,
      }),
    );
    // Kept before sending: a reload while the proxy answers resends with the same key.
    this.#save(prepared.attempt);
    let answer;
    try {
      answer = await this.#send(operation, prepared.request, prepared.idempotencyKey, o);
    } catch (e) {
      if (FINAL_ERRORS.has(e.type) || e.code === 'idempotency_key_reused') this.#clear();
      throw e;
    }
    const regPayNum = (answer.action && answer.action.regPayNum) || (answer.result && answer.result.regPayNum) || null;
    if (regPayNum) {
      this.#save(unwrap(callEnvelope('client_attempt_answered', { attempt: prepared.attempt, regPayNum })));
    }
    if (answer.action) return this.#redirect(answer.action);
    if (!regPayNum) {
      this.#clear();
      return { type: 'final', state: null, isSuccess: false, regPayNum: null, status: answer.result };
    }
    return this.#poll(regPayNum, o);
  }

  /**
   * On the page the payer returns to: polls the pending attempt's status until it is final (then
   * forgets the attempt), or until `deadlineMs` (then a `pending` outcome; the attempt is kept).
   * Resolves to null when nothing is pending. Also resumes when the page is restored from the
   * back/forward cache, reporting through `onStatus`.
   */
  async resume(options = {}) {
    const o = options ?? {};
    this.#listenForRestore(o);
    const stored = this.#load();
    if (!stored || !stored.regPayNum) return null;
    return this.#poll(stored.regPayNum, o);
  }

  #listenForRestore(o) {
    if (!hasWindow() || typeof window.addEventListener !== 'function') return;
    if (this.#pageshow) window.removeEventListener('pageshow', this.#pageshow);
    this.#pageshow = (event) => {
      if (event.persisted) this.resume(o).catch(() => {});
    };
    window.addEventListener('pageshow', this.#pageshow);
  }

  async #poll(regPayNum, o) {
    const started = Date.now();
    const deadline = o.deadlineMs ?? 300_000;
    let last = null;
    for (;;) {
      await whileHidden(o.signal);
      let outcome = null;
      try {
        outcome = await this.#status(regPayNum, o);
      } catch (e) {
        if (!e.retryable) throw e;
      }
      if (outcome) {
        if (outcome.state !== (last && last.state) && typeof o.onStatus === 'function') o.onStatus(outcome);
        last = outcome;
        if (outcome.type === 'final') {
          this.#clear();
          return outcome;
        }
      }
      const elapsed = Date.now() - started;
      const delay = raw().client_poll_delay(elapsed);
      if (elapsed + delay > deadline) {
        return { type: 'pending', state: last ? last.state : null, isSuccess: false, regPayNum, status: last ? last.status : null };
      }
      await sleep(delay, o.signal);
    }
  }

  async #status(regPayNum, o) {
    const status = await this.paymentStatus({ regPayNum }, { signal: o.signal, timeoutMs: o.timeoutMs });
    return unwrap(callEnvelope('client_outcome', status));
  }

  async #redirect(action) {
    unwrap(callEnvelope('client_check_redirect', { url: action.url, allowedHosts: this.#allowedHosts }));
    if (!hasWindow()) return { ...action, navigated: false };
    if (this.#beforeRedirect && (await this.#beforeRedirect({ ...action })) === false) {
      throw new CKassaRedirectBlockedError('the beforeRedirect hook vetoed the redirect', { code: 'vetoed', url: action.url });
    }
    const { navigated } = unwrap(
      callEnvelope('client_navigate', { action, allowedHosts: this.#allowedHosts, breakOutOfIframe: this.#breakOut }),
    );
    return { ...action, navigated };
  }

  async #operation(operation, input, options) {
    const o = options ?? {};
    const prepared = unwrap(
      callEnvelope('client_prepare', { operation, input, options: null, idempotencyKey: o.idempotencyKey ?? null }),
    );
    const answer = await this.#send(operation, prepared.request, prepared.idempotencyKey ?? null, o);
    return answer.result ?? answer.action;
  }

  async #send(operation, body, idempotencyKey, o) {
    if (o.signal && o.signal.aborted) throw abortError();
    const arg = toJson({
      endpoint: this.#endpoint,
      operation,
      body,
      headers: this.#headers,
      idempotencyKey,
      timeoutMs: o.timeoutMs ?? this.#timeoutMs,
      retries: this.#retries,
      honoured: this.#honoured,
    });
    const envelope = JSON.parse(await raw().client_send(arg, this.#fetch, o.signal ?? undefined));
    const seen = envelope.ok ? envelope.value : envelope.error;
    if (seen.idempotencyHonoured) this.#honoured = true;
    delete seen.idempotencyHonoured;
    return unwrap(envelope);
  }

  #store() {
    if (!this.#storage) this.#storage = defaultStorage();
    return this.#storage;
  }

  #load() {
    try {
      const text = this.#store().getItem(STORAGE_KEY);
      return text ? JSON.parse(text) : null;
    } catch {
      return null;
    }
  }

  #save(attempt) {
    if (!attempt) return;
    try {
      this.#store().setItem(STORAGE_KEY, JSON.stringify(attempt));
    } catch {
      // Storage full or refused: the attempt still works, it just cannot survive a reload.
    }
  }

  #clear() {
    try {
      this.#store().removeItem(STORAGE_KEY);
    } catch {
      // nothing to do
    }
  }
}
