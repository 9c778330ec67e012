/**
 * Site search in the browser: a visitor searches from the header field of the start page (a plain GET form) and
 * opens a result; a coordinator searches from the header too and lands on the staff search, which also finds an
 * internal document marked "intern"; a visitor finds a residents' group looking for members and opens its public
 * page. The index is rebuilt like `quartier start` does (reindex after seeding); one group is created through the
 * groups service and one staff document is added directly. Every page is checked by axe-core, for a strict CSP and no inline code.
 */
import { describe, expect, it } from 'vitest';
import { openDatabase, type DbHandle } from '../../src/platform/db/connection';
import { indexDocument } from '../../src/platform/db/search';
import { forTenant } from '../../src/platform/db/tenant-scope';
import { findTenantBySlug } from '../../src/platform/tenancy';
import { createGroup } from '../../src/modules/groups';
import { reindexSearch } from '../../src/modules/search/search.reindex';
import { getAreaBySlug } from '../../src/modules/territory';
import { signIn, submit } from './support/actions';
import { chromiumAvailable } from './support/browser';
import { useE2e } from './support/fixture';
import { E2E_USERS } from './support/server';

const SLOW = 300_000;

describe.skipIf(!chromiumAvailable())('site search (Chromium)', () => {
  const e2e = useE2e();

  async function prepareIndex(): Promise<void> {
    const handle: DbHandle = openDatabase({ sqliteFile: e2e.server.config.SQLITE_FILE });
    try {
      const tenant = (await findTenantBySlug(handle.db, e2e.server.config.DEFAULT_TENANT))!;
      // A residents' group looking for members, created through the groups service (which indexes it).
      const db = forTenant<any>(handle.db, tenant.id);
      const kray = (await getAreaBySlug(db, 'kray'))!;
      const admin = { id: 'usr_e2esearchadmin', email: 'e2e-admin@example.test', displayName: 'E2E', organisation: null, locale: null, assignments: [{ role: 'admin' as const, allAreas: true, areaIds: [] }] };
      await createGroup(
        { tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name, defaultLocale: 'de' }, db, user: admin, requestId: null, dialect: handle.dialect },
        { name: 'Nachbarschaftsgruppe Kray-Nord', areaId: kray.id, purpose: 'Interne Notiz zur Begleitung', startDate: '2025-03-01', topicIds: [], contactPersonId: null, public: true, publicText: 'Wir suchen Nachbarinnen und Nachbarn, die mitmachen.', meetingInfo: 'Jeden ersten Montag im Stadtteilbüro' },
      );
      await reindexSearch(handle.db, tenant);
      await indexDocument(forTenant<any>(handle.db, tenant.id), { docType: 'dialogue', docId: 'dlg_e2esearch', visibility: 'staff', areaIds: [], title: 'Interne Runde Datenschutz-Schulung', body: 'Nur für Mitarbeitende: Datenschutz im Stadtteilbüro.', url: '/staff/dialogues' });
    } finally {
      await handle.close();
    }
  }

  it('a visitor searches from the header, then staff search from the header too', async () => {
    await prepareIndex();
    const visitor = await e2e.open();
    await visitor.watch.visit('/');
    await visitor.page.fill('#q-header-search', 'datenschutz');
    await submit(visitor, 'header form.q-search', 'public search from the header');
    expect(new URL(visitor.page.url()).pathname).toBe('/search');
    expect(await visitor.page.locator('main h2#search-results').textContent()).toMatch(/Treffer für „datenschutz“/);
    expect(await visitor.page.locator('main .q-search-results').textContent()).not.toContain('Interne Runde');
    const first = visitor.page.locator('main .q-search-results a[href="/privacy"]');
    expect(await first.count()).toBe(1);
    expect(await visitor.page.locator('main .q-search-results mark').count()).toBeGreaterThan(0);
    await Promise.all([visitor.page.waitForURL('**/privacy'), first.click()]);
    await visitor.watch.check('search result → /privacy');
    // An empty query: the error summary links to the field.
    await visitor.watch.visit('/search?q=', { status: 422, label: 'empty search' });
    expect(await visitor.page.locator('#error-summary a[href="#f-q"]').count()).toBe(1);

    // A residents' group looking for members: found by the start of a word, typed "Gruppe", opened on its public page.
    await visitor.watch.visit('/search', { label: 'search page' });
    await visitor.page.fill('main #f-q', 'nachbarschaftsgr');
    await submit(visitor, 'main form.q-search-form', 'public search for a group');
    const groupHit = visitor.page.locator('main .q-search-results li', { hasText: 'Nachbarschaftsgruppe Kray-Nord' });
    expect(await groupHit.count()).toBe(1);
    expect(await groupHit.locator('.q-search-meta').textContent()).toContain('Gruppe');
    expect(await visitor.page.locator('main .q-search-results').textContent()).not.toContain('Interne Notiz');
    const groupLink = groupHit.locator('a[href^="/groups/grp_"]');
    await Promise.all([visitor.page.waitForURL('**/groups/grp_*'), groupLink.click()]);
    await visitor.watch.check('search result → public group page');
    expect(await visitor.page.locator('main h1').textContent()).toContain('Nachbarschaftsgruppe Kray-Nord');

    const staff = await e2e.open();
    await signIn(staff, E2E_USERS.coordinator);
    await staff.page.fill('#q-header-search', 'datenschutz');
    await submit(staff, 'header form.q-search', 'staff search from the header');
    expect(new URL(staff.page.url()).pathname).toBe('/staff/search');
    const results = await staff.page.locator('main .q-search-results').textContent();
    expect(results).toContain('Interne Runde Datenschutz-Schulung');
    expect(results).toContain('intern');
  }, SLOW);
});
