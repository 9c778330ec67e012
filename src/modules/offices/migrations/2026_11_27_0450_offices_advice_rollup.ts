import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../../../platform/db/dialect';

/**
 * Monthly roll-ups of the advice log for the report figures (officeActivity; ADR 0026), kept exact by database
 * triggers on every INSERT, UPDATE and DELETE of `advice_entries`:
 *
 * - `advice_month_counts` (tenant_id, area_id, month, language, referred) → n, minutes: entries of a programme area
 *   dated in a calendar month (month = the first seven characters of the day), by language and whether the entry
 *   has a referral;
 * - `advice_month_elements` (tenant_id, area_id, month, kind, value) → n: entries per element of their topic list
 *   (kind 'topic') and referral list (kind 'referral') — an entry with two topics counts once for each, as in
 *   the figures read from the rows.
 *
 * SQLite: row triggers. PostgreSQL: statement triggers over the transition tables, one grouped upsert per roll-up
 * and statement, rows upserted in key order. A bucket that falls to zero stays as a row with n = 0.
 */
const COLUMNS = ['tenant_id', 'area_id', 'date', 'language', 'referrals', 'topics', 'duration_minutes'];

function sqliteUpserts(r: 'new' | 'old', s: 1 | -1): string {
  const month = `substr(${r}.date, 1, 7)`;
  const elements = (kind: string, column: string) => `
    insert into advice_month_elements (tenant_id, area_id, month, kind, value, n)
      select ${r}.tenant_id, ${r}.area_id, ${month}, '${kind}', e.value, ${s} from json_each(${r}.${column}) as e where true
      on conflict (tenant_id, area_id, month, kind, value) do update set n = n + excluded.n;`;
  return `
    insert into advice_month_counts (tenant_id, area_id, month, language, referred, n, minutes)
      select ${r}.tenant_id, ${r}.area_id, ${month}, ${r}.language, json_array_length(${r}.referrals) > 0, ${s}, ${s} * ${r}.duration_minutes where true
      on conflict (tenant_id, area_id, month, language, referred) do update set n = n + excluded.n, minutes = minutes + excluded.minutes;
    ${elements('topic', 'topics')}
    ${elements('referral', 'referrals')}`;
}

function pgUpserts(delta: string): string {
  const elements = (kind: string, column: string) => `
    with d as (${delta})
    insert into advice_month_elements as r (tenant_id, area_id, month, kind, value, n)
      select tenant_id, area_id, substr(date, 1, 7), '${kind}', e.value, sum(s) from d cross join lateral jsonb_array_elements_text(d.${column}) as e(value)
      group by 1, 2, 3, 4, 5 having sum(s) <> 0 order by 1, 2, 3, 4, 5
      on conflict (tenant_id, area_id, month, kind, value) do update set n = r.n + excluded.n;`;
  return `
    with d as (${delta})
    insert into advice_month_counts as r (tenant_id, area_id, month, language, referred, n, minutes)
      select tenant_id, area_id, substr(date, 1, 7), language, (jsonb_array_length(referrals) > 0)::int, sum(s), sum(s * duration_minutes) from d
      group by 1, 2, 3, 4, 5 having sum(s) <> 0 or sum(s * duration_minutes) <> 0 order by 1, 2, 3, 4, 5
      on conflict (tenant_id, area_id, month, language, referred) do update set n = r.n + excluded.n, minutes = r.minutes + excluded.minutes;
    ${elements('topic', 'topics')}
    ${elements('referral', 'referrals')}`;
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('advice_month_counts')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('area_id', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    /** 1 = the entries have at least one referral. */
    .addColumn('referred', 'integer', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addColumn('minutes', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('advice_month_counts_pk', ['tenant_id', 'area_id', 'month', 'language', 'referred'])
    .execute();
  await db.schema
    .createTable('advice_month_elements')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('area_id', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    /** topic | referral */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('advice_month_elements_pk', ['tenant_id', 'area_id', 'month', 'kind', 'value'])
    .execute();

  const cols = COLUMNS.join(', ');
  if (dialectOf(db) === 'postgres') {
    await sql.raw(pgUpserts(`select ${cols}, 1 as s from advice_entries`)).execute(db);
    await sql
      .raw(
        `create function advice_month_rollup() returns trigger language plpgsql as $rollup$
        begin
          if tg_op = 'INSERT' then ${pgUpserts(`select ${cols}, 1 as s from new_rows`)}
          elsif tg_op = 'DELETE' then ${pgUpserts(`select ${cols}, -1 as s from old_rows`)}
          else ${pgUpserts(`select ${cols}, 1 as s from new_rows union all select ${cols}, -1 as s from old_rows`)}
          end if;
          return null;
        end $rollup$`,
      )
      .execute(db);
    await sql`create trigger advice_month_rollup_ins after insert on advice_entries referencing new table as new_rows for each statement execute function advice_month_rollup()`.execute(db);
    await sql`create trigger advice_month_rollup_upd after update on advice_entries referencing old table as old_rows new table as new_rows for each statement execute function advice_month_rollup()`.execute(db);
    await sql`create trigger advice_month_rollup_del after delete on advice_entries referencing old table as old_rows for each statement execute function advice_month_rollup()`.execute(db);
    return;
  }
  await sql`
    insert into advice_month_counts (tenant_id, area_id, month, language, referred, n, minutes)
    select tenant_id, area_id, substr(date, 1, 7), language, json_array_length(referrals) > 0, count(*), sum(duration_minutes)
    from advice_entries group by 1, 2, 3, 4, 5`.execute(db);
  for (const [kind, column] of [
    ['topic', 'topics'],
    ['referral', 'referrals'],
  ] as const)
    await sql
      .raw(
        `insert into advice_month_elements (tenant_id, area_id, month, kind, value, n)
         select a.tenant_id, a.area_id, substr(a.date, 1, 7), '${kind}', e.value, count(*) from advice_entries a, json_each(a.${column}) as e group by 1, 2, 3, 4, 5`,
      )
      .execute(db);
  await sql.raw(`create trigger advice_month_rollup_ins after insert on advice_entries begin ${sqliteUpserts('new', 1)} end`).execute(db);
  await sql.raw(`create trigger advice_month_rollup_del after delete on advice_entries begin ${sqliteUpserts('old', -1)} end`).execute(db);
  const changed = COLUMNS.map((c) => `old.${c} is not new.${c}`).join(' or ');
  await sql.raw(`create trigger advice_month_rollup_upd after update on advice_entries when ${changed} begin ${sqliteUpserts('old', -1)} ${sqliteUpserts('new', 1)} end`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    for (const t of ['ins', 'upd', 'del']) await sql.raw(`drop trigger advice_month_rollup_${t} on advice_entries`).execute(db);
    await sql`drop function advice_month_rollup()`.execute(db);
  } else for (const t of ['ins', 'upd', 'del']) await sql.raw(`drop trigger advice_month_rollup_${t}`).execute(db);
  await db.schema.dropTable('advice_month_elements').execute();
  await db.schema.dropTable('advice_month_counts').execute();
}
