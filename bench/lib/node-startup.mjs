// Child process of the start-up section: loads one build in a fresh Node and prints the milliseconds
// from reading it to a ready SDK.
//   node node-startup.mjs script <file> [readyGlobal] [expectGlobal]   vm.runInThisContext, then await global.ready
//   node node-startup.mjs import <file>                                  await import(file)
//   node node-startup.mjs compile <file.wasm>                            new WebAssembly.Module(bytes)
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';

const [mode, file, readyGlobal, expectGlobal] = process.argv.slice(2);
const t0 = performance.now();
if (mode === 'import') {
  await import(pathToFileURL(file).href);
} else if (mode === 'compile') {
  new WebAssembly.Module(readFileSync(file)); // eslint-disable-line no-new
} else {
  const code = readFileSync(file, 'utf8');
  vm.runInThisContext(code, { filename: file });
  if (readyGlobal) await globalThis[readyGlobal].ready;
  if (expectGlobal && !globalThis[expectGlobal]) throw new Error(`${expectGlobal} is not defined after loading`);
}
process.stdout.write(`${performance.now() - t0}\n`);
