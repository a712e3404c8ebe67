// The load run of issue 9: sustained concurrent checkouts against the example merchant backend
// (startDemo: createProxy + its embedded sandbox, in a child process on 127.0.0.1). Each virtual checkout
// creates a payment and asks its status, again and again, `concurrency` checkouts at once. The same calls are made twice: directly
// against the sandbox (HTTP Basic, the gateway's paths) and through the proxy (the protocol of
// docs/proxy-protocol.md, with an Idempotency-Key per payment); the difference of the latencies is
// what the proxy adds. Bounded in count (`checkouts` per phase) and in time (`maxPhaseMs`). Used by
// tests/hardening/load.test.mjs and scripts/reliability.mjs.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import http, { Agent } from 'node:http';

const SERVER = fileURLToPath(new URL('./load-server.mjs', import.meta.url));
const AUTH = `Basic ${Buffer.from('sandbox-shop-token:sandbox-sec-key').toString('base64')}`;
const PAYMENT = { serviceCode: '1000-13864-2', amount: '10000', comission: '0', properties: [{ name: 'ЛИЦЕВОЙ_СЧЕТ', value: '12345' }] };

/** Starts load-server.mjs; resolves to {url, sandboxUrl, close()}. */
export async function startLoadServer() {
  const child = spawn(process.execPath, [SERVER], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('load server: no address within 20 s')), 20_000);
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve(JSON.parse(line));
    });
    child.once('exit', (code) => reject(new Error(`load server exited with ${code}`)));
  });
  lines.on('line', () => {}); // the demo's log, if any
  return {
    ...first,
    close: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    }),
  };
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** One POST with node:http (a keep-alive agent, one socket per concurrent checkout); resolves to {status, body, ms}. */
function postJson(agent, url, headers, body, timeoutMs) {
  const payload = JSON.stringify(body);
  const started = performance.now();
  return new Promise((resolve) => {
    const request = http.request(url, {
      method: 'POST',
      agent,
      timeout: timeoutMs,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers },
    }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => {
        let parsed = null;
        try {
          parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          parsed = null;
        }
        resolve({ status: response.statusCode, body: parsed, ms: performance.now() - started });
      });
      response.on('error', (error) => resolve({ status: 0, error: error.message, ms: performance.now() - started }));
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on('error', (error) => resolve({ status: 0, error: error.message, ms: performance.now() - started }));
    request.end(payload);
  });
}

/** The two calls of one checkout, by route. */
function routes(mode, server) {
  if (mode === 'direct') {
    return {
      create: (agent) => postJson(agent, `${server.sandboxUrl}/api-shop/do/payment/anonymous`, { authorization: AUTH }, PAYMENT, 30_000),
      regPayNum: (answer) => answer.body?.regPayNum,
      status: (agent, regPayNum) => postJson(agent, `${server.sandboxUrl}/api-shop/check/payment/state`, { authorization: AUTH }, { regPayNum }, 30_000),
      ok: (answer) => answer.status === 200 && answer.body && !answer.body.code,
    };
  }
  return {
    create: (agent) => postJson(agent, `${server.url}/api/ckassa/anonymousPayment`, { 'idempotency-key': randomUUID() }, PAYMENT, 30_000),
    regPayNum: (answer) => answer.body?.result?.regPayNum,
    status: (agent, regPayNum) => postJson(agent, `${server.url}/api/ckassa/paymentStatus`, {}, { regPayNum }, 30_000),
    ok: (answer) => answer.status === 200 && answer.body?.ok === true,
  };
}

/** One phase: `concurrency` checkouts at once against `mode` ('direct' | 'proxy'). */
async function phase(mode, server, { concurrency, durationMs, maxCheckouts, agent }) {
  const route = routes(mode, server);
  const latencies = { create: [], status: [] };
  /** the same, for calls started once the phase's first second is over (the sustained state) */
  const steady = { create: [], status: [] };
  const errors = {};
  let checkouts = 0;
  let started = 0;
  let inFlightPeak = 0;
  let inFlight = 0;
  const t0 = performance.now();
  const stopAt = t0 + durationMs;
  const fail = (what, answer) => {
    const key = `${what}:${answer.status}${answer.error ? `:${answer.error}` : answer.body?.error?.code ? `:${answer.body.error.code}` : ''}`;
    errors[key] = (errors[key] ?? 0) + 1;
  };
  const worker = async () => {
    while (performance.now() < stopAt && started < maxCheckouts) {
      started += 1;
      inFlight += 1;
      inFlightPeak = Math.max(inFlightPeak, inFlight);
      const createdAt = performance.now();
      const created = await route.create(agent);
      latencies.create.push(created.ms);
      if (createdAt - t0 >= 1000) steady.create.push(created.ms);
      const regPayNum = route.ok(created) ? route.regPayNum(created) : null;
      if (!regPayNum) {
        fail('create', created);
      } else {
        const askedAt = performance.now();
        const status = await route.status(agent, regPayNum);
        latencies.status.push(status.ms);
        if (askedAt - t0 >= 1000) steady.status.push(status.ms);
        if (!route.ok(status)) fail('status', status);
        else checkouts += 1;
      }
      inFlight -= 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - t0) / 1000;
  const summary = (list) => {
    const sorted = [...list].sort((a, b) => a - b);
    return { count: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? 0 };
  };
  const calls = latencies.create.length + latencies.status.length;
  return {
    mode,
    seconds,
    checkoutsStarted: started,
    checkoutsCompleted: checkouts,
    peakConcurrentCheckouts: inFlightPeak,
    calls,
    callsPerSecond: calls / seconds,
    checkoutsPerSecond: checkouts / seconds,
    create: summary(latencies.create),
    status: summary(latencies.status),
    steady: { create: summary(steady.create), status: summary(steady.status) },
    errors,
    errorCount: Object.values(errors).reduce((sum, n) => sum + n, 0),
  };
}

async function resetSandbox(server) {
  const response = await fetch(`${server.sandboxUrl}/__sandbox/reset`, { method: 'POST' });
  await response.arrayBuffer();
}

/**
 * Runs the two phases (direct, then through the proxy) against one fresh server, each with the same
 * number of checkouts from a reset sandbox (the sandbox sweeps all its payments on every request, so
 * equal counts keep its share equal), after a warm-up at full concurrency (the first burst of new
 * connections is slow in Node's fetch, which the gateway client uses).
 * Then the same calls one at a time (`unloadedCheckouts`), for the latency the proxy adds without queueing.
 * @param {{concurrency?: number, checkouts?: number, maxPhaseMs?: number, warmupMs?: number, unloadedCheckouts?: number}} [options]
 */
export async function runLoad(options = {}) {
  const concurrency = options.concurrency ?? 200;
  const checkouts = options.checkouts ?? 2000;
  const maxPhaseMs = options.maxPhaseMs ?? 60_000;
  const warmupMs = options.warmupMs ?? 1500;
  const unloadedCheckouts = options.unloadedCheckouts ?? 300;
  const server = await startLoadServer();
  // One keep-alive socket per checkout and per route, kept from the warm-up to the measure: what is
  // measured is the sustained state, not the first burst of new connections (reported apart).
  const agents = { direct: new Agent({ keepAlive: true, maxSockets: concurrency }), proxy: new Agent({ keepAlive: true, maxSockets: concurrency }) };
  try {
    const coldDirect = await phase('direct', server, { concurrency, durationMs: warmupMs, maxCheckouts: 100_000, agent: agents.direct });
    const coldProxy = await phase('proxy', server, { concurrency, durationMs: warmupMs, maxCheckouts: 100_000, agent: agents.proxy });
    await resetSandbox(server);
    const direct = await phase('direct', server, { concurrency, durationMs: maxPhaseMs, maxCheckouts: checkouts, agent: agents.direct });
    await resetSandbox(server);
    const proxy = await phase('proxy', server, { concurrency, durationMs: maxPhaseMs, maxCheckouts: checkouts, agent: agents.proxy });
    // The same calls one at a time: the latency the proxy itself adds, without queueing.
    const single = { direct: new Agent({ keepAlive: true, maxSockets: 1 }), proxy: new Agent({ keepAlive: true, maxSockets: 1 }) };
    await resetSandbox(server);
    const unloadedDirect = await phase('direct', server, { concurrency: 1, durationMs: maxPhaseMs, maxCheckouts: unloadedCheckouts, agent: single.direct });
    const unloadedProxy = await phase('proxy', server, { concurrency: 1, durationMs: maxPhaseMs, maxCheckouts: unloadedCheckouts, agent: single.proxy });
    single.direct.destroy();
    single.proxy.destroy();
    const unloaded = {
      direct: unloadedDirect,
      proxy: unloadedProxy,
      added: {
        createP50: unloadedProxy.create.p50 - unloadedDirect.create.p50,
        createP99: unloadedProxy.create.p99 - unloadedDirect.create.p99,
        statusP50: unloadedProxy.status.p50 - unloadedDirect.status.p50,
        statusP99: unloadedProxy.status.p99 - unloadedDirect.status.p99,
      },
    };
    const warmup = {
      direct: { create: coldDirect.create, errorCount: coldDirect.errorCount },
      proxy: { create: coldProxy.create, errorCount: coldProxy.errorCount },
    };
    const added = {
      steadyCreateP50: proxy.steady.create.p50 - direct.steady.create.p50,
      steadyCreateP99: proxy.steady.create.p99 - direct.steady.create.p99,
      steadyStatusP50: proxy.steady.status.p50 - direct.steady.status.p50,
      steadyStatusP99: proxy.steady.status.p99 - direct.steady.status.p99,
      createP50: proxy.create.p50 - direct.create.p50,
      createP99: proxy.create.p99 - direct.create.p99,
      statusP50: proxy.status.p50 - direct.status.p50,
      statusP99: proxy.status.p99 - direct.status.p99,
    };
    return { concurrency, checkouts, direct, proxy, added, warmup, unloaded };
  } finally {
    agents.direct.destroy();
    agents.proxy.destroy();
    await server.close();
  }
}
