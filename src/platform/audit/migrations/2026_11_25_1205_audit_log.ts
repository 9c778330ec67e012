import type { Kysely } from 'kysely';
import { columnTypes } from '../../db/dialect';

/** Append-only: the application has no update or delete path for this table. */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('audit_log')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('at', t.instant, (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_label', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('changes', t.json, (c) => c.notNull())
    .addColumn('request_id', 'text')
    .addPrimaryKeyConstraint('audit_log_pk', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('audit_log_at_ix').on('audit_log').columns(['tenant_id', 'at']).execute();
  await db.schema.createIndex('audit_log_entity_ix').on('audit_log').columns(['tenant_id', 'entity_type', 'entity_id']).execute();
  await db.schema.createIndex('audit_log_actor_ix').on('audit_log').columns(['tenant_id', 'actor_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('audit_log').execute();
}
