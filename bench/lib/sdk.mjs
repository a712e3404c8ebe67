// Loading the built package the way a Node user does (dist/node/index.mjs), and asking whether a
// function another change adds has landed yet.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { NotAvailable } from './report.mjs';

/** The Node ESM entry of the built package. */
export async function loadNodeEntry(root) {
  return import(pathToFileURL(join(root, 'dist', 'node', 'index.mjs')).href);
}

/** The wasm-bindgen nodejs glue the Node entry binds (the same module instance: same file, same cache). */
export function loadNodeGlue(root) {
  return createRequire(import.meta.url)(join(root, 'dist', 'node', 'ckassa_sdk.cjs'));
}

/** The named exports of `mod`, or NotAvailable naming the first that is missing. */
export function need(mod, names, where = 'ckassa-sdk') {
  for (const name of names) {
    if (typeof mod[name] !== 'function') throw new NotAvailable(`\`${name}\` is not exported by ${where} yet`);
  }
  return names.map((n) => mod[n]);
}

/** The first line of an error, with its code when it has one. */
export function describeError(e) {
  const code = e && e.code ? ` [${e.code}]` : '';
  const issues = e && Array.isArray(e.issues) && e.issues.length
    ? `: ${e.issues.slice(0, 3).map((i) => `${i.path} ${i.code}`).join(', ')}`
    : '';
  return `${e && e.name ? `${e.name}: ` : ''}${String((e && e.message) || e).split('\n')[0]}${code}${issues}`;
}
