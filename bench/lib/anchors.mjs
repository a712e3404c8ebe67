// The anchors: the SDKs a merchant would pick instead (Adyen Web, Braintree Web), installed from the
// pinned lockfile in bench/anchors/ (never the root install) and bundled the way our own entries are
// bundled: esbuild, minified, browser platform, no legal comments.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';

export const ANCHORS = [
  { id: 'adyen', name: 'Adyen Web', pkg: '@adyen/adyen-web', pieces: 'AdyenCheckout, ThreeDS2DeviceFingerprint, ThreeDS2Challenge, Redirect' },
  { id: 'braintree', name: 'Braintree Web', pkg: 'braintree-web', pieces: 'client, three-d-secure, data-collector' },
];

/** Installs bench/anchors/ from its lockfile when its node_modules is missing or stale. */
export function ensureAnchorsInstalled(root, log) {
  const dir = join(root, 'bench', 'anchors');
  const installed = ANCHORS.every((a) => {
    const pj = join(dir, 'node_modules', ...a.pkg.split('/'), 'package.json');
    if (!existsSync(pj)) return false;
    const want = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).dependencies[a.pkg];
    return JSON.parse(readFileSync(pj, 'utf8')).version === want;
  });
  if (installed) return;
  log('installing the anchors: npm ci --prefix bench/anchors');
  execFileSync('npm', ['ci', '--prefix', dir, '--no-audit', '--no-fund', '--ignore-scripts'], {
    stdio: ['ignore', 'inherit', 'inherit'], cwd: root,
  });
}

/** The installed version of each anchor package. */
export function anchorVersions(root) {
  return Object.fromEntries(ANCHORS.map((a) => {
    const pj = join(root, 'bench', 'anchors', 'node_modules', ...a.pkg.split('/'), 'package.json');
    return [a.id, JSON.parse(readFileSync(pj, 'utf8')).version];
  }));
}

/**
 * Bundles each anchor twice into bench/anchors/dist/: `<id>.esm.js` (the size anchor, minified ESM like
 * dist/web/index.js) and `<id>.iife.js` (the same code as a classic script with a global, so start-up
 * is compared with our script-tag build on equal terms). Returns id -> { esm, iife } paths.
 */
export async function bundleAnchors(root) {
  const out = {};
  for (const a of ANCHORS) {
    const common = {
      entryPoints: [join(root, 'bench', 'anchors', `${a.id}.js`)],
      absWorkingDir: join(root, 'bench', 'anchors'),
      bundle: true, minify: true, platform: 'browser', legalComments: 'none',
      target: ['es2020'], logLevel: 'error',
    };
    const esm = join(root, 'bench', 'anchors', 'dist', `${a.id}.esm.js`);
    const iife = join(root, 'bench', 'anchors', 'dist', `${a.id}.iife.js`);
    await esbuild.build({ ...common, format: 'esm', outfile: esm });
    await esbuild.build({ ...common, format: 'iife', globalName: `Anchor_${a.id}`, outfile: iife });
    out[a.id] = { esm, iife };
  }
  return out;
}
