/**
 * Generated concerns for the reports bench: the Open311 bench's set-based generator (bench/concerns-data.ts) over
 * the options' days, Stadtteile and programme areas — every concern lies in one of `o.areaIds`, has a realistic
 * status, first answer and closing time — so the programme annual report reads all of them. `o.rows` concerns
 * (no link rows: the figures read the concerns table only). Deterministic from the seed; ids con_act<seed>_…, so
 * a generation shares the tenant with the Open311 bench's concerns and with another seed's.
 *
 * Run on its own to measure the concern figures at full size (a fresh SQLite file, or PostgreSQL with
 * DATABASE_URL; 5 years, 1,000,000 concerns unless told):
 *
 *   node bin/run-ts.mjs bench/activity/concerns.ts [rows] [--pg] [--measure-only]
 *
 * --measure-only times the figures again on the last generated SQLite file (or, with --pg, the schema named in
 * BENCH_SCHEMA) without generating.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../../src/platform/db/dialect';
import { forTenant } from '../../src/platform/db/tenant-scope';
import type { CurrentUser, ServiceContext } from '../../src/platform/http/context';
import { generateConcerns } from '../concerns-data';
import type { ActivityOptions, ActivityResult } from './types';

export async function generateConcernActivity(db: Kysely<any>, o: ActivityOptions): Promise<ActivityResult> {
  if (o.areaIds.length === 0) throw new Error('generateConcernActivity: no programme areas to spread the concerns over');
  const seed = o.seed ?? 1;
  const r = await generateConcerns(db, dialectOf(db), o.tenantId, o.rows, {
    from: o.from,
    to: o.to,
    areaIds: o.areaIds,
    ...(o.districtNumbers.length ? { districtNumbers: o.districtNumbers } : {}),
    idPrefix: `con_act${seed.toString(36)}_`,
    seed,
  });
  return { concerns: r.rows };
}

/** A reader of every programme area (reports.read), for measuring. */
const coordinator: CurrentUser = {
  id: 'usr_benchreports',
  email: 'reports@bench.example',
  displayName: 'Bench Berichte (fiktiv)',
  organisation: null,
  locale: null,
  assignments: [{ role: 'coordinator', allAreas: true, areaIds: [], department: null }],
};

export interface FigureTiming {
  /** What was timed. */
  name: string;
  /** Milliseconds per call: median and worst of the runs. */
  median: number;
  max: number;
  /** CPU milliseconds of this process per call, median (SQLite runs in-process; a busy machine inflates wall time). */
  cpu: number;
}

/**
 * Times concernActivity for a year and the year before (as the annual report calls it) and monthlyConcernCounts
 * for a year and for the whole range, `runs` times each, and returns the plans of both queries.
 */
export async function measureConcernFigures(
  root: Kysely<any>,
  tenantId: string,
  areaIds: string[],
  year: number,
  runs = 5,
): Promise<{ timings: FigureTiming[]; plans: { activity: string; monthly: string } }> {
  const { concernActivity, explainConcernFigures, monthlyConcernCounts } = await import('../../src/modules/concerns');
  const db = forTenant(root, tenantId);
  const ctx: ServiceContext = { tenant: { id: tenantId, slug: 'bench', name: 'Bench', defaultLocale: 'de' }, db, user: coordinator, requestId: null, dialect: dialectOf(root) };
  const time = async (name: string, f: () => Promise<unknown>): Promise<FigureTiming> => {
    const ms: number[] = [];
    const cpu: number[] = [];
    await f(); // warm-up (page cache, plan cache)
    for (let i = 0; i < runs; i++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await f();
      ms.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
    }
    ms.sort((a, b) => a - b);
    cpu.sort((a, b) => a - b);
    return { name, median: ms[ms.length >> 1]!, max: ms[ms.length - 1]!, cpu: cpu[cpu.length >> 1]! };
  };
  const timings = [
    await time(`concernActivity ${year}`, () => concernActivity(ctx, { areaIds, from: `${year}-01-01`, to: `${year}-12-31` })),
    await time(`concernActivity ${year - 1}`, () => concernActivity(ctx, { areaIds, from: `${year - 1}-01-01`, to: `${year - 1}-12-31` })),
    await time(`monthlyConcernCounts ${year}`, () => monthlyConcernCounts(db, { fromMonth: `${year}-01`, toMonth: `${year}-12` })),
    await time(`monthlyConcernCounts ${year - 4}…${year}`, () => monthlyConcernCounts(db, { fromMonth: `${year - 4}-01`, toMonth: `${year}-12` })),
  ];
  return { timings, plans: await explainConcernFigures(db, areaIds, { from: `${year}-01-01`, to: `${year}-12-31` }) };
}

async function main(): Promise<void> {
  const rows = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 1_000_000);
  const pg = process.argv.includes('--pg');
  const measureOnly = process.argv.includes('--measure-only');
  const { openDatabase } = await import('../../src/platform/db/connection');
  const { migrateToLatest } = await import('../../src/platform/db/migrator');
  const { ensureTenant } = await import('../../src/platform/tenancy');
  const { listAreas, listDistricts, seedTerritory } = await import('../../src/modules/territory');
  await import('../../src/modules');
  const file = '/tmp/quartier-bench-concerns.sqlite';
  let databaseUrl: string | undefined;
  if (pg) {
    databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
    const schema = measureOnly ? process.env.BENCH_SCHEMA! : `bench_concerns_${process.pid}`;
    const u = new URL(databaseUrl);
    if (!measureOnly) {
      const admin = openDatabase({ databaseUrl });
      await sql.raw(`create schema ${schema}`).execute(admin.db);
      await admin.close();
    }
    u.searchParams.set('options', `-c search_path=${schema}`);
    databaseUrl = u.toString();
    process.on('exit', () => console.log(`(schema ${schema} left for inspection; drop it with: drop schema ${schema} cascade)`));
  } else if (!measureOnly) for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  const handle = openDatabase(pg ? { databaseUrl } : { sqliteFile: file });
  await migrateToLatest(handle.db);
  const tenant = await ensureTenant(handle.db, { slug: 'bench', name: 'Bench', hosts: ['bench.test'] });
  await seedTerritory(handle.db, tenant.id);
  const scoped = forTenant(handle.db, tenant.id);
  const areaIds = (await listAreas(scoped)).map((a) => a.id);
  const districtNumbers = (await listDistricts(scoped)).map((d) => d.number);
  if (!measureOnly) {
    const t0 = performance.now();
    const result = await generateConcernActivity(handle.db, { tenantId: tenant.id, areaIds, districtNumbers, from: '2021-01-01', to: '2025-12-31', rows, seed: 1 });
    const seconds = (performance.now() - t0) / 1000;
    console.log(`${handle.dialect}: ${result.concerns!.toLocaleString('en-US')} concerns over 2021–2025 in ${seconds.toFixed(1)} s (${areaIds.length} areas, ${districtNumbers.length} Stadtteile)`);
  }
  const m = await measureConcernFigures(handle.db, tenant.id, areaIds, 2025);
  console.log(`load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`);
  console.log('| Call | median (ms) | max (ms) | CPU of this process (ms) |\n|---|---:|---:|---:|');
  for (const x of m.timings) console.log(`| ${x.name} | ${x.median.toFixed(1)} | ${x.max.toFixed(1)} | ${x.cpu.toFixed(1)} |`);
  console.log(`\nPlan of concernActivity:\n${m.plans.activity}\n\nPlan of monthlyConcernCounts:\n${m.plans.monthly}`);
  await handle.close();
}

// Run directly (node bin/run-ts.mjs bench/activity/concerns.ts …), not when imported.
if (process.argv.slice(1).some((a) => a.endsWith('.ts') && pathToFileURL(path.resolve(a)).href === import.meta.url)) {
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
