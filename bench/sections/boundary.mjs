// 3b. The cost of crossing the JS/wasm boundary. Today every export takes JSON text and answers a JSON
// envelope (js/runtime.js): JSON.stringify (with a replacer) → copy into wasm memory → parse, work,
// serialise in Rust → copy out → JSON.parse. This section splits one validateRequest call into those
// steps, and measures what passing a JS object instead would cost (serde-wasm-bindgen walks the object
// from wasm with one JS call per value and per type check) with a tiny wasm module built here.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { anonymousPayment } from '../fixtures/payment.mjs';
import { NotAvailable } from '../lib/report.mjs';
import { loadNodeEntry, loadNodeGlue, need } from '../lib/sdk.mjs';
import { throughput, us } from '../lib/stats.mjs';

export const id = 'boundary';
export const title = 'The JS/wasm boundary (Node, one validateRequest of the 10-item payment)';
export const usesChromium = false;

// The same replacer as js/runtime.js (BigInt and non-finite numbers): a replacer function takes
// JSON.stringify off V8's fast path, which is part of what this section measures.
function replacer(_key, value) {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return value;
}

// Records which glue export a public function calls and with what text (the glue object is shared
// with the Node entry, whose runtime looks its exports up by name on every call).
function spyOnce(glue, fn) {
  const seen = [];
  const originals = {};
  for (const [name, f] of Object.entries(glue)) {
    if (typeof f !== 'function') continue;
    originals[name] = f;
    glue[name] = (...args) => {
      const out = f(...args);
      seen.push({ name, args, out });
      return out;
    };
  }
  try {
    fn();
  } finally {
    Object.assign(glue, originals);
  }
  return seen;
}

// A module with one export that does nothing (the JS→wasm call) and one loop that calls JS twice per
// value (get a member, read it as a number): the wasm→JS calls an object-walking deserialiser makes.
const CROSSING_WAT = `(module
  (import "js" "get" (func $get (param externref i32) (result externref)))
  (import "js" "num" (func $num (param externref) (result f64)))
  (func (export "nop") (param i32) (result i32) local.get 0)
  (func (export "walk") (param $obj externref) (param $n i32) (result f64)
    (local $i i32) (local $acc f64)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $acc (f64.add (local.get $acc) (call $num (call $get (local.get $obj) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $acc)))`;

function crossingModule(root) {
  const dir = mkdtempSync(join(tmpdir(), 'ckassa-bench-wat-'));
  try {
    writeFileSync(join(dir, 'm.wat'), CROSSING_WAT);
    execFileSync(join(root, 'node_modules', '.bin', 'wasm-as'), ['--enable-reference-types', join(dir, 'm.wat'), '-o', join(dir, 'm.wasm')]);
    const module = new WebAssembly.Module(readFileSync(join(dir, 'm.wasm')));
    return new WebAssembly.Instance(module, { js: { get: (o, i) => o[i], num: (v) => +v } }).exports;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Values and string bytes in a JSON value: what a deserialiser visits.
function census(value) {
  let values = 0;
  let strings = 0;
  let stringBytes = 0;
  const visit = (v) => {
    values++;
    if (typeof v === 'string') {
      strings++;
      stringBytes += Buffer.byteLength(v);
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        strings++;
        stringBytes += Buffer.byteLength(k);
        visit(x);
      }
    }
  };
  visit(value);
  return { values, strings, stringBytes };
}

function objectVerdict(jsonIn, objectIn) {
  if (!Number.isFinite(jsonIn)) return 'The parse-only probe was not available, so JSON in and object in are not compared.';
  const faster = objectIn < jsonIn * 0.8 ? 'object' : 'text';
  return faster === 'text'
    ? `Argument in: JSON text ${us(jsonIn)} against about ${us(objectIn)} for an object walked from wasm; text stays the default (it also keeps serde and serde-wasm-bindgen out of the .wasm).`
    : `Argument in: JSON text ${us(jsonIn)} against about ${us(objectIn)} for an object walked from wasm (an estimate: the crossings are measured; the Rust side is taken as half of the measured parse, since the allocations stay and only the byte scanning goes). The object path might win, at the price of serde and serde-wasm-bindgen in the .wasm (about 17 KB gzip by the design notes); a Rust JSON parse that borrows strings from the input instead of allocating each one narrows the gap at no size cost, so do that first and measure a prototype before switching.`;
}

// What the runtime's JSON.stringify replacer costs, and what to do about it when it matters.
function replacerNote(t) {
  const extra = t.stringifyReplacer.usPerOp - t.stringifyPlain.usPerOp;
  const times = t.stringifyReplacer.usPerOp / t.stringifyPlain.usPerOp;
  const base = `The replacer of js/runtime.js costs ${us(extra)} per call (${times.toFixed(1)}× a plain JSON.stringify)`;
  if (times < 1.5) return `${base}: not worth changing.`;
  return `${base}: a replacer function takes V8 off its fast path. Calling plain JSON.stringify first and the replacer only when it throws (a BigInt) keeps the fast path, but plain stringify writes NaN/Infinity as null silently, so a cheap pre-check for non-finite numbers (or letting the core report those nulls) must come with it.`;
}

export async function run(ctx) {
  const sdk = await loadNodeEntry(ctx.root);
  const [validateRequest] = need(sdk, ['validateRequest']);
  const glue = loadNodeGlue(ctx.root);
  const payment = anonymousPayment(10);
  const calls = spyOnce(glue, () => validateRequest('anonymousPayment', payment));
  const call = calls.find((c) => typeof c.args[0] === 'string');
  if (!call) throw new NotAvailable('validateRequest does not pass JSON text to a glue export (the boundary changed: update this section)');
  const exportName = call.name;
  const argText = call.args[0];
  const argValue = JSON.parse(argText);
  const envelopeText = call.out;
  const f = glue[exportName];
  // The same payload under an operation that does not exist: the core parses the whole argument, then
  // refuses at once with a short answer. That call is the cost of getting JSON text into Rust values.
  const unknownOpText = argText.replace('"operation":"anonymousPayment"', '"operation":"benchNoSuchOperation"');
  const parseOnly = unknownOpText !== argText && /unknown_operation/.test(f(unknownOpText));

  const enc = new TextEncoder();
  const dec = new TextDecoder();
  const inBuf = new Uint8Array(argText.length * 3);
  const outBytes = enc.encode(envelopeText);
  const crossing = crossingModule(ctx.root);
  const probe = Array.from({ length: 64 }, (_, i) => i);
  const opts = ctx.quick ? { rounds: 3, roundMs: 150 } : { rounds: 7, roundMs: 250 };
  const t = throughput({
    full: () => validateRequest('anonymousPayment', payment),
    stringifyReplacer: () => JSON.stringify(argValue, replacer),
    stringifyPlain: () => JSON.stringify(argValue),
    glue: () => f(argText),
    glueParseOnly: parseOnly ? () => f(unknownOpText) : () => 0,
    parse: () => JSON.parse(envelopeText),
    copy: () => enc.encodeInto(argText, inBuf).written + dec.decode(outBytes).length,
    jsToWasm: () => crossing.nop(1),
    wasmToJs64: () => crossing.walk(probe, probe.length),
  }, opts);
  const c = census(argValue);
  const perCrossing = t.wasmToJs64.usPerOp / (2 * probe.length);
  // serde-wasm-bindgen reads an object through Object.entries, then per entry: the key's string
  // (length + copy), the value's type checks and its read: about 4 wasm→JS calls per value, at least.
  // Getting the argument into Rust: today stringify + copy + the Rust JSON parse; with an object,
  // about 4 wasm→JS calls per value (serde-wasm-bindgen reads entries, keys, type checks, values) and
  // the same string copies, building the same Rust values.
  const jsonIn = t.stringifyReplacer.usPerOp + (parseOnly ? t.glueParseOnly.usPerOp : NaN);
  const objectPathEstimate = c.values * 4 * perCrossing + t.copy.usPerOp / 2 + (parseOnly ? t.glueParseOnly.usPerOp / 2 : NaN);
  const share = (x) => (Number.isFinite(x) ? `${((100 * x) / t.full.usPerOp).toFixed(0)}%` : '');
  const rustWork = t.glue.usPerOp - t.glueParseOnly.usPerOp;
  const rows = [
    ['`validateRequest(...)`, the whole public call', us(t.full.usPerOp), '100%'],
    ['`JSON.stringify` with the runtime\'s replacer', us(t.stringifyReplacer.usPerOp), share(t.stringifyReplacer.usPerOp)],
    ['`JSON.stringify` without a replacer', us(t.stringifyPlain.usPerOp), share(t.stringifyPlain.usPerOp)],
    [`the glue call \`${exportName}(text)\` (copy in, Rust parse, validate, serialise the answer, copy out)`, us(t.glue.usPerOp), share(t.glue.usPerOp)],
    ['  of which copying the text in and the answer out (`encodeInto` + `TextDecoder.decode`)', us(t.copy.usPerOp), share(t.copy.usPerOp)],
    ['  of which getting the text into Rust values (the same payload, unknown operation: parsed, then refused)', parseOnly ? us(t.glueParseOnly.usPerOp) : 'n/a', parseOnly ? share(t.glueParseOnly.usPerOp) : ''],
    ['  of which validating, building and serialising the answer (the difference)', parseOnly ? us(rustWork) : 'n/a', parseOnly ? share(rustWork) : ''],
    ['`JSON.parse` of the answer envelope', us(t.parse.usPerOp), share(t.parse.usPerOp)],
    ['one JS→wasm call (an empty export)', us(t.jsToWasm.usPerOp), ''],
    ['one wasm→JS call (externref in, value out)', us(perCrossing), ''],
    ['argument in as JSON text: stringify + copy + Rust parse (measured)', us(jsonIn), share(jsonIn)],
    [`argument in as a JS object, estimated: ${c.values} values × 4 wasm→JS calls + the copies + building the same Rust values`, us(objectPathEstimate), share(objectPathEstimate)],
  ];
  return {
    tables: [{ head: ['step', 'time', 'share of the call'], rows }],
    notes: [
      `The argument crosses as ${argText.length} characters of JSON (${Buffer.byteLength(argText)} bytes) and the answer as ${envelopeText.length}; the payment holds ${c.values} JSON values and ${c.strings} strings (keys included).`,
      objectVerdict(jsonIn, objectPathEstimate),
      replacerNote(t),
      'The boundary itself is cheap (a call costs nanoseconds); what costs is building and freeing Rust values (one allocation per string, object and array) and writing the whole answer (the built request is echoed back) as JSON text to be parsed again in JS.',
    ],
    data: { exportName, argChars: argText.length, envelopeChars: envelopeText.length, census: c, timings: t, parseOnly, jsonIn, objectPathEstimate },
  };
}
