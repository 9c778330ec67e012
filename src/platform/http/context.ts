/** The variables every request carries (Hono `c.var`), and the context services receive. */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { TenantDb } from '../db/tenant-scope';
import type { Locale, Translate } from '../i18n';
import type { Principal } from '../auth/policy';
import type { AuditActor } from '../audit';
import type { DialectName } from '../db/dialect';

export interface Tenant {
  id: string;
  slug: string;
  name: string;
  defaultLocale: Locale;
}

export interface CurrentUser extends Principal {
  email: string;
  displayName: string;
  organisation: string | null;
  locale: Locale | null;
}

export interface AppDeps {
  config: Config;
  /** The unscoped database (platform code only: tenants, migrations). Modules use c.var.db. */
  rootDb: Kysely<any>;
  dialect: DialectName;
  log: Logger;
}

export type AppEnv = {
  Variables: {
    deps: AppDeps;
    requestId: string;
    log: Logger;
    tenant: Tenant;
    /** Tenant-bound database handle. */
    db: TenantDb<any>;
    locale: Locale;
    t: Translate;
    user: CurrentUser | null;
    /** Session id (hash) when signed in through the browser; null for API tokens and anonymous requests. */
    sessionId: string | null;
    /** Token to put into every form (CSRF). */
    csrfToken: string;
    /** How the request was authenticated. */
    authMethod: 'session' | 'token' | null;
  };
};

/** What a service needs to do its work: tenant-bound db, who acts, for audit and policy. */
export interface ServiceContext {
  tenant: Tenant;
  db: TenantDb<any>;
  user: CurrentUser | null;
  requestId: string | null;
  dialect: DialectName;
}

export function actorOf(ctx: Pick<ServiceContext, 'user'>): AuditActor {
  return ctx.user ? { id: ctx.user.id, label: ctx.user.email } : { id: null, label: 'system' };
}
