/**
 * User administration (action 'users.manage'): list, invite, edit roles/areas/status, resend invitations; plus the
 * system path used by the CLI and the seed. Every write: authorize → transaction → rules → write → audit (old → new,
 * never password hashes or tokens in clear) → commit; e-mails go out after the commit.
 */
import { diff, recordAudit, type AuditActor, type AuditTables } from '../audit';
import type { Config } from '../config';
import type { TenantDb } from '../db/tenant-scope';
import { areas } from '../directory';
import { AppError, errors, type FieldError } from '../errors';
import { actorOf, type ServiceContext, type Tenant } from '../http/context';
import { renderMail, sendMail } from '../mail';
import { INVITE_TOKEN_MINUTES, mailLocale } from './auth.service';
import { hashPassword } from './passwords';
import { deleteUserPasswordTokens, issuePasswordToken } from './password-tokens.queries';
import { authorize, ROLES, type Assignment, type Role } from './policy';
import { revokeAllApiTokens } from './api-tokens.queries';
import { deleteUserSessions } from './sessions.queries';
import {
  activeAdminIds,
  findUserByEmail,
  findUserWithAssignments,
  insertUser,
  listUsers,
  normaliseEmail,
  replaceAssignments,
  updateUserRow,
  type AuthDb,
  type UserFilter,
  type UserStatus,
  type UserWithAssignments,
} from './users.queries';

const adb = (db: unknown) => db as AuthDb;
const audit = (db: unknown) => db as TenantDb<AuditTables>;

export interface AssignmentInput {
  role: Role;
  allAreas: boolean;
  areaIds: string[];
  department?: string | null;
}

export interface MailContext {
  config: Config;
  /** Origin for links in e-mails, e.g. "https://quartier.essen.de". */
  linkBase: string;
}

/** One line per assignment, for the audit log: "moderator: are_1, are_2", "coordinator: *", "department_staff: * [Jugendamt]". */
export function describeAssignment(a: Assignment): string {
  const scope = a.role === 'admin' || a.allAreas ? '*' : [...a.areaIds].sort().join(', ');
  return `${a.role}: ${scope}${a.department ? ` [${a.department}]` : ''}`;
}

/** The audited view of a user: no password hash, assignments as readable lines. */
export function userSnapshot(u: UserWithAssignments): Record<string, unknown> {
  return {
    email: u.email,
    display_name: u.displayName,
    organisation: u.organisation,
    status: u.status,
    roles: u.assignments.map(describeAssignment).sort(),
  };
}

/** Normalises assignments: admin is tenant-wide; areas only without "all"; department only for department_staff. */
export function normaliseAssignments(list: readonly AssignmentInput[]): Assignment[] {
  const seen = new Set<Role>();
  const out: Assignment[] = [];
  for (const a of list) {
    if (seen.has(a.role)) continue;
    seen.add(a.role);
    const all = a.role === 'admin' || a.allAreas;
    out.push({
      role: a.role,
      allAreas: all,
      areaIds: all ? [] : [...new Set(a.areaIds)].sort(),
      department: a.role === 'department_staff' ? (a.department?.trim() ?? null) || null : null,
    });
  }
  return out.sort((x, y) => ROLES.indexOf(x.role) - ROLES.indexOf(y.role));
}

/** Field errors for assignments that break the rules (unknown areas, missing areas or department). */
export async function assignmentProblems(db: TenantDb<any>, list: readonly Assignment[]): Promise<FieldError[]> {
  const problems: FieldError[] = [];
  if (list.length === 0) problems.push({ field: 'roles', key: 'admin.users.error.noRole' });
  const known = new Set((await areas().listAreas(db)).map((a) => a.id));
  for (const a of list) {
    if (!a.allAreas && a.areaIds.length === 0) problems.push({ field: `areas_${a.role}`, key: 'admin.users.error.noArea' });
    if (a.areaIds.some((id) => !known.has(id))) problems.push({ field: `areas_${a.role}`, key: 'admin.users.error.unknownArea' });
    if (a.role === 'department_staff' && !a.department) problems.push({ field: 'department', key: 'admin.users.error.department' });
  }
  return problems;
}

export async function listUsersAdmin(ctx: ServiceContext, filter: UserFilter) {
  authorize(ctx.user, 'users.manage');
  return listUsers(adb(ctx.db), filter);
}

export async function getUserAdmin(ctx: ServiceContext, id: string): Promise<UserWithAssignments> {
  authorize(ctx.user, 'users.manage');
  const u = await findUserWithAssignments(adb(ctx.db), id);
  if (!u) throw errors.notFound('user');
  return u;
}

export interface InviteInput {
  email: string;
  displayName: string;
  organisation: string | null;
  assignments: AssignmentInput[];
}

async function sendInvitation(ctx: { tenant: Tenant }, mail: MailContext, user: { email: string; displayName: string; locale: string | null }, token: string, inviter: string) {
  await sendMail(
    mail.config,
    renderMail(mailLocale(user, ctx.tenant), 'mail.invite', user.email, {
      name: user.displayName,
      inviter,
      link: `${mail.linkBase}/password/reset/${token}`,
      days: Math.round(INVITE_TOKEN_MINUTES / 1440),
      tenant: ctx.tenant.name,
    }),
  );
}

/** Invites a person: the account starts as "invited" and the e-mail carries a link to set a password. */
export async function inviteUser(ctx: ServiceContext, input: InviteInput, mail: MailContext): Promise<string> {
  authorize(ctx.user, 'users.manage');
  const assignments = normaliseAssignments(input.assignments);
  const problems = await assignmentProblems(ctx.db, assignments);
  const email = normaliseEmail(input.email);
  if (await findUserByEmail(adb(ctx.db), email)) problems.unshift({ field: 'email', key: 'admin.users.error.emailTaken' });
  if (problems.length) throw errors.validation(problems);
  const { id, token } = await ctx.db.transaction().execute(async (trx) => {
    const id = await insertUser(adb(trx), { email, displayName: input.displayName, organisation: input.organisation, status: 'invited' });
    await replaceAssignments(adb(trx), id, assignments);
    const token = await issuePasswordToken(adb(trx), id, 'invite', INVITE_TOKEN_MINUTES);
    const after = await findUserWithAssignments(adb(trx), id);
    await recordAudit(audit(trx), { actor: actorOf(ctx), entityType: 'user', entityId: id, action: 'user.invited', changes: diff(null, userSnapshot(after!)), requestId: ctx.requestId });
    return { id, token };
  });
  await sendInvitation(ctx, mail, { email, displayName: input.displayName, locale: null }, token, ctx.user.displayName);
  return id;
}

/** Sends a fresh invitation link to a person who has not yet set a password (earlier links stop working). */
export async function resendInvitation(ctx: ServiceContext, id: string, mail: MailContext): Promise<void> {
  authorize(ctx.user, 'users.manage');
  const user = await findUserWithAssignments(adb(ctx.db), id);
  if (!user) throw errors.notFound('user');
  if (user.status !== 'invited') throw errors.conflict('not_invited', 'This account is not waiting for an invitation.');
  const token = await ctx.db.transaction().execute(async (trx) => {
    const token = await issuePasswordToken(adb(trx), id, 'invite', INVITE_TOKEN_MINUTES);
    await recordAudit(audit(trx), { actor: actorOf(ctx), entityType: 'user', entityId: id, action: 'user.invitation_sent', requestId: ctx.requestId });
    return token;
  });
  await sendInvitation(ctx, mail, user, token, ctx.user.displayName);
}

export interface UpdateUserInput {
  displayName: string;
  organisation: string | null;
  /** 'active' or 'disabled' (an account without a password stays 'invited' when activated). */
  status: 'active' | 'disabled';
  assignments: AssignmentInput[];
}

function isActiveAdmin(status: UserStatus, list: readonly Assignment[]): boolean {
  return status === 'active' && list.some((a) => a.role === 'admin');
}

/**
 * Changes a person's name, organisation, roles and areas, and status. Rules: an admin cannot disable their own
 * account, and the last active admin cannot lose the role or be disabled. Disabling ends every session, revokes
 * every API token and withdraws open password links.
 */
export async function updateUserAdmin(ctx: ServiceContext, id: string, input: UpdateUserInput): Promise<void> {
  authorize(ctx.user, 'users.manage');
  const me = ctx.user;
  const assignments = normaliseAssignments(input.assignments);
  const problems = await assignmentProblems(ctx.db, assignments);
  if (id === me.id && input.status === 'disabled') problems.push({ field: 'status', key: 'admin.users.error.disableSelf' });
  if (problems.length) throw errors.validation(problems);

  await ctx.db.transaction().execute(async (trx) => {
    const t = adb(trx);
    const before = await findUserWithAssignments(t, id);
    if (!before) throw errors.notFound('user');
    const status: UserStatus = input.status === 'disabled' ? 'disabled' : before.passwordHash ? 'active' : 'invited';
    if (isActiveAdmin(before.status, before.assignments) && !isActiveAdmin(status, assignments)) {
      const admins = await activeAdminIds(t, { lock: true, postgres: ctx.dialect === 'postgres' });
      if (admins.filter((a) => a !== id).length === 0) {
        throw errors.validation([{ field: input.status === 'disabled' ? 'status' : 'roles', key: 'admin.users.error.lastAdmin' }]);
      }
    }
    await updateUserRow(t, id, { displayName: input.displayName, organisation: input.organisation, status });
    const rolesChanged = JSON.stringify(before.assignments.map(describeAssignment).sort()) !== JSON.stringify(assignments.map(describeAssignment).sort());
    if (rolesChanged) await replaceAssignments(t, id, assignments);
    let ended: Record<string, { from: unknown; to: unknown }> = {};
    if (status === 'disabled' && before.status !== 'disabled') {
      const sessions = await deleteUserSessions(t, id);
      const tokens = await revokeAllApiTokens(t, id);
      await deleteUserPasswordTokens(t, id);
      ended = { sessions_ended: { from: null, to: sessions }, api_tokens_revoked: { from: null, to: tokens } };
    }
    const after = await findUserWithAssignments(t, id);
    const changes = { ...diff(userSnapshot(before), userSnapshot(after!)), ...ended };
    if (Object.keys(changes).length === 0) return;
    await recordAudit(audit(trx), { actor: actorOf(ctx), entityType: 'user', entityId: id, action: 'user.updated', changes, requestId: ctx.requestId });
  });
}

// -------------------------------------------------------------------------------------------------------------------
// System path (CLI, seed): no signed-in actor.

export interface SystemUserInput {
  email: string;
  displayName: string;
  organisation?: string | null;
  password: string;
  assignments: AssignmentInput[];
  locale?: string | null;
}

/** Creates an active account with a password (CLI `create-user`, seed). Throws 409 when the e-mail is taken. */
export async function createUserAsSystem(db: TenantDb<any>, input: SystemUserInput, actor: AuditActor): Promise<string> {
  const assignments = normaliseAssignments(input.assignments);
  const problems = await assignmentProblems(db, assignments);
  if (problems.length) throw new AppError(422, 'validation_failed', problems.map((p) => `${p.field}: ${p.key}`).join('; '), { fields: problems });
  const email = normaliseEmail(input.email);
  if (await findUserByEmail(adb(db), email)) throw errors.conflict('email_taken', `An account with the e-mail ${email} already exists.`);
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const id = await insertUser(adb(trx), { email, displayName: input.displayName, organisation: input.organisation ?? null, passwordHash, status: 'active', locale: input.locale ?? null });
    await replaceAssignments(adb(trx), id, assignments);
    const after = await findUserWithAssignments(adb(trx), id);
    await recordAudit(audit(trx), { actor, entityType: 'user', entityId: id, action: 'user.created', changes: diff(null, userSnapshot(after!)) });
    return id;
  });
}
