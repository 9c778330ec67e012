/**
 * Groups on a real database (SQLite and PostgreSQL): creating in scope (and refused out of scope), field errors that
 * change nothing, stage changes with their history, support time and the "rising" watch list with hand-computed
 * numbers, milestones and the "close to self-sustaining" list, read access for office staff, the public page (only
 * what is public), the audit trail of every write, and the JSON API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit, type AuditTables } from '../../platform/audit';
import { forTenant, type TenantDb } from '../../platform/db/tenant-scope';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { apiClient, signedInClient } from '../../../test/support/auth';
import { getAreaBySlug, listTopics, seedTerritory } from '../territory';
import { createPerson, erasePerson, exportPerson } from '../network';
import { changeStage, getGroupForStaff, groupForBookingLink, listGroupsForStaff, logSupportTime, setMilestones, watchLists } from './index';
import { addMonths, monthOf } from './groups.rules';
import { createOffice, createRoom, getBooking } from '../offices';
import { createBookingLink, listGroupOffers, revokeBookingLinksOf, today } from './groups.service';
import { ctxFor, makeGroup, principal } from './test/factories';

let t: TestApp;
let db: TenantDb<any>;
let krayId: string;
let karnapId: string;

beforeAll(async () => {
  t = await createTestApp();
  await seedTerritory(t.handle.db, t.tenant.id);
  db = forTenant(t.handle.db, t.tenant.id);
  krayId = (await getAreaBySlug(db, 'kray'))!.id;
  karnapId = (await getAreaBySlug(db, 'karnap'))!.id;
});
afterAll(async () => t?.close());

async function countGroups(): Promise<number> {
  return (await listGroupsForStaff(ctxFor(t, principal('admin')))).length;
}
const audit = (entityId: string) => listAudit(db as unknown as TenantDb<AuditTables>, { entityType: 'group', entityId, limit: 100 });

describe('groups: pages for a Kray district worker', () => {
  it('creates a group in Kray through the form, with an audit entry and the first stage in the history', async () => {
    const worker = await signedInClient(t, 'district_worker', { allAreas: false, areaIds: [krayId] });
    const topic = (await listTopics(db))[0]!;
    const form = await worker.get('/staff/groups/new');
    expect(form.status).toBe(200);
    const html = await form.text();
    // Only the worker's area is offered.
    expect(html).toContain(`value="${krayId}"`);
    expect(html).not.toContain(`value="${karnapId}"`);
    const res = await worker.post('/staff/groups', { name: 'Sprachcafé-Initiative', areaId: krayId, purpose: 'Deutsch üben im Gespräch.', startDate: '2025-03-01', topicIds: topic.id, stage: 'idea' });
    expect(res.status).toBe(303);
    const id = res.headers.get('location')!.replace('/staff/groups/', '');
    expect(id).toMatch(/^grp_/);
    const page = await (await worker.get(`/staff/groups/${id}`)).text();
    expect(page).toContain('Sprachcafé-Initiative');
    expect(page).toContain('Idee');
    const entries = (await audit(id)).entries;
    expect(entries.map((e) => e.action)).toEqual(['create']);
    expect(entries[0]!.actorId).toBe(worker.user.id);
    expect(entries[0]!.changes.name).toEqual({ from: null, to: 'Sprachcafé-Initiative' });
    const d = await getGroupForStaff(ctxFor(t, principal('admin')), id);
    expect(d.stages).toHaveLength(1);
    expect(d.group.topicIds).toEqual([topic.id]);
  });

  it('shows field errors on bad input and changes nothing (also for another area)', async () => {
    const worker = await signedInClient(t, 'district_worker', { allAreas: false, areaIds: [krayId] });
    const before = await countGroups();
    const res = await worker.post('/staff/groups', { name: '', areaId: krayId, purpose: 'x', startDate: 'gestern' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('id="error-summary"');
    expect(html).toContain('href="#f-name"');
    expect(html).toContain('href="#f-startDate"');
    const other = await worker.post('/staff/groups', { name: 'Karnap-Gruppe', areaId: karnapId, purpose: 'x', startDate: '2025-03-01' });
    expect(other.status).toBe(422);
    expect(await other.text()).toContain('In diesem Quartier dürfen Sie keine Gruppen verwalten.');
    const future = await worker.post('/staff/groups', { name: 'Zukunft', areaId: krayId, purpose: 'x', startDate: `${Number(today().slice(0, 4)) + 1}-01-01` });
    expect(future.status).toBe(422);
    expect(await countGroups()).toBe(before);
  });

  it('moves a group through its stages with history (who, when, note); refuses a skipped stage', async () => {
    const g = await makeGroup(t, { name: 'Stufengruppe' });
    const worker = await signedInClient(t, 'district_worker', { allAreas: false, areaIds: [krayId] });
    expect((await worker.post(`/staff/groups/${g.id}/stage`, { to: 'founded', note: 'Erstes Treffen war gut besucht.' })).status).toBe(303);
    const skip = await worker.post(`/staff/groups/${g.id}/stage`, { to: 'self_sustaining' });
    expect(skip.status).toBe(422);
    expect(await skip.text()).toContain('Dieser Wechsel der Stufe ist nicht möglich.');
    expect((await worker.post(`/staff/groups/${g.id}/stage`, { to: 'accompanied' })).status).toBe(303);
    const d = await getGroupForStaff(ctxFor(t, principal('admin')), g.id);
    expect(d.group.stage).toBe('accompanied');
    expect(d.stages.map((s) => [s.fromStage, s.toStage])).toEqual([
      ['founded', 'accompanied'],
      ['idea', 'founded'],
      [null, 'idea'],
    ]);
    expect(d.stages[1]!.note).toBe('Erstes Treffen war gut besucht.');
    expect(d.stages[1]!.actorLabel).toBe(worker.user.email);
    const actions = (await audit(g.id)).entries.map((e) => e.action);
    expect(actions.filter((a) => a === 'stage')).toHaveLength(2);
  });

  it('refuses a Karnap worker and lets office staff read but not change', async () => {
    const g = await makeGroup(t, { name: 'Nur Kray' });
    const karnapWorker = await signedInClient(t, 'district_worker', { allAreas: false, areaIds: [karnapId] });
    expect((await karnapWorker.get(`/staff/groups/${g.id}`)).status).toBe(403);
    expect((await karnapWorker.post(`/staff/groups/${g.id}/stage`, { to: 'founded' })).status).toBe(403);
    expect(await (await karnapWorker.get('/staff/groups')).text()).not.toContain('Nur Kray');
    const office = await signedInClient(t, 'office_staff', { allAreas: false, areaIds: [krayId] });
    const page = await office.get(`/staff/groups/${g.id}`);
    expect(page.status).toBe(200);
    expect(await page.text()).not.toContain(`action="/staff/groups/${g.id}/stage"`);
    expect((await office.post(`/staff/groups/${g.id}/stage`, { to: 'founded' })).status).toBe(403);
    expect((await office.post(`/staff/groups/${g.id}/support`, { month: monthOf(today()), hours: '1' })).status).toBe(403);
    const viewer = await signedInClient(t, 'viewer');
    expect((await viewer.get('/staff/groups')).status).toBe(403);
  });
});

describe('groups: support time and the rising list', () => {
  it('logs hours per month by the signed-in staff member and refuses bad hours, future months and months before the start', async () => {
    const g = await makeGroup(t, { name: 'Zeitgruppe', startDate: '2025-01-15' });
    const worker = await signedInClient(t, 'district_worker', { allAreas: false, areaIds: [krayId] });
    const month = addMonths(monthOf(today()), -1);
    expect((await worker.post(`/staff/groups/${g.id}/support`, { month, hours: '1,5' })).status).toBe(303);
    for (const [body, field] of [
      [{ month, hours: '0,1' }, 'hours'],
      [{ month, hours: '' }, 'hours'],
      [{ month: addMonths(monthOf(today()), 1), hours: '1' }, 'month'],
      [{ month: '2024-12', hours: '1' }, 'month'],
      [{ month: '2025-13', hours: '1' }, 'month'],
    ] as const) {
      const res = await worker.post(`/staff/groups/${g.id}/support`, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(await res.text()).toContain(`href="#f-${field}"`);
    }
    const d = await getGroupForStaff(ctxFor(t, principal('admin')), g.id);
    expect(d.support).toHaveLength(1);
    expect(d.support[0]).toMatchObject({ month, minutes: 90, staffId: worker.user.id, staffLabel: 'Test district_worker' });
    const entry = (await audit(g.id)).entries.find((e) => e.action === 'support_time')!;
    expect(entry.changes).toEqual({ month: { from: null, to: month }, minutes: { from: null, to: 90 } });
    // An entry logged by mistake is deleted (not by another area's worker); the audit keeps month and minutes.
    const karnapWorker = await signedInClient(t, 'district_worker', { allAreas: false, areaIds: [karnapId] });
    expect((await karnapWorker.post(`/staff/groups/${g.id}/support/${d.support[0]!.id}/delete`, {})).status).toBe(403);
    expect((await worker.post(`/staff/groups/${g.id}/support/gsu_doesnotexist000000/delete`, {})).status).toBe(404);
    expect((await worker.post(`/staff/groups/${g.id}/support/${d.support[0]!.id}/delete`, {})).status).toBe(303);
    expect((await getGroupForStaff(ctxFor(t, principal('admin')), g.id)).support).toEqual([]);
    const deleted = (await audit(g.id)).entries.find((e) => e.action === 'support_time_delete')!;
    expect(deleted.changes).toMatchObject({ month: { from: month, to: null }, minutes: { from: 90, to: null } });
  });

  it('lists groups whose support time rose by ≥ 2 h and ≥ 25 % (hand-computed)', async () => {
    const day = today();
    const cur = monthOf(day);
    const m = (n: number) => addMonths(cur, -n);
    const admin = ctxFor(t, principal('admin'));
    const log = async (id: string, month: string, hours: number) => logSupportTime(admin, id, { month, hours });
    // Rising: before (M-6..M-4) 3 + 3 + 4 = 10 h; recent (M-3..M-1) 4 + 4 + 4.5 = 12.5 h → +2.5 h, +25 %.
    const up = await makeGroup(t, { name: 'Steigt', areaSlug: 'karnap', startDate: `${m(8)}-01` });
    for (const [n, h] of [[6, 3], [5, 3], [4, 4], [3, 4], [2, 4], [1, 4.5]] as const) await log(up.id, m(n), h);
    // Not rising: 10 h → 12 h (+2 h but only +20 %); the current month (10 h) does not count yet.
    const flat = await makeGroup(t, { name: 'Gleich', areaSlug: 'karnap', startDate: `${m(8)}-01` });
    for (const [n, h] of [[6, 5], [4, 5], [3, 6], [1, 6], [0, 10]] as const) await log(flat.id, m(n), h);
    // Not rising: 0 → 1.75 h; and a month 7 back (outside both windows) counts nowhere.
    const small = await makeGroup(t, { name: 'Wenig', areaSlug: 'karnap', startDate: `${m(8)}-01` });
    for (const [n, h] of [[7, 20], [2, 1.75]] as const) await log(small.id, m(n), h);
    // New support: 0 → 2 h is rising.
    const fresh = await makeGroup(t, { name: 'Neu begleitet', areaSlug: 'karnap', startDate: `${m(8)}-01` });
    await log(fresh.id, m(1), 2);

    const karnapWorker = ctxFor(t, principal('district_worker', { areaIds: [karnapId] }));
    const w = await watchLists(karnapWorker, day);
    const rising = new Map(w.rising.map((s) => [s.group.name, [s.beforeMinutes, s.recentMinutes]]));
    expect(rising).toEqual(
      new Map([
        ['Steigt', [600, 750]],
        ['Neu begleitet', [0, 120]],
      ]),
    );
    // Ended groups leave the list.
    await changeStage(admin, fresh.id, { to: 'ended' });
    expect((await watchLists(karnapWorker, day)).rising.map((s) => s.group.name)).toEqual(['Steigt']);
    // A Kray worker sees none of them.
    expect((await watchLists(ctxFor(t, principal('district_worker', { areaIds: [krayId] })), day)).rising.map((s) => s.group.name)).not.toContain('Steigt');
  });
});

describe('groups: milestones and the close-to-self-sustaining list', () => {
  it('records milestones with dates, refuses future dates, and lists the group at 5 of 7', async () => {
    const g = await makeGroup(t, { name: 'Fast selbsttragend', areaSlug: 'frohnhausen' });
    const worker = await signedInClient(t, 'district_worker', { allAreas: false, areaIds: [(await getAreaBySlug(db, 'frohnhausen'))!.id] });
    const four = { own_contact: '2025-02-01', regular_meetings: '2025-03-01', meets_without_staff: '2025-06-01', own_publicity: '2025-07-15' };
    expect((await worker.post(`/staff/groups/${g.id}/milestones`, four)).status).toBe(303);
    const admin = ctxFor(t, principal('admin'));
    expect((await watchLists(admin)).close.map((s) => s.group.name)).not.toContain('Fast selbsttragend');
    const future = await worker.post(`/staff/groups/${g.id}/milestones`, { ...four, books_own_room: `${Number(today().slice(0, 4)) + 1}-01-01` });
    expect(future.status).toBe(422);
    expect(await future.text()).toContain('href="#f-books_own_room"');
    expect((await getGroupForStaff(admin, g.id)).milestones).toHaveLength(4);
    expect((await worker.post(`/staff/groups/${g.id}/milestones`, { ...four, books_own_room: '2025-09-01' })).status).toBe(303);
    const close = (await watchLists(admin)).close.find((s) => s.group.id === g.id);
    expect(close?.milestones).toBe(5);
    // Removing one (empty date) takes it off the list again; the audit entry names the change.
    await setMilestones(admin, g.id, { own_publicity: null });
    expect((await watchLists(admin)).close.map((s) => s.group.id)).not.toContain(g.id);
    const last = (await audit(g.id)).entries.find((e) => e.action === 'milestones')!;
    expect(last.changes).toEqual({ own_publicity: { from: '2025-07-15', to: null } });
    // A largely independent group is close regardless of milestones; a self-sustaining one is not.
    const li = await makeGroup(t, { name: 'Weitgehend', stage: 'largely_independent' });
    expect((await watchLists(admin)).close.map((s) => s.group.id)).toContain(li.id);
    await changeStage(admin, li.id, { to: 'self_sustaining' });
    expect((await watchLists(admin)).close.map((s) => s.group.id)).not.toContain(li.id);
  });
});

describe('groups: the public page', () => {
  it('shows only what is marked public, and nothing for a group that is not public, dormant or ended', async () => {
    const hidden = await makeGroup(t, { name: 'Interne Gruppe', purpose: 'Geheimer Zweck' });
    const shown = await makeGroup(t, { name: 'Offene Gruppe', purpose: 'Interner Zweck der Gruppe', public: true, publicText: 'Komm vorbei und mach mit!', meetingInfo: 'Mittwochs 17 Uhr' });
    const anon = t.client();
    expect((await anon.get(`/groups/${hidden.id}`)).status).toBe(404);
    const page = await anon.get(`/groups/${shown.id}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Komm vorbei und mach mit!');
    expect(html).toContain('Mittwochs 17 Uhr');
    expect(html).not.toContain('Interner Zweck der Gruppe');
    const list = await (await anon.get('/groups')).text();
    expect(list).toContain('Offene Gruppe');
    expect(list).not.toContain('Interne Gruppe');
    // Public without a text is refused.
    const worker = await signedInClient(t, 'district_worker', { allAreas: false, areaIds: [krayId] });
    const res = await worker.post(`/staff/groups/${hidden.id}`, { name: 'Interne Gruppe', areaId: krayId, purpose: 'Geheimer Zweck', startDate: '2025-01-15', public: '1' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('href="#f-publicText"');
    await changeStage(ctxFor(t, principal('admin')), shown.id, { to: 'dormant' });
    expect((await anon.get(`/groups/${shown.id}`)).status).toBe(404);
  });
});

describe('groups: JSON API', () => {
  it('creates, reads, changes and lists groups within the token user’s scope', async () => {
    const api = await apiClient(t, 'district_worker', { allAreas: false, areaIds: [krayId] });
    const created = await api.json('POST', '/api/v1/groups', { name: 'API-Gruppe', areaId: krayId, purpose: 'Über die API angelegt.', startDate: '2025-05-01' });
    expect(created.status).toBe(201);
    const g = (await created.json()) as { id: string; stage: string; hasContactPerson: boolean };
    expect(g).toMatchObject({ stage: 'idea', hasContactPerson: false });
    expect((await api.json('POST', `/api/v1/groups/${g.id}/stage`, { to: 'founded', note: 'per API' })).status).toBe(200);
    const bad = await api.json('POST', `/api/v1/groups/${g.id}/stage`, { to: 'self_sustaining' });
    expect(bad.status).toBe(422);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    const month = addMonths(monthOf(today()), -1);
    expect((await api.json('POST', `/api/v1/groups/${g.id}/support-time`, { month, hours: 2.25 })).status).toBe(201);
    expect((await api.json('POST', `/api/v1/groups/${g.id}/support-time`, { month, hours: 2.1 })).status).toBe(422);
    expect((await api.json('PUT', `/api/v1/groups/${g.id}/milestones`, { regular_meetings: '2025-06-01' })).status).toBe(200);
    expect((await api.json('PATCH', `/api/v1/groups/${g.id}`, { name: 'API-Gruppe (umbenannt)' })).status).toBe(200);
    const detail = (await (await api.get(`/api/v1/groups/${g.id}`)).json()) as { name: string; stage: string; stages: unknown[]; supportTime: { hours: number }[]; milestones: { milestone: string }[] };
    expect(detail.name).toBe('API-Gruppe (umbenannt)');
    expect(detail.stage).toBe('founded');
    expect(detail.stages).toHaveLength(2);
    expect(detail.supportTime).toEqual([{ month, hours: 2.25, by: 'Test district_worker' }]);
    expect(detail.milestones).toEqual([{ milestone: 'regular_meetings', reachedOn: '2025-06-01' }]);
    expect((await audit(g.id)).entries.map((e) => e.action).sort()).toEqual(['create', 'milestones', 'stage', 'support_time', 'update']);

    const other = await apiClient(t, 'district_worker', { allAreas: false, areaIds: [karnapId] });
    expect((await other.get(`/api/v1/groups/${g.id}`)).status).toBe(403);
    expect((await other.json('POST', `/api/v1/groups/${g.id}/stage`, {})).status).toBe(403);
    expect((await other.json('POST', '/api/v1/groups', { name: 'X', areaId: krayId, purpose: 'x', startDate: '2025-05-01' })).status).toBe(422);
    const list = (await (await other.get('/api/v1/groups')).json()) as { items: { id: string }[] };
    expect(list.items.map((i) => i.id)).not.toContain(g.id);
    // The watch list through the API (the Karnap groups of the "rising" test above).
    const rising = (await (await other.get('/api/v1/groups?list=rising')).json()) as { items: { name: string }[] };
    expect(rising.items.map((i) => i.name)).toEqual(['Steigt']);
    expect((await other.get('/api/v1/groups?list=sometimes')).status).toBe(422);
    const office = await apiClient(t, 'office_staff', { allAreas: false, areaIds: [krayId] });
    const seen = (await (await office.get(`/api/v1/groups/${g.id}`)).json()) as Record<string, unknown>;
    expect(seen.name).toBe('API-Gruppe (umbenannt)');
    expect('contactPersonId' in seen).toBe(false);
    expect((await office.json('PATCH', `/api/v1/groups/${g.id}`, { name: 'nope' })).status).toBe(403);
    expect((await t.client().get('/api/v1/groups')).status).toBe(401);
  });
});

describe('groups: the contact person (a network person with recorded consent)', () => {
  async function person(name: string, areaId: string): Promise<string> {
    return createPerson(ctxFor(t, principal('admin')), { name, areaIds: [areaId], basis: 'consent', purpose: 'Ansprechperson einer Gruppe', method: 'written', givenOn: '2025-01-10' });
  }

  it('offers only people in the user’s areas, shows the name to managers only, and gives the contact person a hashed, revocable link', async () => {
    const inKray = await person('Kim Kontakt', krayId);
    const inKarnap = await person('Karla Karnap', karnapId);
    const worker = await signedInClient(t, 'district_worker', { allAreas: false, areaIds: [krayId] });
    const form = await (await worker.get('/staff/groups/new')).text();
    expect(form).toContain(`value="${inKray}"`);
    expect(form).not.toContain(`value="${inKarnap}"`);
    const refused = await worker.post('/staff/groups', { name: 'Mit Karnap-Kontakt', areaId: krayId, purpose: 'x', startDate: '2025-03-01', contactPersonId: inKarnap });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('href="#f-contactPersonId"');
    const res = await worker.post('/staff/groups', { name: 'Mit Kontakt', areaId: krayId, purpose: 'x', startDate: '2025-03-01', contactPersonId: inKray });
    expect(res.status).toBe(303);
    const id = res.headers.get('location')!.replace('/staff/groups/', '');
    expect(await (await worker.get(`/staff/groups/${id}`)).text()).toContain('Kim Kontakt');
    const office = await signedInClient(t, 'office_staff', { allAreas: false, areaIds: [krayId] });
    const officeView = await (await office.get(`/staff/groups/${id}`)).text();
    expect(officeView).not.toContain('Kim Kontakt');
    expect(officeView).toContain('Vorhanden');
    // The person's name never enters the audit log, only the id.
    const created = (await audit(id)).entries.find((e) => e.action === 'create')!;
    expect(JSON.stringify(created.changes)).not.toContain('Kim Kontakt');
    expect(created.changes.contactPersonId).toEqual({ from: null, to: inKray });

    // A booking link: shown once, stored as SHA-256 only.
    const page = await worker.post(`/staff/groups/${id}/booking-link`, {});
    expect(page.status).toBe(200);
    const token = /\/groups\/booking\/([A-Za-z0-9_-]{20,})/.exec(await page.text())![1]!;
    const rows = await db.selectFrom('group_booking_links').selectAll().where('group_id', '=', id).execute();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(token);
    expect((await groupForBookingLink(db, token))?.group.id).toBe(id);
    expect(await groupForBookingLink(db, `${token}x`)).toBeNull();
    // A new link replaces the old one; revoking ends it.
    const again = /\/groups\/booking\/([A-Za-z0-9_-]{20,})/.exec(await (await worker.post(`/staff/groups/${id}/booking-link`, {})).text())![1]!;
    expect(await groupForBookingLink(db, token)).toBeNull();
    expect((await groupForBookingLink(db, again))?.group.id).toBe(id);
    expect((await worker.post(`/staff/groups/${id}/booking-link/revoke`, {})).status).toBe(303);
    expect(await groupForBookingLink(db, again)).toBeNull();
    expect((await audit(id)).entries.filter((e) => e.action === 'booking_link')).toHaveLength(2);

    // Without a contact person there is no link.
    const none = await makeGroup(t, { name: 'Ohne Kontakt' });
    const noLink = await worker.post(`/staff/groups/${none.id}/booking-link`, {});
    expect(noLink.status).toBe(422);
    expect(await noLink.text()).toContain('Die Gruppe hat keine Ansprechperson.');
  });

  it('is part of the person’s GDPR export and is unset (group kept, link ended) when the person is erased', async () => {
    const pid = await person('Erik Erase', krayId);
    const admin = ctxFor(t, principal('admin'));
    const g = await makeGroup(t, { name: 'Bleibt bestehen', contactPersonId: pid });
    const { token } = await createBookingLink(admin, g.id);
    const exported = (await exportPerson(admin, pid)) as unknown as { otherModules?: Record<string, unknown> };
    expect(JSON.stringify(exported)).toContain(g.id);
    await erasePerson(admin, pid);
    const after = await getGroupForStaff(admin, g.id);
    expect(after.group.name).toBe('Bleibt bestehen');
    expect(after.group.contactPersonId).toBeNull();
    expect(await groupForBookingLink(db, token)).toBeNull();
    expect((await audit(g.id)).entries.map((e) => e.action)).toContain('contact_erased');
  });
});

describe('groups: offers and the contact person’s room request (offices module)', () => {
  /** A Wednesday at least a week ahead (YYYY-MM-DD). */
  function wednesdayAhead(weeks = 1): string {
    const d = new Date(`${today()}T12:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 7 * weeks);
    while (d.getUTCDay() !== 3) d.setUTCDate(d.getUTCDate() + 1);
    return d.toISOString().slice(0, 10);
  }
  const HOURS = Object.fromEntries(['1', '2', '3', '4', '5'].map((d) => [d, [{ from: '09:00', to: '21:00' }]]));
  async function officeWithRooms(areaId: string, slug: string) {
    const admin = ctxFor(t, principal('admin'));
    const office = await createOffice(admin, {
      slug, name: `Stadtteilbüro ${slug}`, areaId, street: 'Hauptstraße 1', postcode: '45307', city: 'Essen', lat: 51.4746, lon: 7.0869, phone: null, email: null, description: null,
      hours: HOURS, closedOnHolidays: true, accessibility: { stepFree: true, accessibleWc: true, hearingLoop: false }, accessibilityNotes: null, languages: ['de'], staffOnDuty: null,
    });
    const room = (name: string, bookableBy: 'staff' | 'groups') =>
      createRoom(admin, { officeId: office.id, name, capacity: 20, equipment: [], accessibility: { stepFree: true, accessibleWc: true, hearingLoop: false }, withinOpeningHours: true, minMinutes: 30, maxMinutes: 240, leadHours: 48, bookableBy, active: true });
    return { office, groupRoom: await room('Gruppenraum', 'groups'), staffRoom: await room('Büro', 'staff') };
  }

  it('publishes a weekly activity of the group as an offer with its room booked, and refuses a clash or an office of another area', async () => {
    const { office, groupRoom } = await officeWithRooms(krayId, 'kray-gruppen');
    const karnap = await officeWithRooms(karnapId, 'karnap-gruppen');
    const g = await makeGroup(t, { name: 'Strickkreis', publicText: 'Wir stricken zusammen.' });
    const worker = await signedInClient(t, 'district_worker', { allAreas: false, areaIds: [krayId] });
    const page = await (await worker.get(`/staff/groups/${g.id}`)).text();
    expect(page).toContain(`value="${office.id}"`);
    expect(page).not.toContain(`value="${karnap.office.id}"`);
    const date = wednesdayAhead();
    const until = new Date(`${date}T12:00:00Z`);
    until.setUTCDate(until.getUTCDate() + 21);
    const body = { officeId: office.id, roomId: groupRoom.id, title: 'Strickkreis', description: 'Offenes Stricken', date, time: '17:00', duration: '90', freq: 'weekly', until: until.toISOString().slice(0, 10), publish: '1' };
    expect((await worker.post(`/staff/groups/${g.id}/offers`, body)).status).toBe(303);
    const offers = await listGroupOffers(ctxFor(t, principal('admin')), g.id);
    expect(offers).toHaveLength(1);
    expect(offers[0]).toMatchObject({ groupId: g.id, officeId: office.id, roomId: groupRoom.id, status: 'published', title: 'Strickkreis' });
    expect(offers[0]!.rrule).toContain('FREQ=WEEKLY');
    expect((await audit(g.id)).entries.find((e) => e.action === 'offer')?.changes.offerId).toEqual({ from: null, to: offers[0]!.id });
    // The same slot again: the room is taken (conflict named in the error summary), nothing added.
    const clash = await worker.post(`/staff/groups/${g.id}/offers`, { ...body, freq: '', until: '' });
    expect(clash.status).toBe(422);
    expect(await clash.text()).toContain('id="error-summary"');
    const other = await worker.post(`/staff/groups/${g.id}/offers`, { ...body, officeId: karnap.office.id, roomId: '' });
    expect(other.status).toBe(422);
    expect(await other.text()).toContain('href="#f-officeId"');
    const bad = await worker.post(`/staff/groups/${g.id}/offers`, { ...body, time: '25:00', duration: 'viel' });
    expect(bad.status).toBe(422);
    expect(await listGroupOffers(ctxFor(t, principal('admin')), g.id)).toHaveLength(1);
  });

  it('lets the contact person request a room for the group through the personal link, without an account', async () => {
    const { groupRoom, staffRoom } = await officeWithRooms(krayId, 'kray-link');
    const pid = await createPerson(ctxFor(t, principal('admin')), { name: 'Lina Link', areaIds: [krayId], basis: 'consent', purpose: 'Ansprechperson', method: 'written', givenOn: '2025-01-10' });
    const g = await makeGroup(t, { name: 'Theatergruppe', contactPersonId: pid });
    const { token } = await createBookingLink(ctxFor(t, principal('admin')), g.id);
    const anon = t.client();
    expect((await anon.get('/groups/booking/not-a-valid-token-123456')).status).toBe(404);
    const form = await anon.get(`/groups/booking/${token}`);
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toContain(`value="${groupRoom.id}"`);
    expect(html).not.toContain(`value="${staffRoom.id}"`);
    expect(html).not.toContain('Lina Link');
    const date = wednesdayAhead(2);
    const good = { roomId: groupRoom.id, title: 'Probe', purpose: '', date, time: '18:00', duration: '120', freq: '', until: '', contactEmail: 'lina@example.test' };
    const badEmail = await anon.post(`/groups/booking/${token}`, { ...good, contactEmail: 'lina-at-example' });
    expect(badEmail.status).toBe(422);
    expect(await badEmail.text()).toContain('href="#f-contactEmail"');
    const staffOnly = await anon.post(`/groups/booking/${token}`, { ...good, roomId: staffRoom.id });
    expect(staffOnly.status).toBe(422);
    const ok = await anon.post(`/groups/booking/${token}`, good);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('Anfrage gesendet');
    const entry = (await audit(g.id)).entries.find((e) => e.action === 'booking_request')!;
    const booking = await getBooking(db, (entry.changes.bookingId as { to: string }).to);
    expect(booking).toMatchObject({ requesterKind: 'group', groupId: g.id, roomId: groupRoom.id, status: 'requested', contactEmail: 'lina@example.test' });
    expect(entry.actorLabel).toMatch(/^booking link gbl_/);
    // The same slot again is a conflict; after revoking the link the page is gone.
    const again = await anon.post(`/groups/booking/${token}`, good);
    expect(again.status).toBe(422);
    await revokeBookingLinksOf(ctxFor(t, principal('admin')), g.id);
    expect((await anon.get(`/groups/booking/${token}`)).status).toBe(404);
    expect((await anon.post(`/groups/booking/${token}`, good)).status).toBe(404);
  });
});
