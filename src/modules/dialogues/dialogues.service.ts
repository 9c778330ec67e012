/**
 * Use cases of the dialogues module. Writes follow one pattern: authorize (policy, with the dialogue's programme
 * areas as the resource) → validate against the data (field errors change nothing) → transaction → write →
 * timeline event → audit → after commit: e-mail (directly or through the job queue).
 *
 * Privacy: free text (interests, positions, minutes, notes) and e-mail addresses never enter the audit log (only
 * which fields changed); registrations for public meetings hold a name and an e-mail only, and their audit entries
 * name no one.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { diff, recordAudit, type AuditTables, type Changes } from '../../platform/audit';
import { findUserByEmail, findUserById, type AuthDb } from '../../platform/auth/users.queries';
import { authorize, can, scopeFor, type Action } from '../../platform/auth/policy';
import type { Config } from '../../platform/config';
import { dialectOf, nowIso } from '../../platform/db/dialect';
import type { TenantDb } from '../../platform/db/tenant-scope';
import { errors, type FieldError } from '../../platform/errors';
import { actorOf, type ServiceContext } from '../../platform/http/context';
import { isLocale, translate, formatDateTime, type Locale } from '../../platform/i18n';
import { newId, newToken } from '../../platform/ids';
import { enqueue } from '../../platform/jobs';
import { berlinDate, berlinInstant } from '../../platform/jobs/schedule';
import { renderMail, sendMail } from '../../platform/mail';
import { findConcernByNumber, getPublicConcern } from '../concerns';
import { listAreas, listTopics } from '../territory';
import { actorRefs, bookRoom, cancelRoomBooking, isLogic, roomChoices, touchPeople, type ActorRef } from './dialogues.actors';
import { meetingInvitation } from './dialogues.ics';
import * as q from './dialogues.queries';
import { indexDialogue, indexMeeting } from './dialogues.search';
import { canChangePhase, isOverdue, registrationStatus, seatsToFill, summariseMap, type ParticipantKind, type Phase, type QuestionSummary, type Stance, type TaskStatus } from './dialogues.rules';
import type { AgendaItem, Dialogue, DialogueEvent, Meeting, NamedParticipant, Participant, Question, Registration, StanceEntry, Task } from './dialogues.types';

type AnyDb = TenantDb<any> | Kysely<any>;

export function tdb(db: AnyDb): q.Db {
  return db as unknown as q.Db;
}
function auditDb(db: q.Db): Kysely<AuditTables> {
  return db as unknown as Kysely<AuditTables>;
}

/** Where e-mails go out from and which origin their links use. Null: no mail. */
export interface MailOut {
  config: Config;
  linkBase: string;
}

export type DialogueContext = ServiceContext & { mail?: MailOut | null };

const PUBLIC_ACTOR = { id: null, label: 'public' };

function fieldError(field: string, key: string, params?: Record<string, string | number>): never {
  throw errors.validation([{ field, key, ...(params ? { params } : {}) }]);
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

let eventSeq = 0;
/** Event ids sort by creation within a millisecond (the timeline sorts by at, id). */
function newEventId(now = Date.now()): string {
  eventSeq = (eventSeq + 1) % 36 ** 4;
  return `dev_${now.toString(36).padStart(9, '0')}${eventSeq.toString(36).padStart(4, '0')}${newId('x', 6).slice(2)}`;
}

async function event(trx: q.Db, ctx: Pick<ServiceContext, 'user'> | null, dialogueId: string, kind: string, isPublic: boolean, data: Record<string, unknown>, now: string): Promise<void> {
  await q.insertEvent(trx, { id: newEventId(), dialogueId, at: now, kind, public: isPublic, actorId: ctx?.user?.id ?? null, data });
  await q.touchDialogue(trx, dialogueId, now);
}

async function audit(trx: q.Db, ctx: ServiceContext, entityType: string, entityId: string, action: string, changes: Changes = {}): Promise<void> {
  await recordAudit(auditDb(trx), { actor: actorOf(ctx), entityType, entityId, action, changes, requestId: ctx.requestId });
}

/* ================================================================ scope */

export type DialogueAction = Extract<Action, 'dialogues.read' | 'dialogues.contribute' | 'dialogues.manage'>;

export function canOnDialogue(user: ServiceContext['user'], action: DialogueAction, d: Pick<Dialogue, 'areaIds'>): boolean {
  return can(user, action, { areaIds: d.areaIds });
}

/** The dialogue, if it exists and the user may perform the action on it (404 / 403 otherwise). */
export async function requireDialogue(ctx: ServiceContext, id: string, action: DialogueAction): Promise<Dialogue> {
  authorize(ctx.user, action);
  const d = await q.findDialogue(tdb(ctx.db), id);
  if (!d) throw errors.notFound('dialogue');
  authorize(ctx.user, action, { areaIds: d.areaIds });
  return d;
}

export async function requireMeeting(ctx: ServiceContext, id: string, action: DialogueAction): Promise<{ meeting: Meeting; dialogue: Dialogue }> {
  authorize(ctx.user, action);
  const meeting = await q.findMeeting(tdb(ctx.db), id);
  if (!meeting) throw errors.notFound('meeting');
  const dialogue = await requireDialogue(ctx, meeting.dialogueId, action);
  return { meeting, dialogue };
}

/* ================================================================ dialogues */

export interface DialogueInput {
  title: string;
  goal: string;
  initiator: string;
  public: boolean;
  publicSummary?: string | null | undefined;
  areaIds: string[];
  topicIds: string[];
}

async function checkLinks(ctx: ServiceContext, input: DialogueInput): Promise<void> {
  const errs: FieldError[] = [];
  const areas = new Set((await listAreas(ctx.db)).map((a) => a.id));
  const topics = new Set((await listTopics(ctx.db)).map((tp) => tp.id));
  if (input.areaIds.length === 0) errs.push({ field: 'areaIds', key: 'dialogues.error.areaRequired' });
  else if (input.areaIds.some((a) => !areas.has(a))) errs.push({ field: 'areaIds', key: 'form.error.choose' });
  else if (!can(ctx.user, 'dialogues.manage', { areaIds: input.areaIds }) || input.areaIds.some((a) => !can(ctx.user, 'dialogues.manage', { areaIds: [a] }))) {
    errs.push({ field: 'areaIds', key: 'dialogues.error.areaOutOfScope' });
  }
  if (input.topicIds.some((tp) => !topics.has(tp))) errs.push({ field: 'topicIds', key: 'form.error.choose' });
  if (errs.length) throw errors.validation(errs);
}

const snapshot = (v: DialogueInput | Dialogue) => ({ title: v.title, goal: v.goal, initiator: v.initiator, public: v.public, publicSummary: v.publicSummary ?? null, areaIds: [...v.areaIds].sort(), topicIds: [...v.topicIds].sort() });

export async function createDialogue(ctx: ServiceContext, input: DialogueInput): Promise<Dialogue> {
  authorize(ctx.user, 'dialogues.manage');
  await checkLinks(ctx, input);
  const id = newId('dlg');
  const now = nowIso();
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      await q.insertDialogue(trx, id, { ...input, publicSummary: input.publicSummary ?? null }, ctx.user?.id ?? null, now);
      await event(trx, ctx, id, 'created', true, { phase: 'started' }, now);
      await audit(trx, ctx, 'dialogue', id, 'create', diff(null, { ...snapshot(input), goal: '(text)', publicSummary: input.publicSummary ? '(text)' : null }));
    });
  await indexDialogue(ctx.db, id);
  return (await q.findDialogue(tdb(ctx.db), id))!;
}

export async function updateDialogue(ctx: ServiceContext, id: string, input: DialogueInput): Promise<Dialogue> {
  const current = await requireDialogue(ctx, id, 'dialogues.manage');
  await checkLinks(ctx, input);
  const now = nowIso();
  const before = snapshot(current);
  const after = snapshot(input);
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      await q.updateDialogue(trx, id, { ...input, publicSummary: input.publicSummary ?? null }, now);
      const changes = diff(before, after);
      for (const k of ['goal', 'publicSummary'] as const) if (changes[k]) changes[k] = { from: '(text)', to: '(text)' };
      await audit(trx, ctx, 'dialogue', id, 'update', changes);
    });
  await indexDialogue(ctx.db, id);
  return (await q.findDialogue(tdb(ctx.db), id))!;
}

export async function changePhase(ctx: ServiceContext, id: string, to: Phase, note: string | null): Promise<Dialogue> {
  const d = await requireDialogue(ctx, id, 'dialogues.manage');
  if (!canChangePhase(d.phase, to)) fieldError('phase', 'dialogues.error.phaseStep');
  const now = nowIso();
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      await q.setPhase(trx, id, to, now);
      await event(trx, ctx, id, 'phase', true, { from: d.phase, to, ...(note ? { note } : {}) }, now);
      await audit(trx, ctx, 'dialogue', id, 'phase', { phase: { from: d.phase, to } });
    });
  return (await q.findDialogue(tdb(ctx.db), id))!;
}

/** Dialogues a staff user may read (optionally of one area or phase). */
export async function listDialoguesForStaff(ctx: ServiceContext, f: { areaId?: string; phase?: Phase } = {}): Promise<Dialogue[]> {
  authorize(ctx.user, 'dialogues.read');
  return q.listDialogues(tdb(ctx.db), { areaIds: scopeFor(ctx.user, 'dialogues.read'), ...f });
}

export async function listPublicDialogues(db: AnyDb, f: { areaId?: string } = {}): Promise<Dialogue[]> {
  return q.listDialogues(tdb(db), { areaIds: 'all', publicOnly: true, ...f });
}

/* ================================================================ participants */

export async function namedParticipants(db: TenantDb<any>, participants: Participant[]): Promise<NamedParticipant[]> {
  const refs = await actorRefs(db, participants);
  return participants.map((p) => {
    const r = refs.get(`${p.kind}:${p.refId}`);
    return { ...p, name: r?.name ?? null, organisations: r?.organisations ?? [] };
  });
}

export interface ParticipantInput {
  /** "organisation:<id>" or "person:<id>". */
  actor: string;
  logic?: string | undefined;
  interests?: string | null | undefined;
  positions?: string | null | undefined;
}

export async function addParticipant(ctx: ServiceContext, dialogueId: string, input: ParticipantInput): Promise<Participant> {
  const d = await requireDialogue(ctx, dialogueId, 'dialogues.manage');
  const m = /^(organisation|person):(.+)$/.exec(input.actor);
  if (!m) fieldError('actor', 'form.error.choose');
  const kind = m[1] as ParticipantKind;
  const refId = m[2]!;
  const ref: ActorRef | undefined = (await actorRefs(ctx.db, [{ kind, refId }])).get(`${kind}:${refId}`);
  if (!ref) fieldError('actor', 'form.error.choose');
  const logic = input.logic || ref.logic;
  if (!logic || !isLogic(logic)) fieldError('logic', 'dialogues.error.logicRequired');
  if (await q.findParticipantByRef(tdb(ctx.db), dialogueId, kind, refId)) fieldError('actor', 'dialogues.error.participantExists');
  const p: Participant = { id: newId('dpt'), dialogueId: d.id, kind, refId, logic, interests: input.interests ?? null, positions: input.positions ?? null };
  const now = nowIso();
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      await q.insertParticipant(trx, p, now);
      if (kind === 'person') await touchPeople(trx, [refId]);
      await event(trx, ctx, d.id, 'participant', false, { participantId: p.id, kind, logic }, now);
      await audit(trx, ctx, 'dialogue_participant', p.id, 'create', { dialogueId: { from: null, to: d.id }, kind: { from: null, to: kind }, refId: { from: null, to: refId }, logic: { from: null, to: logic } });
    });
  return p;
}

export async function updateParticipant(ctx: ServiceContext, dialogueId: string, participantId: string, input: { logic: string; interests?: string | null | undefined; positions?: string | null | undefined }): Promise<void> {
  await requireDialogue(ctx, dialogueId, 'dialogues.contribute');
  const p = await q.findParticipant(tdb(ctx.db), participantId);
  if (!p || p.dialogueId !== dialogueId) throw errors.notFound('participant');
  if (!isLogic(input.logic)) fieldError('logic', 'dialogues.error.logicRequired');
  const next = { logic: input.logic, interests: input.interests ?? null, positions: input.positions ?? null };
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      await q.updateParticipant(trx, participantId, next);
      const changes = diff({ logic: p.logic, interests: p.interests, positions: p.positions }, next);
      for (const k of ['interests', 'positions']) if (changes[k]) changes[k] = { from: '(text)', to: '(text)' };
      await audit(trx, ctx, 'dialogue_participant', participantId, 'update', changes);
    });
}

export async function removeParticipant(ctx: ServiceContext, dialogueId: string, participantId: string): Promise<void> {
  await requireDialogue(ctx, dialogueId, 'dialogues.manage');
  const p = await q.findParticipant(tdb(ctx.db), participantId);
  if (!p || p.dialogueId !== dialogueId) throw errors.notFound('participant');
  if ((await q.listTasks(tdb(ctx.db), { participantIds: [participantId] })).length) throw errors.conflict('participant_has_tasks', 'The participant is responsible for tasks.');
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      await q.deleteParticipant(trx, participantId);
      await audit(trx, ctx, 'dialogue_participant', participantId, 'delete', { dialogueId: { from: dialogueId, to: null } });
    });
}

/* ================================================================ interest map */

export async function addQuestion(ctx: ServiceContext, dialogueId: string, text: string): Promise<string> {
  await requireDialogue(ctx, dialogueId, 'dialogues.manage');
  const id = newId('dqn');
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      await q.insertQuestion(trx, dialogueId, id, text);
      await audit(trx, ctx, 'dialogue_question', id, 'create', { dialogueId: { from: null, to: dialogueId }, text: { from: null, to: text } });
    });
  return id;
}

export interface StanceInput {
  questionId: string;
  participantId: string;
  /** '' removes the entry. */
  stance: Stance | '';
  note?: string | null | undefined;
}

/** Sets stances of the interest map (one form for the whole grid). Only changed cells are written and audited. */
export async function setStances(ctx: ServiceContext, dialogueId: string, entries: StanceInput[]): Promise<number> {
  await requireDialogue(ctx, dialogueId, 'dialogues.contribute');
  const db = tdb(ctx.db);
  const questions = new Set((await q.listQuestions(db, dialogueId)).map((x) => x.id));
  const participants = new Set((await q.listParticipants(db, dialogueId)).map((x) => x.id));
  for (const e of entries) if (!questions.has(e.questionId) || !participants.has(e.participantId)) fieldError('_form', 'form.error.invalid');
  const current = new Map((await q.listStances(db, dialogueId)).map((s) => [`${s.questionId}|${s.participantId}`, s]));
  const now = nowIso();
  let changed = 0;
  await db.transaction().execute(async (trx) => {
    for (const e of entries) {
      const key = `${e.questionId}|${e.participantId}`;
      const before = current.get(key);
      const note = e.note?.trim() || null;
      if (!e.stance) {
        if (before) {
          await q.deleteStance(trx, e.questionId, e.participantId);
          await audit(trx, ctx, 'dialogue_stance', key, 'delete', { stance: { from: before.stance, to: null } });
          changed++;
        }
        continue;
      }
      if (before && before.stance === e.stance && before.note === note) continue;
      await q.upsertStance(trx, dialogueId, { questionId: e.questionId, participantId: e.participantId, stance: e.stance, note }, now);
      await audit(trx, ctx, 'dialogue_stance', key, before ? 'update' : 'create', { stance: { from: before?.stance ?? null, to: e.stance }, ...(before?.note !== note ? { note: { from: before?.note ? '(text)' : null, to: note ? '(text)' : null } } : {}) });
      changed++;
    }
    if (changed) await q.touchDialogue(trx, dialogueId, now);
  });
  return changed;
}

export interface InterestMap {
  questions: Question[];
  participants: NamedParticipant[];
  stances: StanceEntry[];
  summary: QuestionSummary[];
}

export async function interestMap(db: TenantDb<any>, dialogueId: string): Promise<InterestMap> {
  const [questions, participants, stances] = await Promise.all([q.listQuestions(tdb(db), dialogueId), q.listParticipants(tdb(db), dialogueId), q.listStances(tdb(db), dialogueId)]);
  return { questions, participants: await namedParticipants(db, participants), stances, summary: summariseMap(questions, participants, stances) };
}

/* ================================================================ linked concerns */

export async function linkConcern(ctx: ServiceContext, dialogueId: string, number: string): Promise<void> {
  await requireDialogue(ctx, dialogueId, 'dialogues.manage');
  const concern = /^[0-9]+-[0-9]+$/.test(number) ? await findConcernByNumber(ctx.db, number) : null;
  if (!concern) fieldError('number', 'dialogues.error.concernNotFound');
  const now = nowIso();
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      if (!(await q.insertConcernLink(trx, dialogueId, concern.id, concern.number))) return;
      await event(trx, ctx, dialogueId, 'concern', false, { number: concern.number }, now);
      await audit(trx, ctx, 'dialogue', dialogueId, 'link_concern', { concern: { from: null, to: concern.number } });
    });
}

export async function unlinkConcern(ctx: ServiceContext, dialogueId: string, concernId: string): Promise<void> {
  await requireDialogue(ctx, dialogueId, 'dialogues.manage');
  const link = (await q.listConcernLinks(tdb(ctx.db), dialogueId)).find((l) => l.concernId === concernId);
  if (!link) throw errors.notFound('concern');
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      await q.deleteConcernLink(trx, dialogueId, concernId);
      await audit(trx, ctx, 'dialogue', dialogueId, 'unlink_concern', { concern: { from: link.number, to: null } });
    });
}

/** Linked concerns with their public details where public (status, category), for staff and public pages. */
export async function linkedConcerns(db: TenantDb<any>, dialogueId: string, opts: { publicOnly: boolean }) {
  const links = await q.listConcernLinks(tdb(db), dialogueId);
  const out: { concernId: string; number: string; status: string | null; description: string | null }[] = [];
  for (const l of links) {
    const pub = await getPublicConcern(db, l.number);
    if (!pub && opts.publicOnly) continue;
    out.push({ concernId: l.concernId, number: l.number, status: pub?.concern.status ?? null, description: pub?.concern.description ?? null });
  }
  return out;
}

/* ================================================================ access grants (participants' accounts) */

export async function grantAccess(ctx: ServiceContext, dialogueId: string, input: { email: string; participantId?: string | null | undefined }): Promise<void> {
  await requireDialogue(ctx, dialogueId, 'dialogues.manage');
  const user = await findUserByEmail(ctx.db as unknown as AuthDb, input.email);
  if (!user || user.status === 'disabled') fieldError('email', 'dialogues.error.noAccount');
  if (input.participantId) {
    const p = await q.findParticipant(tdb(ctx.db), input.participantId);
    if (!p || p.dialogueId !== dialogueId) fieldError('participantId', 'form.error.choose');
  }
  const now = nowIso();
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      await q.upsertMember(trx, dialogueId, user.id, input.participantId ?? null, ctx.user?.id ?? null, now);
      await audit(trx, ctx, 'dialogue', dialogueId, 'grant_access', { user: { from: null, to: user.id }, participant: { from: null, to: input.participantId ?? null } });
    });
}

export async function revokeAccess(ctx: ServiceContext, dialogueId: string, userId: string): Promise<void> {
  await requireDialogue(ctx, dialogueId, 'dialogues.manage');
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      await q.deleteMember(trx, dialogueId, userId);
      await audit(trx, ctx, 'dialogue', dialogueId, 'revoke_access', { user: { from: userId, to: null } });
    });
}

export async function membersOf(ctx: ServiceContext, dialogueId: string): Promise<{ userId: string; email: string; displayName: string; participantId: string | null }[]> {
  await requireDialogue(ctx, dialogueId, 'dialogues.read');
  const out = [];
  for (const m of await q.listMembers(tdb(ctx.db), dialogueId)) {
    const u = await findUserById(ctx.db as unknown as AuthDb, m.userId);
    if (u) out.push({ userId: m.userId, email: u.email, displayName: u.displayName, participantId: m.participantId });
  }
  return out;
}

/** A participant's account: the dialogues it was granted, with the participant it acts for. */
export async function myMemberships(ctx: ServiceContext): Promise<{ dialogueId: string; participantId: string | null }[]> {
  if (!ctx.user) throw errors.unauthenticated();
  return q.membershipsOf(tdb(ctx.db), ctx.user.id);
}

/** A dialogue the signed-in user was granted access to (404 for any other: its existence is not revealed). */
export async function requireMembership(ctx: ServiceContext, dialogueId: string): Promise<{ dialogue: Dialogue; participantId: string | null }> {
  const m = (await myMemberships(ctx)).find((x) => x.dialogueId === dialogueId);
  const d = m ? await q.findDialogue(tdb(ctx.db), dialogueId) : null;
  if (!m || !d) throw errors.notFound('dialogue');
  return { dialogue: d, participantId: m.participantId };
}

/* ================================================================ meetings */

export interface MeetingInput {
  type: Meeting['type'];
  title: string;
  date: string;
  startTime: string;
  endTime: string;
  /** Free text; may stay empty when a room is chosen (then "office – room"). */
  place?: string | null | undefined;
  /** A room of a district office in the dialogue's areas: it is booked for the meeting. */
  roomId?: string | null | undefined;
  public: boolean;
  registration: boolean;
  capacity?: number | null | undefined;
}

function meetingValues(input: MeetingInput): q.MeetingValues {
  const startsAt = berlinInstant(input.date, input.startTime).toISOString();
  const endsAt = berlinInstant(input.date, input.endTime).toISOString();
  const errs: FieldError[] = [];
  if (endsAt <= startsAt) errs.push({ field: 'endTime', key: 'dialogues.error.endBeforeStart' });
  if (input.registration && !input.public) errs.push({ field: 'registration', key: 'dialogues.error.registrationNeedsPublic' });
  if (!input.place?.trim() && !input.roomId) errs.push({ field: 'place', key: 'dialogues.error.placeOrRoom' });
  if (errs.length) throw errors.validation(errs);
  return { type: input.type, title: input.title, startsAt, endsAt, place: input.place?.trim() ?? '', public: input.public, registration: input.registration, capacity: input.registration ? (input.capacity ?? null) : null };
}

export async function createMeeting(ctx: ServiceContext, dialogueId: string, input: MeetingInput): Promise<Meeting> {
  const d = await requireDialogue(ctx, dialogueId, 'dialogues.manage');
  const v = meetingValues(input);
  if (v.public && !d.public) fieldError('public', 'dialogues.error.publicNeedsPublicDialogue');
  if (input.roomId) {
    const room = (await roomChoices(ctx.db, d.areaIds)).find((r) => r.value === input.roomId);
    if (!room) fieldError('roomId', 'form.error.choose');
    if (!v.place) v.place = room.label;
    const minutes = Math.round((new Date(v.endsAt).getTime() - new Date(v.startsAt).getTime()) / 60_000);
    const booked = await bookRoom(ctx, { roomId: room.value, title: v.title, date: input.date, time: input.startTime, durationMinutes: minutes });
    v.roomId = room.value;
    v.bookingId = booked.bookingId;
  }
  const id = newId('mtg');
  const now = nowIso();
  try {
    await tdb(ctx.db)
      .transaction()
      .execute(async (trx) => {
        await q.insertMeeting(trx, id, dialogueId, v, now);
        await event(trx, ctx, dialogueId, 'meeting', v.public, { meetingId: id, title: v.title, type: v.type, startsAt: v.startsAt }, now);
        await audit(trx, ctx, 'dialogue_meeting', id, 'create', diff(null, { dialogueId, ...v }));
      });
  } catch (e) {
    // The room was booked in its own transaction: give it back when the meeting could not be written.
    if (v.bookingId) await cancelRoomBooking(ctx, v.bookingId).catch(() => undefined);
    throw e;
  }
  await indexMeeting(ctx.db, id);
  return (await q.findMeeting(tdb(ctx.db), id))!;
}

export async function addAgendaItem(ctx: ServiceContext, meetingId: string, title: string): Promise<string> {
  await requireMeeting(ctx, meetingId, 'dialogues.manage');
  const id = newId('agi');
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      await q.insertAgendaItem(trx, meetingId, id, title);
      await audit(trx, ctx, 'dialogue_meeting', meetingId, 'agenda_add', { agendaItem: { from: null, to: title } });
    });
  await indexMeeting(ctx.db, meetingId);
  return id;
}

export async function meetingDetail(db: TenantDb<any>, meetingId: string) {
  const d = tdb(db);
  const [agenda, invitations, registrations, attendance] = await Promise.all([q.listAgenda(d, [meetingId]), q.listInvitations(d, meetingId), q.listRegistrations(d, meetingId), q.listAttendance(d, meetingId)]);
  return { agenda, invitations, registrations, attendance };
}

/** Invites by e-mail with an iCalendar invitation (METHOD:REQUEST) attached; the mails go out through the job queue. */
export async function inviteToMeeting(ctx: DialogueContext, meetingId: string, emails: string[]): Promise<number> {
  const { meeting } = await requireMeeting(ctx, meetingId, 'dialogues.manage');
  if (!ctx.mail) throw errors.conflict('mail_unavailable', 'E-mail links need a known origin.');
  if (meeting.status === 'cancelled') fieldError('emails', 'dialogues.error.meetingCancelled');
  const list = [...new Set(emails.map((e) => e.trim().toLowerCase()).filter(Boolean))];
  if (list.length === 0) fieldError('emails', 'form.error.required');
  const now = nowIso();
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      for (const email of list) await q.upsertInvitation(trx, newId('inv'), meetingId, email, now);
      await enqueue(trx, 'dialogues.invite', { meetingId, emails: list.length, since: now, linkBase: ctx.mail!.linkBase });
      await audit(trx, ctx, 'dialogue_meeting', meetingId, 'invite', { invitations: { from: null, to: list.length } });
    });
  return list.length;
}

/**
 * Sends the invitations written at `since` (job handler), each with the meeting as iCalendar REQUEST — or, for a
 * cancelled meeting, a CANCEL (same UID, higher SEQUENCE) to every invitee and a plain e-mail to everyone
 * registered. Returns the number of mails sent.
 */
export async function deliverInvitations(db: TenantDb<any>, tenantName: string, locale: Locale, config: Config, p: { meetingId: string; since: string; linkBase: string; changed?: boolean }): Promise<number> {
  const d = tdb(db);
  const meeting = await q.findMeeting(d, p.meetingId);
  if (!meeting) return 0;
  const dialogue = (await q.findDialogue(d, meeting.dialogueId))!;
  const agenda = await q.listAgenda(d, [meeting.id]);
  const recipients = (await q.listInvitations(d, meeting.id)).filter((i) => i.sentAt >= p.since).map((i) => i.email);
  const host = new URL(p.linkBase).host;
  const description = [dialogue.title, ...agenda.map((a) => `${a.position}. ${a.title}`)].join('\n');
  let sent = 0;
  const cancelled = meeting.status === 'cancelled';
  if (cancelled) {
    // Registrations erased (retention, a deleted account) have no address any more.
    for (const r of (await q.listRegistrations(d, meeting.id)).filter((x) => x.status !== 'cancelled' && x.email)) {
      const loc = isLocale(r.locale) ? r.locale : locale;
      await sendMail(config, renderMail(loc, 'dialogues.mail.meetingCancelled', r.email, { tenant: tenantName, title: meeting.title, when: formatDateTime(loc, meeting.startsAt) }));
      sent++;
    }
  }
  for (const to of recipients) {
    const ics = meetingInvitation(
      { meeting, description, url: meeting.public ? `${p.linkBase}/meetings/${meeting.id}` : null },
      { host, organizer: { name: tenantName, email: config.MAIL_FROM.replace(/^.*<([^>]+)>.*$/, '$1') }, attendees: [to], name: tenantName },
    );
    const mail = renderMail(locale, cancelled ? 'dialogues.mail.meetingCancelled' : p.changed ? 'dialogues.mail.meetingChanged' : 'dialogues.mail.invitation', to, {
      tenant: tenantName,
      title: meeting.title,
      dialogue: dialogue.title,
      when: formatDateTime(locale, meeting.startsAt),
      place: meeting.place,
      agenda: agenda.map((a) => `${a.position}. ${a.title}`).join('\n') || '–',
    });
    await sendMail(config, { ...mail, icalEvent: { method: cancelled ? 'CANCEL' : 'REQUEST', content: ics, filename: cancelled ? 'absage.ics' : 'einladung.ics' } });
    sent++;
  }
  return sent;
}

/**
 * Changes a planned meeting. A booked room keeps its time: date and time of such a meeting cannot change (cancel
 * it and plan anew). When title, time or place change, SEQUENCE rises and every invitee gets the updated iCalendar
 * REQUEST; more seats move people up from the waiting list.
 */
export async function updateMeeting(ctx: DialogueContext, meetingId: string, input: MeetingInput): Promise<Meeting> {
  const { meeting, dialogue } = await requireMeeting(ctx, meetingId, 'dialogues.manage');
  if (meeting.status !== 'planned') throw errors.conflict('meeting_not_planned', 'Only a planned meeting can be changed.');
  const v = meetingValues({ ...input, place: input.place?.trim() || meeting.place, roomId: meeting.roomId });
  if (v.public && !dialogue.public) fieldError('public', 'dialogues.error.publicNeedsPublicDialogue');
  if (meeting.bookingId && (v.startsAt !== meeting.startsAt || v.endsAt !== meeting.endsAt)) fieldError('date', 'dialogues.error.roomBookedTime');
  const counts = await q.countRegistrations(tdb(ctx.db), meetingId);
  if (v.capacity !== null && v.capacity < counts.confirmed) fieldError('capacity', 'dialogues.error.capacityBelowConfirmed', { count: counts.confirmed });
  const changedForInvitees = v.title !== meeting.title || v.startsAt !== meeting.startsAt || v.endsAt !== meeting.endsAt || v.place !== meeting.place;
  const invited = (await q.listInvitations(tdb(ctx.db), meetingId)).length > 0;
  const sequence = changedForInvitees ? meeting.sequence + 1 : meeting.sequence;
  const now = nowIso();
  const pg = dialectOf(ctx.db) === 'postgres';
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      if (pg) await trx.selectFrom('dialogue_meetings').select('id').where('id', '=', meetingId).forUpdate().execute();
      const { roomId: _r, bookingId: _b, ...fields } = v;
      await q.updateMeeting(trx, meetingId, { ...fields, sequence }, now);
      const before = { type: meeting.type, title: meeting.title, startsAt: meeting.startsAt, endsAt: meeting.endsAt, place: meeting.place, public: meeting.public, registration: meeting.registration, capacity: meeting.capacity };
      const after = { type: v.type, title: v.title, startsAt: v.startsAt, endsAt: v.endsAt, place: v.place, public: v.public, registration: v.registration, capacity: v.capacity };
      await audit(trx, ctx, 'dialogue_meeting', meetingId, 'update', diff(before, after));
      if (v.startsAt !== meeting.startsAt) await event(trx, ctx, meeting.dialogueId, 'meeting_moved', v.public, { meetingId, title: v.title, startsAt: v.startsAt }, now);
      const c2 = await q.countRegistrations(trx, meetingId);
      for (const r of await q.firstWaiting(trx, meetingId, seatsToFill(v.capacity, c2.confirmed, c2.waiting))) {
        await q.setRegistrationStatus(trx, r.id, 'confirmed', now);
        await recordAudit(auditDb(trx), { actor: actorOf(ctx), entityType: 'dialogue_registration', entityId: r.id, action: 'moved_up', changes: { status: { from: 'waiting', to: 'confirmed' } }, requestId: ctx.requestId });
        await enqueue(trx, 'dialogues.moved_up', { registrationId: r.id, linkBase: ctx.mail?.linkBase ?? null }, { uniqueKey: `moved_up:${r.id}` });
      }
      if (changedForInvitees && invited && ctx.mail) await enqueue(trx, 'dialogues.invite', { meetingId, emails: 0, since: '', linkBase: ctx.mail.linkBase, changed: true });
    });
  await indexMeeting(ctx.db, meetingId);
  return (await q.findMeeting(tdb(ctx.db), meetingId))!;
}

/**
 * Cancels a planned meeting: status cancelled, SEQUENCE raised; invitees get an iCalendar CANCEL and registered
 * people an e-mail (job `dialogues.invite`); a booked room is given back.
 */
export async function cancelMeeting(ctx: DialogueContext, meetingId: string): Promise<Meeting> {
  const { meeting } = await requireMeeting(ctx, meetingId, 'dialogues.manage');
  if (meeting.status !== 'planned') throw errors.conflict('meeting_not_planned', 'Only a planned meeting can be cancelled.');
  const now = nowIso();
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      await q.updateMeeting(trx, meetingId, { status: 'cancelled', sequence: meeting.sequence + 1 }, now);
      await event(trx, ctx, meeting.dialogueId, 'meeting_cancelled', meeting.public, { meetingId, title: meeting.title, startsAt: meeting.startsAt }, now);
      await audit(trx, ctx, 'dialogue_meeting', meetingId, 'cancel', { status: { from: meeting.status, to: 'cancelled' }, sequence: { from: meeting.sequence, to: meeting.sequence + 1 } });
      if (ctx.mail) await enqueue(trx, 'dialogues.invite', { meetingId, emails: 0, since: '', linkBase: ctx.mail.linkBase });
    });
  if (meeting.bookingId) await cancelRoomBooking(ctx, meeting.bookingId).catch(() => undefined);
  await indexMeeting(ctx.db, meetingId);
  return (await q.findMeeting(tdb(ctx.db), meetingId))!;
}

export async function recordAttendance(ctx: ServiceContext, meetingId: string, participantIds: string[], registrationIds: string[]): Promise<void> {
  const { meeting } = await requireMeeting(ctx, meetingId, 'dialogues.contribute');
  const participants = new Set((await q.listParticipants(tdb(ctx.db), meeting.dialogueId)).map((p) => p.id));
  const registrations = new Set((await q.listRegistrations(tdb(ctx.db), meetingId)).filter((r) => r.status === 'confirmed').map((r) => r.id));
  if (participantIds.some((p) => !participants.has(p))) fieldError('participantIds', 'form.error.choose');
  if (registrationIds.some((r) => !registrations.has(r))) fieldError('registrationIds', 'form.error.choose');
  const before = await q.listAttendance(tdb(ctx.db), meetingId);
  const now = nowIso();
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      await q.replaceAttendance(trx, meetingId, [...new Set(participantIds)]);
      await q.setRegistrationsAttended(trx, meetingId, registrationIds);
      if (meeting.status === 'planned') await q.updateMeeting(trx, meetingId, { status: 'held' }, now);
      await audit(trx, ctx, 'dialogue_meeting', meetingId, 'attendance', { participants: { from: before.length, to: participantIds.length }, registrations: { from: null, to: registrationIds.length } });
    });
}

export interface MinutesInput {
  itemId: string;
  minutes?: string | null | undefined;
  decision?: string | null | undefined;
  public: boolean;
}

/** Minutes and decisions per agenda item; a decision marked public appears on the progress page. */
export async function writeMinutes(ctx: ServiceContext, meetingId: string, items: MinutesInput[]): Promise<void> {
  const { meeting } = await requireMeeting(ctx, meetingId, 'dialogues.contribute');
  const agenda = new Map((await q.listAgenda(tdb(ctx.db), [meetingId])).map((a) => [a.id, a]));
  if (items.some((i) => !agenda.has(i.itemId))) fieldError('_form', 'form.error.invalid');
  const now = nowIso();
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      let decisions = 0;
      for (const i of items) {
        const a = agenda.get(i.itemId)!;
        const next = { minutes: i.minutes?.trim() || null, decision: i.decision?.trim() || null, public: i.public };
        if (a.minutes === next.minutes && a.decision === next.decision && a.public === next.public) continue;
        await q.updateAgendaMinutes(trx, a.id, next);
        if (next.decision && next.decision !== a.decision) decisions++;
        const changes = diff({ minutes: a.minutes ? '(text)' : null, decision: a.decision ? '(text)' : null, public: a.public }, { minutes: next.minutes ? '(text)' : null, decision: next.decision ? '(text)' : null, public: next.public });
        if (a.minutes !== next.minutes) changes.minutes = { from: a.minutes ? '(text)' : null, to: next.minutes ? '(text)' : null };
        if (a.decision !== next.decision) changes.decision = { from: a.decision ? '(text)' : null, to: next.decision ? '(text)' : null };
        await audit(trx, ctx, 'dialogue_agenda_item', a.id, 'minutes', changes);
      }
      await event(trx, ctx, meeting.dialogueId, 'minutes', meeting.public, { meetingId, title: meeting.title, decisions }, now);
    });
  await indexMeeting(ctx.db, meetingId);
}

/* ================================================================ registration (public) */

export interface RegistrationInput {
  name: string;
  email: string;
  locale: Locale;
}

/** A meeting open for public registration: public, of a public dialogue, planned, not begun. */
export async function openMeeting(db: TenantDb<any>, meetingId: string): Promise<{ meeting: Meeting; dialogue: Dialogue } | null> {
  const meeting = await q.findMeeting(tdb(db), meetingId);
  if (!meeting || !meeting.public) return null;
  const dialogue = await q.findDialogue(tdb(db), meeting.dialogueId);
  if (!dialogue || !dialogue.public) return null;
  return { meeting, dialogue };
}

export function registrationOpen(m: Meeting, now = new Date()): boolean {
  return m.registration && m.status === 'planned' && new Date(m.startsAt) > now;
}

export async function registerForMeeting(ctx: DialogueContext, meetingId: string, input: RegistrationInput): Promise<{ status: 'confirmed' | 'waiting' }> {
  const found = await openMeeting(ctx.db, meetingId);
  if (!found) throw errors.notFound('meeting');
  if (!registrationOpen(found.meeting)) throw errors.conflict('registration_closed', 'Registration for this meeting is closed.');
  const token = newToken();
  const id = newId('reg');
  const email = input.email.trim().toLowerCase();
  const now = nowIso();
  const pg = dialectOf(ctx.db) === 'postgres';
  const status = await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      // Serialise registrations per meeting (PostgreSQL: row lock; SQLite: one writer at a time).
      if (pg) await trx.selectFrom('dialogue_meetings').select('id').where('id', '=', meetingId).forUpdate().execute();
      const existing = (await q.listRegistrations(trx, meetingId)).find((r) => r.email === email && r.status !== 'cancelled');
      if (existing) fieldError('email', 'dialogues.error.alreadyRegistered');
      const counts = await q.countRegistrations(trx, meetingId);
      const s = registrationStatus(found.meeting.capacity, counts.confirmed);
      await q.insertRegistration(trx, { id, meetingId, name: input.name, email, locale: input.locale, status: s, tokenHash: hashToken(token) }, now);
      await recordAudit(auditDb(trx), { actor: PUBLIC_ACTOR, entityType: 'dialogue_registration', entityId: id, action: 'create', changes: { meetingId: { from: null, to: meetingId }, status: { from: null, to: s } }, requestId: ctx.requestId });
      return s;
    });
  if (ctx.mail) {
    await sendMail(
      ctx.mail.config,
      renderMail(input.locale, status === 'confirmed' ? 'dialogues.mail.registered' : 'dialogues.mail.waiting', email, {
        tenant: ctx.tenant.name,
        name: input.name,
        title: found.meeting.title,
        when: formatDateTime(input.locale, found.meeting.startsAt),
        place: found.meeting.place,
        cancel: `${ctx.mail.linkBase}/meetings/cancel/${token}`,
      }),
    );
  }
  return { status };
}

export async function findRegistrationByToken(db: TenantDb<any>, token: string): Promise<{ registration: Registration; meeting: Meeting } | null> {
  const r = await q.findRegistrationByToken(tdb(db), hashToken(token));
  if (!r) return null;
  const meeting = await q.findMeeting(tdb(db), r.meetingId);
  return meeting ? { registration: r, meeting } : null;
}

/** Cancels a registration by its link; a freed seat goes to the first on the waiting list (e-mailed through the queue). */
export async function cancelRegistration(ctx: DialogueContext, token: string): Promise<{ movedUp: number }> {
  const found = await findRegistrationByToken(ctx.db, token);
  if (!found) throw errors.notFound('registration');
  const { registration, meeting } = found;
  if (registration.status === 'cancelled') return { movedUp: 0 };
  const now = nowIso();
  const pg = dialectOf(ctx.db) === 'postgres';
  const movedUp = await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      if (pg) await trx.selectFrom('dialogue_meetings').select('id').where('id', '=', meeting.id).forUpdate().execute();
      await q.setRegistrationStatus(trx, registration.id, 'cancelled', now);
      await recordAudit(auditDb(trx), { actor: PUBLIC_ACTOR, entityType: 'dialogue_registration', entityId: registration.id, action: 'cancel', changes: { status: { from: registration.status, to: 'cancelled' } }, requestId: ctx.requestId });
      const counts = await q.countRegistrations(trx, meeting.id);
      const next = await q.firstWaiting(trx, meeting.id, seatsToFill(meeting.capacity, counts.confirmed, counts.waiting));
      for (const r of next) {
        await q.setRegistrationStatus(trx, r.id, 'confirmed', now);
        await recordAudit(auditDb(trx), { actor: PUBLIC_ACTOR, entityType: 'dialogue_registration', entityId: r.id, action: 'moved_up', changes: { status: { from: 'waiting', to: 'confirmed' } }, requestId: ctx.requestId });
        await enqueue(trx, 'dialogues.moved_up', { registrationId: r.id, linkBase: ctx.mail?.linkBase ?? null }, { uniqueKey: `moved_up:${r.id}` });
      }
      return next.length;
    });
  if (ctx.mail) {
    const locale = isLocale(registration.locale) ? registration.locale : 'de';
    await sendMail(ctx.mail.config, renderMail(locale, 'dialogues.mail.cancelled', registration.email, { tenant: ctx.tenant.name, name: registration.name, title: meeting.title, when: formatDateTime(locale, meeting.startsAt) }));
  }
  return { movedUp };
}

/** Job handler: tells someone who moved up from the waiting list that their seat is confirmed. */
export async function deliverMovedUp(db: TenantDb<any>, tenantName: string, config: Config, p: { registrationId: string; linkBase: string | null }): Promise<boolean> {
  const r = await q.findRegistration(tdb(db), p.registrationId);
  if (!r || r.status !== 'confirmed' || !r.email) return false;
  const meeting = (await q.findMeeting(tdb(db), r.meetingId))!;
  const locale = isLocale(r.locale) ? r.locale : 'de';
  await sendMail(config, renderMail(locale, 'dialogues.mail.movedUp', r.email, { tenant: tenantName, name: r.name, title: meeting.title, when: formatDateTime(locale, meeting.startsAt), place: meeting.place, page: p.linkBase ? `${p.linkBase}/meetings/${meeting.id}` : '' }));
  return true;
}

/* ================================================================ agreements and tasks */

export interface TaskInput {
  title: string;
  participantId: string;
  dueDate: string;
  agendaItemId?: string | null | undefined;
  public: boolean;
}

/** An agreement/task from the minutes of a meeting. */
export async function createTask(ctx: ServiceContext, meetingId: string, input: TaskInput): Promise<Task> {
  const { dialogue } = await requireMeeting(ctx, meetingId, 'dialogues.manage');
  const p = await q.findParticipant(tdb(ctx.db), input.participantId);
  if (!p || p.dialogueId !== dialogue.id) fieldError('participantId', 'form.error.choose');
  if (input.agendaItemId && !(await q.listAgenda(tdb(ctx.db), [meetingId])).some((a) => a.id === input.agendaItemId)) fieldError('agendaItemId', 'form.error.choose');
  if (input.public && !dialogue.public) fieldError('public', 'dialogues.error.publicNeedsPublicDialogue');
  const task = { id: newId('tsk'), dialogueId: dialogue.id, meetingId, agendaItemId: input.agendaItemId ?? null, title: input.title, participantId: p.id, dueDate: input.dueDate, public: input.public };
  const now = nowIso();
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      await q.insertTask(trx, task, now);
      await event(trx, ctx, dialogue.id, 'task', input.public, { taskId: task.id, title: input.title, dueDate: input.dueDate }, now);
      await audit(trx, ctx, 'dialogue_task', task.id, 'create', diff(null, { dialogueId: dialogue.id, meetingId, title: input.title, participantId: p.id, dueDate: input.dueDate, public: input.public, status: 'open' }));
    });
  return (await q.findTask(tdb(ctx.db), task.id))!;
}

/**
 * Changes a task's status: staff who contribute to the dialogue, or the account granted for the participant who
 * is responsible for the task.
 */
export async function setTaskStatus(ctx: ServiceContext, taskId: string, status: TaskStatus): Promise<Task> {
  if (!ctx.user) throw errors.unauthenticated();
  const task = await q.findTask(tdb(ctx.db), taskId);
  if (!task) throw errors.notFound('task');
  const dialogue = (await q.findDialogue(tdb(ctx.db), task.dialogueId))!;
  const staff = canOnDialogue(ctx.user, 'dialogues.contribute', dialogue);
  if (!staff) {
    const m = (await q.membershipsOf(tdb(ctx.db), ctx.user.id)).find((x) => x.dialogueId === dialogue.id);
    if (!m) {
      if (can(ctx.user, 'dialogues.read', { areaIds: dialogue.areaIds })) throw errors.forbidden('dialogues.contribute');
      throw errors.notFound('task');
    }
    if (m.participantId !== task.participantId) throw errors.forbidden('dialogues.contribute');
  }
  if (task.status === status) return task;
  const now = nowIso();
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      await q.setTaskStatus(trx, taskId, status, status === 'done' ? now : null, now);
      await event(trx, ctx, dialogue.id, 'task_status', task.public, { taskId, title: task.title, from: task.status, to: status }, now);
      await audit(trx, ctx, 'dialogue_task', taskId, 'status', { status: { from: task.status, to: status } });
    });
  return (await q.findTask(tdb(ctx.db), taskId))!;
}

export async function listTasksForStaff(ctx: ServiceContext, f: { status?: TaskStatus; overdue?: boolean; dialogueId?: string } = {}): Promise<Task[]> {
  authorize(ctx.user, 'dialogues.read');
  const dialogues = await q.listDialogues(tdb(ctx.db), { areaIds: scopeFor(ctx.user, 'dialogues.read'), ...(f.dialogueId ? { ids: [f.dialogueId] } : {}) });
  return q.listTasks(tdb(ctx.db), { dialogueIds: dialogues.map((d) => d.id), ...(f.status ? { status: f.status } : {}), ...(f.overdue ? { overdueBefore: berlinDate(new Date()) } : {}) });
}

export function today(): string {
  return berlinDate(new Date());
}

export { isOverdue };

/**
 * Daily job: e-mails a reminder for every overdue task (at most once a week per task) to the accounts granted for
 * the responsible participant and to the moderator who started the dialogue. Returns the number of tasks reminded.
 */
export async function remindOverdueTasks(db: TenantDb<any>, tenantName: string, fallback: Locale, config: Config, now = new Date()): Promise<number> {
  const d = tdb(db);
  const day = berlinDate(now);
  const weekAgo = new Date(now.getTime() - 7 * 86_400_000).toISOString();
  const tasks = await q.listTasks(d, { overdueBefore: day, notRemindedSince: weekAgo });
  let reminded = 0;
  for (const task of tasks) {
    const dialogue = await q.findDialogue(d, task.dialogueId);
    if (!dialogue) continue;
    const userIds = new Set<string>();
    for (const m of await q.listMembers(d, dialogue.id)) if (m.participantId === task.participantId) userIds.add(m.userId);
    const creator = (await d.selectFrom('dialogues').select('created_by').where('id', '=', dialogue.id).executeTakeFirst())?.created_by;
    if (creator) userIds.add(creator);
    const recipients: { email: string; locale: Locale }[] = [];
    for (const id of userIds) {
      const u = await findUserById(db as unknown as AuthDb, id);
      if (u && u.status === 'active') recipients.push({ email: u.email, locale: u.locale && isLocale(u.locale) ? u.locale : fallback });
    }
    for (const r of recipients) {
      await sendMail(config, renderMail(r.locale, 'dialogues.mail.overdue', r.email, { tenant: tenantName, task: task.title, dialogue: dialogue.title, due: task.dueDate }));
    }
    await q.markReminded(d, task.id, now.toISOString());
    reminded++;
  }
  return reminded;
}

/** Days after a meeting's end when its registrations lose name and e-mail (they were only needed for the meeting). */
export const REGISTRATION_RETENTION_DAYS = 30;

/** Daily job: anonymises registrations of meetings that ended more than REGISTRATION_RETENTION_DAYS ago (audited). */
export async function anonymiseOldRegistrations(db: TenantDb<any>, now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - REGISTRATION_RETENTION_DAYS * 86_400_000).toISOString();
  const n = await tdb(db)
    .transaction()
    .execute(async (trx) => {
      const count = await q.anonymiseRegistrations(trx, before);
      if (count) await recordAudit(auditDb(trx), { actor: { id: null, label: 'system' }, entityType: 'dialogue_registration', entityId: '*', action: 'anonymise', changes: { registrations: { from: null, to: count } } });
      return count;
    });
  return n;
}

/* ================================================================ reading a whole dialogue */

export interface DialogueOverview {
  dialogue: Dialogue;
  map: InterestMap;
  meetings: Meeting[];
  agenda: AgendaItem[];
  tasks: Task[];
  events: DialogueEvent[];
}

export async function dialogueOverview(db: TenantDb<any>, d: Dialogue): Promise<DialogueOverview> {
  const [map, meetings, tasks, events] = await Promise.all([interestMap(db, d.id), q.listMeetings(tdb(db), d.id), q.listTasks(tdb(db), { dialogueIds: [d.id] }), q.listEvents(tdb(db), d.id)]);
  const agenda = await q.listAgenda(
    tdb(db),
    meetings.map((m) => m.id),
  );
  return { dialogue: d, map, meetings, agenda, tasks, events };
}

/** The public progress page ("what came of it"): only what is marked public. Null when the dialogue is not public. */
export async function publicProgress(db: TenantDb<any>, id: string) {
  const d = await q.findDialogue(tdb(db), id);
  if (!d || !d.public) return null;
  const meetings = (await q.listMeetings(tdb(db), id)).filter((m) => m.public);
  const agenda = (
    await q.listAgenda(
      tdb(db),
      meetings.map((m) => m.id),
    )
  ).filter((a) => a.public);
  const tasks = await q.listTasks(tdb(db), { dialogueIds: [id], publicOnly: true });
  const participants = await namedParticipants(db, await q.listParticipants(tdb(db), id));
  const events = await q.listEvents(tdb(db), id, { publicOnly: true });
  const concerns = await linkedConcerns(db, id, { publicOnly: true });
  // A person's name is not published: public tasks name organisations only.
  const responsible = new Map(participants.map((p) => [p.id, p.kind === 'organisation' ? p.name : null]));
  return {
    dialogue: d,
    meetings,
    agenda,
    tasks: tasks.map((t) => ({ ...t, responsible: responsible.get(t.participantId) ?? null })),
    events,
    concerns,
    logics: [...new Set(participants.map((p) => p.logic))].sort(),
  };
}

/* ================================================================ GDPR (network person data provider) */

/** A person's participations with interests, positions, stances and tasks (for the network module's export). */
export async function exportPerson(db: TenantDb<any>, personId: string) {
  const d = tdb(db);
  const out = [];
  for (const p of await q.listParticipationsOf(d, 'person', personId)) {
    const dialogue = await q.findDialogue(d, p.dialogueId);
    const stances = (await q.listStances(d, p.dialogueId)).filter((s) => s.participantId === p.id);
    const tasks = await q.listTasks(d, { participantIds: [p.id] });
    out.push({
      dialogue: dialogue?.title ?? p.dialogueId,
      logic: p.logic,
      interests: p.interests,
      positions: p.positions,
      stances: stances.map((s) => ({ stance: s.stance, note: s.note })),
      tasks: tasks.map((t) => ({ title: t.title, dueDate: t.dueDate, status: t.status })),
    });
  }
  return out;
}

/**
 * Erases a person's part: their participations lose the link to the person and every free text (interests,
 * positions, stance notes); stances, attendance and tasks stay as those of an anonymous participant, so the
 * dialogue's record stays whole. Access grants for the person's participations end. Returns participations changed.
 */
export async function erasePerson(db: TenantDb<any>, personId: string): Promise<number> {
  const d = tdb(db);
  const parts = await q.listParticipationsOf(d, 'person', personId);
  for (const p of parts) {
    await d.updateTable('dialogue_participants').set({ ref_id: `erased_${p.id}`, interests: null, positions: null }).where('id', '=', p.id).execute();
    await d.updateTable('dialogue_stances').set({ note: null }).where('participant_id', '=', p.id).execute();
    await d.deleteFrom('dialogue_members').where('participant_id', '=', p.id).execute();
    await recordAudit(auditDb(d), { actor: { id: null, label: 'system' }, entityType: 'dialogue_participant', entityId: p.id, action: 'erase', changes: { refId: { from: '(person)', to: null }, interests: { from: p.interests ? '(text)' : null, to: null }, positions: { from: p.positions ? '(text)' : null, to: null } } });
  }
  return parts.length;
}

export function phaseLabel(locale: Locale, phase: Phase): string {
  return translate(locale, `dialogues.phase.${phase}`);
}
