/**
 * The reports scenario of `npm run bench`: the programme-wide annual report over 5 years of generated activity for
 * all 50 Stadtteile (issue: ≥ 2 million rows, p95 of 20 runs < 1 s, on SQLite and PostgreSQL).
 *
 * Data: the bench data set with programme areas covering every Stadtteil (bench/dataset.ts, `coverAll`), then each
 * module's generator (bench/activity/*) over 2021-01-01 … 2025-12-31 — concerns, network organisations and the
 * contact log, dialogues with meetings, attendance and agreements, offices with bookings, offers and advice, groups
 * with stage histories and support time. Rows are counted per table afterwards (not taken from the generators).
 *
 * Measured, each 20 times after 2 warm-up runs, for the report year 2025 against 2024:
 *   1. `annualReport(ctx, null, 2025, …)` in process — the figures of every module for both years (SQL aggregates);
 *   2. `GET /staff/reports/annual/2025` — the whole print page over HTTP, signed in as the coordinator through the
 *      real login form (figures, Vega charts as SVG, tables, layout): as a first view (the memo of rendered charts
 *      cleared before every run) and as a repeated view (charts from the memo; figures recomputed every time);
 *   3. `GET /staff/reports/annual/2025/report.pdf` — the PDF (pdfkit, charts from Vega's scenegraph), first view.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { annualReport, clearChartMemos } from '../src/modules/reports';
import { listAreas } from '../src/modules/territory';
import { loadCurrentUser } from '../src/platform/auth/current-user';
import type { AuthDb } from '../src/platform/auth/users.queries';
import { parseConfig } from '../src/platform/config';
import { openDatabase, type DbHandle } from '../src/platform/db/connection';
import { forTenant } from '../src/platform/db/tenant-scope';
import type { ServiceContext } from '../src/platform/http/context';
import { startServer } from '../src/main';
import { generateConcernActivity } from './activity/concerns';
import { generateDialogueActivity } from './activity/dialogues';
import { generateGroupActivity } from './activity/groups';
import { generateNetworkActivity } from './activity/network';
import { generateOfficeActivity } from './activity/offices';
import type { ActivityOptions } from './activity/types';
import { buildDataset } from './dataset';
import { duration, loadTable, percentile, type LoadRow } from './report';
import { signIn } from './session';

export const REPORT_YEAR = 2025;
const FROM = '2021-01-01';
const TO = '2025-12-31';
/** The issue's target for the programme annual report (ms, p95 of 20 runs). */
export const REPORT_TARGET = 1000;

/** Rows per module generator (all its tables together); ≈ 2.4 million in all. */
export const REPORT_ROWS = { concerns: 1_000_000, network: 600_000, dialogues: 240_000, offices: 450_000, groups: 110_000 };

/**
 * Tables of the platform and the territory, and the monthly roll-ups the triggers derive from the activity (ADR
 * 0026): not counted as generated activity.
 */
const NOT_ACTIVITY =
  /^(tenants|tenant_hosts|users|role_assignments|role_assignment_areas|sessions|api_tokens|login_attempts|password_tokens|auth_secrets|audit_log|search_documents|files|rate_limits|jobs|territory_.*|kysely_.*|concern_month_counts|concern_month_durations|advice_month_counts|advice_month_elements)$/;

export interface ReportsData {
  tenantId: string;
  rows: number;
  perTable: Record<string, number>;
  seconds: number;
  areas: number;
  staff: { email: string; password: string };
}

/** Rows of the tenant in every module table (concerns, network, dialogues, offices, groups, reports …). */
async function countRows(db: Kysely<any>, tenantId: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of await db.introspection.getTables()) {
    if (NOT_ACTIVITY.test(table.name) || !table.columns.some((c) => c.name === 'tenant_id')) continue;
    const r = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table.name)} where tenant_id = ${tenantId}`.execute(db);
    const n = Number(r.rows[0]?.n ?? 0);
    if (n > 0) out[table.name] = n;
  }
  return out;
}

/** Builds the data set of `env` (SQLite file or PostgreSQL schema, migrated and seeded here) and generates the activity. */
export async function buildReportsData(env: NodeJS.ProcessEnv, label: string, scale = 1): Promise<ReportsData> {
  const t0 = performance.now();
  const data = await buildDataset(env, { areas: 0, users: 0, coverAll: true });
  const handle = openDatabase({ databaseUrl: env.DATABASE_URL, sqliteFile: env.SQLITE_FILE });
  try {
    const areas = await listAreas(forTenant(handle.db, data.tenantId));
    const base: Omit<ActivityOptions, 'rows'> = {
      tenantId: data.tenantId,
      areaIds: areas.map((a) => a.id),
      districtNumbers: [...new Set(areas.flatMap((a) => a.districts.map((d) => d.number)))],
      from: FROM,
      to: TO,
    };
    const steps: [string, (db: Kysely<any>, o: ActivityOptions) => Promise<unknown>, number][] = [
      ['concerns', generateConcernActivity, REPORT_ROWS.concerns],
      ['network', generateNetworkActivity, REPORT_ROWS.network],
      ['dialogues', generateDialogueActivity, REPORT_ROWS.dialogues],
      ['offices', generateOfficeActivity, REPORT_ROWS.offices],
      ['groups', generateGroupActivity, REPORT_ROWS.groups],
    ];
    for (const [name, generate, rows] of steps) {
      const s0 = performance.now();
      process.stdout.write(`  generating ${name} activity [${label}] … `);
      await generate(handle.db, { ...base, rows: Math.round(rows * scale), seed: 7 });
      console.log(duration((performance.now() - s0) / 1000));
    }
    // Fresh statistics; on PostgreSQL also the visibility map, so that the covering indexes are read index-only.
    await (handle.dialect === 'postgres' ? sql`vacuum analyze` : sql`analyze`).execute(handle.db);
    const perTable = await countRows(handle.db, data.tenantId);
    const rows = Object.values(perTable).reduce((a, b) => a + b, 0);
    return { tenantId: data.tenantId, rows, perTable, seconds: (performance.now() - t0) / 1000, areas: areas.length, staff: data.staff };
  } finally {
    await handle.close();
  }
}

async function times(n: number, warmup: number, fn: () => Promise<void>): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

function row(name: string, database: string, target: string, t: number[], bytes: number, targetP95?: number): LoadRow {
  const total = t.reduce((a, b) => a + b, 0);
  return { name, database, target, clients: 1, reqPerSec: (t.length * 1000) / total, p50: percentile(t, 50), p95: percentile(t, 95), p99: percentile(t, 99), requests: t.length, bytes, targetP95 };
}

/** The three measurements on the data of `env` (the server runs in this process, like the service call). */
export async function measureReports(env: NodeJS.ProcessEnv, data: ReportsData, database: string, runs = 20): Promise<LoadRow[]> {
  const config = parseConfig({ ...env, HOST: '127.0.0.1', PORT: '0', NODE_ENV: 'production', LOG_LEVEL: 'warn', RATE_LIMITS_ENABLED: 'false', JOBS_ENABLED: 'false' });
  const handle: DbHandle = openDatabase({ databaseUrl: config.DATABASE_URL, sqliteFile: config.SQLITE_FILE });
  const running = await startServer(config, { handle, port: 0 });
  const rows: LoadRow[] = [];
  try {
    const db = forTenant(handle.db, data.tenantId);
    const coordinator = await sql<{ id: string }>`select id from users where tenant_id = ${data.tenantId} and email = ${data.staff.email}`.execute(handle.db);
    const user = await loadCurrentUser(db as unknown as AuthDb, coordinator.rows[0]!.id);
    if (!user) throw new Error('bench coordinator not found');
    const tenant = await sql<{ slug: string; name: string }>`select slug, name from tenants where id = ${data.tenantId}`.execute(handle.db);
    const ctx: ServiceContext = { tenant: { id: data.tenantId, slug: tenant.rows[0]!.slug, name: tenant.rows[0]!.name, defaultLocale: 'de' }, db, user, requestId: null, dialect: handle.dialect };

    process.stdout.write(`  annual report ${REPORT_YEAR}, programme, figures in process [${database}] … `);
    const figures = await times(runs, 2, async () => {
      const r = await annualReport(ctx, null, REPORT_YEAR, 'de', 'page');
      if (r.concerns.current.received === 0) throw new Error('the annual report found no concerns in the report year');
    });
    rows.push(row(`Programme annual report ${REPORT_YEAR} vs ${REPORT_YEAR - 1}: figures of every module (${data.areas} areas)`, database, `annualReport() in process`, figures, 0, REPORT_TARGET));
    console.log(`p50 ${percentile(figures, 50).toFixed(0)} ms, p95 ${percentile(figures, 95).toFixed(0)} ms`);

    const base = `http://127.0.0.1:${running.port}`;
    const cookie = await signIn(base, data.staff.email, data.staff.password);
    // "first view": every chart rendered by Vega again (the memo of rendered charts is cleared before each run);
    // "repeated view": the same report again, its charts from the memo (the figures are recomputed every time).
    for (const [path, label, type, cold] of [
      [`/staff/reports/annual/${REPORT_YEAR}`, 'print page, first view', 'text/html', true],
      [`/staff/reports/annual/${REPORT_YEAR}`, 'print page, repeated view', 'text/html', false],
      [`/staff/reports/annual/${REPORT_YEAR}/report.pdf`, 'PDF, first view', 'application/pdf', true],
    ] as const) {
      let bytes = 0;
      process.stdout.write(`  annual report ${REPORT_YEAR}, ${label} [${database}] … `);
      const t = await times(runs, 2, async () => {
        if (cold) clearChartMemos();
        const res = await fetch(`${base}${path}`, { headers: { cookie }, redirect: 'manual' });
        const body = new Uint8Array(await res.arrayBuffer());
        if (res.status !== 200 || !(res.headers.get('content-type') ?? '').startsWith(type)) throw new Error(`GET ${path} answered ${res.status} ${res.headers.get('content-type')}`);
        bytes = body.length;
      });
      rows.push(row(`Programme annual report ${REPORT_YEAR}: ${label} (${data.areas} areas)`, database, `GET ${path}`, t, bytes, REPORT_TARGET));
      console.log(`p50 ${percentile(t, 50).toFixed(0)} ms, p95 ${percentile(t, 95).toFixed(0)} ms`);
    }
  } finally {
    await running.stop();
    await handle.close();
  }
  return rows;
}

/**
 * Only the reports scenario, on SQLite and (when reachable) PostgreSQL, without the rest of `npm run bench`:
 *
 *   node bin/run-ts.mjs bench/reports.ts
 *
 * Same settings as the full run (BENCH_REPORTS_SCALE, BENCH_REPORTS_RUNS, BENCH_POSTGRES, DATABASE_URL_TEST); prints
 * the table and does not write bench/results/latest.md. The data sets live in a temporary directory and a schema
 * of their own, both removed at the end.
 */
async function main(): Promise<void> {
  const positive = (name: string, dflt: number) => {
    const v = Number(process.env[name] ?? dflt);
    if (!Number.isFinite(v) || v <= 0) throw new Error(`${name} must be a positive number`);
    return v;
  };
  const scale = positive('BENCH_REPORTS_SCALE', 1);
  const runs = Math.round(positive('BENCH_REPORTS_RUNS', 20));
  const pgMode = (process.env.BENCH_POSTGRES ?? 'auto').toLowerCase();
  const pgUrl = process.env.DATABASE_URL_TEST ?? 'postgres://postgres@127.0.0.1:5432/test';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quartier-bench-reports-'));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    COOKIE_SECURE: 'false',
    SQLITE_FILE: path.join(dir, 'reports.sqlite'),
    MAIL_DIR: path.join(dir, 'mail'),
    FILES_DIR: path.join(dir, 'files'),
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'false',
    RATE_LIMITS_ENABLED: 'false',
    JOBS_ENABLED: 'false',
  };
  const admin = async (q: string) => {
    const c = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 3000 });
    await c.connect();
    try {
      await c.query(q);
    } finally {
      await c.end();
    }
  };
  const rows: LoadRow[] = [];
  const started = performance.now();
  try {
    console.log(`Quartier benchmark: reports only (scale ${scale}, ${runs} runs, load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores)`);
    const data = await buildReportsData(env, 'SQLite', scale);
    console.log(`  SQLite: ${data.rows.toLocaleString('en-US')} rows of activity`);
    rows.push(...(await measureReports(env, data, 'SQLite', runs)));
    const reachable = pgMode !== 'false' && (await admin('select 1').then(() => true, (e: unknown) => (pgMode === 'true' ? Promise.reject(e) : false)));
    if (reachable) {
      const schema = `bench_reports_${process.pid}_${Date.now().toString(36)}`;
      await admin(`create schema ${schema}`);
      try {
        const u = new URL(pgUrl);
        u.searchParams.set('options', `-c search_path=${schema}`);
        const pgEnv = { ...env, DATABASE_URL: u.toString() };
        const pgData = await buildReportsData(pgEnv, 'PostgreSQL', scale);
        console.log(`  PostgreSQL: ${pgData.rows.toLocaleString('en-US')} rows of activity`);
        rows.push(...(await measureReports(pgEnv, pgData, 'PostgreSQL', runs)));
      } finally {
        await admin(`drop schema ${schema} cascade`).catch((e: unknown) => console.error(`could not drop schema ${schema}: ${String(e)}`));
      }
    } else console.log(`  PostgreSQL: not measured (BENCH_POSTGRES=${pgMode}, ${pgUrl})`);
    console.log(`\n${loadTable(rows)}\n\nWhole run: ${duration((performance.now() - started) / 1000)}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// Run directly (node bin/run-ts.mjs bench/reports.ts), not when imported by bench/run.ts.
if (process.argv.slice(1).some((a) => a.endsWith('.ts') && pathToFileURL(path.resolve(a)).href === import.meta.url)) {
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(`\nbench failed: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    },
  );
}
