import { sql, type Kysely } from 'kysely';
import { columnTypes } from '../../../platform/db/dialect';

/**
 * Legal and accessibility pages (imprint, privacy, accessibility statement, Leichte Sprache, sign language):
 * every save of a page in one language is a new row of legal_page_versions (append-only history; the current text
 * is the highest version of the page and language). Accessibility feedback (the form the law asks for) with its
 * status and the answer recorded by an administrator. tenant_id is first in every primary key and index.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);

  await db.schema
    .createTable('legal_page_versions')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    /** 1, 2, 3 … per page and language; the unique key stops two saves from taking the same number. */
    .addColumn('version', 'integer', (c) => c.notNull())
    /** The page text in Quartier's small Markdown subset (rendered escaped; never HTML). */
    .addColumn('body', 'text', (c) => c.notNull())
    /** Date of the last review of the accessibility statement (YYYY-MM-DD), else null. */
    .addColumn('reviewed_on', 'text')
    /** The version this one restored (restore writes a new version with the old text). */
    .addColumn('restored_from', 'integer')
    .addColumn('actor_id', 'text')
    .addColumn('actor_label', 'text', (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addPrimaryKeyConstraint('legal_page_versions_pk', ['tenant_id', 'id'])
    .addUniqueConstraint('legal_page_versions_uq', ['tenant_id', 'slug', 'locale', 'version'])
    .addCheckConstraint('legal_page_versions_slug_ck', sql`slug in ('imprint','privacy','accessibility','easy-language','sign-language')`)
    .execute();

  await db.schema
    .createTable('accessibility_feedback')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('email', 'text')
    .addColumn('wants_answer', t.bool, (c) => c.notNull().defaultTo(t.boolFalse))
    .addColumn('page_url', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('new'))
    .addColumn('answer', 'text')
    .addColumn('answered_at', t.instant)
    .addColumn('answered_by', 'text')
    .addColumn('created_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addColumn('updated_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addPrimaryKeyConstraint('accessibility_feedback_pk', ['tenant_id', 'id'])
    .addCheckConstraint('accessibility_feedback_status_ck', sql`status in ('new','answered','closed')`)
    .execute();
  await db.schema.createIndex('accessibility_feedback_status_ix').on('accessibility_feedback').columns(['tenant_id', 'status', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('accessibility_feedback').execute();
  await db.schema.dropTable('legal_page_versions').execute();
}
