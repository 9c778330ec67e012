/**
 * The network module's documents in the site search (platform/db/search.ts, ADR 0024 amendment 2026-11-26). Both
 * types are staff documents only — nothing of the network is ever public — readable with network.read in one of
 * the record's programme areas, exactly like the network's staff pages (admin, coordinator, moderator, district
 * worker; a record outside every area only for "all areas" assignments):
 * - 'organisation': name, type (German label), address, Stadtteil, website and topics. Never the notes (free text
 *   that may name people) and no relationships or contacts.
 * - 'person': the contact person's name and their current organisations with role — nothing else (no e-mail,
 *   phone, consent purposes, contact notes). Only people with a legal basis or consent that is not withdrawn are
 *   indexed; an erased person is removed.
 * The contact log (network_contacts) is not indexed: it is mostly free-text notes.
 */
import { indexDocument, registerSearchSource, removeDocument } from '../../platform/db/search';
import type { TenantDb } from '../../platform/db/tenant-scope';
import { listTopics } from '../territory';
import * as q from './network.queries';
import { tdb } from './network.refs';
import type { Organisation } from './network.types';

export const ORGANISATION_DOC = 'organisation';
export const PERSON_DOC = 'person';

type TopicNames = Map<string, string>;

async function topicNames(db: TenantDb<any>): Promise<TopicNames> {
  return new Map((await listTopics(db)).map((t) => [t.id, t.labels.de]));
}

async function writeOrganisation(db: TenantDb<any>, o: Organisation, topics: TopicNames): Promise<void> {
  await indexDocument(db, {
    docType: ORGANISATION_DOC,
    docId: o.id,
    visibility: 'staff',
    areaIds: o.areaIds,
    title: o.name,
    body: [o.typeLabels.de, o.address, o.districtName, o.website, o.topicIds.map((id) => topics.get(id)).filter(Boolean).join(', ')].filter(Boolean).join('\n'),
    url: `/staff/network/organisations/${o.id}`,
  });
}

/** The person's document if they may be indexed (not erased, a legal basis not withdrawn), else removed. */
async function writePerson(db: TenantDb<any>, id: string): Promise<boolean> {
  const [person] = await q.listPeople(tdb(db), { scope: 'all', ids: [id], withBasisOnly: true });
  if (!person) {
    await removeDocument(db, PERSON_DOC, id);
    return false;
  }
  const [ref] = await q.personRefs(tdb(db), [id]);
  await indexDocument(db, {
    docType: PERSON_DOC,
    docId: id,
    visibility: 'staff',
    areaIds: person.areaIds,
    title: person.name,
    body: (ref?.organisations ?? []).map((o) => (o.role ? `${o.name} – ${o.role}` : o.name)).join('\n'),
    url: `/staff/network/people/${id}`,
  });
  return true;
}

/** Indexes a person as they are now (after create, update, memberships, consents, erasure). */
export async function indexPerson(db: TenantDb<any>, id: string): Promise<void> {
  await writePerson(db, id);
}

/**
 * Indexes an organisation as it is now (after create and update); its members' documents too, since they name it.
 * A missing organisation is removed.
 */
export async function indexOrganisation(db: TenantDb<any>, id: string): Promise<void> {
  const org = await q.findOrganisation(tdb(db), id);
  if (!org) return removeDocument(db, ORGANISATION_DOC, id);
  await writeOrganisation(db, org, await topicNames(db));
  const members = new Set((await q.listMemberships(tdb(db), { orgId: id })).map((m) => m.personId));
  for (const p of members) await writePerson(db, p);
}

/** After a type's labels change: the organisations of that type (their documents carry the type's label). */
export async function indexOrganisationsOfType(db: TenantDb<any>, typeId: string): Promise<void> {
  const topics = await topicNames(db);
  for (const o of await q.listOrganisations(tdb(db), { scope: 'all', typeId })) await writeOrganisation(db, o, topics);
}

async function reindexOrganisations(db: TenantDb<any>): Promise<number> {
  const topics = await topicNames(db);
  const orgs = await q.listOrganisations(tdb(db), { scope: 'all' });
  for (const o of orgs) await writeOrganisation(db, o, topics);
  return orgs.length;
}

async function reindexPeople(db: TenantDb<any>): Promise<number> {
  let n = 0;
  for (const p of await q.listPeople(tdb(db), { scope: 'all', withBasisOnly: true })) if (await writePerson(db, p.id)) n++;
  return n;
}

registerSearchSource(
  { docType: ORGANISATION_DOC, readAction: 'network.read', staffOnly: true, reindex: reindexOrganisations },
  { docType: PERSON_DOC, readAction: 'network.read', staffOnly: true, reindex: reindexPeople },
);
