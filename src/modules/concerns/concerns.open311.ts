/**
 * The revision of a tenant's public concern data as the Open311 request list shows it (ADR 0034): kept by the
 * triggers of migration 2026_11_27_1300 in the same transaction as every change the list can show (a new public
 * concern, status, public flag, text, place, dates, redaction, merge, anonymisation, a category, a concern's
 * files). Equal revisions mean an equal list, in every process on the same database — what a cache of rendered
 * answers may be validated by. One read by primary key.
 */
import type { Kysely } from 'kysely';
import type { TenantDb } from '../../platform/db/tenant-scope';

interface RevisionTables {
  concern_open311_revisions: { tenant_id: string; rev: number | string; cat_rev: number | string };
}

export interface Open311Revision {
  /** Changes with everything the Open311 list shows (categories included). */
  rev: number;
  /** Changes with the category catalogue only. */
  catRev: number;
}

/** The tenant's current revision; `{ rev: 0, catRev: 0 }` before the first change. Read it before the data it validates. */
export async function open311Revision(db: TenantDb<any> | Kysely<any>): Promise<Open311Revision> {
  const r = await (db as unknown as Kysely<RevisionTables>).selectFrom('concern_open311_revisions').select(['rev', 'cat_rev']).executeTakeFirst();
  return r ? { rev: Number(r.rev), catRev: Number(r.cat_rev) } : { rev: 0, catRev: 0 };
}
