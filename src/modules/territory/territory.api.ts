/**
 * JSON API of the territory module, mounted under /api/v1. Reads are public open data; creating and changing
 * programme areas needs an API token of a user with territory.create_area / territory.manage (area scope).
 * Bad input answers 422 application/problem+json (see platform/http/errors.tsx).
 */
import { createRoute, z } from '@hono/zod-openapi';
import { errors } from '../../platform/errors';
import { newApi } from '../../platform/http/api';
import { svc } from '../../platform/http/service-context';
import {
  AreaCreateBody,
  AreaDetailSchema,
  AreaPatchBody,
  AreaSchema,
  BoroughSchema,
  DistrictSchema,
  GeometryQuery,
  PointLookupSchema,
  PointQuery,
  ProblemSchema,
  SlugParam,
  StreetLookupSchema,
  StreetQuery,
  TopicSchema,
  listOf,
} from './territory.schema';
import {
  createArea,
  fundingForArea,
  getAreaBySlug,
  listAreas,
  listBoroughs,
  listBoroughsWithGeometry,
  listDistricts,
  listDistrictsWithGeometry,
  listTopics,
  lookupPoint,
  lookupStreet,
  updateArea,
  type AreaInput,
  type AreaPatch,
} from './territory.service';
import type { AreaGeometry, ProgrammeAreaWithGeometry } from './territory.types';
import type { TenantDb } from '../../platform/db/tenant-scope';

export const api = newApi();

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ProblemSchema } } });
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const truthy = (v: string | undefined) => v === '1' || v === 'true';
const TAGS = ['Territory'];

api.openapi(
  createRoute({
    method: 'get',
    path: '/boroughs',
    tags: TAGS,
    summary: 'Stadtbezirke (boroughs)',
    request: { query: GeometryQuery },
    responses: { 200: json(listOf(BoroughSchema), 'The boroughs, by number.'), 422: problem('Invalid query.') },
  }),
  async (c) => {
    const { geometry } = c.req.valid('query');
    const items = truthy(geometry) ? await listBoroughsWithGeometry(c.var.db) : await listBoroughs(c.var.db);
    return c.json({ items }, 200);
  },
);

api.openapi(
  createRoute({
    method: 'get',
    path: '/districts',
    tags: TAGS,
    summary: 'Stadtteile (districts) with official numbers',
    request: { query: GeometryQuery },
    responses: { 200: json(listOf(DistrictSchema), 'The districts, by official number.'), 422: problem('Invalid query.') },
  }),
  async (c) => {
    const { geometry } = c.req.valid('query');
    const items = truthy(geometry) ? await listDistrictsWithGeometry(c.var.db) : await listDistricts(c.var.db);
    return c.json({ items }, 200);
  },
);

api.openapi(
  createRoute({
    method: 'get',
    path: '/areas',
    tags: TAGS,
    summary: 'Programme areas (Quartiere) with their district offices',
    responses: { 200: json(listOf(AreaSchema), 'The programme areas, by name.') },
  }),
  async (c) => c.json({ items: await listAreas(c.var.db) }, 200),
);

async function areaDetail(db: TenantDb<any>, a: ProgrammeAreaWithGeometry) {
  return { ...a, funding: await fundingForArea(db, a.id) };
}

api.openapi(
  createRoute({
    method: 'get',
    path: '/areas/{slug}',
    tags: TAGS,
    summary: 'One programme area with its boundary (GeoJSON) and funding periods',
    request: { params: SlugParam },
    responses: { 200: json(AreaDetailSchema, 'The programme area.'), 404: problem('No such area.') },
  }),
  async (c) => {
    const area = await getAreaBySlug(c.var.db, c.req.valid('param').slug);
    if (!area) throw errors.notFound('programme area');
    return c.json(await areaDetail(c.var.db, area), 200);
  },
);

function officeOf(o: AreaCreateBody['office']) {
  return { name: o?.name ?? null, street: o?.street ?? null, postcode: o?.postcode ?? null, city: o?.city ?? null, opened: o?.opened ?? null };
}

const writeResponses = {
  401: problem('No or an invalid API token.'),
  403: problem('The token’s user may not do this (role or area scope).'),
  409: problem('Conflict with existing data.'),
  422: problem('Invalid input; `errors` lists the fields.'),
};

api.openapi(
  createRoute({
    method: 'post',
    path: '/areas',
    tags: TAGS,
    summary: 'Create a programme area (territory.create_area)',
    security: [{ bearerAuth: [] }],
    request: { body: { required: true, content: { 'application/json': { schema: AreaCreateBody } } } },
    responses: { 201: json(AreaDetailSchema, 'The new programme area.'), ...writeResponses },
  }),
  async (c) => {
    const b = c.req.valid('json');
    const input: AreaInput = {
      name: b.name,
      slug: b.slug,
      description: b.description ?? null,
      notes: b.notes ?? null,
      kind: b.kind,
      districtNumbers: b.districtNumbers ?? [],
      geometry: b.geometry ?? null,
      boundaryApproximate: b.boundaryApproximate ?? false,
      office: officeOf(b.office),
    };
    const area = await createArea(svc(c), input);
    return c.json(await areaDetail(c.var.db, area), 201);
  },
);

api.openapi(
  createRoute({
    method: 'patch',
    path: '/areas/{slug}',
    tags: TAGS,
    summary: 'Change a programme area (territory.manage for this area); only the given fields change',
    security: [{ bearerAuth: [] }],
    request: { params: SlugParam, body: { required: true, content: { 'application/json': { schema: AreaPatchBody } } } },
    responses: { 200: json(AreaDetailSchema, 'The changed programme area.'), 404: problem('No such area.'), ...writeResponses },
  }),
  async (c) => {
    const current = await getAreaBySlug(c.var.db, c.req.valid('param').slug);
    if (!current) throw errors.notFound('programme area');
    const b = c.req.valid('json');
    const patch: AreaPatch = {};
    if (b.name !== undefined) patch.name = b.name;
    if (b.slug !== undefined) patch.slug = b.slug;
    if (b.description !== undefined) patch.description = b.description;
    if (b.notes !== undefined) patch.notes = b.notes;
    if (b.kind !== undefined) patch.kind = b.kind;
    if (b.districtNumbers !== undefined) patch.districtNumbers = b.districtNumbers;
    if (b.geometry !== undefined) patch.geometry = b.geometry as AreaGeometry;
    if (b.boundaryApproximate !== undefined) patch.boundaryApproximate = b.boundaryApproximate;
    if (b.office !== undefined) {
      const o = b.office ?? {};
      patch.office = Object.fromEntries(Object.entries({ name: o.name, street: o.street, postcode: o.postcode, city: o.city, opened: o.opened }).filter(([, v]) => v !== undefined));
      if (b.office === null) patch.office = officeOf(null);
    }
    const area = await updateArea(svc(c), current.id, patch);
    return c.json(await areaDetail(c.var.db, area), 200);
  },
);

api.openapi(
  createRoute({
    method: 'get',
    path: '/topics',
    tags: TAGS,
    summary: 'The topic catalogue (keys and labels in de/en/ar)',
    request: {
      query: z.object({
        all: z
          .enum(['0', '1', 'true', 'false'])
          .optional()
          .openapi({ param: { name: 'all', in: 'query' }, description: 'Include deactivated topics (1/true).' }),
      }),
    },
    responses: { 200: json(listOf(TopicSchema), 'Topics in display order.'), 422: problem('Invalid query.') },
  }),
  async (c) => {
    const { all } = c.req.valid('query');
    return c.json({ items: await listTopics(c.var.db, { activeOnly: !truthy(all) }) }, 200);
  },
);

api.openapi(
  createRoute({
    method: 'get',
    path: '/lookup/point',
    tags: TAGS,
    summary: 'Which Stadtteil and programme area(s) contain a point?',
    request: { query: PointQuery },
    responses: { 200: json(PointLookupSchema, 'District (null outside the city), borough and areas.'), 422: problem('Missing or invalid lat/lon.') },
  }),
  async (c) => {
    const { lat, lon } = c.req.valid('query');
    return c.json(await lookupPoint(c.var.db, lat, lon), 200);
  },
);

api.openapi(
  createRoute({
    method: 'get',
    path: '/lookup/street',
    tags: TAGS,
    summary: 'Which Stadtteil(e) does a street run through?',
    description:
      'Matches the street list by name (exact, else by prefix), ignoring case, umlaut spelling (ä/ae), ß/ss, hyphens and a house number. A street that crosses a border returns every candidate Stadtteil: the address alone does not decide.',
    request: { query: StreetQuery },
    responses: { 200: json(StreetLookupSchema, 'Matching streets and candidate districts.'), 422: problem('Missing or too short name.') },
  }),
  async (c) => c.json(await lookupStreet(c.var.db, c.req.valid('query').name), 200),
);
