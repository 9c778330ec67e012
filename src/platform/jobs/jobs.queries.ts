/** Queries over the jobs table for the admin page, the CLI and housekeeping (no rules here). */
import type { Kysely } from 'kysely';
import { nowIso, toCount } from '../db/dialect';
import type { TenantDb } from '../db/tenant-scope';
import { JOB_STATUSES, type JobStatus, type JobsTables } from './index';

export type JobsDb = TenantDb<JobsTables>;

export type StatusCounts = Record<JobStatus, number>;

function emptyCounts(): StatusCounts {
  return Object.fromEntries(JOB_STATUSES.map((s) => [s, 0])) as StatusCounts;
}

export async function countByStatus(db: JobsDb): Promise<StatusCounts> {
  const rows = await db.selectFrom('jobs').select(['status', (eb) => eb.fn.countAll().as('n')]).groupBy('status').execute();
  const out = emptyCounts();
  for (const r of rows) if (r.status in out) out[r.status] = toCount(r.n);
  return out;
}

export interface KindCounts {
  kind: string;
  counts: StatusCounts;
}

export async function countByKind(db: JobsDb): Promise<KindCounts[]> {
  const rows = await db
    .selectFrom('jobs')
    .select(['kind', 'status', (eb) => eb.fn.countAll().as('n')])
    .groupBy(['kind', 'status'])
    .orderBy('kind')
    .execute();
  const byKind = new Map<string, StatusCounts>();
  for (const r of rows) {
    const c = byKind.get(r.kind) ?? emptyCounts();
    c[r.status] = toCount(r.n);
    byKind.set(r.kind, c);
  }
  return [...byKind].map(([kind, counts]) => ({ kind, counts }));
}

/** Counts per tenant (slug) and status over the whole database, for `quartier jobs`. */
export async function countAllTenants(rootDb: Kysely<any>): Promise<{ tenant: string; counts: StatusCounts }[]> {
  const rows = await rootDb
    .selectFrom('jobs')
    .innerJoin('tenants', 'tenants.id', 'jobs.tenant_id')
    .select(['tenants.slug as tenant', 'jobs.status as status', (eb) => eb.fn.countAll().as('n')])
    .groupBy(['tenants.slug', 'jobs.status'])
    .orderBy('tenants.slug')
    .execute();
  const byTenant = new Map<string, StatusCounts>();
  for (const r of rows as { tenant: string; status: JobStatus; n: unknown }[]) {
    const c = byTenant.get(r.tenant) ?? emptyCounts();
    c[r.status] = toCount(r.n);
    byTenant.set(r.tenant, c);
  }
  return [...byTenant].map(([tenant, counts]) => ({ tenant, counts }));
}

export interface JobSummary {
  id: string;
  kind: string;
  status: JobStatus;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  runAt: string;
  updatedAt: string;
  createdAt: string;
}

function summary(r: JobsTables['jobs']): JobSummary {
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    attempts: Number(r.attempts),
    maxAttempts: Number(r.max_attempts),
    lastError: r.last_error,
    runAt: r.run_at,
    updatedAt: r.updated_at,
    createdAt: r.created_at,
  };
}

/** Jobs that need attention: failed (waiting for a retry) and dead, most recent first. */
export async function listProblemJobs(db: JobsDb, opts: { limit: number; offset: number }): Promise<{ total: number; jobs: JobSummary[] }> {
  const q = db.selectFrom('jobs').where('status', 'in', ['failed', 'dead']);
  const [{ n } = { n: 0 }] = await q.select((eb) => eb.fn.countAll().as('n')).execute();
  const rows = await q.selectAll().orderBy('updated_at', 'desc').orderBy('id').limit(opts.limit).offset(opts.offset).execute();
  return { total: toCount(n), jobs: rows.map(summary) };
}

export async function findJob(db: JobsDb, id: string): Promise<JobSummary | undefined> {
  const r = await db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? summary(r) : undefined;
}

/** Puts a failed or dead job back in the queue with fresh attempts. Returns false when it was in another state. */
export async function requeueJob(db: JobsDb, id: string, now = nowIso()): Promise<boolean> {
  const r = await db
    .updateTable('jobs')
    .set({ status: 'queued', attempts: 0, run_at: now, last_error: null, locked_until: null, locked_by: null, updated_at: now })
    .where('id', '=', id)
    .where('status', 'in', ['failed', 'dead'])
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Housekeeping: finished jobs are kept a week (so unique keys of recent periods hold), dead ones 90 days. */
export async function purgeOldJobs(db: JobsDb, now = new Date()): Promise<number> {
  const week = new Date(now.getTime() - 7 * 86_400_000).toISOString();
  const quarter = new Date(now.getTime() - 90 * 86_400_000).toISOString();
  const done = await db.deleteFrom('jobs').where('status', '=', 'done').where('updated_at', '<', week).executeTakeFirst();
  const dead = await db.deleteFrom('jobs').where('status', '=', 'dead').where('updated_at', '<', quarter).executeTakeFirst();
  return Number(done.numDeletedRows) + Number(dead.numDeletedRows);
}
