import { sql, type Kysely } from 'kysely';
import { columnTypes } from '../../db/dialect';

/**
 * Background jobs (platform/jobs): one row per job, written in the caller's transaction (outbox).
 * status: queued → running → done | failed (will be retried at run_at) | dead (gave up after max_attempts).
 * unique_key de-duplicates per tenant and kind (NULL = no de-duplication). last_error holds a code, never personal data.
 * Every index starts with tenant_id: the worker claims per tenant (one router query per tenant on Citus).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('jobs')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload', t.json, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('queued'))
    .addColumn('run_at', t.instant, (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull().defaultTo(5))
    .addColumn('last_error', 'text')
    .addColumn('locked_until', t.instant)
    .addColumn('locked_by', 'text')
    .addColumn('unique_key', 'text')
    .addColumn('created_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addColumn('updated_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addPrimaryKeyConstraint('jobs_pk', ['tenant_id', 'id'])
    .addCheckConstraint('jobs_status_ck', sql`status in ('queued', 'running', 'done', 'failed', 'dead')`)
    .execute();
  await db.schema.createIndex('jobs_unique_key_uq').unique().on('jobs').columns(['tenant_id', 'kind', 'unique_key']).execute();
  await db.schema.createIndex('jobs_due_ix').on('jobs').columns(['tenant_id', 'status', 'run_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('jobs').execute();
}
