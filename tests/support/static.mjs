// A small static file server on 127.0.0.1 for browser tests: the right MIME types (application/wasm
// for instantiateStreaming), optional extra headers (a CSP), a request cap and a time cap.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.wasm': 'application/wasm',
  '.png': 'image/png', '.svg': 'image/svg+xml', '.map': 'application/json', '.txt': 'text/plain',
};

/**
 * Serves `dir` on 127.0.0.1 (a free port). `headers` go on every answer; `routes` maps a path to a
 * handler (req, res) for the few dynamic answers a test needs. Stops by itself after `maxRequests`
 * or `maxMs`. Returns { url, close(), requests } where requests lists the paths asked for.
 */
export async function serveStatic(dir, { headers = {}, routes = {}, maxRequests = 2000, maxMs = 300_000 } = {}) {
  const requests = [];
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    requests.push(path);
    if (requests.length > maxRequests) {
      res.writeHead(503).end('request cap reached');
      return;
    }
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    if (routes[path]) return routes[path](req, res);
    const file = normalize(join(dir, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(normalize(dir + sep)) && file !== normalize(dir)) {
      res.writeHead(403).end();
      return;
    }
    try {
      if (!(await stat(file)).isFile()) throw new Error('not a file');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const timer = setTimeout(() => server.close(), maxMs);
  timer.unref();
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => {
      clearTimeout(timer);
      server.closeAllConnections?.();
      server.close(() => resolve());
    }),
  };
}
