/**
 * Public pages in the browser: start page, language switch to Arabic (right-to-left), to Turkish and back to German,
 * the start page and the concern form in all five languages,
 * programme areas with their SVG outline and office, data sources, a 404 page, and the layout at 320 px.
 * Every page is checked by axe-core (zero serious/critical violations), for a strict CSP and for no inline code.
 */
import { describe, expect, it } from 'vitest';
import { chromiumAvailable } from './support/browser';
import { canScrollHorizontally, focused, horizontalOverflow, langDir } from './support/dom';
import { useE2e, type OpenPage } from './support/fixture';

describe.skipIf(!chromiumAvailable())('public pages (Chromium)', () => {
  const e2e = useE2e();
  let visitor: OpenPage;

  it('shows the start page in German, with landmarks, a skip link, a strict CSP and no inline code', async () => {
    visitor = await e2e.open();
    const { page, watch } = visitor;
    const res = await watch.visit('/');
    expect(res.headers()['content-security-policy']).toContain("script-src 'self'");
    expect(await page.evaluate(langDir)).toEqual({ lang: 'de', dir: 'ltr' });
    expect(await page.locator('h1').first().textContent()).toContain('Essen');
    expect(await page.locator('header').count()).toBeGreaterThan(0);
    expect(await page.locator('main#main').count()).toBe(1);
    expect(await page.locator('footer').count()).toBeGreaterThan(0);
    // The first Tab reaches the skip link; following it moves the focus to <main>.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(focused)).toMatchObject({ href: '#main' });
    await page.keyboard.press('Enter');
    expect(await page.evaluate(focused)).toMatchObject({ id: 'main' });
  });

  it('switches to Arabic (right-to-left) and back to German', async () => {
    const { page, watch } = visitor;
    await page.locator('nav.q-lang a[hreflang="ar"]').click();
    await page.waitForFunction(() => (globalThis as any).document.documentElement.lang === 'ar');
    await watch.check('/ (ar)');
    expect(await page.evaluate(langDir)).toEqual({ lang: 'ar', dir: 'rtl' });
    // The choice is remembered on the next page.
    await watch.visit('/areas', { label: '/areas (ar)' });
    expect(await page.evaluate(langDir)).toEqual({ lang: 'ar', dir: 'rtl' });

    await page.locator('nav.q-lang a[hreflang="de"]').click();
    await page.waitForFunction(() => (globalThis as any).document.documentElement.lang === 'de');
    await watch.check('/areas (de again)');
    expect(await page.evaluate(langDir)).toEqual({ lang: 'de', dir: 'ltr' });
    expect(new URL(page.url()).pathname).toBe('/areas');
  });

  it('switches to Turkish, each language named in its own words, and keeps Turkish on the next page', async () => {
    const { page, watch } = visitor;
    await watch.visit('/?lang=de', { label: '/ (de)' });
    const names = await page.locator('nav.q-lang li > *').evaluateAll((els) => els.map((e) => [e.getAttribute('lang'), e.textContent?.trim(), e.getAttribute('dir')]));
    expect(names).toEqual([
      ['de', 'Deutsch', null],
      ['en', 'English', null],
      ['tr', 'Türkçe', null],
      ['ar', 'العربية', 'rtl'],
      ['uk', 'Українська', null],
    ]);
    await page.locator('nav.q-lang a[hreflang="tr"]').click();
    await page.waitForFunction(() => (globalThis as any).document.documentElement.lang === 'tr');
    await watch.check('/ (tr)');
    expect(await page.evaluate(langDir)).toEqual({ lang: 'tr', dir: 'ltr' });
    expect(await page.locator('a.q-skip-link').textContent()).toBe('İçeriğe geç');
    await watch.visit('/concerns/new', { label: '/concerns/new (tr)' });
    expect(await page.evaluate(langDir)).toEqual({ lang: 'tr', dir: 'ltr' });
    expect(await page.locator('h1').textContent()).toBe('Talep bildirin');
    await page.locator('nav.q-lang a[hreflang="de"]').click();
    await page.waitForFunction(() => (globalThis as any).document.documentElement.lang === 'de');
  }, 180_000);

  // Each language on its own: axe on a loaded machine takes seconds per page.
  for (const [locale, dir] of [['de', 'ltr'], ['en', 'ltr'], ['tr', 'ltr'], ['ar', 'rtl'], ['uk', 'ltr']] as const) {
    it(`has no serious or critical axe violations on the start page and the concern form in ${locale}`, async () => {
      const { page, watch } = visitor;
      for (const path of ['/', '/concerns/new']) {
        await watch.visit(`${path}?lang=${locale}`, { label: `${path} (${locale})` });
        expect(await page.evaluate(langDir)).toEqual({ lang: locale, dir });
      }
    }, 180_000);
  }

  it('explains a concern form sent empty in Ukrainian (CLDR plural), then goes back to German', async () => {
    const { page, watch } = visitor;
    await watch.visit('/lang/uk?next=%2Fconcerns%2Fnew', { label: '/concerns/new (uk, chosen)' });
    await page.locator('main form button[type="submit"]').last().click();
    await page.waitForSelector('.kern-alert, [role="alert"]');
    await watch.check('/concerns (uk, errors)');
    expect(await page.evaluate(langDir)).toEqual({ lang: 'uk', dir: 'ltr' });
    expect(await page.locator('main').textContent()).toMatch(/Будь ласка, виправте \d+ пол(е|я|ів):/);
    await watch.visit('/lang/de?next=%2F', { label: '/ (de again)' });
    expect(await page.evaluate(langDir)).toEqual({ lang: 'de', dir: 'ltr' });
  }, 180_000);

  it('lists the programme areas and shows Kray with its SVG outline and its district office', async () => {
    const { page, watch } = visitor;
    await watch.visit('/areas');
    for (const name of ['Kray', 'Karnap', 'Frohnhausen', 'Bergmannsfeld']) expect(await page.locator('main').textContent()).toContain(name);
    await page.locator('main a[href="/areas/kray"]').first().click();
    await page.waitForURL('**/areas/kray');
    await watch.check('/areas/kray');
    expect(await page.locator('h1').textContent()).toBe('Kray');
    // The outline: a server-drawn SVG image with an accessible name, a shape for the area, and a text alternative.
    const map = page.locator('main svg[role="img"]');
    expect(await map.count()).toBe(1);
    expect(await map.locator('path').count()).toBeGreaterThan(1);
    expect(await map.locator('title').first().textContent()).toContain('Kray');
    expect(await map.evaluate((svg) => (svg as any).getBoundingClientRect().width)).toBeGreaterThan(100);
    expect(await page.locator('#area-districts').textContent()).toContain('Kray');
    // The district office with its public address, and the funding periods.
    const office = await page.locator('main address').textContent();
    expect(office).toContain('Heinrich-Sense-Weg 25');
    expect(office).toContain('45307');
    expect(await page.locator('main').textContent()).toContain('Krupp');
  });

  it('credits the data sources', async () => {
    const { page, watch } = visitor;
    await watch.visit('/sources');
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('Stadt Essen');
    expect(text).toContain('dl-de/by-2-0');
    expect(text).toContain('Dickhoff');
  });

  it('answers an unknown page with a friendly 404 page', async () => {
    const { page, watch } = visitor;
    await watch.visit('/gibt-es-nicht', { status: 404 });
    expect(await page.locator('h1').count()).toBe(1);
    expect(await page.locator('a[href="/"]').count()).toBeGreaterThan(0);
  });

  it('has no horizontal scrolling at 320 px, in German and in Arabic', async () => {
    const narrow = await e2e.open({ viewport: { width: 320, height: 640 } });
    const paths = ['/', '/areas', '/areas/kray', '/sources'];
    for (const locale of ['de', 'ar'] as const) {
      for (const path of paths) {
        await narrow.watch.visit(`${path}${path.includes('?') ? '&' : '?'}lang=${locale}`, { label: `${path} at 320 px (${locale})` });
        const o = await narrow.page.evaluate(horizontalOverflow);
        expect(o.scrollWidth, `${path} (${locale}) is wider than 320 px; widest parts:\n  ${o.culprits.join('\n  ')}`).toBeLessThanOrEqual(o.viewport);
        expect(await narrow.page.evaluate(canScrollHorizontally), `${path} (${locale}) scrolls sideways`).toBe(false);
      }
    }
  }, 180_000);
});
