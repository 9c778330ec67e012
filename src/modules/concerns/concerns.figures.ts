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
import { sql, type CompiledQuery, type Kysely, type RawBuilder } from 'kysely';
import { berlinInstant } from '../../platform/calendar/berlin';
import { dialectOf, toCount } from '../../platform/db/dialect';
import type { TenantDb } from '../../platform/db/tenant-scope';
import type { ServiceContext } from '../../platform/http/context';
import { parseOrThrow } from '../../platform/http/forms';
import { figureAreas, medianOfHistogram, periodInstants, splitPeriod, type ConcernActivity, type Count, type FigureQuery } from '../../platform/reporting';
import { figureQuerySchema, monthRangeSchema } from './concerns.schema';
import type { ConcernsTables } from './concerns.tables';
import { STATUSES } from './concerns.types';

type Db = Kysely<ConcernsTables>;
type DurationColumn = 'first_answer_at' | 'closed_at';

/**
 * Whole tenths of days from intake to an instant column, as an integer, in SQL, halves rounded up on both
 * databases (PostgreSQL in double precision: date_part is faster than extract's numeric, ~15 % of the histogram).
 */
function tenthsOfDays(db: Kysely<any>, column: DurationColumn): RawBuilder<number> {
  return dialectOf(db) === 'postgres'
    ? sql<number>`cast(floor(date_part('epoch', ${sql.raw(column)} - created_at) / 8640 + 0.5) as integer)`
    : sql<number>`cast(round((julianday(${sql.raw(column)}) - julianday(created_at)) * 10) as integer)`;
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

/** Published concerns received in the period in the areas (instants of the period's Berlin days). */
function receivedQuery(db: Db, areaIds: string[], q: { from: string; to: string }) {
  const { start, end } = periodInstants(q);
  return db
    .selectFrom('concerns')
    .where('public', '=', true as never)
    .where('area_id', 'in', areaIds)
    .where('created_at', '>=', start)
    .where('created_at', '<', end);
}

/**
 * Counts per area, with the statuses (fixed by the CHECK constraint) and the categories (the tenant's small
 * catalogue) side by side as `count(*) FILTER (WHERE …)` (both databases; a little cheaper on SQLite than sum(case)): one pass over concerns_figures_ix in its own order (area, then created_at), so GROUP BY
 * area_id streams. A GROUP BY category_id, status, area_id would sort every row of the period first (SQLite has
 * no hash aggregate) — several times slower at a year of a million concerns.
 */
function activityQuery(db: Db, areaIds: string[], q: { from: string; to: string }, categories: string[]) {
  return receivedQuery(db, areaIds, q)
    .select((eb) => [
      'area_id',
      eb.fn.countAll().as('n'),
      ...STATUSES.map((st, i) => eb.fn.countAll().filterWhere('status', '=', st).as(`s${i}`)),
      ...categories.map((id, i) => eb.fn.countAll().filterWhere('category_id', '=', id).as(`c${i}`)),
    ])
    .groupBy('area_id');
}

/**
 * Histogram of tenths of days from intake to the first answer (`first_answer_at`, over the answered) or to
 * resolution (`closed_at`, over the resolved). PostgreSQL groups the tenths by hashing. SQLite groups by sorting;
 * so it groups by (area, [status,] Berlin month, tenths) in the order of an index on those expressions
 * (migration 2026_11_26_0130) — a stream, no sort — and sums those few thousand groups per tenth.
 */
function histogramQuery(db: Db, areaIds: string[], q: { from: string; to: string }, column: DurationColumn) {
  const resolved = column === 'closed_at';
  const v = tenthsOfDays(db, column);
  let h = receivedQuery(db, areaIds, q).where(column, 'is not', null);
  if (resolved) h = h.where('status', '=', 'resolved');
  if (dialectOf(db) !== 'sqlite') return h.select((eb) => [v.as('v'), eb.fn.countAll().as('n')]).groupBy(v);
  const month = berlinMonth(db);
  const inner = h
    .where(month, '>=', q.from.slice(0, 7))
    .where(month, '<=', q.to.slice(0, 7))
    .select((eb) => [v.as('v'), eb.fn.countAll().as('n')])
    .groupBy([sql.ref('area_id'), ...(resolved ? [sql.ref('status')] : []), month, v]);
  return db
    .selectFrom(inner.as('h'))
    .select((eb) => ['h.v', eb.fn.sum<number>('h.n').as('n')])
    .groupBy('h.v');
}

/** The roll-up tables of migration 2026_11_27_0420 (kept by database triggers; ADR 0026). */
interface RollupTables {
  concern_month_counts: { tenant_id: string; area_id: string; month: string; category_id: string; status: string; n: number };
  concern_month_durations: { tenant_id: string; area_id: string; month: string; kind: 'answer' | 'resolution'; tenths: number; n: number };
}
type RollupDb = Kysely<ConcernsTables & RollupTables>;

/** What one part of the period adds: counts per area, status and category, and the two histograms (tenths → n). */
interface Tally {
  byArea: Map<string, number>;
  byStatus: Map<string, number>;
  byCategory: Map<string, number>;
  answers: Map<number, number>;
  resolutions: Map<number, number>;
}

/** Whole months from the roll-ups: counts by (area, category, status), histograms by tenths. */
async function tallyMonths(db: RollupDb, areaIds: string[], m: { from: string; to: string }, t: Tally, categories: Set<string>): Promise<void> {
  const [counts, durations] = await Promise.all([
    db
      .selectFrom('concern_month_counts')
      .select((eb) => ['area_id', 'category_id', 'status', eb.fn.sum<number>('n').as('n')])
      .where('area_id', 'in', areaIds)
      .where('month', '>=', m.from)
      .where('month', '<=', m.to)
      .groupBy(['area_id', 'category_id', 'status'])
      .execute(),
    db
      .selectFrom('concern_month_durations')
      .select((eb) => ['kind', 'tenths', eb.fn.sum<number>('n').as('n')])
      .where('area_id', 'in', areaIds)
      .where('month', '>=', m.from)
      .where('month', '<=', m.to)
      .groupBy(['kind', 'tenths'])
      .execute(),
  ]);
  for (const c of counts) {
    const n = toCount(c.n);
    add(t.byArea, c.area_id, n);
    add(t.byStatus, c.status, n);
    if (categories.has(c.category_id)) add(t.byCategory, c.category_id, n);
  }
  for (const d of durations) {
    const h = d.kind === 'answer' ? t.answers : t.resolutions;
    h.set(Number(d.tenths), (h.get(Number(d.tenths)) ?? 0) + toCount(d.n));
  }
}

/** Days outside whole months from the concerns themselves (the queries over the covering indexes, ADR 0015). */
async function tallyDays(db: Db, areaIds: string[], p: { from: string; to: string }, t: Tally, categories: string[]): Promise<void> {
  const groups = (await activityQuery(db, areaIds, p, categories).execute()) as Record<string, unknown>[];
  for (const g of groups) {
    add(t.byArea, String(g.area_id), toCount(g.n));
    STATUSES.forEach((st, i) => add(t.byStatus, st, toCount(g[`s${i}`])));
    categories.forEach((id, i) => add(t.byCategory, id, toCount(g[`c${i}`])));
  }
  for (const [column, h] of [
    ['first_answer_at', t.answers],
    ['closed_at', t.resolutions],
  ] as const)
    for (const b of await histogramQuery(db, areaIds, p, column).execute()) h.set(Number(b.v), (h.get(Number(b.v)) ?? 0) + toCount(b.n));
}

/** The median of a histogram of tenths of days, in days with one decimal. */
function medianOfTenths(h: Map<number, number>): number | null {
  const m = medianOfHistogram([...h.entries()].map(([value, count]) => ({ value, count })));
  return m === null ? null : Math.round(m) / 10;
}

/**
 * concernActivity: the published concerns received in the period in the reader's programme areas of the query
 * (reports.read; 401/403 otherwise), with their status now. `byArea` lists every area of the query the reader may
 * see (zero included); `byCategory` and `byStatus` list only what occurs. Concerns outside every programme area
 * are not part of any area's figures.
 *
 * The whole Berlin calendar months of the period come from the monthly roll-ups (migration 2026_11_27_0420, kept
 * exact by triggers), the days before and after them from the concerns (ADR 0026) — an annual report reads a few
 * thousand roll-up rows instead of every concern of two years.
 */
export async function concernActivity(ctx: ServiceContext, query: FigureQuery): Promise<ConcernActivity> {
  const areaIds = [...new Set(figureAreas(ctx, query))];
  const q = parseOrThrow(figureQuerySchema, { ...query, areaIds });
  if (areaIds.length === 0) {
    return { received: 0, byCategory: [], byStatus: [], byArea: [], resolved: 0, answered: 0, medianDaysToFirstAnswer: null, medianDaysToResolution: null };
  }
  const db = ctx.db as unknown as RollupDb;
  const categories = (await db.selectFrom('concern_categories').select('id').orderBy('id').execute()).map((c) => c.id);
  const t: Tally = { byArea: new Map(areaIds.map((id) => [id, 0])), byStatus: new Map(), byCategory: new Map(), answers: new Map(), resolutions: new Map() };
  const { months, edges } = splitPeriod(q);
  if (months) await tallyMonths(db, areaIds, months, t, new Set(categories));
  for (const e of edges) await tallyDays(db as unknown as Db, areaIds, e, t, categories);
  return {
    received: [...t.byArea.values()].reduce((s, n) => s + n, 0),
    byCategory: sorted(t.byCategory),
    byStatus: sorted(t.byStatus),
    byArea: sorted(t.byArea, () => true),
    resolved: t.byStatus.get('resolved') ?? 0,
    answered: [...t.answers.values()].reduce((s, n) => s + n, 0),
    medianDaysToFirstAnswer: medianOfTenths(t.answers),
    medianDaysToResolution: medianOfTenths(t.resolutions),
  };
}

/**
 * The roll-ups recounted from the concerns with the same keys (tenant, area, month, …) and the roll-ups as stored,
 * buckets with n = 0 left out, both in key order: equal unless a write escaped the triggers. For the tests and an
 * operator's check (ADR 0026); reads every published concern of the tenant.
 */
export async function concernRollupCheck(db: TenantDb<any>): Promise<{ stored: string[]; recounted: string[] }> {
  const d = db as unknown as RollupDb;
  const month = berlinMonth(d);
  const base = d.selectFrom('concerns').where('public', '=', true as never).where('area_id', 'is not', null);
  const [counts, answers, resolutions, storedCounts, storedDurations] = await Promise.all([
    base.select((eb) => ['area_id', month.as('month'), 'category_id', 'status', eb.fn.countAll().as('n')]).groupBy(['area_id', month, 'category_id', 'status']).execute(),
    base
      .where('first_answer_at', 'is not', null)
      .select((eb) => ['area_id', month.as('month'), tenthsOfDays(d, 'first_answer_at').as('tenths'), eb.fn.countAll().as('n')])
      .groupBy(['area_id', month, tenthsOfDays(d, 'first_answer_at')])
      .execute(),
    base
      .where('closed_at', 'is not', null)
      .where('status', '=', 'resolved')
      .select((eb) => ['area_id', month.as('month'), tenthsOfDays(d, 'closed_at').as('tenths'), eb.fn.countAll().as('n')])
      .groupBy(['area_id', month, tenthsOfDays(d, 'closed_at')])
      .execute(),
    d.selectFrom('concern_month_counts').selectAll().where('n', '<>', 0).execute(),
    d.selectFrom('concern_month_durations').selectAll().where('n', '<>', 0).execute(),
  ]);
  const line = (...parts: unknown[]) => parts.map(String).join(' ');
  return {
    stored: [
      ...storedCounts.map((r) => line('count', r.area_id, r.month, r.category_id, r.status, toCount(r.n))),
      ...storedDurations.map((r) => line(r.kind, r.area_id, r.month, Number(r.tenths), toCount(r.n))),
    ].sort(),
    recounted: [
      ...counts.map((r) => line('count', r.area_id, r.month, r.category_id, r.status, toCount(r.n))),
      ...answers.map((r) => line('answer', r.area_id, r.month, Number(r.tenths), toCount(r.n))),
      ...resolutions.map((r) => line('resolution', r.area_id, r.month, Number(r.tenths), toCount(r.n))),
    ].sort(),
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
  const rows = await monthlyQuery(d, r, start, end).execute();
  return rows
    .map((row) => ({ districtNumber: Number(row.district_number), month: String(row.month), count: toCount(row.n) }))
    .sort((a, b) => a.districtNumber - b.districtNumber || (a.month < b.month ? -1 : a.month > b.month ? 1 : 0));
}

/**
 * Published concerns per (Stadtteil, Berlin month). PostgreSQL: the months' instants over concerns_monthly_ix,
 * hashed. SQLite: the months themselves over concerns_month_district_ix, whose order — (month, Stadtteil) — is the
 * grouping, so nothing is sorted.
 */
function monthlyQuery(d: Db, r: { fromMonth: string; toMonth: string }, start: string, end: string) {
  const month = berlinMonth(d);
  let q = d.selectFrom('concerns').where('public', '=', true as never);
  q =
    dialectOf(d) === 'sqlite'
      ? q.where(month, '>=', r.fromMonth).where(month, '<=', r.toMonth)
      : q.where('created_at', '>=', start).where('created_at', '<', end);
  return q
    .where('district_number', 'is not', null)
    .select((eb) => ['district_number', month.as('month'), eb.fn.countAll().as('n')])
    .groupBy([month, sql.ref('district_number')]);
}

/**
 * The database's plans of the figures' queries (SQLite: EXPLAIN QUERY PLAN details; PostgreSQL: EXPLAIN), one
 * line per plan row, for the tests and the bench: which index answers them.
 */
export async function explainConcernFigures(
  db: TenantDb<any>,
  areaIds: string[],
  q: { from: string; to: string },
): Promise<{ activity: string; answers: string; resolutions: string; monthly: string }> {
  const d = db as unknown as Db;
  const { start, end } = periodInstants(q);
  const pg = dialectOf(d) === 'postgres';
  const plan = async (compiled: CompiledQuery) => {
    const r = await d.executeQuery<Record<string, unknown>>({ ...compiled, sql: (pg ? 'explain ' : 'explain query plan ') + compiled.sql });
    return r.rows.map((row) => String(pg ? row['QUERY PLAN'] : row.detail)).join('\n');
  };
  const categories = (await d.selectFrom('concern_categories').select('id').orderBy('id').execute()).map((c) => c.id);
  return {
    activity: await plan(activityQuery(d, areaIds, q, categories).compile()),
    answers: await plan(histogramQuery(d, areaIds, q, 'first_answer_at').compile()),
    resolutions: await plan(histogramQuery(d, areaIds, q, 'closed_at').compile()),
    monthly: await plan(monthlyQuery(d, { fromMonth: q.from.slice(0, 7), toMonth: q.to.slice(0, 7) }, start, end).compile()),
  };
}
