// The facts a reader needs to weigh the numbers: when, on what CPU, with which Node and Chromium, and
// which commit of the SDK was measured.
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { cpus, totalmem, platform, release, arch } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_PATH } from '../../tests/support/browser.mjs';

function tryRun(cmd, args, opts = {}) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], ...opts }).trim();
  } catch {
    return null;
  }
}

function cpuModel() {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('model name'));
    if (line) return line.split(':')[1].trim();
  } catch { /* not Linux */ }
  return cpus()[0]?.model ?? 'unknown';
}

/** Date, CPU, memory, OS, Node, Chromium and the git commit under measurement. */
export function machineFacts(root) {
  const chromium = tryRun(CHROMIUM_PATH, ['--version']);
  const head = tryRun('git', ['rev-parse', '--short', 'HEAD'], { cwd: root });
  const dirty = tryRun('git', ['status', '--porcelain', '--', 'src', 'js', 'Cargo.toml', 'Cargo.lock', 'scripts'], { cwd: root });
  let distBuilt = null;
  try {
    distBuilt = statSync(join(root, 'dist', 'web', 'index.js')).mtime.toISOString();
  } catch { /* no build yet */ }
  return {
    date: new Date().toISOString(),
    cpu: cpuModel(),
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${platform()} ${release()} ${arch()}`,
    node: process.version,
    chromium: chromium ? chromium.split('\n')[0].replace(/\s+built on.*$/, '') : 'not found',
    commit: head ? `${head}${dirty ? ' (+ uncommitted changes in src/js)' : ''}` : 'unknown',
    distBuilt,
  };
}
