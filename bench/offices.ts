/**
 * Offices benchmark scenarios (issue 5):
 *   - the public offers calendar of a programme area with a year of generated offers (measured over HTTP by
 *     run.ts against the bare Hono route): `seedOfficesBench` builds the data through the real services;
 *   - the conflict check for a weekly booking (one year) against 10,000 existing bookings in the same room
 *     (`measureConflictCheck`, in-process through the module's findConflicts, p50/p95/p99).
 * Every record is clearly fictional ("(Bench)").
 */
import { parseConfig } from '../src/platform/config';
import { addDays, berlinDate } from '../src/platform/calendar';
import { openDatabase } from '../src/platform/db/connection';
import { forTenant } from '../src/platform/db/tenant-scope';
import type { CurrentUser, ServiceContext } from '../src/platform/http/context';
import { createOffer, createOffice, createRoom, findConflicts, requestBooking } from '../src/modules/offices';
import { listAreas } from '../src/modules/territory';
import { percentile, type LoadRow } from './report';
import '../src/modules';

const ADMIN: CurrentUser = { id: 'usr_bench', email: 'bench@example.invalid', displayName: 'Bench', organisation: null, locale: null, assignments: [{ role: 'admin', allAreas: true, areaIds: [] }] };
const ALWAYS = Object.fromEntries(['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, [{ from: '00:00', to: '24:00' }]]));
const TITLES = ['Sprachcafé', 'Hausaufgabenhilfe', 'Seniorentreff', 'Beratungssprechstunde', 'Nähcafé', 'Elterncafé', 'Repair-Café', 'Spieletreff'];

export interface OfficesBenchData {
  /** Public calendar page of the programme area, e.g. /offers?area=kray. */
  calendarPath: string;
  offers: number;
  sessionsPerMonth: number;
  roomId: string;
  bookings: number;
  description: string;
}

function ctxOf(handle: ReturnType<typeof openDatabase>, tenantId: string): ServiceContext {
  return { tenant: { id: tenantId, slug: 'bench', name: 'Bench', defaultLocale: 'de' }, db: forTenant(handle.db, tenantId), user: ADMIN, requestId: null, dialect: handle.dialect };
}

/**
 * One office in the first programme area with `offers` weekly offers over a year (no room, so they never clash),
 * and a second room holding `bookings` single bookings (1 h each, spread over the coming year, 8:00–22:00).
 */
export async function seedOfficesBench(env: NodeJS.ProcessEnv, tenantId: string, size: { offers: number; bookings: number }): Promise<OfficesBenchData> {
  const config = parseConfig(env);
  const handle = openDatabase({ databaseUrl: config.DATABASE_URL, sqliteFile: config.SQLITE_FILE });
  try {
    const ctx = ctxOf(handle, tenantId);
    const area = (await listAreas(ctx.db))[0]!;
    const office = await createOffice(ctx, {
      slug: 'bench-buero',
      name: 'Stadtteilbüro (Bench)',
      areaId: area.id,
      street: 'Benchstraße 1',
      postcode: '45127',
      city: 'Essen',
      lat: null,
      lon: null,
      phone: null,
      email: null,
      description: null,
      hours: ALWAYS,
      closedOnHolidays: false,
      accessibility: { stepFree: true, accessibleWc: false, hearingLoop: false },
      accessibilityNotes: null,
      languages: ['de'],
      staffOnDuty: null,
    });
    const today = berlinDate(new Date());
    for (let i = 0; i < size.offers; i++) {
      const start = addDays(today, i % 7);
      await createOffer(ctx, {
        officeId: office.id,
        title: `${TITLES[i % TITLES.length]} ${i + 1} (Bench)`,
        description: 'Ein erfundenes Angebot für den Lasttest.',
        date: start,
        time: `${String(9 + (i % 10)).padStart(2, '0')}:00`,
        durationMinutes: 90,
        recurrence: { freq: i % 3 === 2 ? 'biweekly' : 'weekly', until: addDays(start, 364) },
        targetGroups: ['everyone'],
        languages: ['de'],
        publish: true,
      });
    }
    const room = await createRoom(ctx, { officeId: office.id, name: 'Saal (Bench)', capacity: 50, equipment: [], accessibility: { stepFree: true, accessibleWc: false, hearingLoop: false }, withinOpeningHours: false, minMinutes: 15, maxMinutes: 600, leadHours: 0, bookableBy: 'staff', active: true });
    // 10,000 single bookings: 14 hourly slots a day from 8:00, day by day from tomorrow (about 714 days).
    for (let i = 0; i < size.bookings; i++) {
      const date = addDays(today, 1 + Math.floor(i / 14));
      await requestBooking(ctx, { roomId: room.id, title: `Buchung ${i + 1} (Bench)`, date, time: `${String(8 + (i % 14)).padStart(2, '0')}:00`, durationMinutes: 60, requesterKind: 'staff' });
    }
    const sessionsPerMonth = Math.round(size.offers * (4.35 * (2 / 3) + 2.17 * (1 / 3)));
    return {
      calendarPath: `/offers?area=${area.slug}`,
      offers: size.offers,
      sessionsPerMonth,
      roomId: room.id,
      bookings: size.bookings,
      description: `${size.offers} recurring offers over a year in ${area.name} (~${sessionsPerMonth} sessions a month); ${size.bookings.toLocaleString('en-US')} bookings in one room`,
    };
  } finally {
    await handle.close();
  }
}

/** findConflicts for a weekly booking over one year (53 occurrences × 2 h) against the seeded bookings. */
export async function measureConflictCheck(env: NodeJS.ProcessEnv, tenantId: string, data: OfficesBenchData, database: string, iterations = 300): Promise<LoadRow> {
  const config = parseConfig(env);
  const handle = openDatabase({ databaseUrl: config.DATABASE_URL, sqliteFile: config.SQLITE_FILE });
  try {
    const db = forTenant(handle.db, tenantId);
    const today = berlinDate(new Date());
    const times: number[] = [];
    let found = 0;
    const started = performance.now();
    for (let i = 0; i < iterations; i++) {
      const date = addDays(today, 1 + (i % 7));
      const t0 = performance.now();
      const conflicts = await findConflicts(db, { roomId: data.roomId, date, time: `${String(8 + (i % 12)).padStart(2, '0')}:30`, durationMinutes: 120, recurrence: { freq: 'weekly', until: addDays(date, 364) } });
      times.push(performance.now() - t0);
      found = conflicts.length;
    }
    if (found === 0) throw new Error('conflict check: expected clashes with the seeded bookings, found none');
    const seconds = (performance.now() - started) / 1000;
    return {
      name: `Conflict check: weekly booking for a year vs ${data.bookings.toLocaleString('en-US')} bookings (${found} clashes found)`,
      database,
      target: 'findConflicts (in process)',
      clients: 1,
      reqPerSec: iterations / seconds,
      p50: percentile(times, 50),
      p95: percentile(times, 95),
      p99: percentile(times, 99),
      requests: iterations,
      bytes: 0,
    };
  } finally {
    await handle.close();
  }
}
