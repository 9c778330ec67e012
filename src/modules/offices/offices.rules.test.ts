import { describe, expect, it } from 'vitest';
import { berlinInstant } from '../../platform/calendar';
import { addDays, minutesOf } from '../../platform/calendar';
import { cellsOf, checkHours, checkRoomRules, hoursOn, onGrid, openingMinutes, openState, parseIntervals, periodDays, type HoursContext } from './offices.rules';

const ctx: HoursContext = {
  hours: { '1': [{ from: '14:00', to: '18:00' }, { from: '09:00', to: '12:00' }], '3': [{ from: '09:00', to: '12:00' }] },
  closedOnHolidays: true,
  closures: [{ fromDate: '2026-12-07', toDate: '2026-12-07', hours: null, reason: 'Fortbildung' }, { fromDate: '2026-12-09', toDate: '2026-12-09', hours: [{ from: '10:00', to: '11:00' }], reason: null }],
};

describe('opening hours', () => {
  it('sums a period’s opening minutes like hoursOn day by day (holidays, closures, special hours)', () => {
    // 2026-11-30 … 2027-06-30: seven months with Christmas, New Year, Easter, Whitsun and both exceptions.
    let expected = 0;
    for (let d = '2026-11-30'; d <= '2027-06-30'; d = addDays(d, 1)) for (const i of hoursOn(ctx, d).intervals) expected += minutesOf(i.to) - minutesOf(i.from);
    const days = periodDays('2026-11-30', '2027-06-30');
    expect(days).toHaveLength(213);
    expect(openingMinutes(ctx, days)).toBe(expected);
    expect(openingMinutes({ ...ctx, closedOnHolidays: false }, days)).toBeGreaterThan(expected);
    // One week by hand: Mon 30 Nov 7 h, Wed 2 Dec 3 h; Mon 7 Dec closed, Wed 9 Dec 1 h special.
    expect(openingMinutes(ctx, periodDays('2026-11-30', '2026-12-06'))).toBe(600);
    expect(openingMinutes(ctx, periodDays('2026-12-07', '2026-12-13'))).toBe(60);
    // Weekdays and holidays of the day table: 1 January 2027 is a Friday and Neujahr.
    expect(periodDays('2027-01-01', '2027-01-01')).toEqual([{ date: '2027-01-01', weekday: 5, holiday: true }]);
  });

  it('applies weekly hours, closures, special hours and NRW holidays', () => {
    expect(hoursOn(ctx, '2026-11-30').intervals).toEqual([{ from: '09:00', to: '12:00' }, { from: '14:00', to: '18:00' }]);
    expect(hoursOn(ctx, '2026-12-07')).toMatchObject({ intervals: [], reason: 'closure', note: 'Fortbildung' });
    expect(hoursOn(ctx, '2026-12-09')).toMatchObject({ intervals: [{ from: '10:00', to: '11:00' }], reason: 'special' });
    // 2027-05-17 Pfingstmontag (Whit Monday) is a Monday.
    expect(hoursOn(ctx, '2027-05-17')).toMatchObject({ intervals: [], reason: 'holiday', note: 'Pfingstmontag' });
    expect(hoursOn({ ...ctx, closedOnHolidays: false }, '2027-05-17').intervals).toHaveLength(2);
  });

  it('says open now until …, or when it opens next (Berlin time)', () => {
    expect(openState(ctx, berlinInstant('2026-11-30', '10:15'))).toEqual({ open: true, until: '12:00' });
    expect(openState(ctx, berlinInstant('2026-11-30', '12:30'))).toEqual({ open: false, next: { date: '2026-11-30', time: '14:00' } });
    expect(openState(ctx, berlinInstant('2026-11-30', '18:00'))).toEqual({ open: false, next: { date: '2026-12-02', time: '09:00' } });
    // Monday 7 December is closed: from Saturday the next opening is Wednesday's special hours.
    expect(openState(ctx, berlinInstant('2026-12-05', '12:00'))).toEqual({ open: false, next: { date: '2026-12-09', time: '10:00' } });
    expect(openState({ hours: {}, closedOnHolidays: true, closures: [] }, new Date())).toEqual({ open: false, next: null });
  });

  it('parses and checks hours', () => {
    expect(parseIntervals('9:00-12:00, 14.00–18:30')).toEqual([{ from: '09:00', to: '12:00' }, { from: '14:00', to: '18:30' }]);
    expect(parseIntervals('')).toEqual([]);
    expect(parseIntervals('morgens')).toBeNull();
    expect(checkHours({ '1': [{ from: '12:00', to: '09:00' }] })[0]?.key).toBe('offices.error.hoursOrder');
    expect(checkHours({ '2': [{ from: '09:00', to: '12:00' }, { from: '11:00', to: '13:00' }] })[0]?.key).toBe('offices.error.hoursOverlap');
  });
});

describe('room rules and cells', () => {
  const room = { withinOpeningHours: true, minMinutes: 30, maxMinutes: 120, leadHours: 48 };
  const slot = (date: string, from: string, minutes: number) => ({ date, start: berlinInstant(date, from), end: new Date(berlinInstant(date, from).getTime() + minutes * 60_000) });
  const now = berlinInstant('2026-11-25', '12:00');

  it('checks length, lead time and opening hours', () => {
    expect(checkRoomRules(room, ctx, [slot('2026-11-30', '09:00', 120)], 120, now, { staff: false })).toEqual([]);
    expect(checkRoomRules(room, ctx, [slot('2026-11-30', '09:00', 15)], 15, now, { staff: false }).map((e) => e.key)).toEqual(['offices.error.tooShort']);
    expect(checkRoomRules(room, ctx, [slot('2026-11-30', '11:00', 90)], 90, now, { staff: false }).map((e) => e.key)).toEqual(['offices.error.outsideHours']);
    expect(checkRoomRules(room, ctx, [slot('2026-11-25', '14:00', 60)], 60, now, { staff: false }).map((e) => e.key)).toContain('offices.error.leadTime');
    expect(checkRoomRules({ ...room, withinOpeningHours: false }, ctx, [slot('2026-11-26', '20:00', 60)], 60, now, { staff: true })).toEqual([]);
    expect(checkRoomRules(room, ctx, [slot('2026-11-23', '09:00', 60)], 60, now, { staff: true }).map((e) => e.key)).toEqual(['offices.error.inPast']);
  });

  it('splits occurrences into 15-minute cells', () => {
    const s = slot('2026-11-30', '09:00', 60);
    expect(cellsOf(s.start, s.end)).toEqual(['2026-11-30T08:00:00.000Z', '2026-11-30T08:15:00.000Z', '2026-11-30T08:30:00.000Z', '2026-11-30T08:45:00.000Z']);
    expect(onGrid('09:15', 45)).toBe(true);
    expect(onGrid('09:10', 45)).toBe(false);
    expect(onGrid('09:00', 40)).toBe(false);
  });
});
