/**
 * District offices in the browser: an office worker of Kray enters a weekly room booking on behalf of a group that
 * clashes with an existing booking — the form shows the clashing date in the error summary and a conflict list and
 * keeps the input; with that date entered as an exception the series is saved and confirmed. Then she publishes a
 * recurring offer with registration (the room is booked automatically), and a resident finds it in the public
 * calendar of the programme area, sees its schema.org JSON-LD and registers. Every page is checked by axe-core (no
 * serious/critical violations), for a strict CSP and for no inline code (JSON-LD data blocks are not code).
 */
import { describe, expect, it } from 'vitest';
import { createUserAsSystem } from '../../src/platform/auth/users.service';
import { addDays, berlinDate } from '../../src/platform/calendar';
import { forTenant } from '../../src/platform/db/tenant-scope';
import type { Tenant } from '../../src/platform/http/context';
import { createOffice, createRoom, requestBooking, type OfficesContext } from '../../src/modules/offices';
import { getAreaBySlug } from '../../src/modules/territory';
import { signIn, submit } from './support/actions';
import { chromiumAvailable } from './support/browser';
import { useE2e, type OpenPage } from './support/fixture';
import { officeInput } from '../support/offices';

const STAFF = { email: 'buero.kray@e2e.test', password: 'E2e-Buero-Kray-2026', displayName: 'Olga Office' };

describe.skipIf(!chromiumAvailable())('room bookings with conflicts, offers and registration (Chromium)', () => {
  const e2e = useE2e();
  let staff: OpenPage;
  let roomId = '';
  const first = addDays(berlinDate(new Date()), 7);
  const clash = addDays(first, 14);

  it('prepares an office in Kray with a room and an existing booking', async () => {
    const root = e2e.server.running.handle.db;
    const row = await root.selectFrom('tenants').select(['id', 'slug', 'name', 'default_locale']).executeTakeFirstOrThrow();
    const tenant: Tenant = { id: row.id, slug: row.slug, name: row.name, defaultLocale: row.default_locale };
    const db = forTenant(root, tenant.id);
    const kray = (await getAreaBySlug(db, 'kray'))!;
    await createUserAsSystem(db, { ...STAFF, assignments: [{ role: 'office_staff', allAreas: false, areaIds: [kray.id] }] }, { id: null, label: 'e2e' });
    const admin = { id: 'usr_e2eadmin', email: 'admin@e2e.test', displayName: 'Admin', organisation: null, locale: null, assignments: [{ role: 'admin' as const, allAreas: true, areaIds: [] }] };
    const ctx: OfficesContext = { tenant, db, user: admin, requestId: null, dialect: e2e.server.running.handle.dialect, mail: null };
    const weekdays = Object.fromEntries(['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, [{ from: '08:00', to: '22:00' }]]));
    const office = await createOffice(ctx, officeInput(kray.id, { slug: 'e2e-kray', name: 'Stadtteilbüro Kray (E2E)', street: 'Krayer Straße 1', phone: null, email: null, hours: weekdays, closedOnHolidays: false, staffOnDuty: null }));
    const room = await createRoom(ctx, { officeId: office.id, name: 'Gruppenraum E2E', capacity: 20, equipment: ['wifi'], accessibility: { stepFree: true, accessibleWc: true, hearingLoop: false }, withinOpeningHours: true, minMinutes: 30, maxMinutes: 240, leadHours: 0, bookableBy: 'public', active: true });
    roomId = room.id;
    await requestBooking({ ...ctx }, { roomId, title: 'Chorprobe', date: clash, time: '18:30', durationMinutes: 60, requesterKind: 'staff', confirm: true });
  });

  it('reports the clash of a weekly series, then saves it with the date as an exception', async () => {
    staff = await e2e.open();
    const { page, watch } = staff;
    await signIn(staff, STAFF);
    await watch.visit('/staff/bookings/new');
    await page.selectOption('#f-roomId', roomId);
    await page.fill('#f-title', 'Elterncafé der Kita');
    await page.fill('#f-date', first);
    await page.fill('#f-time', '18:00');
    await page.fill('#f-duration', '90');
    await page.check('#f-repeat-1');
    await page.fill('#f-until', addDays(first, 21));
    await page.fill('#f-contactName', 'Kita Sonnenschein');
    await submit(staff, 'main form[action="/staff/bookings"]', 'booking with a conflict');
    expect(await page.locator('#error-summary').count()).toBe(1);
    expect(await page.locator('#conflicts li').count()).toBe(1);
    expect(await page.locator('#conflicts li').first().textContent()).toContain('Chorprobe');
    // The input is kept.
    expect(await page.inputValue('#f-title')).toBe('Elterncafé der Kita');
    await page.fill('#f-exdates', clash);
    await submit(staff, 'main form[action="/staff/bookings"]', 'booking saved');
    expect(new URL(page.url()).pathname).toMatch(/^\/staff\/bookings\/bkg_/);
    expect(await page.locator('main table tbody tr').count()).toBe(3);
    await submit(staff, 'main form[action$="/decide"]', 'booking confirmed');
    expect(await page.locator('#booking-status').textContent()).toBe('bestätigt');
  });

  it('publishes an offer with registration; a resident finds it in the calendar and registers', async () => {
    const { page, watch } = staff;
    await watch.visit('/staff/offers/new');
    await page.fill('#f-title', 'Sprachcafé Kray (E2E)');
    await page.fill('#f-description', 'Deutsch sprechen bei Kaffee und Tee.');
    await page.selectOption('#f-officeId', { label: 'Stadtteilbüro Kray (E2E)' });
    await page.selectOption('#f-roomId', roomId);
    await page.fill('#f-date', addDays(first, 1));
    await page.fill('#f-time', '10:00');
    await page.fill('#f-duration', '90');
    await page.check('#f-repeat-1');
    await page.fill('#f-until', addDays(first, 50));
    await page.check('#f-registration');
    await page.fill('#f-capacity', '12');
    await page.check('#f-publish');
    await submit(staff, 'main form[action="/staff/offers"]', 'offer saved');
    expect(new URL(page.url()).pathname).toMatch(/^\/staff\/offers\/off_/);

    const resident = await e2e.open();
    await resident.watch.visit('/offers?area=kray');
    await resident.page.locator('main a', { hasText: 'Sprachcafé Kray (E2E)' }).first().click();
    await resident.page.waitForURL(/\/offers\/off_/);
    await resident.watch.check('offer page');
    const ld = JSON.parse((await resident.page.locator('script[type="application/ld+json"]').textContent()) ?? '{}') as Record<string, unknown>;
    expect(ld['@type']).toBe('Event');
    expect(ld.name).toBe('Sprachcafé Kray (E2E)');
    expect(await resident.page.locator('main').textContent()).toContain('Noch 12 Plätze frei.');
    await resident.page.fill('#f-name', 'Rosa Resident');
    await resident.page.fill('#f-email', 'rosa@e2e.test');
    await submit(resident, 'main form[action$="/register"]', 'registered');
    expect(await resident.page.locator('main .kern-alert--success').textContent()).toContain('Sie sind angemeldet');
    expect(await resident.page.locator('main').textContent()).toContain('Noch 11 Plätze frei.');
    await resident.watch.visit('/offers?area=kray&view=month');
  });
});
