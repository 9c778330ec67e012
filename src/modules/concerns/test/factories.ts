/**
 * Test factories of the concerns module: service contexts for a role and valid concerns with their parents
 * (the category catalogue is seeded on first use; the territory must be seeded by the test).
 */
import type { Role } from '../../../platform/auth/policy';
import type { Config } from '../../../platform/config';
import { forTenant, type TenantDb } from '../../../platform/db/tenant-scope';
import type { CurrentUser, Tenant } from '../../../platform/http/context';
import type { TestApp } from '../../../../test/support/app';
import { listCategories, submitConcern, transitionConcern, type ConcernContext, type SubmitInput } from '../index';
import type { Concern } from '../concerns.types';
import { runDueJobs } from '../../../platform/jobs/worker';
import { createLogger } from '../../../platform/log';

/** Runs every due background job (e-mail notifications) now. */
export async function drainJobs(t: TestApp): Promise<void> {
  await runDueJobs({ rootDb: t.handle.db, log: createLogger('silent'), config: t.config, schedules: false });
}

/** A point in Kray (Stadtteil 27? — placed by lookupPoint), in Karnap, and outside every programme area. */
export const KRAY = { lat: 51.4746, lon: 7.0869 };
export const KARNAP = { lat: 51.52, lon: 7.005 };
export const RUETTENSCHEID = { lat: 51.4309, lon: 7.0047 };

export function tenantOf(t: TestApp, tenantId = t.tenant.id): Tenant {
  const row = tenantId === t.tenant.id ? t.tenant : t.other;
  return { id: row.id, slug: row.slug, name: row.name, defaultLocale: 'de' };
}

export function principal(role: Role, opts: { areaIds?: string[]; department?: string; id?: string } = {}): CurrentUser {
  const all = !opts.areaIds;
  return {
    id: opts.id ?? `usr_test${role.replace(/_/g, '')}`,
    email: `${role}@example.test`,
    displayName: `Test ${role}`,
    organisation: null,
    locale: null,
    assignments: [{ role, allAreas: role === 'admin' || all, areaIds: opts.areaIds ?? [], department: role === 'department_staff' ? (opts.department ?? 'Jugendamt') : null }],
  };
}

export function ctxFor(t: TestApp, user: CurrentUser | null, opts: { tenantId?: string; mail?: boolean; linkBase?: string } = {}): ConcernContext & { db: TenantDb<any> } {
  const tenant = tenantOf(t, opts.tenantId);
  return {
    tenant,
    db: forTenant(t.handle.db, tenant.id),
    user,
    requestId: null,
    dialect: t.handle.dialect,
    mail: opts.mail ? { config: t.config as Config, linkBase: opts.linkBase ?? 'http://essen.test' } : null,
  };
}

export async function categoryId(t: TestApp, key: string, tenantId?: string): Promise<string> {
  const cats = await listCategories(forTenant(t.handle.db, tenantId ?? t.tenant.id));
  return cats.find((c) => c.key === key)!.id;
}

/** A public web concern (littering in Kray unless told otherwise). */
export async function makeConcern(t: TestApp, over: Partial<SubmitInput> & { tenantId?: string; categoryKey?: string } = {}): Promise<Concern> {
  const { tenantId, categoryKey, ...rest } = over;
  const ctx = ctxFor(t, null, { tenantId, mail: true });
  const r = await submitConcern(ctx, {
    categoryId: await categoryId(t, categoryKey ?? 'littering', tenantId),
    description: 'Am Straßenrand liegen seit Tagen Sperrmüll und Matratzen.',
    channel: 'web',
    ...KRAY,
    ...rest,
  });
  return r.concern;
}

/** A concern forwarded to a department (as an admin). */
export async function forwardedConcern(t: TestApp, department = 'Jugendamt', over: Parameters<typeof makeConcern>[1] = {}): Promise<Concern> {
  const c = await makeConcern(t, over);
  return transitionConcern(ctxFor(t, principal('admin'), { tenantId: over.tenantId }), c.id, { to: 'forwarded', department });
}
