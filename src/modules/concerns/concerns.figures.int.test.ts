/**
 * Concern figures for the reports on a real database (SQLite and PostgreSQL): concernActivity against a fixture
 * computed by hand (Berlin day boundaries, hidden and out-of-area concerns, medians of tenths of days), the
 * reader's scope, validation; monthlyConcernCounts by Berlin calendar month; first_answer_at written by the
 * service once (public note, status change, merge, external status — not an internal note or the Open311 hand-off)
 * and backfilled from the timeline; the plans use the covering indexes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CurrentUser } from '../../platform/http/context';
import { forTenant, type TenantDb } from '../../platform/db/tenant-scope';
import { AppError } from '../../platform/errors';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { TEST_DB } from '../../../test/support/db';
import { getAreaBySlug, seedTerritory } from '../territory';
import { addNote, concernActivity, explainConcernFigures, markForwarded, mergeConcerns, monthlyConcernCounts, recordExternalStatus, transitionConcern } from './index';
import { splitPeriod } from '../../platform/reporting';
import { concernRollupCheck } from './concerns.figures';
import { backfillFirstAnswers } from './migrations/2026_11_26_0100_concerns_figures';
import { KARNAP, KRAY, RUETTENSCHEID, categoryId, ctxFor, makeConcern, principal } from './test/factories';

let t: TestApp;
let db: TenantDb<any>;
let kray: string;
let karnap: string;
let frohnhausen: string;
const districts = { kray: 0, karnap: 0, ruettenscheid: 0 };

interface Fix {
  at: string;
  where?: 'kray' | 'karnap' | 'outside';
  category?: 'littering' | 'traffic';
  status?: string;
  /** Days from intake to the first answer / to closing. */
  answer?: number;
  closed?: number;
  hidden?: boolean;
}

const DAY = 86_400_000;
const plus = (iso: string, days: number) => new Date(Date.parse(iso) + Math.round(days * DAY)).toISOString();

/** A concern through the service, then dated and given its state directly (the fixture's facts). */
async function fixture(f: Fix, tenantId?: string): Promise<string> {
  const place = f.where === 'karnap' ? KARNAP : f.where === 'outside' ? RUETTENSCHEID : KRAY;
  const c = await makeConcern(t, { ...place, categoryKey: f.category ?? 'littering', ...(tenantId ? { tenantId } : {}) });
  await t.handle.db
    .updateTable('concerns')
    .set({
      created_at: f.at,
      status: f.status ?? 'received',
      first_answer_at: f.answer === undefined ? null : plus(f.at, f.answer),
      closed_at: f.closed === undefined ? null : plus(f.at, f.closed),
      public: !f.hidden,
    } as never)
    .where('id', '=', c.id)
    .execute();
  if (f.where === 'outside') districts.ruettenscheid = c.districtNumber!;
  else if (f.where === 'karnap') districts.karnap = c.districtNumber!;
  else districts.kray = c.districtNumber!;
  return c.id;
}

const Q = { from: '2026-01-01', to: '2026-03-31' };
const viewer = (areaIds?: string[]): CurrentUser => principal('viewer', areaIds ? { areaIds } : {});

beforeAll(async () => {
  t = await createTestApp();
  await seedTerritory(t.handle.db, t.tenant.id);
  await seedTerritory(t.handle.db, t.other.id);
  db = forTenant(t.handle.db, t.tenant.id);
  kray = (await getAreaBySlug(db, 'kray'))!.id;
  karnap = (await getAreaBySlug(db, 'karnap'))!.id;
  frohnhausen = (await getAreaBySlug(db, 'frohnhausen'))!.id;

  // In the period 2026-01-01 … 2026-03-31 (Berlin days):
  await fixture({ at: '2026-01-10T09:00:00.000Z', status: 'resolved', answer: 1, closed: 3 });
  await fixture({ at: '2026-02-01T12:00:00.000Z', status: 'in_progress', answer: 0.2 });
  await fixture({ at: '2026-03-31T21:30:00.000Z', category: 'traffic' }); // 23:30 in Berlin on the last day
  await fixture({ at: '2025-12-31T23:30:00.000Z', status: 'resolved', answer: 2, closed: 5 }); // 00:30 on the first day
  await fixture({ at: '2026-01-31T23:30:00.000Z' }); // Berlin: 1 February
  await fixture({ at: '2026-02-10T10:00:00.000Z', where: 'karnap', status: 'resolved', answer: 0.5, closed: 7 });
  await fixture({ at: '2026-02-11T10:00:00.000Z', where: 'karnap', status: 'duplicate', answer: 1.5, closed: 1.5 });
  await fixture({ at: '2026-03-01T10:00:00.000Z', where: 'karnap', status: 'resolved', answer: 4, closed: 4 });
  // Not in the figures: the day after (00:30 on 1 April in Berlin), the day before, hidden, outside every area,
  // another tenant.
  await fixture({ at: '2026-03-31T22:30:00.000Z', status: 'resolved', answer: 1, closed: 1 });
  await fixture({ at: '2025-12-31T22:30:00.000Z', status: 'resolved', answer: 1, closed: 1 });
  await fixture({ at: '2026-01-15T10:00:00.000Z', status: 'resolved', answer: 1, closed: 1, hidden: true });
  await fixture({ at: '2026-02-01T10:00:00.000Z', where: 'outside', status: 'resolved', answer: 1, closed: 1 });
  await fixture({ at: '2026-02-01T10:00:00.000Z', status: 'resolved', answer: 1, closed: 1 }, t.other.id);
  // October for the monthly counts (winter time from 25 October 2026).
  await fixture({ at: '2026-09-30T22:30:00.000Z' }); // Berlin: 1 October 00:30 (summer time)
  await fixture({ at: '2026-10-31T22:30:00.000Z' }); // Berlin: 31 October 23:30 (winter time)
  await fixture({ at: '2026-10-31T23:30:00.000Z' }); // Berlin: 1 November 00:30
});
afterAll(async () => {
  await t?.close();
});

describe('concernActivity', () => {
  it('answers the hand-computed figures of the period for a reader of every area', async () => {
    const littering = await categoryId(t, 'littering');
    const traffic = await categoryId(t, 'traffic');
    const a = await concernActivity(ctxFor(t, viewer()), { areaIds: [kray, karnap, frohnhausen], ...Q });
    expect(a).toEqual({
      received: 8,
      byCategory: [
        { key: littering, count: 7 },
        { key: traffic, count: 1 },
      ],
      byStatus: [
        { key: 'resolved', count: 4 },
        { key: 'received', count: 2 },
        { key: 'duplicate', count: 1 },
        { key: 'in_progress', count: 1 },
      ].sort((x, y) => y.count - x.count || (x.key < y.key ? -1 : 1)),
      byArea: [
        { key: kray, count: 5 },
        { key: karnap, count: 3 },
        { key: frohnhausen, count: 0 },
      ],
      resolved: 4,
      answered: 6,
      // first answers 0.2, 0.5, 1.0, 1.5, 2.0, 4.0 days → (1.0 + 1.5) / 2 = 1.25 → 1.3
      medianDaysToFirstAnswer: 1.3,
      // resolutions 3, 4, 5, 7 days → 4.5
      medianDaysToResolution: 4.5,
    });
  });

  it('a viewer of one area gets only that area, whatever the query asks for', async () => {
    const a = await concernActivity(ctxFor(t, viewer([kray])), { areaIds: [kray, karnap], ...Q });
    expect(a.received).toBe(5);
    expect(a.byArea).toEqual([{ key: kray, count: 5 }]);
    expect(a.byStatus).toEqual([
      { key: 'received', count: 2 },
      { key: 'resolved', count: 2 },
      { key: 'in_progress', count: 1 },
    ]);
    expect(a.resolved).toBe(2);
    expect(a.answered).toBe(3);
    expect(a.medianDaysToFirstAnswer).toBe(1); // 0.2, 1.0, 2.0
    expect(a.medianDaysToResolution).toBe(4); // 3, 5
  });

  it('a period of whole months and edge days (roll-up and rows together) gives the hand-computed figures', async () => {
    expect(splitPeriod({ from: '2026-01-15', to: '2026-03-10' })).toEqual({
      months: { from: '2026-02', to: '2026-02' },
      edges: [
        { from: '2026-01-15', to: '2026-01-31' },
        { from: '2026-03-01', to: '2026-03-10' },
      ],
    });
    expect(splitPeriod(Q)).toEqual({ months: { from: '2026-01', to: '2026-03' }, edges: [] });
    expect(splitPeriod({ from: '2026-02-02', to: '2026-02-27' })).toEqual({ months: null, edges: [{ from: '2026-02-02', to: '2026-02-27' }] });
    expect(splitPeriod({ from: '2024-02-01', to: '2024-02-29' })).toEqual({ months: { from: '2024-02', to: '2024-02' }, edges: [] });
    const a = await concernActivity(ctxFor(t, viewer()), { areaIds: [kray, karnap], from: '2026-01-15', to: '2026-03-10' });
    // In: 1 Feb 12:00 (in progress, answer 0.2), 31 Jan 23:30 UTC = 1 Feb in Berlin (received), Karnap 10 Feb
    // (resolved: answer 0.5, closed 7), 11 Feb (duplicate: answer 1.5), 1 Mar (resolved: answer 4, closed 4).
    expect(a).toEqual({
      received: 5,
      byCategory: [{ key: await categoryId(t, 'littering'), count: 5 }],
      byStatus: [
        { key: 'resolved', count: 2 },
        { key: 'duplicate', count: 1 },
        { key: 'in_progress', count: 1 },
        { key: 'received', count: 1 },
      ],
      byArea: [
        { key: karnap, count: 3 },
        { key: kray, count: 2 },
      ],
      resolved: 2,
      answered: 4,
      medianDaysToFirstAnswer: 1, // 0.2, 0.5, 1.5, 4 → (0.5 + 1.5) / 2
      medianDaysToResolution: 5.5, // 4, 7
    });
  });

  it('one day: the last day of the period counts, the day after does not (Berlin midnight, not UTC)', async () => {
    const last = await concernActivity(ctxFor(t, viewer()), { areaIds: [kray], from: '2026-03-31', to: '2026-03-31' });
    expect(last.received).toBe(1);
    expect(last.byStatus).toEqual([{ key: 'received', count: 1 }]);
    const after = await concernActivity(ctxFor(t, viewer()), { areaIds: [kray], from: '2026-04-01', to: '2026-04-01' });
    expect(after.received).toBe(1);
    expect(after.byStatus).toEqual([{ key: 'resolved', count: 1 }]);
  });

  it('empty: no areas, or an area without concerns → zeros and nulls', async () => {
    const none = await concernActivity(ctxFor(t, viewer()), { areaIds: [], ...Q });
    expect(none).toEqual({ received: 0, byCategory: [], byStatus: [], byArea: [], resolved: 0, answered: 0, medianDaysToFirstAnswer: null, medianDaysToResolution: null });
    const notMine = await concernActivity(ctxFor(t, viewer([frohnhausen])), { areaIds: [kray], ...Q });
    expect(notMine.received).toBe(0);
    expect(notMine.byArea).toEqual([]);
    const quiet = await concernActivity(ctxFor(t, viewer()), { areaIds: [frohnhausen], ...Q });
    expect(quiet).toEqual({ received: 0, byCategory: [], byStatus: [], byArea: [{ key: frohnhausen, count: 0 }], resolved: 0, answered: 0, medianDaysToFirstAnswer: null, medianDaysToResolution: null });
  });

  it('needs reports.read: anonymous 401, a user without an assignment 403; a bad period is 422', async () => {
    await expect(concernActivity(ctxFor(t, null), { areaIds: [kray], ...Q })).rejects.toMatchObject({ status: 401 });
    const nobody: CurrentUser = { ...viewer(), assignments: [] };
    await expect(concernActivity(ctxFor(t, nobody), { areaIds: [kray], ...Q })).rejects.toMatchObject({ status: 403 });
    const bad = await concernActivity(ctxFor(t, viewer()), { areaIds: [kray], from: '2026-03-31', to: '2026-01-01' }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(AppError);
    expect((bad as AppError).status).toBe(422);
    expect((bad as AppError).details.fields).toEqual([{ field: 'to', key: 'concerns.error.periodOrder' }]);
    await expect(concernActivity(ctxFor(t, viewer()), { areaIds: [kray], from: '2026-02-30', to: '2026-03-01' })).rejects.toMatchObject({ status: 422 });
  });
});

describe('monthlyConcernCounts', () => {
  it('counts published concerns per Stadtteil and Berlin month, unsuppressed, only non-zero cells', async () => {
    expect(new Set([districts.kray, districts.karnap, districts.ruettenscheid]).size).toBe(3);
    const cells = await monthlyConcernCounts(db, { fromMonth: '2026-01', toMonth: '2026-03' });
    const expected = [
      { districtNumber: districts.kray, month: '2026-01', count: 2 },
      { districtNumber: districts.kray, month: '2026-02', count: 2 }, // 1 Feb 12:00 and 31 Jan 23:30 UTC
      { districtNumber: districts.kray, month: '2026-03', count: 1 }, // 31 Mar 21:30 UTC; 22:30 UTC is April
      { districtNumber: districts.karnap, month: '2026-02', count: 2 },
      { districtNumber: districts.karnap, month: '2026-03', count: 1 },
      { districtNumber: districts.ruettenscheid, month: '2026-02', count: 1 },
    ].sort((a, b) => a.districtNumber - b.districtNumber || (a.month < b.month ? -1 : 1));
    expect(cells).toEqual(expected);
    expect(await monthlyConcernCounts(db, { fromMonth: '2026-04', toMonth: '2026-04' })).toEqual([{ districtNumber: districts.kray, month: '2026-04', count: 1 }]);
    expect(await monthlyConcernCounts(db, { fromMonth: '2026-10', toMonth: '2026-11' })).toEqual([
      { districtNumber: districts.kray, month: '2026-10', count: 2 },
      { districtNumber: districts.kray, month: '2026-11', count: 1 },
    ]);
    expect(await monthlyConcernCounts(db, { fromMonth: '2025-12', toMonth: '2025-12' })).toEqual([{ districtNumber: districts.kray, month: '2025-12', count: 1 }]);
  });

  it('rejects malformed or reversed months', async () => {
    await expect(monthlyConcernCounts(db, { fromMonth: '2026-13', toMonth: '2026-12' })).rejects.toMatchObject({ status: 422 });
    await expect(monthlyConcernCounts(db, { fromMonth: '2026-03', toMonth: '2026-01' })).rejects.toMatchObject({ status: 422, details: { fields: [{ field: 'toMonth', key: 'concerns.error.monthOrder' }] } });
  });

  // PostgreSQL plans a table of a few rows without regard to indexes; its plans at 1,000,000 concerns are checked
  // by the bench (bench/activity/concerns.ts, measureConcernFigures) and recorded in ADR 0015.
  it.runIf(TEST_DB === 'sqlite')('SQLite answers both queries from the covering indexes', async () => {
    const plans = await explainConcernFigures(db, [kray, karnap], Q);
    // Read from the index and grouped in its order: no sort of the period's rows.
    expect(plans.activity).toMatch(/USING COVERING INDEX concerns_figures_ix/);
    expect(plans.activity).not.toMatch(/TEMP B-TREE/);
    expect(plans.answers).toMatch(/SEARCH concerns USING (COVERING )?INDEX concerns_answer_hist_ix/);
    expect(plans.resolutions).toMatch(/SEARCH concerns USING (COVERING )?INDEX concerns_resolution_hist_ix/);
    expect(plans.monthly).toMatch(/USING (COVERING )?INDEX concerns_month_district_ix/);
    expect(plans.monthly).not.toMatch(/TEMP B-TREE/);
    // Only the outer sum of the histograms' groups (a few thousand at most) is sorted.
    for (const p of [plans.answers, plans.resolutions]) expect(p.match(/TEMP B-TREE/g) ?? []).toHaveLength(1);
  });
});

describe('first_answer_at', () => {
  const firstAnswer = async (id: string): Promise<string | null> => {
    const r = await t.handle.db.selectFrom('concerns').select('first_answer_at').where('id', '=', id).executeTakeFirstOrThrow();
    return r.first_answer_at === null ? null : new Date(r.first_answer_at as string).toISOString();
  };
  const admin = () => ctxFor(t, principal('admin'));

  it('is set by the first public note or status change and never overwritten; internal notes do not count', async () => {
    const c = await makeConcern(t);
    expect(await firstAnswer(c.id)).toBeNull();
    await addNote(admin(), c.id, { text: 'Intern: Bauhof fragen.', visibility: 'internal' });
    expect(await firstAnswer(c.id)).toBeNull();
    await addNote(admin(), c.id, { text: 'Danke, wir kümmern uns.', visibility: 'public' });
    const first = await firstAnswer(c.id);
    expect(first).not.toBeNull();
    await new Promise((r) => setTimeout(r, 5));
    await transitionConcern(admin(), c.id, { to: 'accepted' });
    await transitionConcern(admin(), c.id, { to: 'resolved', note: 'Erledigt.' });
    expect(await firstAnswer(c.id)).toBe(first);

    const s = await makeConcern(t);
    const updated = await transitionConcern(admin(), s.id, { to: 'accepted' });
    expect(await firstAnswer(s.id)).toBe(new Date(updated.updatedAt).toISOString());
  });

  it('is set by an external status and a merge as duplicate, not by the hand-off to an external system', async () => {
    const forwarded = await makeConcern(t);
    expect(await markForwarded(db, forwarded.id, { endpoint: 'https://open311.example.test/v2', externalId: 'x-1' })).toBe(true);
    expect(await firstAnswer(forwarded.id)).toBeNull();
    await recordExternalStatus(db, forwarded.id, { status: 'open', notes: 'In Bearbeitung', at: '2026-11-20T10:00:00Z', source: 'https://open311.example.test/v2' });
    expect(await firstAnswer(forwarded.id)).not.toBeNull();

    const source = await makeConcern(t);
    const target = await makeConcern(t);
    await mergeConcerns(admin(), source.id, target.id);
    expect(await firstAnswer(source.id)).not.toBeNull();
    expect(await firstAnswer(target.id)).toBeNull();
  });

  it('the migration backfills it from the timeline with the same rule', async () => {
    const answered = await makeConcern(t);
    await addNote(admin(), answered.id, { text: 'Intern.', visibility: 'internal' });
    await transitionConcern(admin(), answered.id, { to: 'accepted' });
    await addNote(admin(), answered.id, { text: 'Öffentlich.', visibility: 'public' });
    const external = await makeConcern(t);
    await markForwarded(db, external.id, { endpoint: 'https://open311.example.test/v2', externalId: 'x-2' });
    await recordExternalStatus(db, external.id, { status: 'closed', notes: null, at: '2026-11-21T10:00:00Z', source: 'https://open311.example.test/v2' });
    const onlyHandedOff = await makeConcern(t);
    await markForwarded(db, onlyHandedOff.id, { endpoint: 'https://open311.example.test/v2', externalId: 'x-3' });
    const merged = await makeConcern(t);
    const keeper = await makeConcern(t);
    await mergeConcerns(admin(), merged.id, keeper.id);
    const ids = [answered.id, external.id, onlyHandedOff.id, merged.id, keeper.id];
    const before = await Promise.all(ids.map(firstAnswer));
    expect(before.map((v) => v !== null)).toEqual([true, true, false, true, false]);
    await t.handle.db.updateTable('concerns').set({ first_answer_at: null } as never).where('id', 'in', ids).execute();
    await backfillFirstAnswers(t.handle.db);
    expect(await Promise.all(ids.map(firstAnswer))).toEqual(before);
  });
});

describe('monthly roll-ups (kept by triggers)', () => {
  const admin = () => ctxFor(t, principal('admin'));
  const JUNE = { from: '2025-06-01', to: '2025-06-30' };
  const JULY = { from: '2025-07-01', to: '2025-07-31' };
  const activity = (p: { from: string; to: string }) => concernActivity(ctxFor(t, viewer()), { areaIds: [kray, karnap], ...p });

  it('a concern changed after a report shows changed in the next report (status, hidden, area, date, deleted)', async () => {
    const a = await fixture({ at: '2025-06-10T10:00:00.000Z' });
    const b = await fixture({ at: '2025-06-20T10:00:00.000Z', status: 'resolved', answer: 1, closed: 2 });
    const before = await activity(JUNE);
    expect(before).toMatchObject({ received: 2, resolved: 1, answered: 1, medianDaysToFirstAnswer: 1, medianDaysToResolution: 2 });
    expect(before.byStatus).toEqual([
      { key: 'received', count: 1 },
      { key: 'resolved', count: 1 },
    ]);

    await transitionConcern(admin(), a, { to: 'accepted' }); // a status and the first answer (now)
    const accepted = await activity(JUNE);
    expect(accepted.byStatus).toEqual([
      { key: 'accepted', count: 1 },
      { key: 'resolved', count: 1 },
    ]);
    expect(accepted.answered).toBe(2);

    await t.handle.db.updateTable('concerns').set({ public: false } as never).where('id', '=', b).execute();
    expect(await activity(JUNE)).toMatchObject({ received: 1, resolved: 0, answered: 1, medianDaysToResolution: null, byStatus: [{ key: 'accepted', count: 1 }] });

    await t.handle.db.updateTable('concerns').set({ area_id: karnap } as never).where('id', '=', a).execute();
    expect((await activity(JUNE)).byArea).toEqual([
      { key: karnap, count: 1 },
      { key: kray, count: 0 },
    ]);

    await t.handle.db.updateTable('concerns').set({ created_at: '2025-06-30T22:30:00.000Z' } as never).where('id', '=', a).execute(); // 1 July in Berlin
    expect((await activity(JUNE)).received).toBe(0);
    expect((await activity(JULY)).received).toBe(1);
    expect((await activity({ from: '2025-06-15', to: '2025-07-01' })).received).toBe(1); // edge days from the rows

    await t.handle.db.deleteFrom('concern_events').where('concern_id', '=', a).execute();
    await t.handle.db.deleteFrom('concerns').where('id', '=', a).execute();
    expect((await activity(JULY)).received).toBe(0);
  });

  it('equal the concerns recounted after every kind of write (and another tenant keeps its own)', async () => {
    const c = await makeConcern(t);
    await addNote(admin(), c.id, { text: 'Öffentlich.', visibility: 'public' });
    await transitionConcern(admin(), c.id, { to: 'accepted' });
    await transitionConcern(admin(), c.id, { to: 'resolved', note: 'Erledigt.' });
    await t.handle.db.updateTable('concerns').set({ category_id: await categoryId(t, 'traffic') } as never).where('id', '=', c.id).execute();
    const check = await concernRollupCheck(db);
    expect(check.stored.length).toBeGreaterThan(10);
    expect(check.stored).toEqual(check.recounted);
    const other = await concernRollupCheck(forTenant(t.handle.db, t.other.id));
    expect(other.stored).toEqual(other.recounted);
    expect(other.stored.length).toBeGreaterThan(0);
  });
});
