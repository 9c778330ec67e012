/**
 * What other modules read from the network: organisation and person references and the choice lists for their
 * forms. These reads are not permission-checked here: the calling module's service has checked its own action
 * and passes the programme areas the user may act in.
 */
import type { Kysely } from 'kysely';
import type { TenantDb } from '../../platform/db/tenant-scope';
import { nowIso } from '../../platform/db/dialect';
import * as q from './network.queries';
import type { AreaScope, OrganisationRef, PersonRef } from './network.types';

export function tdb(db: TenantDb<any> | Kysely<any>): q.Db {
  return db as unknown as q.Db;
}

/** Organisations by id (unknown ids are left out), in name order. */
export async function getOrganisationRefs(db: TenantDb<any>, ids: string[]): Promise<OrganisationRef[]> {
  return q.organisationRefs(tdb(db), ids);
}

/** People by id with their current organisations (unknown and erased ids are left out), in name order. */
export async function getPersonRefs(db: TenantDb<any>, ids: string[]): Promise<PersonRef[]> {
  return (await q.personRefs(tdb(db), ids)).filter((p) => p.name !== '');
}

/** Organisations in one of the given programme areas ('all': every organisation), for a choice list. */
export async function listOrganisationChoices(db: TenantDb<any>, opts: { areaIds: AreaScope }): Promise<OrganisationRef[]> {
  const orgs = await q.listOrganisations(tdb(db), { scope: opts.areaIds });
  return orgs.map((o) => ({ id: o.id, name: o.name, typeKey: o.typeKey, logic: o.logic, areaIds: o.areaIds }));
}

/**
 * People in one of the given programme areas ('all': everyone) who have a recorded legal basis or consent that
 * is not withdrawn — only they may be chosen for work in other modules (dialogues, groups).
 */
export async function listPersonChoices(db: TenantDb<any>, opts: { areaIds: AreaScope }): Promise<PersonRef[]> {
  const people = await q.listPeople(tdb(db), { scope: opts.areaIds, withBasisOnly: true });
  return q.personRefs(tdb(db), people.map((p) => p.id));
}

/** Another module records activity concerning these people (keeps them off the inactivity review list). */
export async function touchPeople(db: TenantDb<any> | Kysely<any>, ids: string[]): Promise<void> {
  await q.touchPeople(tdb(db), ids, nowIso());
}
