// The CLI: `ckassa-sandbox --port 0 ...` prints `listening on http://127.0.0.1:PORT` first, serves, and
// exits cleanly on SIGINT/SIGTERM.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { clientOf, basic, anonymousPayment, receiver } from './helpers.mjs';

const CLI = fileURLToPath(new URL('../../js/sandbox/cli.js', import.meta.url));
const OPTIONS = { timeout: 30_000 };

/** Spawns the CLI and resolves with the process and its first line. */
async function start(args) {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = createInterface({ input: child.stdout });
  const [first] = await Promise.race([
    once(lines, 'line'),
    once(child, 'exit').then(([code]) => { throw new Error(`exited with ${code}`); }),
  ]);
  return { child, first };
}

describe('ckassa-sandbox CLI', () => {
  for (const signal of ['SIGTERM', 'SIGINT']) {
    test(`serves with the given options and exits 0 on ${signal}`, OPTIONS, async () => {
      const hook = await receiver();
      const { child, first } = await start([
        '--port', '0', '--shop-token', 'cli-shop', '--sec-key', 'cli-key', '--notify-url', hook.url, '--notify-retry-ms', '10',
        '--return-url', 'https://merchant.example/back',
      ]);
      try {
        assert.match(first, /^listening on http:\/\/127\.0\.0\.1:\d+$/);
        const url = first.slice('listening on '.length);
        const client = clientOf(url);
        const auth = basic('cli-shop', 'cli-key');
        assert.equal((await client.api('user/registration', { login: '79020000000' })).status, 401, 'the test pair is not accepted');
        const { regPayNum } = (await client.api('do/payment/anonymous', anonymousPayment(), { auth })).body;
        const back = await client.payWithCard(regPayNum);
        assert.equal(back.location, `https://merchant.example/back?regPayNum=${regPayNum}`);
        const [notification] = await hook.until((r) => r.length === 1);
        assert.equal(notification.body.state, 'payed');
      } finally {
        child.kill(signal);
        const [code] = await once(child, 'exit');
        await hook.close();
        assert.equal(code, 0);
      }
    });
  }

  test('without credentials it accepts the documented test pair', OPTIONS, async () => {
    const { child, first } = await start(['--port', '0', '--quiet']);
    try {
      const client = clientOf(first.slice('listening on '.length));
      assert.equal((await client.api('user/registration', { login: '79020000000' })).status, 200);
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });

  test('--help prints the usage; bad options exit 2 with a message', OPTIONS, async () => {
    const help = spawn(process.execPath, [CLI, '--help']);
    let out = '';
    help.stdout.on('data', (chunk) => { out += chunk; });
    assert.equal((await once(help, 'exit'))[0], 0);
    assert.match(out, /--notify-retry-ms/);
    for (const args of [['--bogus'], ['--port', 'x'], ['--port', '70000'], ['--notify-url', 'not a url'], ['--shop-token', 'only']]) {
      const bad = spawn(process.execPath, [CLI, ...args]);
      let err = '';
      bad.stderr.on('data', (chunk) => { err += chunk; });
      assert.equal((await once(bad, 'exit'))[0], 2, args.join(' '));
      assert.match(err, /ckassa-sandbox:/);
    }
  });
});
