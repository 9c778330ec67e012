/**
 * Debian's Chromium through playwright-core. With CI=true a missing browser fails the run; without CI the browser
 * tests are skipped with a loud warning (so `npm test` still works on a machine without Chromium).
 */
import fs from 'node:fs';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let warned = false;

/**
 * True when Chromium is installed. Throws with CI=true when it is not: a missing browser is a failure in CI,
 * never a silent skip.
 */
export function chromiumAvailable(): boolean {
  if (fs.existsSync(CHROMIUM_PATH)) return true;
  const msg = `Chromium was not found at ${CHROMIUM_PATH}. Install it with: apt-get install chromium`;
  if (process.env.CI === 'true') throw new Error(`${msg} (CI=true: the browser tests must run)`);
  if (!warned) {
    warned = true;
    const line = '!'.repeat(78);
    console.warn(`\n${line}\n!! ${msg}\n!! The browser tests (test/e2e) are SKIPPED. They run in CI.\n${line}\n`);
  }
  return false;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

export async function newContext(browser: Browser, baseURL: string, opts: BrowserContextOptions = {}): Promise<BrowserContext> {
  const ctx = await browser.newContext({ baseURL, locale: 'de-DE', timezoneId: 'Europe/Berlin', ...opts });
  ctx.setDefaultTimeout(15_000);
  ctx.setDefaultNavigationTimeout(20_000);
  return ctx;
}
