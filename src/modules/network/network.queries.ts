/**
 * SQL of the network module. Every function takes a tenant-bound handle (or a transaction opened on one): the
 * handle fills in and filters tenant_id. No business rules here: services decide.
 */
import type { ExpressionBuilder, Kysely } from 'kysely';
import { toBool, toCount } from '../../platform/db/dialect';
import { escapeLike, ilike } from '../../platform/db/dialect';
import type { NetworkTables, OrganisationTable, PersonTable } from './network.tables';
import type {
  AreaScope,
  Consent,
  ConsentBasis,
  ConsentMethod,
  Contact,
  ContactChannel,
  Labels,
  Logic,
  Membership,
  Organisation,
  OrganisationRef,
  OrgType,
  Person,
  PersonRef,
  Relationship,
  RelationshipKind,
} from './network.types';

export type Db = Kysely<NetworkTables>;

function uniq<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}

function groupBy<R, K extends keyof R>(rows: R[], key: K): Map<R[K], R[]> {
  const m = new Map<R[K], R[]>();
  for (const r of rows) {
    const list = m.get(r[key]);
    if (list) list.push(r);
    else m.set(r[key], [r]);
  }
  return m;
}

/* ---------------------------------------------------------------- organisation types */

type TypeRow = NetworkTables['network_org_types'];

function toType(r: TypeRow): OrgType {
  return {
    id: r.id,
    key: r.key,
    labels: { de: r.label_de, en: r.label_en, ar: r.label_ar },
    defaultLogic: r.default_logic as Logic,
    active: toBool(r.active),
    sortOrder: Number(r.sort_order),
  };
}

export async function listTypes(db: Db, opts: { activeOnly?: boolean } = {}): Promise<OrgType[]> {
  let q = db.selectFrom('network_org_types').selectAll();
  if (opts.activeOnly) q = q.where('active', '=', true as never);
  return (await q.orderBy('sort_order').orderBy('label_de').execute()).map(toType);
}

export async function countTypes(db: Db): Promise<number> {
  const r = await db.selectFrom('network_org_types').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
  return toCount(r?.n);
}

export async function findType(db: Db, id: string): Promise<OrgType | null> {
  const r = await db.selectFrom('network_org_types').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toType(r) : null;
}

export interface NewType {
  id: string;
  key: string;
  labels: Labels;
  defaultLogic: Logic;
  sortOrder: number;
}

/** Inserts types whose key is not taken yet (concurrent seeds do not collide). */
export async function insertTypes(db: Db, rows: NewType[]): Promise<void> {
  for (const t of rows) {
    await db
      .insertInto('network_org_types')
      .values({ id: t.id, key: t.key, label_de: t.labels.de, label_en: t.labels.en, label_ar: t.labels.ar, default_logic: t.defaultLogic, sort_order: t.sortOrder } as never)
      .onConflict((oc) => oc.columns(['tenant_id', 'key'] as never).doNothing())
      .execute();
  }
}

export async function updateType(db: Db, id: string, p: { labels: Labels; defaultLogic: Logic; active: boolean; sortOrder: number }): Promise<void> {
  await db
    .updateTable('network_org_types')
    .set({ label_de: p.labels.de, label_en: p.labels.en, label_ar: p.labels.ar, default_logic: p.defaultLogic, active: p.active as never, sort_order: p.sortOrder })
    .where('id', '=', id)
    .execute();
}

/* ---------------------------------------------------------------- organisations */

type OrgEb = ExpressionBuilder<NetworkTables & { o: OrganisationTable }, 'o'>;

function orgInAreas(eb: OrgEb, areaIds: readonly string[]) {
  return eb.exists(eb.selectFrom('network_org_areas as oa').select('oa.org_id').whereRef('oa.org_id', '=', 'o.id').where('oa.area_id', 'in', [...areaIds]));
}

export interface OrgFilter {
  scope: AreaScope;
  areaId?: string | undefined;
  topicId?: string | undefined;
  typeId?: string | undefined;
  logic?: Logic | undefined;
  q?: string | undefined;
  ids?: readonly string[] | undefined;
  limit?: number;
  offset?: number;
}

async function orgChildren(db: Db, ids: string[]): Promise<{ areas: Map<string, string[]>; topics: Map<string, string[]> }> {
  const areas = new Map<string, string[]>();
  const topics = new Map<string, string[]>();
  if (ids.length === 0) return { areas, topics };
  for (const r of await db.selectFrom('network_org_areas').select(['org_id', 'area_id']).where('org_id', 'in', ids).orderBy('area_id').execute()) {
    areas.set(r.org_id, [...(areas.get(r.org_id) ?? []), r.area_id]);
  }
  for (const r of await db.selectFrom('network_org_topics').select(['org_id', 'topic_id']).where('org_id', 'in', ids).orderBy('topic_id').execute()) {
    topics.set(r.org_id, [...(topics.get(r.org_id) ?? []), r.topic_id]);
  }
  return { areas, topics };
}

function orgQuery(db: Db, f: OrgFilter) {
  let q = db.selectFrom('network_organisations as o').innerJoin('network_org_types as t', 't.id', 'o.type_id');
  if (f.scope !== 'all') {
    const scope = f.scope;
    q = q.where((eb) => orgInAreas(eb as unknown as OrgEb, scope));
  }
  if (f.areaId) {
    const a = f.areaId;
    q = q.where((eb) => orgInAreas(eb as unknown as OrgEb, [a]));
  }
  if (f.topicId) {
    const topic = f.topicId;
    q = q.where((eb) => eb.exists(eb.selectFrom('network_org_topics as ot').select('ot.org_id').whereRef('ot.org_id', '=', 'o.id').where('ot.topic_id', '=', topic)));
  }
  if (f.typeId) q = q.where('o.type_id', '=', f.typeId);
  if (f.logic) q = q.where('o.logic', '=', f.logic);
  if (f.q) q = q.where(ilike(db, 'o.name', `%${escapeLike(f.q)}%`) as never);
  if (f.ids) q = q.where('o.id', 'in', f.ids.length ? [...f.ids] : ['']);
  return q;
}

export async function countOrganisations(db: Db, f: OrgFilter): Promise<number> {
  if (f.scope !== 'all' && f.scope.length === 0) return 0;
  const r = await orgQuery(db, f).select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
  return toCount(r?.n);
}

export async function listOrganisations(db: Db, f: OrgFilter): Promise<Organisation[]> {
  if (f.scope !== 'all' && f.scope.length === 0) return [];
  let q = orgQuery(db, f)
    .selectAll('o')
    .select(['t.key as type_key', 't.label_de as type_de', 't.label_en as type_en', 't.label_ar as type_ar'])
    .orderBy('o.name')
    .orderBy('o.id');
  if (f.limit !== undefined) q = q.limit(f.limit).offset(f.offset ?? 0);
  const rows = await q.execute();
  const { areas, topics } = await orgChildren(db, rows.map((r) => r.id));
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    typeId: r.type_id,
    typeKey: r.type_key,
    typeLabels: { de: r.type_de, en: r.type_en, ar: r.type_ar },
    logic: r.logic as Logic,
    address: r.address,
    lat: r.lat === null ? null : Number(r.lat),
    lon: r.lon === null ? null : Number(r.lon),
    districtNumber: r.district_number === null ? null : Number(r.district_number),
    districtName: r.district_name,
    email: r.email,
    phone: r.phone,
    website: r.website,
    channels: r.channels,
    notes: r.notes,
    areaIds: areas.get(r.id) ?? [],
    topicIds: topics.get(r.id) ?? [],
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
}

export async function findOrganisation(db: Db, id: string): Promise<Organisation | null> {
  return (await listOrganisations(db, { scope: 'all', ids: [id] }))[0] ?? null;
}

export interface OrgRow {
  name: string;
  typeId: string;
  logic: Logic;
  address: string | null;
  lat: number | null;
  lon: number | null;
  districtNumber: number | null;
  districtName: string | null;
  email: string | null;
  phone: string | null;
  website: string | null;
  channels: string | null;
  notes: string | null;
}

function orgValues(o: OrgRow) {
  return {
    name: o.name,
    type_id: o.typeId,
    logic: o.logic,
    address: o.address,
    lat: o.lat,
    lon: o.lon,
    district_number: o.districtNumber,
    district_name: o.districtName,
    email: o.email,
    phone: o.phone,
    website: o.website,
    channels: o.channels,
    notes: o.notes,
  };
}

export async function insertOrganisation(db: Db, id: string, o: OrgRow, createdBy: string | null, now: string): Promise<void> {
  await db
    .insertInto('network_organisations')
    .values({ id, ...orgValues(o), created_by: createdBy, created_at: now, updated_at: now } as never)
    .execute();
}

export async function updateOrganisation(db: Db, id: string, o: OrgRow, now: string): Promise<void> {
  const before = await db.selectFrom('network_organisations').select(['type_id', 'logic']).where('id', '=', id).executeTakeFirst();
  await db.updateTable('network_organisations').set({ ...orgValues(o), updated_at: now }).where('id', '=', id).execute();
  if (before && before.type_id === o.typeId && before.logic === o.logic) return;
  // The contact links carry the organisation's type and logic for the report figures, and the first-of flags of the
  // contacts it took part in may change with them.
  await db.updateTable('network_contact_orgs').set({ type_id: o.typeId, logic: o.logic }).where('org_id', '=', id).execute();
  const links = await db
    .selectFrom('network_contact_orgs')
    .select(['contact_id', 'org_id', 'type_id', 'logic', 'first_of_type', 'first_of_logic', 'first_of_contact'])
    .where('contact_id', 'in', db.selectFrom('network_contact_orgs as mine').select('mine.contact_id').where('mine.org_id', '=', id))
    .execute();
  for (const [contactId, mine] of groupBy(links, 'contact_id')) {
    const flags = firstFlags(mine.map((l) => ({ orgId: l.org_id, typeId: l.type_id, logic: l.logic })));
    for (const l of mine) {
      const f = flags.get(l.org_id)!;
      if (Number(l.first_of_type) === f.first_of_type && Number(l.first_of_logic) === f.first_of_logic && Number(l.first_of_contact) === f.first_of_contact) continue;
      await db.updateTable('network_contact_orgs').set(f).where('contact_id', '=', contactId).where('org_id', '=', l.org_id).execute();
    }
  }
}

type FirstFlags = { first_of_type: number; first_of_logic: number; first_of_contact: number };

/** Per link of one contact: is it the first (by organisation id) of its type, of its logic, and at all (1/0)? */
function firstFlags(links: { orgId: string; typeId: string | null; logic: string | null }[]): Map<string, FirstFlags> {
  const seenType = new Set<string | null>();
  const seenLogic = new Set<string | null>();
  const out = new Map<string, FirstFlags>();
  for (const l of [...links].sort((a, b) => (a.orgId < b.orgId ? -1 : a.orgId > b.orgId ? 1 : 0))) {
    out.set(l.orgId, { first_of_type: seenType.has(l.typeId) ? 0 : 1, first_of_logic: seenLogic.has(l.logic) ? 0 : 1, first_of_contact: out.size === 0 ? 1 : 0 });
    seenType.add(l.typeId);
    seenLogic.add(l.logic);
  }
  return out;
}

export async function setOrgAreas(db: Db, orgId: string, areaIds: readonly string[]): Promise<void> {
  await db.deleteFrom('network_org_areas').where('org_id', '=', orgId).execute();
  for (const a of uniq(areaIds)) await db.insertInto('network_org_areas').values({ org_id: orgId, area_id: a } as never).execute();
}

export async function setOrgTopics(db: Db, orgId: string, topicIds: readonly string[]): Promise<void> {
  await db.deleteFrom('network_org_topics').where('org_id', '=', orgId).execute();
  for (const t of uniq(topicIds)) await db.insertInto('network_org_topics').values({ org_id: orgId, topic_id: t } as never).execute();
}

export async function organisationRefs(db: Db, ids: readonly string[]): Promise<OrganisationRef[]> {
  if (ids.length === 0) return [];
  return (await listOrganisations(db, { scope: 'all', ids })).map((o) => ({ id: o.id, name: o.name, typeKey: o.typeKey, logic: o.logic, areaIds: o.areaIds }));
}

/* ---------------------------------------------------------------- relationships */

export async function listRelationships(db: Db, opts: { orgIds?: readonly string[]; both?: boolean } = {}): Promise<Relationship[]> {
  let q = db
    .selectFrom('network_relationships as r')
    .innerJoin('network_organisations as f', 'f.id', 'r.from_org_id')
    .innerJoin('network_organisations as t', 't.id', 'r.to_org_id')
    .selectAll('r')
    .select(['f.name as from_name', 't.name as to_name']);
  if (opts.orgIds) {
    const ids = opts.orgIds.length ? [...opts.orgIds] : [''];
    q = opts.both
      ? q.where('r.from_org_id', 'in', ids).where('r.to_org_id', 'in', ids)
      : q.where((eb) => eb.or([eb('r.from_org_id', 'in', ids), eb('r.to_org_id', 'in', ids)]));
  }
  const rows = await q.orderBy('f.name').orderBy('t.name').orderBy('r.id').execute();
  return rows.map((r) => ({
    id: r.id,
    fromOrgId: r.from_org_id,
    fromName: r.from_name,
    toOrgId: r.to_org_id,
    toName: r.to_name,
    kind: r.kind as RelationshipKind,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    note: r.note,
  }));
}

export async function findRelationship(db: Db, id: string): Promise<Relationship | null> {
  return (await listRelationships(db)).find((r) => r.id === id) ?? null;
}

export async function insertRelationship(db: Db, r: { id: string; fromOrgId: string; toOrgId: string; kind: RelationshipKind; startsOn: string | null; endsOn: string | null; note: string | null }): Promise<void> {
  await db
    .insertInto('network_relationships')
    .values({ id: r.id, from_org_id: r.fromOrgId, to_org_id: r.toOrgId, kind: r.kind, starts_on: r.startsOn, ends_on: r.endsOn, note: r.note } as never)
    .execute();
}

export async function deleteRelationship(db: Db, id: string): Promise<void> {
  await db.deleteFrom('network_relationships').where('id', '=', id).execute();
}

/* ---------------------------------------------------------------- people */

type PersonEb = ExpressionBuilder<NetworkTables & { p: PersonTable }, 'p'>;

function personInAreas(eb: PersonEb, areaIds: readonly string[]) {
  return eb.exists(eb.selectFrom('network_person_areas as pa').select('pa.person_id').whereRef('pa.person_id', '=', 'p.id').where('pa.area_id', 'in', [...areaIds]));
}

export interface PersonFilter {
  scope: AreaScope;
  areaId?: string | undefined;
  orgId?: string | undefined;
  q?: string | undefined;
  ids?: readonly string[] | undefined;
  /** Only people whose last activity is before this instant (review list). */
  inactiveBefore?: string | undefined;
  includeErased?: boolean;
  /** Only people with a legal basis or consent that is not withdrawn. */
  withBasisOnly?: boolean;
  limit?: number;
  offset?: number;
}

function personQuery(db: Db, f: PersonFilter) {
  let q = db.selectFrom('network_people as p');
  if (!f.includeErased) q = q.where('p.erased_at', 'is', null);
  if (f.scope !== 'all') {
    const scope = f.scope;
    q = q.where((eb) => personInAreas(eb as unknown as PersonEb, scope));
  }
  if (f.areaId) {
    const a = f.areaId;
    q = q.where((eb) => personInAreas(eb as unknown as PersonEb, [a]));
  }
  if (f.orgId) {
    const org = f.orgId;
    q = q.where((eb) => eb.exists(eb.selectFrom('network_memberships as m').select('m.id').whereRef('m.person_id', '=', 'p.id').where('m.org_id', '=', org)));
  }
  if (f.q) q = q.where(ilike(db, 'p.name', `%${escapeLike(f.q)}%`) as never);
  if (f.ids) q = q.where('p.id', 'in', f.ids.length ? [...f.ids] : ['']);
  if (f.inactiveBefore) q = q.where('p.last_activity_at', '<', f.inactiveBefore);
  if (f.withBasisOnly) {
    q = q.where((eb) => eb.exists(eb.selectFrom('network_consents as nc').select('nc.id').whereRef('nc.person_id', '=', 'p.id').where('nc.withdrawn_on', 'is', null)));
  }
  return q;
}

export async function countPeople(db: Db, f: PersonFilter): Promise<number> {
  if (f.scope !== 'all' && f.scope.length === 0) return 0;
  const r = await personQuery(db, f).select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
  return toCount(r?.n);
}

export async function listPeople(db: Db, f: PersonFilter): Promise<Person[]> {
  if (f.scope !== 'all' && f.scope.length === 0) return [];
  let q = personQuery(db, f).selectAll('p').orderBy('p.name').orderBy('p.id');
  if (f.limit !== undefined) q = q.limit(f.limit).offset(f.offset ?? 0);
  const rows = await q.execute();
  const areas = new Map<string, string[]>();
  if (rows.length) {
    for (const r of await db.selectFrom('network_person_areas').select(['person_id', 'area_id']).where('person_id', 'in', rows.map((r) => r.id)).orderBy('area_id').execute()) {
      areas.set(r.person_id, [...(areas.get(r.person_id) ?? []), r.area_id]);
    }
  }
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    email: r.email,
    phone: r.phone,
    areaIds: areas.get(r.id) ?? [],
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    lastActivityAt: r.last_activity_at,
    erasedAt: r.erased_at,
  }));
}

export async function findPerson(db: Db, id: string, opts: { includeErased?: boolean } = {}): Promise<Person | null> {
  return (await listPeople(db, { scope: 'all', ids: [id], includeErased: opts.includeErased ?? false }))[0] ?? null;
}

export async function insertPerson(db: Db, p: { id: string; name: string; email: string | null; phone: string | null; createdBy: string | null; now: string }): Promise<void> {
  await db
    .insertInto('network_people')
    .values({ id: p.id, name: p.name, email: p.email, phone: p.phone, created_by: p.createdBy, created_at: p.now, updated_at: p.now, last_activity_at: p.now } as never)
    .execute();
}

export async function updatePerson(db: Db, id: string, p: { name: string; email: string | null; phone: string | null }, now: string): Promise<void> {
  await db.updateTable('network_people').set({ name: p.name, email: p.email, phone: p.phone, updated_at: now, last_activity_at: now }).where('id', '=', id).execute();
}

export async function setPersonAreas(db: Db, personId: string, areaIds: readonly string[]): Promise<void> {
  await db.deleteFrom('network_person_areas').where('person_id', '=', personId).execute();
  for (const a of uniq(areaIds)) await db.insertInto('network_person_areas').values({ person_id: personId, area_id: a } as never).execute();
}

/** Marks activity concerning these people (a contact, a membership, a consent, another module's use). */
export async function touchPeople(db: Db, ids: readonly string[], at: string): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('network_people').set({ last_activity_at: at }).where('id', 'in', [...ids]).where('last_activity_at', '<', at).execute();
}

/** Anonymises a person: name and contact data gone, areas, memberships, consents and contact participation deleted. */
export async function anonymisePerson(db: Db, id: string, now: string): Promise<void> {
  await db.deleteFrom('network_contact_people').where('person_id', '=', id).execute();
  await db.deleteFrom('network_memberships').where('person_id', '=', id).execute();
  await db.deleteFrom('network_consents').where('person_id', '=', id).execute();
  await db.deleteFrom('network_person_areas').where('person_id', '=', id).execute();
  await db.updateTable('network_people').set({ name: '', email: null, phone: null, created_by: null, erased_at: now, updated_at: now }).where('id', '=', id).execute();
}

export async function personRefs(db: Db, ids: readonly string[]): Promise<PersonRef[]> {
  if (ids.length === 0) return [];
  const people = await listPeople(db, { scope: 'all', ids, includeErased: true });
  const memberships = groupBy(await listMemberships(db, { personIds: people.map((p) => p.id), currentOn: new Date().toISOString().slice(0, 10) }), 'personId');
  return people.map((p) => ({
    id: p.id,
    name: p.name,
    organisations: (memberships.get(p.id) ?? []).map((m) => ({ id: m.orgId, name: m.orgName, role: m.role })),
    areaIds: p.areaIds,
  }));
}

/* ---------------------------------------------------------------- memberships */

export async function listMemberships(db: Db, f: { personIds?: readonly string[]; orgId?: string; currentOn?: string }): Promise<Membership[]> {
  let q = db
    .selectFrom('network_memberships as m')
    .innerJoin('network_organisations as o', 'o.id', 'm.org_id')
    .innerJoin('network_people as p', 'p.id', 'm.person_id')
    .selectAll('m')
    .select(['o.name as org_name', 'p.name as person_name']);
  if (f.personIds) q = q.where('m.person_id', 'in', f.personIds.length ? [...f.personIds] : ['']);
  if (f.orgId) q = q.where('m.org_id', '=', f.orgId);
  if (f.currentOn) {
    const d = f.currentOn;
    q = q.where((eb) => eb.or([eb('m.ends_on', 'is', null), eb('m.ends_on', '>=', d)]));
  }
  const rows = await q.orderBy('o.name').orderBy('p.name').orderBy('m.id').execute();
  return rows.map((r) => ({ id: r.id, personId: r.person_id, personName: r.person_name, orgId: r.org_id, orgName: r.org_name, role: r.role, startsOn: r.starts_on, endsOn: r.ends_on }));
}

export async function findMembership(db: Db, id: string): Promise<Membership | null> {
  const rows = await db.selectFrom('network_memberships').select('person_id').where('id', '=', id).executeTakeFirst();
  if (!rows) return null;
  return (await listMemberships(db, { personIds: [rows.person_id] })).find((m) => m.id === id) ?? null;
}

export async function insertMembership(db: Db, m: { id: string; personId: string; orgId: string; role: string | null; startsOn: string | null; endsOn: string | null }): Promise<void> {
  await db
    .insertInto('network_memberships')
    .values({ id: m.id, person_id: m.personId, org_id: m.orgId, role: m.role, starts_on: m.startsOn, ends_on: m.endsOn } as never)
    .execute();
}

export async function deleteMembership(db: Db, id: string): Promise<void> {
  await db.deleteFrom('network_memberships').where('id', '=', id).execute();
}

/* ---------------------------------------------------------------- consents */

export async function listConsents(db: Db, personId: string): Promise<Consent[]> {
  const rows = await db.selectFrom('network_consents').selectAll().where('person_id', '=', personId).orderBy('given_on', 'desc').orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id,
    personId: r.person_id,
    basis: r.basis as ConsentBasis,
    purpose: r.purpose,
    method: r.method as ConsentMethod,
    givenOn: r.given_on,
    withdrawnOn: r.withdrawn_on,
    createdAt: r.created_at,
  }));
}

export async function insertConsent(db: Db, c: { id: string; personId: string; basis: ConsentBasis; purpose: string; method: ConsentMethod; givenOn: string; recordedBy: string | null }): Promise<void> {
  await db
    .insertInto('network_consents')
    .values({ id: c.id, person_id: c.personId, basis: c.basis, purpose: c.purpose, method: c.method, given_on: c.givenOn, recorded_by: c.recordedBy } as never)
    .execute();
}

export async function withdrawConsent(db: Db, id: string, on: string): Promise<void> {
  await db.updateTable('network_consents').set({ withdrawn_on: on }).where('id', '=', id).execute();
}

/* ---------------------------------------------------------------- contacts */

export interface ContactFilter {
  scope: AreaScope;
  areaId?: string | undefined;
  channel?: ContactChannel | undefined;
  from?: string | undefined;
  to?: string | undefined;
  personId?: string | undefined;
  orgId?: string | undefined;
  topicId?: string | undefined;
  /** Only contacts with an open follow-up due on or before this day. */
  followUpDueBy?: string | undefined;
  ids?: readonly string[] | undefined;
  limit?: number;
  offset?: number;
}

function contactQuery(db: Db, f: ContactFilter) {
  let q = db.selectFrom('network_contacts as c');
  if (f.scope !== 'all') q = q.where('c.area_id', 'in', f.scope.length ? [...f.scope] : ['']);
  if (f.areaId) q = q.where('c.area_id', '=', f.areaId);
  if (f.channel) q = q.where('c.channel', '=', f.channel);
  if (f.from) q = q.where('c.occurred_on', '>=', f.from);
  if (f.to) q = q.where('c.occurred_on', '<=', f.to);
  if (f.personId) {
    const id = f.personId;
    q = q.where((eb) => eb.exists(eb.selectFrom('network_contact_people as cp').select('cp.contact_id').whereRef('cp.contact_id', '=', 'c.id').where('cp.person_id', '=', id)));
  }
  if (f.orgId) {
    const id = f.orgId;
    q = q.where((eb) => eb.exists(eb.selectFrom('network_contact_orgs as co').select('co.contact_id').whereRef('co.contact_id', '=', 'c.id').where('co.org_id', '=', id)));
  }
  if (f.topicId) {
    const id = f.topicId;
    q = q.where((eb) => eb.exists(eb.selectFrom('network_contact_topics as ct').select('ct.contact_id').whereRef('ct.contact_id', '=', 'c.id').where('ct.topic_id', '=', id)));
  }
  if (f.followUpDueBy) q = q.where('c.follow_up_on', '<=', f.followUpDueBy).where('c.follow_up_done_at', 'is', null);
  if (f.ids) q = q.where('c.id', 'in', f.ids.length ? [...f.ids] : ['']);
  return q;
}

export async function countContacts(db: Db, f: ContactFilter): Promise<number> {
  if (f.scope !== 'all' && f.scope.length === 0) return 0;
  const r = await contactQuery(db, f).select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
  return toCount(r?.n);
}

export async function listContacts(db: Db, f: ContactFilter): Promise<Contact[]> {
  if (f.scope !== 'all' && f.scope.length === 0) return [];
  let q = contactQuery(db, f).selectAll('c').orderBy('c.occurred_on', 'desc').orderBy('c.created_at', 'desc').orderBy('c.id');
  if (f.limit !== undefined) q = q.limit(f.limit).offset(f.offset ?? 0);
  const rows = await q.execute();
  const ids = rows.map((r) => r.id);
  const people = new Map<string, { id: string; name: string }[]>();
  const orgs = new Map<string, { id: string; name: string }[]>();
  const topics = new Map<string, string[]>();
  if (ids.length) {
    for (const r of await db
      .selectFrom('network_contact_people as cp')
      .innerJoin('network_people as p', 'p.id', 'cp.person_id')
      .select(['cp.contact_id', 'p.id', 'p.name'])
      .where('cp.contact_id', 'in', ids)
      .orderBy('p.name')
      .execute()) {
      people.set(r.contact_id, [...(people.get(r.contact_id) ?? []), { id: r.id, name: r.name }]);
    }
    for (const r of await db
      .selectFrom('network_contact_orgs as co')
      .innerJoin('network_organisations as o', 'o.id', 'co.org_id')
      .select(['co.contact_id', 'o.id', 'o.name'])
      .where('co.contact_id', 'in', ids)
      .orderBy('o.name')
      .execute()) {
      orgs.set(r.contact_id, [...(orgs.get(r.contact_id) ?? []), { id: r.id, name: r.name }]);
    }
    for (const r of await db.selectFrom('network_contact_topics').select(['contact_id', 'topic_id']).where('contact_id', 'in', ids).orderBy('topic_id').execute()) {
      topics.set(r.contact_id, [...(topics.get(r.contact_id) ?? []), r.topic_id]);
    }
  }
  return rows.map((r) => ({
    id: r.id,
    occurredOn: r.occurred_on,
    channel: r.channel as ContactChannel,
    areaId: r.area_id,
    note: r.note,
    followUpOn: r.follow_up_on,
    followUpDoneAt: r.follow_up_done_at,
    reminderSentAt: r.reminder_sent_at,
    createdBy: r.created_by,
    createdAt: r.created_at,
    people: people.get(r.id) ?? [],
    organisations: orgs.get(r.id) ?? [],
    topicIds: topics.get(r.id) ?? [],
  }));
}

export async function findContact(db: Db, id: string): Promise<Contact | null> {
  return (await listContacts(db, { scope: 'all', ids: [id] }))[0] ?? null;
}

export interface ContactRow {
  occurredOn: string;
  channel: ContactChannel;
  areaId: string | null;
  note: string | null;
  followUpOn: string | null;
  personIds: readonly string[];
  orgIds: readonly string[];
  topicIds: readonly string[];
}

export async function insertContact(db: Db, id: string, c: ContactRow, createdBy: string | null, now: string): Promise<void> {
  await db
    .insertInto('network_contacts')
    .values({ id, occurred_on: c.occurredOn, channel: c.channel, area_id: c.areaId, note: c.note, follow_up_on: c.followUpOn, created_by: createdBy, created_at: now, updated_at: now } as never)
    .execute();
  await setContactLinks(db, id, c);
}

export async function updateContact(db: Db, id: string, c: ContactRow, now: string, followUpChanged: boolean): Promise<void> {
  await db
    .updateTable('network_contacts')
    .set({
      occurred_on: c.occurredOn,
      channel: c.channel,
      area_id: c.areaId,
      note: c.note,
      follow_up_on: c.followUpOn,
      updated_at: now,
      ...(followUpChanged ? { reminder_sent_at: null, follow_up_done_at: null } : {}),
    })
    .where('id', '=', id)
    .execute();
  await db.deleteFrom('network_contact_people').where('contact_id', '=', id).execute();
  await db.deleteFrom('network_contact_orgs').where('contact_id', '=', id).execute();
  await db.deleteFrom('network_contact_topics').where('contact_id', '=', id).execute();
  await setContactLinks(db, id, c);
}

async function setContactLinks(db: Db, id: string, c: ContactRow): Promise<void> {
  for (const p of uniq(c.personIds)) await db.insertInto('network_contact_people').values({ contact_id: id, person_id: p } as never).execute();
  const orgIds = uniq(c.orgIds);
  // Each link carries the contact's day and area and the organisation's type and logic (for the report figures).
  const orgs = orgIds.length ? await db.selectFrom('network_organisations').select(['id', 'type_id', 'logic']).where('id', 'in', orgIds).execute() : [];
  const byId = new Map(orgs.map((o) => [o.id, o]));
  const flags = firstFlags(orgIds.map((orgId) => ({ orgId, typeId: byId.get(orgId)?.type_id ?? null, logic: byId.get(orgId)?.logic ?? null })));
  for (const orgId of orgIds) {
    const o = byId.get(orgId);
    await db
      .insertInto('network_contact_orgs')
      .values({ contact_id: id, org_id: orgId, area_id: c.areaId, occurred_on: c.occurredOn, type_id: o?.type_id ?? null, logic: o?.logic ?? null, ...flags.get(orgId)! } as never)
      .execute();
  }
  for (const t of uniq(c.topicIds)) await db.insertInto('network_contact_topics').values({ contact_id: id, topic_id: t } as never).execute();
}

export async function setFollowUpDone(db: Db, id: string, at: string | null): Promise<void> {
  await db.updateTable('network_contacts').set({ follow_up_done_at: at }).where('id', '=', id).execute();
}

export async function markReminderSent(db: Db, id: string, at: string): Promise<void> {
  await db.updateTable('network_contacts').set({ reminder_sent_at: at }).where('id', '=', id).execute();
}

/** Open follow-ups due on or before `day` whose reminder has not gone out yet. */
export async function dueReminders(db: Db, day: string): Promise<{ id: string; createdBy: string | null; followUpOn: string; occurredOn: string }[]> {
  const rows = await db
    .selectFrom('network_contacts')
    .select(['id', 'created_by', 'follow_up_on', 'occurred_on'])
    .where('follow_up_on', '<=', day)
    .where('follow_up_done_at', 'is', null)
    .where('reminder_sent_at', 'is', null)
    .orderBy('follow_up_on')
    .execute();
  return rows.map((r) => ({ id: r.id, createdBy: r.created_by, followUpOn: r.follow_up_on!, occurredOn: r.occurred_on }));
}

/** Last contact day per organisation (among the given ones). */
export async function lastContactPerOrg(db: Db, orgIds: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (orgIds.length === 0) return out;
  const rows = await db
    .selectFrom('network_contact_orgs as co')
    .innerJoin('network_contacts as c', 'c.id', 'co.contact_id')
    .select(['co.org_id', (eb) => eb.fn.max('c.occurred_on').as('last')])
    .where('co.org_id', 'in', [...orgIds])
    .groupBy('co.org_id')
    .execute();
  for (const r of rows) if (r.last) out.set(r.org_id, String(r.last));
  return out;
}

/** Last contact day per person (among the given ones). */
export async function lastContactPerPerson(db: Db, personIds: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (personIds.length === 0) return out;
  const rows = await db
    .selectFrom('network_contact_people as cp')
    .innerJoin('network_contacts as c', 'c.id', 'cp.contact_id')
    .select(['cp.person_id', (eb) => eb.fn.max('c.occurred_on').as('last')])
    .where('cp.person_id', 'in', [...personIds])
    .groupBy('cp.person_id')
    .execute();
  for (const r of rows) if (r.last) out.set(r.person_id, String(r.last));
  return out;
}

/* ---------------------------------------------------------------- figures for reports (aggregates only) */

/** Contacts of the areas with occurred_on in [from, to] (days, inclusive): one row per channel. */
export async function contactCountsByChannel(db: Db, areaIds: readonly string[], from: string, to: string): Promise<{ key: string; count: number }[]> {
  if (areaIds.length === 0) return [];
  const rows = await db
    .selectFrom('network_contacts as c')
    .select(['c.channel as key', (eb) => eb.fn.countAll().as('n')])
    .where('c.area_id', 'in', [...areaIds])
    .where('c.occurred_on', '>=', from)
    .where('c.occurred_on', '<=', to)
    .groupBy('c.channel')
    .execute();
  return rows.map((r) => ({ key: String(r.key), count: toCount(r.n) }));
}

/**
 * The same contacts per organisation type id (`by: 'type'`) or per organisation logic (`by: 'logic'`): a contact
 * counts once per distinct key among its organisations — the link rows flagged as the contact's first of their type
 * (logic). Reads only the link rows' copies of day, area, type, logic and the flags (one covering index).
 */
export async function contactCountsByOrgKey(db: Db, areaIds: readonly string[], from: string, to: string, by: 'type' | 'logic'): Promise<{ key: string; count: number }[]> {
  if (areaIds.length === 0) return [];
  const col = by === 'type' ? 'co.type_id' : 'co.logic';
  const rows = await db
    .selectFrom('network_contact_orgs as co')
    .select([`${col} as key`, (eb) => eb.fn.countAll().as('n')])
    .where('co.area_id', 'in', [...areaIds])
    .where('co.occurred_on', '>=', from)
    .where('co.occurred_on', '<=', to)
    .where(by === 'type' ? 'co.first_of_type' : 'co.first_of_logic', '=', 1)
    .groupBy(col)
    .execute();
  return rows.map((r) => ({ key: String(r.key), count: toCount(r.n) }));
}

/** How many of the same contacts have at least one organisation taking part (their first link rows). */
export async function contactsWithOrg(db: Db, areaIds: readonly string[], from: string, to: string): Promise<number> {
  if (areaIds.length === 0) return 0;
  const r = await db
    .selectFrom('network_contact_orgs as co')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('co.area_id', 'in', [...areaIds])
    .where('co.occurred_on', '>=', from)
    .where('co.occurred_on', '<=', to)
    .where('co.first_of_contact', '=', 1)
    .executeTakeFirst();
  return toCount(r?.n);
}
