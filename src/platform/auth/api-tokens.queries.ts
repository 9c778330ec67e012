/** Personal API tokens: stored as SHA-256 hashes; the clear token is returned once, at creation. */
import { nowIso } from '../db/dialect';
import { newId } from '../ids';
import { newApiToken, sha256Hex } from './tokens';
import type { AuthDb } from './users.queries';

export interface ApiTokenRow {
  id: string;
  userId: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

const columns = ['id', 'user_id', 'name', 'prefix', 'created_at', 'last_used_at', 'expires_at', 'revoked_at'] as const;

function toRow(r: { id: string; user_id: string; name: string; prefix: string; created_at: string; last_used_at: string | null; expires_at: string | null; revoked_at: string | null }): ApiTokenRow {
  return { id: r.id, userId: r.user_id, name: r.name, prefix: r.prefix, createdAt: r.created_at, lastUsedAt: r.last_used_at, expiresAt: r.expires_at, revokedAt: r.revoked_at };
}

export async function insertApiToken(db: AuthDb, t: { userId: string; name: string; expiresAt: string | null }): Promise<{ id: string; token: string; prefix: string }> {
  const { token, hash, prefix } = newApiToken();
  const id = newId('tok');
  await db
    .insertInto('api_tokens')
    .values({ id, user_id: t.userId, name: t.name, token_hash: hash, prefix, created_at: nowIso(), last_used_at: null, expires_at: t.expiresAt, revoked_at: null })
    .execute();
  return { id, token, prefix };
}

export async function listApiTokens(db: AuthDb, userId: string): Promise<ApiTokenRow[]> {
  const rows = await db.selectFrom('api_tokens').select(columns).where('user_id', '=', userId).orderBy('created_at', 'desc').orderBy('id').execute();
  return rows.map((r) => toRow(r as Parameters<typeof toRow>[0]));
}

export async function findApiToken(db: AuthDb, id: string): Promise<ApiTokenRow | undefined> {
  const r = await db.selectFrom('api_tokens').select(columns).where('id', '=', id).executeTakeFirst();
  return r ? toRow(r as Parameters<typeof toRow>[0]) : undefined;
}

/** The token record for a clear token, if it is neither revoked nor expired. */
export async function findUsableApiToken(db: AuthDb, token: string, now = nowIso()): Promise<ApiTokenRow | undefined> {
  const r = await db
    .selectFrom('api_tokens')
    .select(columns)
    .where('token_hash', '=', sha256Hex(token))
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .executeTakeFirst();
  return r ? toRow(r as Parameters<typeof toRow>[0]) : undefined;
}

export async function touchApiToken(db: AuthDb, id: string, at = nowIso()): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
}

export async function revokeApiTokenRow(db: AuthDb, id: string, at = nowIso()): Promise<void> {
  await db.updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
}

export async function revokeAllApiTokens(db: AuthDb, userId: string, at = nowIso()): Promise<number> {
  const r = await db.updateTable('api_tokens').set({ revoked_at: at }).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows ?? 0);
}
