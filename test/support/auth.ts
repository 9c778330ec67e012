/**
 * Test support for people and sign-in:
 * - `createUser(t, { role, … })` creates an active user with a role assignment (all areas by default, or the given
 *   programme areas) and a known password.
 * - `signedInClient(t, role, opts?)` creates such a user and signs in through the real /login form.
 * - `apiClient(t, role, opts?)` creates such a user and a real API token; requests carry `Authorization: Bearer`.
 * - `mails(t)` / `lastMailTo(t, email)` read the .eml files the mail transport wrote to MAIL_DIR (decoded).
 */
import fs from 'node:fs';
import path from 'node:path';
import { forTenant } from '../../src/platform/db/tenant-scope';
import { insertApiToken } from '../../src/platform/auth/api-tokens.queries';
import { hashPassword } from '../../src/platform/auth/passwords';
import type { Role } from '../../src/platform/auth/policy';
import { insertUser, replaceAssignments, type AuthDb } from '../../src/platform/auth/users.queries';
import { newId } from '../../src/platform/ids';
import type { TestApp, TestClient } from './app';

export interface CreateUserOptions {
  role: Role;
  /** Grant the role for all programme areas (default: true unless areaIds are given). */
  allAreas?: boolean;
  areaIds?: string[];
  email?: string;
  password?: string;
  displayName?: string;
  organisation?: string;
  /** For department_staff: the department (default "Jugendamt"). */
  department?: string;
  /** Defaults to the "essen" tenant. */
  tenantId?: string;
  /** Further roles for the same person. */
  extraRoles?: Role[];
  locale?: 'de' | 'en' | 'ar';
}

export interface CreatedUser {
  id: string;
  email: string;
  password: string;
}

export type SignedInClient = TestClient & { user: CreatedUser };
export type ApiClient = TestClient & { user: CreatedUser; token: string };

export type ClientOptions = Omit<CreateUserOptions, 'role'>;

/** One hash for the default password, so tests do not pay argon2 for every user. */
const DEFAULT_PASSWORD = 'Stadtteil-Kray-2026!';
let defaultHash: Promise<string> | null = null;

function dbFor(t: TestApp, tenantId?: string): AuthDb {
  return forTenant(t.handle.db, tenantId ?? t.tenant.id) as unknown as AuthDb;
}

export async function createUser(t: TestApp, opts: CreateUserOptions): Promise<CreatedUser> {
  const db = dbFor(t, opts.tenantId);
  const email = (opts.email ?? `${opts.role}.${newId('u', 8).slice(2)}@example.test`).toLowerCase();
  const password = opts.password ?? DEFAULT_PASSWORD;
  const passwordHash = opts.password ? await hashPassword(opts.password) : await (defaultHash ??= hashPassword(DEFAULT_PASSWORD));
  const allAreas = opts.allAreas ?? !(opts.areaIds && opts.areaIds.length > 0);
  const id = await insertUser(db, {
    email,
    displayName: opts.displayName ?? `Test ${opts.role}`,
    organisation: opts.organisation ?? null,
    passwordHash,
    status: 'active',
    locale: opts.locale ?? null,
  });
  const roles = [opts.role, ...(opts.extraRoles ?? [])];
  await replaceAssignments(
    db,
    id,
    roles.map((role) => ({
      role,
      allAreas: role === 'admin' ? true : allAreas,
      areaIds: role === 'admin' || allAreas ? [] : (opts.areaIds ?? []),
      department: role === 'department_staff' ? (opts.department ?? 'Jugendamt') : null,
    })),
  );
  return { id, email, password };
}

function hostFor(t: TestApp, tenantId?: string): string {
  return tenantId && tenantId === t.other.id ? 'other.test' : 'essen.test';
}

/**
 * Signs a client in through GET/POST /login; throws when the login does not succeed. Afterwards the client has
 * fetched /staff, so `client.csrf` holds the session's CSRF token and `client.post(…)` works right away.
 */
export async function signIn(client: TestClient, email: string, password: string): Promise<void> {
  await client.get('/login');
  const res = await client.post('/login', { email, password });
  if (res.status !== 303) throw new Error(`login as ${email} failed: HTTP ${res.status}`);
  await client.get('/staff');
}

export async function signedInClient(t: TestApp, role: Role, opts: ClientOptions = {}): Promise<SignedInClient> {
  const user = await createUser(t, { ...opts, role });
  const client = t.client(hostFor(t, opts.tenantId));
  await signIn(client, user.email, user.password);
  return Object.assign(client, { user });
}

export async function apiClient(t: TestApp, role: Role, opts: ClientOptions = {}): Promise<ApiClient> {
  const user = await createUser(t, { ...opts, role });
  const { token } = await insertApiToken(dbFor(t, opts.tenantId), { userId: user.id, name: 'test', expiresAt: null });
  const client = t.client(hostFor(t, opts.tenantId));
  client.bearer = token;
  return Object.assign(client, { user, token });
}

// ---------------------------------------------------------------------------------------------------------------
// Mail files

export interface TestMail {
  file: string;
  to: string;
  subject: string;
  text: string;
  headers: Record<string, string>;
}

function decodeQuotedPrintable(s: string): string {
  const bytes: number[] = [];
  const soft = s.replace(/=\r?\n/g, '');
  for (let i = 0; i < soft.length; i++) {
    const ch = soft[i]!;
    if (ch === '=' && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(ch, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function decodeHeader(v: string): string {
  return v
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([QB])\?([^?]*)\?=/gi, (_m, enc: string, data: string) =>
      enc.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8') : decodeQuotedPrintable(data.replace(/_/g, ' ')),
    );
}

export function parseEml(raw: string, file = ''): TestMail {
  const split = raw.search(/\r?\n\r?\n/);
  const head = raw.slice(0, split).replace(/\r?\n[ \t]+/g, ' ');
  const body = raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const headers: Record<string, string> = {};
  for (const line of head.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
  }
  const enc = (headers['content-transfer-encoding'] ?? '').toLowerCase();
  const text = enc === 'quoted-printable' ? decodeQuotedPrintable(body) : enc === 'base64' ? Buffer.from(body, 'base64').toString('utf8') : body;
  return { file, to: decodeHeader(headers.to ?? ''), subject: decodeHeader(headers.subject ?? ''), text, headers };
}

/** Anything that knows the mail folder of a running Quartier: a TestApp, or the browser tests' server. */
export interface MailSource {
  config: { MAIL_DIR: string };
}

/** Every mail written so far, oldest first. */
export function mails(t: MailSource): TestMail[] {
  const dir = t.config.MAIL_DIR;
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .sort()
    .map((f) => parseEml(fs.readFileSync(path.join(dir, f), 'utf8'), path.join(dir, f)));
}

/** The mails to an address (case-insensitive), oldest first. */
export function mailsTo(t: MailSource, email: string): TestMail[] {
  return mails(t).filter((m) => m.to.toLowerCase().includes(email.toLowerCase()));
}

export function lastMailTo(t: MailSource, email: string): TestMail | undefined {
  return mailsTo(t, email).at(-1);
}

/** Waits for the first mail to an address whose subject contains `subject` (mails are written by background jobs). */
export async function waitForMail(t: MailSource, to: string, subject: string, timeoutMs = 15_000): Promise<TestMail> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const m = mailsTo(t, to).find((x) => x.subject.includes(subject));
    if (m) return m;
    if (Date.now() > until) throw new Error(`no mail "${subject}" to ${to} within ${timeoutMs} ms (mails: ${mailsTo(t, to).map((x) => x.subject).join(' | ')})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The first link to this app's host in a mail, as a path (e.g. "/password/reset/…"). */
export function linkIn(mail: TestMail, pathPrefix = '/'): string {
  const m = [...mail.text.matchAll(/https?:\/\/[^\s/]+(\/[^\s]*)/g)].map((x) => x[1]!).find((p) => p.startsWith(pathPrefix));
  if (!m) throw new Error(`no link starting with ${pathPrefix} in mail "${mail.subject}"`);
  return m;
}
