import { describe, expect, it } from 'vitest';
import { berlinDate, berlinInstant, currentPeriod, validateSchedule } from './schedule';
import { defaultBackoffSeconds, JobError, safeErrorCode } from './index';

describe('schedules', () => {
  it('aligns everyMinutes periods to the clock', () => {
    const a = currentPeriod({ everyMinutes: 15 }, new Date('2026-11-25T10:07:30Z'));
    const b = currentPeriod({ everyMinutes: 15 }, new Date('2026-11-25T10:14:59.999Z'));
    const c = currentPeriod({ everyMinutes: 15 }, new Date('2026-11-25T10:15:00Z'));
    expect(a.key).toBe(b.key);
    expect(a.runAt.toISOString()).toBe('2026-11-25T10:00:00.000Z');
    expect(c.key).not.toBe(a.key);
    expect(c.runAt.toISOString()).toBe('2026-11-25T10:15:00.000Z');
  });

  it('runs dailyAt at Berlin wall-clock time in winter and summer', () => {
    expect(berlinInstant('2026-01-15', '03:00').toISOString()).toBe('2026-01-15T02:00:00.000Z');
    expect(berlinInstant('2026-07-15', '03:00').toISOString()).toBe('2026-07-15T01:00:00.000Z');
    // The day of the spring change (02:00 → 03:00) and of the autumn change.
    expect(berlinInstant('2026-03-29', '04:00').toISOString()).toBe('2026-03-29T02:00:00.000Z');
    expect(berlinInstant('2026-10-25', '04:00').toISOString()).toBe('2026-10-25T03:00:00.000Z');
    // 23:30 UTC on 14 Jan is already 15 Jan in Berlin.
    expect(berlinDate(new Date('2026-01-14T23:30:00Z'))).toBe('2026-01-15');
  });

  it('names one period per Berlin day, due at the given time', () => {
    const morning = currentPeriod({ dailyAt: '03:15' }, new Date('2026-07-15T00:30:00Z'));
    const evening = currentPeriod({ dailyAt: '03:15' }, new Date('2026-07-15T21:00:00Z'));
    const nextDay = currentPeriod({ dailyAt: '03:15' }, new Date('2026-07-15T22:30:00Z'));
    expect(morning.key).toBe(evening.key);
    expect(morning.runAt.toISOString()).toBe('2026-07-15T01:15:00.000Z');
    expect(nextDay.key).not.toBe(morning.key);
    expect(nextDay.runAt.toISOString()).toBe('2026-07-16T01:15:00.000Z');
  });

  it('refuses malformed schedules', () => {
    expect(() => validateSchedule({ dailyAt: '3:00' })).toThrow(RangeError);
    expect(() => validateSchedule({ dailyAt: '24:00' })).toThrow(RangeError);
    expect(() => validateSchedule({ everyMinutes: 0 })).toThrow(RangeError);
    expect(() => validateSchedule({ everyMinutes: 1.5 })).toThrow(RangeError);
    expect(() => validateSchedule({ dailyAt: '23:59' })).not.toThrow();
  });
});

describe('job errors', () => {
  it('backs off exponentially up to an hour', () => {
    expect([1, 2, 3, 4, 8, 20].map(defaultBackoffSeconds)).toEqual([30, 60, 120, 240, 3600, 3600]);
  });

  it('keeps codes, never messages', () => {
    expect(safeErrorCode(new JobError('smtp_refused'))).toBe('smtp_refused');
    expect(safeErrorCode(new Error('Mail an erika.mustermann@example.org gescheitert'))).toBe('Error');
    expect(safeErrorCode(Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:25'), { code: 'ECONNREFUSED' }))).toBe('Error: ECONNREFUSED');
    expect(safeErrorCode(new TypeError('x is undefined for Erika'))).toBe('TypeError');
    expect(safeErrorCode('a string with personal data')).toBe('unknown_error');
  });
});
