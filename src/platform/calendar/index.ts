/** Shared calendar helpers: Berlin wall-clock time, NRW public holidays, RRULE expansion, iCalendar output. */
export * from './berlin';
export * from './holidays';
export * from './recurrence';
export * from './ics';
