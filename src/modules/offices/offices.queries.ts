/**
 * SQL of the offices module. Every function takes a tenant-bound handle (or a transaction opened on one): the
 * handle fills in and filters tenant_id. No business rules here: services decide.
 */
import { sql, type Kysely } from 'kysely';
import { addressLike } from '../accounts';
import { dialectOf, fromJson, toBool, toCount, toJson } from '../../platform/db/dialect';
import type { OfficesTables } from './offices.tables';
import type {
  AdviceEntry,
  BookableBy,
  Booking,
  BookingOccurrence,
  BookingStatus,
  Closure,
  Interval,
  Offer,
  OfferStatus,
  Office,
  Registration,
  RegistrationStatus,
  RequesterKind,
  Room,
  WeeklyHours,
} from './offices.types';

export type Db = Kysely<OfficesTables>;

/* ---------------------------------------------------------------- offices */

type OfficeRow = OfficesTables['offices'];

function toOffice(r: OfficeRow): Office {
  return {
    id: r.id,
    slug: r.slug,
    name: r.name,
    areaId: r.area_id,
    street: r.street,
    postcode: r.postcode,
    city: r.city,
    lat: r.lat === null ? null : Number(r.lat),
    lon: r.lon === null ? null : Number(r.lon),
    phone: r.phone,
    email: r.email,
    description: r.description,
    hours: fromJson<WeeklyHours>(r.opening_hours, {}),
    closedOnHolidays: toBool(r.closed_on_holidays),
    accessibility: { stepFree: toBool(r.step_free), accessibleWc: toBool(r.accessible_wc), hearingLoop: toBool(r.hearing_loop) },
    accessibilityNotes: r.accessibility_notes,
    languages: fromJson<string[]>(r.languages, []),
    staffOnDuty: r.staff_on_duty,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export type OfficeFields = Omit<Office, 'id' | 'createdAt' | 'updatedAt'>;

function officeColumns(o: OfficeFields) {
  return {
    slug: o.slug,
    name: o.name,
    area_id: o.areaId,
    street: o.street,
    postcode: o.postcode,
    city: o.city,
    lat: o.lat,
    lon: o.lon,
    phone: o.phone,
    email: o.email,
    description: o.description,
    opening_hours: toJson(o.hours),
    closed_on_holidays: o.closedOnHolidays,
    step_free: o.accessibility.stepFree,
    accessible_wc: o.accessibility.accessibleWc,
    hearing_loop: o.accessibility.hearingLoop,
    accessibility_notes: o.accessibilityNotes,
    languages: toJson(o.languages),
    staff_on_duty: o.staffOnDuty,
  };
}

export async function listOffices(db: Db, areaIds: 'all' | readonly string[] = 'all'): Promise<Office[]> {
  if (areaIds !== 'all' && areaIds.length === 0) return [];
  let q = db.selectFrom('offices').selectAll();
  if (areaIds !== 'all') q = q.where('area_id', 'in', [...areaIds]);
  return (await q.orderBy('name').execute()).map(toOffice);
}

export async function findOffice(db: Db, id: string): Promise<Office | null> {
  const r = await db.selectFrom('offices').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toOffice(r) : null;
}

export async function findOfficeBySlug(db: Db, slug: string): Promise<Office | null> {
  const r = await db.selectFrom('offices').selectAll().where('slug', '=', slug).executeTakeFirst();
  return r ? toOffice(r) : null;
}

export async function insertOffice(db: Db, id: string, o: OfficeFields, now: string): Promise<void> {
  await db
    .insertInto('offices')
    .values({ id, ...officeColumns(o), created_at: now, updated_at: now } as never)
    .execute();
}

export async function updateOffice(db: Db, id: string, o: OfficeFields, now: string): Promise<void> {
  await db
    .updateTable('offices')
    .set({ ...officeColumns(o), updated_at: now } as never)
    .where('id', '=', id)
    .execute();
}

/* ---------------------------------------------------------------- closures */

function toClosure(r: OfficesTables['office_closures']): Closure {
  return { id: r.id, officeId: r.office_id, fromDate: r.from_date, toDate: r.to_date, hours: r.hours === null ? null : fromJson<Interval[] | null>(r.hours, null), reason: r.reason };
}

export async function listClosures(db: Db, officeIds: readonly string[], fromDate?: string): Promise<Closure[]> {
  if (officeIds.length === 0) return [];
  let q = db.selectFrom('office_closures').selectAll().where('office_id', 'in', [...officeIds]);
  if (fromDate) q = q.where('to_date', '>=', fromDate);
  return (await q.orderBy('from_date').execute()).map(toClosure);
}

export async function insertClosure(db: Db, c: Closure): Promise<void> {
  await db
    .insertInto('office_closures')
    .values({ id: c.id, office_id: c.officeId, from_date: c.fromDate, to_date: c.toDate, hours: c.hours ? toJson(c.hours) : null, reason: c.reason } as never)
    .execute();
}

export async function deleteClosure(db: Db, officeId: string, id: string): Promise<number> {
  const r = await db.deleteFrom('office_closures').where('office_id', '=', officeId).where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/* ---------------------------------------------------------------- rooms */

function toRoom(r: OfficesTables['rooms']): Room {
  return {
    id: r.id,
    officeId: r.office_id,
    name: r.name,
    capacity: Number(r.capacity),
    equipment: fromJson<string[]>(r.equipment, []),
    accessibility: { stepFree: toBool(r.step_free), accessibleWc: toBool(r.accessible_wc), hearingLoop: toBool(r.hearing_loop) },
    withinOpeningHours: toBool(r.within_opening_hours),
    minMinutes: Number(r.min_minutes),
    maxMinutes: Number(r.max_minutes),
    leadHours: Number(r.lead_hours),
    bookableBy: r.bookable_by as BookableBy,
    active: toBool(r.active),
  };
}

export type RoomFields = Omit<Room, 'id'>;

function roomColumns(r: RoomFields) {
  return {
    office_id: r.officeId,
    name: r.name,
    capacity: r.capacity,
    equipment: toJson(r.equipment),
    step_free: r.accessibility.stepFree,
    accessible_wc: r.accessibility.accessibleWc,
    hearing_loop: r.accessibility.hearingLoop,
    within_opening_hours: r.withinOpeningHours,
    min_minutes: r.minMinutes,
    max_minutes: r.maxMinutes,
    lead_hours: r.leadHours,
    bookable_by: r.bookableBy,
    active: r.active,
  };
}

export async function listRooms(db: Db, officeIds?: readonly string[]): Promise<Room[]> {
  if (officeIds && officeIds.length === 0) return [];
  let q = db.selectFrom('rooms').selectAll();
  if (officeIds) q = q.where('office_id', 'in', [...officeIds]);
  return (await q.orderBy('name').execute()).map(toRoom);
}

export async function findRoom(db: Db, id: string): Promise<Room | null> {
  const r = await db.selectFrom('rooms').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toRoom(r) : null;
}

export async function insertRoom(db: Db, id: string, r: RoomFields, now: string): Promise<void> {
  await db
    .insertInto('rooms')
    .values({ id, ...roomColumns(r), created_at: now, updated_at: now } as never)
    .execute();
}

export async function updateRoom(db: Db, id: string, r: RoomFields, now: string): Promise<void> {
  await db
    .updateTable('rooms')
    .set({ ...roomColumns(r), updated_at: now } as never)
    .where('id', '=', id)
    .execute();
}

/**
 * Locks a room for a booking write: an UPDATE is the first statement of the transaction, so PostgreSQL holds the
 * row lock (like SELECT … FOR UPDATE) and SQLite takes its write lock before anything is read.
 */
export async function lockRoom(db: Db, id: string): Promise<boolean> {
  const r = await db
    .updateTable('rooms')
    .set({ lock_version: sql`lock_version + 1` } as never)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/* ---------------------------------------------------------------- bookings */

function toBooking(r: OfficesTables['bookings']): Booking {
  return {
    id: r.id,
    roomId: r.room_id,
    title: r.title,
    purpose: r.purpose,
    requesterKind: r.requester_kind as RequesterKind,
    groupId: r.group_id,
    offerId: r.offer_id,
    contactName: r.contact_name,
    contactEmail: r.contact_email,
    contactLocale: r.contact_locale,
    status: r.status as BookingStatus,
    startDate: r.start_date,
    startTime: r.start_time,
    durationMinutes: Number(r.duration_minutes),
    rrule: r.rrule,
    exdates: fromJson<string[]>(r.exdates, []),
    firstStart: r.first_start,
    lastEnd: r.last_end,
    decisionNote: r.decision_note,
    sequence: Number(r.sequence),
    createdAt: r.created_at,
  };
}

export async function insertBooking(db: Db, b: Booking, createdBy: string | null): Promise<void> {
  await db
    .insertInto('bookings')
    .values({
      id: b.id,
      room_id: b.roomId,
      title: b.title,
      purpose: b.purpose,
      requester_kind: b.requesterKind,
      group_id: b.groupId,
      offer_id: b.offerId,
      contact_name: b.contactName,
      contact_email: b.contactEmail,
      contact_locale: b.contactLocale,
      status: b.status,
      start_date: b.startDate,
      start_time: b.startTime,
      duration_minutes: b.durationMinutes,
      rrule: b.rrule,
      exdates: toJson(b.exdates),
      first_start: b.firstStart,
      last_end: b.lastEnd,
      sequence: b.sequence,
      created_by: createdBy,
      created_at: b.createdAt,
      updated_at: b.createdAt,
    } as never)
    .execute();
}

export async function findBooking(db: Db, id: string): Promise<Booking | null> {
  const r = await db.selectFrom('bookings').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toBooking(r) : null;
}

export async function findBookings(db: Db, ids: readonly string[]): Promise<Booking[]> {
  if (ids.length === 0) return [];
  return (await db.selectFrom('bookings').selectAll().where('id', 'in', [...ids]).execute()).map(toBooking);
}

export interface BookingFilter {
  roomIds: readonly string[];
  status?: BookingStatus | undefined;
  from?: string | undefined;
  limit?: number;
  offset?: number;
}

export async function listBookings(db: Db, f: BookingFilter): Promise<{ total: number; items: Booking[] }> {
  if (f.roomIds.length === 0) return { total: 0, items: [] };
  let q = db.selectFrom('bookings').where('room_id', 'in', [...f.roomIds]);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.from) q = q.where('last_end', '>=', f.from);
  const [{ n } = { n: 0 }] = await q.select((eb) => eb.fn.countAll().as('n')).execute();
  const rows = await q
    .selectAll()
    .orderBy('first_start')
    .orderBy('id')
    .limit(f.limit ?? 50)
    .offset(f.offset ?? 0)
    .execute();
  return { total: toCount(n), items: rows.map(toBooking) };
}

export async function updateBookingStatus(db: Db, id: string, patch: { status: BookingStatus; decisionNote?: string | null; decidedBy?: string | null; now: string; bumpSequence?: boolean }): Promise<void> {
  await db
    .updateTable('bookings')
    .set({
      status: patch.status,
      ...(patch.decisionNote !== undefined ? { decision_note: patch.decisionNote } : {}),
      ...(patch.decidedBy !== undefined ? { decided_by: patch.decidedBy, decided_at: patch.now } : {}),
      updated_at: patch.now,
      sequence: sql`sequence + 1`,
    } as never)
    .where('id', '=', id)
    .execute();
}

export async function setBookingExdates(db: Db, id: string, exdates: string[], now: string): Promise<void> {
  await db
    .updateTable('bookings')
    .set({ exdates: toJson(exdates), updated_at: now, sequence: sql`sequence + 1` } as never)
    .where('id', '=', id)
    .execute();
}

/* ---------------------------------------------------------------- occurrences and cells */

export async function insertOccurrences(db: Db, rows: BookingOccurrence[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto('booking_occurrences')
      .values(rows.slice(i, i + 200).map((o) => ({ booking_id: o.bookingId, date: o.date, room_id: o.roomId, start_at: o.startAt, end_at: o.endAt, cancelled: o.cancelled })) as never)
      .execute();
  }
}

export async function insertCells(db: Db, rows: { roomId: string; cellAt: string; bookingId: string; date: string }[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto('booking_cells')
      .values(rows.slice(i, i + 200).map((c) => ({ room_id: c.roomId, cell_at: c.cellAt, booking_id: c.bookingId, date: c.date })) as never)
      .execute();
  }
}

/** Cells of a room already held (by another booking than `exceptBooking`), among the given ones. */
export async function heldCells(db: Db, roomId: string, cells: readonly string[], exceptBooking?: string): Promise<{ cellAt: string; bookingId: string; date: string }[]> {
  const out: { cellAt: string; bookingId: string; date: string }[] = [];
  for (let i = 0; i < cells.length; i += 500) {
    let q = db
      .selectFrom('booking_cells')
      .select(['cell_at', 'booking_id', 'date'])
      .where('room_id', '=', roomId)
      .where('cell_at', 'in', cells.slice(i, i + 500) as string[]);
    if (exceptBooking) q = q.where('booking_id', '<>', exceptBooking);
    for (const r of await q.execute()) out.push({ cellAt: new Date(r.cell_at).toISOString(), bookingId: r.booking_id, date: r.date });
  }
  return out;
}

export async function deleteCells(db: Db, bookingId: string, date?: string): Promise<void> {
  let q = db.deleteFrom('booking_cells').where('booking_id', '=', bookingId);
  if (date) q = q.where('date', '=', date);
  await q.execute();
}

export async function cancelOccurrences(db: Db, bookingId: string, date?: string): Promise<number> {
  let q = db.updateTable('booking_occurrences').set({ cancelled: true } as never).where('booking_id', '=', bookingId).where('cancelled', '=', false as never);
  if (date) q = q.where('date', '=', date);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

function toOccurrence(r: OfficesTables['booking_occurrences']): BookingOccurrence {
  return { bookingId: r.booking_id, date: r.date, roomId: r.room_id, startAt: r.start_at, endAt: r.end_at, cancelled: toBool(r.cancelled) };
}

export async function listOccurrencesOf(db: Db, bookingId: string): Promise<BookingOccurrence[]> {
  return (await db.selectFrom('booking_occurrences').selectAll().where('booking_id', '=', bookingId).orderBy('start_at').execute()).map(toOccurrence);
}

export async function findOccurrencesAt(db: Db, bookingId: string, dates: readonly string[]): Promise<BookingOccurrence[]> {
  if (dates.length === 0) return [];
  return (await db.selectFrom('booking_occurrences').selectAll().where('booking_id', '=', bookingId).where('date', 'in', [...dates]).execute()).map(toOccurrence);
}

/** Active occurrences of active bookings in a room between two instants (free/busy). */
export async function busyOccurrences(db: Db, roomId: string, from: string, to: string): Promise<{ startAt: string; endAt: string; bookingId: string; status: BookingStatus; title: string }[]> {
  const rows = await db
    .selectFrom('booking_occurrences as o')
    .innerJoin('bookings as b', (j) => j.onRef('b.id', '=', 'o.booking_id'))
    .select(['o.start_at', 'o.end_at', 'o.booking_id', 'b.status', 'b.title'])
    .where('o.room_id', '=', roomId)
    .where('o.cancelled', '=', false as never)
    .where('b.status', 'in', ['requested', 'confirmed'])
    .where('o.start_at', '<', to)
    .where('o.end_at', '>', from)
    .orderBy('o.start_at')
    .execute();
  return rows.map((r) => ({ startAt: r.start_at, endAt: r.end_at, bookingId: r.booking_id, status: r.status as BookingStatus, title: r.title }));
}

/* ---------------------------------------------------------------- offers */

function toOffer(r: OfficesTables['offers']): Offer {
  return {
    id: r.id,
    officeId: r.office_id,
    areaId: r.area_id,
    roomId: r.room_id,
    bookingId: r.booking_id,
    groupId: r.group_id,
    title: r.title,
    description: r.description,
    startDate: r.start_date,
    startTime: r.start_time,
    durationMinutes: Number(r.duration_minutes),
    rrule: r.rrule,
    exdates: fromJson<string[]>(r.exdates, []),
    firstStart: r.first_start,
    lastEnd: r.last_end,
    targetGroups: fromJson<string[]>(r.target_groups, []),
    languages: fromJson<string[]>(r.languages, []),
    cost: r.cost,
    accessibilityNotes: r.accessibility_notes,
    registration: toBool(r.registration),
    capacity: r.capacity === null ? null : Number(r.capacity),
    status: r.status as OfferStatus,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function insertOffer(db: Db, o: Offer, createdBy: string | null): Promise<void> {
  await db
    .insertInto('offers')
    .values({
      id: o.id,
      office_id: o.officeId,
      area_id: o.areaId,
      room_id: o.roomId,
      booking_id: o.bookingId,
      group_id: o.groupId,
      title: o.title,
      description: o.description,
      start_date: o.startDate,
      start_time: o.startTime,
      duration_minutes: o.durationMinutes,
      rrule: o.rrule,
      exdates: toJson(o.exdates),
      first_start: o.firstStart,
      last_end: o.lastEnd,
      target_groups: toJson(o.targetGroups),
      languages: toJson(o.languages),
      cost: o.cost,
      accessibility_notes: o.accessibilityNotes,
      registration: o.registration,
      capacity: o.capacity,
      status: o.status,
      created_by: createdBy,
      created_at: o.createdAt,
      updated_at: o.updatedAt,
    } as never)
    .execute();
}

export async function findOffer(db: Db, id: string): Promise<Offer | null> {
  const r = await db.selectFrom('offers').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toOffer(r) : null;
}

export interface OfferFilter {
  areaIds?: readonly string[] | 'all';
  officeId?: string | undefined;
  status?: OfferStatus | undefined;
  groupId?: string | undefined;
  /** Offers whose series ends after / starts before. */
  from?: string | undefined;
  to?: string | undefined;
}

export async function listOffers(db: Db, f: OfferFilter): Promise<Offer[]> {
  if (Array.isArray(f.areaIds) && f.areaIds.length === 0) return [];
  let q = db.selectFrom('offers').selectAll();
  if (Array.isArray(f.areaIds)) q = q.where('area_id', 'in', [...(f.areaIds as string[])]);
  if (f.officeId) q = q.where('office_id', '=', f.officeId);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.groupId) q = q.where('group_id', '=', f.groupId);
  if (f.from) q = q.where('last_end', '>', f.from);
  if (f.to) q = q.where('first_start', '<', f.to);
  return (await q.orderBy('first_start').orderBy('id').execute()).map(toOffer);
}

export async function setOfferStatus(db: Db, id: string, status: OfferStatus, now: string): Promise<void> {
  await db
    .updateTable('offers')
    .set({ status, updated_at: now } as never)
    .where('id', '=', id)
    .execute();
}

/** Locks the offer row for a registration (first statement of the transaction, like lockRoom). */
export async function lockOffer(db: Db, id: string): Promise<void> {
  await db
    .updateTable('offers')
    .set({ capacity: sql`capacity` } as never)
    .where('id', '=', id)
    .execute();
}

/* ---------------------------------------------------------------- registrations */

function toRegistration(r: OfficesTables['offer_registrations']): Registration {
  return { id: r.id, offerId: r.offer_id, name: r.name, email: r.email, places: Number(r.places), status: r.status as RegistrationStatus, createdAt: r.created_at };
}

export async function listRegistrations(db: Db, offerId: string): Promise<Registration[]> {
  return (await db.selectFrom('offer_registrations').selectAll().where('offer_id', '=', offerId).orderBy('created_at').orderBy('id').execute()).map(toRegistration);
}

export async function registeredPlaces(db: Db, offerId: string): Promise<number> {
  const r = await db
    .selectFrom('offer_registrations')
    .select((eb) => eb.fn.sum<number>('places').as('n'))
    .where('offer_id', '=', offerId)
    .where('status', '=', 'registered')
    .executeTakeFirst();
  return toCount(r?.n);
}

export async function insertRegistration(db: Db, r: Registration & { locale: string | null; tokenHash: string }): Promise<void> {
  await db
    .insertInto('offer_registrations')
    .values({ id: r.id, offer_id: r.offerId, name: r.name, email: r.email, locale: r.locale, places: r.places, status: r.status, token_hash: r.tokenHash, created_at: r.createdAt, updated_at: r.createdAt } as never)
    .execute();
}

export async function findRegistrationByToken(db: Db, tokenHash: string): Promise<(Registration & { locale: string | null }) | null> {
  const r = await db.selectFrom('offer_registrations').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  return r ? { ...toRegistration(r), locale: r.locale } : null;
}

export async function findRegistrationLocale(db: Db, id: string): Promise<string | null> {
  const r = await db.selectFrom('offer_registrations').select('locale').where('id', '=', id).executeTakeFirst();
  return r?.locale ?? null;
}

export async function setRegistrationStatus(db: Db, id: string, status: RegistrationStatus, now: string): Promise<void> {
  await db
    .updateTable('offer_registrations')
    .set({ status, updated_at: now } as never)
    .where('id', '=', id)
    .execute();
}

/* ---------------------------------------------------------------- attendance */

export async function listAttendance(db: Db, offerId: string): Promise<Record<string, number>> {
  const rows = await db.selectFrom('offer_attendance').select(['date', 'count']).where('offer_id', '=', offerId).execute();
  return Object.fromEntries(rows.map((r) => [r.date, Number(r.count)]));
}

export async function upsertAttendance(db: Db, offerId: string, date: string, count: number, by: string | null, now: string): Promise<void> {
  await db
    .insertInto('offer_attendance')
    .values({ offer_id: offerId, date, count, recorded_by: by, updated_at: now } as never)
    .onConflict((oc) => oc.columns(['tenant_id', 'offer_id', 'date'] as never).doUpdateSet({ count, recorded_by: by, updated_at: now } as never))
    .execute();
}

/* ---------------------------------------------------------------- advice */

function toAdvice(r: OfficesTables['advice_entries']): AdviceEntry {
  return {
    id: r.id,
    officeId: r.office_id,
    areaId: r.area_id,
    date: r.date,
    channel: r.channel,
    topics: fromJson<string[]>(r.topics, []),
    language: r.language,
    targetGroup: r.target_group,
    referrals: fromJson<string[]>(r.referrals, []),
    durationMinutes: Number(r.duration_minutes),
    followUp: toBool(r.follow_up),
    createdAt: r.created_at,
  };
}

export async function insertAdvice(db: Db, a: AdviceEntry, by: string | null): Promise<void> {
  await db
    .insertInto('advice_entries')
    .values({
      id: a.id,
      office_id: a.officeId,
      area_id: a.areaId,
      date: a.date,
      channel: a.channel,
      topics: toJson(a.topics),
      language: a.language,
      target_group: a.targetGroup,
      referrals: toJson(a.referrals),
      duration_minutes: a.durationMinutes,
      follow_up: a.followUp,
      created_by: by,
      created_at: a.createdAt,
    } as never)
    .execute();
}

export async function listAdvice(db: Db, f: { officeIds: readonly string[]; from: string; to: string }): Promise<AdviceEntry[]> {
  if (f.officeIds.length === 0) return [];
  return (
    await db
      .selectFrom('advice_entries')
      .selectAll()
      .where('office_id', 'in', [...f.officeIds])
      .where('date', '>=', f.from)
      .where('date', '<', f.to)
      .orderBy('date', 'desc')
      .orderBy('created_at', 'desc')
      .execute()
  ).map(toAdvice);
}

/* ---------------------------------------------------------------- figures (reports) */

/**
 * Offers of the areas (published, or cancelled — those held sessions until they were cancelled) whose series
 * overlaps [from, to) (instants). Few rows: an offer is one series of at most a year.
 */
export async function offersOverlapping(db: Db, f: { areaIds: readonly string[]; from: string; to: string }): Promise<Offer[]> {
  if (f.areaIds.length === 0) return [];
  const rows = await db
    .selectFrom('offers')
    .selectAll()
    .where('area_id', 'in', [...f.areaIds])
    .where('status', 'in', ['published', 'cancelled'])
    .where('last_end', '>', f.from)
    .where('first_start', '<', f.to)
    .execute();
  return rows.map(toOffer);
}

/** Registrations with a place (status registered) of these offers. */
export async function countRegistered(db: Db, offerIds: readonly string[]): Promise<number> {
  let n = 0;
  for (let i = 0; i < offerIds.length; i += 500) {
    const r = await db
      .selectFrom('offer_registrations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('offer_id', 'in', offerIds.slice(i, i + 500))
      .where('status', '=', 'registered')
      .executeTakeFirst();
    n += toCount(r?.n);
  }
  return n;
}

/** Attendance recorded for sessions of the areas' offers on the days from…to (inclusive): sum and number of records. */
export async function attendanceTotals(db: Db, f: { areaIds: readonly string[]; fromDate: string; toDate: string }): Promise<{ people: number; records: number }> {
  if (f.areaIds.length === 0) return { people: 0, records: 0 };
  const r = await db
    .selectFrom('offer_attendance as a')
    .innerJoin('offers as o', (j) => j.onRef('o.tenant_id', '=', 'a.tenant_id').onRef('o.id', '=', 'a.offer_id'))
    .select((eb) => [eb.fn.sum<number>('a.count').as('people'), eb.fn.countAll<number>().as('records')])
    .where('o.area_id', 'in', [...f.areaIds])
    .where('a.date', '>=', f.fromDate)
    .where('a.date', '<=', f.toDate)
    .executeTakeFirst();
  return { people: toCount(r?.people), records: toCount(r?.records) };
}

/** Rooms (id, office, active) of the offices of the areas — a small catalogue. */
export async function roomsOfAreas(db: Db, areaIds: readonly string[]): Promise<{ id: string; officeId: string; active: boolean }[]> {
  if (areaIds.length === 0) return [];
  const rows = await db
    .selectFrom('rooms as r')
    .innerJoin('offices as o', (j) => j.onRef('o.tenant_id', '=', 'r.tenant_id').onRef('o.id', '=', 'r.office_id'))
    .select(['r.id', 'r.office_id', 'r.active'])
    .where('o.area_id', 'in', [...areaIds])
    .execute();
  return rows.map((r) => ({ id: r.id, officeId: r.office_id, active: toBool(r.active) }));
}

/**
 * Confirmed booked minutes per room: occurrences (not cancelled) on the Berlin days from…to (an occurrence's `date`
 * is the Berlin day it starts) of confirmed bookings whose series overlaps [from, to) (instants), each weighted by
 * its booking's length. Per booking, its occurrences of the period are a range of the covering index
 * (tenant_id, booking_id, date, cancelled).
 */
export async function bookedMinutesByRoom(db: Db, f: { roomIds: readonly string[]; from: string; to: string; fromDate: string; toDate: string }): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (let i = 0; i < f.roomIds.length; i += 500) {
    const rows = await db
      .selectFrom('bookings as b')
      .innerJoin('booking_occurrences as o', (j) => j.onRef('o.tenant_id', '=', 'b.tenant_id').onRef('o.booking_id', '=', 'b.id'))
      .select((eb) => ['b.room_id', eb.fn.sum<number>('b.duration_minutes').as('minutes')])
      .where('b.room_id', 'in', f.roomIds.slice(i, i + 500))
      .where('b.status', '=', 'confirmed')
      .where('b.last_end', '>', f.from)
      .where('b.first_start', '<', f.to)
      .where('o.date', '>=', f.fromDate)
      .where('o.date', '<=', f.toDate)
      .where('o.cancelled', '=', false as never)
      .groupBy('b.room_id')
      .execute();
    for (const r of rows) out.set(r.room_id, toCount(r.minutes));
  }
  return out;
}

/**
 * Advice entries of the areas on the days from…to (inclusive) per language: how many, how many with a referral,
 * minutes (one pass; the totals are the sums over the languages).
 */
export async function adviceByLanguage(db: Db, f: { areaIds: readonly string[]; fromDate: string; toDate: string }): Promise<{ language: string; entries: number; referred: number; minutes: number }[]> {
  const length = dialectOf(db as Kysely<any>) === 'postgres' ? sql`jsonb_array_length(referrals)` : sql`json_array_length(referrals)`;
  const rows = await db
    .selectFrom('advice_entries')
    .select((eb) => ['language', eb.fn.countAll<number>().as('n'), sql<number>`sum(case when ${length} > 0 then 1 else 0 end)`.as('referred'), eb.fn.sum<number>('duration_minutes').as('minutes')])
    .where('area_id', 'in', [...f.areaIds])
    .where('date', '>=', f.fromDate)
    .where('date', '<=', f.toDate)
    .groupBy('language')
    .execute();
  return rows.map((r) => ({ language: r.language, entries: toCount(r.n), referred: toCount(r.referred), minutes: toCount(r.minutes) }));
}

/**
 * Advice entries of the areas and days per element of a JSON array column (topics or referrals): an entry with two
 * topics counts once for each. The entries are first grouped by the whole array (a few hundred distinct lists),
 * then only those lists are unnested (json_each / jsonb_array_elements_text) — unnesting every row costs far more,
 * above all on PostgreSQL. Raw SQL, so tenant_id is bound here.
 */
export async function adviceByArrayElement(db: Db, tenantId: string, column: 'topics' | 'referrals', f: { areaIds: readonly string[]; fromDate: string; toDate: string }): Promise<{ key: string; count: number }[]> {
  const pg = dialectOf(db as Kysely<any>) === 'postgres';
  const unnest = pg ? sql`cross join lateral jsonb_array_elements_text(x.list) as t(value)` : sql`cross join json_each(x.list) as t`;
  const rows = await sql<{ key: string; n: number | string }>`
    select t.value as key, sum(x.n) as n
    from (
      select ${sql.ref(`a.${column}`)} as list, count(*) as n
      from advice_entries as a
      where a.tenant_id = ${tenantId} and a.area_id in (${sql.join([...f.areaIds])}) and a.date >= ${f.fromDate} and a.date <= ${f.toDate}
      group by ${sql.ref(`a.${column}`)}
    ) as x ${unnest}
    group by t.value`.execute(db);
  return rows.rows.map((r) => ({ key: String(r.key), count: toCount(r.n) }));
}

/* ---------------------------------------------------------------- an address (residents' accounts, ADR 0022) */


/** Offer registrations that may hold the address (candidates: the caller compares exactly), with their offer. */
export async function offerRegistrationsLike(db: Db, pattern: string) {
  return db
    .selectFrom('offer_registrations')
    .innerJoin('offers', (j) => j.onRef('offers.tenant_id', '=', 'offer_registrations.tenant_id').onRef('offers.id', '=', 'offer_registrations.offer_id'))
    .innerJoin('offices', (j) => j.onRef('offices.tenant_id', '=', 'offers.tenant_id').onRef('offices.id', '=', 'offers.office_id'))
    .select([
      'offer_registrations.id',
      'offer_registrations.offer_id',
      'offer_registrations.name',
      'offer_registrations.email',
      'offer_registrations.places',
      'offer_registrations.status',
      'offer_registrations.created_at',
      'offers.title as offer_title',
      'offers.first_start',
      'offers.last_end',
      'offers.rrule',
      'offers.status as offer_status',
      'offices.name as office_name',
    ])
    .where('offer_registrations.email', '!=', '')
    .where(addressLike('offer_registrations.email', pattern))
    .orderBy('offer_registrations.created_at')
    .orderBy('offer_registrations.id')
    .execute();
}

/**
 * Erases the person from offer registrations: name, address and language cleared, the cancel link stops working.
 * A held place keeps its status and number of places: the offer's figures stay, anonymous. On request (account
 * deletion) a place on the waiting list is given up; the retention job (offices.retention.ts) keeps the status
 * (`giveUpWaitingPlaces: false`): the offer is over, the row only counts. Returns the number of rows erased.
 */
export async function eraseOfferRegistrations(db: Db, ids: string[], now: string, opts: { giveUpWaitingPlaces?: boolean } = {}): Promise<number> {
  if (ids.length === 0) return 0;
  const r = await db
    .updateTable('offer_registrations')
    .set({ name: '', email: '', locale: null, token_hash: sql<string>`'erased:' || ${sql.ref('id')}`, updated_at: now } as never)
    .where('id', 'in', ids)
    .executeTakeFirst();
  if (opts.giveUpWaitingPlaces ?? true) await db.updateTable('offer_registrations').set({ status: 'cancelled' }).where('id', 'in', ids).where('status', '=', 'waitlisted').execute();
  return Number(r.numUpdatedRows);
}

/* ---------------------------------------------------------------- retention (offices.retention.ts) */

/**
 * Up to `limit` ids (in id order, after `afterId`) of registrations of offers whose last session ended before
 * `before` that still hold something of the person (name, address, language or a working cancel link).
 */
export async function registrationsToErase(db: Db, before: string, afterId: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('offer_registrations')
    .innerJoin('offers', (j) => j.onRef('offers.tenant_id', '=', 'offer_registrations.tenant_id').onRef('offers.id', '=', 'offer_registrations.offer_id'))
    .select('offer_registrations.id')
    .where('offers.last_end', '<', before)
    .where('offer_registrations.id', '>', afterId)
    .where((eb) =>
      eb.or([
        eb('offer_registrations.name', '!=', ''),
        eb('offer_registrations.email', '!=', ''),
        eb('offer_registrations.locale', 'is not', null),
        eb('offer_registrations.token_hash', 'not like', 'erased:%'),
      ]),
    )
    .orderBy('offer_registrations.id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** Up to `limit` ids (in id order, after `afterId`) of bookings whose last occurrence ended before `before` that still have a contact. */
export async function bookingContactsToErase(db: Db, before: string, afterId: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('bookings')
    .select('id')
    .where('last_end', '<', before)
    .where('id', '>', afterId)
    .where((eb) => eb.or([eb('contact_name', 'is not', null), eb('contact_email', 'is not', null), eb('contact_locale', 'is not', null)]))
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** Room bookings whose contact address may be this one (candidates), with room and office. */
export async function bookingsWithContactLike(db: Db, pattern: string) {
  return db
    .selectFrom('bookings')
    .innerJoin('rooms', (j) => j.onRef('rooms.tenant_id', '=', 'bookings.tenant_id').onRef('rooms.id', '=', 'bookings.room_id'))
    .innerJoin('offices', (j) => j.onRef('offices.tenant_id', '=', 'rooms.tenant_id').onRef('offices.id', '=', 'rooms.office_id'))
    .select([
      'bookings.id',
      'bookings.title',
      'bookings.purpose',
      'bookings.requester_kind',
      'bookings.contact_name',
      'bookings.contact_email',
      'bookings.status',
      'bookings.start_date',
      'bookings.start_time',
      'bookings.duration_minutes',
      'bookings.rrule',
      'bookings.first_start',
      'bookings.last_end',
      'bookings.created_at',
      'rooms.name as room_name',
      'offices.name as office_name',
    ])
    .where('bookings.contact_email', 'is not', null)
    .where(addressLike('bookings.contact_email', pattern))
    .orderBy('bookings.created_at')
    .orderBy('bookings.id')
    .execute();
}

/** Removes the contact (name, address, language) from bookings; the bookings stay. */
export async function eraseBookingContacts(db: Db, ids: string[], now: string): Promise<number> {
  if (ids.length === 0) return 0;
  const r = await db.updateTable('bookings').set({ contact_name: null, contact_email: null, contact_locale: null, updated_at: now }).where('id', 'in', ids).executeTakeFirst();
  return Number(r.numUpdatedRows);
}
