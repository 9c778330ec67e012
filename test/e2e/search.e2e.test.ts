/**
 * Site search in the browser: a visitor searches from the header field of the start page (a plain GET form) and
 * opens a result; a coordinator searches from the header too and lands on the staff search, which also finds an
 * internal document marked "intern". The index is rebuilt like `quartier start` does (reindex after seeding), and
 * one staff document is added directly. Every page is checked by axe-core, for a strict CSP and no inline code.
 */
import { describe, expect, it } from 'vitest';
import { openDatabase, type DbHandle } from '../../src/platform/db/connection';
import { indexDocument } from '../../src/platform/db/search';
import { forTenant } from '../../src/platform/db/tenant-scope';
import { findTenantBySlug } from '../../src/platform/tenancy';
import { reindexSearch } from '../../src/modules/search/search.reindex';
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
