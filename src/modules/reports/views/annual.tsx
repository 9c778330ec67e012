/** @jsxImportSource hono/jsx */
/** The annual report as a print-ready page, and the form for its narrative sections. */
import { ErrorSummary, Form, LinkButton, SubmitButton, Table, TextArea, type FormState } from '../../../platform/ui/components';
import type { Locale, Translate } from '../../../platform/i18n';
import { cellText, type ReportTable } from '../reports.export';
import { NARRATIVE_SECTIONS, type AnnualReport } from '../reports.service';
import { Chart, type ChartBlock } from './dashboard';

export function AnnualPage(p: { t: Translate; locale: Locale; r: AnnualReport; title: string; base: string; tables: ReportTable[]; charts: (ChartBlock | undefined)[]; funding: string[]; canEdit: boolean }) {
  const { t, locale, r } = p;
  const toc: [string, string][] = [
    ...NARRATIVE_SECTIONS.map((s) => [`n-${s}`, t(`reports.narrative.${s}`)] as [string, string]),
    ['figures', t('reports.annual.figures')],
    ['pending', t('reports.annual.pending')],
  ];
  return (
    <article class="q-report">
      <h1 class="kern-heading-large">{p.title}</h1>
      <p class="kern-body">{t('reports.annual.compared', { year: r.year, previous: r.year - 1 })}</p>
      <h2 class="kern-heading-small">{t('reports.annual.funding')}</h2>
      {p.funding.length ? (
        <ul class="kern-list">
          {p.funding.map((f) => (
            <li>{f}</li>
          ))}
        </ul>
      ) : (
        <p class="kern-body">{t('reports.annual.noFunding')}</p>
      )}
      <nav class="q-no-print" aria-label={t('reports.annual.exports')}>
        <LinkButton href={`${p.base}/report.pdf`} label={t('reports.annual.pdf')} />
        {p.canEdit && <LinkButton href={`${p.base}/edit`} label={t('reports.annual.edit')} variant="tertiary" />}
      </nav>
      <nav aria-labelledby="toc-title">
        <h2 class="kern-heading-medium" id="toc-title">
          {t('reports.annual.toc')}
        </h2>
        <ol class="kern-list">
          {toc.map(([id, label]) => (
            <li>
              <a class="kern-link" href={`#${id}`}>
                {label}
              </a>
            </li>
          ))}
        </ol>
      </nav>
      {NARRATIVE_SECTIONS.map((s) => (
        <section aria-labelledby={`n-${s}`}>
          <h2 class="kern-heading-medium" id={`n-${s}`}>
            {t(`reports.narrative.${s}`)}
          </h2>
          {(r.narratives[s] ?? '').trim() ? (
            (r.narratives[s] ?? '').split(/\n{2,}/).map((para) => <p class="kern-body">{para}</p>)
          ) : (
            <p class="kern-body q-empty">{t('reports.annual.noText')}</p>
          )}
        </section>
      ))}
      <section aria-labelledby="figures">
        <h2 class="kern-heading-medium" id="figures">
          {t('reports.annual.figures')}
        </h2>
        <p class="kern-body kern-body--small">{t('reports.concerns.basis')}</p>
        {p.tables.map((tb, i) => (
          <div class="q-report-table">
            {p.charts[i] && <Chart chart={p.charts[i]} />}
            <Table
              caption={tb.title}
              rows={tb.rows}
              empty={t('reports.noData')}
              columns={tb.header.map((h, col) => ({ header: h, cell: (row: (string | number | null)[]) => cellText(locale, row[col] ?? null), numeric: typeof tb.rows[0]?.[col] === 'number' }))}
            />
            <p class="kern-body kern-body--small q-no-print">
              {t('reports.annual.download')}{' '}
              <a class="kern-link" href={`${p.base}/tables/${tb.key}.xlsx`}>
                XLSX<span class="kern-sr-only"> – {tb.title}</span>
              </a>{' '}
              <a class="kern-link" href={`${p.base}/tables/${tb.key}.csv`}>
                CSV<span class="kern-sr-only"> – {tb.title}</span>
              </a>
            </p>
          </div>
        ))}
      </section>
      <section aria-labelledby="pending">
        <h2 class="kern-heading-medium" id="pending">
          {t('reports.annual.pending')}
        </h2>
        <ul class="kern-list">
          {r.pending.map((s) => (
            <li data-no-data={s.key}>
              {t(`reports.section.${s.key}`)}: {t('reports.noDataYet')}
            </li>
          ))}
        </ul>
      </section>
    </article>
  );
}

export function NarrativeForm(p: { t: Translate; title: string; action: string; csrf: string; form: FormState }) {
  const { t } = p;
  return (
    <div>
      <h1 class="kern-heading-large">{p.title}</h1>
      <ErrorSummary form={p.form} t={t} />
      <Form action={p.action} csrfToken={p.csrf}>
        {NARRATIVE_SECTIONS.map((s) => (
          <TextArea name={s} label={t(`reports.narrative.${s}`)} hint={t(`reports.narrative.${s}.hint`)} t={t} form={p.form} rows={8} maxlength={20000} />
        ))}
        <SubmitButton label={t('reports.annual.save')} />
      </Form>
    </div>
  );
}
