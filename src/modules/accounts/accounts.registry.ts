/**
 * What other modules give the accounts module, registered from their own entry points (so that accounts imports
 * none of them and they may import accounts without a cycle):
 * - follow targets: how to describe a followed concern or proposal publicly (title and page) — null when it is not
 *   public (any more);
 * - data providers: a module's part of "download my data" and what it does when an account is deleted (inside the
 *   deleting transaction).
 */
import { sql, type Kysely } from 'kysely';

export const TARGET_TYPES = ['area', 'concern', 'proposal'] as const;
export type TargetType = (typeof TARGET_TYPES)[number];

export interface FollowTarget {
  type: TargetType;
  id: string;
}

export interface TargetInfo {
  title: string;
  /** Path of the public page (no origin). */
  href: string;
}

export type DescribeTarget = (db: Kysely<any>, id: string) => Promise<TargetInfo | null>;

const describers = new Map<TargetType, DescribeTarget>();

export function registerFollowTarget(type: TargetType, describe: DescribeTarget): void {
  describers.set(type, describe);
}

export async function describeTarget(db: Kysely<any>, target: FollowTarget): Promise<TargetInfo | null> {
  const d = describers.get(target.type);
  return d ? d(db, target.id) : null;
}

/**
 * A module's part of "download my data" and "delete my account". The person is the account *and* its confirmed
 * e-mail address (normalised: NFC, trimmed, lower case): a provider covers the rows linked to the account id and the
 * rows it keeps under that address (e.g. things sent by e-mail before the account existed) — ADR 0022, amendment.
 */
export interface AccountDataProvider {
  /** Key in the export file, e.g. "participation". */
  name: string;
  /** Everything the module stores linked to the account or its address (plain JSON). */
  export(db: Kysely<any>, accountId: string, email: string): Promise<unknown>;
  /**
   * Removes or unlinks the account's rows and the address; runs in the deleting transaction. Returns counts (for
   * the audit — counts only, never values).
   */
  erase(trx: Kysely<any>, accountId: string, email: string): Promise<Record<string, number>>;
}

/**
 * The form in which an address is compared: NFC, trimmed, lower case (as accounts store it). Modules that keep
 * addresses as typed (any case, any Unicode normalisation) find the person's rows with `addressLikePattern` and keep
 * those whose address has this key.
 */
export function addressKey(email: string): string {
  return email.normalize('NFC').trim().toLowerCase();
}

/**
 * A pattern for `lower(column) LIKE pattern` (SQLite and PostgreSQL) that every stored spelling of the address
 * matches — other case, NFC or NFD: ASCII characters stand for themselves, each run of other characters becomes `%`
 * (SQLite's lower() folds ASCII only; NFD spellings are longer), a backslash (PostgreSQL's escape character) `_`.
 * LIKE's own wildcards in an address only widen the match. The rows found are candidates: compare `addressKey`.
 */
export function addressLikePattern(email: string): string {
  return addressKey(email)
    .replace(/\\/g, '_')
    .replace(/[^\x20-\x7e]+/g, '%');
}

/** `lower(column) LIKE pattern` for a pattern of `addressLikePattern`: finds a module's candidate rows of an address. */
export function addressLike(column: string, pattern: string) {
  return sql<boolean>`lower(${sql.ref(column)}) like ${pattern}`;
}

/**
 * The rows a module keeps under an address: `find` reads the candidates for the `addressLikePattern` (with
 * `addressLike`), and only those whose address (`addressOf`) has the same `addressKey` are kept. None for an empty
 * address.
 */
export async function rowsOfAddress<T>(email: string, find: (pattern: string) => Promise<T[]>, addressOf: (row: T) => string | null): Promise<T[]> {
  const key = addressKey(email);
  if (!key) return [];
  return (await find(addressLikePattern(key))).filter((r) => addressKey(addressOf(r) ?? '') === key);
}

const providers = new Map<string, AccountDataProvider>();

export function registerAccountDataProvider(p: AccountDataProvider): void {
  providers.set(p.name, p);
}

export function accountDataProviders(): AccountDataProvider[] {
  return [...providers.values()].sort((a, b) => a.name.localeCompare(b.name));
}
