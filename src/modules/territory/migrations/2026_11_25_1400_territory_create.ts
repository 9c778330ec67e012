import { sql, type Kysely } from 'kysely';
import { columnTypes, dialectOf } from '../../../platform/db/dialect';

/**
 * Territory: Stadtbezirke (boroughs), Stadtteile (districts), the street list, programme areas (Quartiere) with
 * their member districts, funding periods, the topic catalogue, and a per-tenant revision counter that tells every
 * process when to rebuild its lookup index. tenant_id is first in every primary key and index.
 * Geometries are GeoJSON (RFC 7946, lon/lat) in a JSON column; bbox is [west, south, east, north].
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  const pg = dialectOf(db) === 'postgres';
  const float = sql`double precision`;

  await db.schema
    .createTable('territory_boroughs')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('roman', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('geometry', t.json, (c) => c.notNull())
    .addColumn('bbox', t.json, (c) => c.notNull())
    .addColumn('area_km2', float)
    .addPrimaryKeyConstraint('territory_boroughs_pk', ['tenant_id', 'id'])
    .addUniqueConstraint('territory_boroughs_number_uq', ['tenant_id', 'number'])
    .execute();

  await db.schema
    .createTable('territory_districts')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('borough_id', 'text', (c) => c.notNull())
    .addColumn('geometry', t.json, (c) => c.notNull())
    .addColumn('bbox', t.json, (c) => c.notNull())
    .addColumn('area_km2', float)
    .addPrimaryKeyConstraint('territory_districts_pk', ['tenant_id', 'id'])
    .addUniqueConstraint('territory_districts_number_uq', ['tenant_id', 'number'])
    .addForeignKeyConstraint('territory_districts_borough_fk', ['tenant_id', 'borough_id'], 'territory_boroughs', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('territory_districts_borough_ix').on('territory_districts').columns(['tenant_id', 'borough_id']).execute();

  // Street names are matched by prefix on a normalised form (only [a-z0-9]). PostgreSQL needs text_pattern_ops for
  // an index-backed LIKE 'prefix%'; SQLite needs a NOCASE column for its LIKE optimisation (values are lower case).
  await db.schema
    .createTable('territory_streets')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_norm', pg ? 'text' : sql`text collate nocase`, (c) => c.notNull())
    .addColumn('name_fold', pg ? 'text' : sql`text collate nocase`, (c) => c.notNull())
    .addColumn('district_numbers', t.json, (c) => c.notNull())
    .addColumn('source_status', 'text')
    .addPrimaryKeyConstraint('territory_streets_pk', ['tenant_id', 'id'])
    .addUniqueConstraint('territory_streets_key_name_uq', ['tenant_id', 'key', 'name'])
    .execute();
  if (pg) {
    await sql`create index territory_streets_norm_ix on territory_streets (tenant_id, name_norm text_pattern_ops)`.execute(db);
    await sql`create index territory_streets_fold_ix on territory_streets (tenant_id, name_fold text_pattern_ops)`.execute(db);
  } else {
    await db.schema.createIndex('territory_streets_norm_ix').on('territory_streets').columns(['tenant_id', 'name_norm']).execute();
    await db.schema.createIndex('territory_streets_fold_ix').on('territory_streets').columns(['tenant_id', 'name_fold']).execute();
  }

  await db.schema
    .createTable('territory_areas')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('notes', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('geometry', t.json, (c) => c.notNull())
    .addColumn('bbox', t.json, (c) => c.notNull())
    .addColumn('boundary_approximate', t.bool, (c) => c.notNull().defaultTo(t.boolFalse))
    .addColumn('office_name', 'text')
    .addColumn('office_street', 'text')
    .addColumn('office_postcode', 'text')
    .addColumn('office_city', 'text')
    .addColumn('office_opened', 'text')
    /** Set for rows created by the seed, so a second seed recognises them even after a rename. */
    .addColumn('source_key', 'text')
    .addColumn('created_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addColumn('updated_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addPrimaryKeyConstraint('territory_areas_pk', ['tenant_id', 'id'])
    .addUniqueConstraint('territory_areas_slug_uq', ['tenant_id', 'slug'])
    .addUniqueConstraint('territory_areas_source_uq', ['tenant_id', 'source_key'])
    .addCheckConstraint('territory_areas_kind_ck', sql`kind in ('districts','polygon')`)
    .execute();

  await db.schema
    .createTable('territory_area_districts')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('area_id', 'text', (c) => c.notNull())
    .addColumn('district_id', 'text', (c) => c.notNull())
    /** 'full' = the whole Stadtteil belongs to the area; 'partial' = the area's polygon covers part of it. */
    .addColumn('coverage', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('territory_area_districts_pk', ['tenant_id', 'area_id', 'district_id'])
    .addForeignKeyConstraint('territory_area_districts_area_fk', ['tenant_id', 'area_id'], 'territory_areas', ['tenant_id', 'id'], (fk) =>
      fk.onDelete('cascade'),
    )
    .addForeignKeyConstraint('territory_area_districts_district_fk', ['tenant_id', 'district_id'], 'territory_districts', ['tenant_id', 'id'])
    .addCheckConstraint('territory_area_districts_coverage_ck', sql`coverage in ('full','partial')`)
    .execute();
  await db.schema
    .createIndex('territory_area_districts_district_ix')
    .on('territory_area_districts')
    .columns(['tenant_id', 'district_id'])
    .execute();

  await db.schema
    .createTable('territory_funding_periods')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('funder', 'text', (c) => c.notNull())
    .addColumn('kind', 'text')
    .addColumn('start_date', 'text')
    .addColumn('end_date', 'text')
    /** null = the whole programme; otherwise one programme area. */
    .addColumn('area_id', 'text')
    .addColumn('note', 'text')
    .addColumn('source_key', 'text')
    .addColumn('created_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addColumn('updated_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addPrimaryKeyConstraint('territory_funding_periods_pk', ['tenant_id', 'id'])
    .addUniqueConstraint('territory_funding_periods_source_uq', ['tenant_id', 'source_key'])
    .addForeignKeyConstraint('territory_funding_periods_area_fk', ['tenant_id', 'area_id'], 'territory_areas', ['tenant_id', 'id'])
    .execute();
  await db.schema
    .createIndex('territory_funding_periods_area_ix')
    .on('territory_funding_periods')
    .columns(['tenant_id', 'area_id'])
    .execute();

  await db.schema
    .createTable('territory_topics')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('label_de', 'text', (c) => c.notNull())
    .addColumn('label_en', 'text')
    .addColumn('label_ar', 'text')
    .addColumn('active', t.bool, (c) => c.notNull().defaultTo(t.boolTrue))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(100))
    .addColumn('created_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addColumn('updated_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addPrimaryKeyConstraint('territory_topics_pk', ['tenant_id', 'id'])
    .addUniqueConstraint('territory_topics_key_uq', ['tenant_id', 'key'])
    .execute();

  /** Bumped with every change to districts or areas; each process rebuilds its lookup index when it changes. */
  await db.schema
    .createTable('territory_state')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('territory_state_pk', ['tenant_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'territory_state',
    'territory_topics',
    'territory_funding_periods',
    'territory_area_districts',
    'territory_areas',
    'territory_streets',
    'territory_districts',
    'territory_boroughs',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
