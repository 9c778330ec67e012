/**
 * JSON API of the participation module, mounted under /api/v1. Reading is public (published proposals, open
 * surveys of an area, results of open and closed surveys — free text only where staff released it); changing a
 * proposal's status needs participation.manage in the proposal's area (checked before the body is validated).
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { errors } from '../../platform/errors';
import { newApi } from '../../platform/http/api';
import type { AppEnv } from '../../platform/http/context';
import { svc } from '../../platform/http/service-context';
import { getAreaBySlug } from '../territory';
import { AreaParticipationSchema, AreaSlugParam, ProposalDetailSchema, ProposalIdParam, ProposalSchema, ResultsSchema, StatusBody, SurveyIdParam } from './participation.schema';
import { answerProposal, getPublicProposal, getPublicSurvey, listAreaParticipation, requireProposal, surveyResults } from './participation.service';
import type { Proposal } from './participation.types';

export const api = newApi();

const TAGS = ['Participation'];
const Problem = z.object({ type: z.string(), title: z.string(), status: z.number().int(), code: z.string() }).openapi('ParticipationProblem');
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: Problem } } });
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });

function present(p: Proposal) {
  return { id: p.id, areaId: p.areaId, title: p.title, body: p.body, authorName: p.authorName, status: p.status, answer: p.answer, answeredAt: p.answeredAt, supportCount: p.supportCount, publishedAt: p.publishedAt };
}

api.openapi(
  createRoute({
    method: 'get',
    path: '/participation/areas/{slug}',
    tags: TAGS,
    summary: 'Open proposals and open surveys of a programme area (public)',
    request: { params: AreaSlugParam },
    responses: { 200: json(AreaParticipationSchema, 'Open proposals (newest first) and open surveys.'), 404: problem('No such area.') },
  }),
  async (c) => {
    const area = await getAreaBySlug(c.var.db, c.req.valid('param').slug);
    if (!area) throw errors.notFound('area');
    return c.json(await listAreaParticipation(c.var.db, area.id, 50), 200);
  },
);

api.openapi(
  createRoute({
    method: 'get',
    path: '/participation/proposals/{id}',
    tags: TAGS,
    summary: 'A published proposal with its timeline and comments (public; hidden comments show the moderation’s reason)',
    request: { params: ProposalIdParam },
    responses: { 200: json(ProposalDetailSchema, 'The proposal.'), 404: problem('No such published proposal.') },
  }),
  async (c) => {
    const found = await getPublicProposal(c.var.db, c.req.valid('param').id);
    if (!found) throw errors.notFound('proposal');
    return c.json(
      {
        ...present(found.proposal),
        timeline: found.events.map((e) => ({ at: e.at, kind: e.kind, fromStatus: e.fromStatus, toStatus: e.toStatus, text: e.text })),
        comments: found.comments,
      },
      200,
    );
  },
);

/** Scope before validation: loads the proposal and checks participation.manage on its area. */
const manageScope = (async (c, next) => {
  await requireProposal(svc(c), c.req.param('id') ?? '', 'participation.manage');
  await next();
}) as MiddlewareHandler<AppEnv>;

api.openapi(
  createRoute({
    method: 'post',
    path: '/participation/proposals/{id}/status',
    tags: TAGS,
    summary: 'Change a proposal’s status and/or give a public answer (participation.manage; “not_possible” needs an answer)',
    security: [{ bearerAuth: [] }],
    middleware: [manageScope] as const,
    request: { params: ProposalIdParam, body: { content: { 'application/json': { schema: StatusBody } }, required: true } },
    responses: {
      200: json(ProposalSchema, 'The proposal after the change.'),
      401: problem('No or an invalid API token.'),
      403: problem('The token’s user may not manage proposals in this area.'),
      404: problem('No such proposal.'),
      422: problem('Invalid input; `errors` lists the fields.'),
    },
  }),
  async (c) => {
    const body = c.req.valid('json');
    const p = await answerProposal(svc(c), c.req.valid('param').id, { to: body.to, answer: body.answer ?? null });
    return c.json(present(p), 200);
  },
);

api.openapi(
  createRoute({
    method: 'get',
    path: '/participation/surveys/{id}/results',
    tags: TAGS,
    summary: 'Results of an open or closed survey (public; free text only where staff released it)',
    request: { params: SurveyIdParam },
    responses: { 200: json(ResultsSchema, 'Counts and percentages per question.'), 404: problem('No such survey (or still a draft).') },
  }),
  async (c) => {
    const survey = await getPublicSurvey(c.var.db, c.req.valid('param').id);
    if (!survey) throw errors.notFound('survey');
    const r = await surveyResults(c.var.db, survey, { staff: false });
    return c.json(
      {
        id: survey.id,
        title: survey.title,
        status: survey.status,
        responses: r.responses,
        questions: r.questions.map((q) => ({ prompt: q.question.prompt, kind: q.question.kind, answered: q.answered, average: q.average, options: q.options, texts: q.texts.map((x) => x.value) })),
      },
      200,
    );
  },
);
