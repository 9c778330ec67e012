/**
 * zod schemas of the concerns module: HTML form input (strings → typed input), JSON API bodies and queries, and
 * the API's response shapes (with .openapi() metadata for /api/openapi.json).
 */
import { z } from '@hono/zod-openapi';
import { formFields } from '../../platform/http/forms';
import { CHANNELS, STAFF_CHANNELS, STATUSES } from './concerns.types';

const optionalNumber = (min: number, max: number) =>
  z.preprocess((v) => (v === undefined || v === null || (typeof v === 'string' && v.trim() === '') ? undefined : typeof v === 'string' ? v.trim().replace(',', '.') : v), z.coerce.number().min(min).max(max).optional());
const optionalInt = (min: number, max: number) =>
  z.preprocess((v) => (v === undefined || v === '' ? undefined : v), z.coerce.number().int().min(min).max(max).optional());
const optionalEmail = z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v), z.email({ error: 'form.error.email' }).max(254).optional());
const phoneField = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v),
  z.string().max(40).regex(/^[+0-9 ()/-]{5,40}$/, { error: 'concerns.error.phone' }).optional(),
);

/* ---------------------------------------------------------------- forms */

/** Public intake form. Extra answers arrive as q_<key> fields and are checked against the category by the service. */
export const intakeFormSchema = z.object({
  categoryId: z.string({ error: 'concerns.error.category' }).min(1, { error: 'concerns.error.category' }).max(80),
  description: z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.string({ error: 'form.error.required' }).min(1, { error: 'form.error.required' }).max(4000)),
  address: formFields.optionalText(200),
  districtNumber: optionalInt(1, 9999),
  lat: optionalNumber(-90, 90),
  lon: optionalNumber(-180, 180),
  name: formFields.optionalText(120),
  email: optionalEmail,
  subscribe: formFields.checkbox(),
  /** Set by the "submit anyway" button after duplicate suggestions were shown. */
  skipDuplicates: formFields.checkbox(),
});
export type IntakeForm = z.output<typeof intakeFormSchema>;

export const staffIntakeFormSchema = intakeFormSchema.omit({ skipDuplicates: true }).extend({
  channel: z.enum(STAFF_CHANNELS, { error: 'form.error.choose' }),
  phone: phoneField,
});
export type StaffIntakeForm = z.output<typeof staffIntakeFormSchema>;

export const transitionFormSchema = z.object({
  to: z.enum(STATUSES, { error: 'form.error.choose' }),
  reason: formFields.optionalText(2000),
  note: formFields.optionalText(4000),
  department: formFields.optionalText(120),
  duplicateOf: formFields.optionalText(80),
});

export const noteFormSchema = z.object({
  text: formFields.text(4000),
  visibility: z.enum(['public', 'internal'], { error: 'form.error.choose' }),
});

export const assignFormSchema = z.object({ assigneeId: formFields.optionalText(80) });

export const mergeFormSchema = z.object({ target: formFields.text(80) });

export const editFormSchema = z.object({
  description: formFields.text(4000),
  address: formFields.optionalText(200),
  categoryId: formFields.text(80),
  public: formFields.checkbox(),
});

export const redactFormSchema = z.object({
  description: formFields.optionalText(4000),
  redactDescription: formFields.checkbox(),
  address: formFields.checkbox(),
  contact: formFields.checkbox(),
  eventIds: formFields.list(z.string().max(80)),
  photoIds: formFields.list(z.string().max(80)),
});

export const bulkFormSchema = z.object({
  ids: formFields.list(z.string().max(80)).pipe(z.array(z.string()).min(1, { error: 'concerns.error.selectSome' })),
  op: z.enum(['forward', 'assign'], { error: 'form.error.choose' }),
  department: formFields.optionalText(120),
  assigneeId: formFields.optionalText(80),
});

export const followFormSchema = z.object({ email: z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.email({ error: 'form.error.email' }).max(254)) });

const statusFilter = z.enum([...STATUSES, 'open', 'closed']).optional().catch(undefined);

/** Query of the staff inbox and its CSV export (unknown values are ignored, not errors). */
export const inboxQuerySchema = z.object({
  area: z.string().max(80).optional().catch(undefined),
  district: optionalInt(1, 9999).catch(undefined),
  category: z.string().max(80).optional().catch(undefined),
  status: statusFilter,
  assignee: z.string().max(80).optional().catch(undefined),
  age: optionalInt(1, 3650).catch(undefined),
  overdue: formFields.checkbox().catch(false),
  sort: z.enum(['newest', 'oldest', 'due', 'support', 'number']).optional().catch(undefined),
  offset: optionalInt(0, 1_000_000).catch(undefined),
});

export const publicListQuerySchema = z.object({
  area: z.string().max(80).optional().catch(undefined),
  category: z.string().max(80).optional().catch(undefined),
  status: statusFilter,
  offset: optionalInt(0, 1_000_000).catch(undefined),
});

const LabelsInput = z.object({ de: z.string().min(1).max(200), en: z.string().max(200).nullable(), ar: z.string().max(200).nullable() });
export const QuestionsSchema = z
  .array(
    z.object({
      key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/),
      label: LabelsInput,
      type: z.enum(['text', 'number', 'choice', 'boolean']),
      required: z.boolean(),
      choices: z.array(z.object({ value: z.string().min(1).max(60), label: LabelsInput })).optional(),
    }),
  )
  .max(10);

export const categoryFormSchema = z.object({
  labelDe: formFields.text(100),
  labelEn: formFields.optionalText(100),
  labelAr: formFields.optionalText(100),
  department: formFields.optionalText(120),
  handlingDays: z.coerce.number({ error: 'form.error.number' }).int().min(1).max(365),
  active: formFields.checkbox(),
  /** Extra questions as JSON (see QuestionsSchema); empty = none. */
  questions: z.preprocess(
    (v) => {
      if (typeof v !== 'string' || v.trim() === '') return [];
      try {
        return JSON.parse(v) as unknown;
      } catch {
        return 'invalid';
      }
    },
    z
      .array(QuestionsSchema.element, { error: 'concerns.error.questions' })
      .max(10, { error: 'concerns.error.questions' })
      .refine((qs) => new Set(qs.map((q) => q.key)).size === qs.length && qs.every((q) => q.type !== 'choice' || (q.choices?.length ?? 0) > 0), { error: 'concerns.error.questions' }),
  ),
  open311Endpoint: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.url({ error: 'form.error.url' }).max(300).optional()),
  open311ServiceCode: formFields.optionalText(60),
  open311JurisdictionId: formFields.optionalText(60),
});

/* ---------------------------------------------------------------- API */

export const NumberParam = z.object({
  number: z.string().min(6).max(20).openapi({ param: { name: 'number', in: 'path' }, example: '2026-000123' }),
});

export const ListQuery = z.object({
  area: z.string().max(80).optional().openapi({ param: { name: 'area', in: 'query' }, description: 'Programme area id' }),
  category: z.string().max(80).optional().openapi({ param: { name: 'category', in: 'query' }, description: 'Category id' }),
  status: z.enum([...STATUSES, 'open', 'closed']).optional().openapi({ param: { name: 'status', in: 'query' } }),
  limit: z.coerce.number().int().min(1).max(100).optional().openapi({ param: { name: 'limit', in: 'query' }, example: 25 }),
  offset: z.coerce.number().int().min(0).optional().openapi({ param: { name: 'offset', in: 'query' }, example: 0 }),
});

export const CreateBody = z
  .object({
    categoryId: z.string().min(1).max(80),
    description: z.string().trim().min(1).max(4000),
    answers: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional().openapi({ description: 'Answers to the category’s extra questions, by key.' }),
    lat: z.number().min(-90).max(90).optional(),
    lon: z.number().min(-180).max(180).optional(),
    address: z.string().trim().max(200).optional(),
    districtNumber: z.number().int().min(1).optional().openapi({ description: 'Official Stadtteil number when no point or address decides.' }),
    channel: z.enum(STAFF_CHANNELS),
    submitter: z
      .object({ name: z.string().trim().max(120).optional(), email: z.email().max(254).optional(), phone: z.string().trim().max(40).optional(), subscribe: z.boolean().optional() })
      .optional(),
  })
  .openapi('ConcernCreate');

export const TransitionBody = z
  .object({
    to: z.enum(STATUSES),
    reason: z.string().trim().max(2000).optional().openapi({ description: 'Required for not_responsible (referral) and rejected (reason).' }),
    note: z.string().trim().max(4000).optional().openapi({ description: 'Public note to the resident.' }),
    department: z.string().trim().max(120).optional().openapi({ description: 'For forwarded; default: the category’s department.' }),
    duplicateOf: z.string().trim().max(80).optional().openapi({ description: 'For duplicate: public number of the concern this one duplicates.' }),
  })
  .openapi('ConcernTransition');

const LabelsSchema = z.object({ de: z.string(), en: z.string().nullable(), ar: z.string().nullable() });

export const CategorySchema = z
  .object({
    id: z.string(),
    key: z.string(),
    labels: LabelsSchema,
    department: z.string().nullable(),
    handlingDays: z.number().int(),
    questions: z.array(
      z.object({
        key: z.string(),
        label: LabelsSchema,
        type: z.enum(['text', 'number', 'choice', 'boolean']),
        required: z.boolean(),
        choices: z.array(z.object({ value: z.string(), label: LabelsSchema })).optional(),
      }),
    ),
  })
  .openapi('ConcernCategory');

export const PublicConcernSchema = z
  .object({
    number: z.string().openapi({ example: '2026-000123' }),
    categoryId: z.string(),
    description: z.string(),
    answers: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
    lat: z.number().nullable(),
    lon: z.number().nullable(),
    address: z.string().nullable(),
    districtNumber: z.number().int().nullable(),
    districtName: z.string().nullable(),
    areaId: z.string().nullable(),
    status: z.enum(STATUSES),
    open311Status: z.enum(['open', 'closed']),
    statusReason: z.string().nullable(),
    department: z.string().nullable(),
    supportCount: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    closedAt: z.string().nullable(),
  })
  .openapi('Concern');

export const PublicEventSchema = z
  .object({ at: z.string(), kind: z.string(), fromStatus: z.enum(STATUSES).nullable(), toStatus: z.enum(STATUSES).nullable(), text: z.string().nullable() })
  .openapi('ConcernEvent');

export const ConcernDetailSchema = PublicConcernSchema.extend({ events: z.array(PublicEventSchema) }).openapi('ConcernDetail');

export const ChannelEnum = z.enum(CHANNELS);

/* ---------------------------------------------------------------- figures (reports) */

/** A figures query (platform/reporting FigureQuery): programme area ids and a period of whole Berlin days. */
export const figureQuerySchema = z
  .object({
    areaIds: z.array(z.string().min(1).max(80)).max(1000),
    from: z.iso.date({ error: 'form.error.date' }),
    to: z.iso.date({ error: 'form.error.date' }),
  })
  .refine((q) => q.from <= q.to, { path: ['to'], error: 'concerns.error.periodOrder' });

const monthField = z.string({ error: 'concerns.error.month' }).regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'concerns.error.month' });

/** Months of the open data's monthly counts (YYYY-MM, both inclusive). */
export const monthRangeSchema = z
  .object({ fromMonth: monthField, toMonth: monthField })
  .refine((q) => q.fromMonth <= q.toMonth, { path: ['toMonth'], error: 'concerns.error.monthOrder' });
