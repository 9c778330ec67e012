/**
 * JSON API of the concerns module, mounted under /api/v1. Reading public concerns and the category catalogue is
 * open; creating (entry on behalf of a resident, concerns.triage) and changing the status (concerns.answer, in
 * scope) need an API token. Private submitter data never appears in these answers.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../platform/http/context';
import { errors } from '../../platform/errors';
import { newApi } from '../../platform/http/api';
import { svc } from '../../platform/http/service-context';
import { linkBase } from '../../platform/auth/links';
import { NUMBER_RE, open311Status } from './concerns.rules';
import { CategorySchema, ConcernDetailSchema, CreateBody, ListQuery, NumberParam, PublicConcernSchema, TransitionBody } from './concerns.schema';
import { requireConcern, findConcernByNumber, getPublicConcern, listCategories, listPublicConcerns, submitConcern, toPublic, transitionConcern, type ConcernContext } from './concerns.service';
import type { ConcernEvent, PublicConcern } from './concerns.types';

export const api = newApi();

const TAGS = ['Concerns'];
const Problem = z.object({ type: z.string(), title: z.string(), status: z.number().int(), code: z.string() }).openapi('ConcernProblem');
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: Problem } } });
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });

function present(c: PublicConcern) {
  const { id: _id, duplicateOf: _d, ...rest } = c;
  return { ...rest, open311Status: open311Status(c.status) };
}
const presentEvent = (e: ConcernEvent) => ({ at: e.at, kind: e.kind, fromStatus: e.fromStatus, toStatus: e.toStatus, text: e.text });

async function mailCtx(c: Parameters<typeof svc>[0]): Promise<ConcernContext> {
  const base = await linkBase(c);
  return { ...svc(c), mail: base ? { config: c.var.deps.config, linkBase: base } : null };
}

api.openapi(
  createRoute({ method: 'get', path: '/concern-categories', tags: TAGS, summary: 'The category catalogue (service list) with extra questions', responses: { 200: json(z.object({ items: z.array(CategorySchema) }), 'Active categories in display order.') } }),
  async (c) => {
    const items = (await listCategories(c.var.db, { activeOnly: true })).map((x) => ({ id: x.id, key: x.key, labels: x.labels, department: x.department, handlingDays: x.handlingDays, questions: x.questions }));
    return c.json({ items }, 200);
  },
);

api.openapi(
  createRoute({
    method: 'get',
    path: '/concerns',
    tags: TAGS,
    summary: 'Public concerns (newest first)',
    request: { query: ListQuery },
    responses: { 200: json(z.object({ total: z.number().int(), items: z.array(PublicConcernSchema) }), 'A page of public concerns.'), 422: problem('Invalid query.') },
  }),
  async (c) => {
    const qy = c.req.valid('query');
    const r = await listPublicConcerns(c.var.db, { areaId: qy.area, categoryId: qy.category, status: qy.status, limit: qy.limit ?? 25, offset: qy.offset ?? 0 });
    return c.json({ total: r.total, items: r.items.map(present) }, 200);
  },
);

api.openapi(
  createRoute({
    method: 'get',
    path: '/concerns/{number}',
    tags: TAGS,
    summary: 'One public concern with its public timeline',
    request: { params: NumberParam },
    responses: { 200: json(ConcernDetailSchema, 'The concern.'), 404: problem('No such public concern.') },
  }),
  async (c) => {
    const number = c.req.valid('param').number;
    const found = NUMBER_RE.test(number) ? await getPublicConcern(c.var.db, number) : null;
    if (!found) throw errors.notFound('concern');
    return c.json({ ...present(found.concern), events: found.events.map(presentEvent) }, 200);
  },
);

const writeResponses = {
  401: problem('No or an invalid API token.'),
  403: problem('The token’s user may not do this (role, area or department scope).'),
  409: problem('The status change is not allowed from the current status.'),
  422: problem('Invalid input; `errors` lists the fields.'),
};

api.openapi(
  createRoute({
    method: 'post',
    path: '/concerns',
    tags: TAGS,
    summary: 'Enter a concern on behalf of a resident (concerns.triage)',
    security: [{ bearerAuth: [] }],
    request: { body: { required: true, content: { 'application/json': { schema: CreateBody } } } },
    responses: { 201: json(PublicConcernSchema, 'The new concern (public fields).'), ...writeResponses },
  }),
  async (c) => {
    const b = c.req.valid('json');
    const r = await submitConcern(await mailCtx(c), {
      categoryId: b.categoryId,
      description: b.description,
      answers: b.answers ?? {},
      lat: b.lat ?? null,
      lon: b.lon ?? null,
      address: b.address ?? null,
      districtNumber: b.districtNumber ?? null,
      channel: b.channel,
      name: b.submitter?.name ?? null,
      email: b.submitter?.email ?? null,
      phone: b.submitter?.phone ?? null,
      subscribe: b.submitter?.subscribe ?? false,
      emailConfirmed: true,
      locale: c.var.tenant.defaultLocale,
    });
    return c.json(present(toPublic(r.concern)), 201);
  },
);

api.openapi(
  createRoute({
    method: 'post',
    path: '/concerns/{number}/transition',
    tags: TAGS,
    summary: 'Change the status (concerns.answer in scope; department staff only for concerns forwarded to them)',
    security: [{ bearerAuth: [] }],
    // Scope before validation: a user outside the concern's scope gets 403, not a list of field errors.
    middleware: [
      (async (c, next) => {
        const current = await findConcernByNumber(c.var.db, c.req.param('number') ?? '');
        if (!current) throw errors.notFound('concern');
        await requireConcern(svc(c), current.id, 'concerns.answer');
        await next();
      }) as MiddlewareHandler<AppEnv>,
    ] as const,
    request: { params: NumberParam, body: { required: true, content: { 'application/json': { schema: TransitionBody } } } },
    responses: { 200: json(PublicConcernSchema, 'The concern after the change.'), 404: problem('No such concern.'), ...writeResponses },
  }),
  async (c) => {
    const current = await findConcernByNumber(c.var.db, c.req.valid('param').number);
    if (!current) throw errors.notFound('concern');
    const updated = await transitionConcern(await mailCtx(c), current.id, c.req.valid('json'));
    return c.json(present(toPublic(updated)), 200);
  },
);
