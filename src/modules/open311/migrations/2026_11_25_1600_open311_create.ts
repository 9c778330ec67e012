import { sql, type Kysely } from 'kysely';
import { columnTypes } from '../../../platform/db/dialect';

/**
 * Open311: links of concerns forwarded to external endpoints (sync state), the api_keys Quartier uses as a client,
 * and the submissions made through POST requests (token resource). tenant_id is first in every key and index.
 * No foreign key to the concerns table: modules do not reach into each other's tables.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('open311_links')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('concern_id', 'text', (c) => c.notNull())
    .addColumn('concern_number', 'text', (c) => c.notNull())
    .addColumn('category_id', 'text', (c) => c.notNull())
    .addColumn('endpoint', 'text', (c) => c.notNull())
    .addColumn('service_code', 'text', (c) => c.notNull())
    .addColumn('jurisdiction_id', 'text')
    .addColumn('state', 'text', (c) => c.notNull().check(sqlIn('state', ['pending', 'sent', 'failed'])))
    .addColumn('external_id', 'text')
    .addColumn('token', 'text')
    .addColumn('external_status', 'text')
    .addColumn('external_status_notes', 'text')
    .addColumn('external_updated_at', t.instant)
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('sent_at', t.instant)
    .addColumn('last_synced_at', t.instant)
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .addPrimaryKeyConstraint('open311_links_pk', ['tenant_id', 'concern_id'])
    .execute();
  await db.schema.createIndex('open311_links_state_idx').on('open311_links').columns(['tenant_id', 'state', 'endpoint']).execute();

  await db.schema
    .createTable('open311_client_keys')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('endpoint', 'text', (c) => c.notNull())
    .addColumn('api_key', 'text', (c) => c.notNull())
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .addPrimaryKeyConstraint('open311_client_keys_pk', ['tenant_id', 'endpoint'])
    .execute();

  await db.schema
    .createTable('open311_submissions')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('token', 'text', (c) => c.notNull())
    .addColumn('concern_id', 'text', (c) => c.notNull())
    .addColumn('concern_number', 'text', (c) => c.notNull())
    .addColumn('api_token_id', 'text', (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addPrimaryKeyConstraint('open311_submissions_pk', ['tenant_id', 'token'])
    .execute();
}

/** A check over a fixed list of literals (no user input). */
function sqlIn(column: string, values: string[]) {
  return sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('open311_submissions').execute();
  await db.schema.dropTable('open311_client_keys').execute();
  await db.schema.dropTable('open311_links').execute();
}
