import type { Kysely } from 'kysely';

/** A meeting may take place in a room of a district office (offices module): the room and the booking made for it. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('dialogue_meetings').addColumn('room_id', 'text').execute();
  await db.schema.alterTable('dialogue_meetings').addColumn('booking_id', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('dialogue_meetings').dropColumn('booking_id').execute();
  await db.schema.alterTable('dialogue_meetings').dropColumn('room_id').execute();
}
