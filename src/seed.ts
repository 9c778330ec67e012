/**
 * Seeding: the Essen tenant, then each module's seed step (territory, topics, admin account …), idempotent.
 * `seedDemo` adds clearly fictional demo data.
 */
import type { Kysely } from 'kysely';
import type { Config } from './platform/config';
import { ensureTenant, type TenantRow } from './platform/tenancy';
import { ensureAdminAccount } from './platform/auth/seed';
import { seedTerritory } from './modules/territory';

export interface SeedReport {
  tenant: TenantRow;
  lines: string[];
}

export async function seedBase(db: Kysely<any>, config: Config): Promise<SeedReport> {
  const tenant = await ensureTenant(db, { slug: config.DEFAULT_TENANT, name: config.DEFAULT_TENANT === 'essen' ? 'Essen' : config.DEFAULT_TENANT });
  const lines: string[] = [`Mandant/tenant: ${tenant.name} (${tenant.slug})`];
  lines.push(...(await seedTerritory(db, tenant.id, { essenData: tenant.slug === 'essen' })));
  lines.push(...(await ensureAdminAccount(db, tenant, config)));
  return { tenant, lines };
}

export async function isNewDatabase(db: Kysely<any>): Promise<boolean> {
  const row = await db.selectFrom('tenants').select('id').limit(1).executeTakeFirst();
  return !row;
}
