/**
 * JSON API of the offices module, mounted under /api/v1. Offices, rooms, free/busy, published offers are open to
 * read; booking requests (bookings.request), booking lists with contacts (offices.read) and new offers
 * (offers.manage) need an API token. Contact data never appears in public answers.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { linkBase } from '../../platform/auth/links';
import { addDays, berlinDate, berlinInstant } from '../../platform/calendar';
import { errors } from '../../platform/errors';
import { newApi } from '../../platform/http/api';
import { svc } from '../../platform/http/service-context';
import { BookingBody, BookingSchema, BusySchema, ConflictSchema, OfferBody, OfferSchema, OfficeSchema, RoomSchema } from './offices.schema';
import { createOffer, getOffer, listBookingsForStaff, listOffices, listPublishedOffers, listRooms, officeStatus, requestBooking, requireOffice, requireRoom, roomBusy, type OfficesContext } from './offices.service';
import type { Booking, Offer, Office, Room } from './offices.types';

export const api = newApi();

const TAGS = ['Offices'];
const Problem = z.object({ type: z.string(), title: z.string(), status: z.number().int(), code: z.string() }).openapi('OfficesProblem');
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: Problem } } });
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const writeResponses = {
  401: problem('No or an invalid API token.'),
  403: problem('The token’s user may not do this (role or programme-area scope).'),
  409: problem('Conflict with existing bookings (`conflicts` lists them).'),
  422: problem('Invalid input; `errors` lists the fields.'),
};

async function mailCtx(c: Parameters<typeof svc>[0]): Promise<OfficesContext> {
  const base = await linkBase(c);
  return { ...svc(c), mail: base ? { config: c.var.deps.config, linkBase: base } : null };
}

async function presentOffice(db: Parameters<typeof officeStatus>[0], o: Office) {
  const { state } = await officeStatus(db, o);
  const opensAt = !state.open && state.next ? berlinInstant(state.next.date, state.next.time).toISOString() : null;
  const { createdAt: _c, updatedAt: _u, description: _d, ...rest } = o;
  return { ...rest, openNow: state.open, opensAt };
}

const presentRoom = (r: Room) => {
  const { active: _a, ...rest } = r;
  return rest;
};

const presentBooking = (b: Booking) => ({ id: b.id, roomId: b.roomId, title: b.title, requesterKind: b.requesterKind, groupId: b.groupId, status: b.status, startDate: b.startDate, startTime: b.startTime, durationMinutes: b.durationMinutes, rrule: b.rrule, exdates: b.exdates, firstStart: b.firstStart, lastEnd: b.lastEnd });

const presentOffer = (o: Offer, base: string) => ({
  id: o.id,
  officeId: o.officeId,
  areaId: o.areaId,
  roomId: o.roomId,
  groupId: o.groupId,
  title: o.title,
  description: o.description,
  startDate: o.startDate,
  startTime: o.startTime,
  durationMinutes: o.durationMinutes,
  rrule: o.rrule,
  exdates: o.exdates,
  targetGroups: o.targetGroups,
  languages: o.languages,
  cost: o.cost,
  accessibilityNotes: o.accessibilityNotes,
  registration: o.registration,
  capacity: o.capacity,
  status: o.status,
  url: `${base}/offers/${o.id}`,
});

const IdParam = z.object({ id: z.string().min(1).max(80) });

api.openapi(
  createRoute({ method: 'get', path: '/offices', tags: TAGS, summary: 'District offices with opening hours and "open now"', responses: { 200: json(z.object({ items: z.array(OfficeSchema) }), 'All offices.') } }),
  async (c) => {
    const offices = await listOffices(c.var.db);
    return c.json({ items: await Promise.all(offices.map((o) => presentOffice(c.var.db, o))) }, 200);
  },
);

api.openapi(
  createRoute({ method: 'get', path: '/offices/{id}', tags: TAGS, summary: 'One office', request: { params: IdParam }, responses: { 200: json(OfficeSchema, 'The office.'), 404: problem('No such office.') } }),
  async (c) => {
    const o = await requireOffice(c.var.db, c.req.valid('param').id);
    return c.json(await presentOffice(c.var.db, o), 200);
  },
);

api.openapi(
  createRoute({ method: 'get', path: '/offices/{id}/rooms', tags: TAGS, summary: 'Active rooms of an office with their booking rules', request: { params: IdParam }, responses: { 200: json(z.object({ items: z.array(RoomSchema) }), 'Rooms.'), 404: problem('No such office.') } }),
  async (c) => {
    const o = await requireOffice(c.var.db, c.req.valid('param').id);
    return c.json({ items: (await listRooms(c.var.db, o.id)).filter((r) => r.active).map(presentRoom) }, 200);
  },
);

api.openapi(
  createRoute({
    method: 'get',
    path: '/rooms/{id}/busy',
    tags: TAGS,
    summary: 'Busy times of a room (no names), from a date for some days',
    request: { params: IdParam, query: z.object({ from: z.iso.date().optional(), days: z.coerce.number().int().min(1).max(92).optional() }) },
    responses: { 200: json(z.object({ items: z.array(BusySchema) }), 'Busy times.'), 404: problem('No such room.') },
  }),
  async (c) => {
    const room = await requireRoom(c.var.db, c.req.valid('param').id);
    const qy = c.req.valid('query');
    const from = qy.from ?? berlinDate(new Date());
    const busy = await roomBusy(c.var.db, room.id, berlinInstant(from, '00:00'), berlinInstant(addDays(from, qy.days ?? 14), '00:00'));
    return c.json({ items: busy.map((b) => ({ start: b.start, end: b.end, tentative: b.tentative })) }, 200);
  },
);

api.openapi(
  createRoute({
    method: 'get',
    path: '/bookings',
    tags: TAGS,
    summary: 'Bookings of the rooms in the token user’s scope (offices.read)',
    security: [{ bearerAuth: [] }],
    request: { query: z.object({ office: z.string().max(80).optional(), status: z.enum(['requested', 'confirmed', 'declined', 'cancelled']).optional() }) },
    responses: { 200: json(z.object({ total: z.number().int(), items: z.array(BookingSchema) }), 'Bookings.'), 401: problem('No or an invalid API token.'), 403: problem('Not allowed.') },
  }),
  async (c) => {
    const qy = c.req.valid('query');
    const r = await listBookingsForStaff(svc(c), { officeId: qy.office, status: qy.status, limit: 200 });
    return c.json({ total: r.total, items: r.items.map(presentBooking) }, 200);
  },
);

api.openapi(
  createRoute({
    method: 'post',
    path: '/bookings',
    tags: TAGS,
    summary: 'Request a booking on behalf of someone (bookings.request); single or recurring',
    security: [{ bearerAuth: [] }],
    request: { body: { required: true, content: { 'application/json': { schema: BookingBody } } } },
    responses: { 201: json(z.object({ booking: BookingSchema, occurrences: z.number().int() }), 'The booking (requested, or confirmed when asked and allowed).'), ...writeResponses, 409: json(z.object({ code: z.string(), conflicts: z.array(ConflictSchema) }).passthrough(), 'Conflicts with existing bookings.') },
  }),
  async (c) => {
    const b = c.req.valid('json');
    const r = await requestBooking(await mailCtx(c), {
      roomId: b.roomId,
      title: b.title,
      purpose: b.purpose ?? null,
      date: b.date,
      time: b.time,
      durationMinutes: b.durationMinutes,
      recurrence: b.recurrence ? { freq: b.recurrence.freq ?? null, rrule: b.recurrence.rrule ?? null, until: b.recurrence.until ?? null, exdates: b.recurrence.exdates ?? [] } : null,
      requesterKind: 'staff',
      contactName: b.contactName ?? null,
      contactEmail: b.contactEmail ?? null,
      confirm: b.confirm ?? false,
    });
    return c.json({ booking: presentBooking(r.booking), occurrences: r.occurrences }, 201);
  },
);

api.openapi(
  createRoute({
    method: 'get',
    path: '/offers',
    tags: TAGS,
    summary: 'Published offers (per programme area or office)',
    request: { query: z.object({ area: z.string().max(80).optional(), office: z.string().max(80).optional() }) },
    responses: { 200: json(z.object({ items: z.array(OfferSchema) }), 'Offers that have not ended.') },
  }),
  async (c) => {
    const qy = c.req.valid('query');
    const base = (await linkBase(c)) ?? '';
    const items = await listPublishedOffers(c.var.db, { areaId: qy.area, officeId: qy.office });
    return c.json({ items: items.map((o) => presentOffer(o, base)) }, 200);
  },
);

api.openapi(
  createRoute({ method: 'get', path: '/offers/{id}', tags: TAGS, summary: 'One published offer', request: { params: IdParam }, responses: { 200: json(OfferSchema, 'The offer.'), 404: problem('No such published offer.') } }),
  async (c) => {
    const o = await getOffer(c.var.db, c.req.valid('param').id);
    if (!o || o.status === 'draft') throw errors.notFound('offer');
    return c.json(presentOffer(o, (await linkBase(c)) ?? ''), 200);
  },
);

api.openapi(
  createRoute({
    method: 'post',
    path: '/offers',
    tags: TAGS,
    summary: 'Create an offer (offers.manage); with a room, the room is booked automatically',
    security: [{ bearerAuth: [] }],
    request: { body: { required: true, content: { 'application/json': { schema: OfferBody } } } },
    responses: { 201: json(OfferSchema, 'The new offer.'), ...writeResponses },
  }),
  async (c) => {
    const b = c.req.valid('json');
    const r = await createOffer(await mailCtx(c), {
      ...b,
      roomId: b.roomId ?? null,
      groupId: b.groupId ?? null,
      description: b.description ?? null,
      recurrence: b.recurrence ? { freq: b.recurrence.freq ?? null, rrule: b.recurrence.rrule ?? null, until: b.recurrence.until ?? null, exdates: b.recurrence.exdates ?? [] } : null,
      cost: b.cost ?? null,
      accessibilityNotes: b.accessibilityNotes ?? null,
      capacity: b.capacity ?? null,
    });
    return c.json(presentOffer(r.offer, (await linkBase(c)) ?? ''), 201);
  },
);
