import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../../../platform/db/dialect';

/**
 * A per-tenant revision of everything the Open311 request list can show (ADR 0034), kept by database triggers in
 * the same transaction as the change — so no writer (services, Open311 sync, jobs, imports, the bench's generator,
 * tests writing rows directly) can forget it, and several server processes see the same value:
 *
 * - `concern_open311_revisions` (tenant_id) → rev, cat_rev. `rev` changes with every change of a public concern's
 *   listed columns (a new public concern, status, public flag, text, place, category, dates — redaction, merge and
 *   anonymisation included), with every insert/update/delete of a category and of a file owned by a concern (the
 *   first photo is `media_url`); `cat_rev` only with the categories (the category catalogue memo).
 * - A new value is never smaller than the clock in milliseconds (`max(rev + 1, now)`): after a restore of an older
 *   backup the revisions go on above every value a running process may have cached, so a cached answer of the old
 *   history is never taken for the new one.
 *
 * SQLite: row triggers (one writer at a time anyway), insert/delete only for public rows, update only when a listed
 * column changed on a row that is or was public. PostgreSQL: statement triggers over the transition tables, one
 * upsert per statement and tenant (a bulk INSERT … SELECT of 200,000 concerns bumps once). They are named so that
 * they run before the other triggers on `concerns` (PostgreSQL fires them in name order): the revision row is the
 * first lock a writing statement takes, so two writers wait for each other there rather than deadlock over the
 * month roll-up buckets.
 */

/** The columns of the Open311 list (concerns.queries OPEN311_COLUMNS) and the ones that decide whether a row is listed. */
const LISTED = ['public', 'category_id', 'number', 'description', 'lat', 'lon', 'address', 'district_number', 'district_name', 'status', 'status_reason', 'department', 'created_at', 'updated_at', 'closed_at'];

const SQLITE_NOW_MS = `cast((julianday('now') - 2440587.5) * 86400000 as integer)`;
const PG_NOW_MS = `(extract(epoch from clock_timestamp()) * 1000)::bigint`;

function sqliteBump(tenant: string, categories: boolean): string {
  return `insert into concern_open311_revisions (tenant_id, rev, cat_rev) values (${tenant}, ${SQLITE_NOW_MS}, ${categories ? SQLITE_NOW_MS : 0})
    on conflict (tenant_id) do update set rev = max(rev + 1, excluded.rev)${categories ? ', cat_rev = max(cat_rev + 1, excluded.cat_rev)' : ''};`;
}

function pgBump(tenants: string, categories: boolean): string {
  return `insert into concern_open311_revisions as r (tenant_id, rev, cat_rev)
      select t.tenant_id, ${PG_NOW_MS}, ${categories ? PG_NOW_MS : 0} from (${tenants}) t group by t.tenant_id order by t.tenant_id
      on conflict (tenant_id) do update set rev = greatest(r.rev + 1, excluded.rev)${categories ? ', cat_rev = greatest(r.cat_rev + 1, excluded.cat_rev)' : ''};`;
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('concern_open311_revisions')
    .addColumn('tenant_id', 'text', (c) => c.notNull().primaryKey())
    .addColumn('rev', 'bigint', (c) => c.notNull())
    .addColumn('cat_rev', 'bigint', (c) => c.notNull())
    .execute();

  if (dialectOf(db) === 'postgres') {
    const n = LISTED.map((c) => `n.${c}`).join(', ');
    const o = LISTED.map((c) => `o.${c}`).join(', ');
    const fns: [name: string, body: string][] = [
      [
        'concerns_open311_rev',
        `if tg_op = 'INSERT' then ${pgBump('select tenant_id from new_rows where public', false)}
         elsif tg_op = 'DELETE' then ${pgBump('select tenant_id from old_rows where public', false)}
         else ${pgBump(`select n.tenant_id from new_rows n join old_rows o on o.tenant_id = n.tenant_id and o.id = n.id where (n.public or o.public) and (${n}) is distinct from (${o})`, false)}
         end if;`,
      ],
      [
        'concern_categories_open311_rev',
        `if tg_op = 'DELETE' then ${pgBump('select tenant_id from old_rows', true)}
         else ${pgBump('select tenant_id from new_rows', true)}
         end if;`,
      ],
      [
        'files_open311_rev',
        `if tg_op = 'INSERT' then ${pgBump(`select tenant_id from new_rows where owner_type = 'concern'`, false)}
         elsif tg_op = 'DELETE' then ${pgBump(`select tenant_id from old_rows where owner_type = 'concern'`, false)}
         else ${pgBump(`select tenant_id from new_rows where owner_type = 'concern' union all select tenant_id from old_rows where owner_type = 'concern'`, false)}
         end if;`,
      ],
    ];
    for (const [name, body] of fns) {
      await sql.raw(`create function ${name}() returns trigger language plpgsql as $rev$ begin ${body} return null; end $rev$`).execute(db);
    }
    for (const [table, fn, prefix] of [
      ['concerns', 'concerns_open311_rev', 'concerns_a_open311_rev'],
      ['concern_categories', 'concern_categories_open311_rev', 'concern_categories_a_open311_rev'],
      ['files', 'files_open311_rev', 'files_a_open311_rev'],
    ] as const) {
      await sql.raw(`create trigger ${prefix}_ins after insert on ${table} referencing new table as new_rows for each statement execute function ${fn}()`).execute(db);
      await sql.raw(`create trigger ${prefix}_upd after update on ${table} referencing old table as old_rows new table as new_rows for each statement execute function ${fn}()`).execute(db);
      await sql.raw(`create trigger ${prefix}_del after delete on ${table} referencing old table as old_rows for each statement execute function ${fn}()`).execute(db);
    }
    return;
  }

  const changed = LISTED.map((c) => `old.${c} is not new.${c}`).join(' or ');
  const stmts = [
    `create trigger concerns_a_open311_rev_ins after insert on concerns when new.public begin ${sqliteBump('new.tenant_id', false)} end`,
    `create trigger concerns_a_open311_rev_del after delete on concerns when old.public begin ${sqliteBump('old.tenant_id', false)} end`,
    `create trigger concerns_a_open311_rev_upd after update on concerns when (old.public or new.public) and (${changed}) begin ${sqliteBump('new.tenant_id', false)} end`,
    `create trigger concern_categories_a_open311_rev_ins after insert on concern_categories begin ${sqliteBump('new.tenant_id', true)} end`,
    `create trigger concern_categories_a_open311_rev_del after delete on concern_categories begin ${sqliteBump('old.tenant_id', true)} end`,
    `create trigger concern_categories_a_open311_rev_upd after update on concern_categories begin ${sqliteBump('new.tenant_id', true)} end`,
    `create trigger files_a_open311_rev_ins after insert on files when new.owner_type = 'concern' begin ${sqliteBump('new.tenant_id', false)} end`,
    `create trigger files_a_open311_rev_del after delete on files when old.owner_type = 'concern' begin ${sqliteBump('old.tenant_id', false)} end`,
    `create trigger files_a_open311_rev_upd after update on files when old.owner_type = 'concern' or new.owner_type = 'concern' begin ${sqliteBump('new.tenant_id', false)} end`,
  ];
  for (const s of stmts) await sql.raw(s).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  const triggers: [table: string, prefix: string][] = [
    ['concerns', 'concerns_a_open311_rev'],
    ['concern_categories', 'concern_categories_a_open311_rev'],
    ['files', 'files_a_open311_rev'],
  ];
  const pg = dialectOf(db) === 'postgres';
  for (const [table, prefix] of triggers) for (const t of ['ins', 'upd', 'del']) await sql.raw(pg ? `drop trigger ${prefix}_${t} on ${table}` : `drop trigger ${prefix}_${t}`).execute(db);
  if (pg) for (const fn of ['concerns_open311_rev', 'concern_categories_open311_rev', 'files_open311_rev']) await sql.raw(`drop function ${fn}()`).execute(db);
  await db.schema.dropTable('concern_open311_revisions').execute();
}
