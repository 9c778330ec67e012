import { describe, expect, it } from 'vitest';
import { monthsBetween, pairCounts, previousPeriod, suppressedCells } from './reports.figures';

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
  it('pairs two count lists, every key of either, largest first', () => {
    expect(
      pairCounts(
        [
          { key: 'a', count: 2 },
          { key: 'b', count: 5 },
        ],
        [
          { key: 'c', count: 1 },
          { key: 'a', count: 7 },
        ],
      ),
    ).toEqual([
      { key: 'b', cur: 5, prev: 0 },
      { key: 'a', cur: 2, prev: 7 },
      { key: 'c', cur: 0, prev: 1 },
    ]);
  });
  it('suppresses cells below 5 and keeps every Stadtteil and month', () => {
    const counts = [
      { districtNumber: 1, month: '2025-01', count: 5 },
      { districtNumber: 1, month: '2025-02', count: 1 },
      { districtNumber: 2, month: '2025-03', count: 9 },
      { districtNumber: 2, month: '2025-02', count: 4 },
    ];
    expect(suppressedCells(counts, [1, 2], ['2025-01', '2025-02'])).toEqual([
      { districtNumber: 1, month: '2025-01', count: 5 },
      { districtNumber: 1, month: '2025-02', count: null },
      { districtNumber: 2, month: '2025-01', count: null },
      { districtNumber: 2, month: '2025-02', count: null },
    ]);
  });
});
