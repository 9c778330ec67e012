/**
 * One Quartier server and one browser per test file: `const e2e = useE2e()` inside a describe block starts both in
 * beforeAll and stops them in afterAll. `e2e.open()` gives a page in a fresh browser context (its own cookies),
 * watched by PageWatch so that every page can be checked (axe, CSP, no inline code).
 */
import { afterAll, beforeAll } from 'vitest';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { launchBrowser, newContext } from './browser';
import { PageWatch } from './checks';
import { startQuartier, type E2eServer } from './server';

export interface OpenPage {
  context: BrowserContext;
  page: Page;
  watch: PageWatch;
}

export interface E2e {
  readonly server: E2eServer;
  readonly browser: Browser;
  open(opts?: BrowserContextOptions): Promise<OpenPage>;
}

export function useE2e(env: Record<string, string> = {}): E2e {
  let server: E2eServer | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const state: E2e = {
    get server() {
      if (!server) throw new Error('server not started');
      return server;
    },
    get browser() {
      if (!browser) throw new Error('browser not launched');
      return browser;
    },
    async open(opts = {}) {
      const context = await newContext(state.browser, state.server.baseUrl, opts);
      contexts.push(context);
      const page = await context.newPage();
      return { context, page, watch: new PageWatch(page) };
    },
  };
  beforeAll(async () => {
    [server, browser] = await Promise.all([startQuartier(env), launchBrowser()]);
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close().catch(() => {});
    await server?.stop();
  });
  return state;
}
