/** @jsxImportSource hono/jsx */
/** Contact log pages: list with filters and CSV, the form (with the no-case-files hint), actors not contacted for N months. */
import { Checkbox, CheckboxGroup, ErrorSummary, Form, LinkButton, Pagination, RadioGroup, SelectField, SubmitButton, Table, TextArea, TextField, type FormState } from '../../../platform/ui/components';
import type { Contact } from '../network.types';
import { CHANNELS } from '../network.types';
import type { QuietActor } from '../network.service';
import { areaNames, day, label, NoCaseFilesHint, PostButton, SubNav, topicNames, type Lookups, type ViewBase } from './common';
import type { NavFlags } from './organisations';

function excerpt(s: string | null, n = 80): string {
  if (!s) return '–';
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

export function ContactsTable(p: ViewBase & { items: Contact[]; lookups: Lookups; caption: string; captionHidden?: boolean; today?: string; csrfToken?: string; canEdit?: boolean }) {
  const { t } = p;
  return (
    <Table
      caption={p.caption}
      captionHidden={p.captionHidden ?? true}
      empty={t('network.contacts.none')}
      rows={p.items}
      columns={[
        {
          header: t('network.field.date'),
          cell: (c: Contact) =>
            p.canEdit ? (
              <a class="kern-link" href={`/staff/network/contacts/${c.id}/edit`}>
                {day(p.locale, c.occurredOn)}
              </a>
            ) : (
              day(p.locale, c.occurredOn)
            ),
        },
        { header: t('network.field.channel'), cell: (c: Contact) => t(`network.channel.${c.channel}`) },
        { header: t('network.field.area'), cell: (c: Contact) => (c.areaId ? areaNames(p.lookups, [c.areaId]) : '–') },
        { header: t('network.field.organisations'), cell: (c: Contact) => (c.organisations.length ? c.organisations.map((o) => o.name).join(', ') : '–') },
        { header: t('network.field.people'), cell: (c: Contact) => (c.people.length ? c.people.map((x) => x.name).join(', ') : '–') },
        { header: t('network.field.topics'), cell: (c: Contact) => topicNames(p.lookups, c.topicIds, p.locale) },
        { header: t('network.field.note'), cell: (c: Contact) => excerpt(c.note) },
        {
          header: t('network.field.followUp'),
          cell: (c: Contact) =>
            c.followUpOn ? (
              <span>
                {day(p.locale, c.followUpOn)}
                {c.followUpDoneAt ? ` (${t('network.followUp.done')})` : p.today && c.followUpOn <= p.today ? ` (${t('network.followUp.due')})` : ''}
                {p.canEdit && p.csrfToken && !c.followUpDoneAt && (
                  <PostButton action={`/staff/network/contacts/${c.id}/follow-up`} csrfToken={p.csrfToken} label={t('network.followUp.markDone')} variant="tertiary" hidden={{ done: '1' }} />
                )}
              </span>
            ) : (
              '–'
            ),
        },
      ]}
    />
  );
}

export function ContactListPage(p: ViewBase & NavFlags & { items: Contact[]; total: number; offset: number; query: Record<string, unknown>; queryString: string; lookups: Lookups; orgs: { id: string; name: string }[]; people: { id: string; name: string }[]; today: string; csrfToken: string }) {
  const { t } = p;
  const form: FormState = { values: p.query, errors: [] };
  return (
    <div class="q-stack">
      <h1 class="kern-heading-large">{t('network.contacts.heading')}</h1>
      <SubNav t={t} current="contacts" canGdpr={p.canGdpr} canTypes={p.canTypes} />
      {p.canEdit && (
        <div class="q-actions">
          <LinkButton href="/staff/network/contacts/new" label={t('network.contacts.new')} variant="primary" />
        </div>
      )}
      <form method="get" action="/staff/network/contacts" class="q-filter">
        <SelectField name="areaId" label={t('network.field.area')} t={t} form={form} placeholder={t('network.filter.all')} options={p.lookups.areas.map((a) => ({ value: a.id, label: a.name }))} />
        <SelectField name="channel" label={t('network.field.channel')} t={t} form={form} placeholder={t('network.filter.all')} options={CHANNELS.map((c) => ({ value: c, label: t(`network.channel.${c}`) }))} />
        <TextField name="from" label={t('network.filter.from')} t={t} form={form} type="date" />
        <TextField name="to" label={t('network.filter.to')} t={t} form={form} type="date" />
        <SelectField name="orgId" label={t('network.field.organisation')} t={t} form={form} placeholder={t('network.filter.all')} options={p.orgs.map((o) => ({ value: o.id, label: o.name }))} />
        <SelectField name="personId" label={t('network.field.person')} t={t} form={form} placeholder={t('network.filter.all')} options={p.people.map((o) => ({ value: o.id, label: o.name }))} />
        <SelectField name="topicId" label={t('network.field.topic')} t={t} form={form} placeholder={t('network.filter.all')} options={p.lookups.topics.map((x) => ({ value: x.id, label: label(x.labels, p.locale) }))} />
        <Checkbox name="followUp" label={t('network.filter.followUpOpen')} t={t} form={form} />
        <SubmitButton label={t('network.filter.apply')} variant="secondary" />
      </form>
      <p>
        <a class="kern-link" href={`/staff/network/contacts/export.csv${p.queryString ? `?${p.queryString}` : ''}`}>
          {t('network.contacts.csv')}
        </a>
      </p>
      <ContactsTable t={t} locale={p.locale} items={p.items} lookups={p.lookups} caption={t('network.contacts.caption', { count: p.total })} captionHidden={false} today={p.today} csrfToken={p.csrfToken} canEdit={p.canEdit} />
      <Pagination t={t} total={p.total} limit={50} offset={p.offset} baseHref={`/staff/network/contacts${p.queryString ? `?${p.queryString}` : ''}`} />
    </div>
  );
}

export function ContactFormPage(p: ViewBase & { form: FormState; lookups: Lookups; orgs: { id: string; name: string }[]; people: { id: string; name: string }[]; action: string; heading: string; csrfToken: string }) {
  const { t, form } = p;
  return (
    <div class="q-stack q-narrow">
      <h1 class="kern-heading-large">{p.heading}</h1>
      <ErrorSummary form={form} t={t} />
      <Form action={p.action} csrfToken={p.csrfToken}>
        <TextField name="occurredOn" label={t('network.field.date')} t={t} form={form} type="date" required />
        <RadioGroup name="channel" legend={t('network.field.channel')} t={t} form={form} required options={CHANNELS.map((c) => ({ value: c, label: t(`network.channel.${c}`) }))} />
        <SelectField name="areaId" label={t('network.field.area')} t={t} form={form} placeholder={t('network.form.noArea')} options={p.lookups.editAreas.map((a) => ({ value: a.id, label: a.name }))} />
        <CheckboxGroup name="orgIds" legend={t('network.field.organisations')} hint={t('network.form.participantsHint')} t={t} form={form} options={p.orgs.map((o) => ({ value: o.id, label: o.name }))} />
        <CheckboxGroup name="personIds" legend={t('network.field.people')} t={t} form={form} options={p.people.map((o) => ({ value: o.id, label: o.name }))} />
        <CheckboxGroup name="topicIds" legend={t('network.field.topics')} t={t} form={form} options={p.lookups.topics.map((x) => ({ value: x.id, label: label(x.labels, p.locale) }))} />
        <NoCaseFilesHint t={t} />
        <TextArea name="note" label={t('network.field.note')} hint={t('network.form.noteHint')} t={t} form={form} rows={4} maxlength={1000} />
        <TextField name="followUpOn" label={t('network.field.followUp')} hint={t('network.form.followUpHint')} t={t} form={form} type="date" />
        <div class="q-actions">
          <SubmitButton label={t('network.form.save')} />
          <LinkButton href="/staff/network/contacts" label={t('network.form.cancel')} variant="tertiary" />
        </div>
      </Form>
    </div>
  );
}

export function QuietPage(p: ViewBase & NavFlags & { query: Record<string, unknown>; lookups: Lookups; items: QuietActor[] | null; areaName: string | null; months: number }) {
  const { t } = p;
  const form: FormState = { values: p.query, errors: [] };
  return (
    <div class="q-stack">
      <h1 class="kern-heading-large">{t('network.quiet.heading')}</h1>
      <SubNav t={t} current="quiet" canGdpr={p.canGdpr} canTypes={p.canTypes} />
      <p class="kern-body">{t('network.quiet.intro')}</p>
      <form method="get" action="/staff/network/quiet" class="q-filter">
        <SelectField name="areaId" label={t('network.field.area')} t={t} form={form} required placeholder={t('network.form.choose')} options={p.lookups.areas.map((a) => ({ value: a.id, label: a.name }))} />
        <TextField name="months" label={t('network.quiet.months')} t={t} form={form} inputmode="numeric" width={4} required />
        <SubmitButton label={t('network.filter.apply')} variant="secondary" />
      </form>
      {p.items && (
        <Table
          caption={t('network.quiet.caption', { area: p.areaName ?? '', months: p.months, count: p.items.length })}
          empty={t('network.quiet.none')}
          rows={p.items}
          columns={[
            { header: t('network.quiet.kind'), cell: (a: QuietActor) => t(`network.quiet.${a.kind}`) },
            {
              header: t('network.field.name'),
              cell: (a: QuietActor) => (
                <a class="kern-link" href={`/staff/network/${a.kind === 'organisation' ? 'organisations' : 'people'}/${a.id}`}>
                  {a.name}
                </a>
              ),
            },
            { header: t('network.field.lastContact'), cell: (a: QuietActor) => (a.lastContactOn ? day(p.locale, a.lastContactOn) : t('network.quiet.never')) },
          ]}
        />
      )}
    </div>
  );
}
