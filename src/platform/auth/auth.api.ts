/** JSON API of the auth part: who am I (for API token users and scripts). */
import { createRoute, z } from '@hono/zod-openapi';
import { errors } from '../errors';
import { newApi } from '../http/api';
import { ROLES } from './policy';
import { LOCALES } from '../i18n';

export const api = newApi();

const Assignment = z
  .object({
    role: z.enum(ROLES),
    allAreas: z.boolean(),
    areaIds: z.array(z.string()),
    department: z.string().nullable(),
  })
  .openapi('RoleAssignment');

const Me = z
  .object({
    id: z.string().openapi({ example: 'usr_4k2m8c0d1e2f3g4h' }),
    email: z.string(),
    displayName: z.string(),
    organisation: z.string().nullable(),
    locale: z.enum(LOCALES).nullable(),
    assignments: z.array(Assignment),
  })
  .openapi('Me');

const Problem = z
  .object({ type: z.string(), title: z.string(), status: z.number().int(), code: z.string() })
  .passthrough()
  .openapi('Problem');

const meRoute = createRoute({
  method: 'get',
  path: '/me',
  tags: ['Account'],
  summary: 'The signed-in user with roles and programme areas',
  security: [{ bearerAuth: [] }],
  responses: {
    200: { description: 'The user', content: { 'application/json': { schema: Me } } },
    401: { description: 'Not signed in or token invalid, expired or revoked', content: { 'application/problem+json': { schema: Problem } } },
  },
});

api.openapi(meRoute, (c) => {
  const u = c.var.user;
  if (!u) throw errors.unauthenticated();
  return c.json(
    {
      id: u.id,
      email: u.email,
      displayName: u.displayName,
      organisation: u.organisation,
      locale: u.locale,
      assignments: u.assignments.map((a) => ({ role: a.role, allAreas: a.allAreas, areaIds: [...a.areaIds], department: a.department ?? null })),
    },
    200,
  );
});
