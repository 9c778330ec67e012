/** @jsxImportSource hono/jsx */
/** People pages: list, new (with legal basis), edit, detail (memberships, legal basis, contacts), GDPR data and erasure, review list. */
import { formatDateTime } from '../../../platform/i18n';
import { Alert, CheckboxGroup, ErrorSummary, Form, LinkButton, Pagination, RadioGroup, SelectField, SubmitButton, Table, TextField, type FormState } from '../../../platform/ui/components';
import type { PersonExport } from '../network.service';
import type { Consent, Contact, Membership, Person } from '../network.types';
import { CONSENT_BASES, CONSENT_METHODS } from '../network.types';
import { areaNames, day, Facts, PostButton, SubNav, type Lookups, type ViewBase } from './common';
import { ContactsTable } from './contacts';
import type { NavFlags } from './organisations';

function orgsOf(ms: Membership[] | undefined): string {
  if (!ms || ms.length === 0) return '–';
  return ms.map((m) => (m.role ? `${m.orgName} (${m.role})` : m.orgName)).join(', ');
}

export function PersonListPage(p: ViewBase & NavFlags & { items: Person[]; memberships: Map<string, Membership[]>; total: number; offset: number; query: Record<string, unknown>; queryString: string; lookups: Lookups; orgs: { id: string; name: string }[] }) {
  const { t } = p;
  const form: FormState = { values: p.query, errors: [] };
  return (
    <div class="q-stack">
      <h1 class="kern-heading-large">{t('network.people.heading')}</h1>
      <SubNav t={t} current="people" canGdpr={p.canGdpr} canTypes={p.canTypes} />
      {p.canEdit && (
        <div class="q-actions">
          <LinkButton href="/staff/network/people/new" label={t('network.people.new')} variant="primary" />
        </div>
      )}
      <form method="get" action="/staff/network/people" class="q-filter">
        <TextField name="q" label={t('network.filter.q')} t={t} form={form} type="search" />
        <SelectField name="areaId" label={t('network.field.area')} t={t} form={form} placeholder={t('network.filter.all')} options={p.lookups.areas.map((a) => ({ value: a.id, label: a.name }))} />
        <SelectField name="orgId" label={t('network.field.organisation')} t={t} form={form} placeholder={t('network.filter.all')} options={p.orgs.map((o) => ({ value: o.id, label: o.name }))} />
        <SubmitButton label={t('network.filter.apply')} variant="secondary" />
      </form>
      <Table
        caption={t('network.people.caption', { count: p.total })}
        empty={t('network.people.none')}
        rows={p.items}
        columns={[
          {
            header: t('network.field.name'),
            cell: (x: Person) => (
              <a class="kern-link" href={`/staff/network/people/${x.id}`}>
                {x.name}
              </a>
            ),
          },
          { header: t('network.field.organisations'), cell: (x: Person) => orgsOf(p.memberships.get(x.id)) },
          { header: t('network.field.areas'), cell: (x: Person) => areaNames(p.lookups, x.areaIds) },
          { header: t('network.field.lastActivity'), cell: (x: Person) => day(p.locale, x.lastActivityAt) },
        ]}
      />
      <Pagination t={t} total={p.total} limit={50} offset={p.offset} baseHref={`/staff/network/people${p.queryString ? `?${p.queryString}` : ''}`} />
    </div>
  );
}

function ConsentFields(p: ViewBase & { form: FormState }) {
  const { t, form } = p;
  return (
    <>
      <RadioGroup name="basis" legend={t('network.consent.basis')} hint={t('network.consent.basisHint')} t={t} form={form} required options={CONSENT_BASES.map((b) => ({ value: b, label: t(`network.basis.${b}`) }))} />
      <TextField name="purpose" label={t('network.consent.purpose')} hint={t('network.consent.purposeHint')} t={t} form={form} required maxlength={300} />
      <SelectField name="method" label={t('network.consent.method')} t={t} form={form} required placeholder={t('network.form.choose')} options={CONSENT_METHODS.map((m) => ({ value: m, label: t(`network.method.${m}`) }))} />
      <TextField name="givenOn" label={t('network.consent.givenOn')} t={t} form={form} type="date" required />
    </>
  );
}

function PersonFields(p: ViewBase & { form: FormState; lookups: Lookups }) {
  const { t, form } = p;
  return (
    <>
      <TextField name="name" label={t('network.field.name')} t={t} form={form} required maxlength={200} autocomplete="off" />
      <TextField name="email" label={t('network.field.workEmail')} t={t} form={form} type="email" autocomplete="off" maxlength={200} />
      <TextField name="phone" label={t('network.field.workPhone')} t={t} form={form} type="tel" autocomplete="off" maxlength={40} />
      <CheckboxGroup name="areaIds" legend={t('network.field.areas')} hint={t('network.people.areasHint')} t={t} form={form} required options={p.lookups.editAreas.map((a) => ({ value: a.id, label: a.name }))} />
    </>
  );
}

export function PersonNewPage(p: ViewBase & { form: FormState; lookups: Lookups; orgs: { id: string; name: string }[]; csrfToken: string }) {
  const { t, form } = p;
  return (
    <div class="q-stack q-narrow">
      <h1 class="kern-heading-large">{t('network.people.new')}</h1>
      <Alert kind="info" title={t('network.people.minimalTitle')}>
        <p class="kern-body">{t('network.people.minimalText')}</p>
      </Alert>
      <ErrorSummary form={form} t={t} />
      <Form action="/staff/network/people" csrfToken={p.csrfToken}>
        <PersonFields t={t} locale={p.locale} form={form} lookups={p.lookups} />
        <fieldset class="kern-fieldset">
          <legend class="kern-label">{t('network.people.membershipLegend')}</legend>
          <div class="kern-fieldset__body">
            <SelectField name="orgId" label={t('network.field.organisation')} t={t} form={form} placeholder={t('network.form.none')} options={p.orgs.map((o) => ({ value: o.id, label: o.name }))} />
            <TextField name="role" label={t('network.field.role')} t={t} form={form} maxlength={120} />
          </div>
        </fieldset>
        <fieldset class="kern-fieldset">
          <legend class="kern-label">{t('network.consent.legend')}</legend>
          <div class="kern-fieldset__body">
            <ConsentFields t={t} locale={p.locale} form={form} />
          </div>
        </fieldset>
        <div class="q-actions">
          <SubmitButton label={t('network.form.save')} />
          <LinkButton href="/staff/network/people" label={t('network.form.cancel')} variant="tertiary" />
        </div>
      </Form>
    </div>
  );
}

export function PersonEditPage(p: ViewBase & { form: FormState; lookups: Lookups; person: Person; csrfToken: string }) {
  const { t, form } = p;
  return (
    <div class="q-stack q-narrow">
      <h1 class="kern-heading-large">{t('network.people.editHeading', { name: p.person.name })}</h1>
      <ErrorSummary form={form} t={t} />
      <Form action={`/staff/network/people/${p.person.id}`} csrfToken={p.csrfToken}>
        <PersonFields t={t} locale={p.locale} form={form} lookups={p.lookups} />
        <div class="q-actions">
          <SubmitButton label={t('network.form.save')} />
          <LinkButton href={`/staff/network/people/${p.person.id}`} label={t('network.form.cancel')} variant="tertiary" />
        </div>
      </Form>
    </div>
  );
}

export function PersonDetailPage(
  p: ViewBase &
    NavFlags & {
      person: Person;
      memberships: Membership[];
      consents: Consent[];
      contacts: Contact[];
      hasBasis: boolean;
      flagged: boolean;
      reviewMonths: number;
      lookups: Lookups;
      orgs: { id: string; name: string }[];
      csrfToken: string;
      memForm: FormState;
      consentForm: FormState;
    },
) {
  const { t, person } = p;
  return (
    <div class="q-stack">
      <div class="q-heading-row">
        <h1 class="kern-heading-large">{person.name}</h1>
        {p.canEdit && <LinkButton href={`/staff/network/people/${person.id}/edit`} label={t('network.people.edit')} />}
      </div>
      <SubNav t={t} current="people" canGdpr={p.canGdpr} canTypes={p.canTypes} />
      {!p.hasBasis && (
        <Alert kind="warning" title={t('network.people.noBasisTitle')}>
          <p class="kern-body">{t('network.people.noBasisText')}</p>
        </Alert>
      )}
      {p.flagged && (
        <Alert kind="warning" title={t('network.review.flagTitle')}>
          <p class="kern-body">{t('network.review.flagText', { months: p.reviewMonths })}</p>
        </Alert>
      )}
      <Facts
        rows={[
          [t('network.field.workEmail'), person.email ? <a class="kern-link" href={`mailto:${person.email}`}>{person.email}</a> : '–'],
          [t('network.field.workPhone'), person.phone ?? '–'],
          [t('network.field.areas'), areaNames(p.lookups, person.areaIds)],
          [t('network.field.lastActivity'), day(p.locale, person.lastActivityAt)],
        ]}
      />

      <section class="q-stack" aria-labelledby="mem-heading">
        <h2 class="kern-heading-medium" id="mem-heading">
          {t('network.people.memberships')}
        </h2>
        <Table
          caption={t('network.people.memberships')}
          captionHidden
          empty={t('network.people.noMemberships')}
          rows={p.memberships}
          columns={[
            {
              header: t('network.field.organisation'),
              cell: (m: Membership) => (
                <a class="kern-link" href={`/staff/network/organisations/${m.orgId}`}>
                  {m.orgName}
                </a>
              ),
            },
            { header: t('network.field.role'), cell: (m: Membership) => m.role ?? '–' },
            { header: t('network.field.from'), cell: (m: Membership) => day(p.locale, m.startsOn) },
            { header: t('network.field.until'), cell: (m: Membership) => day(p.locale, m.endsOn) },
            ...(p.canEdit
              ? [{ header: t('network.form.actions'), cell: (m: Membership) => <PostButton action={`/staff/network/people/${person.id}/memberships/${m.id}/delete`} csrfToken={p.csrfToken} label={t('network.people.removeMembership')} variant="tertiary" /> }]
              : []),
          ]}
        />
        {p.canEdit && (
          <details open={p.memForm.errors.length > 0 || undefined}>
            <summary class="kern-link">{t('network.people.addMembership')}</summary>
            <ErrorSummary form={p.memForm} t={t} />
            <Form action={`/staff/network/people/${person.id}/memberships`} csrfToken={p.csrfToken}>
              <SelectField name="orgId" label={t('network.field.organisation')} t={t} form={p.memForm} required placeholder={t('network.form.choose')} options={p.orgs.map((o) => ({ value: o.id, label: o.name }))} />
              <TextField name="role" label={t('network.field.role')} t={t} form={p.memForm} maxlength={120} />
              <TextField name="startsOn" label={t('network.field.from')} t={t} form={p.memForm} type="date" />
              <TextField name="endsOn" label={t('network.field.until')} t={t} form={p.memForm} type="date" />
              <SubmitButton label={t('network.people.addMembership')} variant="secondary" />
            </Form>
          </details>
        )}
      </section>

      <section class="q-stack" aria-labelledby="consent-heading">
        <h2 class="kern-heading-medium" id="consent-heading">
          {t('network.consent.heading')}
        </h2>
        <Table
          caption={t('network.consent.heading')}
          captionHidden
          empty={t('network.consent.none')}
          rows={p.consents}
          columns={[
            { header: t('network.consent.basis'), cell: (c: Consent) => t(`network.basis.${c.basis}`) },
            { header: t('network.consent.purpose'), cell: (c: Consent) => c.purpose },
            { header: t('network.consent.method'), cell: (c: Consent) => t(`network.method.${c.method}`) },
            { header: t('network.consent.givenOn'), cell: (c: Consent) => day(p.locale, c.givenOn) },
            { header: t('network.consent.withdrawnOn'), cell: (c: Consent) => day(p.locale, c.withdrawnOn) },
            ...(p.canEdit
              ? [
                  {
                    header: t('network.form.actions'),
                    cell: (c: Consent) => (c.withdrawnOn ? '–' : <PostButton action={`/staff/network/people/${person.id}/consents/${c.id}/withdraw`} csrfToken={p.csrfToken} label={t('network.consent.withdraw')} variant="tertiary" />),
                  },
                ]
              : []),
          ]}
        />
        {p.canEdit && (
          <details open={p.consentForm.errors.length > 0 || undefined}>
            <summary class="kern-link">{t('network.consent.add')}</summary>
            <ErrorSummary form={p.consentForm} t={t} />
            <Form action={`/staff/network/people/${person.id}/consents`} csrfToken={p.csrfToken}>
              <ConsentFields t={t} locale={p.locale} form={p.consentForm} />
              <SubmitButton label={t('network.consent.add')} variant="secondary" />
            </Form>
          </details>
        )}
      </section>

      <section class="q-stack" aria-labelledby="contacts-heading">
        <div class="q-heading-row">
          <h2 class="kern-heading-medium" id="contacts-heading">
            {t('network.contacts.recent')}
          </h2>
          {p.canEdit && <LinkButton href={`/staff/network/contacts/new?personIds=${person.id}`} label={t('network.contacts.new')} />}
        </div>
        <ContactsTable t={t} locale={p.locale} items={p.contacts} lookups={p.lookups} caption={t('network.contacts.recent')} />
      </section>

      {p.canGdpr && (
        <section class="q-stack" aria-labelledby="gdpr-heading">
          <h2 class="kern-heading-medium" id="gdpr-heading">
            {t('network.gdpr.heading')}
          </h2>
          <ul class="kern-list">
            <li>
              <a class="kern-link" href={`/staff/network/people/${person.id}/data`}>
                {t('network.gdpr.page')}
              </a>
            </li>
            <li>
              <a class="kern-link" href={`/staff/network/people/${person.id}/data.json`}>
                {t('network.gdpr.json')}
              </a>
            </li>
            <li>
              <a class="kern-link" href={`/staff/network/people/${person.id}/erase`}>
                {t('network.gdpr.erase')}
              </a>
            </li>
          </ul>
        </section>
      )}
    </div>
  );
}

export function PersonDataPage(p: ViewBase & { data: PersonExport }) {
  const { t, data } = p;
  return (
    <div class="q-stack">
      <h1 class="kern-heading-large">{t('network.gdpr.pageHeading', { name: data.person.name })}</h1>
      <p class="kern-body">{t('network.gdpr.pageIntro', { at: formatDateTime(p.locale, data.exportedAt) })}</p>
      <p>
        <a class="kern-link" href={`/staff/network/people/${data.person.id}/data.json`}>
          {t('network.gdpr.json')}
        </a>
      </p>
      <h2 class="kern-heading-medium">{t('network.gdpr.person')}</h2>
      <Facts
        rows={[
          [t('network.field.name'), data.person.name],
          [t('network.field.workEmail'), data.person.email ?? '–'],
          [t('network.field.workPhone'), data.person.phone ?? '–'],
          [t('network.field.areas'), data.person.programmeAreas.join(', ') || '–'],
          [t('network.gdpr.createdAt'), formatDateTime(p.locale, data.person.createdAt)],
          [t('network.field.lastActivity'), formatDateTime(p.locale, data.person.lastActivityAt)],
        ]}
      />
      <Table
        caption={t('network.people.memberships')}
        empty={t('network.people.noMemberships')}
        rows={data.memberships}
        columns={[
          { header: t('network.field.organisation'), cell: (m) => m.organisation },
          { header: t('network.field.role'), cell: (m) => m.role ?? '–' },
          { header: t('network.field.from'), cell: (m) => day(p.locale, m.startsOn) },
          { header: t('network.field.until'), cell: (m) => day(p.locale, m.endsOn) },
        ]}
      />
      <Table
        caption={t('network.consent.heading')}
        empty={t('network.consent.none')}
        rows={data.legalBasis}
        columns={[
          { header: t('network.consent.basis'), cell: (c) => t(`network.basis.${c.basis}`) },
          { header: t('network.consent.purpose'), cell: (c) => c.purpose },
          { header: t('network.consent.method'), cell: (c) => t(`network.method.${c.method}`) },
          { header: t('network.consent.givenOn'), cell: (c) => day(p.locale, c.givenOn) },
          { header: t('network.consent.withdrawnOn'), cell: (c) => day(p.locale, c.withdrawnOn) },
        ]}
      />
      <Table
        caption={t('network.contacts.heading')}
        empty={t('network.contacts.none')}
        rows={data.contacts}
        columns={[
          { header: t('network.field.date'), cell: (c) => day(p.locale, c.date) },
          { header: t('network.field.channel'), cell: (c) => t(`network.channel.${c.channel}`) },
          { header: t('network.field.organisations'), cell: (c) => c.organisations.join(', ') || '–' },
          { header: t('network.field.topics'), cell: (c) => c.topics.join(', ') || '–' },
          { header: t('network.field.note'), cell: (c) => c.note ?? '–' },
        ]}
      />
      <Table
        caption={t('network.gdpr.audit')}
        empty={t('network.gdpr.noAudit')}
        rows={data.auditTrail}
        columns={[
          { header: t('network.gdpr.when'), cell: (a) => formatDateTime(p.locale, a.at) },
          { header: t('network.gdpr.action'), cell: (a) => a.action },
          { header: t('network.gdpr.fields'), cell: (a) => a.fields.join(', ') || '–' },
        ]}
      />
      <h2 class="kern-heading-medium">{t('network.gdpr.other')}</h2>
      {Object.keys(data.otherModules).length === 0 ? (
        <p class="kern-body">{t('network.gdpr.noOther')}</p>
      ) : (
        Object.entries(data.otherModules).map(([name, value]) => (
          <section aria-label={name}>
            <h3 class="kern-heading-small">{name}</h3>
            <pre class="q-code">{JSON.stringify(value, null, 2)}</pre>
          </section>
        ))
      )}
    </div>
  );
}

export function EraseConfirmPage(p: ViewBase & { person: Person; csrfToken: string; form: FormState }) {
  const { t } = p;
  return (
    <div class="q-stack q-narrow">
      <h1 class="kern-heading-large">{t('network.gdpr.eraseHeading', { name: p.person.name })}</h1>
      <Alert kind="danger" title={t('network.gdpr.eraseWarnTitle')}>
        <p class="kern-body">{t('network.gdpr.eraseWarnText')}</p>
      </Alert>
      <ErrorSummary form={p.form} t={t} />
      <Form action={`/staff/network/people/${p.person.id}/erase`} csrfToken={p.csrfToken}>
        <TextField name="confirm" label={t('network.gdpr.confirmLabel')} hint={t('network.gdpr.confirmHint')} t={t} form={p.form} required autocomplete="off" />
        <div class="q-actions">
          <SubmitButton label={t('network.gdpr.eraseButton')} />
          <LinkButton href={`/staff/network/people/${p.person.id}`} label={t('network.form.cancel')} variant="tertiary" />
        </div>
      </Form>
    </div>
  );
}

export function ReviewPage(p: ViewBase & NavFlags & { items: Person[]; months: number; lookups: Lookups }) {
  const { t } = p;
  return (
    <div class="q-stack">
      <h1 class="kern-heading-large">{t('network.review.heading')}</h1>
      <SubNav t={t} current="review" canGdpr={p.canGdpr} canTypes={p.canTypes} />
      <p class="kern-body">{t('network.review.intro', { months: p.months })}</p>
      <Table
        caption={t('network.review.caption', { count: p.items.length })}
        empty={t('network.review.none')}
        rows={p.items}
        columns={[
          {
            header: t('network.field.name'),
            cell: (x: Person) => (
              <a class="kern-link" href={`/staff/network/people/${x.id}`}>
                {x.name}
              </a>
            ),
          },
          { header: t('network.field.areas'), cell: (x: Person) => areaNames(p.lookups, x.areaIds) },
          { header: t('network.field.lastActivity'), cell: (x: Person) => day(p.locale, x.lastActivityAt) },
          {
            header: t('network.form.actions'),
            cell: (x: Person) => (
              <a class="kern-link" href={`/staff/network/people/${x.id}/erase`}>
                {t('network.gdpr.erase')}
              </a>
            ),
          },
        ]}
      />
    </div>
  );
}
