import type { Kysely } from 'kysely';

/**
 * Indexes for the report figures (groupActivity): stage changes by time (changes of a period) and support time by
 * group and month covering the minutes (the sum of a period's months is read from the index alone).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('group_stage_changes_at_ix').on('group_stage_changes').columns(['tenant_id', 'at', 'to_stage', 'from_stage', 'group_id']).execute();
  await db.schema.createIndex('group_support_time_minutes_ix').on('group_support_time').columns(['tenant_id', 'group_id', 'month', 'minutes']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('group_support_time_minutes_ix').execute();
  await db.schema.dropIndex('group_stage_changes_at_ix').execute();
}
