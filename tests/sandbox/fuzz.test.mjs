// A few thousand malformed requests (random bytes, wrong types, arrays, nulls, mutated valid bodies,
// oversized bodies, broken HTTP); the sandbox must answer each with a 4xx error JSON (or a 200 when the
// mutation happens to be valid), never a 5xx, never crash, and still serve correct answers afterwards.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { sandbox, anonymousPayment, AUTH, PREFIXES } from './helpers.mjs';
import { OPERATIONS } from '../../js/sandbox/index.js';

const REQUESTS = 3000;
const FORM_REQUESTS = 400;
const CONCURRENCY = 8;

/** mulberry32: a small seeded generator, so a failure can be replayed. */
function generator(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  const pick = (list) => list[int(list.length)];
  return { next, int, pick };
}

const FIELD_NAMES = [
  'login', 'userToken', 'cardToken', 'serviceCode', 'amount', 'comission', 'properties', 'orderItems', 'payType', 'clientType',
  'regPayNum', 'orderId', 'refundAmount', 'remainingAmount', 'note', 'enableSMSConfirm', 'orderBestBefore', 'holdTtl',
  'clientAuInfo', 'successUrl', 'failUrl', 'userPhone', 'orderNote', '__proto__', 'constructor', 'toString',
];
const STRINGS = ['', ' ', '0', '-1', '1e3', '12.5', 'null', 'true', '79020000000', '1000-13864-2', 'x'.repeat(5000), '\u0000', '💳', '<script>', '../../', '%00', '9'.repeat(30)];
const NUMBERS = [0, -1, 1, 0.5, 1e21, -1e21, Number.MAX_SAFE_INTEGER + 2, 2 ** 53, 1e-9, 79020000000];

function randomValue(r, depth = 0) {
  switch (r.int(depth > 2 ? 4 : 6)) {
    case 0: return null;
    case 1: return r.next() < 0.5;
    case 2: return r.pick(NUMBERS);
    case 3: return r.pick(STRINGS);
    case 4: return Array.from({ length: r.int(4) }, () => randomValue(r, depth + 1));
    default: return Object.fromEntries(Array.from({ length: r.int(5) }, () => [r.pick(FIELD_NAMES), randomValue(r, depth + 1)]));
  }
}

/** A valid-looking body for an operation, then broken in one to three places. */
function mutated(r, operation, regPayNum) {
  const base = {
    login: '79020000000', userToken: '00000000-0000-4000-8000-000000000000', cardToken: 'c', regPayNum, orderId: 'o', note: 'n',
    refundAmount: 100, remainingAmount: 0, ...anonymousPayment(),
    orderItems: [{ num: 1, name: 'n', quantity: 1, price: 100, tax: 'vat0' }],
  };
  for (let i = 0, n = 1 + r.int(3); i < n; i += 1) {
    const field = r.pick(FIELD_NAMES);
    if (r.next() < 0.3) delete base[field];
    else base[field] = randomValue(r);
  }
  if (r.next() < 0.2 && Array.isArray(base.properties)) base.properties = base.properties.map(() => randomValue(r));
  return JSON.stringify(base);
}

function randomBody(r, operation, regPayNum) {
  switch (r.int(6)) {
    case 0: return Buffer.from(Array.from({ length: r.int(200) }, () => r.int(256)));
    case 1: return JSON.stringify(randomValue(r)).slice(0, r.next() < 0.3 ? r.int(20) : undefined);
    case 2: return JSON.stringify(randomValue(r));
    default: return mutated(r, operation, regPayNum);
  }
}

async function pool(count, worker) {
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < count) {
      const i = next;
      next += 1;
      await worker(i);
    }
  }));
}

describe('fuzz', () => {
  test(`${REQUESTS} malformed API bodies, ${FORM_REQUESTS} malformed forms, broken HTTP: no 5xx, then still correct`, { timeout: 120_000 }, async () => {
    const warnings = [];
    const onWarning = (warning) => warnings.push(String(warning.message));
    process.on('warning', onWarning);
    const sb = await sandbox();
    const c = sb.client;
    try {
      const { regPayNum } = await c.ok('do/payment/anonymous', anonymousPayment());
      const r = generator(20240601);
      const statuses = new Map();
      await pool(REQUESTS, async (i) => {
        const operation = r.next() < 0.95 ? r.pick(OPERATIONS) : r.pick(['nope', 'do/payment/x', '../__sandbox/reset', 'rs/shop']);
        const oversized = i % 500 === 499;
        const body = oversized ? `{"login":"${'9'.repeat(1024 * 1024)}"}` : randomBody(r, operation, regPayNum);
        const headers = { 'Content-Type': r.next() < 0.95 ? 'application/json' : r.pick(['text/plain', 'application/x-www-form-urlencoded', '']) };
        if (r.next() < 0.97) headers.Authorization = AUTH;
        const response = await fetch(`${sb.url}${r.pick(PREFIXES)}${operation}`, { method: 'POST', headers, body });
        const text = await response.text();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        assert.ok(response.status < 500, `request ${i} to ${operation} got ${response.status}: ${text.slice(0, 300)}`);
        const answer = JSON.parse(text);
        if (response.status !== 200) {
          assert.equal(typeof answer.code, 'number', text);
          assert.equal(typeof answer.message, 'string', text);
          assert.equal(typeof answer.userMessage, 'string', text);
        }
        if (oversized) assert.equal(response.status, 413);
      });
      assert.ok(statuses.get(400) > REQUESTS / 2, `mostly refused: ${JSON.stringify([...statuses])}`);

      await pool(FORM_REQUESTS, async () => {
        const path = r.pick(['/cardpay/api/C/pay', '/cardpay/api/C/rpcheck', '/3ds', '/cardpay/api/sbp']);
        const fields = { order: r.next() < 0.7 ? regPayNum : JSON.stringify(randomValue(r)), operation: r.pick(['pay', 'checkpay', '', 'x']) };
        for (const name of ['pan', 'exp', 'holder', 'secret', 'code', 'decision']) if (r.next() < 0.8) fields[name] = JSON.stringify(randomValue(r));
        const body = r.next() < 0.9 ? new URLSearchParams(fields).toString() : randomBody(r, 'form', regPayNum);
        const response = await fetch(`${sb.url}${path}`, { method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body });
        await response.arrayBuffer();
        assert.ok(response.status < 500, `${path} got ${response.status}`);
      });

      for (const garbage of ['GARBAGE\r\n\r\n', 'POST /api-shop/user/status HTTP/1.1\r\nContent-Length: -5\r\n\r\n', 'GET / HTTP/9.9\r\n\r\n', '\u0000\u0001\u0002\r\n\r\n']) {
        const reply = await new Promise((resolve) => {
          const socket = net.connect(new URL(sb.url).port, '127.0.0.1', () => socket.end(garbage));
          let data = '';
          socket.on('data', (chunk) => { data += chunk; });
          socket.on('close', () => resolve(data));
          socket.on('error', () => resolve(data));
        });
        assert.ok(reply === '' || /^HTTP\/1\.1 4\d\d/.test(reply), JSON.stringify(reply.slice(0, 80)));
      }

      // Still correct: a whole flow works, and the payment made before the storm is untouched by it or paid once.
      sb.state.reset();
      const userToken = await c.user('79021234567');
      const card = await c.registerCard(userToken);
      assert.equal(card.state, 'active');
      const paid = await c.ok('do/payment', { serviceCode: '1000-13864-2', userToken, cardToken: card.cardToken, amount: '100', comission: '0', properties: [{ name: 'A', value: 'B' }] });
      assert.equal((await c.status(paid.regPayNum)).state, 'payed');
      assert.equal((await c.api('user/status', { login: 'x' })).body.code, 1402);
      assert.deepEqual(warnings.filter((w) => w.includes('ckassa-sandbox')), [], 'no internal error');
    } finally {
      process.off('warning', onWarning);
      await sb.close();
    }
  });
});
