/**
 * SQL of the accounts module. Every function takes a tenant-bound handle (or a transaction opened on one): the
 * handle fills in and filters tenant_id. No business rules here.
 */
import type { Kysely } from 'kysely';
import type { AccountFollowTable, AccountsTables, AccountTable, NotifyMode } from './accounts.tables';
import type { Account, Follow } from './accounts.types';
import type { FollowTarget, TargetType } from './accounts.registry';

export type Db = Kysely<AccountsTables>;

function toAccount(r: AccountTable): Account {
  return {
    id: r.id,
    email: r.email,
    displayName: r.display_name,
    locale: r.locale,
    notify: { concerns: r.notify_concerns, proposals: r.notify_proposals, areas: r.notify_areas },
    createdAt: r.created_at,
    lastSignInAt: r.last_sign_in_at,
  };
}

export async function findAccount(db: Db, id: string): Promise<Account | null> {
  const r = await db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toAccount(r) : null;
}

export async function findAccountByEmail(db: Db, email: string): Promise<Account | null> {
  const r = await db.selectFrom('accounts').selectAll().where('email', '=', email).executeTakeFirst();
  return r ? toAccount(r) : null;
}

/** Inserts the account unless the address has one (parallel sign-ins end in one row). True when inserted. */
export async function insertAccountIfNew(db: Db, a: { id: string; email: string; locale: string | null; at: string }): Promise<boolean> {
  const r = await db
    .insertInto('accounts')
    .values({ id: a.id, email: a.email, display_name: null, locale: a.locale, notify_concerns: 'off', notify_proposals: 'off', notify_areas: 'off', created_at: a.at, updated_at: a.at, last_sign_in_at: null } as never)
    .onConflict((oc) => oc.columns(['tenant_id', 'email']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function updateAccount(db: Db, id: string, patch: Partial<Pick<AccountTable, 'display_name' | 'locale' | 'notify_concerns' | 'notify_proposals' | 'notify_areas' | 'last_sign_in_at' | 'updated_at'>>): Promise<void> {
  await db.updateTable('accounts').set(patch).where('id', '=', id).execute();
}

export async function countAccounts(db: Db): Promise<number> {
  const r = await db.selectFrom('accounts').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
  return Number(r?.n ?? 0);
}

/* ---------------------------------------------------------------- sign-in links */

export async function insertToken(db: Db, t: { hash: string; email: string; locale: string | null; expiresAt: string; at: string }): Promise<void> {
  await db.insertInto('account_tokens').values({ token_hash: t.hash, email: t.email, locale: t.locale, expires_at: t.expiresAt, used_at: null, created_at: t.at } as never).execute();
}

export async function findToken(db: Db, hash: string) {
  return db.selectFrom('account_tokens').selectAll().where('token_hash', '=', hash).executeTakeFirst();
}

/** Marks a link used: true only for the one call that used it while it was valid. */
export async function useToken(db: Db, hash: string, now: string): Promise<boolean> {
  const r = await db.updateTable('account_tokens').set({ used_at: now }).where('token_hash', '=', hash).where('used_at', 'is', null).where('expires_at', '>', now).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function deleteTokensOf(db: Db, email: string): Promise<number> {
  const r = await db.deleteFrom('account_tokens').where('email', '=', email).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function purgeTokens(db: Db, before: string): Promise<number> {
  const r = await db.deleteFrom('account_tokens').where('expires_at', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** The sign-in links sent to an address (for the export: when asked, valid until, used). */
export async function listTokensOf(db: Db, email: string): Promise<{ createdAt: string; expiresAt: string; usedAt: string | null }[]> {
  const rows = await db.selectFrom('account_tokens').select(['created_at', 'expires_at', 'used_at']).where('email', '=', email).orderBy('created_at').execute();
  return rows.map((r) => ({ createdAt: r.created_at, expiresAt: r.expires_at, usedAt: r.used_at }));
}

/* ---------------------------------------------------------------- sessions */

export async function listSessionsOf(db: Db, accountId: string): Promise<{ createdAt: string; expiresAt: string }[]> {
  const rows = await db.selectFrom('account_sessions').select(['created_at', 'expires_at']).where('account_id', '=', accountId).orderBy('created_at').execute();
  return rows.map((r) => ({ createdAt: r.created_at, expiresAt: r.expires_at }));
}

export async function insertSession(db: Db, s: { id: string; accountId: string; expiresAt: string; at: string }): Promise<void> {
  await db.insertInto('account_sessions').values({ id: s.id, account_id: s.accountId, expires_at: s.expiresAt, created_at: s.at } as never).execute();
}

export async function findSession(db: Db, id: string) {
  return db.selectFrom('account_sessions').select(['id', 'account_id', 'expires_at']).where('id', '=', id).executeTakeFirst();
}

export async function deleteSession(db: Db, id: string): Promise<void> {
  await db.deleteFrom('account_sessions').where('id', '=', id).execute();
}

export async function deleteSessionsOf(db: Db, accountId: string): Promise<number> {
  const r = await db.deleteFrom('account_sessions').where('account_id', '=', accountId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function purgeSessions(db: Db, before: string): Promise<number> {
  const r = await db.deleteFrom('account_sessions').where('expires_at', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/* ---------------------------------------------------------------- follows */

function toFollow(r: AccountFollowTable): Follow {
  return { type: r.target_type, id: r.target_id, createdAt: r.created_at };
}

export async function insertFollow(db: Db, accountId: string, target: FollowTarget, at: string): Promise<boolean> {
  const r = await db
    .insertInto('account_follows')
    .values({ account_id: accountId, target_type: target.type, target_id: target.id, created_at: at } as never)
    .onConflict((oc) => oc.columns(['tenant_id', 'account_id', 'target_type', 'target_id']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function deleteFollow(db: Db, accountId: string, target: FollowTarget): Promise<boolean> {
  const r = await db.deleteFrom('account_follows').where('account_id', '=', accountId).where('target_type', '=', target.type).where('target_id', '=', target.id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function deleteFollowsOf(db: Db, accountId: string): Promise<number> {
  const r = await db.deleteFrom('account_follows').where('account_id', '=', accountId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function isFollowing(db: Db, accountId: string, target: FollowTarget): Promise<boolean> {
  const r = await db.selectFrom('account_follows').select('target_id').where('account_id', '=', accountId).where('target_type', '=', target.type).where('target_id', '=', target.id).executeTakeFirst();
  return !!r;
}

export async function listFollows(db: Db, accountId: string): Promise<Follow[]> {
  const rows = await db.selectFrom('account_follows').selectAll().where('account_id', '=', accountId).orderBy('created_at').orderBy('target_type').orderBy('target_id').execute();
  return rows.map(toFollow);
}

const SETTING: Record<TargetType, 'notify_areas' | 'notify_concerns' | 'notify_proposals'> = { area: 'notify_areas', concern: 'notify_concerns', proposal: 'notify_proposals' };

/** Accounts following the target that want e-mails for its kind right away. */
export async function listNotifiedFollowers(db: Db, target: FollowTarget): Promise<{ id: string; email: string; locale: string | null }[]> {
  return db
    .selectFrom('account_follows')
    .innerJoin('accounts', (j) => j.onRef('accounts.tenant_id', '=', 'account_follows.tenant_id').onRef('accounts.id', '=', 'account_follows.account_id'))
    .select(['accounts.id as id', 'accounts.email as email', 'accounts.locale as locale'])
    .where('account_follows.target_type', '=', target.type)
    .where('account_follows.target_id', '=', target.id)
    .where(`accounts.${SETTING[target.type]}`, '=', 'immediate' satisfies NotifyMode)
    .orderBy('accounts.id')
    .execute();
}

export async function deleteAccountRow(db: Db, id: string): Promise<boolean> {
  const r = await db.deleteFrom('accounts').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/* ---------------------------------------------------------------- figures (admins; counts only) */

export interface AccountFigureRows {
  accounts: number;
  activeSince: number;
  notify: Record<'concerns' | 'proposals' | 'areas', number>;
  anyNotify: number;
  follows: { type: TargetType; follows: number; accounts: number }[];
}

/** Aggregates only: numbers of accounts, recently signed in, settings switched on, follows per target type. */
export async function accountFigures(db: Db, activeSince: string): Promise<AccountFigureRows> {
  const on = 'immediate' satisfies NotifyMode;
  const a = await db
    .selectFrom('accounts')
    .select((eb) => [
      eb.fn.countAll().as('accounts'),
      eb.fn.sum<number>(eb.case().when('last_sign_in_at', '>=', activeSince).then(1).else(0).end()).as('active'),
      eb.fn.sum<number>(eb.case().when('notify_concerns', '=', on).then(1).else(0).end()).as('concerns'),
      eb.fn.sum<number>(eb.case().when('notify_proposals', '=', on).then(1).else(0).end()).as('proposals'),
      eb.fn.sum<number>(eb.case().when('notify_areas', '=', on).then(1).else(0).end()).as('areas'),
      eb.fn
        .sum<number>(
          eb
            .case()
            .when(eb.or([eb('notify_concerns', '=', on), eb('notify_proposals', '=', on), eb('notify_areas', '=', on)]))
            .then(1)
            .else(0)
            .end(),
        )
        .as('any'),
    ])
    .executeTakeFirst();
  const f = await db
    .selectFrom('account_follows')
    .select((eb) => ['target_type', eb.fn.countAll().as('follows'), eb.fn.count('account_id').distinct().as('accounts')])
    .groupBy('target_type')
    .execute();
  const n = (v: unknown) => Number(v ?? 0);
  return {
    accounts: n(a?.accounts),
    activeSince: n(a?.active),
    notify: { concerns: n(a?.concerns), proposals: n(a?.proposals), areas: n(a?.areas) },
    anyNotify: n(a?.any),
    follows: f.map((r) => ({ type: r.target_type, follows: n(r.follows), accounts: n(r.accounts) })),
  };
}
