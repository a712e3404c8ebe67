// 5. Client overhead: a status request through CheckoutClient.paymentStatus against a plain fetch to the
// same local server, which answers like a merchant proxy (docs/proxy-protocol.md). Median per request,
// in Node and in Chromium, alternating blocks of requests so that drift hits both alike.
import { goal, NotAvailable } from '../lib/report.mjs';
import { describeError, loadNodeEntry, need } from '../lib/sdk.mjs';
import { serveStage } from '../lib/stage.mjs';
import { ms, ratio, summary } from '../lib/stats.mjs';

export const id = 'client';
export const title = 'Client overhead (paymentStatus through CheckoutClient vs a plain fetch)';

const REG_PAY_NUM = '1234567890';
const ENDPOINT = '/api/ckassa';

// The proxy's answer to POST {endpoint}/paymentStatus: 200 {ok, result} with X-Request-Id.
function proxyRoute() {
  let n = 0;
  return (req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      let regPayNum = REG_PAY_NUM;
      try {
        regPayNum = JSON.parse(Buffer.concat(chunks).toString('utf8')).regPayNum ?? regPayNum;
      } catch { /* answer anyway */ }
      const body = JSON.stringify({
        ok: true,
        result: {
          regPayNum, state: 'payed', totalAmount: 2575, createdDate: '2020-05-29 14:11:21',
          providerServCode: '1000-13864-3', providerName: 'Тест ShopAPI', errorCode: null, error: null,
          message: null, provisionServices: false, procDate: null,
        },
      });
      res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': `req-${++n}` });
      res.end(body);
    });
  };
}

// Runs in Node and (serialised by playwright) in the page: alternating blocks of plain fetch and
// client calls; per-request times in ms. `sdk` has CheckoutClient; `base` is the server's origin.
async function measure(sdk, base, endpoint, regPayNum, blocks, perBlock) {
  const url = `${base}${endpoint}/paymentStatus`;
  const plain = async () => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ regPayNum }) });
    const json = await res.json();
    if (!json.ok) throw new Error('proxy said no');
    return json.result;
  };
  const client = new sdk.CheckoutClient({ endpoint: `${base}${endpoint}` });
  let form = 'object';
  const viaClient = () => (form === 'object' ? client.paymentStatus({ regPayNum }) : client.paymentStatus(regPayNum));
  try {
    await viaClient();
  } catch (e) {
    form = 'string';
    await viaClient();
  }
  const times = { plain: [], client: [] };
  const fns = { plain, client: viaClient };
  for (let i = 0; i < 20; i++) { await plain(); await viaClient(); }
  for (let b = 0; b < blocks; b++) {
    for (const key of b % 2 === 0 ? ['plain', 'client'] : ['client', 'plain']) {
      for (let i = 0; i < perBlock; i++) {
        const t0 = performance.now();
        await fns[key]();
        times[key].push(performance.now() - t0);
      }
    }
  }
  return { times, form };
}

function rows(where, { times }) {
  const p = summary(times.plain);
  const c = summary(times.client);
  return [
    [`${where}: plain \`fetch\` + \`res.json()\``, ms(p.median), `${ms(p.p25)} – ${ms(p.p75)}`, p.n, ''],
    [`${where}: \`client.paymentStatus(...)\``, ms(c.median), `${ms(c.p25)} – ${ms(c.p75)}`, c.n, ratio(c.median, p.median)],
  ];
}

export async function run(ctx) {
  const sdk = await loadNodeEntry(ctx.root);
  need(sdk, ['CheckoutClient']);
  const server = await serveStage(ctx.stage.dir, { [`${ENDPOINT}/paymentStatus`]: proxyRoute() });
  const blocks = ctx.quick ? 4 : 10;
  const perBlock = ctx.quick ? 25 : 100;
  try {
    let node;
    try {
      node = await measure(sdk, server.url, ENDPOINT, REG_PAY_NUM, blocks, perBlock);
    } catch (e) {
      throw new NotAvailable(`CheckoutClient.paymentStatus did not answer against a proxy-protocol server: ${describeError(e)}`);
    }
    const table = rows('Node', node);
    const notes = [`${blocks} alternating blocks of ${perBlock} sequential requests each, after 20 warm-up pairs; keep-alive connections to a node:http server on 127.0.0.1 answering \`{ok: true, result}\` with \`X-Request-Id\`.`];
    let chrome = null;
    try {
      const { context } = await ctx.chromium.get();
      const page = await context.newPage();
      try {
        await page.goto(`${server.url}/blank.html`);
        chrome = await page.evaluate(async ({ src, args, body }) => {
          const m = await import(src);
          await m.init();
          // eslint-disable-next-line no-new-func -- the same measure() as in Node, sent as its source text
          const measureInPage = new Function(`return (${body})`)();
          return measureInPage(m, location.origin, ...args);
        }, { src: '/dist/web/index.js', args: [ENDPOINT, REG_PAY_NUM, blocks, perBlock], body: measure.toString() });
        table.push(...rows(`Chromium ${ctx.chromiumVersion ?? ''}`, chrome));
      } finally {
        await page.close();
      }
    } catch (e) {
      notes.push(`Chromium: not measured (${describeError(e)}).`);
    }
    if (node.form === 'string') notes.push('`paymentStatus` took the regPayNum as a string.');
    const overhead = summary(node.times.client).median / summary(node.times.plain).median;
    const target = ctx.budgets.goals.clientOverheadVsFetch;
    const goals = [goal('client overhead in Node', `≤ ${target}× a plain fetch`, `${overhead.toFixed(2)}×`, overhead <= target)];
    if (chrome) {
      const o = summary(chrome.times.client).median / summary(chrome.times.plain).median;
      goals.push(goal('client overhead in Chromium', `≤ ${target}× a plain fetch`, `${o.toFixed(2)}×`, o <= target));
    }
    return {
      tables: [{ head: ['request', 'median', 'p25 – p75', 'requests', '÷ plain fetch'], rows: table }],
      notes,
      goals,
      data: { node, chromium: chrome },
    };
  } finally {
    await server.close();
  }
}
