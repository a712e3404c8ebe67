// The 3DS browser data in Node, through the built package (dist/node/index.mjs): collection without a
// window gives the typed "browser only" result; normalise, encode, decode and the proxy's enrichment
// work, and their output is what the docs' btoa(JSON.stringify(...)) gives for ordinary ASCII data
// (Node's btoa is the same algorithm as a browser's), and UTF-8 base64 beyond that.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const entry = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'node', 'index.mjs');
const skip = !existsSync(entry) && 'run npm run build first';
const sdk = skip ? null : await import(entry);

const ORDINARY = {
  browserTZ: -180,
  browserColorDepth: 24,
  browserScreenHeight: 1080,
  browserScreenWidth: 1920,
  browserLanguage: 'ru-RU',
  browserUserAgent: 'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:80.0) Gecko/20100101 Firefox/80.0',
  browserJavaEnabled: false,
};
const utf8Base64 = (value) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64');
const fromBase64 = (b64) => JSON.parse(Buffer.from(b64, 'base64').toString('utf8'));

test('no window: the collector gives null, clientAuInfo() a typed browser_only error', { skip }, () => {
  assert.equal(typeof globalThis.window, 'undefined');
  assert.equal(sdk.collectBrowserInfo(), null);
  assert.equal(sdk.tryClientAuInfo(), null);
  assert.equal(sdk.tryClientAuInfo({ ipAddress: '203.0.113.7' }), null);
  assert.throws(() => sdk.clientAuInfo(), (e) => {
    assert.ok(e instanceof sdk.CKassaBrowserOnlyError);
    assert.ok(e instanceof sdk.CKassaError);
    assert.equal(e.name, 'CKassaBrowserOnlyError');
    assert.equal(e.type, 'browser_only');
    assert.equal(e.code, 'browser_only');
    return true;
  });
  assert.throws(() => sdk.clientAuInfoReport(), { type: 'browser_only' });
  // Bad options are still reported as what they are.
  assert.throws(() => sdk.tryClientAuInfo({ ipAddress: 'nope' }), { type: 'validation', code: 'invalid_ip' });
});

test('ordinary ASCII data encodes exactly as the docs script does', { skip }, () => {
  const docs = btoa(JSON.stringify(ORDINARY));
  assert.equal(sdk.encodeAuthenticationInfo(ORDINARY), docs);
  assert.deepEqual(sdk.normalizeBrowserInfo(ORDINARY), { info: ORDINARY, changes: [] });
  // Key order is the docs' even when the caller's is not.
  const reversed = Object.fromEntries(Object.entries(ORDINARY).reverse());
  assert.equal(sdk.encodeAuthenticationInfo(reversed), docs);
});

test('non-Latin-1 text: btoa throws, the SDK gives UTF-8 base64', { skip }, () => {
  const info = { ...ORDINARY, browserUserAgent: 'Mozilla/5.0 (Linux; Android 14; Редми) 小米 😀', browserLanguage: 'uk-UA' };
  assert.throws(() => btoa(JSON.stringify(info)), { name: 'InvalidCharacterError' });
  const b64 = sdk.encodeAuthenticationInfo(info);
  assert.equal(b64, utf8Base64(info));
  assert.deepEqual(fromBase64(b64), info);
});

test('normalisation reports each change and encodes the normalised values', { skip }, () => {
  const raw = { ...ORDINARY, browserColorDepth: 30, browserLanguage: 'sr-Latn-RS', browserTZ: 900, browserScreenWidth: 1e7, browserUserAgent: 'x'.repeat(2049), fontHash: 'abc' };
  const { info, changes } = sdk.normalizeBrowserInfo(raw);
  assert.deepEqual(
    changes.map(({ field, rule }) => [field, rule]),
    [
      ['browserTZ', 'clamped'],
      ['browserColorDepth', 'color_depth_nearest_allowed'],
      ['browserScreenWidth', 'clamped'],
      ['browserLanguage', 'language_shortened'],
      ['browserUserAgent', 'truncated'],
      ['fontHash', 'unknown_field'],
    ],
  );
  assert.deepEqual(info, { ...ORDINARY, browserTZ: 720, browserColorDepth: 32, browserScreenWidth: 999999, browserLanguage: 'sr-RS', browserUserAgent: 'x'.repeat(2048) });
  assert.equal(sdk.encodeAuthenticationInfo(raw), btoa(JSON.stringify(info)));
  // NaN and Infinity cross the boundary by name and are handled, not lost.
  const odd = sdk.normalizeBrowserInfo({ ...ORDINARY, browserScreenHeight: NaN, browserColorDepth: Infinity });
  assert.deepEqual(odd.changes, [
    { field: 'browserColorDepth', from: 'Infinity', to: 48, rule: 'color_depth_nearest_allowed' },
    { field: 'browserScreenHeight', from: 'NaN', to: 0, rule: 'not_a_number' },
  ]);
  assert.throws(() => sdk.normalizeBrowserInfo('{}'), { type: 'validation', code: 'not_object' });
});

test('decodeClientAuInfo: object or JSON text in, decoded fields or every problem with its path out', { skip }, () => {
  const record = { ipAddress: '', agentName: ORDINARY.browserUserAgent, authenticationInfo: btoa(JSON.stringify(ORDINARY)) };
  const decoded = sdk.decodeClientAuInfo(record);
  assert.deepEqual(decoded, { ...record, info: ORDINARY });
  assert.deepEqual(sdk.decodeClientAuInfo(JSON.stringify(record)), decoded);
  assert.throws(() => sdk.decodeClientAuInfo(record, { requireIpAddress: true }), { code: 'blank' });

  const bad = { ipAddress: '999.1.1.1', agentName: ' ', authenticationInfo: utf8Base64({ ...ORDINARY, browserColorDepth: 30, browserTZ: '300' }) };
  // The browser may leave the user agent for the proxy, like the IP: blank passes until the proxy's final check.
  for (const [options, agent] of [[undefined, []], [{ requireIpAddress: true }, [['agentName', 'blank']]]]) {
    assert.throws(() => sdk.decodeClientAuInfo(bad, options), (e) => {
      assert.ok(e instanceof sdk.CKassaValidationError);
      assert.deepEqual(e.issues.map(({ path, code }) => [path, code]), [
        ['ipAddress', 'invalid_ip'],
        ...agent,
        ['authenticationInfo.browserTZ', 'invalid_type'],
        ['authenticationInfo.browserColorDepth', 'not_allowed'],
      ]);
      return true;
    });
  }
  for (const [value, code] of [
    [null, 'not_object'],
    ['{', 'invalid_json'],
    [{ agentName: 'UA', authenticationInfo: 'eyJ9eQ' }, 'invalid_base64'],
    [{ agentName: 'UA', authenticationInfo: Buffer.from([0xc3, 0x28]).toString('base64') }, 'invalid_utf8'],
    [{ agentName: 'UA', authenticationInfo: btoa('browserTZ: -300') }, 'invalid_json'],
    [{ agentName: 'UA' }, 'required'],
  ]) {
    assert.throws(() => sdk.decodeClientAuInfo(value), { type: 'validation', code }, JSON.stringify(value));
  }
});

test('enrichClientAuInfoCore: the server fills IP, Accept and its User-Agent', { skip }, () => {
  const browser = { ipAddress: '', agentName: 'Browser UA', authenticationInfo: btoa(JSON.stringify({ ...ORDINARY, browserUserAgent: 'Browser UA' })) };
  const request = {
    remoteAddress: '::ffff:10.0.0.5',
    headers: { 'user-agent': 'Server UA', accept: 'text/html', 'x-forwarded-for': '203.0.113.9, 10.0.0.1' },
  };
  const behind = sdk.enrichClientAuInfoCore({ clientAuInfo: browser, ...request, trustProxy: true });
  assert.equal(behind.ipSource, 'x-forwarded-for');
  assert.deepEqual(behind.clientAuInfo.ipAddress, '203.0.113.9');
  assert.equal(behind.clientAuInfo.agentName, 'Server UA');
  assert.deepEqual(fromBase64(behind.clientAuInfo.authenticationInfo), {
    ...ORDINARY, browserUserAgent: 'Server UA', browserAcceptHeader: 'text/html', browserIP: '203.0.113.9',
  });
  const direct = sdk.enrichClientAuInfoCore({ clientAuInfo: browser, ...request });
  assert.equal(direct.ipSource, 'remote-address');
  assert.equal(direct.clientAuInfo.ipAddress, '10.0.0.5');
  // A Fetch Headers object works too, and no browser record at all.
  const fromHeaders = sdk.enrichClientAuInfoCore({ remoteAddress: '2001:db8::1', headers: new Headers({ 'User-Agent': 'curl/8', 'Accept-Language': 'ru' }) });
  assert.equal(fromHeaders.clientAuInfo.agentName, 'curl/8');
  assert.equal(fromHeaders.info.browserLanguage, 'ru');
  assert.deepEqual(sdk.decodeClientAuInfo(fromHeaders.clientAuInfo, { requireIpAddress: true }).info, fromHeaders.info);
  assert.throws(
    () => sdk.enrichClientAuInfoCore({ clientAuInfo: { agentName: 'x', authenticationInfo: 'x' } }),
    (e) => e.type === 'validation' && e.issues[0].path === 'clientAuInfo.authenticationInfo',
  );
});
