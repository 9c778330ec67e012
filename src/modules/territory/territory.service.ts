/**
 * Use cases of the territory module. Reads are public data (Stadtteile, areas, topics) and take a tenant-bound
 * handle. Writes take a ServiceContext and follow one pattern: authorize (policy) → transaction → rules → write →
 * audit (old → new) → bump the territory revision where shapes changed, so every process rebuilds its index.
 */
import type { Kysely } from 'kysely';
import { diff, recordAudit, type AuditTables } from '../../platform/audit';
import { authorize, can, type Principal } from '../../platform/auth/policy';
import type { TenantDb } from '../../platform/db/tenant-scope';
import { tenantIdOf } from '../../platform/db/tenant-scope';
import { AppError, errors, type FieldError } from '../../platform/errors';
import { actorOf, type ServiceContext } from '../../platform/http/context';
import { newId } from '../../platform/ids';
import { storedLabel, type Locale } from '../../platform/i18n';
import {
  bboxOf,
  containsAllVertices,
  geometriesOverlap,
  geometrySummary,
  parseAreaGeometry,
  polygonsOf,
  toMultiPolygon,
  type AreaGeometry,
} from './territory.geo';
import { cachedIndex, invalidateIndex, type LookupIndex } from './territory.lookup';
import { queryKeys } from './territory.names';
import * as q from './territory.queries';
import type {
  AreaKind,
  Borough,
  BoroughWithGeometry,
  Coverage,
  District,
  DistrictWithGeometry,
  FundingPeriod,
  Office,
  PointLookup,
  ProgrammeArea,
  ProgrammeAreaWithGeometry,
  StreetLookup,
  Topic,
  TopicLabels,
} from './territory.types';

type AnyTenantDb = TenantDb<any>;

function tdb(db: AnyTenantDb | Kysely<any>): q.Db {
  return db as unknown as q.Db;
}

function auditDb(db: q.Db): Kysely<AuditTables> {
  return db as unknown as Kysely<AuditTables>;
}

/* ================================================================ reads */

export const listBoroughs = (db: AnyTenantDb): Promise<Borough[]> => q.listBoroughs(tdb(db));
export const listBoroughsWithGeometry = (db: AnyTenantDb): Promise<BoroughWithGeometry[]> => q.listBoroughsWithGeometry(tdb(db));
export const listDistricts = (db: AnyTenantDb): Promise<District[]> => q.listDistricts(tdb(db));
export const listDistrictsWithGeometry = (db: AnyTenantDb): Promise<DistrictWithGeometry[]> => q.listDistrictsWithGeometry(tdb(db));
export const listAreas = (db: AnyTenantDb): Promise<ProgrammeArea[]> => q.listAreas(tdb(db));
export const listAreasWithGeometry = (db: AnyTenantDb): Promise<ProgrammeAreaWithGeometry[]> => q.listAreasWithGeometry(tdb(db));
export const getAreaBySlug = (db: AnyTenantDb, slug: string): Promise<ProgrammeAreaWithGeometry | null> => q.findAreaBySlug(tdb(db), slug);
export const getArea = (db: AnyTenantDb, id: string): Promise<ProgrammeAreaWithGeometry | null> => q.findAreaById(tdb(db), id);
export const countStreets = (db: AnyTenantDb): Promise<number> => q.countStreets(tdb(db));
export const listAreaSummaries = (db: AnyTenantDb) => q.listAreaSummaries(tdb(db));
export const listFundingPeriods = (db: AnyTenantDb): Promise<FundingPeriod[]> => q.listFundingPeriods(tdb(db));
/** The territory's Amtlicher Gemeindeschlüssel from the seeded data set (05113000 for Essen), or null. */
export const getMunicipalityKey = (db: AnyTenantDb): Promise<string | null> => q.getMunicipalityKey(tdb(db));
export const getFundingPeriod = (db: AnyTenantDb, id: string): Promise<FundingPeriod | null> => q.findFundingPeriod(tdb(db), id);
export const listTopics = (db: AnyTenantDb, opts: { activeOnly?: boolean } = {}): Promise<Topic[]> => q.listTopics(tdb(db), opts);
export const getTopic = (db: AnyTenantDb, id: string): Promise<Topic | null> => q.findTopic(tdb(db), id);
export const getTopicByKey = (db: AnyTenantDb, key: string): Promise<Topic | null> => q.findTopicByKey(tdb(db), key);

/** Funding periods that apply to an area: the whole programme's and the area's own. */
export async function fundingForArea(db: AnyTenantDb, areaId: string): Promise<FundingPeriod[]> {
  return (await q.listFundingPeriods(tdb(db))).filter((f) => f.areaId === null || f.areaId === areaId);
}

/** A topic's label in the reader's language (German when the translation is missing). */
export function topicLabel(topic: Pick<Topic, 'labels'>, locale: Locale): string {
  return storedLabel(topic.labels, locale);
}

/** May the user edit this programme area (role and area scope)? */
export function canManageArea(user: Principal | null | undefined, areaId: string): boolean {
  return can(user, 'territory.manage', { areaIds: [areaId] });
}

/* ================================================================ lookups */

/** The tenant's lookup index (R-tree over districts and areas), rebuilt when the territory revision changed. */
export async function lookupIndex(db: AnyTenantDb): Promise<LookupIndex> {
  const d = tdb(db);
  const revision = await q.getRevision(d);
  return cachedIndex(tenantIdOf(db), revision, async () => ({
    districts: await q.listDistrictShapes(d),
    areas: await q.listAreaShapes(d),
    boroughs: (await q.listBoroughs(d)).map((b) => ({ id: b.id, number: b.number, roman: b.roman, name: b.name })),
  }));
}

/** (lat, lon) → Stadtteil, Stadtbezirk and the programme areas that contain the point. */
export async function lookupPoint(db: AnyTenantDb, lat: number, lon: number): Promise<PointLookup> {
  const index = await lookupIndex(db);
  const district = index.district(lon, lat);
  const areas = index.areasAt(lon, lat);
  const borough = district ? index.boroughOf(district) : null;
  return { lat, lon, district: district ? { id: district.id, number: district.number, name: district.name } : null, borough, areas };
}

/**
 * Street name → Stadtteil(e), from the street list. An exact name match returns that street with every Stadtteil
 * it runs through (a street that crosses a border gives several candidates — never a guess); otherwise the streets
 * whose names begin with the query. Case, umlaut spelling (ä/ae), ß/ss, hyphens, spaces and a house number are
 * ignored.
 */
export async function lookupStreet(db: AnyTenantDb, name: string, limit = 20): Promise<StreetLookup> {
  const keys = queryKeys(name);
  if (keys.norm.length < 2 && keys.fold.length < 2) return { query: name, match: 'none', streets: [], candidateDistricts: [] };
  const index = await lookupIndex(db);
  const rows = await q.searchStreets(tdb(db), keys, limit);
  const exact = rows.filter((r) => r.exact);
  const chosen = exact.length > 0 ? exact : rows;
  const ref = (n: number) => ({ number: n, name: index.districtByNumber(n)?.name ?? String(n) });
  const streets = chosen.map((r) => ({ key: r.key, name: r.name, sourceStatus: r.sourceStatus, districts: r.districtNumbers.map(ref) }));
  const numbers = [...new Set(chosen.flatMap((r) => r.districtNumbers))].sort((a, b) => a - b);
  return { query: name, match: chosen.length === 0 ? 'none' : exact.length > 0 ? 'exact' : 'prefix', streets, candidateDistricts: numbers.map(ref) };
}

/* ================================================================ programme areas */

export interface AreaInput {
  name: string;
  slug: string;
  description: string | null;
  notes: string | null;
  kind: AreaKind;
  /** Official Stadtteil numbers (kind 'districts'). */
  districtNumbers: number[];
  /** GeoJSON Polygon/MultiPolygon, as object or text (kind 'polygon'). */
  geometry: unknown;
  boundaryApproximate: boolean;
  office: Office;
}

/** A partial change: only the named fields change; `office` fields merge into the current office. */
export type AreaPatch = Partial<Omit<AreaInput, 'office'>> & { office?: Partial<Office> };

interface ResolvedArea {
  record: q.AreaRecord;
  members: { districtId: string; number: number; coverage: Coverage }[];
}

const emptyToNull = (v: string | null | undefined): string | null => (v === undefined || v === null || v.trim() === '' ? null : v.trim());

function cleanOffice(o: Partial<Office> | null | undefined): Office {
  return { name: emptyToNull(o?.name), street: emptyToNull(o?.street), postcode: emptyToNull(o?.postcode), city: emptyToNull(o?.city), opened: emptyToNull(o?.opened) };
}

const fmtCoord = (v: number) => v.toFixed(5);

/** Checks an area against the data (slug free, Stadtteile known, drawn shape inside the city) and derives its shape. */
async function resolveArea(db: q.Db, index: LookupIndex, input: AreaInput, exceptId?: string): Promise<ResolvedArea> {
  const fieldErrors: FieldError[] = [];
  if (await q.slugTaken(db, input.slug, exceptId)) fieldErrors.push({ field: 'slug', key: 'territory.error.slugTaken' });
  let geometry: AreaGeometry | null = null;
  let members: ResolvedArea['members'] = [];
  if (input.kind === 'districts') {
    const numbers = [...new Set(input.districtNumbers)].sort((a, b) => a - b);
    const found = numbers.map((n) => index.districtByNumber(n));
    if (numbers.length === 0) fieldErrors.push({ field: 'districtNumbers', key: 'territory.error.districtsRequired' });
    else if (found.some((d) => !d)) fieldErrors.push({ field: 'districtNumbers', key: 'territory.error.districtUnknown' });
    else {
      const ds = found.filter((d) => d !== undefined);
      geometry = toMultiPolygon(ds.map((d) => d.geometry));
      members = ds.map((d) => ({ districtId: d.id, number: d.number, coverage: 'full' as const }));
    }
  } else {
    const parsed = parseAreaGeometry(input.geometry);
    if (!parsed.ok) fieldErrors.push({ field: 'geometry', ...parsed.issue });
    else {
      const outside = polygonsOf(parsed.geometry)
        .flat(2)
        .find(([lon, lat]) => !index.inCity(lon, lat));
      if (outside) fieldErrors.push({ field: 'geometry', key: 'territory.error.geometryOutside', params: { lon: fmtCoord(outside[0]), lat: fmtCoord(outside[1]) } });
      else {
        geometry = parsed.geometry;
        const g = parsed.geometry;
        members = index
          .districtsNear(bboxOf(g))
          .filter((d) => geometriesOverlap(g, d.geometry))
          .sort((a, b) => a.number - b.number)
          .map((d) => ({ districtId: d.id, number: d.number, coverage: containsAllVertices(g, d.geometry) ? ('full' as const) : ('partial' as const) }));
        if (members.length === 0) {
          const [lon, lat] = polygonsOf(g)[0]![0]![0]!;
          fieldErrors.push({ field: 'geometry', key: 'territory.error.geometryOutside', params: { lon: fmtCoord(lon), lat: fmtCoord(lat) } });
        }
      }
    }
  }
  if (fieldErrors.length > 0 || !geometry) throw errors.validation(fieldErrors);
  return {
    record: {
      slug: input.slug,
      name: input.name.trim(),
      description: emptyToNull(input.description),
      notes: emptyToNull(input.notes),
      kind: input.kind,
      geometry,
      bbox: bboxOf(geometry),
      boundaryApproximate: input.boundaryApproximate,
      office: cleanOffice(input.office),
    },
    members,
  };
}

/** What the audit log keeps of an area: every field, the shape only as a summary. */
function areaSnapshot(a: { slug: string; name: string; description: string | null; notes: string | null; kind: AreaKind; boundaryApproximate: boolean; office: Office | null; geometry: AreaGeometry }, districtNumbers: number[]) {
  const o = a.office ?? cleanOffice(null);
  return {
    slug: a.slug,
    name: a.name,
    description: a.description,
    notes: a.notes,
    kind: a.kind,
    boundaryApproximate: a.boundaryApproximate,
    districts: [...districtNumbers].sort((x, y) => x - y).join(', '),
    geometry: a.kind === 'polygon' ? geometrySummary(a.geometry) : null,
    officeName: o.name,
    officeStreet: o.street,
    officePostcode: o.postcode,
    officeCity: o.city,
    officeOpened: o.opened,
  };
}

async function writeNewArea(db: q.Db, resolved: ResolvedArea, sourceKey: string | null): Promise<string> {
  const id = newId('are');
  await q.insertArea(db, id, resolved.record, sourceKey);
  await q.replaceAreaDistricts(db, id, resolved.members);
  await q.bumpRevision(db);
  return id;
}

/** Creates a programme area (admins and coordinators). */
export async function createArea(ctx: ServiceContext, input: AreaInput): Promise<ProgrammeAreaWithGeometry> {
  authorize(ctx.user, 'territory.create_area');
  const index = await lookupIndex(ctx.db);
  const id = await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      const resolved = await resolveArea(trx, index, input);
      const areaId = await writeNewArea(trx, resolved, null);
      await recordAudit(auditDb(trx), {
        actor: actorOf(ctx),
        entityType: 'territory_area',
        entityId: areaId,
        action: 'create',
        changes: diff(null, areaSnapshot(resolved.record, resolved.members.map((m) => m.number))),
        requestId: ctx.requestId,
      });
      return areaId;
    });
  invalidateIndex(ctx.tenant.id);
  return (await q.findAreaById(tdb(ctx.db), id))!;
}

/** The current values of an area as input (for forms and partial updates). */
export function areaToInput(a: ProgrammeAreaWithGeometry): AreaInput {
  return {
    name: a.name,
    slug: a.slug,
    description: a.description,
    notes: a.notes,
    kind: a.kind,
    districtNumbers: a.districts.map((d) => d.number),
    geometry: a.geometry,
    boundaryApproximate: a.boundaryApproximate,
    office: a.office ?? cleanOffice(null),
  };
}

/** Changes a programme area; `patch` may name only some fields. Needs territory.manage for this area. */
export async function updateArea(ctx: ServiceContext, id: string, patch: AreaPatch): Promise<ProgrammeAreaWithGeometry> {
  const current = await q.findAreaById(tdb(ctx.db), id);
  if (!current) throw errors.notFound('programme area');
  authorize(ctx.user, 'territory.manage', { areaIds: [current.id] });
  const base = areaToInput(current);
  const input: AreaInput = { ...base, ...stripUndefined(patch), office: patch.office ? { ...base.office, ...stripUndefined(patch.office) } : base.office };
  // Switching a polygon area to districts without naming any: keep the Stadtteile it touched.
  if (patch.kind === 'districts' && current.kind === 'polygon' && patch.districtNumbers === undefined) input.districtNumbers = base.districtNumbers;
  const index = await lookupIndex(ctx.db);
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      const resolved = await resolveArea(trx, index, input, id);
      await q.updateArea(trx, id, resolved.record);
      await q.replaceAreaDistricts(trx, id, resolved.members);
      await q.bumpRevision(trx);
      const changes = diff(
        areaSnapshot(current, current.districts.map((d) => d.number)),
        areaSnapshot(resolved.record, resolved.members.map((m) => m.number)),
      );
      await recordAudit(auditDb(trx), { actor: actorOf(ctx), entityType: 'territory_area', entityId: id, action: 'update', changes, requestId: ctx.requestId });
    });
  invalidateIndex(ctx.tenant.id);
  return (await q.findAreaById(tdb(ctx.db), id))!;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/* ================================================================ funding periods */

export interface FundingInput {
  funder: string;
  kind: string | null;
  startDate: string | null;
  endDate: string | null;
  areaId: string | null;
  note: string | null;
}

async function checkFunding(db: q.Db, f: FundingInput): Promise<q.FundingRecord> {
  const fieldErrors: FieldError[] = [];
  if (f.startDate && f.endDate && f.endDate < f.startDate) fieldErrors.push({ field: 'endDate', key: 'territory.error.endBeforeStart' });
  if (f.areaId && !(await q.findAreaById(db, f.areaId))) fieldErrors.push({ field: 'areaId', key: 'territory.error.areaUnknown' });
  if (fieldErrors.length) throw errors.validation(fieldErrors);
  return { funder: f.funder.trim(), kind: emptyToNull(f.kind), startDate: emptyToNull(f.startDate), endDate: emptyToNull(f.endDate), areaId: emptyToNull(f.areaId), note: emptyToNull(f.note) };
}

export async function createFundingPeriod(ctx: ServiceContext, input: FundingInput): Promise<FundingPeriod> {
  authorize(ctx.user, 'funding.manage');
  const id = newId('fun');
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      const rec = await checkFunding(trx, input);
      await q.insertFundingPeriod(trx, id, rec);
      await recordAudit(auditDb(trx), { actor: actorOf(ctx), entityType: 'territory_funding_period', entityId: id, action: 'create', changes: diff(null, rec), requestId: ctx.requestId });
    });
  return (await q.findFundingPeriod(tdb(ctx.db), id))!;
}

export async function updateFundingPeriod(ctx: ServiceContext, id: string, input: FundingInput): Promise<FundingPeriod> {
  authorize(ctx.user, 'funding.manage');
  const current = await q.findFundingPeriod(tdb(ctx.db), id);
  if (!current) throw errors.notFound('funding period');
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      const rec = await checkFunding(trx, input);
      await q.updateFundingPeriod(trx, id, rec);
      const { id: _id, ...before } = current;
      await recordAudit(auditDb(trx), { actor: actorOf(ctx), entityType: 'territory_funding_period', entityId: id, action: 'update', changes: diff(before, rec), requestId: ctx.requestId });
    });
  return (await q.findFundingPeriod(tdb(ctx.db), id))!;
}

/* ================================================================ topics */

export interface TopicInput {
  labels: TopicLabels;
  sortOrder: number;
  active: boolean;
}

const topicSnapshot = (t: { key: string } & TopicInput) => ({
  key: t.key,
  labelDe: t.labels.de,
  labelEn: t.labels.en,
  labelAr: t.labels.ar,
  sortOrder: t.sortOrder,
  active: t.active,
});

function cleanLabels(l: TopicLabels): TopicLabels {
  return { de: l.de.trim(), en: emptyToNull(l.en), ar: emptyToNull(l.ar) };
}

export async function createTopic(ctx: ServiceContext, input: TopicInput & { key: string }): Promise<Topic> {
  authorize(ctx.user, 'topics.manage');
  const id = newId('top');
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      if (await q.findTopicByKey(trx, input.key)) throw errors.validation([{ field: 'key', key: 'territory.error.topicKeyTaken' }]);
      const rec = { key: input.key, labels: cleanLabels(input.labels), sortOrder: input.sortOrder, active: input.active };
      await q.insertTopics(trx, [{ id, ...rec }]);
      await recordAudit(auditDb(trx), { actor: actorOf(ctx), entityType: 'territory_topic', entityId: id, action: 'create', changes: diff(null, topicSnapshot(rec)), requestId: ctx.requestId });
    });
  return (await q.findTopic(tdb(ctx.db), id))!;
}

/** Changes labels, order or the active flag. The key stays: other modules refer to it. */
export async function updateTopic(ctx: ServiceContext, id: string, patch: Partial<TopicInput>, action = 'update'): Promise<Topic> {
  authorize(ctx.user, 'topics.manage');
  const current = await q.findTopic(tdb(ctx.db), id);
  if (!current) throw errors.notFound('topic');
  const next = { key: current.key, labels: cleanLabels(patch.labels ?? current.labels), sortOrder: patch.sortOrder ?? current.sortOrder, active: patch.active ?? current.active };
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      await q.updateTopic(trx, id, next);
      await recordAudit(auditDb(trx), {
        actor: actorOf(ctx),
        entityType: 'territory_topic',
        entityId: id,
        action,
        changes: diff(topicSnapshot(current), topicSnapshot(next)),
        requestId: ctx.requestId,
      });
    });
  return (await q.findTopic(tdb(ctx.db), id))!;
}

/** Deactivated topics stay on old records but are no longer offered. */
export const setTopicActive = (ctx: ServiceContext, id: string, active: boolean) => updateTopic(ctx, id, { active }, active ? 'activate' : 'deactivate');

/* ================================================================ seed support */

/** Internal: used by the seed (no user, no policy): creates an area from trusted data, audited as "system". */
export async function seedArea(db: q.Db, input: AreaInput, sourceKey: string, index: LookupIndex): Promise<string> {
  const resolved = await resolveArea(db, index, input);
  const id = await writeNewArea(db, resolved, sourceKey);
  await recordAudit(auditDb(db), {
    actor: { id: null, label: 'system' },
    entityType: 'territory_area',
    entityId: id,
    action: 'create',
    changes: diff(null, areaSnapshot(resolved.record, resolved.members.map((m) => m.number))),
    requestId: null,
  });
  return id;
}

export function isValidationError(e: unknown): e is AppError {
  return e instanceof AppError && e.status === 422;
}
