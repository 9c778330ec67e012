/**
 * Login throttling in the database (so every process sees the same counts): failed attempts are recorded per
 * account (normalised e-mail) and per client address. When either reaches its limit within the window, further
 * attempts are refused until the oldest counted failure leaves the window.
 */
import type { Config } from '../config';
import { toCount } from '../db/dialect';
import { newId } from '../ids';
import { normaliseEmail, type AuthDb } from './users.queries';

export interface ThrottleState {
  blocked: boolean;
  /** Seconds until another attempt is allowed (when blocked). */
  retryAfterSeconds: number;
  reason: 'account' | 'ip' | null;
}

type Limits = Pick<Config, 'LOGIN_MAX_ATTEMPTS_ACCOUNT' | 'LOGIN_MAX_ATTEMPTS_IP' | 'LOGIN_THROTTLE_WINDOW_MINUTES'>;

async function check(db: AuthDb, kind: 'account' | 'ip', subject: string, max: number, windowMs: number, now: Date): Promise<number> {
  const since = new Date(now.getTime() - windowMs).toISOString();
  const rows = await db
    .selectFrom('login_attempts')
    .select([(eb) => eb.fn.countAll().as('n'), (eb) => eb.fn.min('at').as('oldest')])
    .where('kind', '=', kind)
    .where('subject', '=', subject)
    .where('at', '>', since)
    .execute();
  const n = toCount(rows[0]?.n);
  if (n < max) return 0;
  // The oldest failures leave the window one by one; wait until the count drops below the limit.
  const list = await db
    .selectFrom('login_attempts')
    .select('at')
    .where('kind', '=', kind)
    .where('subject', '=', subject)
    .where('at', '>', since)
    .orderBy('at')
    .limit(n - max + 1)
    .execute();
  const freeing = list.at(-1)?.at;
  const until = freeing ? new Date(freeing).getTime() + windowMs : now.getTime() + windowMs;
  return Math.max(1, Math.ceil((until - now.getTime()) / 1000));
}

export async function loginThrottle(db: AuthDb, limits: Limits, email: string, ip: string, now = new Date()): Promise<ThrottleState> {
  const windowMs = limits.LOGIN_THROTTLE_WINDOW_MINUTES * 60_000;
  const account = await check(db, 'account', normaliseEmail(email), limits.LOGIN_MAX_ATTEMPTS_ACCOUNT, windowMs, now);
  const byIp = await check(db, 'ip', ip, limits.LOGIN_MAX_ATTEMPTS_IP, windowMs, now);
  if (account === 0 && byIp === 0) return { blocked: false, retryAfterSeconds: 0, reason: null };
  return account >= byIp ? { blocked: true, retryAfterSeconds: account, reason: 'account' } : { blocked: true, retryAfterSeconds: byIp, reason: 'ip' };
}

export async function recordLoginFailure(db: AuthDb, limits: Limits, email: string, ip: string, now = new Date()): Promise<void> {
  const at = now.toISOString();
  await db
    .insertInto('login_attempts')
    .values([
      { id: newId('lga'), kind: 'account', subject: normaliseEmail(email), at },
      { id: newId('lga'), kind: 'ip', subject: ip, at },
    ])
    .execute();
  // Housekeeping: forget failures that no longer count.
  const cutoff = new Date(now.getTime() - limits.LOGIN_THROTTLE_WINDOW_MINUTES * 60_000).toISOString();
  await db.deleteFrom('login_attempts').where('at', '<', cutoff).execute();
}

/** After a successful login the account's failures are forgotten (the address's are not). */
export async function clearAccountFailures(db: AuthDb, email: string): Promise<void> {
  await db.deleteFrom('login_attempts').where('kind', '=', 'account').where('subject', '=', normaliseEmail(email)).execute();
}
