// Micro-benchmark: collecting and encoding the 3-D Secure browser data with the SDK against the CKassa
// docs' getFingerprint(), in the same Chromium page, in alternating rounds (so that drift hits both).
// Goal (bench/budgets.json, fingerprintVsDocsScript): the SDK's clientAuInfo() at most 2× the docs'
// script, while it also normalises to EMV limits, encodes UTF-8 and builds the whole record.
//
// `run({ page, url, quick })`: `page` is a Playwright page; if the SDK is not initialised in it yet
// (window.__ckassaSdk), it is imported from `${url}/dist/web/index.js` (the bench's stage) or
// `${url}/web/index.js` (dist/ served at the root) and initialised.

/** The docs' script, verbatim (shop-api-docs, "Скрипт получения данных в браузере клиента"). */
export const DOCS_SCRIPT = `function getFingerprint() {
    return btoa(JSON.stringify({
        browserTZ: new Date().getTimezoneOffset(),
        browserColorDepth: window.screen.colorDepth,
        browserScreenHeight:  window.screen.height,
        browserScreenWidth: window.screen.width,
        browserLanguage: navigator.language,
        browserUserAgent: window.navigator.userAgent,
        browserJavaEnabled: window.navigator.javaEnabled()
    }));
}`;

async function ensureSdk(page, url) {
  const ready = await page.evaluate(() => typeof window.__ckassaSdk?.clientAuInfo === 'function');
  if (ready) return;
  const candidates = url ? [`${url}/dist/web/index.js`, `${url}/web/index.js`] : [];
  const error = await page.evaluate(async (urls) => {
    let last = 'no URL to load the SDK from';
    for (const u of urls) {
      try {
        const sdk = await import(u);
        await sdk.init();
        window.__ckassaSdk = sdk;
        return null;
      } catch (e) {
        last = `${u}: ${e && e.message}`;
      }
    }
    return last;
  }, candidates);
  if (error) throw new Error(`bench/fingerprint.mjs: the SDK is not in the page and could not be loaded (${error})`);
}

/** Runs in the page: ops/s of each contender, median of alternating timed rounds. */
function measureInPage({ docsScript, rounds, roundMs, warmupMs }) {
  // eslint-disable-next-line no-new-func
  const getFingerprint = new Function(`${docsScript}; return getFingerprint;`)();
  const sdk = window.__ckassaSdk;
  let sink = 0;
  const contenders = {
    docs: () => { sink += getFingerprint().length; },
    clientAuInfo: () => { sink += sdk.clientAuInfo().authenticationInfo.length; },
    collectThenEncode: () => { sink += sdk.encodeAuthenticationInfo(sdk.collectBrowserInfo()).length; },
  };
  const runFor = (fn, ms) => {
    let n = 0;
    const start = performance.now();
    let now = start;
    while (now - start < ms) {
      for (let i = 0; i < 50; i++) fn();
      n += 50;
      now = performance.now();
    }
    return (n * 1000) / (now - start);
  };
  const names = Object.keys(contenders);
  for (const name of names) runFor(contenders[name], warmupMs);
  const rates = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    for (const name of r % 2 === 0 ? names : [...names].reverse()) rates[name].push(runFor(contenders[name], roundMs));
  }
  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  const out = { sink };
  for (const name of names) out[name] = median(rates[name]);
  // The outputs agree before anything is timed as equal work: same JSON for an ordinary browser.
  out.sameOutput = sdk.clientAuInfo().authenticationInfo === getFingerprint();
  return out;
}

/** Measures; returns { ratio, head, rows, docs, ours, notes } for bench/sections/fingerprint.mjs. */
export async function run({ page, url, quick = false }) {
  await ensureSdk(page, url);
  const m = await page.evaluate(measureInPage, {
    docsScript: DOCS_SCRIPT,
    rounds: quick ? 3 : 9,
    roundMs: quick ? 100 : 300,
    warmupMs: quick ? 100 : 500,
  });
  const row = (name, what, opsPerSec) => ({
    contender: name,
    what,
    'ops/s': Math.round(opsPerSec).toLocaleString('en-US'),
    'µs/op': (1e6 / opsPerSec).toFixed(2),
    'time vs docs': `${(m.docs / opsPerSec).toFixed(2)}×`,
  });
  const rows = [
    row('docs getFingerprint()', 'read 7 values, JSON.stringify, btoa', m.docs),
    row('SDK clientAuInfo()', 'collect, normalise (EMV), JSON, base64 UTF-8, {ipAddress, agentName, authenticationInfo}', m.clientAuInfo),
    row('SDK encodeAuthenticationInfo(collectBrowserInfo())', 'the same in two calls (raw info crosses to JS and back)', m.collectThenEncode),
  ];
  const ratio = m.docs / m.clientAuInfo;
  return {
    ratio,
    head: Object.keys(rows[0]),
    rows,
    docs: { opsPerSec: m.docs, usPerOp: 1e6 / m.docs },
    ours: { opsPerSec: m.clientAuInfo, usPerOp: 1e6 / m.clientAuInfo },
    collectThenEncode: { opsPerSec: m.collectThenEncode, usPerOp: 1e6 / m.collectThenEncode },
    sameOutput: m.sameOutput,
    notes: [
      `ratio = time per clientAuInfo() ÷ time per getFingerprint() = ${ratio.toFixed(2)}× (goal ≤ 2×)`,
      m.sameOutput
        ? 'for this browser both give the same authenticationInfo, byte for byte'
        : 'this browser needed normalising, so the outputs differ (see docs/fingerprint.md)',
    ],
  };
}
