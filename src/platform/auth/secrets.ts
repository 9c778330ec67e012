/**
 * Per-tenant server secrets kept in the database (table auth_secrets), so that every process behind a load
 * balancer signs and checks with the same key. Created on first use; cached per process.
 */
import { nowIso } from '../db/dialect';
import { newToken } from '../ids';
import type { AuthDb } from './users.queries';

const cache = new Map<string, string>();

export async function tenantSecret(db: AuthDb, tenantId: string, name: string): Promise<string> {
  const key = `${tenantId}\u0000${name}`;
  const hit = cache.get(key);
  if (hit) return hit;
  let row = await db.selectFrom('auth_secrets').select('value').where('name', '=', name).executeTakeFirst();
  if (!row) {
    await db
      .insertInto('auth_secrets')
      .values({ name, value: newToken(32), created_at: nowIso() })
      .onConflict((oc) => oc.columns(['tenant_id', 'name']).doNothing())
      .execute();
    row = await db.selectFrom('auth_secrets').select('value').where('name', '=', name).executeTakeFirstOrThrow();
  }
  cache.set(key, row.value);
  return row.value;
}
