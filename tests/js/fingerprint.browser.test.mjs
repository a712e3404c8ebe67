// The SDK's 3DS browser data next to the CKassa docs' getFingerprint() in the same Chromium page, under
// several emulated browsers: time zones, a long locale, a large screen, a 30-bit display, a non-Latin-1
// user agent. The collector must read exactly what the docs' script reads; the encoding must be
// byte-identical where nothing needs normalising, and report what it changed where something does.
// Needs the built package (npm run build): dist/web/index.js.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../support/browser.mjs';
import { serveStatic } from '../support/static.mjs';
import { DOCS_SCRIPT } from '../../bench/fingerprint.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = join(root, 'dist');
const built = existsSync(join(dist, 'web', 'index.js'));

// The page: the docs' script verbatim (kept in bench/fingerprint.mjs, which times it),
// the SDK from the built web entry, and a decoder independent of the SDK (base64 → UTF-8 → JSON).
const PAGE = `<!doctype html><meta charset="utf-8"><title>fingerprint</title>
<script>
${DOCS_SCRIPT}
function decodeIndependently(b64) {
  return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
}
</script>
<script type="module">
import * as sdk from '/web/index.js';
await sdk.init();
window.sdk = sdk;
window.__ready = true;
</script>`;

let server;
before(async () => {
  if (!built) return;
  server = await serveStatic(dist, {
    routes: { '/fingerprint.html': (_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE) },
  });
});
after(async () => {
  await server?.close();
});

/**
 * Opens the page in a fresh Chromium with `contextOptions` and an init script (a function, or
 * `[function, argument]`), and runs `fn(arg)` in it.
 */
async function inPage(contextOptions, initScript, fn, arg) {
  const browser = await launchChromium(contextOptions);
  try {
    if (initScript) await browser.context.addInitScript(...[initScript].flat());
    const page = await browser.context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    await page.goto(`${server.url}/fingerprint.html`);
    await page.waitForFunction(() => window.__ready === true, null, { timeout: 20_000 }).catch((e) => {
      throw new Error(`${e.message}\npage errors: ${problems.join('\n')}`);
    });
    return await page.evaluate(fn, arg);
  } finally {
    await browser.close();
  }
}

/** Both sides in the page: the docs' text (or its exception), the SDK's raw, report, decoded JSON. */
function sideBySide() {
  const out = {};
  try {
    out.docsBase64 = getFingerprint();
    out.docsJson = atob(out.docsBase64);
  } catch (e) {
    out.docsError = e.name;
  }
  out.rawJson = JSON.stringify(window.sdk.collectBrowserInfo());
  out.report = window.sdk.clientAuInfoReport();
  out.plain = window.sdk.clientAuInfo();
  out.sdkJson = decodeIndependently(out.report.clientAuInfo.authenticationInfo);
  out.decoded = window.sdk.decodeClientAuInfo(out.report.clientAuInfo);
  out.navigator = { userAgent: navigator.userAgent, language: navigator.language, tz: new Date().getTimezoneOffset() };
  return out;
}

/** What every condition shares: the collector reads what the docs read, the SDK's output decodes. */
function checkCommon(r) {
  if (r.docsJson !== undefined) assert.equal(r.rawJson, r.docsJson, 'the collector reads exactly what the docs script reads');
  assert.deepEqual(r.plain, r.report.clientAuInfo, 'clientAuInfo() (compact transport) = the report\'s record');
  assert.equal(r.report.clientAuInfo.ipAddress, '');
  assert.equal(r.report.clientAuInfo.agentName, r.navigator.userAgent);
  assert.deepEqual(JSON.parse(r.sdkJson), r.report.info);
  assert.deepEqual(r.decoded.info, r.report.info);
  assert.deepEqual(Object.keys(JSON.parse(r.sdkJson)), [
    'browserTZ', 'browserColorDepth', 'browserScreenHeight', 'browserScreenWidth',
    'browserLanguage', 'browserUserAgent', 'browserJavaEnabled',
  ]);
}

/** Where nothing needs normalising: byte for byte the docs' authenticationInfo. */
function checkIdentical(r) {
  checkCommon(r);
  assert.deepEqual(r.report.changes, []);
  assert.equal(r.sdkJson, r.docsJson);
  assert.equal(r.report.clientAuInfo.authenticationInfo, r.docsBase64);
}

test('default Chromium: the same JSON as the docs, byte for byte', { skip: !built && 'run npm run build first' }, async () => {
  const r = await inPage({}, null, sideBySide);
  checkIdentical(r);
  assert.equal(typeof JSON.parse(r.sdkJson).browserJavaEnabled, 'boolean');
});

for (const [timezoneId, offsets] of [
  ['America/New_York', [300, 240]],
  ['Asia/Kamchatka', [-720]],
  ['Asia/Kolkata', [-330]],
]) {
  test(`time zone ${timezoneId}: the docs' getTimezoneOffset()`, { skip: !built && 'run npm run build first' }, async () => {
    const r = await inPage({ timezoneId }, null, sideBySide);
    checkIdentical(r);
    assert.ok(offsets.includes(r.report.info.browserTZ), `${r.report.info.browserTZ} in ${offsets}`);
    assert.equal(r.report.info.browserTZ, r.navigator.tz);
  });
}

test('locale zh-Hant-TW: a language tag of at most 8 characters', { skip: !built && 'run npm run build first' }, async (t) => {
  const r = await inPage({ locale: 'zh-Hant-TW' }, null, sideBySide);
  checkCommon(r);
  const docs = JSON.parse(r.docsJson);
  const lang = r.report.info.browserLanguage;
  t.diagnostic(`navigator.language ${docs.browserLanguage} → ${lang}`);
  assert.equal(docs.browserLanguage, 'zh-Hant-TW', 'Chromium reports the full tag; the docs pass it raw');
  assert.equal(lang, 'zh-TW');
  assert.deepEqual(r.report.changes, [
    { field: 'browserLanguage', from: 'zh-Hant-TW', to: 'zh-TW', rule: 'language_shortened' },
  ]);
  assert.deepEqual({ ...JSON.parse(r.sdkJson), browserLanguage: 'zh-Hant-TW' }, docs, 'every other field as the docs');
});

test('a long language from the page itself is shortened and reported', { skip: !built && 'run npm run build first' }, async () => {
  const init = () => Object.defineProperty(Navigator.prototype, 'language', { get: () => 'sr-Latn-RS', configurable: true });
  const r = await inPage({}, init, sideBySide);
  checkCommon(r);
  assert.equal(JSON.parse(r.docsJson).browserLanguage, 'sr-Latn-RS', 'the docs pass it raw');
  assert.equal(r.report.info.browserLanguage, 'sr-RS');
  assert.deepEqual(r.report.changes.map((c) => c.rule), ['language_shortened']);
});

test('a 2560×1440 screen with a small viewport: screen sizes, not the window', { skip: !built && 'run npm run build first' }, async () => {
  const r = await inPage({ screen: { width: 2560, height: 1440 }, viewport: { width: 800, height: 600 } }, null, sideBySide);
  checkIdentical(r);
  assert.equal(r.report.info.browserScreenWidth, 2560);
  assert.equal(r.report.info.browserScreenHeight, 1440);
});

test('a 30-bit display: the docs pass 30 raw, the SDK sends 32 and says so', { skip: !built && 'run npm run build first' }, async () => {
  const init = () => Object.defineProperty(Screen.prototype, 'colorDepth', { get: () => 30, configurable: true });
  const r = await inPage({}, init, sideBySide);
  checkCommon(r);
  const docs = JSON.parse(r.docsJson);
  const sdk = JSON.parse(r.sdkJson);
  assert.equal(docs.browserColorDepth, 30);
  assert.equal(sdk.browserColorDepth, 32);
  assert.deepEqual(r.report.changes, [
    { field: 'browserColorDepth', from: 30, to: 32, rule: 'color_depth_nearest_allowed' },
  ]);
  assert.deepEqual({ ...sdk, browserColorDepth: 30 }, docs, 'every other field as the docs');
});

test('a user agent outside Latin-1: the docs script throws, the SDK encodes UTF-8', { skip: !built && 'run npm run build first' }, async () => {
  const ua = 'Mozilla/5.0 (Linux; Android 14; Редми Ноут 12) AppleWebKit/537.36 小米浏览器/1.0 😀';
  const init = (text) => Object.defineProperty(Navigator.prototype, 'userAgent', { get: () => text, configurable: true });
  const r = await inPage({}, [init, ua], sideBySide);
  assert.equal(r.docsError, 'InvalidCharacterError');
  checkCommon(r);
  assert.deepEqual(r.report.changes, []);
  assert.equal(JSON.parse(r.sdkJson).browserUserAgent, ua);
  assert.equal(JSON.parse(r.rawJson).browserUserAgent, ua);
});

test('a user agent with NUL, quotes and a backslash: still the docs\' bytes, and the record intact', { skip: !built && 'run npm run build first' }, async () => {
  const ua = 'Mozilla/5.0 "quoted" \\ back\u0000slash\u0000 tail';
  const init = (text) => Object.defineProperty(Navigator.prototype, 'userAgent', { get: () => text, configurable: true });
  const r = await inPage({}, [init, ua], sideBySide);
  checkIdentical(r);
  assert.equal(r.plain.agentName, ua);
});

test('pure functions give byte-identical output in the page and in Node', { skip: !built && 'run npm run build first' }, async () => {
  const node = await import(join(dist, 'node', 'index.mjs'));
  const inputs = [
    { browserTZ: -180, browserColorDepth: 24, browserScreenHeight: 1080, browserScreenWidth: 1920, browserLanguage: 'ru-RU', browserUserAgent: 'Mozilla/5.0 (X11; Linux x86_64)', browserJavaEnabled: false },
    { browserTZ: 721.5, browserColorDepth: 30, browserScreenHeight: -1, browserScreenWidth: 1e7, browserLanguage: 'zh_hant_tw', browserUserAgent: 'Опера 😀'.repeat(300), browserJavaEnabled: 'true', extra: [1] },
    {},
  ];
  const compute = (sdk, list) => list.map((info) => {
    const n = sdk.normalizeBrowserInfo(info);
    const b64 = sdk.encodeAuthenticationInfo(info);
    const record = { ipAddress: '', agentName: 'UA', authenticationInfo: b64 };
    return { n, b64, decoded: sdk.decodeClientAuInfo(JSON.stringify(record)) };
  });
  // The same function runs in both places: its source is sent to the page.
  const inBrowser = await inPage({}, null, ([list, source]) => new Function(`return (${source});`)()(window.sdk, list), [
    inputs,
    compute.toString(),
  ]);
  assert.deepEqual(inBrowser, compute(node, inputs));
});

test('enrichment is Node\'s: in the browser build it is a typed server_only error, in Node it works', { skip: !built && 'run npm run build first' }, async () => {
  const input = { remoteAddress: '203.0.113.7', headers: { 'user-agent': 'UA/1', accept: 'text/html' } };
  const inBrowser = await inPage({}, null, (arg) => {
    try {
      return { value: window.sdk.enrichClientAuInfoCore(arg) };
    } catch (e) {
      return { name: e.name, type: e.type, code: e.code, isSdk: e instanceof window.sdk.CKassaServerOnlyError, message: e.message, after: window.sdk.rublesToKopecks('1.5') };
    }
  }, input);
  assert.equal(inBrowser.value, undefined, 'the browser build has no enrichment');
  assert.deepEqual(
    { type: inBrowser.type, code: inBrowser.code, isSdk: inBrowser.isSdk, after: inBrowser.after },
    { type: 'server_only', code: 'server_only', isSdk: true, after: 150 },
  );
  assert.match(inBrowser.message, /enrichClientAuInfoCore/);
  const node = await import(join(dist, 'node', 'index.mjs'));
  const enriched = node.enrichClientAuInfoCore(input);
  assert.equal(enriched.clientAuInfo.ipAddress, '203.0.113.7');
  assert.equal(enriched.clientAuInfo.agentName, 'UA/1');
});
