import { sql, type Kysely } from 'kysely';
import { columnTypes } from '../../../platform/db/dialect';

/**
 * Figures of the concerns for the reports (concernActivity, monthlyConcernCounts in concerns.figures.ts):
 *
 * - `first_answer_at`: when staff first answered the concern publicly — a public note, a public status change
 *   (forward, merge as duplicate included) or an external status from the Open311 sync. Written by the service in
 *   the transaction of that first event and never overwritten; backfilled here from the timeline (the earliest
 *   such event). Not an answer: the intake event, internal notes, the automatic hand-off to an external Open311
 *   system at intake (`markForwarded`, actor without user id, kind forward), the "merged from" note on the target.
 * - `concerns_figures_ix` (tenant_id, public, area_id, created_at, category_id, status, first_answer_at, closed_at):
 *   covers every column the activity figures read, so the database answers them from the index alone — one range
 *   per programme area over created_at, no table rows.
 * - `concerns_monthly_ix` (tenant_id, public, created_at, district_number): covers the monthly counts per Stadtteil.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema.alterTable('concerns').addColumn('first_answer_at', t.instant).execute();
  await backfillFirstAnswers(db);
  await db.schema
    .createIndex('concerns_figures_ix')
    .on('concerns')
    .columns(['tenant_id', 'public', 'area_id', 'created_at', 'category_id', 'status', 'first_answer_at', 'closed_at'])
    .execute();
  await db.schema.createIndex('concerns_monthly_ix').on('concerns').columns(['tenant_id', 'public', 'created_at', 'district_number']).execute();
}

/**
 * Sets first_answer_at of every concern that has none from its timeline: the earliest public event written by a
 * user (note, status, forward, merge as duplicate) or by the Open311 sync (actor `open311:<host>` without user id,
 * kind note or status — the hand-off at intake is kind forward). Exported for the test of the backfill.
 */
export async function backfillFirstAnswers(db: Kysely<any>): Promise<void> {
  await sql`
    update concerns set first_answer_at = (
      select min(e.at) from concern_events e
      where e.tenant_id = concerns.tenant_id and e.concern_id = concerns.id and e.visibility = 'public'
        and ((e.actor_id is not null and (e.kind in ('note', 'status', 'forward') or (e.kind = 'merge' and e.to_status is not null)))
          or (e.actor_id is null and e.actor_label like 'open311:%' and e.kind in ('note', 'status'))))
    where first_answer_at is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('concerns_monthly_ix').execute();
  await db.schema.dropIndex('concerns_figures_ix').execute();
  await db.schema.alterTable('concerns').dropColumn('first_answer_at').execute();
}
