/** @jsxImportSource hono/jsx */
/** The annual report as a print-ready page, and the form for its narrative sections. */
import { ErrorSummary, Form, LinkButton, SubmitButton, TextArea, type FormState } from '../../../platform/ui/components';
import type { Locale, Translate } from '../../../platform/i18n';
import { SECTIONS, type ReportTable } from '../reports.export';
import { NARRATIVE_SECTIONS, type AnnualReport } from '../reports.service';
import { SECTION_BASIS, SectionTables, type ChartBlock } from './dashboard';

export function AnnualPage(p: { t: Translate; locale: Locale; r: AnnualReport; title: string; base: string; tables: ReportTable[]; charts: Map<string, ChartBlock>; funding: string[]; canEdit: boolean }) {
  const { t, locale, r } = p;
  const toc: [string, string][] = [
    ...NARRATIVE_SECTIONS.map((s) => [`n-${s}`, t(`reports.narrative.${s}`)] as [string, string]),
    ...SECTIONS.filter((sec) => p.tables.some((tb) => tb.section === sec)).map((sec) => [`fig-${sec}`, `${t('reports.annual.figures')}: ${t(`reports.section.${sec}`)}`] as [string, string]),
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
      {SECTIONS.map((sec) => {
        const tables = p.tables.filter((tb) => tb.section === sec);
        if (!tables.length) return null;
        return (
          <section aria-labelledby={`fig-${sec}`}>
            <h2 class="kern-heading-medium" id={`fig-${sec}`}>
              {t('reports.annual.figures')}: {t(`reports.section.${sec}`)}
            </h2>
            {SECTION_BASIS[sec] && <p class="kern-body kern-body--small">{t(SECTION_BASIS[sec]!)}</p>}
            <SectionTables t={t} locale={locale} tables={tables} charts={p.charts} download={(key) => `${p.base}/tables/${key}`} />
          </section>
        );
      })}
      <p class="kern-body kern-body--small">{t('reports.dash.legend')}</p>
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
