/**
 * Route guard: every route must have an entry in the route-policy table (collected from the modules).
 * The entry says whether the route is public, needs any signed-in staff user, or needs a policy action.
 * A route without an entry is refused (fail closed) and the matrix test lists it.
 * Scope checks on a concrete resource (is this programme area in the user's scope?) happen in the services.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { can, type RoutePolicies, type RoutePolicy } from '../auth/policy';
import { errors } from '../errors';
import type { AppEnv } from './context';

const policies: RoutePolicies = {};

export function registerRoutePolicies(source: string, p: RoutePolicies): void {
  for (const [route, policy] of Object.entries(p)) {
    if (!/^(GET|POST|PUT|PATCH|DELETE) \//.test(route)) throw new Error(`${source}: bad route key "${route}"`);
    if (policies[route] && policies[route] !== policy) throw new Error(`${source}: route ${route} has two policies`);
    policies[route] = policy;
  }
}

export function routePolicies(): Readonly<RoutePolicies> {
  return policies;
}

/** The registered path of the handler that will answer (not of a middleware). */
export function handlerRoute(c: Context): { method: string; path: string } | null {
  const routes = matchedRoutes(c);
  for (let i = routes.length - 1; i >= 0; i--) {
    const r = routes[i]!;
    if (r.method !== 'ALL') return { method: r.method, path: r.path };
  }
  return null;
}

export function policyFor(method: string, path: string): RoutePolicy | undefined {
  return policies[`${method === 'HEAD' ? 'GET' : method} ${path}`];
}

export function isApiPath(path: string): boolean {
  return path.startsWith('/api/');
}

export function routeGuard(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const route = handlerRoute(c);
    if (!route) return next(); // 404 follows
    const policy = policyFor(route.method, route.path);
    if (!policy) throw errors.routeWithoutPolicy(`${route.method} ${route.path}`);
    if (policy === 'public') return next();
    const user = c.var.user;
    if (!user) {
      if (isApiPath(new URL(c.req.url).pathname) || c.req.method !== 'GET') throw errors.unauthenticated();
      const url = new URL(c.req.url);
      return c.redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`, 303);
    }
    if (policy !== 'authenticated' && !can(user, policy)) throw errors.forbidden(policy);
    return next();
  };
}
