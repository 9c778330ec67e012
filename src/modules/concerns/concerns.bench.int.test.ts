/**
 * The reports bench's concern generator (bench/activity/concerns.ts over bench/concerns-data.ts) on a fresh
 * database (SQLite and PostgreSQL): it satisfies the tables' constraints, spreads the concerns over the given days,
 * Stadtteile and areas, writes plausible first answers and closing times, can run twice in one tenant, and the
 * figures functions count exactly what it generated.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forTenant, type TenantDb } from '../../platform/db/tenant-scope';
import { createTestApp, type TestApp } from '../../../test/support/app';
// eslint-disable-next-line no-restricted-imports -- not another module: the bench's generator, tested on the test databases
import { generateConcernActivity } from '../../../bench/activity/concerns';
import { getAreaBySlug, listDistricts, seedTerritory } from '../territory';
import { concernActivity, monthlyConcernCounts } from './index';
import { ctxFor, principal } from './test/factories';

let t: TestApp;
let db: TenantDb<any>;
let areaIds: string[];
let districtNumbers: number[];

beforeAll(async () => {
  t = await createTestApp();
  await seedTerritory(t.handle.db, t.tenant.id);
  db = forTenant(t.handle.db, t.tenant.id);
  areaIds = [(await getAreaBySlug(db, 'kray'))!.id, (await getAreaBySlug(db, 'karnap'))!.id];
  districtNumbers = (await listDistricts(db)).map((d) => d.number).slice(0, 10);
});
afterAll(async () => {
  await t?.close();
});

const count = async (where: ReturnType<typeof sql>): Promise<number> => {
  const r = await sql<{ n: unknown }>`select count(*) as n from concerns where tenant_id = ${t.tenant.id} and ${where}`.execute(t.handle.db);
  return Number(r.rows[0]!.n);
};

describe('generateConcernActivity', () => {
  it('writes the concerns the figures then count, in the period, areas and Stadtteile given', async () => {
    const result = await generateConcernActivity(t.handle.db, { tenantId: t.tenant.id, areaIds, districtNumbers, from: '2024-01-01', to: '2025-12-31', rows: 2000, seed: 7 });
    expect(result).toEqual({ concerns: 2000 });
    expect(await count(sql`id like 'con_act7_%'`)).toBe(2000);
    const published = await count(sql`${sql.ref('public')} = ${t.handle.dialect === 'postgres' ? sql`true` : sql`1`}`);
    expect(published).toBeGreaterThan(1900); // about 2 % hidden
    expect(published).toBeLessThan(2000);
    // Every concern in one of the areas and Stadtteile; no answer before intake, no closing before the answer.
    expect(await count(sql`area_id is null or area_id not in (${sql.join(areaIds)})`)).toBe(0);
    expect(await count(sql`district_number not in (${sql.join(districtNumbers)})`)).toBe(0);
    expect(await count(sql`first_answer_at < created_at or closed_at < first_answer_at or (closed_at is not null and first_answer_at is null)`)).toBe(0);
    expect(await count(sql`status = 'received' and first_answer_at is not null`)).toBe(0);
    expect(await count(sql`status <> 'received' and first_answer_at is null`)).toBe(0);

    const ctx = ctxFor(t, principal('coordinator'));
    const y2024 = await concernActivity(ctx, { areaIds, from: '2024-01-01', to: '2024-12-31' });
    const y2025 = await concernActivity(ctx, { areaIds, from: '2025-01-01', to: '2025-12-31' });
    expect(y2024.received + y2025.received).toBe(published);
    expect(y2024.received).toBeGreaterThan(900); // evenly spread over the two years
    expect(y2025.received).toBeGreaterThan(900);
    for (const y of [y2024, y2025]) {
      expect(y.byArea.reduce((s, a) => s + a.count, 0)).toBe(y.received);
      expect(y.byCategory.reduce((s, a) => s + a.count, 0)).toBe(y.received);
      expect(y.byCategory).toHaveLength(8);
      expect(y.answered).toBeLessThanOrEqual(y.received);
      expect(y.answered).toBeGreaterThan(y.received * 0.8);
      expect(y.medianDaysToFirstAnswer).toBeGreaterThan(0.1);
      expect(y.medianDaysToFirstAnswer).toBeLessThan(20);
      expect(y.medianDaysToResolution).toBeGreaterThanOrEqual(y.medianDaysToFirstAnswer!);
    }
    expect(y2024.resolved).toBeGreaterThan(y2024.received * 0.5); // older concerns: mostly resolved
    expect(y2024.byStatus.find((s) => s.key === 'received')).toBeUndefined();
    expect(y2025.byStatus.find((s) => s.key === 'received')?.count).toBeGreaterThan(0); // the newest: some not answered yet

    const cells = await monthlyConcernCounts(db, { fromMonth: '2024-01', toMonth: '2025-12' });
    expect(cells.reduce((s, c) => s + c.count, 0)).toBe(published);
    expect(new Set(cells.map((c) => c.month)).size).toBe(24);
  });

  it('runs again in the same tenant with another seed: numbers continue after the counters', async () => {
    const before = await count(sql`1 = 1`);
    await generateConcernActivity(t.handle.db, { tenantId: t.tenant.id, areaIds, districtNumbers, from: '2025-06-01', to: '2025-06-30', rows: 300, seed: 8 });
    expect(await count(sql`1 = 1`)).toBe(before + 300);
    const last = await sql<{ last: unknown }>`select ${sql.ref('last')} from concern_counters where tenant_id = ${t.tenant.id} and year = 2025`.execute(t.handle.db);
    expect(Number(last.rows[0]!.last)).toBe(await count(sql`number like '2025-%'`));
  });
});
