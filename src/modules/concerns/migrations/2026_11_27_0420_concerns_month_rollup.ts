import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../../../platform/db/dialect';

/**
 * Monthly roll-ups of the published concerns for the report figures (concernActivity; ADR 0026), kept exact by
 * database triggers on every INSERT, UPDATE and DELETE of `concerns` — so no writer (service, Open311 sync, jobs,
 * imports, the bench's generator) can forget them:
 *
 * - `concern_month_counts` (tenant_id, area_id, month, category_id, status) → n: published concerns of a programme
 *   area received in a Berlin calendar month, by category and status now;
 * - `concern_month_durations` (tenant_id, area_id, month, kind, tenths) → n: the histograms of tenths of days
 *   from intake to the first public answer (kind 'answer', answered ones) and to resolution (kind 'resolution',
 *   status resolved with closed_at).
 *
 * Only published concerns (`public`) with a programme area count, as in concernActivity. The month and the tenths
 * are the same expressions as in concerns.figures.ts (`berlinMonth`, `tenthsOfDays`): SQLite's month rule (+2 h
 * in UTC months March–September, else +1 h) is exact at every month boundary (ADR 0015). A bucket whose count
 * falls to zero stays as a row with n = 0.
 *
 * SQLite: row triggers (writers are serialised anyway). PostgreSQL: statement triggers over the transition tables,
 * one grouped upsert per roll-up and statement (a bulk INSERT … SELECT of 200,000 concerns upserts a few thousand
 * buckets), rows upserted in key order.
 */
const SQLITE_MONTH = (r: string) => `strftime('%Y-%m', ${r}.created_at, case when substr(${r}.created_at, 6, 2) between '03' and '09' then '+2 hours' else '+1 hours' end)`;
const SQLITE_TENTHS = (r: string, column: string) => `cast(round((julianday(${r}.${column}) - julianday(${r}.created_at)) * 10) as integer)`;
const PG_MONTH = `to_char(created_at at time zone 'Europe/Berlin', 'YYYY-MM')`;
const PG_TENTHS = (column: string) => `cast(floor(date_part('epoch', ${column} - created_at) / 8640 + 0.5) as integer)`;

/** The counted columns: a change of any other column leaves the roll-ups alone. */
const COLUMNS = ['tenant_id', 'public', 'area_id', 'created_at', 'category_id', 'status', 'first_answer_at', 'closed_at'];

/** SQLite: the three upserts of one row (`r` = new or old) with sign `s` (+1 or -1). */
function sqliteUpserts(r: 'new' | 'old', s: 1 | -1): string {
  const counted = `${r}.public and ${r}.area_id is not null`;
  return `
    insert into concern_month_counts (tenant_id, area_id, month, category_id, status, n)
      select ${r}.tenant_id, ${r}.area_id, ${SQLITE_MONTH(r)}, ${r}.category_id, ${r}.status, ${s} where ${counted}
      on conflict (tenant_id, area_id, month, category_id, status) do update set n = n + excluded.n;
    insert into concern_month_durations (tenant_id, area_id, month, kind, tenths, n)
      select ${r}.tenant_id, ${r}.area_id, ${SQLITE_MONTH(r)}, 'answer', ${SQLITE_TENTHS(r, 'first_answer_at')}, ${s} where ${counted} and ${r}.first_answer_at is not null
      on conflict (tenant_id, area_id, month, kind, tenths) do update set n = n + excluded.n;
    insert into concern_month_durations (tenant_id, area_id, month, kind, tenths, n)
      select ${r}.tenant_id, ${r}.area_id, ${SQLITE_MONTH(r)}, 'resolution', ${SQLITE_TENTHS(r, 'closed_at')}, ${s} where ${counted} and ${r}.status = 'resolved' and ${r}.closed_at is not null
      on conflict (tenant_id, area_id, month, kind, tenths) do update set n = n + excluded.n;`;
}

/** PostgreSQL: the three grouped upserts over the delta rows `d` (columns of concerns and the sign s). */
function pgUpserts(delta: string): string {
  const counted = `public and area_id is not null`;
  return `
    with d as (${delta})
    insert into concern_month_counts as r (tenant_id, area_id, month, category_id, status, n)
      select tenant_id, area_id, ${PG_MONTH}, category_id, status, sum(s) from d where ${counted}
      group by 1, 2, 3, 4, 5 having sum(s) <> 0 order by 1, 2, 3, 4, 5
      on conflict (tenant_id, area_id, month, category_id, status) do update set n = r.n + excluded.n;
    with d as (${delta})
    insert into concern_month_durations as r (tenant_id, area_id, month, kind, tenths, n)
      select tenant_id, area_id, ${PG_MONTH}, 'answer', ${PG_TENTHS('first_answer_at')}, sum(s) from d where ${counted} and first_answer_at is not null
      group by 1, 2, 3, 4, 5 having sum(s) <> 0 order by 1, 2, 3, 4, 5
      on conflict (tenant_id, area_id, month, kind, tenths) do update set n = r.n + excluded.n;
    with d as (${delta})
    insert into concern_month_durations as r (tenant_id, area_id, month, kind, tenths, n)
      select tenant_id, area_id, ${PG_MONTH}, 'resolution', ${PG_TENTHS('closed_at')}, sum(s) from d where ${counted} and status = 'resolved' and closed_at is not null
      group by 1, 2, 3, 4, 5 having sum(s) <> 0 order by 1, 2, 3, 4, 5
      on conflict (tenant_id, area_id, month, kind, tenths) do update set n = r.n + excluded.n;`;
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('concern_month_counts')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('area_id', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('category_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('concern_month_counts_pk', ['tenant_id', 'area_id', 'month', 'category_id', 'status'])
    .execute();
  await db.schema
    .createTable('concern_month_durations')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('area_id', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    /** answer | resolution */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('tenths', 'integer', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('concern_month_durations_pk', ['tenant_id', 'area_id', 'month', 'kind', 'tenths'])
    .execute();

  const cols = COLUMNS.join(', ');
  if (dialectOf(db) === 'postgres') {
    // Backfill: the insert trigger's statements over every existing row.
    await sql.raw(pgUpserts(`select ${cols}, 1 as s from concerns`)).execute(db);
    await sql
      .raw(
        `create function concerns_month_rollup() returns trigger language plpgsql as $rollup$
        begin
          if tg_op = 'INSERT' then ${pgUpserts(`select ${cols}, 1 as s from new_rows`)}
          elsif tg_op = 'DELETE' then ${pgUpserts(`select ${cols}, -1 as s from old_rows`)}
          else ${pgUpserts(`select ${cols}, 1 as s from new_rows union all select ${cols}, -1 as s from old_rows`)}
          end if;
          return null;
        end $rollup$`,
      )
      .execute(db);
    await sql`create trigger concerns_month_rollup_ins after insert on concerns referencing new table as new_rows for each statement execute function concerns_month_rollup()`.execute(db);
    await sql`create trigger concerns_month_rollup_upd after update on concerns referencing old table as old_rows new table as new_rows for each statement execute function concerns_month_rollup()`.execute(db);
    await sql`create trigger concerns_month_rollup_del after delete on concerns referencing old table as old_rows for each statement execute function concerns_month_rollup()`.execute(db);
    return;
  }
  // SQLite: backfill grouped, then row triggers.
  const month = SQLITE_MONTH('c');
  await sql
    .raw(
      `insert into concern_month_counts (tenant_id, area_id, month, category_id, status, n)
       select c.tenant_id, c.area_id, ${month}, c.category_id, c.status, count(*) from concerns c where c.public and c.area_id is not null group by 1, 2, 3, 4, 5`,
    )
    .execute(db);
  for (const [kind, column, extra] of [
    ['answer', 'first_answer_at', ''],
    ['resolution', 'closed_at', `and c.status = 'resolved'`],
  ] as const)
    await sql
      .raw(
        `insert into concern_month_durations (tenant_id, area_id, month, kind, tenths, n)
         select c.tenant_id, c.area_id, ${month}, '${kind}', ${SQLITE_TENTHS('c', column)}, count(*) from concerns c
         where c.public and c.area_id is not null and c.${column} is not null ${extra} group by 1, 2, 3, 4, 5`,
      )
      .execute(db);
  await sql.raw(`create trigger concerns_month_rollup_ins after insert on concerns begin ${sqliteUpserts('new', 1)} end`).execute(db);
  await sql.raw(`create trigger concerns_month_rollup_del after delete on concerns begin ${sqliteUpserts('old', -1)} end`).execute(db);
  const changed = COLUMNS.map((c) => `old.${c} is not new.${c}`).join(' or ');
  await sql.raw(`create trigger concerns_month_rollup_upd after update on concerns when ${changed} begin ${sqliteUpserts('old', -1)} ${sqliteUpserts('new', 1)} end`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    for (const t of ['ins', 'upd', 'del']) await sql.raw(`drop trigger concerns_month_rollup_${t} on concerns`).execute(db);
    await sql`drop function concerns_month_rollup()`.execute(db);
  } else for (const t of ['ins', 'upd', 'del']) await sql.raw(`drop trigger concerns_month_rollup_${t}`).execute(db);
  await db.schema.dropTable('concern_month_durations').execute();
  await db.schema.dropTable('concern_month_counts').execute();
}
