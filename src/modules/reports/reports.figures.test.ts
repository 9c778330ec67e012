import { describe, expect, it } from 'vitest';
import { concernFigures, median, monthlyByDistrict, monthsBetween, previousPeriod } from './reports.figures';

describe('periods', () => {
  it('the previous period has the same length and ends the day before', () => {
    expect(previousPeriod({ from: '2025-04-01', to: '2025-06-30' })).toEqual({ from: '2024-12-31', to: '2025-03-31' });
    expect(previousPeriod({ from: '2024-03-01', to: '2024-03-01' })).toEqual({ from: '2024-02-29', to: '2024-02-29' });
  });
  it('lists months across a year end', () => {
    expect(monthsBetween('2024-11-15', '2025-02-01')).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']);
  });
});

describe('figures', () => {
  it('median of odd and even lists', () => {
    expect(median([])).toBeNull();
    expect(median([10, 1, 4])).toBe(4);
    expect(median([1, 2, 3, 10])).toBe(2.5);
  });
  it('concern figures of a period', () => {
    const rec = (createdAt: string, status: string, closedAt: string | null = null, categoryId = 'a') => ({ categoryId, status, createdAt, closedAt, districtNumber: 1 });
    const f = concernFigures(
      [
        rec('2025-01-01T10:00:00Z', 'resolved', '2025-01-03T10:00:00Z'),
        rec('2025-01-02T10:00:00Z', 'received', null, 'b'),
        rec('2025-01-31T23:00:00Z', 'resolved', '2025-02-01T11:00:00Z'),
        rec('2025-02-01T00:00:00Z', 'resolved', '2025-02-02T00:00:00Z'),
      ],
      { from: '2025-01-01', to: '2025-01-31' },
    );
    expect(f).toEqual({
      total: 3,
      byCategory: [
        { key: 'a', count: 2 },
        { key: 'b', count: 1 },
      ],
      byStatus: [
        { key: 'resolved', count: 2 },
        { key: 'received', count: 1 },
      ],
      resolved: 2,
      shareResolved: 2 / 3,
      medianDaysToResolution: 1.3,
    });
  });
  it('suppresses cells below 5 and keeps every Stadtteil and month', () => {
    const r = (d: number, at: string) => ({ districtNumber: d, createdAt: at });
    const recs = [...Array.from({ length: 5 }, () => r(1, '2025-01-10T00:00:00Z')), r(1, '2025-02-01T00:00:00Z'), r(2, '2025-03-01T00:00:00Z')];
    expect(monthlyByDistrict(recs, [1, 2], ['2025-01', '2025-02'])).toEqual([
      { districtNumber: 1, month: '2025-01', count: 5 },
      { districtNumber: 1, month: '2025-02', count: null },
      { districtNumber: 2, month: '2025-01', count: null },
      { districtNumber: 2, month: '2025-02', count: null },
    ]);
  });
});
