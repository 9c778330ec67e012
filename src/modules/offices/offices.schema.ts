/**
 * zod schemas of the offices module: HTML form input (strings → typed input) and the JSON API's bodies, queries
 * and response shapes (with .openapi() metadata for /api/openapi.json).
 */
import { z } from '@hono/zod-openapi';
import { formFields } from '../../platform/http/forms';
import { ADVICE_TARGET_GROUPS, ADVICE_TOPICS, BOOKABLE_BY, CHANNELS, EQUIPMENT, LANGUAGES, REFERRALS, TARGET_GROUPS } from './offices.types';

const optionalNumber = (min: number, max: number) =>
  z.preprocess((v) => (v === undefined || v === null || (typeof v === 'string' && v.trim() === '') ? undefined : typeof v === 'string' ? v.trim().replace(',', '.') : v), z.coerce.number().min(min).max(max).optional());
const int = (min: number, max: number) => z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.coerce.number({ error: 'form.error.number' }).int({ error: 'form.error.number' }).min(min).max(max));
const optionalInt = (min: number, max: number) => z.preprocess((v) => (v === undefined || v === '' ? undefined : v), z.coerce.number({ error: 'form.error.number' }).int().min(min).max(max).optional());
const optionalEmail = z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v), z.email({ error: 'form.error.email' }).max(254).optional());
const requiredEmail = z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.email({ error: 'form.error.email' }).max(254));
const date = z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.iso.date({ error: 'form.error.date' }));
const time = z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.string({ error: 'form.error.required' }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'offices.error.time' }));
/** Dates as free text: "2027-02-02, 2027-03-02" (exceptions of a series). */
const dateList = z.preprocess(
  (v) => (typeof v === 'string' ? v.split(/[\s,;]+/).filter(Boolean) : Array.isArray(v) ? v : []),
  z.array(z.iso.date({ error: 'offices.error.exdates' })).max(100),
);
const WEEKDAY_FIELDS = Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [`hours_${d}`, formFields.optionalText(100)])) as Record<`hours_${1 | 2 | 3 | 4 | 5 | 6 | 7}`, ReturnType<typeof formFields.optionalText>>;

export const officeFormSchema = z.object({
  name: formFields.text(120),
  slug: z.preprocess((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v), z.string().min(1).max(60)),
  areaId: z.string({ error: 'form.error.choose' }).min(1, { error: 'form.error.choose' }).max(80),
  street: formFields.optionalText(120),
  postcode: formFields.optionalText(10),
  city: formFields.optionalText(80),
  lat: optionalNumber(-90, 90),
  lon: optionalNumber(-180, 180),
  phone: formFields.optionalText(40),
  email: optionalEmail,
  description: formFields.optionalText(2000),
  ...WEEKDAY_FIELDS,
  closedOnHolidays: formFields.checkbox(),
  stepFree: formFields.checkbox(),
  accessibleWc: formFields.checkbox(),
  hearingLoop: formFields.checkbox(),
  accessibilityNotes: formFields.optionalText(1000),
  languages: formFields.list(z.enum(LANGUAGES)),
  staffOnDuty: formFields.optionalText(1000),
});
export type OfficeForm = z.output<typeof officeFormSchema>;

export const closureFormSchema = z.object({
  fromDate: date,
  toDate: date,
  hours: formFields.optionalText(100),
  reason: formFields.optionalText(200),
});

export const roomFormSchema = z.object({
  name: formFields.text(120),
  capacity: int(1, 2000),
  equipment: formFields.list(z.enum(EQUIPMENT)),
  stepFree: formFields.checkbox(),
  accessibleWc: formFields.checkbox(),
  hearingLoop: formFields.checkbox(),
  withinOpeningHours: formFields.checkbox(),
  minMinutes: int(15, 1440),
  maxMinutes: int(15, 1440),
  leadHours: int(0, 24 * 90),
  bookableBy: z.enum(BOOKABLE_BY, { error: 'form.error.choose' }),
  active: formFields.checkbox(),
});

const repeat = z.enum(['none', 'weekly', 'biweekly', 'monthly'], { error: 'form.error.choose' });

export const bookingFormSchema = z.object({
  roomId: z.string({ error: 'form.error.choose' }).min(1, { error: 'form.error.choose' }).max(80),
  title: formFields.text(120),
  purpose: formFields.optionalText(1000),
  date,
  time,
  duration: int(15, 1440),
  repeat,
  until: formFields.optionalDate(),
  exdates: dateList,
  contactName: formFields.optionalText(120),
  contactEmail: optionalEmail,
  confirm: formFields.checkbox(),
});

export const publicBookingFormSchema = bookingFormSchema.omit({ confirm: true, contactEmail: true, contactName: true }).extend({
  contactName: formFields.text(120),
  contactEmail: requiredEmail,
});

export const decisionFormSchema = z.object({ note: formFields.optionalText(1000) });
export const cancelFormSchema = z.object({ date: formFields.optionalDate(), note: formFields.optionalText(1000) });

export const offerFormSchema = z.object({
  officeId: z.string({ error: 'form.error.choose' }).min(1, { error: 'form.error.choose' }).max(80),
  roomId: formFields.optionalText(80),
  title: formFields.text(120),
  description: formFields.optionalText(4000),
  date,
  time,
  duration: int(15, 1440),
  repeat,
  until: formFields.optionalDate(),
  exdates: dateList,
  targetGroups: formFields.list(z.enum(TARGET_GROUPS)),
  languages: formFields.list(z.enum(LANGUAGES)),
  cost: formFields.optionalText(120),
  accessibilityNotes: formFields.optionalText(1000),
  registration: formFields.checkbox(),
  capacity: optionalInt(1, 10_000),
  publish: formFields.checkbox(),
});

export const registrationFormSchema = z.object({
  name: formFields.text(120),
  email: requiredEmail,
  places: z.preprocess((v) => (v === undefined || v === '' ? 1 : v), z.coerce.number({ error: 'form.error.number' }).int().min(1).max(10)),
});

export const attendanceFormSchema = z.object({ date, count: int(0, 10_000) });

export const adviceFormSchema = z.object({
  officeId: z.string({ error: 'form.error.choose' }).min(1, { error: 'form.error.choose' }).max(80),
  date,
  channel: z.enum(CHANNELS, { error: 'form.error.choose' }),
  topics: z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(z.enum(ADVICE_TOPICS)).min(1, { error: 'offices.error.topics' })),
  language: z.enum(LANGUAGES, { error: 'form.error.choose' }),
  targetGroup: z.preprocess((v) => (v === '' ? undefined : v), z.enum(ADVICE_TARGET_GROUPS).optional()),
  referrals: formFields.list(z.enum(REFERRALS)),
  duration: int(1, 600),
  followUp: formFields.checkbox(),
});

export const calendarQuerySchema = z.object({
  area: z.string().max(80).optional(),
  office: z.string().max(80).optional(),
  view: z.enum(['list', 'month']).optional().catch(undefined),
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .optional()
    .catch(undefined),
});

/* ---------------------------------------------------------------- API */

const IntervalSchema = z.object({ from: z.string(), to: z.string() });

export const OfficeSchema = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    areaId: z.string(),
    street: z.string().nullable(),
    postcode: z.string().nullable(),
    city: z.string().nullable(),
    lat: z.number().nullable(),
    lon: z.number().nullable(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    hours: z.record(z.string(), z.array(IntervalSchema)).openapi({ description: 'ISO weekday (1 = Monday) → opening intervals, Europe/Berlin' }),
    closedOnHolidays: z.boolean(),
    accessibility: z.object({ stepFree: z.boolean(), accessibleWc: z.boolean(), hearingLoop: z.boolean() }),
    accessibilityNotes: z.string().nullable(),
    languages: z.array(z.string()),
    staffOnDuty: z.string().nullable(),
    openNow: z.boolean(),
    opensAt: z.string().nullable().openapi({ description: 'Next opening (ISO instant) when closed now' }),
  })
  .openapi('Office');

export const RoomSchema = z
  .object({
    id: z.string(),
    officeId: z.string(),
    name: z.string(),
    capacity: z.number().int(),
    equipment: z.array(z.string()),
    accessibility: z.object({ stepFree: z.boolean(), accessibleWc: z.boolean(), hearingLoop: z.boolean() }),
    withinOpeningHours: z.boolean(),
    minMinutes: z.number().int(),
    maxMinutes: z.number().int(),
    leadHours: z.number().int(),
    bookableBy: z.enum(BOOKABLE_BY),
  })
  .openapi('Room');

export const BusySchema = z.object({ start: z.string(), end: z.string(), tentative: z.boolean() }).openapi('BusyTime');

export const BookingSchema = z
  .object({
    id: z.string(),
    roomId: z.string(),
    title: z.string(),
    requesterKind: z.string(),
    groupId: z.string().nullable(),
    status: z.string(),
    startDate: z.string(),
    startTime: z.string(),
    durationMinutes: z.number().int(),
    rrule: z.string().nullable(),
    exdates: z.array(z.string()),
    firstStart: z.string(),
    lastEnd: z.string(),
  })
  .openapi('Booking');

const RecurrenceBody = z.object({
  freq: z.enum(['weekly', 'biweekly', 'monthly']).optional(),
  rrule: z.string().max(200).optional().openapi({ description: 'RRULE value (FREQ=WEEKLY|MONTHLY, INTERVAL, BYDAY, BYMONTHDAY, BYSETPOS, COUNT, UNTIL)' }),
  until: z.iso.date().optional(),
  exdates: z.array(z.iso.date()).max(100).optional(),
});

export const BookingBody = z
  .object({
    roomId: z.string().min(1),
    title: z.string().trim().min(1).max(120),
    purpose: z.string().max(1000).optional(),
    date: z.iso.date(),
    time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
    durationMinutes: z.number().int().min(15).max(1440),
    recurrence: RecurrenceBody.optional(),
    contactName: z.string().max(120).optional(),
    contactEmail: z.email().max(254).optional(),
    confirm: z.boolean().optional(),
  })
  .openapi('BookingRequest');

export const ConflictSchema = z.object({ date: z.string(), start: z.string(), end: z.string(), bookingId: z.string(), title: z.string() }).openapi('BookingConflict');

export const OfferSchema = z
  .object({
    id: z.string(),
    officeId: z.string(),
    areaId: z.string(),
    roomId: z.string().nullable(),
    groupId: z.string().nullable(),
    title: z.string(),
    description: z.string().nullable(),
    startDate: z.string(),
    startTime: z.string(),
    durationMinutes: z.number().int(),
    rrule: z.string().nullable(),
    exdates: z.array(z.string()),
    targetGroups: z.array(z.string()),
    languages: z.array(z.string()),
    cost: z.string().nullable(),
    accessibilityNotes: z.string().nullable(),
    registration: z.boolean(),
    capacity: z.number().int().nullable(),
    status: z.string(),
    url: z.string(),
  })
  .openapi('Offer');

export const OfferBody = z
  .object({
    officeId: z.string().min(1),
    roomId: z.string().optional(),
    groupId: z.string().optional(),
    title: z.string().trim().min(1).max(120),
    description: z.string().max(4000).optional(),
    date: z.iso.date(),
    time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
    durationMinutes: z.number().int().min(15).max(1440),
    recurrence: RecurrenceBody.optional(),
    targetGroups: z.array(z.enum(TARGET_GROUPS)).optional(),
    languages: z.array(z.enum(LANGUAGES)).optional(),
    cost: z.string().max(120).optional(),
    accessibilityNotes: z.string().max(1000).optional(),
    registration: z.boolean().optional(),
    capacity: z.number().int().min(1).max(10_000).optional(),
    publish: z.boolean().optional(),
  })
  .openapi('OfferInput');
