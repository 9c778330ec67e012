import type { Kysely } from 'kysely';
import { columnTypes, dialectOf } from '../../../platform/db/dialect';
import { sql } from 'kysely';

/**
 * Reports: social indicators per Stadtteil (imported by admins from a documented CSV, with source and licence) and
 * the narrative sections of annual reports (per scope — a programme area or the whole programme — year and section).
 * tenant_id is first in every primary key and index.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  const float = dialectOf(db) === 'postgres' ? sql`double precision` : sql`real`;

  await db.schema
    .createTable('report_indicators')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    /** Official Stadtteil number (1–50 in Essen). */
    .addColumn('district_number', 'integer', (c) => c.notNull())
    /** Indicator key, e.g. population, age_0_17, sgb2_share (lower case, digits, underscores). */
    .addColumn('indicator', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('value', float, (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('licence', 'text', (c) => c.notNull())
    .addColumn('imported_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addColumn('imported_by', 'text')
    .addPrimaryKeyConstraint('report_indicators_pk', ['tenant_id', 'district_number', 'indicator', 'year'])
    .execute();
  await db.schema.createIndex('report_indicators_indicator_ix').on('report_indicators').columns(['tenant_id', 'indicator', 'year']).execute();

  await db.schema
    .createTable('report_narratives')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    /** A programme area id, or 'programme' for the whole programme. */
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('section', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('updated_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addColumn('updated_by', 'text')
    .addPrimaryKeyConstraint('report_narratives_pk', ['tenant_id', 'scope', 'year', 'section'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('report_narratives').execute();
  await db.schema.dropTable('report_indicators').execute();
}
