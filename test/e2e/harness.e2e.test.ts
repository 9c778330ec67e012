/**
 * The browser-test harness itself (no browser needed): a missing Chromium fails with CI=true and is skipped loudly
 * otherwise; the CSP and inline-code checks catch what they should; the axe check (in the browser) finds a serious
 * violation in a page made to have one and none in the same page fixed.
 */
import fs from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { chromiumAvailable, launchBrowser } from './support/browser';
import { blockingViolations, cspProblems, formatViolations, inlineProblems } from './support/checks';

describe('e2e harness', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  it('fails with CI=true when Chromium is missing, and skips loudly otherwise', () => {
    vi.spyOn(fs, 'existsSync').mockReturnValue(false);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.stubEnv('CI', 'true');
    expect(() => chromiumAvailable()).toThrow(/CI=true/);
    vi.stubEnv('CI', '');
    expect(chromiumAvailable()).toBe(false);
    expect(warn.mock.calls.flat().join('\n')).toMatch(/SKIPPED/);
  });

  it('accepts a strict CSP and names what is wrong with a weak one', () => {
    expect(cspProblems("default-src 'self'; script-src 'self'; style-src 'self'; frame-ancestors 'none'")).toEqual([]);
    expect(cspProblems(null)).toEqual(['no Content-Security-Policy header']);
    expect(cspProblems("default-src 'self'; script-src 'self' 'unsafe-inline'; frame-ancestors 'none'")).toEqual(["script-src allows 'unsafe-inline'"]);
    expect(cspProblems("script-src 'self'")).toContain('default-src is missing');
  });

  it('finds inline scripts, style attributes, <style> and event handlers', () => {
    expect(inlineProblems('<script src="/static/map.js"></script><p class="x">ok</p>')).toEqual([]);
    expect(inlineProblems('<script>alert(1)</script>')).toHaveLength(1);
    expect(inlineProblems('<div style="color:red">x</div>')).toHaveLength(1);
    expect(inlineProblems('<button onclick="go()">x</button>')).toHaveLength(1);
    expect(inlineProblems('<style>p{}</style>')).toHaveLength(1);
    // Text that merely mentions the words is fine.
    expect(inlineProblems('<p>Use the style guide; onboarding starts at 9.</p>')).toEqual([]);
  });

  it('prints axe violations readably', () => {
    const text = formatViolations('/x', [
      { id: 'color-contrast', impact: 'serious', help: 'Elements must meet minimum color contrast ratio thresholds', helpUrl: 'https://dequeuniversity.com/rules/axe/4.11/color-contrast', nodes: [{ target: ['.q-brand'], html: '<a class="q-brand">', failureSummary: 'Fix any of the following:\n  Element has insufficient color contrast' }] },
    ]);
    expect(text).toContain('[serious] color-contrast');
    expect(text).toContain('.q-brand');
    expect(text).toContain('insufficient color contrast');
  });

  it.runIf(chromiumAvailable())('finds a serious axe violation in a page that has one, and none once it is fixed', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      const doc = (field: string) =>
        `<!doctype html><html lang="de"><head><title>Prüfseite</title></head><body><main><h1>Prüfseite</h1><form action="/x">${field}<button type="submit">Senden</button></form></main></body></html>`;
      await page.setContent(doc('<input type="text" name="q">'));
      expect((await blockingViolations(page)).map((v) => v.id)).toContain('label');
      await page.setContent(doc('<label for="q">Suche</label><input id="q" type="text" name="q">'));
      expect(await blockingViolations(page)).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
