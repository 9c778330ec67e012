import { describe, expect, it } from 'vitest';
import { pgInstantToIso } from './connection';

/** What PostgreSQL prints for a timestamptz in a UTC session: microseconds without trailing zeros. */
function pgText(ms: number, micros: number): string {
  const iso = new Date(ms).toISOString();
  const frac = `${iso.slice(20, 23)}${String(micros).padStart(3, '0')}`.replace(/0+$/, '');
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${frac ? `.${frac}` : ''}+00`;
}

describe('pgInstantToIso', () => {
  it('agrees with Date for UTC texts with and without fractions', () => {
    let seed = 11;
    for (let i = 0; i < 5000; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const ms = Date.UTC(2000, 0, 1) + Math.floor((seed / 2 ** 31) * 40 * 365 * 86_400_000);
      const whole = i % 3 === 0 ? ms - (ms % 1000) : ms;
      const text = pgText(whole, i % 5 === 0 ? 0 : seed % 1000);
      expect(pgInstantToIso(text)).toBe(new Date(text).toISOString());
    }
    expect(pgInstantToIso('2026-11-25 20:34:46+00')).toBe('2026-11-25T20:34:46.000Z');
    expect(pgInstantToIso('2026-03-01 10:00:00.5+00')).toBe('2026-03-01T10:00:00.500Z');
    expect(pgInstantToIso('2026-11-25 20:34:46.943481+00')).toBe('2026-11-25T20:34:46.943Z');
  });

  it('other offsets go through Date', () => {
    expect(pgInstantToIso('2026-07-01 12:00:00+02')).toBe('2026-07-01T10:00:00.000Z');
    expect(pgInstantToIso('2026-01-01 00:30:00.25-03:30')).toBe('2026-01-01T04:00:00.250Z');
  });
});
