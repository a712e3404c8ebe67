// The key-value store behind idempotency keys and the notification seen-set: an in-memory default with
// a time to live and a size bound, and the small async interface a merchant implements to keep the
// records in their database instead (see docs/server.md, "The store interface").

const DEFAULT_TTL_MS = 24 * 60 * 60 * 1000;
const DEFAULT_MAX_ENTRIES = 10_000;

function positiveInteger(value, name, fallback) {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) throw new TypeError(`${name} must be a positive integer, got ${JSON.stringify(value)}`);
  return value;
}

/**
 * An in-memory store for one process. Records live `ttlMs` (24 h by default); past `maxEntries`
 * (10 000) the oldest records go first, except those a request is still working on (`state:
 * 'in_progress'`), which are never evicted to make room.
 * @param {{ ttlMs?: number, maxEntries?: number, now?: () => number }} [options]
 */
export function createMemoryStore(options = {}) {
  const ttlMs = positiveInteger(options.ttlMs, 'ttlMs', DEFAULT_TTL_MS);
  const maxEntries = positiveInteger(options.maxEntries, 'maxEntries', DEFAULT_MAX_ENTRIES);
  const now = options.now ?? Date.now;
  /** @type {Map<string, {record: unknown, expiresAt: number}>} insertion order is age order */
  const entries = new Map();

  const live = (key) => {
    const entry = entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };

  const makeRoom = () => {
    if (entries.size < maxEntries) return;
    const current = now();
    for (const [key, entry] of entries) {
      if (entries.size < maxEntries) return;
      if (entry.expiresAt <= current || entry.record?.state !== 'in_progress') entries.delete(key);
    }
  };

  const put = (key, record) => {
    entries.delete(key);
    makeRoom();
    entries.set(key, { record: structuredClone(record), expiresAt: now() + ttlMs });
  };

  return {
    /** The record of `key`, or undefined. */
    async get(key) {
      const entry = live(key);
      return entry === undefined ? undefined : structuredClone(entry.record);
    },
    /** Stores `record` unless `key` has one; resolves to true when it stored it. */
    async putIfAbsent(key, record) {
      if (live(key) !== undefined) return false;
      put(key, record);
      return true;
    },
    /** Stores `record` under `key`, replacing what was there. */
    async set(key, record) {
      put(key, record);
    },
    /** Forgets `key`. */
    async delete(key) {
      entries.delete(key);
    },
    /** How many records are held (expired ones may still count until they are read or evicted). */
    get size() {
      return entries.size;
    },
  };
}

/** Checks that `store` has the four methods of the interface; throws a TypeError naming the option. */
export function checkStore(store, name) {
  for (const method of ['get', 'putIfAbsent', 'set', 'delete']) {
    if (typeof store?.[method] !== 'function') {
      throw new TypeError(`${name} must have the methods get, putIfAbsent, set and delete (missing ${method})`);
    }
  }
  return store;
}
