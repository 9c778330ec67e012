/**
 * JSON API of the groups module, mounted under /api/v1. Everything needs an API token: reading (groups.read) lists
 * the groups in the token user's programme areas; writing (groups.manage) is checked against the group's area
 * before the body is validated (a user outside the scope gets 403, not field errors). The contact person appears
 * as an id only, and only for users who may manage the group.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { newApi } from '../../platform/http/api';
import type { AppEnv } from '../../platform/http/context';
import { svc } from '../../platform/http/service-context';
import { CreateGroupBody, GroupDetailSchema, GroupSchema, IdParam, ListQuery, MilestonesBody, PatchGroupBody, StageBody, SupportBody } from './groups.schema';
import type { Milestone } from './groups.rules';
import { canOnGroup, changeStage, createGroup, getGroupForStaff, listGroupsForStaff, logSupportTime, requireGroup, setMilestones, updateGroup, watchLists } from './groups.service';
import type { Group } from './groups.types';
import type { CurrentUser } from '../../platform/http/context';

export const api = newApi();

const TAGS = ['Groups'];
const Problem = z.object({ type: z.string(), title: z.string(), status: z.number().int(), code: z.string() }).openapi('GroupProblem');
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: Problem } } });
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });

function present(g: Group, user: CurrentUser | null) {
  const manage = canOnGroup(user, 'groups.manage', g);
  return {
    id: g.id,
    name: g.name,
    areaId: g.areaId,
    purpose: g.purpose,
    startDate: g.startDate,
    stage: g.stage,
    hasContactPerson: g.contactPersonId !== null,
    ...(manage ? { contactPersonId: g.contactPersonId } : {}),
    topicIds: g.topicIds,
    public: g.public,
    publicText: g.publicText,
    meetingInfo: g.meetingInfo,
    createdAt: g.createdAt,
    updatedAt: g.updatedAt,
  };
}

async function presentDetail(c: Parameters<typeof svc>[0], id: string) {
  const d = await getGroupForStaff(svc(c), id);
  return {
    ...present(d.group, c.var.user),
    stages: d.stages.map((s) => ({ at: s.at, fromStage: s.fromStage, toStage: s.toStage, by: s.actorLabel, note: s.note })),
    supportTime: d.support.map((s) => ({ month: s.month, hours: s.minutes / 60, by: s.staffLabel })),
    milestones: d.milestones,
  };
}

/** Scope before validation: loads the group and checks groups.manage on it. */
const manageScope = (async (c, next) => {
  await requireGroup(svc(c), c.req.param('id') ?? '', 'groups.manage');
  await next();
}) as MiddlewareHandler<AppEnv>;

const readResponses = { 401: problem('No or an invalid API token.'), 403: problem('The token’s user may not read groups (role or area).') };
const writeResponses = {
  401: problem('No or an invalid API token.'),
  403: problem('The token’s user may not manage this group (role or area).'),
  422: problem('Invalid input; `errors` lists the fields.'),
};

api.openapi(
  createRoute({
    method: 'get',
    path: '/groups',
    tags: TAGS,
    summary: 'Groups in the user’s programme areas (groups.read), optionally only a watch list',
    security: [{ bearerAuth: [] }],
    request: { query: ListQuery },
    responses: { 200: json(z.object({ items: z.array(GroupSchema) }), 'The groups, by name.'), ...readResponses, 422: problem('Invalid query.') },
  }),
  async (c) => {
    const qy = c.req.valid('query');
    const ctx = svc(c);
    let items: Group[];
    if (qy.list) {
      const w = await watchLists(ctx);
      items = (qy.list === 'close' ? w.close : w.rising).map((s) => s.group).filter((g) => (!qy.area || g.areaId === qy.area) && (!qy.stage || g.stage === qy.stage) && (!qy.topic || g.topicIds.includes(qy.topic)));
    } else items = await listGroupsForStaff(ctx, { areaId: qy.area, stage: qy.stage, topicId: qy.topic });
    return c.json({ items: items.map((g) => present(g, c.var.user)) }, 200);
  },
);

api.openapi(
  createRoute({
    method: 'get',
    path: '/groups/{id}',
    tags: TAGS,
    summary: 'One group with its stage history, support time and milestones (groups.read in scope)',
    security: [{ bearerAuth: [] }],
    request: { params: IdParam },
    responses: { 200: json(GroupDetailSchema, 'The group.'), 404: problem('No such group.'), ...readResponses },
  }),
  async (c) => c.json(await presentDetail(c, c.req.valid('param').id), 200),
);

api.openapi(
  createRoute({
    method: 'post',
    path: '/groups',
    tags: TAGS,
    summary: 'Create a group (groups.manage in the group’s area)',
    security: [{ bearerAuth: [] }],
    request: { body: { required: true, content: { 'application/json': { schema: CreateGroupBody } } } },
    responses: { 201: json(GroupSchema, 'The new group.'), ...writeResponses },
  }),
  async (c) => {
    const g = await createGroup(svc(c), c.req.valid('json'));
    return c.json(present(g, c.var.user), 201);
  },
);

api.openapi(
  createRoute({
    method: 'patch',
    path: '/groups/{id}',
    tags: TAGS,
    summary: 'Change a group’s data (fields left out stay as they are)',
    security: [{ bearerAuth: [] }],
    middleware: [manageScope] as const,
    request: { params: IdParam, body: { required: true, content: { 'application/json': { schema: PatchGroupBody } } } },
    responses: { 200: json(GroupSchema, 'The group after the change.'), 404: problem('No such group.'), ...writeResponses },
  }),
  async (c) => {
    const id = c.req.valid('param').id;
    const current = await requireGroup(svc(c), id, 'groups.manage');
    const b = c.req.valid('json');
    const g = await updateGroup(svc(c), id, {
      name: b.name ?? current.name,
      areaId: b.areaId ?? current.areaId,
      purpose: b.purpose ?? current.purpose,
      startDate: b.startDate ?? current.startDate,
      topicIds: b.topicIds ?? current.topicIds,
      contactPersonId: b.contactPersonId !== undefined ? b.contactPersonId : current.contactPersonId,
      public: b.public ?? current.public,
      publicText: b.publicText !== undefined ? b.publicText || null : current.publicText,
      meetingInfo: b.meetingInfo !== undefined ? b.meetingInfo || null : current.meetingInfo,
    });
    return c.json(present(g, c.var.user), 200);
  },
);

api.openapi(
  createRoute({
    method: 'post',
    path: '/groups/{id}/stage',
    tags: TAGS,
    summary: 'Move the group to another stage (allowed changes: see the README)',
    security: [{ bearerAuth: [] }],
    middleware: [manageScope] as const,
    request: { params: IdParam, body: { required: true, content: { 'application/json': { schema: StageBody } } } },
    responses: { 200: json(GroupSchema, 'The group in its new stage.'), 404: problem('No such group.'), ...writeResponses },
  }),
  async (c) => {
    const b = c.req.valid('json');
    const g = await changeStage(svc(c), c.req.valid('param').id, { to: b.to, note: b.note ?? null });
    return c.json(present(g, c.var.user), 200);
  },
);

api.openapi(
  createRoute({
    method: 'post',
    path: '/groups/{id}/support-time',
    tags: TAGS,
    summary: 'Log staff support time for a month (by the token’s user; quarter hours)',
    security: [{ bearerAuth: [] }],
    middleware: [manageScope] as const,
    request: { params: IdParam, body: { required: true, content: { 'application/json': { schema: SupportBody } } } },
    responses: { 201: json(z.object({ month: z.string(), hours: z.number(), by: z.string() }), 'The logged entry.'), 404: problem('No such group.'), ...writeResponses },
  }),
  async (c) => {
    const e = await logSupportTime(svc(c), c.req.valid('param').id, c.req.valid('json'));
    return c.json({ month: e.month, hours: e.minutes / 60, by: e.staffLabel }, 201);
  },
);

api.openapi(
  createRoute({
    method: 'put',
    path: '/groups/{id}/milestones',
    tags: TAGS,
    summary: 'Set independence milestones: a date = reached on that day, null = not reached; others unchanged',
    security: [{ bearerAuth: [] }],
    middleware: [manageScope] as const,
    request: { params: IdParam, body: { required: true, content: { 'application/json': { schema: MilestonesBody } } } },
    responses: { 200: json(z.object({ items: GroupDetailSchema.shape.milestones }), 'The reached milestones.'), 404: problem('No such group.'), ...writeResponses },
  }),
  async (c) => {
    const items = await setMilestones(svc(c), c.req.valid('param').id, c.req.valid('json') as Partial<Record<Milestone, string | null>>);
    return c.json({ items }, 200);
  },
);
