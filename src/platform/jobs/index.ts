/**
 * Background jobs, kept in the database (table `jobs`), so they survive restarts and every process shares them.
 *
 * - `enqueue(db, kind, payload, opts)` writes a job through the caller's tenant-bound handle or transaction: the job
 *   exists if and only if the caller's write commits (outbox). `uniqueKey` de-duplicates per tenant and kind.
 * - `registerJobHandler(kind, handler)` says what a kind does; a process only claims kinds it has a handler for.
 * - `registerSchedule(kind, { everyMinutes } | { dailyAt })` makes a kind recurring, per tenant.
 * - The worker (worker.ts) claims due jobs safely across processes, runs them with a timeout, retries with
 *   exponential backoff and marks a job dead after max_attempts.
 *
 * Errors: `last_error` never holds personal data. A handler that wants a specific reason on the admin page throws
 * `new JobError('smtp_refused')` (a code, no names or addresses); for any other error only its class and system
 * code (e.g. `Error: ECONNREFUSED`) are stored.
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { toInstant, toJson, nowIso } from '../db/dialect';
import type { TenantDb } from '../db/tenant-scope';
import { newId } from '../ids';
import { validateSchedule, type Schedule } from './schedule';

export type { Schedule } from './schedule';

export const JOB_STATUSES = ['queued', 'running', 'done', 'failed', 'dead'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export interface JobsTable {
  tenant_id: string;
  id: string;
  kind: string;
  payload: unknown;
  status: JobStatus;
  run_at: string;
  attempts: number;
  max_attempts: number;
  last_error: string | null;
  locked_until: string | null;
  locked_by: string | null;
  unique_key: string | null;
  created_at: string;
  updated_at: string;
}
export interface JobsTables {
  jobs: JobsTable;
}

export interface JobContext<P = unknown> {
  /** Tenant-bound handle for the job's tenant. */
  db: TenantDb<any>;
  tenantId: string;
  payload: P;
  /** 1 on the first run. */
  attempt: number;
  jobId: string;
  log: Logger;
  /** The configuration of the process running the job (server or CLI). */
  config: Config;
  /** Aborted when the job runs past its timeout; long handlers should stop then. */
  signal: AbortSignal;
}

export type JobHandler<P = unknown> = (ctx: JobContext<P>) => Promise<void>;

export interface JobHandlerOptions {
  /** A run taking longer fails with `timeout` (default 60 s). The claim lock lasts timeout + 60 s. */
  timeoutSeconds?: number;
  /** Delay before retry n (1-based): default 30 s · 2^(n-1), at most one hour. */
  backoffSeconds?: (attempt: number) => number;
}

export interface RegisteredHandler {
  handler: JobHandler<any>;
  timeoutSeconds: number;
  backoffSeconds: (attempt: number) => number;
}

export const DEFAULT_MAX_ATTEMPTS = 5;
export const DEFAULT_TIMEOUT_SECONDS = 60;

export function defaultBackoffSeconds(attempt: number): number {
  return Math.min(3600, 30 * 2 ** Math.max(0, attempt - 1));
}

const handlers = new Map<string, RegisteredHandler>();
const schedules = new Map<string, Schedule>();

const KIND = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/;

export function registerJobHandler<P = unknown>(kind: string, handler: JobHandler<P>, opts: JobHandlerOptions = {}): void {
  if (!KIND.test(kind)) throw new Error(`job kind "${kind}" must look like "module.what"`);
  const existing = handlers.get(kind);
  if (existing && existing.handler !== handler) throw new Error(`job kind "${kind}" has two handlers`);
  handlers.set(kind, {
    handler: handler as JobHandler<any>,
    timeoutSeconds: opts.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
    backoffSeconds: opts.backoffSeconds ?? defaultBackoffSeconds,
  });
}

export function jobHandler(kind: string): RegisteredHandler | undefined {
  return handlers.get(kind);
}

export function handledKinds(): string[] {
  return [...handlers.keys()];
}

/** Makes a kind recurring for every tenant. The job's payload is `{ period }` (the period key). */
export function registerSchedule(kind: string, schedule: Schedule): void {
  if (!KIND.test(kind)) throw new Error(`job kind "${kind}" must look like "module.what"`);
  validateSchedule(schedule);
  const existing = schedules.get(kind);
  if (existing && JSON.stringify(existing) !== JSON.stringify(schedule)) throw new Error(`job kind "${kind}" has two schedules`);
  schedules.set(kind, schedule);
}

export function registeredSchedules(): [string, Schedule][] {
  return [...schedules];
}

/** For tests: forget a kind's handler and schedule. */
export function unregisterJobKind(kind: string): void {
  handlers.delete(kind);
  schedules.delete(kind);
}

export interface EnqueueOptions {
  /** Not before this instant (default: now). */
  runAt?: Date | string;
  /** At most one job per tenant, kind and key while the row exists (done jobs are purged after a week). */
  uniqueKey?: string;
  maxAttempts?: number;
}

export interface Enqueued {
  id: string;
  /** false when a job with the same unique key already existed (the existing job's id is returned). */
  created: boolean;
}

/**
 * Adds a job. Pass the caller's tenant-bound handle or its transaction: the job is part of that transaction.
 * (An unbound handle fails: tenant_id is required.)
 */
export async function enqueue<P>(db: Kysely<any>, kind: string, payload: P, opts: EnqueueOptions = {}): Promise<Enqueued> {
  if (!KIND.test(kind)) throw new Error(`job kind "${kind}" must look like "module.what"`);
  const maxAttempts = opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 100) throw new RangeError('maxAttempts must be 1…100');
  if (opts.uniqueKey !== undefined && (opts.uniqueKey.length === 0 || opts.uniqueKey.length > 300)) throw new RangeError('uniqueKey must have 1…300 characters');
  const id = newId('job');
  const now = nowIso();
  const q = db.insertInto('jobs').values({
    id,
    kind,
    payload: toJson(payload),
    status: 'queued',
    run_at: opts.runAt ? toInstant(opts.runAt) : now,
    attempts: 0,
    max_attempts: maxAttempts,
    unique_key: opts.uniqueKey ?? null,
    created_at: now,
    updated_at: now,
  });
  if (opts.uniqueKey === undefined) {
    await q.execute();
    return { id, created: true };
  }
  const inserted = await q
    .onConflict((oc) => oc.columns(['tenant_id', 'kind', 'unique_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return { id, created: true };
  const existing = await db
    .selectFrom('jobs')
    .select('id')
    .where('kind', '=', kind)
    .where('unique_key', '=', opts.uniqueKey)
    .executeTakeFirstOrThrow();
  return { id: existing.id as string, created: false };
}

/**
 * Throw from a handler to name the reason shown on the admin page (a code such as `smtp_refused`, never personal
 * data). `permanent: true` gives up at once (no retry), e.g. for a payload that can never succeed.
 */
export class JobError extends Error {
  readonly permanent: boolean;
  constructor(
    readonly code: string,
    opts: { permanent?: boolean } = {},
  ) {
    super(code);
    this.name = 'JobError';
    this.permanent = opts.permanent ?? false;
  }
}

/** What may be stored about an error: a code or class name, never the message (it may hold personal data). */
export function safeErrorCode(err: unknown): string {
  const clean = (s: string) => s.replace(/[^\w.: -]/g, '_').slice(0, 100);
  if (err instanceof JobError) return clean(err.code);
  if (err && typeof err === 'object') {
    const e = err as { name?: unknown; code?: unknown; status?: unknown };
    const name = typeof e.name === 'string' && e.name ? e.name : 'Error';
    if (typeof e.code === 'string' || typeof e.code === 'number') return clean(`${name}: ${String(e.code)}`);
    return clean(name);
  }
  return 'unknown_error';
}
