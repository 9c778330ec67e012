/**
 * Staff handle concerns in the browser: a district worker of Kray signs in, sees only the concerns of Kray in the
 * inbox and on its map, triages with the filter (category, status), accepts a concern and forwards it to a
 * department; a department_staff user of that department sees only what was forwarded to it (another concern's page
 * is refused), resolves it with a public note, and the public page shows the answer. Every page is checked by
 * axe-core (no serious/critical violations), for a strict CSP and for no inline code.
 */
import { describe, expect, it } from 'vitest';
import { createUserAsSystem } from '../../src/platform/auth/users.service';
import { forTenant } from '../../src/platform/db/tenant-scope';
import type { Tenant } from '../../src/platform/http/context';
import { listCategories, submitConcern, type ConcernContext } from '../../src/modules/concerns';
import type { Concern } from '../../src/modules/concerns';
import { getAreaBySlug } from '../../src/modules/territory';
import { signIn, submit } from './support/actions';
import { chromiumAvailable } from './support/browser';
import { useE2e, type OpenPage } from './support/fixture';

const WORKER = { email: 'stadtteil.kray@e2e.test', password: 'E2e-Stadtteil-Kray-2026', displayName: 'Sam Stadtteilarbeit' };
const DEPT = { email: 'gruen@e2e.test', password: 'E2e-Gruen-und-Gruga-2026', displayName: 'Gabi Grünflächen' };
const DEPARTMENT = 'Grün und Gruga';

describe.skipIf(!chromiumAvailable())('staff triage, forward and resolve concerns (Chromium)', () => {
  const e2e = useE2e();
  let worker: OpenPage;
  let swing: Concern;
  let litter: Concern;
  let karnap: Concern;

  /** Rows of the inbox table (public numbers). */
  async function inboxNumbers(p: OpenPage): Promise<string[]> {
    return (await p.page.locator('#f-ids table tbody tr td a[href^="/staff/concerns/con_"]').allTextContents()).map((s) => s.trim());
  }

  it('prepares a Kray district worker, a department user and three concerns', async () => {
    const root = e2e.server.running.handle.db;
    const row = await root.selectFrom('tenants').select(['id', 'slug', 'name', 'default_locale']).executeTakeFirstOrThrow();
    const tenant: Tenant = { id: row.id, slug: row.slug, name: row.name, defaultLocale: row.default_locale };
    const db = forTenant(root, tenant.id);
    const kray = (await getAreaBySlug(db, 'kray'))!;
    const system = { id: null, label: 'e2e' };
    await createUserAsSystem(db, { ...WORKER, assignments: [{ role: 'district_worker', allAreas: false, areaIds: [kray.id] }] }, system);
    await createUserAsSystem(db, { ...DEPT, assignments: [{ role: 'department_staff', allAreas: true, areaIds: [], department: DEPARTMENT }] }, system);
    const ctx: ConcernContext = { tenant, db, user: null, requestId: null, dialect: e2e.server.running.handle.dialect, mail: null };
    const cats = await listCategories(db);
    const cat = (key: string) => cats.find((c) => c.key === key)!.id;
    const make = async (categoryKey: string, description: string, at: { lat: number; lon: number }) =>
      (await submitConcern(ctx, { categoryId: cat(categoryKey), description, channel: 'web', ...at })).concern;
    swing = await make('green_spaces', 'Die Schaukel auf dem Spielplatz an der Kirche ist abgerissen.', { lat: 51.4746, lon: 7.0869 });
    litter = await make('littering', 'Hinter dem Bahnhof liegen alte Reifen.', { lat: 51.4755, lon: 7.0905 });
    karnap = await make('green_spaces', 'Im Park in Karnap ist die Bank zerbrochen.', { lat: 51.52, lon: 7.005 });
    expect(swing.areaId).toBe(kray.id);
    expect(karnap.areaId).not.toBe(kray.id);
  });

  it('shows the district worker only Kray, in the table and on the map, and narrows it with the filter', async () => {
    worker = await e2e.open();
    const { page, watch } = worker;
    await signIn(worker, WORKER);
    await watch.visit('/staff/concerns');
    const all = await inboxNumbers(worker);
    expect(all).toEqual(expect.arrayContaining([swing.number, litter.number]));
    expect(all).not.toContain(karnap.number);
    const map = page.locator('#concern-map');
    expect(await map.locator('title').first().textContent()).toBe('Anliegen im Filter auf der Karte');
    expect(await map.locator(`a[href="/staff/concerns/${karnap.id}"]`).count()).toBe(0);
    expect(await page.locator('#concern-map-figure figcaption a[href="#f-ids"]').count()).toBe(1);

    // Triage: playgrounds and green spaces, received.
    await page.selectOption('#f-category', { label: 'Spielplätze und Grünflächen' });
    await page.selectOption('#f-status', 'received');
    await submit(worker, 'main form.q-filter', '/staff/concerns?category=…&status=received');
    expect(new URL(page.url()).searchParams.get('status')).toBe('received');
    expect(await inboxNumbers(worker)).toEqual([swing.number]);
    // The map follows the filter: the swing's point (or its group) and not the littering.
    expect(await map.locator(`a[href="/staff/concerns/${litter.id}"]`).count()).toBe(0);
    const point = map.locator(`a[href="/staff/concerns/${swing.id}"]`);
    expect(await point.count()).toBe(1);
    expect(await point.getAttribute('aria-label')).toBe(`Anliegen ${swing.number}, Spielplätze und Grünflächen · Eingegangen · keine Unterstützung`);
  });

  it('accepts the concern and forwards it to the department', async () => {
    const { page, watch } = worker;
    await page.locator('#f-ids a', { hasText: swing.number }).click();
    await page.waitForURL(`**/staff/concerns/${swing.id}`);
    await watch.check(`staff detail of ${swing.number}`);
    await page.selectOption('#f-to', 'accepted');
    await submit(worker, 'main form[action$="/transition"]', `${swing.number} accepted`);
    expect(await page.locator('main .kern-alert--success').count()).toBe(1);
    expect(await page.locator('main .q-concern-status').first().textContent()).toBe('Angenommen');

    await page.selectOption('#f-to', 'forwarded');
    await page.selectOption('#f-department', DEPARTMENT);
    await submit(worker, 'main form[action$="/transition"]', `${swing.number} forwarded`);
    expect(await page.locator('main .q-concern-status').first().textContent()).toBe('Weitergeleitet');
    expect(await page.locator('main dl.q-concern-facts').first().textContent()).toContain(DEPARTMENT);
  });

  it('lets the department see only what was forwarded to it and resolve it with a public note', async () => {
    const dept = await e2e.open();
    const { page, watch } = dept;
    await signIn(dept, DEPT);
    await watch.visit('/staff/concerns');
    expect(await inboxNumbers(dept)).toEqual([swing.number]);
    expect(await page.locator('#concern-map a.q-map-point').count()).toBe(1);
    // Another concern's page is refused.
    await watch.visit(`/staff/concerns/${karnap.id}`, { status: 403, label: 'a concern not forwarded to the department' });

    await watch.visit(`/staff/concerns/${swing.id}`);
    const options = await page.locator('#f-to option').evaluateAll((os) => os.map((o) => (o as unknown as { value: string }).value).filter(Boolean));
    expect(options.sort()).toEqual(['in_progress', 'not_responsible', 'resolved']);
    await page.selectOption('#f-to', 'resolved');
    await page.fill('#f-note', 'Die Schaukel wurde ersetzt. Danke für den Hinweis!');
    await submit(dept, 'main form[action$="/transition"]', `${swing.number} resolved`);
    expect(await page.locator('main .q-concern-status').first().textContent()).toBe('Erledigt');

    // The public page shows the answer.
    await watch.visit(`/concerns/${swing.number}`);
    expect(await page.locator('main .q-concern-status').first().textContent()).toBe('Erledigt');
    expect(await page.locator('main .q-concern-timeline').textContent()).toContain('Die Schaukel wurde ersetzt. Danke für den Hinweis!');
    // And the district worker's inbox no longer lists it as received.
    await worker.watch.visit('/staff/concerns?status=received');
    expect(await inboxNumbers(worker)).not.toContain(swing.number);
  });
});
