import { describe, expect, it } from 'vitest';
import { figureAreas, medianOfHistogram, periodInstants, splitPeriod } from './reporting';

describe('reporting contract helpers', () => {
  it('takes the median of a histogram like the median of the expanded list', () => {
    expect(medianOfHistogram([])).toBeNull();
    expect(medianOfHistogram([{ value: 3, count: 0 }])).toBeNull();
    expect(medianOfHistogram([{ value: 5, count: 1 }])).toBe(5);
    // 1,1,2,9 → (1+2)/2
    expect(medianOfHistogram([{ value: 9, count: 1 }, { value: 1, count: 2 }, { value: 2, count: 1 }])).toBe(1.5);
    // 1,1,1,2,9 → 1
    expect(medianOfHistogram([{ value: 1, count: 3 }, { value: 2, count: 1 }, { value: 9, count: 1 }])).toBe(1);
    // 0.5 × 2, 4.5 × 2 → 2.5
    expect(medianOfHistogram([{ value: 4.5, count: 2 }, { value: 0.5, count: 2 }])).toBe(2.5);
  });

  it('turns Berlin days into instants (winter and summer time)', () => {
    expect(periodInstants({ from: '2026-01-01', to: '2026-01-31' })).toEqual({ start: '2025-12-31T23:00:00.000Z', end: '2026-01-31T23:00:00.000Z' });
    expect(periodInstants({ from: '2026-07-01', to: '2026-07-01' })).toEqual({ start: '2026-06-30T22:00:00.000Z', end: '2026-07-01T22:00:00.000Z' });
  });

  it('limits the areas to the reader’s report scope and refuses readers without reports.read', () => {
    const user = (assignments: unknown[]) => ({ user: { assignments } as never });
    const q = { areaIds: ['a', 'b'], from: '2026-01-01', to: '2026-12-31' };
    expect(figureAreas(user([{ role: 'admin', allAreas: true, areaIds: [], department: null }]), q)).toEqual(['a', 'b']);
    expect(figureAreas(user([{ role: 'viewer', allAreas: false, areaIds: ['b', 'c'], department: null }]), q)).toEqual(['b']);
    expect(() => figureAreas({ user: null }, q)).toThrow();
  });

  it('splits a period into whole calendar months and the edge days before and after them', () => {
    expect(splitPeriod({ from: '2025-01-01', to: '2025-12-31' })).toEqual({ months: { from: '2025-01', to: '2025-12' }, edges: [] });
    expect(splitPeriod({ from: '2024-12-31', to: '2026-01-01' })).toEqual({
      months: { from: '2025-01', to: '2025-12' },
      edges: [
        { from: '2024-12-31', to: '2024-12-31' },
        { from: '2026-01-01', to: '2026-01-01' },
      ],
    });
    // Leap and common Februaries end on their own last day.
    expect(splitPeriod({ from: '2024-02-01', to: '2024-02-29' }).months).toEqual({ from: '2024-02', to: '2024-02' });
    expect(splitPeriod({ from: '2025-02-01', to: '2025-02-28' }).months).toEqual({ from: '2025-02', to: '2025-02' });
    expect(splitPeriod({ from: '2024-02-01', to: '2024-02-28' })).toEqual({ months: null, edges: [{ from: '2024-02-01', to: '2024-02-28' }] });
    // Up to today: the current month's days come from the rows.
    expect(splitPeriod({ from: '2026-01-01', to: '2026-11-26' })).toEqual({ months: { from: '2026-01', to: '2026-10' }, edges: [{ from: '2026-11-01', to: '2026-11-26' }] });
    expect(splitPeriod({ from: '2026-03-31', to: '2026-03-31' })).toEqual({ months: null, edges: [{ from: '2026-03-31', to: '2026-03-31' }] });
  });
});
