/** Browser sessions, stored under the SHA-256 hash of the cookie token. */
import { nowIso } from '../db/dialect';
import { newToken } from '../ids';
import { newSecret } from './tokens';
import type { AuthDb } from './users.queries';

export interface SessionRow {
  id: string;
  userId: string;
  csrfSecret: string;
  createdAt: string;
  expiresAt: string;
  lastSeenAt: string;
}

export function expiryFrom(now: Date, ttlHours: number): string {
  return new Date(now.getTime() + ttlHours * 3600_000).toISOString();
}

/** Creates a session; returns the clear cookie token (only the hash is stored). */
export async function insertSession(db: AuthDb, userId: string, ttlHours: number, now = new Date()): Promise<{ token: string; id: string; csrfSecret: string }> {
  const { token, hash } = newSecret(32);
  const csrfSecret = newToken(32);
  const at = now.toISOString();
  await db
    .insertInto('sessions')
    .values({ id: hash, user_id: userId, csrf_secret: csrfSecret, created_at: at, expires_at: expiryFrom(now, ttlHours), last_seen_at: at })
    .execute();
  return { token, id: hash, csrfSecret };
}

export async function findSession(db: AuthDb, id: string): Promise<SessionRow | undefined> {
  const r = await db
    .selectFrom('sessions')
    .select(['id', 'user_id', 'csrf_secret', 'created_at', 'expires_at', 'last_seen_at'])
    .where('id', '=', id)
    .executeTakeFirst();
  return r ? { id: r.id, userId: r.user_id, csrfSecret: r.csrf_secret, createdAt: r.created_at, expiresAt: r.expires_at, lastSeenAt: r.last_seen_at } : undefined;
}

export async function touchSession(db: AuthDb, id: string, ttlHours: number, now = new Date()): Promise<string> {
  const expiresAt = expiryFrom(now, ttlHours);
  await db.updateTable('sessions').set({ last_seen_at: now.toISOString(), expires_at: expiresAt }).where('id', '=', id).execute();
  return expiresAt;
}

export async function deleteSession(db: AuthDb, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

/** Removes every session of a user, except `keep` (the current one) when given. */
export async function deleteUserSessions(db: AuthDb, userId: string, keep?: string | null): Promise<number> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keep) q = q.where('id', '!=', keep);
  const r = await q.executeTakeFirst();
  return Number(r.numDeletedRows ?? 0);
}

export async function deleteExpiredSessions(db: AuthDb, now = nowIso()): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<', now).execute();
}
