/**
 * The concerns fixture of the reports tests, placed relative to today so it stays in the open-data window:
 * period P = [first day of the month six months ago, +90 days] (91 days), the previous period the 91 days before.
 * Hand-computed figures are in EXPECTED (see reports.int.test.ts).
 */
import { vi } from 'vitest';
import type { Role } from '../../../platform/auth/policy';
import { forTenant } from '../../../platform/db/tenant-scope';
import type { CurrentUser, ServiceContext } from '../../../platform/http/context';
import type { TestApp } from '../../../../test/support/app';
import { listCategories, submitConcern, transitionConcern, type Concern } from '../../concerns';
import { createOffice, recordAdvice } from '../../offices';

/** Points in Kray and in Karnap (placed by the territory lookup). */
export const KRAY = { lat: 51.4746, lon: 7.0869 };
export const KARNAP = { lat: 51.52, lon: 7.005 };

/** A signed-in principal of one role: all areas, or the given ones. */
export function principal(role: Role, opts: { areaIds?: string[] } = {}): CurrentUser {
  return {
    id: `usr_reports${role.replace(/_/g, '')}`,
    email: `${role}@example.test`,
    displayName: `Test ${role}`,
    organisation: null,
    locale: null,
    assignments: [{ role, allAreas: !opts.areaIds, areaIds: opts.areaIds ?? [], department: role === 'department_staff' ? 'Jugendamt' : null }],
  };
}

export function ctxFor(t: TestApp, user: CurrentUser | null, opts: { tenantId?: string } = {}): ServiceContext {
  const row = opts.tenantId === t.other.id ? t.other : t.tenant;
  return { tenant: { id: row.id, slug: row.slug, name: row.name, defaultLocale: 'de' }, db: forTenant(t.handle.db, row.id), user, requestId: null, dialect: t.handle.dialect };
}

export async function categoryId(t: TestApp, key: string): Promise<string> {
  return (await listCategories(forTenant(t.handle.db, t.tenant.id))).find((c) => c.key === key)!.id;
}

/** A public web concern (littering unless told otherwise) at a point. */
async function makeConcern(t: TestApp, where: { lat: number; lon: number; categoryKey?: string }): Promise<Concern> {
  const r = await submitConcern(ctxFor(t, null), {
    categoryId: await categoryId(t, where.categoryKey ?? 'littering'),
    description: 'Am Straßenrand liegen seit Tagen Sperrmüll und Matratzen.',
    channel: 'web',
    lat: where.lat,
    lon: where.lon,
  });
  return r.concern;
}

const DAY = 86_400_000;

export function fixturePeriod(now = new Date()) {
  const start = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 6, 1);
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { start, period: { from: iso(start), to: iso(start + 90 * DAY) } };
}

/** Days after P's start on which the fixture's concerns are received (as seeded below), for hand counts per year. */
export const FIXTURE_DAYS = { kray: [1, 1, 2, 3, 4, 39, 61, 75, -31, -200], karnap: [30] };

async function at<T>(ms: number, fn: () => Promise<T>): Promise<T> {
  vi.setSystemTime(new Date(ms));
  return fn();
}

/** Creates the fixture concerns (fake clock for Date only; restored at the end). Returns the Kray Stadtteil number. */
export async function seedConcernFixture(t: TestApp): Promise<{ krayDistrict: number; karnapDistrict: number }> {
  const { start } = fixturePeriod();
  const d = (days: number, hours = 10) => start + days * DAY + hours * 3600_000;
  const admin = ctxFor(t, principal('admin'));
  vi.useFakeTimers({ toFake: ['Date'] });
  try {
    const resolveAt = async (id: string, when: number) => {
      await at(when - 3600_000, () => transitionConcern(admin, id, { to: 'accepted' }));
      await at(when, () => transitionConcern(admin, id, { to: 'resolved', note: 'Erledigt.' }));
    };
    // Current period, Kray: A1 (resolved after 4 days), A2–A5 open — five in P's first month.
    const a1 = await at(d(1), () => makeConcern(t, { ...KRAY }));
    await resolveAt(a1.id, d(5));
    for (const day of [1, 2, 3, 4]) await at(d(day, 11), () => makeConcern(t, { ...KRAY }));
    // B littering, resolved after 10 days; C other, open; D green spaces, resolved after 1 day.
    const b = await at(d(39), () => makeConcern(t, { ...KRAY }));
    await resolveAt(b.id, d(49));
    await at(d(61), () => makeConcern(t, { ...KRAY, categoryKey: 'other' }));
    const dd = await at(d(75), () => makeConcern(t, { ...KRAY, categoryKey: 'green_spaces' }));
    await resolveAt(dd.id, d(76));
    // Previous period: E (open); before both periods: F.
    await at(d(-31), () => makeConcern(t, { ...KRAY }));
    await at(d(-200), () => makeConcern(t, { ...KRAY }));
    // Karnap: G in the current period (programme only).
    const g = await at(d(30), () => makeConcern(t, { ...KARNAP }));
    return { krayDistrict: a1.districtNumber!, karnapDistrict: g.districtNumber! };
  } finally {
    vi.useRealTimers();
  }
}

/**
 * An office in Kray and four anonymous advice entries: three in P (days 2, 10, 40) and one in the previous period
 * (day −10). Hand-computed figures in reports.int.test.ts.
 */
export async function seedAdviceFixture(t: TestApp, krayId: string): Promise<void> {
  const { start } = fixturePeriod();
  const day = (n: number) => new Date(start + n * DAY).toISOString().slice(0, 10);
  const ctx = ctxFor(t, principal('admin'));
  const hours = Object.fromEntries(['1', '2', '3', '4', '5'].map((d) => [d, [{ from: '09:00', to: '17:00' }]]));
  const office = await createOffice(ctx, {
    slug: 'kray-reports-test', name: 'Stadtteilbüro Kray (Test)', areaId: krayId, street: 'Kamblickweg 27', postcode: '45307', city: 'Essen', lat: 51.4746, lon: 7.0869, phone: null, email: null, description: null,
    hours, closedOnHolidays: true, accessibility: { stepFree: true, accessibleWc: true, hearingLoop: false }, accessibilityNotes: null, languages: ['de'], staffOnDuty: null,
  });
  const entry = (n: number, topics: string[], language: string, referrals: string[], durationMinutes: number) =>
    recordAdvice(ctx, { officeId: office.id, date: day(n), channel: 'in_person', topics, language, targetGroup: null, referrals, durationMinutes, followUp: false });
  await entry(2, ['benefits', 'housing'], 'ar', ['jobcenter'], 30);
  await entry(10, ['benefits'], 'de', [], 45);
  await entry(40, ['debt'], 'tr', ['debt_counselling', 'jobcenter'], 60);
  await entry(-10, ['benefits'], 'de', [], 15);
}
