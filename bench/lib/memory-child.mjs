// Child process of the memory section: loads the Node entry in a fresh process, runs many validations
// and prints JSON checkpoints of the wasm linear memory.
//
// The nodejs glue (dist/node/ckassa_sdk.cjs) keeps its `wasm` exports private. Before it loads, this
// process wraps the WebAssembly.Instance constructor so that it can keep the instance the glue
// creates, and reads `instance.exports.memory.buffer.byteLength` from it (the glue's own memory:
// nothing in the package is changed). process.memoryUsage().arrayBuffers is printed too, for reference.
//   node memory-child.mjs <dist/node/index.mjs> <checkpoints,comma,separated>
import { pathToFileURL } from 'node:url';
import { anonymousPayment, invalidPayment } from '../fixtures/payment.mjs';

const instances = [];
const Original = WebAssembly.Instance;
WebAssembly.Instance = new Proxy(Original, {
  construct(target, args, newTarget) {
    const instance = Reflect.construct(target, args, newTarget);
    instances.push(instance);
    return instance;
  },
});

const [entry, checkpointList] = process.argv.slice(2);
const sdk = await import(pathToFileURL(entry).href);
WebAssembly.Instance = Original;
const instance = instances.find((i) => i.exports.memory instanceof WebAssembly.Memory);
if (!instance) throw new Error('the glue created no wasm instance with an exported memory');
const memory = instance.exports.memory;

// The workload: validateRequest when it exists (9 valid payments for 1 invalid, so both the success
// and the error path allocate), else the amount parsers (what the core exported before requests landed).
const good = anonymousPayment(10);
const bad = invalidPayment(10);
let workload;
let one;
if (typeof sdk.validateRequest === 'function') {
  workload = 'validateRequest(anonymousPayment, 10 items): 9 valid, 1 invalid';
  one = (i) => sdk.validateRequest('anonymousPayment', i % 10 === 9 ? bad : good);
} else {
  workload = 'rublesToKopecks / parseKopecks (validateRequest not available yet): 9 valid, 1 invalid';
  one = (i) => {
    try {
      return i % 10 === 9 ? sdk.parseKopecks('1.5') : sdk.rublesToKopecks('123.45');
    } catch (e) {
      return e;
    }
  };
}

const checkpoints = checkpointList.split(',').map(Number);
const points = [{ calls: 0, wasmBytes: memory.buffer.byteLength, arrayBuffers: process.memoryUsage().arrayBuffers }];
let done = 0;
for (const target of checkpoints) {
  for (; done < target; done++) one(done);
  points.push({ calls: done, wasmBytes: memory.buffer.byteLength, arrayBuffers: process.memoryUsage().arrayBuffers });
}
process.stdout.write(`${JSON.stringify({ workload, points })}\n`);
