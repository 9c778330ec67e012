import { sql, type Kysely } from 'kysely';
import { columnTypes, dialectOf } from '../dialect';

/**
 * One full-text index for every module (platform/db/search.ts):
 * SQLite: FTS5 (unicode61, diacritics removed) beside the documents table; PostgreSQL: a generated
 * tsvector('german') column with a GIN index.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('search_documents')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('doc_type', 'text', (c) => c.notNull())
    .addColumn('doc_id', 'text', (c) => c.notNull())
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('area_ids', t.json, (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .addPrimaryKeyConstraint('search_documents_pk', ['tenant_id', 'doc_type', 'doc_id'])
    .execute();
  if (dialectOf(db) === 'postgres') {
    await sql`alter table search_documents add column tsv tsvector generated always as (
      setweight(to_tsvector('german', coalesce(title, '')), 'A') || setweight(to_tsvector('german', coalesce(body, '')), 'B')
    ) stored`.execute(db);
    await sql`create index search_documents_tsv_ix on search_documents using gin (tsv)`.execute(db);
  } else {
    await sql`create virtual table search_fts using fts5(
      title, body, tenant_id unindexed, doc_key unindexed, tokenize = 'unicode61 remove_diacritics 2'
    )`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'sqlite') await sql`drop table search_fts`.execute(db);
  await db.schema.dropTable('search_documents').execute();
}
