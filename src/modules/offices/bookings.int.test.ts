/**
 * The booking engine on a real database (SQLite and PostgreSQL): rules of a room, conflicts with recurrences and
 * exceptions on request and on confirmation, cancellation of one occurrence or the series, e-mails, audit, and
 * the guarantee that two simultaneous requests for one slot cannot both succeed.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit, type AuditTables } from '../../platform/audit';
import { berlinInstant } from '../../platform/calendar';
import { openDatabase, type DbHandle } from '../../platform/db/connection';
import { forTenant, type TenantDb } from '../../platform/db/tenant-scope';
import { AppError } from '../../platform/errors';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { lastMailTo } from '../../../test/support/auth';
import { TEST_DB } from '../../../test/support/db';
import { getAreaBySlug, seedTerritory } from '../territory';
import { cancelBooking, confirmBooking, declineBooking, findConflicts, getBookingForStaff, isConflict, requestBooking, roomBusy, type BookingInput } from './offices.service';
import { ctxFor, makeOffice, makeRoom, principal } from './test/factories';
import type { Office, Room } from './offices.types';

let t: TestApp;
let db: TenantDb<any>;
let krayId: string;
let karnapId: string;
let office: Office;
let room: Room;
/** "Now" for the rules: a fixed Monday, so lead times and dates are stable. */
const NOW = new Date('2027-01-04T08:00:00Z');

beforeAll(async () => {
  t = await createTestApp();
  await seedTerritory(t.handle.db, t.tenant.id);
  db = forTenant(t.handle.db, t.tenant.id);
  krayId = (await getAreaBySlug(db, 'kray'))!.id;
  karnapId = (await getAreaBySlug(db, 'karnap'))!.id;
  office = await makeOffice(t, krayId);
  room = await makeRoom(t, office.id);
});
afterAll(async () => {
  await t?.close();
});

const staff = () => ctxFor(t, principal('office_staff', { areaIds: [krayId] }), { now: NOW, mail: true });
const publicCtx = () => ctxFor(t, null, { now: NOW, mail: true });

function input(over: Partial<BookingInput> = {}): BookingInput {
  return { roomId: room.id, title: 'Treffen (Test)', date: '2027-01-12', time: '17:00', durationMinutes: 90, requesterKind: 'staff', ...over };
}

async function fails(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

describe('room rules', () => {
  it('refuses bad input with field errors and writes nothing', async () => {
    const bad = await fails(requestBooking(staff(), input({ time: '17:10' })));
    expect(bad.status).toBe(422);
    expect(bad.details.fields?.[0]).toMatchObject({ field: 'time', key: 'offices.error.grid' });
    const long = await fails(requestBooking(staff(), input({ durationMinutes: 300 })));
    expect(long.details.fields?.map((f) => f.key)).toContain('offices.error.tooLong');
    const outside = await fails(requestBooking(staff(), input({ time: '19:30' })));
    expect(outside.details.fields?.map((f) => f.key)).toContain('offices.error.outsideHours');
    // Sunday: closed.
    const sunday = await fails(requestBooking(staff(), input({ date: '2027-01-10' })));
    expect(sunday.details.fields?.map((f) => f.key)).toContain('offices.error.outsideHours');
    // Holiday (Ostermontag 2027-03-29) inside a weekly series.
    const holiday = await fails(requestBooking(staff(), input({ date: '2027-03-22', recurrence: { freq: 'weekly', until: '2027-04-05' } })));
    expect(holiday.details.fields?.find((f) => f.key === 'offices.error.outsideHours')?.params).toEqual({ date: '2027-03-29' });
    // Lead time applies to the public, not to staff.
    const soon = await fails(requestBooking(publicCtx(), input({ requesterKind: 'public', date: '2027-01-05', contactEmail: 'a@example.test', contactName: 'A' })));
    expect(soon.details.fields?.map((f) => f.key)).toContain('offices.error.leadTime');
    expect((await roomBusy(db, room.id, new Date('2027-01-01'), new Date('2027-12-31'))).length).toBe(0);
  });

  it('lets only allowed requesters in', async () => {
    const staffOnly = await makeRoom(t, office.id, { name: 'Büro', bookableBy: 'staff' });
    const e = await fails(requestBooking(publicCtx(), input({ roomId: staffOnly.id, requesterKind: 'public', contactEmail: 'a@example.test' })));
    expect(e.status).toBe(403);
    const other = await fails(requestBooking(ctxFor(t, principal('office_staff', { areaIds: [karnapId] }), { now: NOW }), input()));
    expect(other.status).toBe(403);
    const viewer = await fails(requestBooking(ctxFor(t, principal('viewer'), { now: NOW }), input()));
    expect(viewer.status).toBe(403);
  });
});

describe('conflicts', () => {
  it('finds clashes of a recurring request with a single booking and an exception avoids them', async () => {
    const single = await requestBooking(staff(), input({ date: '2027-02-02', time: '18:00', durationMinutes: 60, title: 'Einzeltermin' }));
    expect(single.status).toBe('requested');
    const preview = await findConflicts(db, { roomId: room.id, date: '2027-01-19', time: '17:30', durationMinutes: 60, recurrence: { freq: 'weekly', until: '2027-03-02' } });
    expect(preview.map((c) => c.date)).toEqual(['2027-02-02']);
    expect(preview[0]!.title).toBe('Einzeltermin');
    const clash = await fails(requestBooking(staff(), input({ date: '2027-01-19', time: '17:30', durationMinutes: 60, recurrence: { freq: 'weekly', until: '2027-03-02' } })));
    expect(clash.status).toBe(409);
    expect(isConflict(clash)).toBe(true);
    // With the clashing date excepted, the series fits; touching intervals (17:00–18:00 next to 18:00) do not clash.
    const series = await requestBooking(staff(), input({ date: '2027-01-19', time: '17:00', durationMinutes: 60, recurrence: { freq: 'weekly', until: '2027-03-02', exdates: ['2027-02-02'] } }));
    expect(series.occurrences).toBe(6);
    const detail = await getBookingForStaff(staff(), series.booking.id);
    expect(detail.occurrences.map((o) => o.date)).not.toContain('2027-02-02');
    // Every two weeks on the same weekday at the same time clashes on every second week.
    const biweekly = await findConflicts(db, { roomId: room.id, date: '2027-01-26', time: '17:30', durationMinutes: 30, recurrence: { freq: 'biweekly', until: '2027-03-09' } });
    expect(biweekly.map((c) => c.date)).toEqual(['2027-01-26', '2027-02-09', '2027-02-23']);
    await cancelBooking(staff(), series.booking.id);
    await cancelBooking(staff(), single.booking.id);
  });

  it('confirms with an e-mail, declines and frees the slot, cancels one occurrence or the series', async () => {
    const ctx = publicCtx();
    const req = await requestBooking(ctx, input({ requesterKind: 'public', date: '2027-02-16', contactName: 'Frau Beispiel', contactEmail: 'beispiel@example.test', recurrence: { freq: 'monthly', until: '2027-05-31' }, locale: 'de' }));
    expect(req.status).toBe('requested');
    expect(req.occurrences).toBe(4); // third Tuesday: Feb 16, Mar 16, Apr 20, May 18
    expect(lastMailTo(t, 'beispiel@example.test')?.subject).toMatch(/Anfrage/);
    // The pending request already holds the slot.
    expect(await findConflicts(db, { roomId: room.id, date: '2027-03-16', time: '18:00', durationMinutes: 30 })).toHaveLength(1);
    const confirmed = await confirmBooking(staff(), req.booking.id, 'Schluessel am Empfang abholen.');
    expect(confirmed.status).toBe('confirmed');
    const mail = lastMailTo(t, 'beispiel@example.test')!;
    expect(mail.subject).toMatch(/bestätigt/);
    // The confirmation (multipart: text and the series as an iCalendar REQUEST for the requester's calendar).
    const raw = fs.readFileSync(mail.file, 'utf8').replace(/=\r?\n/g, '');
    expect(raw).toContain('Schluessel am Empfang abholen.');
    expect(raw).toContain('text/calendar');
    expect(raw).toContain('Content-Type: text/calendar; charset=utf-8; method=REQUEST');
    // The calendar part (quoted-printable: "=" is written =3D).
    const ics = raw.slice(raw.indexOf('BEGIN:VCALENDAR'), raw.indexOf('END:VCALENDAR')).replace(/=3D/g, '=');
    expect(ics).toMatch(/METHOD:REQUEST/);
    expect(ics).toMatch(/RRULE:FREQ=MONTHLY;BYDAY=3TU/);
    const again = await fails(confirmBooking(staff(), req.booking.id));
    expect(again.status).toBe(409);
    await cancelBooking(staff(), req.booking.id, { date: '2027-03-16' });
    expect(await findConflicts(db, { roomId: room.id, date: '2027-03-16', time: '18:00', durationMinutes: 30 })).toHaveLength(0);
    expect(await findConflicts(db, { roomId: room.id, date: '2027-04-20', time: '18:00', durationMinutes: 30 })).toHaveLength(1);
    const d = await getBookingForStaff(staff(), req.booking.id);
    expect(d.booking.exdates).toEqual(['2027-03-16']);
    expect(d.occurrences.find((o) => o.date === '2027-03-16')?.cancelled).toBe(true);
    await cancelBooking(staff(), req.booking.id);
    expect(await findConflicts(db, { roomId: room.id, date: '2027-04-20', time: '18:00', durationMinutes: 30 })).toHaveLength(0);

    const other = await requestBooking(ctx, input({ requesterKind: 'public', date: '2027-02-17', contactEmail: 'zwei@example.test' }));
    const declined = await declineBooking(staff(), other.booking.id, 'Raum renoviert.');
    expect(declined.status).toBe('declined');
    expect(lastMailTo(t, 'zwei@example.test')?.subject).toMatch(/abgelehnt/);
    expect(await findConflicts(db, { roomId: room.id, date: '2027-02-17', time: '17:00', durationMinutes: 30 })).toHaveLength(0);

    const audit = await listAudit(db as unknown as TenantDb<AuditTables>, { entityType: 'booking', entityId: req.booking.id });
    expect(audit.entries.map((e) => e.action).sort()).toEqual(['cancel', 'cancel_occurrence', 'confirm', 'request']);
    // The contact never enters the audit log.
    expect(JSON.stringify(audit.entries)).not.toContain('beispiel@example.test');
    expect(JSON.stringify(audit.entries)).not.toContain('Frau Beispiel');
  });

  it('free/busy shows times without names', async () => {
    const b = await requestBooking(staff(), input({ date: '2027-06-01', title: 'Geheimes Treffen' }));
    const busy = await roomBusy(db, room.id, new Date('2027-06-01T00:00:00Z'), new Date('2027-06-02T00:00:00Z'));
    expect(busy).toEqual([{ start: berlinInstant('2027-06-01', '17:00').toISOString(), end: berlinInstant('2027-06-01', '18:30').toISOString(), tentative: true, bookingId: b.booking.id }]);
    expect(JSON.stringify(busy)).not.toContain('Geheimes');
  });
});

describe('no double booking under concurrency', () => {
  it('two (and five) simultaneous requests for the same slot: exactly one succeeds', async () => {
    // Separate database handles (separate connection pools on PostgreSQL) where the test database allows it.
    const handles: DbHandle[] = [];
    const dbs: TenantDb<any>[] = [];
    if (TEST_DB === 'postgres') {
      for (let i = 0; i < 5; i++) {
        const h = openDatabase({ databaseUrl: t.url!, poolSize: 2 });
        handles.push(h);
        dbs.push(forTenant(h.db, t.tenant.id));
      }
    } else {
      // SQLite in memory: one connection; the driver and SQLite serialise the writers.
      for (let i = 0; i < 5; i++) dbs.push(db);
    }
    try {
      for (const [n, date, time] of [
        [2, '2027-07-06', '10:00'],
        [5, '2027-07-13', '14:00'],
      ] as const) {
        const results = await Promise.allSettled(
          dbs.slice(0, n).map((d, i) =>
            requestBooking(ctxFor(t, principal('office_staff', { areaIds: [krayId] }), { now: NOW, db: d }), input({ date, time, durationMinutes: 60 + 15 * i, title: `Parallel ${i}`, recurrence: { freq: 'weekly', until: '2027-08-31' } })),
          ),
        );
        const ok = results.filter((r) => r.status === 'fulfilled');
        const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(ok).toHaveLength(1);
        for (const f of failed) expect(isConflict(f.reason)).toBe(true);
        const busy = (await roomBusy(db, room.id, berlinInstant(date, '00:00'), berlinInstant('2027-09-01', '00:00'))).filter((b) => b.start.slice(11, 13) === (time === '10:00' ? '08' : '12'));
        expect(busy.length).toBe(ok.length === 1 ? (ok[0] as PromiseFulfilledResult<{ occurrences: number }>).value.occurrences : 0);
      }
    } finally {
      for (const h of handles) await h.close();
    }
  });

  it('the database itself refuses a second holder of a cell', async () => {
    const b = await requestBooking(staff(), input({ date: '2027-10-05', time: '11:00', durationMinutes: 30 }));
    const cell = berlinInstant('2027-10-05', '11:15').toISOString();
    await expect(db.insertInto('booking_cells').values({ room_id: room.id, cell_at: cell, booking_id: b.booking.id, date: '2027-10-05' }).execute()).rejects.toThrow();
  });
});
