import type { Kysely } from 'kysely';

/**
 * The public concern map counts concerns per grid cell in SQL instead of loading every point (ADR 0031):
 *
 * - `concerns_public_map_ix` (tenant_id, area_id, lat, lon, public, status, category_id, support_count, id) covers
 *   every column the grouped map query reads, so the database answers it from the index alone: one range per
 *   programme area and over the latitude of the view, no table rows. `public` comes after the position on
 *   purpose: with (tenant_id, area_id, public) first, SQLite preferred this index for the area's newest concerns
 *   (list, map rows) and sorted the whole area instead of reading concerns_figures_ix in date order.
 * - `concern_events_kind_ix` (tenant_id, kind, concern_id): the redacted concerns (kind 'redaction') that a
 *   public map leaves out are found through it — a few rows — instead of a look-up per concern or a scan of the
 *   timeline.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('concerns_public_map_ix')
    .on('concerns')
    .columns(['tenant_id', 'area_id', 'lat', 'lon', 'public', 'status', 'category_id', 'support_count', 'id'])
    .execute();
  await db.schema.createIndex('concern_events_kind_ix').on('concern_events').columns(['tenant_id', 'kind', 'concern_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('concern_events_kind_ix').execute();
  await db.schema.dropIndex('concerns_public_map_ix').execute();
}
