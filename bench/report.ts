/** Formats benchmark results as a markdown table (pure; tested in report.test.ts). */

export interface Measurement {
  /** What was measured, e.g. "Public programme-area page". */
  name: string;
  /** Method and path, e.g. "GET /areas/kray". */
  target: string;
  /** Average requests per second. */
  reqPerSec: number;
  /** Latency percentiles in milliseconds. */
  p50: number;
  p99: number;
  /** Requests answered (all of them 2xx, or the run fails). */
  requests: number;
  /** Bytes per response (average). */
  bytes: number;
}

export interface RunInfo {
  date: string;
  node: string;
  cpus: string;
  cores: number;
  /** 1-minute load average when the run started (other work on the machine skews the numbers). */
  loadAverage: number;
  database: string;
  dataset: string;
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
}

/** Nearest-rank percentile (p in 0–100) of a list of numbers; 0 for an empty list. */
export function percentile(values: ArrayLike<number>, p: number): number {
  const n = values.length;
  if (n === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(n, Math.max(1, Math.ceil((p / 100) * n)));
  return sorted[rank - 1]!;
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** Ratio of a page's throughput to the bare route's, e.g. 0.123 → "12.3 %" (and latency factor). */
export function ratio(page: Measurement, bare: Measurement): { throughput: string; latency: string } {
  const t = bare.reqPerSec > 0 ? page.reqPerSec / bare.reqPerSec : 0;
  const l = bare.p50 > 0 ? page.p50 / bare.p50 : 0;
  return { throughput: `${fmt(t * 100, 1)} %`, latency: `${fmt(l, l >= 10 ? 0 : 1)}×` };
}

export function markdownTable(rows: Measurement[], bare: Measurement): string {
  const header = '| Scenario | Request | req/s | p50 (ms) | p99 (ms) | KiB/resp | req/s vs bare | p50 vs bare |';
  const sep = '|---|---|---:|---:|---:|---:|---:|---:|';
  const lines = rows.map((r) => {
    const isBare = r === bare;
    const q = ratio(r, bare);
    return `| ${r.name} | \`${r.target}\` | ${fmt(r.reqPerSec)} | ${fmt(r.p50, 2)} | ${fmt(r.p99, 2)} | ${fmt(r.bytes / 1024, 1)} | ${isBare ? '100 %' : q.throughput} | ${isBare ? '1.0×' : q.latency} |`;
  });
  return [header, sep, ...lines].join('\n');
}

/** A scenario measured with the bounded client loop (bench/load.ts): submissions and the Open311 list. */
export interface LoadRow {
  name: string;
  /** "SQLite" or "PostgreSQL". */
  database: string;
  target: string;
  /** Parallel clients, each on its own keep-alive connection. */
  clients: number;
  reqPerSec: number;
  p50: number;
  p95: number;
  p99: number;
  requests: number;
  bytes: number;
  /** A p95 target in ms, when the issue sets one. */
  targetP95?: number | undefined;
}

/** "met" / "not met" against a p95 target, with the figures; "—" without a target. */
export function verdict(p95: number, target: number | undefined): string {
  if (target === undefined) return '—';
  return p95 < target ? `met (${fmt(p95, 1)} < ${fmt(target)} ms)` : `**not met** (${fmt(p95, 1)} ≥ ${fmt(target)} ms)`;
}

export function loadTable(rows: LoadRow[]): string {
  const header = '| Scenario | Database | Request | clients | req/s | p50 (ms) | p95 (ms) | p99 (ms) | requests | KiB/resp | p95 target |';
  const sep = '|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|';
  const lines = rows.map(
    (r) =>
      `| ${r.name} | ${r.database} | \`${r.target}\` | ${r.clients} | ${fmt(r.reqPerSec, r.reqPerSec < 100 ? 1 : 0)} | ${fmt(r.p50, 2)} | ${fmt(r.p95, 2)} | ${fmt(r.p99, 2)} | ${fmt(r.requests)} | ${fmt(r.bytes / 1024, 1)} | ${verdict(r.p95, r.targetP95)} |`,
  );
  return [header, sep, ...lines].join('\n');
}

/** Seconds for humans: "0.8 s", "12.3 s", "2 min 05 s". */
export function duration(seconds: number): string {
  if (seconds < 59.95) return `${fmt(seconds, 1)} s`;
  const whole = Math.round(seconds);
  const m = Math.floor(whole / 60);
  const s = whole - m * 60;
  return `${m} min ${String(s).padStart(2, '0')} s`;
}

/** More of the report: the load-loop table and free lines (data generation times, notes). */
export interface ReportExtras {
  heading: string;
  intro: string[];
  rows: LoadRow[];
  notes: string[];
}

export function markdownReport(rows: Measurement[], bare: Measurement, info: RunInfo, ...extras: ReportExtras[]): string {
  const more = extras.flatMap((x) => [`## ${x.heading}`, '', ...x.intro, '', loadTable(x.rows), '', ...x.notes.map((n) => `- ${n}`), '']);
  return [
    '# Quartier benchmark — latest run',
    '',
    `Measured ${info.date} with \`npm run bench\` (autocannon, loopback, ${info.connections} connections, ` +
      `${info.warmupSeconds} s warm-up then ${info.durationSeconds} s per scenario).`,
    '',
    markdownTable(rows, bare),
    '',
    '"vs bare": the page\'s throughput as a share of the bare Hono route\'s, and its median latency as a multiple of the bare route\'s.',
    '',
    `- Machine: ${info.cores} × ${info.cpus}; Node ${info.node}; 1-minute load average at the start: ${info.loadAverage.toFixed(2)}`,
    `- Database: ${info.database}`,
    `- Data set: ${info.dataset}`,
    '- Server and bare route each run in their own child process (same Node, same tsx loader); autocannon runs in the parent process on the same machine, so it competes for the same cores.',
    '',
    ...more,
  ].join('\n');
}
