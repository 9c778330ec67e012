/**
 * Use cases of the offices module: offices (hours, closures), rooms, bookings (the conflict-free booking engine),
 * offers with registrations and attendance counts, and the anonymous advice log. Writes follow one pattern:
 * authorize (policy, with the office's programme area as the resource) → validate → transaction → rules → write →
 * audit → after commit: e-mail.
 *
 * No double booking (see docs/adr/0014-conflict-free-bookings-room-lock-and-cells.md): every booking transaction starts by locking the
 * room row (lockRoom), looks for held 15-minute cells, and writes the cells of its occurrences; the primary key
 * (tenant_id, room_id, cell_at) refuses a second holder even if two writers got past the check.
 *
 * Privacy: contact names and e-mails of bookings and registrations never enter the audit log, public pages or
 * feeds (free/busy shows times only). Advice entries hold no personal data at all.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { diff, recordAudit, type AuditTables } from '../../platform/audit';
import { authorize, can, scopeFor, type Action, type Principal } from '../../platform/auth/policy';
import { addDays, berlinDate, berlinWallClock, buildIcs, expandRecurrence, isDate, isTime, parseRule, RecurrenceError, ruleFor, type Frequency, type Occurrence } from '../../platform/calendar';
import type { Config } from '../../platform/config';
import { nowIso } from '../../platform/db/dialect';
import type { TenantDb } from '../../platform/db/tenant-scope';
import { AppError, errors, type FieldError } from '../../platform/errors';
import { actorOf, type ServiceContext } from '../../platform/http/context';
import { isLocale, type Locale } from '../../platform/i18n';
import { newId, newToken } from '../../platform/ids';
import { renderMail, sendMail, type MailMessage } from '../../platform/mail';
import * as q from './offices.queries';
import { indexOffer } from './offices.search';
import { cellsOf, checkHours, checkRoomRules, hoursOn, instantOf, MAX_SERIES_DAYS, onGrid, openState, type HoursContext, type Slot } from './offices.rules';
import type {
  AdviceEntry,
  AdviceMonth,
  BookableBy,
  Booking,
  BookingStatus,
  Closure,
  Conflict,
  Interval,
  Offer,
  OfferSession,
  OfferStatus,
  Office,
  OpenState,
  Registration,
  RequesterKind,
  Room,
} from './offices.types';

type AnyDb = TenantDb<any> | Kysely<any>;

function tdb(db: AnyDb): q.Db {
  return db as unknown as q.Db;
}
function auditDb(db: q.Db): Kysely<AuditTables> {
  return db as unknown as Kysely<AuditTables>;
}

/** Where e-mails go out from (config) and which origin their links use. Null: no mail. */
export interface MailOut {
  config: Config;
  linkBase: string;
}

export type OfficesContext = ServiceContext & { mail?: MailOut | null; now?: Date };

const PUBLIC_ACTOR = { id: null, label: 'public' };

function nowOf(ctx: { now?: Date }): Date {
  return ctx.now ?? new Date();
}

function officeResource(o: Pick<Office, 'areaId'>) {
  return { areaIds: [o.areaId] };
}

export function canOnOffice(user: Principal | null | undefined, action: Action, office: Pick<Office, 'areaId'>): boolean {
  return can(user, action, officeResource(office));
}

/** Sends a mail after the commit; a mail failure never undoes the write (the staff page shows the state). */
async function sendSafely(ctx: { mail?: MailOut | null; tenant: { name: string } }, locale: string | null, key: string, to: string | null, params: Record<string, string | number>, icalEvent?: MailMessage['icalEvent']): Promise<boolean> {
  const mail = ctx.mail;
  if (!mail || !to) return false;
  const loc: Locale = isLocale(locale) ? locale : 'de';
  try {
    await sendMail(mail.config, { ...renderMail(loc, key, to, { tenant: ctx.tenant.name, ...params }), ...(icalEvent ? { icalEvent } : {}) });
    return true;
  } catch {
    return false;
  }
}

/* ================================================================ offices */

export async function listOffices(db: AnyDb, opts: { areaIds?: 'all' | readonly string[] } = {}): Promise<Office[]> {
  return q.listOffices(tdb(db), opts.areaIds ?? 'all');
}

export async function getOffice(db: AnyDb, id: string): Promise<Office | null> {
  return q.findOffice(tdb(db), id);
}

export async function getOfficeBySlug(db: AnyDb, slug: string): Promise<Office | null> {
  return q.findOfficeBySlug(tdb(db), slug);
}

/** Offices a user may act on for an action (e.g. the offices whose advice a district worker records). */
export async function officesInScope(ctx: Pick<ServiceContext, 'db' | 'user'>, action: Action): Promise<Office[]> {
  return q.listOffices(tdb(ctx.db), scopeFor(ctx.user, action));
}

export type OfficeInput = q.OfficeFields;

function checkOffice(o: OfficeInput): FieldError[] {
  const errs = checkHours(o.hours);
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(o.slug)) errs.push({ field: 'slug', key: 'offices.error.slug' });
  if ((o.lat === null) !== (o.lon === null)) errs.push({ field: 'lat', key: 'offices.error.latLon' });
  return errs;
}

export async function createOffice(ctx: OfficesContext, input: OfficeInput): Promise<Office> {
  authorize(ctx.user, 'offices.manage', officeResource(input));
  const errs = checkOffice(input);
  if (await q.findOfficeBySlug(tdb(ctx.db), input.slug)) errs.push({ field: 'slug', key: 'offices.error.slugTaken' });
  if (errs.length) throw errors.validation(errs);
  const id = newId('ofc');
  const now = nowIso();
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      await q.insertOffice(trx, id, input, now);
      await recordAudit(auditDb(trx), { actor: actorOf(ctx), entityType: 'office', entityId: id, action: 'create', changes: diff(null, { ...input }), requestId: ctx.requestId });
    });
  return (await q.findOffice(tdb(ctx.db), id))!;
}

export async function updateOffice(ctx: OfficesContext, id: string, input: OfficeInput): Promise<Office> {
  const current = await requireOffice(ctx.db, id);
  authorize(ctx.user, 'offices.manage', officeResource(current));
  authorize(ctx.user, 'offices.manage', officeResource(input));
  const errs = checkOffice(input);
  const other = await q.findOfficeBySlug(tdb(ctx.db), input.slug);
  if (other && other.id !== id) errs.push({ field: 'slug', key: 'offices.error.slugTaken' });
  if (errs.length) throw errors.validation(errs);
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      await q.updateOffice(trx, id, input, nowIso());
      const { id: _i, createdAt: _c, updatedAt: _u, ...before } = current;
      await recordAudit(auditDb(trx), { actor: actorOf(ctx), entityType: 'office', entityId: id, action: 'update', changes: diff({ ...before }, { ...input }), requestId: ctx.requestId });
    });
  return (await q.findOffice(tdb(ctx.db), id))!;
}

export async function requireOffice(db: AnyDb, id: string): Promise<Office> {
  const o = await q.findOffice(tdb(db), id);
  if (!o) throw errors.notFound('office');
  return o;
}

export async function listClosures(db: AnyDb, officeId: string, fromDate?: string): Promise<Closure[]> {
  return q.listClosures(tdb(db), [officeId], fromDate);
}

export async function addClosure(ctx: OfficesContext, officeId: string, input: { fromDate: string; toDate: string; hours: Interval[] | null; reason: string | null }): Promise<Closure> {
  const office = await requireOffice(ctx.db, officeId);
  authorize(ctx.user, 'offices.manage', officeResource(office));
  const errs: FieldError[] = [];
  if (!isDate(input.fromDate)) errs.push({ field: 'fromDate', key: 'form.error.date' });
  if (!isDate(input.toDate) || input.toDate < input.fromDate) errs.push({ field: 'toDate', key: 'offices.error.dateOrder' });
  if (input.hours) errs.push(...checkHours({ x: input.hours }).map((e) => ({ ...e, field: 'hours' })));
  if (errs.length) throw errors.validation(errs);
  const closure: Closure = { id: newId('ocl'), officeId, fromDate: input.fromDate, toDate: input.toDate, hours: input.hours, reason: input.reason };
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      await q.insertClosure(trx, closure);
      await recordAudit(auditDb(trx), { actor: actorOf(ctx), entityType: 'office', entityId: officeId, action: 'closure_add', changes: diff(null, { closure: { ...closure } }), requestId: ctx.requestId });
    });
  return closure;
}

export async function removeClosure(ctx: OfficesContext, officeId: string, closureId: string): Promise<void> {
  const office = await requireOffice(ctx.db, officeId);
  authorize(ctx.user, 'offices.manage', officeResource(office));
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      const n = await q.deleteClosure(trx, officeId, closureId);
      if (!n) throw errors.notFound('closure');
      await recordAudit(auditDb(trx), { actor: actorOf(ctx), entityType: 'office', entityId: officeId, action: 'closure_remove', changes: { closure: { from: closureId, to: null } }, requestId: ctx.requestId });
    });
}

async function hoursContext(db: AnyDb, office: Office, fromDate?: string): Promise<HoursContext> {
  return { hours: office.hours, closedOnHolidays: office.closedOnHolidays, closures: await q.listClosures(tdb(db), [office.id], fromDate) };
}

/** "Open now / opens at …" (Europe/Berlin) and the next 14 days' hours of an office. */
export async function officeStatus(db: AnyDb, office: Office, now = new Date()): Promise<{ state: OpenState; days: { date: string; intervals: Interval[]; reason: string; note: string | null }[] }> {
  const today = berlinDate(now);
  const ctx = await hoursContext(db, office, today);
  const days = Array.from({ length: 14 }, (_, i) => addDays(today, i)).map((date) => ({ date, ...hoursOn(ctx, date) }));
  return { state: openState(ctx, now), days };
}

/* ================================================================ rooms */

export type RoomInput = q.RoomFields;

/** Rooms to choose from (for other modules' forms): active rooms of offices in the given programme areas. */
export async function listRoomChoices(db: AnyDb, opts: { areaIds: 'all' | readonly string[]; bookableBy?: BookableBy }): Promise<{ id: string; name: string; officeId: string; officeName: string; areaId: string; capacity: number; bookableBy: BookableBy }[]> {
  const offices = await q.listOffices(tdb(db), opts.areaIds);
  const rooms = await q.listRooms(
    tdb(db),
    offices.map((o) => o.id),
  );
  const byId = new Map(offices.map((o) => [o.id, o]));
  const rank: Record<BookableBy, number> = { staff: 0, groups: 1, public: 2 };
  return rooms
    .filter((r) => r.active && (!opts.bookableBy || rank[r.bookableBy] >= rank[opts.bookableBy]))
    .map((r) => {
      const o = byId.get(r.officeId)!;
      return { id: r.id, name: r.name, officeId: o.id, officeName: o.name, areaId: o.areaId, capacity: r.capacity, bookableBy: r.bookableBy };
    })
    .sort((a, b) => `${a.officeName} ${a.name}`.localeCompare(`${b.officeName} ${b.name}`, 'de'));
}

export async function listRooms(db: AnyDb, officeId: string): Promise<Room[]> {
  return q.listRooms(tdb(db), [officeId]);
}

export async function getRoom(db: AnyDb, id: string): Promise<Room | null> {
  return q.findRoom(tdb(db), id);
}

function checkRoom(r: RoomInput): FieldError[] {
  const errs: FieldError[] = [];
  if (r.minMinutes % 15 !== 0 || r.minMinutes < 15) errs.push({ field: 'minMinutes', key: 'offices.error.grid' });
  if (r.maxMinutes % 15 !== 0 || r.maxMinutes < r.minMinutes) errs.push({ field: 'maxMinutes', key: 'offices.error.maxBelowMin' });
  return errs;
}

export async function createRoom(ctx: OfficesContext, input: RoomInput): Promise<Room> {
  const office = await requireOffice(ctx.db, input.officeId);
  authorize(ctx.user, 'offices.manage', officeResource(office));
  const errs = checkRoom(input);
  if (errs.length) throw errors.validation(errs);
  const id = newId('rom');
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      await q.insertRoom(trx, id, input, nowIso());
      await recordAudit(auditDb(trx), { actor: actorOf(ctx), entityType: 'room', entityId: id, action: 'create', changes: diff(null, { ...input }), requestId: ctx.requestId });
    });
  return (await q.findRoom(tdb(ctx.db), id))!;
}

export async function updateRoom(ctx: OfficesContext, id: string, input: Omit<RoomInput, 'officeId'>): Promise<Room> {
  const current = await requireRoom(ctx.db, id);
  const office = await requireOffice(ctx.db, current.officeId);
  authorize(ctx.user, 'offices.manage', officeResource(office));
  const next = { ...input, officeId: current.officeId };
  const errs = checkRoom(next);
  if (errs.length) throw errors.validation(errs);
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      await q.updateRoom(trx, id, next, nowIso());
      const { id: _i, ...before } = current;
      await recordAudit(auditDb(trx), { actor: actorOf(ctx), entityType: 'room', entityId: id, action: 'update', changes: diff({ ...before }, { ...next }), requestId: ctx.requestId });
    });
  return (await q.findRoom(tdb(ctx.db), id))!;
}

export async function requireRoom(db: AnyDb, id: string): Promise<Room> {
  const r = await q.findRoom(tdb(db), id);
  if (!r) throw errors.notFound('room');
  return r;
}

/* ================================================================ bookings */

export interface RecurrenceSpec {
  /** weekly | biweekly | monthly (forms), or a raw RRULE value (API, offers). */
  freq?: Frequency | null;
  rrule?: string | null;
  /** Last date of the series (YYYY-MM-DD); at most MAX_SERIES_DAYS after the first. */
  until?: string | null;
  /** Dates without an occurrence. */
  exdates?: string[];
}

export interface BookingInput {
  roomId: string;
  title: string;
  purpose?: string | null;
  /** Berlin date and time of the (first) occurrence. */
  date: string;
  time: string;
  durationMinutes: number;
  recurrence?: RecurrenceSpec | null;
  requesterKind: Exclude<RequesterKind, 'offer'>;
  groupId?: string | null;
  contactName?: string | null;
  contactEmail?: string | null;
  locale?: string | null;
}

export interface BookingResult {
  booking: Booking;
  status: BookingStatus;
  occurrences: number;
}

interface Schedule {
  startDate: string;
  startTime: string;
  durationMinutes: number;
  rrule: string | null;
  exdates: string[];
  slots: Slot[];
}

/** Validates date, time, length and recurrence and expands the occurrences (field errors on bad input). */
export function scheduleOf(input: { date: string; time: string; durationMinutes: number; recurrence?: RecurrenceSpec | null }): Schedule {
  const errs: FieldError[] = [];
  if (!isDate(input.date)) errs.push({ field: 'date', key: 'form.error.date' });
  if (!isTime(input.time)) errs.push({ field: 'time', key: 'offices.error.time' });
  if (!Number.isInteger(input.durationMinutes) || input.durationMinutes <= 0 || input.durationMinutes > 24 * 60) errs.push({ field: 'duration', key: 'offices.error.duration' });
  if (!errs.length && !onGrid(input.time, input.durationMinutes)) errs.push({ field: 'time', key: 'offices.error.grid' });
  if (errs.length) throw errors.validation(errs);
  const rec = input.recurrence;
  const exdates = [...new Set((rec?.exdates ?? []).filter((d) => d.trim() !== ''))].sort();
  if (exdates.some((d) => !isDate(d))) throw errors.validation([{ field: 'exdates', key: 'offices.error.exdates' }]);
  const horizon = addDays(input.date, MAX_SERIES_DAYS);
  let rrule: string | null = null;
  if (rec && (rec.freq || rec.rrule)) {
    if (rec.until && (!isDate(rec.until) || rec.until < input.date)) throw errors.validation([{ field: 'until', key: 'offices.error.until' }]);
    if (rec.until && rec.until > horizon) throw errors.validation([{ field: 'until', key: 'offices.error.untilTooFar', params: { days: MAX_SERIES_DAYS } }]);
    const until = rec.until ?? horizon;
    rrule = rec.freq ? ruleFor(rec.freq, input.date, until) : rec.rrule!.replace(/^RRULE:/i, '').trim();
    if (!rec.freq && !/(UNTIL|COUNT)=/i.test(rrule)) rrule = `${rrule};UNTIL=${until.replace(/-/g, '')}T235959`;
    try {
      parseRule(rrule, input.date, input.time);
    } catch (e) {
      if (e instanceof RecurrenceError) throw errors.validation([{ field: 'recurrence', key: 'offices.error.rrule' }]);
      throw e;
    }
  }
  const start = instantOf(input.date, input.time);
  let occ: Occurrence[];
  if (rrule) {
    const to = instantOf(addDays(horizon, 1), '00:00');
    occ = expandRecurrence({ rrule, startDate: input.date, startTime: input.time, durationMinutes: input.durationMinutes, exdates }, new Date(start.getTime() - 1), to, 400);
  } else {
    occ = [{ start, end: new Date(start.getTime() + input.durationMinutes * 60_000), date: input.date }];
  }
  if (occ.length === 0) throw errors.validation([{ field: 'recurrence', key: 'offices.error.noOccurrence' }]);
  return { startDate: input.date, startTime: input.time, durationMinutes: input.durationMinutes, rrule, exdates, slots: occ.map((o) => ({ date: o.date, start: o.start, end: o.end })) };
}

function conflictError(conflicts: Conflict[]): AppError {
  return new AppError(409, 'booking_conflict', 'The room is already booked at that time.', {
    conflicts,
    fields: [{ field: 'date', key: 'offices.error.conflict', params: { count: conflicts.length } }],
  });
}

export function isConflict(e: unknown): e is AppError & { details: { conflicts: Conflict[] } } {
  return e instanceof AppError && e.code === 'booking_conflict';
}

function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: string } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** Which occurrences clash with held cells of other bookings (one Conflict per clashing occurrence). */
async function conflictsFor(db: q.Db, roomId: string, slots: readonly Slot[], exceptBooking?: string): Promise<Conflict[]> {
  const cellToSlot = new Map<string, Slot>();
  for (const s of slots) for (const c of cellsOf(s.start, s.end)) cellToSlot.set(c, s);
  const held = await q.heldCells(db, roomId, [...cellToSlot.keys()], exceptBooking);
  if (held.length === 0) return [];
  const bookings = new Map((await q.findBookings(db, [...new Set(held.map((h) => h.bookingId))])).map((b) => [b.id, b]));
  const seen = new Set<string>();
  const out: Conflict[] = [];
  for (const h of held.sort((a, b) => a.cellAt.localeCompare(b.cellAt))) {
    const slot = cellToSlot.get(h.cellAt)!;
    const key = `${slot.date}|${h.bookingId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ date: slot.date, start: slot.start.toISOString(), end: slot.end.toISOString(), bookingId: h.bookingId, title: bookings.get(h.bookingId)?.title ?? '' });
  }
  return out;
}

/**
 * Conflicts of a planned booking (single or recurring) in a room — for a preview before requesting, and the
 * bench. Does not write. Throws field errors on bad input.
 */
export async function findConflicts(db: AnyDb, input: { roomId: string; date: string; time: string; durationMinutes: number; recurrence?: RecurrenceSpec | null; exceptBookingId?: string }): Promise<Conflict[]> {
  const schedule = scheduleOf(input);
  return conflictsFor(tdb(db), input.roomId, schedule.slots, input.exceptBookingId);
}

/** Who may request this room in this way? Throws 401/403 otherwise. */
function authorizeRequest(ctx: OfficesContext, room: Room, office: Office, kind: BookingInput['requesterKind']): void {
  if (kind === 'staff' || ctx.user) {
    authorize(ctx.user, 'bookings.request', officeResource(office));
    return;
  }
  if (kind === 'group' && (room.bookableBy === 'groups' || room.bookableBy === 'public')) return;
  if (kind === 'public' && room.bookableBy === 'public') return;
  throw errors.forbidden('bookings.request');
}

/** Writes a booking with its occurrences and cells inside an open transaction. The room must be locked. */
async function writeBooking(trx: q.Db, booking: Booking, schedule: Schedule, createdBy: string | null): Promise<void> {
  await q.insertBooking(trx, booking, createdBy);
  await q.insertOccurrences(
    trx,
    schedule.slots.map((s) => ({ bookingId: booking.id, date: s.date, roomId: booking.roomId, startAt: s.start.toISOString(), endAt: s.end.toISOString(), cancelled: false })),
  );
  await q.insertCells(
    trx,
    schedule.slots.flatMap((s) => cellsOf(s.start, s.end).map((cellAt) => ({ roomId: booking.roomId, cellAt, bookingId: booking.id, date: s.date }))),
  );
}

function newBooking(input: { roomId: string; title: string; purpose?: string | null; requesterKind: RequesterKind; groupId?: string | null; offerId?: string | null; contactName?: string | null; contactEmail?: string | null; locale?: string | null }, schedule: Schedule, status: BookingStatus): Booking {
  const now = nowIso();
  return {
    id: newId('bkg'),
    roomId: input.roomId,
    title: input.title,
    purpose: input.purpose ?? null,
    requesterKind: input.requesterKind,
    groupId: input.groupId ?? null,
    offerId: input.offerId ?? null,
    contactName: input.contactName ?? null,
    contactEmail: input.contactEmail ?? null,
    contactLocale: input.locale ?? null,
    status,
    startDate: schedule.startDate,
    startTime: schedule.startTime,
    durationMinutes: schedule.durationMinutes,
    rrule: schedule.rrule,
    exdates: schedule.exdates,
    firstStart: schedule.slots[0]!.start.toISOString(),
    lastEnd: schedule.slots[schedule.slots.length - 1]!.end.toISOString(),
    decisionNote: null,
    sequence: 0,
    createdAt: now,
  };
}

/** Audit view of a booking: no contact data, only whether there is some. */
function bookingAudit(b: Booking) {
  return { roomId: b.roomId, title: b.title, requesterKind: b.requesterKind, groupId: b.groupId, offerId: b.offerId, status: b.status, startDate: b.startDate, startTime: b.startTime, durationMinutes: b.durationMinutes, rrule: b.rrule, exdates: b.exdates, hasContact: !!b.contactEmail };
}

/**
 * Requests a booking: by staff on behalf of someone (requesterKind 'staff'; office managers may confirm at once
 * with `confirm`), by a group's contact person ('group', with groupId) or through the public form ('public').
 * Checks the room's rules and conflicts (recurrences included) and holds the slots while the request is open;
 * a clash throws a 409 AppError (code booking_conflict, details.conflicts).
 */
export async function requestBooking(ctx: OfficesContext, input: BookingInput & { confirm?: boolean }): Promise<BookingResult> {
  const room = await q.findRoom(tdb(ctx.db), input.roomId);
  if (!room || !room.active) throw errors.validation([{ field: 'roomId', key: 'offices.error.room' }]);
  const office = await requireOffice(ctx.db, room.officeId);
  authorizeRequest(ctx, room, office, input.requesterKind);
  const errs: FieldError[] = [];
  if (!input.title.trim()) errs.push({ field: 'title', key: 'form.error.required' });
  if (input.requesterKind !== 'staff' && !input.contactEmail) errs.push({ field: 'contactEmail', key: 'form.error.required' });
  if (input.requesterKind === 'group' && !input.groupId) errs.push({ field: 'groupId', key: 'form.error.required' });
  if (errs.length) throw errors.validation(errs);
  const schedule = scheduleOf(input);
  const staff = !!ctx.user && can(ctx.user, 'bookings.request', officeResource(office));
  const ruleErrors = checkRoomRules(room, await hoursContext(ctx.db, office, schedule.startDate), schedule.slots, schedule.durationMinutes, nowOf(ctx), { staff });
  if (ruleErrors.length) throw errors.validation(ruleErrors);
  const confirm = !!input.confirm && can(ctx.user, 'bookings.decide', officeResource(office));
  const booking = newBooking({ ...input, title: input.title.trim() }, schedule, confirm ? 'confirmed' : 'requested');
  await reserve(ctx, booking, schedule, ctx.user ? actorOf(ctx) : PUBLIC_ACTOR);
  const base = ctx.mail?.linkBase ?? '';
  await sendSafely(ctx, booking.contactLocale, confirm ? 'offices.mail.bookingConfirmed' : 'offices.mail.bookingRequested', booking.contactEmail, mailParams(booking, room, office, base), confirm ? bookingIcs(booking, room, office, 'REQUEST') : undefined);
  return { booking, status: booking.status, occurrences: schedule.slots.length };
}

/** The transaction that holds the slots: lock room → look for conflicts → write → audit. */
async function reserve(ctx: ServiceContext, booking: Booking, schedule: Schedule, actor: { id: string | null; label: string }, inTrx?: q.Db): Promise<void> {
  const run = async (trx: q.Db) => {
    if (!(await q.lockRoom(trx, booking.roomId))) throw errors.notFound('room');
    const conflicts = await conflictsFor(trx, booking.roomId, schedule.slots);
    if (conflicts.length) throw conflictError(conflicts);
    await writeBooking(trx, booking, schedule, ctx.user?.id ?? null);
    await recordAudit(auditDb(trx), { actor, entityType: 'booking', entityId: booking.id, action: 'request', changes: diff(null, bookingAudit(booking)), requestId: ctx.requestId });
  };
  try {
    if (inTrx) await run(inTrx);
    else await tdb(ctx.db).transaction().execute(run);
  } catch (e) {
    // A second writer that got past the check despite the lock is stopped by the cells' primary key.
    if (isUniqueViolation(e)) {
      const conflicts = await conflictsFor(tdb(ctx.db), booking.roomId, schedule.slots).catch(() => []);
      throw conflictError(conflicts);
    }
    throw e;
  }
}

/** The booking as an iCalendar object for the requester's calendar (REQUEST when confirmed, CANCEL when cancelled). */
function bookingIcs(b: Booking, room: Room, office: Office, method: 'REQUEST' | 'CANCEL'): MailMessage['icalEvent'] {
  const start = new Date(b.firstStart);
  const content = buildIcs({
    name: b.title,
    method,
    events: [
      {
        uid: `${b.id}@quartier`,
        start,
        end: new Date(start.getTime() + b.durationMinutes * 60_000),
        summary: b.title,
        location: `${room.name}, ${office.name}`,
        sequence: b.sequence,
        status: method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED',
        recurrence: b.rrule ? { rrule: b.rrule, exdates: b.exdates } : null,
      },
    ],
  });
  return { method, content, filename: 'raumbuchung.ics' };
}

function mailParams(b: Booking, room: Room, office: Office, base: string): Record<string, string | number> {
  const first = berlinWallClock(new Date(b.firstStart));
  return {
    title: b.title,
    room: room.name,
    office: office.name,
    date: first.date,
    time: first.time,
    duration: b.durationMinutes,
    series: b.rrule ? 'yes' : 'no',
    note: b.decisionNote ?? '',
    page: `${base}/offices/${office.slug}`,
  };
}

export async function getBooking(db: AnyDb, id: string): Promise<Booking | null> {
  return q.findBooking(tdb(db), id);
}

export async function bookingOccurrences(db: AnyDb, id: string) {
  return q.listOccurrencesOf(tdb(db), id);
}

async function bookingScope(ctx: ServiceContext, id: string, action: Action): Promise<{ booking: Booking; room: Room; office: Office }> {
  const booking = await q.findBooking(tdb(ctx.db), id);
  if (!booking) throw errors.notFound('booking');
  const room = await requireRoom(ctx.db, booking.roomId);
  const office = await requireOffice(ctx.db, room.officeId);
  authorize(ctx.user, action, officeResource(office));
  return { booking, room, office };
}

/** Staff view of one booking (with contact data): offices.read in the office's area. */
export async function getBookingForStaff(ctx: ServiceContext, id: string) {
  const s = await bookingScope(ctx, id, 'offices.read');
  return { ...s, occurrences: await q.listOccurrencesOf(tdb(ctx.db), id) };
}

/** Confirms a requested booking; re-checks conflicts (recurrences included) under the room lock. */
export async function confirmBooking(ctx: OfficesContext, id: string, note?: string | null): Promise<Booking> {
  const { booking, room, office } = await bookingScope(ctx, id, 'bookings.decide');
  if (booking.status !== 'requested') throw errors.conflict('booking_not_open', 'Only open requests can be confirmed.');
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      await q.lockRoom(trx, room.id);
      const occ = (await q.listOccurrencesOf(trx, id)).filter((o) => !o.cancelled);
      const slots = occ.map((o) => ({ date: o.date, start: new Date(o.startAt), end: new Date(o.endAt) }));
      const conflicts = await conflictsFor(trx, room.id, slots, id);
      if (conflicts.length) throw conflictError(conflicts);
      await q.updateBookingStatus(trx, id, { status: 'confirmed', decisionNote: note ?? null, decidedBy: ctx.user?.id ?? null, now: nowIso() });
      await recordAudit(auditDb(trx), { actor: actorOf(ctx), entityType: 'booking', entityId: id, action: 'confirm', changes: { status: { from: 'requested', to: 'confirmed' } }, requestId: ctx.requestId });
    });
  const updated = (await q.findBooking(tdb(ctx.db), id))!;
  await sendSafely(ctx, updated.contactLocale, 'offices.mail.bookingConfirmed', updated.contactEmail, mailParams(updated, room, office, ctx.mail?.linkBase ?? ''), bookingIcs(updated, room, office, 'REQUEST'));
  return updated;
}

/** Declines a request and frees its slots. */
export async function declineBooking(ctx: OfficesContext, id: string, note?: string | null): Promise<Booking> {
  const { booking, room, office } = await bookingScope(ctx, id, 'bookings.decide');
  if (booking.status !== 'requested') throw errors.conflict('booking_not_open', 'Only open requests can be declined.');
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      await q.lockRoom(trx, room.id);
      await q.deleteCells(trx, id);
      await q.updateBookingStatus(trx, id, { status: 'declined', decisionNote: note ?? null, decidedBy: ctx.user?.id ?? null, now: nowIso() });
      await recordAudit(auditDb(trx), { actor: actorOf(ctx), entityType: 'booking', entityId: id, action: 'decline', changes: { status: { from: 'requested', to: 'declined' } }, requestId: ctx.requestId });
    });
  const updated = (await q.findBooking(tdb(ctx.db), id))!;
  await sendSafely(ctx, updated.contactLocale, 'offices.mail.bookingDeclined', updated.contactEmail, mailParams(updated, room, office, ctx.mail?.linkBase ?? ''));
  return updated;
}

/**
 * Cancels a whole booking (series) or one occurrence (date). Staff who may decide, or who may request in the
 * office's area, can cancel. Frees the slots.
 */
export async function cancelBooking(ctx: OfficesContext, id: string, opts: { date?: string | null; note?: string | null } = {}): Promise<Booking> {
  const { booking, room, office } = await bookingScope(ctx, id, 'bookings.request');
  if (booking.status === 'declined' || booking.status === 'cancelled') throw errors.conflict('booking_closed', 'The booking is no longer active.');
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      await q.lockRoom(trx, room.id);
      if (opts.date) {
        const [occ] = await q.findOccurrencesAt(trx, id, [opts.date]);
        if (!occ || occ.cancelled) throw errors.validation([{ field: 'date', key: 'offices.error.noSuchOccurrence' }]);
        await q.cancelOccurrences(trx, id, opts.date);
        await q.deleteCells(trx, id, opts.date);
        const exdates = [...new Set([...booking.exdates, opts.date])].sort();
        await q.setBookingExdates(trx, id, exdates, nowIso());
        await recordAudit(auditDb(trx), { actor: actorOf(ctx), entityType: 'booking', entityId: id, action: 'cancel_occurrence', changes: { exdates: { from: booking.exdates, to: exdates } }, requestId: ctx.requestId });
      } else {
        await q.cancelOccurrences(trx, id);
        await q.deleteCells(trx, id);
        await q.updateBookingStatus(trx, id, { status: 'cancelled', decisionNote: opts.note ?? booking.decisionNote, now: nowIso() });
        await recordAudit(auditDb(trx), { actor: actorOf(ctx), entityType: 'booking', entityId: id, action: 'cancel', changes: { status: { from: booking.status, to: 'cancelled' } }, requestId: ctx.requestId });
      }
    });
  const updated = (await q.findBooking(tdb(ctx.db), id))!;
  await sendSafely(ctx, updated.contactLocale, 'offices.mail.bookingCancelled', updated.contactEmail, { ...mailParams(updated, room, office, ctx.mail?.linkBase ?? ''), occurrence: opts.date ?? 'none' }, booking.status === 'confirmed' ? bookingIcs(updated, room, office, opts.date ? 'REQUEST' : 'CANCEL') : undefined);
  return updated;
}

/** Bookings of the rooms of offices a user may read (staff list). */
export async function listBookingsForStaff(ctx: ServiceContext, f: { officeId?: string | undefined; status?: BookingStatus | undefined; limit?: number; offset?: number }) {
  const offices = await officesInScope(ctx, 'offices.read');
  const officeIds = f.officeId ? offices.filter((o) => o.id === f.officeId).map((o) => o.id) : offices.map((o) => o.id);
  const rooms = await q.listRooms(tdb(ctx.db), officeIds);
  const result = await q.listBookings(tdb(ctx.db), { roomIds: rooms.map((r) => r.id), status: f.status, from: f.status === 'requested' ? undefined : new Date(Date.now() - 7 * 86_400_000).toISOString(), limit: f.limit ?? 50, offset: f.offset ?? 0 });
  return { ...result, rooms, offices };
}

/** Busy times of a room (no names): for the public free/busy view and the room's iCalendar feed. */
export async function roomBusy(db: AnyDb, roomId: string, from: Date, to: Date): Promise<{ start: string; end: string; tentative: boolean; bookingId: string }[]> {
  const rows = await q.busyOccurrences(tdb(db), roomId, from.toISOString(), to.toISOString());
  return rows.map((r) => ({ start: new Date(r.startAt).toISOString(), end: new Date(r.endAt).toISOString(), tentative: r.status === 'requested', bookingId: r.bookingId }));
}

/* ================================================================ offers */

export interface OfferInput {
  officeId: string;
  roomId?: string | null;
  groupId?: string | null;
  title: string;
  description?: string | null;
  date: string;
  time: string;
  durationMinutes: number;
  recurrence?: RecurrenceSpec | null;
  targetGroups?: string[];
  languages?: string[];
  cost?: string | null;
  accessibilityNotes?: string | null;
  registration?: boolean;
  capacity?: number | null;
  /** Publish at once (default: draft). */
  publish?: boolean;
}

export interface OfferResult {
  offer: Offer;
  booking: Booking | null;
}

/**
 * Creates an offer (optionally for a group: groupId). With a room, the room is booked automatically through the
 * booking engine (confirmed, requester 'offer'); a clash throws the 409 booking_conflict error and nothing is saved.
 */
export async function createOffer(ctx: OfficesContext, input: OfferInput): Promise<OfferResult> {
  const office = await q.findOffice(tdb(ctx.db), input.officeId);
  if (!office) throw errors.validation([{ field: 'officeId', key: 'offices.error.office' }]);
  authorize(ctx.user, 'offers.manage', officeResource(office));
  const errs: FieldError[] = [];
  if (!input.title.trim()) errs.push({ field: 'title', key: 'form.error.required' });
  if (input.registration && input.capacity !== null && input.capacity !== undefined && (!Number.isInteger(input.capacity) || input.capacity < 1)) errs.push({ field: 'capacity', key: 'form.error.tooSmall', params: { min: 1 } });
  let room: Room | null = null;
  if (input.roomId) {
    room = await q.findRoom(tdb(ctx.db), input.roomId);
    if (!room || room.officeId !== office.id || !room.active) errs.push({ field: 'roomId', key: 'offices.error.room' });
  }
  if (errs.length) throw errors.validation(errs);
  const schedule = scheduleOf(input);
  const now = nowIso();
  const offer: Offer = {
    id: newId('off'),
    officeId: office.id,
    areaId: office.areaId,
    roomId: room?.id ?? null,
    bookingId: null,
    groupId: input.groupId ?? null,
    title: input.title.trim(),
    description: input.description ?? null,
    startDate: schedule.startDate,
    startTime: schedule.startTime,
    durationMinutes: schedule.durationMinutes,
    rrule: schedule.rrule,
    exdates: schedule.exdates,
    firstStart: schedule.slots[0]!.start.toISOString(),
    lastEnd: schedule.slots[schedule.slots.length - 1]!.end.toISOString(),
    targetGroups: input.targetGroups ?? [],
    languages: input.languages ?? [],
    cost: input.cost ?? null,
    accessibilityNotes: input.accessibilityNotes ?? null,
    registration: !!input.registration,
    capacity: input.registration ? (input.capacity ?? null) : null,
    status: input.publish ? 'published' : 'draft',
    createdAt: now,
    updatedAt: now,
  };
  let booking: Booking | null = null;
  if (room) {
    const rules = checkRoomRules(room, await hoursContext(ctx.db, office, schedule.startDate), schedule.slots, schedule.durationMinutes, nowOf(ctx), { staff: true });
    if (rules.length) throw errors.validation(rules);
    booking = newBooking({ roomId: room.id, title: offer.title, requesterKind: 'offer', groupId: offer.groupId, offerId: offer.id }, schedule, 'confirmed');
    offer.bookingId = booking.id;
  }
  const write = async (trx: q.Db) => {
    if (booking) await reserve(ctx, booking, schedule, actorOf(ctx), trx);
    await q.insertOffer(trx, offer, ctx.user?.id ?? null);
    const { createdAt: _c, updatedAt: _u, ...audit } = offer;
    await recordAudit(auditDb(trx), { actor: actorOf(ctx), entityType: 'offer', entityId: offer.id, action: 'create', changes: diff(null, { ...audit }), requestId: ctx.requestId });
  };
  try {
    await tdb(ctx.db).transaction().execute(write);
  } catch (e) {
    if (isUniqueViolation(e) && booking) throw conflictError(await conflictsFor(tdb(ctx.db), booking.roomId, schedule.slots));
    throw e;
  }
  await indexOffer(ctx.db, offer.id);
  return { offer, booking };
}

export async function getOffer(db: AnyDb, id: string): Promise<Offer | null> {
  return q.findOffer(tdb(db), id);
}

async function offerScope(ctx: ServiceContext, id: string, action: Action): Promise<{ offer: Offer; office: Office }> {
  const offer = await q.findOffer(tdb(ctx.db), id);
  if (!offer) throw errors.notFound('offer');
  const office = await requireOffice(ctx.db, offer.officeId);
  authorize(ctx.user, action, officeResource(office));
  return { offer, office };
}

/** Publishes a draft or cancels an offer (a cancelled offer frees its room booking). */
export async function setOfferStatus(ctx: OfficesContext, id: string, status: Exclude<OfferStatus, 'draft'>): Promise<Offer> {
  const { offer } = await offerScope(ctx, id, 'offers.manage');
  if (offer.status === status) return offer;
  if (offer.status === 'cancelled') throw errors.conflict('offer_cancelled', 'The offer was cancelled.');
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      await q.setOfferStatus(trx, id, status, nowIso());
      await recordAudit(auditDb(trx), { actor: actorOf(ctx), entityType: 'offer', entityId: id, action: status === 'published' ? 'publish' : 'cancel', changes: { status: { from: offer.status, to: status } }, requestId: ctx.requestId });
    });
  if (status === 'cancelled' && offer.bookingId) {
    const b = await q.findBooking(tdb(ctx.db), offer.bookingId);
    if (b && (b.status === 'confirmed' || b.status === 'requested')) await cancelBooking({ ...ctx, mail: null }, b.id);
  }
  await indexOffer(ctx.db, id);
  return (await q.findOffer(tdb(ctx.db), id))!;
}

/** Offers a user may manage (staff list). */
export async function listOffersForStaff(ctx: ServiceContext, f: { officeId?: string | undefined; groupId?: string | undefined } = {}): Promise<Offer[]> {
  return q.listOffers(tdb(ctx.db), { areaIds: scopeFor(ctx.user, 'offices.read'), officeId: f.officeId, groupId: f.groupId });
}

/** Sessions (occurrences) of an offer between two instants. */
export function offerSessions(offer: Offer, from: Date, to: Date): OfferSession[] {
  if (!offer.rrule) {
    const start = new Date(offer.firstStart);
    return start >= from && start < to ? [{ offerId: offer.id, date: offer.startDate, start: offer.firstStart, end: offer.lastEnd }] : [];
  }
  return expandRecurrence({ rrule: offer.rrule, startDate: offer.startDate, startTime: offer.startTime, durationMinutes: offer.durationMinutes, exdates: offer.exdates }, from, to, 400).map((o) => ({
    offerId: offer.id,
    date: o.date,
    start: o.start.toISOString(),
    end: o.end.toISOString(),
  }));
}

export interface CalendarEntry extends OfferSession {
  offer: Offer;
}

/** Published offers' sessions in a window, for the public calendar (per programme area and/or office). */
export async function publicCalendar(db: AnyDb, f: { areaId?: string | undefined; officeId?: string | undefined; from: Date; to: Date }): Promise<CalendarEntry[]> {
  const offers = await q.listOffers(tdb(db), { areaIds: f.areaId ? [f.areaId] : 'all', officeId: f.officeId, status: 'published', from: f.from.toISOString(), to: f.to.toISOString() });
  const out: CalendarEntry[] = [];
  for (const offer of offers) for (const s of offerSessions(offer, f.from, f.to)) out.push({ ...s, offer });
  return out.sort((a, b) => a.start.localeCompare(b.start) || a.offer.title.localeCompare(b.offer.title));
}

export async function listPublishedOffers(db: AnyDb, f: { areaId?: string | undefined; officeId?: string | undefined; from?: Date }): Promise<Offer[]> {
  return q.listOffers(tdb(db), { areaIds: f.areaId ? [f.areaId] : 'all', officeId: f.officeId, status: 'published', from: (f.from ?? new Date()).toISOString() });
}

/* ---------------------------------------------------------------- registrations */

function tokenHash(tenantId: string, token: string): string {
  return createHash('sha256').update(`${tenantId}:${token}`).digest('hex');
}

export interface RegistrationResult {
  registration: Registration;
  token: string;
  mailSent: boolean;
}

/**
 * Registers for a published offer with registration: within capacity → registered, otherwise waitlisted. The
 * offer row is locked first, so parallel registrations cannot overfill it. Sends the confirmation with a
 * cancellation link. Public (no account).
 */
export async function registerForOffer(ctx: OfficesContext, offerId: string, input: { name: string; email: string; places?: number; locale?: string | null }): Promise<RegistrationResult> {
  const offer = await q.findOffer(tdb(ctx.db), offerId);
  if (!offer || offer.status !== 'published') throw errors.notFound('offer');
  if (!offer.registration) throw errors.conflict('no_registration', 'This offer needs no registration.');
  if (new Date(offer.lastEnd) < nowOf(ctx)) throw errors.conflict('offer_over', 'The offer is over.');
  const places = input.places ?? 1;
  const errs: FieldError[] = [];
  if (!input.name.trim()) errs.push({ field: 'name', key: 'form.error.required' });
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.email)) errs.push({ field: 'email', key: 'form.error.email' });
  if (!Number.isInteger(places) || places < 1 || places > 10) errs.push({ field: 'places', key: 'form.error.tooBig', params: { max: 10 } });
  if (errs.length) throw errors.validation(errs);
  const token = newToken(24);
  const now = nowIso();
  const registration = await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      await q.lockOffer(trx, offerId);
      const taken = await q.registeredPlaces(trx, offerId);
      const status = offer.capacity === null || taken + places <= offer.capacity ? 'registered' : 'waitlisted';
      const r: Registration = { id: newId('reg'), offerId, name: input.name.trim(), email: input.email.trim(), places, status, createdAt: now };
      await q.insertRegistration(trx, { ...r, locale: input.locale ?? null, tokenHash: tokenHash(ctx.tenant.id, token) });
      await recordAudit(auditDb(trx), { actor: PUBLIC_ACTOR, entityType: 'offer', entityId: offerId, action: 'register', changes: { registration: { from: null, to: { id: r.id, status, places } } }, requestId: ctx.requestId });
      return r;
    });
  const mailSent = await sendSafely(ctx, input.locale ?? null, registration.status === 'registered' ? 'offices.mail.registered' : 'offices.mail.waitlisted', registration.email, registrationParams(offer, ctx.mail?.linkBase ?? '', token));
  return { registration, token, mailSent };
}

function registrationParams(offer: Offer, base: string, token: string | null): Record<string, string | number> {
  const first = berlinWallClock(new Date(offer.firstStart));
  return { title: offer.title, date: first.date, time: first.time, page: `${base}/offers/${offer.id}`, cancel: token ? `${base}/offers/registration/${token}` : '' };
}

export async function findRegistration(ctx: Pick<ServiceContext, 'db' | 'tenant'>, token: string): Promise<{ registration: Registration; offer: Offer } | null> {
  const r = await q.findRegistrationByToken(tdb(ctx.db), tokenHash(ctx.tenant.id, token));
  if (!r) return null;
  const offer = await q.findOffer(tdb(ctx.db), r.offerId);
  return offer ? { registration: r, offer } : null;
}

/** Cancels a registration through its link; moves people up from the waiting list while places are free. */
export async function cancelRegistration(ctx: OfficesContext, token: string): Promise<{ registration: Registration; promoted: number } | null> {
  const found = await findRegistration(ctx, token);
  if (!found) return null;
  if (found.registration.status === 'cancelled') return { registration: found.registration, promoted: 0 };
  const { offer } = found;
  const promoted = await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      await q.lockOffer(trx, offer.id);
      await q.setRegistrationStatus(trx, found.registration.id, 'cancelled', nowIso());
      await recordAudit(auditDb(trx), { actor: PUBLIC_ACTOR, entityType: 'offer', entityId: offer.id, action: 'unregister', changes: { registration: { from: { id: found.registration.id, status: found.registration.status }, to: { id: found.registration.id, status: 'cancelled' } } }, requestId: ctx.requestId });
      const moved: Registration[] = [];
      let taken = await q.registeredPlaces(trx, offer.id);
      for (const w of (await q.listRegistrations(trx, offer.id)).filter((r) => r.status === 'waitlisted')) {
        if (offer.capacity !== null && taken + w.places > offer.capacity) break;
        await q.setRegistrationStatus(trx, w.id, 'registered', nowIso());
        await recordAudit(auditDb(trx), { actor: { id: null, label: 'system' }, entityType: 'offer', entityId: offer.id, action: 'waitlist_promote', changes: { registration: { from: { id: w.id, status: 'waitlisted' }, to: { id: w.id, status: 'registered' } } }, requestId: ctx.requestId });
        taken += w.places;
        moved.push(w);
      }
      return moved;
    });
  for (const p of promoted) {
    await sendSafely(ctx, await q.findRegistrationLocale(tdb(ctx.db), p.id), 'offices.mail.promoted', p.email, registrationParams(offer, ctx.mail?.linkBase ?? '', null));
  }
  return { registration: { ...found.registration, status: 'cancelled' }, promoted: promoted.length };
}

export async function listRegistrations(ctx: ServiceContext, offerId: string): Promise<Registration[]> {
  await offerScope(ctx, offerId, 'offers.manage');
  return q.listRegistrations(tdb(ctx.db), offerId);
}

/* ---------------------------------------------------------------- attendance */

export async function attendanceOf(db: AnyDb, offerId: string): Promise<Record<string, number>> {
  return q.listAttendance(tdb(db), offerId);
}

/** Records how many came to one session (a count only). */
export async function recordAttendance(ctx: OfficesContext, offerId: string, date: string, count: number): Promise<void> {
  const { offer } = await offerScope(ctx, offerId, 'offers.manage');
  const errs: FieldError[] = [];
  if (!Number.isInteger(count) || count < 0 || count > 10_000) errs.push({ field: 'count', key: 'form.error.number' });
  const sessions = offerSessions(offer, instantOf(date, '00:00'), instantOf(addDays(date, 1), '00:00'));
  if (!isDate(date) || sessions.length === 0) errs.push({ field: 'date', key: 'offices.error.noSuchOccurrence' });
  if (errs.length) throw errors.validation(errs);
  const before = (await q.listAttendance(tdb(ctx.db), offerId))[date] ?? null;
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      await q.upsertAttendance(trx, offerId, date, count, ctx.user?.id ?? null, nowIso());
      await recordAudit(auditDb(trx), { actor: actorOf(ctx), entityType: 'offer', entityId: offerId, action: 'attendance', changes: { [`attendance.${date}`]: { from: before, to: count } }, requestId: ctx.requestId });
    });
}

/* ================================================================ advice */

export interface AdviceInput {
  officeId: string;
  date: string;
  channel: string;
  topics: string[];
  language: string;
  targetGroup?: string | null;
  referrals: string[];
  durationMinutes: number;
  followUp: boolean;
}

/** Records an anonymous advice entry (advice.record in the office's area). */
export async function recordAdvice(ctx: OfficesContext, input: AdviceInput): Promise<AdviceEntry> {
  const office = await q.findOffice(tdb(ctx.db), input.officeId);
  if (!office) throw errors.validation([{ field: 'officeId', key: 'offices.error.office' }]);
  authorize(ctx.user, 'advice.record', officeResource(office));
  if (!isDate(input.date) || input.date > berlinDate(nowOf(ctx))) throw errors.validation([{ field: 'date', key: 'offices.error.adviceDate' }]);
  const entry: AdviceEntry = { id: newId('adv'), officeId: office.id, areaId: office.areaId, date: input.date, channel: input.channel, topics: input.topics, language: input.language, targetGroup: input.targetGroup ?? null, referrals: input.referrals, durationMinutes: input.durationMinutes, followUp: input.followUp, createdAt: nowIso() };
  await tdb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      await q.insertAdvice(trx, entry, ctx.user?.id ?? null);
      const { id: _i, createdAt: _c, ...audit } = entry;
      await recordAudit(auditDb(trx), { actor: actorOf(ctx), entityType: 'advice', entityId: entry.id, action: 'create', changes: diff(null, { ...audit }), requestId: ctx.requestId });
    });
  return entry;
}

/** Monthly statistics per office for the offices a user may read advice of; `month` is YYYY-MM. */
export async function adviceStatistics(ctx: ServiceContext, f: { month: string; officeId?: string | undefined }): Promise<{ offices: Office[]; months: AdviceMonth[]; entries: AdviceEntry[] }> {
  const offices = (await officesInScope(ctx, 'advice.read')).filter((o) => !f.officeId || o.id === f.officeId);
  const from = `${f.month}-01`;
  const [y, m] = f.month.split('-').map(Number) as [number, number];
  const to = `${m === 12 ? y + 1 : y}-${String(m === 12 ? 1 : m + 1).padStart(2, '0')}-01`;
  const entries = await q.listAdvice(tdb(ctx.db), { officeIds: offices.map((o) => o.id), from, to });
  const months = offices.map((o) => summarise(f.month, o.id, entries.filter((e) => e.officeId === o.id)));
  return { offices, months, entries };
}

export function summarise(month: string, officeId: string, entries: readonly AdviceEntry[]): AdviceMonth {
  const count = (pick: (e: AdviceEntry) => readonly string[]) => {
    const out: Record<string, number> = {};
    for (const e of entries) for (const k of pick(e)) out[k] = (out[k] ?? 0) + 1;
    return out;
  };
  return {
    month,
    officeId,
    entries: entries.length,
    minutes: entries.reduce((s, e) => s + e.durationMinutes, 0),
    followUps: entries.filter((e) => e.followUp).length,
    byChannel: count((e) => [e.channel]),
    byTopic: count((e) => e.topics),
    byLanguage: count((e) => [e.language]),
    byReferral: count((e) => e.referrals),
  };
}
