/**
 * SQL of the dialogues module. Every function takes a tenant-bound handle (or a transaction opened on one): the
 * handle fills in and filters tenant_id. No business rules here: services decide.
 */
import { sql, type Kysely } from 'kysely';
import { addressLike } from '../accounts';
import { dialectOf, fromInstant, fromJson, toBool, toCount, toJson } from '../../platform/db/dialect';
import type { DialoguesTables } from './dialogues.tables';
import type { MeetingType, ParticipantKind, Phase, Stance, TaskStatus } from './dialogues.rules';
import type { AgendaItem, Dialogue, DialogueEvent, Meeting, Participant, Question, Registration, StanceEntry, Task } from './dialogues.types';

export type Db = Kysely<DialoguesTables>;
type Row<T extends keyof DialoguesTables> = DialoguesTables[T];

/* ---------------------------------------------------------------- dialogues */

function toDialogue(r: Row<'dialogues'>, areaIds: string[], topicIds: string[]): Dialogue {
  return {
    id: r.id,
    title: r.title,
    goal: r.goal,
    initiator: r.initiator,
    phase: r.phase as Phase,
    public: toBool(r.public),
    publicSummary: r.public_summary,
    areaIds,
    topicIds,
    createdAt: fromInstant(r.created_at)!,
    updatedAt: fromInstant(r.updated_at)!,
  };
}

async function linksOf(db: Db, ids: string[]): Promise<{ areas: Map<string, string[]>; topics: Map<string, string[]> }> {
  const areas = new Map<string, string[]>();
  const topics = new Map<string, string[]>();
  if (ids.length === 0) return { areas, topics };
  for (const r of await db.selectFrom('dialogue_areas').select(['dialogue_id', 'area_id']).where('dialogue_id', 'in', ids).execute()) {
    areas.set(r.dialogue_id, [...(areas.get(r.dialogue_id) ?? []), r.area_id]);
  }
  for (const r of await db.selectFrom('dialogue_topics').select(['dialogue_id', 'topic_id']).where('dialogue_id', 'in', ids).execute()) {
    topics.set(r.dialogue_id, [...(topics.get(r.dialogue_id) ?? []), r.topic_id]);
  }
  return { areas, topics };
}

async function withLinks(db: Db, rows: Row<'dialogues'>[]): Promise<Dialogue[]> {
  const { areas, topics } = await linksOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toDialogue(r, (areas.get(r.id) ?? []).sort(), (topics.get(r.id) ?? []).sort()));
}

export async function findDialogue(db: Db, id: string): Promise<Dialogue | null> {
  const r = await db.selectFrom('dialogues').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? (await withLinks(db, [r]))[0]! : null;
}

export interface DialogueFilter {
  /** 'all' or the programme areas in scope (a dialogue in one of them is listed). */
  areaIds: 'all' | string[];
  publicOnly?: boolean;
  ids?: string[];
  areaId?: string;
  phase?: Phase;
}

export async function listDialogues(db: Db, f: DialogueFilter): Promise<Dialogue[]> {
  let q = db.selectFrom('dialogues').selectAll('dialogues');
  if (f.areaIds !== 'all') {
    if (f.areaIds.length === 0) return [];
    const scope = f.areaIds;
    q = q.where('dialogues.id', 'in', (eb) => eb.selectFrom('dialogue_areas').select('dialogue_areas.dialogue_id').where('dialogue_areas.area_id', 'in', scope));
  }
  if (f.areaId) {
    const areaId = f.areaId;
    q = q.where('dialogues.id', 'in', (eb) => eb.selectFrom('dialogue_areas').select('dialogue_areas.dialogue_id').where('dialogue_areas.area_id', '=', areaId));
  }
  if (f.ids) {
    if (f.ids.length === 0) return [];
    q = q.where('dialogues.id', 'in', f.ids);
  }
  if (f.publicOnly) q = q.where('dialogues.public', '=', true as never);
  if (f.phase) q = q.where('dialogues.phase', '=', f.phase);
  return withLinks(db, await q.orderBy('dialogues.updated_at', 'desc').orderBy('dialogues.id').limit(500).execute());
}

export interface DialogueValues {
  title: string;
  goal: string;
  initiator: string;
  public: boolean;
  publicSummary: string | null;
  areaIds: string[];
  topicIds: string[];
}

export async function insertDialogue(db: Db, id: string, v: DialogueValues, createdBy: string | null, now: string): Promise<void> {
  await db
    .insertInto('dialogues')
    .values({ id, title: v.title, goal: v.goal, initiator: v.initiator, phase: 'started', public: v.public as never, public_summary: v.publicSummary, created_by: createdBy, created_at: now, updated_at: now } as never)
    .execute();
  await replaceLinks(db, id, v.areaIds, v.topicIds);
}

export async function updateDialogue(db: Db, id: string, v: DialogueValues, now: string): Promise<void> {
  await db
    .updateTable('dialogues')
    .set({ title: v.title, goal: v.goal, initiator: v.initiator, public: v.public as never, public_summary: v.publicSummary, updated_at: now })
    .where('id', '=', id)
    .execute();
  await replaceLinks(db, id, v.areaIds, v.topicIds);
}

async function replaceLinks(db: Db, id: string, areaIds: string[], topicIds: string[]): Promise<void> {
  await db.deleteFrom('dialogue_areas').where('dialogue_id', '=', id).execute();
  await db.deleteFrom('dialogue_topics').where('dialogue_id', '=', id).execute();
  if (areaIds.length) await db.insertInto('dialogue_areas').values(areaIds.map((a) => ({ dialogue_id: id, area_id: a }) as never)).execute();
  if (topicIds.length) await db.insertInto('dialogue_topics').values(topicIds.map((tp) => ({ dialogue_id: id, topic_id: tp }) as never)).execute();
}

export async function setPhase(db: Db, id: string, phase: Phase, now: string): Promise<void> {
  await db.updateTable('dialogues').set({ phase, updated_at: now }).where('id', '=', id).execute();
}

export async function touchDialogue(db: Db, id: string, now: string): Promise<void> {
  await db.updateTable('dialogues').set({ updated_at: now }).where('id', '=', id).execute();
}

/* ---------------------------------------------------------------- timeline */

export async function insertEvent(db: Db, e: { id: string; dialogueId: string; at: string; kind: string; public: boolean; actorId: string | null; data: Record<string, unknown> }): Promise<void> {
  await db
    .insertInto('dialogue_events')
    .values({ id: e.id, dialogue_id: e.dialogueId, at: e.at, kind: e.kind, public: e.public as never, actor_id: e.actorId, data: toJson(e.data) } as never)
    .execute();
}

export async function listEvents(db: Db, dialogueId: string, opts: { publicOnly?: boolean } = {}): Promise<DialogueEvent[]> {
  let q = db.selectFrom('dialogue_events').selectAll().where('dialogue_id', '=', dialogueId);
  if (opts.publicOnly) q = q.where('public', '=', true as never);
  const rows = await q.orderBy('at').orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, at: fromInstant(r.at)!, kind: r.kind, public: toBool(r.public), data: fromJson<Record<string, unknown>>(r.data, {}) }));
}

/* ---------------------------------------------------------------- participants */

function toParticipant(r: Row<'dialogue_participants'>): Participant {
  return { id: r.id, dialogueId: r.dialogue_id, kind: r.kind, refId: r.ref_id, logic: r.logic, interests: r.interests, positions: r.positions };
}

export async function listParticipants(db: Db, dialogueId: string): Promise<Participant[]> {
  return (await db.selectFrom('dialogue_participants').selectAll().where('dialogue_id', '=', dialogueId).orderBy('created_at').orderBy('id').execute()).map(toParticipant);
}

export async function findParticipant(db: Db, id: string): Promise<Participant | null> {
  const r = await db.selectFrom('dialogue_participants').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toParticipant(r) : null;
}

export async function findParticipantByRef(db: Db, dialogueId: string, kind: ParticipantKind, refId: string): Promise<Participant | null> {
  const r = await db.selectFrom('dialogue_participants').selectAll().where('dialogue_id', '=', dialogueId).where('kind', '=', kind).where('ref_id', '=', refId).executeTakeFirst();
  return r ? toParticipant(r) : null;
}

/** Every participation of a network actor (all dialogues). */
export async function listParticipationsOf(db: Db, kind: ParticipantKind, refId: string): Promise<Participant[]> {
  return (await db.selectFrom('dialogue_participants').selectAll().where('kind', '=', kind).where('ref_id', '=', refId).execute()).map(toParticipant);
}

export async function insertParticipant(db: Db, p: Participant, now: string): Promise<void> {
  await db
    .insertInto('dialogue_participants')
    .values({ id: p.id, dialogue_id: p.dialogueId, kind: p.kind, ref_id: p.refId, logic: p.logic, interests: p.interests, positions: p.positions, created_at: now } as never)
    .execute();
}

export async function updateParticipant(db: Db, id: string, v: { logic: string; interests: string | null; positions: string | null }): Promise<void> {
  await db.updateTable('dialogue_participants').set(v).where('id', '=', id).execute();
}

export async function deleteParticipant(db: Db, id: string): Promise<void> {
  await db.deleteFrom('dialogue_stances').where('participant_id', '=', id).execute();
  await db.deleteFrom('dialogue_attendance').where('participant_id', '=', id).execute();
  await db.updateTable('dialogue_members').set({ participant_id: null }).where('participant_id', '=', id).execute();
  await db.deleteFrom('dialogue_participants').where('id', '=', id).execute();
}

/* ---------------------------------------------------------------- interest map */

export async function listQuestions(db: Db, dialogueId: string): Promise<Question[]> {
  const rows = await db.selectFrom('dialogue_questions').selectAll().where('dialogue_id', '=', dialogueId).orderBy('sort_order').orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, text: r.text, sortOrder: Number(r.sort_order) }));
}

export async function insertQuestion(db: Db, dialogueId: string, id: string, text: string): Promise<void> {
  const max = await db.selectFrom('dialogue_questions').select((eb) => eb.fn.max('sort_order').as('m')).where('dialogue_id', '=', dialogueId).executeTakeFirst();
  await db.insertInto('dialogue_questions').values({ id, dialogue_id: dialogueId, text, sort_order: Number(max?.m ?? 0) + 1 } as never).execute();
}

export async function listStances(db: Db, dialogueId: string): Promise<StanceEntry[]> {
  const rows = await db.selectFrom('dialogue_stances').selectAll().where('dialogue_id', '=', dialogueId).execute();
  return rows.map((r) => ({ questionId: r.question_id, participantId: r.participant_id, stance: r.stance, note: r.note }));
}

export async function upsertStance(db: Db, dialogueId: string, s: StanceEntry, now: string): Promise<void> {
  await db
    .insertInto('dialogue_stances')
    .values({ dialogue_id: dialogueId, question_id: s.questionId, participant_id: s.participantId, stance: s.stance, note: s.note, updated_at: now } as never)
    .onConflict((oc) => oc.columns(['tenant_id', 'question_id', 'participant_id'] as never).doUpdateSet({ stance: s.stance, note: s.note, updated_at: now }))
    .execute();
}

export async function deleteStance(db: Db, questionId: string, participantId: string): Promise<void> {
  await db.deleteFrom('dialogue_stances').where('question_id', '=', questionId).where('participant_id', '=', participantId).execute();
}

export type { Stance };

/* ---------------------------------------------------------------- linked concerns */

export async function listConcernLinks(db: Db, dialogueId: string): Promise<{ concernId: string; number: string }[]> {
  const rows = await db.selectFrom('dialogue_concerns').select(['concern_id', 'concern_number']).where('dialogue_id', '=', dialogueId).orderBy('concern_number').execute();
  return rows.map((r) => ({ concernId: r.concern_id, number: r.concern_number }));
}

export async function insertConcernLink(db: Db, dialogueId: string, concernId: string, number: string): Promise<boolean> {
  const r = await db
    .insertInto('dialogue_concerns')
    .values({ dialogue_id: dialogueId, concern_id: concernId, concern_number: number } as never)
    .onConflict((oc) => oc.columns(['tenant_id', 'dialogue_id', 'concern_id'] as never).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function deleteConcernLink(db: Db, dialogueId: string, concernId: string): Promise<void> {
  await db.deleteFrom('dialogue_concerns').where('dialogue_id', '=', dialogueId).where('concern_id', '=', concernId).execute();
}

/* ---------------------------------------------------------------- meetings */

function toMeeting(r: Row<'dialogue_meetings'>): Meeting {
  return {
    id: r.id,
    dialogueId: r.dialogue_id,
    type: r.type as MeetingType,
    title: r.title,
    startsAt: fromInstant(r.starts_at)!,
    endsAt: fromInstant(r.ends_at)!,
    place: r.place,
    public: toBool(r.public),
    registration: toBool(r.registration),
    capacity: r.capacity === null ? null : Number(r.capacity),
    status: r.status,
    sequence: Number(r.sequence),
    roomId: r.room_id,
    bookingId: r.booking_id,
  };
}

export async function findMeeting(db: Db, id: string): Promise<Meeting | null> {
  const r = await db.selectFrom('dialogue_meetings').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toMeeting(r) : null;
}

export async function listMeetings(db: Db, dialogueId: string): Promise<Meeting[]> {
  return (await db.selectFrom('dialogue_meetings').selectAll().where('dialogue_id', '=', dialogueId).orderBy('starts_at').orderBy('id').execute()).map(toMeeting);
}

/** Public meetings of public dialogues, optionally of one programme area, starting from an instant. */
export async function listPublicMeetings(db: Db, f: { areaId?: string; from?: string; limit?: number }): Promise<Meeting[]> {
  let q = db
    .selectFrom('dialogue_meetings')
    .innerJoin('dialogues', 'dialogues.id', 'dialogue_meetings.dialogue_id')
    .selectAll('dialogue_meetings')
    .where('dialogue_meetings.public', '=', true as never)
    .where('dialogues.public', '=', true as never);
  if (f.areaId) {
    const areaId = f.areaId;
    q = q.where('dialogue_meetings.dialogue_id', 'in', (eb) => eb.selectFrom('dialogue_areas').select('dialogue_areas.dialogue_id').where('dialogue_areas.area_id', '=', areaId));
  }
  if (f.from) q = q.where('dialogue_meetings.starts_at', '>=', f.from);
  return (await q.orderBy('dialogue_meetings.starts_at').orderBy('dialogue_meetings.id').limit(f.limit ?? 500).execute()).map(toMeeting);
}

export interface MeetingValues {
  type: MeetingType;
  title: string;
  startsAt: string;
  endsAt: string;
  place: string;
  public: boolean;
  registration: boolean;
  capacity: number | null;
  roomId?: string | null;
  bookingId?: string | null;
}

export async function insertMeeting(db: Db, id: string, dialogueId: string, v: MeetingValues, now: string): Promise<void> {
  await db
    .insertInto('dialogue_meetings')
    .values({
      id,
      dialogue_id: dialogueId,
      type: v.type,
      title: v.title,
      starts_at: v.startsAt,
      ends_at: v.endsAt,
      place: v.place,
      public: v.public as never,
      registration: v.registration as never,
      capacity: v.capacity,
      status: 'planned',
      sequence: 0,
      room_id: v.roomId ?? null,
      booking_id: v.bookingId ?? null,
      created_at: now,
      updated_at: now,
    } as never)
    .execute();
}

export async function updateMeeting(db: Db, id: string, v: Partial<MeetingValues> & { status?: Meeting['status']; sequence?: number }, now: string): Promise<void> {
  const set: Record<string, unknown> = { updated_at: now };
  if (v.type !== undefined) set.type = v.type;
  if (v.title !== undefined) set.title = v.title;
  if (v.startsAt !== undefined) set.starts_at = v.startsAt;
  if (v.endsAt !== undefined) set.ends_at = v.endsAt;
  if (v.place !== undefined) set.place = v.place;
  if (v.public !== undefined) set.public = v.public;
  if (v.registration !== undefined) set.registration = v.registration;
  if (v.capacity !== undefined) set.capacity = v.capacity;
  if (v.status !== undefined) set.status = v.status;
  if (v.sequence !== undefined) set.sequence = v.sequence;
  await db.updateTable('dialogue_meetings').set(set as never).where('id', '=', id).execute();
}

export async function listAgenda(db: Db, meetingIds: string[]): Promise<AgendaItem[]> {
  if (meetingIds.length === 0) return [];
  const rows = await db.selectFrom('dialogue_agenda_items').selectAll().where('meeting_id', 'in', meetingIds).orderBy('meeting_id').orderBy('position').execute();
  return rows.map((r) => ({ id: r.id, meetingId: r.meeting_id, position: Number(r.position), title: r.title, minutes: r.minutes, decision: r.decision, public: toBool(r.public) }));
}

export async function insertAgendaItem(db: Db, meetingId: string, id: string, title: string): Promise<void> {
  const max = await db.selectFrom('dialogue_agenda_items').select((eb) => eb.fn.max('position').as('m')).where('meeting_id', '=', meetingId).executeTakeFirst();
  await db.insertInto('dialogue_agenda_items').values({ id, meeting_id: meetingId, position: Number(max?.m ?? 0) + 1, title } as never).execute();
}

export async function updateAgendaMinutes(db: Db, id: string, v: { minutes: string | null; decision: string | null; public: boolean }): Promise<void> {
  await db.updateTable('dialogue_agenda_items').set({ minutes: v.minutes, decision: v.decision, public: v.public as never }).where('id', '=', id).execute();
}

/* ---------------------------------------------------------------- invitations */

export async function listInvitations(db: Db, meetingId: string): Promise<{ email: string; sentAt: string }[]> {
  const rows = await db.selectFrom('dialogue_invitations').select(['email', 'sent_at']).where('meeting_id', '=', meetingId).orderBy('email').execute();
  return rows.map((r) => ({ email: r.email, sentAt: fromInstant(r.sent_at)! }));
}

export async function upsertInvitation(db: Db, id: string, meetingId: string, email: string, now: string): Promise<void> {
  await db
    .insertInto('dialogue_invitations')
    .values({ id, meeting_id: meetingId, email, sent_at: now } as never)
    .onConflict((oc) => oc.columns(['tenant_id', 'meeting_id', 'email'] as never).doUpdateSet({ sent_at: now }))
    .execute();
}

/* ---------------------------------------------------------------- registrations */

function toRegistration(r: Row<'dialogue_registrations'>): Registration {
  return { id: r.id, meetingId: r.meeting_id, name: r.name, email: r.email, locale: r.locale, status: r.status, attended: toBool(r.attended), createdAt: fromInstant(r.created_at)! };
}

export async function listRegistrations(db: Db, meetingId: string): Promise<Registration[]> {
  return (await db.selectFrom('dialogue_registrations').selectAll().where('meeting_id', '=', meetingId).orderBy('created_at').orderBy('id').execute()).map(toRegistration);
}

export async function countRegistrations(db: Db, meetingId: string): Promise<{ confirmed: number; waiting: number }> {
  const rows = await db
    .selectFrom('dialogue_registrations')
    .select(['status', (eb) => eb.fn.countAll().as('n')])
    .where('meeting_id', '=', meetingId)
    .groupBy('status')
    .execute();
  const of = (s: string) => toCount(rows.find((r) => r.status === s)?.n);
  return { confirmed: of('confirmed'), waiting: of('waiting') };
}

export async function findRegistrationByToken(db: Db, tokenHash: string): Promise<Registration | null> {
  const r = await db.selectFrom('dialogue_registrations').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  return r ? toRegistration(r) : null;
}

export async function findRegistration(db: Db, id: string): Promise<Registration | null> {
  const r = await db.selectFrom('dialogue_registrations').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toRegistration(r) : null;
}

export async function insertRegistration(db: Db, r: Omit<Registration, 'attended' | 'createdAt'> & { tokenHash: string }, now: string): Promise<void> {
  await db
    .insertInto('dialogue_registrations')
    .values({ id: r.id, meeting_id: r.meetingId, name: r.name, email: r.email, locale: r.locale, status: r.status, token_hash: r.tokenHash, created_at: now, updated_at: now } as never)
    .execute();
}

export async function setRegistrationStatus(db: Db, id: string, status: Registration['status'], now: string): Promise<void> {
  await db.updateTable('dialogue_registrations').set({ status, updated_at: now }).where('id', '=', id).execute();
}

/** The first `n` on the waiting list, oldest first. */
export async function firstWaiting(db: Db, meetingId: string, n: number): Promise<Registration[]> {
  if (n <= 0) return [];
  const rows = await db.selectFrom('dialogue_registrations').selectAll().where('meeting_id', '=', meetingId).where('status', '=', 'waiting').orderBy('created_at').orderBy('id').limit(n).execute();
  return rows.map(toRegistration);
}

export async function setRegistrationsAttended(db: Db, meetingId: string, attendedIds: string[]): Promise<void> {
  await db.updateTable('dialogue_registrations').set({ attended: false as never }).where('meeting_id', '=', meetingId).execute();
  if (attendedIds.length) await db.updateTable('dialogue_registrations').set({ attended: true as never }).where('meeting_id', '=', meetingId).where('id', 'in', attendedIds).execute();
}

/**
 * Anonymises the registrations of meetings that ended before `before`: name and e-mail are cleared and the cancel
 * link stops working; status and attendance stay (counts). Returns the number of rows changed.
 */
export async function anonymiseRegistrations(db: Db, before: string): Promise<number> {
  const rows = await db
    .selectFrom('dialogue_registrations')
    .select('dialogue_registrations.id')
    .where('dialogue_registrations.email', '!=', '')
    .where('dialogue_registrations.meeting_id', 'in', (eb) => eb.selectFrom('dialogue_meetings').select('dialogue_meetings.id').where('dialogue_meetings.ends_at', '<', before))
    .execute();
  for (const r of rows) {
    await db.updateTable('dialogue_registrations').set({ name: '', email: '', token_hash: `erased:${r.id}` }).where('id', '=', r.id).execute();
  }
  return rows.length;
}

/* ---------------------------------------------------------------- attendance */

export async function listAttendance(db: Db, meetingId: string): Promise<string[]> {
  return (await db.selectFrom('dialogue_attendance').select('participant_id').where('meeting_id', '=', meetingId).execute()).map((r) => r.participant_id);
}

export async function replaceAttendance(db: Db, meetingId: string, participantIds: string[]): Promise<void> {
  await db.deleteFrom('dialogue_attendance').where('meeting_id', '=', meetingId).execute();
  if (participantIds.length) await db.insertInto('dialogue_attendance').values(participantIds.map((p) => ({ meeting_id: meetingId, participant_id: p }) as never)).execute();
}

/* ---------------------------------------------------------------- tasks */

function toTask(r: Row<'dialogue_tasks'>): Task {
  return {
    id: r.id,
    dialogueId: r.dialogue_id,
    meetingId: r.meeting_id,
    agendaItemId: r.agenda_item_id,
    title: r.title,
    participantId: r.participant_id,
    dueDate: r.due_date,
    status: r.status as TaskStatus,
    public: toBool(r.public),
    doneAt: fromInstant(r.done_at),
    remindedAt: fromInstant(r.reminded_at),
  };
}

export async function findTask(db: Db, id: string): Promise<Task | null> {
  const r = await db.selectFrom('dialogue_tasks').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toTask(r) : null;
}

export interface TaskFilter {
  dialogueIds?: string[];
  participantIds?: string[];
  status?: TaskStatus;
  publicOnly?: boolean;
  /** Open or in progress with due_date before this day. */
  overdueBefore?: string;
  notRemindedSince?: string;
}

export async function listTasks(db: Db, f: TaskFilter): Promise<Task[]> {
  let q = db.selectFrom('dialogue_tasks').selectAll();
  if (f.dialogueIds) {
    if (f.dialogueIds.length === 0) return [];
    q = q.where('dialogue_id', 'in', f.dialogueIds);
  }
  if (f.participantIds) {
    if (f.participantIds.length === 0) return [];
    q = q.where('participant_id', 'in', f.participantIds);
  }
  if (f.status) q = q.where('status', '=', f.status);
  if (f.publicOnly) q = q.where('public', '=', true as never);
  if (f.overdueBefore) q = q.where('status', 'in', ['open', 'in_progress']).where('due_date', '<', f.overdueBefore);
  if (f.notRemindedSince) {
    const since = f.notRemindedSince;
    q = q.where((eb) => eb.or([eb('reminded_at', 'is', null), eb('reminded_at', '<', since)]));
  }
  return (await q.orderBy('due_date').orderBy('id').limit(2000).execute()).map(toTask);
}

export async function insertTask(db: Db, t: Omit<Task, 'doneAt' | 'remindedAt' | 'status'>, now: string): Promise<void> {
  await db
    .insertInto('dialogue_tasks')
    .values({
      id: t.id,
      dialogue_id: t.dialogueId,
      meeting_id: t.meetingId,
      agenda_item_id: t.agendaItemId,
      title: t.title,
      participant_id: t.participantId,
      due_date: t.dueDate,
      status: 'open',
      public: t.public as never,
      created_at: now,
      updated_at: now,
    } as never)
    .execute();
}

export async function setTaskStatus(db: Db, id: string, status: TaskStatus, doneAt: string | null, now: string): Promise<void> {
  await db.updateTable('dialogue_tasks').set({ status, done_at: doneAt, updated_at: now }).where('id', '=', id).execute();
}

export async function markReminded(db: Db, id: string, now: string): Promise<void> {
  await db.updateTable('dialogue_tasks').set({ reminded_at: now }).where('id', '=', id).execute();
}

/* ---------------------------------------------------------------- access grants */

export async function listMembers(db: Db, dialogueId: string): Promise<{ userId: string; participantId: string | null; grantedAt: string }[]> {
  const rows = await db.selectFrom('dialogue_members').selectAll().where('dialogue_id', '=', dialogueId).orderBy('granted_at').execute();
  return rows.map((r) => ({ userId: r.user_id, participantId: r.participant_id, grantedAt: fromInstant(r.granted_at)! }));
}

export async function membershipsOf(db: Db, userId: string): Promise<{ dialogueId: string; participantId: string | null }[]> {
  const rows = await db.selectFrom('dialogue_members').select(['dialogue_id', 'participant_id']).where('user_id', '=', userId).execute();
  return rows.map((r) => ({ dialogueId: r.dialogue_id, participantId: r.participant_id }));
}

export async function upsertMember(db: Db, dialogueId: string, userId: string, participantId: string | null, grantedBy: string | null, now: string): Promise<void> {
  await db
    .insertInto('dialogue_members')
    .values({ dialogue_id: dialogueId, user_id: userId, participant_id: participantId, granted_by: grantedBy, granted_at: now } as never)
    .onConflict((oc) => oc.columns(['tenant_id', 'dialogue_id', 'user_id'] as never).doUpdateSet({ participant_id: participantId, granted_by: grantedBy, granted_at: now }))
    .execute();
}

export async function deleteMember(db: Db, dialogueId: string, userId: string): Promise<void> {
  await db.deleteFrom('dialogue_members').where('dialogue_id', '=', dialogueId).where('user_id', '=', userId).execute();
}

/* ---------------------------------------------------------------- figures for reports (aggregates only) */

/** Instants [start, end) and days [from, to] of a period, and the programme areas whose dialogues count. */
export interface FigurePeriod {
  areaIds: readonly string[];
  from: string;
  to: string;
  start: string;
  end: string;
}

function dialoguesOfAreas(db: Db, areaIds: readonly string[]) {
  return db.selectFrom('dialogue_areas as da').select('da.dialogue_id').where('da.area_id', 'in', [...areaIds]);
}

/**
 * Dialogues of the areas that existed before the period's end and were not closed throughout it, by their phase
 * now. Closed throughout = the last phase change before the period's end went to "closed" and happened before its
 * start (any later change re-opened it).
 */
export async function dialogueCountsByPhase(db: Db, p: FigurePeriod): Promise<{ key: string; count: number }[]> {
  if (p.areaIds.length === 0) return [];
  const to = dialectOf(db) === 'postgres' ? sql<string>`(e.data ->> 'to')` : sql<string>`json_extract(e.data, '$.to')`;
  const rows = await db
    .selectFrom('dialogues as d')
    .select(['d.phase as key', (eb) => eb.fn.countAll().as('n')])
    .where('d.id', 'in', dialoguesOfAreas(db, p.areaIds))
    .where('d.created_at', '<', p.end)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('dialogue_events as e')
            .select('e.id')
            .whereRef('e.dialogue_id', '=', 'd.id')
            .where('e.kind', '=', 'phase')
            .where('e.at', '<', p.start)
            .where(to, '=', 'closed')
            .where((eb2) =>
              eb2.not(
                eb2.exists(
                  eb2
                    .selectFrom('dialogue_events as e2')
                    .select('e2.id')
                    .whereRef('e2.dialogue_id', '=', 'd.id')
                    .where('e2.kind', '=', 'phase')
                    .whereRef('e2.at', '>', 'e.at')
                    .where('e2.at', '<', p.end),
                ),
              ),
            ),
        ),
      ),
    )
    .groupBy('d.phase')
    .execute();
  return rows.map((r) => ({ key: String(r.key), count: toCount(r.n) }));
}

/**
 * Meetings of the areas' dialogues that took place in the period: starts_at in [start, end), not cancelled, and
 * either recorded as held or planned with a start before `now` — one row per meeting type, with the participants
 * recorded as present at them.
 */
export async function meetingCountsByType(db: Db, p: FigurePeriod, now: string): Promise<{ key: string; meetings: number; attendance: number }[]> {
  if (p.areaIds.length === 0) return [];
  const held = db
    .selectFrom('dialogue_meetings as m')
    .where('m.dialogue_id', 'in', dialoguesOfAreas(db, p.areaIds))
    .where('m.starts_at', '>=', p.start)
    .where('m.starts_at', '<', p.end)
    .where((eb) => eb.or([eb('m.status', '=', 'held'), eb.and([eb('m.status', '=', 'planned'), eb('m.starts_at', '<', now)])]));
  const [meetings, present] = await Promise.all([
    held.select(['m.type as key', (eb) => eb.fn.countAll().as('n')]).groupBy('m.type').execute(),
    held
      .innerJoin('dialogue_attendance as a', 'a.meeting_id', 'm.id')
      .select(['m.type as key', (eb) => eb.fn.countAll().as('n')])
      .groupBy('m.type')
      .execute(),
  ]);
  const attendance = new Map(present.map((r) => [String(r.key), toCount(r.n)]));
  return meetings.map((r) => ({ key: String(r.key), meetings: toCount(r.n), attendance: attendance.get(String(r.key)) ?? 0 }));
}

/**
 * Tasks (agreements) of the areas' dialogues due in the period (days) or done in it (instants), dropped ones left
 * out: how many, how many done, and how many still open or in progress with a due day before `overdueBefore`.
 * Two disjoint parts, each answered by a covering index: due in the period; done in it but due outside it.
 */
export async function taskCounts(db: Db, p: FigurePeriod, overdueBefore: string): Promise<{ total: number; done: number; overdue: number }> {
  if (p.areaIds.length === 0) return { total: 0, done: 0, overdue: 0 };
  const [due, doneOutside] = await Promise.all([
    db
      .selectFrom('dialogue_tasks as k')
      .where('k.due_date', '>=', p.from)
      .where('k.due_date', '<=', p.to)
      .where('k.dialogue_id', 'in', dialoguesOfAreas(db, p.areaIds))
      .where('k.status', '<>', 'dropped')
      .select((eb) => [
        eb.fn.countAll().as('total'),
        eb.fn.sum(eb.case().when('k.status', '=', 'done').then(1).else(0).end()).as('done'),
        eb.fn.sum(eb.case().when(eb.and([eb('k.status', '<>', 'done'), eb('k.due_date', '<', overdueBefore)])).then(1).else(0).end()).as('overdue'),
      ])
      .executeTakeFirst(),
    db
      .selectFrom('dialogue_tasks as k')
      .where('k.done_at', '>=', p.start)
      .where('k.done_at', '<', p.end)
      .where('k.dialogue_id', 'in', dialoguesOfAreas(db, p.areaIds))
      .where('k.status', '=', 'done')
      .where((eb) => eb.or([eb('k.due_date', '<', p.from), eb('k.due_date', '>', p.to)]))
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst(),
  ]);
  const extra = toCount(doneOutside?.n);
  return { total: toCount(due?.total) + extra, done: toCount(due?.done) + extra, overdue: toCount(due?.overdue) };
}

/* ---------------------------------------------------------------- an address (residents' accounts, ADR 0022) */


/**
 * Public registrations that may hold the address (candidates: the caller compares the address exactly), with their
 * meeting and dialogue. Anonymised registrations (empty address) are left out.
 */
export async function registrationsLike(db: Db, pattern: string) {
  return db
    .selectFrom('dialogue_registrations')
    .innerJoin('dialogue_meetings', (j) => j.onRef('dialogue_meetings.tenant_id', '=', 'dialogue_registrations.tenant_id').onRef('dialogue_meetings.id', '=', 'dialogue_registrations.meeting_id'))
    .innerJoin('dialogues', (j) => j.onRef('dialogues.tenant_id', '=', 'dialogue_meetings.tenant_id').onRef('dialogues.id', '=', 'dialogue_meetings.dialogue_id'))
    .select([
      'dialogue_registrations.id',
      'dialogue_registrations.meeting_id',
      'dialogue_registrations.name',
      'dialogue_registrations.email',
      'dialogue_registrations.status',
      'dialogue_registrations.attended',
      'dialogue_registrations.created_at',
      'dialogue_meetings.title as meeting_title',
      'dialogue_meetings.starts_at',
      'dialogue_meetings.ends_at',
      'dialogue_meetings.place',
      'dialogue_meetings.status as meeting_status',
      'dialogue_meetings.public as meeting_public',
      'dialogues.title as dialogue_title',
    ])
    .where('dialogue_registrations.email', '!=', '')
    .where(addressLike('dialogue_registrations.email', pattern))
    .orderBy('dialogue_registrations.created_at')
    .orderBy('dialogue_registrations.id')
    .execute();
}

/** Invitations that may hold the address (candidates), with their meeting and dialogue. */
export async function invitationsLike(db: Db, pattern: string) {
  return db
    .selectFrom('dialogue_invitations')
    .innerJoin('dialogue_meetings', (j) => j.onRef('dialogue_meetings.tenant_id', '=', 'dialogue_invitations.tenant_id').onRef('dialogue_meetings.id', '=', 'dialogue_invitations.meeting_id'))
    .innerJoin('dialogues', (j) => j.onRef('dialogues.tenant_id', '=', 'dialogue_meetings.tenant_id').onRef('dialogues.id', '=', 'dialogue_meetings.dialogue_id'))
    .select([
      'dialogue_invitations.id',
      'dialogue_invitations.meeting_id',
      'dialogue_invitations.email',
      'dialogue_invitations.sent_at',
      'dialogue_meetings.title as meeting_title',
      'dialogue_meetings.starts_at',
      'dialogue_meetings.ends_at',
      'dialogue_meetings.place',
      'dialogue_meetings.status as meeting_status',
      'dialogue_meetings.public as meeting_public',
      'dialogues.title as dialogue_title',
    ])
    .where(addressLike('dialogue_invitations.email', pattern))
    .orderBy('dialogue_invitations.sent_at')
    .orderBy('dialogue_invitations.id')
    .execute();
}

/**
 * Erases the person from registrations (on request): name and address cleared, the cancel link stops working
 * (as the retention job does); a place on the waiting list is given up (no one could be told of moving up). A
 * confirmed registration keeps its status and attendance: the meeting's numbers stay, anonymous.
 */
export async function eraseRegistrations(db: Db, ids: string[], now: string): Promise<void> {
  for (const id of ids) {
    await db.updateTable('dialogue_registrations').set({ name: '', email: '', token_hash: `erased:${id}`, updated_at: now }).where('id', '=', id).execute();
  }
  if (ids.length) await db.updateTable('dialogue_registrations').set({ status: 'cancelled' }).where('id', 'in', ids).where('status', '=', 'waiting').execute();
}

export async function deleteInvitations(db: Db, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  return Number((await db.deleteFrom('dialogue_invitations').where('id', 'in', ids).executeTakeFirst()).numDeletedRows);
}
