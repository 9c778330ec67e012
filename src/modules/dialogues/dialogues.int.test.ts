/**
 * Dialogues on a real database (SQLite and PostgreSQL): dialogues with scope and validation, phases on the
 * timeline, participants from the network module, the interest map and its summary, linked concerns, meetings in
 * Berlin time, e-mail invitations carrying an iCalendar invitation (parsed with ical.js), public registration with
 * capacity and waiting list, minutes and tasks, the public progress page, overdue reminders, per-dialogue access for
 * participants' accounts, the iCalendar feed, the JSON API, GDPR export/erasure and audit entries.
 */
import fs from 'node:fs';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit, type AuditTables } from '../../platform/audit';
import type { TenantDb } from '../../platform/db/tenant-scope';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { apiClient, createUser, linkIn, mails, signIn, signedInClient } from '../../../test/support/auth';
import { getAreaBySlug, seedTerritory } from '../territory';
import { erasePerson as networkErase } from '../network';
import {
  addAgendaItem,
  addParticipant,
  addQuestion,
  anonymiseOldRegistrations,
  cancelMeeting,
  cancelRegistration,
  changePhase,
  createDialogue,
  createMeeting,
  createTask,
  exportPerson,
  grantAccess,
  interestMap,
  inviteToMeeting,
  linkConcern,
  listDialoguesForStaff,
  publicProgress,
  registerForMeeting,
  remindOverdueTasks,
  setStances,
  setTaskStatus,
  updateMeeting,
  writeMinutes,
  type Dialogue,
} from './index';
import * as q from './dialogues.queries';
import { actors, calendarPart, ctxFor, drainJobs, inDays, krayConcern, officeRoom, parseIcs, staff } from './test/factories';
import { getBooking } from '../offices';

let t: TestApp;
let db: TenantDb<any>;
let kray: string;
let karnap: string;
let net: Awaited<ReturnType<typeof actors>>;

beforeAll(async () => {
  t = await createTestApp();
  await seedTerritory(t.handle.db, t.tenant.id);
  await seedTerritory(t.handle.db, t.other.id);
  db = ctxFor(t, null).db;
  kray = (await getAreaBySlug(db, 'kray'))!.id;
  karnap = (await getAreaBySlug(db, 'karnap'))!.id;
  net = await actors(t, kray);
});
afterAll(async () => t?.close());

const base = (over: Partial<Parameters<typeof createDialogue>[1]> = {}) => ({
  title: 'Spielplatz am Markt (Test)',
  goal: 'Klären, wie der Spielplatz erneuert wird.',
  initiator: 'Anwohnerinitiative',
  public: true,
  publicSummary: null,
  areaIds: [kray],
  topicIds: [],
  ...over,
});

async function auditOf(entityId: string) {
  return (await listAudit(db as unknown as TenantDb<AuditTables>, { entityId, limit: 50, offset: 0 } as never)).entries;
}

describe('dialogues: creating, scope and phases', () => {
  it('refuses bad input with field errors and writes nothing', async () => {
    const mod = ctxFor(t, await staff(t, 'moderator', [kray]));
    await expect(createDialogue(mod, base({ areaIds: [] }))).rejects.toMatchObject({ status: 422, details: { fields: [{ field: 'areaIds', key: 'dialogues.error.areaRequired' }] } });
    await expect(createDialogue(mod, base({ areaIds: [karnap] }))).rejects.toMatchObject({ status: 422, details: { fields: [{ field: 'areaIds', key: 'dialogues.error.areaOutOfScope' }] } });
    await expect(createDialogue(mod, base({ topicIds: ['top_doesnotexist'] }))).rejects.toMatchObject({ status: 422 });
    expect(await listDialoguesForStaff(mod)).toEqual([]);
    const worker = ctxFor(t, await staff(t, 'district_worker', [kray]));
    await expect(createDialogue(worker, base())).rejects.toMatchObject({ status: 403 });
  });

  it('creates a dialogue, audits it, and moves phases one step at a time with dates on the timeline', async () => {
    const mod = ctxFor(t, await staff(t, 'moderator', [kray]));
    const d = await createDialogue(mod, base({ title: 'Phasen (Test)' }));
    expect(d).toMatchObject({ phase: 'started', areaIds: [kray], public: true });
    const created = await auditOf(d.id);
    expect(created.map((e) => e.action)).toContain('create');
    expect(JSON.stringify(created)).not.toContain('Klären, wie');
    await expect(changePhase(mod, d.id, 'agreed', null)).rejects.toMatchObject({ status: 422, details: { fields: [{ field: 'phase' }] } });
    await changePhase(mod, d.id, 'clarifying', 'Auftakt war gut besucht');
    await changePhase(mod, d.id, 'developing', null);
    const events = await q.listEvents(db as never, d.id);
    expect(events.filter((e) => e.kind === 'phase').map((e) => e.data.to)).toEqual(['clarifying', 'developing']);
    expect(events.every((e) => !Number.isNaN(Date.parse(e.at)))).toBe(true);
    // Another area's moderator neither sees nor changes it.
    const other = ctxFor(t, await staff(t, 'moderator', [karnap]));
    expect((await listDialoguesForStaff(other)).map((x) => x.id)).not.toContain(d.id);
    await expect(changePhase(other, d.id, 'agreed', null)).rejects.toMatchObject({ status: 403 });
  });
});

describe('participants, interest map and linked concerns', () => {
  let d: Dialogue;
  let mod: ReturnType<typeof ctxFor>;
  beforeAll(async () => {
    mod = ctxFor(t, await staff(t, 'moderator', [kray]));
    d = await createDialogue(mod, base({ title: 'Interessen (Test)' }));
  });

  it('adds organisations and people from the network with their logic; duplicates and unknown actors are field errors', async () => {
    const club = await addParticipant(mod, d.id, { actor: `organisation:${net.club}`, interests: 'Sicherer Spielplatz' });
    expect(club.logic).toBe('district');
    const person = await addParticipant(mod, d.id, { actor: `person:${net.person}` });
    expect(person.logic).toBe('administration'); // from the department the person belongs to
    await expect(addParticipant(mod, d.id, { actor: `organisation:${net.club}` })).rejects.toMatchObject({ details: { fields: [{ field: 'actor', key: 'dialogues.error.participantExists' }] } });
    await expect(addParticipant(mod, d.id, { actor: 'organisation:org_doesnotexist' })).rejects.toMatchObject({ details: { fields: [{ field: 'actor' }] } });
    const map = await interestMap(db, d.id);
    expect(map.participants.map((p) => p.name)).toEqual(['Bürgerverein Test (Demo)', 'Erika Beispiel (Demo)']);
    expect(map.participants[1]!.organisations[0]).toContain('Grünflächenamt Test (Demo)');
  });

  it('records stances and summarises where interests meet and collide; a district worker contributes, a viewer cannot', async () => {
    const dept = await addParticipant(mod, d.id, { actor: `organisation:${net.dept}` });
    const parts = await q.listParticipants(db as never, d.id);
    const club = parts.find((p) => p.refId === net.club)!;
    const person = parts.find((p) => p.kind === 'person')!;
    const q1 = await addQuestion(mod, d.id, 'Neue Spielgeräte');
    const q2 = await addQuestion(mod, d.id, 'Zaun');
    const worker = ctxFor(t, await staff(t, 'district_worker', [kray]));
    const n = await setStances(worker, d.id, [
      { questionId: q1, participantId: club.id, stance: 'supports' },
      { questionId: q1, participantId: dept.id, stance: 'supports' },
      { questionId: q2, participantId: club.id, stance: 'supports' },
      { questionId: q2, participantId: dept.id, stance: 'concerns', note: 'Pflegekosten ungeklärt' },
      { questionId: q2, participantId: person.id, stance: '' },
    ]);
    expect(n).toBe(4);
    expect(await setStances(worker, d.id, [{ questionId: q1, participantId: club.id, stance: 'supports' }])).toBe(0);
    const map = await interestMap(db, d.id);
    const s1 = map.summary.find((s) => s.questionId === q1)!;
    const s2 = map.summary.find((s) => s.questionId === q2)!;
    expect(s1).toMatchObject({ supports: 2, concerns: 0, open: 1, verdict: 'agreement', supportLogics: ['administration', 'district'] });
    expect(s2).toMatchObject({ supports: 1, concerns: 1, verdict: 'conflict', concernLogics: ['administration'] });
    // The note is not copied into the audit log.
    const entries = await listAudit(db as unknown as TenantDb<AuditTables>, { entityType: 'dialogue_stance', limit: 50, offset: 0 } as never);
    expect(entries.entries.length).toBeGreaterThanOrEqual(4);
    expect(JSON.stringify(entries.entries)).not.toContain('Pflegekosten');
    const viewer = ctxFor(t, await staff(t, 'viewer'));
    await expect(setStances(viewer, d.id, [])).rejects.toMatchObject({ status: 403 });
    // A stance for a question of another dialogue is refused and changes nothing.
    await expect(setStances(worker, d.id, [{ questionId: 'dqn_other', participantId: club.id, stance: 'neutral' }])).rejects.toMatchObject({ status: 422 });
  });

  it('links concerns by number through the concerns module; an unknown number is a field error', async () => {
    const concern = await krayConcern(t);
    await linkConcern(mod, d.id, concern.number);
    await linkConcern(mod, d.id, concern.number); // idempotent
    expect(await q.listConcernLinks(db as never, d.id)).toEqual([{ concernId: concern.id, number: concern.number }]);
    await expect(linkConcern(mod, d.id, '2026-999999')).rejects.toMatchObject({ details: { fields: [{ field: 'number', key: 'dialogues.error.concernNotFound' }] } });
  });
});

describe('meetings, invitations, registration, minutes, tasks and the progress page', () => {
  let d: Dialogue;
  let mod: ReturnType<typeof ctxFor>;
  let modUser: Awaited<ReturnType<typeof staff>>;
  let club: string;
  let person: string;
  beforeAll(async () => {
    modUser = await staff(t, 'moderator', [kray]);
    mod = ctxFor(t, modUser, { mail: true });
    d = await createDialogue(mod, base({ title: 'Sitzungen (Test)', publicSummary: 'Einigung auf neue Geräte.' }));
    club = (await addParticipant(mod, d.id, { actor: `organisation:${net.club}` })).id;
    person = (await addParticipant(mod, d.id, { actor: `person:${net.person}` })).id;
  });

  it('stores meeting times as instants from Berlin wall-clock time and refuses an end before the start', async () => {
    const m = await createMeeting(mod, d.id, { type: 'round_table', title: 'Runder Tisch', date: '2026-12-03', startTime: '18:00', endTime: '20:00', place: 'Stadtteilbüro Kray', public: true, registration: false });
    expect(m.startsAt).toBe('2026-12-03T17:00:00.000Z');
    expect(m.endsAt).toBe('2026-12-03T19:00:00.000Z');
    const summer = await createMeeting(mod, d.id, { type: 'working_group', title: 'AK Sommer', date: '2027-07-01', startTime: '18:00', endTime: '19:00', place: 'Kita', public: false, registration: false });
    expect(summer.startsAt).toBe('2027-07-01T16:00:00.000Z');
    await expect(createMeeting(mod, d.id, { type: 'round_table', title: 'x', date: '2026-12-03', startTime: '20:00', endTime: '18:00', place: 'x', public: false, registration: false })).rejects.toMatchObject({
      details: { fields: [{ field: 'endTime', key: 'dialogues.error.endBeforeStart' }] },
    });
    await expect(createMeeting(mod, d.id, { type: 'round_table', title: 'x', date: '2026-12-03', startTime: '18:00', endTime: '19:00', place: 'x', public: false, registration: true })).rejects.toMatchObject({ status: 422 });
  });

  it('books a room of a district office for a meeting; a clash is a field error and writes no meeting', async () => {
    const { office, room } = await officeRoom(t, kray);
    const m = await createMeeting(mod, d.id, { type: 'working_group', title: 'AK im Büro', date: inDays(9), startTime: '18:00', endTime: '19:30', place: '', roomId: room.id, public: false, registration: false });
    expect(m.roomId).toBe(room.id);
    expect(m.place).toBe(`${office.name} – Gruppenraum`);
    const booking = (await getBooking(db, m.bookingId!))!;
    expect(booking).toMatchObject({ roomId: room.id, title: 'AK im Büro', durationMinutes: 90 });
    expect(['requested', 'confirmed']).toContain(booking.status);
    const before = (await q.listMeetings(db as never, d.id)).length;
    await expect(createMeeting(mod, d.id, { type: 'working_group', title: 'Zweiter AK', date: inDays(9), startTime: '19:00', endTime: '20:00', place: 'egal', roomId: room.id, public: false, registration: false })).rejects.toMatchObject({
      details: { fields: [{ field: 'roomId', key: 'dialogues.error.roomBusy' }] },
    });
    expect((await q.listMeetings(db as never, d.id)).length).toBe(before);
    await expect(createMeeting(mod, d.id, { type: 'working_group', title: 'x', date: inDays(9), startTime: '10:00', endTime: '11:00', place: '', public: false, registration: false })).rejects.toMatchObject({
      details: { fields: [{ field: 'place', key: 'dialogues.error.placeOrRoom' }] },
    });
  });

  it('sends invitations by e-mail with an iCalendar REQUEST that ical.js parses', async () => {
    const m = await createMeeting(mod, d.id, { type: 'district_conference', title: 'Stadtteilkonferenz Kray', date: inDays(20), startTime: '17:30', endTime: '19:30', place: 'Gemeindesaal, Krayer Str. 1', public: true, registration: false });
    await addAgendaItem(mod, m.id, 'Begrüßung');
    await addAgendaItem(mod, m.id, 'Spielplatz');
    await expect(inviteToMeeting(mod, m.id, [])).rejects.toMatchObject({ status: 422 });
    expect(await inviteToMeeting(mod, m.id, ['Amt@Example.test', 'verein@example.test', 'amt@example.test'])).toBe(2);
    const before = mails(t).length;
    await drainJobs(t);
    const sent = mails(t).slice(before).filter((x) => x.subject.includes('Stadtteilkonferenz Kray'));
    expect(sent.map((x) => x.to).sort()).toEqual(['amt@example.test', 'verein@example.test']);
    const raw = fs.readFileSync(sent[0]!.file, 'utf8');
    expect(raw).toMatch(/text\/calendar[^\n]*method=REQUEST/i);
    const cal = parseIcs(calendarPart(sent[0]!.file));
    expect(cal.getFirstPropertyValue('method')).toBe('REQUEST');
    const ev = new ICAL.Event(cal.getFirstSubcomponent('vevent')!);
    expect(ev.summary).toBe('Stadtteilkonferenz Kray');
    expect(ev.location).toBe('Gemeindesaal, Krayer Str. 1');
    expect(ev.uid).toBe(`${m.id}@essen.test`);
    expect(ev.startDate.toJSDate().toISOString()).toBe(m.startsAt);
    expect(ev.endDate.toJSDate().toISOString()).toBe(m.endsAt);
    expect(ev.description).toContain('2. Spielplatz');
    expect(ev.attendees.map((a) => String(a.getFirstValue()).toLowerCase())).toEqual([`mailto:${sent[0]!.to}`]);
    expect((await q.listInvitations(db as never, m.id)).length).toBe(2);
  });

  it('changes a meeting: invitees get the updated REQUEST (SEQUENCE raised), more seats move the waiting list up', async () => {
    const m = await createMeeting(mod, d.id, { type: 'round_table', title: 'Wird verschoben', date: inDays(16), startTime: '18:00', endTime: '19:00', place: 'Aula', public: true, registration: true, capacity: 1 });
    await inviteToMeeting(mod, m.id, ['verschoben@example.test']);
    const anon = ctxFor(t, null, { mail: true });
    await registerForMeeting(anon, m.id, { name: 'Erste', email: 'erste@example.test', locale: 'de' });
    expect((await registerForMeeting(anon, m.id, { name: 'Zweite', email: 'zweite@example.test', locale: 'de' })).status).toBe('waiting');
    await drainJobs(t);
    const input = { type: 'round_table' as const, title: 'Wird verschoben', date: inDays(17), startTime: '19:00', endTime: '20:30', place: 'Aula', public: true, registration: true, capacity: 2 };
    const changed = await updateMeeting(mod, m.id, input);
    expect(changed.sequence).toBe(1);
    expect((await q.listRegistrations(db as never, m.id)).map((r) => r.status)).toEqual(['confirmed', 'confirmed']);
    await expect(updateMeeting(mod, m.id, { ...input, capacity: 1 })).rejects.toMatchObject({ details: { fields: [{ field: 'capacity', key: 'dialogues.error.capacityBelowConfirmed' }] } });
    await drainJobs(t);
    const update = mails(t).filter((x) => x.to === 'verschoben@example.test').at(-1)!;
    expect(update.subject).toBe('Geändert: Wird verschoben');
    const ev = new ICAL.Event(parseIcs(calendarPart(update.file)).getFirstSubcomponent('vevent')!);
    expect(ev.sequence).toBe(1);
    expect(ev.uid).toBe(`${m.id}@essen.test`);
    expect(ev.startDate.toJSDate().toISOString()).toBe(changed.startsAt);
    expect(mails(t).filter((x) => x.to === 'zweite@example.test').at(-1)!.subject).toContain('Ein Platz ist frei');
    // A meeting with a booked room keeps its time.
    const { room } = await officeRoom(t, kray);
    const booked = await createMeeting(mod, d.id, { type: 'working_group', title: 'Mit Raum', date: inDays(18), startTime: '10:00', endTime: '11:00', place: '', roomId: room.id, public: false, registration: false });
    await expect(updateMeeting(mod, booked.id, { type: 'working_group', title: 'Mit Raum', date: inDays(19), startTime: '10:00', endTime: '11:00', place: '', public: false, registration: false })).rejects.toMatchObject({
      details: { fields: [{ field: 'date', key: 'dialogues.error.roomBookedTime' }] },
    });
    expect((await updateMeeting(mod, booked.id, { type: 'working_group', title: 'Mit Raum (neu)', date: inDays(18), startTime: '10:00', endTime: '11:00', place: '', public: false, registration: false })).title).toBe('Mit Raum (neu)');
  });

  it('cancels a meeting: invitees get an iCalendar CANCEL (same UID, higher SEQUENCE), registered people an e-mail', async () => {
    const m = await createMeeting(mod, d.id, { type: 'residents_assembly', title: 'Versammlung fällt aus', date: inDays(15), startTime: '18:00', endTime: '19:00', place: 'Aula', public: true, registration: true });
    await inviteToMeeting(mod, m.id, ['eingeladen@example.test']);
    await registerForMeeting(ctxFor(t, null, { mail: true }), m.id, { name: 'Rita Test', email: 'rita@example.test', locale: 'de' });
    await drainJobs(t);
    const cancelled = await cancelMeeting(mod, m.id);
    expect(cancelled).toMatchObject({ status: 'cancelled', sequence: 1 });
    await expect(cancelMeeting(mod, m.id)).rejects.toMatchObject({ status: 409 });
    await expect(registerForMeeting(ctxFor(t, null), m.id, { name: 'Spät', email: 'spaet@example.test', locale: 'de' })).rejects.toMatchObject({ code: 'registration_closed' });
    await drainJobs(t);
    const toInvitee = mails(t).filter((x) => x.to === 'eingeladen@example.test');
    expect(toInvitee.map((x) => x.subject)).toEqual(['Einladung: Versammlung fällt aus', 'Abgesagt: Versammlung fällt aus']);
    const cal = parseIcs(calendarPart(toInvitee[1]!.file));
    expect(cal.getFirstPropertyValue('method')).toBe('CANCEL');
    const ev = cal.getFirstSubcomponent('vevent')!;
    expect(ev.getFirstPropertyValue('uid')).toBe(`${m.id}@essen.test`);
    expect(ev.getFirstPropertyValue('sequence')).toBe(1);
    expect(ev.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(mails(t).filter((x) => x.to === 'rita@example.test').at(-1)!.subject).toBe('Abgesagt: Versammlung fällt aus');
    expect((await auditOf(m.id)).map((e) => e.action)).toContain('cancel');
  });

  it('registration with capacity: confirmed, then waiting list; a cancellation moves the first waiting person up and e-mails them', async () => {
    const m = await createMeeting(mod, d.id, { type: 'residents_assembly', title: 'Bewohnerversammlung', date: inDays(10), startTime: '18:00', endTime: '20:00', place: 'Aula', public: true, registration: true, capacity: 1 });
    const anon = ctxFor(t, null, { mail: true });
    expect(await registerForMeeting(anon, m.id, { name: 'Ada Test', email: 'ada@example.test', locale: 'de' })).toEqual({ status: 'confirmed' });
    await expect(registerForMeeting(anon, m.id, { name: 'Ada Test', email: 'ADA@example.test', locale: 'de' })).rejects.toMatchObject({ details: { fields: [{ field: 'email', key: 'dialogues.error.alreadyRegistered' }] } });
    expect(await registerForMeeting(anon, m.id, { name: 'Ben Test', email: 'ben@example.test', locale: 'en' })).toEqual({ status: 'waiting' });
    expect(await registerForMeeting(anon, m.id, { name: 'Cem Test', email: 'cem@example.test', locale: 'de' })).toEqual({ status: 'waiting' });
    const adaMail = mails(t).filter((x) => x.to === 'ada@example.test').at(-1)!;
    expect(adaMail.subject).toContain('Anmeldung bestätigt');
    expect(mails(t).filter((x) => x.to === 'ben@example.test').at(-1)!.subject).toContain('Waiting list');
    const token = linkIn(adaMail, '/meetings/cancel/').split('/').pop()!;
    expect(await cancelRegistration(anon, token)).toEqual({ movedUp: 1 });
    expect(await cancelRegistration(anon, token)).toEqual({ movedUp: 0 });
    const regs = await q.listRegistrations(db as never, m.id);
    expect(regs.map((r) => [r.email, r.status])).toEqual([
      ['ada@example.test', 'cancelled'],
      ['ben@example.test', 'confirmed'],
      ['cem@example.test', 'waiting'],
    ]);
    await drainJobs(t);
    expect(mails(t).filter((x) => x.to === 'ben@example.test').at(-1)!.subject).toContain('A seat is free');
    // Registration is public-only: an internal meeting does not exist for the public.
    const internal = await createMeeting(mod, d.id, { type: 'working_group', title: 'intern', date: inDays(5), startTime: '10:00', endTime: '11:00', place: 'x', public: false, registration: false });
    await expect(registerForMeeting(anon, internal.id, { name: 'X', email: 'x@example.test', locale: 'de' })).rejects.toMatchObject({ status: 404 });
    // The audit names no one.
    expect(JSON.stringify(await auditOf(regs[1]!.id))).not.toContain('ben@example.test');
  });

  it('clears name and e-mail of registrations 30 days after the meeting; counts stay', async () => {
    const past = await createMeeting(mod, d.id, { type: 'residents_assembly', title: 'Lange her', date: inDays(20), startTime: '18:00', endTime: '19:00', place: 'Aula', public: true, registration: true });
    await registerForMeeting(ctxFor(t, null), past.id, { name: 'Alt Test', email: 'alt@example.test', locale: 'de' });
    const regs = () => q.listRegistrations(db as never, past.id);
    // 49 days from now this meeting ended 29 days ago: kept (earlier meetings' registrations go); at 52 days: cleared.
    await anonymiseOldRegistrations(db, new Date(Date.now() + 49 * 86_400_000));
    expect((await regs())[0]!.email).toBe('alt@example.test');
    expect(await anonymiseOldRegistrations(db, new Date(Date.now() + 52 * 86_400_000))).toBe(1);
    expect((await regs()).map((r) => [r.name, r.email, r.status])).toEqual([['', '', 'confirmed']]);
    expect(await anonymiseOldRegistrations(db, new Date(Date.now() + 52 * 86_400_000))).toBe(0);
  });

  it('registers through the public page with a consent check and a honeypot', async () => {
    const m = await createMeeting(mod, d.id, { type: 'residents_assembly', title: 'Versammlung Web', date: inDays(12), startTime: '18:00', endTime: '20:00', place: 'Aula', public: true, registration: true });
    const c = t.client();
    const page = await c.get(`/meetings/${m.id}`);
    expect(page.status).toBe(200);
    const bad = await c.post(`/meetings/${m.id}/register`, { name: 'Dora', email: 'not-an-address', consent: '' });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('error-summary');
    expect(html).toContain('Bitte bestätigen Sie die Einwilligung.');
    expect(html).toContain('value="Dora"');
    expect(await q.listRegistrations(db as never, m.id)).toEqual([]);
    const ok = await c.post(`/meetings/${m.id}/register`, { name: 'Dora', email: 'dora@example.test', consent: '1' });
    expect(ok.status).toBe(303);
    expect((await q.listRegistrations(db as never, m.id)).map((r) => r.status)).toEqual(['confirmed']);
    const trap = await c.post(`/meetings/${m.id}/register`, { name: 'Bot', email: 'bot@example.test', consent: '1', website: 'http://spam' });
    expect(trap.status).toBe(400);
  });

  it('minutes per agenda item, tasks from the minutes, and a progress page that shows only what is public', async () => {
    const m = await createMeeting(mod, d.id, { type: 'round_table', title: 'Runder Tisch 2', date: inDays(-3), startTime: '17:00', endTime: '19:00', place: 'Büro', public: true, registration: false });
    const a1 = await addAgendaItem(mod, m.id, 'Geräte');
    const a2 = await addAgendaItem(mod, m.id, 'Internes');
    const worker = ctxFor(t, await staff(t, 'district_worker', [kray]));
    await writeMinutes(worker, m.id, [
      { itemId: a1, minutes: 'Rutsche gesperrt.', decision: 'Neue Geräte 2027.', public: true },
      { itemId: a2, minutes: 'Personalfrage vertraulich.', decision: 'Geheim-Beschluss.', public: false },
    ]);
    await expect(createTask(mod, m.id, { title: 'x', participantId: 'dpt_nope', dueDate: inDays(5), public: false })).rejects.toMatchObject({ details: { fields: [{ field: 'participantId' }] } });
    const pub = await createTask(mod, m.id, { title: 'Geräte anmelden', participantId: club, dueDate: inDays(14), agendaItemId: a1, public: true });
    const priv = await createTask(mod, m.id, { title: 'Vertraulich nachfassen', participantId: person, dueDate: inDays(14), public: false });
    const personTask = await createTask(mod, m.id, { title: 'Öffentlich, Person', participantId: person, dueDate: inDays(14), public: true });
    expect(pub.status).toBe('open');
    const done = await setTaskStatus(worker, pub.id, 'done');
    expect(done.status).toBe('done');
    expect(done.doneAt).not.toBeNull();
    const progress = (await publicProgress(db, d.id))!;
    expect(progress.agenda.map((a) => a.decision)).toEqual(['Neue Geräte 2027.']);
    expect(progress.tasks.map((x) => x.title).sort()).toEqual(['Geräte anmelden', 'Öffentlich, Person']);
    expect(progress.tasks.find((x) => x.id === personTask.id)!.responsible).toBeNull();
    const html = await (await t.client().get(`/dialogues/${d.id}`)).text();
    expect(html).toContain('Neue Geräte 2027.');
    expect(html).toContain('Einigung auf neue Geräte.');
    expect(html).toContain('Bürgerverein Test (Demo)');
    expect(html).not.toContain('Geheim-Beschluss');
    expect(html).not.toContain('Personalfrage');
    expect(html).not.toContain(priv.title);
    expect(html).not.toContain('Erika Beispiel');
    // An internal dialogue has no progress page.
    const internal = await createDialogue(mod, base({ title: 'Intern (Test)', public: false }));
    expect(await publicProgress(db, internal.id)).toBeNull();
    expect((await t.client().get(`/dialogues/${internal.id}`)).status).toBe(404);
  });

  it('the iCalendar feed of a programme area lists public meetings of public dialogues only, parsed by ical.js', async () => {
    const internal = await createDialogue(mod, base({ title: 'Intern Feed (Test)', public: false }));
    await createMeeting(mod, internal.id, { type: 'round_table', title: 'Geheime Runde', date: inDays(3), startTime: '10:00', endTime: '11:00', place: 'x', public: false, registration: false });
    const res = await t.client().get('/dialogues/calendar/kray.ics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/calendar');
    const cal = parseIcs(await res.text());
    expect(cal.getFirstPropertyValue('method')).toBe('PUBLISH');
    const titles = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v).summary);
    expect(titles).toContain('Stadtteilkonferenz Kray');
    expect(titles).toContain('Bewohnerversammlung');
    expect(titles).not.toContain('AK Sommer');
    expect(titles).not.toContain('Geheime Runde');
    const karnapCal = parseIcs(await (await t.client().get('/dialogues/calendar/karnap.ics')).text());
    expect(karnapCal.getAllSubcomponents('vevent')).toEqual([]);
    expect((await t.client().get('/dialogues/calendar/nowhere.ics')).status).toBe(404);
  });

  it('reminds of overdue tasks by e-mail (the moderator and the participant’s account), at most once a week', async () => {
    const m = (await q.listMeetings(db as never, d.id))[0]!;
    const overdue = await createTask(mod, m.id, { title: 'Überfällige Aufgabe', participantId: club, dueDate: inDays(-2), public: false });
    const account = await createUser(t, { role: 'viewer', email: 'verein-account@example.test' });
    await grantAccess(mod, d.id, { email: 'verein-account@example.test', participantId: club });
    const n = await remindOverdueTasks(db, 'Essen', 'de', t.config);
    expect(n).toBeGreaterThanOrEqual(1);
    expect(mails(t).filter((x) => x.subject === 'Überfällig: Überfällige Aufgabe').map((x) => x.to).sort()).toEqual([modUser.email, 'verein-account@example.test'].sort());
    expect(await remindOverdueTasks(db, 'Essen', 'de', t.config)).toBe(0);
    expect((await q.findTask(db as never, overdue.id))!.remindedAt).not.toBeNull();
    void account;
  });

  it('a participant’s account sees only its dialogues and changes only its own tasks', async () => {
    const m = (await q.listMeetings(db as never, d.id))[0]!;
    const own = await createTask(mod, m.id, { title: 'Aufgabe des Vereins', participantId: club, dueDate: inDays(30), public: false });
    const foreignTask = await createTask(mod, m.id, { title: 'Aufgabe der Person', participantId: person, dueDate: inDays(30), public: false });
    const other = await createDialogue(mod, base({ title: 'Nicht freigegeben (Test)' }));
    const client = t.client();
    await signIn(client, 'verein-account@example.test', 'Stadtteil-Kray-2026!');
    const list = await (await client.get('/my/dialogues')).text();
    expect(list).toContain('Sitzungen (Test)');
    expect(list).not.toContain('Nicht freigegeben');
    expect(list).toContain('Aufgabe des Vereins');
    expect((await client.get(`/my/dialogues/${d.id}`)).status).toBe(200);
    expect((await client.get(`/my/dialogues/${other.id}`)).status).toBe(404);
    expect((await client.get(`/staff/dialogues/${d.id}`)).status).toBe(403);
    const ok = await client.post(`/my/tasks/${own.id}/status`, { status: 'in_progress' });
    expect(ok.status).toBe(303);
    expect((await q.findTask(db as never, own.id))!.status).toBe('in_progress');
    const refused = await client.post(`/my/tasks/${foreignTask.id}/status`, { status: 'done' });
    expect(refused.status).toBe(403);
    expect((await q.findTask(db as never, foreignTask.id))!.status).toBe('open');
    expect((await auditOf(own.id)).map((e) => e.action)).toContain('status');
  });

  it('exports and erases a person’s part (through the network module’s GDPR erasure)', async () => {
    const exported = await exportPerson(db, net.person);
    expect(exported.length).toBeGreaterThanOrEqual(1);
    expect(exported.some((x) => x.tasks.some((tk) => tk.title === 'Aufgabe der Person'))).toBe(true);
    const admin = ctxFor(t, await staff(t, 'admin'));
    await networkErase(admin, net.person);
    expect(await exportPerson(db, net.person)).toEqual([]);
    const map = await interestMap(db, d.id);
    const anon = map.participants.find((p) => p.id === person)!;
    expect(anon.name).toBeNull();
    expect(anon.interests).toBeNull();
    // The task stays, attributed to an anonymous participant.
    expect((await q.listTasks(db as never, { participantIds: [person] })).length).toBeGreaterThan(0);
  });
});

describe('pages and JSON API', () => {
  it('a moderator creates a dialogue through the form; bad input re-renders with errors and changes nothing', async () => {
    const c = await signedInClient(t, 'moderator', { areaIds: [kray], allAreas: false });
    expect((await c.get('/staff/dialogues/new')).status).toBe(200);
    const bad = await c.post('/staff/dialogues', { title: '', goal: 'Ziel', initiator: 'Wer', areaIds: [] });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('error-summary');
    expect(html).toContain('href="#f-title"');
    const ok = await c.post('/staff/dialogues', { title: 'Formular-Dialog (Test)', goal: 'Ziel', initiator: 'Wer', areaIds: [kray], public: '1' });
    expect(ok.status).toBe(303);
    const id = ok.headers.get('location')!.split('/').pop()!;
    const detail = await (await c.get(`/staff/dialogues/${id}`)).text();
    expect(detail).toContain('Formular-Dialog (Test)');
    expect(detail).toContain('Bürgerverein Test (Demo)'); // network choices in the participant form
    const add = await c.post(`/staff/dialogues/${id}/participants`, { actor: `organisation:${net.club}` });
    expect(add.status).toBe(303);
    const other = await signedInClient(t, 'moderator', { areaIds: [karnap], allAreas: false });
    expect((await other.get(`/staff/dialogues/${id}`)).status).toBe(403);
    expect((await other.post(`/staff/dialogues/${id}/phase`, { phase: 'clarifying' })).status).toBe(403);
  });

  it('serves dialogues, meetings and tasks as JSON with scope', async () => {
    const anon = t.client();
    const list = (await (await anon.get('/api/v1/dialogues')).json()) as { items: { id: string; public: boolean }[] };
    expect(list.items.length).toBeGreaterThan(0);
    expect(list.items.every((x) => x.public)).toBe(true);
    const meetings = (await (await anon.get('/api/v1/meetings?area=kray')).json()) as { items: { title: string }[] };
    expect(meetings.items.map((m) => m.title)).toContain('Stadtteilkonferenz Kray');
    expect(meetings.items.map((m) => m.title)).not.toContain('Geheime Runde');
    const modApi = await apiClient(t, 'moderator', { areaIds: [kray], allAreas: false });
    const created = await modApi.json('POST', '/api/v1/dialogues', { title: 'API-Dialog', goal: 'Ziel', initiator: 'API', areaIds: [kray] });
    expect(created.status).toBe(201);
    const bad = await modApi.json('POST', '/api/v1/dialogues', { title: 'API-Dialog', goal: 'Ziel', initiator: 'API', areaIds: [karnap] });
    expect(bad.status).toBe(422);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    const tasks = (await (await modApi.get('/api/v1/dialogue-tasks')).json()) as { items: { id: string; title: string; overdue: boolean }[] };
    expect(tasks.items.some((x) => x.title === 'Überfällige Aufgabe' && x.overdue)).toBe(true);
    const karnapApi = await apiClient(t, 'moderator', { areaIds: [karnap], allAreas: false });
    expect(((await (await karnapApi.get('/api/v1/dialogue-tasks')).json()) as { items: unknown[] }).items).toEqual([]);
    const target = tasks.items.find((x) => x.title === 'Überfällige Aufgabe')!;
    expect((await karnapApi.json('POST', `/api/v1/dialogue-tasks/${target.id}/status`, { status: 'done' })).status).toBe(404);
    const changed = await modApi.json('POST', `/api/v1/dialogue-tasks/${target.id}/status`, { status: 'done' });
    expect(changed.status).toBe(200);
    expect(((await changed.json()) as { status: string; overdue: boolean })).toMatchObject({ status: 'done', overdue: false });
    expect((await anon.get('/api/v1/dialogue-tasks')).status).toBe(401);
  });

  it('shows internal dialogues through the API only to staff of their areas, with participants', async () => {
    const mod = ctxFor(t, await staff(t, 'moderator', [kray]));
    const internal = await createDialogue(mod, base({ title: 'Intern API (Test)', public: false }));
    await addParticipant(mod, internal.id, { actor: `organisation:${net.club}`, interests: 'Ruhe am Abend' });
    const anon = t.client();
    const inScope = await apiClient(t, 'district_worker', { areaIds: [kray], allAreas: false });
    const outScope = await apiClient(t, 'moderator', { areaIds: [karnap], allAreas: false });
    const ids = async (c: typeof anon) => ((await (await c.get('/api/v1/dialogues')).json()) as { items: { id: string }[] }).items.map((x) => x.id);
    expect(await ids(anon)).not.toContain(internal.id);
    expect(await ids(outScope)).not.toContain(internal.id);
    expect(await ids(inScope)).toContain(internal.id);
    expect((await anon.get(`/api/v1/dialogues/${internal.id}`)).status).toBe(404);
    expect((await outScope.get(`/api/v1/dialogues/${internal.id}`)).status).toBe(404);
    const detail = (await (await inScope.get(`/api/v1/dialogues/${internal.id}`)).json()) as { participants: { name: string; logic: string; interests: string }[] };
    expect(detail.participants).toEqual([expect.objectContaining({ name: 'Bürgerverein Test (Demo)', logic: 'district', interests: 'Ruhe am Abend' })]);
  });
});
