import { describe, expect, it } from 'vitest';
import { diff } from './index';
import { nextDay, startOfDayBerlin } from './audit.pages';

describe('audit date filter', () => {
  it('starts days at midnight in Europe/Berlin (winter and summer time)', () => {
    expect(startOfDayBerlin('2026-01-15')).toBe('2026-01-14T23:00:00.000Z');
    expect(startOfDayBerlin('2026-07-01')).toBe('2026-06-30T22:00:00.000Z');
    // Day of the switch to summer time: midnight is still winter time.
    expect(startOfDayBerlin('2026-03-29')).toBe('2026-03-28T23:00:00.000Z');
    expect(startOfDayBerlin('2026-03-30')).toBe('2026-03-29T22:00:00.000Z');
    expect(nextDay('2026-02-28')).toBe('2026-03-01');
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
  });
});

describe('diff for the audit log', () => {
  it('masks secrets and keeps only changed fields', () => {
    expect(diff({ a: 1, password_hash: 'x', same: 's' }, { a: 2, password_hash: 'y', same: 's' })).toEqual({
      a: { from: 1, to: 2 },
      password_hash: { from: '•••', to: '•••' },
    });
  });
});
