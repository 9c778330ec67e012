import type { Kysely } from 'kysely';

/** The Via chain a request created through POST requests arrived with (forwarding-loop guard, see open311.via.ts). */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('open311_submissions').addColumn('via', 'text').execute();
  // Read when the concern is forwarded on (one lookup per send).
  await db.schema.createIndex('open311_submissions_concern_ix').on('open311_submissions').columns(['tenant_id', 'concern_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('open311_submissions_concern_ix').execute();
  await db.schema.alterTable('open311_submissions').dropColumn('via').execute();
}
