/**
 * zod inputs of the network module: HTML forms (strings, repeated fields) and the JSON API share them.
 * Messages name catalog keys where the generic ones would not say enough.
 */
import { z } from 'zod';
import { formFields } from '../../platform/http/forms';
import { CHANNELS, CONSENT_BASES, CONSENT_METHODS, LOGICS, RELATIONSHIP_KINDS } from './network.types';

const id = z.string().min(1).max(80);
const optionalNumber = (min: number, max: number) =>
  z.preprocess((v) => (v === '' || v === undefined || v === null ? undefined : typeof v === 'string' ? Number(v.replace(',', '.')) : v), z.number().min(min).max(max).optional());
const optionalEmail = z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v), z.email().max(200).optional());
const optionalUrl = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v),
  z.url({ protocol: /^https?$/ }).max(300).optional(),
);
const optionalPhone = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v),
  z.string().max(40).regex(/^[0-9+()/\-\s.]{3,40}$/, { error: 'network.error.phone' }).optional(),
);

function datesInOrder<T extends { startsOn?: string | undefined; endsOn?: string | undefined }>(v: T, ctx: z.RefinementCtx): void {
  if (v.startsOn && v.endsOn && v.endsOn < v.startsOn) ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'network.error.endBeforeStart' });
}

export const organisationSchema = z
  .object({
    name: formFields.text(200),
    typeId: id,
    logic: z.enum(LOGICS),
    areaIds: formFields.list(id).pipe(z.array(id).min(1, { error: 'network.error.areaRequired' })),
    topicIds: formFields.list(id),
    address: formFields.optionalText(300),
    lat: optionalNumber(-90, 90),
    lon: optionalNumber(-180, 180),
    email: optionalEmail,
    phone: optionalPhone,
    website: optionalUrl,
    channels: formFields.optionalText(500),
    notes: formFields.optionalText(2000),
  })
  .superRefine((v, ctx) => {
    if ((v.lat === undefined) !== (v.lon === undefined)) ctx.addIssue({ code: 'custom', path: [v.lat === undefined ? 'lat' : 'lon'], message: 'network.error.latLonPair' });
  });
export type OrganisationInput = z.output<typeof organisationSchema>;

export const relationshipSchema = z
  .object({
    toOrgId: id,
    kind: z.enum(RELATIONSHIP_KINDS),
    startsOn: formFields.optionalDate(),
    endsOn: formFields.optionalDate(),
    note: formFields.optionalText(300),
  })
  .superRefine(datesInOrder);
export type RelationshipInput = z.output<typeof relationshipSchema>;

export const consentSchema = z.object({
  basis: z.enum(CONSENT_BASES),
  purpose: formFields.text(300),
  method: z.enum(CONSENT_METHODS),
  givenOn: z.iso.date(),
});
export type ConsentInput = z.output<typeof consentSchema>;

export const personSchema = z.object({
  name: formFields.text(200),
  email: optionalEmail,
  phone: optionalPhone,
  areaIds: formFields.list(id).pipe(z.array(id).min(1, { error: 'network.error.areaRequired' })),
});
export type PersonInput = z.output<typeof personSchema>;

/** A new person: the person, the legal basis (required) and optionally a first membership. */
export const newPersonSchema = personSchema.extend({
  basis: z.enum(CONSENT_BASES),
  purpose: formFields.text(300),
  method: z.enum(CONSENT_METHODS),
  givenOn: z.iso.date(),
  orgId: formFields.optionalText(80),
  role: formFields.optionalText(120),
});
export type NewPersonInput = z.output<typeof newPersonSchema>;

export const membershipSchema = z
  .object({
    orgId: id,
    role: formFields.optionalText(120),
    startsOn: formFields.optionalDate(),
    endsOn: formFields.optionalDate(),
  })
  .superRefine(datesInOrder);
export type MembershipInput = z.output<typeof membershipSchema>;

export const contactSchema = z
  .object({
    occurredOn: z.iso.date(),
    channel: z.enum(CHANNELS),
    areaId: formFields.optionalText(80),
    personIds: formFields.list(id),
    orgIds: formFields.list(id),
    topicIds: formFields.list(id),
    note: formFields.optionalText(1000),
    followUpOn: formFields.optionalDate(),
  })
  .superRefine((v, ctx) => {
    if (v.personIds.length === 0 && v.orgIds.length === 0) ctx.addIssue({ code: 'custom', path: ['orgIds'], message: 'network.error.participantRequired' });
    if (v.followUpOn && v.followUpOn < v.occurredOn) ctx.addIssue({ code: 'custom', path: ['followUpOn'], message: 'network.error.followUpBeforeContact' });
  });
export type ContactInput = z.output<typeof contactSchema>;

export const typeSchema = z.object({
  labelDe: formFields.text(100),
  labelEn: formFields.optionalText(100),
  labelAr: formFields.optionalText(100),
  defaultLogic: z.enum(LOGICS),
  active: formFields.checkbox(),
  sortOrder: z.coerce.number().int().min(0).max(10000),
});
export type TypeInput = z.output<typeof typeSchema>;

/** List filters (query string). Unknown or empty values are ignored rather than refused. */
const optionalQuery = z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined), z.string().max(100).optional());
const optionalDateQuery = z.preprocess((v) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined), z.string().optional());
export const orgFilterSchema = z.object({
  q: optionalQuery,
  areaId: optionalQuery,
  topicId: optionalQuery,
  typeId: optionalQuery,
  logic: z.preprocess((v) => ((LOGICS as readonly unknown[]).includes(v) ? v : undefined), z.enum(LOGICS).optional()),
  offset: z.preprocess((v) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : 0), z.number().int().min(0).max(1000000)),
});
export const personFilterSchema = z.object({ q: optionalQuery, areaId: optionalQuery, orgId: optionalQuery, offset: orgFilterSchema.shape.offset });
export const contactFilterSchema = z.object({
  areaId: optionalQuery,
  channel: z.preprocess((v) => ((CHANNELS as readonly unknown[]).includes(v) ? v : undefined), z.enum(CHANNELS).optional()),
  from: optionalDateQuery,
  to: optionalDateQuery,
  personId: optionalQuery,
  orgId: optionalQuery,
  topicId: optionalQuery,
  followUp: z.preprocess((v) => v === '1' || v === 'true', z.boolean()),
  offset: orgFilterSchema.shape.offset,
});
export const graphQuerySchema = z.object({ areaId: optionalQuery, topicId: optionalQuery });
export const quietQuerySchema = z.object({
  areaId: optionalQuery,
  months: z.preprocess((v) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : 6), z.number().int().min(1).max(120)),
});
