/**
 * JSON API of the search module, mounted under /api/v1: GET /search. One endpoint for both audiences (ADR 0024):
 * anonymous requests search public documents; a request signed in (bearer token or session) searches public
 * documents and the staff documents its user's roles and areas allow — `audience=public` asks for the public view
 * explicitly, `audience=staff` without a user is 401.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { newApi } from '../../platform/http/api';
import { plainSnippet } from '../../platform/db/search';
import { MAX_OFFSET, MAX_QUERY, PAGE_SIZE, resolveAudience, runSearch } from './search.service';

export const api = newApi();

const TAGS = ['Search'];
const Problem = z.object({ type: z.string(), title: z.string(), status: z.number().int(), code: z.string() }).openapi('SearchProblem');
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: Problem } } });

const SearchQuerySchema = z.object({
  q: z.string().optional().openapi({ description: `Search words (1–${MAX_QUERY} characters); prefix matching, German stemming on PostgreSQL.`, example: 'Sprachcafé' }),
  type: z.string().optional().openapi({ description: 'Only this document type: offer, meeting, dialogue, proposal, page, concern, group; for staff who may read the network also organisation and person.' }),
  offset: z.coerce.number().int().min(0).max(MAX_OFFSET).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional().openapi({ description: `Page size (default ${PAGE_SIZE}).` }),
  audience: z.enum(['public', 'staff']).optional().openapi({ description: 'Default: staff when the request is authenticated, public otherwise.' }),
});

const HitSchema = z
  .object({
    type: z.string(),
    id: z.string(),
    title: z.string(),
    url: z.string(),
    snippet: z.string(),
    areaIds: z.array(z.string()),
    areas: z.array(z.string()),
    visibility: z.enum(['public', 'staff']),
  })
  .openapi('SearchHit');

const ResultSchema = z
  .object({
    q: z.string(),
    audience: z.enum(['public', 'staff']),
    total: z.number().int(),
    byType: z.record(z.string(), z.number().int()),
    offset: z.number().int(),
    limit: z.number().int(),
    hits: z.array(HitSchema),
  })
  .openapi('SearchResult');

api.openapi(
  createRoute({
    method: 'get',
    path: '/search',
    tags: TAGS,
    summary: 'Site search: public documents for everyone; with a token or session also the staff documents the user may read',
    request: { query: SearchQuerySchema },
    responses: {
      200: { description: 'One page of hits, the total and the count per type (permission-filtered).', content: { 'application/json': { schema: ResultSchema } } },
      401: problem('audience=staff without a signed-in user.'),
      422: problem('Empty or too long query, a type the audience cannot find, bad offset/limit or an offset past the last hit; `errors` lists the fields.'),
    },
  }),
  async (c) => {
    const input = c.req.valid('query');
    const audience = resolveAudience(c.var.user, input.audience);
    const r = await runSearch(c.var.db, c.var.user, audience, { q: input.q ?? '', type: input.type, offset: input.offset, limit: input.limit });
    return c.json(
      {
        q: r.q,
        audience,
        total: r.total,
        byType: r.byType,
        offset: r.offset,
        limit: r.limit,
        hits: r.hits.map((h) => ({
          type: h.docType,
          id: h.docId,
          title: h.title,
          url: h.url,
          snippet: plainSnippet(h.snippet),
          areaIds: h.areaIds,
          areas: h.areaIds.map((id) => r.areaNames[id]).filter((n): n is string => !!n),
          visibility: h.visibility,
        })),
      },
      200,
    );
  },
);
