/** @jsxImportSource hono/jsx */
/**
 * Staff pages of the network module under /staff/network: the network view (graph + tables), organisations,
 * people, the contact log (with CSV), actors not contacted for N months, the GDPR review list, the person's data
 * (page and JSON) and erasure, and the organisation type catalogue. Ids are matched by pattern (:id{org_…}) so
 * /new and /export.csv never collide with them. A route acting on one record checks its scope (in the service)
 * before it validates the input.
 */
import { Hono, type Context } from 'hono';
import { can } from '../../platform/auth/policy';
import { AppError } from '../../platform/errors';
import type { AppEnv } from '../../platform/http/context';
import { readForm, validate, type FormValues } from '../../platform/http/forms';
import { redirectWithNotice } from '../../platform/http/notice';
import { render } from '../../platform/http/render';
import { svc } from '../../platform/http/service-context';
import { emptyForm, type FormState } from '../../platform/ui/components';
import { tileSourceFromConfig } from '../../platform/ui/map';
import { listAreasWithGeometry, listDistrictsWithGeometry } from '../territory';
import {
  consentSchema,
  contactFilterSchema,
  contactSchema,
  graphQuerySchema,
  membershipSchema,
  newPersonSchema,
  orgFilterSchema,
  organisationSchema,
  personFilterSchema,
  personSchema,
  quietQuerySchema,
  relationshipSchema,
  typeSchema,
} from './network.schema';
import {
  addConsent,
  addMembership,
  addRelationship,
  contactsCsv,
  createOrganisation,
  createPerson,
  createType,
  erasePerson,
  exportPerson,
  formChoices,
  getContact,
  getOrganisation,
  getOrganisationDetail,
  getPerson,
  getPersonDetail,
  getType,
  isFlagged,
  listContacts,
  listOrganisations,
  listPeople,
  listTypes,
  logContact,
  networkGraph,
  organisationsCsv,
  quietActors,
  removeMembership,
  removeRelationship,
  reviewList,
  setFollowUpDone,
  updateContact,
  updateOrganisation,
  updatePerson,
  updateType,
  withdrawConsent,
} from './network.service';
import type { Contact, Organisation, Person } from './network.types';
import { label, type Lookups } from './views/common';
import { ContactFormPage, ContactListPage, QuietPage } from './views/contacts';
import { GraphPage } from './views/graph';
import { OrgLocationMap, OrgPickerMap } from './views/map';
import { OrgDetailPage, OrgFormPage, OrgListPage, type NavFlags } from './views/organisations';
import { EraseConfirmPage, PersonDataPage, PersonDetailPage, PersonEditPage, PersonListPage, PersonNewPage, ReviewPage } from './views/people';
import { TypeFormPage, TypesPage } from './views/types';

type C = Context<AppEnv>;

export const ORG = ':id{org_[0-9a-z]+}';
export const PER = ':id{per_[0-9a-z]+}';
export const CNT = ':id{cnt_[0-9a-z]+}';
export const REL = ':rel{rel_[0-9a-z]+}';
export const MEM = ':mem{mem_[0-9a-z]+}';
export const CNS = ':cns{cns_[0-9a-z]+}';
export const ORT = ':id{ort_[0-9a-z]+}';

export const pages = new Hono<AppEnv>();

function flags(c: C): NavFlags {
  const u = c.var.user;
  return { canGdpr: can(u, 'network.gdpr'), canTypes: can(u, 'network.types.manage'), canEdit: can(u, 'network.edit') };
}

async function choices(c: C) {
  const ch = await formChoices(svc(c));
  const lookups: Lookups = { areas: ch.areas, editAreas: ch.editAreas, topics: ch.topics, types: ch.types };
  return { lookups, orgs: ch.organisations.map((o) => ({ id: o.id, name: o.name })), people: ch.people.map((p) => ({ id: p.id, name: p.name })) };
}

function isValidation(e: unknown): e is AppError {
  return e instanceof AppError && e.status === 422;
}

function queryString(q: Record<string, unknown>): string {
  return new URLSearchParams(
    Object.entries(q)
      .filter(([k, v]) => k !== 'offset' && v !== undefined && v !== '' && v !== false)
      .map(([k, v]) => [k, v === true ? '1' : String(v)] as [string, string]),
  ).toString();
}

function crumbs(c: C, ...rest: [string, string?][]): [string, string?][] {
  return [[c.var.t('network.nav.graph'), '/staff/network'], ...rest];
}

/* ================================================================ network view */

pages.get('/staff/network', async (c) => {
  const t = c.var.t;
  const query = graphQuerySchema.parse(c.req.query());
  const ch = await choices(c);
  const area = ch.lookups.areas.find((a) => a.id === query.areaId) ?? (ch.lookups.areas.length === 1 ? ch.lookups.areas[0] : undefined);
  const topic = ch.lookups.topics.find((x) => x.id === query.topicId);
  const graph = area ? await networkGraph(svc(c), { areaId: area.id, topicId: topic?.id }) : null;
  return render(
    c,
    t('network.graph.heading'),
    <GraphPage t={t} locale={c.var.locale} {...flags(c)} query={{ ...query, areaId: area?.id }} lookups={ch.lookups} graph={graph} areaName={area?.name ?? null} topicName={topic ? label(topic.labels, c.var.locale) : null} />,
    { crumbs: [[t('network.nav.graph')]] },
  );
});

/* ================================================================ organisations */

pages.get('/staff/network/organisations', async (c) => {
  const t = c.var.t;
  const query = orgFilterSchema.parse(c.req.query());
  const [ch, list] = await Promise.all([choices(c), listOrganisations(svc(c), { ...query, limit: 50, offset: query.offset })]);
  return render(
    c,
    t('network.orgs.heading'),
    <OrgListPage t={t} locale={c.var.locale} {...flags(c)} items={list.items} total={list.total} offset={query.offset} query={query} queryString={queryString(query)} lookups={ch.lookups} />,
    { crumbs: crumbs(c, [t('network.orgs.heading')]) },
  );
});

pages.get('/staff/network/organisations/export.csv', async (c) => {
  const t = c.var.t;
  const query = orgFilterSchema.parse(c.req.query());
  const ch = await choices(c);
  const csv = await organisationsCsv(svc(c), query, {
    header: ['name', 'type', 'logic', 'areas', 'topics', 'address', 'district', 'email', 'phone', 'website'].map((k) => t(`network.csvOrg.${k}`)),
    type: (o) => label(o.typeLabels, c.var.locale),
    logic: (l) => t(`network.logic.${l}`),
    area: (id) => ch.lookups.areas.find((a) => a.id === id)?.name ?? '',
    topic: (id) => {
      const x = ch.lookups.topics.find((y) => y.id === id);
      return x ? label(x.labels, c.var.locale) : id;
    },
  });
  c.header('Content-Type', 'text/csv; charset=utf-8');
  c.header('Content-Disposition', 'attachment; filename="organisationen.csv"');
  c.header('Cache-Control', 'no-store');
  return c.body(csv);
});

async function renderOrgForm(c: C, form: FormState, opts: { id?: string; status?: 200 | 422 } = {}) {
  const t = c.var.t;
  const [ch, areas, districts] = await Promise.all([choices(c), listAreasWithGeometry(c.var.db), listDistrictsWithGeometry(c.var.db)]);
  const heading = opts.id ? t('network.orgs.edit') : t('network.orgs.new');
  const map = <OrgPickerMap t={t} areas={areas} districts={districts} tiles={tileSourceFromConfig(c.var.deps.config)} />;
  return render(
    c,
    heading,
    <OrgFormPage
      map={map}
      t={t}
      locale={c.var.locale}
      form={form}
      lookups={ch.lookups}
      action={opts.id ? `/staff/network/organisations/${opts.id}` : '/staff/network/organisations'}
      csrfToken={c.var.csrfToken}
      heading={heading}
      cancelHref={opts.id ? `/staff/network/organisations/${opts.id}` : '/staff/network/organisations'}
    />,
    { status: opts.status ?? 200, crumbs: crumbs(c, [t('network.orgs.heading'), '/staff/network/organisations'], [heading]) },
  );
}

pages.get('/staff/network/organisations/new', (c) => renderOrgForm(c, emptyForm({ logic: 'district' })));

pages.post('/staff/network/organisations', async (c) => {
  const values = await readForm(c);
  const v = validate(organisationSchema, values);
  if (!v.ok) return renderOrgForm(c, { values, errors: v.errors }, { status: 422 });
  try {
    const id = await createOrganisation(svc(c), v.data);
    return redirectWithNotice(c, `/staff/network/organisations/${id}`, 'network.notice.orgCreated');
  } catch (e) {
    if (isValidation(e)) return renderOrgForm(c, { values, errors: e.details.fields ?? [] }, { status: 422 });
    throw e;
  }
});

async function renderOrgDetail(c: C, id: string, relForm: FormState = emptyForm(), status: 200 | 422 = 200) {
  const t = c.var.t;
  const ctx = svc(c);
  const d = await getOrganisationDetail(ctx, id);
  const ch = await choices(c);
  const readable = new Set(ch.orgs.map((o) => o.id));
  const { lat, lon } = d.org;
  const map = lat !== null && lon !== null ? <OrgLocationMap t={t} name={d.org.name} lat={lat} lon={lon} districts={await listDistrictsWithGeometry(c.var.db)} tiles={tileSourceFromConfig(c.var.deps.config)} /> : undefined;
  return render(
    c,
    d.org.name,
    <OrgDetailPage
      t={t}
      locale={c.var.locale}
      {...flags(c)}
      canEdit={can(c.var.user, 'network.edit', { areaIds: d.org.areaIds })}
      org={d.org}
      relationships={d.relationships}
      memberships={d.memberships}
      contacts={d.contacts}
      lastContactOn={d.lastContactOn}
      lookups={ch.lookups}
      otherOrgs={ch.orgs.filter((o) => o.id !== id)}
      readableOrgIds={readable}
      csrfToken={c.var.csrfToken}
      relForm={relForm}
      map={map}
    />,
    { status, crumbs: crumbs(c, [t('network.orgs.heading'), '/staff/network/organisations'], [d.org.name]) },
  );
}

pages.get(`/staff/network/organisations/${ORG}`, (c) => renderOrgDetail(c, c.req.param('id')));

function orgValues(o: Organisation): FormValues {
  const v: FormValues = {
    name: o.name,
    typeId: o.typeId,
    logic: o.logic,
    areaIds: o.areaIds,
    topicIds: o.topicIds,
  };
  for (const [k, x] of Object.entries({ address: o.address, lat: o.lat, lon: o.lon, email: o.email, phone: o.phone, website: o.website, channels: o.channels, notes: o.notes })) if (x !== null) v[k] = String(x);
  return v;
}

pages.get(`/staff/network/organisations/${ORG}/edit`, async (c) => {
  const id = c.req.param('id');
  const org = await getOrganisation(svc(c), id);
  return renderOrgForm(c, emptyForm(orgValues(org)), { id });
});

pages.post(`/staff/network/organisations/${ORG}`, async (c) => {
  const id = c.req.param('id');
  await getOrganisation(svc(c), id);
  const values = await readForm(c);
  const v = validate(organisationSchema, values);
  if (!v.ok) return renderOrgForm(c, { values, errors: v.errors }, { id, status: 422 });
  try {
    await updateOrganisation(svc(c), id, v.data);
    return redirectWithNotice(c, `/staff/network/organisations/${id}`, 'network.notice.saved');
  } catch (e) {
    if (isValidation(e)) return renderOrgForm(c, { values, errors: e.details.fields ?? [] }, { id, status: 422 });
    throw e;
  }
});

pages.post(`/staff/network/organisations/${ORG}/relationships`, async (c) => {
  const id = c.req.param('id');
  await getOrganisation(svc(c), id);
  const values = await readForm(c);
  const v = validate(relationshipSchema, values);
  if (!v.ok) return renderOrgDetail(c, id, { values, errors: v.errors }, 422);
  try {
    await addRelationship(svc(c), id, v.data);
    return redirectWithNotice(c, `/staff/network/organisations/${id}#rel-heading`, 'network.notice.saved');
  } catch (e) {
    if (isValidation(e)) return renderOrgDetail(c, id, { values, errors: e.details.fields ?? [] }, 422);
    throw e;
  }
});

pages.post(`/staff/network/organisations/${ORG}/relationships/${REL}/delete`, async (c) => {
  const id = c.req.param('id');
  await removeRelationship(svc(c), id, c.req.param('rel'));
  return redirectWithNotice(c, `/staff/network/organisations/${id}#rel-heading`, 'network.notice.removed');
});

/* ================================================================ people */

pages.get('/staff/network/people', async (c) => {
  const t = c.var.t;
  const query = personFilterSchema.parse(c.req.query());
  const [ch, list] = await Promise.all([choices(c), listPeople(svc(c), { ...query, limit: 50, offset: query.offset })]);
  return render(
    c,
    t('network.people.heading'),
    <PersonListPage t={t} locale={c.var.locale} {...flags(c)} items={list.items} memberships={list.memberships} total={list.total} offset={query.offset} query={query} queryString={queryString(query)} lookups={ch.lookups} orgs={ch.orgs} />,
    { crumbs: crumbs(c, [t('network.people.heading')]) },
  );
});

async function renderPersonNew(c: C, form: FormState, status: 200 | 422 = 200) {
  const t = c.var.t;
  const ch = await choices(c);
  return render(c, t('network.people.new'), <PersonNewPage t={t} locale={c.var.locale} form={form} lookups={ch.lookups} orgs={ch.orgs} csrfToken={c.var.csrfToken} />, {
    status,
    crumbs: crumbs(c, [t('network.people.heading'), '/staff/network/people'], [t('network.people.new')]),
  });
}

pages.get('/staff/network/people/new', (c) => renderPersonNew(c, emptyForm({ givenOn: new Date().toISOString().slice(0, 10), basis: 'consent' })));

pages.post('/staff/network/people', async (c) => {
  const values = await readForm(c);
  const v = validate(newPersonSchema, values);
  if (!v.ok) return renderPersonNew(c, { values, errors: v.errors }, 422);
  try {
    const id = await createPerson(svc(c), v.data);
    return redirectWithNotice(c, `/staff/network/people/${id}`, 'network.notice.personCreated');
  } catch (e) {
    if (isValidation(e)) return renderPersonNew(c, { values, errors: e.details.fields ?? [] }, 422);
    throw e;
  }
});

async function renderPersonDetail(c: C, id: string, forms: { mem?: FormState; consent?: FormState } = {}, status: 200 | 422 = 200) {
  const t = c.var.t;
  const d = await getPersonDetail(svc(c), id);
  const ch = await choices(c);
  const months = c.var.deps.config.NETWORK_REVIEW_MONTHS;
  return render(
    c,
    d.person.name,
    <PersonDetailPage
      t={t}
      locale={c.var.locale}
      {...flags(c)}
      canEdit={can(c.var.user, 'network.edit', { areaIds: d.person.areaIds })}
      canGdpr={can(c.var.user, 'network.gdpr', { areaIds: d.person.areaIds })}
      person={d.person}
      memberships={d.memberships}
      consents={d.consents}
      contacts={d.contacts}
      hasBasis={d.hasBasis}
      flagged={isFlagged(d.person, months)}
      reviewMonths={months}
      lookups={ch.lookups}
      orgs={ch.orgs}
      csrfToken={c.var.csrfToken}
      memForm={forms.mem ?? emptyForm()}
      consentForm={forms.consent ?? emptyForm({ basis: 'consent', givenOn: new Date().toISOString().slice(0, 10) })}
    />,
    { status, crumbs: crumbs(c, [t('network.people.heading'), '/staff/network/people'], [d.person.name]) },
  );
}

pages.get(`/staff/network/people/${PER}`, (c) => renderPersonDetail(c, c.req.param('id')));

async function renderPersonEdit(c: C, person: Person, form: FormState, status: 200 | 422 = 200) {
  const t = c.var.t;
  const ch = await choices(c);
  return render(c, t('network.people.edit'), <PersonEditPage t={t} locale={c.var.locale} form={form} lookups={ch.lookups} person={person} csrfToken={c.var.csrfToken} />, {
    status,
    crumbs: crumbs(c, [t('network.people.heading'), '/staff/network/people'], [person.name, `/staff/network/people/${person.id}`], [t('network.people.edit')]),
  });
}

pages.get(`/staff/network/people/${PER}/edit`, async (c) => {
  const p = await getPerson(svc(c), c.req.param('id'), 'network.edit');
  const values: FormValues = { name: p.name, areaIds: p.areaIds };
  if (p.email) values.email = p.email;
  if (p.phone) values.phone = p.phone;
  return renderPersonEdit(c, p, emptyForm(values));
});

pages.post(`/staff/network/people/${PER}`, async (c) => {
  const p = await getPerson(svc(c), c.req.param('id'), 'network.edit');
  const values = await readForm(c);
  const v = validate(personSchema, values);
  if (!v.ok) return renderPersonEdit(c, p, { values, errors: v.errors }, 422);
  try {
    await updatePerson(svc(c), p.id, v.data);
    return redirectWithNotice(c, `/staff/network/people/${p.id}`, 'network.notice.saved');
  } catch (e) {
    if (isValidation(e)) return renderPersonEdit(c, p, { values, errors: e.details.fields ?? [] }, 422);
    throw e;
  }
});

pages.post(`/staff/network/people/${PER}/memberships`, async (c) => {
  const id = c.req.param('id');
  await getPerson(svc(c), id, 'network.edit');
  const values = await readForm(c);
  const v = validate(membershipSchema, values);
  if (!v.ok) return renderPersonDetail(c, id, { mem: { values, errors: v.errors } }, 422);
  try {
    await addMembership(svc(c), id, v.data);
    return redirectWithNotice(c, `/staff/network/people/${id}#mem-heading`, 'network.notice.saved');
  } catch (e) {
    if (isValidation(e)) return renderPersonDetail(c, id, { mem: { values, errors: e.details.fields ?? [] } }, 422);
    throw e;
  }
});

pages.post(`/staff/network/people/${PER}/memberships/${MEM}/delete`, async (c) => {
  const id = c.req.param('id');
  await removeMembership(svc(c), id, c.req.param('mem'));
  return redirectWithNotice(c, `/staff/network/people/${id}#mem-heading`, 'network.notice.removed');
});

pages.post(`/staff/network/people/${PER}/consents`, async (c) => {
  const id = c.req.param('id');
  await getPerson(svc(c), id, 'network.edit');
  const values = await readForm(c);
  const v = validate(consentSchema, values);
  if (!v.ok) return renderPersonDetail(c, id, { consent: { values, errors: v.errors } }, 422);
  try {
    await addConsent(svc(c), id, v.data);
    return redirectWithNotice(c, `/staff/network/people/${id}#consent-heading`, 'network.notice.saved');
  } catch (e) {
    if (isValidation(e)) return renderPersonDetail(c, id, { consent: { values, errors: e.details.fields ?? [] } }, 422);
    throw e;
  }
});

pages.post(`/staff/network/people/${PER}/consents/${CNS}/withdraw`, async (c) => {
  const id = c.req.param('id');
  await withdrawConsent(svc(c), id, c.req.param('cns'));
  return redirectWithNotice(c, `/staff/network/people/${id}#consent-heading`, 'network.notice.withdrawn');
});

/* ================================================================ GDPR */

pages.get(`/staff/network/people/${PER}/data`, async (c) => {
  const t = c.var.t;
  const data = await exportPerson(svc(c), c.req.param('id'));
  return render(c, t('network.gdpr.pageHeading', { name: data.person.name }), <PersonDataPage t={t} locale={c.var.locale} data={data} />, {
    crumbs: crumbs(c, [t('network.people.heading'), '/staff/network/people'], [data.person.name, `/staff/network/people/${data.person.id}`], [t('network.gdpr.page')]),
  });
});

pages.get(`/staff/network/people/${PER}/data.json`, async (c) => {
  const data = await exportPerson(svc(c), c.req.param('id'));
  c.header('Content-Disposition', `attachment; filename="person-${data.person.id}.json"`);
  c.header('Cache-Control', 'no-store');
  return c.json(data);
});

async function renderErase(c: C, person: Person, form: FormState, status: 200 | 422 = 200) {
  const t = c.var.t;
  return render(c, t('network.gdpr.erase'), <EraseConfirmPage t={t} locale={c.var.locale} person={person} csrfToken={c.var.csrfToken} form={form} />, {
    status,
    crumbs: crumbs(c, [t('network.people.heading'), '/staff/network/people'], [person.name, `/staff/network/people/${person.id}`], [t('network.gdpr.erase')]),
  });
}

pages.get(`/staff/network/people/${PER}/erase`, async (c) => renderErase(c, await getPerson(svc(c), c.req.param('id'), 'network.gdpr'), emptyForm()));

pages.post(`/staff/network/people/${PER}/erase`, async (c) => {
  const person = await getPerson(svc(c), c.req.param('id'), 'network.gdpr');
  const values = await readForm(c);
  const confirm = typeof values.confirm === 'string' ? values.confirm.trim() : '';
  if (confirm !== person.name.trim()) return renderErase(c, person, { values, errors: [{ field: 'confirm', key: 'network.error.confirmName' }] }, 422);
  await erasePerson(svc(c), person.id);
  return redirectWithNotice(c, '/staff/network/people', 'network.notice.erased');
});

pages.get('/staff/network/review', async (c) => {
  const t = c.var.t;
  const months = c.var.deps.config.NETWORK_REVIEW_MONTHS;
  const [items, ch] = await Promise.all([reviewList(svc(c), months), choices(c)]);
  return render(c, t('network.review.heading'), <ReviewPage t={t} locale={c.var.locale} {...flags(c)} items={items} months={months} lookups={ch.lookups} />, { crumbs: crumbs(c, [t('network.review.heading')]) });
});

/* ================================================================ contacts */

pages.get('/staff/network/contacts', async (c) => {
  const t = c.var.t;
  const query = contactFilterSchema.parse(c.req.query());
  const [ch, list] = await Promise.all([choices(c), listContacts(svc(c), { ...query, limit: 50, offset: query.offset })]);
  return render(
    c,
    t('network.contacts.heading'),
    <ContactListPage
      t={t}
      locale={c.var.locale}
      {...flags(c)}
      items={list.items}
      total={list.total}
      offset={query.offset}
      query={query}
      queryString={queryString(query)}
      lookups={ch.lookups}
      orgs={ch.orgs}
      people={ch.people}
      today={new Date().toISOString().slice(0, 10)}
      csrfToken={c.var.csrfToken}
    />,
    { crumbs: crumbs(c, [t('network.contacts.heading')]) },
  );
});

pages.get('/staff/network/contacts/export.csv', async (c) => {
  const t = c.var.t;
  const query = contactFilterSchema.parse(c.req.query());
  const ch = await choices(c);
  const csv = await contactsCsv(svc(c), query, {
    header: ['date', 'channel', 'area', 'organisations', 'people', 'topics', 'note', 'followUp', 'followUpDone'].map((k) => t(`network.csv.${k}`)),
    channel: (x) => t(`network.channel.${x}`),
    area: (id) => ch.lookups.areas.find((a) => a.id === id)?.name ?? '',
    topic: (id) => {
      const x = ch.lookups.topics.find((y) => y.id === id);
      return x ? label(x.labels, c.var.locale) : id;
    },
  });
  c.header('Content-Type', 'text/csv; charset=utf-8');
  c.header('Content-Disposition', 'attachment; filename="kontakte.csv"');
  c.header('Cache-Control', 'no-store');
  return c.body(csv);
});

async function renderContactForm(c: C, form: FormState, opts: { id?: string; status?: 200 | 422 }) {
  const t = c.var.t;
  const ch = await choices(c);
  const heading = opts.id ? t('network.contacts.edit') : t('network.contacts.new');
  return render(
    c,
    heading,
    <ContactFormPage t={t} locale={c.var.locale} form={form} lookups={ch.lookups} orgs={ch.orgs} people={ch.people} action={opts.id ? `/staff/network/contacts/${opts.id}` : '/staff/network/contacts'} heading={heading} csrfToken={c.var.csrfToken} />,
    { status: opts.status ?? 200, crumbs: crumbs(c, [t('network.contacts.heading'), '/staff/network/contacts'], [heading]) },
  );
}

pages.get('/staff/network/contacts/new', async (c) => {
  const q = c.req.queries();
  const ch = await choices(c);
  const values: FormValues = { occurredOn: new Date().toISOString().slice(0, 10), channel: 'in_person', orgIds: q.orgIds ?? [], personIds: q.personIds ?? [] };
  if (ch.lookups.editAreas.length === 1) values.areaId = ch.lookups.editAreas[0]!.id;
  return renderContactForm(c, emptyForm(values), {});
});

pages.post('/staff/network/contacts', async (c) => {
  const values = await readForm(c);
  const v = validate(contactSchema, values);
  if (!v.ok) return renderContactForm(c, { values, errors: v.errors }, { status: 422 });
  try {
    await logContact(svc(c), v.data);
    return redirectWithNotice(c, '/staff/network/contacts', 'network.notice.contactLogged');
  } catch (e) {
    if (isValidation(e)) return renderContactForm(c, { values, errors: e.details.fields ?? [] }, { status: 422 });
    throw e;
  }
});

function contactValues(x: Contact): FormValues {
  const v: FormValues = { occurredOn: x.occurredOn, channel: x.channel, orgIds: x.organisations.map((o) => o.id), personIds: x.people.map((p) => p.id), topicIds: x.topicIds };
  if (x.areaId) v.areaId = x.areaId;
  if (x.note) v.note = x.note;
  if (x.followUpOn) v.followUpOn = x.followUpOn;
  return v;
}

pages.get(`/staff/network/contacts/${CNT}/edit`, async (c) => {
  const id = c.req.param('id');
  const x = await getContact(svc(c), id);
  return renderContactForm(c, emptyForm(contactValues(x)), { id });
});

pages.post(`/staff/network/contacts/${CNT}`, async (c) => {
  const id = c.req.param('id');
  await getContact(svc(c), id);
  const values = await readForm(c);
  const v = validate(contactSchema, values);
  if (!v.ok) return renderContactForm(c, { values, errors: v.errors }, { id, status: 422 });
  try {
    await updateContact(svc(c), id, v.data);
    return redirectWithNotice(c, '/staff/network/contacts', 'network.notice.saved');
  } catch (e) {
    if (isValidation(e)) return renderContactForm(c, { values, errors: e.details.fields ?? [] }, { id, status: 422 });
    throw e;
  }
});

pages.post(`/staff/network/contacts/${CNT}/follow-up`, async (c) => {
  const values = await readForm(c);
  await setFollowUpDone(svc(c), c.req.param('id'), values.done === '1');
  return redirectWithNotice(c, '/staff/network/contacts', 'network.notice.saved');
});

pages.get('/staff/network/quiet', async (c) => {
  const t = c.var.t;
  const query = quietQuerySchema.parse(c.req.query());
  const ch = await choices(c);
  const area = ch.lookups.areas.find((a) => a.id === query.areaId) ?? (ch.lookups.areas.length === 1 ? ch.lookups.areas[0] : undefined);
  const items = area ? await quietActors(svc(c), area.id, query.months) : null;
  return render(
    c,
    t('network.quiet.heading'),
    <QuietPage t={t} locale={c.var.locale} {...flags(c)} query={{ ...query, areaId: area?.id }} lookups={ch.lookups} items={items} areaName={area?.name ?? null} months={query.months} />,
    { crumbs: crumbs(c, [t('network.quiet.heading')]) },
  );
});

/* ================================================================ organisation types */

pages.get('/staff/network/types', async (c) => {
  const t = c.var.t;
  const items = await listTypes(c.var.db);
  return render(c, t('network.types.heading'), <TypesPage t={t} locale={c.var.locale} items={items} canGdpr={can(c.var.user, 'network.gdpr')} />, { crumbs: crumbs(c, [t('network.types.heading')]) });
});

async function renderTypeForm(c: C, form: FormState, opts: { id?: string; status?: 200 | 422 }) {
  const t = c.var.t;
  const heading = opts.id ? t('network.types.edit') : t('network.types.new');
  return render(
    c,
    heading,
    <TypeFormPage t={t} locale={c.var.locale} form={form} action={opts.id ? `/staff/network/types/${opts.id}` : '/staff/network/types'} heading={heading} csrfToken={c.var.csrfToken} withKey={!opts.id} />,
    { status: opts.status ?? 200, crumbs: crumbs(c, [t('network.types.heading'), '/staff/network/types'], [heading]) },
  );
}

pages.get('/staff/network/types/new', (c) => renderTypeForm(c, emptyForm({ defaultLogic: 'district', sortOrder: '200', active: '1' }), {}));

pages.post('/staff/network/types', async (c) => {
  const values = await readForm(c);
  const v = validate(typeSchema, values);
  const key = typeof values.key === 'string' ? values.key.trim() : '';
  const keyOk = /^[a-z][a-z0-9_]{1,39}$/.test(key);
  if (!v.ok || !keyOk) return renderTypeForm(c, { values, errors: [...(keyOk ? [] : [{ field: 'key', key: 'network.error.key' }]), ...(v.ok ? [] : v.errors)] }, { status: 422 });
  try {
    await createType(svc(c), { ...v.data, key });
    return redirectWithNotice(c, '/staff/network/types', 'network.notice.saved');
  } catch (e) {
    if (isValidation(e)) return renderTypeForm(c, { values, errors: e.details.fields ?? [] }, { status: 422 });
    throw e;
  }
});

pages.get(`/staff/network/types/${ORT}/edit`, async (c) => {
  const id = c.req.param('id');
  const x = await getType(c.var.db, id);
  if (!x) throw new AppError(404, 'not_found', 'The organisation type was not found.', { entity: 'organisation type' });
  const values: FormValues = { labelDe: x.labels.de, defaultLogic: x.defaultLogic, sortOrder: String(x.sortOrder) };
  if (x.labels.en) values.labelEn = x.labels.en;
  if (x.labels.ar) values.labelAr = x.labels.ar;
  if (x.active) values.active = '1';
  return renderTypeForm(c, emptyForm(values), { id });
});

pages.post(`/staff/network/types/${ORT}`, async (c) => {
  const id = c.req.param('id');
  const values = await readForm(c);
  const v = validate(typeSchema, values);
  if (!v.ok) return renderTypeForm(c, { values, errors: v.errors }, { id, status: 422 });
  await updateType(svc(c), id, v.data);
  return redirectWithNotice(c, '/staff/network/types', 'network.notice.saved');
});

