/**
 * SQL of the concerns module. Every function takes a tenant-bound handle (or a transaction opened on one): the
 * handle fills in and filters tenant_id. No business rules here: services decide.
 */
import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import { dialectOf, fromJson, toBool, toCount, toJson } from '../../platform/db/dialect';
import { arrayRows } from '../../platform/db/connection';
import { isLocale } from '../../platform/i18n';
import type { ConcernTable, ConcernsTables } from './concerns.tables';
import type { Answers, Category, Channel, Concern, ConcernEvent, Open311Concern, PublicConcern, Question, Status, Supporter } from './concerns.types';

export type Db = Kysely<ConcernsTables>;

/* ---------------------------------------------------------------- categories */

type CategoryRow = ConcernsTables['concern_categories'];

function toCategory(r: CategoryRow): Category {
  return {
    id: r.id,
    key: r.key,
    labels: { de: r.label_de, en: r.label_en, ar: r.label_ar },
    department: r.department,
    handlingDays: Number(r.handling_days),
    questions: fromJson<Question[]>(r.questions, []),
    open311: { endpoint: r.open311_endpoint, serviceCode: r.open311_service_code, jurisdictionId: r.open311_jurisdiction_id },
    active: toBool(r.active),
    sortOrder: Number(r.sort_order),
  };
}

export async function listCategories(db: Db, opts: { activeOnly?: boolean } = {}): Promise<Category[]> {
  let q = db.selectFrom('concern_categories').selectAll();
  if (opts.activeOnly) q = q.where('active', '=', true as never);
  return (await q.orderBy('sort_order').orderBy('label_de').execute()).map(toCategory);
}

export async function countCategories(db: Db): Promise<number> {
  const r = await db.selectFrom('concern_categories').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
  return toCount(r?.n);
}

export async function findCategory(db: Db, id: string): Promise<Category | null> {
  const r = await db.selectFrom('concern_categories').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toCategory(r) : null;
}

export interface NewCategory {
  id: string;
  key: string;
  labels: Category['labels'];
  department: string | null;
  handlingDays: number;
  questions: Question[];
  sortOrder: number;
}

/** Inserts categories whose key is not taken yet (concurrent seeds do not collide). */
export async function insertCategories(db: Db, rows: NewCategory[]): Promise<void> {
  for (const c of rows) {
    await db
      .insertInto('concern_categories')
      .values({
        id: c.id,
        key: c.key,
        label_de: c.labels.de,
        label_en: c.labels.en,
        label_ar: c.labels.ar,
        department: c.department,
        handling_days: c.handlingDays,
        questions: toJson(c.questions),
        sort_order: c.sortOrder,
      } as never)
      .onConflict((oc) => oc.columns(['tenant_id', 'key'] as never).doNothing())
      .execute();
  }
}

/* ---------------------------------------------------------------- numbers */

/**
 * The next sequence number of a year: one atomic upsert (INSERT … ON CONFLICT DO UPDATE … RETURNING). PostgreSQL
 * locks the counter row until the transaction ends; SQLite runs one writer at a time. No gaps are promised.
 */
export async function nextSequence(db: Db, year: number): Promise<number> {
  const r = await db
    .insertInto('concern_counters')
    .values({ year, last: 1 } as never)
    .onConflict((oc) => oc.columns(['tenant_id', 'year'] as never).doUpdateSet({ last: sql<number>`concern_counters.last + 1` }))
    .returning('last')
    .executeTakeFirstOrThrow();
  return Number(r.last);
}

/* ---------------------------------------------------------------- concerns */

type ConcernRow = ConcernTable;

export function toConcern(r: ConcernRow): Concern {
  return {
    ...toPublicConcern(r),
    channel: r.channel as Channel,
    assigneeId: r.assignee_id,
    dueDate: r.due_date,
    public: toBool(r.public),
    submitter: { name: r.submitter_name, email: r.submitter_email, phone: r.submitter_phone, locale: isLocale(r.submitter_locale) ? r.submitter_locale : null },
    subscribed: toBool(r.subscribed),
    emailConfirmedAt: r.email_confirmed_at,
    createdBy: r.created_by,
    anonymisedAt: r.anonymised_at,
  };
}

export type ConcernRecord = Omit<ConcernRow, 'tenant_id' | 'updated_at' | 'closed_at' | 'anonymised_at' | 'support_count' | 'email_confirmed_at' | 'first_answer_at'>;

export async function insertConcern(db: Db, rec: ConcernRecord): Promise<void> {
  await db.insertInto('concerns').values({ ...rec, updated_at: rec.created_at } as never).execute();
}

export async function findConcern(db: Db, id: string): Promise<Concern | null> {
  const r = await db.selectFrom('concerns').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toConcern(r) : null;
}

export async function findConcernByNumber(db: Db, number: string): Promise<Concern | null> {
  const r = await db.selectFrom('concerns').selectAll().where('number', '=', number).executeTakeFirst();
  return r ? toConcern(r) : null;
}

export async function findConcernsByIds(db: Db, ids: string[]): Promise<Concern[]> {
  if (ids.length === 0) return [];
  return (await db.selectFrom('concerns').selectAll().where('id', 'in', ids).execute()).map(toConcern);
}

export async function updateConcern(db: Db, id: string, patch: Partial<Omit<ConcernRow, 'tenant_id' | 'id' | 'number'>>): Promise<void> {
  await db
    .updateTable('concerns')
    .set({ ...patch, updated_at: patch.updated_at ?? new Date().toISOString() } as never)
    .where('id', '=', id)
    .execute();
}

/**
 * Records the first public answer of staff (call it in the transaction that writes that answer's timeline event):
 * sets first_answer_at only while it is still empty, so a later answer never overwrites it.
 */
export async function markFirstAnswer(db: Db, id: string, at: string): Promise<void> {
  await db.updateTable('concerns').set({ first_answer_at: at }).where('id', '=', id).where('first_answer_at', 'is', null).execute();
}

export type SortKey = 'newest' | 'oldest' | 'due' | 'support' | 'number';

export interface ConcernFilter {
  /** Access scope: everything, or concerns in these areas or forwarded to these departments. */
  scope: 'all' | { areaIds: string[]; departments: string[] };
  publicOnly?: boolean;
  areaId?: string | undefined;
  districtNumber?: number | undefined;
  categoryId?: string | undefined;
  statuses?: Status[] | undefined;
  /** A user id, or 'none' for unassigned. */
  assignee?: string | undefined;
  createdBefore?: string | undefined;
  createdAfter?: string | undefined;
  /** Concerns still open whose due date lies before this date (YYYY-MM-DD). */
  overdueOn?: string | undefined;
  openStatuses?: readonly Status[];
  sort?: SortKey;
  limit?: number;
  offset?: number;
}

function filtered(db: Db, f: ConcernFilter): SelectQueryBuilder<ConcernsTables, 'concerns', object> {
  let q = db.selectFrom('concerns');
  if (f.scope !== 'all') {
    const { areaIds, departments } = f.scope;
    if (areaIds.length === 0 && departments.length === 0) q = q.where(sql<boolean>`1 = 0`);
    else
      q = q.where((eb) =>
        eb.or([
          ...(areaIds.length ? [eb('area_id', 'in', areaIds)] : []),
          ...(departments.length ? [eb('department', 'in', departments)] : []),
        ]),
      );
  }
  if (f.publicOnly) q = q.where('public', '=', true as never);
  if (f.areaId) q = q.where('area_id', '=', f.areaId);
  if (f.districtNumber !== undefined) q = q.where('district_number', '=', f.districtNumber);
  if (f.categoryId) q = q.where('category_id', '=', f.categoryId);
  if (f.statuses?.length) q = q.where('status', 'in', f.statuses);
  if (f.assignee === 'none') q = q.where('assignee_id', 'is', null);
  else if (f.assignee) q = q.where('assignee_id', '=', f.assignee);
  if (f.createdBefore) q = q.where('created_at', '<', f.createdBefore);
  if (f.createdAfter) q = q.where('created_at', '>=', f.createdAfter);
  if (f.overdueOn) q = q.where('due_date', '<', f.overdueOn).where('status', 'in', [...(f.openStatuses ?? [])]);
  return q as SelectQueryBuilder<ConcernsTables, 'concerns', object>;
}

export async function listConcerns(db: Db, f: ConcernFilter): Promise<{ total: number; items: Concern[] }> {
  const [[{ n } = { n: 0 }], items] = await Promise.all([filtered(db, f).select((eb) => eb.fn.countAll().as('n')).execute(), listConcernPage(db, f)]);
  return { total: toCount(n), items };
}

/** One page of listConcerns without the count (sorted, limit and offset of the filter). */
export async function listConcernPage(db: Db, f: ConcernFilter): Promise<Concern[]> {
  let q = filtered(db, f).selectAll();
  switch (f.sort ?? 'newest') {
    case 'oldest':
      q = q.orderBy('created_at', 'asc');
      break;
    case 'due':
      q = q.orderBy(sql`case when due_date is null then 1 else 0 end`).orderBy('due_date', 'asc');
      break;
    case 'support':
      q = q.orderBy('support_count', 'desc');
      break;
    case 'number':
      q = q.orderBy('number', 'desc');
      break;
    default:
      break;
  }
  const rows = await q
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(f.limit ?? 25)
    .offset(f.offset ?? 0)
    .execute();
  return rows.map((r) => toConcern(r as ConcernRow));
}

/** One concern as a map point: position, public number, category, status and support count — nothing else. */
export interface MapRow {
  id: string;
  number: string;
  lat: number;
  lon: number;
  categoryId: string;
  status: Status;
  supportCount: number;
}

/** A box in degrees: [west, south, east, north]. */
export type MapBox = [number, number, number, number];

/**
 * What must never be drawn on a public map: hidden concerns, merged duplicates and concerns with a redaction (the
 * removed data could be their place). The redacted ones are found once through concern_events_kind_ix (a few rows)
 * — `id not in (…)` is one hashed/materialised subquery on both databases, not a look-up per concern.
 */
function publicMapOnly<Q extends SelectQueryBuilder<ConcernsTables, 'concerns', object>>(q: Q): Q {
  return q
    .where('public', '=', true as never)
    .where('status', '!=', 'duplicate')
    .where('id', 'not in', (eb) => eb.selectFrom('concern_events').select('concern_events.concern_id').where('concern_events.kind', '=', 'redaction')) as Q;
}

/** One grid cell of a map: how many concerns lie in it, their box and centre; the concern itself when it is alone. */
export interface MapCell {
  count: number;
  /** Sum of the support counts. */
  weight: number;
  /** Box of the members: [west, south, east, north]. */
  members: MapBox;
  /** Centre of the members' box (where the cluster is drawn). */
  lat: number;
  lon: number;
  /** The cell's column and row in the grid ("cx-cy"): a stable name for the group. */
  cell: string;
  /** The concern, when it is the cell's only member. */
  row: MapRow | null;
}

/**
 * The located concerns of a filter in `bbox`, counted per grid cell in SQL (`lonStep` × `latStep` degrees, cells
 * counted from 180° W / 90° S so they do not move with the view): the count, the members' box and support,
 * and — for a cell with one concern — that concern's map row. Served from concerns_public_map_ix alone (tenant,
 * area, public, lat, lon, status, category, support, id) for an area; every concern of the filter is counted,
 * nothing is sampled.
 */
export async function listMapCells(db: Db, f: ConcernFilter & { publicMap?: boolean }, grid: { bbox: MapBox; lonStep: number; latStep: number }): Promise<MapCell[]> {
  const pg = dialectOf(db) === 'postgres';
  const [west, south, east, north] = grid.bbox;
  // Cell numbers: whole multiples of the step from the origin (the value is never negative, so a cast truncates).
  const cell = (column: 'lat' | 'lon', origin: number, step: number) =>
    pg ? sql<number>`floor((${sql.ref(column)} + ${origin}) / ${step})::integer` : sql<number>`cast((${sql.ref(column)} + ${origin}) / ${step} as integer)`;
  let q = filtered(db, f).where('lat', '>=', south).where('lat', '<=', north).where('lon', '>=', west).where('lon', '<=', east);
  if (f.publicMap) q = publicMapOnly(q);
  const rows = await q
    .select((eb) => [
      cell('lon', 180, grid.lonStep).as('cx'),
      cell('lat', 90, grid.latStep).as('cy'),
      eb.fn.countAll().as('n'),
      eb.fn.sum<number>('support_count').as('w'),
      eb.fn.min<number>('lat').as('s'),
      eb.fn.max<number>('lat').as('nn'),
      eb.fn.min<number>('lon').as('wl'),
      eb.fn.max<number>('lon').as('el'),
    ])
    .groupBy(['cx', 'cy'] as never)
    .execute();
  // The map rows of the cells with one concern, found by their position (the cell's box is that one point) under
  // the same filter; at most one cell per CELL × CELL canvas units, so a few hundred at most.
  const key = (lat: unknown, lon: unknown) => `${Number(lat)} ${Number(lon)}`;
  const single = rows.filter((r) => toCount(r.n) === 1);
  const details = new Map<string, MapRow>();
  for (let i = 0; i < single.length; i += 200) {
    const part = single.slice(i, i + 200);
    let dq = filtered(db, f).where((eb) => eb.or(part.map((r) => eb.and([eb('lat', '=', Number(r.s)), eb('lon', '=', Number(r.wl))]))));
    if (f.publicMap) dq = publicMapOnly(dq);
    for (const r of await dq.select(['id', 'number', 'lat', 'lon', 'category_id', 'status', 'support_count']).execute()) {
      details.set(key(r.lat, r.lon), { id: r.id, number: r.number, lat: Number(r.lat), lon: Number(r.lon), categoryId: r.category_id, status: r.status as Status, supportCount: Number(r.support_count) });
    }
  }
  return rows.map((r) => {
    const count = toCount(r.n);
    return {
      count,
      weight: Number(r.w ?? 0),
      members: [Number(r.wl), Number(r.s), Number(r.el), Number(r.nn)],
      lat: (Number(r.s) + Number(r.nn)) / 2,
      lon: (Number(r.wl) + Number(r.el)) / 2,
      cell: `${r.cx}-${r.cy}`,
      row: count === 1 ? (details.get(key(r.s, r.wl)) ?? null) : null,
    };
  });
}

/**
 * Published concerns of one programme area (optionally of one category and some statuses), counted from the
 * monthly roll-up that database triggers keep exact (concern_month_counts, ADR 0026: public concerns with an area,
 * by area, month, category and status) — the same number as count(*) over the concerns, read from a few hundred
 * buckets instead of every concern.
 */
export async function countPublicInArea(db: Db, f: { areaId: string; categoryId?: string | undefined; statuses?: Status[] | undefined }): Promise<number> {
  const rdb = db as unknown as Kysely<{ concern_month_counts: { tenant_id: string; area_id: string; month: string; category_id: string; status: string; n: number } }>;
  let q = rdb.selectFrom('concern_month_counts').select((eb) => eb.fn.sum<number>('n').as('n')).where('area_id', '=', f.areaId);
  if (f.categoryId) q = q.where('category_id', '=', f.categoryId);
  if (f.statuses?.length) q = q.where('status', 'in', f.statuses);
  const r = await q.executeTakeFirst();
  return toCount(r?.n ?? 0);
}

/**
 * The located concerns of a filter for a map (no paging: newest first, at most `limit`). `publicMap` leaves out
 * what must never be drawn on a public map: hidden concerns, merged duplicates and concerns with a redaction (the
 * removed data could be their place).
 */
export async function listMapRows(db: Db, f: ConcernFilter & { publicMap?: boolean; bbox?: MapBox }, limit: number): Promise<{ rows: MapRow[]; more: boolean }> {
  // "lat + lon is not null" (both given) rather than two range-like terms: SQLite would otherwise read the area
  // through concerns_public_map_ix (a range over lat) and sort it, instead of reading the newest first by date.
  let q = filtered(db, f).where(sql<boolean>`(lat + lon) is not null`);
  if (f.publicMap) q = publicMapOnly(q);
  if (f.bbox) q = q.where('lat', '>=', f.bbox[1]).where('lat', '<=', f.bbox[3]).where('lon', '>=', f.bbox[0]).where('lon', '<=', f.bbox[2]);
  const rows = await q
    .select(['id', 'number', 'lat', 'lon', 'category_id', 'status', 'support_count'])
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(limit + 1)
    .execute();
  return {
    rows: rows.slice(0, limit).map((r) => ({ id: r.id, number: r.number, lat: Number(r.lat), lon: Number(r.lon), categoryId: r.category_id, status: r.status as Status, supportCount: Number(r.support_count) })),
    more: rows.length > limit,
  };
}

/** Candidates for duplicate suggestions: same category, created since `since`, open, optionally near a point. */
export async function duplicateCandidates(
  db: Db,
  c: { categoryId: string; since: string; statuses: readonly Status[]; box?: { south: number; north: number; west: number; east: number }; districtNumber?: number | null },
): Promise<Concern[]> {
  let q = db
    .selectFrom('concerns')
    .selectAll()
    .where('category_id', '=', c.categoryId)
    .where('created_at', '>=', c.since)
    .where('status', 'in', [...c.statuses])
    .where('public', '=', true as never);
  if (c.box) q = q.where('lat', '>=', c.box.south).where('lat', '<=', c.box.north).where('lon', '>=', c.box.west).where('lon', '<=', c.box.east);
  else if (c.districtNumber !== undefined && c.districtNumber !== null) q = q.where('district_number', '=', c.districtNumber);
  else return [];
  return (await q.orderBy('created_at', 'desc').limit(50).execute()).map(toConcern);
}

/** Closed concerns, not yet anonymised, closed before `before`. */
export async function closedBefore(db: Db, before: string, limit = 500): Promise<string[]> {
  const rows = await db
    .selectFrom('concerns')
    .select('id')
    .where('closed_at', 'is not', null)
    .where('closed_at', '<', before)
    .where('anonymised_at', 'is', null)
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

export interface Open311ListFilter {
  numbers?: string[] | undefined;
  categoryIds?: string[] | undefined;
  /** Inclusive (ISO instant). */
  createdFrom: string;
  /** Inclusive (ISO instant). */
  createdTo: string;
  statuses?: readonly Status[] | undefined;
  limit: number;
  offset: number;
}

/** The fields a public concern is made of (the staff record adds submitter data and internal fields). */
type PublicRow = Pick<
  ConcernRow,
  | 'id'
  | 'number'
  | 'category_id'
  | 'description'
  | 'answers'
  | 'lat'
  | 'lon'
  | 'address'
  | 'district_number'
  | 'district_name'
  | 'area_id'
  | 'status'
  | 'status_reason'
  | 'duplicate_of'
  | 'department'
  | 'support_count'
  | 'created_at'
  | 'updated_at'
  | 'closed_at'
>;

function toPublicConcern(r: PublicRow): PublicConcern {
  return {
    id: r.id,
    number: r.number,
    categoryId: r.category_id,
    description: r.description,
    answers: fromJson<Answers>(r.answers, {}),
    lat: r.lat === null ? null : Number(r.lat),
    lon: r.lon === null ? null : Number(r.lon),
    address: r.address,
    districtNumber: r.district_number === null ? null : Number(r.district_number),
    districtName: r.district_name,
    areaId: r.area_id,
    status: r.status as Status,
    statusReason: r.status_reason,
    duplicateOf: r.duplicate_of,
    department: r.department,
    supportCount: Number(r.support_count),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    closedAt: r.closed_at,
  };
}

/** The columns of an Open311 service request (fewer than a public concern: no answers, area, supporters). */
const OPEN311_COLUMNS = [
  'id',
  'number',
  'category_id',
  'description',
  'lat',
  'lon',
  'address',
  'district_number',
  'district_name',
  'status',
  'status_reason',
  'department',
  'created_at',
  'updated_at',
  'closed_at',
] as const;

/** A row of OPEN311_COLUMNS as an array (arrayRows), in that order. */
type Open311Row = [
  id: string,
  number: string,
  categoryId: string,
  description: string,
  lat: number | null,
  lon: number | null,
  address: string | null,
  districtNumber: number | null,
  districtName: string | null,
  status: string,
  statusReason: string | null,
  department: string | null,
  createdAt: string,
  updatedAt: string,
  closedAt: string | null,
];

function toOpen311Concern(r: Open311Row): Open311Concern {
  return {
    id: r[0],
    number: r[1],
    categoryId: r[2],
    description: r[3],
    lat: r[4] === null ? null : Number(r[4]),
    lon: r[5] === null ? null : Number(r[5]),
    address: r[6],
    districtNumber: r[7] === null ? null : Number(r[7]),
    districtName: r[8],
    status: r[9] as Status,
    statusReason: r[10],
    department: r[11],
    createdAt: r[12],
    updatedAt: r[13],
    closedAt: r[14],
  };
}

/**
 * Public concerns for Open311 GET requests: every filter in SQL, newest first by (created_at desc, id desc), no
 * count. Served by concerns_public_created_ix / concerns_category_public_ix (migration 2026_11_25_1900): the
 * rows come in index order, so the database stops after offset + limit matches.
 */
export function open311ListQuery(db: Db, f: Open311ListFilter) {
  let q = db
    .selectFrom('concerns')
    .select([...OPEN311_COLUMNS])
    .where('public', '=', true as never)
    .where('created_at', '>=', f.createdFrom)
    .where('created_at', '<=', f.createdTo);
  if (f.categoryIds) q = f.categoryIds.length === 1 ? q.where('category_id', '=', f.categoryIds[0]!) : q.where('category_id', 'in', f.categoryIds);
  if (f.numbers) q = q.where('number', 'in', f.numbers);
  if (f.statuses?.length) q = q.where('status', 'in', [...f.statuses]);
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(f.limit).offset(f.offset);
}

export async function listForOpen311(db: Db, f: Open311ListFilter): Promise<Open311Concern[]> {
  if (f.categoryIds?.length === 0 || f.numbers?.length === 0 || f.limit <= 0) return [];
  // Rows as arrays: a list of 1,000 answers is read without building an object per row first (arrayRows).
  return (await arrayRows<Open311Row>(db as never, open311ListQuery(db, f))).map(toOpen311Concern);
}


/* ---------------------------------------------------------------- events */

export interface NewEvent {
  id: string;
  concernId: string;
  at: string;
  kind: ConcernEvent['kind'];
  visibility: 'public' | 'internal';
  actorId: string | null;
  actorLabel: string;
  fromStatus?: Status | null;
  toStatus?: Status | null;
  text?: string | null;
  data?: Record<string, unknown>;
}

export async function insertEvent(db: Db, e: NewEvent): Promise<void> {
  await db
    .insertInto('concern_events')
    .values({
      id: e.id,
      concern_id: e.concernId,
      at: e.at,
      kind: e.kind,
      visibility: e.visibility,
      actor_id: e.actorId,
      actor_label: e.actorLabel,
      from_status: e.fromStatus ?? null,
      to_status: e.toStatus ?? null,
      text: e.text ?? null,
      data: toJson(e.data ?? {}),
    } as never)
    .execute();
}

export async function listEvents(db: Db, concernId: string, opts: { publicOnly?: boolean } = {}): Promise<ConcernEvent[]> {
  let q = db.selectFrom('concern_events').selectAll().where('concern_id', '=', concernId);
  if (opts.publicOnly) q = q.where('visibility', '=', 'public');
  const rows = await q.orderBy('at').orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    kind: r.kind as ConcernEvent['kind'],
    visibility: r.visibility,
    actorId: r.actor_id,
    actorLabel: r.actor_label,
    fromStatus: r.from_status as Status | null,
    toStatus: r.to_status as Status | null,
    text: r.text,
    data: fromJson<Record<string, unknown>>(r.data, {}),
  }));
}

/** Moves every event of one concern to another (merge). */
export async function moveEvents(db: Db, fromId: string, toId: string): Promise<void> {
  await db.updateTable('concern_events').set({ concern_id: toId }).where('concern_id', '=', fromId).execute();
}

export async function updateEventText(db: Db, id: string, text: string | null, data: Record<string, unknown>): Promise<void> {
  await db.updateTable('concern_events').set({ text, data: toJson(data) } as never).where('id', '=', id).execute();
}

/* ---------------------------------------------------------------- supporters */

function toSupporter(r: ConcernsTables['concern_supporters']): Supporter {
  return { id: r.id, fingerprint: r.fingerprint, email: r.email, locale: isLocale(r.locale) ? r.locale : null, emailConfirmedAt: r.email_confirmed_at, createdAt: r.created_at };
}

export async function listSupporters(db: Db, concernId: string): Promise<Supporter[]> {
  return (await db.selectFrom('concern_supporters').selectAll().where('concern_id', '=', concernId).orderBy('created_at').execute()).map(toSupporter);
}

export async function findSupporter(db: Db, concernId: string, fingerprint: string): Promise<Supporter | null> {
  const r = await db.selectFrom('concern_supporters').selectAll().where('concern_id', '=', concernId).where('fingerprint', '=', fingerprint).executeTakeFirst();
  return r ? toSupporter(r) : null;
}

export async function findSupporterById(db: Db, id: string): Promise<Supporter | null> {
  const r = await db.selectFrom('concern_supporters').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toSupporter(r) : null;
}

export async function countIpSupports(db: Db, concernId: string, ipHash: string): Promise<number> {
  const r = await db
    .selectFrom('concern_supporters')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('concern_id', '=', concernId)
    .where('ip_hash', '=', ipHash)
    .executeTakeFirst();
  return toCount(r?.n);
}

export interface NewSupporter {
  id: string;
  concernId: string;
  fingerprint: string;
  ipHash: string | null;
  email: string | null;
  locale: string | null;
  emailConfirmedAt?: string | null;
  createdAt: string;
}

/** Inserts unless this fingerprint already supports the concern; true when a row was added. */
export async function insertSupporter(db: Db, s: NewSupporter): Promise<boolean> {
  const r = await db
    .insertInto('concern_supporters')
    .values({
      id: s.id,
      concern_id: s.concernId,
      fingerprint: s.fingerprint,
      ip_hash: s.ipHash,
      email: s.email,
      locale: s.locale,
      email_confirmed_at: s.emailConfirmedAt ?? null,
      created_at: s.createdAt,
    } as never)
    .onConflict((oc) => oc.columns(['tenant_id', 'concern_id', 'fingerprint'] as never).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
}

export async function updateSupporter(db: Db, id: string, patch: { email?: string | null; locale?: string | null; email_confirmed_at?: string | null; concern_id?: string; fingerprint?: string }): Promise<void> {
  await db.updateTable('concern_supporters').set(patch).where('id', '=', id).execute();
}

export async function deleteSupporter(db: Db, id: string): Promise<void> {
  await db.deleteFrom('concern_supporters').where('id', '=', id).execute();
}

export async function countSupporters(db: Db, concernId: string): Promise<number> {
  const r = await db.selectFrom('concern_supporters').select((eb) => eb.fn.countAll().as('n')).where('concern_id', '=', concernId).executeTakeFirst();
  return toCount(r?.n);
}

/** Erases follower e-mail addresses of the given concerns (anonymisation). */
export async function eraseFollowerEmails(db: Db, concernId: string): Promise<void> {
  await db.updateTable('concern_supporters').set({ email: null, email_confirmed_at: null, ip_hash: null }).where('concern_id', '=', concernId).execute();
}

/* ---------------------------------------------------------------- one person's data (residents' accounts, ADR 0022) */

/** The concerns an address submitted (`emails`: the spellings to match, already normalised). */
export async function concernsBySubmitterEmail(db: Db, emails: string[]) {
  if (emails.length === 0) return [];
  return db
    .selectFrom('concerns')
    .innerJoin('concern_categories', (j) => j.onRef('concern_categories.tenant_id', '=', 'concerns.tenant_id').onRef('concern_categories.id', '=', 'concerns.category_id'))
    .select([
      'concerns.id',
      'concerns.number',
      'concern_categories.key as category_key',
      'concern_categories.label_de as category_label',
      'concerns.description',
      'concerns.address',
      'concerns.district_name',
      'concerns.status',
      'concerns.public',
      'concerns.submitter_name',
      'concerns.submitter_phone',
      'concerns.submitter_locale',
      'concerns.subscribed',
      'concerns.email_confirmed_at',
      'concerns.created_at',
      'concerns.updated_at',
      'concerns.closed_at',
    ])
    .where('concerns.submitter_email', 'in', emails)
    .orderBy('concerns.created_at')
    .execute();
}

/** The supporter rows (supports that follow by e-mail) of an address, with the concern's public number. */
export async function supportersByEmail(db: Db, emails: string[]) {
  if (emails.length === 0) return [];
  return db
    .selectFrom('concern_supporters')
    .innerJoin('concerns', (j) => j.onRef('concerns.tenant_id', '=', 'concern_supporters.tenant_id').onRef('concerns.id', '=', 'concern_supporters.concern_id'))
    .select(['concern_supporters.id', 'concern_supporters.concern_id', 'concerns.number', 'concern_supporters.email_confirmed_at', 'concern_supporters.created_at'])
    .where('concern_supporters.email', 'in', emails)
    .orderBy('concern_supporters.created_at')
    .execute();
}

/** Removes the address (and its language and day-address hash) from supporter rows; the rows stay and keep counting. */
export async function eraseSupporterEmails(db: Db, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const r = await db.updateTable('concern_supporters').set({ email: null, email_confirmed_at: null, locale: null, ip_hash: null }).where('id', 'in', ids).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Deletes pending confirmation links: the submitter's of these concerns, and the followers' of these supporter rows. */
export async function deletePersonTokens(db: Db, p: { submitterOf: string[]; supporterIds: string[] }): Promise<number> {
  let n = 0;
  if (p.submitterOf.length) n += Number((await db.deleteFrom('concern_tokens').where('kind', '=', 'submitter').where('concern_id', 'in', p.submitterOf).executeTakeFirst()).numDeletedRows);
  if (p.supporterIds.length) n += Number((await db.deleteFrom('concern_tokens').where('kind', '=', 'follower').where('supporter_id', 'in', p.supporterIds).executeTakeFirst()).numDeletedRows);
  return n;
}

/* ---------------------------------------------------------------- tokens */

export async function insertToken(db: Db, t: { hash: string; kind: 'submitter' | 'follower'; concernId: string; supporterId: string | null; expiresAt: string }): Promise<void> {
  await db
    .insertInto('concern_tokens')
    .values({ token_hash: t.hash, kind: t.kind, concern_id: t.concernId, supporter_id: t.supporterId, expires_at: t.expiresAt } as never)
    .execute();
}

export async function findToken(db: Db, hash: string) {
  return db.selectFrom('concern_tokens').selectAll().where('token_hash', '=', hash).executeTakeFirst();
}

export async function useToken(db: Db, hash: string, at: string): Promise<boolean> {
  const r = await db.updateTable('concern_tokens').set({ used_at: at }).where('token_hash', '=', hash).where('used_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function deleteTokensOf(db: Db, concernId: string): Promise<void> {
  await db.deleteFrom('concern_tokens').where('concern_id', '=', concernId).execute();
}

export async function moveTokens(db: Db, fromId: string, toId: string): Promise<void> {
  await db.updateTable('concern_tokens').set({ concern_id: toId }).where('concern_id', '=', fromId).execute();
}

export interface CategoryPatch {
  labels: Category['labels'];
  department: string | null;
  handlingDays: number;
  questions: Question[];
  active: boolean;
  open311: Category['open311'];
}

export async function updateCategory(db: Db, id: string, p: CategoryPatch): Promise<void> {
  await db
    .updateTable('concern_categories')
    .set({
      label_de: p.labels.de,
      label_en: p.labels.en,
      label_ar: p.labels.ar,
      department: p.department,
      handling_days: p.handlingDays,
      questions: toJson(p.questions),
      active: p.active,
      open311_endpoint: p.open311.endpoint,
      open311_service_code: p.open311.serviceCode,
      open311_jurisdiction_id: p.open311.jurisdictionId,
      updated_at: new Date().toISOString(),
    } as never)
    .where('id', '=', id)
    .execute();
}
