import { sql, type Kysely } from 'kysely';
import { columnTypes, dialectOf } from '../../../platform/db/dialect';

/**
 * Concerns (Anliegen): the category catalogue per tenant, the concerns with their public number (per tenant and
 * year, from a counter row), the timeline of events, supporters/followers, and one-time e-mail confirmation tokens.
 * tenant_id is first in every primary key and index.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  const float = dialectOf(db) === 'postgres' ? sql`double precision` : sql`real`;

  await db.schema
    .createTable('concern_categories')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('label_de', 'text', (c) => c.notNull())
    .addColumn('label_en', 'text')
    .addColumn('label_ar', 'text')
    /** The department (Fachbereich) that usually handles concerns of this category. */
    .addColumn('department', 'text')
    .addColumn('handling_days', 'integer', (c) => c.notNull().defaultTo(14))
    /** Extra questions: [{ key, label: {de,en,ar}, type: text|number|choice|boolean, required, choices? }]. */
    .addColumn('questions', t.json, (c) => c.notNull())
    /** Optional external Open311 endpoint to forward new concerns to (used by the Open311 client, later). */
    .addColumn('open311_endpoint', 'text')
    .addColumn('open311_service_code', 'text')
    .addColumn('open311_jurisdiction_id', 'text')
    .addColumn('active', t.bool, (c) => c.notNull().defaultTo(t.boolTrue))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(100))
    .addColumn('created_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addColumn('updated_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addPrimaryKeyConstraint('concern_categories_pk', ['tenant_id', 'id'])
    .addUniqueConstraint('concern_categories_key_uq', ['tenant_id', 'key'])
    .execute();

  /** Last public number per tenant and year; incremented by one upsert (safe under concurrency on both DBs). */
  await db.schema
    .createTable('concern_counters')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('last', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('concern_counters_pk', ['tenant_id', 'year'])
    .execute();

  await db.schema
    .createTable('concerns')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('category_id', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('answers', t.json, (c) => c.notNull())
    .addColumn('lat', float)
    .addColumn('lon', float)
    .addColumn('address', 'text')
    .addColumn('district_number', 'integer')
    .addColumn('district_name', 'text')
    /** The programme area the concern lies in (null = outside every area: only "all areas" roles see it). */
    .addColumn('area_id', 'text')
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_reason', 'text')
    .addColumn('duplicate_of', 'text')
    .addColumn('assignee_id', 'text')
    .addColumn('department', 'text')
    .addColumn('due_date', 'text')
    .addColumn('public', t.bool, (c) => c.notNull().defaultTo(t.boolTrue))
    .addColumn('support_count', 'integer', (c) => c.notNull().defaultTo(0))
    /** Private: never shown publicly, never in the search index; erased by anonymisation. */
    .addColumn('submitter_name', 'text')
    .addColumn('submitter_email', 'text')
    .addColumn('submitter_phone', 'text')
    .addColumn('submitter_locale', 'text')
    .addColumn('subscribed', t.bool, (c) => c.notNull().defaultTo(t.boolFalse))
    .addColumn('email_confirmed_at', t.instant)
    .addColumn('created_by', 'text')
    .addColumn('created_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addColumn('updated_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addColumn('closed_at', t.instant)
    .addColumn('anonymised_at', t.instant)
    .addPrimaryKeyConstraint('concerns_pk', ['tenant_id', 'id'])
    .addUniqueConstraint('concerns_number_uq', ['tenant_id', 'number'])
    .addForeignKeyConstraint('concerns_category_fk', ['tenant_id', 'category_id'], 'concern_categories', ['tenant_id', 'id'])
    .addCheckConstraint(
      'concerns_status_ck',
      sql`status in ('received','accepted','forwarded','in_progress','resolved','not_responsible','rejected','duplicate')`,
    )
    .execute();
  for (const [name, cols] of [
    ['concerns_status_ix', ['tenant_id', 'status', 'created_at']],
    ['concerns_area_ix', ['tenant_id', 'area_id', 'created_at']],
    ['concerns_category_ix', ['tenant_id', 'category_id', 'created_at']],
    ['concerns_created_ix', ['tenant_id', 'created_at']],
    ['concerns_department_ix', ['tenant_id', 'department']],
    ['concerns_closed_ix', ['tenant_id', 'closed_at']],
  ] as const) {
    await db.schema.createIndex(name).on('concerns').columns([...cols]).execute();
  }

  await db.schema
    .createTable('concern_events')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('concern_id', 'text', (c) => c.notNull())
    .addColumn('at', t.instant, (c) => c.notNull().defaultTo(t.now))
    /** created | status | note | forward | assign | merge | redaction | edit | support */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_label', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text')
    .addColumn('text', 'text')
    .addColumn('data', t.json, (c) => c.notNull())
    .addPrimaryKeyConstraint('concern_events_pk', ['tenant_id', 'id'])
    .addForeignKeyConstraint('concern_events_concern_fk', ['tenant_id', 'concern_id'], 'concerns', ['tenant_id', 'id'])
    .addCheckConstraint('concern_events_visibility_ck', sql`visibility in ('public','internal')`)
    .execute();
  await db.schema.createIndex('concern_events_concern_ix').on('concern_events').columns(['tenant_id', 'concern_id', 'at']).execute();

  /** One row per supporting browser (fingerprint = hash of a cookie id); a row with an e-mail is a follower. */
  await db.schema
    .createTable('concern_supporters')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('concern_id', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('ip_hash', 'text')
    .addColumn('email', 'text')
    .addColumn('locale', 'text')
    .addColumn('email_confirmed_at', t.instant)
    .addColumn('created_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addPrimaryKeyConstraint('concern_supporters_pk', ['tenant_id', 'id'])
    .addUniqueConstraint('concern_supporters_fp_uq', ['tenant_id', 'concern_id', 'fingerprint'])
    .addForeignKeyConstraint('concern_supporters_concern_fk', ['tenant_id', 'concern_id'], 'concerns', ['tenant_id', 'id'])
    .execute();

  /** One-time e-mail confirmation links (stored as SHA-256 of the token). */
  await db.schema
    .createTable('concern_tokens')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('concern_id', 'text', (c) => c.notNull())
    .addColumn('supporter_id', 'text')
    .addColumn('expires_at', t.instant, (c) => c.notNull())
    .addColumn('used_at', t.instant)
    .addPrimaryKeyConstraint('concern_tokens_pk', ['tenant_id', 'token_hash'])
    .addCheckConstraint('concern_tokens_kind_ck', sql`kind in ('submitter','follower')`)
    .execute();
  await db.schema.createIndex('concern_tokens_concern_ix').on('concern_tokens').columns(['tenant_id', 'concern_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['concern_tokens', 'concern_supporters', 'concern_events', 'concerns', 'concern_counters', 'concern_categories']) {
    await db.schema.dropTable(table).execute();
  }
}
