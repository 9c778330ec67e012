/** Query functions of the open311 module (db | trx, tenant-bound) — no rules. */
import type { Kysely } from 'kysely';
import { nowIso } from '../../platform/db/dialect';
import type { LinkState, LinkTable, Open311Tables, SubmissionTable } from './open311.tables';

export type O311Db = Kysely<Open311Tables>;

export async function insertSubmission(db: O311Db, s: { token: string; concernId: string; concernNumber: string; apiTokenId: string; via: string | null }): Promise<void> {
  await db
    .insertInto('open311_submissions')
    .values({ token: s.token, concern_id: s.concernId, concern_number: s.concernNumber, api_token_id: s.apiTokenId, created_at: nowIso(), via: s.via } as SubmissionTable)
    .execute();
}

/** The Via chain a concern arrived with through POST requests (null: it did not come in by Open311, or without one). */
export async function receivedVia(db: O311Db, concernId: string): Promise<string | null> {
  const row = await db.selectFrom('open311_submissions').select('via').where('concern_id', '=', concernId).executeTakeFirst();
  return row?.via ?? null;
}

export async function findSubmission(db: O311Db, token: string): Promise<SubmissionTable | undefined> {
  return db.selectFrom('open311_submissions').selectAll().where('token', '=', token).executeTakeFirst();
}

export async function findLink(db: O311Db, concernId: string): Promise<LinkTable | undefined> {
  return db.selectFrom('open311_links').selectAll().where('concern_id', '=', concernId).executeTakeFirst();
}

export async function findLinks(db: O311Db, concernIds: string[]): Promise<LinkTable[]> {
  if (concernIds.length === 0) return [];
  return db.selectFrom('open311_links').selectAll().where('concern_id', 'in', concernIds).execute();
}

export async function linkedConcernIds(db: O311Db, concernIds: string[]): Promise<Set<string>> {
  if (concernIds.length === 0) return new Set();
  const rows = await db.selectFrom('open311_links').select('concern_id').where('concern_id', 'in', concernIds).execute();
  return new Set(rows.map((r) => r.concern_id));
}

/** Inserts a pending link; false when the concern already has one. */
export async function insertLink(
  db: O311Db,
  l: { concernId: string; concernNumber: string; categoryId: string; endpoint: string; serviceCode: string; jurisdictionId: string | null },
): Promise<boolean> {
  const now = nowIso();
  const r = await db
    .insertInto('open311_links')
    .values({
      concern_id: l.concernId,
      concern_number: l.concernNumber,
      category_id: l.categoryId,
      endpoint: l.endpoint,
      service_code: l.serviceCode,
      jurisdiction_id: l.jurisdictionId,
      state: 'pending',
      attempts: 0,
      created_at: now,
      updated_at: now,
    } as LinkTable)
    .onConflict((oc) => oc.columns(['tenant_id', 'concern_id']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

export type LinkPatch = Partial<Pick<LinkTable, 'state' | 'external_id' | 'token' | 'external_status' | 'external_status_notes' | 'external_updated_at' | 'attempts' | 'last_error' | 'sent_at' | 'last_synced_at'>>;

export async function updateLink(db: O311Db, concernId: string, patch: LinkPatch): Promise<void> {
  await db
    .updateTable('open311_links')
    .set({ ...patch, updated_at: nowIso() })
    .where('concern_id', '=', concernId)
    .execute();
}

/** Links to pull status for: sent (or failed after sending), with an external id or token, not yet closed there. */
export async function linksToPull(db: O311Db, limit = 500): Promise<LinkTable[]> {
  return db
    .selectFrom('open311_links')
    .selectAll()
    .where('state', 'in', ['sent', 'failed'] as LinkState[])
    .where((eb) => eb.or([eb('external_id', 'is not', null), eb('token', 'is not', null)]))
    .where((eb) => eb.or([eb('external_status', 'is', null), eb('external_status', '!=', 'closed')]))
    .orderBy('last_synced_at')
    .orderBy('concern_id')
    .limit(limit)
    .execute();
}

export async function findClientKey(db: O311Db, endpoint: string): Promise<string | null> {
  const r = await db.selectFrom('open311_client_keys').select('api_key').where('endpoint', '=', endpoint).executeTakeFirst();
  return r?.api_key ?? null;
}

export async function upsertClientKey(db: O311Db, endpoint: string, apiKey: string): Promise<void> {
  const now = nowIso();
  await db
    .insertInto('open311_client_keys')
    .values({ endpoint, api_key: apiKey, updated_at: now } as never)
    .onConflict((oc) => oc.columns(['tenant_id', 'endpoint']).doUpdateSet({ api_key: apiKey, updated_at: now }))
    .execute();
}

export interface KeyInfo {
  endpoint: string;
  updatedAt: string;
}

/** Which endpoints have a key (never the key itself). */
export async function listClientKeyInfo(db: O311Db): Promise<KeyInfo[]> {
  const rows = await db.selectFrom('open311_client_keys').select(['endpoint', 'updated_at']).orderBy('endpoint').execute();
  return rows.map((r) => ({ endpoint: r.endpoint, updatedAt: r.updated_at }));
}

export async function countLinksByEndpointState(db: O311Db): Promise<{ endpoint: string; state: LinkState; n: number }[]> {
  const rows = await db
    .selectFrom('open311_links')
    .select((eb) => ['endpoint', 'state', eb.fn.countAll().as('n')])
    .groupBy(['endpoint', 'state'])
    .execute();
  return rows.map((r) => ({ endpoint: r.endpoint, state: r.state, n: Number(r.n) }));
}

export async function listFailedLinks(db: O311Db, limit = 50): Promise<LinkTable[]> {
  return db.selectFrom('open311_links').selectAll().where('state', '=', 'failed').orderBy('updated_at', 'desc').orderBy('concern_id').limit(limit).execute();
}
