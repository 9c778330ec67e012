/**
 * Generated activity of the offices module for the reports bench: an office per programme area (the existing one,
 * or a new "(Bench)" office with weekly hours and holidays off), three bench rooms per office, recurring and single
 * room bookings with their materialised occurrences and 15-minute cells (statuses, exception dates and cancelled
 * dates as the booking engine writes them), weekly offers (some in a room, booked through the same lanes) with
 * registrations and attendance counts, and anonymous advice entries. Everything is clearly fictional ("(Bench)",
 * example.invalid).
 *
 * No clashes (ADR 0014): every room is cut into lanes — weekday × a two-hour window (09–11, 11–13, …, 19–21) — and a
 * lane holds series in weeks not yet taken (a week map per lane), each occurrence at most two hours long, so no two
 * active occurrences of a room share a cell; the cells' primary key would refuse them otherwise.
 *
 * Proportions of `rows`: advice entries 60 %, booking occurrences 36 % (plus their cells, bookings, offers,
 * registrations and attendance): rows = 450,000 → ~270,000 advice entries, ~160,000 occurrences, ~200 offers.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { addDays, berlinInstant, weekdayOf } from '../../src/platform/calendar';
import { dialectOf } from '../../src/platform/db/dialect';
import { ADVICE_TARGET_GROUPS, ADVICE_TOPICS, CHANNELS, REFERRALS } from '../../src/modules/offices/offices.types';
import { cellsOf } from '../../src/modules/offices/offices.rules';
import { rng, type ActivityOptions, type ActivityResult } from './types';

const SLOTS = ['09:00', '11:00', '13:00', '15:00', '17:00', '19:00'];
const DURATIONS = [60, 90, 120];
const BYDAY = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const WEEKLY_HOURS = { '1': [{ from: '09:00', to: '13:00' }, { from: '14:00', to: '18:00' }], '2': [{ from: '09:00', to: '18:00' }], '3': [{ from: '09:00', to: '13:00' }], '4': [{ from: '09:00', to: '20:00' }], '5': [{ from: '09:00', to: '14:00' }] };
const OFFER_TITLES = ['Sprachcafé', 'Hausaufgabenhilfe', 'Seniorentreff', 'Nähcafé', 'Elterncafé', 'Repair-Café', 'Spieletreff', 'Computerhilfe'];
const BOOKING_TITLES = ['Treffen Mieterinitiative', 'Chorprobe', 'Vereinssitzung', 'Kindergeburtstag', 'Yoga-Gruppe', 'Lerngruppe', 'Nachbarschaftsrunde'];
/** Languages of advice sessions, weighted (roughly the Essen districts' mix). */
const ADVICE_LANGUAGES: [string, number][] = [['de', 55], ['tr', 12], ['ar', 12], ['uk', 6], ['ru', 5], ['bg', 3], ['ro', 3], ['fa', 2], ['en', 2]];

interface Lane {
  roomId: string;
  time: string;
  /** First date of the lane (its weekday on or after the first day). */
  first: string;
  /** Weeks already taken by a series. */
  used: Uint8Array;
}

interface Place {
  areaId: string;
  officeId: string;
  roomIds: string[];
}

/** Multi-row inserts in batches that stay under SQLite's and PostgreSQL's bound-parameter limits. */
async function insertRows(db: Kysely<any>, table: string, rows: Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  const per = Math.max(1, Math.min(1000, Math.floor(30_000 / Object.keys(rows[0]!).length)));
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += per) await trx.insertInto(table).values(rows.slice(i, i + per)).execute();
  });
}

export async function generateOfficeActivity(db: Kysely<any>, o: ActivityOptions): Promise<ActivityResult> {
  const rand = rng(o.seed ?? 6);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const between = (a: number, b: number) => a + Math.floor(rand() * (b - a + 1));
  const pg = dialectOf(db) === 'postgres';
  const bool = (b: boolean) => (pg ? b : b ? 1 : 0);
  const json = (v: unknown) => JSON.stringify(v);
  const tag = `b${o.seed ?? 6}`;
  const now = new Date().toISOString();
  const result: ActivityResult = { offices: 0, rooms: 0, bookings: 0, booking_occurrences: 0, booking_cells: 0, offers: 0, offer_registrations: 0, offer_attendance: 0, advice_entries: 0 };

  /* ---------------------------------------------------------------- offices and rooms */
  const existing = o.areaIds.length
    ? await db.selectFrom('offices').select(['id', 'area_id']).where('tenant_id', '=', o.tenantId).where('area_id', 'in', o.areaIds).orderBy('id').execute()
    : [];
  const places: Place[] = [];
  const newOffices: Record<string, unknown>[] = [];
  const newRooms: Record<string, unknown>[] = [];
  o.areaIds.forEach((areaId, i) => {
    let officeId = existing.find((e) => e.area_id === areaId)?.id as string | undefined;
    if (!officeId) {
      officeId = `ofc_${tag}_${i}`;
      newOffices.push({
        tenant_id: o.tenantId,
        id: officeId,
        slug: `bench-${tag}-${i}`,
        name: `Stadtteilbüro ${i + 1} (Bench)`,
        area_id: areaId,
        city: 'Essen',
        opening_hours: json(WEEKLY_HOURS),
        closed_on_holidays: bool(true),
        languages: json(['de', 'tr', 'ar']),
        created_at: now,
        updated_at: now,
      });
    }
    const roomIds = [0, 1, 2].map((k) => `rom_${tag}_${i}_${k}`);
    roomIds.forEach((id, k) =>
      newRooms.push({ tenant_id: o.tenantId, id, office_id: officeId, name: `${['Gruppenraum', 'Küche', 'Saal'][k]} (Bench)`, capacity: [12, 8, 40][k], equipment: json(['wifi']), within_opening_hours: bool(false), bookable_by: 'groups', created_at: now, updated_at: now }),
    );
    places.push({ areaId, officeId, roomIds });
  });
  await insertRows(db, 'offices', newOffices);
  await insertRows(db, 'rooms', newRooms);
  result.offices = newOffices.length;
  result.rooms = newRooms.length;
  if (places.length === 0) return result;

  /* ---------------------------------------------------------------- lanes */
  const totalWeeks = Math.floor((Date.parse(o.to) - Date.parse(o.from)) / 86_400_000 / 7) + 1;
  const lanes: Lane[] = [];
  for (const p of places)
    for (const roomId of p.roomIds)
      for (let wd = 1; wd <= 6; wd++) {
        let first = o.from;
        while (weekdayOf(first) !== wd) first = addDays(first, 1);
        for (const time of SLOTS) lanes.push({ roomId, time, first, used: new Uint8Array(totalWeeks) });
      }
  const officeOfRoom = new Map(places.flatMap((p) => p.roomIds.map((r) => [r, p] as const)));

  const bookings: Record<string, unknown>[] = [];
  const occurrences: Record<string, unknown>[] = [];
  const cells: Record<string, unknown>[] = [];
  let bookingSeq = 0;
  /** Writes the bookings so far with their occurrences and cells (parents first), and forgets them. */
  const flush = async () => {
    await insertRows(db, 'bookings', bookings);
    await insertRows(db, 'booking_occurrences', occurrences);
    await insertRows(db, 'booking_cells', cells);
    result.bookings! += bookings.length;
    result.booking_occurrences! += occurrences.length;
    result.booking_cells! += cells.length;
    bookings.length = occurrences.length = cells.length = 0;
  };

  /** Books a series on a free lane; returns the dates of its (not excluded) occurrences, or null when the lanes are full. */
  const book = (opts: { weeks: number; status: string; kind: string; offerId?: string; title: string; duration: number; exRate: number; cancelRate: number }): { lane: Lane; bookingId: string; dates: string[]; exdates: string[]; rrule: string | null } | null => {
    for (let attempt = 0; attempt < 50; attempt++) {
      const lane = lanes[Math.floor(rand() * lanes.length)]!;
      const w = Math.floor(rand() * totalWeeks);
      if (lane.used[w] || addDays(lane.first, 7 * w) > o.to) continue;
      // The series runs weekly from week w while the lane is free (at most 52 weeks, the booking engine's limit).
      const all: string[] = [];
      for (let k = w; k < w + Math.min(opts.weeks, 52) && k < totalWeeks && !lane.used[k] && addDays(lane.first, 7 * k) <= o.to; k++) {
        lane.used[k] = 1;
        all.push(addDays(lane.first, 7 * k));
      }
      const start = all[0]!;
      const exdates = all.length > 1 ? all.filter((d, k) => k > 0 && rand() < opts.exRate) : [];
      const dates = all.filter((d) => !exdates.includes(d));
      const bookingId = `bkg_${tag}_${++bookingSeq}`;
      const rrule = all.length > 1 ? `FREQ=WEEKLY;BYDAY=${BYDAY[weekdayOf(start) - 1]};UNTIL=${all[all.length - 1]!.replace(/-/g, '')}T235959` : null;
      const active = opts.status === 'confirmed' || opts.status === 'requested';
      const cancelledDates: string[] = [];
      for (const date of dates) {
        const s = berlinInstant(date, lane.time);
        const e = new Date(s.getTime() + opts.duration * 60_000);
        const cancelled = opts.status === 'cancelled' || (opts.status === 'confirmed' && dates.length > 1 && rand() < opts.cancelRate);
        if (cancelled && opts.status !== 'cancelled') cancelledDates.push(date);
        occurrences.push({ tenant_id: o.tenantId, booking_id: bookingId, date, room_id: lane.roomId, start_at: s.toISOString(), end_at: e.toISOString(), cancelled: bool(cancelled) });
        if (active && !cancelled) for (const c of cellsOf(s, e)) cells.push({ tenant_id: o.tenantId, room_id: lane.roomId, cell_at: c, booking_id: bookingId, date });
      }
      const first = berlinInstant(dates[0]!, lane.time);
      const last = new Date(berlinInstant(dates[dates.length - 1]!, lane.time).getTime() + opts.duration * 60_000);
      bookings.push({
        tenant_id: o.tenantId,
        id: bookingId,
        room_id: lane.roomId,
        title: `${opts.title} (Bench)`,
        requester_kind: opts.kind,
        offer_id: opts.offerId ?? null,
        contact_name: opts.kind === 'offer' ? null : `Kontakt ${bookingSeq} (Bench)`,
        contact_email: opts.kind === 'offer' ? null : `kontakt-${bookingSeq}@example.invalid`,
        status: opts.status,
        start_date: dates[0],
        start_time: lane.time,
        duration_minutes: opts.duration,
        rrule,
        exdates: json([...exdates, ...cancelledDates].sort()),
        first_start: first.toISOString(),
        last_end: last.toISOString(),
        created_at: first.toISOString(),
        updated_at: first.toISOString(),
      });
      return { lane, bookingId, dates, exdates, rrule };
    }
    return null;
  };

  /* ---------------------------------------------------------------- offers (some in a room) */
  const offerCount = Math.max(2, Math.round(o.rows / 2250));
  const offers: Record<string, unknown>[] = [];
  const registrations: Record<string, unknown>[] = [];
  const attendance: Record<string, unknown>[] = [];
  for (let i = 0; i < offerCount; i++) {
    const id = `off_${tag}_${i}`;
    const title = `${pick(OFFER_TITLES)} ${i + 1} (Bench)`;
    const duration = pick([90, 120]);
    const weeks = between(10, 52);
    let place: Place;
    let dates: string[];
    let exdates: string[];
    let time: string;
    let rrule: string | null;
    let roomId: string | null = null;
    let bookingId: string | null = null;
    const booked = rand() < 0.6 ? book({ weeks, status: 'confirmed', kind: 'offer', offerId: id, title, duration, exRate: 0.05, cancelRate: 0 }) : null;
    if (booked) {
      place = officeOfRoom.get(booked.lane.roomId)!;
      ({ dates, exdates, rrule } = booked);
      time = booked.lane.time;
      roomId = booked.lane.roomId;
      bookingId = booked.bookingId;
    } else {
      place = pick(places);
      time = pick(SLOTS);
      const start = addDays(o.from, between(0, Math.max(0, Math.round((Date.parse(o.to) - Date.parse(o.from)) / 86_400_000) - 7)));
      const all: string[] = [];
      for (let k = 0; k < weeks && addDays(start, 7 * k) <= o.to; k++) all.push(addDays(start, 7 * k));
      exdates = all.filter((d, k) => k > 0 && rand() < 0.05);
      dates = all.filter((d) => !exdates.includes(d));
      rrule = all.length > 1 ? `FREQ=WEEKLY;BYDAY=${BYDAY[weekdayOf(start) - 1]};UNTIL=${all[all.length - 1]!.replace(/-/g, '')}T235959` : null;
    }
    const first = berlinInstant(dates[0]!, time);
    const last = new Date(berlinInstant(dates[dates.length - 1]!, time).getTime() + duration * 60_000);
    const registration = rand() < 0.5;
    const capacity = registration ? between(10, 20) : null;
    offers.push({
      tenant_id: o.tenantId,
      id,
      office_id: place.officeId,
      area_id: place.areaId,
      room_id: roomId,
      booking_id: bookingId,
      title,
      description: 'Ein erfundenes Angebot für den Berichts-Lasttest.',
      start_date: dates[0],
      start_time: time,
      duration_minutes: duration,
      rrule,
      exdates: json(exdates),
      first_start: first.toISOString(),
      last_end: last.toISOString(),
      target_groups: json(['everyone']),
      languages: json(['de']),
      registration: bool(registration),
      capacity,
      status: 'published',
      created_at: first.toISOString(),
      updated_at: first.toISOString(),
    });
    if (registration) {
      let taken = 0;
      for (let k = 0, n = between(3, 25); k < n; k++) {
        const places = between(1, 3);
        const status = rand() < 0.1 ? 'cancelled' : taken + places <= capacity! ? 'registered' : 'waitlisted';
        if (status === 'registered') taken += places;
        registrations.push({ tenant_id: o.tenantId, id: `reg_${tag}_${i}_${k}`, offer_id: id, name: `Teilnehmer*in ${k + 1} (Bench)`, email: `teilnahme-${i}-${k}@example.invalid`, places, status, token_hash: createHash('sha256').update(`${o.tenantId}:${tag}:${i}:${k}`).digest('hex'), created_at: first.toISOString(), updated_at: first.toISOString() });
      }
    }
    for (const date of dates) if (rand() < 0.8) attendance.push({ tenant_id: o.tenantId, offer_id: id, date, count: between(2, 25), updated_at: now });
  }

  /* ---------------------------------------------------------------- other bookings up to the occurrence target */
  const occurrenceTarget = Math.round(o.rows * 0.36);
  while (result.booking_occurrences! + occurrences.length < occurrenceTarget) {
    if (cells.length > 100_000) await flush();
    const r = rand();
    const status = r < 0.85 ? 'confirmed' : r < 0.91 ? 'declined' : r < 0.96 ? 'cancelled' : 'requested';
    const weeks = rand() < 0.4 ? 1 : between(4, 40);
    if (!book({ weeks: Math.min(weeks, Math.ceil((occurrenceTarget - result.booking_occurrences! - occurrences.length) / 0.95)), status, kind: pick(['staff', 'group', 'public']), title: pick(BOOKING_TITLES), duration: pick(DURATIONS), exRate: 0.04, cancelRate: 0.03 })) break;
  }

  await flush();
  await insertRows(db, 'offers', offers);
  await insertRows(db, 'offer_registrations', registrations);
  await insertRows(db, 'offer_attendance', attendance);
  Object.assign(result, { offers: offers.length, offer_registrations: registrations.length, offer_attendance: attendance.length });

  /* ---------------------------------------------------------------- advice entries */
  const adviceTarget = Math.round(o.rows * 0.6);
  const spanDays = Math.round((Date.parse(o.to) - Date.parse(o.from)) / 86_400_000) + 1;
  const languageWeight = ADVICE_LANGUAGES.reduce((s, [, w]) => s + w, 0);
  const language = () => {
    let x = rand() * languageWeight;
    for (const [code, w] of ADVICE_LANGUAGES) if ((x -= w) < 0) return code;
    return 'de';
  };
  const some = (list: readonly string[], n: number) => {
    const out = new Set<string>();
    while (out.size < n) out.add(pick(list));
    return [...out];
  };
  const chunk = 20_000;
  for (let done = 0; done < adviceTarget; done += chunk) {
    const rows: Record<string, unknown>[] = [];
    for (let i = done; i < Math.min(adviceTarget, done + chunk); i++) {
      const p = places[i % places.length]!;
      let date = addDays(o.from, Math.floor(rand() * spanDays));
      if (weekdayOf(date) === 7) date = date > addDays(o.to, -1) ? addDays(date, -2) : addDays(date, 1);
      const r = rand();
      rows.push({
        tenant_id: o.tenantId,
        id: `adv_${tag}_${i}`,
        office_id: p.officeId,
        area_id: p.areaId,
        date,
        channel: pick(CHANNELS),
        topics: json(some(ADVICE_TOPICS, r < 0.6 ? 1 : r < 0.9 ? 2 : 3)),
        language: language(),
        target_group: rand() < 0.8 ? pick(ADVICE_TARGET_GROUPS) : null,
        referrals: json(some(REFERRALS, rand() < 0.55 ? 0 : rand() < 0.78 ? 1 : 2)),
        duration_minutes: 15 * between(1, 6),
        follow_up: bool(rand() < 0.2),
        created_at: `${date}T12:00:00.000Z`,
      });
    }
    await insertRows(db, 'advice_entries', rows);
    result.advice_entries! += rows.length;
  }
  return result;
}
