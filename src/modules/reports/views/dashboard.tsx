/** @jsxImportSource hono/jsx */
/** The dashboard of a programme area or the programme: period form, concern figures with charts and tables, pending sections, social indicators. */
import { raw } from 'hono/html';
import { Alert, ErrorSummary, Form, SubmitButton, Table, TextField, type FormState } from '../../../platform/ui/components';
import { formatDate, formatNumber, type Locale, type Translate } from '../../../platform/i18n';
import { languageName, pairCounts, type ConcernFigures } from '../reports.figures';
import type { Dashboard, Indicator } from '../reports.types';

export interface ChartBlock {
  id: string;
  title: string;
  svg: string;
}

export function pct(locale: Locale, v: number | null): string {
  return v === null ? '–' : formatNumber(locale, v, { style: 'percent', maximumFractionDigits: 1 });
}

function num(locale: Locale, v: number | null): string {
  return v === null ? '–' : formatNumber(locale, v, { maximumFractionDigits: 1 });
}

export function Chart(p: { chart: ChartBlock }) {
  return <figure class="q-chart" aria-labelledby={`${p.chart.id}-cap`}>{raw(p.chart.svg)}<figcaption class="kern-body kern-body--small" id={`${p.chart.id}-cap`}>{p.chart.title}</figcaption></figure>;
}

export function IndicatorTable(p: { t: Translate; locale: Locale; rows: Indicator[]; districtName: (n: number) => string; caption: string }) {
  const { t, locale } = p;
  return (
    <Table
      caption={p.caption}
      rows={p.rows}
      empty={t('reports.indicators.empty')}
      columns={[
        { header: t('reports.indicators.district'), cell: (r) => `${r.districtNumber} ${p.districtName(r.districtNumber)}` },
        { header: t('reports.indicators.indicator'), cell: (r) => indicatorLabel(t, r.indicator) },
        { header: t('reports.indicators.year'), cell: (r) => String(r.year), numeric: true },
        { header: t('reports.indicators.value'), cell: (r) => formatNumber(locale, r.value, { maximumFractionDigits: 2 }), numeric: true },
        { header: t('reports.indicators.source'), cell: (r) => r.source },
        { header: t('reports.indicators.licence'), cell: (r) => r.licence },
      ]}
    />
  );
}

const KNOWN_INDICATORS = ['population', 'age_0_17', 'age_18_64', 'age_65_plus', 'sgb2_share', 'unemployment_share', 'migration_share', 'households'];

export function indicatorLabel(t: Translate, key: string): string {
  return KNOWN_INDICATORS.includes(key) ? t(`reports.indicator.${key}`) : key;
}

function compareRows(t: Translate, locale: Locale, cur: ConcernFigures, prev: ConcernFigures) {
  return [
    { label: t('reports.concerns.total'), cur: num(locale, cur.total), prev: num(locale, prev.total) },
    { label: t('reports.concerns.resolved'), cur: num(locale, cur.resolved), prev: num(locale, prev.resolved) },
    { label: t('reports.concerns.shareResolved'), cur: pct(locale, cur.shareResolved), prev: pct(locale, prev.shareResolved) },
    { label: t('reports.concerns.medianResolution'), cur: num(locale, cur.medianDaysToResolution), prev: num(locale, prev.medianDaysToResolution) },
  ];
}



export function periodLabel(locale: Locale, p: { from: string; to: string }): string {
  return `${formatDate(locale, p.from)} – ${formatDate(locale, p.to)}`;
}

export function DashboardPage(p: {
  t: Translate;
  locale: Locale;
  d: Dashboard;
  title: string;
  action: string;
  form: FormState;
  charts: { category: ChartBlock; status: ChartBlock; adviceTopic: ChartBlock | null };
  areaLinks: { name: string; href: string }[];
  annualLinks: { label: string; href: string }[];
  districtName: (n: number) => string;
}) {
  const { t, locale, d } = p;
  const cur = d.concerns.current;
  const prev = d.concerns.previous;
  const curLabel = t('reports.period.current');
  const prevLabel = t('reports.period.previous');
  const catRows = pairCounts(cur.byCategory, prev.byCategory);
  const statusRows = pairCounts(cur.byStatus, prev.byStatus);
  return (
    <div class="q-reports">
      <h1 class="kern-heading-large">{p.title}</h1>
      {d.scope.partial && <Alert kind="info">{t('reports.scope.partial')}</Alert>}
      <p class="kern-body">{t('reports.period.compare', { current: periodLabel(locale, d.period), previous: periodLabel(locale, d.previous) })}</p>
      <ErrorSummary form={p.form} t={t} />
      <Form action={p.action} method="get">
        <fieldset class="kern-fieldset">
          <legend class="kern-label">{t('reports.period.legend')}</legend>
          <TextField name="from" type="date" label={t('reports.period.from')} t={t} form={p.form} required />
          <TextField name="to" type="date" label={t('reports.period.to')} t={t} form={p.form} required />
        </fieldset>
        <SubmitButton label={t('reports.period.show')} variant="secondary" />
      </Form>
      <nav aria-labelledby="annual-links">
        <h2 class="kern-heading-small" id="annual-links">
          {t('reports.annual.links')}
        </h2>
        <ul class="kern-list">
          {p.annualLinks.map((a) => (
            <li>
              <a class="kern-link" href={a.href}>
                {a.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {p.areaLinks.length > 0 && (
        <nav aria-label={t('reports.areas.nav')}>
          <h2 class="kern-heading-small">{t('reports.areas.heading')}</h2>
          <ul class="kern-list">
            {p.areaLinks.map((a) => (
              <li>
                <a class="kern-link" href={a.href}>
                  {a.name}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}

      <section aria-labelledby="sec-concerns">
        <h2 class="kern-heading-medium" id="sec-concerns">
          {t('reports.section.concerns')}
        </h2>
        <p class="kern-body kern-body--small">{t('reports.concerns.basis')}</p>
        <Table
          caption={t('reports.concerns.summary')}
          rows={compareRows(t, locale, cur, prev)}
          empty={t('reports.noData')}
          columns={[
            { header: t('reports.figure'), cell: (r) => r.label },
            { header: curLabel, cell: (r) => r.cur, numeric: true },
            { header: prevLabel, cell: (r) => r.prev, numeric: true },
          ]}
        />
        {d.concerns.byArea.length > 0 && (
          <Table
            caption={t('reports.concerns.byArea')}
            rows={d.concerns.byArea}
            empty={t('reports.noData')}
            columns={[
              { header: t('reports.concerns.area'), cell: (r) => r.name },
              { header: curLabel, cell: (r) => formatNumber(locale, r.current), numeric: true },
              { header: prevLabel, cell: (r) => formatNumber(locale, r.previous), numeric: true },
            ]}
          />
        )}
        {catRows.length === 0 ? (
          <p class="kern-body">{t('reports.concerns.none')}</p>
        ) : (
          <>
            <Chart chart={p.charts.category} />
            <Table
              caption={p.charts.category.title}
              rows={catRows}
              empty={t('reports.noData')}
              columns={[
                { header: t('reports.concerns.category'), cell: (r) => d.concerns.categories[r.key] ?? r.key },
                { header: curLabel, cell: (r) => formatNumber(locale, r.cur), numeric: true },
                { header: prevLabel, cell: (r) => formatNumber(locale, r.prev), numeric: true },
              ]}
            />
            <Chart chart={p.charts.status} />
            <Table
              caption={p.charts.status.title}
              rows={statusRows}
              empty={t('reports.noData')}
              columns={[
                { header: t('reports.concerns.status'), cell: (r) => t(`concerns.status.${r.key}`) },
                { header: curLabel, cell: (r) => formatNumber(locale, r.cur), numeric: true },
                { header: prevLabel, cell: (r) => formatNumber(locale, r.prev), numeric: true },
              ]}
            />
          </>
        )}
      </section>

      <section aria-labelledby="sec-advice">
        <h2 class="kern-heading-medium" id="sec-advice">
          {t('reports.section.advice')}
        </h2>
        {d.advice === null ? (
          <p class="kern-body" data-no-access="advice">
            {t('reports.advice.noAccess')}
          </p>
        ) : (
          <>
            <p class="kern-body kern-body--small">{t('reports.advice.basis')}</p>
            <Table
              caption={t('reports.advice.summary')}
              rows={[
                { label: t('reports.advice.total'), cur: d.advice.current.total, prev: d.advice.previous.total },
                { label: t('reports.advice.referred'), cur: d.advice.current.referred, prev: d.advice.previous.referred },
                { label: t('reports.advice.hours'), cur: Math.round(d.advice.current.minutes / 6) / 10, prev: Math.round(d.advice.previous.minutes / 6) / 10 },
              ]}
              empty={t('reports.noData')}
              columns={[
                { header: t('reports.figure'), cell: (r) => r.label },
                { header: curLabel, cell: (r) => num(locale, r.cur), numeric: true },
                { header: prevLabel, cell: (r) => num(locale, r.prev), numeric: true },
              ]}
            />
            {p.charts.adviceTopic && <Chart chart={p.charts.adviceTopic} />}
            {(
              [
                ['byTopic', 'reports.advice.byTopic', 'reports.advice.topic', (k: string) => t(`offices.topic.${k}`)],
                ['byLanguage', 'reports.advice.byLanguage', 'reports.advice.language', (k: string) => languageName(locale, k)],
                ['byReferral', 'reports.advice.byReferral', 'reports.advice.referral', (k: string) => t(`offices.referral.${k}`)],
              ] as const
            ).map(([field, caption, header, label]) => (
              <Table
                caption={t(caption)}
                rows={pairCounts(d.advice!.current[field], d.advice!.previous[field])}
                empty={t('reports.advice.none')}
                columns={[
                  { header: t(header), cell: (r) => label(r.key) },
                  { header: curLabel, cell: (r) => formatNumber(locale, r.cur), numeric: true },
                  { header: prevLabel, cell: (r) => formatNumber(locale, r.prev), numeric: true },
                ]}
              />
            ))}
          </>
        )}
      </section>

      {d.pending.map((s) => (
        <section aria-labelledby={`sec-${s.key}`} class="q-report-pending">
          <h2 class="kern-heading-medium" id={`sec-${s.key}`}>
            {t(`reports.section.${s.key}`)}
          </h2>
          <p class="kern-body" data-no-data={s.key}>
            {t('reports.noDataYet')}
          </p>
        </section>
      ))}

      <section aria-labelledby="sec-indicators">
        <h2 class="kern-heading-medium" id="sec-indicators">
          {t('reports.section.indicators')}
        </h2>
        <IndicatorTable t={t} locale={locale} rows={d.indicators} districtName={p.districtName} caption={t('reports.indicators.latest')} />
      </section>
    </div>
  );
}
