/**
 * The groups module's window on people: a group's contact person is a person of the network module (which records
 * the person's consent — when, for what, how), referenced by id. Names are read from there when shown, never copied.
 * The network module asks every module for a person's data (export) and to forget them (erase) through its
 * person-data providers; ours is registered in index.ts.
 */
import type { ServiceContext } from '../../platform/http/context';
import type { Kysely } from 'kysely';
import { getPersonRefs, listPersonChoices, touchPeople } from '../network';

export interface ContactRef {
  id: string;
  /** null when the network module no longer knows the person. */
  name: string | null;
  organisations: string[];
}

function orgNames(orgs: unknown): string[] {
  if (!Array.isArray(orgs)) return [];
  return orgs.map((o) => (typeof o === 'string' ? o : o && typeof o === 'object' && 'name' in o ? String((o as { name: unknown }).name) : '')).filter(Boolean);
}

/** The people a user may choose as contact person, in the user's areas ('all' or a list). */
export async function contactChoices(ctx: Pick<ServiceContext, 'db'>, areaIds: 'all' | string[]): Promise<ContactRef[]> {
  const people = await listPersonChoices(ctx.db, { areaIds });
  return people.map((p) => ({ id: p.id, name: p.name, organisations: orgNames(p.organisations) }));
}

export async function personRefs(ctx: Pick<ServiceContext, 'db'>, ids: string[]): Promise<ContactRef[]> {
  if (ids.length === 0) return [];
  const people = await getPersonRefs(ctx.db, ids);
  return people.map((p) => ({ id: p.id, name: p.name, organisations: orgNames(p.organisations) }));
}

/** Tells the network module that a person was given work here (keeps them off its inactivity review list). */
export async function touchContact(trx: Kysely<any>, personId: string | null): Promise<void> {
  if (personId) await touchPeople(trx, [personId]);
}
