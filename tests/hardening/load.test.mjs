// Load (issue 9): the example merchant backend (examples/proxy/server.mjs: createProxy and its embedded
// sandbox, in a child process on 127.0.0.1) under sustained concurrent checkouts: 200 at once, each a
// payment creation and a status call, LOAD_CHECKOUTS (default 2000) per phase, once directly against the
// sandbox and once through the proxy; then the same calls one at a time. Prints throughput, p50/p99
// latencies, what the proxy adds, and the errors as `RESULT name=value` lines. Goal: no error.
//
// Needs the built package (npm run build); skipped otherwise.
import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const BUILT = existsSync(fileURLToPath(new URL('../../dist/server/index.mjs', import.meta.url)));
const CHECKOUTS = Number(process.env.LOAD_CHECKOUTS ?? 2000);
const CONCURRENCY = Number(process.env.LOAD_CONCURRENCY ?? 200);

const round = (n) => Math.round(n * 100) / 100;

test(`load: ${CONCURRENCY} concurrent checkouts through the example proxy, no error`, { skip: BUILT ? false : 'dist/ is not built (npm run build)', timeout: 300_000 }, async () => {
  const { runLoad } = await import('./load-run.mjs');
  const started = Date.now();
  const r = await runLoad({ concurrency: CONCURRENCY, checkouts: CHECKOUTS, maxPhaseMs: 90_000 });
  for (const mode of ['direct', 'proxy']) {
    const p = r[mode];
    console.log(`RESULT load_${mode}_checkouts=${p.checkoutsCompleted}`);
    console.log(`RESULT load_${mode}_peak_concurrent=${p.peakConcurrentCheckouts}`);
    console.log(`RESULT load_${mode}_calls_per_s=${round(p.callsPerSecond)}`);
    console.log(`RESULT load_${mode}_checkouts_per_s=${round(p.checkoutsPerSecond)}`);
    for (const op of ['create', 'status']) {
      console.log(`RESULT load_${mode}_${op}_p50_ms=${round(p[op].p50)}`);
      console.log(`RESULT load_${mode}_${op}_p99_ms=${round(p[op].p99)}`);
      console.log(`RESULT load_${mode}_${op}_max_ms=${round(p[op].max)}`);
      console.log(`RESULT load_${mode}_steady_${op}_p50_ms=${round(p.steady[op].p50)}`);
      console.log(`RESULT load_${mode}_steady_${op}_p99_ms=${round(p.steady[op].p99)}`);
    }
    console.log(`RESULT load_${mode}_errors=${p.errorCount}`);
    const u = r.unloaded[mode];
    console.log(`RESULT load_unloaded_${mode}_create_p50_ms=${round(u.create.p50)}`);
    console.log(`RESULT load_unloaded_${mode}_status_p50_ms=${round(u.status.p50)}`);
    console.log(`RESULT load_unloaded_${mode}_errors=${u.errorCount}`);
  }
  for (const [name, value] of Object.entries(r.added)) console.log(`RESULT load_added_${name}_ms=${round(value)}`);
  for (const [name, value] of Object.entries(r.unloaded.added)) console.log(`RESULT load_unloaded_added_${name}_ms=${round(value)}`);
  console.log(`RESULT load_ms=${Date.now() - started}`);

  for (const mode of ['direct', 'proxy']) {
    assert.deepEqual(r[mode].errors, {}, `${mode}: no error`);
    assert.equal(r[mode].checkoutsCompleted, CHECKOUTS, `${mode}: every checkout completed`);
    assert.equal(r[mode].peakConcurrentCheckouts, CONCURRENCY, `${mode}: ${CONCURRENCY} checkouts at once`);
    assert.equal(r.unloaded[mode].errorCount, 0, `${mode}: no error one at a time`);
    assert.equal(r.warmup[mode].errorCount, 0, `${mode}: no error while warming up`);
  }
});
