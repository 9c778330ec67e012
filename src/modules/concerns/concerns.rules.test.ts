import { describe, expect, it } from 'vitest';
import { boxAround, canTransition, checkAnswers, csvCell, distanceM, dueDate, formatNumber, numberYear, open311Status, similarText, TRANSITIONS } from './concerns.rules';
import { STATUSES, type Question } from './concerns.types';

describe('workflow rules', () => {
  it('maps every status to Open311 open/closed', () => {
    expect(STATUSES.map((s) => [s, open311Status(s)])).toEqual([
      ['received', 'open'],
      ['accepted', 'open'],
      ['forwarded', 'open'],
      ['in_progress', 'open'],
      ['resolved', 'closed'],
      ['not_responsible', 'closed'],
      ['rejected', 'closed'],
      ['duplicate', 'closed'],
    ]);
  });

  it('allows the main path and refuses jumps; department staff get a narrower set', () => {
    expect(canTransition('received', 'accepted')).toBe(true);
    expect(canTransition('accepted', 'forwarded')).toBe(true);
    expect(canTransition('forwarded', 'in_progress')).toBe(true);
    expect(canTransition('in_progress', 'resolved')).toBe(true);
    expect(canTransition('received', 'resolved')).toBe(false);
    expect(canTransition('duplicate', 'accepted')).toBe(false);
    expect(TRANSITIONS.duplicate).toEqual([]);
    expect(canTransition('forwarded', 'resolved', true)).toBe(true);
    expect(canTransition('forwarded', 'accepted', true)).toBe(false);
    expect(canTransition('received', 'in_progress', true)).toBe(false);
  });
});

describe('numbers, dates, distance', () => {
  it('formats public numbers', () => {
    expect(formatNumber(2026, 123)).toBe('2026-000123');
    expect(formatNumber(2026, 1_234_567)).toBe('2026-1234567');
  });
  it('numbers by the year in Europe/Berlin, not UTC', () => {
    // 00:30 on 1 January in Germany (CET, UTC+1) is still 31 December in UTC.
    expect(numberYear('2026-12-31T23:30:00Z')).toBe(2027);
    expect(numberYear('2026-12-31T22:59:59Z')).toBe(2026);
    expect(numberYear('2027-01-01T00:30:00+01:00')).toBe(2027);
    // Summer time does not matter for the year, but the day boundary is at 22:00 UTC then.
    expect(numberYear('2026-06-30T22:30:00Z')).toBe(2026);
  });
  it('computes the due date on the Berlin calendar day', () => {
    expect(dueDate('2026-03-10T10:00:00Z', 7)).toBe('2026-03-17');
    expect(dueDate('2026-03-10T23:30:00Z', 1)).toBe('2026-03-12'); // already 11 March in Berlin
  });
  it('measures distances and boxes', () => {
    const d = distanceM({ lat: 51.4746, lon: 7.0869 }, { lat: 51.4756, lon: 7.0869 });
    expect(d).toBeGreaterThan(105);
    expect(d).toBeLessThan(118);
    const b = boxAround({ lat: 51.47, lon: 7.08 }, 150);
    expect(distanceM({ lat: b.north, lon: 7.08 }, { lat: 51.47, lon: 7.08 })).toBeCloseTo(150, 0);
  });
});

describe('text similarity', () => {
  it('needs shared content words, ignoring case, umlaut spelling and stop words', () => {
    expect(similarText('Sperrmüll und Matratzen am Glascontainer', 'Matratzen, Sperrmuell neben dem Glascontainer')).toBe(true);
    expect(similarText('Die Schaukel ist kaputt', 'Schaukel kaputt')).toBe(true);
    expect(similarText('Laute Musik nachts', 'Sperrmüll am Glascontainer')).toBe(false);
    expect(similarText('und der die das', 'und der die das')).toBe(false);
  });
});

describe('extra questions', () => {
  const qs: Question[] = [
    { key: 'amount', label: { de: 'Menge', en: null, ar: null }, type: 'choice', required: true, choices: [{ value: 'bag', label: { de: 'Sack', en: null, ar: null } }] },
    { key: 'danger', label: { de: 'Gefahr', en: null, ar: null }, type: 'boolean', required: false },
    { key: 'count', label: { de: 'Anzahl', en: null, ar: null }, type: 'number', required: false },
  ];
  it('types valid answers and reports each bad one by field', () => {
    expect(checkAnswers(qs, { amount: 'bag', danger: '1', count: '3,5' })).toEqual({ answers: { amount: 'bag', danger: true, count: 3.5 }, errors: [] });
    const r = checkAnswers(qs, { danger: 'maybe', count: 'viele' });
    expect(r.errors.map((e) => `${e.field}:${e.key}`)).toEqual(['q_amount:form.error.required', 'q_danger:form.error.choose', 'q_count:form.error.number']);
  });
});

describe('CSV', () => {
  it('quotes and defuses formulas', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(3)).toBe('3');
  });
});
