/**
 * zod schemas of the territory module: HTML form input (strings → typed input), JSON API bodies and queries,
 * and the API's response shapes. The API schemas carry .openapi() metadata and feed /api/openapi.json.
 * Message keys (territory.error.*) name the catalog entry shown for an issue.
 */
import { z } from '@hono/zod-openapi';
import { formFields } from '../../platform/http/forms';
import { parseAreaGeometry } from './territory.geo';

export const SLUG_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const TOPIC_KEY_RE = /^[a-z][a-z0-9_]{1,39}$/;

const trimmed = (v: unknown) => (typeof v === 'string' ? v.trim() : v);
const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : trimmed(v));

const slugField = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim().toLowerCase() : v),
  z.string().min(1, { error: 'form.error.required' }).max(60).regex(SLUG_RE, { error: 'territory.error.slugFormat' }),
);
const postcodeField = z.preprocess(emptyToUndefined, z.string().regex(/^\d{5}$/, { error: 'territory.error.postcode' }).optional());

/* ---------------------------------------------------------------- forms */

export const areaFormSchema = z
  .object({
    name: formFields.text(120),
    slug: slugField,
    description: formFields.optionalText(4000),
    notes: formFields.optionalText(4000),
    kind: z.enum(['districts', 'polygon'], { error: 'territory.error.kind' }),
    districtNumbers: formFields.list(z.coerce.number().int().min(1).max(9999)),
    geometry: formFields.optionalText(1_500_000),
    boundaryApproximate: formFields.checkbox(),
    officeName: formFields.optionalText(200),
    officeStreet: formFields.optionalText(200),
    officePostcode: postcodeField,
    officeCity: formFields.optionalText(100),
    officeOpened: formFields.optionalDate(),
  })
  .superRefine((v, ctx) => {
    if (v.kind === 'districts' && v.districtNumbers.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['districtNumbers'], message: 'territory.error.districtsRequired' });
    }
    if (v.kind === 'polygon') {
      const parsed = parseAreaGeometry(v.geometry ?? '');
      if (!parsed.ok) ctx.addIssue({ code: 'custom', path: ['geometry'], message: parsed.issue.key });
    }
  });
export type AreaForm = z.output<typeof areaFormSchema>;

export const fundingFormSchema = z
  .object({
    funder: formFields.text(200),
    kind: formFields.optionalText(200),
    startDate: formFields.optionalDate(),
    endDate: formFields.optionalDate(),
    areaId: formFields.optionalText(80),
    note: formFields.optionalText(2000),
  })
  .superRefine((v, ctx) => {
    if (v.startDate && v.endDate && v.endDate < v.startDate) ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'territory.error.endBeforeStart' });
  });
export type FundingForm = z.output<typeof fundingFormSchema>;

const sortOrderField = z.preprocess((v) => (v === undefined || v === '' ? 100 : v), z.coerce.number().int().min(0).max(9999));

export const topicFormSchema = z.object({
  key: z.preprocess((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v), z.string().min(1, { error: 'form.error.required' }).regex(TOPIC_KEY_RE, { error: 'territory.error.topicKey' })),
  labelDe: formFields.text(100),
  labelEn: formFields.optionalText(100),
  labelAr: formFields.optionalText(100),
  sortOrder: sortOrderField,
  active: formFields.checkbox(),
});
export const topicEditFormSchema = topicFormSchema.omit({ key: true });
export type TopicForm = z.output<typeof topicFormSchema>;

/* ---------------------------------------------------------------- API: input */

export const SlugParam = z.object({
  slug: z.string().min(1).max(80).openapi({ param: { name: 'slug', in: 'path' }, example: 'karnap' }),
});

export const GeometryQuery = z.object({
  geometry: z
    .enum(['0', '1', 'true', 'false'])
    .optional()
    .openapi({ param: { name: 'geometry', in: 'query' }, description: 'Include the GeoJSON geometry (1/true).' }),
});

export const PointQuery = z.object({
  lat: z.coerce.number().min(-90).max(90).openapi({ param: { name: 'lat', in: 'query' }, example: 51.523, description: 'Latitude (WGS84)' }),
  lon: z.coerce.number().min(-180).max(180).openapi({ param: { name: 'lon', in: 'query' }, example: 7.0003, description: 'Longitude (WGS84)' }),
});

export const StreetQuery = z.object({
  name: z
    .string()
    .trim()
    .min(2)
    .max(120)
    .openapi({ param: { name: 'name', in: 'query' }, example: 'Rüttenscheider Str', description: 'Street name or its beginning; case, umlauts (ä/ae), ß/ss, hyphens and a house number are ignored.' }),
});

const GeoJsonInput = z.unknown().openapi({
  type: 'object',
  description: 'GeoJSON Polygon or MultiPolygon in WGS84 [lon, lat] (also wrapped in a Feature). Required for kind "polygon"; must lie within the city.',
});

const OfficeInput = z
  .object({
    name: z.string().trim().max(200).nullish(),
    street: z.string().trim().max(200).nullish(),
    postcode: z.string().trim().regex(/^\d{5}$/, { error: 'territory.error.postcode' }).nullish(),
    city: z.string().trim().max(100).nullish(),
    opened: z.iso.date().nullish(),
  })
  .openapi('OfficeInput');

export const AreaCreateBody = z
  .object({
    name: z.string().trim().min(1).max(120),
    slug: z.string().trim().min(1).max(60).regex(SLUG_RE, { error: 'territory.error.slugFormat' }),
    description: z.string().trim().max(4000).nullish(),
    notes: z.string().trim().max(4000).nullish(),
    kind: z.enum(['districts', 'polygon']),
    districtNumbers: z.array(z.number().int().min(1)).optional().openapi({ description: 'Official Stadtteil numbers (kind "districts").', example: [40] }),
    geometry: GeoJsonInput.optional(),
    boundaryApproximate: z.boolean().optional(),
    office: OfficeInput.nullish(),
  })
  .openapi('AreaCreate');
export type AreaCreateBody = z.output<typeof AreaCreateBody>;

export const AreaPatchBody = AreaCreateBody.partial().openapi('AreaPatch');
export type AreaPatchBody = z.output<typeof AreaPatchBody>;

/* ---------------------------------------------------------------- API: output */

const BBoxSchema = z.array(z.number()).length(4).openapi('BBox', { description: '[west, south, east, north] in degrees (WGS84)' });
const GeometrySchema = z
  .object({ type: z.enum(['Polygon', 'MultiPolygon']), coordinates: z.array(z.any()) })
  .openapi('Geometry', { description: 'GeoJSON geometry (RFC 7946), [lon, lat]' });

const BoroughRefSchema = z.object({ id: z.string(), number: z.number().int(), roman: z.string(), name: z.string() }).openapi('BoroughRef');

export const BoroughSchema = BoroughRefSchema.extend({ areaKm2: z.number().nullable(), bbox: BBoxSchema, geometry: GeometrySchema.optional() }).openapi('Borough');

export const DistrictSchema = z
  .object({
    id: z.string(),
    number: z.number().int().openapi({ description: 'Official Stadtteil number', example: 40 }),
    name: z.string().openapi({ example: 'Karnap' }),
    borough: BoroughRefSchema,
    areaKm2: z.number().nullable(),
    bbox: BBoxSchema,
    geometry: GeometrySchema.optional(),
  })
  .openapi('District');

const OfficeSchema = z
  .object({ name: z.string().nullable(), street: z.string().nullable(), postcode: z.string().nullable(), city: z.string().nullable(), opened: z.string().nullable() })
  .openapi('Office');

export const AreaSchema = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    notes: z.string().nullable(),
    kind: z.enum(['districts', 'polygon']),
    boundaryApproximate: z.boolean(),
    bbox: BBoxSchema,
    office: OfficeSchema.nullable(),
    districts: z.array(z.object({ id: z.string(), number: z.number().int(), name: z.string(), coverage: z.enum(['full', 'partial']) })),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Area');

export const FundingPeriodSchema = z
  .object({ id: z.string(), funder: z.string(), kind: z.string().nullable(), startDate: z.string().nullable(), endDate: z.string().nullable(), areaId: z.string().nullable(), note: z.string().nullable() })
  .openapi('FundingPeriod');

export const AreaDetailSchema = AreaSchema.extend({ geometry: GeometrySchema, funding: z.array(FundingPeriodSchema) }).openapi('AreaDetail');

export const TopicSchema = z
  .object({
    id: z.string(),
    key: z.string(),
    labels: z.object({ de: z.string(), en: z.string().nullable(), ar: z.string().nullable() }),
    active: z.boolean(),
    sortOrder: z.number().int(),
  })
  .openapi('Topic');

const DistrictRefSchema = z.object({ number: z.number().int(), name: z.string() });

export const StreetLookupSchema = z
  .object({
    query: z.string(),
    match: z.enum(['exact', 'prefix', 'none']),
    streets: z.array(z.object({ key: z.string(), name: z.string(), districts: z.array(DistrictRefSchema), sourceStatus: z.string().nullable() })),
    candidateDistricts: z.array(DistrictRefSchema).openapi({ description: 'Every Stadtteil the matched street(s) run through. Several = the street crosses a border; the address alone does not decide.' }),
  })
  .openapi('StreetLookup');

export const PointLookupSchema = z
  .object({
    lat: z.number(),
    lon: z.number(),
    district: z.object({ id: z.string(), number: z.number().int(), name: z.string() }).nullable(),
    borough: BoroughRefSchema.nullable(),
    areas: z.array(z.object({ id: z.string(), slug: z.string(), name: z.string() })),
  })
  .openapi('PointLookup');

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), code: z.string(), message: z.string() })).optional(),
  })
  .openapi({ description: 'RFC 9457 problem details' });

export const listOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });
