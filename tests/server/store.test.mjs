// The in-memory store (TTL, size bound, in-progress records kept) and enrichClientAuInfo on its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { server } from './helpers.mjs';

const { createMemoryStore, enrichClientAuInfo } = server;

test('memory store: putIfAbsent is first-wins, records are copies, TTL expires them', async () => {
  let now = 1_000;
  const store = createMemoryStore({ ttlMs: 100, now: () => now });
  assert.equal(await store.putIfAbsent('k', { state: 'done', n: 1 }), true);
  assert.equal(await store.putIfAbsent('k', { state: 'done', n: 2 }), false);
  const record = await store.get('k');
  record.n = 99;
  assert.deepEqual(await store.get('k'), { state: 'done', n: 1 });
  await store.set('k', { state: 'done', n: 3 });
  assert.equal((await store.get('k')).n, 3);
  now += 101;
  assert.equal(await store.get('k'), undefined);
  assert.equal(await store.putIfAbsent('k', { state: 'done', n: 4 }), true);
  await store.delete('k');
  assert.equal(await store.get('k'), undefined);
});

test('memory store: past maxEntries the oldest go, never one in progress', async () => {
  const store = createMemoryStore({ maxEntries: 3 });
  await store.set('busy', { state: 'in_progress' });
  for (const key of ['a', 'b', 'c', 'd']) await store.set(key, { state: 'done' });
  assert.equal(store.size, 3);
  assert.deepEqual(await store.get('busy'), { state: 'in_progress' });
  assert.equal(await store.get('a'), undefined);
  assert.equal(await store.get('b'), undefined);
  assert.deepEqual(await store.get('d'), { state: 'done' });
  assert.throws(() => createMemoryStore({ maxEntries: 0 }), TypeError);
});

test('enrichClientAuInfo: node-style, Fetch and plain requests; trustProxy as a list of proxies', () => {
  const headers = { 'user-agent': 'UA/1', accept: 'text/html', 'x-forwarded-for': '203.0.113.5' };
  const node = { headers, socket: { remoteAddress: '::ffff:10.1.2.3' } };
  assert.equal(enrichClientAuInfo(null, node).clientAuInfo.ipAddress, '10.1.2.3');
  assert.equal(enrichClientAuInfo(null, node, { trustProxy: ['10.0.0.0/8'] }).clientAuInfo.ipAddress, '203.0.113.5');
  assert.equal(enrichClientAuInfo(null, node, { trustProxy: ['192.168.0.0/16'] }).clientAuInfo.ipAddress, '10.1.2.3');
  assert.equal(enrichClientAuInfo(null, node, { trustProxy: (address) => address === '10.1.2.3' }).ipSource, 'x-forwarded-for');
  const v6 = enrichClientAuInfo(null, { headers, remoteAddress: '2001:db8::7' }, { trustProxy: ['2001:db8::/32'] });
  assert.equal(v6.clientAuInfo.ipAddress, '203.0.113.5');
  const fetched = enrichClientAuInfo(undefined, new Request('https://shop.example/', { headers }), { remoteAddress: '198.51.100.2' });
  assert.equal(fetched.clientAuInfo.ipAddress, '198.51.100.2');
  assert.equal(fetched.clientAuInfo.agentName, 'UA/1');
  const info = JSON.parse(Buffer.from(fetched.clientAuInfo.authenticationInfo, 'base64').toString('utf8'));
  assert.equal(info.browserAcceptHeader, 'text/html');
  assert.throws(() => enrichClientAuInfo({ ipAddress: 1 }, node), (error) => error.type === 'validation');
  assert.throws(() => enrichClientAuInfo(null, node, { trustProxy: ['not an address'] }), TypeError);
});
