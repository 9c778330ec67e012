import { describe, expect, it } from 'vitest';
import { markdownReport, markdownTable, percentile, ratio, type Measurement } from './report';

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
