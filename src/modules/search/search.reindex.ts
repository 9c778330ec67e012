/**
 * `quartier search:reindex [--tenant <slug>]`: rebuilds a tenant's search index from the modules' data (every
 * registered source with a reindex; see platform/db/search.ts reindexTenant). Also run after seeding in
 * `quartier start` and `quartier demo`, so that demo data is searchable at once. Each rebuild writes one audit entry
 * (entity search_index, action reindex, documents per type).
 */
import type { Kysely } from 'kysely';
import { recordAudit } from '../../platform/audit';
import { reindexTenant } from '../../platform/db/search';
import { forTenant } from '../../platform/db/tenant-scope';
import { findTenantBySlug } from '../../platform/tenancy';
// Every module, so that every search source is registered before the rebuild.
import '../../modules';

export class ReindexUsageError extends Error {}

/** Rebuilds the index of one tenant; returns printable lines (documents per type). */
export async function reindexSearch(db: Kysely<any>, tenant: { id: string; slug: string }): Promise<string[]> {
  const started = Date.now();
  const tdb = forTenant<any>(db, tenant.id);
  const counts = await reindexTenant(tdb);
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  // An operator's rebuild is a write of its own (the modules' per-document updates are not: they follow audited
  // writes): who-less (CLI), with the number of documents per type — never document text.
  await recordAudit(tdb, { actor: { id: null, label: 'system' }, entityType: 'search_index', entityId: tenant.id, action: 'reindex', changes: Object.fromEntries(Object.entries(counts).map(([type, n]) => [type, { from: null, to: n }])) });
  return [`Search index of "${tenant.slug}" rebuilt: ${total} documents in ${Date.now() - started} ms`, ...Object.entries(counts).map(([type, n]) => `  ${type.padEnd(14)} ${n}`)];
}

export async function reindexCommand(db: Kysely<any>, args: string[], defaultTenant: string): Promise<string[]> {
  let slug = defaultTenant;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--tenant' && args[i + 1]) slug = args[++i]!;
    else throw new ReindexUsageError(`Unknown option "${args[i]}". Usage: quartier search:reindex [--tenant <slug>]`);
  }
  const tenant = await findTenantBySlug(db, slug);
  if (!tenant) throw new ReindexUsageError(`Tenant "${slug}" does not exist. Run \`quartier seed\` first.`);
  return reindexSearch(db, tenant);
}
