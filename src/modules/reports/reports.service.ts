/**
 * Use cases of the reports module: permission check (reports.read / indicators.manage, scoped by programme area),
 * transaction, audit — every report view and export is audited, also the public open-data downloads.
 *
 * Figures of other modules come only through their index.ts: each module's `xxxActivity(ctx, query)` answers SQL
 * aggregates for the areas of the scope and a period (src/platform/reporting.ts), called for the period and the
 * previous one. The open data reads concerns' monthly counts per Stadtteil and, for the map of published concerns,
 * `listPublicConcerns` (no text, no contact data; a concern a moderator hid does not count).
 */
import type { Kysely } from 'kysely';
import { recordAudit, type AuditTables, type Changes } from '../../platform/audit';
import { authorize, can, scopeFor } from '../../platform/auth/policy';
import { nowIso } from '../../platform/db/dialect';
import type { TenantDb } from '../../platform/db/tenant-scope';
import { errors } from '../../platform/errors';
import { actorOf, type ServiceContext } from '../../platform/http/context';
import type { Locale } from '../../platform/i18n';
import { categoryLabel, concernActivity, listCategories, listPublicConcerns, monthlyConcernCounts, type PublicConcern } from '../concerns';
import { dialogueActivity } from '../dialogues';
import { groupActivity } from '../groups';
import { contactActivity, listTypes } from '../network';
import { officeActivity } from '../offices';
import { storedLabel } from '../../platform/i18n';
import type { FigureQuery } from '../../platform/reporting';
import { getAreaBySlug, listAreas, listDistricts, listDistrictsWithGeometry, listFundingPeriods, type AreaGeometry, type FundingPeriod, type ProgrammeArea } from '../territory';
import { parseIndicatorCsv, type RowProblem } from './reports.csv';
import { monthsBetween, previousPeriod, suppressedCells, type MonthlyCell, type Period } from './reports.figures';
import * as q from './reports.queries';
import type { Compare, Dashboard, Indicator, ReportScope } from './reports.types';

type AnyTenantDb = TenantDb<any>;
const tdb = (db: AnyTenantDb | Kysely<any>) => db as unknown as q.Db;
const auditDb = (db: AnyTenantDb | Kysely<any>) => db as unknown as Kysely<AuditTables>;

function scopeOfAreas(kind: ReportScope['kind'], key: string, name: string, slug: string | null, areas: ProgrammeArea[], partial: boolean): ReportScope {
  const districts = new Map<number, string>();
  for (const a of areas) for (const d of a.districts) districts.set(d.number, d.name);
  return {
    kind,
    key,
    name,
    slug,
    areaIds: areas.map((a) => a.id),
    areas: areas.map((a) => ({ id: a.id, name: a.name, slug: a.slug })),
    districts: [...districts.entries()].sort((a, b) => a[0] - b[0]).map(([number, n]) => ({ number, name: n })),
    partial,
  };
}

/**
 * The scope of a report: one programme area (slug; must be in the reader's scope), or the programme — every area
 * for readers granted all areas, else the areas in their scope (marked partial).
 */
export async function resolveScope(ctx: ServiceContext, slug?: string | null): Promise<ReportScope> {
  authorize(ctx.user, 'reports.read');
  if (slug) {
    const area = await getAreaBySlug(ctx.db, slug);
    if (!area) throw errors.notFound('area');
    authorize(ctx.user, 'reports.read', { areaIds: [area.id] });
    return scopeOfAreas('area', area.id, area.name, area.slug, [area], false);
  }
  const areas = await listAreas(ctx.db);
  const scope = scopeFor(ctx.user, 'reports.read');
  const mine = scope === 'all' ? areas : areas.filter((a) => scope.includes(a.id));
  return scopeOfAreas('programme', 'programme', '', null, mine, scope !== 'all');
}

/** Areas the reader may open a report for. */
export async function areasInScope(ctx: ServiceContext): Promise<ProgrammeArea[]> {
  authorize(ctx.user, 'reports.read');
  const scope = scopeFor(ctx.user, 'reports.read');
  const areas = await listAreas(ctx.db);
  return scope === 'all' ? areas : areas.filter((a) => scope.includes(a.id));
}

/** Records one view or export of a report in the audit log (what, scope, period). */
export async function auditReport(ctx: ServiceContext, action: 'view' | 'export', scopeKey: string, what: Record<string, string | number | null>): Promise<void> {
  const changes: Changes = {};
  for (const [k, v] of Object.entries(what)) changes[k] = { from: null, to: v };
  await recordAudit(auditDb(ctx.db), { actor: actorOf(ctx), entityType: 'report', entityId: scopeKey, action, changes, requestId: ctx.requestId });
}

const PAGE = 1000;

/** Every published concern (all areas, or those of the given areas), read page by page through the concerns index. */
export async function publishedConcerns(db: AnyTenantDb, areaIds?: readonly string[]): Promise<PublicConcern[]> {
  const out: PublicConcern[] = [];
  const read = async (areaId?: string) => {
    for (let offset = 0; ; offset += PAGE) {
      const r = await listPublicConcerns(db, { areaId, limit: PAGE, offset });
      out.push(...r.items);
      if (r.items.length < PAGE || offset + PAGE >= r.total) break;
    }
  };
  if (!areaIds) await read();
  else for (const id of areaIds) await read(id);
  return out;
}

/** The figures of a scope for a period and the previous one (no audit: callers audit what they show). */
async function figures(ctx: ServiceContext, scope: ReportScope, period: Period, locale: Locale): Promise<Dashboard> {
  const previous = previousPeriod(period);
  return figuresFor(ctx, scope, period, previous, locale);
}

/** One module's figures for the period and the previous one. */
async function compare<T>(fn: (ctx: ServiceContext, q: FigureQuery) => Promise<T>, ctx: ServiceContext, areaIds: string[], period: Period, previous: Period): Promise<Compare<T>> {
  const [current, before] = await Promise.all([fn(ctx, { areaIds, ...period }), fn(ctx, { areaIds, ...previous })]);
  return { current, previous: before };
}

async function figuresFor(ctx: ServiceContext, scope: ReportScope, period: Period, previous: Period, locale: Locale): Promise<Dashboard> {
  const ids = scope.areaIds;
  const [concerns, contacts, dialogues, offices, groups, categories, types, indicators] = await Promise.all([
    compare(concernActivity, ctx, ids, period, previous),
    compare(contactActivity, ctx, ids, period, previous),
    compare(dialogueActivity, ctx, ids, period, previous),
    compare(officeActivity, ctx, ids, period, previous),
    compare(groupActivity, ctx, ids, period, previous),
    listCategories(ctx.db),
    listTypes(ctx.db),
    q.listIndicators(tdb(ctx.db), { districtNumbers: scope.districts.map((d) => d.number) }),
  ]);
  return {
    scope,
    period,
    previous,
    concerns,
    contacts,
    dialogues,
    offices,
    groups,
    adviceVisible: can(ctx.user, 'advice.read', { areaIds: ids }),
    labels: {
      categories: Object.fromEntries(categories.map((c) => [c.id, categoryLabel(c, locale)])),
      orgTypes: Object.fromEntries(types.map((x) => [x.key, storedLabel(x.labels as { de: string }, locale)])),
      areas: Object.fromEntries(scope.areas.map((a) => [a.id, a.name])),
    },
    indicators: latestIndicators(indicators),
  };
}

/** The dashboard of a scope for a period, compared with the previous period of the same length. Audited. */
export async function dashboard(ctx: ServiceContext, slug: string | null, period: Period, locale: Locale): Promise<Dashboard> {
  const scope = await resolveScope(ctx, slug);
  const d = await figures(ctx, scope, period, locale);
  await auditReport(ctx, 'view', scope.key, { report: 'dashboard', from: period.from, to: period.to });
  return d;
}

/** Narrative sections of an annual report, in their order. */
export const NARRATIVE_SECTIONS = ['summary', 'highlights', 'cooperation', 'outlook'] as const;
export type NarrativeSection = (typeof NARRATIVE_SECTIONS)[number];

export interface AnnualReport extends Dashboard {
  year: number;
  narratives: Partial<Record<NarrativeSection, string>>;
  /** Funding periods of the scope that overlap the year (funder from the territory data). */
  funding: FundingPeriod[];
}

/**
 * The annual report of a scope (calendar year against the year before): the figures, the saved narrative
 * sections and the funding periods overlapping the year. Audited with the format it is shown or exported in.
 */
export async function annualReport(ctx: ServiceContext, slug: string | null, year: number, locale: Locale, format: string): Promise<AnnualReport> {
  const scope = await resolveScope(ctx, slug);
  const period = { from: `${year}-01-01`, to: `${year}-12-31` };
  // The previous calendar year (365 or 366 days) rather than the same number of days.
  // The saved texts and the funding periods are read beside the figures (other connections of the pool).
  const [d, narratives, periods] = await Promise.all([
    figuresFor(ctx, scope, period, { from: `${year - 1}-01-01`, to: `${year - 1}-12-31` }, locale),
    q.listNarratives(tdb(ctx.db), scope.key, year),
    listFundingPeriods(ctx.db),
  ]);
  const funding = periods.filter(
    (f) => (f.areaId === null || scope.areaIds.includes(f.areaId)) && (f.startDate === null || f.startDate <= period.to) && (f.endDate === null || f.endDate >= period.from),
  );
  await auditReport(ctx, format === 'page' || format === 'edit' ? 'view' : 'export', scope.key, { report: 'annual', year, format });
  return { ...d, year, narratives: narratives as AnnualReport['narratives'], funding };
}

/** Saves the narrative sections of an annual report (reports.manage in the scope; a programme report needs all areas). Audited. */
export async function saveNarratives(ctx: ServiceContext, slug: string | null, year: number, input: Partial<Record<NarrativeSection, string>>): Promise<void> {
  const scope = await resolveScope(ctx, slug);
  if (scope.kind === 'area') authorize(ctx.user, 'reports.manage', { areaIds: scope.areaIds });
  else {
    authorize(ctx.user, 'reports.manage');
    if (scope.partial) throw errors.forbidden('reports.manage');
  }
  const at = nowIso();
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      const before = await q.listNarratives(trx, scope.key, year);
      const changes: Changes = {};
      for (const section of NARRATIVE_SECTIONS) {
        const body = input[section];
        if (body === undefined || (before[section] ?? '') === body) continue;
        await q.saveNarrative(trx, { scope: scope.key, year, section, body, by: ctx.user?.id ?? null, at });
        changes[section] = { from: before[section] ?? null, to: body };
      }
      if (Object.keys(changes).length)
        await recordAudit(auditDb(trx), { actor: actorOf(ctx), entityType: 'report_narrative', entityId: `${scope.key}:${year}`, action: 'update', changes, requestId: ctx.requestId });
    });
}

/** Per Stadtteil and indicator only the latest year. */
export function latestIndicators(all: readonly Indicator[]): Indicator[] {
  const best = new Map<string, Indicator>();
  for (const i of all) {
    const k = `${i.districtNumber}|${i.indicator}`;
    const cur = best.get(k);
    if (!cur || i.year > cur.year) best.set(k, i);
  }
  return [...best.values()].sort((a, b) => a.districtNumber - b.districtNumber || a.indicator.localeCompare(b.indicator));
}

/* ================================================================ social indicators */

export async function listIndicatorsFor(ctx: ServiceContext, f: { districtNumber?: number | undefined } = {}): Promise<Indicator[]> {
  authorize(ctx.user, 'reports.read');
  return q.listIndicators(tdb(ctx.db), { districtNumbers: f.districtNumber ? [f.districtNumber] : undefined });
}

export type ImportResult = { ok: true; imported: number } | { ok: false; problems: RowProblem[] };

/**
 * Imports social indicators from CSV text: every row validated first; with any problem nothing is written.
 * Otherwise all rows are written in one transaction (a row for the same Stadtteil, indicator and year replaces
 * the stored one) together with the audit entry.
 */
export async function importIndicators(ctx: ServiceContext, text: string, fileName: string | null): Promise<ImportResult> {
  authorize(ctx.user, 'indicators.manage');
  const districts = new Set((await listDistricts(ctx.db)).map((d) => d.number));
  const parsed = parseIndicatorCsv(text, districts);
  if (!parsed.ok) return parsed;
  const at = nowIso();
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      await q.upsertIndicators(trx, parsed.rows, ctx.user?.id ?? null, at);
      const indicators = [...new Set(parsed.rows.map((r) => r.indicator))].sort().join(', ');
      await recordAudit(auditDb(trx), {
        actor: actorOf(ctx),
        entityType: 'report_indicators',
        entityId: 'import',
        action: 'import',
        changes: { rows: { from: null, to: parsed.rows.length }, indicators: { from: null, to: indicators }, file: { from: null, to: fileName } },
        requestId: ctx.requestId,
      });
    });
  return { ok: true, imported: parsed.rows.length };
}

/* ================================================================ open data */

/** Months of the open data: the last 24 calendar months including the current one. */
export function openDataMonths(now = new Date()): string[] {
  const end = now.toISOString().slice(0, 7);
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 23, 1)).toISOString().slice(0, 7);
  return monthsBetween(`${start}-01`, `${end}-01`);
}

export interface OpenDataDistrict {
  number: number;
  name: string;
  geometry: AreaGeometry | null;
}

/** Published concerns received per Stadtteil and month, small cells suppressed. Audited as an export. */
export async function openDataMonthly(ctx: ServiceContext, opts: { withGeometry: boolean; format: string; now?: Date }): Promise<{ districts: OpenDataDistrict[]; months: string[]; cells: MonthlyCell[] }> {
  const months = openDataMonths(opts.now);
  const districts: OpenDataDistrict[] = opts.withGeometry
    ? (await listDistrictsWithGeometry(ctx.db)).map((d) => ({ number: d.number, name: d.name, geometry: d.geometry }))
    : (await listDistricts(ctx.db)).map((d) => ({ number: d.number, name: d.name, geometry: null }));
  const counts = await monthlyConcernCounts(ctx.db, { fromMonth: months[0]!, toMonth: months[months.length - 1]! });
  const cells = suppressedCells(counts, districts.map((d) => d.number), months);
  await auditReport(ctx, 'export', 'open-data', { dataset: 'concerns-by-district-month', format: opts.format });
  return { districts, months, cells };
}

export interface OpenConcern {
  number: string;
  category: string;
  categoryLabel: string;
  status: string;
  created: string;
  closed: string | null;
  districtNumber: number | null;
  lat: number;
  lon: number;
}

/**
 * Published concerns with a location, without personal data: number, category, status, dates (days only),
 * Stadtteil and position — never the description, address, answers or anything about the submitter. Audited.
 */
export async function openConcerns(ctx: ServiceContext): Promise<OpenConcern[]> {
  const [records, categories] = await Promise.all([publishedConcerns(ctx.db), listCategories(ctx.db)]);
  const cats = new Map(categories.map((c) => [c.id, c]));
  await auditReport(ctx, 'export', 'open-data', { dataset: 'public-concerns', format: 'geojson' });
  return records
    .filter((c) => c.lat !== null && c.lon !== null && c.status !== 'duplicate')
    .map((c) => ({
      number: c.number,
      category: cats.get(c.categoryId)?.key ?? c.categoryId,
      categoryLabel: cats.has(c.categoryId) ? categoryLabel(cats.get(c.categoryId)!, 'de') : c.categoryId,
      status: c.status,
      created: c.createdAt.slice(0, 10),
      closed: c.closedAt?.slice(0, 10) ?? null,
      districtNumber: c.districtNumber,
      lat: c.lat!,
      lon: c.lon!,
    }));
}
