/**
 * SQL of the groups module. Every function takes a tenant-bound handle (or a transaction opened on one): the handle
 * fills in and filters tenant_id. No business rules here: services decide.
 */
import type { Kysely } from 'kysely';
import { fromInstant, toBool, toCount } from '../../platform/db/dialect';
import type { Milestone, Stage } from './groups.rules';
import type { GroupTable, GroupsTables } from './groups.tables';
import type { Group, MilestoneEntry, StageChange, SupportEntry } from './groups.types';

export type Db = Kysely<GroupsTables>;

type GroupRow = GroupTable;

function toGroup(r: GroupRow, topicIds: string[]): Group {
  return {
    id: r.id,
    name: r.name,
    areaId: r.area_id,
    purpose: r.purpose,
    startDate: r.start_date,
    stage: r.stage as Stage,
    contactPersonId: r.contact_person_id,
    topicIds,
    public: toBool(r.public),
    publicText: r.public_text,
    meetingInfo: r.meeting_info,
    createdAt: fromInstant(r.created_at)!,
    updatedAt: fromInstant(r.updated_at)!,
  };
}

async function topicsOf(db: Db, groupIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (groupIds.length === 0) return out;
  const rows = await db.selectFrom('group_topics').select(['group_id', 'topic_id']).where('group_id', 'in', groupIds).orderBy('topic_id').execute();
  for (const r of rows) out.set(r.group_id, [...(out.get(r.group_id) ?? []), r.topic_id]);
  return out;
}

async function withTopics(db: Db, rows: GroupRow[]): Promise<Group[]> {
  const topics = await topicsOf(db, rows.map((r) => r.id));
  return rows.map((r) => toGroup(r, topics.get(r.id) ?? []));
}

export type GroupRecord = Omit<GroupRow, 'tenant_id' | 'created_at' | 'updated_at'>;

export async function insertGroup(db: Db, rec: GroupRecord, at: string): Promise<void> {
  await db.insertInto('groups').values({ ...rec, created_at: at, updated_at: at } as never).execute();
}

export async function updateGroup(db: Db, id: string, patch: Partial<Omit<GroupRow, 'tenant_id' | 'id' | 'created_at' | 'created_by'>>): Promise<void> {
  await db.updateTable('groups').set(patch as never).where('id', '=', id).execute();
}

export async function setTopics(db: Db, groupId: string, topicIds: string[]): Promise<void> {
  await db.deleteFrom('group_topics').where('group_id', '=', groupId).execute();
  if (topicIds.length) await db.insertInto('group_topics').values(topicIds.map((topic_id) => ({ group_id: groupId, topic_id })) as never).execute();
}

export async function findGroup(db: Db, id: string): Promise<Group | null> {
  const r = await db.selectFrom('groups').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? (await withTopics(db, [r]))[0]! : null;
}

export interface GroupFilter {
  /** 'all' or the programme areas the reader may see. */
  areaIds: 'all' | string[];
  areaId?: string | undefined;
  stage?: Stage | undefined;
  topicId?: string | undefined;
  q?: string | undefined;
  publicOnly?: boolean;
  contactPersonId?: string;
}

export async function listGroups(db: Db, f: GroupFilter): Promise<Group[]> {
  if (f.areaIds !== 'all' && f.areaIds.length === 0) return [];
  let q = db.selectFrom('groups').selectAll();
  if (f.areaIds !== 'all') q = q.where('area_id', 'in', f.areaIds);
  if (f.areaId) q = q.where('area_id', '=', f.areaId);
  if (f.stage) q = q.where('stage', '=', f.stage);
  if (f.publicOnly) q = q.where('public', '=', true as never).where('stage', 'not in', ['dormant', 'ended']);
  if (f.contactPersonId) q = q.where('contact_person_id', '=', f.contactPersonId);
  if (f.topicId) {
    const topicId = f.topicId;
    q = q.where((eb) => eb.exists(eb.selectFrom('group_topics').select('group_topics.group_id').whereRef('group_topics.group_id', '=', 'groups.id').where('group_topics.topic_id', '=', topicId)));
  }
  const rows = await q.orderBy('name').orderBy('id').execute();
  const needle = f.q?.trim().toLocaleLowerCase('de');
  const filtered = needle ? rows.filter((r) => r.name.toLocaleLowerCase('de').includes(needle) || r.purpose.toLocaleLowerCase('de').includes(needle)) : rows;
  return withTopics(db, filtered);
}

/* ---------------------------------------------------------------- stage history */

export async function insertStageChange(db: Db, e: Omit<GroupsTables['group_stage_changes'], 'tenant_id'>): Promise<void> {
  await db.insertInto('group_stage_changes').values(e as never).execute();
}

export async function listStageChanges(db: Db, groupId: string): Promise<StageChange[]> {
  const rows = await db.selectFrom('group_stage_changes').selectAll().where('group_id', '=', groupId).orderBy('at', 'desc').orderBy('id', 'desc').execute();
  return rows.map((r) => ({ id: r.id, at: fromInstant(r.at)!, fromStage: r.from_stage as Stage | null, toStage: r.to_stage as Stage, actorLabel: r.actor_label, note: r.note }));
}

/* ---------------------------------------------------------------- support time */

export async function insertSupport(db: Db, e: Omit<GroupsTables['group_support_time'], 'tenant_id'>): Promise<void> {
  await db.insertInto('group_support_time').values(e as never).execute();
}

export async function listSupport(db: Db, groupId: string): Promise<SupportEntry[]> {
  const rows = await db.selectFrom('group_support_time').selectAll().where('group_id', '=', groupId).orderBy('month', 'desc').orderBy('created_at', 'desc').execute();
  return rows.map((r) => ({ id: r.id, month: r.month, minutes: Number(r.minutes), staffId: r.staff_id, staffLabel: r.staff_label, createdAt: fromInstant(r.created_at)! }));
}

export async function findSupport(db: Db, groupId: string, id: string): Promise<SupportEntry | null> {
  const r = await db.selectFrom('group_support_time').selectAll().where('group_id', '=', groupId).where('id', '=', id).executeTakeFirst();
  return r ? { id: r.id, month: r.month, minutes: Number(r.minutes), staffId: r.staff_id, staffLabel: r.staff_label, createdAt: fromInstant(r.created_at)! } : null;
}

export async function deleteSupport(db: Db, groupId: string, id: string): Promise<void> {
  await db.deleteFrom('group_support_time').where('group_id', '=', groupId).where('id', '=', id).execute();
}

/** Minutes per group within [from, to] (months 'YYYY-MM', inclusive), for the given groups. */
export async function supportMinutesByGroup(db: Db, groupIds: string[], from: string, to: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (groupIds.length === 0) return out;
  const rows = await db
    .selectFrom('group_support_time')
    .select((eb) => ['group_id', eb.fn.sum<number>('minutes').as('total')])
    .where('group_id', 'in', groupIds)
    .where('month', '>=', from)
    .where('month', '<=', to)
    .groupBy('group_id')
    .execute();
  for (const r of rows) out.set(r.group_id, toCount(r.total));
  return out;
}

/* ---------------------------------------------------------------- milestones */

export async function listMilestones(db: Db, groupId: string): Promise<MilestoneEntry[]> {
  const rows = await db.selectFrom('group_milestones').select(['milestone', 'reached_on']).where('group_id', '=', groupId).execute();
  return rows.map((r) => ({ milestone: r.milestone as Milestone, reachedOn: r.reached_on }));
}

export async function countMilestonesByGroup(db: Db, groupIds: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (groupIds.length === 0) return out;
  const rows = await db.selectFrom('group_milestones').select((eb) => ['group_id', eb.fn.countAll().as('n')]).where('group_id', 'in', groupIds).groupBy('group_id').execute();
  for (const r of rows) out.set(r.group_id, toCount(r.n));
  return out;
}

export async function upsertMilestone(db: Db, groupId: string, milestone: Milestone, reachedOn: string, by: string | null, at: string): Promise<void> {
  await db.deleteFrom('group_milestones').where('group_id', '=', groupId).where('milestone', '=', milestone).execute();
  await db.insertInto('group_milestones').values({ group_id: groupId, milestone, reached_on: reachedOn, recorded_by: by, recorded_at: at } as never).execute();
}

export async function deleteMilestone(db: Db, groupId: string, milestone: Milestone): Promise<void> {
  await db.deleteFrom('group_milestones').where('group_id', '=', groupId).where('milestone', '=', milestone).execute();
}

/* ---------------------------------------------------------------- booking links */

export async function insertBookingLink(db: Db, rec: Omit<GroupsTables['group_booking_links'], 'tenant_id' | 'revoked_at'>): Promise<void> {
  await db.insertInto('group_booking_links').values(rec as never).execute();
}

export interface BookingLink {
  id: string;
  groupId: string;
  personId: string;
  expiresAt: string;
  revokedAt: string | null;
  createdAt: string;
}

function toLink(r: GroupsTables['group_booking_links']): BookingLink {
  return { id: r.id, groupId: r.group_id, personId: r.person_id, expiresAt: fromInstant(r.expires_at)!, revokedAt: fromInstant(r.revoked_at), createdAt: fromInstant(r.created_at)! };
}

export async function findBookingLinkByHash(db: Db, tokenHash: string): Promise<BookingLink | null> {
  const r = await db.selectFrom('group_booking_links').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  return r ? toLink(r) : null;
}

export async function listBookingLinks(db: Db, groupId: string): Promise<BookingLink[]> {
  const rows = await db.selectFrom('group_booking_links').selectAll().where('group_id', '=', groupId).orderBy('created_at', 'desc').execute();
  return rows.map(toLink);
}

/** Revokes every open link of a group (or only those of one person); returns how many. */
export async function revokeBookingLinks(db: Db, groupId: string, at: string, personId?: string): Promise<number> {
  let q = db.updateTable('group_booking_links').set({ revoked_at: at } as never).where('group_id', '=', groupId).where('revoked_at', 'is', null);
  if (personId) q = q.where('person_id', '=', personId);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows ?? 0);
}

/* ---------------------------------------------------------------- figures (reports) */

/** Groups of the areas that had a stage before `end` (instant), by their last stage before it. */
export async function stagesAt(db: Db, areaIds: readonly string[], end: string): Promise<{ stage: string; count: number }[]> {
  if (areaIds.length === 0) return [];
  const last = db
    .selectFrom('group_stage_changes as c')
    .innerJoin('groups as g', (j) => j.onRef('g.tenant_id', '=', 'c.tenant_id').onRef('g.id', '=', 'c.group_id'))
    .select((eb) => ['c.to_stage', eb.fn.agg<number>('row_number').over((ob) => ob.partitionBy('c.group_id').orderBy('c.at', 'desc').orderBy('c.id', 'desc')).as('rn')])
    .where('g.area_id', 'in', [...areaIds])
    .where('c.at', '<', end);
  const rows = await db
    .selectFrom(last.as('l'))
    .select((eb) => ['l.to_stage', eb.fn.countAll<number>().as('n')])
    .where('l.rn', '=', 1)
    .groupBy('l.to_stage')
    .execute();
  return rows.map((r) => ({ stage: r.to_stage, count: toCount(r.n) }));
}

/** Stage changes of the areas' groups in [start, end) (instants), counted per (from, to); the first entry has from = null. */
export async function stageChangeCounts(db: Db, areaIds: readonly string[], start: string, end: string): Promise<{ from: string | null; to: string; count: number }[]> {
  if (areaIds.length === 0) return [];
  const rows = await db
    .selectFrom('group_stage_changes as c')
    .innerJoin('groups as g', (j) => j.onRef('g.tenant_id', '=', 'c.tenant_id').onRef('g.id', '=', 'c.group_id'))
    .select((eb) => ['c.from_stage', 'c.to_stage', eb.fn.countAll<number>().as('n')])
    .where('g.area_id', 'in', [...areaIds])
    .where('c.at', '>=', start)
    .where('c.at', '<', end)
    .groupBy(['c.from_stage', 'c.to_stage'])
    .execute();
  return rows.map((r) => ({ from: r.from_stage, to: r.to_stage, count: toCount(r.n) }));
}

/** Groups of the areas that changed to `stage` from another stage in [start, end) (each group once). */
export async function groupsReaching(db: Db, areaIds: readonly string[], stage: Stage, start: string, end: string): Promise<number> {
  if (areaIds.length === 0) return 0;
  const r = await db
    .selectFrom('group_stage_changes as c')
    .innerJoin('groups as g', (j) => j.onRef('g.tenant_id', '=', 'c.tenant_id').onRef('g.id', '=', 'c.group_id'))
    .select((eb) => eb.fn.count<number>('c.group_id').distinct().as('n'))
    .where('g.area_id', 'in', [...areaIds])
    .where('c.to_stage', '=', stage)
    .where('c.from_stage', 'is not', null)
    .where('c.at', '>=', start)
    .where('c.at', '<', end)
    .executeTakeFirst();
  return toCount(r?.n);
}

/** Support minutes of the areas' groups in the months from…to ('YYYY-MM', inclusive). */
export async function supportMinutesOfAreas(db: Db, areaIds: readonly string[], fromMonth: string, toMonth: string): Promise<number> {
  if (areaIds.length === 0) return 0;
  const r = await db
    .selectFrom('group_support_time as s')
    .innerJoin('groups as g', (j) => j.onRef('g.tenant_id', '=', 's.tenant_id').onRef('g.id', '=', 's.group_id'))
    .select((eb) => eb.fn.sum<number>('s.minutes').as('m'))
    .where('g.area_id', 'in', [...areaIds])
    .where('s.month', '>=', fromMonth)
    .where('s.month', '<=', toMonth)
    .executeTakeFirst();
  return toCount(r?.m);
}
