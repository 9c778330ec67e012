import { describe, expect, it } from 'vitest';
import { markdownReport, markdownTable, ratio, type Measurement } from './report';

const bare: Measurement = { name: 'Bare Hono route', target: 'GET /', reqPerSec: 10000, p50: 1, p99: 3, requests: 80000, bytes: 2 };
const page: Measurement = { name: 'Public page', target: 'GET /areas/kray', reqPerSec: 1234.5, p50: 7.5, p99: 20.25, requests: 9876, bytes: 10240 };

describe('bench report', () => {
  it('computes the page/bare ratio', () => {
    expect(ratio(page, bare)).toEqual({ throughput: '12.3 %', latency: '7.5×' });
  });

  it('prints a markdown table with one row per scenario', () => {
    const table = markdownTable([page, bare], bare).split('\n');
    expect(table).toHaveLength(4);
    expect(table[2]).toBe('| Public page | `GET /areas/kray` | 1,235 | 7.5 | 20.3 | 10.0 | 12.3 % | 7.5× |');
    expect(table[3]).toContain('| 100 % | 1.0× |');
  });

  it('wraps the table in a report with the run settings', () => {
    const md = markdownReport([page, bare], bare, {
      date: '2026-11-25',
      node: 'v20',
      cpus: 'CPU',
      cores: 2,
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
