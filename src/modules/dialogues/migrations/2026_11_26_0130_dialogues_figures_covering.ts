import type { Kysely } from 'kysely';

/**
 * Figures for reports, measured on 1,000 dialogues / 30,000 meetings / 40,000 tasks: the indexes answer the figure
 * queries without reading table rows.
 * - dialogue_meetings: the meeting id joins the index (tenant, dialogue, starts_at, status, type), so attendance is
 *   counted by the attendance primary key without a lookup of the meeting row;
 * - dialogue_tasks: tasks due in a period by (tenant, due_date, dialogue, status), tasks done in it by (tenant,
 *   done_at, dialogue, due_date, status) — replacing (tenant, dialogue, done_at).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('dialogue_meetings_figures_id_ix').on('dialogue_meetings').columns(['tenant_id', 'dialogue_id', 'starts_at', 'status', 'type', 'id']).execute();
  await db.schema.dropIndex('dialogue_meetings_figures_ix').execute();
  await db.schema.createIndex('dialogue_tasks_due_figures_ix').on('dialogue_tasks').columns(['tenant_id', 'due_date', 'dialogue_id', 'status']).execute();
  await db.schema.createIndex('dialogue_tasks_done_figures_ix').on('dialogue_tasks').columns(['tenant_id', 'done_at', 'dialogue_id', 'due_date', 'status']).execute();
  await db.schema.dropIndex('dialogue_tasks_done_ix').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('dialogue_tasks_done_ix').on('dialogue_tasks').columns(['tenant_id', 'dialogue_id', 'done_at']).execute();
  await db.schema.dropIndex('dialogue_tasks_done_figures_ix').execute();
  await db.schema.dropIndex('dialogue_tasks_due_figures_ix').execute();
  await db.schema.createIndex('dialogue_meetings_figures_ix').on('dialogue_meetings').columns(['tenant_id', 'dialogue_id', 'starts_at', 'status', 'type']).execute();
  await db.schema.dropIndex('dialogue_meetings_figures_id_ix').execute();
}
