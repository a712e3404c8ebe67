// The system under load, in its own process (so that the load generator does not share its event
// loop): the example merchant backend (examples/proxy/server.mjs, startDemo) with its embedded
// sandbox, on 127.0.0.1. Prints one JSON line {url, sandboxUrl} once it listens, and stops on SIGTERM,
// SIGINT, when its standard input closes, or after CKASSA_LOAD_MAX_MS (default 10 minutes).
import { startDemo } from '../../examples/proxy/server.mjs';

const demo = await startDemo({ port: 0 });
process.stdout.write(`${JSON.stringify({ url: demo.url, sandboxUrl: demo.sandboxUrl })}\n`);
let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  demo.close().then(() => process.exit(0), () => process.exit(1));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
setTimeout(stop, Number(process.env.CKASSA_LOAD_MAX_MS ?? 600_000)).unref();
