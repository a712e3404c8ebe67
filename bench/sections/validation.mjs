// 3a. Validation throughput in Node: building and validating an anonymous payment with 10 order items
// with our package, against an equivalent JSON schema compiled by ajv, in the same process.
import Ajv from 'ajv';
import { anonymousPayment, anonymousPaymentSchema, emailFormat, invalidPayment } from '../fixtures/payment.mjs';
import { goal, NotAvailable } from '../lib/report.mjs';
import { describeError, loadNodeEntry, need } from '../lib/sdk.mjs';
import { ops, ratio, throughput, us } from '../lib/stats.mjs';

export const id = 'validation';
export const title = 'Validation throughput (Node, anonymous payment with 10 order items)';
export const usesChromium = false;

export async function run(ctx) {
  const sdk = await loadNodeEntry(ctx.root);
  const [validateRequest, buildRequest] = need(sdk, ['validateRequest', 'buildRequest']);
  const good = anonymousPayment(10);
  const bad = invalidPayment(10);

  // The workload must be what we think it is: the good payment accepted without warnings, the bad one refused.
  const verdict = validateRequest('anonymousPayment', good);
  if (!verdict || verdict.ok !== true) {
    throw new NotAvailable(`validateRequest refused the bench's payment: ${JSON.stringify(verdict?.issues ?? verdict).slice(0, 300)} (update bench/fixtures/payment.mjs)`);
  }
  const badVerdict = validateRequest('anonymousPayment', bad);
  try {
    buildRequest('anonymousPayment', good);
  } catch (e) {
    throw new NotAvailable(`buildRequest threw on the bench's payment: ${describeError(e)}`);
  }

  const ajv = new Ajv({ allErrors: true, formats: { email: emailFormat } });
  const ajvValidate = ajv.compile(anonymousPaymentSchema);
  const ajvFirst = new Ajv({ allErrors: false, formats: { email: emailFormat } }).compile(anonymousPaymentSchema);
  if (!ajvValidate(good)) throw new Error(`the ajv schema refuses the good payment: ${JSON.stringify(ajvValidate.errors)}`);
  if (ajvValidate(bad)) throw new Error('the ajv schema accepts the bad payment');

  const opts = ctx.quick ? { rounds: 3, roundMs: 150 } : { rounds: 9, roundMs: 300 };
  const valid = throughput({
    ours: () => validateRequest('anonymousPayment', good),
    ajv: () => ajvValidate(good),
    ajvFirstError: () => ajvFirst(good),
  }, opts);
  const built = throughput({
    ours: () => buildRequest('anonymousPayment', good),
    ajv: () => (ajvValidate(good) ? JSON.stringify(good) : null),
  }, opts);
  const invalid = throughput({
    ours: () => validateRequest('anonymousPayment', bad),
    ajv: () => ajvValidate(bad),
  }, opts);

  const row = (name, r, base) => [name, us(r.usPerOp), ops(r.opsPerSec), base ? ratio(r.usPerOp, base.usPerOp) : ''];
  const rows = [
    row('ours: `validateRequest(\'anonymousPayment\', payment)`', valid.ours, valid.ajv),
    row('ajv 8 (allErrors) `validate(payment)`', valid.ajv, valid.ajv),
    row('ajv 8 (stops at the first error)', valid.ajvFirstError, valid.ajv),
    row('ours: `buildRequest(\'anonymousPayment\', payment)`', built.ours, built.ajv),
    row('ajv (allErrors) + `JSON.stringify` (the body a JS SDK would build)', built.ajv, built.ajv),
    row(`ours: \`validateRequest\` on a payment with ${badVerdict.issues?.length ?? '?'} problems`, invalid.ours, invalid.ajv),
    row(`ajv (allErrors) on the same payment (${ajvValidate(bad) ? 0 : ajvValidate.errors.length} errors)`, invalid.ajv, invalid.ajv),
  ];
  const target = ctx.budgets.goals.validationVsAjv;
  const r = valid.ours.usPerOp / valid.ajv.usPerOp;
  return {
    tables: [{ head: ['what runs', 'time per payment', 'throughput', 'time ÷ ajv'], rows }],
    notes: [
      'Same process, alternating rounds, median of the rounds. The schema (`bench/fixtures/payment.mjs`) checks what JSON Schema can say; our core also checks exact decimal amounts, the items\' total against `amount`, and the `orderNote` tags, and builds the wire request (normalised amounts, field order) in the same call.',
      `ajv compiles the schema to JavaScript once (new Function); that is not allowed under a CSP without 'unsafe-eval', which our wasm does not need ('wasm-unsafe-eval' only).`,
    ],
    goals: [goal('validation vs ajv (valid payment)', `≤ ${target}× ajv's time`, `${r.toFixed(2)}× (${us(valid.ours.usPerOp)} vs ${us(valid.ajv.usPerOp)})`, r <= target)],
    data: { valid, built, invalid, issues: badVerdict.issues },
  };
}
