/**
 * The reduced stylesheet (ADR 0028) draws every page exactly as KERN's whole CSS does: each page is screenshotted once
 * with /static/quartier.<hash>.css and once with that request answered by KERN's complete kern.min.css + the same
 * font faces + app.css, and the two images must be identical, pixel for pixel. Public pages in German and Arabic,
 * then every page of the staff navigation as an administrator.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { fontFaceCss } from '../../src/platform/ui/styles/fonts';
import { stylesheetUrl } from '../../src/platform/ui/styles/stylesheet';
import { signIn } from './support/actions';
import { chromiumAvailable } from './support/browser';
import { useE2e } from './support/fixture';
import { E2E_USERS } from './support/server';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const fullCss = [
  fs.readFileSync(path.join(path.dirname(require.resolve('@kern-ux/native/package.json')), 'dist', 'kern.min.css'), 'utf8'),
  fontFaceCss(),
  fs.readFileSync(path.resolve(here, '../../src/platform/ui/static/app.css'), 'utf8'),
].join('\n');

/** Screenshot of the whole page, after fonts, with the stylesheet the server sends or with KERN's whole CSS. */
async function shot(page: Page, url: string, full: boolean): Promise<Buffer> {
  await page.unroute('**/static/quartier.*.css');
  if (full) await page.route('**/static/quartier.*.css', (route) => route.fulfill({ status: 200, contentType: 'text/css; charset=utf-8', body: fullCss }));
  const res = await page.goto(url);
  expect(res?.status(), url).toBeLessThan(500);
  await page.evaluate(() => (globalThis as unknown as { document: { fonts: { ready: Promise<unknown> } } }).document.fonts.ready);
  return page.screenshot({ fullPage: true, animations: 'disabled', caret: 'hide' });
}

async function expectSameDrawing(page: Page, url: string): Promise<void> {
  const reduced = await shot(page, url, false);
  const whole = await shot(page, url, true);
  expect(reduced.equals(whole), `${url} looks different with the reduced stylesheet`).toBe(true);
}

describe.skipIf(!chromiumAvailable())('the reduced stylesheet draws pages like the whole of KERN (Chromium)', () => {
  const e2e = useE2e();

  it('links one content-hashed stylesheet', async () => {
    const { page } = await e2e.open();
    await page.goto('/');
    expect(await page.locator('link[rel="stylesheet"]').evaluateAll((els) => els.map((e) => e.getAttribute('href')))).toEqual([stylesheetUrl()]);
  });

  it('public pages, German and Arabic', async () => {
    const { page } = await e2e.open();
    for (const p of ['/', '/areas/kray', '/concerns', '/concerns/new', '/offers', '/offices', '/dialogues', '/groups', '/participation', '/search?q=Kray', '/accessibility', '/login']) {
      await expectSameDrawing(page, p);
      await expectSameDrawing(page, `${p}${p.includes('?') ? '&' : '?'}lang=ar`);
    }
  }, 300_000);

  it('every page of the staff navigation, as an administrator', async () => {
    const p = await e2e.open();
    await signIn(p, E2E_USERS.admin);
    const links = await p.page.locator('.q-staffnav a[href^="/"]').evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('href')!))]);
    expect(links.length).toBeGreaterThan(3);
    for (const href of links) await expectSameDrawing(p.page, href);
  }, 300_000);
});
