import { describe, expect, it } from 'vitest';
import { duration, loadTable, markdownReport, markdownTable, percentile, ratio, verdict, type LoadRow, type Measurement } from './report';

const bare: Measurement = { name: 'Bare Hono route', target: 'GET /', reqPerSec: 10000, p50: 1, p99: 3, requests: 80000, bytes: 2 };
const page: Measurement = { name: 'Public page', target: 'GET /areas/kray', reqPerSec: 1234.5, p50: 7.5, p99: 20.25, requests: 9876, bytes: 10240 };

describe('bench report', () => {
  it('computes the page/bare ratio', () => {
    expect(ratio(page, bare)).toEqual({ throughput: '12.3 %', latency: '7.5×' });
    expect(ratio({ ...page, p50: 25 }, bare).latency).toBe('25×');
  });

  it('computes nearest-rank percentiles', () => {
    const xs = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 99)).toBe(99);
    expect(percentile([0.25], 99)).toBe(0.25);
    expect(percentile([], 50)).toBe(0);
  });

  it('prints a markdown table with one row per scenario', () => {
    const table = markdownTable([page, bare], bare).split('\n');
    expect(table).toHaveLength(4);
    expect(table[2]).toBe('| Public page | `GET /areas/kray` | 1,235 | 7.50 | 20.25 | 10.0 | 12.3 % | 7.5× |');
    expect(table[3]).toContain('| 100 % | 1.0× |');
  });

  it('wraps the table in a report with the run settings', () => {
    const md = markdownReport([page, bare], bare, {
      date: '2026-11-25',
      node: 'v20',
      cpus: 'CPU',
      cores: 2,
      loadAverage: 0.5,
      database: 'SQLite',
      dataset: 'x',
      connections: 10,
      durationSeconds: 8,
      warmupSeconds: 2,
    });
    expect(md).toContain('# Quartier benchmark');
    expect(md).toContain('10 connections');
  });
});

describe('bench report: client-loop scenarios', () => {
  const row: LoadRow = { name: 'Open311 list', database: 'SQLite', target: 'GET /open311/v2/requests.json', clients: 1, reqPerSec: 45.67, p50: 9.5, p95: 18.25, p99: 30, requests: 1234, bytes: 2048, targetP95: 20 };

  it('says whether a p95 target is met', () => {
    expect(verdict(18.25, 20)).toBe('met (18.3 < 20 ms)');
    expect(verdict(20, 20)).toBe('**not met** (20.0 ≥ 20 ms)');
    expect(verdict(5, undefined)).toBe('—');
  });

  it('prints one row per scenario with p50/p95/p99 and the verdict', () => {
    const lines = loadTable([row, { ...row, name: 'Submission', reqPerSec: 250, targetP95: undefined }]).split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[2]).toBe('| Open311 list | SQLite | `GET /open311/v2/requests.json` | 1 | 45.7 | 9.50 | 18.25 | 30.00 | 1,234 | 2.0 | met (18.3 < 20 ms) |');
    expect(lines[3]).toContain('| 250 |');
    expect(lines[3]).toMatch(/\| — \|$/);
  });

  it('formats durations', () => {
    expect(duration(0.84)).toBe('0.8 s');
    expect(duration(59.94)).toBe('59.9 s');
    expect(duration(125.2)).toBe('2 min 05 s');
    expect(duration(179.6)).toBe('3 min 00 s');
    expect(duration(59.97)).toBe('1 min 00 s');
  });

  it('appends the extra section to the report', () => {
    const md = markdownReport([page, bare], bare, { date: 'd', node: 'v20', cpus: 'CPU', cores: 2, loadAverage: 0, database: 'SQLite', dataset: 'x', connections: 10, durationSeconds: 8, warmupSeconds: 2 }, {
      heading: 'Concerns',
      intro: ['intro line'],
      rows: [row],
      notes: ['generated in 12 s'],
    });
    expect(md).toContain('## Concerns\n\nintro line\n\n| Scenario | Database |');
    expect(md).toContain('- generated in 12 s');
  });
});
