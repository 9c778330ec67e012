/**
 * The portal in the browser: a resident starts on the home page (areas on the map and as a list, each with its office
 * and next offer), opens Kray's page (office open now, next offers, concerns map and list, participation) and follows
 * its links to the offers calendar, the concerns map and the area's participation page. The same pages with
 * JavaScript switched off, and in Arabic (right to left). Every page is checked by axe-core (no serious/critical
 * violations), for a strict CSP and for no inline code.
 */
import { describe, expect, it } from 'vitest';
import { forTenant } from '../../src/platform/db/tenant-scope';
import type { Tenant } from '../../src/platform/http/context';
import { listCategories, submitConcern } from '../../src/modules/concerns';
import { createOffer, createOffice } from '../../src/modules/offices';
import { getAreaBySlug } from '../../src/modules/territory';
import { chromiumAvailable } from './support/browser';
import { langDir } from './support/dom';

// This file's page functions read document.fonts (the project's TypeScript has no DOM library; see support/dom.ts).
declare const document: any;
import { useE2e } from './support/fixture';
import { ALWAYS_OPEN, officeInput } from '../support/offices';

describe.skipIf(!chromiumAvailable())('home and area pages (Chromium)', () => {
  const e2e = useE2e();

  it('prepares Kray: an office open every day, a published offer and a concern', async () => {
    const root = e2e.server.running.handle.db;
    const row = await root.selectFrom('tenants').select(['id', 'slug', 'name', 'default_locale']).executeTakeFirstOrThrow();
    const tenant: Tenant = { id: row.id, slug: row.slug, name: row.name, defaultLocale: row.default_locale };
    const db = forTenant(root, tenant.id);
    const kray = (await getAreaBySlug(db, 'kray'))!;
    const admin = { id: 'usr_e2eadmin', email: 'admin@e2e.test', displayName: 'Admin', organisation: null, locale: null, assignments: [{ role: 'admin' as const, allAreas: true, areaIds: [] }] };
    const ctx = { tenant, db, user: admin, requestId: null, dialect: e2e.server.running.handle.dialect, mail: null };
    const office = await createOffice(ctx, officeInput(kray.id, { slug: 'portal-kray', name: 'Stadtteilbüro Kray (Portal)', street: 'Heinrich-Sense-Weg 25', email: null, hours: ALWAYS_OPEN, closedOnHolidays: false, languages: ['de'], staffOnDuty: null }));
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await createOffer(ctx, { officeId: office.id, title: 'Sprachcafé Portal', date: tomorrow, time: '15:00', durationMinutes: 90, registration: false, publish: true });
    const categoryId = (await listCategories(db)).find((c) => c.key === 'littering')!.id;
    await submitConcern({ ...ctx, user: null }, { categoryId, description: 'Sperrmüll an der Ecke.', channel: 'web', lat: 51.4746, lon: 7.0869 });
  });

  it('goes from the home page to Kray and on to offers, concerns and participation', async () => {
    const { page, watch } = await e2e.open();
    await watch.visit('/');
    for (const name of ['Kray', 'Karnap', 'Frohnhausen', 'Bergmannsfeld']) expect(await page.locator('#area-list').textContent()).toContain(name);
    expect(await page.locator('#area-list').textContent()).toContain('Jetzt geöffnet');
    expect(await page.locator('#area-list').textContent()).toContain('Sprachcafé Portal');

    await page.locator('#area-list a[href="/areas/kray"]').click();
    await page.waitForURL('**/areas/kray');
    await watch.check('/areas/kray');
    expect(await page.locator('h1').textContent()).toBe('Kray');
    expect(await page.locator('#office').textContent()).toContain('Jetzt geöffnet');
    expect(await page.locator('#offers').textContent()).toContain('Sprachcafé Portal');
    // The area's concern map (the island makes it an interactive group) with the concern as a point.
    expect(await page.locator('#concerns svg#concern-map .q-map-point').count()).toBe(1);
    expect(await page.locator('#area-concerns li').count()).toBe(1);

    await page.locator('#offers a[href="/offers?area=kray"]').click();
    await page.waitForURL('**/offers?area=kray');
    await watch.check('/offers?area=kray');
    expect(await page.locator('main').textContent()).toContain('Sprachcafé Portal');

    await page.goBack();
    await page.locator('#concerns a[href^="/concerns?area="]').click();
    await page.waitForURL('**/concerns?area=*');
    await watch.check('/concerns?area=…');
    expect(await page.locator('main').textContent()).toContain('Kray');

    await page.goBack();
    await page.locator('#participation a[href="/participation/areas/kray"]').click();
    await page.waitForURL('**/participation/areas/kray');
    await watch.check('/participation/areas/kray');
  }, 120_000);

  it('works with JavaScript switched off, and in Arabic (right to left)', async () => {
    // With JavaScript off (axe needs JavaScript in the page; these pages were checked above): plain links and maps.
    const plain = await e2e.open({ javaScriptEnabled: false });
    expect((await plain.page.goto('/'))?.status()).toBe(200);
    expect(await plain.page.locator('#map-overview a[href="/areas/kray"]').count()).toBe(1);
    await Promise.all([plain.page.waitForURL('**/areas/kray'), plain.page.locator('#area-list a[href="/areas/kray"]').click()]);
    expect(await plain.page.locator('#offers').textContent()).toContain('Sprachcafé Portal');
    expect(await plain.page.locator('#map-area path').count()).toBeGreaterThan(1);
    expect(await plain.page.locator('#map-area-controls').isVisible()).toBe(false);

    const arabic = await e2e.open();
    for (const path of ['/', '/areas/kray']) {
      await arabic.watch.visit(`${path}?lang=ar`, { label: `${path} (ar)` });
      expect(await arabic.page.evaluate(langDir)).toEqual({ lang: 'ar', dir: 'rtl' });
    }
    expect(await arabic.page.locator('#h-offers').textContent()).toBe('العروض القادمة');
  }, 180_000);

  it('fetches only the Fira Sans cuts a language needs (ADR 0028)', async () => {
    const { page, watch } = await e2e.open();
    const fontsFetched = async () => {
      await page.evaluate(() => document.fonts.ready);
      return page.evaluate(() =>
        performance
          .getEntriesByType('resource')
          .map((e) => new URL(e.name).pathname)
          .filter((p) => p.startsWith('/static/fonts/')),
      );
    };
    const loadedRanges = () => page.evaluate(() => [...document.fonts].filter((f) => f.family.includes('Fira Sans') && f.status === 'loaded').map((f) => f.unicodeRange));
    // German: the Latin cut of the weights the page uses (body text, headings), and the Cyrillic cut of the regular
    // weight only for the language switcher's "Українська"; no Latin Extended (Turkish).
    await watch.visit('/');
    const german = await fontsFetched();
    expect(german.filter((f) => /-latin\./.test(f)).length).toBeGreaterThanOrEqual(2);
    for (const f of german) expect(f).toMatch(/^\/static\/fonts\/fira-sans-(\d00i?-latin|400-cyrillic)\.[0-9a-f]{12}\.woff2$/);
    expect((await loadedRanges()).some((r) => /^U\+0*0-0*FF\b/i.test(r))).toBe(true);
    // Ukrainian: Cyrillic cuts for the headings as well, and the page's text is drawn with them.
    await watch.visit('/?lang=uk', { label: '/ (uk)' });
    const ukrainian = await fontsFetched();
    expect(ukrainian.some((f) => /-[5-7]00-cyrillic\./.test(f))).toBe(true);
    expect((await loadedRanges()).filter((r) => /^U\+0*400-0*45F\b/i.test(r)).length).toBeGreaterThanOrEqual(2);
    // Every cut is small: the whole set a page fetched stays under 80 KB.
    const sizes = await page.evaluate(() => performance.getEntriesByType('resource').filter((e) => e.name.includes('/static/fonts/')).map((e) => (e as unknown as { encodedBodySize: number }).encodedBodySize));
    expect(sizes.reduce((a, b) => a + b, 0)).toBeLessThan(80 * 1024);
  }, 60_000);

  it('preloads only Fira Sans cuts the page draws with, in every language', async () => {
    // Each page is loaded twice in fresh contexts: as sent (the preloaded cuts are read from its head), and with the
    // preload links taken out, so that the browser fetches just what the stylesheet's unicode-range rules ask for.
    // Every preloaded cut must be among those: a preload that the page does not use costs bytes on a phone.
    const cuts = (paths: string[]) => paths.map((p) => /fira-sans-[a-z0-9-]+(?=\.)/.exec(p)?.[0]).filter((x): x is string => !!x).sort();
    for (const locale of ['de', 'en', 'tr', 'ar', 'uk']) {
      for (const path of ['/', '/participation']) {
        const url = `${path}?lang=${locale}`;
        const sent = await e2e.open();
        await sent.page.goto(url);
        const preloaded = cuts(await sent.page.evaluate(() => [...document.querySelectorAll('link[rel="preload"][as="font"]')].map((l: { getAttribute(n: string): string }) => l.getAttribute('href'))));
        expect(preloaded.length, url).toBeGreaterThanOrEqual(4);
        const bare = await e2e.open();
        await bare.page.route(
          (u) => u.pathname === path,
          async (route) => {
            const res = await route.fetch();
            await route.fulfill({ response: res, body: (await res.text()).replace(/<link rel="preload"[^>]*>/g, '') });
          },
        );
        const fetched: string[] = [];
        bare.page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
        await bare.page.goto(url);
        await bare.page.evaluate(() => document.fonts.ready);
        const used = cuts(fetched.filter((p) => p.startsWith('/static/fonts/')));
        expect(used, url).toEqual(expect.arrayContaining(preloaded));
        await sent.context.close();
        await bare.context.close();
      }
    }
  }, 60_000);
});
