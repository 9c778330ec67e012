/**
 * Session and CSRF middleware. PLACEHOLDER during the foundation build: replaced by the real implementation
 * (DB-backed sessions, API tokens, CSRF) in the same change set.
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/context';

export function sessionMiddleware(): MiddlewareHandler<AppEnv> {
  return async (_c, next) => next();
}

export function csrfMiddleware(): MiddlewareHandler<AppEnv> {
  return async (_c, next) => next();
}
