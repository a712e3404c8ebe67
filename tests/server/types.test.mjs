// The types of ckassa-sdk/server under tsc --strict (node16 ESM and CommonJS, bundler resolution), in a
// consumer whose node_modules/ckassa-sdk links to dist/. No @types/node: the types must not need it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

// Uses every export; each @ts-expect-error line must be an error, or tsc fails on the unused directive.
const USE = `
const gateway = createGateway({ baseUrl: CKASSA_DEMO_URL, shopToken: 't', secKey: 'k', timeoutMs: 5000, log: (line: string) => void line });
async function flows(): Promise<string> {
  const outcome = await gateway.recurrentPayment({
    serviceCode: '1000-13864-2', userToken: 'u', cardToken: 'c', amount: '100', comission: 0, properties: [{ name: 'n', value: 'v' }],
  });
  if (outcome.action) {
    const url: string = outcome.action.url;
    const reason: '3ds' = outcome.action.reason;
    return url + reason;
  }
  const regPayNum: string = outcome.result.regPayNum;
  const { result: cards } = await gateway.listCards({ userToken: 'u' });
  const masks: (string | null)[] = cards ? cards.cards.map((card) => card.cardMask) : [];
  const status = await gateway.call('paymentStatus', { regPayNum }, { signal: new AbortController().signal });
  const state: string | undefined = status.result?.state;
  const named: PaymentState = 'payed';
  // @ts-expect-error anonymousPayment needs serviceCode, amount, comission and properties
  await gateway.anonymousPayment({ amount: '1' });
  // @ts-expect-error no such operation
  await gateway.call('charge', {});
  return regPayNum + masks.join() + String(state) + named;
}

const store: Store<IdempotencyRecord> = createMemoryStore<IdempotencyRecord>({ ttlMs: 1000, maxEntries: 10 });
const proxy: Proxy = createProxy({
  gateway,
  operations: ['anonymousPayment', 'paymentStatus'],
  mount: '/api/ckassa',
  idempotencyStore: store,
  trustProxy: ['10.0.0.0/8'],
  maxBodyBytes: 1024,
  notificationAllowList: CKASSA_NOTIFICATION_SOURCES,
  onNotification: async (notification: Notification, info: NotificationInfo) => {
    if (notification.kind === 'payment') void (notification.regPayNum + notification.state + info.key);
    else void (notification.cardToken + notification.userToken);
  },
  beforeForward: ({ operation, clientIp }) => operation !== 'refund' && clientIp !== null,
});
// @ts-expect-error not an operation
createProxy({ gateway, operations: ['charge'] });
const responded: Promise<Response> = proxy.fetch(new Request('https://shop.example/api/ckassa/paymentStatus'), { remoteAddress: '192.0.2.1' });

// What node:http hands a listener, with node's overloads, must fit handle and middleware.
declare class NodeRequest {
  method?: string | undefined;
  url?: string | undefined;
  headers: { [name: string]: string | string[] | undefined; 'set-cookie'?: string[] | undefined };
  socket: { remoteAddress?: string | undefined; destroy(): void };
  on(event: 'data', listener: (chunk: Uint8Array) => void): this;
  on(event: string, listener: (...args: unknown[]) => void): this;
}
declare class NodeResponse {
  headersSent: boolean;
  statusCode: number;
  writeHead(statusCode: number, statusMessage?: string, headers?: { [name: string]: number | string | string[] }): this;
  writeHead(statusCode: number, headers?: { [name: string]: number | string | string[] }): this;
  end(callback?: () => void): this;
  end(chunk: unknown, callback?: () => void): this;
}
type Listener = (req: NodeRequest, res: NodeResponse) => void;
const listener: Listener = proxy.handle;
const viaMiddleware: (req: NodeRequest, res: NodeResponse, next: (error?: unknown) => void) => void = proxy.middleware;

const receiver: NotificationHandler = createNotificationHandler({ onNotification: () => undefined, allowList: ['94.138.149.0/24'] });
const parsed: Notification = parseNotification('{}');
const key: string = notificationKey(parsed);
const order: number = PAYMENT_STATE_ORDER.refunded;
const enriched: EnrichedClientAuInfo = enrichClientAuInfo(null, { headers: { 'user-agent': 'x' }, remoteAddress: '127.0.0.1' }, { trustProxy: false });
const ip: string = enriched.clientAuInfo.ipAddress;
const names: readonly Operation[] = OPERATIONS;
const creating: readonly Operation[] = PAYMENT_CREATING_OPERATIONS;
const urls: string[] = [CKASSA_PRODUCTION_URL, CKASSA_DEMO_URL];
function classify(error: unknown): string {
  if (error instanceof CKassaGatewayError) return String(error.gatewayCode) + error.code + String(error.httpStatus);
  if (error instanceof CKassaValidationError) return error.issues.map((issue) => issue.path).join();
  if (error instanceof CKassaNetworkError || error instanceof CKassaTimeoutError || error instanceof CKassaAbortError) return error.type;
  return error instanceof CKassaError ? error.code : 'other';
}
export const used = [flows, responded, listener, viaMiddleware, receiver, key, order, ip, names, creating, urls, classify];
`;

const IMPORTS = `createGateway, createProxy, createNotificationHandler, createMemoryStore, parseNotification, notificationKey,
  enrichClientAuInfo, CKASSA_PRODUCTION_URL, CKASSA_DEMO_URL, CKASSA_NOTIFICATION_SOURCES, OPERATIONS, PAYMENT_CREATING_OPERATIONS,
  PAYMENT_STATE_ORDER, CKassaError, CKassaGatewayError, CKassaValidationError, CKassaNetworkError, CKassaTimeoutError, CKassaAbortError`;
const TYPES = 'Store, IdempotencyRecord, Proxy, Notification, NotificationInfo, NotificationHandler, EnrichedClientAuInfo, Operation, PaymentState';

test('ckassa-sdk/server types compile under --strict (node16 ESM and CJS, bundler) without @types/node', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'ckassa-server-types-'));
  try {
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(join(root, 'dist'), join(dir, 'node_modules', 'ckassa-sdk'), 'dir');
    const options = { strict: true, noEmit: true, target: 'es2022', types: [], lib: ['es2022', 'dom'], noUnusedLocals: false };
    const files = {
      'package.json': JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
      'node16/tsconfig.json': JSON.stringify({ compilerOptions: { ...options, module: 'node16', moduleResolution: 'node16' }, include: ['*.mts', '*.cts'] }),
      'node16/esm.mts': `import { ${IMPORTS} } from 'ckassa-sdk/server';\nimport type { ${TYPES} } from 'ckassa-sdk/server';\n${USE}`,
      'node16/cjs.cts': `import server = require('ckassa-sdk/server');\nconst { ${IMPORTS} } = server;\ntype Store<R> = server.Store<R>; type IdempotencyRecord = server.IdempotencyRecord; type Proxy = server.Proxy;
type Notification = server.Notification; type NotificationInfo = server.NotificationInfo; type NotificationHandler = server.NotificationHandler;
type EnrichedClientAuInfo = server.EnrichedClientAuInfo; type Operation = server.Operation; type PaymentState = server.PaymentState;\n${USE.replace('export const used =', 'const used =')}\nexport = used;`,
      'bundler/tsconfig.json': JSON.stringify({ compilerOptions: { ...options, module: 'esnext', moduleResolution: 'bundler' }, include: ['*.ts'] }),
      'bundler/app.ts': `import { ${IMPORTS} } from 'ckassa-sdk/server';\nimport type { ${TYPES} } from 'ckassa-sdk/server';\n${USE}`,
    };
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), text);
    }
    for (const project of ['node16', 'bundler']) {
      try {
        execFileSync(join(root, 'node_modules/.bin/tsc'), ['-p', join(dir, project)], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      } catch (error) {
        assert.fail(`tsc (${project}) failed:\n${error.stdout}${error.stderr}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
