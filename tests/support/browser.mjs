// One way to start Debian's Chromium for every browser test of the repository.
// playwright-core drives it; `npx playwright install` is never used (its downloads fail offline).
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/**
 * Launches a fresh headless Chromium with an empty profile.
 * Returns { browser, context, close } where context is a persistent context.
 */
export async function launchChromium(contextOptions = {}) {
  const userDataDir = mkdtempSync(join(tmpdir(), 'ckassa-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ARGS,
    ...contextOptions,
  });
  return {
    context,
    async close() {
      await context.close().catch(() => {});
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
