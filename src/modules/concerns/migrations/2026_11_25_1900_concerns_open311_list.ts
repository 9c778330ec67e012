import type { Kysely } from 'kysely';

/**
 * Indexes for the Open311 request list (`listConcernsForOpen311`: public concerns in a time window, optionally of
 * some categories, newest first, ordered by (created_at desc, id desc)). Both end in (created_at, id), so the
 * list is read in index order, backwards, and stops after `limit + offset` rows — no sort, no count:
 *
 * - concerns_public_created_ix    (tenant_id, public, created_at, id)                every service
 * - concerns_category_public_ix   (tenant_id, category_id, public, created_at, id)   filtered by service_code
 *
 * concerns_category_ix (tenant_id, category_id, created_at) stays: the staff inbox filters by category without
 * the public flag and reads it in created_at order.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('concerns_public_created_ix').on('concerns').columns(['tenant_id', 'public', 'created_at', 'id']).execute();
  await db.schema.createIndex('concerns_category_public_ix').on('concerns').columns(['tenant_id', 'category_id', 'public', 'created_at', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('concerns_category_public_ix').execute();
  await db.schema.dropIndex('concerns_public_created_ix').execute();
}
