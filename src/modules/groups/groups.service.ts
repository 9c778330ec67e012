/**
 * Use cases of the groups module. Writes follow one pattern: authorize (policy, with the group's programme area as
 * the resource) → check input against the rules (field errors, nothing changed) → transaction → write → audit.
 *
 * Privacy: the contact person is a person of the network module (which records their consent), referenced by id
 * only; their name is read from the network module when shown and never copied into this module's tables or the
 * audit log. Public pages show only what staff marked public (name, public text, meeting info, topics, area).
 */
import type { Kysely } from 'kysely';
import { diff, recordAudit, type AuditTables } from '../../platform/audit';
import { authorize, can, scopeFor, type Principal, type Resource } from '../../platform/auth/policy';
import { sha256Hex } from '../../platform/auth/tokens';
import { nowIso } from '../../platform/db/dialect';
import type { TenantDb } from '../../platform/db/tenant-scope';
import { errors, type FieldError } from '../../platform/errors';
import { actorOf, type ServiceContext } from '../../platform/http/context';
import { newId, newToken } from '../../platform/ids';
import { createOffer, listOffersForStaff, listOffices, listRoomChoices, requestBooking, type BookableBy, type BookingResult, type Offer, type OfficesContext } from '../offices';
import { berlinDate, type Frequency } from '../../platform/calendar';
import { getArea, listTopics } from '../territory';
import { contactChoices, personRefs, touchContact, type ContactRef } from './groups.people';
import * as q from './groups.queries';
import { indexGroup } from './groups.search';
import {
  canChangeStage,
  hoursToMinutes,
  isCloseToSelfSustaining,
  isSupportRising,
  MILESTONES,
  MONTH_RE,
  monthOf,
  nextStages,
  supportWindows,
  type Milestone,
  type Stage,
} from './groups.rules';
import type { Group, GroupSummary, MilestoneEntry, PublicGroup, StageChange, SupportEntry } from './groups.types';

type AnyTenantDb = TenantDb<any>;

function tdb(db: AnyTenantDb | Kysely<any>): q.Db {
  return db as unknown as q.Db;
}
function auditDb(db: q.Db): Kysely<AuditTables> {
  return db as unknown as Kysely<AuditTables>;
}

/** How long a contact person's booking link is valid. */
export const BOOKING_LINK_DAYS = 30;

/* ================================================================ scope */

export function groupResource(g: Pick<Group, 'areaId'>): Resource {
  return { areaIds: [g.areaId] };
}

export function canOnGroup(user: Principal | null | undefined, action: 'groups.read' | 'groups.manage', g: Pick<Group, 'areaId'>): boolean {
  return can(user, action, groupResource(g));
}

/** Loads a group and checks the action on it (404 when missing, 403 out of scope). */
export async function requireGroup(ctx: ServiceContext, id: string, action: 'groups.read' | 'groups.manage'): Promise<Group> {
  const g = await q.findGroup(tdb(ctx.db), id);
  if (!g) throw errors.notFound('group');
  authorize(ctx.user, action, groupResource(g));
  return g;
}

/* ================================================================ input */

export interface GroupInput {
  name: string;
  areaId: string;
  purpose: string;
  startDate: string;
  topicIds: string[];
  contactPersonId: string | null;
  public: boolean;
  publicText: string | null;
  meetingInfo: string | null;
  /** Only when creating: the stage the group starts in (default 'idea'). */
  stage?: Stage;
}

function snapshot(g: Pick<Group, 'name' | 'areaId' | 'purpose' | 'startDate' | 'topicIds' | 'contactPersonId' | 'public' | 'publicText' | 'meetingInfo'>) {
  return {
    name: g.name,
    areaId: g.areaId,
    purpose: g.purpose,
    startDate: g.startDate,
    topicIds: [...g.topicIds].sort(),
    // The contact person's id only (their data lives in the network module).
    contactPersonId: g.contactPersonId,
    public: g.public,
    publicText: g.publicText,
    meetingInfo: g.meetingInfo,
  };
}

/** Today's date in Berlin (YYYY-MM-DD). */
export function today(): string {
  return berlinDate(new Date());
}

async function checkInput(ctx: ServiceContext, input: GroupInput, current: Group | null): Promise<FieldError[]> {
  const errs: FieldError[] = [];
  const area = await getArea(ctx.db, input.areaId);
  if (!area) errs.push({ field: 'areaId', key: 'form.error.choose' });
  else if (!can(ctx.user, 'groups.manage', { areaIds: [area.id] })) errs.push({ field: 'areaId', key: 'groups.error.areaOutOfScope' });
  const topics = new Set((await listTopics(ctx.db)).map((t) => t.id));
  if (input.topicIds.some((id) => !topics.has(id))) errs.push({ field: 'topicIds', key: 'form.error.choose' });
  if (input.startDate > today()) errs.push({ field: 'startDate', key: 'groups.error.future' });
  if (input.public && !input.publicText) errs.push({ field: 'publicText', key: 'groups.error.publicTextRequired' });
  if (input.contactPersonId && input.contactPersonId !== current?.contactPersonId) {
    // A new contact person must be a person the user may choose (in scope, with recorded consent: network decides).
    const choices = await contactChoices(ctx, scopeFor(ctx.user, 'groups.manage'));
    if (!choices.some((p) => p.id === input.contactPersonId)) errs.push({ field: 'contactPersonId', key: 'form.error.choose' });
  }
  return errs;
}

/* ================================================================ create, update */

export async function createGroup(ctx: ServiceContext, input: GroupInput): Promise<Group> {
  authorize(ctx.user, 'groups.manage');
  const errs = await checkInput(ctx, input, null);
  if (errs.length) throw errors.validation(errs);
  authorize(ctx.user, 'groups.manage', { areaIds: [input.areaId] });
  const id = newId('grp');
  const at = nowIso();
  const stage = input.stage ?? 'idea';
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      await q.insertGroup(
        trx,
        {
          id,
          name: input.name,
          area_id: input.areaId,
          purpose: input.purpose,
          start_date: input.startDate,
          stage,
          contact_person_id: input.contactPersonId,
          public: input.public as never,
          public_text: input.publicText,
          meeting_info: input.meetingInfo,
          created_by: ctx.user?.id ?? null,
        },
        at,
      );
      await q.setTopics(trx, id, input.topicIds);
      await touchContact(trx, input.contactPersonId);
      await q.insertStageChange(trx, { id: newId('gst'), group_id: id, at, from_stage: null, to_stage: stage, actor_id: ctx.user?.id ?? null, actor_label: actorOf(ctx).label, note: null });
      await recordAudit(auditDb(trx), { actor: actorOf(ctx), entityType: 'group', entityId: id, action: 'create', changes: diff(null, { ...snapshot({ ...input }), stage }), requestId: ctx.requestId });
    });
  await indexGroup(ctx.db, id);
  return (await q.findGroup(tdb(ctx.db), id))!;
}

export async function updateGroup(ctx: ServiceContext, id: string, input: Omit<GroupInput, 'stage'>): Promise<Group> {
  const current = await requireGroup(ctx, id, 'groups.manage');
  const errs = await checkInput(ctx, input, current);
  if (errs.length) throw errors.validation(errs);
  const before = snapshot(current);
  const after = snapshot({ ...input });
  const changes = diff(before, after);
  if (Object.keys(changes).length === 0) return current;
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      await q.updateGroup(trx, id, {
        name: input.name,
        area_id: input.areaId,
        purpose: input.purpose,
        start_date: input.startDate,
        contact_person_id: input.contactPersonId,
        public: input.public as never,
        public_text: input.publicText,
        meeting_info: input.meetingInfo,
        updated_at: nowIso(),
      });
      if (changes.topicIds) await q.setTopics(trx, id, input.topicIds);
      // A new or removed contact person: links given to the previous one stop working.
      if (changes.contactPersonId) {
        await q.revokeBookingLinks(trx, id, nowIso());
        await touchContact(trx, input.contactPersonId);
      }
      await recordAudit(auditDb(trx), { actor: actorOf(ctx), entityType: 'group', entityId: id, action: 'update', changes, requestId: ctx.requestId });
    });
  await indexGroup(ctx.db, id);
  return (await q.findGroup(tdb(ctx.db), id))!;
}

/* ================================================================ stages */

export async function changeStage(ctx: ServiceContext, id: string, input: { to: Stage; note?: string | null | undefined }): Promise<Group> {
  const g = await requireGroup(ctx, id, 'groups.manage');
  if (!canChangeStage(g.stage, input.to)) throw errors.validation([{ field: 'to', key: 'groups.error.stageNotAllowed' }]);
  const at = nowIso();
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      await q.updateGroup(trx, id, { stage: input.to, updated_at: at });
      await q.insertStageChange(trx, { id: newId('gst'), group_id: id, at, from_stage: g.stage, to_stage: input.to, actor_id: ctx.user?.id ?? null, actor_label: actorOf(ctx).label, note: input.note ?? null });
      await recordAudit(auditDb(trx), { actor: actorOf(ctx), entityType: 'group', entityId: id, action: 'stage', changes: { stage: { from: g.stage, to: input.to }, ...(input.note ? { note: { from: null, to: input.note } } : {}) }, requestId: ctx.requestId });
    });
  await indexGroup(ctx.db, id);
  return (await q.findGroup(tdb(ctx.db), id))!;
}

/* ================================================================ support time */

/** Logs staff support time for a month (by the signed-in staff member). Hours in quarter hours, up to 200 h. */
export async function logSupportTime(ctx: ServiceContext, id: string, input: { month: string; hours: number }): Promise<SupportEntry> {
  const g = await requireGroup(ctx, id, 'groups.manage');
  const errs: FieldError[] = [];
  const minutes = hoursToMinutes(input.hours);
  if (minutes === null) errs.push({ field: 'hours', key: 'groups.error.hours' });
  if (!MONTH_RE.test(input.month)) errs.push({ field: 'month', key: 'groups.error.month' });
  else if (input.month > monthOf(today())) errs.push({ field: 'month', key: 'groups.error.future' });
  else if (input.month < monthOf(g.startDate)) errs.push({ field: 'month', key: 'groups.error.beforeStart' });
  if (errs.length) throw errors.validation(errs);
  const entryId = newId('gsu');
  const at = nowIso();
  const staffLabel = ctx.user?.displayName ?? actorOf(ctx).label;
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      await q.insertSupport(trx, { id: entryId, group_id: id, month: input.month, minutes: minutes!, staff_id: ctx.user?.id ?? null, staff_label: staffLabel, created_at: at });
      await recordAudit(auditDb(trx), { actor: actorOf(ctx), entityType: 'group', entityId: id, action: 'support_time', changes: { month: { from: null, to: input.month }, minutes: { from: null, to: minutes } }, requestId: ctx.requestId });
    });
  return { id: entryId, month: input.month, minutes: minutes!, staffId: ctx.user?.id ?? null, staffLabel, createdAt: at };
}

/** Removes a support-time entry logged by mistake (groups.manage); the audit entry keeps month and minutes. */
export async function deleteSupportEntry(ctx: ServiceContext, id: string, entryId: string): Promise<void> {
  await requireGroup(ctx, id, 'groups.manage');
  const entry = await q.findSupport(tdb(ctx.db), id, entryId);
  if (!entry) throw errors.notFound('support time entry');
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      await q.deleteSupport(trx, id, entryId);
      await recordAudit(auditDb(trx), { actor: actorOf(ctx), entityType: 'group', entityId: id, action: 'support_time_delete', changes: { entry: { from: entryId, to: null }, month: { from: entry.month, to: null }, minutes: { from: entry.minutes, to: null } }, requestId: ctx.requestId });
    });
}

/* ================================================================ milestones */

/**
 * Sets the independence milestones: a date marks one as reached on that day, null as not (yet) reached. Only the
 * milestones named in `input` change. Dates may not lie in the future.
 */
export async function setMilestones(ctx: ServiceContext, id: string, input: Partial<Record<Milestone, string | null>>): Promise<MilestoneEntry[]> {
  await requireGroup(ctx, id, 'groups.manage');
  const current = new Map((await q.listMilestones(tdb(ctx.db), id)).map((m) => [m.milestone, m.reachedOn]));
  const t = today();
  const errs: FieldError[] = [];
  for (const m of MILESTONES) {
    const v = input[m];
    if (v && (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`)))) errs.push({ field: m, key: 'form.error.date' });
    else if (v && v > t) errs.push({ field: m, key: 'groups.error.future' });
  }
  if (errs.length) throw errors.validation(errs);
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const m of MILESTONES) {
    if (!(m in input)) continue;
    const to = input[m] ?? null;
    const from = current.get(m) ?? null;
    if (from !== to) changes[m] = { from, to };
  }
  if (Object.keys(changes).length === 0) return q.listMilestones(tdb(ctx.db), id);
  const at = nowIso();
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      for (const [m, c] of Object.entries(changes)) {
        if (c.to) await q.upsertMilestone(trx, id, m as Milestone, c.to as string, ctx.user?.id ?? null, at);
        else await q.deleteMilestone(trx, id, m as Milestone);
      }
      await q.updateGroup(trx, id, { updated_at: at });
      await recordAudit(auditDb(trx), { actor: actorOf(ctx), entityType: 'group', entityId: id, action: 'milestones', changes, requestId: ctx.requestId });
    });
  return q.listMilestones(tdb(ctx.db), id);
}

/* ================================================================ reading */

export interface GroupDetail {
  group: Group;
  stages: StageChange[];
  support: SupportEntry[];
  milestones: MilestoneEntry[];
  /** The contact person (managers only; null for readers or when there is none). */
  contact: ContactRef | null;
  nextStages: Stage[];
  canManage: boolean;
  links: q.BookingLink[];
}

export async function getGroupForStaff(ctx: ServiceContext, id: string): Promise<GroupDetail> {
  const group = await requireGroup(ctx, id, 'groups.read');
  const canManage = canOnGroup(ctx.user, 'groups.manage', group);
  const db = tdb(ctx.db);
  const [stages, support, milestones, links] = await Promise.all([q.listStageChanges(db, id), q.listSupport(db, id), q.listMilestones(db, id), canManage ? q.listBookingLinks(db, id) : Promise.resolve([])]);
  let contact: ContactRef | null = null;
  if (canManage && group.contactPersonId) contact = (await personRefs(ctx, [group.contactPersonId]))[0] ?? { id: group.contactPersonId, name: null, organisations: [] };
  return { group, stages, support, milestones, contact, nextStages: nextStages(group.stage), canManage, links };
}

export interface StaffFilter {
  areaId?: string | undefined;
  stage?: Stage | undefined;
  topicId?: string | undefined;
  q?: string | undefined;
}

export async function listGroupsForStaff(ctx: ServiceContext, f: StaffFilter = {}): Promise<Group[]> {
  authorize(ctx.user, 'groups.read');
  return q.listGroups(tdb(ctx.db), { areaIds: scopeFor(ctx.user, 'groups.read'), ...f });
}

/** Groups in the reader's scope with their milestone count and support minutes in the two windows. */
async function summaries(ctx: ServiceContext, day: string): Promise<GroupSummary[]> {
  const groups = await listGroupsForStaff(ctx);
  const ids = groups.map((g) => g.id);
  const w = supportWindows(day);
  const db = tdb(ctx.db);
  const [ms, recent, before] = await Promise.all([q.countMilestonesByGroup(db, ids), q.supportMinutesByGroup(db, ids, ...w.recent), q.supportMinutesByGroup(db, ids, ...w.before)]);
  return groups.map((group) => ({ group, milestones: ms.get(group.id) ?? 0, recentMinutes: recent.get(group.id) ?? 0, beforeMinutes: before.get(group.id) ?? 0 }));
}

/** The two watch lists (rules in groups.rules.ts): close to self-sustaining, and support time rising. */
export async function watchLists(ctx: ServiceContext, day = today()): Promise<{ close: GroupSummary[]; rising: GroupSummary[]; windows: ReturnType<typeof supportWindows> }> {
  const all = await summaries(ctx, day);
  return {
    close: all.filter((s) => isCloseToSelfSustaining(s.group.stage, s.milestones)),
    rising: all.filter((s) => s.group.stage !== 'ended' && isSupportRising(s.recentMinutes, s.beforeMinutes)).sort((a, b) => b.recentMinutes - b.beforeMinutes - (a.recentMinutes - a.beforeMinutes)),
    windows: supportWindows(day),
  };
}

/* ================================================================ public */

function toPublic(g: Group): PublicGroup {
  return { id: g.id, name: g.name, areaId: g.areaId, topicIds: g.topicIds, publicText: g.publicText ?? '', meetingInfo: g.meetingInfo, stage: g.stage };
}

/** Groups looking for members: marked public and not dormant or ended. */
export async function listPublicGroups(db: AnyTenantDb, f: { areaId?: string | undefined } = {}): Promise<PublicGroup[]> {
  return (await q.listGroups(tdb(db), { areaIds: 'all', publicOnly: true, areaId: f.areaId })).map(toPublic);
}

export async function getPublicGroup(db: AnyTenantDb, id: string): Promise<PublicGroup | null> {
  const g = await q.findGroup(tdb(db), id);
  if (!g || !g.public || g.stage === 'dormant' || g.stage === 'ended') return null;
  return toPublic(g);
}

/* ================================================================ contact person's booking link */

/**
 * Creates a personal, single-purpose link for the group's contact person to request room bookings for the group
 * (no staff account needed). The token is returned once (staff pass it on); only its SHA-256 is stored. Earlier
 * links of the group stop working. Valid for BOOKING_LINK_DAYS days; revoked when the contact person changes.
 */
export async function createBookingLink(ctx: ServiceContext, id: string): Promise<{ token: string; expiresAt: string }> {
  const g = await requireGroup(ctx, id, 'groups.manage');
  if (!g.contactPersonId) throw errors.validation([{ field: '_form', key: 'groups.error.noContact' }]);
  const token = newToken();
  const at = nowIso();
  const expiresAt = new Date(Date.now() + BOOKING_LINK_DAYS * 86_400_000).toISOString();
  const linkId = newId('gbl');
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      await q.revokeBookingLinks(trx, id, at);
      await q.insertBookingLink(trx, { token_hash: sha256Hex(token), id: linkId, group_id: id, person_id: g.contactPersonId!, expires_at: expiresAt, created_by: ctx.user?.id ?? null, created_at: at });
      await recordAudit(auditDb(trx), { actor: actorOf(ctx), entityType: 'group', entityId: id, action: 'booking_link', changes: { bookingLink: { from: null, to: linkId }, expiresAt: { from: null, to: expiresAt } }, requestId: ctx.requestId });
    });
  return { token, expiresAt };
}

export async function revokeBookingLinksOf(ctx: ServiceContext, id: string): Promise<number> {
  await requireGroup(ctx, id, 'groups.manage');
  let n = 0;
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      n = await q.revokeBookingLinks(trx, id, nowIso());
      if (n) await recordAudit(auditDb(trx), { actor: actorOf(ctx), entityType: 'group', entityId: id, action: 'booking_link_revoke', changes: { revoked: { from: null, to: n } }, requestId: ctx.requestId });
    });
  return n;
}

/** The group a booking link is for, when the link is valid (known, not revoked, not expired, contact unchanged). */
export async function groupForBookingLink(db: AnyTenantDb, token: string): Promise<{ group: Group; linkId: string } | null> {
  if (!token || token.length > 200) return null;
  const link = await q.findBookingLinkByHash(tdb(db), sha256Hex(token));
  if (!link || link.revokedAt || link.expiresAt <= nowIso()) return null;
  const group = await q.findGroup(tdb(db), link.groupId);
  if (!group || group.contactPersonId !== link.personId || group.stage === 'ended') return null;
  return { group, linkId: link.id };
}

/* ================================================================ the person's data (network provider) */

/** What the groups module holds about a person: the groups they are the contact person of. */
export async function exportPersonData(db: AnyTenantDb, personId: string): Promise<Array<{ groupId: string; name: string; role: 'contact_person' }>> {
  const groups = await q.listGroups(tdb(db), { areaIds: 'all', contactPersonId: personId });
  return groups.map((g) => ({ groupId: g.id, name: g.name, role: 'contact_person' as const }));
}

/** Erasure: the person stops being contact person (the group stays); their booking links stop working. Audited. */
export async function erasePersonData(db: AnyTenantDb, personId: string): Promise<number> {
  const groups = await q.listGroups(tdb(db), { areaIds: 'all', contactPersonId: personId });
  if (groups.length === 0) return 0;
  const at = nowIso();
  await tdb(db)
    .transaction()
    .execute(async (trx) => {
      for (const g of groups) {
        await q.updateGroup(trx, g.id, { contact_person_id: null, updated_at: at });
        await q.revokeBookingLinks(trx, g.id, at, personId);
        await recordAudit(auditDb(trx), { actor: { id: null, label: 'system' }, entityType: 'group', entityId: g.id, action: 'contact_erased', changes: { contactPersonId: { from: personId, to: null } }, requestId: null });
      }
    });
  return groups.length;
}

/* ================================================================ offers and room requests (offices module) */

export interface GroupOfferInput {
  officeId: string;
  roomId: string | null;
  title: string;
  description: string | null;
  date: string;
  time: string;
  durationMinutes: number;
  freq: Frequency | null;
  until: string | null;
  publish: boolean;
}

/** The district offices and rooms of the group's programme area (for the offer and booking forms). */
export async function officeChoicesFor(db: AnyTenantDb, group: Pick<Group, 'areaId'>, bookableBy?: BookableBy) {
  const [offices, rooms] = await Promise.all([listOffices(db, { areaIds: [group.areaId] }), listRoomChoices(db, { areaIds: [group.areaId], ...(bookableBy ? { bookableBy } : {}) })]);
  return { offices: offices.map((o) => ({ id: o.id, name: o.name })), rooms };
}

/**
 * Publishes a recurring activity of the group as an offer of a district office in the group's area (the offices
 * module books the room, if one is chosen, and checks offers.manage on the office). Audited on the group too.
 */
export async function publishGroupOffer(ctx: OfficesContext, id: string, input: GroupOfferInput): Promise<Offer> {
  const g = await requireGroup(ctx, id, 'groups.manage');
  const { offices } = await officeChoicesFor(ctx.db, g);
  if (!offices.some((o) => o.id === input.officeId)) throw errors.validation([{ field: 'officeId', key: 'form.error.choose' }]);
  const r = await createOffer(ctx, {
    officeId: input.officeId,
    roomId: input.roomId,
    groupId: g.id,
    title: input.title,
    description: input.description,
    date: input.date,
    time: input.time,
    durationMinutes: input.durationMinutes,
    recurrence: input.freq ? { freq: input.freq, until: input.until } : null,
    publish: input.publish,
  });
  await recordAudit(auditDb(tdb(ctx.db)), { actor: actorOf(ctx), entityType: 'group', entityId: g.id, action: 'offer', changes: { offerId: { from: null, to: r.offer.id }, status: { from: null, to: r.offer.status } }, requestId: ctx.requestId });
  return r.offer;
}

export async function listGroupOffers(ctx: ServiceContext, id: string): Promise<Offer[]> {
  const g = await requireGroup(ctx, id, 'groups.read');
  return listOffersForStaff(ctx, { groupId: g.id });
}

export interface LinkBookingInput {
  roomId: string;
  title: string;
  purpose: string | null;
  date: string;
  time: string;
  durationMinutes: number;
  freq: Frequency | null;
  until: string | null;
  contactEmail: string;
  locale: string;
}

/**
 * The contact person's room request through their personal link: only rooms of the group's area that groups may
 * book; the offices module checks the room's rules and conflicts and e-mails the requester. No staff account: the
 * valid link is the permission. Audited on the group (actor: the link, no personal data).
 */
export async function requestRoomByLink(ctx: Omit<OfficesContext, 'user'>, token: string, input: LinkBookingInput): Promise<BookingResult> {
  const found = await groupForBookingLink(ctx.db, token);
  if (!found) throw errors.notFound('booking link');
  const { rooms } = await officeChoicesFor(ctx.db, found.group, 'groups');
  if (!rooms.some((r) => r.id === input.roomId)) throw errors.validation([{ field: 'roomId', key: 'form.error.choose' }]);
  const r = await requestBooking(
    { ...ctx, user: null },
    {
      roomId: input.roomId,
      title: input.title,
      purpose: input.purpose,
      date: input.date,
      time: input.time,
      durationMinutes: input.durationMinutes,
      recurrence: input.freq ? { freq: input.freq, until: input.until } : null,
      requesterKind: 'group',
      groupId: found.group.id,
      contactName: null,
      contactEmail: input.contactEmail,
      locale: input.locale,
    },
  );
  await recordAudit(auditDb(tdb(ctx.db)), { actor: { id: null, label: `booking link ${found.linkId}` }, entityType: 'group', entityId: found.group.id, action: 'booking_request', changes: { bookingId: { from: null, to: r.booking.id }, roomId: { from: null, to: input.roomId } }, requestId: ctx.requestId });
  return r;
}
