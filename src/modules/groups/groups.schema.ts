/**
 * zod schemas of the groups module: HTML form input (strings → typed input), JSON API bodies and the API's response
 * shapes (with .openapi() metadata for /api/openapi.json).
 */
import { z } from '@hono/zod-openapi';
import { formFields } from '../../platform/http/forms';
import { MILESTONES, MONTH_RE, STAGES } from './groups.rules';

const date = z.iso.date({ error: 'form.error.date' });
const optionalId = z.preprocess((v) => (v === '' || v === null ? undefined : v), z.string().max(80).optional());

/* ---------------------------------------------------------------- forms */

export const groupFormSchema = z.object({
  name: formFields.text(160),
  areaId: z.string({ error: 'form.error.choose' }).min(1, { error: 'form.error.choose' }).max(80),
  purpose: formFields.text(2000),
  startDate: z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.string({ error: 'form.error.required' }).min(1, { error: 'form.error.required' }).pipe(date)),
  topicIds: formFields.list(z.string().max(80)),
  contactPersonId: optionalId,
  public: formFields.checkbox(),
  publicText: formFields.optionalText(2000),
  meetingInfo: formFields.optionalText(300),
});
export type GroupForm = z.output<typeof groupFormSchema>;

export const newGroupFormSchema = groupFormSchema.extend({
  stage: z.enum(STAGES, { error: 'form.error.choose' }).default('idea'),
});

export const stageFormSchema = z.object({
  to: z.enum(STAGES, { error: 'form.error.choose' }),
  note: formFields.optionalText(1000),
});

/** Hours as typed: "1,5" or "1.5". */
const hoursField = z.preprocess(
  (v) => (typeof v === 'string' ? (v.trim() === '' ? undefined : v.trim().replace(',', '.')) : v),
  z.coerce.number({ error: 'groups.error.hours' }).positive({ error: 'groups.error.hours' }).max(200, { error: 'groups.error.hours' }),
);

export const supportFormSchema = z.object({
  month: z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.string({ error: 'groups.error.month' }).regex(MONTH_RE, { error: 'groups.error.month' })),
  hours: hoursField,
});

const optionalDate = z.preprocess((v) => (v === '' || v === undefined ? null : typeof v === 'string' ? v.trim() : v), date.nullable());
export const milestonesFormSchema = z.object(Object.fromEntries(MILESTONES.map((m) => [m, optionalDate])) as Record<(typeof MILESTONES)[number], typeof optionalDate>);

export const staffFilterSchema = z.object({
  area: formFields.optionalText(80),
  stage: z.preprocess((v) => (v === '' ? undefined : v), z.enum(STAGES).optional()).catch(undefined),
  topic: formFields.optionalText(80),
  q: formFields.optionalText(100),
});

/* ---------------------------------------------------------------- API */

export const IdParam = z.object({ id: z.string().regex(/^grp_[0-9a-z]+$/).openapi({ param: { name: 'id', in: 'path' }, example: 'grp_4k2m9x7q1w3e5r6t' }) });

export const GroupSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    areaId: z.string(),
    purpose: z.string(),
    startDate: z.string().openapi({ example: '2026-03-01' }),
    stage: z.enum(STAGES),
    hasContactPerson: z.boolean(),
    contactPersonId: z.string().nullable().optional().openapi({ description: 'Only for users who may manage the group.' }),
    topicIds: z.array(z.string()),
    public: z.boolean(),
    publicText: z.string().nullable(),
    meetingInfo: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Group');

export const GroupDetailSchema = GroupSchema.extend({
  stages: z.array(z.object({ at: z.string(), fromStage: z.enum(STAGES).nullable(), toStage: z.enum(STAGES), by: z.string(), note: z.string().nullable() })),
  supportTime: z.array(z.object({ month: z.string(), hours: z.number(), by: z.string() })),
  milestones: z.array(z.object({ milestone: z.enum(MILESTONES), reachedOn: z.string() })),
}).openapi('GroupDetail');

export const GroupBody = z
  .object({
    name: z.string().trim().min(1).max(160),
    areaId: z.string().min(1).max(80),
    purpose: z.string().trim().min(1).max(2000),
    startDate: date,
    topicIds: z.array(z.string().max(80)).max(50).default([]),
    contactPersonId: z.string().max(80).nullable().default(null),
    public: z.boolean().default(false),
    publicText: z.string().trim().max(2000).nullable().default(null),
    meetingInfo: z.string().trim().max(300).nullable().default(null),
  })
  .openapi('GroupInput');

export const CreateGroupBody = GroupBody.extend({ stage: z.enum(STAGES).default('idea') }).openapi('GroupCreate');
export const PatchGroupBody = GroupBody.partial().openapi('GroupPatch');

export const StageBody = z.object({ to: z.enum(STAGES), note: z.string().trim().max(1000).nullable().optional() }).openapi('GroupStageChange');
export const SupportBody = z.object({ month: z.string().regex(MONTH_RE).openapi({ example: '2026-10' }), hours: z.number().positive().max(200).openapi({ example: 2.5 }) }).openapi('GroupSupportTime');
export const MilestonesBody = z.object(Object.fromEntries(MILESTONES.map((m) => [m, date.nullable().optional()])) as Record<(typeof MILESTONES)[number], z.ZodOptional<z.ZodNullable<typeof date>>>).openapi('GroupMilestones');

export const ListQuery = z.object({
  area: z.string().max(80).optional(),
  stage: z.enum(STAGES).optional(),
  topic: z.string().max(80).optional(),
  list: z.enum(['close', 'rising']).optional().openapi({ description: 'Only the watch list: close to self-sustaining, or support time rising.' }),
});

/* ---------------------------------------------------------------- offers and room requests */

const timeField = z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.string({ error: 'form.error.required' }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'groups.error.time' }));
const durationField = z.preprocess(
  (v) => (typeof v === 'string' ? (v.trim() === '' ? undefined : v.trim()) : v),
  z.coerce.number({ error: 'groups.error.duration' }).int({ error: 'groups.error.duration' }).min(15, { error: 'groups.error.duration' }).max(720, { error: 'groups.error.duration' }),
);
const requiredDate = z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.string({ error: 'form.error.required' }).min(1, { error: 'form.error.required' }).pipe(date));
const freqField = z.preprocess((v) => (v === '' || v === undefined ? null : v), z.enum(['weekly', 'biweekly', 'monthly'], { error: 'form.error.choose' }).nullable());
const optionalDateField = z.preprocess((v) => (v === '' || v === undefined ? null : typeof v === 'string' ? v.trim() : v), date.nullable());

export const offerFormSchema = z.object({
  officeId: z.string({ error: 'form.error.choose' }).min(1, { error: 'form.error.choose' }).max(80),
  roomId: optionalId,
  title: formFields.text(160),
  description: formFields.optionalText(2000),
  date: requiredDate,
  time: timeField,
  duration: durationField,
  freq: freqField,
  until: optionalDateField,
  publish: formFields.checkbox(),
});

export const linkBookingFormSchema = z.object({
  roomId: z.string({ error: 'form.error.choose' }).min(1, { error: 'form.error.choose' }).max(80),
  title: formFields.text(160),
  purpose: formFields.optionalText(1000),
  date: requiredDate,
  time: timeField,
  duration: durationField,
  freq: freqField,
  until: optionalDateField,
  contactEmail: z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.email({ error: 'form.error.email' }).max(254)),
});
