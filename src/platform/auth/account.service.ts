/** The signed-in person's own account: name and language, password change, personal API tokens. */
import { diff, recordAudit, type AuditTables } from '../audit';
import type { TenantDb } from '../db/tenant-scope';
import { errors } from '../errors';
import { actorOf, type ServiceContext } from '../http/context';
import type { Locale } from '../i18n';
import { findApiToken, insertApiToken, listApiTokens, revokeApiTokenRow, type ApiTokenRow } from './api-tokens.queries';
import { hashPassword, verifyPassword } from './passwords';
import { deleteUserSessions } from './sessions.queries';
import { findUserById, updateUserRow, type AuthDb } from './users.queries';
import type { CurrentUser } from '../http/context';

const adb = (db: unknown) => db as AuthDb;
const audit = (db: unknown) => db as TenantDb<AuditTables>;

function signedIn(ctx: ServiceContext): CurrentUser {
  if (!ctx.user) throw errors.unauthenticated();
  return ctx.user;
}

export async function updateOwnAccount(ctx: ServiceContext, input: { displayName: string; locale: Locale | null }): Promise<void> {
  const me = signedIn(ctx);
  await ctx.db.transaction().execute(async (trx) => {
    const before = await findUserById(adb(trx), me.id);
    if (!before) throw errors.notFound('user');
    await updateUserRow(adb(trx), me.id, { displayName: input.displayName, locale: input.locale });
    const changes = diff({ display_name: before.displayName, locale: before.locale }, { display_name: input.displayName, locale: input.locale });
    if (Object.keys(changes).length) {
      await recordAudit(audit(trx), { actor: actorOf(ctx), entityType: 'user', entityId: me.id, action: 'user.account_updated', changes, requestId: ctx.requestId });
    }
  });
}

/**
 * Changes the own password after checking the current one. Every other session of the account ends; the current
 * one stays. Throws a validation error on the field `current_password` when the current password is wrong.
 */
export async function changeOwnPassword(ctx: ServiceContext, currentSessionId: string | null, input: { currentPassword: string; newPassword: string }): Promise<void> {
  const me = signedIn(ctx);
  const user = await findUserById(adb(ctx.db), me.id);
  if (!user) throw errors.notFound('user');
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw errors.validation([{ field: 'current_password', key: 'auth.password.currentWrong' }]);
  }
  const passwordHash = await hashPassword(input.newPassword);
  await ctx.db.transaction().execute(async (trx) => {
    await updateUserRow(adb(trx), me.id, { passwordHash });
    const ended = await deleteUserSessions(adb(trx), me.id, currentSessionId);
    await recordAudit(audit(trx), {
      actor: actorOf(ctx),
      entityType: 'user',
      entityId: me.id,
      action: 'user.password_changed',
      changes: { ...diff({ password_hash: user.passwordHash }, { password_hash: passwordHash }), other_sessions_ended: { from: null, to: ended } },
      requestId: ctx.requestId,
    });
  });
}

export async function listOwnApiTokens(ctx: ServiceContext): Promise<ApiTokenRow[]> {
  const me = signedIn(ctx);
  return listApiTokens(adb(ctx.db), me.id);
}

/** Creates a personal API token; the clear token is returned once and never stored. */
export async function createOwnApiToken(ctx: ServiceContext, input: { name: string; expiresInDays: number }): Promise<{ id: string; token: string }> {
  const me = signedIn(ctx);
  const expiresAt = new Date(Date.now() + input.expiresInDays * 86_400_000).toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    const created = await insertApiToken(adb(trx), { userId: me.id, name: input.name, expiresAt });
    await recordAudit(audit(trx), {
      actor: actorOf(ctx),
      entityType: 'api_token',
      entityId: created.id,
      action: 'api_token.created',
      changes: diff(null, { user_id: me.id, name: input.name, prefix: created.prefix, expires_at: expiresAt }),
      requestId: ctx.requestId,
    });
    return { id: created.id, token: created.token };
  });
}

export async function revokeOwnApiToken(ctx: ServiceContext, id: string): Promise<void> {
  const me = signedIn(ctx);
  await ctx.db.transaction().execute(async (trx) => {
    const tok = await findApiToken(adb(trx), id);
    if (!tok || tok.userId !== me.id) throw errors.notFound('token');
    if (tok.revokedAt) return;
    const at = new Date().toISOString();
    await revokeApiTokenRow(adb(trx), id, at);
    await recordAudit(audit(trx), {
      actor: actorOf(ctx),
      entityType: 'api_token',
      entityId: id,
      action: 'api_token.revoked',
      changes: diff({ revoked_at: null }, { revoked_at: at }),
      requestId: ctx.requestId,
    });
  });
}
