// The payment core through the built package (dist/node; run `npm run build` first).
//
// 1. The shared table src/requests/cases.json, which `cargo test` also runs against the Rust core
//    (src/requests/boundary.rs): every case must give the same verdict here.
// 2. Inputs only JS has (BigInt, NaN, Infinity, undefined, Symbols, functions, cycles, throwing
//    getters, Dates): each gives the verdict of its JSON form in the shared table, or a documented one.
//
// `evaluate` is self-contained so that core.browser.test.mjs runs the very same code in Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const CASES = JSON.parse(readFileSync(new URL('../../src/requests/cases.json', import.meta.url), 'utf8'));

/**
 * Runs the shared cases and the JS-only inputs with `sdk`; returns plain, JSON-able outcomes
 * `{value}` or `{threw: {name, type, code, issues, warnings}}`. Must not use anything from this
 * module's scope: the browser test serves its source text as a module.
 */
export async function evaluate(sdk, cases) {
  const NOW = 1700000000;
  const O = { now: NOW };
  const UT = 'cc507cb4-fe90-4cb4-af75-37b9b5b41387';
  const base = () => ({
    serviceCode: '1000-13864-2', amount: '2500', comission: '0', properties: [{ name: 'ПОЗЫВНОЙ', value: '12' }],
  });
  const anon = (extra) => ({ ...base(), ...extra });
  const cyclic = base();
  cyclic.properties.push({ name: 'self', value: cyclic });
  const getter = base();
  Object.defineProperty(getter, 'amount', { enumerable: true, get() { throw new Error('no amount today'); } });
  const deep = [];
  let cursor = deep;
  for (let i = 0; i < 200; i += 1) { const next = []; cursor.push(next); cursor = next; }

  const jsOnly = {
    'BigInt amount': () => sdk.validateRequest('anonymousPayment', anon({ amount: 9007199254740991n }), O),
    'BigInt amount above MAX_SAFE_INTEGER': () => sdk.validateRequest('anonymousPayment', anon({ amount: 2n ** 53n }), O),
    'NaN amount': () => sdk.validateRequest('anonymousPayment', anon({ amount: NaN }), O),
    'Infinity amount': () => sdk.validateRequest('anonymousPayment', anon({ amount: Infinity }), O),
    '-Infinity amount': () => sdk.validateRequest('anonymousPayment', anon({ amount: -Infinity }), O),
    'fractional amount': () => sdk.validateRequest('anonymousPayment', anon({ amount: 0.1 + 0.2 }), O),
    'undefined amount': () => sdk.validateRequest('anonymousPayment', anon({ amount: undefined }), O),
    'Symbol amount': () => sdk.validateRequest('anonymousPayment', anon({ amount: Symbol('450') }), O),
    'function amount': () => sdk.validateRequest('anonymousPayment', anon({ amount: () => 450 }), O),
    'undefined input': () => sdk.validateRequest('anonymousPayment', undefined, O),
    'Symbol input': () => sdk.validateRequest('anonymousPayment', Symbol('input'), O),
    'a Date as orderBestBefore': () => sdk.validateRequest('anonymousPayment', anon({ orderBestBefore: new Date(NOW * 1000 + 3600000) }), O),
    'BigInt regPayNum': () => sdk.validateRequest('paymentStatus', { regPayNum: 1310958041n }, O),
    'cyclic input (validateRequest)': () => sdk.validateRequest('anonymousPayment', cyclic, O),
    'cyclic input (buildRequest)': () => sdk.buildRequest('anonymousPayment', cyclic, O),
    'throwing getter (validateRequest)': () => sdk.validateRequest('anonymousPayment', getter, O),
    'nesting deeper than the core reads': () => sdk.validateRequest('anonymousPayment', anon({ orderItems: deep }), O),
    'a string over 1 MiB': () => sdk.validateRequest('userRegistration', { login: '79020000000', name: 'я'.repeat(600000) }, O),
    'Symbol operation': () => sdk.validateRequest(Symbol('op'), {}, O),
    'parseKopecks(450n)': () => sdk.parseKopecks(450n),
    'parseKopecks(NaN)': () => sdk.parseKopecks(NaN),
    'parseKopecks(Infinity)': () => sdk.parseKopecks(Infinity),
    'parseKopecks(2n ** 64n)': () => sdk.parseKopecks(2n ** 64n),
    'parseKopecks(-0)': () => sdk.parseKopecks(-0),
    'orderBestBefore(Date.now())': () => sdk.orderBestBefore(NOW * 1000, O),
    'orderBestBefore(new Date(NaN))': () => sdk.orderBestBefore(new Date(NaN), O),
    'orderBestBefore(a future Date)': () => sdk.orderBestBefore(new Date((NOW + 86400) * 1000), O),
    'orderBestBefore(3600n)': () => sdk.orderBestBefore(3600n, O),
    'orderBestBefore(NaN)': () => sdk.orderBestBefore(NaN, O),
    'parseNotification with BigInt amounts': () => sdk.parseNotification({ regPayNum: 1310958041n, amount: 100000n, comission: 0n, state: 'payed' }),
  };

  const outcome = (fn) => {
    try {
      return { value: fn() };
    } catch (e) {
      return { threw: { name: e?.name ?? null, type: e?.type ?? null, code: e?.code ?? null, issues: e?.issues ?? null, warnings: e?.warnings ?? null } };
    }
  };
  const invoke = (c) => {
    if (c.call === 'orderBestBefore') {
      // JSON has no Date: a case gives {dateMs} for a Date and {seconds} for a duration.
      const [what, options] = c.args;
      const arg = 'dateMs' in what ? new Date(what.dateMs === 'NaN' ? NaN : what.dateMs) : what.seconds;
      return sdk.orderBestBefore(arg, options);
    }
    return sdk[c.call](...c.args);
  };
  const plain = (v) => JSON.parse(JSON.stringify(v));
  return plain({
    shared: cases.map((c) => outcome(() => invoke(c))),
    jsOnly: Object.fromEntries(Object.entries(jsOnly).map(([name, fn]) => [name, outcome(fn)])),
  });
}

/** Expected verdicts of the JS-only inputs: `sameAs` a shared case, or their own. */
export const JS_ONLY_EXPECT = {
  'BigInt amount': { sameAs: 'amount as digits (a BigInt\'s form)' },
  'BigInt amount above MAX_SAFE_INTEGER': { sameAs: 'amount above MAX_SAFE_INTEGER' },
  'NaN amount': { sameAs: 'amount NaN' },
  'Infinity amount': { sameAs: 'amount Infinity' },
  '-Infinity amount': { sameAs: 'amount -Infinity' },
  'fractional amount': { sameAs: 'amount with a fraction' },
  // JSON.stringify leaves out undefined, Symbols and functions: the field is absent.
  'undefined amount': { sameAs: 'amount null' },
  'Symbol amount': { sameAs: 'amount null' },
  'function amount': { sameAs: 'amount null' },
  'undefined input': { sameAs: 'input null' },
  'Symbol input': { sameAs: 'input null' },
  // A Date crosses as its ISO text.
  'a Date as orderBestBefore': { sameAs: 'orderBestBefore as an ISO date' },
  'BigInt regPayNum': { sameAs: 'payment status: regPayNum as a number' },
  'cyclic input (validateRequest)': { call: 'validateRequest', expect: { issues: [['', 'invalid_input']], warnings: [] } },
  'cyclic input (buildRequest)': { call: 'buildRequest', expect: { error: 'invalid_input' } },
  'throwing getter (validateRequest)': { call: 'validateRequest', expect: { issues: [['', 'invalid_input']], warnings: [] } },
  'nesting deeper than the core reads': { call: 'validateRequest', expect: { issues: [['', 'invalid_json']], warnings: [] } },
  'a string over 1 MiB': { call: 'validateRequest', expect: { issues: [['', 'too_large']], warnings: [] } },
  'Symbol operation': { call: 'validateRequest', expect: { issues: [['', 'unknown_operation']], warnings: [] } },
  'parseKopecks(450n)': { sameAs: 'parseKopecks(450)' },
  'parseKopecks(NaN)': { sameAs: 'parseKopecks("NaN")' },
  'parseKopecks(Infinity)': { sameAs: 'parseKopecks("Infinity")' },
  'parseKopecks(2n ** 64n)': { sameAs: 'parseKopecks(9007199254740992)' },
  'parseKopecks(-0)': { sameAs: 'parseKopecks(0)' },
  'orderBestBefore(Date.now())': { sameAs: 'orderBestBefore: epoch milliseconds' },
  'orderBestBefore(new Date(NaN))': { sameAs: 'orderBestBefore: an invalid Date' },
  'orderBestBefore(a future Date)': { call: 'orderBestBefore', expect: { value: 1700000000 + 86400 } },
  'orderBestBefore(3600n)': { sameAs: 'orderBestBefore: a duration' },
  'orderBestBefore(NaN)': { call: 'orderBestBefore', expect: { error: 'not_finite' } },
  'parseNotification with BigInt amounts': { call: 'parseNotification', expect: { value: { kind: 'payment', regPayNum: '1310958041', amount: 100000, comission: 0 } } },
};

const pairs = (list) => (list ?? []).map((i) => [i.path, i.code]);

function assertContains(got, want, name) {
  if (want !== null && typeof want === 'object' && !Array.isArray(want)) {
    assert.ok(got !== null && typeof got === 'object', `${name}: expected an object, got ${JSON.stringify(got)}`);
    for (const [k, v] of Object.entries(want)) assertContains(got[k], v, `${name}.${k}`);
  } else {
    assert.deepEqual(got, want, name);
  }
}

/** Asserts that `out` (an outcome of `evaluate`) is the verdict `expect` of a call to `call`. */
export function check(name, call, expect, out) {
  const shown = JSON.stringify(out);
  if (expect.error !== undefined) {
    assert.ok(out.threw, `${name}: expected ${expect.error}, got ${shown}`);
    assert.equal(out.threw.name, 'CKassaValidationError', `${name}: ${shown}`);
    assert.equal(out.threw.type, 'validation', name);
    assert.equal(out.threw.code, expect.error, `${name}: ${shown}`);
  }
  if (expect.issues !== undefined || expect.warnings !== undefined) {
    const verdict = call === 'validateRequest' ? out.value : (out.threw ?? out.value);
    assert.ok(verdict, `${name}: ${shown}`);
    assert.deepEqual(pairs(verdict.issues), expect.issues ?? [], `${name} issues: ${shown}`);
    assert.deepEqual(pairs(verdict.warnings), expect.warnings ?? [], `${name} warnings: ${shown}`);
    if (call === 'validateRequest') {
      assert.equal(verdict.ok, (expect.issues ?? []).length === 0, `${name}: ok`);
      assert.equal(verdict.request === null, !verdict.ok, `${name}: request only when ok`);
    }
  }
  if (expect.value !== undefined) {
    assert.ok(!out.threw, `${name}: threw ${shown}`);
    assertContains(out.value, expect.value, name);
  }
}

/** Checks every outcome of `evaluate` against the table and JS_ONLY_EXPECT. */
export function checkAll(outcomes, cases = CASES) {
  const byName = new Map(cases.map((c) => [c.name, c]));
  cases.forEach((c, i) => check(c.name, c.call, c.expect, outcomes.shared[i]));
  for (const [name, spec] of Object.entries(JS_ONLY_EXPECT)) {
    const target = spec.sameAs ? byName.get(spec.sameAs) : spec;
    assert.ok(target, `${name}: no shared case named ${spec.sameAs}`);
    check(name, target.call, target.expect, outcomes.jsOnly[name]);
  }
  assert.deepEqual(Object.keys(outcomes.jsOnly).sort(), Object.keys(JS_ONLY_EXPECT).sort());
}

// The tests below run when this file is the test file, not when the browser test imports it.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const sdk = await import('../../dist/node/index.mjs');
  await sdk.init();

  test('the shared table and the JS-only inputs give their verdicts in Node', async () => {
    checkAll(await evaluate(sdk, CASES));
  });

  test('buildRequest throws a CKassaValidationError with every issue and the warnings', () => {
    const input = {
      cardToken: 'CARD_TOKEN', value: '10000', userToken: 'USER_TOKEN', serviceCode: '109-5804-1', amount: '10000', comission: '13300',
      properties: [{ name: 'Л/СЧЕТ', value: '9503006477' }],
    };
    assert.throws(() => sdk.buildRequest('recurrentPayment', input), (e) => {
      assert.ok(e instanceof sdk.CKassaValidationError);
      assert.ok(e instanceof sdk.CKassaError);
      assert.equal(e.type, 'validation');
      assert.equal(e.code, 'invalid_token');
      assert.deepEqual(pairs(e.issues), [['userToken', 'invalid_token'], ['cardToken', 'invalid_token']]);
      assert.deepEqual(pairs(e.warnings), [['value', 'unknown_field']]);
      assert.match(e.message, /^userToken: .* \(and 1 more problems\)$/);
      return true;
    });
  });

  test('buildRequest sends amounts as strings, Cyrillic untouched, only documented fields', () => {
    const { request, warnings } = sdk.buildRequest('anonymousPayment', {
      serviceCode: '109-5804-1', amount: 45000n, comission: 0, enableSMSConfirm: true, orderNote: 'К оплате 450 _RUB_',
      properties: [{ name: 'Л/СЧЕТ', value: '9503006477' }],
    });
    assert.deepEqual(request, {
      serviceCode: '109-5804-1', amount: '45000', comission: '0', orderNote: 'К оплате 450 _RUB_',
      properties: [{ name: 'Л/СЧЕТ', value: '9503006477' }],
    });
    assert.deepEqual(pairs(warnings), [['enableSMSConfirm', 'unknown_field']]);
  });

  test('options.now defaults to the clock; other option keys stay in JS', () => {
    const input = {
      serviceCode: '1-2-3', amount: 1, comission: 0, properties: [{ name: 'a', value: 'b' }],
      orderBestBefore: Math.floor(Date.now() / 1000) + 600,
    };
    assert.equal(sdk.validateRequest('anonymousPayment', input, { signal: 'ignored' }).ok, true);
    assert.deepEqual(pairs(sdk.validateRequest('anonymousPayment', { ...input, orderBestBefore: 1700000000 }).issues), [['orderBestBefore', 'in_the_past']]);
    const inAnHour = sdk.orderBestBefore(3600);
    assert.ok(Math.abs(inAnHour - (Math.floor(Date.now() / 1000) + 3600)) <= 2);
  });

  test('one table of operations and paths', () => {
    const ops = sdk.operations();
    assert.equal(ops.length, 9);
    for (const op of ops) assert.equal(sdk.operationPath(op.operation), op.path);
    assert.deepEqual(ops.find((o) => o.operation === 'refund').required, ['regPayNum', 'note', 'refundAmount', 'remainingAmount']);
    assert.deepEqual(sdk.currencies().map((c) => c.currency), ['RUB', 'KZT', 'USD', 'EUR', 'GBP', 'KGS', 'UZS', 'AZN', 'GEL', 'TRY', 'CNY', 'AMD']);
  });

  test('toJson takes the plain JSON.stringify only where it gives the replacer\'s text', async () => {
    const { toJson } = await import('../../js/runtime.js');
    const replacer = (_k, v) => (typeof v === 'bigint' ? v.toString() : typeof v === 'number' && !Number.isFinite(v) ? String(v) : v);
    const values = [
      null, undefined, 0, -0, 1.5, NaN, Infinity, -Infinity, 12n, 2n ** 64n, 'null', 'a "null" string', true, [],
      [NaN], [undefined, () => 1, Symbol('s')], [null, NaN], { a: NaN }, { a: null }, { a: undefined, b: 1 }, { n: 'null' },
      { deep: [{ x: [1, -Infinity, { y: 10n }] }] }, { toJSON: () => NaN }, { toJSON: () => 5n }, { d: new Date(0) },
      { d: new Date(NaN) }, new Number(NaN), Object(3n) === null ? 0 : { s: new String('x') }, Symbol('top'), () => 1,
      { amount: 9007199254740991n, items: [{ price: NaN, quantity: 1 }] },
    ];
    for (const v of values) {
      let want;
      try {
        want = JSON.stringify(v, replacer) ?? 'null';
      } catch {
        want = 'throws';
      }
      let got;
      try {
        got = toJson(v);
      } catch (e) {
        assert.equal(e.code, 'invalid_input');
        got = 'throws';
      }
      assert.equal(got, v === undefined ? 'null' : want, String(typeof v === 'symbol' ? 'symbol' : JSON.stringify(v, replacer)));
    }
    const cyclic = { a: 1 };
    cyclic.self = cyclic;
    assert.throws(() => toJson(cyclic), (e) => e.code === 'invalid_input');
    assert.throws(() => toJson({ get x() { throw new Error('no'); } }), (e) => e.code === 'invalid_input' && /no/.test(e.message));
    assert.throws(() => toJson(Object(3n)), (e) => e.code === 'invalid_input');
  });

  test('an answer body reads the same as an object and as JSON text', () => {
    const body = { code: 2365, message: 'NeedPass3dsException', regPayNum: 13795357436, securePageURL: 'https://acs.example/3ds' };
    const asObject = sdk.parseGatewayResponse('recurrentPayment', 400, body);
    assert.deepEqual(asObject, sdk.parseGatewayResponse('recurrentPayment', 400, JSON.stringify(body)));
    assert.deepEqual(asObject, {
      ok: false, action: { type: 'redirect', reason: '3ds', method: 'GET', url: 'https://acs.example/3ds', regPayNum: '13795357436' },
    });
    assert.equal(sdk.parseGatewayError(body, 400).action.url, 'https://acs.example/3ds');
  });
}
