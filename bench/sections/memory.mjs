// 6. Memory: the wasm linear memory after 1k, 10k and 100k validations in a fresh Node process. A wasm
// memory never shrinks, so a leak shows as growth between 10k and 100k; a steady size after the
// first calls is the allocator reusing what it freed.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { goal } from '../lib/report.mjs';
import { kb } from '../lib/stats.mjs';

export const id = 'memory';
export const title = 'Memory (Node: wasm linear memory after many validations)';
export const usesChromium = false;

export async function run(ctx) {
  const checkpoints = [1_000, 10_000, 100_000];
  const out = execFileSync(process.execPath, [
    join(ctx.root, 'bench', 'lib', 'memory-child.mjs'), join(ctx.root, 'dist', 'node', 'index.mjs'), checkpoints.join(','),
  ], { encoding: 'utf8', maxBuffer: 1 << 20 });
  const { workload, points } = JSON.parse(out.trim().split('\n').pop());
  const at = (n) => points.find((p) => p.calls === n);
  const grew = at(100_000).wasmBytes - at(10_000).wasmBytes;
  const rows = points.map((p) => [p.calls.toLocaleString('en'), kb(p.wasmBytes), `${p.wasmBytes / 65536} pages`, kb(p.arrayBuffers)]);
  return {
    tables: [{ head: ['calls', 'wasm memory', 'wasm pages (64 KiB)', 'process arrayBuffers'], rows }],
    notes: [
      `Workload: ${workload}.`,
      'Read through the glue\'s own instance: the bench wraps `WebAssembly.Instance` before the Node entry loads and keeps the instance the glue creates (`exports.memory.buffer.byteLength`); nothing in the package is changed. A tiny accessor exported from Rust (`#[wasm_bindgen] pub fn memory_bytes() -> usize { core::arch::wasm32::memory_size(0) * 65536 }`) would make this a one-liner, if the core ever wants it.',
    ],
    goals: [goal('wasm memory bounded', 'no growth from 10k to 100k calls', grew === 0 ? `${kb(at(100_000).wasmBytes)} at 10k and 100k` : `grew by ${kb(grew)}`, grew === 0)],
    data: { workload, points },
  };
}
