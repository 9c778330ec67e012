/**
 * Builds the Hono application: platform middleware, then every module's pages (at /) and API (at /api/v1),
 * the OpenAPI document at /api/openapi.json, one error handler.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { csrfMiddleware, sessionMiddleware } from './platform/auth/session';
import { errors } from './platform/errors';
import { newApi } from './platform/http/api';
import { compress } from './platform/http/compress';
import type { AppDeps, AppEnv } from './platform/http/context';
import { notFound, onError } from './platform/http/errors';
import { registerRoutePolicies, routeGuard } from './platform/http/guard';
import { localeResolver, requestContext, securityHeaders, tenantResolver } from './platform/http/middleware';
import { registerCatalogDir } from './platform/i18n';
import { registerNav, registerPublicLinks } from './platform/ui/layout';
import { modules } from './modules';

let registered = false;
function registerModules(): void {
  if (registered) return;
  registered = true;
  for (const m of modules) {
    registerCatalogDir(m.name, m.dir);
    registerRoutePolicies(m.name, m.routes);
    if (m.nav) registerNav(...m.nav);
    if (m.publicLinks) registerPublicLinks(...m.publicLinks);
  }
  registerRoutePolicies('app', { 'GET /api/openapi.json': 'public' });
}

export function openApiDocument(api: ReturnType<typeof newApi>) {
  return api.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'Quartier API',
      version: '1.0.0',
      description: 'JSON API of Quartier (neighbourhood management). Authenticate with a personal API token: `Authorization: Bearer <token>`. Errors are RFC 9457 problem+json.',
      license: { name: 'EUPL-1.2', url: 'https://interoperable-europe.ec.europa.eu/collection/eupl/eupl-text-eupl-12' },
    },
    servers: [{ url: '/api/v1' }],
  });
}

export function buildApp(deps: AppDeps): Hono<AppEnv> {
  registerModules();
  const app = new Hono<AppEnv>();
  app.use('*', requestContext(deps));
  app.use('*', securityHeaders());
  app.use('*', compress());
  app.use('*', tenantResolver(deps));
  app.use('*', localeResolver());
  // Bodies: 2 MB for forms and JSON; multipart uploads (up to 3 photos of 10 MB each, plus fields) 32 MB.
  const smallBody = bodyLimit({ maxSize: 2 * 1024 * 1024, onError: () => { throw errors.payloadTooLarge(); } });
  const uploadBody = bodyLimit({ maxSize: 32 * 1024 * 1024, onError: () => { throw errors.payloadTooLarge(); } });
  app.use('*', (c, next) => ((c.req.header('content-type') ?? '').startsWith('multipart/form-data') ? uploadBody(c, next) : smallBody(c, next)));
  app.use('*', sessionMiddleware());
  app.use('*', csrfMiddleware());
  app.use('*', routeGuard());

  const api = newApi();
  api.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', { type: 'http', scheme: 'bearer' });
  for (const m of modules) {
    if (m.pages) app.route('/', m.pages);
    if (m.api) api.route('/', m.api);
  }
  app.route('/api/v1', api);
  app.get('/api/openapi.json', (c) => c.json(openApiDocument(api)));

  app.onError(onError);
  app.notFound(notFound);
  return app;
}
