/** @jsxImportSource hono/jsx */
/**
 * Pages of the reports module. Staff (reports.read): /staff/reports (the programme dashboard; for readers without
 * "all areas" the areas in their scope), /staff/reports/areas/:slug (one programme area), /staff/reports/indicators.
 * indicators.manage: the CSV import. Public: /open-data (datasets), the DCAT-AP.de catalogue and the downloads.
 */
import { Hono, type Context } from 'hono';
import { can } from '../../platform/auth/policy';
import type { AppEnv } from '../../platform/http/context';
import { validate } from '../../platform/http/forms';
import { redirectWithNotice } from '../../platform/http/notice';
import { render } from '../../platform/http/render';
import { svc } from '../../platform/http/service-context';
import { emptyForm, type FormState } from '../../platform/ui/components';
import { listDistricts } from '../territory';
import { barChartSpec, chartSvg } from './reports.charts';
import { defaultPeriod, type Period } from './reports.figures';
import { indicatorFilterSchema, periodQuerySchema } from './reports.schema';
import { areasInScope, dashboard, importIndicators, listIndicatorsFor } from './reports.service';
import type { Dashboard } from './reports.types';
import { DashboardPage, pairCounts, type ChartBlock } from './views/dashboard';
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

async function charts(c: C, d: Dashboard): Promise<{ category: ChartBlock; status: ChartBlock }> {
  const t = c.var.t;
  const cur = t('reports.period.current');
  const prev = t('reports.period.previous');
  const series = (rows: { key: string; cur: number; prev: number }[], label: (k: string) => string) =>
    rows.flatMap((r) => [
      { label: label(r.key), series: cur, value: r.cur },
      { label: label(r.key), series: prev, value: r.prev },
    ]);
  const catTitle = t('reports.concerns.byCategory');
  const statusTitle = t('reports.concerns.byStatus');
  const cats = pairCounts(d.concerns.current.byCategory, d.concerns.previous.byCategory);
  const stats = pairCounts(d.concerns.current.byStatus, d.concerns.previous.byStatus);
  return {
    category: { id: 'chart-category', title: catTitle, svg: await chartSvg(barChartSpec(series(cats, (k) => d.concerns.categories[k] ?? k)), catTitle) },
    status: { id: 'chart-status', title: statusTitle, svg: await chartSvg(barChartSpec(series(stats, (k) => t(`concerns.status.${k}`))), statusTitle) },
  };
}

async function showDashboard(c: C, slug: string | null) {
  const t = c.var.t;
  const { period, form, status } = periodOf(c);
  const d = await dashboard(svc(c), slug, period, c.var.locale);
  const districts = await listDistricts(c.var.db);
  const districtName = (n: number) => districts.find((x) => x.number === n)?.name ?? '';
  const areaLinks = slug ? [] : (await areasInScope(svc(c))).map((a) => ({ name: a.name, href: `/staff/reports/areas/${a.slug}` }));
  const title = slug ? t('reports.dashboard.area', { name: d.scope.name }) : t('reports.dashboard.programme');
  const action = slug ? `/staff/reports/areas/${slug}` : '/staff/reports';
  return render(
    c,
    title,
    <DashboardPage t={t} locale={c.var.locale} d={d} title={title} action={action} form={form} charts={await charts(c, d)} areaLinks={areaLinks} districtName={districtName} />,
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

pages.route('/', openData);
