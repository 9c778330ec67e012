import type { Kysely } from 'kysely';
import { columnTypes } from '../../db/dialect';

/**
 * Rate-limit counters (platform/http/rate-limit.ts): one row per tenant, bucket, client and fixed window.
 * subject is a salted hash of the client address, never the address itself. Rows past expires_at are deleted by
 * the hourly `rate_limits.cleanup` job.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('rate_limits')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('bucket', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('window_start', t.instant, (c) => c.notNull())
    .addColumn('hits', 'integer', (c) => c.notNull())
    .addColumn('expires_at', t.instant, (c) => c.notNull())
    .addPrimaryKeyConstraint('rate_limits_pk', ['tenant_id', 'bucket', 'subject', 'window_start'])
    .execute();
  await db.schema.createIndex('rate_limits_expires_ix').on('rate_limits').columns(['tenant_id', 'expires_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rate_limits').execute();
}
