/**
 * Queries for users and their role assignments. SQL only, no rules: callers pass a tenant-bound handle
 * (c.var.db, forTenant(…), or a transaction opened on one).
 */
import type { Kysely } from 'kysely';
import { escapeLike, ilike, nowIso, toBool, toCount } from '../db/dialect';
import { newId } from '../ids';
import type { AuthTables, UsersTable } from './auth.tables';
import { ROLES, type Assignment, type Role } from './policy';

export type AuthDb = Kysely<AuthTables>;

export type UserStatus = UsersTable['status'];
export const USER_STATUSES: readonly UserStatus[] = ['active', 'invited', 'disabled'];

export interface UserRow {
  id: string;
  email: string;
  displayName: string;
  organisation: string | null;
  passwordHash: string | null;
  status: UserStatus;
  locale: string | null;
  createdAt: string;
  updatedAt: string;
  lastLoginAt: string | null;
}

export interface UserWithAssignments extends UserRow {
  assignments: Assignment[];
}

const userColumns = [
  'id',
  'email',
  'display_name',
  'organisation',
  'password_hash',
  'status',
  'locale',
  'created_at',
  'updated_at',
  'last_login_at',
] as const;

type RawUser = Pick<UsersTable, 'id' | 'email' | 'display_name' | 'organisation' | 'password_hash' | 'status' | 'locale' | 'last_login_at'> & {
  created_at: string;
  updated_at: string;
};

function toUser(r: RawUser): UserRow {
  return {
    id: r.id,
    email: r.email,
    displayName: r.display_name,
    organisation: r.organisation,
    passwordHash: r.password_hash,
    status: r.status,
    locale: r.locale,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    lastLoginAt: r.last_login_at,
  };
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function findUserById(db: AuthDb, id: string): Promise<UserRow | undefined> {
  const r = await db.selectFrom('users').select(userColumns).where('id', '=', id).executeTakeFirst();
  return r ? toUser(r as RawUser) : undefined;
}

export async function findUserByEmail(db: AuthDb, email: string): Promise<UserRow | undefined> {
  const r = await db.selectFrom('users').select(userColumns).where('email', '=', normaliseEmail(email)).executeTakeFirst();
  return r ? toUser(r as RawUser) : undefined;
}

export async function findUserWithAssignments(db: AuthDb, id: string): Promise<UserWithAssignments | undefined> {
  const u = await findUserById(db, id);
  if (!u) return undefined;
  const map = await assignmentsOf(db, [id]);
  return { ...u, assignments: map.get(id) ?? [] };
}

/** Role assignments (with their programme areas) for a set of users. */
export async function assignmentsOf(db: AuthDb, userIds: readonly string[]): Promise<Map<string, Assignment[]>> {
  const out = new Map<string, Assignment[]>();
  if (userIds.length === 0) return out;
  const rows = await db
    .selectFrom('role_assignments')
    .select(['id', 'user_id', 'role', 'all_areas', 'department'])
    .where('user_id', 'in', [...userIds])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  if (rows.length === 0) return out;
  const areaRows = await db
    .selectFrom('role_assignment_areas')
    .select(['assignment_id', 'area_id'])
    .where(
      'assignment_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('area_id')
    .execute();
  const areasByAssignment = new Map<string, string[]>();
  for (const a of areaRows) areasByAssignment.set(a.assignment_id, [...(areasByAssignment.get(a.assignment_id) ?? []), a.area_id]);
  for (const r of rows) {
    if (!(ROLES as readonly string[]).includes(r.role)) continue;
    const list = out.get(r.user_id) ?? [];
    list.push({ role: r.role as Role, allAreas: toBool(r.all_areas), areaIds: areasByAssignment.get(r.id) ?? [], department: r.department });
    out.set(r.user_id, list);
  }
  for (const list of out.values()) list.sort((a, b) => ROLES.indexOf(a.role) - ROLES.indexOf(b.role));
  return out;
}

export interface NewUser {
  id?: string;
  email: string;
  displayName: string;
  organisation?: string | null;
  passwordHash?: string | null;
  status: UserStatus;
  locale?: string | null;
}

export async function insertUser(db: AuthDb, u: NewUser): Promise<string> {
  const id = u.id ?? newId('usr');
  const now = nowIso();
  await db
    .insertInto('users')
    .values({
      id,
      email: normaliseEmail(u.email),
      display_name: u.displayName,
      organisation: u.organisation ?? null,
      password_hash: u.passwordHash ?? null,
      status: u.status,
      locale: u.locale ?? null,
      created_at: now,
      updated_at: now,
      last_login_at: null,
    })
    .execute();
  return id;
}

export interface UserPatch {
  displayName?: string;
  organisation?: string | null;
  passwordHash?: string | null;
  status?: UserStatus;
  locale?: string | null;
  lastLoginAt?: string | null;
}

export async function updateUserRow(db: AuthDb, id: string, p: UserPatch): Promise<void> {
  const set: Record<string, unknown> = {};
  if (p.displayName !== undefined) set.display_name = p.displayName;
  if (p.organisation !== undefined) set.organisation = p.organisation;
  if (p.passwordHash !== undefined) set.password_hash = p.passwordHash;
  if (p.status !== undefined) set.status = p.status;
  if (p.locale !== undefined) set.locale = p.locale;
  if (p.lastLoginAt !== undefined) set.last_login_at = p.lastLoginAt;
  if (Object.keys(set).length === 0) return;
  if (p.lastLoginAt === undefined || Object.keys(set).length > 1) set.updated_at = nowIso();
  await db.updateTable('users').set(set).where('id', '=', id).execute();
}

/** Replaces every role assignment of a user. */
export async function replaceAssignments(db: AuthDb, userId: string, assignments: readonly Assignment[]): Promise<void> {
  const old = await db.selectFrom('role_assignments').select('id').where('user_id', '=', userId).execute();
  if (old.length) {
    const ids = old.map((o) => o.id);
    await db.deleteFrom('role_assignment_areas').where('assignment_id', 'in', ids).execute();
    await db.deleteFrom('role_assignments').where('id', 'in', ids).execute();
  }
  const now = nowIso();
  for (const a of assignments) {
    const id = newId('ras');
    await db
      .insertInto('role_assignments')
      .values({ id, user_id: userId, role: a.role, all_areas: a.allAreas, department: a.department ?? null, created_at: now })
      .execute();
    const areaIds = a.allAreas ? [] : [...new Set(a.areaIds)];
    if (areaIds.length) await db.insertInto('role_assignment_areas').values(areaIds.map((area_id) => ({ assignment_id: id, area_id }))).execute();
  }
}

export interface UserFilter {
  role?: Role | undefined;
  status?: UserStatus | undefined;
  q?: string | undefined;
  limit?: number;
  offset?: number;
}

export async function listUsers(db: AuthDb, f: UserFilter): Promise<{ total: number; users: UserWithAssignments[] }> {
  let q = db.selectFrom('users');
  if (f.status) q = q.where('users.status', '=', f.status);
  if (f.role) {
    const role = f.role;
    q = q.where('users.id', 'in', (eb) => eb.selectFrom('role_assignments').select('role_assignments.user_id').where('role_assignments.role', '=', role));
  }
  if (f.q && f.q.trim()) {
    const pattern = `%${escapeLike(f.q.trim())}%`;
    q = q.where((eb) => eb.or([eb(ilike(db, 'users.display_name', pattern), '=', true), eb(ilike(db, 'users.email', pattern), '=', true)]));
  }
  const [{ n } = { n: 0 }] = await q.select((eb) => eb.fn.countAll().as('n')).execute();
  const rows = await q
    .select(userColumns.map((c) => `users.${c}` as const))
    .orderBy('users.display_name')
    .orderBy('users.id')
    .limit(f.limit ?? 50)
    .offset(f.offset ?? 0)
    .execute();
  const users = rows.map((r) => toUser(r as RawUser));
  const map = await assignmentsOf(
    db,
    users.map((u) => u.id),
  );
  return { total: toCount(n), users: users.map((u) => ({ ...u, assignments: map.get(u.id) ?? [] })) };
}

/** All users as id + label (for filters and pickers). */
export async function userOptions(db: AuthDb): Promise<{ id: string; displayName: string; email: string }[]> {
  const rows = await db.selectFrom('users').select(['id', 'display_name', 'email']).orderBy('display_name').orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, displayName: r.display_name, email: r.email }));
}

/** Active users holding the admin role. `lock` takes row locks on PostgreSQL (inside a transaction). */
export async function activeAdminIds(db: AuthDb, opts: { lock?: boolean; postgres?: boolean } = {}): Promise<string[]> {
  let q = db
    .selectFrom('users')
    .innerJoin('role_assignments', 'role_assignments.user_id', 'users.id')
    .select('users.id')
    .where('users.status', '=', 'active')
    .where('role_assignments.role', '=', 'admin');
  if (opts.lock && opts.postgres) q = q.forUpdate();
  const rows = await q.execute();
  return [...new Set(rows.map((r) => r.id))];
}
