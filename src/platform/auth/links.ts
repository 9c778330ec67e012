/**
 * The origin used for links in e-mails (reset, invitation). PUBLIC_URL when configured. Otherwise the request's
 * own origin — but only when its host is registered for this tenant (tenant_hosts) or is a loopback name: a forged
 * Host header must never put an attacker's address into a password-reset link.
 */
import type { Context } from 'hono';
import type { Kysely } from 'kysely';
import type { Config } from '../config';
import { AppError } from '../errors';
import type { AppEnv } from '../http/context';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

export async function linkBase(c: Context<AppEnv>): Promise<string | null> {
  const configured = c.var.deps.config.PUBLIC_URL;
  if (configured) return configured.replace(/\/+$/, '');
  const url = new URL(c.req.url);
  const host = url.hostname.toLowerCase();
  if (LOOPBACK.has(host)) return url.origin;
  const registered = await c.var.deps.rootDb
    .selectFrom('tenant_hosts')
    .select('host')
    .where('host', '=', host)
    .where('tenant_id', '=', c.var.tenant.id)
    .executeTakeFirst();
  return registered ? url.origin : null;
}

/** As linkBase, but a missing origin is an operator error (503 with a clear code). */
export async function requireLinkBase(c: Context<AppEnv>): Promise<string> {
  const base = await linkBase(c);
  if (base) return base;
  c.var.log.error({ code: 'public_url_missing' }, 'PUBLIC_URL is not set and the request host is not registered for the tenant: cannot build e-mail links');
  throw new AppError(503, 'public_url_missing', 'PUBLIC_URL is not configured.');
}

/**
 * The origin for links in e-mails sent by jobs (no request at hand): PUBLIC_URL, else https:// and the tenant's
 * first registered host; null when there is neither.
 */
export async function jobLinkBase(db: Kysely<any>, tenantId: string, config: Pick<Config, 'PUBLIC_URL'>): Promise<string | null> {
  if (config.PUBLIC_URL) return config.PUBLIC_URL.replace(/\/+$/, '');
  const h = await db.selectFrom('tenant_hosts').select('host').where('tenant_id', '=', tenantId).orderBy('host').executeTakeFirst();
  return h ? `https://${String(h.host)}` : null;
}
