/**
 * `npm run bench`: builds a generated data set in a temporary SQLite file, starts Quartier and a bare Hono route in
 * two child processes (same Node, same tsx loader), signs in through the real login form, and measures with
 * autocannon over loopback:
 *   1. a public programme-area page,
 *   2. a staff list page, signed in (session cookie from the real /login),
 *   3. the bare Hono route that answers "ok".
 * Prints a markdown table (req/s, p50/p99 latency, page/bare ratio) and writes it to bench/results/latest.md.
 *
 * Settings (environment): BENCH_DURATION seconds per scenario (default 8), BENCH_WARMUP seconds (default 2),
 * BENCH_CONNECTIONS (default 10), BENCH_AREAS / BENCH_USERS (size of the generated data set),
 * BENCH_OUT (default bench/results/latest.md).
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { buildDataset, type Dataset } from './dataset';
import { markdownReport, markdownTable, percentile, type Measurement } from './report';
import { signIn } from './session';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const num = (name: string, dflt: number) => {
  const v = Number(process.env[name] ?? dflt);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${name} must be a positive number`);
  return v;
};
const DURATION = num('BENCH_DURATION', 8);
const WARMUP = num('BENCH_WARMUP', 2);
const CONNECTIONS = num('BENCH_CONNECTIONS', 10);
const OUT = path.resolve(root, process.env.BENCH_OUT ?? 'bench/results/latest.md');

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

async function main(): Promise<void> {
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
    LOG_LEVEL: 'info',
    SEED_DEMO: 'false',
  };
  const loadAverage = os.loadavg()[0] ?? 0;
  let quartier: Child | undefined;
  let bare: Child | undefined;
  try {
    console.log('Quartier benchmark');
    process.stdout.write('  building the data set … ');
    const t0 = performance.now();
    const data: Dataset = await buildDataset(env, { areas: num('BENCH_AREAS', 40), users: num('BENCH_USERS', 150) });
    console.log(`${((performance.now() - t0) / 1000).toFixed(1)} s — ${data.description}`);

    [quartier, bare] = await Promise.all([startChild('bench/server.ts', env), startChild('bench/bare.ts', env)]);
    const base = `http://127.0.0.1:${quartier.port}`;
    const cookie = await signIn(base, data.staff.email, data.staff.password);

    const rows: Measurement[] = [];
    rows.push(await measure('Public programme-area page', `${base}${data.publicPath}`));
    rows.push(await measure(`Staff list page (${data.staff.role}, signed in)`, `${base}${data.staffPath}`, { cookie }));
    const bareRow = await measure('Bare Hono route ("ok")', `http://127.0.0.1:${bare.port}/`);
    rows.push(bareRow);

    const cpus = os.cpus();
    const report = markdownReport(rows, bareRow, {
      date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      node: process.version,
      cpus: cpus[0]?.model.trim() ?? 'unknown CPU',
      cores: cpus.length,
      loadAverage,
      database: `SQLite (temporary file, WAL), NODE_ENV=production, LOG_LEVEL=info to /dev/null`,
      dataset: data.description,
      connections: CONNECTIONS,
      durationSeconds: DURATION,
      warmupSeconds: WARMUP,
    });
    console.log(`\n${markdownTable(rows, bareRow)}\n`);
    fs.mkdirSync(path.dirname(OUT), { recursive: true });
    fs.writeFileSync(OUT, report);
    console.log(`Written to ${path.relative(root, OUT)}`);
  } finally {
    await Promise.all([stopChild(quartier), stopChild(bare)]);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(`\nbench failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
});
