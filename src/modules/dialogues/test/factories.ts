/**
 * Test helpers of the dialogues module: service contexts for real users, network actors in an area, a dialogue
 * with participants and a meeting, and the iCalendar part of an .eml file.
 */
import fs from 'node:fs';
import ICAL from 'ical.js';
import type { Role } from '../../../platform/auth/policy';
import { forTenant, type TenantDb } from '../../../platform/db/tenant-scope';
import type { CurrentUser } from '../../../platform/http/context';
import { runDueJobs } from '../../../platform/jobs/worker';
import { createLogger } from '../../../platform/log';
import type { TestApp } from '../../../../test/support/app';
import { createUser } from '../../../../test/support/auth';
import { officeInput, roomInput } from '../../../../test/support/offices';
import { addDays } from '../../../platform/calendar';
import { berlinDate } from '../../../platform/jobs/schedule';
import { addMembership, createOrganisation, createPerson, listTypes } from '../../network';
import { listCategories, submitConcern } from '../../concerns';
import { createOffice, createRoom } from '../../offices';
import type { DialogueContext } from '../dialogues.service';

export async function drainJobs(t: TestApp): Promise<void> {
  await runDueJobs({ rootDb: t.handle.db, log: createLogger('silent'), config: t.config, schedules: false });
}

/** A real user (row in users) with one role, and the principal the services see. */
export async function staff(t: TestApp, role: Role, areaIds?: string[], tenantId = t.tenant.id): Promise<CurrentUser> {
  const u = await createUser(t, { role, tenantId, ...(areaIds ? { areaIds, allAreas: false } : {}) });
  return {
    id: u.id,
    email: u.email,
    displayName: `Test ${role}`,
    organisation: null,
    locale: null,
    assignments: [{ role, allAreas: role === 'admin' || !areaIds, areaIds: areaIds ?? [], department: role === 'department_staff' ? 'Jugendamt' : null }],
  };
}

export function ctxFor(t: TestApp, user: CurrentUser | null, opts: { tenantId?: string; mail?: boolean } = {}): DialogueContext & { db: TenantDb<any> } {
  const tenantId = opts.tenantId ?? t.tenant.id;
  const row = tenantId === t.tenant.id ? t.tenant : t.other;
  return {
    tenant: { id: row.id, slug: row.slug, name: row.name, defaultLocale: 'de' },
    db: forTenant(t.handle.db, tenantId),
    user,
    requestId: null,
    dialect: t.handle.dialect,
    mail: opts.mail ? { config: t.config, linkBase: tenantId === t.tenant.id ? 'http://essen.test' : 'http://other.test' } : null,
  };
}

/** Network actors in an area: a residents' association (district), a city department (administration), a person of the department. */
export async function actors(t: TestApp, areaId: string, tenantId = t.tenant.id) {
  const admin = ctxFor(t, await staff(t, 'admin', undefined, tenantId), { tenantId });
  const types = await listTypes(admin.db);
  const typeId = (key: string) => types.find((x) => x.key === key)!.id;
  const org = (name: string, typeKey: string, logic: 'district' | 'administration') => createOrganisation(admin, { name, typeId: typeId(typeKey), logic, areaIds: [areaId], topicIds: [] });
  const club = await org('Bürgerverein Test (Demo)', 'association', 'district');
  const dept = await org('Grünflächenamt Test (Demo)', 'city_department', 'administration');
  const person = await createPerson(admin, { name: 'Erika Beispiel (Demo)', areaIds: [areaId], basis: 'consent', purpose: 'Einladungen zum Runden Tisch', method: 'written', givenOn: '2026-01-15' });
  await addMembership(admin, person, { orgId: dept, role: 'Sachbearbeitung' });
  return { club, dept, person };
}

/** A public concern (littering) at a point in Kray, entered by staff. */
export async function krayConcern(t: TestApp, tenantId = t.tenant.id) {
  const ctx = { ...ctxFor(t, await staff(t, 'admin', undefined, tenantId), { tenantId }), mail: null };
  const categoryId = (await listCategories(ctx.db)).find((c) => c.key === 'littering')!.id;
  return (await submitConcern(ctx, { categoryId, description: 'Sperrmüll am Straßenrand (Test)', channel: 'phone', lat: 51.4746, lon: 7.0869 })).concern;
}

export function today(): string {
  return berlinDate(new Date());
}

export function inDays(n: number): string {
  return addDays(today(), n);
}

/** The text/calendar part of a multipart .eml (decoded). */
export function calendarPart(file: string): string {
  const raw = fs.readFileSync(file, 'utf8');
  const parts = raw.split(/\r?\n--[^\r\n]+\r?\n/);
  for (const p of parts) {
    const split = p.search(/\r?\n\r?\n/);
    const head = p.slice(0, split).replace(/\r?\n[ \t]+/g, ' ');
    if (!/content-type:\s*text\/calendar/i.test(head)) continue;
    const body = p.slice(split).replace(/^\r?\n\r?\n/, '').replace(/\r?\n--[^\r\n]*--\s*$/, '');
    const enc = /content-transfer-encoding:\s*([a-z0-9-]+)/i.exec(head)?.[1]?.toLowerCase();
    if (enc === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    if (enc === 'quoted-printable') return Buffer.from(body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
    return body;
  }
  throw new Error(`no text/calendar part in ${file}`);
}

/** Parses iCalendar text with ical.js (a real parser), registering its VTIMEZONE. */
export function parseIcs(ics: string): ICAL.Component {
  const comp = new ICAL.Component(ICAL.parse(ics));
  const tz = comp.getFirstSubcomponent('vtimezone');
  if (tz) ICAL.TimezoneService.register(new ICAL.Timezone(tz));
  return comp;
}

/**
 * A dialogue in the area with one organisation as participant, a (non-public) meeting with an agenda item and a
 * task — the fixture of the cross-cutting tests (policy matrix, tenant isolation).
 */
export async function dialogueFixture(t: TestApp, areaId: string, tenantId = t.tenant.id) {
  const { createDialogue, addParticipant, createMeeting, addAgendaItem, createTask } = await import('../dialogues.service');
  const ctx = ctxFor(t, await staff(t, 'admin', undefined, tenantId), { tenantId });
  const a = await actors(t, areaId, tenantId);
  const d = await createDialogue(ctx, { title: 'Fixture-Dialog (Test)', goal: 'Ziel', initiator: 'Test', public: true, publicSummary: null, areaIds: [areaId], topicIds: [] });
  const p = await addParticipant(ctx, d.id, { actor: `organisation:${a.club}` });
  const m = await createMeeting(ctx, d.id, { type: 'round_table', title: 'Fixture-Sitzung', date: inDays(7), startTime: '18:00', endTime: '19:00', place: 'Büro', public: false, registration: false });
  await addAgendaItem(ctx, m.id, 'Punkt 1');
  const task = await createTask(ctx, m.id, { title: 'Fixture-Aufgabe', participantId: p.id, dueDate: inDays(14), public: false });
  return { dialogueId: d.id, participantId: p.id, meetingId: m.id, taskId: task.id };
}

/** A district office in the area with one room open to staff bookings (evenings included, no lead time). */
export async function officeRoom(t: TestApp, areaId: string) {
  const admin = ctxFor(t, await staff(t, 'admin'));
  const day = [{ from: '08:00', to: '22:00' }];
  const office = await createOffice(admin, officeInput(areaId, { name: 'Stadtteilbüro Dialog-Test', hours: { '1': day, '2': day, '3': day, '4': day, '5': day, '6': day, '7': day }, closedOnHolidays: false }));
  const room = await createRoom(admin, roomInput(office.id, { capacity: 30, equipment: [], withinOpeningHours: false, minMinutes: 15, maxMinutes: 480, leadHours: 0, bookableBy: 'staff' }));
  return { office, room };
}
