/**
 * Use cases of the concerns module. Writes follow one pattern: authorize (policy, with the concern's programme
 * area and department as the resource) → transaction → rules → write → timeline event → audit → after commit:
 * search index and e-mail.
 *
 * Privacy: free text (description, notes) and the submitter's contact data never enter the audit log (only which
 * fields changed and text lengths), so a redaction or the anonymisation leaves nothing to chase there. The search
 * index holds public text only and is rewritten on every change.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { diff, recordAudit, type AuditTables, type Changes } from '../../platform/audit';
import { ACTIONS, authorize, can, type Principal, type Resource } from '../../platform/auth/policy';
import type { Config } from '../../platform/config';
import { dialectOf, nowIso } from '../../platform/db/dialect';
import { indexDocument, removeDocument } from '../../platform/db/search';
import type { TenantDb } from '../../platform/db/tenant-scope';
import { AppError, errors, type FieldError } from '../../platform/errors';
import { actorOf, type ServiceContext } from '../../platform/http/context';
import { storedLabel, type Locale } from '../../platform/i18n';
import { newId, newToken } from '../../platform/ids';
import { deleteFile, listFilesOf, listImagesOfOwners, readFile, storeImage, type ProcessedImage } from '../../platform/files';
import { renderMail, sendMail } from '../../platform/mail';
import { listAreas, listDistricts, lookupPoint, lookupStreet } from '../territory';
import { queueNotification } from './concerns.jobs';
import * as q from './concerns.queries';
import {
  boxAround,
  canTransition,
  checkAnswers,
  CLOSED_STATUSES,
  distanceM,
  dueDate,
  DUPLICATE_DAYS,
  DUPLICATE_RADIUS_M,
  formatNumber,
  isClosed,
  numberYear,
  OPEN_STATUSES,
  similarText,
} from './concerns.rules';
import { DEFAULT_CATEGORIES } from './concerns.seed';
import type { Category, Channel, Concern, ConcernEvent, Open311Concern, PublicConcern, Status } from './concerns.types';

type AnyTenantDb = TenantDb<any>;

function tdb(db: AnyTenantDb | Kysely<any>): q.Db {
  return db as unknown as q.Db;
}
function auditDb(db: q.Db): Kysely<AuditTables> {
  return db as unknown as Kysely<AuditTables>;
}

/** Where e-mails go out from (config) and which origin their links use. Null: no mail (e.g. in the seed). */
export interface MailOut {
  config: Config;
  linkBase: string;
}

export type ConcernContext = ServiceContext & { mail?: MailOut | null };

const SYSTEM = { id: null, label: 'system' };
const PUBLIC_ACTOR = { id: null, label: 'public' };

/* ================================================================ hooks */

/**
 * Called inside the transaction that creates a concern (every intake path goes through submitConcern: public
 * form, staff entry, API, Open311 POST), after the row, its photos, its first timeline event and the audit entry
 * are written. `trx` is that tenant-bound transaction: what a hook writes with it commits or rolls back together
 * with the concern (an outbox). A hook that throws makes the submission fail, so hooks do no network I/O.
 */
export type ConcernCreatedHook = (trx: Kysely<any>, concern: Concern, category: Category) => Promise<void>;

const createdHooks: ConcernCreatedHook[] = [];

/** Registers a hook (other modules do this at import time). Returns a function that removes it again (tests). */
export function onConcernCreated(hook: ConcernCreatedHook): () => void {
  if (!createdHooks.includes(hook)) createdHooks.push(hook);
  return () => {
    const i = createdHooks.indexOf(hook);
    if (i >= 0) createdHooks.splice(i, 1);
  };
}

let eventSeq = 0;
/**
 * Timeline event ids sort by creation: milliseconds and a per-process counter (base 36, fixed width) before a
 * random part, so events written within the same millisecond keep their order (the timeline sorts by at, id).
 */
export function newEventId(now = Date.now()): string {
  eventSeq = (eventSeq + 1) % 36 ** 4;
  return `cev_${now.toString(36).padStart(9, '0')}${eventSeq.toString(36).padStart(4, '0')}${newId('x', 6).slice(2)}`;
}

/* ================================================================ categories */

/** The tenant's categories; seeds the default catalogue on first use. */
export async function listCategories(db: AnyTenantDb, opts: { activeOnly?: boolean } = {}): Promise<Category[]> {
  await ensureCategories(db);
  return q.listCategories(tdb(db), opts);
}

export async function ensureCategories(db: AnyTenantDb): Promise<void> {
  if ((await q.countCategories(tdb(db))) > 0) return;
  await q.insertCategories(tdb(db), DEFAULT_CATEGORIES.map((c) => ({ ...c, id: newId('cat') })));
}

export async function getCategory(db: AnyTenantDb, id: string): Promise<Category | null> {
  return q.findCategory(tdb(db), id);
}

/** Changes a category of the service catalogue (categories.manage); the key stays (other records refer to it). */
export async function updateCategory(ctx: ServiceContext, id: string, patch: q.CategoryPatch): Promise<Category> {
  authorize(ctx.user, 'categories.manage');
  const current = await q.findCategory(tdb(ctx.db), id);
  if (!current) throw errors.notFound('category');
  const snap = (c: q.CategoryPatch) => ({ labelDe: c.labels.de, labelEn: c.labels.en, labelAr: c.labels.ar, department: c.department, handlingDays: c.handlingDays, questions: c.questions, active: c.active, open311: c.open311 });
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      await q.updateCategory(trx, id, patch);
      await recordAudit(auditDb(trx), { actor: actorOf(ctx), entityType: 'concern_category', entityId: id, action: 'update', changes: diff(snap(current), snap(patch)), requestId: ctx.requestId });
    });
  return (await q.findCategory(tdb(ctx.db), id))!;
}

export function categoryLabel(c: Pick<Category, 'labels'>, locale: Locale): string {
  return storedLabel(c.labels, locale);
}

/* ================================================================ scope */

/** The resource a concern is for the policy: its programme area and the department it was forwarded to. */
export function concernResource(c: Pick<Concern, 'areaId' | 'department'>): Resource {
  return { areaIds: c.areaId ? [c.areaId] : [], department: c.department };
}

export function canOn(user: Principal | null | undefined, action: 'concerns.read' | 'concerns.triage' | 'concerns.answer' | 'concerns.moderate' | 'concerns.contact', c: Pick<Concern, 'areaId' | 'department'>): boolean {
  return can(user, action, concernResource(c));
}

/** Which concerns a user may list: all, or those in some areas / forwarded to some departments. */
export function readScope(user: Principal | null | undefined): q.ConcernFilter['scope'] {
  if (!user) return { areaIds: [], departments: [] };
  const roles: readonly string[] = ACTIONS['concerns.read'].roles;
  const areaIds = new Set<string>();
  const departments = new Set<string>();
  for (const a of user.assignments) {
    if (!roles.includes(a.role)) continue;
    if (a.role === 'department_staff') {
      if (a.department) departments.add(a.department);
    } else if (a.role === 'admin' || a.allAreas) return 'all';
    else for (const id of a.areaIds) areaIds.add(id);
  }
  return { areaIds: [...areaIds], departments: [...departments] };
}

/* ================================================================ placement */

export interface LocationInput {
  lat?: number | null | undefined;
  lon?: number | null | undefined;
  address?: string | null | undefined;
  districtNumber?: number | null | undefined;
}

export interface Placement {
  lat: number | null;
  lon: number | null;
  address: string | null;
  districtNumber: number | null;
  districtName: string | null;
  areaId: string | null;
}

/**
 * Places a concern: a point → its Stadtteil and programme area (territory lookupPoint); otherwise an address →
 * the Stadtteil(e) of the street (lookupStreet) or the Stadtteil the resident chose; the programme area follows
 * from a Stadtteil that an area covers fully (a partly covered Stadtteil does not decide).
 */
export async function placeConcern(db: AnyTenantDb, loc: LocationInput): Promise<{ placement: Placement; errors: FieldError[] }> {
  const address = loc.address?.trim() || null;
  const errs: FieldError[] = [];
  const hasPoint = typeof loc.lat === 'number' && typeof loc.lon === 'number';
  if (hasPoint) {
    const p = await lookupPoint(db, loc.lat!, loc.lon!);
    if (!p.district) errs.push({ field: 'lat', key: 'concerns.error.pointOutside' });
    return {
      placement: { lat: loc.lat!, lon: loc.lon!, address, districtNumber: p.district?.number ?? null, districtName: p.district?.name ?? null, areaId: p.areas[0]?.id ?? null },
      errors: errs,
    };
  }
  if (!address && !loc.districtNumber) {
    return { placement: { lat: null, lon: null, address: null, districtNumber: null, districtName: null, areaId: null }, errors: [{ field: 'address', key: 'concerns.error.locationRequired' }] };
  }
  const districts = await listDistricts(db);
  let number: number | null = null;
  if (loc.districtNumber) {
    if (!districts.some((d) => d.number === loc.districtNumber)) errs.push({ field: 'districtNumber', key: 'form.error.choose' });
    else number = loc.districtNumber;
  } else if (address) {
    const s = await lookupStreet(db, address);
    const candidates = s.match === 'exact' || s.streets.length === 1 ? s.candidateDistricts : [];
    if (candidates.length === 1) number = candidates[0]!.number;
    else if (candidates.length > 1) errs.push({ field: 'districtNumber', key: 'concerns.error.chooseDistrict', params: { names: candidates.map((d) => d.name).join(', ') } });
  }
  const district = number === null ? null : (districts.find((d) => d.number === number) ?? null);
  let areaId: string | null = null;
  if (district) {
    const areas = await listAreas(db);
    areaId = areas.find((a) => a.districts.some((d) => d.number === district.number && d.coverage === 'full'))?.id ?? null;
  }
  return { placement: { lat: null, lon: null, address, districtNumber: district?.number ?? null, districtName: district?.name ?? null, areaId }, errors: errs };
}

/* ================================================================ intake */

export interface SubmitInput extends LocationInput {
  categoryId: string;
  description: string;
  answers?: Record<string, unknown>;
  channel: Channel;
  name?: string | null | undefined;
  email?: string | null | undefined;
  phone?: string | null | undefined;
  /** E-mail updates wanted (the address is confirmed by a link first). */
  subscribe?: boolean;
  locale?: Locale | null;
  /** Staff entry: the submitter's e-mail counts as confirmed (given in person). */
  emailConfirmed?: boolean;
  /** Up to 3 photos, already checked and re-encoded by processImageUpload. */
  photos?: ProcessedImage[];
}

export const MAX_PHOTOS = 3;

/** What the audit log keeps of a concern: no free text, no contact data. */
function snapshot(c: Pick<Concern, 'number' | 'categoryId' | 'channel' | 'status' | 'districtNumber' | 'areaId' | 'department' | 'assigneeId' | 'dueDate' | 'public'> & { description: string; address: string | null; hasContact: boolean }) {
  return {
    number: c.number,
    categoryId: c.categoryId,
    channel: c.channel,
    status: c.status,
    districtNumber: c.districtNumber,
    areaId: c.areaId,
    department: c.department,
    assigneeId: c.assigneeId,
    dueDate: c.dueDate,
    public: c.public,
    descriptionLength: c.description.length,
    addressGiven: c.address !== null,
    contactGiven: c.hasContact,
  };
}

const snapOf = (c: Concern) => snapshot({ ...c, hasContact: !!(c.submitter.name || c.submitter.email || c.submitter.phone) });

function trimOrNull(v: string | null | undefined): string | null {
  const s = v?.trim();
  return s ? s : null;
}

export interface Submitted {
  concern: Concern;
  /** True when a confirmation e-mail went out. */
  confirmationSent: boolean;
}

/**
 * Creates a concern: from the public form (channel web, no account), by staff on behalf of a resident
 * (concerns.triage; channel office visit, phone, e-mail, outreach, meeting) or through the API.
 */
export async function submitConcern(ctx: ConcernContext, input: SubmitInput): Promise<Submitted> {
  if (input.channel !== 'web' && input.channel !== 'open311') authorize(ctx.user, 'concerns.triage');
  const db = tdb(ctx.db);
  await ensureCategories(ctx.db);
  const fieldErrors: FieldError[] = [];
  const category = await q.findCategory(db, input.categoryId);
  if (!category || !category.active) fieldErrors.push({ field: 'categoryId', key: 'form.error.choose' });
  const description = input.description.trim();
  if (!description) fieldErrors.push({ field: 'description', key: 'form.error.required' });
  if (description.length > 4000) fieldErrors.push({ field: 'description', key: 'form.error.tooLong', params: { max: 4000 } });
  const checked = category ? checkAnswers(category.questions, input.answers ?? {}) : { answers: {}, errors: [] };
  fieldErrors.push(...checked.errors);
  const email = trimOrNull(input.email)?.toLowerCase() ?? null;
  if (input.subscribe && !email) fieldErrors.push({ field: 'email', key: 'concerns.error.emailForUpdates' });
  if ((input.photos?.length ?? 0) > MAX_PHOTOS) fieldErrors.push({ field: 'photos', key: 'concerns.error.tooManyPhotos', params: { max: MAX_PHOTOS } });
  const { placement, errors: placeErrors } = await placeConcern(ctx.db, input);
  fieldErrors.push(...placeErrors);
  if (fieldErrors.length > 0 || !category) throw errors.validation(fieldErrors);

  const now = nowIso();
  const id = newId('con');
  const confirmed = !!email && !!input.emailConfirmed;
  const token = email && input.subscribe && !confirmed ? newToken() : null;
  const concern = await db.transaction().execute(async (trx) => {
    const year = numberYear(now);
    const number = formatNumber(year, await q.nextSequence(trx, year));
    await q.insertConcern(trx, {
      id,
      number,
      category_id: category.id,
      description,
      answers: JSON.stringify(checked.answers),
      lat: placement.lat,
      lon: placement.lon,
      address: placement.address,
      district_number: placement.districtNumber,
      district_name: placement.districtName,
      area_id: placement.areaId,
      channel: input.channel,
      status: 'received',
      status_reason: null,
      duplicate_of: null,
      assignee_id: null,
      department: null,
      due_date: dueDate(now, category.handlingDays),
      public: true,
      submitter_name: trimOrNull(input.name),
      submitter_email: email,
      submitter_phone: trimOrNull(input.phone),
      submitter_locale: input.locale ?? null,
      subscribed: !!input.subscribe && !!email,
      created_by: ctx.user?.id ?? null,
      created_at: now,
    });
    if (confirmed) await q.updateConcern(trx, id, { email_confirmed_at: now, updated_at: now });
    for (const photo of input.photos ?? []) await storeImage(trx, { type: 'concern', id }, photo);
    if (token) await q.insertToken(trx, { hash: hashToken(token), kind: 'submitter', concernId: id, supporterId: null, expiresAt: new Date(Date.now() + 14 * 86400_000).toISOString() });
    await q.insertEvent(trx, { id: newEventId(), concernId: id, at: now, kind: 'created', visibility: 'public', ...eventActor(ctx), toStatus: 'received', data: { channel: input.channel } });
    const created = (await q.findConcern(trx, id))!;
    await recordAudit(auditDb(trx), { actor: actorOf(ctx), entityType: 'concern', entityId: id, action: 'create', changes: diff(null, snapOf(created)), requestId: ctx.requestId });
    for (const hook of [...createdHooks]) await hook(trx as unknown as Kysely<any>, created, category);
    return created;
  });
  await reindex(ctx.db, concern, category);
  let confirmationSent = false;
  if (token && email && ctx.mail) {
    confirmationSent = await trySend(ctx.mail, renderMail(input.locale ?? ctx.tenant.defaultLocale, 'concerns.mail.confirm', email, {
      tenant: ctx.tenant.name,
      number: concern.number,
      link: `${ctx.mail.linkBase}/concerns/confirm/${token}`,
      page: `${ctx.mail.linkBase}/concerns/${concern.number}`,
    }));
  }
  return { concern, confirmationSent };
}

function eventActor(ctx: Pick<ServiceContext, 'user'>): { actorId: string | null; actorLabel: string } {
  return ctx.user ? { actorId: ctx.user.id, actorLabel: ctx.user.displayName } : { actorId: null, actorLabel: 'public' };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

async function trySend(mail: MailOut, m: Parameters<typeof sendMail>[1]): Promise<boolean> {
  try {
    await sendMail(mail.config, m);
    return true;
  } catch {
    return false; // the change stands; the job queue will retry deliveries once it exists
  }
}

/* ================================================================ reads */

export function toPublic(c: Concern): PublicConcern {
  return {
    id: c.id,
    number: c.number,
    categoryId: c.categoryId,
    description: c.description,
    answers: c.answers,
    lat: c.lat,
    lon: c.lon,
    address: c.address,
    districtNumber: c.districtNumber,
    districtName: c.districtName,
    areaId: c.areaId,
    status: c.status,
    statusReason: c.statusReason,
    duplicateOf: c.duplicateOf,
    department: c.department,
    supportCount: c.supportCount,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    closedAt: c.closedAt,
  };
}

/** A concern by public number for everyone (public fields only), or null when unknown or hidden. */
export async function getPublicConcern(db: AnyTenantDb, number: string): Promise<{ concern: PublicConcern; events: ConcernEvent[] } | null> {
  const c = await q.findConcernByNumber(tdb(db), number);
  if (!c || !c.public) return null;
  return { concern: toPublic(c), events: await q.listEvents(tdb(db), c.id, { publicOnly: true }) };
}

export async function findConcernByNumber(db: AnyTenantDb, number: string): Promise<Concern | null> {
  return q.findConcernByNumber(tdb(db), number);
}

export async function getNumberOf(db: AnyTenantDb, id: string): Promise<string | null> {
  return (await q.findConcern(tdb(db), id))?.number ?? null;
}

export interface PublicFilter {
  areaId?: string | undefined;
  categoryId?: string | undefined;
  status?: Status | 'open' | 'closed' | undefined;
  districtNumber?: number | undefined;
  limit?: number;
  offset?: number;
}

function statusesOf(s: PublicFilter['status']): Status[] | undefined {
  if (!s) return undefined;
  if (s === 'open') return [...OPEN_STATUSES];
  if (s === 'closed') return [...CLOSED_STATUSES];
  return [s];
}

/**
 * A page of published concerns (newest first) and how many the filter has. With a programme area (and no
 * Stadtteil) the number comes from the monthly roll-up the database keeps exact (ADR 0026, 0031) instead of a
 * count over every concern of the area; the page and the number are read in parallel.
 */
export async function listPublicConcerns(db: AnyTenantDb, f: PublicFilter): Promise<{ total: number; items: PublicConcern[] }> {
  const filter: q.ConcernFilter = {
    scope: 'all',
    publicOnly: true,
    areaId: f.areaId,
    categoryId: f.categoryId,
    districtNumber: f.districtNumber,
    statuses: statusesOf(f.status),
    limit: f.limit ?? 25,
    offset: f.offset ?? 0,
  };
  if (!f.areaId || f.districtNumber !== undefined) {
    const r = await q.listConcerns(tdb(db), filter);
    return { total: r.total, items: r.items.map(toPublic) };
  }
  const [total, items] = await Promise.all([q.countPublicInArea(tdb(db), { areaId: f.areaId, categoryId: f.categoryId, statuses: filter.statuses }), q.listConcernPage(tdb(db), filter)]);
  return { total, items: items.map(toPublic) };
}

/** Most points a concern map loads (newest first); the page says when there are more. */
export const MAP_LIMIT = 5000;

/**
 * Points of the public map: published, located concerns of the filter — never hidden ones, merged duplicates or
 * redacted ones, and only position, number, category, status and support count (no text, no contact data).
 */
export async function listPublicMapPoints(db: AnyTenantDb, f: Omit<PublicFilter, 'limit' | 'offset'>, limit = MAP_LIMIT): Promise<{ rows: q.MapRow[]; more: boolean }> {
  return q.listMapRows(tdb(db), { scope: 'all', publicOnly: true, publicMap: true, areaId: f.areaId, categoryId: f.categoryId, districtNumber: f.districtNumber, statuses: statusesOf(f.status) }, limit);
}

/** Grid of a public map: the box in view and the size of a cell in degrees (views/map.tsx, `concernMapFrame`). */
export interface MapGrid {
  bbox: q.MapBox;
  lonStep: number;
  latStep: number;
}

/**
 * The public map of a filter counted per grid cell (listPublicMapPoints' concerns — published, located, never
 * hidden, merged or redacted — all of them, none left out): the count, box and centre per cell, and the map row of
 * a concern alone in its cell (position, number, category, status, support count; no text, no contact data).
 */
export async function listPublicMapCells(db: AnyTenantDb, f: Omit<PublicFilter, 'limit' | 'offset'>, grid: MapGrid): Promise<q.MapCell[]> {
  return q.listMapCells(tdb(db), { scope: 'all', publicOnly: true, publicMap: true, areaId: f.areaId, categoryId: f.categoryId, districtNumber: f.districtNumber, statuses: statusesOf(f.status) }, grid);
}

/** listPublicMapPoints within a box (a view too close for grouping: every concern is drawn singly). */
export async function listPublicMapPointsIn(db: AnyTenantDb, f: Omit<PublicFilter, 'limit' | 'offset'>, bbox: q.MapBox, limit = MAP_LIMIT): Promise<{ rows: q.MapRow[]; more: boolean }> {
  return q.listMapRows(tdb(db), { scope: 'all', publicOnly: true, publicMap: true, areaId: f.areaId, categoryId: f.categoryId, districtNumber: f.districtNumber, statuses: statusesOf(f.status), bbox }, limit);
}

/** One concern for staff (concerns.read in scope), with its full timeline and supporters. */
export async function getConcernForStaff(ctx: ServiceContext, id: string): Promise<{ concern: Concern; events: ConcernEvent[]; followers: number }> {
  const c = await q.findConcern(tdb(ctx.db), id);
  if (!c) throw errors.notFound('concern');
  authorize(ctx.user, 'concerns.read', concernResource(c));
  const supporters = await q.listSupporters(tdb(ctx.db), id);
  return { concern: c, events: await q.listEvents(tdb(ctx.db), id), followers: supporters.filter((s) => s.email && s.emailConfirmedAt).length };
}

export interface StaffFilter {
  areaId?: string | undefined;
  districtNumber?: number | undefined;
  categoryId?: string | undefined;
  status?: Status | 'open' | 'closed' | undefined;
  assignee?: string | undefined;
  /** Only concerns older than this many days. */
  olderThanDays?: number | undefined;
  overdue?: boolean | undefined;
  sort?: q.SortKey | undefined;
  limit?: number;
  offset?: number;
}

export function staffQuery(user: Principal | null, f: StaffFilter, now = new Date()): q.ConcernFilter {
  return {
    scope: readScope(user),
    areaId: f.areaId,
    districtNumber: f.districtNumber,
    categoryId: f.categoryId,
    statuses: statusesOf(f.status),
    assignee: f.assignee,
    createdBefore: f.olderThanDays ? new Date(now.getTime() - f.olderThanDays * 86400_000).toISOString() : undefined,
    overdueOn: f.overdue ? now.toISOString().slice(0, 10) : undefined,
    openStatuses: OPEN_STATUSES,
    sort: f.sort ?? 'newest',
    limit: f.limit ?? 25,
    offset: f.offset ?? 0,
  };
}

/** The staff inbox: only concerns in the user's scope (areas, or departments for department staff). */
export async function listConcernsForStaff(ctx: ServiceContext, f: StaffFilter): Promise<{ total: number; items: Concern[] }> {
  authorize(ctx.user, 'concerns.read');
  return q.listConcerns(tdb(ctx.db), staffQuery(ctx.user, f));
}

/** Points of the staff map: the inbox filter within the user's scope (areas, or departments for department staff). */
export async function listStaffMapPoints(ctx: ServiceContext, f: Omit<StaffFilter, 'limit' | 'offset' | 'sort'>, limit = MAP_LIMIT): Promise<{ rows: q.MapRow[]; more: boolean }> {
  authorize(ctx.user, 'concerns.read');
  return q.listMapRows(tdb(ctx.db), staffQuery(ctx.user, f), limit);
}

/* ================================================================ workflow */

async function loadFor(ctx: ServiceContext, id: string, action: 'concerns.read' | 'concerns.triage' | 'concerns.answer' | 'concerns.moderate'): Promise<Concern> {
  const c = await q.findConcern(tdb(ctx.db), id);
  if (!c) throw errors.notFound('concern');
  authorize(ctx.user, action, concernResource(c));
  return c;
}

/** Checks that the user may act on a concern (for routes that validate input afterwards). */
export async function requireConcern(ctx: ServiceContext, id: string, action: 'concerns.read' | 'concerns.triage' | 'concerns.answer' | 'concerns.moderate'): Promise<Concern> {
  return loadFor(ctx, id, action);
}

export interface TransitionInput {
  to: Status;
  /** Public note to the resident (shown on the concern's page, e-mailed to subscribers). */
  note?: string | null | undefined;
  /** Referral text (not_responsible) or reason (rejected); public. */
  reason?: string | null | undefined;
  /** forwarded: the department (default: the category's). */
  department?: string | null | undefined;
  /** duplicate: the public number or id of the concern this one duplicates. */
  duplicateOf?: string | null | undefined;
}

/**
 * Changes the status along the allowed transitions. Department staff (concerns.answer without triage) may only
 * take a concern forwarded to their department to in progress, resolved or not responsible.
 */
export async function transitionConcern(ctx: ConcernContext, id: string, input: TransitionInput): Promise<Concern> {
  const c = await loadFor(ctx, id, 'concerns.answer');
  const asDepartment = !canOn(ctx.user, 'concerns.triage', c);
  if (input.to === 'duplicate') {
    if (asDepartment) throw errors.forbidden('concerns.triage');
    const target = await resolveRef(ctx.db, input.duplicateOf);
    if (!target) throw errors.validation([{ field: 'duplicateOf', key: 'concerns.error.duplicateUnknown' }]);
    return mergeConcerns(ctx, c.id, target.id);
  }
  if (!canTransition(c.status, input.to, asDepartment)) {
    throw new AppError(409, 'transition_not_allowed', `A concern cannot go from ${c.status} to ${input.to}.`, { from: c.status, to: input.to });
  }
  const fieldErrors: FieldError[] = [];
  const reason = trimOrNull(input.reason);
  const note = trimOrNull(input.note);
  if ((input.to === 'not_responsible' || input.to === 'rejected') && !reason) fieldErrors.push({ field: 'reason', key: input.to === 'rejected' ? 'concerns.error.reasonRequired' : 'concerns.error.referralRequired' });
  if (reason && reason.length > 2000) fieldErrors.push({ field: 'reason', key: 'form.error.tooLong', params: { max: 2000 } });
  if (note && note.length > 4000) fieldErrors.push({ field: 'note', key: 'form.error.tooLong', params: { max: 4000 } });
  let department = c.department;
  if (input.to === 'forwarded') {
    const category = await q.findCategory(tdb(ctx.db), c.categoryId);
    department = trimOrNull(input.department) ?? category?.department ?? null;
    if (!department) fieldErrors.push({ field: 'department', key: 'concerns.error.departmentRequired' });
  }
  if (fieldErrors.length) throw errors.validation(fieldErrors);
  const now = nowIso();
  const eventId = newEventId();
  const updated = await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      await q.updateConcern(trx, id, {
        status: input.to,
        status_reason: input.to === 'not_responsible' || input.to === 'rejected' ? reason : null,
        department,
        closed_at: isClosed(input.to) ? now : null,
        updated_at: now,
      });
      await q.insertEvent(trx, {
        id: eventId,
        concernId: id,
        at: now,
        kind: input.to === 'forwarded' ? 'forward' : 'status',
        visibility: 'public',
        ...eventActor(ctx),
        fromStatus: c.status,
        toStatus: input.to,
        text: [reason, note].filter(Boolean).join('\n\n') || null,
        data: input.to === 'forwarded' ? { department } : {},
      });
      await q.markFirstAnswer(trx, id, now);
      const after = (await q.findConcern(trx, id))!;
      await recordAudit(auditDb(trx), { actor: actorOf(ctx), entityType: 'concern', entityId: id, action: `status:${input.to}`, changes: diff(snapOf(c), snapOf(after)), requestId: ctx.requestId });
      if (ctx.mail) await queueNotification(trx, { concernId: id, eventId, linkBase: ctx.mail.linkBase });
      return after;
    });
  await reindex(ctx.db, updated);
  return updated;
}

async function resolveRef(db: AnyTenantDb, ref: string | null | undefined): Promise<Concern | null> {
  const r = trimOrNull(ref);
  if (!r) return null;
  return (await q.findConcernByNumber(tdb(db), r)) ?? (await q.findConcern(tdb(db), r));
}

/** A note on the timeline: public (shown and e-mailed to subscribers) or internal (staff only). */
export async function addNote(ctx: ConcernContext, id: string, input: { text: string; visibility: 'public' | 'internal' }): Promise<void> {
  await loadFor(ctx, id, 'concerns.answer');
  const text = input.text.trim();
  if (!text) throw errors.validation([{ field: 'text', key: 'form.error.required' }]);
  if (text.length > 4000) throw errors.validation([{ field: 'text', key: 'form.error.tooLong', params: { max: 4000 } }]);
  const now = nowIso();
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      const eventId = newEventId();
      await q.insertEvent(trx, { id: eventId, concernId: id, at: now, kind: 'note', visibility: input.visibility, ...eventActor(ctx), text });
      await q.updateConcern(trx, id, { updated_at: now });
      if (input.visibility === 'public') await q.markFirstAnswer(trx, id, now);
      if (input.visibility === 'public' && ctx.mail) await queueNotification(trx, { concernId: id, eventId, linkBase: ctx.mail.linkBase });
      await recordAudit(auditDb(trx), { actor: actorOf(ctx), entityType: 'concern', entityId: id, action: `note:${input.visibility}`, changes: { noteLength: { from: null, to: text.length } }, requestId: ctx.requestId });
    });
}

/** Sets or clears the assignee (concerns.triage). */
export async function assignConcern(ctx: ServiceContext, id: string, assigneeId: string | null): Promise<void> {
  const c = await loadFor(ctx, id, 'concerns.triage');
  if (c.assigneeId === assigneeId) return;
  const now = nowIso();
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      await q.updateConcern(trx, id, { assignee_id: assigneeId, updated_at: now });
      await q.insertEvent(trx, { id: newEventId(), concernId: id, at: now, kind: 'assign', visibility: 'internal', ...eventActor(ctx), data: { assigneeId } });
      await recordAudit(auditDb(trx), { actor: actorOf(ctx), entityType: 'concern', entityId: id, action: 'assign', changes: diff({ assigneeId: c.assigneeId }, { assigneeId }), requestId: ctx.requestId });
    });
}

export interface BulkResult {
  done: string[];
  refused: { id: string; reason: string }[];
}

/** Bulk forward or assign: each concern is checked on its own (scope, transition); refusals are reported. */
export async function bulkAction(ctx: ConcernContext, ids: string[], op: { kind: 'forward'; department?: string | null } | { kind: 'assign'; assigneeId: string | null }): Promise<BulkResult> {
  authorize(ctx.user, 'concerns.triage');
  const out: BulkResult = { done: [], refused: [] };
  for (const id of [...new Set(ids)].slice(0, 200)) {
    try {
      if (op.kind === 'assign') await assignConcern(ctx, id, op.assigneeId);
      else await transitionConcern(ctx, id, { to: 'forwarded', department: op.department ?? null });
      out.done.push(id);
    } catch (e) {
      if (e instanceof AppError) out.refused.push({ id, reason: e.code });
      else throw e;
    }
  }
  return out;
}

/* ================================================================ confirmation links */

/** What a confirmation link confirms: whose address (submitter or follower), for which concern. */
export interface EmailConfirmation {
  number: string;
  kind: 'submitter' | 'follower';
  /** Whether the concern has a public page to go back to. */
  public: boolean;
}

/**
 * Reads what a confirmation link would confirm without using it (the GET behind the link: mail scanners open
 * every link, so only the button's POST confirms). Null for an unknown, used or expired link.
 */
export async function confirmEmailTarget(db: AnyTenantDb, token: string): Promise<EmailConfirmation | null> {
  const d = tdb(db);
  const row = await q.findToken(d, hashToken(token));
  if (!row || row.used_at || row.expires_at < nowIso()) return null;
  const c = await q.findConcern(d, row.concern_id);
  return c ? { number: c.number, kind: row.kind, public: c.public } : null;
}

/** Confirms a submitter's or follower's e-mail address by the one-time link (single use, until it expires). */
export async function confirmEmail(db: AnyTenantDb, token: string): Promise<EmailConfirmation | null> {
  const hash = hashToken(token);
  const d = tdb(db);
  const row = await q.findToken(d, hash);
  if (!row || row.used_at || row.expires_at < nowIso()) return null;
  const now = nowIso();
  return d.transaction().execute(async (trx) => {
    if (!(await q.useToken(trx, hash, now))) return null;
    const c = await q.findConcern(trx, row.concern_id);
    if (!c) return null;
    if (row.kind === 'submitter') await q.updateConcern(trx, c.id, { email_confirmed_at: now, updated_at: c.updatedAt });
    else if (row.supporter_id) await q.updateSupporter(trx, row.supporter_id, { email_confirmed_at: now });
    await recordAudit(auditDb(trx), { actor: SYSTEM, entityType: 'concern', entityId: c.id, action: `confirm:${row.kind}`, changes: {} });
    return { number: c.number, kind: row.kind, public: c.public };
  });
}

/* ================================================================ support and follow */

/** Hash of a browser's support cookie (the cookie value itself is never stored). */
export function fingerprintOf(tenantId: string, cookieId: string): string {
  return createHash('sha256').update(`${tenantId}:browser:${cookieId}`).digest('hex');
}

/** Hash of a client address with the day: limits supports per address without keeping the address. */
export function ipHashOf(tenantId: string, ip: string, day = nowIso().slice(0, 10)): string {
  return createHash('sha256').update(`${tenantId}:ip:${day}:${ip}`).digest('hex');
}

/** Supports from one address per concern and day, at most (households share an address). */
export const MAX_SUPPORTS_PER_IP = 5;

/** "Betrifft mich auch": counted once per browser. Returns whether this was a new support and the count. */
export async function supportConcern(db: AnyTenantDb, number: string, who: { fingerprint: string; ipHash: string }): Promise<{ added: boolean; count: number }> {
  const d = tdb(db);
  const c = await q.findConcernByNumber(d, number);
  if (!c || !c.public) throw errors.notFound('concern');
  if (c.status === 'duplicate') throw new AppError(409, 'concern_merged', 'This concern was merged into another one.');
  if (await q.findSupporter(d, c.id, who.fingerprint)) return { added: false, count: c.supportCount };
  if ((await q.countIpSupports(d, c.id, who.ipHash)) >= MAX_SUPPORTS_PER_IP) return { added: false, count: c.supportCount };
  return d.transaction().execute(async (trx) => {
    const added = await q.insertSupporter(trx, { id: newId('sup'), concernId: c.id, fingerprint: who.fingerprint, ipHash: who.ipHash, email: null, locale: null, createdAt: nowIso() });
    const count = await recount(trx, c.id);
    // Who supported is not recorded (anonymous by design); only that the count changed.
    if (added) await recordAudit(auditDb(trx), { actor: PUBLIC_ACTOR, entityType: 'concern', entityId: c.id, action: 'support', changes: { supportCount: { from: c.supportCount, to: count } } });
    return { added, count };
  });
}

async function recount(trx: q.Db, concernId: string): Promise<number> {
  const n = await q.countSupporters(trx, concernId);
  await trx.updateTable('concerns').set({ support_count: n }).where('id', '=', concernId).execute();
  return n;
}

/** Follow a concern by e-mail (also counts as support); the address is confirmed by a link first. */
export async function followConcern(ctx: ConcernContext, number: string, input: { email: string; fingerprint: string; ipHash: string; locale: Locale }): Promise<void> {
  const d = tdb(ctx.db);
  const c = await q.findConcernByNumber(d, number);
  if (!c || !c.public) throw errors.notFound('concern');
  const email = input.email.trim().toLowerCase();
  const token = newToken();
  await d.transaction().execute(async (trx) => {
    let s = await q.findSupporter(trx, c.id, input.fingerprint);
    if (!s) {
      await q.insertSupporter(trx, { id: newId('sup'), concernId: c.id, fingerprint: input.fingerprint, ipHash: input.ipHash, email, locale: input.locale, createdAt: nowIso() });
      s = await q.findSupporter(trx, c.id, input.fingerprint);
    } else await q.updateSupporter(trx, s.id, { email, locale: input.locale, email_confirmed_at: s.email === email ? s.emailConfirmedAt : null });
    await recount(trx, c.id);
    await q.insertToken(trx, { hash: hashToken(token), kind: 'follower', concernId: c.id, supporterId: s!.id, expiresAt: new Date(Date.now() + 14 * 86400_000).toISOString() });
    // The e-mail address stays out of the audit log (it is personal data that anonymisation must be able to remove).
    await recordAudit(auditDb(trx), { actor: PUBLIC_ACTOR, entityType: 'concern', entityId: c.id, action: 'follow', changes: {} });
  });
  if (ctx.mail) {
    await trySend(ctx.mail, renderMail(input.locale, 'concerns.mail.follow', email, { tenant: ctx.tenant.name, number: c.number, link: `${ctx.mail.linkBase}/concerns/confirm/${token}`, page: `${ctx.mail.linkBase}/concerns/${c.number}` }));
  }
}

/* ================================================================ merge */

/**
 * Merges a duplicate into another concern: the duplicate gets status "duplicate" (pointing to the target), every
 * supporter and follower moves to the target (one browser counts once), a subscribed submitter of the duplicate
 * becomes a follower of the target, and both timelines note the merge.
 */
export async function mergeConcerns(ctx: ConcernContext, sourceId: string, targetId: string): Promise<Concern> {
  if (sourceId === targetId) throw errors.validation([{ field: 'duplicateOf', key: 'concerns.error.mergeSelf' }]);
  const source = await loadFor(ctx, sourceId, 'concerns.triage');
  const target = await loadFor(ctx, targetId, 'concerns.triage');
  if (source.status === 'duplicate') throw new AppError(409, 'transition_not_allowed', 'This concern is already a duplicate.');
  if (target.status === 'duplicate') throw errors.validation([{ field: 'duplicateOf', key: 'concerns.error.mergeIntoDuplicate' }]);
  const now = nowIso();
  const updated = await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      const targetSupporters = await q.listSupporters(trx, target.id);
      const byFp = new Map(targetSupporters.map((s) => [s.fingerprint, s]));
      for (const s of await q.listSupporters(trx, source.id)) {
        const same = byFp.get(s.fingerprint);
        if (!same) await q.updateSupporter(trx, s.id, { concern_id: target.id });
        else {
          if (s.email && !same.email) await q.updateSupporter(trx, same.id, { email: s.email, locale: s.locale, email_confirmed_at: s.emailConfirmedAt });
          else if (s.email && same.email !== s.email) {
            // Two addresses from one browser: keep both followers (the second under a derived fingerprint).
            await q.updateSupporter(trx, s.id, { concern_id: target.id, fingerprint: `${s.fingerprint}:${s.id}` });
            continue;
          }
          await q.deleteSupporter(trx, s.id);
        }
      }
      // The duplicate's submitter supports the target and, when subscribed and confirmed, follows it.
      const fp = `submitter:${source.id}`;
      await q.insertSupporter(trx, {
        id: newId('sup'),
        concernId: target.id,
        fingerprint: fp,
        ipHash: null,
        email: source.subscribed && source.emailConfirmedAt ? source.submitter.email : null,
        locale: source.submitter.locale,
        emailConfirmedAt: source.subscribed && source.emailConfirmedAt ? source.emailConfirmedAt : null,
        createdAt: now,
      });
      await recount(trx, source.id);
      await recount(trx, target.id);
      await q.updateConcern(trx, source.id, { status: 'duplicate', duplicate_of: target.id, closed_at: now, updated_at: now });
      const eventId = newEventId();
      await q.insertEvent(trx, { id: eventId, concernId: source.id, at: now, kind: 'merge', visibility: 'public', ...eventActor(ctx), fromStatus: source.status, toStatus: 'duplicate', data: { into: target.number } });
      await q.markFirstAnswer(trx, source.id, now);
      if (ctx.mail) await queueNotification(trx, { concernId: source.id, eventId, linkBase: ctx.mail.linkBase });
      await q.insertEvent(trx, { id: newEventId(), concernId: target.id, at: now, kind: 'merge', visibility: 'public', ...eventActor(ctx), data: { from: source.number } });
      await recordAudit(auditDb(trx), { actor: actorOf(ctx), entityType: 'concern', entityId: source.id, action: 'merge', changes: { status: { from: source.status, to: 'duplicate' }, duplicateOf: { from: null, to: target.id } }, requestId: ctx.requestId });
      return (await q.findConcern(trx, source.id))!;
    });
  await reindex(ctx.db, updated);
  await reindex(ctx.db, (await q.findConcern(tdb(ctx.db), target.id))!);
  return updated;
}

/* ================================================================ moderation */

export interface EditInput {
  description?: string | undefined;
  address?: string | null | undefined;
  categoryId?: string | undefined;
  public?: boolean | undefined;
}

/** Staff edit (concerns.moderate): text, address, category, published or hidden. Audited without free text. */
export async function editConcern(ctx: ServiceContext, id: string, input: EditInput): Promise<Concern> {
  const c = await loadFor(ctx, id, 'concerns.moderate');
  const fieldErrors: FieldError[] = [];
  const description = input.description?.trim() ?? c.description;
  if (!description) fieldErrors.push({ field: 'description', key: 'form.error.required' });
  if (description.length > 4000) fieldErrors.push({ field: 'description', key: 'form.error.tooLong', params: { max: 4000 } });
  if (input.categoryId && !(await q.findCategory(tdb(ctx.db), input.categoryId))) fieldErrors.push({ field: 'categoryId', key: 'form.error.choose' });
  if (fieldErrors.length) throw errors.validation(fieldErrors);
  const now = nowIso();
  const address = input.address === undefined ? c.address : trimOrNull(input.address);
  const updated = await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      await q.updateConcern(trx, id, { description, address, category_id: input.categoryId ?? c.categoryId, public: input.public ?? c.public, updated_at: now });
      const after = (await q.findConcern(trx, id))!;
      const changed = Object.keys(diff(snapOf(c), snapOf(after)));
      if (description !== c.description) changed.push('description');
      await q.insertEvent(trx, { id: newEventId(), concernId: id, at: now, kind: 'edit', visibility: 'internal', ...eventActor(ctx), data: { fields: [...new Set(changed)] } });
      await recordAudit(auditDb(trx), { actor: actorOf(ctx), entityType: 'concern', entityId: id, action: 'update', changes: textSafeDiff(c, after), requestId: ctx.requestId });
      return after;
    });
  await reindex(ctx.db, updated);
  return updated;
}

/** Field changes for the audit log: free text only as "changed" with lengths. */
function textSafeDiff(a: Concern, b: Concern): Changes {
  const changes = diff(snapOf(a), snapOf(b));
  if (a.description !== b.description) changes.description = { from: `[${a.description.length}]`, to: `[${b.description.length}]` };
  if (a.address !== b.address) changes.address = { from: a.address === null ? null : '[…]', to: b.address === null ? null : '[…]' };
  return changes;
}

export interface RedactInput {
  /** The description with the personal data removed (replaces the old text everywhere). */
  description?: string | undefined;
  /** Remove the address text. */
  address?: boolean | undefined;
  /** Remove the submitter's name, e-mail and phone (stops e-mail updates). */
  contact?: boolean | undefined;
  /** Timeline notes to blank (event ids). */
  eventIds?: string[] | undefined;
  /** Photos to delete (file ids of the images; thumbnails go with them, rows and bytes). */
  photoIds?: string[] | undefined;
}

const REDACTED = '[entfernt / removed]';

/**
 * Redaction (concerns.moderate): removes personal data so that no copy remains — the row is overwritten, the
 * search document rewritten (and on SQLite the FTS index optimised so the old terms are gone), notes blanked.
 * The audit log records only which fields were redacted.
 */
export async function redactConcern(ctx: ServiceContext, id: string, input: RedactInput): Promise<Concern> {
  const c = await loadFor(ctx, id, 'concerns.moderate');
  const fields: string[] = [];
  const patch: Parameters<typeof q.updateConcern>[2] = {};
  if (input.description !== undefined) {
    const d = input.description.trim() || REDACTED;
    if (d.length > 4000) throw errors.validation([{ field: 'description', key: 'form.error.tooLong', params: { max: 4000 } }]);
    if (d !== c.description) {
      patch.description = d;
      fields.push('description');
    }
  }
  if (input.address && c.address !== null) {
    patch.address = null;
    fields.push('address');
  }
  if (input.contact && (c.submitter.name || c.submitter.email || c.submitter.phone)) {
    Object.assign(patch, { submitter_name: null, submitter_email: null, submitter_phone: null, subscribed: false, email_confirmed_at: null });
    fields.push('contact');
  }
  const events = input.eventIds?.length ? (await q.listEvents(tdb(ctx.db), id)).filter((e) => input.eventIds!.includes(e.id) && e.text) : [];
  if (events.length) fields.push('notes');
  const photos = input.photoIds?.length ? (await photosOf(ctx.db, id)).filter((p) => input.photoIds!.includes(p.id)) : [];
  if (photos.length) fields.push('photos');
  if (fields.length === 0) throw errors.validation([{ field: 'description', key: 'concerns.error.nothingToRedact' }]);
  const now = nowIso();
  const updated = await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      await q.updateConcern(trx, id, { ...patch, updated_at: now });
      for (const e of events) await q.updateEventText(trx, e.id, REDACTED, { ...e.data, redacted: true });
      for (const p of photos) await deleteFile(trx, p.id);
      if (fields.includes('contact')) await q.deleteTokensOf(trx, id);
      await q.insertEvent(trx, { id: newEventId(), concernId: id, at: now, kind: 'redaction', visibility: 'internal', ...eventActor(ctx), data: { fields } });
      await recordAudit(auditDb(trx), { actor: actorOf(ctx), entityType: 'concern', entityId: id, action: 'redact', changes: { redacted: { from: null, to: fields.join(', ') } }, requestId: ctx.requestId });
      return (await q.findConcern(trx, id))!;
    });
  await reindex(ctx.db, updated);
  await purgeSearchRemnants(ctx.db);
  return updated;
}

/** SQLite FTS5 keeps deleted terms in its segments until they are merged; 'optimize' rewrites the index. */
async function purgeSearchRemnants(db: AnyTenantDb): Promise<void> {
  if (dialectOf(db) === 'sqlite') await sql`insert into search_fts(search_fts) values ('optimize')`.execute(db);
}

/**
 * Erases the submitter's contact data of one concern inside the caller's transaction: name, e-mail, phone, language
 * and e-mail updates (with `extra`, e.g. the anonymisation date). The one place that anonymises a submitter: the
 * retention job below and the deletion of a resident's account (concerns.accounts.ts) use it.
 */
export async function eraseSubmitterContact(trx: AnyTenantDb | Kysely<any>, id: string, extra: { anonymised_at?: string; updated_at?: string } = {}): Promise<void> {
  await q.updateConcern(tdb(trx), id, { submitter_name: null, submitter_email: null, submitter_phone: null, submitter_locale: null, subscribed: false, email_confirmed_at: null, ...extra });
}

/**
 * Anonymisation of concerns closed longer than `retentionDays`: the submitter's contact data, followers' e-mail
 * addresses and the e-mail links (tokens) are erased. The description and the place (point and address text of the
 * spot concerned) stay: they are public, were moderated, and the figures and the map count them. Returns how many.
 */
export async function anonymiseClosedConcerns(db: AnyTenantDb, retentionDays: number, now = new Date()): Promise<number> {
  const d = tdb(db);
  const before = new Date(now.getTime() - retentionDays * 86400_000).toISOString();
  const ids = await q.closedBefore(d, before);
  for (const id of ids) {
    await d.transaction().execute(async (trx) => {
      await eraseSubmitterContact(trx, id, { anonymised_at: now.toISOString() });
      await q.eraseFollowerEmails(trx, id);
      await q.deleteTokensOf(trx, id);
      await recordAudit(auditDb(trx), { actor: SYSTEM, entityType: 'concern', entityId: id, action: 'anonymise', changes: {} });
    });
  }
  return ids.length;
}

/* ================================================================ duplicates */

/**
 * Likely duplicates of a new concern: same category, created in the last 60 days, still open or recently
 * handled, within 150 m (when both have a point; otherwise the same Stadtteil) and similar text (word overlap).
 */
export async function suggestDuplicates(db: AnyTenantDb, input: { categoryId: string; description: string; lat?: number | null; lon?: number | null; districtNumber?: number | null }, now = new Date()): Promise<PublicConcern[]> {
  const since = new Date(now.getTime() - DUPLICATE_DAYS * 86400_000).toISOString();
  const statuses: Status[] = ['received', 'accepted', 'forwarded', 'in_progress'];
  const point = typeof input.lat === 'number' && typeof input.lon === 'number' ? { lat: input.lat, lon: input.lon } : null;
  const candidates = await q.duplicateCandidates(tdb(db), {
    categoryId: input.categoryId,
    since,
    statuses,
    ...(point ? { box: boxAround(point, DUPLICATE_RADIUS_M) } : { districtNumber: input.districtNumber ?? null }),
  });
  return candidates
    .filter((c) => !point || (c.lat !== null && c.lon !== null && distanceM(point, { lat: c.lat, lon: c.lon }) <= DUPLICATE_RADIUS_M))
    .filter((c) => similarText(input.description, c.description))
    .slice(0, 5)
    .map(toPublic);
}

/* ================================================================ photos */

export interface Photo {
  id: string;
  thumbnailId: string | null;
  width: number | null;
  height: number | null;
}

/** The photos of a concern (images with their thumbnails), in upload order. */
export async function photosOf(db: AnyTenantDb | Kysely<any>, concernId: string): Promise<Photo[]> {
  const files = await listFilesOf(db as Kysely<any>, { type: 'concern', id: concernId });
  return files
    .filter((f) => f.kind === 'image')
    .map((f) => ({ id: f.id, thumbnailId: files.find((x) => x.kind === 'thumbnail' && x.parentId === f.id)?.id ?? null, width: f.width, height: f.height }));
}

/** A photo (or thumbnail) of a public concern, for everyone; null when the file does not belong to it. */
export async function readPublicPhoto(db: AnyTenantDb, number: string, fileId: string): Promise<{ mime: string; data: Buffer } | null> {
  const c = await q.findConcernByNumber(tdb(db), number);
  if (!c || !c.public) return null;
  const file = await readFile(db, fileId);
  if (!file || file.owner.type !== 'concern' || file.owner.id !== c.id) return null;
  return { mime: file.mime, data: file.data };
}

/* ================================================================ Open311 and other external systems */

/** A photo of a public concern as anyone may fetch it (absolute URLs). */
export interface PublicPhoto {
  url: string;
  thumbnailUrl: string | null;
}

export type PublicConcernWithPhotos = PublicConcern & { photos: PublicPhoto[] };
export type Open311ConcernWithPhotos = Open311Concern & { photos: PublicPhoto[] };

/**
 * Photo URLs of public concerns, by concern id: `<linkBase>/concerns/<number>/photos/<file>` (the public photo
 * route), in upload order. Redacted photos are deleted (rows and bytes), so they never appear. One query.
 */
export async function publicPhotoUrls(db: AnyTenantDb | Kysely<any>, concerns: Pick<PublicConcern, 'id' | 'number'>[], linkBase: string): Promise<Map<string, PublicPhoto[]>> {
  const base = linkBase.replace(/\/+$/, '');
  const numbers = new Map(concerns.map((c) => [c.id, c.number]));
  const out = new Map<string, PublicPhoto[]>(concerns.map((c) => [c.id, []]));
  for (const img of await listImagesOfOwners(db as AnyTenantDb, 'concern', [...numbers.keys()])) {
    const path = `${base}/concerns/${numbers.get(img.ownerId)}/photos/`;
    out.get(img.ownerId)!.push({ url: path + img.id, thumbnailUrl: img.thumbnailId ? path + img.thumbnailId : null });
  }
  return out;
}

export interface Open311ListInput {
  /** Public numbers (service_request_id). */
  numbers?: string[] | undefined;
  categoryIds?: string[] | undefined;
  /** Inclusive. */
  createdFrom: Date | string;
  /** Inclusive. */
  createdTo: Date | string;
  status?: 'open' | 'closed' | undefined;
  limit: number;
  offset: number;
  /** Origin for photo URLs (the request's); without it `photos` is empty. */
  linkBase?: string | null | undefined;
}

const iso = (d: Date | string) => (typeof d === 'string' ? new Date(d) : d).toISOString();

/**
 * Public concerns for Open311 GET requests: newest first (created_at, then id, both descending), every filter in
 * SQL, no count query; backed by the indexes of migration 2026_11_25_1900 (see concerns.queries open311ListQuery).
 */
export async function listConcernsForOpen311(db: AnyTenantDb | Kysely<any>, f: Open311ListInput): Promise<Open311ConcernWithPhotos[]> {
  const rows = await q.listForOpen311(tdb(db), {
    numbers: f.numbers,
    categoryIds: f.categoryIds,
    createdFrom: iso(f.createdFrom),
    createdTo: iso(f.createdTo),
    statuses: f.status === 'open' ? OPEN_STATUSES : f.status === 'closed' ? CLOSED_STATUSES : undefined,
    limit: f.limit,
    offset: f.offset,
  });
  const photos = f.linkBase ? await publicPhotoUrls(db, rows, f.linkBase) : null;
  const out = rows as Open311ConcernWithPhotos[];
  for (const c of out) c.photos = photos?.get(c.id) ?? [];
  return out;
}

/**
 * The database's plan for listConcernsForOpen311's query with these filters (SQLite: EXPLAIN QUERY PLAN details;
 * PostgreSQL: EXPLAIN, or EXPLAIN ANALYZE with `analyze`), one line per plan row — for tests and the bench.
 */
export async function explainConcernsForOpen311(db: AnyTenantDb, f: Omit<Open311ListInput, 'linkBase'>, opts: { analyze?: boolean } = {}): Promise<string> {
  const compiled = q
    .open311ListQuery(tdb(db), {
      numbers: f.numbers,
      categoryIds: f.categoryIds,
      createdFrom: iso(f.createdFrom),
      createdTo: iso(f.createdTo),
      statuses: f.status === 'open' ? OPEN_STATUSES : f.status === 'closed' ? CLOSED_STATUSES : undefined,
      limit: f.limit,
      offset: f.offset,
    })
    .compile();
  const pg = dialectOf(db) === 'postgres';
  const prefix = pg ? (opts.analyze ? 'explain (analyze, costs off, timing off) ' : 'explain ') : 'explain query plan ';
  const r = await (db as Kysely<any>).executeQuery<Record<string, unknown>>({ ...compiled, sql: prefix + compiled.sql });
  return r.rows.map((row) => String(pg ? row['QUERY PLAN'] : row.detail)).join('\n');
}

/** getPublicConcern with photo URLs (for Open311 `requests/{id}` and `service_request_id`). */
export async function getPublicConcernWithPhotos(db: AnyTenantDb, number: string, linkBase: string): Promise<{ concern: PublicConcernWithPhotos; events: ConcernEvent[] } | null> {
  const r = await getPublicConcern(db, number);
  if (!r) return null;
  return { concern: { ...r.concern, photos: (await publicPhotoUrls(db, [r.concern], linkBase)).get(r.concern.id) ?? [] }, events: r.events };
}

function hostOf(source: string): string {
  try {
    return new URL(source).host || source;
  } catch {
    return source;
  }
}

/** The system actor of an external system: audit `{ id: null, label: 'open311:<host>' }`, same label on the timeline. */
function externalActor(source: string): { id: null; label: string } {
  return { id: null, label: `open311:${hostOf(source)}` };
}

export interface ExternalStatusInput {
  status: 'open' | 'closed';
  /** The external system's status notes (public there, shown publicly here). */
  notes: string | null;
  /** When it changed there (its updated_datetime), if known. */
  at: string | null;
  /** The external endpoint (URL) the status came from. */
  source: string;
  /** Origin for the link in the e-mail to subscribers; without it no e-mail is queued. */
  linkBase?: string | null | undefined;
}

export interface ExternalStatusResult {
  /** False when this exact external state was recorded before (nothing written). */
  recorded: boolean;
  /** True when the concern moved to resolved. */
  resolved: boolean;
  status: Status;
}

/**
 * Writes a status reported by an external system (Open311 pull) back to the concern, as a system actor: a public
 * timeline entry with the external notes; when the external side closed it, the concern moves to resolved through
 * the workflow rules (only from a state that may go to resolved — otherwise the entry is a public note only).
 * Subscribers are e-mailed like for any public change. Idempotent per (source, status, notes, at).
 */
export async function recordExternalStatus(db: AnyTenantDb, concernId: string, input: ExternalStatusInput): Promise<ExternalStatusResult> {
  const d = tdb(db);
  const c = await q.findConcern(d, concernId);
  if (!c) throw errors.notFound('concern');
  const actor = externalActor(input.source);
  const notes = trimOrNull(input.notes)?.slice(0, 4000) ?? null;
  const mark = { source: hostOf(input.source), externalStatus: input.status, externalAt: input.at, externalNotes: notes };
  const events = await q.listEvents(d, c.id);
  const last = [...events].reverse().find((e) => e.data.source === mark.source && 'externalStatus' in e.data);
  if (last && last.data.externalStatus === mark.externalStatus && last.data.externalAt === mark.externalAt && (last.data.externalNotes ?? null) === notes) {
    return { recorded: false, resolved: false, status: c.status };
  }
  const resolve = input.status === 'closed' && canTransition(c.status, 'resolved');
  const now = nowIso();
  const eventId = newEventId();
  const updated = await d.transaction().execute(async (trx) => {
    if (resolve) await q.updateConcern(trx, c.id, { status: 'resolved', status_reason: null, closed_at: now, updated_at: now });
    else await q.updateConcern(trx, c.id, { updated_at: now });
    await q.insertEvent(trx, {
      id: eventId,
      concernId: c.id,
      at: now,
      kind: resolve ? 'status' : 'note',
      visibility: 'public',
      actorId: null,
      actorLabel: actor.label,
      ...(resolve ? { fromStatus: c.status, toStatus: 'resolved' as Status } : {}),
      text: notes ?? (resolve ? null : `${mark.source}: ${input.status}`),
      data: mark,
    });
    await q.markFirstAnswer(trx, c.id, now);
    const after = (await q.findConcern(trx, c.id))!;
    await recordAudit(auditDb(trx), {
      actor,
      entityType: 'concern',
      entityId: c.id,
      action: resolve ? 'status:resolved' : 'note:public',
      changes: resolve ? diff(snapOf(c), snapOf(after)) : { externalStatus: { from: null, to: input.status }, noteLength: { from: null, to: notes?.length ?? 0 } },
    });
    if (input.linkBase) await queueNotification(trx, { concernId: c.id, eventId, linkBase: input.linkBase });
    return after;
  });
  if (resolve) await reindex(db, updated);
  return { recorded: true, resolved: resolve, status: updated.status };
}

/**
 * Records that a concern was handed to an external system (Open311 POST accepted): status forwarded when the
 * workflow allows it from the current state (public timeline entry "forwarded to <host>", e-mail to subscribers),
 * otherwise an internal note only. The concern's department (access scope) does not change. Returns whether the
 * status changed.
 */
export async function markForwarded(db: AnyTenantDb, concernId: string, input: { endpoint: string; externalId: string | null; linkBase?: string | null | undefined }): Promise<boolean> {
  const d = tdb(db);
  const c = await q.findConcern(d, concernId);
  if (!c) throw errors.notFound('concern');
  const actor = externalActor(input.endpoint);
  const host = hostOf(input.endpoint);
  const allowed = canTransition(c.status, 'forwarded');
  const now = nowIso();
  const eventId = newEventId();
  const updated = await d.transaction().execute(async (trx) => {
    if (allowed) await q.updateConcern(trx, c.id, { status: 'forwarded', status_reason: null, closed_at: null, updated_at: now });
    await q.insertEvent(trx, {
      id: eventId,
      concernId: c.id,
      at: now,
      kind: allowed ? 'forward' : 'note',
      visibility: allowed ? 'public' : 'internal',
      actorId: null,
      actorLabel: actor.label,
      ...(allowed ? { fromStatus: c.status, toStatus: 'forwarded' as Status } : {}),
      text: allowed ? null : `${host}: ${input.externalId ?? '–'}`,
      data: { department: host, source: host, externalId: input.externalId },
    });
    const after = (await q.findConcern(trx, c.id))!;
    await recordAudit(auditDb(trx), { actor, entityType: 'concern', entityId: c.id, action: allowed ? 'status:forwarded' : 'note:internal', changes: { ...diff(snapOf(c), snapOf(after)), externalId: { from: null, to: input.externalId } } });
    if (allowed && input.linkBase) await queueNotification(trx, { concernId: c.id, eventId, linkBase: input.linkBase });
    return after;
  });
  if (allowed) await reindex(db, updated);
  return allowed;
}

/* ================================================================ search index */

async function reindex(db: AnyTenantDb, c: Concern, category?: Category | null): Promise<void> {
  if (!c.public || c.status === 'duplicate') {
    await removeDocument(db, 'concern', c.id);
    return;
  }
  const cat = category ?? (await q.findCategory(tdb(db), c.categoryId));
  await indexDocument(db, {
    docType: 'concern',
    docId: c.id,
    visibility: 'public',
    areaIds: c.areaId ? [c.areaId] : [],
    title: `${c.number} ${cat?.labels.de ?? ''}`.trim(),
    body: [c.description, c.districtName].filter(Boolean).join('\n'),
    url: `/concerns/${c.number}`,
  });
}
