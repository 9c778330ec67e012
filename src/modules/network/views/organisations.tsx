/** @jsxImportSource hono/jsx */
/** Organisation pages: list with filters, create/edit form, detail with relationships, people and contacts. */
import type { Child } from 'hono/jsx';
import {
  CheckboxGroup,
  ErrorSummary,
  Form,
  LinkButton,
  Pagination,
  RadioGroup,
  SelectField,
  SubmitButton,
  Table,
  TextArea,
  TextField,
  type FormState,
} from '../../../platform/ui/components';
import type { Contact, Membership, Organisation, Relationship } from '../network.types';
import { LOGICS, RELATIONSHIP_KINDS } from '../network.types';
import { ContactsTable } from './contacts';
import { areaNames, day, Facts, label, NoCaseFilesHint, PostButton, SubNav, topicNames, type Lookups, type ViewBase } from './common';

export interface NavFlags {
  canGdpr: boolean;
  canTypes: boolean;
  canEdit: boolean;
}

export function OrgListPage(p: ViewBase & NavFlags & { items: Organisation[]; total: number; offset: number; query: Record<string, unknown>; queryString: string; lookups: Lookups }) {
  const { t } = p;
  const form: FormState = { values: p.query, errors: [] };
  return (
    <div class="q-stack">
      <h1 class="kern-heading-large">{t('network.orgs.heading')}</h1>
      <SubNav t={t} current="organisations" canGdpr={p.canGdpr} canTypes={p.canTypes} />
      {p.canEdit && (
        <div class="q-actions">
          <LinkButton href="/staff/network/organisations/new" label={t('network.orgs.new')} variant="primary" />
        </div>
      )}
      <form method="get" action="/staff/network/organisations" class="q-filter">
        <TextField name="q" label={t('network.filter.q')} t={t} form={form} type="search" />
        <SelectField name="areaId" label={t('network.field.area')} t={t} form={form} placeholder={t('network.filter.all')} options={p.lookups.areas.map((a) => ({ value: a.id, label: a.name }))} />
        <SelectField name="topicId" label={t('network.field.topic')} t={t} form={form} placeholder={t('network.filter.all')} options={p.lookups.topics.map((x) => ({ value: x.id, label: label(x.labels, p.locale) }))} />
        <SelectField name="typeId" label={t('network.field.type')} t={t} form={form} placeholder={t('network.filter.all')} options={p.lookups.types.map((x) => ({ value: x.id, label: label(x.labels, p.locale) }))} />
        <SelectField name="logic" label={t('network.field.logic')} t={t} form={form} placeholder={t('network.filter.all')} options={LOGICS.map((l) => ({ value: l, label: t(`network.logic.${l}`) }))} />
        <SubmitButton label={t('network.filter.apply')} variant="secondary" />
      </form>
      <p>
        <a class="kern-link" href={`/staff/network/organisations/export.csv${p.queryString ? `?${p.queryString}` : ''}`}>
          {t('network.orgs.csv')}
        </a>
      </p>
      <Table
        caption={t('network.orgs.caption', { count: p.total })}
        empty={t('network.orgs.none')}
        rows={p.items}
        columns={[
          {
            header: t('network.field.name'),
            cell: (o: Organisation) => (
              <a class="kern-link" href={`/staff/network/organisations/${o.id}`}>
                {o.name}
              </a>
            ),
          },
          { header: t('network.field.type'), cell: (o: Organisation) => label(o.typeLabels, p.locale) },
          { header: t('network.field.logic'), cell: (o: Organisation) => t(`network.logic.${o.logic}`) },
          { header: t('network.field.areas'), cell: (o: Organisation) => areaNames(p.lookups, o.areaIds) },
          { header: t('network.field.topics'), cell: (o: Organisation) => topicNames(p.lookups, o.topicIds, p.locale) },
        ]}
      />
      <Pagination t={t} total={p.total} limit={50} offset={p.offset} baseHref={`/staff/network/organisations${p.queryString ? `?${p.queryString}` : ''}`} />
    </div>
  );
}

export function OrgFormPage(p: ViewBase & { form: FormState; lookups: Lookups; action: string; csrfToken: string; heading: string; cancelHref: string; map?: Child }) {
  const { t, form } = p;
  return (
    <div class="q-stack q-narrow">
      <h1 class="kern-heading-large">{p.heading}</h1>
      <ErrorSummary form={form} t={t} />
      <Form action={p.action} csrfToken={p.csrfToken}>
        <TextField name="name" label={t('network.field.name')} t={t} form={form} required maxlength={200} />
        <SelectField name="typeId" label={t('network.field.type')} t={t} form={form} required placeholder={t('network.form.choose')} options={p.lookups.types.map((x) => ({ value: x.id, label: label(x.labels, p.locale) }))} />
        <RadioGroup
          name="logic"
          legend={t('network.field.logic')}
          hint={t('network.form.logicHint')}
          t={t}
          form={form}
          required
          options={LOGICS.map((l) => ({ value: l, label: t(`network.logic.${l}`) }))}
        />
        <CheckboxGroup name="areaIds" legend={t('network.field.areas')} hint={t('network.form.areasHint')} t={t} form={form} required options={p.lookups.editAreas.map((a) => ({ value: a.id, label: a.name }))} />
        <CheckboxGroup name="topicIds" legend={t('network.field.topics')} t={t} form={form} options={p.lookups.topics.map((x) => ({ value: x.id, label: label(x.labels, p.locale) }))} />
        <TextField name="address" label={t('network.field.address')} t={t} form={form} autocomplete="street-address" maxlength={300} />
        <fieldset class="kern-fieldset">
          <legend class="kern-label">{t('network.form.location')}</legend>
          <div class="kern-hint">{t('network.form.locationHint')}</div>
          <div class="kern-fieldset__body">
            <TextField name="lat" label={t('network.field.lat')} t={t} form={form} inputmode="decimal" width={4} />
            <TextField name="lon" label={t('network.field.lon')} t={t} form={form} inputmode="decimal" width={4} />
          </div>
        </fieldset>
        {p.map}
        <TextField name="email" label={t('network.field.orgEmail')} t={t} form={form} type="email" autocomplete="off" maxlength={200} />
        <TextField name="phone" label={t('network.field.phone')} t={t} form={form} type="tel" autocomplete="off" maxlength={40} />
        <TextField name="website" label={t('network.field.website')} t={t} form={form} type="url" maxlength={300} hint={t('network.form.websiteHint')} />
        <TextArea name="channels" label={t('network.field.channels')} hint={t('network.form.channelsHint')} t={t} form={form} rows={3} maxlength={500} />
        <NoCaseFilesHint t={t} />
        <TextArea name="notes" label={t('network.field.notes')} hint={t('network.form.notesHint')} t={t} form={form} rows={4} maxlength={2000} />
        <div class="q-actions">
          <SubmitButton label={t('network.form.save')} />
          <LinkButton href={p.cancelHref} label={t('network.form.cancel')} variant="tertiary" />
        </div>
      </Form>
    </div>
  );
}

export function OrgDetailPage(
  p: ViewBase &
    NavFlags & {
      org: Organisation;
      relationships: Relationship[];
      memberships: Membership[];
      contacts: Contact[];
      lastContactOn: string | null;
      lookups: Lookups;
      otherOrgs: { id: string; name: string }[];
      readableOrgIds: Set<string>;
      csrfToken: string;
      relForm: FormState;
      map?: Child;
    },
) {
  const { t, org } = p;
  const relCell = (r: Relationship) => {
    const outgoing = r.fromOrgId === org.id;
    const otherId = outgoing ? r.toOrgId : r.fromOrgId;
    const otherName = outgoing ? r.toName : r.fromName;
    return (
      <>
        {outgoing ? t(`network.rel.${r.kind}`) : t(`network.relInverse.${r.kind}`)}{' '}
        {p.readableOrgIds.has(otherId) ? (
          <a class="kern-link" href={`/staff/network/organisations/${otherId}`}>
            {otherName}
          </a>
        ) : (
          otherName
        )}
      </>
    );
  };
  return (
    <div class="q-stack">
      <div class="q-heading-row">
        <h1 class="kern-heading-large">{org.name}</h1>
        {p.canEdit && <LinkButton href={`/staff/network/organisations/${org.id}/edit`} label={t('network.orgs.edit')} />}
      </div>
      <SubNav t={t} current="organisations" canGdpr={p.canGdpr} canTypes={p.canTypes} />
      <Facts
        rows={[
          [t('network.field.type'), label(org.typeLabels, p.locale)],
          [t('network.field.logic'), t(`network.logic.${org.logic}`)],
          [t('network.field.areas'), areaNames(p.lookups, org.areaIds)],
          [t('network.field.topics'), topicNames(p.lookups, org.topicIds, p.locale)],
          [t('network.field.address'), org.address ?? '–'],
          [t('network.field.district'), org.districtName ? `${org.districtNumber} ${org.districtName}` : '–'],
          [t('network.field.orgEmail'), org.email ? <a class="kern-link" href={`mailto:${org.email}`}>{org.email}</a> : '–'],
          [t('network.field.phone'), org.phone ?? '–'],
          [t('network.field.website'), org.website ? <a class="kern-link" href={org.website} rel="noopener noreferrer">{org.website}</a> : '–'],
          [t('network.field.channels'), org.channels ? <span class="q-concern-text">{org.channels}</span> : '–'],
          [t('network.field.notes'), org.notes ? <span class="q-concern-text">{org.notes}</span> : '–'],
          [t('network.field.lastContact'), day(p.locale, p.lastContactOn)],
        ]}
      />
      {p.map}

      <section class="q-stack" aria-labelledby="rel-heading">
        <h2 class="kern-heading-medium" id="rel-heading">
          {t('network.rel.heading')}
        </h2>
        <Table
          caption={t('network.rel.caption')}
          captionHidden
          empty={t('network.rel.none')}
          rows={p.relationships}
          columns={[
            { header: t('network.rel.relation'), cell: relCell },
            { header: t('network.field.from'), cell: (r: Relationship) => day(p.locale, r.startsOn) },
            { header: t('network.field.until'), cell: (r: Relationship) => day(p.locale, r.endsOn) },
            { header: t('network.field.relNote'), cell: (r: Relationship) => r.note ?? '–' },
            ...(p.canEdit
              ? [
                  {
                    header: t('network.form.actions'),
                    cell: (r: Relationship) => <PostButton action={`/staff/network/organisations/${org.id}/relationships/${r.id}/delete`} csrfToken={p.csrfToken} label={t('network.rel.remove')} variant="tertiary" />,
                  },
                ]
              : []),
          ]}
        />
        {p.canEdit && (
          <details open={p.relForm.errors.length > 0 || undefined}>
            <summary class="kern-link">{t('network.rel.add')}</summary>
            <ErrorSummary form={p.relForm} t={t} />
            <Form action={`/staff/network/organisations/${org.id}/relationships`} csrfToken={p.csrfToken}>
              <SelectField name="kind" label={t('network.rel.kind')} t={t} form={p.relForm} required options={RELATIONSHIP_KINDS.map((k) => ({ value: k, label: t(`network.rel.${k}`) }))} />
              <SelectField name="toOrgId" label={t('network.rel.other')} t={t} form={p.relForm} required placeholder={t('network.form.choose')} options={p.otherOrgs.map((o) => ({ value: o.id, label: o.name }))} />
              <TextField name="startsOn" label={t('network.field.from')} t={t} form={p.relForm} type="date" />
              <TextField name="endsOn" label={t('network.field.until')} t={t} form={p.relForm} type="date" />
              <TextField name="note" label={t('network.field.relNote')} t={t} form={p.relForm} maxlength={300} />
              <SubmitButton label={t('network.rel.save')} variant="secondary" />
            </Form>
          </details>
        )}
      </section>

      <section class="q-stack" aria-labelledby="people-heading">
        <h2 class="kern-heading-medium" id="people-heading">
          {t('network.orgs.people')}
        </h2>
        <Table
          caption={t('network.orgs.people')}
          captionHidden
          empty={t('network.orgs.noPeople')}
          rows={p.memberships}
          columns={[
            {
              header: t('network.field.name'),
              cell: (m: Membership) => (
                <a class="kern-link" href={`/staff/network/people/${m.personId}`}>
                  {m.personName}
                </a>
              ),
            },
            { header: t('network.field.role'), cell: (m: Membership) => m.role ?? '–' },
            { header: t('network.field.from'), cell: (m: Membership) => day(p.locale, m.startsOn) },
            { header: t('network.field.until'), cell: (m: Membership) => day(p.locale, m.endsOn) },
          ]}
        />
      </section>

      <section class="q-stack" aria-labelledby="contacts-heading">
        <div class="q-heading-row">
          <h2 class="kern-heading-medium" id="contacts-heading">
            {t('network.contacts.recent')}
          </h2>
          {p.canEdit && <LinkButton href={`/staff/network/contacts/new?orgIds=${org.id}`} label={t('network.contacts.new')} />}
        </div>
        <ContactsTable t={t} locale={p.locale} items={p.contacts} lookups={p.lookups} caption={t('network.contacts.recent')} />
        <p>
          <a class="kern-link" href={`/staff/network/contacts?orgId=${org.id}`}>
            {t('network.contacts.all')}
          </a>
        </p>
      </section>
    </div>
  );
}
