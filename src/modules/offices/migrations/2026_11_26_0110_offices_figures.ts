import type { Kysely } from 'kysely';

/**
 * Indexes for the report figures (officeActivity), each covering what its query reads so that a year of a
 * programme's activity is aggregated from the index alone:
 * - advice entries by programme area and day with language, length, referrals and topics (the existing index is
 *   by office; the figures read a period of the reader's areas);
 * - booking occurrences by booking and day with the cancelled flag (booked hours: the confirmed bookings of the rooms
 *   whose series overlaps the period, each with its occurrences of the period's days as one index range);
 * - attendance by day (the attendance of a period, joined to the offers of the areas).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('advice_entries_area_ix')
    .on('advice_entries')
    .columns(['tenant_id', 'area_id', 'date', 'language', 'duration_minutes', 'referrals', 'topics'])
    .execute();
  await db.schema
    .createIndex('booking_occurrences_figures_ix')
    .on('booking_occurrences')
    .columns(['tenant_id', 'booking_id', 'date', 'cancelled'])
    .execute();
  await db.schema.createIndex('offer_attendance_date_ix').on('offer_attendance').columns(['tenant_id', 'date', 'offer_id', 'count']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('offer_attendance_date_ix').execute();
  await db.schema.dropIndex('booking_occurrences_figures_ix').execute();
  await db.schema.dropIndex('advice_entries_area_ix').execute();
}
