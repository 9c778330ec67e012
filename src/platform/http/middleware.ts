/**
 * Request pipeline: request id + access log, security headers (strict CSP, no inline script or style),
 * tenant from the host, language.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { secureHeaders } from 'hono/secure-headers';
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { forTenant } from '../db/tenant-scope';
import { DEFAULT_LOCALE, isLocale, negotiate, translator, type Locale } from '../i18n';
import { AppError } from '../errors';
import { tileCspSource } from '../ui/map/tiles';
import type { AppDeps, AppEnv, Tenant } from './context';

export function requestContext(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && /^[A-Za-z0-9._-]{8,64}$/.test(incoming) ? incoming : randomUUID();
    const log = deps.log.child({ reqId: requestId });
    c.set('deps', deps);
    c.set('requestId', requestId);
    c.set('log', log);
    c.set('user', null);
    c.set('sessionId', null);
    c.set('csrfToken', '');
    c.set('authMethod', null);
    c.header('X-Request-Id', requestId);
    const start = performance.now();
    await next();
    // Path only (no query string: it may carry personal data or tokens).
    log.info({ method: c.req.method, path: new URL(c.req.url).pathname, status: c.res.status, ms: Math.round(performance.now() - start) }, 'request');
  };
}

function headersWithImages(extraImgSrc: string[]): MiddlewareHandler<AppEnv> {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:', ...extraImgSrc],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'self'"],
      objectSrc: ["'none'"],
    },
    referrerPolicy: 'same-origin',
    crossOriginEmbedderPolicy: false,
    permissionsPolicy: { camera: [], microphone: [], geolocation: ['self'] },
  });
}

/** Security headers; img-src also allows the map tile host when MAP_TILE_URL is configured (and only then). */
export const securityHeaders = (): MiddlewareHandler<AppEnv> => {
  const plain = headersWithImages([]);
  const withTiles = new Map<string, MiddlewareHandler<AppEnv>>();
  return (c, next) => {
    const template = c.var.deps?.config.MAP_TILE_URL;
    const source = template ? tileCspSource(template) : null;
    if (!source) return plain(c, next);
    let h = withTiles.get(source);
    if (!h) withTiles.set(source, (h = headersWithImages([source])));
    return h(c, next);
  };
};

interface CachedTenant {
  tenant: Tenant | null;
  at: number;
}

/** Resolves the tenant from the Host header (table tenant_hosts), falling back to DEFAULT_TENANT. */
export function tenantResolver(deps: AppDeps): MiddlewareHandler<AppEnv> {
  const cache = new Map<string, CachedTenant>();
  const TTL = 30_000;
  async function lookup(host: string): Promise<Tenant | null> {
    const hit = cache.get(host);
    if (hit && Date.now() - hit.at < TTL) return hit.tenant;
    const row =
      (await deps.rootDb
        .selectFrom('tenant_hosts')
        .innerJoin('tenants', 'tenants.id', 'tenant_hosts.tenant_id')
        .select(['tenants.id', 'tenants.slug', 'tenants.name', 'tenants.default_locale'])
        .where('tenant_hosts.host', '=', host)
        .executeTakeFirst()) ??
      (await deps.rootDb
        .selectFrom('tenants')
        .select(['id', 'slug', 'name', 'default_locale'])
        .where('slug', '=', deps.config.DEFAULT_TENANT)
        .executeTakeFirst());
    const tenant = row ? toTenant(row) : null;
    cache.set(host, { tenant, at: Date.now() });
    if (cache.size > 1000) cache.clear();
    return tenant;
  }
  return async (c, next) => {
    const host = (c.req.header('host') ?? '').toLowerCase().replace(/:\d+$/, '');
    const tenant = await lookup(host);
    if (!tenant) throw new AppError(503, 'not_set_up', 'Quartier is not set up yet: run `npx quartier seed`.');
    bindTenant(c, tenant, deps.rootDb);
    await next();
  };
}

function toTenant(row: { id: string; slug: string; name: string; default_locale: string }): Tenant {
  return { id: row.id, slug: row.slug, name: row.name, defaultLocale: isLocale(row.default_locale) ? row.default_locale : DEFAULT_LOCALE };
}

/** Binds the request to a tenant: the tenant and the tenant-bound database handle every query goes through. */
export function bindTenant(c: Context<AppEnv>, tenant: Tenant, rootDb: Kysely<any>): void {
  c.set('tenant', tenant);
  c.set('db', forTenant(rootDb, tenant.id));
}

/** Whether a host name is mapped to a tenant (false: a shared host, answered by DEFAULT_TENANT). */
export async function isTenantHost(rootDb: Kysely<any>, host: string): Promise<boolean> {
  return !!(await rootDb.selectFrom('tenant_hosts').select('host').where('host', '=', host.toLowerCase()).executeTakeFirst());
}

/** A tenant by its slug or one of its host names (`essen`, `quartier.essen.de`); null when none has it. */
export async function findTenantByName(rootDb: Kysely<any>, name: string): Promise<Tenant | null> {
  const n = name.trim().toLowerCase();
  if (!n) return null;
  const row =
    (await rootDb.selectFrom('tenants').select(['id', 'slug', 'name', 'default_locale']).where('slug', '=', n).executeTakeFirst()) ??
    (await rootDb
      .selectFrom('tenant_hosts')
      .innerJoin('tenants', 'tenants.id', 'tenant_hosts.tenant_id')
      .select(['tenants.id', 'tenants.slug', 'tenants.name', 'tenants.default_locale'])
      .where('tenant_hosts.host', 'in', [n, `www.${n}`])
      .executeTakeFirst());
  return row ? toTenant(row) : null;
}

export const LOCALE_COOKIE = 'q_lang';

/** Language: ?lang=, then the language cookie, then the user's setting (session middleware), then Accept-Language. */
export function localeResolver(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const q = c.req.query('lang');
    const cookie = getCookie(c, LOCALE_COOKIE);
    const locale: Locale = isLocale(q) ? q : isLocale(cookie) ? cookie : (negotiate(c.req.header('accept-language')) ?? c.var.tenant?.defaultLocale ?? DEFAULT_LOCALE);
    setLocale(c, locale);
    await next();
  };
}

export function setLocale(c: Parameters<MiddlewareHandler<AppEnv>>[0], locale: Locale): void {
  c.set('locale', locale);
  c.set('t', translator(locale));
}

export function rememberLocale(c: Parameters<MiddlewareHandler<AppEnv>>[0], locale: Locale): void {
  setCookie(c, LOCALE_COOKIE, locale, { path: '/', sameSite: 'Lax', httpOnly: true, secure: c.var.deps.config.cookieSecure, maxAge: 60 * 60 * 24 * 365 });
}

/** Liveness/readiness of the database. */
export async function dbReady(deps: AppDeps): Promise<boolean> {
  try {
    await sql`select 1`.execute(deps.rootDb);
    return true;
  } catch {
    return false;
  }
}
