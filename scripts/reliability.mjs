#!/usr/bin/env node
// The reliability report of issue 9: runs the fault run, the load run, the short fuzz run and the
// boundary tests, then writes docs/reliability.md with the figures of this run and the commands that
// reproduce them. Needs the built package (npm run build).
//
//   node scripts/reliability.mjs [--attempts 1000] [--concurrency 40] [--seed N]
//                                [--load-checkouts 5000] [--load-concurrency 200]
//                                [--skip-fuzz] [--skip-boundary] [--out docs/reliability.md] [--json FILE]
//
// Exits 1 when an invariant of the fault run or the load run's "no error" failed (the document is
// written anyway, with the violations in it).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { execSync } from 'node:child_process';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    attempts: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '40' },
    seed: { type: 'string', default: '20260109' },
    'load-checkouts': { type: 'string', default: '5000' },
    'load-concurrency': { type: 'string', default: '200' },
    'skip-fuzz': { type: 'boolean', default: false },
    'skip-boundary': { type: 'boolean', default: false },
    out: { type: 'string', default: 'docs/reliability.md' },
    json: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (args.help) {
  process.stdout.write(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 11).map((l) => l.replace(/^\/\/ ?/, '')).join('\n') + '\n');
  process.exit(0);
}
const say = (line) => process.stderr.write(`[reliability] ${line}\n`);
if (!existsSync(join(root, 'dist', 'server', 'index.mjs'))) {
  say('dist/ is not built: run npm run build first');
  process.exit(2);
}

/** Runs a command; resolves to {code, out, ms} with stdout and stderr together. */
function run(command, commandArgs, { timeoutMs }) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, commandArgs, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? `killed by ${signal}` : null), out, ms: Date.now() - started });
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: `not started: ${error.message}`, out, ms: Date.now() - started });
    });
  });
}

/** `RESULT name=value` lines (also `# RESULT ...` as node --test prints a test's output). */
function results(text) {
  const found = {};
  for (const m of text.matchAll(/RESULT ([\w.-]+)=(\S*)/g)) found[m[1]] = m[2];
  return found;
}

const fmt = (n, digits = 1) => (typeof n === 'number' ? (Number.isInteger(n) ? String(n) : n.toFixed(digits)) : String(n ?? '–'));
const table = (head, rows) => [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map((c) => String(c).replaceAll('|', '\\|')).join(' | ')} |`)].join('\n');

const commit = (() => {
  try {
    return execSync('git rev-parse --short HEAD', { cwd: root }).toString().trim();
  } catch {
    return 'unknown';
  }
})();
const startedAt = new Date();
const report = { commit, startedAt: startedAt.toISOString(), node: process.version };

// ---- 1. the fault run ----
const attempts = Number(args.attempts);
say(`fault run: ${attempts} attempts, concurrency ${args.concurrency}, seed ${args.seed}`);
const { runFaultRun, RATES, TRIGGERS } = await import('../tests/hardening/fault-run.mjs');
const fault = await runFaultRun({ attempts, concurrency: Number(args.concurrency), seed: Number(args.seed), log: say });
report.fault = { figures: fault.figures, violations: fault.violations };
say(`fault run: ${fault.violations.length} violations in ${Math.round(fault.figures.durationMs / 1000)} s`);

// ---- 2. the load run ----
say(`load run: ${args['load-concurrency']} concurrent checkouts, ${args['load-checkouts']} per phase`);
const { runLoad } = await import('../tests/hardening/load-run.mjs');
const load = await runLoad({ concurrency: Number(args['load-concurrency']), checkouts: Number(args['load-checkouts']), maxPhaseMs: 120_000 });
report.load = load;
say(`load run: direct ${fmt(load.direct.callsPerSecond, 0)} calls/s, proxy ${fmt(load.proxy.callsPerSecond, 0)} calls/s, errors ${load.direct.errorCount}/${load.proxy.errorCount}`);

// ---- 3. the fuzz figures ----
if (args['skip-fuzz']) {
  report.fuzz = { skipped: true };
} else if (!existsSync(join(root, 'scripts', 'fuzz.sh'))) {
  report.fuzz = { absent: true };
} else {
  say('fuzz: bash scripts/fuzz.sh --short');
  const fuzz = await run('bash', ['scripts/fuzz.sh', '--short'], { timeoutMs: 15 * 60_000 });
  report.fuzz = { code: fuzz.code, ms: fuzz.ms, results: results(fuzz.out), tail: fuzz.code === 0 ? '' : fuzz.out.split('\n').slice(-25).join('\n') };
}

// ---- 4. the boundary tests ----
const boundaryFiles = ['tests/js/boundary.test.mjs', 'tests/js/boundary.browser.test.mjs'].filter((f) => existsSync(join(root, f)));
if (args['skip-boundary']) {
  report.boundary = { skipped: true };
} else if (boundaryFiles.length === 0) {
  report.boundary = { absent: true };
} else {
  say(`boundary: node --test ${boundaryFiles.join(' ')}`);
  const boundary = await run(process.execPath, ['--test', '--test-timeout=600000', ...boundaryFiles], { timeoutMs: 15 * 60_000 });
  const summary = Object.fromEntries([...boundary.out.matchAll(/^# (tests|pass|fail|todo|skipped|cancelled) (\d+)/gm)].map((m) => [m[1], Number(m[2])]));
  report.boundary = { files: boundaryFiles, code: boundary.code, ms: boundary.ms, results: results(boundary.out), summary };
}

if (args.json) writeFileSync(resolve(root, args.json), `${JSON.stringify(report, null, 2)}\n`);

// ---- the document ----
const f = fault.figures;
const faultRows = [];
for (const [hop, kinds] of Object.entries(f.faults)) {
  for (const [kind, n] of Object.entries(kinds)) if (kind !== 'requests') faultRows.push([hop, kind, n, `${fmt((100 * n) / kinds.requests)} %`]);
}
const outcomeRows = Object.entries(f.outcomes).sort((a, b) => b[1] - a[1]).map(([k, n]) => [k, n]);
const loadRow = (label, p) => [label, p.checkoutsCompleted, p.peakConcurrentCheckouts, fmt(p.callsPerSecond, 0), fmt(p.checkoutsPerSecond, 0),
  `${fmt(p.create.p50)} / ${fmt(p.create.p99)} / ${fmt(p.create.max, 0)}`, p.steady.create.count ? `${fmt(p.steady.create.p50)} / ${fmt(p.steady.create.p99)}` : '–',
  `${fmt(p.status.p50)} / ${fmt(p.status.p99)}`, p.steady.status.count ? `${fmt(p.steady.status.p50)} / ${fmt(p.steady.status.p99)}` : '–', p.errorCount];
const u = load.unloaded;
const fuzzText = (() => {
  if (report.fuzz.skipped) return 'Skipped in this run (`--skip-fuzz`).';
  if (report.fuzz.absent) return '`scripts/fuzz.sh` is absent: no fuzz figures.';
  const r = report.fuzz.results;
  if (Object.keys(r).length === 0) return `\`bash scripts/fuzz.sh --short\` printed no RESULT line (exit ${report.fuzz.code}).\n\n\`\`\`\n${report.fuzz.tail}\n\`\`\``;
  const targets = [...new Set(Object.keys(r).map((k) => /^fuzz_(.+)_(execs|corpus)$/.exec(k)?.[1]).filter(Boolean))];
  // When the script stopped before its summary, the totals come from the per-target lines.
  const summed = targets.reduce((sum, t) => sum + Number(r[`fuzz_${t}_execs`] ?? 0), 0);
  const total = r.fuzz_total_execs ?? `${summed} (summed from the per-target lines: the script printed no summary)`;
  return [
    `\`bash scripts/fuzz.sh --short\`: exit ${report.fuzz.code}, ${r.fuzz_targets ?? targets.length} targets, ${r.fuzz_seconds_per_target ?? '?'} s each, `
      + `**${total} inputs tried**, **${r.fuzz_crashes ?? '?'} crashes**, ${r.fuzz_wall_seconds ?? Math.round(report.fuzz.ms / 1000)} s in all.`,
    '',
    table(['target', 'inputs tried', 'corpus'], targets.map((t) => [t, r[`fuzz_${t}_execs`] ?? '–', r[`fuzz_${t}_corpus`] ?? '–'])),
    ...(report.fuzz.code === 0 ? [] : ['', '```', report.fuzz.tail, '```']),
  ].join('\n');
})();
const boundaryText = (() => {
  if (report.boundary.skipped) return 'Skipped in this run (`--skip-boundary`).';
  if (report.boundary.absent) return 'No `tests/js/boundary*.test.mjs`: no boundary figures.';
  const r = report.boundary.results;
  const s = report.boundary.summary;
  const rows = Object.entries(r).filter(([k]) => k.startsWith('boundary_')).map(([k, v]) => [k, v]);
  return [
    `\`node --test ${report.boundary.files.join(' ')}\`: exit ${report.boundary.code}; tests ${s.tests ?? '?'}, pass ${s.pass ?? '?'}, fail ${s.fail ?? '?'}, todo ${s.todo ?? '?'} (the todo tests are known bugs, reported by that suite), skipped ${s.skipped ?? '?'}.`,
    '',
    rows.length ? table(['figure', 'value'], rows) : 'The tests printed no RESULT line (skipped: is dist/ built, is Chromium there?).',
  ].join('\n');
})();

const doc = `# Reliability: faults, load and security

Generated by \`node scripts/reliability.mjs\` on ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC, commit \`${commit}\`,
Node ${process.version}, ${(await import('node:os')).cpus().length} CPUs. Every figure below is from that one run; run the script again to
regenerate this file. The invariants are asserted by the tests in \`tests/hardening/\`, which run in \`npm test\`.

## How to reproduce

\`\`\`sh
npm run build                                    # the tests import dist/
node scripts/reliability.mjs                     # everything below; --help for the options
node --test tests/hardening/                     # the assertions: faults, load, security
FAULT_ATTEMPTS=5000 node --test tests/hardening/faults.test.mjs   # a longer fault run (FAULT_SEED, FAULT_CONCURRENCY)
LOAD_CHECKOUTS=10000 node --test tests/hardening/load.test.mjs    # a longer load run (LOAD_CONCURRENCY)
bash scripts/fuzz.sh --short                     # the fuzz figures alone
node --test tests/js/boundary.test.mjs tests/js/boundary.browser.test.mjs   # the boundary figures alone
\`\`\`

This run: \`node scripts/reliability.mjs --attempts ${args.attempts} --concurrency ${args.concurrency} --seed ${args.seed} --load-checkouts ${args['load-checkouts']} --load-concurrency ${args['load-concurrency']}${args['skip-fuzz'] ? ' --skip-fuzz' : ''}${args['skip-boundary'] ? ' --skip-boundary' : ''}\`.

## Faults

**${f.attempts} scripted payment attempts** (seed ${f.seed}, ${f.concurrency} at a time, ${fmt(f.durationMs / 1000)} s) through

\`\`\`
payer: CheckoutClient (Node, one per attempt) ─▶ faulty hop ─▶ merchant proxy (createProxy on node:http) ─▶ faulty hop ─▶ sandbox
sandbox notifier ─▶ faulty hop (also duplicates, reorders) ─▶ merchant proxy /notifications ─▶ onNotification (the merchant's store)
\`\`\`

The faulty hops are \`tests/support/faulty-proxy.mjs\`; the run is \`tests/hardening/fault-run.mjs\`. The payer fills the sandbox's
card form and 3-D Secure page with HTTP POSTs, and presses "Pay" again (up to 4 times) after an error that invites it
(network, timeout, \`gateway_unavailable\`, \`gateway_timeout\`, \`unavailable\`, \`idempotency_in_progress\`); the client decides the
key of each try. Each attempt is bounded (30 s, and a watchdog 5 s later counts a hang). The merchant's \`beforeForward\` writes
the Idempotency-Key into the payment's \`properties\`, so every payment in \`/__sandbox/payments\` names the key that created it.
The merchant proxy is stopped (in-flight calls cut) and started again on the same port with the same idempotency and
notification stores during ${f.restartAttempts} 3-D Secure round trips, between the 2365 answer and the return.

### The invariants

| invariant | result |
| --- | --- |
| no double charge: at most one payment per idempotency key in \`/__sandbox/payments\` | **${f.doubleChargesPerKey}** keys with more than one payment (${f.payments} payments) |
| no double charge per payer: at most one charged payment per attempt | **${f.doubleChargesPerAttempt}** attempts charged twice${f.doubleChargesPerAttempt ? ` (${f.attemptsChargedTwice.map((a) => a.attempt).join(', ')}: the client bug below)` : ''} |
| no refund twice | **${f.doubleRefunds}** |
| no lost notification once acknowledged: every notification the sandbox recorded as delivered (HTTP 200) is in the merchant's store exactly once | **${f.notificationsLost}** lost, **${f.notificationsPassedOnTwice}** passed on twice; ${f.notificationsStoredOnce} stored once, ${f.notificationsSupersededOutOfOrder} acknowledged as out of order after a later state of the same payment was stored (by design: docs/server.md) |
| every payer sees a final state or a typed error/pending outcome, never a hang | **${f.hangs}** hangs, **${f.untypedOutcomes}** untyped outcomes; slowest attempt ${fmt(f.attemptMsMax / 1000)} s (p50 ${fmt(f.attemptMsP50 / 1000)} s, p99 ${fmt(f.attemptMsP99 / 1000)} s) |
| a payer told "paid" was charged | **${f.toldPaidNotCharged}** told paid without a charge |
| proxy restart during 3-D Secure: the same key gets the same 2365 answer from the new proxy | ${f.restartReplays} of ${f.restartAttempts} replayed (${f.merchantRestarts} restarts) |

${fault.violations.length ? `**Violations (${fault.violations.length}):**\n\n${fault.violations.slice(0, 30).map((v) => `- ${v}`).join('\n')}\n` : 'No violation.'}

### What the payers saw

${table(['outcome', 'attempts'], outcomeRows)}

\`error:proxy:idempotency_outcome_unknown\` is the clear pending message: the first try reached the gateway and its answer was
lost, so the proxy will not send it again (the payer is told to wait for the shop). \`pending\` is \`resume()\`'s deadline
(12 s; 2.5 s for payers who abandon the form) passing with the payment still \`created\`.

Attempts: ${Object.entries(f.plans).map(([k, n]) => `${n} ${k}`).join(', ')}; payers: ${Object.entries(f.payers).map(([k, n]) => `${n} ${k}`).join(', ')}.
pay() was called ${f.payTries} times in all; ${f.attemptsWithSeveralKeys} attempts sent more than one idempotency key (a new key after an
error the client treats as final). Refunds (one key per refund, retried): ${Object.entries(f.refunds).map(([k, n]) => `${n} ${k}`).join(', ') || 'none'}.
Payments: ${f.payments} created, ${f.paymentsCharged} charged, ${f.paymentsLeftCreated} left \`created\` (forms never filled, answers lost).

### Faults injected: ${f.faultsInjected} by the hops, plus sandbox triggers

${table(['hop', 'fault', 'count', 'share of the hop\'s requests'], faultRows)}

Requests through the hops: client ${f.faults.client.requests}, gateway ${f.faults.gateway.requests}, notify ${f.faults.notify.requests}.
Delays on the gateway hop go up to 2.6 s, past the gateway client's 2 s timeout. Rates per request: ${Object.entries(RATES).map(([hop, r]) => `${hop} ${Object.entries(r).map(([k, v]) => `${k} ${v}`).join(', ')}`).join('; ')}.

Sandbox triggers: in the payment's properties (${TRIGGERS.map(([p, n]) => `${n} ${p}`).join(', ')}): ${Object.entries(f.triggers).map(([k, n]) => `${n} ${k}`).join(', ') || 'none'};
armed for the next request of any operation (\`error500\`, \`drop-after-create\`; at most two waiting at a time, none for the
last ${f.concurrency} attempts): ${f.armedScenarios} armed, ${f.armedScenariosUsed} used.
Merchant proxy restarts: ${f.merchantRestarts}.

Notifications: ${f.notifications} sent by the sandbox (with \`notifyAll\`), ${f.notificationsDelivered} delivered, ${f.notificationsFailed} given up,
${f.notificationsPending} still pending at the end, in ${f.notificationDeliveryAttempts} delivery attempts.

## Load

The example backend (\`examples/proxy/server.mjs\`, \`startDemo\`: createProxy with its embedded sandbox, one Node process on
127.0.0.1) under **${load.concurrency} concurrent checkouts**; a checkout is a payment creation and a status call, ${load.checkouts} checkouts per
phase, from a reset sandbox. The same calls are made directly against the sandbox (HTTP Basic, the gateway's paths) and
through the proxy (\`docs/proxy-protocol.md\`, an Idempotency-Key per payment); the load generator is another process
(\`tests/hardening/load-run.mjs\`). Latencies in ms: p50 / p99 / max of every call, and p50 / p99 of the calls started after the
phase's first second (the sustained state).

${table(['route', 'checkouts', 'at once', 'calls/s', 'checkouts/s', 'create p50/p99/max', 'create sustained', 'status p50/p99', 'status sustained', 'errors'],
    [loadRow('direct to the sandbox', load.direct), loadRow('through the proxy', load.proxy)])}

Latency added by the proxy at ${load.concurrency} at once (proxy − direct): create p50 **${fmt(load.added.createP50)} ms**, p99 **${fmt(load.added.createP99)} ms**;
status p50 **${fmt(load.added.statusP50)} ms**, p99 **${fmt(load.added.statusP99)} ms**; sustained: create p50 ${fmt(load.added.steadyCreateP50)} ms, p99 ${fmt(load.added.steadyCreateP99)} ms,
status p50 ${fmt(load.added.steadyStatusP50)} ms, p99 ${fmt(load.added.steadyStatusP99)} ms.

One call at a time (${u.direct.checkoutsCompleted} checkouts), the latency the proxy itself adds: create p50 **${fmt(u.added.createP50, 2)} ms** (${fmt(u.direct.create.p50, 2)} → ${fmt(u.proxy.create.p50, 2)}),
p99 ${fmt(u.added.createP99, 2)} ms; status p50 **${fmt(u.added.statusP50, 2)} ms** (${fmt(u.direct.status.p50, 2)} → ${fmt(u.proxy.status.p50, 2)}), p99 ${fmt(u.added.statusP99, 2)} ms. Errors: ${u.direct.errorCount} direct, ${u.proxy.errorCount} through the proxy.

Errors under load: **${load.direct.errorCount}** direct, **${load.proxy.errorCount}** through the proxy${load.proxy.errorCount || load.direct.errorCount ? ` (${JSON.stringify({ ...load.direct.errors, ...load.proxy.errors })})` : ''}; warm-up (${load.warmup.direct.create.count} + ${load.warmup.proxy.create.count} checkouts): ${load.warmup.direct.errorCount} + ${load.warmup.proxy.errorCount}.

Reading the figures:

- At ${load.concurrency} at once the proxy route is throughput-bound: the proxy and the sandbox share one process, and each proxied call
  costs the proxy's validation plus a second HTTP exchange (the gateway client, on Node's \`fetch\`). The added p50 is
  queueing (Little's law: ${load.concurrency} in flight ÷ ${fmt(load.proxy.callsPerSecond, 0)} calls/s ≈ ${fmt((1000 * load.concurrency) / load.proxy.callsPerSecond, 0)} ms), not work per call (one at a time it adds about ${fmt(u.added.createP50, 1)} ms).
- The difference between all calls and the sustained state is the first burst: ${load.concurrency} checkouts that start at the same
  instant. Through the proxy the last of them waited up to ${fmt(load.proxy.create.max / 1000)} s (directly: ${fmt(load.direct.create.max / 1000)} s). The cause was
  not isolated; the lead suspect is the gateway client's transport, Node's \`fetch\` (undici): in a separate probe during
  this work (200 concurrent POSTs to a trivial loopback server), \`fetch\` served about 2,000 calls/s with a p99 of 2.5 s in
  its first seconds, \`node:http\` with a keep-alive agent about 13,600 calls/s with a p99 of 38 ms. A merchant expecting such
  bursts can pass \`createGateway({ fetch })\` over a keep-alive \`node:http\` agent.
- The sandbox sweeps every payment on every request (\`state.sweep()\`), so it slows down as payments pile up; each phase
  therefore starts from a reset sandbox with the same number of checkouts.

## Fuzzing

${fuzzText}

## Boundary tests

${boundaryText}

## Security checks

\`tests/hardening/security.test.mjs\`:

- The browser bundles (\`dist/web/index.js\`, \`dist/base64/index.js\`, \`dist/ckassa.min.js\`, and the wasm they load or inline)
  contain none of: \`secKey\`/\`sec_key\`, \`shopToken\`/\`shop_token\`, an \`Authorization\` header name (as a string or an object
  key), \`Basic \` credentials being built, the gateway's API host or \`/api-shop\` paths; nor \`eval(\`, \`new Function(\`, a string
  \`setTimeout\`. The same secret patterns do match \`dist/server/index.mjs\`, so the check is not vacuous.
- The proxy answers 403 \`operation_not_allowed\` to every operation it was not given (nothing reaches the gateway), 413
  \`body_too_large\` to a body over \`maxBodyBytes\` (declared, or streamed chunked), 415 to a form post, 405 to a GET; it sends the
  shop's own Basic credentials and never the browser's \`Authorization\` or cookies.
- A forged \`X-Forwarded-For\` does not change the payer's IP (\`clientAuInfo.ipAddress\`, \`browserIP\`, \`beforeForward\`'s
  \`clientIp\`) unless \`trustProxy\` names the connecting address.
- Notifications from outside \`allowList\` / \`notificationAllowList\` get 403 \`source_not_allowed\` and are not passed on, also
  with a forged \`X-Forwarded-For\`, unless the connecting address is a trusted proxy.
- The strict CSP: the example backend serves \`script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'\` without
  \`unsafe-inline\`/\`unsafe-eval\`; the checkout running under it in Chromium without a violation is
  \`tests/e2e/checkout.test.mjs\` (not repeated here).

## Bugs found

All three are fixed; the first two have regression tests in \`tests/hardening/faults.test.mjs\`, the third in \`tests/js/client.node.test.mjs\`.

1. **The proxy frees an idempotency key on any HTTP 5xx, so a 502/504 from a balancer after the gateway took the payment lets
   the same key pay again** (\`js/server/proxy.js\`, \`failureOf\`: \`status >= 500\` → fate \`not_done\` → \`store.delete(key)\`).
   docs/server.md documents "a 5xx answer, taken as not done, since the gateway says that it failed", but a 502/504 with an
   HTML body comes from whatever stands in front of the gateway and says nothing about whether the gateway acted. Found by
   the fault run when the faulty hop answered 502 for a connection the sandbox dropped after creating the payment
   (\`drop-after-create\`): one key, up to 7 charged payments of one saved card (the client retries, the payer presses Pay
   again). Reproducer: a recurrent payment through \`createProxy\` whose gateway sits behind a hop that forwards the request
   and answers 502; POST it twice with the same \`Idempotency-Key\` → two \`payed\` payments. The fault run therefore passes
   upstream failures on as connection resets (a TCP relay), which the proxy handles correctly (\`outcome: unknown\`, 409
   afterwards). Fixed: only the gateway's own JSON error with a code (e.g. 1999) counts as "not done"; any other 5xx (HTML, empty,
   502/503/504) leaves the outcome unknown and the key kept.
2. **\`pay()\` forgets the attempt after a 502/504 whose outcome is unknown, so pressing Pay again mints a new key and charges a
   saved card twice** (\`js/api/client.js\`: \`FINAL_ERRORS = {gateway, validation}\` clears the stored attempt on every error of
   type \`gateway\`, also \`gateway_unavailable\` with \`outcome: 'unknown'\` and \`gateway_timeout\`). docs/client.md says a new key
   only after a gateway refusal (400). Reproducer: arm \`drop-after-create\` for \`do/payment\`; a \`CheckoutClient\` with
   \`retries: 0\` calls \`pay()\` for a saved card (\`gateway_unavailable\`, the card was charged), then \`pay()\` again → a second
   \`payed\` payment under a new key. With retries left, the client's own retry gets 409 \`idempotency_outcome_unknown\` and the
   attempt is kept, so the run hits this only when the last try's answer is the lost one. Fixed: the attempt and its key are
   kept after an error whose outcome is unknown.
3. Minor: the final outcome of \`resume()\` (and of \`pay()\` for a charge without 3-D Secure) has \`regPayNum: null\`
   (\`client_outcome\` reads it from the status answer, which the gateway does not give), although the client knows the number;
   docs/client.md describes \`{type: 'final', state, isSuccess, regPayNum, status}\`. The run takes the number from the proxy's
   creation answer instead. Fixed: the outcome carries the number the client polled.
`;

writeFileSync(resolve(root, args.out), doc);
say(`wrote ${relative(process.cwd(), resolve(root, args.out))}`);
const failed = fault.violations.length > 0 || load.direct.errorCount + load.proxy.errorCount > 0;
process.exit(failed ? 1 : 0);
