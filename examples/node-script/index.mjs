#!/usr/bin/env node
// Saved cards from a Node script, through createGateway: register a payer, link a card, list the cards,
// charge the saved card, read the payment's state. Each step is printed.
//
//   node examples/node-script/index.mjs                     (starts a sandbox of its own)
//   CKASSA_BASE_URL=http://127.0.0.1:8765/api-shop node examples/node-script/index.mjs
//
// Against a sandbox the payer's part of the card registration (the hosted card form and the 3-D Secure
// page) is driven over HTTP, as docs/sandbox.md describes; against the real gateway a person does it.
// ckassa-sdk/server comes from the built package (npm run build) by a relative path; in your project:
// `import { createGateway } from 'ckassa-sdk/server'`.
import { fileURLToPath } from 'node:url';
import { createGateway } from '../../dist/server/index.mjs';
import { startSandbox, DEFAULT_SHOP_TOKEN, DEFAULT_SEC_KEY, GOOD_CVV, GOOD_3DS_CODE } from '../../js/sandbox/index.js';

const SERVICE_CODE = '1000-13864-2';
const LOGIN = '79020000000';

/** Fills the sandbox's card form (card registration: operation checkpay) and its 3-D Secure page. */
async function enterCardOnSandboxForm(payUrl, regPayNum) {
  const post = async (path, fields) => {
    const response = await fetch(new URL(path, payUrl), {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
    await response.arrayBuffer();
    return { status: response.status, location: response.headers.get('location') ?? '' };
  };
  const form = await post('/cardpay/api/C/rpcheck', {
    form: 'default', operation: 'checkpay', order: regPayNum, type: 'visa',
    pan: '4111111111111111', exp: '12/24', holder: 'TEST CARD', secret: GOOD_CVV,
  });
  if (form.status !== 303 || !form.location.includes('/3ds')) throw new Error(`the card form answered ${form.status}`);
  const threeDs = await post('/3ds', { order: regPayNum, code: GOOD_3DS_CODE });
  if (threeDs.status !== 303) throw new Error(`the 3-D Secure page answered ${threeDs.status}`);
}

/** A sandbox on this machine serves its card form on a loopback address; the real gateway does not. */
const isLocal = (url) => ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname);

/**
 * Runs the steps; `print` gets one line per step. Resolves to what was made.
 * @param {{baseUrl: string, shopToken: string, secKey: string, print?: (line: string) => void}} options
 */
export async function run({ baseUrl, shopToken, secKey, print = console.log }) {
  const gateway = createGateway({ baseUrl, shopToken, secKey, timeoutMs: 15_000 });

  const { result: user } = await gateway.registerUser({ login: LOGIN, email: 'payer@example.com', name: 'Test' });
  print(`1. registered payer ${user.login}: userToken ${user.userToken} (${user.state})`);

  const { result: registration } = await gateway.registerCard({ userToken: user.userToken, clientType: 'web' });
  print(`2. card registration ${registration.regPayNum}: the payer enters the card at ${registration.payUrl}`);
  if (isLocal(registration.payUrl)) {
    await enterCardOnSandboxForm(registration.payUrl, registration.regPayNum);
    print('   (sandbox: test card 4111 1111 1111 1111 entered, 3-D Secure passed)');
  }

  const { result: list } = await gateway.listCards({ userToken: user.userToken });
  print(`3. saved cards: ${list.cards.map((card) => `${card.cardMask} ${card.cardType} ${card.state}`).join(', ') || 'none'}`);
  const card = list.cards.find((candidate) => candidate.state === 'active');
  if (!card) throw new Error('no active saved card: the card registration was not completed');

  const charge = await gateway.recurrentPayment({
    serviceCode: SERVICE_CODE,
    userToken: user.userToken,
    cardToken: card.cardToken,
    amount: '15000',
    comission: '0',
    properties: [{ name: 'ПОЗЫВНОЙ', value: '1' }],
  });
  if (charge.action) {
    // 2365: this charge needs the payer at 3-D Secure; a script cannot go there, a checkout page would.
    print(`4. charge ${charge.action.regPayNum} needs 3-D Secure: send the payer to ${charge.action.url}`);
    return { user, card, regPayNum: charge.action.regPayNum, state: 'created' };
  }
  print(`4. charged the saved card ${card.cardMask}: payment ${charge.result.regPayNum}, receipt ${charge.result.payUrl}`);

  const { result: status } = await gateway.paymentStatus({ regPayNum: charge.result.regPayNum });
  print(`5. payment ${charge.result.regPayNum} is ${status.state} (total ${status.totalAmount} kopecks)`);
  return { user, card, regPayNum: charge.result.regPayNum, state: status.state };
}

async function main() {
  let sandbox = null;
  let baseUrl = process.env.CKASSA_BASE_URL;
  let shopToken = process.env.CKASSA_SHOP_TOKEN;
  let secKey = process.env.CKASSA_SEC_KEY;
  if (!baseUrl) {
    sandbox = await startSandbox({ host: '127.0.0.1', port: 0 });
    baseUrl = `${sandbox.url}/api-shop`;
    shopToken = DEFAULT_SHOP_TOKEN;
    secKey = DEFAULT_SEC_KEY;
    console.log(`sandbox on ${sandbox.url}`);
  }
  try {
    await run({
      baseUrl,
      shopToken: shopToken ?? DEFAULT_SHOP_TOKEN,
      secKey: secKey ?? DEFAULT_SEC_KEY,
    });
    console.log('done');
  } finally {
    await sandbox?.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error) => {
    console.error(`node-script example failed: ${error.name}: ${error.message}${error.code ? ` (${error.code})` : ''}`);
    process.exitCode = 1;
  });
}
