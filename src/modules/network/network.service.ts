/**
 * Use cases of the network module. Writes follow one pattern: authorize (policy, with the record's programme areas
 * as the resource) → check references (types, topics, areas, participants in the user's scope) → transaction →
 * write → audit in the same transaction.
 *
 * Privacy: people's names, e-mail addresses, phone numbers, roles and free text (contact notes, consent purposes)
 * never enter the audit log with their values — only that they changed (masked as •••). So erasing a person leaves
 * nothing of them in the audit log while every audit entry stays. Organisation data is not personal and is audited
 * with its values (except the free-text notes, masked too).
 */
import type { Kysely } from 'kysely';
import { diff, recordAudit, type AuditTables, type Changes } from '../../platform/audit';
import { authorize, can, scopeFor, type Action, type Principal } from '../../platform/auth/policy';
import { nowIso } from '../../platform/db/dialect';
import type { TenantDb } from '../../platform/db/tenant-scope';
import { errors, type FieldError } from '../../platform/errors';
import { actorOf, type ServiceContext } from '../../platform/http/context';
import { newId } from '../../platform/ids';
import { listAreaSummaries, listTopics, lookupPoint } from '../territory';
import { personDataProviders } from './network.providers';
import * as q from './network.queries';
import { tdb } from './network.refs';
import { indexOrganisation, indexOrganisationsOfType, indexPerson } from './network.search';
import type { ConsentInput, ContactInput, MembershipInput, NewPersonInput, OrganisationInput, PersonInput, RelationshipInput, TypeInput } from './network.schema';
import { DEFAULT_TYPES } from './network.seed';
import type { AreaScope, Consent, Contact, Membership, Organisation, OrgType, Person, Relationship } from './network.types';

type AnyTenantDb = TenantDb<any>;

function auditDb(db: q.Db): Kysely<AuditTables> {
  return db as unknown as Kysely<AuditTables>;
}

const MASK = '•••';
/** Fields whose values never go into the audit log (personal data and free text). */
const PERSONAL = new Set(['name', 'email', 'phone', 'role', 'purpose', 'note', 'notes']);

/** diff() with personal fields masked; `personal` = also mask the name (people, not organisations). */
function auditChanges(before: Record<string, unknown> | null, after: Record<string, unknown> | null, opts: { personName?: boolean } = {}): Changes {
  const out = diff(before, after);
  for (const [k, v] of Object.entries(out)) {
    if (PERSONAL.has(k) && (k !== 'name' || opts.personName)) out[k] = { from: v.from === null ? null : MASK, to: v.to === null ? null : MASK };
  }
  return out;
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

function fieldError(field: string, key: string): FieldError {
  return { field, key };
}

/* ================================================================ scope */

export function readScope(user: Principal | null | undefined): AreaScope {
  return scopeFor(user, 'network.read');
}

export function editScope(user: Principal | null | undefined): AreaScope {
  return scopeFor(user, 'network.edit');
}

export function canOn(user: Principal | null | undefined, action: Action, areaIds: readonly string[]): boolean {
  return can(user, action, { areaIds });
}

function inScope(scope: AreaScope, areaIds: readonly string[]): boolean {
  return scope === 'all' || areaIds.some((a) => scope.includes(a));
}

/** Every chosen area must exist and lie in the user's scope for the action (field error otherwise). */
async function checkAreas(ctx: ServiceContext, action: Action, areaIds: readonly string[], field: string): Promise<FieldError[]> {
  const known = new Set((await listAreaSummaries(ctx.db)).map((a) => a.id));
  const scope = scopeFor(ctx.user, action);
  for (const a of areaIds) {
    if (!known.has(a)) return [fieldError(field, 'form.error.choose')];
    if (scope !== 'all' && !scope.includes(a)) return [fieldError(field, 'network.error.areaScope')];
  }
  return [];
}

async function checkTopics(ctx: ServiceContext, topicIds: readonly string[], field: string): Promise<FieldError[]> {
  if (topicIds.length === 0) return [];
  const known = new Set((await listTopics(ctx.db)).map((t) => t.id));
  return topicIds.every((t) => known.has(t)) ? [] : [fieldError(field, 'form.error.choose')];
}

function throwIf(problems: FieldError[]): void {
  if (problems.length) throw errors.validation(problems);
}

/* ================================================================ organisation types */

export async function ensureTypes(db: AnyTenantDb): Promise<void> {
  if ((await q.countTypes(tdb(db))) > 0) return;
  await q.insertTypes(tdb(db), DEFAULT_TYPES.map((t) => ({ ...t, id: newId('ort') })));
}

export async function listTypes(db: AnyTenantDb, opts: { activeOnly?: boolean } = {}): Promise<OrgType[]> {
  await ensureTypes(db);
  return q.listTypes(tdb(db), opts);
}

export async function getType(db: AnyTenantDb, id: string): Promise<OrgType | null> {
  return q.findType(tdb(db), id);
}

export async function createType(ctx: ServiceContext, input: TypeInput & { key: string }): Promise<string> {
  authorize(ctx.user, 'network.types.manage');
  const existing = await listTypes(ctx.db);
  if (existing.some((t) => t.key === input.key)) throw errors.validation([fieldError('key', 'network.error.keyTaken')]);
  const id = newId('ort');
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      await q.insertTypes(trx, [{ id, key: input.key, labels: { de: input.labelDe, en: input.labelEn ?? null, ar: input.labelAr ?? null }, defaultLogic: input.defaultLogic, sortOrder: input.sortOrder }]);
      if (!input.active) await q.updateType(trx, id, { labels: { de: input.labelDe, en: input.labelEn ?? null, ar: input.labelAr ?? null }, defaultLogic: input.defaultLogic, active: false, sortOrder: input.sortOrder });
      await recordAudit(auditDb(trx), { actor: actorOf(ctx), entityType: 'network_org_type', entityId: id, action: 'create', changes: diff(null, { ...input }), requestId: ctx.requestId });
    });
  return id;
}

export async function updateType(ctx: ServiceContext, id: string, input: TypeInput): Promise<void> {
  authorize(ctx.user, 'network.types.manage');
  const current = await q.findType(tdb(ctx.db), id);
  if (!current) throw errors.notFound('organisation type');
  const snap = (t: { labels: OrgType['labels']; defaultLogic: string; active: boolean; sortOrder: number }) => ({ labelDe: t.labels.de, labelEn: t.labels.en, labelAr: t.labels.ar, defaultLogic: t.defaultLogic, active: t.active, sortOrder: t.sortOrder });
  const next = { labels: { de: input.labelDe, en: input.labelEn ?? null, ar: input.labelAr ?? null }, defaultLogic: input.defaultLogic, active: input.active, sortOrder: input.sortOrder };
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      await q.updateType(trx, id, next);
      await recordAudit(auditDb(trx), { actor: actorOf(ctx), entityType: 'network_org_type', entityId: id, action: 'update', changes: diff(snap(current), snap(next)), requestId: ctx.requestId });
    });
  await indexOrganisationsOfType(ctx.db, id);
}

/* ================================================================ organisations */

export interface OrgListFilter {
  q?: string | undefined;
  areaId?: string | undefined;
  topicId?: string | undefined;
  typeId?: string | undefined;
  logic?: q.OrgFilter['logic'];
  limit?: number;
  offset?: number;
}

export async function listOrganisations(ctx: ServiceContext, f: OrgListFilter = {}): Promise<{ total: number; items: Organisation[] }> {
  authorize(ctx.user, 'network.read');
  await ensureTypes(ctx.db);
  const filter: q.OrgFilter = { ...f, scope: readScope(ctx.user) };
  const [total, items] = await Promise.all([q.countOrganisations(tdb(ctx.db), filter), q.listOrganisations(tdb(ctx.db), filter)]);
  return { total, items };
}

/** One organisation the user may read (404 when unknown, 403 when out of scope). */
export async function getOrganisation(ctx: ServiceContext, id: string): Promise<Organisation> {
  authorize(ctx.user, 'network.read');
  const org = await q.findOrganisation(tdb(ctx.db), id);
  if (!org) throw errors.notFound('organisation');
  authorize(ctx.user, 'network.read', { areaIds: org.areaIds });
  return org;
}

export interface OrganisationDetail {
  org: Organisation;
  relationships: Relationship[];
  memberships: Membership[];
  contacts: Contact[];
  lastContactOn: string | null;
}

export async function getOrganisationDetail(ctx: ServiceContext, id: string): Promise<OrganisationDetail> {
  const org = await getOrganisation(ctx, id);
  const scope = readScope(ctx.user);
  const d = tdb(ctx.db);
  const [relationships, memberships, contacts, last] = await Promise.all([
    q.listRelationships(d, { orgIds: [id] }),
    q.listMemberships(d, { orgId: id }),
    q.listContacts(d, { scope, orgId: id, limit: 20 }).then((cs) => visibleParticipants(ctx, cs)),
    q.lastContactPerOrg(d, [id]),
  ]);
  // People are shown only where the user may see them (their own programme areas).
  const visiblePeople = new Set((await q.listPeople(d, { scope, ids: memberships.map((m) => m.personId) })).map((p) => p.id));
  // Relationships to organisations outside the user's scope show up without a link but with the name (not personal).
  return { org, relationships, memberships: memberships.filter((m) => visiblePeople.has(m.personId)), contacts, lastContactOn: last.get(id) ?? null };
}

async function orgRow(ctx: ServiceContext, input: OrganisationInput): Promise<q.OrgRow> {
  let districtNumber: number | null = null;
  let districtName: string | null = null;
  if (input.lat !== undefined && input.lon !== undefined) {
    const place = await lookupPoint(ctx.db, input.lat, input.lon);
    if (!place.district) throw errors.validation([fieldError('lat', 'network.error.outsideCity')]);
    districtNumber = place.district.number;
    districtName = place.district.name;
  }
  return {
    name: input.name,
    typeId: input.typeId,
    logic: input.logic,
    address: input.address ?? null,
    lat: input.lat ?? null,
    lon: input.lon ?? null,
    districtNumber,
    districtName,
    email: input.email ?? null,
    phone: input.phone ?? null,
    website: input.website ?? null,
    channels: input.channels ?? null,
    notes: input.notes ?? null,
  };
}

async function checkOrganisationInput(ctx: ServiceContext, input: OrganisationInput): Promise<void> {
  const problems: FieldError[] = [];
  const type = await q.findType(tdb(ctx.db), input.typeId);
  if (!type) problems.push(fieldError('typeId', 'form.error.choose'));
  problems.push(...(await checkAreas(ctx, 'network.edit', input.areaIds, 'areaIds')));
  problems.push(...(await checkTopics(ctx, input.topicIds, 'topicIds')));
  throwIf(problems);
}

function orgSnapshot(o: q.OrgRow & { areaIds: readonly string[]; topicIds: readonly string[] }): Record<string, unknown> {
  return { ...o, areaIds: [...o.areaIds].sort(), topicIds: [...o.topicIds].sort() };
}

export async function createOrganisation(ctx: ServiceContext, input: OrganisationInput): Promise<string> {
  authorize(ctx.user, 'network.edit');
  await ensureTypes(ctx.db);
  await checkOrganisationInput(ctx, input);
  authorize(ctx.user, 'network.edit', { areaIds: input.areaIds });
  const row = await orgRow(ctx, input);
  const id = newId('org');
  const now = nowIso();
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      await q.insertOrganisation(trx, id, row, ctx.user?.id ?? null, now);
      await q.setOrgAreas(trx, id, input.areaIds);
      await q.setOrgTopics(trx, id, input.topicIds);
      await recordAudit(auditDb(trx), { actor: actorOf(ctx), entityType: 'network_organisation', entityId: id, action: 'create', changes: auditChanges(null, orgSnapshot({ ...row, areaIds: input.areaIds, topicIds: input.topicIds })), requestId: ctx.requestId });
    });
  await indexOrganisation(ctx.db, id);
  return id;
}

export async function updateOrganisation(ctx: ServiceContext, id: string, input: OrganisationInput): Promise<void> {
  const current = await getOrganisation(ctx, id);
  authorize(ctx.user, 'network.edit', { areaIds: current.areaIds });
  // Areas the user may not act in stay as they are; the user's choice replaces only the areas in their scope.
  const scope = editScope(ctx.user);
  const kept = scope === 'all' ? [] : current.areaIds.filter((a) => !scope.includes(a));
  const chosen = input.areaIds.filter((a) => !kept.includes(a));
  await checkOrganisationInput(ctx, { ...input, areaIds: chosen.length ? chosen : kept.length ? [] : input.areaIds });
  const areaIds = [...new Set([...kept, ...chosen])];
  const row = await orgRow(ctx, input);
  const before: q.OrgRow = {
    name: current.name,
    typeId: current.typeId,
    logic: current.logic,
    address: current.address,
    lat: current.lat,
    lon: current.lon,
    districtNumber: current.districtNumber,
    districtName: current.districtName,
    email: current.email,
    phone: current.phone,
    website: current.website,
    channels: current.channels,
    notes: current.notes,
  };
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      await q.updateOrganisation(trx, id, row, nowIso());
      await q.setOrgAreas(trx, id, areaIds);
      await q.setOrgTopics(trx, id, input.topicIds);
      const changes = auditChanges(orgSnapshot({ ...before, areaIds: current.areaIds, topicIds: current.topicIds }), orgSnapshot({ ...row, areaIds, topicIds: input.topicIds }));
      await recordAudit(auditDb(trx), { actor: actorOf(ctx), entityType: 'network_organisation', entityId: id, action: 'update', changes, requestId: ctx.requestId });
    });
  await indexOrganisation(ctx.db, id);
}

/* ================================================================ relationships */

export async function addRelationship(ctx: ServiceContext, fromOrgId: string, input: RelationshipInput): Promise<string> {
  const from = await getOrganisation(ctx, fromOrgId);
  authorize(ctx.user, 'network.edit', { areaIds: from.areaIds });
  const to = input.toOrgId === fromOrgId ? null : await q.findOrganisation(tdb(ctx.db), input.toOrgId);
  if (!to || !inScope(readScope(ctx.user), to.areaIds)) throw errors.validation([fieldError('toOrgId', 'form.error.choose')]);
  const id = newId('rel');
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      await q.insertRelationship(trx, { id, fromOrgId, toOrgId: to.id, kind: input.kind, startsOn: input.startsOn ?? null, endsOn: input.endsOn ?? null, note: input.note ?? null });
      await recordAudit(auditDb(trx), {
        actor: actorOf(ctx),
        entityType: 'network_relationship',
        entityId: id,
        action: 'create',
        changes: auditChanges(null, { fromOrgId, toOrgId: to.id, kind: input.kind, startsOn: input.startsOn ?? null, endsOn: input.endsOn ?? null, note: input.note ?? null }),
        requestId: ctx.requestId,
      });
    });
  return id;
}

export async function removeRelationship(ctx: ServiceContext, fromOrgId: string, id: string): Promise<void> {
  const from = await getOrganisation(ctx, fromOrgId);
  authorize(ctx.user, 'network.edit', { areaIds: from.areaIds });
  const rel = await q.findRelationship(tdb(ctx.db), id);
  if (!rel || (rel.fromOrgId !== fromOrgId && rel.toOrgId !== fromOrgId)) throw errors.notFound('relationship');
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      await q.deleteRelationship(trx, id);
      await recordAudit(auditDb(trx), { actor: actorOf(ctx), entityType: 'network_relationship', entityId: id, action: 'delete', changes: diff({ fromOrgId: rel.fromOrgId, toOrgId: rel.toOrgId, kind: rel.kind }, null), requestId: ctx.requestId });
    });
}

/* ================================================================ people */

export interface PersonListFilter {
  q?: string | undefined;
  areaId?: string | undefined;
  orgId?: string | undefined;
  limit?: number;
  offset?: number;
}

export async function listPeople(ctx: ServiceContext, f: PersonListFilter = {}): Promise<{ total: number; items: Person[]; memberships: Map<string, Membership[]> }> {
  authorize(ctx.user, 'network.read');
  const filter: q.PersonFilter = { ...f, scope: readScope(ctx.user) };
  const [total, items] = await Promise.all([q.countPeople(tdb(ctx.db), filter), q.listPeople(tdb(ctx.db), filter)]);
  const memberships = new Map<string, Membership[]>();
  for (const m of await q.listMemberships(tdb(ctx.db), { personIds: items.map((p) => p.id), currentOn: today() })) memberships.set(m.personId, [...(memberships.get(m.personId) ?? []), m]);
  return { total, items, memberships };
}

export async function getPerson(ctx: ServiceContext, id: string, action: Action = 'network.read'): Promise<Person> {
  authorize(ctx.user, action);
  const p = await q.findPerson(tdb(ctx.db), id);
  if (!p) throw errors.notFound('person');
  authorize(ctx.user, action, { areaIds: p.areaIds });
  return p;
}

export interface PersonDetail {
  person: Person;
  memberships: Membership[];
  consents: Consent[];
  contacts: Contact[];
  hasBasis: boolean;
}

export async function getPersonDetail(ctx: ServiceContext, id: string): Promise<PersonDetail> {
  const person = await getPerson(ctx, id);
  const d = tdb(ctx.db);
  const [memberships, consents, contacts] = await Promise.all([q.listMemberships(d, { personIds: [id] }), q.listConsents(d, id), q.listContacts(d, { scope: readScope(ctx.user), personId: id, limit: 20 }).then((cs) => visibleParticipants(ctx, cs))]);
  return { person, memberships, consents, contacts, hasBasis: consents.some((c) => !c.withdrawnOn) };
}

async function checkOrgForMembership(ctx: ServiceContext, orgId: string, field: string): Promise<Organisation> {
  const org = await q.findOrganisation(tdb(ctx.db), orgId);
  if (!org || !inScope(readScope(ctx.user), org.areaIds)) throw errors.validation([fieldError(field, 'form.error.choose')]);
  return org;
}

function personSnapshot(p: { name: string; email: string | null; phone: string | null; areaIds: readonly string[] }): Record<string, unknown> {
  return { name: p.name, email: p.email, phone: p.phone, areaIds: [...p.areaIds].sort() };
}

/** A new person with the legal basis (required) and optionally a first membership. */
export async function createPerson(ctx: ServiceContext, input: NewPersonInput): Promise<string> {
  authorize(ctx.user, 'network.edit');
  const problems = await checkAreas(ctx, 'network.edit', input.areaIds, 'areaIds');
  if (input.givenOn > today()) problems.push(fieldError('givenOn', 'network.error.future'));
  throwIf(problems);
  authorize(ctx.user, 'network.edit', { areaIds: input.areaIds });
  if (input.orgId) await checkOrgForMembership(ctx, input.orgId, 'orgId');
  const id = newId('per');
  const now = nowIso();
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      await q.insertPerson(trx, { id, name: input.name, email: input.email ?? null, phone: input.phone ?? null, createdBy: ctx.user?.id ?? null, now });
      await q.setPersonAreas(trx, id, input.areaIds);
      const consentId = newId('cns');
      await q.insertConsent(trx, { id: consentId, personId: id, basis: input.basis, purpose: input.purpose, method: input.method, givenOn: input.givenOn, recordedBy: ctx.user?.id ?? null });
      await recordAudit(auditDb(trx), { actor: actorOf(ctx), entityType: 'network_person', entityId: id, action: 'create', changes: auditChanges(null, personSnapshot({ name: input.name, email: input.email ?? null, phone: input.phone ?? null, areaIds: input.areaIds }), { personName: true }), requestId: ctx.requestId });
      await recordAudit(auditDb(trx), { actor: actorOf(ctx), entityType: 'network_person', entityId: id, action: 'consent_recorded', changes: auditChanges(null, { consentId, basis: input.basis, purpose: input.purpose, method: input.method, givenOn: input.givenOn }), requestId: ctx.requestId });
      if (input.orgId) {
        const mId = newId('mem');
        await q.insertMembership(trx, { id: mId, personId: id, orgId: input.orgId, role: input.role ?? null, startsOn: null, endsOn: null });
        await recordAudit(auditDb(trx), { actor: actorOf(ctx), entityType: 'network_person', entityId: id, action: 'membership_added', changes: auditChanges(null, { membershipId: mId, orgId: input.orgId, role: input.role ?? null }), requestId: ctx.requestId });
      }
    });
  await indexPerson(ctx.db, id);
  return id;
}

export async function updatePerson(ctx: ServiceContext, id: string, input: PersonInput): Promise<void> {
  const current = await getPerson(ctx, id, 'network.edit');
  const scope = editScope(ctx.user);
  const kept = scope === 'all' ? [] : current.areaIds.filter((a) => !scope.includes(a));
  const chosen = input.areaIds.filter((a) => !kept.includes(a));
  throwIf(await checkAreas(ctx, 'network.edit', chosen, 'areaIds'));
  const areaIds = [...new Set([...kept, ...chosen])];
  if (areaIds.length === 0) throw errors.validation([fieldError('areaIds', 'network.error.areaRequired')]);
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      await q.updatePerson(trx, id, { name: input.name, email: input.email ?? null, phone: input.phone ?? null }, nowIso());
      await q.setPersonAreas(trx, id, areaIds);
      await recordAudit(auditDb(trx), {
        actor: actorOf(ctx),
        entityType: 'network_person',
        entityId: id,
        action: 'update',
        changes: auditChanges(personSnapshot(current), personSnapshot({ name: input.name, email: input.email ?? null, phone: input.phone ?? null, areaIds }), { personName: true }),
        requestId: ctx.requestId,
      });
    });
  await indexPerson(ctx.db, id);
}

export async function addMembership(ctx: ServiceContext, personId: string, input: MembershipInput): Promise<string> {
  await getPerson(ctx, personId, 'network.edit');
  await checkOrgForMembership(ctx, input.orgId, 'orgId');
  const id = newId('mem');
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      await q.insertMembership(trx, { id, personId, orgId: input.orgId, role: input.role ?? null, startsOn: input.startsOn ?? null, endsOn: input.endsOn ?? null });
      await q.touchPeople(trx, [personId], nowIso());
      await recordAudit(auditDb(trx), { actor: actorOf(ctx), entityType: 'network_person', entityId: personId, action: 'membership_added', changes: auditChanges(null, { membershipId: id, orgId: input.orgId, role: input.role ?? null, startsOn: input.startsOn ?? null, endsOn: input.endsOn ?? null }), requestId: ctx.requestId });
    });
  await indexPerson(ctx.db, personId);
  return id;
}

export async function removeMembership(ctx: ServiceContext, personId: string, membershipId: string): Promise<void> {
  await getPerson(ctx, personId, 'network.edit');
  const m = await q.findMembership(tdb(ctx.db), membershipId);
  if (!m || m.personId !== personId) throw errors.notFound('membership');
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      await q.deleteMembership(trx, membershipId);
      await q.touchPeople(trx, [personId], nowIso());
      await recordAudit(auditDb(trx), { actor: actorOf(ctx), entityType: 'network_person', entityId: personId, action: 'membership_removed', changes: auditChanges({ membershipId, orgId: m.orgId, role: m.role }, null), requestId: ctx.requestId });
    });
  await indexPerson(ctx.db, personId);
}

export async function addConsent(ctx: ServiceContext, personId: string, input: ConsentInput): Promise<string> {
  await getPerson(ctx, personId, 'network.edit');
  if (input.givenOn > today()) throw errors.validation([fieldError('givenOn', 'network.error.future')]);
  const id = newId('cns');
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      await q.insertConsent(trx, { id, personId, ...input, recordedBy: ctx.user?.id ?? null });
      await q.touchPeople(trx, [personId], nowIso());
      await recordAudit(auditDb(trx), { actor: actorOf(ctx), entityType: 'network_person', entityId: personId, action: 'consent_recorded', changes: auditChanges(null, { consentId: id, ...input }), requestId: ctx.requestId });
    });
  await indexPerson(ctx.db, personId);
  return id;
}

export async function withdrawConsent(ctx: ServiceContext, personId: string, consentId: string, on: string = today()): Promise<void> {
  await getPerson(ctx, personId, 'network.edit');
  const consent = (await q.listConsents(tdb(ctx.db), personId)).find((c) => c.id === consentId);
  if (!consent) throw errors.notFound('consent');
  if (consent.withdrawnOn) return;
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      await q.withdrawConsent(trx, consentId, on);
      await recordAudit(auditDb(trx), { actor: actorOf(ctx), entityType: 'network_person', entityId: personId, action: 'consent_withdrawn', changes: { consentId: { from: consentId, to: consentId }, withdrawnOn: { from: null, to: on } }, requestId: ctx.requestId });
    });
  await indexPerson(ctx.db, personId);
}

/* ================================================================ contacts */

export interface ContactListFilter extends Omit<q.ContactFilter, 'scope' | 'ids'> {
  followUp?: boolean;
}

/**
 * People are visible only in their own programme areas: a contact in the user's area may have a participant from
 * another area — that participant is left out of what the user sees (and kept when the user edits the contact).
 */
async function visibleParticipants(ctx: ServiceContext, contacts: Contact[]): Promise<Contact[]> {
  const scope = readScope(ctx.user);
  if (scope === 'all') return contacts;
  const ids = [...new Set(contacts.flatMap((c) => c.people.map((p) => p.id)))];
  const visible = new Set((await q.listPeople(tdb(ctx.db), { scope, ids })).map((p) => p.id));
  return contacts.map((c) => ({ ...c, people: c.people.filter((p) => visible.has(p.id)) }));
}

export async function listContacts(ctx: ServiceContext, f: ContactListFilter = {}): Promise<{ total: number; items: Contact[] }> {
  authorize(ctx.user, 'network.read');
  const { followUp, ...rest } = f;
  const filter: q.ContactFilter = { ...rest, scope: readScope(ctx.user), ...(followUp ? { followUpDueBy: '9999-12-31' } : {}) };
  const [total, items] = await Promise.all([q.countContacts(tdb(ctx.db), filter), q.listContacts(tdb(ctx.db), filter)]);
  return { total, items: await visibleParticipants(ctx, items) };
}

async function findContactInScope(ctx: ServiceContext, id: string): Promise<Contact> {
  authorize(ctx.user, 'network.read');
  const c = await q.findContact(tdb(ctx.db), id);
  if (!c) throw errors.notFound('contact');
  authorize(ctx.user, 'network.read', { areaIds: c.areaId ? [c.areaId] : [] });
  return c;
}

export async function getContact(ctx: ServiceContext, id: string): Promise<Contact> {
  return (await visibleParticipants(ctx, [await findContactInScope(ctx, id)]))[0]!;
}

async function checkContactInput(ctx: ServiceContext, input: ContactInput): Promise<void> {
  const problems: FieldError[] = [];
  const areaIds = input.areaId ? [input.areaId] : [];
  if (input.areaId) problems.push(...(await checkAreas(ctx, 'network.edit', areaIds, 'areaId')));
  else if (editScope(ctx.user) !== 'all') problems.push(fieldError('areaId', 'network.error.areaRequired'));
  if (input.occurredOn > today()) problems.push(fieldError('occurredOn', 'network.error.future'));
  problems.push(...(await checkTopics(ctx, input.topicIds, 'topicIds')));
  const scope = readScope(ctx.user);
  if (input.personIds.length) {
    const people = await q.listPeople(tdb(ctx.db), { scope, ids: input.personIds });
    if (people.length !== new Set(input.personIds).size) problems.push(fieldError('personIds', 'form.error.choose'));
  }
  if (input.orgIds.length) {
    const orgs = await q.listOrganisations(tdb(ctx.db), { scope, ids: input.orgIds });
    if (orgs.length !== new Set(input.orgIds).size) problems.push(fieldError('orgIds', 'form.error.choose'));
  }
  throwIf(problems);
}

function contactRow(input: ContactInput): q.ContactRow {
  return {
    occurredOn: input.occurredOn,
    channel: input.channel,
    areaId: input.areaId ?? null,
    note: input.note ?? null,
    followUpOn: input.followUpOn ?? null,
    personIds: input.personIds,
    orgIds: input.orgIds,
    topicIds: input.topicIds,
  };
}

function contactSnapshot(c: q.ContactRow): Record<string, unknown> {
  return { ...c, personIds: [...c.personIds].sort(), orgIds: [...c.orgIds].sort(), topicIds: [...c.topicIds].sort() };
}

export async function logContact(ctx: ServiceContext, input: ContactInput): Promise<string> {
  authorize(ctx.user, 'network.edit');
  await checkContactInput(ctx, input);
  authorize(ctx.user, 'network.edit', { areaIds: input.areaId ? [input.areaId] : [] });
  const id = newId('cnt');
  const now = nowIso();
  const row = contactRow(input);
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      await q.insertContact(trx, id, row, ctx.user?.id ?? null, now);
      await q.touchPeople(trx, input.personIds, now);
      await recordAudit(auditDb(trx), { actor: actorOf(ctx), entityType: 'network_contact', entityId: id, action: 'create', changes: auditChanges(null, contactSnapshot(row)), requestId: ctx.requestId });
    });
  return id;
}

export async function updateContact(ctx: ServiceContext, id: string, input: ContactInput): Promise<void> {
  const current = await findContactInScope(ctx, id);
  authorize(ctx.user, 'network.edit', { areaIds: current.areaId ? [current.areaId] : [] });
  await checkContactInput(ctx, input);
  // Participants the user cannot see (other areas) stay as they are.
  const seen = await getContact(ctx, id);
  const hiddenPeople = current.people.filter((p) => !seen.people.some((x) => x.id === p.id)).map((p) => p.id);
  const readableOrgs = new Set((await q.listOrganisations(tdb(ctx.db), { scope: readScope(ctx.user), ids: current.organisations.map((o) => o.id) })).map((o) => o.id));
  const hiddenOrgs = current.organisations.filter((o) => !readableOrgs.has(o.id)).map((o) => o.id);
  const row = contactRow({ ...input, personIds: [...new Set([...input.personIds, ...hiddenPeople])], orgIds: [...new Set([...input.orgIds, ...hiddenOrgs])] });
  const before: q.ContactRow = {
    occurredOn: current.occurredOn,
    channel: current.channel,
    areaId: current.areaId,
    note: current.note,
    followUpOn: current.followUpOn,
    personIds: current.people.map((p) => p.id),
    orgIds: current.organisations.map((o) => o.id),
    topicIds: current.topicIds,
  };
  const now = nowIso();
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      await q.updateContact(trx, id, row, now, before.followUpOn !== row.followUpOn);
      await q.touchPeople(trx, input.personIds, now);
      await recordAudit(auditDb(trx), { actor: actorOf(ctx), entityType: 'network_contact', entityId: id, action: 'update', changes: auditChanges(contactSnapshot(before), contactSnapshot(row)), requestId: ctx.requestId });
    });
}

export async function setFollowUpDone(ctx: ServiceContext, id: string, done: boolean): Promise<void> {
  const c = await getContact(ctx, id);
  authorize(ctx.user, 'network.edit', { areaIds: c.areaId ? [c.areaId] : [] });
  if (!c.followUpOn || !!c.followUpDoneAt === done) return;
  const at = done ? nowIso() : null;
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      await q.setFollowUpDone(trx, id, at);
      await recordAudit(auditDb(trx), { actor: actorOf(ctx), entityType: 'network_contact', entityId: id, action: done ? 'follow_up_done' : 'follow_up_reopened', changes: { followUpDoneAt: { from: c.followUpDoneAt, to: at } }, requestId: ctx.requestId });
    });
}

/** CSV of contacts (filtered like the list, within the user's scope). Cells are guarded against formula injection. */
export async function contactsCsv(ctx: ServiceContext, f: ContactListFilter, labels: { channel: (c: string) => string; area: (id: string | null) => string; topic: (id: string) => string; header: string[] }): Promise<string> {
  const { items } = await listContacts(ctx, { ...f, limit: 10000, offset: 0 });
  const lines = [labels.header.map(csvCell).join(';')];
  for (const c of items) {
    lines.push(
      [
        c.occurredOn,
        labels.channel(c.channel),
        labels.area(c.areaId),
        c.organisations.map((o) => o.name).join(', '),
        c.people.map((p) => p.name).join(', '),
        c.topicIds.map(labels.topic).join(', '),
        c.note ?? '',
        c.followUpOn ?? '',
        c.followUpDoneAt ? c.followUpDoneAt.slice(0, 10) : '',
      ]
        .map(csvCell)
        .join(';'),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** CSV of organisations (filtered like the list, within the user's scope). Organisations hold no personal data. */
export async function organisationsCsv(ctx: ServiceContext, f: OrgListFilter, labels: { type: (o: Organisation) => string; logic: (l: string) => string; area: (id: string) => string; topic: (id: string) => string; header: string[] }): Promise<string> {
  const { items } = await listOrganisations(ctx, { ...f, limit: 10000, offset: 0 });
  const lines = [labels.header.map(csvCell).join(';')];
  for (const o of items) {
    lines.push(
      [o.name, labels.type(o), labels.logic(o.logic), o.areaIds.map(labels.area).join(', '), o.topicIds.map(labels.topic).join(', '), o.address ?? '', o.districtName ?? '', o.email ?? '', o.phone ?? '', o.website ?? '']
        .map(csvCell)
        .join(';'),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export function csvCell(v: string): string {
  const s = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/* ================================================================ not contacted for N months */

export function monthsAgo(months: number, from = new Date()): string {
  const d = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() - months, from.getUTCDate()));
  return d.toISOString().slice(0, 10);
}

export interface QuietActor {
  kind: 'organisation' | 'person';
  id: string;
  name: string;
  detail: string | null;
  lastContactOn: string | null;
}

/** Organisations and people of one programme area whose last logged contact is older than N months (or none). */
export async function quietActors(ctx: ServiceContext, areaId: string, months: number): Promise<QuietActor[]> {
  authorize(ctx.user, 'network.read', { areaIds: [areaId] });
  const d = tdb(ctx.db);
  const cutoff = monthsAgo(months);
  const orgs = await q.listOrganisations(d, { scope: [areaId] });
  const people = await q.listPeople(d, { scope: [areaId] });
  const [lastOrg, lastPerson] = await Promise.all([q.lastContactPerOrg(d, orgs.map((o) => o.id)), q.lastContactPerPerson(d, people.map((p) => p.id))]);
  const out: QuietActor[] = [];
  for (const o of orgs) {
    const last = lastOrg.get(o.id) ?? null;
    if (!last || last < cutoff) out.push({ kind: 'organisation', id: o.id, name: o.name, detail: o.typeLabels.de, lastContactOn: last });
  }
  for (const p of people) {
    const last = lastPerson.get(p.id) ?? null;
    if (!last || last < cutoff) out.push({ kind: 'person', id: p.id, name: p.name, detail: null, lastContactOn: last });
  }
  return out.sort((a, b) => (a.lastContactOn ?? '').localeCompare(b.lastContactOn ?? '') || a.name.localeCompare(b.name));
}

/* ================================================================ network view */

export interface NetworkGraph {
  organisations: (Organisation & { recentContacts: number; lastContactOn: string | null })[];
  relationships: Relationship[];
  /** Pairs of organisations that took part in the same recent contact, with how often. */
  contactLinks: { a: string; b: string; count: number }[];
  since: string;
}

/** Organisations of one programme area (optionally one topic), their relationships and contacts of the last `days`. */
export async function networkGraph(ctx: ServiceContext, opts: { areaId: string; topicId?: string | undefined; days?: number }): Promise<NetworkGraph> {
  authorize(ctx.user, 'network.read', { areaIds: [opts.areaId] });
  const d = tdb(ctx.db);
  const since = new Date(Date.now() - (opts.days ?? 180) * 86400000).toISOString().slice(0, 10);
  const orgs = await q.listOrganisations(d, { scope: [opts.areaId], topicId: opts.topicId, limit: 200 });
  const ids = orgs.map((o) => o.id);
  const idSet = new Set(ids);
  const relationships = await q.listRelationships(d, { orgIds: ids, both: true });
  const contacts = await q.listContacts(d, { scope: [opts.areaId], from: since, topicId: opts.topicId, limit: 2000 });
  const counts = new Map<string, number>();
  const pairs = new Map<string, number>();
  for (const c of contacts) {
    const inGraph = c.organisations.map((o) => o.id).filter((id) => idSet.has(id));
    for (const id of inGraph) counts.set(id, (counts.get(id) ?? 0) + 1);
    for (let i = 0; i < inGraph.length; i++)
      for (let j = i + 1; j < inGraph.length; j++) {
        const [a, b] = [inGraph[i]!, inGraph[j]!].sort();
        pairs.set(`${a}|${b}`, (pairs.get(`${a}|${b}`) ?? 0) + 1);
      }
  }
  const last = await q.lastContactPerOrg(d, ids);
  return {
    organisations: orgs.map((o) => ({ ...o, recentContacts: counts.get(o.id) ?? 0, lastContactOn: last.get(o.id) ?? null })),
    relationships,
    contactLinks: [...pairs].map(([k, count]) => {
      const [a, b] = k.split('|') as [string, string];
      return { a, b, count };
    }),
    since,
  };
}

/* ================================================================ GDPR */

export interface PersonExport {
  exportedAt: string;
  person: { id: string; name: string; email: string | null; phone: string | null; programmeAreas: string[]; createdAt: string; lastActivityAt: string };
  memberships: { organisation: string; role: string | null; startsOn: string | null; endsOn: string | null }[];
  legalBasis: { basis: string; purpose: string; method: string; givenOn: string; withdrawnOn: string | null }[];
  contacts: { date: string; channel: string; organisations: string[]; topics: string[]; note: string | null }[];
  auditTrail: { at: string; action: string; fields: string[] }[];
  otherModules: Record<string, unknown>;
}

/** Everything Quartier holds about a person (Art. 15 GDPR), other modules' parts included. The export is audited. */
export async function exportPerson(ctx: ServiceContext, id: string): Promise<PersonExport> {
  const person = await getPerson(ctx, id, 'network.gdpr');
  const d = tdb(ctx.db);
  const [memberships, consents, contacts, areas, topics] = await Promise.all([
    q.listMemberships(d, { personIds: [id] }),
    q.listConsents(d, id),
    q.listContacts(d, { scope: 'all', personId: id }),
    listAreaSummaries(ctx.db),
    listTopics(ctx.db),
  ]);
  const areaName = new Map(areas.map((a) => [a.id, a.name]));
  const topicName = new Map(topics.map((t) => [t.id, t.labels.de]));
  const audit = await (ctx.db as Kysely<AuditTables>).selectFrom('audit_log').select(['at', 'action', 'changes']).where('entity_type', '=', 'network_person').where('entity_id', '=', id).orderBy('at').execute();
  const otherModules: Record<string, unknown> = {};
  for (const p of personDataProviders()) otherModules[p.name] = await p.export(ctx.db, id);
  await recordAudit(auditDb(d), { actor: actorOf(ctx), entityType: 'network_person', entityId: id, action: 'export', changes: {}, requestId: ctx.requestId });
  return {
    exportedAt: nowIso(),
    person: { id: person.id, name: person.name, email: person.email, phone: person.phone, programmeAreas: person.areaIds.map((a) => areaName.get(a) ?? a), createdAt: person.createdAt, lastActivityAt: person.lastActivityAt },
    memberships: memberships.map((m) => ({ organisation: m.orgName, role: m.role, startsOn: m.startsOn, endsOn: m.endsOn })),
    legalBasis: consents.map((c) => ({ basis: c.basis, purpose: c.purpose, method: c.method, givenOn: c.givenOn, withdrawnOn: c.withdrawnOn })),
    contacts: contacts.map((c) => ({ date: c.occurredOn, channel: c.channel, organisations: c.organisations.map((o) => o.name), topics: c.topicIds.map((t) => topicName.get(t) ?? t), note: c.note })),
    auditTrail: audit.map((a) => ({ at: a.at, action: a.action, fields: Object.keys(typeof a.changes === 'string' ? (JSON.parse(a.changes) as object) : (a.changes as object)) })),
    otherModules,
  };
}

/**
 * Erases a person (Art. 17 GDPR): first every other module forgets them (providers), then the person is anonymised
 * here — name and contact data gone, memberships, programme areas, consents and contact participation deleted; the
 * id stays so other records keep their shape. One audit entry "erase" without personal data; earlier audit entries
 * never held the person's values (masked), so nothing of them remains.
 */
export async function erasePerson(ctx: ServiceContext, id: string): Promise<void> {
  await getPerson(ctx, id, 'network.gdpr');
  for (const p of personDataProviders()) await p.erase(ctx.db, id);
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      await q.anonymisePerson(trx, id, nowIso());
      await recordAudit(auditDb(trx), { actor: actorOf(ctx), entityType: 'network_person', entityId: id, action: 'erase', changes: { erased: { from: false, to: true } }, requestId: ctx.requestId });
    });
  await indexPerson(ctx.db, id);
}

/** People (in the user's GDPR scope) without any activity for `months`: to be reviewed (still needed? erase?). */
export async function reviewList(ctx: ServiceContext, months: number): Promise<Person[]> {
  authorize(ctx.user, 'network.gdpr');
  const cutoff = new Date(`${monthsAgo(months)}T00:00:00.000Z`).toISOString();
  return q.listPeople(tdb(ctx.db), { scope: scopeFor(ctx.user, 'network.gdpr'), inactiveBefore: cutoff });
}

/** Is this person flagged for review (no activity for `months`)? */
export function isFlagged(p: Pick<Person, 'lastActivityAt'>, months: number): boolean {
  return p.lastActivityAt < new Date(`${monthsAgo(months)}T00:00:00.000Z`).toISOString();
}

/* ================================================================ choices for forms */

export async function formChoices(ctx: ServiceContext): Promise<{
  types: OrgType[];
  areas: { id: string; name: string }[];
  editAreas: { id: string; name: string }[];
  topics: { id: string; labels: { de: string; en: string | null; ar: string | null } }[];
  organisations: Organisation[];
  people: Person[];
}> {
  const [types, areas, topics] = await Promise.all([listTypes(ctx.db, { activeOnly: true }), listAreaSummaries(ctx.db), listTopics(ctx.db, { activeOnly: true })]);
  const read = readScope(ctx.user);
  const edit = editScope(ctx.user);
  const [organisations, people] = await Promise.all([q.listOrganisations(tdb(ctx.db), { scope: read }), q.listPeople(tdb(ctx.db), { scope: read })]);
  return {
    types,
    areas: areas.filter((a) => read === 'all' || read.includes(a.id)),
    editAreas: areas.filter((a) => edit === 'all' || edit.includes(a.id)),
    topics: topics.map((t) => ({ id: t.id, labels: t.labels as { de: string; en: string | null; ar: string | null } })),
    organisations,
    people,
  };
}
