/**
 * The job worker. Any number of processes may run it against one database:
 *
 * - Claiming is one atomic statement per job: `UPDATE jobs SET status = 'running', locked_until = … WHERE id =
 *   (SELECT … due … LIMIT 1 [FOR UPDATE SKIP LOCKED]) RETURNING …`. On PostgreSQL the sub-select skips rows another
 *   worker holds; on SQLite a writing statement takes the database's write lock before it reads (like BEGIN
 *   IMMEDIATE), so two processes can never claim the same row.
 * - Work is claimed per tenant, round robin, so one busy tenant does not starve the others.
 * - A run is abandoned after the handler's timeout (its AbortSignal fires); the lock lasts timeout + 60 s, so a job is
 *   only recovered when its worker really is gone. Recovery counts the lost run as a failed attempt (`lock_expired`).
 * - A failed run is retried after the handler's backoff (default 30 s · 2^(n-1), at most an hour); after
 *   max_attempts, or on a permanent JobError, the job is `dead` and waits for an administrator.
 * - Schedules are ticked at most once a minute per worker: one job per tenant and period (unique key).
 */
import { hostname } from 'node:os';
import { sql, type Kysely } from 'kysely';
import type { Logger } from 'pino';
import { parseConfig, type Config } from '../config';
import { dialectOf, fromJson, toInstant } from '../db/dialect';
import { forTenant } from '../db/tenant-scope';
import { newId } from '../ids';
import { enqueue, handledKinds, jobHandler, JobError, registeredSchedules, safeErrorCode } from './index';
import { currentPeriod } from './schedule';

const LOCK_MARGIN_SECONDS = 60;

export interface RunOptions {
  rootDb: Kysely<any>;
  log: Logger;
  /** Handed to each job; default: parsed from the environment like main does. */
  config?: Config;
  /** Clock (tests move it). */
  now?: () => Date;
  /** Stop after this many runs (default: until nothing is due). */
  limit?: number;
  /** Enqueue due scheduled jobs first (default true). */
  schedules?: boolean;
  /** Recover jobs whose lock expired first (default true). */
  recover?: boolean;
  workerId?: string;
  /** Only these tenants (default: all). */
  tenantIds?: string[];
}

export interface RunSummary {
  ran: number;
  done: number;
  failed: number;
  dead: number;
  recovered: number;
  scheduled: number;
}

interface ClaimedRow {
  id: string;
  kind: string;
  payload: unknown;
  attempts: number;
  max_attempts: number;
}

function defaultWorkerId(): string {
  return `${hostname().slice(0, 40)}:${process.pid}:${newId('w', 6)}`;
}

async function tenantIds(rootDb: Kysely<any>): Promise<string[]> {
  const rows = await rootDb.selectFrom('tenants').select('id').orderBy('id').execute();
  return rows.map((r) => r.id as string);
}

/** Enqueues the current period's job of every schedule for every tenant (no-op when it exists). */
export async function enqueueScheduled(rootDb: Kysely<any>, tenants: string[], now: Date): Promise<number> {
  let created = 0;
  for (const [kind, schedule] of registeredSchedules()) {
    const period = currentPeriod(schedule, now);
    for (const tenantId of tenants) {
      const r = await enqueue(forTenant(rootDb, tenantId), kind, { period: period.key }, { runAt: period.runAt, uniqueKey: `schedule:${period.key}` });
      if (r.created) created++;
    }
  }
  return created;
}

/** Jobs whose worker vanished (lock expired while running): count the lost run as a failed attempt. */
export async function recoverExpired(rootDb: Kysely<any>, tenantId: string, now: Date): Promise<number> {
  const at = now.toISOString();
  const r = await sql`
    update jobs set
      status = case when attempts >= max_attempts then 'dead' else 'failed' end,
      last_error = 'lock_expired', locked_until = null, locked_by = null, run_at = ${at}, updated_at = ${at}
    where tenant_id = ${tenantId} and status = 'running' and locked_until < ${at}`.execute(rootDb);
  return Number(r.numAffectedRows ?? 0);
}

async function claim(rootDb: Kysely<any>, tenantId: string, kinds: string[], workerId: string, now: Date, lockSeconds: number): Promise<ClaimedRow | null> {
  if (kinds.length === 0) return null;
  const at = now.toISOString();
  const lockedUntil = new Date(now.getTime() + lockSeconds * 1000).toISOString();
  const skipLocked = dialectOf(rootDb) === 'postgres' ? sql`for update skip locked` : sql``;
  const r = await sql<ClaimedRow>`
    update jobs set status = 'running', attempts = attempts + 1, locked_until = ${lockedUntil}, locked_by = ${workerId}, updated_at = ${at}
    where tenant_id = ${tenantId} and id = (
      select id from jobs
      where tenant_id = ${tenantId} and status in ('queued', 'failed') and run_at <= ${at} and kind in (${sql.join(kinds)})
      order by run_at, id
      limit 1
      ${skipLocked}
    )
    returning id, kind, payload, attempts, max_attempts`.execute(rootDb);
  const row = r.rows[0];
  return row ? { ...row, attempts: Number(row.attempts), max_attempts: Number(row.max_attempts) } : null;
}

function maxLockSeconds(kinds: string[]): number {
  return Math.max(...kinds.map((k) => jobHandler(k)?.timeoutSeconds ?? 60)) + LOCK_MARGIN_SECONDS;
}

class TimeoutError extends Error {
  override name = 'TimeoutError';
  readonly code = 'timeout';
}

async function runWithTimeout(fn: (signal: AbortSignal) => Promise<void>, seconds: number): Promise<void> {
  const ac = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      ac.abort(new TimeoutError('timeout'));
      reject(new TimeoutError('timeout'));
    }, seconds * 1000);
  });
  try {
    await Promise.race([fn(ac.signal), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

type Outcome = 'done' | 'failed' | 'dead';

async function runClaimed(opts: { rootDb: Kysely<any>; log: Logger; config: Config; tenantId: string; job: ClaimedRow; workerId: string; now: () => Date }): Promise<Outcome> {
  const { rootDb, tenantId, job, workerId } = opts;
  const registered = jobHandler(job.kind);
  const log = opts.log.child({ job: job.id, kind: job.kind, attempt: job.attempts });
  const mine = sql`tenant_id = ${tenantId} and id = ${job.id} and status = 'running' and locked_by = ${workerId}`;
  try {
    if (!registered) throw new JobError('no_handler');
    const db = forTenant(rootDb, tenantId);
    const payload = fromJson<unknown>(job.payload, null);
    await runWithTimeout((signal) => registered.handler({ db, tenantId, payload, attempt: job.attempts, jobId: job.id, log, config: opts.config, signal }), registered.timeoutSeconds);
    const at = opts.now().toISOString();
    await sql`update jobs set status = 'done', last_error = null, locked_until = null, locked_by = null, updated_at = ${at} where ${mine}`.execute(rootDb);
    log.debug('job done');
    return 'done';
  } catch (err) {
    const code = safeErrorCode(err);
    const permanent = err instanceof JobError && err.permanent;
    const dead = permanent || job.attempts >= job.max_attempts;
    const now = opts.now();
    const backoff = registered?.backoffSeconds(job.attempts) ?? 60;
    const runAt = toInstant(now.getTime() + (dead ? 0 : backoff * 1000));
    // Only the error's class/code and stack frames are logged: messages may carry personal data.
    const frames = err instanceof Error && err.stack ? err.stack.split('\n').slice(1, 6).join('\n') : undefined;
    log.warn({ error: code, frames, dead }, dead ? 'job failed for good' : 'job failed, will retry');
    await sql`update jobs set status = ${dead ? 'dead' : 'failed'}, last_error = ${code}, run_at = ${runAt},
      locked_until = null, locked_by = null, updated_at = ${now.toISOString()} where ${mine}`.execute(rootDb);
    return dead ? 'dead' : 'failed';
  }
}

/** One pass: tick schedules, recover expired locks, then run due jobs until none is left (or `limit`). */
export async function runDueJobs(opts: RunOptions): Promise<RunSummary> {
  const now = opts.now ?? (() => new Date());
  const workerId = opts.workerId ?? defaultWorkerId();
  const summary: RunSummary = { ran: 0, done: 0, failed: 0, dead: 0, recovered: 0, scheduled: 0 };
  const tenants = opts.tenantIds ?? (await tenantIds(opts.rootDb));
  if (opts.schedules !== false) summary.scheduled = await enqueueScheduled(opts.rootDb, tenants, now());
  if (opts.recover !== false) for (const t of tenants) summary.recovered += await recoverExpired(opts.rootDb, t, now());
  const kinds = handledKinds();
  if (kinds.length === 0) return summary;
  const lockSeconds = maxLockSeconds(kinds);
  const limit = opts.limit ?? Number.POSITIVE_INFINITY;
  let active = [...tenants];
  while (active.length && summary.ran < limit) {
    const next: string[] = [];
    for (const tenantId of active) {
      if (summary.ran >= limit) break;
      const job = await claim(opts.rootDb, tenantId, kinds, workerId, now(), lockSeconds);
      if (!job) continue;
      next.push(tenantId);
      summary.ran++;
      summary[await runClaimed({ rootDb: opts.rootDb, log: opts.log, config: (opts.config ??= parseConfig(process.env)), tenantId, job, workerId, now })]++;
    }
    active = next;
  }
  return summary;
}

export interface WorkerOptions {
  rootDb: Kysely<any>;
  log: Logger;
  config?: Config;
  /** Pause between polls when nothing was due (default 1000 ms). */
  pollMs?: number;
  /** Jobs run at the same time by this process (default 1). */
  concurrency?: number;
}

export interface Worker {
  readonly id: string;
  /** Finishes the jobs in hand (up to `graceMs`, default 10 s), then resolves. No new job is claimed. */
  stop(graceMs?: number): Promise<void>;
}

export function startWorker(opts: WorkerOptions): Worker {
  const id = defaultWorkerId();
  const pollMs = Math.max(10, opts.pollMs ?? 1000);
  const log = opts.log.child({ worker: id });
  let stopping = false;
  const wakers = new Set<() => void>();
  let lastTick = 0;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakers.delete(done);
        resolve();
      }
      wakers.add(done);
    });

  async function loop(lane: number): Promise<void> {
    while (!stopping) {
      let ran = 0;
      try {
        // Only lane 0 ticks schedules and recovers expired locks, at most once a minute.
        const tick = lane === 0 && Date.now() - lastTick >= 60_000;
        if (tick) lastTick = Date.now();
        ran = (await runDueJobs({ rootDb: opts.rootDb, log, ...(opts.config ? { config: opts.config } : {}), workerId: id, limit: 20, schedules: tick, recover: tick })).ran;
      } catch (err) {
        log.error({ error: safeErrorCode(err) }, 'job worker pass failed');
      }
      if (!stopping && ran === 0) await sleep(pollMs);
    }
  }

  const lanes = Array.from({ length: Math.max(1, Math.min(16, opts.concurrency ?? 1)) }, (_, i) => loop(i));
  log.info({ pollMs, lanes: lanes.length }, 'job worker started');
  return {
    id,
    async stop(graceMs = 10_000) {
      stopping = true;
      for (const w of [...wakers]) w();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.all(lanes), new Promise<void>((r) => (timer = setTimeout(r, graceMs)))]);
      clearTimeout(timer);
      log.info('job worker stopped');
    },
  };
}
