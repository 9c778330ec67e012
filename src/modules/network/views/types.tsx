/** @jsxImportSource hono/jsx */
/** The organisation type catalogue of the tenant (admin, coordinator). */
import { Checkbox, ErrorSummary, Form, LinkButton, SelectField, SubmitButton, Table, TextField, type FormState } from '../../../platform/ui/components';
import type { OrgType } from '../network.types';
import { LOGICS } from '../network.types';
import { label, SubNav, type ViewBase } from './common';

export function TypesPage(p: ViewBase & { items: OrgType[]; canGdpr: boolean }) {
  const { t } = p;
  return (
    <div class="q-stack">
      <h1 class="kern-heading-large">{t('network.types.heading')}</h1>
      <SubNav t={t} current="types" canGdpr={p.canGdpr} canTypes />
      <div class="q-actions">
        <LinkButton href="/staff/network/types/new" label={t('network.types.new')} variant="primary" />
      </div>
      <Table
        caption={t('network.types.heading')}
        captionHidden
        empty={t('network.types.none')}
        rows={p.items}
        columns={[
          {
            header: t('network.field.type'),
            cell: (x: OrgType) => (
              <a class="kern-link" href={`/staff/network/types/${x.id}/edit`}>
                {label(x.labels, p.locale)}
              </a>
            ),
          },
          { header: t('network.types.key'), cell: (x: OrgType) => x.key },
          { header: t('network.types.defaultLogic'), cell: (x: OrgType) => t(`network.logic.${x.defaultLogic}`) },
          { header: t('network.types.active'), cell: (x: OrgType) => (x.active ? t('network.yes') : t('network.no')) },
        ]}
      />
    </div>
  );
}

export function TypeFormPage(p: ViewBase & { form: FormState; action: string; heading: string; csrfToken: string; withKey: boolean }) {
  const { t, form } = p;
  return (
    <div class="q-stack q-narrow">
      <h1 class="kern-heading-large">{p.heading}</h1>
      <ErrorSummary form={form} t={t} />
      <Form action={p.action} csrfToken={p.csrfToken}>
        {p.withKey && <TextField name="key" label={t('network.types.key')} hint={t('network.types.keyHint')} t={t} form={form} required maxlength={40} />}
        <TextField name="labelDe" label={t('network.types.labelDe')} t={t} form={form} required maxlength={100} />
        <TextField name="labelEn" label={t('network.types.labelEn')} t={t} form={form} maxlength={100} />
        <TextField name="labelAr" label={t('network.types.labelAr')} t={t} form={form} maxlength={100} />
        <SelectField name="defaultLogic" label={t('network.types.defaultLogic')} t={t} form={form} required options={LOGICS.map((l) => ({ value: l, label: t(`network.logic.${l}`) }))} />
        <TextField name="sortOrder" label={t('network.types.sortOrder')} t={t} form={form} inputmode="numeric" width={4} required />
        <Checkbox name="active" label={t('network.types.active')} t={t} form={form} />
        <div class="q-actions">
          <SubmitButton label={t('network.form.save')} />
          <LinkButton href="/staff/network/types" label={t('network.form.cancel')} variant="tertiary" />
        </div>
      </Form>
    </div>
  );
}
