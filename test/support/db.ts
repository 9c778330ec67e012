/**
 * Test databases: a fresh SQLite in memory, or a fresh PostgreSQL schema (one per test file), chosen by
 * QUARTIER_TEST_DB (set by the vitest project). Migrated, with the tenant "essen" and a second tenant "other".
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type DbHandle } from '../../src/platform/db/connection';
import { migrateToLatest } from '../../src/platform/db/migrator';
import { ensureTenant, type TenantRow } from '../../src/platform/tenancy';

export const TEST_DB = (process.env.QUARTIER_TEST_DB ?? 'sqlite') as 'sqlite' | 'postgres';
export const PG_URL = process.env.DATABASE_URL_TEST ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDb {
  handle: DbHandle;
  tenant: TenantRow;
  other: TenantRow;
  close(): Promise<void>;
}

function withSearchPath(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

export async function createTestDb(): Promise<TestDb> {
  let handle: DbHandle;
  let drop: () => Promise<void> = async () => {};
  if (TEST_DB === 'postgres') {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    handle = openDatabase({ databaseUrl: withSearchPath(PG_URL, schema), poolSize: 5 });
    drop = async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
    };
  } else {
    handle = openDatabase({ sqliteFile: ':memory:' });
  }
  await migrateToLatest(handle.db);
  const tenant = await ensureTenant(handle.db, { slug: 'essen', name: 'Essen', hosts: ['essen.test'] });
  const other = await ensureTenant(handle.db, { slug: 'other', name: 'Anderstadt', hosts: ['other.test'] });
  return {
    handle,
    tenant,
    other,
    async close() {
      await handle.close();
      await drop();
    },
  };
}
