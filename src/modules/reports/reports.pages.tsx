/** @jsxImportSource hono/jsx */
/**
 * Pages of the reports module. Staff (reports.read): /staff/reports (the programme dashboard; for readers without
 * "all areas" the areas in their scope), /staff/reports/areas/:slug (one programme area), /staff/reports/indicators.
 * indicators.manage: the CSV import. Public: /open-data (datasets), the DCAT-AP.de catalogue and the downloads.
 */
import { Hono, type Context } from 'hono';
import { can } from '../../platform/auth/policy';
import type { AppEnv } from '../../platform/http/context';
import { readForm, validate } from '../../platform/http/forms';
import { redirectWithNotice } from '../../platform/http/notice';
import { render } from '../../platform/http/render';
import { svc } from '../../platform/http/service-context';
import { emptyForm, type FormState } from '../../platform/ui/components';
import { listDistricts } from '../territory';
import { barChart, chartSvg, type BarChart } from './reports.charts';
import { defaultPeriod, type Period } from './reports.figures';
import { indicatorFilterSchema, narrativeFormSchema, periodQuerySchema } from './reports.schema';
import { annualReport, areasInScope, dashboard, importIndicators, listIndicatorsFor, NARRATIVE_SECTIONS, saveNarratives, type AnnualReport } from './reports.service';
import { chartData, fundingLine, reportTables, SECTIONS, tableCsv, tableXlsx, TABLE_KEYS, type ReportTable } from './reports.export';
import { annualPdf } from './reports.pdf';
import { AnnualPage, NarrativeForm } from './views/annual';
import { errors } from '../../platform/errors';
import { DashboardPage, SECTION_BASIS, type ChartBlock } from './views/dashboard';
import { ImportPage, IndicatorsPage } from './views/indicators';
import { openData } from './reports.opendata';

type C = Context<AppEnv>;

export const SLUG = ':slug{[a-z0-9][a-z0-9-]*}';

export const pages = new Hono<AppEnv>();

/** The period of the request: ?from&to when valid, else the default (and the field errors to show). */
function periodOf(c: C): { period: Period; form: FormState; status: 200 | 422 } {
  const query = c.req.query();
  const def = defaultPeriod();
  if (query.from === undefined && query.to === undefined) return { period: def, form: emptyForm({ ...def }), status: 200 };
  const v = validate(periodQuerySchema, { from: query.from ?? '', to: query.to ?? '' });
  if (v.ok) return { period: v.data, form: emptyForm({ ...v.data }), status: 200 };
  return { period: def, form: { values: { from: query.from ?? '', to: query.to ?? '' }, errors: v.errors }, status: 422 };
}

/** The charts of the breakdown tables (Vega → SVG), by table key; a breakdown without any count gets none. */
async function tableCharts(tables: ReportTable[]): Promise<Map<string, ChartBlock>> {
  const out = new Map<string, ChartBlock>();
  for (const [key, chart] of Object.entries(barCharts(tables))) {
    const title = tables.find((tb) => tb.key === key)!.title;
    out.set(key, { id: `chart-${key}`, title, svg: await chartSvg(chart, title) });
  }
  return out;
}

/** Bar charts of the breakdown tables that have data, by table key (for the pages and the PDF). */
function barCharts(tables: ReportTable[]): Record<string, BarChart> {
  const out: Record<string, BarChart> = {};
  for (const tb of tables) {
    if (!tb.chart) continue;
    const data = chartData(tb);
    if (data.length) out[tb.key] = barChart(data);
  }
  return out;
}

async function districtNamer(c: C): Promise<(n: number) => string> {
  const districts = await listDistricts(c.var.db);
  return (n: number) => districts.find((x) => x.number === n)?.name ?? '';
}

async function showDashboard(c: C, slug: string | null) {
  const t = c.var.t;
  const { period, form, status } = periodOf(c);
  const d = await dashboard(svc(c), slug, period, c.var.locale);
  const districtName = await districtNamer(c);
  const tables = reportTables(d, t, districtName, c.var.locale, { cur: t('reports.period.current'), prev: t('reports.period.previous') });
  const areaLinks = slug ? [] : (await areasInScope(svc(c))).map((a) => ({ name: a.name, href: `/staff/reports/areas/${a.slug}` }));
  const title = slug ? t('reports.dashboard.area', { name: d.scope.name }) : t('reports.dashboard.programme');
  const action = slug ? `/staff/reports/areas/${slug}` : '/staff/reports';
  const thisYear = new Date().getUTCFullYear();
  const annualLinks = [thisYear - 1, thisYear].map((y) => ({ label: t(slug ? 'reports.annual.linkArea' : 'reports.annual.linkProgramme', { year: y }), href: annualBase(slug, y) }));
  return render(
    c,
    title,
    <DashboardPage t={t} locale={c.var.locale} d={d} title={title} action={action} form={form} tables={tables} charts={await tableCharts(tables)} areaLinks={areaLinks} annualLinks={annualLinks} districtName={districtName} />,
    { status, crumbs: slug ? [[t('reports.nav'), '/staff/reports'], [d.scope.name]] : [[t('reports.nav')]] },
  );
}

pages.get('/staff/reports', (c) => showDashboard(c, null));
pages.get(`/staff/reports/areas/${SLUG}`, (c) => showDashboard(c, c.req.param('slug')));

pages.get('/staff/reports/indicators', async (c) => {
  const t = c.var.t;
  const f = validate(indicatorFilterSchema, c.req.query());
  const selected = f.ok ? f.data.district : undefined;
  const [rows, districts] = await Promise.all([listIndicatorsFor(svc(c), { districtNumber: selected }), listDistricts(c.var.db)]);
  return render(
    c,
    t('reports.indicators.heading'),
    <IndicatorsPage t={t} locale={c.var.locale} rows={rows} districts={districts.map((d) => ({ number: d.number, name: d.name }))} selected={selected} canImport={can(c.var.user, 'indicators.manage')} />,
    { crumbs: [[t('reports.nav'), '/staff/reports'], [t('reports.indicators.heading')]] },
  );
});

function importPage(c: C, form: FormState, problems: Parameters<typeof ImportPage>[0]['problems'], status: 200 | 422 = 200) {
  const t = c.var.t;
  return render(c, t('reports.import.heading'), <ImportPage t={t} form={form} problems={problems} csrf={c.var.csrfToken} />, {
    status,
    crumbs: [
      [t('reports.nav'), '/staff/reports'],
      [t('reports.indicators.heading'), '/staff/reports/indicators'],
      [t('reports.import.heading')],
    ],
  });
}

pages.get('/staff/reports/indicators/import', (c) => importPage(c, emptyForm(), []));

/** Largest CSV accepted (bytes). */
const MAX_CSV_BYTES = 5 * 1024 * 1024;

pages.post('/staff/reports/indicators/import', async (c) => {
  const body = await c.req.parseBody();
  const file = body.file;
  const pasted = typeof body.text === 'string' ? body.text : '';
  let text = pasted;
  let fileName: string | null = null;
  if (file instanceof File && file.size > 0) {
    if (file.size > MAX_CSV_BYTES) return importPage(c, { values: { text: pasted }, errors: [{ field: 'file', key: 'reports.import.error.tooLarge' }] }, [], 422);
    text = await file.text();
    fileName = file.name;
  }
  if (text.trim() === '') return importPage(c, { values: { text: pasted }, errors: [{ field: 'text', key: 'reports.import.error.nothing' }] }, [], 422);
  const r = await importIndicators(svc(c), text, fileName);
  if (!r.ok) {
    const field = fileName ? 'file' : 'text';
    return importPage(c, { values: { text: pasted }, errors: [{ field, key: 'reports.import.error.rows', params: { count: r.problems.length } }] }, r.problems, 422);
  }
  return redirectWithNotice(c, '/staff/reports/indicators', 'reports.import.done');
});

/* ================================================================ annual report */

export const YEAR = ':year{[12][0-9][0-9][0-9]}';
export const TABLE = ':table{[a-z-]+[.][a-z]+}';

/** The two scopes of an annual report: the programme and one programme area. */
const ANNUAL_BASES = ['/staff/reports/annual', `/staff/reports/areas/${SLUG}/annual`] as const;

function annualBase(slug: string | null, year: number): string {
  return slug ? `/staff/reports/areas/${slug}/annual/${year}` : `/staff/reports/annual/${year}`;
}

function annualTitle(c: C, r: AnnualReport): string {
  return r.scope.kind === 'area' ? c.var.t('reports.annual.titleArea', { name: r.scope.name, year: r.year }) : c.var.t('reports.annual.titleProgramme', { year: r.year });
}

async function loadAnnual(c: C, format: string) {
  const slug = c.req.param('slug') ?? null;
  const year = Number(c.req.param('year'));
  const [r, districtName] = await Promise.all([annualReport(svc(c), slug, year, c.var.locale, format), districtNamer(c)]);
  const tables = reportTables(r, c.var.t, districtName, c.var.locale, { cur: String(r.year), prev: String(r.year - 1) });
  return { slug, year, r, tables, base: annualBase(slug, year), title: annualTitle(c, r) };
}

function canEditNarratives(c: C, r: AnnualReport): boolean {
  if (r.scope.kind === 'area') return can(c.var.user, 'reports.manage', { areaIds: r.scope.areaIds });
  return can(c.var.user, 'reports.manage') && !r.scope.partial;
}

for (const prefix of ANNUAL_BASES) {
  pages.get(`${prefix}/${YEAR}`, async (c) => {
    const t = c.var.t;
    const { r, tables, base, title } = await loadAnnual(c, 'page');
    const charts = await tableCharts(tables);
    return render(
      c,
      title,
      <AnnualPage t={t} locale={c.var.locale} r={r} title={title} base={base} tables={tables} charts={charts} funding={fundingLine(r, c.var.locale, t)} canEdit={canEditNarratives(c, r)} />,
      { crumbs: [[t('reports.nav'), '/staff/reports'], [title]] },
    );
  });

  pages.get(`${prefix}/${YEAR}/report.pdf`, async (c) => {
    const t = c.var.t;
    const { r, tables, title, slug, year } = await loadAnnual(c, 'pdf');
    const pdf = await annualPdf(
      {
        title,
        subtitle: t('reports.annual.compared', { year: r.year, previous: r.year - 1 }),
        funding: fundingLine(r, c.var.locale, t),
        sections: NARRATIVE_SECTIONS.map((s) => ({ title: t(`reports.narrative.${s}`), paragraphs: (r.narratives[s] ?? '').split(/\n{2,}/).map((p) => p.trim()).filter(Boolean) })),
        figuresTitle: t('reports.annual.figures'),
        figuresNote: t('reports.dash.legend'),
        sectionTitles: Object.fromEntries(SECTIONS.map((s) => [s, t(`reports.section.${s}`)])),
        sectionNotes: Object.fromEntries(Object.entries(SECTION_BASIS).map(([s, key]) => [s, t(key)])),
        tables,
        charts: barCharts(tables),
      },
      t,
      c.var.locale,
    );
    return c.body(new Uint8Array(pdf), 200, { 'content-type': 'application/pdf', 'content-disposition': `attachment; filename="${fileStem(slug, year)}.pdf"` });
  });

  pages.get(`${prefix}/${YEAR}/tables/${TABLE}`, async (c) => {
    const [key, ext] = c.req.param('table').split('.') as [string, string];
    if (!(TABLE_KEYS as readonly string[]).includes(key) || (ext !== 'csv' && ext !== 'xlsx')) throw errors.notFound('table');
    const { tables, title, slug, year } = await loadAnnual(c, `${key}.${ext}`);
    const table = tables.find((x) => x.key === key)!;
    const name = `${fileStem(slug, year)}-${key}.${ext}`;
    if (ext === 'csv') return c.body(tableCsv(table), 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}"` });
    const basis = SECTION_BASIS[table.section];
    const xlsx = await tableXlsx(table, { title, source: basis ? c.var.t(basis) : c.var.t('reports.indicators.latest') });
    return c.body(new Uint8Array(xlsx), 200, {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': `attachment; filename="${name}"`,
    });
  });

  pages.get(`${prefix}/${YEAR}/edit`, async (c) => {
    const t = c.var.t;
    const { r, title, base } = await loadAnnual(c, 'edit');
    if (!canEditNarratives(c, r)) throw errors.forbidden('reports.manage');
    return render(c, t('reports.annual.editTitle', { title }), <NarrativeForm t={t} title={t('reports.annual.editTitle', { title })} action={`${base}/edit`} csrf={c.var.csrfToken} form={emptyForm({ ...r.narratives })} />, {
      crumbs: [[t('reports.nav'), '/staff/reports'], [title, base], [t('reports.annual.edit')]],
    });
  });

  pages.post(`${prefix}/${YEAR}/edit`, async (c) => {
    const t = c.var.t;
    const slug = c.req.param('slug') ?? null;
    const year = Number(c.req.param('year'));
    const base = annualBase(slug, year);
    const values = await readForm(c);
    const v = validate(narrativeFormSchema, values);
    if (!v.ok) {
      const { r, title } = await loadAnnual(c, 'edit');
      if (!canEditNarratives(c, r)) throw errors.forbidden('reports.manage');
      return render(c, t('reports.annual.editTitle', { title }), <NarrativeForm t={t} title={t('reports.annual.editTitle', { title })} action={`${base}/edit`} csrf={c.var.csrfToken} form={{ values, errors: v.errors }} />, {
        status: 422,
      });
    }
    await saveNarratives(svc(c), slug, year, v.data);
    return redirectWithNotice(c, base, 'reports.annual.saved');
  });
}

function fileStem(slug: string | null, year: number): string {
  return `jahresbericht-${slug ?? 'programm'}-${year}`;
}

pages.route('/', openData);
