/**
 * groupActivity on a real database (SQLite and PostgreSQL): stage histories of a small Kray fixture with figures
 * computed by hand (stage at the end of the period, moves forward, groups that became self-sustaining, support
 * hours), the period's edges (changes half an hour after Berlin midnight, which UTC still dates the day before),
 * the reader's scope and empty areas.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors';
import type { CurrentUser } from '../../platform/http/context';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { getAreaBySlug, seedTerritory } from '../territory';
import { groupActivity, logSupportTime, type Stage } from './index';
import * as q from './groups.queries';
import { ctxFor, makeGroup, principal } from './test/factories';

let t: TestApp;
let kray: string;
let karnap: string;
const Q1 = { from: '2025-01-01', to: '2025-03-31' };

/** A group whose history is the given stages at the given instants (the first is its creation). */
async function groupWithHistory(areaSlug: string, history: [string, Stage][]): Promise<string> {
  const g = await makeGroup(t, { areaSlug, stage: history[0]![1], startDate: history[0]![0].slice(0, 10) });
  const db = ctxFor(t, principal('admin')).db as unknown as q.Db;
  await sql`update group_stage_changes set at = ${history[0]![0]} where tenant_id = ${t.tenant.id} and group_id = ${g.id}`.execute(t.handle.db);
  for (let i = 1; i < history.length; i++) {
    await q.insertStageChange(db, { id: `gst_fig_${g.id}_${i}`, group_id: g.id, at: history[i]![0], from_stage: history[i - 1]![1], to_stage: history[i]![1], actor_id: null, actor_label: 'Test', note: null });
  }
  await q.updateGroup(db, g.id, { stage: history[history.length - 1]![1] });
  return g.id;
}

beforeAll(async () => {
  t = await createTestApp();
  await seedTerritory(t.handle.db, t.tenant.id);
  const admin = ctxFor(t, principal('admin'));
  kray = (await getAreaBySlug(admin.db, 'kray'))!.id;
  karnap = (await getAreaBySlug(admin.db, 'karnap'))!.id;
  const g1 = await groupWithHistory('kray', [
    ['2024-06-01T10:00:00.000Z', 'idea'],
    ['2024-09-01T10:00:00.000Z', 'founded'],
    ['2025-02-01T10:00:00.000Z', 'accompanied'],
    ['2025-03-31T22:30:00.000Z', 'largely_independent'], // 1 April, 00:30 in Berlin: after the period
  ]);
  await groupWithHistory('kray', [
    ['2024-01-10T10:00:00.000Z', 'idea'],
    ['2024-03-01T10:00:00.000Z', 'founded'],
    ['2024-06-01T10:00:00.000Z', 'accompanied'],
    ['2024-10-01T10:00:00.000Z', 'largely_independent'],
    ['2024-12-31T23:30:00.000Z', 'self_sustaining'], // 1 January, 00:30 in Berlin: in the period
  ]);
  const g3 = await groupWithHistory('kray', [
    ['2025-01-15T09:00:00.000Z', 'founded'],
    ['2025-02-10T09:00:00.000Z', 'idea'],
    ['2025-03-01T09:00:00.000Z', 'dormant'],
    ['2025-03-20T09:00:00.000Z', 'founded'], // revived: no move forward
  ]);
  await groupWithHistory('kray', [
    ['2024-02-01T10:00:00.000Z', 'accompanied'],
    ['2025-01-20T10:00:00.000Z', 'largely_independent'],
    ['2025-02-15T10:00:00.000Z', 'self_sustaining'],
    ['2025-03-10T10:00:00.000Z', 'accompanied'],
    ['2025-03-25T10:00:00.000Z', 'largely_independent'],
    ['2025-03-28T10:00:00.000Z', 'self_sustaining'], // became self-sustaining twice: counted once
  ]);
  await groupWithHistory('kray', [['2025-05-01T10:00:00.000Z', 'idea']]); // not yet there at the end of March
  await groupWithHistory('kray', [
    ['2023-01-01T10:00:00.000Z', 'idea'],
    ['2024-11-30T23:30:00.000Z', 'ended'],
  ]);
  const g7 = await groupWithHistory('karnap', [
    ['2024-01-01T10:00:00.000Z', 'idea'],
    ['2025-02-01T10:00:00.000Z', 'founded'],
  ]);
  const log = (id: string, month: string, hours: number) => logSupportTime(admin, id, { month, hours });
  await log(g1, '2024-12', 2);
  await log(g1, '2025-01', 1.5);
  await log(g1, '2025-03', 0.25);
  await log(g3, '2025-02', 3);
  await log(g3, '2025-04', 5);
  await log(g7, '2025-02', 4);
});
afterAll(async () => t?.close());

const KRAY_Q1 = {
  byStage: [
    { key: 'founded', count: 1 },
    { key: 'accompanied', count: 1 },
    { key: 'self_sustaining', count: 2 },
    { key: 'ended', count: 1 },
  ],
  // g1 1, g2 1, g4 4 (g3's back, dormant and revival are none)
  movesForward: 6,
  becameSelfSustaining: 2,
  // 1.5 + 0.25 + 3 = 4.75 h → 4.8
  supportHours: 4.8,
};
const EMPTY = { byStage: [], movesForward: 0, becameSelfSustaining: 0, supportHours: 0 };
const viewer = (areaIds: string[]): CurrentUser => principal('viewer', { areaIds });

describe('groupActivity', () => {
  it('answers the hand-computed figures of Kray for the first quarter of 2025', async () => {
    expect(await groupActivity(ctxFor(t, principal('admin')), { areaIds: [kray], ...Q1 })).toEqual(KRAY_Q1);
  });

  it('reads the period in Berlin days: half past midnight on 1 January is in, on 1 April is out', async () => {
    const admin = ctxFor(t, principal('admin'));
    const withApril1 = await groupActivity(admin, { areaIds: [kray], from: '2025-01-01', to: '2025-04-01' });
    expect(withApril1.movesForward).toBe(7);
    expect(withApril1.byStage).toContainEqual({ key: 'largely_independent', count: 1 });
    expect(withApril1.byStage).not.toContainEqual({ key: 'accompanied', count: 1 });
    // April's 5 hours of support count once the period reaches into April.
    expect(withApril1.supportHours).toBe(9.8);
    const fromJanuary2 = await groupActivity(admin, { areaIds: [kray], from: '2025-01-02', to: '2025-03-31' });
    expect(fromJanuary2.movesForward).toBe(5);
    expect(fromJanuary2.becameSelfSustaining).toBe(1);
    // At the end of 2024 (Berlin) g2 was still largely independent, g6 had ended, g3 did not exist.
    const end2024 = await groupActivity(admin, { areaIds: [kray], from: '2024-01-01', to: '2024-12-31' });
    expect(end2024.byStage).toEqual([
      { key: 'founded', count: 1 },
      { key: 'accompanied', count: 1 },
      { key: 'largely_independent', count: 1 },
      { key: 'ended', count: 1 },
    ]);
    expect(end2024.becameSelfSustaining).toBe(0);
    expect(end2024.supportHours).toBe(2);
  });

  it('limits the figures to the reader’s areas', async () => {
    const both = { areaIds: [kray, karnap], ...Q1 };
    expect(await groupActivity(ctxFor(t, viewer([kray])), both)).toEqual(KRAY_Q1);
    const all = await groupActivity(ctxFor(t, principal('coordinator')), both);
    expect(all.movesForward).toBe(7);
    expect(all.byStage).toContainEqual({ key: 'founded', count: 2 });
    expect(all.supportHours).toBe(8.8);
    expect(await groupActivity(ctxFor(t, viewer([karnap])), { areaIds: [kray], ...Q1 })).toEqual(EMPTY);
  });

  it('refuses readers without reports.read', async () => {
    const nobody: CurrentUser = { ...principal('viewer'), assignments: [] };
    await expect(groupActivity(ctxFor(t, nobody), { areaIds: [kray], ...Q1 })).rejects.toMatchObject({ status: 403 });
    await expect(groupActivity(ctxFor(t, null), { areaIds: [kray], ...Q1 })).rejects.toBeInstanceOf(AppError);
  });

  it('answers zeros for no areas and for an area without groups', async () => {
    const admin = ctxFor(t, principal('admin'));
    expect(await groupActivity(admin, { areaIds: [], ...Q1 })).toEqual(EMPTY);
    expect(await groupActivity(admin, { areaIds: ['ara_none'], ...Q1 })).toEqual(EMPTY);
  });
});
