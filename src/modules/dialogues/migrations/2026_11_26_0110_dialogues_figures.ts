import type { Kysely } from 'kysely';

/**
 * Figures for reports (dialogueActivity): the dialogues of some programme areas, their phase history, the meetings
 * of a period with their type and status, and the tasks due or done in it.
 * - dialogue_areas (tenant, area, dialogue) answers "dialogues of these areas" from the index alone (replaces
 *   (tenant, area));
 * - dialogue_events (tenant, dialogue, kind, at) finds a dialogue's phase changes before a day without reading its
 *   other timeline entries;
 * - dialogue_meetings (tenant, dialogue, starts_at, status, type) counts meetings by type from the index alone
 *   (replaces (tenant, dialogue, starts_at), of which it is a superset);
 * - dialogue_tasks (tenant, dialogue, done_at) finds the tasks done in a period (due days use (tenant, dialogue,
 *   due_date)).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('dialogue_areas_area_dialogue_ix').on('dialogue_areas').columns(['tenant_id', 'area_id', 'dialogue_id']).execute();
  await db.schema.dropIndex('dialogue_areas_area_ix').execute();
  await db.schema.createIndex('dialogue_events_kind_ix').on('dialogue_events').columns(['tenant_id', 'dialogue_id', 'kind', 'at']).execute();
  await db.schema.createIndex('dialogue_meetings_figures_ix').on('dialogue_meetings').columns(['tenant_id', 'dialogue_id', 'starts_at', 'status', 'type']).execute();
  await db.schema.dropIndex('dialogue_meetings_dialogue_ix').execute();
  await db.schema.createIndex('dialogue_tasks_done_ix').on('dialogue_tasks').columns(['tenant_id', 'dialogue_id', 'done_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('dialogue_tasks_done_ix').execute();
  await db.schema.createIndex('dialogue_meetings_dialogue_ix').on('dialogue_meetings').columns(['tenant_id', 'dialogue_id', 'starts_at']).execute();
  await db.schema.dropIndex('dialogue_meetings_figures_ix').execute();
  await db.schema.dropIndex('dialogue_events_kind_ix').execute();
  await db.schema.createIndex('dialogue_areas_area_ix').on('dialogue_areas').columns(['tenant_id', 'area_id']).execute();
  await db.schema.dropIndex('dialogue_areas_area_dialogue_ix').execute();
}
