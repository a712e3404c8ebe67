#!/usr/bin/env node
// npx ckassa-sandbox [--port N] [--shop-token T --sec-key K] [--notify-url URL] [--notify-retry-ms N] [--return-url URL]
// The first line printed is exactly `listening on http://HOST:PORT`, so scripts can read the address.
import { parseArgs } from 'node:util';
import { startSandbox, DEFAULT_SHOP_TOKEN, DEFAULT_SEC_KEY } from './index.js';

const USAGE = `Usage: ckassa-sandbox [options]

A local, stateful emulator of the CKassa Shop API (see docs/sandbox.md).

Options:
  --port N                 port to listen on (default 8765; 0 picks a free one)
  --host H                 address to listen on (default 127.0.0.1)
  --shop-token T           Basic user name (default ${DEFAULT_SHOP_TOKEN})
  --sec-key K              Basic password (default ${DEFAULT_SEC_KEY})
  --notify-url URL         where payment and card notifications are POSTed
  --notify-retry-ms N      first retry interval of notifications, doubling (default 1000)
  --notify-max-attempts N  attempts per notification (default 12)
  --notify-all             notify rejected payments too (default: successful ones only)
  --return-url URL         where the payer goes after the form or 3-D Secure, unless the
                           request gave successUrl/failUrl (default: the sandbox's result page)
  --services A,B           accept only these service codes (default: any well-formed code)
  --public-url URL         origin used in payUrl/securePageURL (default: the listening address)
  --quiet                  do not log requests
  --help                   show this help
`;

const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  'shop-token': { type: 'string' },
  'sec-key': { type: 'string' },
  'notify-url': { type: 'string' },
  'notify-retry-ms': { type: 'string' },
  'notify-max-attempts': { type: 'string' },
  'notify-all': { type: 'boolean' },
  'return-url': { type: 'string' },
  services: { type: 'string' },
  'public-url': { type: 'string' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

function integerOption(values, name, fallback) {
  const text = values[name];
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text)) throw new TypeError(`--${name} must be a whole number, got ${JSON.stringify(text)}`);
  return Number(text);
}

async function main() {
  let values;
  try {
    ({ values } = parseArgs({ options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (error) {
    process.stderr.write(`ckassa-sandbox: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  let sandbox;
  try {
    sandbox = await startSandbox({
      port: integerOption(values, 'port', 8765),
      host: values.host,
      shopToken: values['shop-token'],
      secKey: values['sec-key'],
      notifyUrl: values['notify-url'],
      notifyRetryMs: integerOption(values, 'notify-retry-ms', undefined),
      notifyMaxAttempts: integerOption(values, 'notify-max-attempts', undefined),
      notifyAll: values['notify-all'],
      returnUrl: values['return-url'],
      services: values.services?.split(',').map((code) => code.trim()).filter(Boolean),
      publicUrl: values['public-url'],
      log: values.quiet ? undefined : (line) => process.stdout.write(`${line}\n`),
    });
  } catch (error) {
    process.stderr.write(`ckassa-sandbox: ${error.message}\n`);
    return error instanceof TypeError ? 2 : 1;
  }
  process.stdout.write(`listening on ${sandbox.url}\n`);
  process.stdout.write(`Shop API: POST ${sandbox.url}/api-shop/<operation> with Basic ${values['shop-token'] ?? DEFAULT_SHOP_TOKEN}:${values['sec-key'] ? '***' : DEFAULT_SEC_KEY}\n`);
  process.stdout.write(`inspection: ${sandbox.url}/__sandbox/payments, /users, /notifications; Ctrl+C stops\n`);
  await new Promise((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await sandbox.close();
  return 0;
}

process.exitCode = await main();
