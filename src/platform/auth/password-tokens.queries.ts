/** Single-use tokens for password reset and invitation links, stored as SHA-256 hashes. */
import { nowIso } from '../db/dialect';
import { newSecret, sha256Hex } from './tokens';
import type { AuthDb } from './users.queries';

export type PasswordTokenPurpose = 'reset' | 'invite';

export interface PasswordTokenRow {
  id: string;
  userId: string;
  purpose: PasswordTokenPurpose;
  expiresAt: string;
  usedAt: string | null;
}

/** Issues a new token for the user; earlier unused tokens of the user are withdrawn. Returns the clear token. */
export async function issuePasswordToken(db: AuthDb, userId: string, purpose: PasswordTokenPurpose, validMinutes: number, now = new Date()): Promise<string> {
  // Earlier links of this person stop working; links that expired for anybody are cleaned up.
  await db.deleteFrom('password_tokens').where('user_id', '=', userId).execute();
  await db.deleteFrom('password_tokens').where('expires_at', '<', now.toISOString()).execute();
  const { token, hash } = newSecret(32);
  await db
    .insertInto('password_tokens')
    .values({ id: hash, user_id: userId, purpose, created_at: now.toISOString(), expires_at: new Date(now.getTime() + validMinutes * 60_000).toISOString(), used_at: null })
    .execute();
  return token;
}

/** The token record if the token exists, is unused and has not expired. */
export async function findValidPasswordToken(db: AuthDb, token: string, now = nowIso()): Promise<PasswordTokenRow | undefined> {
  if (!token || token.length > 200) return undefined;
  const r = await db
    .selectFrom('password_tokens')
    .select(['id', 'user_id', 'purpose', 'expires_at', 'used_at'])
    .where('id', '=', sha256Hex(token))
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return r ? { id: r.id, userId: r.user_id, purpose: r.purpose, expiresAt: r.expires_at, usedAt: r.used_at } : undefined;
}

/** Marks the token used; false when another request used it first (single use, also under concurrency). */
export async function consumePasswordToken(db: AuthDb, id: string, now = nowIso()): Promise<boolean> {
  const r = await db.updateTable('password_tokens').set({ used_at: now }).where('id', '=', id).where('used_at', 'is', null).where('expires_at', '>', now).executeTakeFirst();
  return Number(r.numUpdatedRows ?? 0) === 1;
}

export async function deleteUserPasswordTokens(db: AuthDb, userId: string): Promise<void> {
  await db.deleteFrom('password_tokens').where('user_id', '=', userId).where('used_at', 'is', null).execute();
}
