/**
 * The network module on a real database (SQLite and PostgreSQL), through its pages, API and services:
 * organisations with validation, scope and audit; people with their legal basis, memberships and area visibility;
 * the contact log with filters, CSV, follow-up reminders by e-mail (.eml) and the "not contacted" view; the network
 * view (SVG + tables); GDPR export, erasure without a trace in the audit log, and the review flag.
 */
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { apiClient, createUser, mails, signedInClient, type SignedInClient } from '../../../test/support/auth';
import { listAudit, type AuditTables } from '../../platform/audit';
import { jobHandler, registeredSchedules } from '../../platform/jobs';
import { getAreaBySlug, listTopics, seedTerritory } from '../territory';
import { getPersonDetail, listContacts, listOrganisations, sendFollowUpReminders } from './index';
import { ctxFor, makeContact, makeOrg, makePerson, principal, typeId } from './test/factories';

let t: TestApp;
let kray: string;
let karnap: string;
let moderator: SignedInClient;

beforeAll(async () => {
  t = await createTestApp();
  await seedTerritory(t.handle.db, t.tenant.id);
  await seedTerritory(t.handle.db, t.other.id);
  const db = ctxFor(t, null).db;
  kray = (await getAreaBySlug(db, 'kray'))!.id;
  karnap = (await getAreaBySlug(db, 'karnap'))!.id;
  moderator = await signedInClient(t, 'moderator', { areaIds: [kray] });
});
afterAll(async () => {
  await t?.close();
});

function html(res: Response): Promise<string> {
  return res.text();
}

describe('organisations', () => {
  it('refuses bad input with field errors and changes nothing; creates, audits and scopes a valid one', async () => {
    const admin = ctxFor(t, principal('admin'));
    const before = (await listOrganisations(admin)).total;
    await moderator.get('/staff/network/organisations/new');
    const bad = await moderator.post('/staff/network/organisations', { name: ' ', typeId: '', logic: 'nope', website: 'ftp://x', lat: '51.4', areaIds: karnap });
    expect(bad.status).toBe(422);
    const page = await html(bad);
    expect(page).toContain('error-summary');
    for (const field of ['f-name', 'f-typeId', 'f-logic', 'f-website']) expect(page).toContain(`href="#${field}"`);
    expect((await listOrganisations(admin)).total).toBe(before);

    // An area outside the moderator's scope is refused with a field error.
    const school = await typeId(admin, 'school');
    const out = await moderator.post('/staff/network/organisations', { name: 'Schule Karnap (Demo)', typeId: school, logic: 'institution', areaIds: karnap });
    expect(out.status).toBe(422);
    expect(await html(out)).toContain('Sie arbeiten nicht in diesem Quartier');

    const topics = await listTopics(admin.db);
    const ok = await moderator.post('/staff/network/organisations', {
      name: 'Gesamtschule Kray (Demo)',
      typeId: school,
      logic: 'institution',
      areaIds: kray,
      topicIds: topics[0]!.id,
      address: 'Schulstraße 1',
      lat: '51,4746',
      lon: '7.0869',
      website: 'https://schule.example',
      notes: 'Ansprechbar über das Sekretariat',
    });
    expect(ok.status).toBe(303);
    const id = /organisations\/(org_[0-9a-z]+)/.exec(ok.headers.get('location') ?? '')![1]!;
    const detail = await html(await moderator.get(`/staff/network/organisations/${id}`));
    expect(detail).toContain('Gesamtschule Kray (Demo)');
    expect(detail).toContain('Kray'); // placed in the Stadtteil by the territory lookup
    expect(detail).toContain('Lage von Gesamtschule Kray (Demo)'); // the location map
    const audit = await listAudit(admin.db as never, { entityType: 'network_organisation', entityId: id });
    expect(audit.entries[0]!.action).toBe('create');
    expect(audit.entries[0]!.changes.name!.to).toBe('Gesamtschule Kray (Demo)');
    expect(audit.entries[0]!.changes.notes!.to).toBe('•••');

    // A moderator of Karnap neither sees it in the list nor opens it.
    const other = await signedInClient(t, 'moderator', { areaIds: [karnap] });
    expect(await html(await other.get('/staff/network/organisations'))).not.toContain('Gesamtschule Kray');
    expect((await other.get(`/staff/network/organisations/${id}`)).status).toBe(403);
    // The organisations CSV follows the scope too.
    const csv = await (await moderator.get('/staff/network/organisations/export.csv?q=Gesamtschule')).text();
    expect(csv.trim().split('\r\n')).toHaveLength(2);
    expect(csv).toContain('Gesamtschule Kray (Demo);Schule;Institution;Kray');
    expect(await (await other.get('/staff/network/organisations/export.csv')).text()).not.toContain('Gesamtschule');
    // Office staff and viewers see nothing of the network.
    const office = await signedInClient(t, 'office_staff', { areaIds: [kray] });
    expect((await office.get('/staff/network')).status).toBe(403);
  });

  it('records relationships with dates and refuses an end before the start', async () => {
    const admin = ctxFor(t, principal('admin'));
    const a = await makeOrg(admin, { name: 'Jugendhilfe Kray (Demo)', areaIds: [kray], typeKey: 'social_provider', logic: 'institution' });
    const b = await makeOrg(admin, { name: 'Stiftung Kray (Demo)', areaIds: [kray], typeKey: 'foundation', logic: 'institution' });
    await moderator.get(`/staff/network/organisations/${b}`);
    const bad = await moderator.post(`/staff/network/organisations/${b}/relationships`, { kind: 'funds', toOrgId: a, startsOn: '2026-05-01', endsOn: '2026-01-01' });
    expect(bad.status).toBe(422);
    expect(await html(bad)).toContain('href="#f-endsOn"');
    const ok = await moderator.post(`/staff/network/organisations/${b}/relationships`, { kind: 'funds', toOrgId: a, startsOn: '2026-01-01' });
    expect(ok.status).toBe(303);
    const page = await html(await moderator.get(`/staff/network/organisations/${a}`));
    expect(page).toContain('wird gefördert von');
    expect(page).toContain('Stiftung Kray (Demo)');
  });
});

describe('people', () => {
  it('needs a legal basis, keeps memberships and is visible only in its areas', async () => {
    const admin = ctxFor(t, principal('admin'));
    const org = await makeOrg(admin, { name: 'Kita Sonnenschein (Demo)', areaIds: [kray], typeKey: 'daycare', logic: 'institution' });
    await moderator.get('/staff/network/people/new');
    const bad = await moderator.post('/staff/network/people', { name: 'Petra Probe', areaIds: kray, basis: '', purpose: '', method: 'written', givenOn: '2026-01-01' });
    expect(bad.status).toBe(422);
    expect(await html(bad)).toContain('href="#f-purpose"');
    const ok = await moderator.post('/staff/network/people', {
      name: 'Petra Probe',
      email: 'petra.probe@kita.example',
      areaIds: kray,
      orgId: org,
      role: 'Leitung',
      basis: 'consent',
      purpose: 'Einladungen zur Stadtteilkonferenz',
      method: 'written',
      givenOn: '2026-02-01',
    });
    expect(ok.status).toBe(303);
    const id = /people\/(per_[0-9a-z]+)/.exec(ok.headers.get('location') ?? '')![1]!;
    const d = await getPersonDetail(admin, id);
    expect(d.memberships.map((m) => [m.orgName, m.role])).toEqual([['Kita Sonnenschein (Demo)', 'Leitung']]);
    expect(d.consents.map((c) => [c.basis, c.method, c.givenOn])).toEqual([['consent', 'written', '2026-02-01']]);
    const orgPage = await html(await moderator.get(`/staff/network/organisations/${org}`));
    expect(orgPage).toContain('Petra Probe');

    const karnapWorker = await signedInClient(t, 'district_worker', { areaIds: [karnap] });
    expect(await html(await karnapWorker.get('/staff/network/people'))).not.toContain('Petra Probe');
    expect((await karnapWorker.get(`/staff/network/people/${id}`)).status).toBe(403);

    // The audit never holds the name or e-mail address (masked), only that they were set.
    const audit = await listAudit(admin.db as never, { entityType: 'network_person', entityId: id });
    expect(JSON.stringify(audit.entries)).not.toContain('Petra');
    expect(JSON.stringify(audit.entries)).not.toContain('petra.probe');
    expect(audit.entries.map((e) => e.action).sort()).toEqual(['consent_recorded', 'create', 'membership_added']);
  });
});

describe('contacts', () => {
  it('logs contacts, filters, exports CSV, lists quiet actors and reminds by e-mail', async () => {
    const admin = ctxFor(t, principal('admin'));
    const worker = await createUser(t, { role: 'district_worker', areaIds: [kray], email: 'worker.kray@example.test' });
    const workerCtx = ctxFor(t, { ...principal('district_worker', { areaIds: [kray], id: worker.id }), email: worker.email });
    const police = await makeOrg(admin, { name: 'Polizei Bezirksdienst Kray (Demo)', areaIds: [kray], typeKey: 'police', logic: 'administration' });
    const club = await makeOrg(admin, { name: 'Bürgerverein Kray (Demo)', areaIds: [kray] });
    const quiet = await makeOrg(admin, { name: 'Moschee-Gemeinde Kray (Demo)', areaIds: [kray], typeKey: 'faith_community', logic: 'institution' });
    const person = await makePerson(admin, { name: 'Bernd Bezirk', areaIds: [kray], orgId: police });

    // Validation through the page: no participant, follow-up before the contact.
    await moderator.get('/staff/network/contacts/new');
    const bad = await moderator.post('/staff/network/contacts', { occurredOn: '2026-03-10', channel: 'phone', areaId: kray, followUpOn: '2026-03-01' });
    expect(bad.status).toBe(422);
    const badHtml = await html(bad);
    expect(badHtml).toContain('href="#f-orgIds"');
    expect(badHtml).toContain('href="#f-followUpOn"');
    expect(badHtml).toContain('Keine Fallakten');

    const today = new Date().toISOString().slice(0, 10);
    await makeContact(workerCtx, { occurredOn: '2026-03-10', channel: 'in_person', areaId: kray, orgIds: [police, club], personIds: [person], note: '=Sicherheitspartnerschaft', followUpOn: today });
    await makeContact(workerCtx, { occurredOn: '2026-03-12', channel: 'email', areaId: kray, orgIds: [club] });
    const filtered = await html(await moderator.get(`/staff/network/contacts?channel=in_person&orgId=${police}`));
    expect(filtered).toContain('Bernd Bezirk');
    expect(filtered).toContain('1 Kontakt');

    const csvRes = await moderator.get(`/staff/network/contacts/export.csv?orgId=${club}`);
    expect(csvRes.headers.get('content-type')).toContain('text/csv');
    const csv = await csvRes.text();
    const lines = csv.trim().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('Datum;Kontaktweg');
    expect(csv).toContain("'=Sicherheitspartnerschaft"); // formula injection guarded

    // The moderator of Kray sees the quiet organisation (never contacted), not the contacted ones.
    const quietPage = await html(await moderator.get(`/staff/network/quiet?areaId=${kray}&months=12`));
    expect(quietPage).toContain('Moschee-Gemeinde Kray (Demo)');
    expect(quietPage).not.toContain('Polizei Bezirksdienst Kray (Demo)');
    void quiet;

    // The follow-up reminder goes to the worker who logged the contact, once.
    const n = await sendFollowUpReminders(admin.db, t.tenant.id, t.config, today);
    expect(n).toBe(1);
    const mail = mails(t).find((m) => m.to.includes('worker.kray@example.test'))!;
    expect(mail.subject).toContain('Wiedervorlage');
    expect(mail.text).toMatch(/\/staff\/network\/contacts\/cnt_[0-9a-z]+\/edit/);
    expect(mail.text).not.toContain('Bernd');
    expect(await sendFollowUpReminders(admin.db, t.tenant.id, t.config, today)).toBe(0);
    // The worker runs it daily (handler and schedule registered at import).
    expect(jobHandler('network.followups')).toBeDefined();
    expect(registeredSchedules().find(([k]) => k === 'network.followups')?.[1]).toEqual({ dailyAt: '07:00' });

    // Marking it done through the page is audited.
    const [c] = (await listContacts(admin, { orgId: police })).items;
    await moderator.get('/staff/network/contacts');
    expect((await moderator.post(`/staff/network/contacts/${c!.id}/follow-up`, { done: '1' })).status).toBe(303);
    const audit = await listAudit(admin.db as never, { entityType: 'network_contact', entityId: c!.id });
    expect(audit.entries.map((e) => e.action)).toEqual(expect.arrayContaining(['create', 'follow_up_reminded', 'follow_up_done']));
  });

  it('hides participants from other programme areas and keeps them when the contact is edited', async () => {
    const admin = ctxFor(t, principal('admin'));
    const org = await makeOrg(admin, { name: 'Stadtteilbibliothek Kray (Demo)', areaIds: [kray] });
    const karnapPerson = await makePerson(admin, { name: 'Karla Karnap', areaIds: [karnap] });
    const id = await makeContact(admin, { occurredOn: '2026-06-01', areaId: kray, orgIds: [org], personIds: [karnapPerson], note: 'Lesefest' });
    const list = await html(await moderator.get(`/staff/network/contacts?orgId=${org}`));
    expect(list).toContain('Lesefest');
    expect(list).not.toContain('Karla Karnap');
    await moderator.get(`/staff/network/contacts/${id}/edit`);
    const res = await moderator.post(`/staff/network/contacts/${id}`, { occurredOn: '2026-06-01', channel: 'event', areaId: kray, orgIds: org, note: 'Lesefest im Juni' });
    expect(res.status).toBe(303);
    const after = (await listContacts(admin, { orgId: org })).items[0]!;
    expect(after.channel).toBe('event');
    expect(after.people.map((p) => p.id)).toEqual([karnapPerson]);
  });

  it('shows the network view as SVG with a table alternative', async () => {
    const page = await html(await moderator.get(`/staff/network?areaId=${kray}`));
    expect(page).toMatch(/<svg[^>]*role="img"/);
    expect(page).toContain('<title id="network-graph-title">');
    expect(page).toContain('id="network-table"');
    expect(page).toContain('Bürgerverein Kray (Demo)');
    // Out of scope area: forbidden.
    expect((await moderator.get(`/staff/network?areaId=${karnap}`)).status).toBe(200); // not in the choice list: falls back to the chooser
  });
});

describe('GDPR', () => {
  it('exports a person as JSON and page, erases without leaving the data in the audit log, flags inactive people', async () => {
    const admin = ctxFor(t, principal('admin'));
    const coordinator = await signedInClient(t, 'coordinator', { areaIds: [kray] });
    const id = await makePerson(admin, { name: 'Greta Gelöscht', email: 'greta@verein.example', phone: '0201 123456', areaIds: [kray] });
    await makeContact(admin, { occurredOn: '2026-04-01', areaId: kray, personIds: [id], note: 'Kurzes Telefonat' });

    expect((await moderator.get(`/staff/network/people/${id}/data.json`)).status).toBe(403);
    const jsonRes = await coordinator.get(`/staff/network/people/${id}/data.json`);
    expect(jsonRes.headers.get('content-disposition')).toContain('attachment');
    const data = (await jsonRes.json()) as { person: { name: string; email: string }; contacts: { note: string }[]; legalBasis: unknown[] };
    expect(data.person).toMatchObject({ name: 'Greta Gelöscht', email: 'greta@verein.example' });
    expect(data.contacts[0]!.note).toBe('Kurzes Telefonat');
    expect(data.legalBasis).toHaveLength(1);
    expect(await html(await coordinator.get(`/staff/network/people/${id}/data`))).toContain('greta@verein.example');

    // Review: an old last activity puts the person on the list.
    await sql`update network_people set last_activity_at = ${t.handle.dialect === 'postgres' ? '2020-01-01T00:00:00Z' : '2020-01-01T00:00:00.000Z'} where tenant_id = ${t.tenant.id} and id = ${id}`.execute(t.handle.db);
    expect(await html(await coordinator.get('/staff/network/review'))).toContain('Greta Gelöscht');

    // Erasure needs the name typed again.
    await coordinator.get(`/staff/network/people/${id}/erase`);
    expect((await coordinator.post(`/staff/network/people/${id}/erase`, { confirm: 'falsch' })).status).toBe(422);
    expect((await coordinator.post(`/staff/network/people/${id}/erase`, { confirm: 'Greta Gelöscht' })).status).toBe(303);
    expect((await coordinator.get(`/staff/network/people/${id}`)).status).toBe(404);
    const rows = await (t.handle.db as Kysely<any>).selectFrom('audit_log').selectAll().where('entity_id', '=', id).execute();
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['create', 'export', 'erase']));
    const everything = JSON.stringify(await (t.handle.db as Kysely<AuditTables>).selectFrom('audit_log').selectAll().execute());
    for (const s of ['Greta', 'greta@verein.example', '0201 123456', 'Kurzes Telefonat']) expect(everything).not.toContain(s);
    const left = await (t.handle.db as Kysely<any>).selectFrom('network_people').selectAll().where('id', '=', id).executeTakeFirst();
    expect(left).toMatchObject({ name: '', email: null, phone: null });
    expect(await (t.handle.db as Kysely<any>).selectFrom('network_contact_people').selectAll().where('person_id', '=', id).execute()).toEqual([]);
  });
});

describe('API', () => {
  it('lists, creates and updates organisations within scope; logs contacts', async () => {
    const admin = ctxFor(t, principal('admin'));
    const client = await apiClient(t, 'district_worker', { areaIds: [kray] });
    const typeAssoc = await typeId(admin, 'association');
    const bad = await client.json('POST', '/api/v1/network/organisations', { name: 'X', typeId: typeAssoc, logic: 'district', areaIds: [karnap] });
    expect(bad.status).toBe(422);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    const res = await client.json('POST', '/api/v1/network/organisations', { name: 'Sportverein Kray (Demo)', typeId: typeAssoc, logic: 'district', areaIds: [kray] });
    expect(res.status).toBe(201);
    const org = (await res.json()) as { id: string; name: string };
    const list = (await (await client.request('/api/v1/network/organisations?q=Sportverein')).json()) as { total: number; items: { id: string }[] };
    expect(list.items.map((o) => o.id)).toEqual([org.id]);
    const put = await client.json('PUT', `/api/v1/network/organisations/${org.id}`, { name: 'SV Kray 1910 (Demo)', typeId: typeAssoc, logic: 'district', areaIds: [kray] });
    expect(put.status).toBe(200);
    expect(((await put.json()) as { name: string }).name).toBe('SV Kray 1910 (Demo)');
    const karnapOrg = await makeOrg(admin, { name: 'Karnap only (Demo)', areaIds: [karnap] });
    expect((await client.request(`/api/v1/network/organisations/${karnapOrg}`)).status).toBe(403);
    expect((await client.json('PUT', `/api/v1/network/organisations/${karnapOrg}`, { name: 'x', typeId: typeAssoc, logic: 'district', areaIds: [karnap] })).status).toBe(403);
    const contact = await client.json('POST', '/api/v1/network/contacts', { occurredOn: '2026-05-05', channel: 'event', areaId: kray, orgIds: [org.id] });
    expect(contact.status).toBe(201);
    const viewer = await apiClient(t, 'viewer');
    expect((await viewer.request('/api/v1/network/organisations')).status).toBe(403);
  });
});
