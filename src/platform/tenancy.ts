/** The tenant registry (global table): create a municipality and map host names to it. */
import type { Kysely } from 'kysely';
import { newId } from './ids';
import { DEFAULT_LOCALE, isLocale, type Locale } from './i18n';

export interface TenantRow {
  id: string;
  slug: string;
  name: string;
}

export async function findTenantBySlug(db: Kysely<any>, slug: string): Promise<TenantRow | undefined> {
  return db.selectFrom('tenants').select(['id', 'slug', 'name']).where('slug', '=', slug).executeTakeFirst();
}

export async function ensureTenant(db: Kysely<any>, t: { slug: string; name: string; hosts?: string[] }): Promise<TenantRow> {
  let row = await findTenantBySlug(db, t.slug);
  if (!row) {
    row = { id: newId('ten'), slug: t.slug, name: t.name };
    await db.insertInto('tenants').values({ ...row, default_locale: 'de' }).execute();
  }
  for (const host of t.hosts ?? []) {
    await db
      .insertInto('tenant_hosts')
      .values({ host: host.toLowerCase(), tenant_id: row.id })
      .onConflict((oc) => oc.column('host').doNothing())
      .execute();
  }
  return row;
}

/** A tenant's name and default language, for e-mails sent by jobs (no request at hand). */
export async function tenantForMail(db: Kysely<any>, tenantId: string): Promise<{ name: string; locale: Locale }> {
  const row = await db.selectFrom('tenants').select(['name', 'default_locale']).where('id', '=', tenantId).executeTakeFirst();
  return { name: (row?.name as string | undefined) ?? '', locale: isLocale(row?.default_locale) ? row.default_locale : DEFAULT_LOCALE };
}
