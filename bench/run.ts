/**
 * `npm run bench`: builds a generated data set in a temporary SQLite file, starts Quartier and a bare Hono route in
 * two child processes (same Node, same tsx loader), signs in through the real login form, and measures over
 * loopback:
 *   1. a public programme-area page,
 *   2. a staff list page, signed in (session cookie from the real /login),
 *   3. the bare Hono route that answers "ok"                                  (1–3 with autocannon);
 *   4. Open311 `requests.json` filtered by service and date with BENCH_CONCERNS (default 1,000,000) generated
 *      concerns, p50/p95 — on SQLite and on PostgreSQL;
 *   5. concern submissions per second through the public intake form, without and with one JPEG photo — on
 *      SQLite and on PostgreSQL                                               (4–5 with the client loop in load.ts).
 * PostgreSQL: DATABASE_URL_TEST (default postgres://postgres@127.0.0.1:5432/test), in a schema the bench creates
 * and drops. Prints markdown tables and writes them to bench/results/latest.md. Settings: see bench/README.md.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase } from '../src/platform/db/connection';
import { generateConcerns, type GeneratedConcerns } from './concerns-data';
import { buildDataset, type Dataset } from './dataset';
import { connection, request, runLoop, TimeoutError } from './load';
import { measureConflictCheck, seedOfficesBench } from './offices';
import { checkOpen311, checkOpen311Probe, open311Paths, shortTarget, type Open311Window } from './open311';
import { duration, loadTable, markdownReport, markdownTable, percentile, type LoadRow, type Measurement } from './report';
import { buildReportsData, measureReports, REPORT_TARGET, REPORT_YEAR, type ReportsData } from './reports';
import { signIn } from './session';
import { benchJpeg, checkSubmitted, openForm, submitOnce } from './submit';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const num = (name: string, dflt: number) => {
  const v = Number(process.env[name] ?? dflt);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${name} must be a positive number`);
  return v;
};
const DURATION = num('BENCH_DURATION', 8);
const WARMUP = num('BENCH_WARMUP', 2);
const CONNECTIONS = num('BENCH_CONNECTIONS', 10);
/** BENCH_ONLY=open311: only the Open311 list (both windows, both databases) — no pages, submissions or reports. */
const ONLY = (process.env.BENCH_ONLY ?? '').trim().toLowerCase();
if (ONLY !== '' && ONLY !== 'open311') throw new Error('BENCH_ONLY must be open311 (or unset for the whole run)');
const OPEN311_ONLY = ONLY === 'open311';
// A partial run never overwrites the committed full report unless BENCH_OUT says so.
const OUT = path.resolve(root, process.env.BENCH_OUT ?? (OPEN311_ONLY ? path.join(os.tmpdir(), 'quartier-bench-open311.md') : 'bench/results/latest.md'));
const CONCERNS = Math.round(num('BENCH_CONCERNS', 1_000_000));
const LOOP_DURATION = num('BENCH_LOOP_DURATION', 8);
const SUBMIT_CLIENTS = Math.round(num('BENCH_SUBMIT_CLIENTS', 4));
const OPEN311_CLIENTS = Math.round(num('BENCH_OPEN311_CLIENTS', 1));
/** Upper bound of measured requests per loop scenario (a slow scenario stops after its time anyway). */
const LOOP_MAX = Math.round(num('BENCH_LOOP_MAX_REQUESTS', 100_000));
const OPEN311_DAYS = num('BENCH_OPEN311_DAYS', 7);
/** An Open311 request that takes longer is abandoned and reported as this bound (seconds). */
const OPEN311_TIMEOUT = num('BENCH_OPEN311_TIMEOUT', 60);
/** The Open311 p95 target from the issue (ms). */
const OPEN311_TARGET = 20;
const PG_MODE = (process.env.BENCH_POSTGRES ?? 'auto').toLowerCase();
if (!['auto', 'true', 'false'].includes(PG_MODE)) throw new Error('BENCH_POSTGRES must be auto, true or false');
const PG_URL = process.env.DATABASE_URL_TEST ?? 'postgres://postgres@127.0.0.1:5432/test';
/** Scale of the reports scenario's generated activity (1 = about 2.4 million rows); BENCH_REPORTS=false skips it. */
const REPORTS_ON = (process.env.BENCH_REPORTS ?? 'true').toLowerCase() !== 'false';
const REPORTS_SCALE = num('BENCH_REPORTS_SCALE', 1);
const REPORTS_RUNS = Math.round(num('BENCH_REPORTS_RUNS', 20));

interface Child {
  proc: ChildProcess;
  port: number;
}

/** Starts a TypeScript file as a child process through bin/run-ts.mjs and waits for its { ready, port } message. */
function startChild(script: string, env: NodeJS.ProcessEnv): Promise<Child> {
  return new Promise((resolve, reject) => {
    const proc = fork(path.join(root, 'bin', 'run-ts.mjs'), [path.join(root, script)], {
      cwd: root,
      env,
      execArgv: [],
      // stdout (the JSON request log) goes nowhere — as in production, logging costs serialisation and a write.
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const timer = setTimeout(() => reject(new Error(`${script} did not start within 60 s`)), 60_000);
    proc.once('exit', (code) => reject(new Error(`${script} exited early with code ${code}`)));
    proc.on('message', (m: { ready?: boolean; port?: number }) => {
      if (m?.ready && m.port) {
        clearTimeout(timer);
        resolve({ proc, port: m.port });
      }
    });
  });
}

function stopChild(c: Child | undefined): Promise<void> {
  if (!c || c.proc.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => c.proc.kill('SIGKILL'), 5000);
    c.proc.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    c.proc.disconnect();
  });
}

async function measure(name: string, url: string, headers: Record<string, string> = {}): Promise<Measurement> {
  const target = `GET ${new URL(url).pathname}`;
  // Check the scenario answers 200 with a body, so that we never benchmark a redirect or an error page.
  const probe = await fetch(url, { headers, redirect: 'manual' });
  const body = await probe.text();
  if (probe.status !== 200) throw new Error(`${name}: ${target} answered ${probe.status}, expected 200`);
  process.stdout.write(`  ${name} (${target}): warm-up ${WARMUP} s, measure ${DURATION} s … `);
  await autocannon({ url, headers, connections: CONNECTIONS, duration: WARMUP });
  // Latency from each response (sub-millisecond); autocannon's own histogram rounds to whole milliseconds.
  const times: number[] = [];
  const run = autocannon({ url, headers, connections: CONNECTIONS, duration: DURATION, timeout: 10 });
  run.on('response', (_client, status, _bytes, ms) => {
    if (status >= 200 && status < 300) times.push(ms);
  });
  const r = await run;
  const failed = r.non2xx + r.errors + r.timeouts;
  if (failed > 0) throw new Error(`${name}: ${r.non2xx} non-2xx answers, ${r.errors} errors, ${r.timeouts} timeouts`);
  console.log(`${Math.round(r.requests.average)} req/s`);
  return {
    name,
    target,
    reqPerSec: r.requests.average,
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    requests: r.requests.total,
    bytes: r.requests.total > 0 ? r.throughput.total / r.requests.total : Buffer.byteLength(body),
  };
}

/** Open311 scenarios: the issue's query (last BENCH_OPEN311_DAYS days), and the same window one year back. */
const OPEN311_WINDOWS: { label: string; window: Open311Window }[] = [
  { label: `last ${OPEN311_DAYS} days`, window: { days: OPEN311_DAYS, backDays: 0 } },
  { label: `${OPEN311_DAYS} days, one year back`, window: { days: OPEN311_DAYS, backDays: 365 } },
];

/**
 * A real change of the public concern data that the Open311 list can show (the status notes of one public concern
 * created more than 400 days ago, outside both windows), written through a connection of the bench — as another
 * server process would write it: it moves the tenant's revision (ADR 0034), so the next list is computed again.
 */
function open311Changer(env: NodeJS.ProcessEnv): { change: () => Promise<void>; close: () => Promise<void> } {
  const handle = openDatabase({ databaseUrl: env.DATABASE_URL, sqliteFile: env.SQLITE_FILE, poolSize: 1 });
  let id: string | undefined;
  let n = 0;
  return {
    change: async () => {
      if (!id) {
        const before = new Date(Date.now() - 400 * 86_400_000).toISOString();
        const yes = handle.dialect === 'postgres' ? sql`true` : sql`1`;
        id = (await sql<{ id: string }>`select id from concerns where public = ${yes} and created_at < ${before} order by created_at limit 1`.execute(handle.db)).rows[0]?.id;
        if (!id) throw new Error('no public concern older than 400 days to change');
      }
      await sql`update concerns set status_reason = ${`Bench change ${++n}`} where id = ${id}`.execute(handle.db);
    },
    close: () => handle.close(),
  };
}

/**
 * One Open311 window. The first request is a probe (answer parsed and checked). When the probe alone takes longer
 * than the measured duration, it is the only measurement (no warm-up, no loop: the run stays bounded); when it takes
 * longer than BENCH_OPEN311_TIMEOUT seconds it is abandoned and reported as that bound.
 *
 * Two rows (ADR 0034): the client loop as a polling consumer sends it — the same queries again and again, answered
 * from the memo of rendered lists after the first round — and the same loop with a change of the public concern
 * data (open311Changer) before every request, so that every answer is computed afresh (the change itself is not
 * timed; one client).
 */
async function measureOpen311(database: string, base: string, gen: GeneratedConcerns, which: 'recent' | 'old', env: NodeJS.ProcessEnv): Promise<LoadRow[]> {
  const { label, window } = OPEN311_WINDOWS[which === 'recent' ? 0 : 1]!;
  const now = new Date();
  const paths = open311Paths(gen.serviceCodes, now, window);
  const to = new Date(now.getTime() - window.backDays * 86_400_000);
  const from = new Date(to.getTime() - window.days * 86_400_000);
  const target = shortTarget(paths[0]!);
  const probeAgent = connection();
  const t0 = performance.now();
  let records: number;
  let probeBytes: number;
  try {
    const answer = await request(probeAgent, 'GET', `${base}${paths[0]}`, {}, undefined, OPEN311_TIMEOUT);
    probeBytes = answer.body.length;
    records = checkOpen311Probe(answer, gen.serviceCodes[0]!, from, to).records;
  } catch (e) {
    if (!(e instanceof TimeoutError)) throw e;
    console.log(`  Open311 list, ${label} [${database}]: no answer within ${OPEN311_TIMEOUT} s`);
    const ms = OPEN311_TIMEOUT * 1000;
    return [{ name: `Open311 list: 1 service, ${label}: no answer within ${OPEN311_TIMEOUT} s (abandoned)`, database, target, clients: 1, reqPerSec: 0, p50: ms, p95: ms, p99: ms, requests: 0, bytes: 0, targetP95: OPEN311_TARGET }];
  } finally {
    probeAgent.destroy();
  }
  const probeMs = performance.now() - t0;
  const name = `Open311 list: 1 service, ${label} (${records.toLocaleString('en-US')} records)`;
  if (probeMs > LOOP_DURATION * 1000) {
    console.log(`  ${name} [${database}]: one request took ${(probeMs / 1000).toFixed(1)} s, measured once`);
    return [loadRow(`${name}, measured once`, database, target, 1, { times: [probeMs], reqPerSec: 1000 / probeMs, requests: 1, bytes: probeBytes }, OPEN311_TARGET)];
  }
  process.stdout.write(`  ${name} [${database}]: warm-up ${WARMUP} s, measure ${LOOP_DURATION} s … `);
  const r = await runLoop({
    clients: OPEN311_CLIENTS,
    warmupSeconds: WARMUP,
    durationSeconds: LOOP_DURATION,
    maxRequests: LOOP_MAX,
    setup: async () => null,
    send: (agent, _s, seq) => request(agent, 'GET', `${base}${paths[seq % paths.length]}`, {}, undefined, OPEN311_TIMEOUT),
    check: checkOpen311,
  });
  const row = loadRow(`${name}, repeated queries (memo)`, database, target, OPEN311_CLIENTS, r, OPEN311_TARGET);
  console.log(`p50 ${row.p50.toFixed(1)} ms, p95 ${row.p95.toFixed(1)} ms (${r.requests} requests)`);

  const changer = open311Changer(env);
  try {
    process.stdout.write(`  ${name}, a change before every request [${database}]: warm-up ${WARMUP} s, measure ${LOOP_DURATION} s … `);
    const times: number[] = [];
    const cold = await runLoop({
      clients: 1,
      warmupSeconds: WARMUP,
      durationSeconds: LOOP_DURATION,
      maxRequests: LOOP_MAX,
      setup: async () => null,
      send: async (agent, _s, seq) => {
        await changer.change();
        const t0 = performance.now();
        const a = await request(agent, 'GET', `${base}${paths[seq % paths.length]}`, {}, undefined, OPEN311_TIMEOUT);
        times.push(performance.now() - t0);
        return a;
      },
      check: checkOpen311,
    });
    // The loop's own times include the change; the request's alone are the last `requests` of ours (one client).
    const measured = times.slice(times.length - cold.requests);
    const coldRow = loadRow(`${name}, a change before every request (computed afresh)`, database, target, 1, { ...cold, times: measured, reqPerSec: measured.length / (measured.reduce((a, b) => a + b, 0) / 1000) }, OPEN311_TARGET);
    console.log(`p50 ${coldRow.p50.toFixed(1)} ms, p95 ${coldRow.p95.toFixed(1)} ms (${cold.requests} requests)`);
    return [row, coldRow];
  } finally {
    await changer.close();
  }
}

function loadRow(name: string, database: string, target: string, clients: number, r: { times: number[]; reqPerSec: number; requests: number; bytes: number }, targetP95?: number): LoadRow {
  return { name, database, target, clients, reqPerSec: r.reqPerSec, p50: percentile(r.times, 50), p95: percentile(r.times, 95), p99: percentile(r.times, 99), requests: r.requests, bytes: r.bytes, targetP95 };
}

/** Submissions without and with a photo; afterwards the new rows are counted (every 303 must be a stored concern). */
async function measureSubmissions(database: string, base: string, gen: GeneratedConcerns, countNew: () => Promise<number>): Promise<LoadRow[]> {
  const rows: LoadRow[] = [];
  const jpeg = await benchJpeg();
  for (const photo of [null, jpeg]) {
    const name = photo ? `Concern submission, 1 JPEG photo (${(jpeg.length / 1024).toFixed(0)} KiB)` : 'Concern submission, no photo';
    const before = await countNew();
    let accepted = 0;
    process.stdout.write(`  ${name} [${database}]: warm-up ${WARMUP} s, measure ${LOOP_DURATION} s … `);
    const plan = { base, categoryIds: gen.categoryIds, districtNumbers: gen.districtNumbers, photo };
    const r = await runLoop({
      clients: SUBMIT_CLIENTS,
      warmupSeconds: WARMUP,
      durationSeconds: LOOP_DURATION,
      maxRequests: LOOP_MAX,
      setup: (agent) => openForm(agent, base),
      send: (agent, form, seq, client) => submitOnce(agent, plan, form, `${database === 'SQLite' ? 's' : 'p'}${rows.length}c${client}`, seq),
      check: (a) => {
        const problem = checkSubmitted(a);
        if (!problem) accepted++;
        return problem;
      },
    });
    const stored = (await countNew()) - before;
    if (stored !== accepted) throw new Error(`${name}: ${accepted} submissions answered 303, but ${stored} new concerns are stored`);
    const row = loadRow(name, database, photo ? 'POST /concerns (multipart)' : 'POST /concerns (form)', SUBMIT_CLIENTS, r);
    console.log(`${row.reqPerSec.toFixed(1)} /s, p50 ${row.p50.toFixed(1)} ms (${stored} stored)`);
    rows.push(row);
  }
  return rows;
}

/** One line about a reports data set: rows in all and per module. */
function reportDataNote(r: ReportsData): string {
  const by = (re: RegExp) => Object.entries(r.perTable).filter(([t]) => re.test(t)).reduce((a, [, n]) => a + n, 0);
  const parts = [
    ['concerns', by(/^concern/)],
    ['network', by(/^network_/)],
    ['dialogues', by(/^dialogue/)],
    ['offices', by(/^(offices|rooms|bookings|booking_|offer|advice_|office_)/)],
    ['groups', by(/^group/)],
  ] as const;
  return `${r.rows.toLocaleString('en-US')} rows in the module tables (${parts.map(([k, n]) => `${k} ${n.toLocaleString('en-US')}`).join(', ')}), ${r.areas} programme areas, generated in ${duration(r.seconds)}.`;
}

function withSearchPath(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

async function pgAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Generates the concerns into the database of `env` (through a short-lived connection of the parent). */
async function generate(env: NodeJS.ProcessEnv, tenantId: string, label: string, notes: string[]): Promise<GeneratedConcerns> {
  const handle = openDatabase({ databaseUrl: env.DATABASE_URL, sqliteFile: env.SQLITE_FILE });
  try {
    process.stdout.write(`  generating ${CONCERNS.toLocaleString('en-US')} concerns [${label}] … `);
    const gen = await generateConcerns(handle.db, handle.dialect, tenantId, CONCERNS);
    console.log(`${duration(gen.seconds)} (${Math.round(gen.rows / gen.seconds).toLocaleString('en-US')} rows/s)`);
    notes.push(`${label}: ${gen.rows.toLocaleString('en-US')} concerns generated in ${duration(gen.seconds)} (set-based INSERT … SELECT in chunks of 200,000, then ANALYZE), created ${gen.from.slice(0, 10)} … ${gen.to.slice(0, 10)}.`);
    return gen;
  } finally {
    await handle.close();
  }
}

/** Counts concerns that are not generated ones (the ones the submission scenarios add). */
function newConcernCounter(env: NodeJS.ProcessEnv): { count: () => Promise<number>; close: () => Promise<void> } {
  const handle = openDatabase({ databaseUrl: env.DATABASE_URL, sqliteFile: env.SQLITE_FILE, poolSize: 1 });
  return {
    count: async () => Number((await sql<{ n: number }>`select count(*) as n from concerns where id not like 'con_bench%'`.execute(handle.db)).rows[0]?.n ?? 0),
    close: () => handle.close(),
  };
}

/**
 * The PostgreSQL part of a run, the same for the whole run and BENCH_ONLY=open311: when PostgreSQL is reachable, a
 * schema `bench_<pid>_…` (reported through `onSchema` as soon as it exists, so that the caller drops it even when
 * a later step fails), the data set migrated and seeded through the real code, the same generation of concerns,
 * and a Quartier server on it. Null when PostgreSQL is not reachable and BENCH_POSTGRES is not true.
 */
async function startPostgres(
  env: NodeJS.ProcessEnv,
  notes: string[],
  onSchema: (schema: string) => void = () => {},
): Promise<{ schema: string; env: NodeJS.ProcessEnv; gen: GeneratedConcerns; quartier: Child; base: string } | null> {
  const reachable = PG_MODE === 'false' ? false : await pgAdmin(async (c) => (await c.query('select 1'), true)).catch((e: unknown) => {
    if (PG_MODE === 'true') throw e;
    console.log(`  PostgreSQL at ${PG_URL} is not reachable (${e instanceof Error ? e.message : String(e)}): skipped`);
    return false;
  });
  if (!reachable) return null;
  const schema = `bench_${process.pid}_${Date.now().toString(36)}`;
  await pgAdmin((c) => c.query(`create schema ${schema}`));
  onSchema(schema);
  const pgEnv: NodeJS.ProcessEnv = { ...env, DATABASE_URL: withSearchPath(PG_URL, schema), FILES_DIR: `${env.FILES_DIR}-pg`, MAIL_DIR: `${env.MAIL_DIR}-pg` };
  process.stdout.write(`  building the data set [PostgreSQL, schema ${schema}] … `);
  const t1 = performance.now();
  const pgData = await buildDataset(pgEnv, { areas: num('BENCH_AREAS', 40), users: 0 });
  console.log(`${((performance.now() - t1) / 1000).toFixed(1)} s`);
  const gen = await generate(pgEnv, pgData.tenantId, 'PostgreSQL', notes);
  const quartier = await startChild('bench/server.ts', pgEnv);
  return { schema, env: pgEnv, gen, quartier, base: `http://127.0.0.1:${quartier.port}` };
}

/**
 * BENCH_ONLY=open311: the Open311 list alone — both windows on SQLite, then on PostgreSQL (own schema, same
 * generation) — with nothing in between (no submissions), written to BENCH_OUT (default: a file in the OS temp
 * folder, so that the committed full report is not replaced by a partial one).
 */
async function open311Only(env: NodeJS.ProcessEnv, data: Dataset, sqliteGen: GeneratedConcerns, notes: string[], loadAverage: number, started: number): Promise<void> {
  const rows: LoadRow[] = [];
  let quartier: Child | undefined = await startChild('bench/server.ts', env);
  let schema: string | null = null;
  try {
    const base = `http://127.0.0.1:${quartier.port}`;
    rows.push(...(await measureOpen311('SQLite', base, sqliteGen, 'recent', env)));
    rows.push(...(await measureOpen311('SQLite', base, sqliteGen, 'old', env)));
    await stopChild(quartier);
    quartier = undefined;
    const onPg = await startPostgres(env, notes, (s) => (schema = s));
    if (onPg) {
      quartier = onPg.quartier;
      rows.push(...(await measureOpen311('PostgreSQL', onPg.base, onPg.gen, 'recent', onPg.env)));
      rows.push(...(await measureOpen311('PostgreSQL', onPg.base, onPg.gen, 'old', onPg.env)));
    }
  } finally {
    await stopChild(quartier);
    if (schema) await pgAdmin((c) => c.query(`drop schema ${schema} cascade`)).catch((e: unknown) => console.error(`could not drop schema ${schema}: ${String(e)}`));
  }
  const report = [
    '# Quartier benchmark — Open311 list only (BENCH_ONLY=open311)',
    '',
    `Measured ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}; ${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}; Node ${process.version}; 1-minute load average at the start: ${loadAverage.toFixed(2)}.`,
    `Data set: ${data.description} + ${CONCERNS.toLocaleString('en-US')} generated concerns. ${OPEN311_CLIENTS} client(s), ${WARMUP} s warm-up then up to ${LOOP_DURATION} s per window; target p95 < ${OPEN311_TARGET} ms.`,
    '',
    loadTable(rows),
    '',
    ...notes.map((n) => `- ${n}`),
    `- Whole run: ${duration((performance.now() - started) / 1000)}.`,
    '',
  ].join('\n');
  console.log(`\n${loadTable(rows)}\n`);
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, report);
  console.log(`Written to ${OUT}`);
}

async function main(): Promise<void> {
  const started = performance.now();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quartier-bench-'));
  const sqliteFile = path.join(dir, 'quartier.sqlite');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    // Plain HTTP on loopback: the session cookie must not be Secure-only.
    COOKIE_SECURE: 'false',
    SQLITE_FILE: sqliteFile,
    MAIL_DIR: path.join(dir, 'mail'),
    FILES_DIR: path.join(dir, 'files'),
    LOG_LEVEL: 'info',
    SEED_DEMO: 'false',
    // Many submissions from one loopback address: the per-IP limits would refuse them after 20.
    RATE_LIMITS_ENABLED: 'false',
    // No background worker in the measured process (the daily anonymisation would otherwise start on the old
    // closed generated concerns); requests only.
    JOBS_ENABLED: 'false',
  };
  const loadAverage = os.loadavg()[0] ?? 0;
  let quartier: Child | undefined;
  let bare: Child | undefined;
  let pgSchema: string | null = null;
  const notes: string[] = [];
  const loadRows: LoadRow[] = [];
  try {
    console.log('Quartier benchmark');
    process.stdout.write('  building the data set … ');
    const t0 = performance.now();
    const data: Dataset = await buildDataset(env, { areas: num('BENCH_AREAS', 40), users: num('BENCH_USERS', 150) });
    console.log(`${((performance.now() - t0) / 1000).toFixed(1)} s — ${data.description}`);
    const sqliteGen = await generate(env, data.tenantId, 'SQLite', notes);
    if (OPEN311_ONLY) {
      await open311Only(env, data, sqliteGen, notes, loadAverage, started);
      return;
    }
    process.stdout.write('  offices: generating a year of offers and the bookings of one room … ');
    const t1 = performance.now();
    const officesData = await seedOfficesBench(env, data.tenantId, { offers: Math.round(num('BENCH_OFFERS', 40)), bookings: Math.round(num('BENCH_BOOKINGS', 10_000)) });
    console.log(`${((performance.now() - t1) / 1000).toFixed(1)} s — ${officesData.description}`);
    notes.push(`Offices: ${officesData.description}.`);

    [quartier, bare] = await Promise.all([startChild('bench/server.ts', env), startChild('bench/bare.ts', env)]);
    const base = `http://127.0.0.1:${quartier.port}`;
    const cookie = await signIn(base, data.staff.email, data.staff.password);

    const rows: Measurement[] = [];
    rows.push(await measure('Public programme-area page', `${base}${data.publicPath}`));
    rows.push(await measure(`Staff list page (${data.staff.role}, signed in)`, `${base}${data.staffPath}`, { cookie }));
    rows.push(await measure('Public offers calendar of a programme area (a year of offers)', `${base}${officesData.calendarPath}`));
    const bareRow = await measure('Bare Hono route ("ok")', `http://127.0.0.1:${bare.port}/`);
    rows.push(bareRow);
    await stopChild(bare);
    bare = undefined;
    loadRows.push(await measureConflictCheck(env, data.tenantId, officesData, 'SQLite'));

    // The old window runs last: a slow request there cannot overlap the other scenarios.
    loadRows.push(...(await measureOpen311('SQLite', base, sqliteGen, 'recent', env)));
    const sqliteCounter = newConcernCounter(env);
    try {
      loadRows.push(...(await measureSubmissions('SQLite', base, sqliteGen, sqliteCounter.count)));
    } finally {
      await sqliteCounter.close();
    }
    loadRows.push(...(await measureOpen311('SQLite', base, sqliteGen, 'old', env)));
    await stopChild(quartier);
    quartier = undefined;

    // PostgreSQL: its own schema, migrated and seeded through the real code, then the same generation.
    const onPg = await startPostgres(env, notes, (schema) => (pgSchema = schema));
    if (onPg) {
      quartier = onPg.quartier;
      const { env: pgEnv, gen: pgGen, base: pgBase } = onPg;
      // The old window runs last: a slow request there cannot overlap the other scenarios.
      loadRows.push(...(await measureOpen311('PostgreSQL', pgBase, pgGen, 'recent', pgEnv)));
      const pgCounter = newConcernCounter(pgEnv);
      try {
        loadRows.push(...(await measureSubmissions('PostgreSQL', pgBase, pgGen, pgCounter.count)));
      } finally {
        await pgCounter.close();
      }
      loadRows.push(...(await measureOpen311('PostgreSQL', pgBase, pgGen, 'old', pgEnv)));
    } else {
      notes.push(`PostgreSQL: not measured in this run (BENCH_POSTGRES=${PG_MODE}, ${PG_URL}).`);
    }

    // Reports: the programme annual report over 5 years of generated activity, in a data set of its own per database.
    const reportRows: LoadRow[] = [];
    const reportNotes: string[] = [];
    if (REPORTS_ON) {
      const reportEnv: NodeJS.ProcessEnv = { ...env, SQLITE_FILE: path.join(dir, 'reports.sqlite'), MAIL_DIR: path.join(dir, 'mail-reports'), FILES_DIR: path.join(dir, 'files-reports') };
      const r = await buildReportsData(reportEnv, 'SQLite', REPORTS_SCALE);
      reportNotes.push(`SQLite: ${reportDataNote(r)}`);
      reportRows.push(...(await measureReports(reportEnv, r, 'SQLite', REPORTS_RUNS)));
      if (pgSchema) {
        const schema = `${pgSchema}_r`;
        await pgAdmin((c) => c.query(`create schema ${schema}`));
        try {
          const pgReportEnv: NodeJS.ProcessEnv = { ...reportEnv, DATABASE_URL: withSearchPath(PG_URL, schema) };
          const pr = await buildReportsData(pgReportEnv, 'PostgreSQL', REPORTS_SCALE);
          reportNotes.push(`PostgreSQL: ${reportDataNote(pr)}`);
          reportRows.push(...(await measureReports(pgReportEnv, pr, 'PostgreSQL', REPORTS_RUNS)));
        } finally {
          await pgAdmin((c) => c.query(`drop schema ${schema} cascade`)).catch((e: unknown) => console.error(`could not drop schema ${schema}: ${String(e)}`));
        }
      }
    }

    const total = (performance.now() - started) / 1000;
    const cpus = os.cpus();
    const report = markdownReport(
      rows,
      bareRow,
      {
        date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
        node: process.version,
        cpus: cpus[0]?.model.trim() ?? 'unknown CPU',
        cores: cpus.length,
        loadAverage,
        database: `SQLite (temporary file, WAL), NODE_ENV=production, LOG_LEVEL=info to /dev/null, RATE_LIMITS_ENABLED=false, JOBS_ENABLED=false`,
        dataset: `${data.description} + ${CONCERNS.toLocaleString('en-US')} generated concerns`,
        connections: CONNECTIONS,
        durationSeconds: DURATION,
        warmupSeconds: WARMUP,
      },
      {
        heading: 'Concerns: Open311 list and submissions',
        intro: [
          `Client loop (\`bench/load.ts\`): each client one keep-alive connection, requests one after the other, ${WARMUP} s warm-up then up to ${LOOP_DURATION} s; latency per request from writing it to the last byte of the answer.`,
          `Open311: ${OPEN311_CLIENTS} client(s), service codes rotating over the ${sqliteGen.serviceCodes.length} categories, spec default size (≤ 1,000 records), no status filter; target from the issue: p95 < ${OPEN311_TARGET} ms. The first request of each window is checked in full; when it alone takes longer than ${LOOP_DURATION} s it is the only measurement (“measured once”), after ${OPEN311_TIMEOUT} s it is abandoned. The window one year back runs after the submissions.`,
          `Submissions: ${SUBMIT_CLIENTS} clients, each GETs \`/concerns/new\` once (CSRF cookie and token) and then POSTs the public form with a new fictional description and a chosen Stadtteil; success = 303 to the new concern, sent after the commit; afterwards every 303 is matched by a stored row.`,
        ],
        rows: loadRows,
        notes: [
          ...notes,
          'Generated concerns: 8 categories × 50 Stadtteile (with their programme area) × 2 years up to the run, older ones mostly closed, 2 % not public; no timeline events, audit or search-index rows (the Open311 list does not read them).',
          `PostgreSQL: ${PG_URL.replace(/\/\/[^@/]*@/, '//…@')}, a schema created and dropped by the bench, server pool of 10 connections.`,
          'SQLite durability: WAL with synchronous=NORMAL (a commit survives a crash of the process, not necessarily a power cut); PostgreSQL with its defaults (synchronous_commit on).',
          `Whole run: ${duration(total)}.`,
        ],
      },
      ...(REPORTS_ON
        ? [
            {
              heading: 'Reports: the programme annual report',
              intro: [
                `The programme annual report ${REPORT_YEAR} against ${REPORT_YEAR - 1} (every programme area; together they cover all 50 Stadtteile) over 5 years of generated activity (2021–2025, bench/activity/*), signed in as the coordinator for all areas. ${REPORTS_RUNS} runs after 2 warm-up runs, one after the other, server in the measuring process; target from the issue: p95 < ${REPORT_TARGET} ms.`,
                "Figures: `annualReport()` — every module’s SQL aggregates for both years. Print page: the whole HTML page over HTTP (figures, a Vega chart per breakdown as SVG, tables). PDF: the whole PDF over HTTP (pdfkit, charts from Vega’s scenegraph).",
              ],
              rows: reportRows,
              notes: reportNotes,
            },
          ]
        : []),
    );
    console.log(`\n${markdownTable(rows, bareRow)}\n\n${loadTable(loadRows)}\n`);
    for (const n of notes) console.log(`  ${n}`);
    fs.mkdirSync(path.dirname(OUT), { recursive: true });
    fs.writeFileSync(OUT, report);
    console.log(`Written to ${path.relative(root, OUT)} (whole run ${duration(total)})`);
  } finally {
    await Promise.all([stopChild(quartier), stopChild(bare)]);
    if (pgSchema) await pgAdmin((c) => c.query(`drop schema ${pgSchema} cascade`)).catch((e: unknown) => console.error(`could not drop schema ${pgSchema}: ${String(e)}`));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(`\nbench failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
});
