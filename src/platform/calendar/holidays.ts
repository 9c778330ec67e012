/**
 * Public holidays of North Rhine-Westphalia (NRW), computed: the Easter-based ones from the Gregorian Easter date
 * (anonymous Gregorian algorithm, "Meeus/Jones/Butcher") and the fixed ones.
 */
import { addDays } from './berlin';

export type HolidayKey =
  | 'new_year'
  | 'good_friday'
  | 'easter_monday'
  | 'labour_day'
  | 'ascension'
  | 'whit_monday'
  | 'corpus_christi'
  | 'german_unity'
  | 'all_saints'
  | 'christmas_day'
  | 'boxing_day';

export interface Holiday {
  /** YYYY-MM-DD */
  date: string;
  key: HolidayKey;
  /** German name, as printed on calendars. */
  name: string;
}

/** Easter Sunday (YYYY-MM-DD) of a Gregorian year. */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const cache = new Map<number, Holiday[]>();

/** The NRW public holidays of a year, sorted by date. */
export function nrwHolidays(year: number): Holiday[] {
  const hit = cache.get(year);
  if (hit) return hit;
  const easter = easterSunday(year);
  const y = String(year).padStart(4, '0');
  const list: Holiday[] = [
    { date: `${y}-01-01`, key: 'new_year', name: 'Neujahr' },
    { date: addDays(easter, -2), key: 'good_friday', name: 'Karfreitag' },
    { date: addDays(easter, 1), key: 'easter_monday', name: 'Ostermontag' },
    { date: `${y}-05-01`, key: 'labour_day', name: 'Tag der Arbeit' },
    { date: addDays(easter, 39), key: 'ascension', name: 'Christi Himmelfahrt' },
    { date: addDays(easter, 50), key: 'whit_monday', name: 'Pfingstmontag' },
    { date: addDays(easter, 60), key: 'corpus_christi', name: 'Fronleichnam' },
    { date: `${y}-10-03`, key: 'german_unity', name: 'Tag der Deutschen Einheit' },
    { date: `${y}-11-01`, key: 'all_saints', name: 'Allerheiligen' },
    { date: `${y}-12-25`, key: 'christmas_day', name: '1. Weihnachtstag' },
    { date: `${y}-12-26`, key: 'boxing_day', name: '2. Weihnachtstag' },
  ];
  list.sort((a, b) => a.date.localeCompare(b.date));
  cache.set(year, list);
  return list;
}

/** The NRW public holiday on a date (YYYY-MM-DD), or null. */
export function nrwHoliday(date: string): Holiday | null {
  return nrwHolidays(Number(date.slice(0, 4))).find((h) => h.date === date) ?? null;
}
