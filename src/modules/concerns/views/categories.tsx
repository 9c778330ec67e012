/** @jsxImportSource hono/jsx */
/** Staff pages of the service catalogue: list and edit (categories.manage). */
import { Checkbox, ErrorSummary, Form, LinkButton, SubmitButton, Table, TextArea, TextField, type FormState } from '../../../platform/ui/components';
import type { Category } from '../concerns.types';
import type { ViewBase } from './public';

export function CategoriesPage(p: ViewBase & { categories: Category[] }) {
  const { t } = p;
  return (
    <div class="q-stack">
      <h1 class="kern-heading-large">{t('concerns.categories.heading')}</h1>
      <p class="kern-body">{t('concerns.categories.intro')}</p>
      <Table
        caption={t('concerns.categories.heading')}
        captionHidden
        empty={t('concerns.list.none')}
        rows={p.categories}
        columns={[
          { header: t('concerns.categories.key'), cell: (c) => <code class="q-code">{c.key}</code> },
          { header: t('concerns.categories.labelDe'), cell: (c) => <span lang="de">{c.labels.de}</span> },
          { header: t('concerns.field.department'), cell: (c) => c.department ?? '–' },
          { header: t('concerns.categories.handlingDays'), cell: (c) => String(c.handlingDays), numeric: true },
          { header: t('concerns.categories.questions'), cell: (c) => String(c.questions.length), numeric: true },
          { header: t('concerns.field.status'), cell: (c) => (c.active ? t('concerns.categories.active') : t('concerns.categories.inactive')) },
          {
            header: t('concerns.categories.actions'),
            cell: (c) => (
              <a class="kern-link" href={`/staff/concerns/categories/${c.id}/edit`}>
                {t('concerns.categories.edit')}
                <span class="kern-sr-only">: {c.labels.de}</span>
              </a>
            ),
          },
        ]}
      />
    </div>
  );
}

export function CategoryFormPage(p: ViewBase & { category: Category; csrfToken: string; form: FormState }) {
  const { t, form } = p;
  return (
    <div class="q-stack">
      <h1 class="kern-heading-large">{t('concerns.categories.editHeading', { key: p.category.key })}</h1>
      <ErrorSummary form={form} t={t} />
      <Form action={`/staff/concerns/categories/${p.category.id}`} csrfToken={p.csrfToken}>
        <TextField name="labelDe" label={t('concerns.categories.labelDe')} t={t} form={form} required maxlength={100} />
        <TextField name="labelEn" label={t('concerns.categories.labelEn')} t={t} form={form} maxlength={100} />
        <TextField name="labelAr" label={t('concerns.categories.labelAr')} t={t} form={form} maxlength={100} />
        <TextField name="department" label={t('concerns.field.department')} hint={t('concerns.categories.departmentHint')} t={t} form={form} maxlength={120} />
        <TextField name="handlingDays" label={t('concerns.categories.handlingDays')} hint={t('concerns.categories.handlingDaysHint')} t={t} form={form} required inputmode="numeric" width={4} />
        <Checkbox name="active" label={t('concerns.categories.activeLabel')} t={t} form={form} />
        <TextArea name="questions" label={t('concerns.categories.questions')} hint={t('concerns.categories.questionsHint')} t={t} form={form} rows={8} />
        <fieldset class="kern-fieldset">
          <legend class="kern-label">{t('concerns.categories.open311')}</legend>
          <div class="kern-fieldset__body q-stack">
            <div class="kern-hint">{t('concerns.categories.open311Hint')}</div>
            <TextField name="open311Endpoint" label={t('concerns.categories.open311Endpoint')} t={t} form={form} type="url" maxlength={300} />
            <TextField name="open311ServiceCode" label={t('concerns.categories.open311ServiceCode')} t={t} form={form} maxlength={60} />
            <TextField name="open311JurisdictionId" label={t('concerns.categories.open311Jurisdiction')} t={t} form={form} maxlength={60} />
          </div>
        </fieldset>
        <div class="q-actions">
          <SubmitButton label={t('concerns.edit.save')} />
          <LinkButton href="/staff/concerns/categories" label={t('concerns.form.cancel')} variant="tertiary" />
        </div>
      </Form>
    </div>
  );
}
