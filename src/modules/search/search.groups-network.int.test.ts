/**
 * Groups and the network in the site search, on SQLite and PostgreSQL (ADR 0024, amendment 2026-11-26): the
 * modules' services keep their documents current (create, update, stage change, memberships, consent, erasure);
 * public groups are public, other groups and everything of the network are staff documents filtered by the same
 * permission and area rules as the modules' staff pages; no personal data beyond a contact person's name,
 * organisation and role; the reindex covers them and is audited. Plus the review's fixes: the audience's type
 * filter, bad page numbers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../platform/audit';
import { removeDocument } from '../../platform/db/search';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { apiClient, signedInClient, type ApiClient } from '../../../test/support/auth';
import { TEST_DB } from '../../../test/support/db';
import type { Role } from '../../platform/auth/policy';
import { forTenant, type TenantDb } from '../../platform/db/tenant-scope';
import type { CurrentUser, ServiceContext } from '../../platform/http/context';
import { changeStage, createGroup, updateGroup, type Group, type GroupInput } from '../groups';
import { addMembership, createOrganisation, createPerson, erasePerson, getOrganisation, getPersonDetail, listTypes, updateOrganisation, updatePerson, withdrawConsent } from '../network';
import { getAreaBySlug, listTopics, seedTerritory } from '../territory';
import { reindexSearch } from './search.reindex';

let t: TestApp;
let kray: string;
let karnap: string;

type Hit = { id: string; type: string; url: string; title: string; snippet: string; visibility: string };
type Body = { total: number; byType: Record<string, number>; hits: Hit[]; errors?: { field: string }[] };

async function api(client: { get(p: string): Promise<Response> }, q: string, extra = ''): Promise<{ status: number; body: Body }> {
  const res = await client.get(`/api/v1/search?q=${encodeURIComponent(q)}${extra}`);
  return { status: res.status, body: (await res.json()) as Body };
}
const ids = async (client: { get(p: string): Promise<Response> }, q: string, extra = '') => (await api(client, q, extra)).body.hits.map((h) => h.id).sort();

let krayWorker: ApiClient;
let karnapWorker: ApiClient;
let krayModerator: ApiClient;
let karnapModerator: ApiClient;
let krayOffice: ApiClient;
let coordinator: ApiClient;
let viewer: ApiClient;

beforeAll(async () => {
  t = await createTestApp();
  await seedTerritory(t.handle.db, t.tenant.id);
  await seedTerritory(t.handle.db, t.other.id);
  const db = ctxFor(t, null).db;
  kray = (await getAreaBySlug(db, 'kray'))!.id;
  karnap = (await getAreaBySlug(db, 'karnap'))!.id;
  [krayWorker, karnapWorker, krayModerator, karnapModerator, krayOffice, coordinator, viewer] = await Promise.all([
    apiClient(t, 'district_worker', { areaIds: [kray] }),
    apiClient(t, 'district_worker', { areaIds: [karnap] }),
    apiClient(t, 'moderator', { areaIds: [kray] }),
    apiClient(t, 'moderator', { areaIds: [karnap] }),
    apiClient(t, 'office_staff', { areaIds: [kray] }),
    apiClient(t, 'coordinator'),
    apiClient(t, 'viewer'),
  ]);
});
afterAll(async () => {
  await t?.close();
});

function principal(role: Role): CurrentUser {
  return { id: `usr_search${role.replace(/_/g, '')}`, email: `${role}@example.test`, displayName: `Test ${role}`, organisation: null, locale: null, assignments: [{ role, allAreas: true, areaIds: [] }] };
}
function ctxFor(app: TestApp, user: CurrentUser | null): ServiceContext & { db: TenantDb<any> } {
  return { tenant: { id: app.tenant.id, slug: app.tenant.slug, name: app.tenant.name, defaultLocale: 'de' }, db: forTenant(app.handle.db, app.tenant.id), user, requestId: null, dialect: app.handle.dialect };
}

/** A group created through the groups service by an admin (in Kray unless another area slug is given). */
async function makeGroup(app: TestApp, over: Partial<GroupInput> & { areaSlug?: string } = {}): Promise<Group> {
  const { areaSlug, ...rest } = over;
  const ctx = ctxFor(app, principal('admin'));
  const area = (await getAreaBySlug(ctx.db, areaSlug ?? 'kray'))!;
  return createGroup(ctx, { name: 'Gruppe', areaId: area.id, purpose: 'Zweck', startDate: '2025-01-15', topicIds: [], contactPersonId: null, public: false, publicText: null, meetingInfo: null, ...rest });
}

/** An organisation (type "association") created through the network service. */
async function makeOrg(ctx: ServiceContext, over: Partial<Parameters<typeof createOrganisation>[1]> = {}): Promise<string> {
  const typeId = (await listTypes(ctx.db)).find((x) => x.key === 'association')!.id;
  return createOrganisation(ctx, { name: 'Verein', typeId, logic: 'district', areaIds: [], topicIds: [], ...over });
}

/** A contact person with a recorded consent, created through the network service. */
async function makePerson(ctx: ServiceContext, over: Partial<Parameters<typeof createPerson>[1]> = {}): Promise<string> {
  return createPerson(ctx, { name: 'Person', areaIds: [], basis: 'consent', purpose: 'Einladungen', method: 'written', givenOn: '2026-01-15', ...over });
}

const groupInput = (g: Group) => ({ name: g.name, areaId: g.areaId, purpose: g.purpose, startDate: g.startDate, topicIds: g.topicIds, contactPersonId: g.contactPersonId, public: g.public, publicText: g.publicText, meetingInfo: g.meetingInfo });

describe('groups', () => {
  it('a non-public group is a staff document for groups.read in its area; made public it is public; renamed it changes; ended it leaves the public search', async () => {
    const admin = ctxFor(t, principal('admin'));
    const topic = (await listTopics(admin.db))[0]!;
    const g = await makeGroup(t, { name: 'Hofgemeinschaft Quellenweg', purpose: 'Interne Zielsetzung Hochbeetbau mit Förderantrag', topicIds: [topic.id] });

    // Not public: staff of Kray who may read groups (district worker, office staff) find it; Karnap and the public do not.
    expect(await ids(t.client(), 'hofgemeinschaft')).toEqual([]);
    expect(await ids(krayWorker, 'hofgemeinschaft')).toEqual([g.id]);
    expect(await ids(krayOffice, 'hochbeetbau')).toEqual([g.id]);
    expect(await ids(karnapWorker, 'hofgemeinschaft')).toEqual([]);
    expect(await ids(viewer, 'hofgemeinschaft')).toEqual([]);
    const staffHit = (await api(krayWorker, 'hofgemeinschaft')).body.hits[0]!;
    expect(staffHit).toMatchObject({ type: 'group', visibility: 'staff', url: `/staff/groups/${g.id}` });

    // Public with a public text: everyone finds it by the public text and the topic, never by the internal purpose.
    const pub = await updateGroup(admin, g.id, { ...groupInput(g), public: true, publicText: 'Wir suchen Nachbarinnen für unseren Hof am Quellenweg.', meetingInfo: 'Jeden zweiten Samstag' });
    const found = await api(t.client(), 'hofgemeinschaft');
    expect(found.body.hits.map((h) => [h.id, h.type, h.visibility, h.url])).toEqual([[g.id, 'group', 'public', `/groups/${g.id}`]]);
    expect(await ids(t.client(), 'nachbarinnen samstag')).toEqual([g.id]);
    expect(await ids(t.client(), topic.labels.de)).toContain(g.id);
    expect(await ids(t.client(), 'hochbeetbau')).toEqual([]);
    expect(await ids(karnapWorker, 'hofgemeinschaft')).toEqual([g.id]);
    const page = await (await t.client().get('/search?q=hofgemeinschaft')).text();
    expect(page).toContain(`href="/groups/${g.id}"`);
    expect(page).toContain('Gruppe');
    expect(page).toContain('Gebiet: Kray');

    // Renamed: found by the new name, no longer by the old one.
    const renamed = await updateGroup(admin, g.id, { ...groupInput(pub), name: 'Hofrunde Quellenweg' });
    expect(await ids(t.client(), 'hofgemeinschaft')).toEqual([]);
    expect(await ids(t.client(), 'hofrunde')).toEqual([g.id]);

    // Ended (like a deletion for the public pages): gone from the public search, still a staff document in Kray.
    await changeStage(admin, renamed.id, { to: 'ended' });
    expect(await ids(t.client(), 'hofrunde')).toEqual([]);
    expect((await api(krayWorker, 'hofrunde')).body.hits.map((h) => [h.id, h.visibility])).toEqual([[g.id, 'staff']]);
    expect(await ids(karnapWorker, 'hofrunde')).toEqual([]);
  });

  it('never indexes the contact person of a group', async () => {
    const net = ctxFor(t, principal('admin'));
    const person = await makePerson(net, { name: 'Hildegard Quellmann', areaIds: [kray] });
    const g = await makeGroup(t, { name: 'Lesekreis Steeler Straße', contactPersonId: person, public: true, publicText: 'Wir lesen gemeinsam.' });
    expect(await ids(t.client(), 'lesekreis')).toEqual([g.id]);
    expect(await ids(t.client(), 'quellmann')).toEqual([]);
    expect(await ids(coordinator, 'quellmann', '&type=group')).toEqual([]);
  });

  it('stems German words on PostgreSQL: "Nachbarschaftsgruppen" finds "Nachbarschaftsgruppe" (prefixes on SQLite)', async () => {
    const g = await makeGroup(t, { name: 'Nachbarschaftsgruppe Frohnhausen-Ost', areaSlug: 'frohnhausen', public: true, publicText: 'Offene Nachbarschaftsgruppe für alle.' });
    expect(await ids(t.client(), 'nachbarschaftsgr')).toEqual([g.id]);
    expect(await ids(t.client(), 'Nachbarschaftsgruppe')).toEqual([g.id]);
    if (TEST_DB === 'postgres') expect(await ids(t.client(), 'Nachbarschaftsgruppen')).toEqual([g.id]);
  });
});

describe('network', () => {
  it('organisations are staff documents for network.read in their areas; an update changes them; notes are never indexed', async () => {
    const admin = ctxFor(t, principal('admin'));
    const topic = (await listTopics(admin.db))[0]!;
    const orgId = await makeOrg(admin, { name: 'Kulturverein Zeche Suchtest', areaIds: [kray], topicIds: [topic.id], address: 'Am Zechenplatz 3', notes: 'Vertraulich: Vorstand zerstritten' });
    expect(await ids(krayModerator, 'zeche suchtest')).toEqual([orgId]);
    expect(await ids(krayWorker, 'zechenplatz')).toEqual([orgId]);
    expect(await ids(coordinator, 'kulturverein')).toEqual([orgId]);
    expect((await api(krayModerator, 'kulturverein')).body.hits[0]).toMatchObject({ type: 'organisation', visibility: 'staff', url: `/staff/network/organisations/${orgId}` });
    // Another area's staff, roles without network.read, and the public find nothing.
    expect(await ids(karnapModerator, 'kulturverein')).toEqual([]);
    expect(await ids(krayOffice, 'kulturverein')).toEqual([]);
    expect(await ids(viewer, 'kulturverein')).toEqual([]);
    expect(await ids(t.client(), 'kulturverein')).toEqual([]);
    expect(await (await t.client().get('/search?q=kulturverein')).text()).toContain('Keine Treffer');
    expect(await ids(coordinator, 'zerstritten')).toEqual([]);

    // Updated: renamed and moved to Karnap — Kray's moderator loses it, Karnap's finds it by the new name only.
    const org = await orgInput(orgId);
    await updateOrganisation(admin, orgId, { ...org, name: 'Kulturforum Zeche Suchtest', areaIds: [karnap] });
    expect(await ids(coordinator, 'kulturverein')).toEqual([]);
    expect(await ids(karnapModerator, 'kulturforum')).toEqual([orgId]);
    expect(await ids(krayModerator, 'kulturforum')).toEqual([]);
  });

  it('an organisation outside every programme area is found only with an "all areas" assignment', async () => {
    const admin = ctxFor(t, principal('admin'));
    const orgId = await makeOrg(admin, { name: 'Stadtweite Tafel Suchtest', areaIds: [] });
    expect(await ids(coordinator, 'tafel')).toEqual([orgId]);
    expect(await ids(krayModerator, 'tafel')).toEqual([]);
  });

  it('contact people: name, organisation and role only, in their areas; a withdrawn basis or an erasure removes them', async () => {
    const admin = ctxFor(t, principal('admin'));
    const orgId = await makeOrg(admin, { name: 'Bürgerverein Ostviertel', areaIds: [kray] });
    const personId = await makePerson(admin, { name: 'Walburga Suchfeld', email: 'walburga.privat@example.test', phone: '0201 4711', areaIds: [kray], orgId, role: 'Kassenwartin', purpose: 'Geheimzweck Einladungen' });
    const hit = (await api(krayModerator, 'walburga')).body.hits;
    expect(hit.map((h) => [h.id, h.type, h.visibility, h.url])).toEqual([[personId, 'person', 'staff', `/staff/network/people/${personId}`]]);
    expect(await ids(krayWorker, 'kassenwartin')).toEqual([personId]);
    expect((await ids(krayWorker, 'ostviertel')).sort()).toEqual([orgId, personId].sort());
    // Never e-mail, phone or the consent's purpose; never for other areas, other roles or the public.
    for (const q of ['privat', '4711', 'geheimzweck']) expect(await ids(coordinator, q)).toEqual([]);
    expect(await ids(karnapModerator, 'walburga')).toEqual([]);
    expect(await ids(krayOffice, 'walburga')).toEqual([]);
    expect(await ids(t.client(), 'walburga')).toEqual([]);
    expect((await api(t.client(), 'walburga', '&type=person')).status).toBe(422);

    // A rename and a second membership change the document; the organisation's rename reaches its members.
    const other = await makeOrg(admin, { name: 'Sportfreunde Kray-Nord', areaIds: [kray] });
    await addMembership(admin, personId, { orgId: other, role: 'Übungsleiterin' });
    expect(await ids(krayWorker, 'übungsleiterin')).toEqual([personId]);
    await updatePerson(admin, personId, { name: 'Walburga Suchfeld-Kampe', areaIds: [kray] });
    expect(await ids(krayWorker, 'kampe')).toEqual([personId]);
    const org = await orgInput(orgId);
    await updateOrganisation(admin, orgId, { ...org, name: 'Bürgerforum Ostviertel' });
    expect(await ids(krayWorker, 'bürgerforum', '&type=person')).toEqual([personId]);

    // The legal basis withdrawn: no longer findable (the person stays on the staff pages for review or erasure).
    const consent = (await getPersonDetail(admin, personId)).consents[0]!;
    await withdrawConsent(admin, personId, consent.id);
    expect(await ids(coordinator, 'walburga')).toEqual([]);

    // Erased: gone (a second person shows erasure removes an indexed document).
    const second = await makePerson(admin, { name: 'Gottfried Suchfeld', areaIds: [kray] });
    expect(await ids(coordinator, 'gottfried')).toEqual([second]);
    await erasePerson(admin, second);
    expect(await ids(coordinator, 'gottfried')).toEqual([]);
    expect(await ids(coordinator, 'suchfeld')).toEqual([]);
  });
});

/** The organisation's editable fields (for updateOrganisation) as its service returns them. */
async function orgInput(orgId: string) {
  const o = await getOrganisation(ctxFor(t, principal('admin')), orgId);
  return { name: o.name, typeId: o.typeId, logic: o.logic, areaIds: o.areaIds, topicIds: o.topicIds, ...(o.address ? { address: o.address } : {}), ...(o.notes ? { notes: o.notes } : {}) };
}

describe('type filter and reindex', () => {
  it('offers and accepts only the types the audience can find', async () => {
    expect((await api(t.client(), 'suchtest', '&type=organisation')).status).toBe(422);
    expect((await api(krayOffice, 'suchtest', '&type=organisation')).status).toBe(422);
    expect((await api(coordinator, 'suchtest', '&type=organisation')).status).toBe(200);
    const office = await signedInClient(t, 'office_staff', { areaIds: [kray] });
    const officePage = await (await office.get('/staff/search')).text();
    expect(officePage).toContain('<option value="group"');
    expect(officePage).not.toContain('<option value="organisation"');
    const coord = await signedInClient(t, 'coordinator');
    const coordPage = await (await coord.get('/staff/search')).text();
    expect(coordPage).toContain('<option value="organisation"');
    expect(coordPage).toContain('<option value="person"');
    expect(await (await t.client().get('/search')).text()).not.toContain('<option value="organisation"');
  });

  it('the reindex rebuilds groups, organisations and contact people, and is audited', async () => {
    const db = ctxFor(t, null).db;
    const g = await makeGroup(t, { name: 'Repaircafé Reindextest', public: true, publicText: 'Reparieren statt wegwerfen.' });
    const orgId = await makeOrg(ctxFor(t, principal('admin')), { name: 'Reindextest Werkstatt e. V.', areaIds: [kray] });
    await removeDocument(db, 'group', g.id);
    await removeDocument(db, 'organisation', orgId);
    expect(await ids(coordinator, 'reindextest')).toEqual([]);
    const lines = await reindexSearch(t.handle.db, { id: t.tenant.id, slug: 'essen' });
    expect(lines.join('\n')).toMatch(/group\s+\d+/);
    expect(lines.join('\n')).toMatch(/organisation\s+\d+/);
    expect(lines.join('\n')).toMatch(/person\s+\d+/);
    expect(await ids(coordinator, 'reindextest')).toEqual([g.id, orgId].sort());
    expect(await ids(t.client(), 'reindextest')).toEqual([g.id]);
    // Erased people and people without a basis stay out after a reindex too.
    expect(await ids(coordinator, 'walburga')).toEqual([]);
    expect(await ids(coordinator, 'gottfried')).toEqual([]);
    const audit = await listAudit(db as never, { entityType: 'search_index' });
    expect(audit.entries[0]).toMatchObject({ action: 'reindex', entityId: t.tenant.id });
    expect(Number(audit.entries[0]!.changes.group!.to)).toBeGreaterThanOrEqual(3);
    // Tenant isolation: the other tenant's coordinator finds none of it.
    expect(await ids(await apiClient(t, 'coordinator', { tenantId: t.other.id }), 'reindextest')).toEqual([]);
  });
});

describe('bad page numbers', () => {
  it('answers a malformed, too large or past-the-end page with 422 and a clear message on the page and in the API', async () => {
    const odd = await t.client().get('/search?q=nachbarschaftsgruppe&offset=abc');
    expect(odd.status).toBe(422);
    const oddHtml = await odd.text();
    expect(oddHtml).toContain('Die Seitenangabe muss eine Zahl zwischen 0 und 1000 sein.');
    expect(oddHtml).toContain('href="#f-offset"');
    expect(oddHtml).toContain('id="f-offset"');
    expect(oddHtml).toContain('href="/search?q=nachbarschaftsgruppe"');
    expect((await t.client().get('/search?q=nachbarschaftsgruppe&offset=5000')).status).toBe(422);
    const past = await t.client().get('/search?q=nachbarschaftsgruppe&offset=40');
    expect(past.status).toBe(422);
    expect(await past.text()).toContain('Diese Seite gibt es nicht: Es gibt nur 1 Treffer.');
    const pastApi = await api(t.client(), 'nachbarschaftsgruppe', '&offset=40');
    expect(pastApi.status).toBe(422);
    expect(pastApi.body.errors?.map((e) => e.field)).toEqual(['offset']);
    expect((await t.client().get('/search?q=nachbarschaftsgruppe&offset=0')).status).toBe(200);
    expect((await t.client().get('/search?q=nachbarschaftsgruppe&offset=')).status).toBe(200);
  });
});
