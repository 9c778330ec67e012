/** @jsxImportSource hono/jsx */
/** The dashboard of a programme area or the programme: period form, then every section's tables (breakdowns with a chart), social indicators last. */
import { raw } from 'hono/html';
import { Alert, ErrorSummary, Form, SubmitButton, Table, TextField, type FormState } from '../../../platform/ui/components';
import { formatDate, formatNumber, type Locale, type Translate } from '../../../platform/i18n';
import { cellText, SECTIONS, type ReportTable, type SectionKey } from '../reports.export';
import type { Dashboard, Indicator } from '../reports.types';

export interface ChartBlock {
  id: string;
  title: string;
  svg: string;
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

export function periodLabel(locale: Locale, p: { from: string; to: string }): string {
  return `${formatDate(locale, p.from)} – ${formatDate(locale, p.to)}`;
}

/** The tables of one section, each breakdown with its chart first; "–" marks a figure without data. */
export function SectionTables(p: { t: Translate; locale: Locale; tables: ReportTable[]; charts: Map<string, ChartBlock>; download?: (key: string) => string }) {
  const { t, locale } = p;
  return (
    <>
      {p.tables.map((tb) => (
        <div class="q-report-table">
          {p.charts.get(tb.key) && <Chart chart={p.charts.get(tb.key)!} />}
          {tb.rows.length === 0 && <h3 class="kern-heading-small">{tb.title}</h3>}
          <Table
            caption={tb.title}
            rows={tb.rows}
            empty={t('reports.noEntries')}
            columns={tb.header.map((h, col) => ({ header: h, cell: (row: (string | number | null)[]) => cellText(locale, row[col] ?? null), numeric: col > 0 && tb.key !== 'indicators' }))}
          />
          {p.download && (
            <p class="kern-body kern-body--small q-no-print">
              {t('reports.annual.download')}{' '}
              <a class="kern-link" href={`${p.download(tb.key)}.xlsx`}>
                XLSX<span class="kern-sr-only"> – {tb.title}</span>
              </a>{' '}
              <a class="kern-link" href={`${p.download(tb.key)}.csv`}>
                CSV<span class="kern-sr-only"> – {tb.title}</span>
              </a>
            </p>
          )}
        </div>
      ))}
    </>
  );
}

/** Notes under a section's heading: what is counted. */
export const SECTION_BASIS: Partial<Record<SectionKey, string>> = {
  concerns: 'reports.concerns.basis',
  contacts: 'reports.contacts.basis',
  dialogues: 'reports.dialogues.basis',
  meetings: 'reports.meetings.basis',
  offers: 'reports.offers.basis',
  rooms: 'reports.rooms.basis',
  advice: 'reports.advice.basis',
  groups: 'reports.groups.basis',
};

export function DashboardPage(p: {
  t: Translate;
  locale: Locale;
  d: Dashboard;
  title: string;
  action: string;
  form: FormState;
  tables: ReportTable[];
  charts: Map<string, ChartBlock>;
  areaLinks: { name: string; href: string }[];
  annualLinks: { label: string; href: string }[];
  districtName: (n: number) => string;
}) {
  const { t, locale, d } = p;
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
      <p class="kern-body kern-body--small">{t('reports.dash.legend')}</p>
      {SECTIONS.map((section) => {
        const tables = p.tables.filter((tb) => tb.section === section);
        return (
          <section aria-labelledby={`sec-${section}`}>
            <h2 class="kern-heading-medium" id={`sec-${section}`}>
              {t(`reports.section.${section}`)}
            </h2>
            {section === 'indicators' ? (
              <IndicatorTable t={t} locale={locale} rows={d.indicators} districtName={p.districtName} caption={t('reports.indicators.latest')} />
            ) : section === 'advice' && !d.adviceVisible ? (
              <p class="kern-body" data-no-access="advice">
                {t('reports.advice.noAccess')}
              </p>
            ) : (
              <>
                {SECTION_BASIS[section] && <p class="kern-body kern-body--small">{t(SECTION_BASIS[section]!)}</p>}
                <SectionTables t={t} locale={locale} tables={tables} charts={p.charts} />
              </>
            )}
          </section>
        );
      })}
    </div>
  );
}
