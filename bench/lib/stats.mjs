// Small statistics and timing helpers. Absolute times on a shared machine are noisy, so every section
// reports medians of many runs and ratios between contenders measured in the same process or page.
import { performance } from 'node:perf_hooks';

/** The q-quantile (0..1) of numbers, by linear interpolation. */
export function quantile(values, q) {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

/** { median, p25, p75, min, n } of numbers. */
export function summary(values) {
  return {
    median: quantile(values, 0.5),
    p25: quantile(values, 0.25),
    p75: quantile(values, 0.75),
    min: values.length ? Math.min(...values) : NaN,
    n: values.length,
  };
}

/**
 * Throughput of each contender, measured in alternating rounds so that drift (CPU frequency, GC, other
 * processes) hits all of them alike. `fns` maps a name to a synchronous function doing one operation.
 * Returns name -> { opsPerSec, usPerOp, rounds } with the median over rounds.
 */
export function throughput(fns, { rounds = 7, roundMs = 300, warmupMs = 300 } = {}) {
  const names = Object.keys(fns);
  for (const name of names) runFor(fns[name], warmupMs);
  const rates = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? names : [...names].reverse();
    for (const name of order) rates[name].push(runFor(fns[name], roundMs));
  }
  return Object.fromEntries(names.map((n) => {
    const ops = quantile(rates[n], 0.5);
    return [n, { opsPerSec: ops, usPerOp: 1e6 / ops, rounds: rates[n].length }];
  }));
}

// Operations per second of fn over about `ms` milliseconds (batches grow until a batch takes >= 5 ms).
function runFor(fn, ms) {
  let batch = 1;
  let ops = 0;
  let sink = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    const t0 = performance.now();
    for (let i = 0; i < batch; i++) sink ^= fn(i) === undefined ? 0 : 1;
    now = performance.now();
    ops += batch;
    if (now - t0 < 5) batch *= 2;
  }
  globalThis.__benchSink = sink;
  return (ops * 1000) / (now - start);
}

/** Formats a number of bytes as KB (1024 bytes, one decimal), the unit of scripts/build.mjs. */
export const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

/** Formats milliseconds with a precision that suits their size. */
export function ms(value) {
  if (!Number.isFinite(value)) return 'n/a';
  if (value >= 100) return `${value.toFixed(0)} ms`;
  if (value >= 10) return `${value.toFixed(1)} ms`;
  return `${value.toFixed(2)} ms`;
}

/** Formats microseconds. */
export function us(value) {
  if (!Number.isFinite(value)) return 'n/a';
  if (value >= 1000) return `${(value / 1000).toFixed(2)} ms`;
  if (value >= 10) return `${value.toFixed(1)} µs`;
  if (value >= 1) return `${value.toFixed(2)} µs`;
  return `${(value * 1000).toFixed(1)} ns`;
}

/** Formats a ratio ours/theirs as "0.52×". */
export function ratio(ours, theirs) {
  if (!Number.isFinite(ours) || !Number.isFinite(theirs) || theirs === 0) return 'n/a';
  return `${(ours / theirs).toFixed(2)}×`;
}

/** Formats operations per second. */
export function ops(value) {
  if (!Number.isFinite(value)) return 'n/a';
  if (value >= 1e6) return `${(value / 1e6).toFixed(2)} M/s`;
  if (value >= 1e3) return `${(value / 1e3).toFixed(1)} k/s`;
  return `${value.toFixed(0)} /s`;
}
