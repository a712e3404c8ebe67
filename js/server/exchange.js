// One request/answer shape for the three ways a merchant mounts the server toolkit: node:http
// (`handle(req, res)`), Connect/Express middleware (`middleware(req, res, next)`) and the Fetch API
// (`fetch(request)` → Response). The handlers see an `Exchange` and return an `Answer`; these adapters
// translate.

/**
 * @typedef {{
 *   method: string,
 *   pathname: string,
 *   headers: Record<string, string | string[] | undefined>,
 *   remoteAddress: string | null,
 *   body: (limit: number) => Promise<BodyRead>,
 * }} Exchange
 * @typedef {{ kind: 'bytes', bytes: Uint8Array } | { kind: 'parsed', value: unknown } | { kind: 'too_large' }} BodyRead
 * @typedef {{ status: number, headers: Record<string, string>, body: unknown }} Answer
 */

/** JSON answers are never cached and never sniffed. */
const JSON_HEADERS = Object.freeze({
  'Content-Type': 'application/json; charset=utf-8',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
});

/** A JSON answer. */
export function jsonAnswer(status, body, headers = {}) {
  return { status, headers: { ...headers }, body };
}

/**
 * Reads a node:http body up to `limit` bytes; past it the rest is drained (so the client hears the 413
 * instead of a reset) up to a hard cap, then the connection is dropped.
 * @param {import('node:http').IncomingMessage} req
 * @param {number} limit
 * @returns {Promise<BodyRead>}
 */
export function readNodeBody(req, limit) {
  const drainCap = Math.max(limit * 4, 1024 * 1024);
  return new Promise((resolve, reject) => {
    if (req.readableEnded) {
      resolve({ kind: 'bytes', bytes: new Uint8Array(0) });
      return;
    }
    /** @type {Buffer[]} */
    let chunks = [];
    let size = 0;
    let settled = false;
    const settle = (fn, value) => {
      if (!settled) {
        settled = true;
        fn(value);
      }
    };
    // A declared length over the limit is refused at once; the body is still drained below.
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) settle(resolve, { kind: 'too_large' });
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > limit) {
        chunks = [];
        settle(resolve, { kind: 'too_large' });
        if (size > drainCap) req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => settle(resolve, { kind: 'bytes', bytes: Buffer.concat(chunks) }));
    req.on('error', (error) => settle(reject, error));
    req.on('close', () => settle(reject, new Error('the client closed the request before its end')));
  });
}

/**
 * What a body parser that ran before us left in `req.body`, if anything: bytes (express.raw, a string
 * from express.text) or a parsed value (express.json). Undefined when the stream is still to be read.
 * @returns {BodyRead | undefined}
 */
function preParsedBody(req, limit) {
  const { body } = req;
  // body-parser marks what it consumed with `_body`; otherwise trust req.body only once the stream ended.
  if (body === undefined || !(req._body === true || req.readableEnded)) return undefined;
  if (typeof body === 'string' || body instanceof Uint8Array) {
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    return bytes.length > limit ? { kind: 'too_large' } : { kind: 'bytes', bytes };
  }
  const size = Buffer.byteLength(JSON.stringify(body) ?? '');
  return size > limit ? { kind: 'too_large' } : { kind: 'parsed', value: body };
}

/**
 * @param {import('node:http').IncomingMessage & {originalUrl?: string, body?: unknown, _body?: boolean}} req
 * @returns {Exchange}
 */
export function nodeExchange(req) {
  // Express strips a mount path from req.url and keeps the full one in originalUrl.
  const target = req.originalUrl ?? req.url ?? '/';
  let pathname = '/';
  try {
    pathname = new URL(target, 'http://localhost').pathname;
  } catch {
    pathname = '/';
  }
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    pathname,
    headers: req.headers,
    remoteAddress: req.socket?.remoteAddress ?? null,
    body: (limit) => Promise.resolve(preParsedBody(req, limit) ?? readNodeBody(req, limit)),
  };
}

/**
 * The remote address of a Fetch request, from the context the runtime gives next to it:
 * `{remoteAddress}`, Deno's `{remoteAddr: {hostname}}`, or a Bun-style `{requestIP()}`.
 */
function fetchRemoteAddress(context) {
  if (!context || typeof context !== 'object') return null;
  if (typeof context.remoteAddress === 'string') return context.remoteAddress;
  if (context.remoteAddr && typeof context.remoteAddr.hostname === 'string') return context.remoteAddr.hostname;
  return null;
}

/**
 * @param {Request} request
 * @param {{remoteAddress?: string, remoteAddr?: {hostname: string}} | undefined} context
 * @returns {Exchange}
 */
export function fetchExchange(request, context) {
  /** @type {Record<string, string>} */
  const headers = {};
  request.headers.forEach((value, name) => { headers[name.toLowerCase()] = value; });
  return {
    method: request.method.toUpperCase(),
    pathname: new URL(request.url).pathname,
    headers,
    remoteAddress: fetchRemoteAddress(context),
    body: async (limit) => {
      const declared = Number(request.headers.get('content-length'));
      if (Number.isFinite(declared) && declared > limit) return { kind: 'too_large' };
      if (!request.body) return { kind: 'bytes', bytes: new Uint8Array(0) };
      const reader = request.body.getReader();
      /** @type {Uint8Array[]} */
      const chunks = [];
      let size = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.length;
        if (size > limit) {
          await reader.cancel().catch(() => {});
          return { kind: 'too_large' };
        }
        chunks.push(value);
      }
      return { kind: 'bytes', bytes: Buffer.concat(chunks) };
    },
  };
}

function answerHeaders(answer) {
  return { ...JSON_HEADERS, ...answer.headers };
}

/** Writes an answer to a node:http response. */
export function sendNode(res, answer) {
  const text = JSON.stringify(answer.body);
  if (res.headersSent || res.destroyed) return;
  res.writeHead(answer.status, { ...answerHeaders(answer), 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** An answer as a Fetch Response. */
export function toResponse(answer) {
  return new Response(JSON.stringify(answer.body), { status: answer.status, headers: answerHeaders(answer) });
}

/**
 * The three mounts of one handler. `handler(exchange)` resolves to an Answer, or to null when the
 * request is not its business (then middleware calls next(), the others answer 404).
 * @param {(exchange: Exchange) => Promise<Answer | null>} handler
 * @param {(exchange: Exchange) => Answer} notFound
 */
export function mounts(handler, notFound) {
  const failed = (error) => jsonAnswer(500, {
    ok: false,
    error: { type: 'proxy', code: 'internal_error', message: 'the server failed to process the request' },
  });
  const run = async (exchange) => {
    try {
      return await handler(exchange);
    } catch (error) {
      process.emitWarning(`ckassa-sdk/server: ${error?.stack ?? error}`);
      return failed(error);
    }
  };
  return {
    /** node:http: `http.createServer(x.handle)`. */
    handle: async (req, res) => {
      const exchange = nodeExchange(req);
      const answer = (await run(exchange)) ?? notFound(exchange);
      sendNode(res, answer);
    },
    /** Connect/Express: `app.use(x.middleware)`. */
    middleware: (req, res, next) => {
      const exchange = nodeExchange(req);
      run(exchange).then((answer) => {
        if (answer) sendNode(res, answer);
        else if (typeof next === 'function') next();
        else sendNode(res, notFound(exchange));
      }, (error) => (typeof next === 'function' ? next(error) : sendNode(res, failed(error))));
    },
    /** Fetch API: `export default { fetch: x.fetch }`. */
    fetch: async (request, context) => {
      const exchange = fetchExchange(request, context);
      return toResponse((await run(exchange)) ?? notFound(exchange));
    },
  };
}

/** Decodes a body read as JSON: `{value}` or `{problem}` (not UTF-8, not JSON). */
export function decodeJson(read) {
  if (read.kind === 'parsed') return { value: read.value };
  let text;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(read.bytes);
  } catch {
    return { problem: 'the body is not UTF-8 text' };
  }
  if (text.trim() === '') return { problem: 'the body is empty; a JSON object is expected' };
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    return { problem: `the body is not valid JSON (${error.message})` };
  }
}

/** The media type of a request, lower case, without parameters. */
export function mediaType(headers) {
  const value = headers['content-type'];
  return String(Array.isArray(value) ? value[0] : value ?? '').split(';')[0].trim().toLowerCase();
}

/** A header's value as one string (the first of repeated ones), or undefined. */
export function headerOf(headers, name) {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
