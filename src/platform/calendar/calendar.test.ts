import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { addDays, berlinInstant, berlinWallClock, buildIcs, easterSunday, expandRecurrence, firstOccurrences, nrwHoliday, nrwHolidays, parseRule, RecurrenceError, ruleFor, weekdayOf } from './index';

function parse(ics: string) {
  const comp = new ICAL.Component(ICAL.parse(ics));
  const tz = comp.getFirstSubcomponent('vtimezone');
  if (tz) ICAL.TimezoneService.register(new ICAL.Timezone(tz));
  return comp;
}

describe('Berlin wall clock', () => {
  it('reads winter and summer time', () => {
    expect(berlinWallClock(new Date('2026-01-15T17:00:00Z'))).toMatchObject({ date: '2026-01-15', time: '18:00', weekday: 4 });
    expect(berlinWallClock(new Date('2026-07-15T16:00:00Z'))).toMatchObject({ date: '2026-07-15', time: '18:00', weekday: 3 });
    expect(berlinWallClock(new Date('2026-03-28T23:30:00Z'))).toMatchObject({ date: '2026-03-29', time: '00:30', weekday: 7 });
  });
  it('does date arithmetic', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(weekdayOf('2026-11-25')).toBe(3);
  });
});

describe('NRW holidays', () => {
  it('computes Easter', () => {
    expect(easterSunday(2024)).toBe('2024-03-31');
    expect(easterSunday(2025)).toBe('2025-04-20');
    expect(easterSunday(2026)).toBe('2026-04-05');
    expect(easterSunday(2027)).toBe('2027-03-28');
    expect(easterSunday(2038)).toBe('2038-04-25');
  });
  it('lists the eleven NRW holidays of 2026', () => {
    expect(nrwHolidays(2026).map((h) => `${h.date} ${h.key}`)).toEqual([
      '2026-01-01 new_year',
      '2026-04-03 good_friday',
      '2026-04-06 easter_monday',
      '2026-05-01 labour_day',
      '2026-05-14 ascension',
      '2026-05-25 whit_monday',
      '2026-06-04 corpus_christi',
      '2026-10-03 german_unity',
      '2026-11-01 all_saints',
      '2026-12-25 christmas_day',
      '2026-12-26 boxing_day',
    ]);
    expect(nrwHoliday('2027-05-27')?.name).toBe('Fronleichnam');
    expect(nrwHoliday('2026-11-25')).toBeNull();
    // Reformation Day is not a holiday in NRW.
    expect(nrwHoliday('2026-10-31')).toBeNull();
  });
});

describe('recurrence', () => {
  it('keeps the wall-clock time across the DST changes', () => {
    const occ = expandRecurrence(
      { rrule: 'FREQ=WEEKLY;BYDAY=TU', startDate: '2026-03-17', startTime: '18:00', durationMinutes: 90 },
      new Date('2026-03-01T00:00:00Z'),
      new Date('2026-04-08T00:00:00Z'),
    );
    expect(occ.map((o) => o.start.toISOString())).toEqual([
      '2026-03-17T17:00:00.000Z',
      '2026-03-24T17:00:00.000Z',
      '2026-03-31T16:00:00.000Z',
      '2026-04-07T16:00:00.000Z',
    ]);
    expect(occ[2]!.end.toISOString()).toBe('2026-03-31T17:30:00.000Z');
    for (const o of occ) expect(berlinWallClock(o.start).time).toBe('18:00');
  });
  it('skips exception dates and honours every two weeks, monthly and UNTIL', () => {
    const biweekly = firstOccurrences({ rrule: ruleFor('biweekly', '2026-10-20'), startDate: '2026-10-20', startTime: '09:30', durationMinutes: 60, exdates: ['2026-11-03'] }, 3);
    expect(biweekly.map((o) => o.date)).toEqual(['2026-10-20', '2026-11-17', '2026-12-01']);
    expect(berlinWallClock(biweekly[1]!.start).time).toBe('09:30');
    const monthly = firstOccurrences({ rrule: ruleFor('monthly', '2026-11-10'), startDate: '2026-11-10', startTime: '15:00', durationMinutes: 60 }, 3);
    expect(monthly.map((o) => o.date)).toEqual(['2026-11-10', '2026-12-08', '2027-01-12']); // second Tuesday
    const until = firstOccurrences({ rrule: ruleFor('weekly', '2026-11-25', '2026-12-09'), startDate: '2026-11-25', startTime: '10:00', durationMinutes: 60 }, 10);
    expect(until.map((o) => o.date)).toEqual(['2026-11-25', '2026-12-02', '2026-12-09']);
    expect(ruleFor('monthly', '2026-12-29')).toBe('FREQ=MONTHLY;BYDAY=-1TU');
  });
  it('refuses rules it does not offer', () => {
    expect(() => parseRule('FREQ=SECONDLY', '2026-11-25', '10:00')).toThrow(RecurrenceError);
    expect(() => parseRule('FREQ=WEEKLY;BYHOUR=3', '2026-11-25', '10:00')).toThrow(RecurrenceError);
    expect(() => parseRule('FREQ=WEEKLY', '2026-02-30', '10:00')).toThrow(RecurrenceError);
  });
});

describe('buildIcs', () => {
  it('writes events that a real iCalendar parser reads back in Berlin time', () => {
    const start = berlinInstant('2026-07-01', '18:00');
    const ics = buildIcs({
      name: 'Raum 1 (Demo)',
      method: 'REQUEST',
      events: [
        {
          uid: 'bkg_1@quartier',
          start,
          end: new Date(start.getTime() + 90 * 60_000),
          summary: 'Sprachcafé, Komma; Semikolon',
          description: 'Zeile 1\nZeile 2',
          location: 'Stadtteilbüro Kray',
          url: 'https://example.org/angebote/1',
          status: 'CONFIRMED',
          sequence: 2,
          organizer: { name: 'Büro Kray', email: 'buero@example.org' },
          attendees: [{ name: 'A. Person', email: 'a@example.org' }],
        },
      ],
    });
    const comp = parse(ics);
    expect(comp.getFirstPropertyValue('method')).toBe('REQUEST');
    const ev = new ICAL.Event(comp.getFirstSubcomponent('vevent')!);
    expect(ev.uid).toBe('bkg_1@quartier');
    expect(ev.summary).toBe('Sprachcafé, Komma; Semikolon');
    expect(ev.description).toBe('Zeile 1\nZeile 2');
    expect(ev.location).toBe('Stadtteilbüro Kray');
    expect(ev.sequence).toBe(2);
    expect(ev.startDate.zone?.tzid).toBe('Europe/Berlin');
    expect(ics).toContain('DTSTART;TZID=Europe/Berlin:20260701T180000');
    expect(ev.startDate.toJSDate().toISOString()).toBe('2026-07-01T16:00:00.000Z');
    expect(ev.endDate.toJSDate().toISOString()).toBe('2026-07-01T17:30:00.000Z');
    expect(String(ev.attendees[0]!.getFirstValue()).toLowerCase()).toBe('mailto:a@example.org');
  });

  it('writes recurring events with exceptions that expand like ours across DST', () => {
    const input = { rrule: 'FREQ=WEEKLY;BYDAY=TU;UNTIL=20260414T235959', startDate: '2026-03-17', startTime: '18:00', durationMinutes: 60, exdates: ['2026-04-07'] };
    const start = berlinInstant(input.startDate, input.startTime);
    const ics = buildIcs({
      name: 'Angebote',
      events: [{ uid: 'off_1', start, end: new Date(start.getTime() + 3_600_000), summary: 'Sprachcafé', recurrence: { rrule: input.rrule, exdates: input.exdates } }],
    });
    const ev = new ICAL.Event(parse(ics).getFirstSubcomponent('vevent')!);
    expect(ev.isRecurring()).toBe(true);
    const it = ev.iterator();
    const theirs: string[] = [];
    for (let next = it.next(); next && theirs.length < 10; next = it.next()) theirs.push(next.toJSDate().toISOString());
    const ours = firstOccurrences(input, 10).map((o) => o.start.toISOString());
    expect(theirs).toEqual(ours);
    expect(ours).toEqual(['2026-03-17T17:00:00.000Z', '2026-03-24T17:00:00.000Z', '2026-03-31T16:00:00.000Z', '2026-04-14T16:00:00.000Z']);
  });
});
