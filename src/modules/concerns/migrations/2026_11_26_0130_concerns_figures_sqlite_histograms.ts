import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../../../platform/db/dialect';

/**
 * SQLite only: indexes on expressions that let the concern figures group without sorting every row of the period
 * (SQLite aggregates by sorting; PostgreSQL hashes and needs none of these).
 *
 * The histograms of tenths of days (concernActivity) are grouped by (area, Berlin month of intake, tenths) — the
 * order of these indexes, so the grouping streams — and the few thousand groups are then summed per tenth; the
 * monthly counts per Stadtteil (monthlyConcernCounts) are grouped by (Berlin month, Stadtteil), again index order.
 * The expressions must be written exactly as in concerns.figures.ts (`berlinMonth`, `tenthsOfDays`) for SQLite to
 * use the indexes; concerns.figures.int.test.ts checks the plans.
 */
const MONTH = `strftime('%Y-%m', created_at, case when substr(created_at, 6, 2) between '03' and '09' then '+2 hours' else '+1 hours' end)`;
const tenths = (column: string) => `cast(round((julianday(${column}) - julianday(created_at)) * 10) as integer)`;

export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) !== 'sqlite') return;
  await sql
    .raw(
      `create index concerns_answer_hist_ix on concerns (tenant_id, public, area_id, ${MONTH}, ${tenths('first_answer_at')}, created_at, first_answer_at) where first_answer_at is not null`,
    )
    .execute(db);
  await sql.raw(`create index concerns_resolution_hist_ix on concerns (tenant_id, public, area_id, status, ${MONTH}, ${tenths('closed_at')}, created_at, closed_at)`).execute(db);
  await sql.raw(`create index concerns_month_district_ix on concerns (tenant_id, public, ${MONTH}, district_number)`).execute(db);
  await db.schema.dropIndex('concerns_monthly_ix').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) !== 'sqlite') return;
  await db.schema.createIndex('concerns_monthly_ix').on('concerns').columns(['tenant_id', 'public', 'created_at', 'district_number']).execute();
  for (const name of ['concerns_month_district_ix', 'concerns_resolution_hist_ix', 'concerns_answer_hist_ix']) await db.schema.dropIndex(name).execute();
}
