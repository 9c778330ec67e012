/**
 * dialogueActivity on a real database (SQLite and PostgreSQL): dialogues with a phase history, meetings and tasks
 * whose figures for 2025 were counted by hand — boundaries at Berlin midnight (not UTC midnight) for instants and
 * at the first/last day for due days, "today" inside the period, the reader's report scope, empty areas and readers
 * without reports.read; and the bench generator's rows against the figures.
 */
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app';
import type { CurrentUser } from '../../platform/http/context';
import { toJson } from '../../platform/db/dialect';
import { getAreaBySlug, seedTerritory } from '../territory';
// eslint-disable-next-line no-restricted-imports -- the bench generator (not a module) is checked against the figures it feeds
import { generateDialogueActivity } from '../../../bench/activity/dialogues';
import { dialogueActivity } from './index';
import { addParticipant, cancelMeeting, createDialogue, createMeeting, createTask, recordAttendance, setTaskStatus } from './dialogues.service';
import type { Phase } from './dialogues.rules';
import { actors, ctxFor, staff } from './test/factories';

let t: TestApp;
let root: Kysely<any>;
let kray: string;
let karnap: string;
const Y2025 = { from: '2025-01-01', to: '2025-12-31' };

function reader(role: 'viewer' | 'admin', areaIds?: string[]): CurrentUser {
  return {
    id: `usr_fig${role}`,
    email: `${role}@example.test`,
    displayName: role,
    organisation: null,
    locale: null,
    assignments: [{ role, allAreas: !areaIds, areaIds: areaIds ?? [], department: null }],
  };
}

let seq = 0;
/** Rewrites a dialogue's history: created at `createdAt`, the given phase changes, and its phase now. */
async function history(id: string, createdAt: string, changes: [at: string, from: Phase, to: Phase][], now: Phase): Promise<void> {
  await root.updateTable('dialogues').set({ created_at: createdAt, phase: now }).where('id', '=', id).execute();
  await root.deleteFrom('dialogue_events').where('dialogue_id', '=', id).where('kind', 'in', ['created', 'phase']).execute();
  const events = [{ at: createdAt, kind: 'created', data: { phase: 'started' } }, ...changes.map(([at, from, to]) => ({ at, kind: 'phase', data: { from, to } }))];
  for (const e of events) {
    await root
      .insertInto('dialogue_events')
      .values({ tenant_id: t.tenant.id, id: `dev_fig${String(++seq).padStart(4, '0')}`, dialogue_id: id, at: e.at, kind: e.kind, public: true, actor_id: null, data: toJson(e.data) })
      .execute();
  }
}

beforeAll(async () => {
  t = await createTestApp();
  root = t.handle.db;
  await seedTerritory(root, t.tenant.id);
  kray = (await getAreaBySlug(ctxFor(t, null).db, 'kray'))!.id;
  karnap = (await getAreaBySlug(ctxFor(t, null).db, 'karnap'))!.id;
  const ctx = ctxFor(t, await staff(t, 'admin'));
  const dialogue = (title: string, areaIds: string[]) => createDialogue(ctx, { title, goal: 'Ziel (Test)', initiator: 'Test', public: false, publicSummary: null, areaIds, topicIds: [] });

  // Dialogues (Kray unless said otherwise) and whether they count for 2025 (open at some time in it).
  const d1 = await dialogue('D1 läuft', [kray]);
  await history(d1.id, '2024-06-01T10:00:00.000Z', [['2024-07-01T10:00:00.000Z', 'started', 'clarifying'], ['2024-09-01T10:00:00.000Z', 'clarifying', 'developing']], 'developing'); // ✓ developing
  const d2 = await dialogue('D2 vor Beginn geschlossen', [kray]);
  await history(d2.id, '2024-01-01T10:00:00.000Z', [['2024-12-31T22:59:00.000Z', 'implementing', 'closed']], 'closed'); // ✗ closed 23:59 Berlin on 31 Dec 2024
  const d3 = await dialogue('D3 zum Beginn geschlossen', [kray]);
  await history(d3.id, '2024-01-01T10:00:00.000Z', [['2024-12-31T23:00:00.000Z', 'implementing', 'closed']], 'closed'); // ✓ closed at Berlin midnight: open until then
  const d4 = await dialogue('D4 wieder geöffnet', [kray]);
  await history(d4.id, '2024-01-01T10:00:00.000Z', [['2024-05-01T10:00:00.000Z', 'implementing', 'closed'], ['2025-03-01T10:00:00.000Z', 'closed', 'implementing']], 'implementing'); // ✓
  const d5 = await dialogue('D5 nach dem Zeitraum begonnen', [kray]);
  await history(d5.id, '2025-12-31T23:00:00.000Z', [], 'started'); // ✗ 1 Jan 2026 00:00 Berlin
  const d6 = await dialogue('D6 am letzten Abend begonnen', [kray]);
  await history(d6.id, '2025-12-31T22:59:00.000Z', [], 'started'); // ✓ 31 Dec 2025 23:59 Berlin
  const d7 = await dialogue('D7 erst danach wieder geöffnet', [kray]);
  await history(d7.id, '2023-01-01T10:00:00.000Z', [['2023-06-01T10:00:00.000Z', 'implementing', 'closed'], ['2026-02-01T10:00:00.000Z', 'closed', 'implementing']], 'implementing'); // ✗
  const d8 = await dialogue('D8 Karnap', [karnap]);
  await history(d8.id, '2024-01-01T10:00:00.000Z', [], 'agreed'); // ✓ Karnap only
  const d9 = await dialogue('D9 beide Quartiere', [kray, karnap]);
  await history(d9.id, '2024-01-01T10:00:00.000Z', [], 'clarifying'); // ✓ once
  const d10 = await dialogue('D10 im Mai begonnen', [kray]);
  await history(d10.id, '2025-05-01T10:00:00.000Z', [], 'developing'); // ✓

  const ak = await actors(t, kray);
  const an = await actors(t, karnap);
  const [p1, p2, p3] = [await addParticipant(ctx, d1.id, { actor: `organisation:${ak.club}` }), await addParticipant(ctx, d1.id, { actor: `organisation:${ak.dept}` }), await addParticipant(ctx, d1.id, { actor: `person:${ak.person}` })];
  const q1 = await addParticipant(ctx, d8.id, { actor: `organisation:${an.club}` });
  const r1 = await addParticipant(ctx, d9.id, { actor: `organisation:${ak.club}` });

  const meeting = (dialogueId: string, type: 'district_conference' | 'round_table' | 'working_group' | 'residents_assembly', date: string, startTime: string, endTime: string) =>
    createMeeting(ctx, dialogueId, { type, title: `Sitzung ${date} (Test)`, date, startTime, endTime, place: 'Stadtteilbüro', public: false, registration: false });
  const m1 = await meeting(d1.id, 'round_table', '2025-03-10', '18:00', '19:00');
  await recordAttendance(ctx, m1.id, [p1!.id, p2!.id], []); // ✓ held, 2 present
  await meeting(d1.id, 'working_group', '2025-01-01', '00:30', '01:30'); // ✓ planned, in the past (UTC: 2024-12-31 23:30)
  const m3 = await meeting(d1.id, 'round_table', '2024-12-31', '23:00', '23:45');
  await recordAttendance(ctx, m3.id, [p1!.id], []); // ✗ 31 Dec 2024 Berlin (UTC 22:00)
  const m4 = await meeting(d1.id, 'district_conference', '2025-12-31', '23:30', '23:50');
  await recordAttendance(ctx, m4.id, [p1!.id, p2!.id, p3!.id], []); // ✓ held, 3 present
  const m5 = await meeting(d1.id, 'round_table', '2026-01-01', '00:15', '01:00');
  await recordAttendance(ctx, m5.id, [p1!.id], []); // ✗ 1 Jan 2026 Berlin (UTC still 2025)
  const m6 = await meeting(d1.id, 'round_table', '2025-06-01', '18:00', '19:00');
  await cancelMeeting(ctx, m6.id); // ✗ cancelled
  const m7 = await meeting(d8.id, 'residents_assembly', '2025-05-05', '18:00', '20:00');
  await recordAttendance(ctx, m7.id, [q1!.id], []); // ✓ Karnap, 1 present
  await meeting(d1.id, 'working_group', '2025-09-01', '17:00', '18:00'); // ✓ planned, in the past (not yet on 2025-06-01)
  const m9 = await meeting(d9.id, 'round_table', '2025-04-04', '18:00', '19:00');
  await recordAttendance(ctx, m9.id, [r1!.id], []); // ✓ both areas, once, 1 present

  const task = async (meetingId: string, participantId: string, dueDate: string, status?: 'done' | 'in_progress' | 'dropped', doneAt?: string) => {
    const k = await createTask(ctx, meetingId, { title: `Aufgabe bis ${dueDate} (Test)`, participantId, dueDate, public: false });
    if (status) await setTaskStatus(ctx, k.id, status);
    if (doneAt) await root.updateTable('dialogue_tasks').set({ done_at: doneAt }).where('id', '=', k.id).execute();
  };
  await task(m1.id, p1!.id, '2025-02-01', 'done', '2025-01-20T10:00:00.000Z'); // T1 ✓ done
  await task(m1.id, p1!.id, '2025-12-31'); // T2 ✓ overdue (last day)
  await task(m1.id, p1!.id, '2026-01-01'); // T3 ✗ the day after
  await task(m1.id, p2!.id, '2024-11-01', 'done', '2025-01-05T10:00:00.000Z'); // T4 ✓ done in the period
  await task(m1.id, p2!.id, '2024-11-01', 'done', '2024-12-31T23:30:00.000Z'); // T5 ✓ done 00:30 Berlin on 1 Jan 2025
  await task(m1.id, p2!.id, '2024-12-20', 'done', '2024-12-31T22:30:00.000Z'); // T6 ✗ done 23:30 Berlin on 31 Dec 2024
  await task(m1.id, p3!.id, '2025-06-01', 'in_progress'); // T7 ✓ overdue
  await task(m1.id, p3!.id, '2025-07-01', 'dropped'); // T8 ✗ dropped
  await task(m1.id, p3!.id, '2025-03-01', 'done', '2026-02-01T10:00:00.000Z'); // T9 ✓ done (late)
  await task(m1.id, p3!.id, '2025-05-31'); // T10 ✓ overdue
  await task(m7.id, q1!.id, '2025-04-01'); // T12 ✓ Karnap, overdue
  await task(m9.id, r1!.id, '2025-08-01', 'done', '2025-08-02T10:00:00.000Z'); // T13 ✓ both areas, once, done
});
afterAll(async () => {
  await t?.close();
});

const KRAY_2025 = {
  byPhase: [
    { key: 'developing', count: 2 },
    { key: 'clarifying', count: 1 },
    { key: 'closed', count: 1 },
    { key: 'implementing', count: 1 },
    { key: 'started', count: 1 },
  ],
  agreements: { total: 8, done: 5, overdue: 3, open: 0 },
  meetings: 5,
  attendance: 6,
  meetingsByType: [
    { key: 'round_table', count: 2 },
    { key: 'working_group', count: 2 },
    { key: 'district_conference', count: 1 },
  ],
};

describe('dialogueActivity', () => {
  it('counts open dialogues by phase, agreements and held meetings of the period (hand-counted fixture)', async () => {
    expect(await dialogueActivity(ctxFor(t, reader('admin')), { areaIds: [kray], ...Y2025 })).toEqual(KRAY_2025);
    expect(await dialogueActivity(ctxFor(t, reader('admin')), { areaIds: [kray, karnap], ...Y2025 })).toEqual({
      byPhase: [
        { key: 'developing', count: 2 },
        { key: 'agreed', count: 1 },
        { key: 'clarifying', count: 1 },
        { key: 'closed', count: 1 },
        { key: 'implementing', count: 1 },
        { key: 'started', count: 1 },
      ],
      agreements: { total: 9, done: 5, overdue: 4, open: 0 },
      meetings: 6,
      attendance: 7,
      meetingsByType: [
        { key: 'round_table', count: 2 },
        { key: 'working_group', count: 2 },
        { key: 'district_conference', count: 1 },
        { key: 'residents_assembly', count: 1 },
      ],
    });
  });

  it('takes "today" inside the period: planned meetings still ahead are not held, tasks not yet due are open', async () => {
    const mid = await dialogueActivity(ctxFor(t, reader('admin')), { areaIds: [kray], ...Y2025 }, new Date('2025-06-01T08:00:00.000Z'));
    expect(mid.agreements).toEqual({ total: 8, done: 5, overdue: 1, open: 2 });
    expect(mid.meetings).toBe(4);
    expect(mid.attendance).toBe(6);
    expect(mid.meetingsByType).toEqual([
      { key: 'round_table', count: 2 },
      { key: 'district_conference', count: 1 },
      { key: 'working_group', count: 1 },
    ]);
  });

  it('keeps to Berlin days at both ends of a short period', async () => {
    const admin = ctxFor(t, reader('admin'));
    // 1 January 2025 (Berlin): the planned meeting at 00:30; T5 done at 00:30; D3 was open until its midnight closing.
    const jan1 = await dialogueActivity(admin, { areaIds: [kray], from: '2025-01-01', to: '2025-01-01' });
    expect(jan1.meetings).toBe(1);
    expect(jan1.meetingsByType).toEqual([{ key: 'working_group', count: 1 }]);
    expect(jan1.agreements).toEqual({ total: 1, done: 1, overdue: 0, open: 0 });
    // 31 December 2024: the round table at 23:00 and T6 done at 23:30; D2 and D3 were still open that day.
    const dec31 = await dialogueActivity(admin, { areaIds: [kray], from: '2024-12-31', to: '2024-12-31' });
    expect(dec31.meetings).toBe(1);
    expect(dec31.attendance).toBe(1);
    expect(dec31.agreements).toEqual({ total: 1, done: 1, overdue: 0, open: 0 });
    expect(dec31.byPhase.find((p) => p.key === 'closed')).toEqual({ key: 'closed', count: 2 });
  });

  it('answers only for the reader’s areas; empty areas give zeros; no reports.read is refused', async () => {
    expect(await dialogueActivity(ctxFor(t, reader('viewer', [kray])), { areaIds: [kray, karnap], ...Y2025 })).toEqual(KRAY_2025);
    const empty = { byPhase: [], agreements: { total: 0, done: 0, overdue: 0, open: 0 }, meetings: 0, attendance: 0, meetingsByType: [] };
    expect(await dialogueActivity(ctxFor(t, reader('viewer', [karnap])), { areaIds: [kray], ...Y2025 })).toEqual(empty);
    expect(await dialogueActivity(ctxFor(t, reader('admin')), { areaIds: [], ...Y2025 })).toEqual(empty);
    expect(await dialogueActivity(ctxFor(t, reader('admin'), { tenantId: t.other.id }), { areaIds: [kray], ...Y2025 })).toEqual(empty);
    const noRole: CurrentUser = { ...reader('viewer'), assignments: [] };
    await expect(dialogueActivity(ctxFor(t, noRole), { areaIds: [kray], ...Y2025 })).rejects.toMatchObject({ status: 403 });
    await expect(dialogueActivity(ctxFor(t, null), { areaIds: [kray], ...Y2025 })).rejects.toMatchObject({ status: 401 });
  });
});

describe('generateDialogueActivity (bench)', () => {
  it('writes valid rows whose figures add up to what was generated', async () => {
    const g = await createTestApp();
    try {
      await seedTerritory(g.handle.db, g.tenant.id);
      const db = ctxFor(g, null).db;
      const areas = [(await getAreaBySlug(db, 'kray'))!.id, (await getAreaBySlug(db, 'karnap'))!.id];
      const o = { tenantId: g.tenant.id, areaIds: areas, districtNumbers: [16, 30], from: '2023-01-01', to: '2024-12-31', rows: 2000, seed: 3 };
      const res = await generateDialogueActivity(g.handle.db, o);
      const written = Object.values(res).reduce((s, n) => s + n, 0);
      expect(written).toBeGreaterThan(1500);
      expect(written).toBeLessThan(2600);

      const count = async (table: string, column: string, value: string) =>
        Number((await g.handle.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).where('tenant_id', '=', g.tenant.id).where(column, '=', value).executeTakeFirstOrThrow()).n);
      const cancelled = await count('dialogue_meetings', 'status', 'cancelled');
      const dropped = await count('dialogue_tasks', 'status', 'dropped');
      expect(cancelled).toBeLessThan(res.dialogue_meetings!);
      const ctx = ctxFor(g, reader('admin'));
      const all = await dialogueActivity(ctx, { areaIds: areas, from: '2022-01-01', to: '2025-12-31' });
      // Every generated dialogue started in the generated period: all are open at some time in it.
      expect(all.byPhase.reduce((s, p) => s + p.count, 0)).toBe(res.dialogues);
      // Every generated meeting lies in the period and is held or cancelled; every attendance row belongs to a held one.
      expect(all.meetings).toBe(res.dialogue_meetings! - cancelled);
      expect(all.attendance).toBe(res.dialogue_attendance);
      expect(all.meetingsByType.reduce((s, m) => s + m.count, 0)).toBe(all.meetings);
      // Every task is due in the period; dropped ones are left out.
      expect(all.agreements.total).toBe(res.dialogue_tasks! - dropped);
      expect(all.agreements.done + all.agreements.overdue + all.agreements.open).toBe(all.agreements.total);
      // The two years add up for meetings and attendance (instants) and for tasks by due day.
      const y1 = await dialogueActivity(ctx, { areaIds: areas, from: '2023-01-01', to: '2023-12-31' });
      const y2 = await dialogueActivity(ctx, { areaIds: areas, from: '2024-01-01', to: '2024-12-31' });
      expect(y1.meetings + y2.meetings).toBe(all.meetings);
      expect(y1.attendance + y2.attendance).toBe(all.attendance);
      expect(y1.meetings).toBeGreaterThan(0);
      expect(y2.agreements.total).toBeGreaterThan(0);
    } finally {
      await g.close();
    }
  });
});
