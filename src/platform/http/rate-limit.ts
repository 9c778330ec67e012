/**
 * Abuse limits for public forms and APIs.
 *
 * Rate limits: a fixed-window counter per tenant, bucket and client in the database (table rate_limits), so every
 * process behind a load balancer counts together. The client is the address from `clientIp` (TRUST_PROXY aware),
 * stored only as an HMAC with a per-tenant secret. Counting is one atomic upsert that only increments while the
 * count is below the limit: a refused request writes nothing (neither a counter nor, since the handler never runs,
 * anything else). Refused: `errors.tooManyRequests(retryAfter)` — the friendly 429 page for HTML forms,
 * problem+json with `Retry-After` for the API. Expired counters are removed by the hourly `rate_limits.cleanup` job.
 *
 * Honeypot: `<HoneypotField t={t} />` in a public form renders a visually hidden text field (KERN's kern-sr-only
 * class, labelled "leave empty", out of the tab order). People never fill it; bots that fill every field do.
 * `honeypot()` (middleware) or `assertHoneypotEmpty(values)` refuse such a submission with a neutral 400 before
 * anything is stored.
 */
import { createHmac } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { jsx } from 'hono/jsx';
import { sql } from 'kysely';
import { tenantSecret } from '../auth/secrets';
import { clientIp } from '../auth/client-ip';
import type { AuthDb } from '../auth/users.queries';
import type { TenantDb } from '../db/tenant-scope';
import { AppError, errors } from '../errors';
import type { Translate } from '../i18n';
import { registerJobHandler, registerSchedule } from '../jobs';
import type { AppEnv } from './context';
import { readForm, type FormValues } from './forms';

export interface RateLimitsTable {
  tenant_id: string;
  bucket: string;
  subject: string;
  window_start: string;
  hits: number;
  expires_at: string;
}
export interface RateLimitTables {
  rate_limits: RateLimitsTable;
}

export interface RateLimitRule {
  /** Name of the counter, e.g. "concerns.submit" (letters, digits, . _ -). */
  bucket: string;
  /** Requests allowed per window. */
  max: number;
  windowSeconds: number;
}

export interface RateLimitResult {
  allowed: boolean;
  /** Requests counted in the current window (including this one when allowed). */
  count: number;
  /** Seconds until the window ends (when refused: until the next request is allowed). */
  retryAfterSeconds: number;
}

const BUCKET = /^[a-z0-9][a-z0-9._-]{0,79}$/;

function checkRule(rule: RateLimitRule): void {
  if (!BUCKET.test(rule.bucket)) throw new Error(`rate limit bucket "${rule.bucket}" has a bad name`);
  if (!Number.isInteger(rule.max) || rule.max < 1) throw new Error('rate limit max must be a positive integer');
  if (!Number.isInteger(rule.windowSeconds) || rule.windowSeconds < 1 || rule.windowSeconds > 7 * 86_400) throw new Error('rate limit window must be 1 s … 7 days');
}

/** The stored form of a client key: HMAC-SHA256 with the tenant's secret (the address cannot be read back). */
export async function subjectHash(db: TenantDb<any>, tenantId: string, clientKey: string): Promise<string> {
  const salt = await tenantSecret(db as unknown as AuthDb, tenantId, 'rate-limit-salt');
  return createHmac('sha256', salt).update(clientKey).digest('hex').slice(0, 40);
}

/**
 * Counts one request of `subject` (already hashed) against the rule. Atomic across processes: the upsert
 * increments only while hits < max, so concurrent requests can never pass the limit together.
 */
export async function consumeRateLimit(db: TenantDb<any>, rule: RateLimitRule, subject: string, now = new Date()): Promise<RateLimitResult> {
  checkRule(rule);
  const windowMs = rule.windowSeconds * 1000;
  const start = Math.floor(now.getTime() / windowMs) * windowMs;
  const windowStart = new Date(start).toISOString();
  const retryAfterSeconds = Math.max(1, Math.ceil((start + windowMs - now.getTime()) / 1000));
  const rl = db as unknown as TenantDb<RateLimitTables>;
  const row = await rl
    .insertInto('rate_limits')
    .values({ bucket: rule.bucket, subject, window_start: windowStart, hits: 1, expires_at: new Date(start + windowMs).toISOString() } as RateLimitsTable)
    .onConflict((oc) =>
      oc
        .columns(['tenant_id', 'bucket', 'subject', 'window_start'])
        .doUpdateSet({ hits: sql<number>`rate_limits.hits + 1` })
        .where('rate_limits.hits', '<', rule.max),
    )
    .returning('hits')
    .executeTakeFirst();
  if (row) return { allowed: true, count: Number(row.hits), retryAfterSeconds };
  return { allowed: false, count: rule.max, retryAfterSeconds };
}

export interface RateLimitOptions extends RateLimitRule {
  /** What identifies a client (default: its address). */
  key?: (c: Context<AppEnv>) => string;
}

/**
 * Route middleware: `pages.post('/x', rateLimit({ bucket: 'x.submit', max: 5, windowSeconds: 600 }), handler)`.
 * Does nothing when RATE_LIMITS_ENABLED=false.
 */
export function rateLimit(opts: RateLimitOptions): MiddlewareHandler<AppEnv> {
  checkRule(opts);
  return async (c, next) => {
    if (!c.var.deps.config.RATE_LIMITS_ENABLED) return next();
    const key = opts.key ? opts.key(c) : clientIp(c);
    const subject = await subjectHash(c.var.db, c.var.tenant.id, key);
    const r = await consumeRateLimit(c.var.db, opts, subject);
    if (!r.allowed) {
      c.var.log?.info({ bucket: opts.bucket }, 'rate limit reached');
      throw errors.tooManyRequests(r.retryAfterSeconds);
    }
    return next();
  };
}

/** Deletes counters whose window has ended. */
export async function cleanupRateLimits(db: TenantDb<any>, now = new Date()): Promise<number> {
  const r = await (db as unknown as TenantDb<RateLimitTables>).deleteFrom('rate_limits').where('expires_at', '<', now.toISOString()).executeTakeFirst();
  return Number(r.numDeletedRows);
}

let jobsRegistered = false;
/** Registers the hourly clean-up of expired counters (called once at start by the platform). */
export function registerRateLimitJobs(): void {
  if (jobsRegistered) return;
  jobsRegistered = true;
  registerJobHandler('rate_limits.cleanup', async ({ db }) => {
    await cleanupRateLimits(db);
  });
  registerSchedule('rate_limits.cleanup', { everyMinutes: 60 });
}

// ---------------------------------------------------------------------------------------------------------------
// Honeypot

/** Name of the trap field: a plausible name that form-filling bots like to fill. */
export const HONEYPOT_FIELD = 'website';

/**
 * The trap field for a public form (hidden from sight and from the tab order, labelled "leave empty"). `id`: for a
 * second public form on the same page, so that element ids stay unique.
 */
export function HoneypotField(p: { t: Translate; id?: string }) {
  const id = p.id ?? 'q-hp-website';
  return jsx(
    'div',
    { class: 'kern-sr-only q-honeypot' },
    jsx('label', { class: 'kern-label', for: id }, p.t('spam.honeypotLabel')),
    jsx('input', { class: 'kern-form-input__input', type: 'text', id, name: HONEYPOT_FIELD, value: '', autocomplete: 'off', tabindex: -1 }),
  );
}

export function honeypotFilled(values: FormValues | Record<string, unknown>): boolean {
  const v = values[HONEYPOT_FIELD];
  if (Array.isArray(v)) return v.some((x) => typeof x === 'string' && x.trim() !== '');
  return typeof v === 'string' && v.trim() !== '';
}

/** The neutral refusal: no hint that a trap was sprung. */
export function submissionRefused(): AppError {
  return new AppError(400, 'submission_refused', 'The submission could not be accepted.', { fields: [{ field: '_form', key: 'spam.refused' }] });
}

export function assertHoneypotEmpty(values: FormValues | Record<string, unknown>): void {
  if (honeypotFilled(values)) throw submissionRefused();
}

/** Middleware for form posts (urlencoded or multipart): refuses a filled honeypot before the handler runs. */
export function honeypot(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const ct = c.req.header('content-type') ?? '';
    if (c.req.method === 'POST' && (ct.includes('application/x-www-form-urlencoded') || ct.includes('multipart/form-data'))) {
      // Hono caches the parsed body, so the handler can read the form again.
      if (honeypotFilled(await readForm(c))) {
        c.var.log?.info('honeypot filled: submission refused');
        throw submissionRefused();
      }
    }
    return next();
  };
}
