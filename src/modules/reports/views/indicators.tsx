/** @jsxImportSource hono/jsx */
/** Social indicators: the list (with source and licence on every figure) and the CSV import form with row problems. */
import { ErrorSummary, Form, LinkButton, SelectField, SubmitButton, Table, TextArea, type FormState } from '../../../platform/ui/components';
import type { Locale, Translate } from '../../../platform/i18n';
import type { RowProblem } from '../reports.csv';
import type { Indicator } from '../reports.types';
import { IndicatorTable } from './dashboard';

export function IndicatorsPage(p: { t: Translate; locale: Locale; rows: Indicator[]; districts: { number: number; name: string }[]; selected: number | undefined; canImport: boolean }) {
  const { t } = p;
  const name = (n: number) => p.districts.find((d) => d.number === n)?.name ?? '';
  return (
    <div>
      <h1 class="kern-heading-large">{t('reports.indicators.heading')}</h1>
      <p class="kern-body">{t('reports.indicators.intro')}</p>
      {p.canImport && <LinkButton href="/staff/reports/indicators/import" label={t('reports.import.heading')} />}
      <Form action="/staff/reports/indicators" method="get">
        <SelectField
          name="district"
          label={t('reports.indicators.district')}
          t={t}
          value={p.selected ? String(p.selected) : ''}
          placeholder={t('reports.indicators.allDistricts')}
          options={p.districts.map((d) => ({ value: String(d.number), label: `${d.number} ${d.name}` }))}
        />
        <SubmitButton label={t('reports.indicators.filter')} variant="secondary" />
      </Form>
      <IndicatorTable t={t} locale={p.locale} rows={p.rows} districtName={name} caption={t('reports.indicators.heading')} />
    </div>
  );
}

export function ImportPage(p: { t: Translate; form: FormState; problems: RowProblem[]; csrf: string }) {
  const { t } = p;
  return (
    <div>
      <h1 class="kern-heading-large">{t('reports.import.heading')}</h1>
      <ErrorSummary form={p.form} t={t} />
      {p.problems.length > 0 && (
        <Table
          caption={t('reports.import.problems', { count: p.problems.length })}
          rows={p.problems}
          empty=""
          columns={[
            { header: t('reports.import.line'), cell: (r) => String(r.line), numeric: true },
            { header: t('reports.import.column'), cell: (r) => r.column ?? '–' },
            { header: t('reports.import.problem'), cell: (r) => t(r.key, r.params) },
          ]}
        />
      )}
      <p class="kern-body">{t('reports.import.format')}</p>
      <pre class="q-code">{'district_number,indicator,year,value,source,licence\n1,population,2024,12345,"Stadt Essen, Amt für Statistik",dl-de/by-2-0'}</pre>
      <Form action="/staff/reports/indicators/import" csrfToken={p.csrf} enctype="multipart/form-data">
        <div class="kern-form-input">
          <label class="kern-label" for="f-file">
            {t('reports.import.file')}
            <span class="kern-label__optional"> – {t('form.optional')}</span>
          </label>
          <input class="kern-form-input__input" type="file" id="f-file" name="file" accept=".csv,text/csv" />
        </div>
        <TextArea name="text" label={t('reports.import.text')} hint={t('reports.import.textHint')} t={t} form={p.form} rows={8} />
        <SubmitButton label={t('reports.import.submit')} />
      </Form>
    </div>
  );
}
