import type { Context } from 'hono';
import type { AppEnv, ServiceContext } from './context';

/** Builds the service context from a request. */
export function svc(c: Context<AppEnv>): ServiceContext {
  return {
    tenant: c.var.tenant,
    db: c.var.db,
    user: c.var.user,
    requestId: c.var.requestId,
    dialect: c.var.deps.dialect,
  };
}
