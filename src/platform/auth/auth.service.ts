/**
 * Sign-in and password-reset use cases (anonymous visitors): login with throttling and session rotation, logout,
 * "forgot password" e-mails that never reveal whether an account exists, and the single-use reset link.
 */
import { recordAudit, diff, type AuditTables } from '../audit';
import type { Config } from '../config';
import type { TenantDb } from '../db/tenant-scope';
import type { Tenant } from '../http/context';
import { isLocale, type Locale } from '../i18n';
import { renderMail, sendMail } from '../mail';
import { hashPassword, verifyPassword } from './passwords';
import { consumePasswordToken, findValidPasswordToken, issuePasswordToken } from './password-tokens.queries';
import { deleteExpiredSessions, deleteSession, deleteUserSessions, insertSession } from './sessions.queries';
import { clearAccountFailures, loginThrottle, recordLoginFailure } from './throttle';
import { findUserByEmail, findUserById, updateUserRow, type AuthDb, type UserRow } from './users.queries';

export const RESET_TOKEN_MINUTES = 60;
export const INVITE_TOKEN_MINUTES = 7 * 24 * 60;

export interface AuthContext {
  db: TenantDb<any>;
  tenant: Tenant;
  config: Config;
  requestId: string | null;
}

const adb = (ctx: AuthContext) => ctx.db as unknown as AuthDb;
const audit = (db: unknown) => db as TenantDb<AuditTables>;

export type LoginResult =
  | { ok: true; userId: string; sessionToken: string; sessionId: string }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number; by: 'account' | 'ip' };

export async function login(ctx: AuthContext, input: { email: string; password: string; ip: string }, previousSessionId: string | null): Promise<LoginResult> {
  const db = adb(ctx);
  const throttle = await loginThrottle(db, ctx.config, input.email, input.ip);
  if (throttle.blocked) return { ok: false, reason: 'throttled', retryAfterSeconds: throttle.retryAfterSeconds, by: throttle.reason ?? 'account' };
  const user = await findUserByEmail(db, input.email);
  const passwordOk = await verifyPassword(user?.status === 'active' ? user.passwordHash : null, input.password);
  if (!user || user.status !== 'active' || !passwordOk) {
    await recordLoginFailure(db, ctx.config, input.email, input.ip);
    return { ok: false, reason: 'invalid' };
  }
  const session = await ctx.db.transaction().execute(async (trx) => {
    const t = trx as unknown as AuthDb;
    // Rotation: a session that existed before sign-in is never reused.
    if (previousSessionId) await deleteSession(t, previousSessionId);
    await deleteExpiredSessions(t);
    const s = await insertSession(t, user.id, ctx.config.SESSION_TTL_HOURS);
    await updateUserRow(t, user.id, { lastLoginAt: new Date().toISOString() });
    await clearAccountFailures(t, input.email);
    await recordAudit(audit(trx), { actor: { id: user.id, label: user.email }, entityType: 'user', entityId: user.id, action: 'user.signed_in', requestId: ctx.requestId });
    return s;
  });
  return { ok: true, userId: user.id, sessionToken: session.token, sessionId: session.id };
}

export async function logout(ctx: AuthContext, sessionId: string | null): Promise<void> {
  if (sessionId) await deleteSession(adb(ctx), sessionId);
}

export function mailLocale(user: Pick<UserRow, 'locale'> | null, tenant: Tenant): Locale {
  return user && isLocale(user.locale) ? user.locale : tenant.defaultLocale;
}

/**
 * Sends a reset link when an active or invited account has this e-mail address; otherwise does nothing.
 * The caller shows the same answer in every case.
 */
export async function requestPasswordReset(ctx: AuthContext, email: string, linkBase: string): Promise<void> {
  const db = adb(ctx);
  const user = await findUserByEmail(db, email);
  if (!user || user.status === 'disabled') return;
  const token = await ctx.db.transaction().execute(async (trx) => {
    const tk = await issuePasswordToken(trx as unknown as AuthDb, user.id, 'reset', RESET_TOKEN_MINUTES);
    await recordAudit(audit(trx), { actor: { id: null, label: 'anonymous' }, entityType: 'user', entityId: user.id, action: 'user.password_reset_requested', requestId: ctx.requestId });
    return tk;
  });
  const locale = mailLocale(user, ctx.tenant);
  await sendMail(
    ctx.config,
    renderMail(locale, 'mail.reset', user.email, {
      name: user.displayName,
      link: `${linkBase}/password/reset/${token}`,
      minutes: RESET_TOKEN_MINUTES,
      tenant: ctx.tenant.name,
    }),
  );
}

/** The account a reset / invitation link belongs to, when the link is still valid. */
export async function userForPasswordToken(ctx: AuthContext, token: string): Promise<{ user: UserRow; purpose: 'reset' | 'invite' } | null> {
  const db = adb(ctx);
  const row = await findValidPasswordToken(db, token);
  if (!row) return null;
  const user = await findUserById(db, row.userId);
  if (!user || user.status === 'disabled') return null;
  return { user, purpose: row.purpose };
}

/**
 * Sets a new password through a reset or invitation link: the link works once; every session of the account ends;
 * an invited account becomes active. Returns false when the link is invalid, used or expired.
 */
export async function resetPassword(ctx: AuthContext, token: string, newPassword: string): Promise<boolean> {
  const db = adb(ctx);
  const found = await findValidPasswordToken(db, token);
  if (!found) return false;
  const passwordHash = await hashPassword(newPassword);
  return ctx.db.transaction().execute(async (trx) => {
    const t = trx as unknown as AuthDb;
    const user = await findUserById(t, found.userId);
    if (!user || user.status === 'disabled') return false;
    if (!(await consumePasswordToken(t, found.id))) return false;
    const status = user.status === 'invited' ? 'active' : user.status;
    await updateUserRow(t, user.id, { passwordHash, status });
    await deleteUserSessions(t, user.id);
    await recordAudit(audit(trx), {
      actor: { id: user.id, label: user.email },
      entityType: 'user',
      entityId: user.id,
      action: found.purpose === 'invite' ? 'user.invitation_accepted' : 'user.password_reset',
      changes: diff({ password_hash: user.passwordHash, status: user.status }, { password_hash: passwordHash, status }),
      requestId: ctx.requestId,
    });
    return true;
  });
}
