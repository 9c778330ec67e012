/**
 * The reports bench's generator of offices activity (bench/activity/offices.ts) on a fresh database (SQLite and
 * PostgreSQL): it writes what it says it wrote, satisfies the tables' keys and checks, holds exactly the cells of
 * the active occurrences (no clash), and officeActivity over the generated span agrees with the rows.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app';
// eslint-disable-next-line no-restricted-imports -- not another module: the bench's generator, tested on the test databases
import { generateOfficeActivity } from '../../../bench/activity/offices';
import { toBool, toCount } from '../../platform/db/dialect';
import { getAreaBySlug, seedTerritory } from '../territory';
import { officeActivity } from './index';
import { ctxFor, principal } from './test/factories';

let t: TestApp;
let areaIds: string[];
let result: Awaited<ReturnType<typeof generateOfficeActivity>>;
const SPAN = { from: '2024-01-01', to: '2025-12-31' };

beforeAll(async () => {
  t = await createTestApp();
  await seedTerritory(t.handle.db, t.tenant.id);
  const db = ctxFor(t, principal('admin')).db;
  areaIds = [(await getAreaBySlug(db, 'kray'))!.id, (await getAreaBySlug(db, 'karnap'))!.id];
  result = await generateOfficeActivity(t.handle.db, { tenantId: t.tenant.id, areaIds, districtNumbers: [], ...SPAN, rows: 3000, seed: 3 });
}, 120_000);
afterAll(async () => t?.close());

async function count(table: string, where = sql`true`): Promise<number> {
  const r = await sql<{ n: unknown }>`select count(*) as n from ${sql.table(table)} where tenant_id = ${t.tenant.id} and ${where}`.execute(t.handle.db);
  return toCount(r.rows[0]!.n);
}

describe('generateOfficeActivity', () => {
  it('writes the rows it reports, in the proportions of its options', async () => {
    for (const [table, n] of Object.entries(result)) expect(await count(table), table).toBe(n);
    expect(result.rooms).toBe(6);
    expect(result.advice_entries).toBe(1800);
    expect(result.booking_occurrences).toBeGreaterThanOrEqual(1080);
    expect(result.offers).toBeGreaterThanOrEqual(2);
  });

  it('holds exactly one cell per quarter hour of every active occurrence (so no two bookings clash)', async () => {
    const rows = await sql<{ start_at: string; end_at: string }>`
      select o.start_at, o.end_at from booking_occurrences o join bookings b on b.tenant_id = o.tenant_id and b.id = o.booking_id
      where o.tenant_id = ${t.tenant.id} and b.status in ('requested', 'confirmed') and o.cancelled = ${t.handle.dialect === 'postgres' ? sql`false` : sql`0`}`.execute(t.handle.db);
    const quarters = rows.rows.reduce((s, r) => s + (new Date(r.end_at).getTime() - new Date(r.start_at).getTime()) / 900_000, 0);
    expect(quarters).toBeGreaterThan(0);
    expect(await count('booking_cells')).toBe(quarters);
  });

  it('agrees with officeActivity over the generated span', async () => {
    const figures = await officeActivity(ctxFor(t, principal('admin')), { areaIds, ...SPAN });
    expect(figures.advice.total).toBe(result.advice_entries);
    expect(figures.advice.byLanguage.reduce((s, c) => s + c.count, 0)).toBe(result.advice_entries);
    expect(figures.advice.byTopic.reduce((s, c) => s + c.count, 0)).toBeGreaterThanOrEqual(result.advice_entries!);
    const minutes = await sql<{ m: unknown }>`select sum(duration_minutes) as m from advice_entries where tenant_id = ${t.tenant.id}`.execute(t.handle.db);
    expect(figures.advice.minutes).toBe(toCount(minutes.rows[0]!.m));
    expect(figures.offers.offers).toBe(result.offers);
    expect(figures.offers.registrations).toBe(await count('offer_registrations', sql`status = 'registered'`));
    const attendance = await sql<{ n: unknown }>`select sum(count) as n from offer_attendance where tenant_id = ${t.tenant.id}`.execute(t.handle.db);
    expect(figures.offers.attendance).toBe(toCount(attendance.rows[0]!.n));
    // Offers in a room: their booking's occurrences are the offer's sessions (materialised vs expanded).
    const roomSessions = await sql<{ n: unknown }>`select count(*) as n from booking_occurrences o join bookings b on b.tenant_id = o.tenant_id and b.id = o.booking_id where o.tenant_id = ${t.tenant.id} and b.requester_kind = 'offer'`.execute(t.handle.db);
    expect(figures.offers.sessions).toBeGreaterThanOrEqual(toCount(roomSessions.rows[0]!.n));
    expect(figures.offers.sessions).toBeGreaterThanOrEqual(result.offer_attendance!);
    // Booked hours: confirmed bookings' occurrences that were not cancelled, by their instants.
    const booked = await sql<{ start_at: string; end_at: string; cancelled: unknown }>`
      select o.start_at, o.end_at, o.cancelled from booking_occurrences o join bookings b on b.tenant_id = o.tenant_id and b.id = o.booking_id
      where o.tenant_id = ${t.tenant.id} and b.status = 'confirmed'`.execute(t.handle.db);
    const hours = booked.rows.filter((r) => !toBool(r.cancelled)).reduce((s, r) => s + (new Date(r.end_at).getTime() - new Date(r.start_at).getTime()) / 3_600_000, 0);
    expect(figures.rooms.bookedHours).toBe(Math.round(hours * 10) / 10);
    expect(figures.rooms.openingHours).toBeGreaterThan(0);
  });
});
