/**
 * Figures of the dialogues module for the reports module (dashboard, annual report): aggregates over dialogues,
 * meetings, attendance and tasks, computed in the database (GROUP BY / COUNT / SUM over indexed columns).
 */
import { addDays } from '../../platform/calendar/berlin';
import type { ServiceContext } from '../../platform/http/context';
import { berlinDate } from '../../platform/jobs/schedule';
import { figureAreas, periodInstants, type Count, type DialogueActivity, type FigureQuery } from '../../platform/reporting';
import * as q from './dialogues.queries';
import { tdb } from './dialogues.service';

/** Largest count first, then by key (stable order for tables and charts). */
function sorted(counts: Count[]): Count[] {
  return counts.filter((c) => c.count > 0).sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * Dialogues of the query's areas (through `dialogue_areas`; a dialogue of two areas counts once) that the reader may
 * read reports for (reports.read, scoped), over a period of Berlin days (both ends inclusive):
 *
 * - `byPhase`: dialogues open at some time in the period — started before its end and not closed throughout it
 *   (the phase history in `dialogue_events`: closed before the start and not re-opened before the end) — by their
 *   phase now (so a dialogue closed during the period counts under 'closed').
 * - `agreements`: tasks due in the period (due day from … to) or done in it (done_at), dropped tasks left out;
 *   `done` = status done now, `overdue` = open or in progress and due before min(the day after the period, today in
 *   Berlin), `open` = the rest (open or in progress, not yet due then).
 * - `meetings` / `meetingsByType`: meetings that took place in the period (starts_at in it): recorded as held, or
 *   still planned with a start in the past; cancelled and future meetings are left out.
 * - `attendance`: participants recorded as present at those meetings (public registrations marked as attended are
 *   people without a participant record and are not counted here).
 *
 * `now` is for tests only (today and "in the past" are taken from it).
 */
export async function dialogueActivity(ctx: ServiceContext, query: FigureQuery, now: Date = new Date()): Promise<DialogueActivity> {
  const areaIds = figureAreas(ctx, query);
  const empty: DialogueActivity = { byPhase: [], agreements: { total: 0, done: 0, overdue: 0, open: 0 }, meetings: 0, attendance: 0, meetingsByType: [] };
  if (areaIds.length === 0) return empty;
  const db = tdb(ctx.db);
  const period: q.FigurePeriod = { areaIds, from: query.from, to: query.to, ...periodInstants(query) };
  const today = berlinDate(now);
  const dayAfter = addDays(query.to, 1);
  const [byPhase, meetings, tasks] = await Promise.all([
    q.dialogueCountsByPhase(db, period),
    q.meetingCountsByType(db, period, now.toISOString()),
    q.taskCounts(db, period, dayAfter < today ? dayAfter : today),
  ]);
  return {
    byPhase: sorted(byPhase),
    agreements: { total: tasks.total, done: tasks.done, overdue: tasks.overdue, open: tasks.total - tasks.done - tasks.overdue },
    meetings: meetings.reduce((s, m) => s + m.meetings, 0),
    attendance: meetings.reduce((s, m) => s + m.attendance, 0),
    meetingsByType: sorted(meetings.map((m) => ({ key: m.key, count: m.meetings }))),
  };
}
