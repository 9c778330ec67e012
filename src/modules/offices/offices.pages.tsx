/** @jsxImportSource hono/jsx */
/**
 * Pages of the offices module.
 * Public (no account): /offices, /offices/:slug (hours, "open now", rooms, offers), room pages with free/busy and
 * the public request form (rate limit + honeypot), /rooms/:id/busy.ics, the offers calendar /offers (list and
 * month, per programme area and office) with iCalendar feeds, offer pages with JSON-LD and registration, and the
 * registration's cancellation link.
 * Staff: /staff/offices (offices, closures, rooms), /staff/bookings (requests, on-behalf entry, confirm/decline,
 * cancel one date or the series), /staff/offers (create with automatic room booking, publish, registrations,
 * attendance counts), /staff/advice (quick anonymous entry, monthly statistics).
 * Ids are matched by pattern (:id{ofc_…}) so /new never collides with them. A route acting on one record checks
 * its scope (in the service) before it validates the form.
 */
import { Hono, type Context } from 'hono';
import type { RoutePolicies } from '../../platform/auth/policy';
import { can } from '../../platform/auth/policy';
import { linkBase } from '../../platform/auth/links';
import { addDays, berlinDate, berlinInstant, buildIcs, weekdayOf } from '../../platform/calendar';
import { AppError, errors, type FieldError } from '../../platform/errors';
import type { AppEnv } from '../../platform/http/context';
import { readForm, validate, type FormValues } from '../../platform/http/forms';
import { redirectWithNotice } from '../../platform/http/notice';
import { honeypot, HoneypotField, rateLimit } from '../../platform/http/rate-limit';
import { render } from '../../platform/http/render';
import { svc } from '../../platform/http/service-context';
import { emptyForm, type FormState, type Option } from '../../platform/ui/components';
import { listAreas } from '../territory';
import * as q from './offices.queries';
import { formatIntervals, hoursOn, parseIntervals } from './offices.rules';
import {
  adviceFormSchema,
  attendanceFormSchema,
  bookingFormSchema,
  calendarQuerySchema,
  cancelFormSchema,
  closureFormSchema,
  decisionFormSchema,
  officeFormSchema,
  offerFormSchema,
  publicBookingFormSchema,
  registrationFormSchema,
  roomFormSchema,
} from './offices.schema';
import {
  addClosure,
  adviceStatistics,
  attendanceOf,
  cancelBooking,
  cancelRegistration,
  confirmBooking,
  createOffer,
  createOffice,
  createRoom,
  declineBooking,
  findRegistration,
  getBookingForStaff,
  getOffer,
  getOfficeBySlug,
  isConflict,
  listBookingsForStaff,
  listClosures,
  listOffersForStaff,
  listOffices,
  listRooms,
  officesInScope,
  officeStatus,
  offerSessions,
  publicCalendar,
  recordAdvice,
  recordAttendance,
  registerForOffer,
  removeClosure,
  requestBooking,
  requireOffice,
  requireRoom,
  roomBusy,
  setOfferStatus,
  updateOffice,
  updateRoom,
  type OfficeInput,
  type OfficesContext,
  type RecurrenceSpec,
} from './offices.service';
import type { Conflict, Office, WeeklyHours } from './offices.types';
import { CalendarPage, OfferPage, OfficePage, OfficesListPage, offerJsonLd, PublicBookingForm, RegistrationPage, RoomPage } from './views/public';
import { AdviceFormPage, AdviceStatsPage, BookingDetailPage, BookingFormPage, BookingsPage, OfferAdminPage, OfferFormPage, OffersAdminPage, OfficeDetailPage, OfficeForm, OfficesAdminPage, RoomForm } from './views/staff';

type C = Context<AppEnv>;

export const OFFICE = ':id{ofc_[0-9a-z]+}';
export const ROOM = ':room{rom_[0-9a-z]+}';
export const ROOM_ID = ':id{rom_[0-9a-z]+}';
export const BOOKING = ':id{bkg_[0-9a-z]+}';
export const OFFER = ':id{off_[0-9a-z]+}';
export const CLOSURE = ':closure{ocl_[0-9a-z]+}';
export const SLUG = ':slug{[a-z0-9]+(?:-[a-z0-9]+)*}';

const LIMITS = {
  request: rateLimit({ bucket: 'offices.request', max: 10, windowSeconds: 3600 }),
  register: rateLimit({ bucket: 'offices.register', max: 20, windowSeconds: 3600 }),
};

export const routes: RoutePolicies = {
  'GET /offices': 'public',
  [`GET /offices/${SLUG}`]: 'public',
  [`GET /offices/${SLUG}/offers.ics`]: 'public',
  [`GET /offices/${SLUG}/rooms/${ROOM}`]: 'public',
  [`POST /offices/${SLUG}/rooms/${ROOM}/request`]: 'public',
  [`GET /rooms/${ROOM_ID}/busy.ics`]: 'public',
  'GET /offers': 'public',
  'GET /offers.ics': 'public',
  [`GET /offers/${OFFER}`]: 'public',
  [`GET /offers/${OFFER}/calendar.ics`]: 'public',
  [`POST /offers/${OFFER}/register`]: 'public',
  'GET /offers/registration/:token': 'public',
  'POST /offers/registration/:token': 'public',
  'GET /staff/offices': 'offices.read',
  'GET /staff/offices/new': 'offices.manage',
  'POST /staff/offices': 'offices.manage',
  [`GET /staff/offices/${OFFICE}`]: 'offices.read',
  [`POST /staff/offices/${OFFICE}`]: 'offices.manage',
  [`POST /staff/offices/${OFFICE}/closures`]: 'offices.manage',
  [`POST /staff/offices/${OFFICE}/closures/${CLOSURE}/delete`]: 'offices.manage',
  [`GET /staff/offices/${OFFICE}/rooms/new`]: 'offices.manage',
  [`POST /staff/offices/${OFFICE}/rooms`]: 'offices.manage',
  [`GET /staff/rooms/${ROOM_ID}`]: 'offices.manage',
  [`POST /staff/rooms/${ROOM_ID}`]: 'offices.manage',
  'GET /staff/bookings': 'offices.read',
  'GET /staff/bookings/new': 'bookings.request',
  'POST /staff/bookings': 'bookings.request',
  [`GET /staff/bookings/${BOOKING}`]: 'offices.read',
  [`POST /staff/bookings/${BOOKING}/decide`]: 'bookings.decide',
  [`POST /staff/bookings/${BOOKING}/cancel`]: 'bookings.request',
  'GET /staff/offers': 'offers.manage',
  'GET /staff/offers/new': 'offers.manage',
  'POST /staff/offers': 'offers.manage',
  [`GET /staff/offers/${OFFER}`]: 'offers.manage',
  [`POST /staff/offers/${OFFER}/status`]: 'offers.manage',
  [`POST /staff/offers/${OFFER}/attendance`]: 'offers.manage',
  'GET /api/v1/offices': 'public',
  'GET /api/v1/offices/:id': 'public',
  'GET /api/v1/offices/:id/rooms': 'public',
  'GET /api/v1/rooms/:id/busy': 'public',
  'GET /api/v1/bookings': 'offices.read',
  'POST /api/v1/bookings': 'bookings.request',
  'GET /api/v1/offers': 'public',
  'GET /api/v1/offers/:id': 'public',
  'POST /api/v1/offers': 'offers.manage',
  'GET /staff/advice': 'advice.read',
  'GET /staff/advice/new': 'advice.record',
  'POST /staff/advice': 'advice.record',
};

export const pages = new Hono<AppEnv>();

async function octx(c: C): Promise<OfficesContext> {
  const base = await linkBase(c);
  return { ...svc(c), mail: base ? { config: c.var.deps.config, linkBase: base } : null };
}

function isValidation(e: unknown): e is AppError {
  return e instanceof AppError && e.status === 422;
}

async function areaNames(c: C): Promise<Map<string, { name: string; slug: string }>> {
  return new Map((await listAreas(c.var.db)).map((a) => [a.id, { name: a.name, slug: a.slug }]));
}

async function requireOfficeBySlug(c: C): Promise<Office> {
  const o = await getOfficeBySlug(c.var.db, c.req.param('slug') ?? '');
  if (!o) throw errors.notFound('office');
  return o;
}

function ics(c: C, body: string, name: string) {
  return c.body(body, 200, { 'Content-Type': 'text/calendar; charset=utf-8', 'Content-Disposition': `inline; filename="${name}.ics"`, 'Cache-Control': 'public, max-age=300' });
}

/** The recurrence of a booking/offer form. */
function recurrenceOf(d: { repeat: string; until?: string | undefined; exdates: string[] }): RecurrenceSpec | null {
  if (d.repeat === 'none') return null;
  return { freq: d.repeat as 'weekly' | 'biweekly' | 'monthly', until: d.until ?? null, exdates: d.exdates };
}

function monthOf(s: string | undefined, now: Date): string {
  return s ?? berlinDate(now).slice(0, 7);
}

function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + by, 1));
  return d.toISOString().slice(0, 7);
}

/* ================================================================ public: offices */

pages.get('/offices', async (c) => {
  const t = c.var.t;
  const [offices, areas] = await Promise.all([listOffices(c.var.db), areaNames(c)]);
  const now = new Date();
  const items = await Promise.all(offices.map(async (o) => ({ office: o, state: (await officeStatus(c.var.db, o, now)).state, areaName: areas.get(o.areaId)?.name ?? '' })));
  return render(c, t('offices.list.heading'), <OfficesListPage t={t} locale={c.var.locale} offices={items} />, { crumbs: [[t('offices.list.heading')]] });
});

pages.get(`/offices/${SLUG}`, async (c) => {
  const t = c.var.t;
  const office = await requireOfficeBySlug(c);
  const now = new Date();
  const [status, rooms, areas, closures, upcoming] = await Promise.all([
    officeStatus(c.var.db, office, now),
    listRooms(c.var.db, office.id),
    areaNames(c),
    listClosures(c.var.db, office.id, berlinDate(now)),
    publicCalendar(c.var.db, { officeId: office.id, from: now, to: new Date(now.getTime() + 14 * 86_400_000) }),
  ]);
  return render(
    c,
    office.name,
    <OfficePage t={t} locale={c.var.locale} office={office} areaName={areas.get(office.areaId)?.name ?? ''} state={status.state} days={status.days} closures={closures} rooms={rooms.filter((r) => r.active)} upcoming={upcoming} />,
    { crumbs: [[t('offices.list.heading'), '/offices'], [office.name]] },
  );
});

async function renderRoom(c: C, form: FormState = emptyForm({ repeat: 'none', duration: '90' }), status: 200 | 409 | 422 = 200, conflicts: Conflict[] = []) {
  const t = c.var.t;
  const office = await requireOfficeBySlug(c);
  const room = await requireRoom(c.var.db, c.req.param('room') ?? '');
  if (room.officeId !== office.id || !room.active) throw errors.notFound('room');
  const today = berlinDate(new Date());
  const weekParam = c.req.query('week');
  const base = weekParam && /^\d{4}-\d{2}-\d{2}$/.test(weekParam) ? weekParam : today;
  const week = addDays(base, -(weekdayOf(base) - 1));
  const busy = await roomBusy(c.var.db, room.id, berlinInstant(week, '00:00'), berlinInstant(addDays(week, 7), '00:00'));
  const hctx = { hours: office.hours, closedOnHolidays: office.closedOnHolidays, closures: await listClosures(c.var.db, office.id, week) };
  const days = Array.from({ length: 7 }, (_, i) => addDays(week, i)).map((date) => ({
    date,
    hours: hoursOn(hctx, date).intervals,
    busy: busy.filter((b) => berlinDate(new Date(b.start)) === date),
  }));
  const formEl = <PublicBookingForm t={t} locale={c.var.locale} office={office} room={room} csrfToken={c.var.csrfToken} form={form} honeypot={<HoneypotField t={t} />} conflicts={conflicts} />;
  const title = t('offices.room.heading', { room: room.name, office: office.name });
  return render(c, title, <RoomPage t={t} locale={c.var.locale} office={office} room={room} week={week} days={days} form={formEl} />, {
    status,
    crumbs: [[t('offices.list.heading'), '/offices'], [office.name, `/offices/${office.slug}`], [room.name]],
  });
}

pages.get(`/offices/${SLUG}/rooms/${ROOM}`, (c) => renderRoom(c));

pages.post(`/offices/${SLUG}/rooms/${ROOM}/request`, LIMITS.request, honeypot(), async (c) => {
  const office = await requireOfficeBySlug(c);
  const room = await requireRoom(c.var.db, c.req.param('room') ?? '');
  if (room.officeId !== office.id) throw errors.notFound('room');
  const values = await readForm(c);
  const v = validate(publicBookingFormSchema, { ...values, roomId: room.id });
  if (!v.ok) return renderRoom(c, { values, errors: v.errors }, 422);
  const d = v.data;
  try {
    await requestBooking(await octx(c), { roomId: room.id, title: d.title, purpose: d.purpose ?? null, date: d.date, time: d.time, durationMinutes: d.duration, recurrence: recurrenceOf(d), requesterKind: 'public', contactName: d.contactName, contactEmail: d.contactEmail, locale: c.var.locale });
  } catch (e) {
    if (isConflict(e)) return renderRoom(c, { values, errors: e.details.fields ?? [] }, 409, e.details.conflicts);
    if (isValidation(e)) return renderRoom(c, { values, errors: e.details.fields ?? [] }, 422);
    throw e;
  }
  return redirectWithNotice(c, `/offices/${office.slug}/rooms/${room.id}`, 'offices.notice.requested');
});

pages.get(`/rooms/${ROOM_ID}/busy.ics`, async (c) => {
  const room = await requireRoom(c.var.db, c.req.param('id'));
  const office = await requireOffice(c.var.db, room.officeId);
  const now = new Date();
  const busy = await roomBusy(c.var.db, room.id, new Date(now.getTime() - 30 * 86_400_000), new Date(now.getTime() + 366 * 86_400_000));
  const body = buildIcs({
    name: `${room.name} – ${office.name}`,
    method: 'PUBLISH',
    prodId: c.var.tenant.slug,
    events: busy.map((b) => ({ uid: `${b.bookingId}-${b.start}@${c.var.tenant.slug}.quartier`, start: new Date(b.start), end: new Date(b.end), summary: c.var.t('offices.room.busySummary'), status: b.tentative ? 'TENTATIVE' : 'CONFIRMED', location: `${room.name}, ${office.name}` })),
  });
  return ics(c, body, `room-${room.id}`);
});

/* ================================================================ public: offers */

pages.get('/offers', async (c) => {
  const t = c.var.t;
  const query = calendarQuerySchema.parse(c.req.query());
  const now = new Date();
  const month = monthOf(query.month, now);
  const view = query.view ?? 'list';
  const [areas, offices] = await Promise.all([listAreas(c.var.db), listOffices(c.var.db)]);
  const area = query.area ? areas.find((a) => a.slug === query.area) : undefined;
  const office = query.office ? offices.find((o) => o.slug === query.office) : undefined;
  const from = view === 'month' ? berlinInstant(`${month}-01`, '00:00') : query.month ? berlinInstant(`${month}-01`, '00:00') : now;
  // The list without a month shows the coming five weeks; a month (list or grid) shows that month.
  const to = view === 'list' && !query.month ? new Date(now.getTime() + 35 * 86_400_000) : berlinInstant(`${shiftMonth(month, 1)}-01`, '00:00');
  const entries = (query.area && !area) || (query.office && !office) ? [] : await publicCalendar(c.var.db, { areaId: area?.id, officeId: office?.id, from, to });
  const heading = office ? t('offices.calendar.headingOffice', { name: office.name }) : area ? t('offices.calendar.headingArea', { name: area.name }) : t('offices.calendar.heading');
  const icsParams = new URLSearchParams(Object.entries({ area: query.area ?? '', office: query.office ?? '' }).filter(([, v]) => v)).toString();
  return render(
    c,
    heading,
    <CalendarPage
      t={t}
      locale={c.var.locale}
      heading={heading}
      view={view}
      month={month}
      entries={entries}
      areas={areas.map((a) => ({ slug: a.slug, name: a.name }))}
      offices={offices.map((o) => ({ slug: o.slug, name: o.name }))}
      area={query.area}
      office={query.office}
      icsHref={`/offers.ics${icsParams ? `?${icsParams}` : ''}`}
      prevMonth={shiftMonth(month, -1)}
      nextMonth={shiftMonth(month, 1)}
    />,
    { crumbs: [[t('offices.calendar.heading')]] },
  );
});

async function offersIcs(c: C, f: { areaId?: string | undefined; officeId?: string | undefined }, name: string) {
  const base = (await linkBase(c)) ?? '';
  const offers = await q.listOffers(c.var.db as unknown as q.Db, { areaIds: f.areaId ? [f.areaId] : 'all', officeId: f.officeId, status: 'published', from: new Date(Date.now() - 30 * 86_400_000).toISOString() });
  const offices = new Map((await listOffices(c.var.db)).map((o) => [o.id, o]));
  const body = buildIcs({
    name,
    method: 'PUBLISH',
    prodId: c.var.tenant.slug,
    events: offers.map((o) => ({
      uid: `${o.id}@${c.var.tenant.slug}.quartier`,
      start: new Date(o.firstStart),
      end: new Date(new Date(o.firstStart).getTime() + o.durationMinutes * 60_000),
      summary: o.title,
      description: o.description,
      location: offices.get(o.officeId)?.name ?? null,
      url: base ? `${base}/offers/${o.id}` : null,
      recurrence: o.rrule ? { rrule: o.rrule, exdates: o.exdates } : null,
    })),
  });
  return ics(c, body, 'offers');
}

pages.get('/offers.ics', async (c) => {
  const query = calendarQuerySchema.parse(c.req.query());
  const [areas, offices] = await Promise.all([listAreas(c.var.db), listOffices(c.var.db)]);
  const area = query.area ? areas.find((a) => a.slug === query.area) : undefined;
  const office = query.office ? offices.find((o) => o.slug === query.office) : undefined;
  if ((query.area && !area) || (query.office && !office)) throw errors.notFound('calendar');
  return offersIcs(c, { areaId: area?.id, officeId: office?.id }, office?.name ?? area?.name ?? c.var.t('offices.calendar.heading'));
});

pages.get(`/offices/${SLUG}/offers.ics`, async (c) => {
  const office = await requireOfficeBySlug(c);
  return offersIcs(c, { officeId: office.id }, office.name);
});

async function renderOffer(c: C, form: FormState = emptyForm({ places: '1' }), status: 200 | 409 | 422 = 200) {
  const t = c.var.t;
  const offer = await getOffer(c.var.db, c.req.param('id') ?? '');
  if (!offer || offer.status === 'draft') throw errors.notFound('offer');
  const office = await requireOffice(c.var.db, offer.officeId);
  const room = offer.roomId ? await q.findRoom(c.var.db as unknown as q.Db, offer.roomId) : null;
  const now = new Date();
  const sessions = offerSessions(offer, now, new Date(now.getTime() + 366 * 86_400_000)).slice(0, 8);
  const base = (await linkBase(c)) ?? new URL(c.req.url).origin;
  const taken = offer.registration ? await q.registeredPlaces(c.var.db as unknown as q.Db, offer.id) : 0;
  const free = offer.capacity === null ? null : Math.max(0, offer.capacity - taken);
  return render(
    c,
    offer.title,
    <OfferPage
      t={t}
      locale={c.var.locale}
      offer={offer}
      office={office}
      roomName={room?.name ?? null}
      sessions={sessions}
      jsonLd={offerJsonLd(offer, office, base, sessions)}
      csrfToken={c.var.csrfToken}
      form={form}
      honeypot={<HoneypotField t={t} />}
      free={free}
      registrationOpen={new Date(offer.lastEnd) > now}
      retentionDays={c.var.deps.config.OFFER_REGISTRATION_RETENTION_DAYS}
    />,
    { status, crumbs: [[t('offices.calendar.heading'), '/offers'], [offer.title]] },
  );
}

pages.get(`/offers/${OFFER}`, (c) => renderOffer(c));

pages.get(`/offers/${OFFER}/calendar.ics`, async (c) => {
  const offer = await getOffer(c.var.db, c.req.param('id'));
  if (!offer || offer.status === 'draft') throw errors.notFound('offer');
  const office = await requireOffice(c.var.db, offer.officeId);
  const base = (await linkBase(c)) ?? '';
  const body = buildIcs({
    name: offer.title,
    method: 'PUBLISH',
    prodId: c.var.tenant.slug,
    events: [
      {
        uid: `${offer.id}@${c.var.tenant.slug}.quartier`,
        start: new Date(offer.firstStart),
        end: new Date(new Date(offer.firstStart).getTime() + offer.durationMinutes * 60_000),
        summary: offer.title,
        description: offer.description,
        location: office.name,
        url: base ? `${base}/offers/${offer.id}` : null,
        status: offer.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
        recurrence: offer.rrule ? { rrule: offer.rrule, exdates: offer.exdates } : null,
      },
    ],
  });
  return ics(c, body, offer.id);
});

pages.post(`/offers/${OFFER}/register`, LIMITS.register, honeypot(), async (c) => {
  const values = await readForm(c);
  const v = validate(registrationFormSchema, values);
  if (!v.ok) return renderOffer(c, { values, errors: v.errors }, 422);
  let status: string;
  try {
    const r = await registerForOffer(await octx(c), c.req.param('id'), { name: v.data.name, email: v.data.email, places: v.data.places, locale: c.var.locale });
    status = r.registration.status;
  } catch (e) {
    if (isValidation(e)) return renderOffer(c, { values, errors: e.details.fields ?? [] }, 422);
    throw e;
  }
  return redirectWithNotice(c, `/offers/${c.req.param('id')}`, status === 'registered' ? 'offices.notice.registered' : 'offices.notice.waitlisted', status === 'registered' ? 'success' : 'info');
});

pages.get('/offers/registration/:token', async (c) => {
  const t = c.var.t;
  const found = await findRegistration(svc(c), c.req.param('token'));
  if (!found) throw errors.notFound('registration');
  return render(c, t('offices.registration.heading', { title: found.offer.title }), <RegistrationPage t={t} offer={found.offer} status={found.registration.status} csrfToken={c.var.csrfToken} token={c.req.param('token')} />);
});

pages.post('/offers/registration/:token', async (c) => {
  const r = await cancelRegistration(await octx(c), c.req.param('token'));
  if (!r) throw errors.notFound('registration');
  return redirectWithNotice(c, `/offers/registration/${c.req.param('token')}`, 'offices.notice.unregistered');
});

/* ================================================================ staff: offices and rooms */

async function areaOptions(c: C, action: 'offices.manage'): Promise<Option[]> {
  const areas = await listAreas(c.var.db);
  return areas.filter((a) => can(c.var.user, action, { areaIds: [a.id] })).map((a) => ({ value: a.id, label: a.name }));
}

function officeValues(o: Office): Record<string, unknown> {
  const v: Record<string, unknown> = {
    name: o.name,
    slug: o.slug,
    areaId: o.areaId,
    street: o.street ?? '',
    postcode: o.postcode ?? '',
    city: o.city ?? '',
    lat: o.lat ?? '',
    lon: o.lon ?? '',
    phone: o.phone ?? '',
    email: o.email ?? '',
    description: o.description ?? '',
    closedOnHolidays: o.closedOnHolidays,
    stepFree: o.accessibility.stepFree,
    accessibleWc: o.accessibility.accessibleWc,
    hearingLoop: o.accessibility.hearingLoop,
    accessibilityNotes: o.accessibilityNotes ?? '',
    languages: o.languages,
    staffOnDuty: o.staffOnDuty ?? '',
  };
  for (let d = 1; d <= 7; d++) v[`hours_${d}`] = formatIntervals(o.hours[String(d)] ?? []).replace(/–/g, '-');
  return v;
}

/** Form → office input; hours "09:00-12:00, 14:00-18:00" per weekday. */
function officeInputOf(values: FormValues): { input: OfficeInput | null; errors: FieldError[] } {
  const v = validate(officeFormSchema, values);
  const errs: FieldError[] = v.ok ? [] : [...v.errors];
  const hours: WeeklyHours = {};
  for (let d = 1; d <= 7; d++) {
    const raw = values[`hours_${d}`];
    const parsed = parseIntervals(typeof raw === 'string' ? raw : '');
    if (parsed === null) errs.push({ field: `hours_${d}`, key: 'offices.error.hoursFormat' });
    else if (parsed.length) hours[String(d)] = parsed;
  }
  if (!v.ok || errs.length) return { input: null, errors: errs };
  const d = v.data;
  return {
    input: {
      slug: d.slug,
      name: d.name,
      areaId: d.areaId,
      street: d.street ?? null,
      postcode: d.postcode ?? null,
      city: d.city ?? null,
      lat: d.lat ?? null,
      lon: d.lon ?? null,
      phone: d.phone ?? null,
      email: d.email ?? null,
      description: d.description ?? null,
      hours,
      closedOnHolidays: d.closedOnHolidays,
      accessibility: { stepFree: d.stepFree, accessibleWc: d.accessibleWc, hearingLoop: d.hearingLoop },
      accessibilityNotes: d.accessibilityNotes ?? null,
      languages: d.languages,
      staffOnDuty: d.staffOnDuty ?? null,
    },
    errors: [],
  };
}

pages.get('/staff/offices', async (c) => {
  const t = c.var.t;
  const [offices, areas] = await Promise.all([officesInScope(svc(c), 'offices.read'), areaNames(c)]);
  return render(c, t('offices.staff.heading'), <OfficesAdminPage t={t} offices={offices.map((o) => ({ ...o, areaName: areas.get(o.areaId)?.name ?? '' }))} canCreate={can(c.var.user, 'offices.manage')} />, { crumbs: [[t('offices.staff.heading')]] });
});

async function renderNewOffice(c: C, form: FormState, status: 200 | 422 = 200) {
  const t = c.var.t;
  return render(
    c,
    t('offices.staff.new'),
    <>
      <h1 class="kern-heading-large">{t('offices.staff.new')}</h1>
      <OfficeForm t={t} locale={c.var.locale} form={form} csrfToken={c.var.csrfToken} action="/staff/offices" areas={await areaOptions(c, 'offices.manage')} submit={t('offices.staff.create')} />
    </>,
    { status, crumbs: [[t('offices.staff.heading'), '/staff/offices'], [t('offices.staff.new')]] },
  );
}

pages.get('/staff/offices/new', (c) => renderNewOffice(c, emptyForm({ closedOnHolidays: true, city: 'Essen', languages: ['de'] })));

pages.post('/staff/offices', async (c) => {
  const values = await readForm(c);
  const { input, errors: errs } = officeInputOf(values);
  if (!input) return renderNewOffice(c, { values, errors: errs }, 422);
  try {
    const o = await createOffice(svc(c), input);
    return redirectWithNotice(c, `/staff/offices/${o.id}`, 'offices.notice.saved');
  } catch (e) {
    if (isValidation(e)) return renderNewOffice(c, { values, errors: e.details.fields ?? [] }, 422);
    throw e;
  }
});

async function renderOfficeDetail(c: C, forms: { edit?: FormState; closure?: FormState } = {}, status: 200 | 422 = 200) {
  const t = c.var.t;
  const office = await requireOffice(c.var.db, c.req.param('id') ?? '');
  if (!can(c.var.user, 'offices.read', { areaIds: [office.areaId] })) throw errors.forbidden('offices.read');
  const [rooms, closures, areas] = await Promise.all([listRooms(c.var.db, office.id), listClosures(c.var.db, office.id, berlinDate(new Date())), areaNames(c)]);
  const canManage = can(c.var.user, 'offices.manage', { areaIds: [office.areaId] });
  return render(
    c,
    office.name,
    <OfficeDetailPage
      t={t}
      locale={c.var.locale}
      office={office}
      areaName={areas.get(office.areaId)?.name ?? ''}
      rooms={rooms}
      closures={closures}
      canManage={canManage}
      csrfToken={c.var.csrfToken}
      editForm={forms.edit ?? emptyForm(officeValues(office))}
      closureForm={forms.closure ?? emptyForm()}
      areas={canManage ? await areaOptions(c, 'offices.manage') : []}
    />,
    { status, crumbs: [[t('offices.staff.heading'), '/staff/offices'], [office.name]] },
  );
}

pages.get(`/staff/offices/${OFFICE}`, (c) => renderOfficeDetail(c));

pages.post(`/staff/offices/${OFFICE}`, async (c) => {
  const id = c.req.param('id');
  const current = await requireOffice(c.var.db, id);
  if (!can(c.var.user, 'offices.manage', { areaIds: [current.areaId] })) throw errors.forbidden('offices.manage');
  const values = await readForm(c);
  const { input, errors: errs } = officeInputOf(values);
  if (!input) return renderOfficeDetail(c, { edit: { values, errors: errs } }, 422);
  try {
    await updateOffice(svc(c), id, input);
  } catch (e) {
    if (isValidation(e)) return renderOfficeDetail(c, { edit: { values, errors: e.details.fields ?? [] } }, 422);
    throw e;
  }
  return redirectWithNotice(c, `/staff/offices/${id}`, 'offices.notice.saved');
});

pages.post(`/staff/offices/${OFFICE}/closures`, async (c) => {
  const id = c.req.param('id');
  const current = await requireOffice(c.var.db, id);
  if (!can(c.var.user, 'offices.manage', { areaIds: [current.areaId] })) throw errors.forbidden('offices.manage');
  const values = await readForm(c);
  const v = validate(closureFormSchema, values);
  const hours = v.ok && v.data.hours ? parseIntervals(v.data.hours) : null;
  if (!v.ok || (v.data.hours && hours === null)) return renderOfficeDetail(c, { closure: { values, errors: v.ok ? [{ field: 'hours', key: 'offices.error.hoursFormat' }] : v.errors } }, 422);
  try {
    await addClosure(svc(c), id, { fromDate: v.data.fromDate, toDate: v.data.toDate, hours: hours && hours.length ? hours : null, reason: v.data.reason ?? null });
  } catch (e) {
    if (isValidation(e)) return renderOfficeDetail(c, { closure: { values, errors: e.details.fields ?? [] } }, 422);
    throw e;
  }
  return redirectWithNotice(c, `/staff/offices/${id}`, 'offices.notice.saved');
});

pages.post(`/staff/offices/${OFFICE}/closures/${CLOSURE}/delete`, async (c) => {
  await removeClosure(svc(c), c.req.param('id'), c.req.param('closure'));
  return redirectWithNotice(c, `/staff/offices/${c.req.param('id')}`, 'offices.notice.saved');
});

const ROOM_DEFAULTS = { withinOpeningHours: true, minMinutes: '30', maxMinutes: '240', leadHours: '48', bookableBy: 'groups', active: true, capacity: '10' };

async function renderRoomForm(c: C, officeId: string, roomId: string | null, form: FormState, status: 200 | 422 = 200) {
  const t = c.var.t;
  const office = await requireOffice(c.var.db, officeId);
  if (!can(c.var.user, 'offices.manage', { areaIds: [office.areaId] })) throw errors.forbidden('offices.manage');
  const heading = roomId ? t('offices.room.edit') : t('offices.room.new');
  return render(c, heading, <RoomForm t={t} form={form} csrfToken={c.var.csrfToken} action={roomId ? `/staff/rooms/${roomId}` : `/staff/offices/${office.id}/rooms`} heading={`${heading} – ${office.name}`} />, {
    status,
    crumbs: [[t('offices.staff.heading'), '/staff/offices'], [office.name, `/staff/offices/${office.id}`], [heading]],
  });
}

function roomInputOf(values: FormValues) {
  const v = validate(roomFormSchema, values);
  if (!v.ok) return { input: null, errors: v.errors };
  const d = v.data;
  return {
    input: { name: d.name, capacity: d.capacity, equipment: d.equipment, accessibility: { stepFree: d.stepFree, accessibleWc: d.accessibleWc, hearingLoop: d.hearingLoop }, withinOpeningHours: d.withinOpeningHours, minMinutes: d.minMinutes, maxMinutes: d.maxMinutes, leadHours: d.leadHours, bookableBy: d.bookableBy, active: d.active },
    errors: [],
  };
}

pages.get(`/staff/offices/${OFFICE}/rooms/new`, (c) => renderRoomForm(c, c.req.param('id'), null, emptyForm(ROOM_DEFAULTS)));

pages.post(`/staff/offices/${OFFICE}/rooms`, async (c) => {
  const officeId = c.req.param('id');
  const office = await requireOffice(c.var.db, officeId);
  if (!can(c.var.user, 'offices.manage', { areaIds: [office.areaId] })) throw errors.forbidden('offices.manage');
  const values = await readForm(c);
  const { input, errors: errs } = roomInputOf(values);
  if (!input) return renderRoomForm(c, officeId, null, { values, errors: errs }, 422);
  try {
    await createRoom(svc(c), { ...input, officeId });
  } catch (e) {
    if (isValidation(e)) return renderRoomForm(c, officeId, null, { values, errors: e.details.fields ?? [] }, 422);
    throw e;
  }
  return redirectWithNotice(c, `/staff/offices/${officeId}`, 'offices.notice.saved');
});

pages.get(`/staff/rooms/${ROOM_ID}`, async (c) => {
  const room = await requireRoom(c.var.db, c.req.param('id'));
  const values = { name: room.name, capacity: String(room.capacity), equipment: room.equipment, stepFree: room.accessibility.stepFree, accessibleWc: room.accessibility.accessibleWc, hearingLoop: room.accessibility.hearingLoop, withinOpeningHours: room.withinOpeningHours, minMinutes: String(room.minMinutes), maxMinutes: String(room.maxMinutes), leadHours: String(room.leadHours), bookableBy: room.bookableBy, active: room.active };
  return renderRoomForm(c, room.officeId, room.id, emptyForm(values));
});

pages.post(`/staff/rooms/${ROOM_ID}`, async (c) => {
  const room = await requireRoom(c.var.db, c.req.param('id'));
  const office = await requireOffice(c.var.db, room.officeId);
  if (!can(c.var.user, 'offices.manage', { areaIds: [office.areaId] })) throw errors.forbidden('offices.manage');
  const values = await readForm(c);
  const { input, errors: errs } = roomInputOf(values);
  if (!input) return renderRoomForm(c, room.officeId, room.id, { values, errors: errs }, 422);
  try {
    await updateRoom(svc(c), room.id, input);
  } catch (e) {
    if (isValidation(e)) return renderRoomForm(c, room.officeId, room.id, { values, errors: e.details.fields ?? [] }, 422);
    throw e;
  }
  return redirectWithNotice(c, `/staff/offices/${room.officeId}`, 'offices.notice.saved');
});

/* ================================================================ staff: bookings */

pages.get('/staff/bookings', async (c) => {
  const t = c.var.t;
  const officeId = c.req.query('office') || undefined;
  const statusQ = c.req.query('status');
  const status = statusQ === 'requested' || statusQ === 'confirmed' || statusQ === 'declined' || statusQ === 'cancelled' ? statusQ : undefined;
  const r = await listBookingsForStaff(svc(c), { officeId, status, limit: 100 });
  return render(c, t('offices.bookings.heading'), <BookingsPage t={t} locale={c.var.locale} items={r.items} rooms={r.rooms} offices={r.offices} officeId={officeId} status={status} canRequest={can(c.var.user, 'bookings.request')} />, {
    crumbs: [[t('offices.bookings.heading')]],
  });
});

async function roomOptions(c: C, action: 'bookings.request' | 'offers.manage'): Promise<Option[]> {
  const offices = await officesInScope(svc(c), action);
  const rooms = await q.listRooms(
    c.var.db as unknown as q.Db,
    offices.map((o) => o.id),
  );
  return rooms.filter((r) => r.active).map((r) => ({ value: r.id, label: `${offices.find((o) => o.id === r.officeId)?.name ?? ''}: ${r.name}` }));
}

async function renderBookingForm(c: C, form: FormState, status: 200 | 409 | 422 = 200, conflicts: Conflict[] = []) {
  const t = c.var.t;
  return render(c, t('offices.bookings.new'), <BookingFormPage t={t} locale={c.var.locale} form={form} csrfToken={c.var.csrfToken} rooms={await roomOptions(c, 'bookings.request')} conflicts={conflicts} canConfirm={can(c.var.user, 'bookings.decide')} />, {
    status,
    crumbs: [[t('offices.bookings.heading'), '/staff/bookings'], [t('offices.bookings.new')]],
  });
}

pages.get('/staff/bookings/new', (c) => renderBookingForm(c, emptyForm({ repeat: 'none', duration: '90', roomId: c.req.query('room') ?? '' })));

pages.post('/staff/bookings', async (c) => {
  const values = await readForm(c);
  const v = validate(bookingFormSchema, values);
  if (!v.ok) return renderBookingForm(c, { values, errors: v.errors }, 422);
  const d = v.data;
  let id: string;
  try {
    const r = await requestBooking(await octx(c), {
      roomId: d.roomId,
      title: d.title,
      purpose: d.purpose ?? null,
      date: d.date,
      time: d.time,
      durationMinutes: d.duration,
      recurrence: recurrenceOf(d),
      requesterKind: 'staff',
      contactName: d.contactName ?? null,
      contactEmail: d.contactEmail ?? null,
      locale: c.var.locale,
      confirm: d.confirm,
    });
    id = r.booking.id;
  } catch (e) {
    if (isConflict(e)) return renderBookingForm(c, { values, errors: e.details.fields ?? [] }, 409, e.details.conflicts);
    if (isValidation(e)) return renderBookingForm(c, { values, errors: e.details.fields ?? [] }, 422);
    throw e;
  }
  return redirectWithNotice(c, `/staff/bookings/${id}`, 'offices.notice.bookingSaved');
});

async function renderBooking(c: C, form: FormState = emptyForm(), status: 200 | 409 | 422 = 200) {
  const t = c.var.t;
  const d = await getBookingForStaff(svc(c), c.req.param('id') ?? '');
  const res = { areaIds: [d.office.areaId] };
  return render(
    c,
    d.booking.title,
    <BookingDetailPage t={t} locale={c.var.locale} booking={d.booking} room={d.room} office={d.office} occurrences={d.occurrences} csrfToken={c.var.csrfToken} canDecide={can(c.var.user, 'bookings.decide', res)} canCancel={can(c.var.user, 'bookings.request', res)} form={form} />,
    { status, crumbs: [[t('offices.bookings.heading'), '/staff/bookings'], [d.booking.title]] },
  );
}

pages.get(`/staff/bookings/${BOOKING}`, (c) => renderBooking(c));

pages.post(`/staff/bookings/${BOOKING}/decide`, async (c) => {
  const id = c.req.param('id');
  const values = await readForm(c);
  const v = validate(decisionFormSchema, values);
  if (!v.ok) return renderBooking(c, { values, errors: v.errors }, 422);
  try {
    if (values.decision === 'decline') await declineBooking(await octx(c), id, v.data.note ?? null);
    else await confirmBooking(await octx(c), id, v.data.note ?? null);
  } catch (e) {
    if (isConflict(e)) return renderBooking(c, { values, errors: e.details.fields ?? [] }, 409);
    throw e;
  }
  return redirectWithNotice(c, `/staff/bookings/${id}`, values.decision === 'decline' ? 'offices.notice.declined' : 'offices.notice.confirmed');
});

pages.post(`/staff/bookings/${BOOKING}/cancel`, async (c) => {
  const id = c.req.param('id');
  const values = await readForm(c);
  const v = validate(cancelFormSchema, values);
  if (!v.ok) return renderBooking(c, { values, errors: v.errors }, 422);
  try {
    await cancelBooking(await octx(c), id, { date: v.data.date ?? null, note: v.data.note ?? null });
  } catch (e) {
    if (isValidation(e)) return renderBooking(c, { values, errors: e.details.fields ?? [] }, 422);
    throw e;
  }
  return redirectWithNotice(c, `/staff/bookings/${id}`, 'offices.notice.cancelled');
});

/* ================================================================ staff: offers */

pages.get('/staff/offers', async (c) => {
  const t = c.var.t;
  const [offers, offices] = await Promise.all([listOffersForStaff(svc(c)), officesInScope(svc(c), 'offices.read')]);
  return render(c, t('offices.offers.heading'), <OffersAdminPage t={t} locale={c.var.locale} offers={offers} offices={offices} />, { crumbs: [[t('offices.offers.heading')]] });
});

async function renderOfferForm(c: C, form: FormState, status: 200 | 409 | 422 = 200, conflicts: Conflict[] = []) {
  const t = c.var.t;
  const offices = await officesInScope(svc(c), 'offers.manage');
  return render(
    c,
    t('offices.offers.new'),
    <OfferFormPage t={t} locale={c.var.locale} form={form} csrfToken={c.var.csrfToken} offices={offices.map((o) => ({ value: o.id, label: o.name }))} rooms={await roomOptions(c, 'offers.manage')} conflicts={conflicts} />,
    { status, crumbs: [[t('offices.offers.heading'), '/staff/offers'], [t('offices.offers.new')]] },
  );
}

pages.get('/staff/offers/new', (c) => renderOfferForm(c, emptyForm({ repeat: 'weekly', duration: '120', languages: ['de'], targetGroups: ['everyone'] })));

pages.post('/staff/offers', async (c) => {
  const values = await readForm(c);
  const v = validate(offerFormSchema, values);
  if (!v.ok) return renderOfferForm(c, { values, errors: v.errors }, 422);
  const d = v.data;
  let id: string;
  try {
    const r = await createOffer(await octx(c), {
      officeId: d.officeId,
      roomId: d.roomId ?? null,
      title: d.title,
      description: d.description ?? null,
      date: d.date,
      time: d.time,
      durationMinutes: d.duration,
      recurrence: recurrenceOf(d),
      targetGroups: d.targetGroups,
      languages: d.languages,
      cost: d.cost ?? null,
      accessibilityNotes: d.accessibilityNotes ?? null,
      registration: d.registration,
      capacity: d.capacity ?? null,
      publish: d.publish,
    });
    id = r.offer.id;
  } catch (e) {
    if (isConflict(e)) return renderOfferForm(c, { values, errors: e.details.fields ?? [] }, 409, e.details.conflicts);
    if (isValidation(e)) return renderOfferForm(c, { values, errors: e.details.fields ?? [] }, 422);
    throw e;
  }
  return redirectWithNotice(c, `/staff/offers/${id}`, 'offices.notice.offerSaved');
});

async function renderOfferAdmin(c: C, form: FormState = emptyForm(), status: 200 | 422 = 200) {
  const t = c.var.t;
  const offer = await getOffer(c.var.db, c.req.param('id') ?? '');
  if (!offer) throw errors.notFound('offer');
  const office = await requireOffice(c.var.db, offer.officeId);
  if (!can(c.var.user, 'offers.manage', { areaIds: [office.areaId] })) throw errors.forbidden('offers.manage');
  const [registrations, attendance] = await Promise.all([q.listRegistrations(c.var.db as unknown as q.Db, offer.id), attendanceOf(c.var.db, offer.id)]);
  const now = new Date();
  const sessions = offerSessions(offer, new Date(offer.firstStart), new Date(Math.min(new Date(offer.lastEnd).getTime() + 1, now.getTime() + 86_400_000))).reverse().slice(0, 20);
  return render(c, offer.title, <OfferAdminPage t={t} locale={c.var.locale} offer={offer} office={office} registrations={registrations} sessions={sessions} attendance={attendance} csrfToken={c.var.csrfToken} form={form} />, {
    status,
    crumbs: [[t('offices.offers.heading'), '/staff/offers'], [offer.title]],
  });
}

pages.get(`/staff/offers/${OFFER}`, (c) => renderOfferAdmin(c));

pages.post(`/staff/offers/${OFFER}/status`, async (c) => {
  const id = c.req.param('id');
  const offer = await getOffer(c.var.db, id);
  if (!offer) throw errors.notFound('offer');
  const office = await requireOffice(c.var.db, offer.officeId);
  if (!can(c.var.user, 'offers.manage', { areaIds: [office.areaId] })) throw errors.forbidden('offers.manage');
  const values = await readForm(c);
  const status = values.status === 'published' ? 'published' : values.status === 'cancelled' ? 'cancelled' : null;
  if (!status) throw errors.validation([{ field: 'status', key: 'form.error.choose' }]);
  await setOfferStatus(await octx(c), id, status);
  return redirectWithNotice(c, `/staff/offers/${id}`, status === 'published' ? 'offices.notice.published' : 'offices.notice.offerCancelled');
});

pages.post(`/staff/offers/${OFFER}/attendance`, async (c) => {
  const id = c.req.param('id');
  const offer = await getOffer(c.var.db, id);
  if (!offer) throw errors.notFound('offer');
  const office = await requireOffice(c.var.db, offer.officeId);
  if (!can(c.var.user, 'offers.manage', { areaIds: [office.areaId] })) throw errors.forbidden('offers.manage');
  const values = await readForm(c);
  const v = validate(attendanceFormSchema, values);
  if (!v.ok) return renderOfferAdmin(c, { values, errors: v.errors }, 422);
  try {
    await recordAttendance(svc(c), id, v.data.date, v.data.count);
  } catch (e) {
    if (isValidation(e)) return renderOfferAdmin(c, { values, errors: e.details.fields ?? [] }, 422);
    throw e;
  }
  return redirectWithNotice(c, `/staff/offers/${id}`, 'offices.notice.saved');
});

/* ================================================================ staff: advice */

pages.get('/staff/advice', async (c) => {
  const t = c.var.t;
  const m = c.req.query('month');
  const month = m && /^\d{4}-(0[1-9]|1[0-2])$/.test(m) ? m : berlinDate(new Date()).slice(0, 7);
  const stats = await adviceStatistics(svc(c), { month });
  const months = stats.months.map((x) => ({ ...x, officeName: stats.offices.find((o) => o.id === x.officeId)?.name ?? '' }));
  return render(c, t('offices.advice.heading'), <AdviceStatsPage t={t} locale={c.var.locale} month={month} months={months} canRecord={can(c.var.user, 'advice.record')} prev={shiftMonth(month, -1)} next={shiftMonth(month, 1)} />, {
    crumbs: [[t('offices.advice.heading')]],
  });
});

async function renderAdviceForm(c: C, form: FormState, status: 200 | 422 = 200) {
  const t = c.var.t;
  const offices = await officesInScope(svc(c), 'advice.record');
  return render(c, t('offices.advice.new'), <AdviceFormPage t={t} locale={c.var.locale} form={form} csrfToken={c.var.csrfToken} offices={offices.map((o) => ({ value: o.id, label: o.name }))} />, {
    status,
    crumbs: [[t('offices.advice.heading'), '/staff/advice'], [t('offices.advice.new')]],
  });
}

pages.get('/staff/advice/new', (c) => {
  const last = c.req.query('office');
  return renderAdviceForm(c, emptyForm({ date: berlinDate(new Date()), channel: 'in_person', language: 'de', duration: '15', officeId: last ?? '' }));
});

pages.post('/staff/advice', async (c) => {
  const values = await readForm(c);
  const v = validate(adviceFormSchema, values);
  if (!v.ok) return renderAdviceForm(c, { values, errors: v.errors }, 422);
  const d = v.data;
  try {
    await recordAdvice(svc(c), { officeId: d.officeId, date: d.date, channel: d.channel, topics: d.topics, language: d.language, targetGroup: d.targetGroup ?? null, referrals: d.referrals, durationMinutes: d.duration, followUp: d.followUp });
  } catch (e) {
    if (isValidation(e)) return renderAdviceForm(c, { values, errors: e.details.fields ?? [] }, 422);
    throw e;
  }
  // Straight back to an empty form for the next entry (same office), with a notice.
  return redirectWithNotice(c, `/staff/advice/new?office=${encodeURIComponent(d.officeId)}`, 'offices.notice.adviceSaved');
});

