// The checkout client: calls the merchant proxy, sends the payer to the payment form or 3-D Secure,
// and resumes after the return. A thin class over the wasm exports of src/wasm/client.rs, where the
// rules live (requests, idempotency keys, retries, redirect safety, outcomes) as synchronous calls;
// this file does the I/O only JS has: fetch, timers, AbortSignals, storage, events and the caller's
// hooks. See docs/client.md.
import { raw, toJson, unwrap } from '../runtime.js';
import { CKassaAbortError, CKassaRedirectBlockedError, CKassaValidationError, errorFromCore } from '../errors.js';

export { CKassaProxyError } from '../errors.js';

/** The sessionStorage key of the pending payment attempt. */
const STORAGE_KEY = 'ckassa-sdk:attempt';
/**
 * True when `e` ends the payment attempt, so that its key must not be reused: the gateway's refusal
 * (400), a validation refusal (the proxy's 422, or input or options refused before sending), or a key
 * the proxy saw with another body. A 502 or 504 (`gateway_unavailable`, `gateway_timeout`, ...) may
 * come after the charge: the attempt and its key are kept, so that paying again cannot pay twice.
 */
function endsAttempt(e) {
  return e.type === 'validation' || (e.type === 'gateway' && e.httpStatus === 400) || e.code === 'idempotency_key_reused';
}

/**
 * Calls the core's client decision `call` (src/wasm/client.rs `client`) with `arg` as JSON, and
 * `body` (an answer's text) for `step`; returns the parsed envelope. `arg` may hold the caller's values
 * (input, headers, allow-list), so it is read by toJson as the rest of the SDK reads input.
 */
function core(call, arg, body = '') {
  return JSON.parse(raw().client(call, toJson(arg), body));
}

/** The value of the core's decision `call` on `arg` (see `core`), or its error thrown. */
function decide(call, arg) {
  return unwrap(core(call, arg));
}

/**
 * `arg` without its top-level null and undefined members, which the core reads as absent: a null
 * anywhere in the JSON text sends toJson through its slower replacer pass (runtime.js).
 */
function present(arg) {
  for (const k of Object.keys(arg)) if (arg[k] == null) delete arg[k];
  return arg;
}

/**
 * True when the SDK would navigate to `url`: https, a plain host on the allow-list (the defaults when
 * `allowedHosts` is omitted), no user info, IP literal, odd port, encoding or control character.
 * Throws CKassaValidationError for an unusable allow-list entry.
 */
export function isAllowedRedirect(url, allowedHosts) {
  if (typeof url !== 'string') return false;
  const envelope = core('navigate', { action: { url }, allowedHosts: allowedHosts ?? null });
  if (!envelope.ok && envelope.error.type === 'validation') throw errorFromCore(envelope.error);
  return envelope.ok;
}

function hasWindow() {
  return typeof window === 'object' && window !== null && typeof document === 'object';
}

/** True when this page is in a frame (`window.top` is another window). */
function framed() {
  try {
    return window.top != null && window.top !== window;
  } catch {
    return false;
  }
}

/** 16 bytes from `crypto.getRandomValues` (an attempt's key is made of them), or null without it. */
function randomBytes() {
  try {
    // `typeof` first: a ReferenceError on every call (Node 18 has no global crypto) would be costly.
    return typeof crypto === 'object' && crypto !== null ? Array.from(crypto.getRandomValues(new Uint8Array(16))) : null;
  } catch {
    return null;
  }
}

/**
 * Carries out the core's navigation plan: `location.assign`, the top window's `location.href`, or a
 * hidden form submitted by POST.
 */
function navigate(plan) {
  try {
    if (plan.method === 'POST') {
      const make = (tag, attributes) => {
        const el = document.createElement(tag);
        for (const [k, v] of Object.entries(attributes)) el.setAttribute(k, v);
        return el;
      };
      const form = make('form', { method: 'post', action: plan.url, hidden: '', ...(plan.top && { target: '_top' }) });
      for (const [name, value] of plan.fields) form.appendChild(make('input', { type: 'hidden', name, value }));
      (document.body || document.documentElement).appendChild(form);
      // From the prototype: a field named "submit" would shadow the method.
      HTMLFormElement.prototype.submit.call(form);
    } else if (plan.top) {
      window.top.location.href = plan.url;
    } else {
      window.location.assign(plan.url);
    }
  } catch (e) {
    throw new CKassaRedirectBlockedError(`the browser refused to navigate: ${describe(e)}`, { code: 'navigation_failed' });
  }
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

/** A random u32: the jitter the core applies to waits. */
function random() {
  return (Math.random() * 4294967296) >>> 0;
}

/** `o[k]`, or undefined where reading it throws (a primitive or a hostile getter). */
function get(o, k) {
  try {
    return Object(o)[k];
  } catch {
    return undefined;
  }
}

/**
 * A JS exception as text: its message (or itself, when a string) and its `cause`'s code or message
 * (Node's fetch puts `ECONNREFUSED` there), cut to 200 characters.
 */
function describe(e) {
  const text = (v, k) => {
    const t = get(v, k);
    return typeof t === 'string' ? t : null;
  };
  let message = text(e, 'message') ?? (typeof e === 'string' ? e : 'unknown error');
  const cause = get(e, 'cause');
  const detail = typeof cause === 'object' && cause !== null ? text(cause, 'code') ?? text(cause, 'message') : null;
  if (detail !== null) message = `${message} (${detail})`;
  const chars = [...message];
  return chars.length > 200 ? `${chars.slice(0, 200).join('')}…` : message;
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

// A client's state, kept here rather than in private fields: esbuild's es2020 target turns each
// private field and method into a WeakMap and helper calls, which cost more than the whole state.
// The keys are short because the minifier keeps property names:
//   c the client (for its public paymentStatus and resume), e endpoint, t timeoutMs, r retries,
//   h headers, a allowedRedirectHosts (copied), f fetch, b beforeRedirect, o breakOutOfIframe,
//   s storage (made on first use), k whether the proxy has honoured an idempotency key, p the
//   pageshow listener.
const clients = new WeakMap();

/** The state of `client`; a TypeError for anything that is not a CheckoutClient (as a private member's check). */
function state(client) {
  const s = clients.get(client);
  if (!s) throw new TypeError('Cannot access private method');
  return s;
}

/**
 * The checkout client. One method per operation the merchant's proxy may expose, `pay()` for the
 * whole payment (payment form or 3-D Secure included) and `resume()` on the page the payer returns to.
 */
export class CheckoutClient {
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
    // null and undefined alike mean "not set" for every member (read with ?? or `present`, or as a truth value).
    clients.set(this, {
      c: this,
      e: o.endpoint.trim(),
      t: o.timeoutMs,
      r: o.retries,
      h: o.headers,
      a: o.allowedRedirectHosts ? [...o.allowedRedirectHosts] : null,
      f: o.fetch,
      b: o.beforeRedirect,
      o: o.breakOutOfIframe === true,
      s: o.storage,
      k: false,
      p: null,
    });
  }

  /** Creates an anonymous payment; resolves to the proxy's result `{regPayNum, payUrl, methodType, ...}`. */
  createAnonymousPayment(input, options) {
    return perform(state(this), 'anonymousPayment', input, options);
  }

  /** Charges a registered payer; resolves to the result, or to the 3-D Secure redirect action (2365). */
  createRecurrentPayment(input, options) {
    return perform(state(this), 'recurrentPayment', input, options);
  }

  /** Registers a payer by phone; resolves to `{userToken, ...}`. */
  registerUser(input, options) {
    return perform(state(this), 'userRegistration', input, options);
  }

  /** A registered payer's state. */
  userStatus(input, options) {
    return perform(state(this), 'userStatus', input, options);
  }

  /** Starts a card registration; resolves to `{regPayNum, payUrl, methodType, ...}` (the card form). */
  registerCard(input, options) {
    return perform(state(this), 'cardRegistration', input, options);
  }

  /** A payer's saved cards. */
  listCards(input, options) {
    return perform(state(this), 'cardList', input, options);
  }

  /** Removes a saved card. */
  deactivateCard(input, options) {
    return perform(state(this), 'cardDeactivation', input, options);
  }

  /** A payment's state: `{regPayNum, state, isTerminal, isSuccess, ...}`. */
  paymentStatus(input, options) {
    return perform(state(this), 'paymentStatus', input, options);
  }

  /** A full or partial refund. */
  refund(input, options) {
    return perform(state(this), 'refund', input, options);
  }

  /**
   * The whole payment: builds and validates, creates it with this attempt's idempotency key, then
   * sends the payer to the card form or 3-D Secure (in a browser; elsewhere resolves to the redirect
   * action), or polls the status to the outcome when nothing needs the payer.
   */
  async pay(input, options = {}) {
    const o = options ?? {};
    const operation = o.operation ?? (input?.userToken != null ? 'recurrentPayment' : 'anonymousPayment');
    const s = state(this);
    let stored = load(s);
    if (stored?.regPayNum && stored.operation === operation) {
      // An earlier attempt that has an outcome by now is over: a new payment gets a new key.
      const earlier = await status(s, stored.regPayNum, o).catch((e) => {
        if (e.type === 'aborted') throw e;
        return null;
      });
      if (earlier?.type === 'final') {
        clear(s);
        stored = null;
      }
    }
    const prepared = decide('prepare', present({
      operation,
      input,
      options: o.strict == null ? null : { strict: o.strict },
      returnUrl: o.returnUrl === undefined ? currentPage() : o.returnUrl,
      stored,
      idempotencyKey: o.idempotencyKey,
      random: randomBytes(),
    }));
    // Kept before sending: a reload while the proxy answers resends with the same key.
    save(s, prepared.attempt);
    let answer;
    try {
      answer = await send(s, operation, prepared.request, prepared.idempotencyKey, o);
    } catch (e) {
      if (endsAttempt(e)) clear(s);
      throw e;
    }
    const regPayNum = answer.action?.regPayNum || answer.result?.regPayNum || null;
    if (regPayNum) {
      save(s, decide('answered', { attempt: prepared.attempt, regPayNum }));
    }
    if (answer.action) return redirect(s, answer.action);
    if (!regPayNum) {
      clear(s);
      return { type: 'final', state: null, isSuccess: false, regPayNum: null, status: answer.result };
    }
    return poll(s, regPayNum, o);
  }

  /**
   * On the page the payer returns to: polls the pending attempt's status until it is final (then
   * forgets the attempt), or until `deadlineMs` (then a `pending` outcome; the attempt is kept).
   * Resolves to null when nothing is pending. Also resumes when the page is restored from the
   * back/forward cache, reporting through `onStatus`.
   */
  async resume(options = {}) {
    const o = options ?? {};
    const s = state(this);
    listenForRestore(s, o);
    const stored = load(s);
    if (!stored?.regPayNum) return null;
    return poll(s, stored.regPayNum, o);
  }
}

function listenForRestore(s, o) {
  if (!hasWindow() || typeof window.addEventListener !== 'function') return;
  if (s.p) window.removeEventListener('pageshow', s.p);
  s.p = (event) => {
    if (event.persisted) s.c.resume(o).catch(() => {});
  };
  window.addEventListener('pageshow', s.p);
}

async function poll(s, regPayNum, o) {
  const started = Date.now();
  const deadline = o.deadlineMs ?? 300_000;
  let last = null;
  for (;;) {
    await whileHidden(o.signal);
    let outcome = null;
    try {
      outcome = await status(s, regPayNum, o);
    } catch (e) {
      if (!e.retryable) throw e;
    }
    if (outcome) {
      if (outcome.state !== (last && last.state) && typeof o.onStatus === 'function') o.onStatus(outcome);
      last = outcome;
      if (outcome.type === 'final') {
        clear(s);
        return outcome;
      }
    }
    const elapsed = Math.max(0, Date.now() - started);
    const delay = raw().client_poll_delay(elapsed, random());
    if (elapsed + delay > deadline) {
      return { type: 'pending', state: last ? last.state : null, isSuccess: false, regPayNum, status: last ? last.status : null };
    }
    await sleep(delay, o.signal);
  }
}

async function status(s, regPayNum, o) {
  const status = await s.c.paymentStatus({ regPayNum }, { signal: o.signal, timeoutMs: o.timeoutMs });
  // The gateway's status answer does not repeat the payment's number; the outcome should carry it.
  return decide('outcome', { ...status, regPayNum: status.regPayNum ?? regPayNum });
}

async function redirect(s, action) {
  const plan = decide('navigate', { action, allowedHosts: s.a, breakOutOfIframe: s.o, framed: hasWindow() && framed() });
  if (!hasWindow()) return { ...action, navigated: false };
  if (s.b && (await s.b({ ...action })) === false) {
    throw new CKassaRedirectBlockedError('the beforeRedirect hook vetoed the redirect', { code: 'vetoed', url: action.url });
  }
  navigate(plan);
  return { ...action, navigated: true };
}

async function perform(s, operation, input, options) {
  const o = options ?? {};
  const prepared = decide('prepare', present({ operation, input, idempotencyKey: o.idempotencyKey, random: randomBytes() }));
  const answer = await send(s, operation, prepared.request, prepared.idempotencyKey, o);
  return answer.result ?? answer.action;
}

// The transport: only I/O here (fetch, the time limit, the caller's signal, the waits). The core
// says what to send ('request') and what each outcome means ('step'): the value, the
// error, or how long to wait before the next attempt.
async function send(s, operation, body, idempotencyKey, o) {
  const signal = o.signal;
  if (signal?.aborted) throw abortError();
  const fetch = s.f ?? globalThis.fetch;
  const call = decide('request', present({
    endpoint: s.e,
    operation,
    headers: s.h,
    idempotencyKey,
    timeoutMs: o.timeoutMs ?? s.t,
    retries: s.r,
    fetch: typeof fetch === 'function',
    window: typeof window === 'object' && window !== null,
  }));
  const init = { method: 'POST', headers: call.headers, body: JSON.stringify(body) };
  // `stopped` says why the call must end ('timeout' or 'aborted'); every wait races `stop`.
  let stopped = null;
  let wake;
  const stop = new Promise((resolve) => {
    wake = resolve;
  });
  const controller = typeof AbortController === 'function' ? new AbortController() : null;
  const end = (why) => {
    if (stopped) return;
    stopped = why;
    if (controller) controller.abort();
    wake();
  };
  const race = (p) => Promise.race([p, stop]);
  const timer = setTimeout(end, call.timeoutMs, 'timeout');
  const onAbort = () => end('aborted');
  // Only an object can be an AbortSignal (no exception, and its costly stack, for the usual none).
  const listens = typeof signal === 'object' && signal !== null;
  try {
    if (listens) signal.addEventListener('abort', onAbort);
  } catch {
    // not an AbortSignal
  }
  const started = Date.now();
  let honoured = s.k;
  let envelope;
  // The last step's value or error (the loop ends only right after reading it, or by throwing).
  let seen;
  try {
    for (let retry = 0; ; retry++) {
      let outcome = { stopped };
      let text = '';
      if (!stopped) {
        try {
          const res = await race(fetch(call.url, { ...init, signal: controller ? controller.signal : undefined }));
          if (!stopped) {
            const status = get(res, 'status');
            const read = get(res, 'text');
            if (typeof read !== 'function') throw new Error('the fetch answer has no text()');
            const t = await race(read.call(res));
            const header = (name) => {
              try {
                const v = res.headers.get(name);
                return typeof v === 'string' ? v : null;
              } catch {
                return null;
              }
            };
            text = typeof t === 'string' ? t : '';
            outcome = {
              status: typeof status === 'number' && status >= 0 && status <= 999 ? Math.trunc(status) : 0,
              requestId: header('x-request-id'),
              retryAfter: header('retry-after'),
              idempotency: header('idempotency'),
              replayed: header('idempotent-replayed'),
            };
          }
        } catch (e) {
          outcome = { failed: describe(e) };
        }
        if (stopped) outcome = { stopped };
      }
      const now = Date.now();
      // Only numbers, strings and nulls of our own: plain JSON.stringify (no replacer) is enough.
      envelope = JSON.parse(raw().client('step', JSON.stringify({
        operation, retries: call.retries, timeoutMs: call.timeoutMs, honoured, retry, elapsedMs: Math.max(0, now - started), nowMs: now, rand: random(), ...outcome,
      }), text));
      seen = envelope.ok ? envelope.value : envelope.error;
      honoured = seen.idempotencyHonoured === true;
      if (!envelope.ok || seen.retryInMs == null) break;
      let wait;
      await race(new Promise((resolve) => {
        wait = setTimeout(resolve, seen.retryInMs);
      }));
      clearTimeout(wait);
    }
  } finally {
    clearTimeout(timer);
    try {
      if (listens) signal.removeEventListener('abort', onAbort);
    } catch {
      // as above
    }
  }
  if (seen.idempotencyHonoured) s.k = true;
  delete seen.idempotencyHonoured;
  return unwrap(envelope);
}

/**
 * Calls `method` of the client's attempt storage (sessionStorage or the like, made on first use) for
 * the attempt's key; undefined where it throws (storage full or refused: the attempt still works, it
 * just cannot survive a reload).
 */
function storage(s, method, ...args) {
  try {
    if (!s.s) s.s = defaultStorage();
    return s.s[method](STORAGE_KEY, ...args);
  } catch {
    // as said
  }
}

/** The stored attempt, or null. */
function load(s) {
  const text = storage(s, 'getItem');
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

function save(s, attempt) {
  if (attempt) storage(s, 'setItem', JSON.stringify(attempt));
}

function clear(s) {
  storage(s, 'removeItem');
}
