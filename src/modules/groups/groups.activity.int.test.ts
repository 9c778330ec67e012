/**
 * The reports bench's generator of groups activity (bench/activity/groups.ts) on a fresh database (SQLite and
 * PostgreSQL): it writes what it says it wrote, every stage change is one the module allows, and groupActivity over
 * the generated span agrees with the rows.
 */
import { sql, type RawBuilder } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app';
// eslint-disable-next-line no-restricted-imports -- not another module: the bench's generator, tested on the test databases
import { generateGroupActivity } from '../../../bench/activity/groups';
import { toCount } from '../../platform/db/dialect';
import { getAreaBySlug, seedTerritory } from '../territory';
import { groupActivity, nextStages, type Stage } from './index';
import { isMoveForward } from './groups.figures';
import { ctxFor, principal } from './test/factories';

let t: TestApp;
let areaIds: string[];
let result: Awaited<ReturnType<typeof generateGroupActivity>>;
const SPAN = { from: '2023-01-01', to: '2025-12-31' };

beforeAll(async () => {
  t = await createTestApp();
  await seedTerritory(t.handle.db, t.tenant.id);
  const db = ctxFor(t, principal('admin')).db;
  areaIds = [(await getAreaBySlug(db, 'kray'))!.id, (await getAreaBySlug(db, 'karnap'))!.id];
  result = await generateGroupActivity(t.handle.db, { tenantId: t.tenant.id, areaIds, districtNumbers: [], ...SPAN, rows: 2000, seed: 4 });
}, 120_000);
afterAll(async () => t?.close());

async function rows<T>(query: RawBuilder<T>): Promise<T[]> {
  return (await query.execute(t.handle.db)).rows;
}

describe('generateGroupActivity', () => {
  it('writes the rows it reports', async () => {
    for (const [table, n] of Object.entries(result)) {
      const [r] = await rows<{ n: unknown }>(sql`select count(*) as n from ${sql.table(table)} where tenant_id = ${t.tenant.id}`);
      expect(toCount(r!.n), table).toBe(n);
    }
    expect(result.groups).toBe(27);
    expect(result.group_support_time).toBe(1800);
  });

  it('writes only stage changes the module allows, and the group’s stage is its last one', async () => {
    const changes = await rows<{ group_id: string; at: string; from_stage: Stage | null; to_stage: Stage }>(sql`select group_id, at, from_stage, to_stage from group_stage_changes where tenant_id = ${t.tenant.id} order by group_id, at`);
    for (const c of changes) if (c.from_stage) expect(nextStages(c.from_stage), `${c.from_stage} → ${c.to_stage}`).toContain(c.to_stage);
    const last = new Map(changes.map((c) => [c.group_id, c.to_stage]));
    for (const g of await rows<{ id: string; stage: string }>(sql`select id, stage from groups where tenant_id = ${t.tenant.id}`)) expect(g.stage).toBe(last.get(g.id));
  });

  it('agrees with groupActivity over the generated span', async () => {
    const figures = await groupActivity(ctxFor(t, principal('admin')), { areaIds, ...SPAN });
    expect(figures.byStage.reduce((s, c) => s + c.count, 0)).toBe(result.groups);
    const changes = await rows<{ from_stage: string | null; to_stage: string }>(sql`select from_stage, to_stage from group_stage_changes where tenant_id = ${t.tenant.id}`);
    expect(figures.movesForward).toBe(changes.filter((c) => isMoveForward(c.from_stage, c.to_stage)).length);
    expect(figures.movesForward).toBeGreaterThan(0);
    const [m] = await rows<{ m: unknown }>(sql`select sum(minutes) as m from group_support_time where tenant_id = ${t.tenant.id}`);
    expect(figures.supportHours).toBe(Math.round(toCount(m!.m) / 6) / 10);
  });
});
