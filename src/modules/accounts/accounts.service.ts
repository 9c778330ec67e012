/**
 * Use cases of the accounts module (residents' accounts — optional everywhere; residents are never staff users).
 *
 * Sign-up and sign-in are one flow: a one-time link is mailed to the address (stored as SHA-256, single use,
 * SIGN_IN_MINUTES valid); using it creates the account on first use and opens a resident session. The answer to
 * the request is the same whether an account exists or not, and a throttled address gets no mail but the same
 * answer. Everything about an account — profile, settings, follows, and what other modules keep linked to it or under
 * its confirmed address (registered data providers: participation, concerns) — can be downloaded and is deleted with
 * it. Audit entries name the account's id, never its address or name.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { listAudit, recordAudit, type AuditTables } from '../../platform/audit';
import { authorize } from '../../platform/auth/policy';
import type { Config } from '../../platform/config';
import { nowIso } from '../../platform/db/dialect';
import type { TenantDb } from '../../platform/db/tenant-scope';
import { errors } from '../../platform/errors';
import type { ServiceContext } from '../../platform/http/context';
import { consumeRateLimit, subjectHash } from '../../platform/http/rate-limit';
import { isLocale, type Locale } from '../../platform/i18n';
import { newId, newToken } from '../../platform/ids';
import { renderMail, sendMail } from '../../platform/mail';
import { getArea } from '../territory';
import * as q from './accounts.queries';
import { accountDataProviders, addressKey, describeTarget, registerFollowTarget, TARGET_TYPES, type FollowTarget, type TargetInfo } from './accounts.registry';
import { NOTIFY_KINDS, type Account, type Follow, type NotifyKind, type NotifyMode } from './accounts.types';

type AnyDb = TenantDb<any> | Kysely<any>;
const tdb = (db: AnyDb): q.Db => db as unknown as q.Db;
const auditDb = (db: q.Db): Kysely<AuditTables> => db as unknown as Kysely<AuditTables>;

/** How long a sign-in link is valid. */
export const SIGN_IN_MINUTES = 30;
/** How long a resident session lasts (fixed from sign-in). */
export const SESSION_DAYS = 30;
/** Longest display name (the form says so too). */
export const DISPLAY_NAME_MAX = 80;
const NOTIFY_MODES: readonly NotifyMode[] = ['immediate', 'off'];
/** Sign-in links per address and hour (more are silently not sent). */
export const LINKS_PER_ADDRESS_HOUR = 5;

export interface AccountsMail {
  config: Config;
  linkBase: string;
}
export type AccountsContext = ServiceContext & { mail?: AccountsMail | null };

/** The audit actor for a resident's own action: the account's id only (no address, no name). */
const residentActor = (accountId: string) => ({ id: null, label: `account:${accountId}` });

export function sha256(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** NFC, trimmed, lower case (as participation's supports): the registry's `addressKey`. */
export function normaliseEmail(email: string): string {
  return addressKey(email);
}

// Areas are described here (territory is below accounts); concerns and proposals register themselves.
registerFollowTarget('area', async (db, id) => {
  const a = await getArea(db as TenantDb<any>, id);
  return a ? { title: a.name, href: `/areas/${a.slug}` } : null;
});

/* ================================================================ sign-in */

/**
 * Mails a sign-in link (the account is created when the link is used). Same result whether the address has an
 * account or not; past LINKS_PER_ADDRESS_HOUR the address silently gets no further mail (returns false).
 */
export async function requestSignIn(ctx: AccountsContext, input: { email: string; locale: Locale }): Promise<boolean> {
  const email = normaliseEmail(input.email);
  const subject = await subjectHash(ctx.db, ctx.tenant.id, `accounts-address:${email}`);
  const allowed = await consumeRateLimit(ctx.db, { bucket: 'accounts.signin.address', max: LINKS_PER_ADDRESS_HOUR, windowSeconds: 3600 }, subject);
  if (!allowed.allowed) return false;
  const token = newToken();
  const hash = sha256(token);
  const now = new Date();
  await tdb(ctx.db).transaction().execute(async (trx) => {
    await q.insertToken(trx, { hash, email, locale: input.locale, expiresAt: new Date(now.getTime() + SIGN_IN_MINUTES * 60_000).toISOString(), at: now.toISOString() });
    // The link, not the address: the entry names the link by an id derived from its hash (ADR 0022, amendment).
    await recordAudit(auditDb(trx), { actor: { id: null, label: 'anonymous' }, entityType: 'account_link', entityId: linkId(hash), action: 'sign_in_requested', changes: { expiresInMinutes: { from: null, to: SIGN_IN_MINUTES } }, requestId: ctx.requestId });
  });
  if (!ctx.mail) return false;
  try {
    await sendMail(ctx.mail.config, renderMail(input.locale, 'accounts.mail.signIn', email, { tenant: ctx.tenant.name, link: `${ctx.mail.linkBase}/my-account/link/${token}`, minutes: SIGN_IN_MINUTES }));
    return true;
  } catch {
    return false; // the resident can ask again
  }
}

/** A public id of a sign-in link for the audit log: neither the token nor its stored hash, and no address. */
export function linkId(tokenHash: string): string {
  return `lnk_${sha256(`link-id:${tokenHash}`).slice(0, 20)}`;
}

/** Is this sign-in link usable (without using it)? */
export async function signInLinkValid(db: AnyDb, token: string): Promise<boolean> {
  const row = await q.findToken(tdb(db), sha256(token));
  return !!row && !row.used_at && row.expires_at > nowIso();
}

/**
 * Uses a sign-in link: single use while valid. Creates the account on first use and a session. Returns the
 * session token for the cookie (only its hash is stored), or null for a used, expired or unknown link.
 */
export async function signInWithLink(ctx: ServiceContext, token: string, previousSessionToken?: string | null): Promise<{ account: Account; sessionToken: string; created: boolean } | null> {
  const hash = sha256(token);
  const db = tdb(ctx.db);
  const row = await q.findToken(db, hash);
  if (!row) return null;
  const now = new Date();
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    if (!(await q.useToken(trx, hash, at))) return null;
    const created = await q.insertAccountIfNew(trx, { id: newId('acc'), email: row.email, locale: isLocale(row.locale) ? row.locale : null, at });
    const account = (await q.findAccountByEmail(trx, row.email))!;
    await q.updateAccount(trx, account.id, { last_sign_in_at: at });
    // Rotation: a resident session that existed before this sign-in is ended.
    if (previousSessionToken) await q.deleteSession(trx, sha256(previousSessionToken));
    const sessionToken = newToken();
    await q.insertSession(trx, { id: sha256(sessionToken), accountId: account.id, expiresAt: new Date(now.getTime() + SESSION_DAYS * 86_400_000).toISOString(), at });
    await recordAudit(auditDb(trx), { actor: residentActor(account.id), entityType: 'account', entityId: account.id, action: created ? 'create' : 'sign_in', changes: { link: { from: null, to: linkId(hash) } }, requestId: ctx.requestId });
    return { account, sessionToken, created };
  });
}

/** The account of a session cookie (null when unknown or expired; an expired session is removed). */
export async function accountForSession(db: AnyDb, sessionToken: string): Promise<Account | null> {
  const id = sha256(sessionToken);
  const s = await q.findSession(tdb(db), id);
  if (!s) return null;
  if (s.expires_at <= nowIso()) {
    await q.deleteSession(tdb(db), id);
    return null;
  }
  return q.findAccount(tdb(db), s.account_id);
}

/** Ends the resident session of the cookie (audited when there was one). */
export async function signOut(ctx: ServiceContext, sessionToken: string): Promise<void> {
  const id = sha256(sessionToken);
  await tdb(ctx.db).transaction().execute(async (trx) => {
    const s = await q.findSession(trx, id);
    if (!s) return;
    await q.deleteSession(trx, id);
    await recordAudit(auditDb(trx), { actor: residentActor(s.account_id), entityType: 'account', entityId: s.account_id, action: 'sign_out', changes: {}, requestId: ctx.requestId });
  });
}

export async function getAccount(db: AnyDb, id: string): Promise<Account | null> {
  return q.findAccount(tdb(db), id);
}

/** Number of residents' accounts of the tenant (for admins; no personal data). */
export async function countAccounts(db: AnyDb): Promise<number> {
  return q.countAccounts(tdb(db));
}

/** "Active" on the admins' figures: signed in within this many days. */
export const ACTIVE_DAYS = 30;

export interface AccountFigures {
  accounts: number;
  /** Accounts signed in within the last ACTIVE_DAYS days. */
  active: number;
  /** Accounts with the setting "immediately" per kind, and with at least one. */
  notify: Record<NotifyKind, number>;
  anyNotify: number;
  /** Per target type: follows and distinct accounts following (every type, zero when none). */
  follows: { type: FollowTarget['type']; follows: number; accounts: number }[];
}

/**
 * Aggregated numbers about residents' accounts for administrators ('users.manage', admin only): counts, never an
 * address, a name or an id.
 */
export async function accountFigures(ctx: ServiceContext, now = new Date()): Promise<AccountFigures> {
  authorize(ctx.user, 'users.manage');
  const since = new Date(now.getTime() - ACTIVE_DAYS * 86_400_000).toISOString();
  const r = await q.accountFigures(tdb(ctx.db), since);
  return {
    accounts: r.accounts,
    active: r.activeSince,
    notify: r.notify,
    anyNotify: r.anyNotify,
    follows: TARGET_TYPES.map((type) => r.follows.find((f) => f.type === type) ?? { type, follows: 0, accounts: 0 }),
  };
}

/* ================================================================ profile and settings */

export async function updateProfile(ctx: ServiceContext, accountId: string, input: { displayName?: string | null | undefined; locale?: string | null | undefined }): Promise<Account> {
  const db = tdb(ctx.db);
  const before = await q.findAccount(db, accountId);
  if (!before) throw errors.notFound('account');
  const displayName = input.displayName?.trim() || null;
  const locale = input.locale && isLocale(input.locale) ? input.locale : null;
  if (input.locale && !locale) throw errors.validation([{ field: 'locale', key: 'form.error.choose' }]);
  if (displayName && displayName.length > DISPLAY_NAME_MAX) throw errors.validation([{ field: 'displayName', key: 'form.error.tooLong', params: { max: DISPLAY_NAME_MAX } }]);
  // The name is personal: the audit says that it changed, not what it is.
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  if (before.displayName !== displayName) changes.displayName = { from: before.displayName ? '•••' : null, to: displayName ? '•••' : null };
  if (before.locale !== locale) changes.locale = { from: before.locale, to: locale };
  // A repeated post changes nothing: no write, no audit entry.
  if (Object.keys(changes).length === 0) return before;
  return db.transaction().execute(async (trx) => {
    await q.updateAccount(trx, accountId, { display_name: displayName, locale, updated_at: nowIso() });
    await recordAudit(auditDb(trx), { actor: residentActor(accountId), entityType: 'account', entityId: accountId, action: 'update', changes, requestId: ctx.requestId });
    return (await q.findAccount(trx, accountId))!;
  });
}

export async function updateNotifications(ctx: ServiceContext, accountId: string, input: Record<NotifyKind, NotifyMode>): Promise<Account> {
  const db = tdb(ctx.db);
  const before = await q.findAccount(db, accountId);
  if (!before) throw errors.notFound('account');
  for (const k of NOTIFY_KINDS) if (!NOTIFY_MODES.includes(input[k])) throw errors.validation([{ field: k, key: 'accounts.error.chooseMode' }]);
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const k of NOTIFY_KINDS) if (before.notify[k] !== input[k]) changes[`notify.${k}`] = { from: before.notify[k], to: input[k] };
  // A repeated post changes nothing: no write, no audit entry.
  if (Object.keys(changes).length === 0) return before;
  return db.transaction().execute(async (trx) => {
    await q.updateAccount(trx, accountId, { notify_concerns: input.concerns, notify_proposals: input.proposals, notify_areas: input.areas, updated_at: nowIso() });
    await recordAudit(auditDb(trx), { actor: residentActor(accountId), entityType: 'account', entityId: accountId, action: 'notifications', changes, requestId: ctx.requestId });
    return (await q.findAccount(trx, accountId))!;
  });
}

/* ================================================================ follows */

export function parseTarget(type: unknown, id: unknown): FollowTarget | null {
  if (typeof type !== 'string' || typeof id !== 'string' || !(TARGET_TYPES as readonly string[]).includes(type) || !/^[A-Za-z0-9_-]{1,80}$/.test(id)) return null;
  return { type: type as FollowTarget['type'], id };
}

/**
 * Follows a public area, concern or proposal (idempotent: a repeated follow writes nothing). An unknown, foreign
 * (another municipality's) or non-public target gives null and changes nothing.
 */
export async function follow(ctx: ServiceContext, accountId: string, target: FollowTarget): Promise<TargetInfo | null> {
  const parsed = parseTarget(target.type, target.id);
  if (!parsed) return null;
  const info = await describeTarget(ctx.db, parsed);
  if (!info) return null;
  await tdb(ctx.db).transaction().execute(async (trx) => {
    if (await q.insertFollow(trx, accountId, target, nowIso())) {
      await recordAudit(auditDb(trx), { actor: residentActor(accountId), entityType: 'account', entityId: accountId, action: 'follow', changes: { [target.type]: { from: null, to: target.id } }, requestId: ctx.requestId });
    }
  });
  return info;
}

export async function unfollow(ctx: ServiceContext, accountId: string, target: FollowTarget): Promise<void> {
  await tdb(ctx.db).transaction().execute(async (trx) => {
    if (await q.deleteFollow(trx, accountId, target)) {
      await recordAudit(auditDb(trx), { actor: residentActor(accountId), entityType: 'account', entityId: accountId, action: 'unfollow', changes: { [target.type]: { from: target.id, to: null } }, requestId: ctx.requestId });
    }
  });
}

/** Does the account follow the target? (For follow buttons on other modules' pages.) */
export async function followState(db: AnyDb, accountId: string | null | undefined, target: FollowTarget): Promise<boolean> {
  return accountId ? q.isFollowing(tdb(db), accountId, target) : false;
}

/** The account's follows with their public title and page (targets no longer public show without a link). */
export async function listFollows(db: AnyDb, accountId: string): Promise<(Follow & { info: TargetInfo | null })[]> {
  const follows = await q.listFollows(tdb(db), accountId);
  return Promise.all(follows.map(async (f) => ({ ...f, info: await describeTarget(db as Kysely<any>, f) })));
}

/* ================================================================ GDPR: export and deletion */

/**
 * Everything stored about the account (GDPR Art. 15): profile, settings, follows and each provider's part — the rows
 * linked to the account and those kept under its confirmed address (e.g. sent by e-mail before the account existed).
 */
export async function exportAccountData(ctx: ServiceContext, accountId: string): Promise<Record<string, unknown>> {
  const db = tdb(ctx.db);
  const a = await q.findAccount(db, accountId);
  if (!a) throw errors.notFound('account');
  const follows = await listFollows(ctx.db, accountId);
  const [links, sessions, history] = await Promise.all([
    q.listTokensOf(db, a.email),
    q.listSessionsOf(db, accountId),
    listAudit(ctx.db as unknown as TenantDb<AuditTables>, { entityType: 'account', entityId: accountId, limit: 1000, offset: 0 }),
  ]);
  const modules: Record<string, unknown> = {};
  for (const p of accountDataProviders()) modules[p.name] = await p.export(ctx.db as Kysely<any>, accountId, a.email);
  await recordAudit(auditDb(db), { actor: residentActor(accountId), entityType: 'account', entityId: accountId, action: 'export', changes: { providers: { from: null, to: Object.keys(modules).length } }, requestId: ctx.requestId });
  return {
    format: 'quartier-account-export/1',
    exportedAt: nowIso(),
    municipality: ctx.tenant.name,
    account: { id: a.id, email: a.email, displayName: a.displayName, language: a.locale, createdAt: a.createdAt, lastSignInAt: a.lastSignInAt },
    notificationSettings: a.notify,
    follows: follows.map((f) => ({ type: f.type, id: f.id, title: f.info?.title ?? null, page: f.info?.href ?? null, since: f.createdAt })),
    signInLinks: links.map((l) => ({ requestedAt: l.createdAt, validUntil: l.expiresAt, usedAt: l.usedAt })),
    sessions: sessions.map((x) => ({ signedInAt: x.createdAt, validUntil: x.expiresAt })),
    // What the account did, as the audit log records it (actions and field names; the log holds no values of the person).
    history: history.entries.reverse().map((e) => ({ at: e.at, action: e.action, fields: Object.keys(e.changes) })),
    ...modules,
  };
}

/**
 * Deletes the account: its sessions, sign-in links and follows, each provider's part for the account id and its
 * confirmed address (participation: supports withdrawn with the counter decremented, authorship and names removed,
 * survey confirmations and mailed links deleted; concerns: submitter contact erased, follows by e-mail lose the
 * address; dialogues and offices: registrations lose name and address, invitations deleted, bookings lose their
 * contact; pages: accessibility feedback loses name and address), then the account row — one transaction. The audit
 * entry keeps only the id and counts.
 */
export async function deleteAccount(ctx: ServiceContext, accountId: string): Promise<Record<string, number>> {
  const db = tdb(ctx.db);
  const a = await q.findAccount(db, accountId);
  if (!a) throw errors.notFound('account');
  return db.transaction().execute(async (trx) => {
    const counts: Record<string, number> = {
      sessions: await q.deleteSessionsOf(trx, accountId),
      links: await q.deleteTokensOf(trx, a.email),
      follows: await q.deleteFollowsOf(trx, accountId),
    };
    for (const p of accountDataProviders()) for (const [k, n] of Object.entries(await p.erase(trx as unknown as Kysely<any>, accountId, a.email))) counts[`${p.name}.${k}`] = Number(n) || 0;
    await q.deleteAccountRow(trx, accountId);
    await recordAudit(auditDb(trx), { actor: residentActor(accountId), entityType: 'account', entityId: accountId, action: 'delete', changes: Object.fromEntries(Object.entries(counts).map(([k, n]) => [k, { from: n, to: 0 }])), requestId: ctx.requestId });
    return counts;
  });
}

/** Daily: expired sign-in links and sessions are removed. */
export async function purgeExpired(db: AnyDb, now = new Date()): Promise<{ links: number; sessions: number }> {
  const at = now.toISOString();
  return { links: await q.purgeTokens(tdb(db), at), sessions: await q.purgeSessions(tdb(db), at) };
}
