/**
 * SQL of the territory module. Every function takes a tenant-bound handle (or a transaction opened on one), so
 * tenant_id is filled in and filtered by the handle. No business rules here: services decide.
 */
import { sql, type Kysely } from 'kysely';
import { fromJson, nowIso, toBool, toJson } from '../../platform/db/dialect';
import type { AreaGeometry, BBox } from './territory.geo';
import type { AreaTable, TerritoryTables } from './territory.tables';
import type {
  AreaDistrictRef,
  AreaKind,
  Borough,
  BoroughWithGeometry,
  Coverage,
  District,
  DistrictWithGeometry,
  FundingPeriod,
  Office,
  ProgrammeArea,
  ProgrammeAreaWithGeometry,
  Street,
  Topic,
} from './territory.types';

export type Db = Kysely<TerritoryTables>;

/* ---------------------------------------------------------------- revision */

export async function getRevision(db: Db): Promise<number> {
  const row = await db.selectFrom('territory_state').select('revision').executeTakeFirst();
  return row ? Number(row.revision) : 0;
}

export async function bumpRevision(db: Db): Promise<void> {
  const r = await db
    .updateTable('territory_state')
    .set({ revision: sql<number>`revision + 1` })
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) await db.insertInto('territory_state').values({ revision: 1 } as never).execute();
}

/** The official municipality key (Amtlicher Gemeindeschlüssel) of the tenant's territory, when a data set gave one. */
export async function getMunicipalityKey(db: Db): Promise<string | null> {
  const row = await db.selectFrom('territory_state').select('municipality_key').executeTakeFirst();
  return row?.municipality_key ?? null;
}

export async function setMunicipalityKey(db: Db, key: string): Promise<void> {
  const r = await db.updateTable('territory_state').set({ municipality_key: key }).executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) await db.insertInto('territory_state').values({ revision: 0, municipality_key: key } as never).execute();
}

/* ---------------------------------------------------------------- boroughs and districts */

export async function listBoroughs(db: Db): Promise<Borough[]> {
  const rows = await db.selectFrom('territory_boroughs').select(['id', 'number', 'roman', 'name', 'area_km2', 'bbox']).orderBy('number').execute();
  return rows.map((r) => ({ id: r.id, number: Number(r.number), roman: r.roman, name: r.name, areaKm2: r.area_km2, bbox: fromJson<BBox>(r.bbox, [0, 0, 0, 0]) }));
}

export async function listBoroughsWithGeometry(db: Db): Promise<BoroughWithGeometry[]> {
  const rows = await db.selectFrom('territory_boroughs').selectAll().orderBy('number').execute();
  return rows.map((r) => ({
    id: r.id,
    number: Number(r.number),
    roman: r.roman,
    name: r.name,
    areaKm2: r.area_km2,
    bbox: fromJson<BBox>(r.bbox, [0, 0, 0, 0]),
    geometry: fromJson<AreaGeometry>(r.geometry, { type: 'MultiPolygon', coordinates: [] }),
  }));
}

function districtQuery(db: Db) {
  return db
    .selectFrom('territory_districts as d')
    .innerJoin('territory_boroughs as b', 'b.id', 'd.borough_id')
    .select(['d.id', 'd.number', 'd.name', 'd.area_km2', 'd.bbox', 'b.id as b_id', 'b.number as b_number', 'b.roman as b_roman', 'b.name as b_name']);
}

type DistrictRow = Awaited<ReturnType<ReturnType<typeof districtQuery>['execute']>>[number];

function toDistrict(r: DistrictRow): District {
  return {
    id: r.id,
    number: Number(r.number),
    name: r.name,
    borough: { id: r.b_id, number: Number(r.b_number), roman: r.b_roman, name: r.b_name },
    areaKm2: r.area_km2,
    bbox: fromJson<BBox>(r.bbox, [0, 0, 0, 0]),
  };
}

export async function listDistricts(db: Db): Promise<District[]> {
  const rows = await districtQuery(db).orderBy('d.number').execute();
  return rows.map(toDistrict);
}

export async function listDistrictsWithGeometry(db: Db): Promise<DistrictWithGeometry[]> {
  const rows = await districtQuery(db).select('d.geometry').orderBy('d.number').execute();
  return rows.map((r) => ({ ...toDistrict(r), geometry: fromJson<AreaGeometry>(r.geometry, { type: 'MultiPolygon', coordinates: [] }) }));
}

export async function countDistricts(db: Db): Promise<number> {
  const r = await db.selectFrom('territory_districts').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function boroughIdsByNumber(db: Db): Promise<Map<number, string>> {
  const rows = await db.selectFrom('territory_boroughs').select(['id', 'number']).execute();
  return new Map(rows.map((r) => [Number(r.number), r.id]));
}

export async function districtNumbersPresent(db: Db): Promise<Set<number>> {
  const rows = await db.selectFrom('territory_districts').select('number').execute();
  return new Set(rows.map((r) => Number(r.number)));
}

export interface NewBorough {
  id: string;
  number: number;
  roman: string;
  name: string;
  geometry: AreaGeometry;
  bbox: BBox;
  areaKm2: number | null;
}

export async function insertBorough(db: Db, b: NewBorough): Promise<void> {
  await db
    .insertInto('territory_boroughs')
    .values({ id: b.id, number: b.number, roman: b.roman, name: b.name, geometry: toJson(b.geometry), bbox: toJson(b.bbox), area_km2: b.areaKm2 } as never)
    .execute();
}

export interface NewDistrict {
  id: string;
  number: number;
  name: string;
  boroughId: string;
  geometry: AreaGeometry;
  bbox: BBox;
  areaKm2: number | null;
}

export async function insertDistricts(db: Db, ds: NewDistrict[]): Promise<void> {
  if (ds.length === 0) return;
  await db
    .insertInto('territory_districts')
    .values(
      ds.map((d) => ({ id: d.id, number: d.number, name: d.name, borough_id: d.boroughId, geometry: toJson(d.geometry), bbox: toJson(d.bbox), area_km2: d.areaKm2 })) as never,
    )
    .execute();
}

/* ---------------------------------------------------------------- streets */

export interface NewStreet {
  id: string;
  key: string;
  name: string;
  norm: string;
  fold: string;
  districtNumbers: number[];
  sourceStatus: string | null;
}

/** Inserts in batches (one statement per 400 rows: far below SQLite's and PostgreSQL's parameter limits). */
export async function insertStreets(db: Db, streets: NewStreet[]): Promise<void> {
  for (let i = 0; i < streets.length; i += 400) {
    const chunk = streets.slice(i, i + 400);
    await db
      .insertInto('territory_streets')
      .values(
        chunk.map((s) => ({
          id: s.id,
          key: s.key,
          name: s.name,
          name_norm: s.norm,
          name_fold: s.fold,
          district_numbers: toJson(s.districtNumbers),
          source_status: s.sourceStatus,
        })) as never,
      )
      .execute();
  }
}

export async function streetKeysPresent(db: Db): Promise<Set<string>> {
  const rows = await db.selectFrom('territory_streets').select(['key', 'name']).execute();
  return new Set(rows.map((r) => `${r.key}\u0000${r.name}`));
}

export async function countStreets(db: Db): Promise<number> {
  const r = await db.selectFrom('territory_streets').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
  return Number(r?.n ?? 0);
}

/**
 * Streets whose normalised name starts with the query's (norm or fold key). Exact matches first.
 * The keys hold only [a-z0-9], so they need no LIKE escaping.
 */
export async function searchStreets(db: Db, keys: { norm: string; fold: string }, limit: number): Promise<(Omit<Street, 'districts'> & { districtNumbers: number[]; exact: boolean })[]> {
  const rows = await db
    .selectFrom('territory_streets')
    .select(['key', 'name', 'name_norm', 'name_fold', 'district_numbers', 'source_status'])
    .where((eb) => eb.or([eb('name_norm', 'like', `${keys.norm}%`), eb('name_fold', 'like', `${keys.fold}%`)]))
    .orderBy(sql`case when name_norm = ${keys.norm} or name_fold = ${keys.fold} then 0 else 1 end`)
    .orderBy('name_norm')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    key: r.key,
    name: r.name,
    districtNumbers: fromJson<number[]>(r.district_numbers, []),
    sourceStatus: r.source_status,
    exact: r.name_norm === keys.norm || r.name_fold === keys.fold,
  }));
}

/* ---------------------------------------------------------------- programme areas */

type AreaRow = AreaTable;

function officeOf(r: AreaRow): Office | null {
  const o: Office = { name: r.office_name, street: r.office_street, postcode: r.office_postcode, city: r.office_city, opened: r.office_opened };
  return Object.values(o).some((v) => v !== null && v !== '') ? o : null;
}

function toArea(r: AreaRow, districts: AreaDistrictRef[]): ProgrammeArea {
  return {
    id: r.id,
    slug: r.slug,
    name: r.name,
    description: r.description,
    notes: r.notes,
    kind: r.kind,
    boundaryApproximate: toBool(r.boundary_approximate),
    bbox: fromJson<BBox>(r.bbox, [0, 0, 0, 0]),
    office: officeOf(r),
    districts,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

const AREA_COLUMNS = [
  'tenant_id',
  'id',
  'slug',
  'name',
  'description',
  'notes',
  'kind',
  'bbox',
  'boundary_approximate',
  'office_name',
  'office_street',
  'office_postcode',
  'office_city',
  'office_opened',
  'source_key',
  'created_at',
  'updated_at',
] as const;

async function areaDistricts(db: Db, areaIds: string[]): Promise<Map<string, AreaDistrictRef[]>> {
  const out = new Map<string, AreaDistrictRef[]>();
  if (areaIds.length === 0) return out;
  const rows = await db
    .selectFrom('territory_area_districts as ad')
    .innerJoin('territory_districts as d', 'd.id', 'ad.district_id')
    .select(['ad.area_id', 'ad.coverage', 'd.id', 'd.number', 'd.name'])
    .where('ad.area_id', 'in', areaIds)
    .orderBy('d.number')
    .execute();
  for (const r of rows) {
    const list = out.get(r.area_id) ?? [];
    list.push({ id: r.id, number: Number(r.number), name: r.name, coverage: r.coverage });
    out.set(r.area_id, list);
  }
  return out;
}

export async function listAreas(db: Db): Promise<ProgrammeArea[]> {
  const rows = await db.selectFrom('territory_areas').select(AREA_COLUMNS).orderBy('name').execute();
  const ds = await areaDistricts(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toArea(r as AreaRow, ds.get(r.id) ?? []));
}

export async function listAreasWithGeometry(db: Db): Promise<ProgrammeAreaWithGeometry[]> {
  const rows = await db.selectFrom('territory_areas').selectAll().orderBy('name').execute();
  const ds = await areaDistricts(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({ ...toArea(r, ds.get(r.id) ?? []), geometry: fromJson<AreaGeometry>(r.geometry, { type: 'MultiPolygon', coordinates: [] }) }));
}

/** Only what the lookup index needs. */
export async function listAreaShapes(db: Db): Promise<{ id: string; slug: string; name: string; geometry: AreaGeometry; bbox: BBox }[]> {
  const rows = await db.selectFrom('territory_areas').select(['id', 'slug', 'name', 'geometry', 'bbox']).execute();
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    name: r.name,
    geometry: fromJson<AreaGeometry>(r.geometry, { type: 'MultiPolygon', coordinates: [] }),
    bbox: fromJson<BBox>(r.bbox, [0, 0, 0, 0]),
  }));
}

export async function listDistrictShapes(db: Db): Promise<{ id: string; number: number; name: string; boroughId: string; geometry: AreaGeometry; bbox: BBox }[]> {
  const rows = await db.selectFrom('territory_districts').select(['id', 'number', 'name', 'borough_id', 'geometry', 'bbox']).execute();
  return rows.map((r) => ({
    id: r.id,
    number: Number(r.number),
    name: r.name,
    boroughId: r.borough_id,
    geometry: fromJson<AreaGeometry>(r.geometry, { type: 'MultiPolygon', coordinates: [] }),
    bbox: fromJson<BBox>(r.bbox, [0, 0, 0, 0]),
  }));
}

async function findAreaWhere(db: Db, column: 'id' | 'slug' | 'source_key', value: string): Promise<ProgrammeAreaWithGeometry | null> {
  const r = await db.selectFrom('territory_areas').selectAll().where(column, '=', value).executeTakeFirst();
  if (!r) return null;
  const ds = await areaDistricts(db, [r.id]);
  return { ...toArea(r, ds.get(r.id) ?? []), geometry: fromJson<AreaGeometry>(r.geometry, { type: 'MultiPolygon', coordinates: [] }) };
}

export const findAreaById = (db: Db, id: string) => findAreaWhere(db, 'id', id);
export const findAreaBySlug = (db: Db, slug: string) => findAreaWhere(db, 'slug', slug);
export const findAreaBySourceKey = (db: Db, key: string) => findAreaWhere(db, 'source_key', key);

export async function slugTaken(db: Db, slug: string, exceptId?: string): Promise<boolean> {
  let q = db.selectFrom('territory_areas').select('id').where('slug', '=', slug);
  if (exceptId) q = q.where('id', '<>', exceptId);
  return !!(await q.executeTakeFirst());
}

export async function listAreaSummaries(db: Db): Promise<{ id: string; slug: string; name: string }[]> {
  return db.selectFrom('territory_areas').select(['id', 'slug', 'name']).orderBy('name').execute();
}

export interface AreaRecord {
  slug: string;
  name: string;
  description: string | null;
  notes: string | null;
  kind: AreaKind;
  geometry: AreaGeometry;
  bbox: BBox;
  boundaryApproximate: boolean;
  office: Office;
}

function areaValues(a: AreaRecord) {
  return {
    slug: a.slug,
    name: a.name,
    description: a.description,
    notes: a.notes,
    kind: a.kind,
    geometry: toJson(a.geometry),
    bbox: toJson(a.bbox),
    boundary_approximate: a.boundaryApproximate,
    office_name: a.office.name,
    office_street: a.office.street,
    office_postcode: a.office.postcode,
    office_city: a.office.city,
    office_opened: a.office.opened,
  };
}

export async function insertArea(db: Db, id: string, a: AreaRecord, sourceKey: string | null = null): Promise<void> {
  const now = nowIso();
  await db
    .insertInto('territory_areas')
    .values({ id, ...areaValues(a), source_key: sourceKey, created_at: now, updated_at: now } as never)
    .execute();
}

export async function updateArea(db: Db, id: string, a: AreaRecord): Promise<void> {
  await db
    .updateTable('territory_areas')
    .set({ ...areaValues(a), updated_at: nowIso() } as never)
    .where('id', '=', id)
    .execute();
}

export async function replaceAreaDistricts(db: Db, areaId: string, members: { districtId: string; coverage: Coverage }[]): Promise<void> {
  await db.deleteFrom('territory_area_districts').where('area_id', '=', areaId).execute();
  if (members.length === 0) return;
  await db
    .insertInto('territory_area_districts')
    .values(members.map((m) => ({ area_id: areaId, district_id: m.districtId, coverage: m.coverage })) as never)
    .execute();
}

/* ---------------------------------------------------------------- funding periods */

function toFunding(r: TerritoryTables['territory_funding_periods']): FundingPeriod {
  return { id: r.id, funder: r.funder, kind: r.kind, startDate: r.start_date, endDate: r.end_date, areaId: r.area_id, note: r.note };
}

export async function listFundingPeriods(db: Db): Promise<FundingPeriod[]> {
  const rows = await db
    .selectFrom('territory_funding_periods')
    .selectAll()
    .orderBy(sql`coalesce(start_date, end_date, '')`)
    .orderBy('funder')
    .execute();
  return rows.map(toFunding);
}

export async function findFundingPeriod(db: Db, id: string): Promise<FundingPeriod | null> {
  const r = await db.selectFrom('territory_funding_periods').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toFunding(r) : null;
}

export async function fundingSourceKeyExists(db: Db, key: string): Promise<boolean> {
  return !!(await db.selectFrom('territory_funding_periods').select('id').where('source_key', '=', key).executeTakeFirst());
}

export type FundingRecord = Omit<FundingPeriod, 'id'>;

function fundingValues(f: FundingRecord) {
  return { funder: f.funder, kind: f.kind, start_date: f.startDate, end_date: f.endDate, area_id: f.areaId, note: f.note };
}

export async function insertFundingPeriod(db: Db, id: string, f: FundingRecord, sourceKey: string | null = null): Promise<void> {
  const now = nowIso();
  await db
    .insertInto('territory_funding_periods')
    .values({ id, ...fundingValues(f), source_key: sourceKey, created_at: now, updated_at: now } as never)
    .execute();
}

export async function updateFundingPeriod(db: Db, id: string, f: FundingRecord): Promise<void> {
  await db
    .updateTable('territory_funding_periods')
    .set({ ...fundingValues(f), updated_at: nowIso() })
    .where('id', '=', id)
    .execute();
}

/* ---------------------------------------------------------------- topics */

function toTopic(r: TerritoryTables['territory_topics']): Topic {
  return { id: r.id, key: r.key, labels: { de: r.label_de, en: r.label_en, ar: r.label_ar }, active: toBool(r.active), sortOrder: Number(r.sort_order) };
}

export async function listTopics(db: Db, opts: { activeOnly?: boolean } = {}): Promise<Topic[]> {
  let q = db.selectFrom('territory_topics').selectAll();
  if (opts.activeOnly) q = q.where('active', '=', true as never);
  const rows = await q.orderBy('sort_order').orderBy('key').execute();
  return rows.map(toTopic);
}

export async function findTopic(db: Db, id: string): Promise<Topic | null> {
  const r = await db.selectFrom('territory_topics').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toTopic(r) : null;
}

export async function findTopicByKey(db: Db, key: string): Promise<Topic | null> {
  const r = await db.selectFrom('territory_topics').selectAll().where('key', '=', key).executeTakeFirst();
  return r ? toTopic(r) : null;
}

export type TopicRecord = Omit<Topic, 'id'>;

export async function insertTopics(db: Db, topics: (TopicRecord & { id: string })[]): Promise<void> {
  if (topics.length === 0) return;
  const now = nowIso();
  await db
    .insertInto('territory_topics')
    .values(
      topics.map((t) => ({
        id: t.id,
        key: t.key,
        label_de: t.labels.de,
        label_en: t.labels.en,
        label_ar: t.labels.ar,
        active: t.active,
        sort_order: t.sortOrder,
        created_at: now,
        updated_at: now,
      })) as never,
    )
    .execute();
}

export async function updateTopic(db: Db, id: string, t: TopicRecord): Promise<void> {
  await db
    .updateTable('territory_topics')
    .set({ label_de: t.labels.de, label_en: t.labels.en, label_ar: t.labels.ar, active: t.active as never, sort_order: t.sortOrder, updated_at: nowIso() })
    .where('id', '=', id)
    .execute();
}
