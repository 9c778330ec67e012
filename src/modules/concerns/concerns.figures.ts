/**
 * Figures of the concerns for the reports module (contract: platform/reporting.ts): SQL aggregates only — counts
 * grouped by category, status and programme area, and durations as histograms of tenths of days whose median is
 * taken by `medianOfHistogram` — never rows about people.
 *
 * "Published" means what the public list shows: `public` is set (hidden or moderated-away concerns are left out;
 * merged duplicates stay, with status duplicate, as on the public list). A concern belongs to the period in which
 * it was received (created_at), with its status as it is now.
 *
 * The indexes of migration 2026_11_26_0100 cover every column read here, so both databases answer from the index
 * alone: concerns_figures_ix (tenant_id, public, area_id, created_at, category_id, status, first_answer_at,
 * closed_at) — one range per programme area — and concerns_monthly_ix (tenant_id, public, created_at,
 * district_number).
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { berlinInstant } from '../../platform/calendar/berlin';
import { dialectOf, toCount } from '../../platform/db/dialect';
import type { TenantDb } from '../../platform/db/tenant-scope';
import type { ServiceContext } from '../../platform/http/context';
import { parseOrThrow } from '../../platform/http/forms';
import { figureAreas, medianOfHistogram, periodInstants, type ConcernActivity, type Count, type FigureQuery } from '../../platform/reporting';
import { figureQuerySchema, monthRangeSchema } from './concerns.schema';
import type { ConcernsTables } from './concerns.tables';

type Db = Kysely<ConcernsTables>;
type DurationColumn = 'first_answer_at' | 'closed_at';

/** Whole tenths of days from intake to an instant column, as an integer, in SQL. */
function tenthsOfDays(db: Kysely<any>, column: DurationColumn): RawBuilder<number> {
  return dialectOf(db) === 'postgres'
    ? sql<number>`cast(round(extract(epoch from (${sql.ref(column)} - created_at)) / 8640) as integer)`
    : sql<number>`cast(round((julianday(${sql.ref(column)}) - julianday(created_at)) * 10) as integer)`;
}

/** Count lists are ordered largest first, then by key (as the reports module orders them). */
function sorted(m: Map<string, number>, keep: (n: number) => boolean = (n) => n > 0): Count[] {
  return [...m.entries()]
    .filter(([, n]) => keep(n))
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function add(m: Map<string, number>, key: string, n: number): void {
  m.set(key, (m.get(key) ?? 0) + n);
}

/** The median of a histogram of tenths of days, in days with one decimal. */
function medianDays(buckets: { v: unknown; n: unknown }[]): number | null {
  const m = medianOfHistogram(buckets.map((b) => ({ value: Number(b.v), count: toCount(b.n) })));
  return m === null ? null : Math.round(m) / 10;
}

/**
 * concernActivity: the published concerns received in the period in the reader's programme areas of the query
 * (reports.read; 401/403 otherwise), with their status now. `byArea` lists every area of the query the reader may
 * see (zero included); `byCategory` and `byStatus` list only what occurs. Concerns outside every programme area
 * are not part of any area's figures.
 */
export async function concernActivity(ctx: ServiceContext, query: FigureQuery): Promise<ConcernActivity> {
  const areaIds = [...new Set(figureAreas(ctx, query))];
  const q = parseOrThrow(figureQuerySchema, { ...query, areaIds });
  const byArea = new Map<string, number>(areaIds.map((id) => [id, 0]));
  if (areaIds.length === 0) {
    return { received: 0, byCategory: [], byStatus: [], byArea: [], resolved: 0, answered: 0, medianDaysToFirstAnswer: null, medianDaysToResolution: null };
  }
  const db = ctx.db as unknown as Db;
  const { start, end } = periodInstants(q);
  const received = () =>
    db
      .selectFrom('concerns')
      .where('public', '=', true as never)
      .where('area_id', 'in', areaIds)
      .where('created_at', '>=', start)
      .where('created_at', '<', end);

  const groups = await received()
    .select((eb) => ['category_id', 'status', 'area_id', eb.fn.countAll().as('n')])
    .groupBy(['category_id', 'status', 'area_id'])
    .execute();
  const histogram = async (column: DurationColumn, onlyResolved: boolean) => {
    const v = tenthsOfDays(db, column);
    let h = received().where(column, 'is not', null);
    if (onlyResolved) h = h.where('status', '=', 'resolved');
    return h.select((eb) => [v.as('v'), eb.fn.countAll().as('n')]).groupBy(v).execute();
  };
  const answers = await histogram('first_answer_at', false);
  const resolutions = await histogram('closed_at', true);

  const byCategory = new Map<string, number>();
  const byStatus = new Map<string, number>();
  let total = 0;
  for (const g of groups) {
    const n = toCount(g.n);
    total += n;
    add(byCategory, g.category_id, n);
    add(byStatus, g.status, n);
    add(byArea, g.area_id!, n);
  }
  return {
    received: total,
    byCategory: sorted(byCategory),
    byStatus: sorted(byStatus),
    byArea: sorted(byArea, () => true),
    resolved: byStatus.get('resolved') ?? 0,
    answered: answers.reduce((s, b) => s + toCount(b.n), 0),
    medianDaysToFirstAnswer: medianDays(answers),
    medianDaysToResolution: medianDays(resolutions),
  };
}

/** One cell of the open data's monthly counts. */
export interface MonthlyConcernCount {
  /** Official Stadtteil number. */
  districtNumber: number;
  /** Berlin calendar month, YYYY-MM. */
  month: string;
  count: number;
}

/** The first day (YYYY-MM-01) of the month after a YYYY-MM month. */
function nextMonthStart(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

/**
 * The Berlin calendar month (YYYY-MM) of an instant column, in SQL. PostgreSQL converts with the time-zone
 * database. SQLite has none; it adds the Berlin offset, taking summer time (+2 h) for instants in UTC months
 * March–September and +1 h otherwise. That offset is wrong only between the change days and the month's end,
 * where it never moves an instant across a month boundary: only the last two hours (UTC) of a month can cross,
 * and at the end of March … September Berlin is always on summer time, at the end of October … February on
 * winter time (the changes fall on the last Sunday of March and October, at 01:00 UTC).
 */
function berlinMonth(db: Kysely<any>): RawBuilder<string> {
  return dialectOf(db) === 'postgres'
    ? sql<string>`to_char(created_at at time zone 'Europe/Berlin', 'YYYY-MM')`
    : sql<string>`strftime('%Y-%m', created_at, case when substr(created_at, 6, 2) between '03' and '09' then '+2 hours' else '+1 hours' end)`;
}

/**
 * monthlyConcernCounts: published concerns received per Stadtteil and Berlin calendar month from `fromMonth` to
 * `toMonth` (both inclusive), unsuppressed, only cells with at least one concern (concerns without a Stadtteil
 * are left out), ordered by Stadtteil and month. A public aggregate for the open data (the reports module
 * suppresses small cells) — no user needed.
 */
export async function monthlyConcernCounts(db: TenantDb<any>, range: { fromMonth: string; toMonth: string }): Promise<MonthlyConcernCount[]> {
  const r = parseOrThrow(monthRangeSchema, range);
  const start = berlinInstant(`${r.fromMonth}-01`, '00:00').toISOString();
  const end = berlinInstant(nextMonthStart(r.toMonth), '00:00').toISOString();
  const d = db as unknown as Db;
  const month = berlinMonth(d);
  const rows = await d
    .selectFrom('concerns')
    .where('public', '=', true as never)
    .where('created_at', '>=', start)
    .where('created_at', '<', end)
    .where('district_number', 'is not', null)
    .select((eb) => ['district_number', month.as('month'), eb.fn.countAll().as('n')])
    .groupBy(['district_number', month])
    .execute();
  return rows
    .map((row) => ({ districtNumber: Number(row.district_number), month: String(row.month), count: toCount(row.n) }))
    .sort((a, b) => a.districtNumber - b.districtNumber || (a.month < b.month ? -1 : a.month > b.month ? 1 : 0));
}

/**
 * The database's plans of the figures' queries (SQLite: EXPLAIN QUERY PLAN details; PostgreSQL: EXPLAIN), one
 * line per plan row, for the tests and the bench: which index answers them.
 */
export async function explainConcernFigures(db: TenantDb<any>, areaIds: string[], q: { from: string; to: string }): Promise<{ activity: string; monthly: string }> {
  const d = db as unknown as Db;
  const { start, end } = periodInstants(q);
  const pg = dialectOf(d) === 'postgres';
  const plan = async (compiled: { sql: string; parameters: readonly unknown[]; query: any; queryId?: any }) => {
    const r = await d.executeQuery<Record<string, unknown>>({ ...compiled, sql: (pg ? 'explain ' : 'explain query plan ') + compiled.sql } as never);
    return r.rows.map((row) => String(pg ? row['QUERY PLAN'] : row.detail)).join('\n');
  };
  const activity = d
    .selectFrom('concerns')
    .where('public', '=', true as never)
    .where('area_id', 'in', areaIds)
    .where('created_at', '>=', start)
    .where('created_at', '<', end)
    .select((eb) => ['category_id', 'status', 'area_id', eb.fn.countAll().as('n')])
    .groupBy(['category_id', 'status', 'area_id'])
    .compile();
  const month = berlinMonth(d);
  const monthly = d
    .selectFrom('concerns')
    .where('public', '=', true as never)
    .where('created_at', '>=', start)
    .where('created_at', '<', end)
    .where('district_number', 'is not', null)
    .select((eb) => ['district_number', month.as('month'), eb.fn.countAll().as('n')])
    .groupBy(['district_number', month])
    .compile();
  return { activity: await plan(activity), monthly: await plan(monthly) };
}
