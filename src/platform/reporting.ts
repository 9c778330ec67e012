/**
 * The contract between the reports module and the modules that feed it: every module that has figures for the
 * dashboard and the annual report exports from its index.ts an async function `xxxFigures(ctx, query)` that
 * answers with SQL aggregates only (counts, sums, histograms — never rows about people), for the programme areas of
 * the query that the reader may read reports for, over a period of Berlin calendar days.
 *
 * The reports module calls each function twice (period and previous period); the bench runs the programme annual
 * report over millions of rows, so these functions must aggregate in the database over indexed columns.
 */
import { authorize, scopeFor } from './auth/policy';
import { addDays } from './calendar/berlin';
import { berlinInstant } from './jobs/schedule';
import type { ServiceContext } from './http/context';

/** What a figures function is asked for: programme areas and a period of whole Berlin days (both ends inclusive). */
export interface FigureQuery {
  areaIds: readonly string[];
  /** YYYY-MM-DD, first day. */
  from: string;
  /** YYYY-MM-DD, last day (inclusive). */
  to: string;
}

/** One count of a breakdown (key = a stable code, e.g. a status, a category id, a language code). */
export interface Count {
  key: string;
  count: number;
}

/**
 * The areas of the query the reader may see reports for (reports.read, scoped by programme area); throws 401/403
 * when the reader may not read reports at all. An empty result means: answer with empty figures.
 */
export function figureAreas(ctx: Pick<ServiceContext, 'user'>, q: FigureQuery): string[] {
  authorize(ctx.user, 'reports.read');
  const scope = scopeFor(ctx.user, 'reports.read');
  return scope === 'all' ? [...q.areaIds] : q.areaIds.filter((id) => scope.includes(id));
}

/** The period as instants: start of `from` in Berlin (inclusive) and start of the day after `to` (exclusive), ISO UTC. */
export function periodInstants(q: Pick<FigureQuery, 'from' | 'to'>): { start: string; end: string } {
  return { start: berlinInstant(q.from, '00:00').toISOString(), end: berlinInstant(addDays(q.to, 1), '00:00').toISOString() };
}

/** The first day (YYYY-MM-DD) of the month after a YYYY-MM month. */
function nextMonthStart(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

/**
 * A period of Berlin days split into the whole calendar months it covers (`months`, YYYY-MM … YYYY-MM, null when no
 * whole month lies in it) and the days before and after them (`edges`, periods of days): figures kept as monthly
 * roll-ups read the months from the roll-up and only the edge days from the rows (ADR 0026).
 */
export function splitPeriod(q: Pick<FigureQuery, 'from' | 'to'>): { months: { from: string; to: string } | null; edges: { from: string; to: string }[] } {
  const monthEnd = (month: string) => addDays(nextMonthStart(month), -1);
  const first = q.from.endsWith('-01') ? q.from.slice(0, 7) : nextMonthStart(q.from.slice(0, 7)).slice(0, 7);
  const last = monthEnd(q.to.slice(0, 7)) === q.to ? q.to.slice(0, 7) : addDays(`${q.to.slice(0, 7)}-01`, -1).slice(0, 7);
  if (first > last) return { months: null, edges: [{ from: q.from, to: q.to }] };
  const edges: { from: string; to: string }[] = [];
  if (q.from < `${first}-01`) edges.push({ from: q.from, to: addDays(`${first}-01`, -1) });
  if (q.to > monthEnd(last)) edges.push({ from: nextMonthStart(last), to: q.to });
  return { months: { from: first, to: last }, edges };
}

/**
 * The median of values given as a histogram (value → how many), e.g. durations rounded to tenths of a day grouped
 * in SQL. The median of an even count is the mean of the two middle values, as for a plain list. null when empty.
 */
export function medianOfHistogram(buckets: readonly { value: number; count: number }[]): number | null {
  const sorted = buckets.filter((b) => b.count > 0).sort((a, b) => a.value - b.value);
  const n = sorted.reduce((s, b) => s + b.count, 0);
  if (n === 0) return null;
  const at = (i: number): number => {
    let seen = 0;
    for (const b of sorted) {
      seen += b.count;
      if (i < seen) return b.value;
    }
    return sorted[sorted.length - 1]!.value;
  };
  return n % 2 ? at(n >> 1) : (at(n / 2 - 1) + at(n / 2)) / 2;
}

/* ---------------------------------------------------------------------------------------------------------------
 * The figures each module answers with (one period). Keys of `Count` lists are stable codes (status, phase, stage,
 * topic id, category id, organisation type key, logic, language code …); the reports module translates them.
 * A module that keeps no data of a kind answers null for it (shown as "no data yet", never as zero).
 * ------------------------------------------------------------------------------------------------------------- */

/** concerns: `concernActivity(ctx, q)` — published concerns received in the period (hidden ones left out), status as it is now. */
export interface ConcernActivity {
  received: number;
  byCategory: Count[];
  byStatus: Count[];
  /** key = programme area id. */
  byArea: Count[];
  resolved: number;
  /** Received concerns that have had a first public answer from staff (public note or status change) by now. */
  answered: number;
  /** Median days (one decimal) from intake to the first public answer, over the answered ones. */
  medianDaysToFirstAnswer: number | null;
  /** Median days (one decimal) from intake to resolution, over the resolved ones. */
  medianDaysToResolution: number | null;
}

/** network: `contactActivity(ctx, q)` — contacts logged in the period in the areas. */
export interface ContactActivity {
  total: number;
  /** key = organisation type key of the organisations taking part (a contact with two types counts for each). */
  byActorType: Count[];
  /** key = logic (administration, politics, district/civil society, institution, business …) of the organisations. */
  byLogic: Count[];
  byChannel: Count[];
}

/** dialogues: `dialogueActivity(ctx, q)` — dialogues of the areas, meetings and agreements in the period. */
export interface DialogueActivity {
  /** Dialogues that were open (not closed) at some time in the period, by their phase now. */
  byPhase: Count[];
  /**
   * Agreements (tasks) due in the period or done in it; dropped tasks are left out (no longer an agreement to keep),
   * so total = done + overdue + open. overdue = open or in progress and due before min(day after the period, today).
   */
  agreements: { total: number; done: number; overdue: number; open: number };
  /**
   * Meetings held in the period (starts_at in it; recorded as held, or planned with a start in the past — cancelled
   * ones left out) and the dialogue participants recorded as present (public registrants are not participants).
   */
  meetings: number;
  attendance: number;
  /** Meetings by type (key = meeting type). */
  meetingsByType: Count[];
}

/** offices: `officeActivity(ctx, q)` — offers, room use and advice of the offices in the areas. */
export interface OfficeActivity {
  offers: {
    /** Offers with at least one session in the period. */
    offers: number;
    /** Sessions held in the period (after exceptions and cancellations). */
    sessions: number;
    /** Registrations holding a place (status registered) of those offers — a registration is for the whole offer. */
    registrations: number;
    /** Recorded attendance, null when no attendance is recorded for any session of the period. */
    attendance: number | null;
  };
  rooms: {
    /** Confirmed booked hours in the period. */
    bookedHours: number;
    /** Opening hours of the rooms' offices in the period (closures and public holidays left out). */
    openingHours: number;
    /** bookedHours / openingHours, null without opening hours. */
    share: number | null;
  };
  advice: {
    total: number;
    referred: number;
    minutes: number;
    byTopic: Count[];
    byLanguage: Count[];
    byReferral: Count[];
  };
}

/** groups: `groupActivity(ctx, q)` — residents' groups of the areas. */
export interface GroupActivity {
  /** Groups existing at the end of the period by their stage then. */
  byStage: Count[];
  /** Stage changes in the period towards self-sustaining (to a later stage). */
  movesForward: number;
  /** Groups that reached the self-sustaining stage in the period. */
  becameSelfSustaining: number;
  /** Support time recorded in the period, hours (one decimal); it is logged per month, so: the months overlapping the period. */
  supportHours: number;
}
