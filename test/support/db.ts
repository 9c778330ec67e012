/**
 * Test databases: a fresh SQLite in memory, or a fresh PostgreSQL database (one per test file), chosen by
 * QUARTIER_TEST_DB (set by the vitest project). Migrated, with the tenant "essen" and a second tenant "other".
 *
 * PostgreSQL: the migrations run once per set of migration files into a template database
 * (`quartier_tpl_<hash of the migration files>`), built under an advisory lock so that parallel test files never
 * migrate at the same time; every test file then gets `CREATE DATABASE … TEMPLATE` — a copy of the migrated, empty
 * schema in a fraction of the time the migrations take — and drops it when it closes. A changed migration file
 * gives a new hash and so a new template; templates of older hashes are dropped when a new one is built.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openDatabase, type DbHandle } from '../../src/platform/db/connection';
import { migrateToLatest, migrationFiles } from '../../src/platform/db/migrator';
import { ensureTenant, type TenantRow } from '../../src/platform/tenancy';

export const TEST_DB = (process.env.QUARTIER_TEST_DB ?? 'sqlite') as 'sqlite' | 'postgres';
export const PG_URL = process.env.DATABASE_URL_TEST ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDb {
  handle: DbHandle;
  tenant: TenantRow;
  other: TenantRow;
  /** PostgreSQL: the connection URL of this test's own database (for a second pool, "another process"). */
  url: string | null;
  close(): Promise<void>;
}

/** PG_URL with another database name. */
function databaseUrl(name: string): string {
  const u = new URL(PG_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

async function withAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/**
 * Content hash of every migration file (by its path inside the repository), so that a changed or new migration builds
 * a new template — and two checkouts of the same migrations (e.g. a CI clone beside the working copy) share one.
 */
function migrationsHash(): string {
  const h = createHash('sha256');
  const root = fileURLToPath(new URL('../..', import.meta.url));
  for (const f of migrationFiles()) h.update(path.relative(root, f).split(path.sep).join('/')).update('\0').update(fs.readFileSync(f)).update('\0');
  return h.digest('hex').slice(0, 16);
}

/** Templates of other migration sets are dropped only once they are this old: another run may still copy them. */
const TEMPLATE_KEEP_MS = 24 * 3600_000;

const TEMPLATE_LOCK = 7_201_126; // pg_advisory_lock key of the template build (any constant of this project)
let templateName: Promise<string> | undefined;

/** The migrated template database of the current migration files, built once (by whichever test file comes first). */
function pgTemplate(): Promise<string> {
  templateName ??= (async () => {
    const name = `quartier_tpl_${migrationsHash()}`;
    return withAdmin(async (admin) => {
      await admin.query('select pg_advisory_lock($1)', [TEMPLATE_LOCK]);
      try {
        const exists = await admin.query('select 1 from pg_database where datname = $1', [name]);
        if (exists.rowCount) return name;
        const building = `${name}_build`;
        await admin.query(`drop database if exists ${building} with (force)`);
        await admin.query(`create database ${building}`);
        const handle = openDatabase({ databaseUrl: databaseUrl(building), poolSize: 2 });
        try {
          await migrateToLatest(handle.db);
        } finally {
          await handle.close();
        }
        // Publish under the final name only when complete, with the time it was built. Templates of other migration
        // sets are dropped when they are older than a day (or carry no time): a test run of another checkout or
        // branch may be copying from one right now.
        await admin.query(`alter database ${building} rename to ${name}`);
        await admin.query(`comment on database ${name} is 'quartier test template, built ${Date.now()}'`);
        const others = await admin.query<{ datname: string; note: string | null }>(
          `select datname, shobj_description(oid, 'pg_database') as note from pg_database where starts_with(datname, 'quartier_tpl_') and datname <> $1`,
          [name],
        );
        for (const r of others.rows) {
          const built = Number(/built (\d+)$/.exec(r.note ?? '')?.[1] ?? 0);
          if (Date.now() - built > TEMPLATE_KEEP_MS) await admin.query(`drop database if exists ${r.datname} with (force)`).catch(() => {});
        }
        return name;
      } finally {
        await admin.query('select pg_advisory_unlock($1)', [TEMPLATE_LOCK]);
      }
    });
  })();
  return templateName;
}

export async function createTestDb(): Promise<TestDb> {
  let handle: DbHandle;
  let url: string | null = null;
  let drop: () => Promise<void> = async () => {};
  if (TEST_DB === 'postgres') {
    const template = await pgTemplate();
    const name = `quartier_t_${randomBytes(6).toString('hex')}`;
    // Copies of one template are made one at a time: PostgreSQL refuses a copy while another session uses the template.
    await withAdmin(async (admin) => {
      await admin.query('select pg_advisory_lock($1)', [TEMPLATE_LOCK]);
      try {
        await admin.query(`create database ${name} template ${template}`);
      } finally {
        await admin.query('select pg_advisory_unlock($1)', [TEMPLATE_LOCK]);
      }
    });
    url = databaseUrl(name);
    handle = openDatabase({ databaseUrl: url, poolSize: 5 });
    drop = () => withAdmin(async (admin) => void (await admin.query(`drop database if exists ${name} with (force)`)));
  } else {
    handle = openDatabase({ sqliteFile: ':memory:' });
    await migrateToLatest(handle.db);
  }
  const tenant = await ensureTenant(handle.db, { slug: 'essen', name: 'Essen', hosts: ['essen.test'] });
  const other = await ensureTenant(handle.db, { slug: 'other', name: 'Anderstadt', hosts: ['other.test'] });
  return {
    handle,
    tenant,
    other,
    url,
    async close() {
      await handle.close();
      await drop();
    },
  };
}
