/**
 * JSON API of the network module, mounted under /api/v1/network. Everything needs an API token (or session) of a
 * role with network.read (lists and single records, always limited to the caller's programme areas) or
 * network.edit (creating and changing organisations, logging contacts). A record outside the caller's scope
 * answers 403, an unknown one 404. People are returned with their work contact data only.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../platform/http/context';
import { newApi } from '../../platform/http/api';
import { parseOrThrow } from '../../platform/http/forms';
import { svc } from '../../platform/http/service-context';
import { contactSchema, organisationSchema } from './network.schema';
import { createOrganisation, getContact, getOrganisation, getPersonDetail, listContacts, listOrganisations, listPeople, listTypes, logContact, updateOrganisation } from './network.service';
import { CHANNELS, LOGICS, type Contact, type Organisation, type Person } from './network.types';

export const api = newApi();

const TAGS = ['Network'];
const security = [{ bearerAuth: [] }];
const Problem = z.object({ type: z.string(), title: z.string(), status: z.number().int(), code: z.string() }).openapi('NetworkProblem');
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: Problem } } });
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const readResponses = { 401: problem('Not signed in.'), 403: problem('Not allowed (role or programme area).') };
const writeResponses = { ...readResponses, 422: problem('Invalid input (field errors in errors[]).') };

const Labels = z.object({ de: z.string(), en: z.string().nullable(), ar: z.string().nullable() });
const OrganisationSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    typeId: z.string(),
    typeKey: z.string(),
    logic: z.enum(LOGICS),
    areaIds: z.array(z.string()),
    topicIds: z.array(z.string()),
    address: z.string().nullable(),
    lat: z.number().nullable(),
    lon: z.number().nullable(),
    district: z.object({ number: z.number().int(), name: z.string() }).nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    website: z.string().nullable(),
    channels: z.string().nullable(),
    notes: z.string().nullable(),
    updatedAt: z.string(),
  })
  .openapi('NetworkOrganisation');
const OrgTypeSchema = z.object({ id: z.string(), key: z.string(), labels: Labels, defaultLogic: z.enum(LOGICS), active: z.boolean() }).openapi('NetworkOrganisationType');
const PersonSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    areaIds: z.array(z.string()),
    organisations: z.array(z.object({ id: z.string(), name: z.string(), role: z.string().nullable() })),
  })
  .openapi('NetworkPerson');
const ContactSchema = z
  .object({
    id: z.string(),
    occurredOn: z.string(),
    channel: z.enum(CHANNELS),
    areaId: z.string().nullable(),
    organisations: z.array(z.object({ id: z.string(), name: z.string() })),
    people: z.array(z.object({ id: z.string(), name: z.string() })),
    topicIds: z.array(z.string()),
    note: z.string().nullable(),
    followUpOn: z.string().nullable(),
    followUpDone: z.boolean(),
  })
  .openapi('NetworkContact');

const OrganisationBody = z
  .object({
    name: z.string().min(1).max(200),
    typeId: z.string(),
    logic: z.enum(LOGICS),
    areaIds: z.array(z.string()).min(1),
    topicIds: z.array(z.string()).optional(),
    address: z.string().max(300).optional(),
    lat: z.number().optional(),
    lon: z.number().optional(),
    email: z.string().max(200).optional(),
    phone: z.string().max(40).optional(),
    website: z.string().max(300).optional(),
    channels: z.string().max(500).optional(),
    notes: z.string().max(2000).optional(),
  })
  .openapi('NetworkOrganisationInput');
const ContactBody = z
  .object({
    occurredOn: z.string().openapi({ example: '2026-11-20' }),
    channel: z.enum(CHANNELS),
    areaId: z.string().optional(),
    orgIds: z.array(z.string()).optional(),
    personIds: z.array(z.string()).optional(),
    topicIds: z.array(z.string()).optional(),
    note: z.string().max(1000).optional(),
    followUpOn: z.string().optional(),
  })
  .openapi('NetworkContactInput');

const Paging = { limit: z.coerce.number().int().min(1).max(500).optional(), offset: z.coerce.number().int().min(0).optional() };
const OrgQuery = z.object({ q: z.string().max(100).optional(), areaId: z.string().optional(), topicId: z.string().optional(), typeId: z.string().optional(), logic: z.enum(LOGICS).optional(), ...Paging });
const PeopleQuery = z.object({ q: z.string().max(100).optional(), areaId: z.string().optional(), orgId: z.string().optional(), ...Paging });
const ContactQuery = z.object({
  areaId: z.string().optional(),
  channel: z.enum(CHANNELS).optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  orgId: z.string().optional(),
  personId: z.string().optional(),
  topicId: z.string().optional(),
  ...Paging,
});
const IdParam = z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' } }) });

function presentOrg(o: Organisation) {
  return {
    id: o.id,
    name: o.name,
    typeId: o.typeId,
    typeKey: o.typeKey,
    logic: o.logic,
    areaIds: o.areaIds,
    topicIds: o.topicIds,
    address: o.address,
    lat: o.lat,
    lon: o.lon,
    district: o.districtNumber !== null && o.districtName ? { number: o.districtNumber, name: o.districtName } : null,
    email: o.email,
    phone: o.phone,
    website: o.website,
    channels: o.channels,
    notes: o.notes,
    updatedAt: o.updatedAt,
  };
}
function presentPerson(p: Person, orgs: { id: string; name: string; role: string | null }[]) {
  return { id: p.id, name: p.name, email: p.email, phone: p.phone, areaIds: p.areaIds, organisations: orgs };
}
function presentContact(c: Contact) {
  return { id: c.id, occurredOn: c.occurredOn, channel: c.channel, areaId: c.areaId, organisations: c.organisations, people: c.people, topicIds: c.topicIds, note: c.note, followUpOn: c.followUpOn, followUpDone: !!c.followUpDoneAt };
}

/** Normalises an API body through the form schema (same rules and field errors as the pages). */
function orgInput(b: z.infer<typeof OrganisationBody>) {
  return parseOrThrow(organisationSchema, { ...b, topicIds: b.topicIds ?? [] });
}

api.openapi(
  createRoute({ method: 'get', path: '/network/organisation-types', tags: TAGS, summary: 'The organisation type catalogue', security, responses: { 200: json(z.object({ items: z.array(OrgTypeSchema) }), 'All types.'), ...readResponses } }),
  async (c) => {
    const items = (await listTypes(c.var.db)).map((x) => ({ id: x.id, key: x.key, labels: x.labels, defaultLogic: x.defaultLogic, active: x.active }));
    return c.json({ items }, 200);
  },
);

api.openapi(
  createRoute({
    method: 'get',
    path: '/network/organisations',
    tags: TAGS,
    summary: 'Organisations in the caller’s programme areas',
    security,
    request: { query: OrgQuery },
    responses: { 200: json(z.object({ total: z.number().int(), items: z.array(OrganisationSchema) }), 'A page of organisations (by name).'), ...writeResponses },
  }),
  async (c) => {
    const qy = c.req.valid('query');
    const r = await listOrganisations(svc(c), { q: qy.q, areaId: qy.areaId, topicId: qy.topicId, typeId: qy.typeId, logic: qy.logic, limit: qy.limit ?? 100, offset: qy.offset ?? 0 });
    return c.json({ total: r.total, items: r.items.map(presentOrg) }, 200);
  },
);

api.openapi(
  createRoute({ method: 'get', path: '/network/organisations/{id}', tags: TAGS, summary: 'One organisation', security, request: { params: IdParam }, responses: { 200: json(OrganisationSchema, 'The organisation.'), 404: problem('No such organisation.'), ...readResponses } }),
  async (c) => c.json(presentOrg(await getOrganisation(svc(c), c.req.valid('param').id)), 200),
);

api.openapi(
  createRoute({
    method: 'post',
    path: '/network/organisations',
    tags: TAGS,
    summary: 'Create an organisation (network.edit in all of its programme areas)',
    security,
    request: { body: { required: true, content: { 'application/json': { schema: OrganisationBody } } } },
    responses: { 201: json(OrganisationSchema, 'The new organisation.'), ...writeResponses },
  }),
  async (c) => {
    const id = await createOrganisation(svc(c), orgInput(c.req.valid('json')));
    return c.json(presentOrg(await getOrganisation(svc(c), id)), 201);
  },
);

api.openapi(
  createRoute({
    method: 'put',
    path: '/network/organisations/{id}',
    tags: TAGS,
    summary: 'Replace an organisation’s data (network.edit in its programme areas)',
    security,
    // Scope before validation: a caller outside the organisation's scope gets 403/404, not field errors.
    middleware: [
      (async (c, next) => {
        await getOrganisation(svc(c), c.req.param('id') ?? '');
        await next();
      }) as MiddlewareHandler<AppEnv>,
    ] as const,
    request: { params: IdParam, body: { required: true, content: { 'application/json': { schema: OrganisationBody } } } },
    responses: { 200: json(OrganisationSchema, 'The organisation after the change.'), 404: problem('No such organisation.'), ...writeResponses },
  }),
  async (c) => {
    const id = c.req.valid('param').id;
    await updateOrganisation(svc(c), id, orgInput(c.req.valid('json')));
    return c.json(presentOrg(await getOrganisation(svc(c), id)), 200);
  },
);

api.openapi(
  createRoute({
    method: 'get',
    path: '/network/people',
    tags: TAGS,
    summary: 'People in the caller’s programme areas (work contact data only)',
    security,
    request: { query: PeopleQuery },
    responses: { 200: json(z.object({ total: z.number().int(), items: z.array(PersonSchema) }), 'A page of people (by name).'), ...writeResponses },
  }),
  async (c) => {
    const qy = c.req.valid('query');
    const r = await listPeople(svc(c), { q: qy.q, areaId: qy.areaId, orgId: qy.orgId, limit: qy.limit ?? 100, offset: qy.offset ?? 0 });
    return c.json({ total: r.total, items: r.items.map((p) => presentPerson(p, (r.memberships.get(p.id) ?? []).map((m) => ({ id: m.orgId, name: m.orgName, role: m.role })))) }, 200);
  },
);

api.openapi(
  createRoute({ method: 'get', path: '/network/people/{id}', tags: TAGS, summary: 'One person', security, request: { params: IdParam }, responses: { 200: json(PersonSchema, 'The person.'), 404: problem('No such person.'), ...readResponses } }),
  async (c) => {
    const ctx = svc(c);
    const d = await getPersonDetail(ctx, c.req.valid('param').id);
    const p = d.person;
    const today = new Date().toISOString().slice(0, 10);
    return c.json(presentPerson(p, d.memberships.filter((m) => !m.endsOn || m.endsOn >= today).map((m) => ({ id: m.orgId, name: m.orgName, role: m.role }))), 200);
  },
);

api.openapi(
  createRoute({
    method: 'get',
    path: '/network/contacts',
    tags: TAGS,
    summary: 'The contact log in the caller’s programme areas (newest first)',
    security,
    request: { query: ContactQuery },
    responses: { 200: json(z.object({ total: z.number().int(), items: z.array(ContactSchema) }), 'A page of contacts.'), ...writeResponses },
  }),
  async (c) => {
    const qy = c.req.valid('query');
    const r = await listContacts(svc(c), { areaId: qy.areaId, channel: qy.channel, from: qy.from, to: qy.to, orgId: qy.orgId, personId: qy.personId, topicId: qy.topicId, limit: qy.limit ?? 100, offset: qy.offset ?? 0 });
    return c.json({ total: r.total, items: r.items.map(presentContact) }, 200);
  },
);

api.openapi(
  createRoute({
    method: 'post',
    path: '/network/contacts',
    tags: TAGS,
    summary: 'Log a contact (network.edit in its programme area)',
    security,
    request: { body: { required: true, content: { 'application/json': { schema: ContactBody } } } },
    responses: { 201: json(ContactSchema, 'The logged contact.'), ...writeResponses },
  }),
  async (c) => {
    const b = c.req.valid('json');
    const input = parseOrThrow(contactSchema, { ...b, orgIds: b.orgIds ?? [], personIds: b.personIds ?? [], topicIds: b.topicIds ?? [] });
    const id = await logContact(svc(c), input);
    return c.json(presentContact(await getContact(svc(c), id)), 201);
  },
);

