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

export function markdownReport(rows: Measurement[], bare: Measurement, info: RunInfo): string {
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
  ].join('\n');
}
