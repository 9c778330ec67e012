import type { Kysely } from 'kysely';
import { columnTypes } from '../../db/dialect';

/**
 * Stored files (platform/files): metadata here, bytes in the file storage under the row's id.
 * owner_type/owner_id name what a file belongs to (e.g. 'concern', 'con_…'); kind is 'image' or 'thumbnail'
 * (a thumbnail's parent_id is its image). No original file name is kept.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('files')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('owner_type', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'text')
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addPrimaryKeyConstraint('files_pk', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('files_owner_ix').on('files').columns(['tenant_id', 'owner_type', 'owner_id']).execute();
  await db.schema.createIndex('files_parent_ix').on('files').columns(['tenant_id', 'parent_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('files').execute();
}
