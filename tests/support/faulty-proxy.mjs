// A fault-injecting HTTP proxy for the hardening tests (tests/hardening/), on 127.0.0.1 only, bounded in
// time and in requests. It sits on one hop (the merchant proxy → the gateway, the gateway's notifier →
// the merchant, or the browser → the merchant proxy) and, per request, either forwards it untouched or
// injects one fault:
//
//   delay         wait `ms` before forwarding (a slow network or a slow gateway)
//   reset-before  read the request, then reset the connection without forwarding it (nothing happened,
//                 but the sender cannot know that)
//   reset-after   forward it, read the answer, then reset the connection (it happened; the answer is lost)
//   status-5xx    answer 500/502/503 with an HTML body, as a load balancer would, without forwarding
//   status-5xx-after  forward it, then answer 502/504 with an HTML body instead of the target's answer
//                 (a load balancer that gave up on an upstream which did take the request)
//   slow-body     forward it, then trickle the answer's body a few bytes at a time
//   duplicate     forward it twice (at once or after a gap), answer with the first answer
//   reorder       hold it until a later request of the same group (e.g. the same regPayNum) has been
//                 forwarded, or `holdMs` passed: a later notification overtakes an earlier one
//
// `decide(info)` picks the fault of each request; `faultPlan()` builds one from rates and a seeded random
// source, so a run is reproducible. Every decision is counted in `stats.byKind`.
import http from 'node:http';

/** The faults this proxy can inject, in the order the reports list them. */
export const FAULT_KINDS = Object.freeze(['delay', 'reset-before', 'reset-after', 'status-5xx', 'status-5xx-after', 'slow-body', 'duplicate', 'reorder']);

/** A small seeded PRNG (mulberry32): `random()` in [0, 1). */
export function seededRandom(seed) {
  let a = (Number(seed) >>> 0) || 0x9e3779b9;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const between = (random, [lo, hi]) => Math.round(lo + random() * (hi - lo));

/**
 * A `decide` function from rates (probabilities per request, summed they must stay ≤ 1).
 * @param {{
 *   rates?: Partial<Record<string, number>>,
 *   random?: () => number,
 *   match?: (info: object) => boolean,     requests it may touch (others pass)
 *   delayMs?: [number, number],
 *   statuses?: number[],
 *   slowBody?: { chunkBytes?: number, intervalMs?: [number, number] },
 *   duplicateGapMs?: [number, number],
 *   holdMs?: [number, number],
 * }} options
 */
export function faultPlan(options = {}) {
  const random = options.random ?? Math.random;
  const rates = options.rates ?? {};
  const total = Object.values(rates).reduce((sum, rate) => sum + (rate ?? 0), 0);
  if (total > 1) throw new RangeError(`faultPlan: the rates add up to ${total} > 1`);
  const match = options.match ?? (() => true);
  const delayMs = options.delayMs ?? [50, 800];
  const statuses = options.statuses ?? [500, 502, 503];
  const slow = { chunkBytes: options.slowBody?.chunkBytes ?? 16, intervalMs: options.slowBody?.intervalMs ?? [5, 40] };
  const gapMs = options.duplicateGapMs ?? [0, 300];
  const holdMs = options.holdMs ?? [300, 1500];
  return (info) => {
    if (!match(info)) return { kind: 'pass' };
    let roll = random();
    for (const kind of FAULT_KINDS) {
      const rate = rates[kind] ?? 0;
      if (roll < rate) {
        switch (kind) {
          case 'delay': return { kind, ms: between(random, delayMs) };
          case 'status-5xx': return { kind, status: statuses[Math.floor(random() * statuses.length)] };
          case 'status-5xx-after': return { kind, status: random() < 0.5 ? 502 : 504 };
          case 'slow-body': return { kind, chunkBytes: slow.chunkBytes, intervalMs: between(random, slow.intervalMs) };
          case 'duplicate': return { kind, gapMs: between(random, gapMs) };
          case 'reorder': return { kind, holdMs: between(random, holdMs) };
          default: return { kind };
        }
      }
      roll -= rate;
    }
    return { kind: 'pass' };
  };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resets the connection (RST where Node can, else a plain destroy). */
function reset(socket) {
  if (!socket || socket.destroyed) return;
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket.destroy();
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']);

/** The JSON body's `regPayNum` (notifications, status calls), or null. */
export function regPayNumGroup(info) {
  const n = info.json && typeof info.json === 'object' ? info.json.regPayNum : undefined;
  return typeof n === 'string' || typeof n === 'number' ? String(n) : null;
}

/**
 * Starts the proxy in front of `target` (an origin: http://127.0.0.1:PORT).
 * @param {{
 *   target: string,
 *   decide?: (info: {n: number, method: string, path: string, headers: object, body: Buffer, json: unknown}) => object,
 *   groupOf?: (info: object) => string | null,   which requests a `reorder` waits for (default: regPayNum)
 *   upstreamTimeoutMs?: number,                  the longest wait for the target
 *   upstreamFailure?: 'reset' | 'status',        when the target fails (drops the connection, times out):
 *                                                reset the sender's connection too, like a TCP relay
 *                                                (default), or answer 502/504 like nginx
 *   maxRequests?: number, maxMs?: number,        caps: past them it answers 503 / stops listening
 *   keepEvents?: number,                         how many decisions `events` keeps (the last ones)
 * }} options
 * @returns {Promise<{url: string, stats: object, events: object[], decide: Function, setTarget: (url: string) => void, close: () => Promise<void>}>}
 */
export async function startFaultyProxy(options) {
  let target = new URL(options.target);
  const groupOf = options.groupOf ?? regPayNumGroup;
  const upstreamTimeoutMs = options.upstreamTimeoutMs ?? 30_000;
  const upstreamFailure = options.upstreamFailure ?? 'reset';
  const maxRequests = options.maxRequests ?? 1_000_000;
  const maxMs = options.maxMs ?? 15 * 60_000;
  const keepEvents = options.keepEvents ?? 2000;
  const stats = { requests: 0, forwarded: 0, upstreamErrors: 0, byKind: Object.fromEntries([['pass', 0], ...FAULT_KINDS.map((k) => [k, 0])]) };
  const events = [];
  /** group → callbacks of held requests, released when a later one of the group has been forwarded */
  const held = new Map();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const sockets = new Set();

  /** Sends one copy to the target; resolves to {status, headers, body} or {error}. */
  function forward(req, body) {
    return new Promise((resolve) => {
      const headers = {};
      for (const [name, value] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(name)) headers[name] = value;
      headers.host = target.host;
      headers['content-length'] = String(body.length);
      const upstream = http.request({
        protocol: target.protocol, hostname: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent,
      });
      const timer = setTimeout(() => upstream.destroy(new Error(`no answer within ${upstreamTimeoutMs} ms`)), upstreamTimeoutMs);
      upstream.on('response', (response) => {
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () => {
          clearTimeout(timer);
          stats.forwarded += 1;
          resolve({ status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks) });
        });
        response.on('error', (error) => {
          clearTimeout(timer);
          resolve({ error });
        });
      });
      upstream.on('error', (error) => {
        clearTimeout(timer);
        resolve({ error });
      });
      upstream.end(body);
    });
  }

  function releaseGroup(group) {
    const waiting = group === null ? undefined : held.get(group);
    if (!waiting) return;
    held.delete(group);
    for (const release of waiting) release();
  }

  function answerUpstream(res, answer) {
    if (answer.error) {
      stats.upstreamErrors += 1;
      if (res.headersSent) {
        reset(res.socket);
        return;
      }
      if (answer.error.code === 'ECONNREFUSED') {
        // The target is not listening (a restart): nothing reached it, so say so, as a balancer would.
        res.writeHead(503, { 'content-type': 'text/html', 'retry-after': '1' });
        res.end('<html><body><h1>Service Unavailable</h1>faulty-proxy: upstream refused the connection</body></html>');
        return;
      }
      if (upstreamFailure === 'reset') {
        reset(res.socket);
        return;
      }
      // What a load balancer says when the target dropped the connection or did not answer.
      res.writeHead(answer.error.message?.startsWith('no answer') ? 504 : 502, { 'content-type': 'text/html' });
      res.end('<html><body><h1>Bad Gateway</h1>faulty-proxy: upstream failed</body></html>');
      return;
    }
    const headers = {};
    for (const [name, value] of Object.entries(answer.headers)) if (!HOP_BY_HOP.has(name)) headers[name] = value;
    headers['content-length'] = String(answer.body.length);
    res.writeHead(answer.status, headers);
    res.end(answer.body);
  }

  async function handle(req, res, n) {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const body = Buffer.concat(chunks);
    let json = null;
    try {
      json = body.length ? JSON.parse(body.toString('utf8')) : null;
    } catch {
      json = null;
    }
    const info = { n, method: req.method, path: req.url, headers: req.headers, body, json };
    const fault = (options.decide ?? proxy.decide)?.(info) ?? { kind: 'pass' };
    stats.byKind[fault.kind] = (stats.byKind[fault.kind] ?? 0) + 1;
    const group = groupOf(info);
    events.push({ n, at: Date.now(), path: req.url, kind: fault.kind, group });
    if (events.length > keepEvents) events.splice(0, events.length - keepEvents);

    switch (fault.kind) {
      case 'reset-before':
        reset(req.socket);
        return;
      case 'status-5xx':
        res.writeHead(fault.status ?? 503, { 'content-type': 'text/html' });
        res.end(`<html><body><h1>${fault.status ?? 503}</h1>faulty-proxy</body></html>`);
        return;
      case 'delay':
        await sleep(fault.ms ?? 0);
        break;
      case 'reorder':
        await new Promise((resolve) => {
          const timer = setTimeout(resolve, fault.holdMs ?? 1000);
          if (group === null) return;
          const waiting = held.get(group) ?? [];
          waiting.push(() => {
            clearTimeout(timer);
            // A moment after the later one's answer, so it is stored first.
            setTimeout(resolve, 20);
          });
          held.set(group, waiting);
        });
        break;
      default:
        break;
    }

    let answer;
    if (fault.kind === 'duplicate') {
      const first = forward(req, body);
      const second = (fault.gapMs ? sleep(fault.gapMs) : Promise.resolve()).then(() => forward(req, body));
      answer = await first;
      second.catch(() => {});
    } else {
      answer = await forward(req, body);
    }
    if (fault.kind !== 'reorder') releaseGroup(group);

    if (fault.kind === 'reset-after') {
      reset(req.socket);
      return;
    }
    if (fault.kind === 'status-5xx-after') {
      res.writeHead(fault.status ?? 502, { 'content-type': 'text/html' });
      res.end(`<html><body><h1>${fault.status ?? 502}</h1>faulty-proxy</body></html>`);
      return;
    }
    if (fault.kind === 'slow-body' && !answer.error) {
      const headers = {};
      for (const [name, value] of Object.entries(answer.headers)) if (!HOP_BY_HOP.has(name)) headers[name] = value;
      headers['content-length'] = String(answer.body.length);
      res.writeHead(answer.status, headers);
      const size = Math.max(1, fault.chunkBytes ?? 16);
      for (let at = 0; at < answer.body.length; at += size) {
        if (res.destroyed) return;
        res.write(answer.body.subarray(at, at + size));
        await sleep(fault.intervalMs ?? 10);
      }
      res.end();
      return;
    }
    answerUpstream(res, answer);
  }

  let count = 0;
  const server = http.createServer((req, res) => {
    count += 1;
    stats.requests += 1;
    if (count > maxRequests) {
      req.resume();
      res.writeHead(503, { 'content-type': 'text/plain' }).end('faulty-proxy: request cap reached');
      return;
    }
    handle(req, res, count).catch(() => reset(req.socket));
  });
  server.keepAliveTimeout = 5000;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const stopTimer = setTimeout(() => server.close(), maxMs);
  stopTimer.unref();

  let closing = null;
  const proxy = {
    url: `http://127.0.0.1:${server.address().port}`,
    stats,
    events,
    /** Points the proxy at another origin (to close a loop of services started one after the other). */
    setTarget(url) {
      target = new URL(url);
    },
    /** Replaceable: the fault of each request (when `options.decide` was not given). */
    decide: () => ({ kind: 'pass' }),
    close() {
      closing ??= new Promise((resolve) => {
        clearTimeout(stopTimer);
        for (const waiting of held.values()) for (const release of waiting) release();
        held.clear();
        for (const socket of sockets) socket.destroy();
        agent.destroy();
        server.close(() => resolve());
      });
      return closing;
    },
  };
  return proxy;
}
