import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { createTestDb, TEST_DB, type TestDb } from '../../../test/support/db';
import { openDatabase, type DbHandle } from '../db/connection';
import { migrateToLatest } from '../db/migrator';
import { forTenant } from '../db/tenant-scope';
import { fromJson } from '../db/dialect';
import { createLogger } from '../log';
import { ensureTenant } from '../tenancy';
import { enqueue, JobError, registerJobHandler, registerSchedule, unregisterJobKind, type JobsTable } from './index';
import { countAllTenants } from './jobs.queries';
import { jobsCommand } from './cli';
import { parseConfig } from '../config';
import { runDueJobs, startWorker } from './worker';

const log = createLogger('silent');
let t: TestDb;
let db: Kysely<any>;

beforeAll(async () => {
  t = await createTestDb();
  db = t.handle.db;
});
afterAll(async () => t.close());
beforeEach(async () => {
  await db.deleteFrom('jobs').execute();
});

const A = () => forTenant<any>(db, t.tenant.id);
const B = () => forTenant<any>(db, t.other.id);

async function jobs(where: Partial<Pick<JobsTable, 'kind'>> = {}): Promise<JobsTable[]> {
  let q = db.selectFrom('jobs').selectAll();
  if (where.kind) q = q.where('kind', '=', where.kind);
  return (await q.orderBy('created_at').orderBy('id').execute()) as JobsTable[];
}

/** A clock the test moves; starts a little ahead of real time so jobs enqueued "now" are due. */
function clock(start = Date.now() + 1000) {
  let ms = start;
  return { now: () => new Date(ms), advance: (s: number) => (ms += s * 1000), get ms() { return ms; } };
}

describe('enqueue (outbox)', () => {
  it('creates the job only when the caller’s transaction commits', async () => {
    registerJobHandler('test.outbox', async () => {});
    await expect(
      A()
        .transaction()
        .execute(async (trx) => {
          await enqueue(trx, 'test.outbox', { n: 1 });
          throw new Error('rollback');
        }),
    ).rejects.toThrow('rollback');
    expect(await jobs()).toHaveLength(0);
    await A()
      .transaction()
      .execute(async (trx) => {
        await enqueue(trx, 'test.outbox', { n: 2, text: 'Grünfläche', list: [1, 2] });
      });
    const rows = await jobs();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tenant_id).toBe(t.tenant.id);
    expect(rows[0]!.status).toBe('queued');
    expect(fromJson(rows[0]!.payload, null)).toEqual({ n: 2, text: 'Grünfläche', list: [1, 2] });
  });

  it('needs a tenant-bound handle', async () => {
    await expect(enqueue(db, 'test.outbox', {})).rejects.toThrow();
  });

  it('de-duplicates by unique key per tenant and kind', async () => {
    const first = await enqueue(A(), 'test.dedup', { n: 1 }, { uniqueKey: 'concern-1' });
    const second = await enqueue(A(), 'test.dedup', { n: 2 }, { uniqueKey: 'concern-1' });
    const otherKind = await enqueue(A(), 'test.dedup_other', { n: 3 }, { uniqueKey: 'concern-1' });
    const otherTenant = await enqueue(B(), 'test.dedup', { n: 4 }, { uniqueKey: 'concern-1' });
    await enqueue(A(), 'test.dedup', { n: 5 });
    await enqueue(A(), 'test.dedup', { n: 6 });
    expect(first.created).toBe(true);
    expect(second).toEqual({ id: first.id, created: false });
    expect(otherKind.created).toBe(true);
    expect(otherTenant.created).toBe(true);
    expect(await jobs({ kind: 'test.dedup' })).toHaveLength(4);
    // Inside a transaction too.
    await A()
      .transaction()
      .execute(async (trx) => {
        expect((await enqueue(trx, 'test.dedup', {}, { uniqueKey: 'concern-1' })).created).toBe(false);
      });
  });
});

describe('worker', () => {
  it('runs due jobs with the tenant’s handle and payload, later ones later', async () => {
    const seen: { tenantId: string; payload: unknown; attempt: number; users: number }[] = [];
    registerJobHandler<{ x: number }>('test.run', async (ctx) => {
      const rows = await ctx.db.selectFrom('jobs').select('tenant_id').execute();
      seen.push({ tenantId: ctx.tenantId, payload: ctx.payload, attempt: ctx.attempt, users: rows.filter((r) => r.tenant_id !== ctx.tenantId).length });
    });
    const c = clock();
    await enqueue(A(), 'test.run', { x: 1 });
    await enqueue(B(), 'test.run', { x: 2 });
    await enqueue(A(), 'test.run', { x: 3 }, { runAt: new Date(c.ms + 3600_000) });
    const s = await runDueJobs({ rootDb: db, log, now: c.now, schedules: false });
    expect(s).toMatchObject({ ran: 2, done: 2, failed: 0, dead: 0 });
    expect(seen.map((x) => [x.tenantId, x.payload, x.attempt, x.users]).sort()).toEqual(
      [[t.tenant.id, { x: 1 }, 1, 0], [t.other.id, { x: 2 }, 1, 0]].sort(),
    );
    c.advance(3601);
    expect((await runDueJobs({ rootDb: db, log, now: c.now, schedules: false })).ran).toBe(1);
    expect((await jobs()).map((j) => j.status)).toEqual(['done', 'done', 'done']);
  });

  it('retries with exponential backoff and gives up after max attempts', async () => {
    let calls = 0;
    registerJobHandler('test.flaky', async () => {
      calls++;
      throw new Error('SMTP refused mail for erika.mustermann@example.org');
    });
    const c = clock();
    const { id } = await enqueue(A(), 'test.flaky', {}, { maxAttempts: 3 });
    await runDueJobs({ rootDb: db, log, now: c.now, schedules: false });
    let [job] = await jobs();
    expect(job).toMatchObject({ id, status: 'failed', attempts: 1, last_error: 'Error', locked_until: null });
    expect(new Date(job!.run_at).getTime()).toBe(c.ms + 30_000);
    // Not due yet: nothing runs.
    c.advance(29);
    expect((await runDueJobs({ rootDb: db, log, now: c.now, schedules: false })).ran).toBe(0);
    c.advance(1);
    await runDueJobs({ rootDb: db, log, now: c.now, schedules: false });
    [job] = await jobs();
    expect(job).toMatchObject({ status: 'failed', attempts: 2 });
    expect(new Date(job!.run_at).getTime()).toBe(c.ms + 60_000);
    c.advance(60);
    const s = await runDueJobs({ rootDb: db, log, now: c.now, schedules: false });
    expect(s).toMatchObject({ ran: 1, dead: 1 });
    [job] = await jobs();
    expect(job).toMatchObject({ status: 'dead', attempts: 3, last_error: 'Error' });
    expect(JSON.stringify(job)).not.toContain('erika');
    c.advance(86_400);
    expect((await runDueJobs({ rootDb: db, log, now: c.now, schedules: false })).ran).toBe(0);
    expect(calls).toBe(3);
  });

  it('gives up at once on a permanent JobError and keeps its code', async () => {
    registerJobHandler('test.permanent', async () => {
      throw new JobError('payload_invalid', { permanent: true });
    });
    await enqueue(A(), 'test.permanent', {});
    await runDueJobs({ rootDb: db, log, now: clock().now, schedules: false });
    expect(await jobs()).toMatchObject([{ status: 'dead', attempts: 1, last_error: 'payload_invalid' }]);
  });

  it('abandons a run after the timeout and aborts its signal', async () => {
    let aborted = false;
    registerJobHandler(
      'test.slow',
      (ctx) =>
        new Promise<void>((resolve) => {
          ctx.signal.addEventListener('abort', () => {
            aborted = true;
            resolve();
          });
        }).then(() => new Promise<void>((r) => setTimeout(r, 1000))),
      { timeoutSeconds: 0.2 },
    );
    await enqueue(A(), 'test.slow', {});
    const s = await runDueJobs({ rootDb: db, log, now: clock().now, schedules: false });
    expect(s.failed).toBe(1);
    expect(aborted).toBe(true);
    expect(await jobs()).toMatchObject([{ status: 'failed', attempts: 1, last_error: 'TimeoutError: timeout' }]);
  });

  it('recovers jobs whose worker vanished (lock expired), counting the lost run', async () => {
    let runs = 0;
    registerJobHandler('test.crash', async () => {
      runs++;
    });
    const c = clock();
    const a = await enqueue(A(), 'test.crash', {});
    const b = await enqueue(A(), 'test.crash', {}, { maxAttempts: 1 });
    const live = await enqueue(A(), 'test.crash', {});
    const past = new Date(c.ms - 1000).toISOString();
    const future = new Date(c.ms + 600_000).toISOString();
    // Three jobs claimed by a worker that crashed; the third one's lock still holds.
    await db.updateTable('jobs').set({ status: 'running', attempts: 1, locked_until: past, locked_by: 'gone' }).where('id', 'in', [a.id, b.id]).execute();
    await db.updateTable('jobs').set({ status: 'running', attempts: 1, locked_until: future, locked_by: 'alive' }).where('id', '=', live.id).execute();
    const s = await runDueJobs({ rootDb: db, log, now: c.now, schedules: false });
    expect(s.recovered).toBe(2);
    expect(runs).toBe(1);
    const byId = new Map((await jobs()).map((j) => [j.id, j]));
    expect(byId.get(a.id)).toMatchObject({ status: 'done', attempts: 2 });
    expect(byId.get(b.id)).toMatchObject({ status: 'dead', attempts: 1, last_error: 'lock_expired' });
    expect(byId.get(live.id)).toMatchObject({ status: 'running', locked_by: 'alive' });
  });

  it('claims only kinds this process has a handler for', async () => {
    await enqueue(A(), 'test.elsewhere', {});
    expect((await runDueJobs({ rootDb: db, log, now: clock().now, schedules: false })).ran).toBe(0);
    expect(await jobs()).toMatchObject([{ status: 'queued', attempts: 0 }]);
  });

  it('a started worker picks up new jobs and stops cleanly', async () => {
    const done: string[] = [];
    registerJobHandler<{ n: string }>('test.live', async (ctx) => {
      done.push(ctx.payload.n);
    });
    const w = startWorker({ rootDb: db, log, pollMs: 20, concurrency: 2 });
    try {
      await enqueue(A(), 'test.live', { n: 'a' });
      await enqueue(B(), 'test.live', { n: 'b' });
      const until = Date.now() + 5000;
      while (done.length < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    } finally {
      await w.stop();
    }
    expect(done.sort()).toEqual(['a', 'b']);
    expect((await jobs({ kind: 'test.live' })).map((j) => j.status)).toEqual(['done', 'done']);
  });
});

describe('schedules', () => {
  afterAll(() => {
    unregisterJobKind('test.every');
    unregisterJobKind('test.daily');
  });

  it('enqueues once per period and tenant, however many workers tick', async () => {
    const runs: string[] = [];
    registerJobHandler<{ period: string }>('test.every', async (ctx) => {
      runs.push(`${ctx.tenantId}:${ctx.payload.period}`);
    });
    registerJobHandler('test.daily', async () => {});
    registerSchedule('test.every', { everyMinutes: 10 });
    registerSchedule('test.daily', { dailyAt: '03:00' });
    const c = clock(Date.parse('2030-06-01T10:01:00Z'));
    const tick = () => runDueJobs({ rootDb: db, log, now: c.now, tenantIds: [t.tenant.id, t.other.id] });
    await Promise.all([tick(), tick(), tick()]);
    await tick();
    expect(await jobs({ kind: 'test.every' })).toHaveLength(2);
    expect(runs).toHaveLength(2);
    c.advance(5 * 60); // same period
    await tick();
    expect(runs).toHaveLength(2);
    c.advance(5 * 60); // 10:11 → next period
    await Promise.all([tick(), tick()]);
    expect(runs).toHaveLength(4);
    expect(new Set(runs).size).toBe(4);
    // Daily: one job per tenant for 1 June, due at 03:00 Berlin (01:00 UTC) — already past, so it ran.
    const daily = await jobs({ kind: 'test.daily' });
    expect(daily).toHaveLength(2);
    expect(daily.map((j) => j.status)).toEqual(['done', 'done']);
    expect(new Date(daily[0]!.run_at).toISOString()).toBe('2030-06-01T01:00:00.000Z');
    c.advance(13 * 3600); // 23:11 UTC = 2 June 01:11 Berlin: the next day's job is enqueued, not yet due
    await tick();
    const next = (await jobs({ kind: 'test.daily' })).filter((j) => j.status === 'queued');
    expect(next).toHaveLength(2);
    expect(new Date(next[0]!.run_at).toISOString()).toBe('2030-06-02T01:00:00.000Z');
  });
});

describe('operations', () => {
  it('quartier jobs lists counts per tenant and status; run-once drains', async () => {
    registerJobHandler('test.cli', async () => {});
    await enqueue(A(), 'test.cli', {});
    await enqueue(A(), 'test.cli', {});
    await enqueue(B(), 'test.elsewhere', {});
    const config = parseConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', FILES_DIR: path.join(os.tmpdir(), 'quartier-cli-files') });
    const before = await countAllTenants(db);
    expect(before.find((r) => r.tenant === 'essen')?.counts.queued).toBe(2);
    const lines = await jobsCommand(db, config, []);
    expect(lines[0]).toMatch(/tenant\s+queued\s+running\s+done\s+failed\s+dead/);
    expect(lines.find((l) => l.startsWith('essen'))).toMatch(/^essen\s+2\s+0\s+0\s+0\s+0$/);
    const out = await jobsCommand(db, config, ['run-once']);
    expect(out[0]).toMatch(/^Ran \d+ job\(s\)/);
    // The due jobs ran; the other tenant's job of a kind without a handler waits. (Not "nothing queued": the
    // schedule ticks of run-once enqueue the platform's next daily runs, which are due only later that night.)
    const statusOf = async (kind: string) => (await db.selectFrom('jobs').select('status').where('kind', '=', kind).execute()).map((r) => r.status);
    expect(await statusOf('test.cli')).toEqual(['done', 'done']);
    expect(await statusOf('test.elsewhere')).toEqual(['queued']);
    const due = await db.selectFrom('jobs').select('kind').where('status', '=', 'queued').where('run_at', '<=', new Date().toISOString()).execute();
    expect(due.map((r) => r.kind)).toEqual(['test.elsewhere']);
    await expect(jobsCommand(db, config, ['nope'])).rejects.toThrow(/Unknown jobs command/);
  });
});

describe('two workers racing', () => {
  let first: DbHandle;
  let second: DbHandle;
  let tmp: string | null = null;

  beforeAll(async () => {
    if (TEST_DB === 'postgres') {
      // A second pool on the same database: another process as far as PostgreSQL can tell.
      first = t.handle;
      second = openDatabase({ databaseUrl: t.url!, poolSize: 4 });
    } else {
      // Two connections to one SQLite file, like two processes.
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quartier-jobs-'));
      const file = path.join(tmp, 'race.sqlite');
      first = openDatabase({ sqliteFile: file });
      await migrateToLatest(first.db);
      await ensureTenant(first.db, { slug: 'essen', name: 'Essen' });
      await ensureTenant(first.db, { slug: 'other', name: 'Anderstadt' });
      second = openDatabase({ sqliteFile: file });
    }
  });
  afterAll(async () => {
    await second?.close();
    if (tmp) {
      await first.close();
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('never runs one job twice', async () => {
    const root = first.db;
    const tenants = (await root.selectFrom('tenants').select('id').execute()).map((r) => r.id as string);
    await root.deleteFrom('jobs').execute();
    const runs = new Map<string, number>();
    registerJobHandler('test.race', async (ctx) => {
      runs.set(ctx.jobId, (runs.get(ctx.jobId) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, Math.random() * 3));
    });
    const N = 80;
    for (let i = 0; i < N; i++) await enqueue(forTenant(root, tenants[i % tenants.length]!), 'test.race', { i });
    const c = clock();
    const pass = (h: DbHandle, w: string) => runDueJobs({ rootDb: h.db, log, now: c.now, schedules: false, workerId: w });
    const results = await Promise.all([pass(first, 'w1'), pass(second, 'w2'), pass(first, 'w3'), pass(second, 'w4')]);
    expect(results.reduce((n, r) => n + r.ran, 0)).toBe(N);
    expect(results.filter((r) => r.ran > 0).length).toBeGreaterThan(1);
    expect(runs.size).toBe(N);
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
    const rows = await root.selectFrom('jobs').select(['status', 'attempts']).where('kind', '=', 'test.race').execute();
    expect(rows.every((r) => r.status === 'done' && Number(r.attempts) === 1)).toBe(true);
  });
});
