/**
 * Reports in the browser: a council member (viewer role, Kray only) opens the reports, sees the programme report
 * limited to Kray, the Kray dashboard with its charts and tables and "no data yet" sections, makes a mistake in the
 * period (named by the error summary), opens the annual report with its contents; a coordinator writes the annual
 * report's texts; an admin imports social indicators after a file with a mistake; anyone opens the open data page.
 * Every page is checked by axe-core (no serious/critical violations), for a strict CSP and for no inline code.
 */
import { describe, expect, it } from 'vitest';
import { createUserAsSystem } from '../../src/platform/auth/users.service';
import { forTenant } from '../../src/platform/db/tenant-scope';
import { getAreaBySlug } from '../../src/modules/territory';
import { listCategories, submitConcern } from '../../src/modules/concerns';
import { signIn, submit } from './support/actions';
import { chromiumAvailable } from './support/browser';
import { useE2e, type OpenPage } from './support/fixture';
import { E2E_USERS } from './support/server';

const VIEWER = { email: 'rat.kray@e2e.test', password: 'E2e-Rat-Kray-2026', displayName: 'Rita Rat' };

describe.skipIf(!chromiumAvailable())('reports for council, funder and staff (Chromium)', () => {
  const e2e = useE2e();
  let viewer: OpenPage;
  const year = new Date().getUTCFullYear();

  it('prepares a viewer for Kray and a few concerns', async () => {
    const root = e2e.server.running.handle.db;
    const row = await root.selectFrom('tenants').select(['id', 'slug', 'name']).executeTakeFirstOrThrow();
    const db = forTenant(root, row.id);
    const kray = (await getAreaBySlug(db, 'kray'))!;
    await createUserAsSystem(db, { ...VIEWER, assignments: [{ role: 'viewer', allAreas: false, areaIds: [kray.id] }] }, { id: null, label: 'e2e' });
    const ctx = { tenant: { id: row.id, slug: row.slug, name: row.name, defaultLocale: 'de' as const }, db, user: null, requestId: null, dialect: e2e.server.running.handle.dialect };
    const cats = await listCategories(db);
    for (const key of ['littering', 'littering', 'green_spaces']) {
      await submitConcern(ctx, { categoryId: cats.find((c) => c.key === key)!.id, description: 'Überquellende Mülleimer am Spielplatz.', channel: 'web', lat: 51.4746, lon: 7.0869 });
    }
  });

  it('a viewer sees the reports of Kray only: every section, charts beside their tables', async () => {
    viewer = await e2e.open();
    const { page, watch } = viewer;
    await signIn(viewer, VIEWER);
    await watch.visit('/staff/reports');
    expect(await page.locator('main .kern-alert--info').count()).toBe(1);
    await page.locator('main a[href="/staff/reports/areas/kray"]').click();
    await page.waitForURL('**/staff/reports/areas/kray');
    await watch.check('Kray dashboard');
    expect(await page.locator('main svg[role="img"]').count()).toBe(2);
    expect(await page.locator('main table caption', { hasText: 'Anliegen nach Thema' }).count()).toBe(1);
    for (const section of ['concerns', 'contacts', 'dialogues', 'meetings', 'offers', 'rooms', 'advice', 'groups', 'indicators']) expect(await page.locator(`main section h2#sec-${section}`).count()).toBe(1);
    expect(await page.locator('main table caption', { hasText: 'Raumnutzung' }).count()).toBe(1);
    expect(await page.locator('main table caption', { hasText: 'Beratungen im Zeitraum' }).count()).toBe(1);
    // A period that ends before it starts.
    await page.fill('#f-from', `${year}-06-01`);
    await page.fill('#f-to', `${year}-01-01`);
    await submit(viewer, 'main form[action="/staff/reports/areas/kray"]', 'period with a mistake');
    expect(await page.locator('#error-summary a[href="#f-to"]').count()).toBe(1);
    await watch.visit('/staff/reports/areas/karnap', { status: 403, label: 'Karnap (not in scope)' });
  });

  it('the annual report: contents, figures, downloads; no edit link for the viewer', async () => {
    const { page, watch } = viewer;
    await watch.visit(`/staff/reports/areas/kray/annual/${year}`);
    expect(await page.locator('main a[href="#fig-concerns"]').count()).toBe(1);
    expect(await page.locator('main a[href="#fig-groups"]').count()).toBe(1);
    expect(await page.locator(`main a[href="/staff/reports/areas/kray/annual/${year}/report.pdf"]`).count()).toBe(1);
    expect(await page.locator(`main a[href$="/edit"]`).count()).toBe(0);
  });

  it('a coordinator writes the annual report’s summary', async () => {
    const coord = await e2e.open();
    await signIn(coord, E2E_USERS.coordinator);
    await coord.watch.visit(`/staff/reports/areas/kray/annual/${year}/edit`);
    await coord.page.fill('#f-summary', 'Mehr Grünflächen für Kray – gemeinsam gepflegt.');
    await submit(coord, 'main form', 'narratives saved');
    expect(await coord.page.locator('main', { hasText: 'Mehr Grünflächen für Kray' }).count()).toBe(1);
  });

  it('an admin imports social indicators after a file with a mistake', async () => {
    const admin = await e2e.open();
    const { page, watch } = admin;
    await signIn(admin, E2E_USERS.admin);
    await watch.visit('/staff/reports/indicators/import');
    await page.fill('#f-text', 'district_number,indicator,year,value,source,licence\n99,population,2024,100,MADE UP,CC0-1.0\n');
    await submit(admin, 'main form', 'import with a mistake');
    expect(await page.locator('#error-summary a[href="#f-text"]').count()).toBe(1);
    expect(await page.locator('main table', { hasText: 'Einen Stadtteil mit der Nummer 99 gibt es nicht.' }).count()).toBe(1);
    await page.fill('#f-text', 'district_number,indicator,year,value,source,licence\n27,population,2024,100,MADE UP,CC0-1.0\n');
    await submit(admin, 'main form', 'import');
    expect(new URL(page.url()).pathname).toBe('/staff/reports/indicators');
    expect(await page.locator('main table', { hasText: 'MADE UP' }).count()).toBe(1);
  });

  it('anyone opens the open data page', async () => {
    const anon = await e2e.open();
    await anon.watch.visit('/open-data');
    expect(await anon.page.locator('main a[href="/open-data/catalog.jsonld"]').count()).toBe(1);
  });
});
