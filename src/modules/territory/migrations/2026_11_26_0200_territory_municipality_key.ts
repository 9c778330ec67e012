import type { Kysely } from 'kysely';

/** The territory's official municipality key (Amtlicher Gemeindeschlüssel), e.g. for the open-data catalogue's dct:spatial. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('territory_state').addColumn('municipality_key', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('territory_state').dropColumn('municipality_key').execute();
}
