import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './connection';
import { migrateToLatest } from './migrator';
import { backupSqlite, defaultBackupFile, pgDumpAdvice } from './backup';
import { TEST_DB } from '../../../test/support/db';

describe.runIf(TEST_DB === 'sqlite')('SQLite backup', () => {
  it('copies a live database consistently while a connection keeps writing', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'q-backup-'));
    const file = path.join(dir, 'live.sqlite');
    const handle = openDatabase({ sqliteFile: file });
    await migrateToLatest(handle.db);
    await handle.db.insertInto('tenants').values({ id: 'ten_1', slug: 'essen', name: 'Essen', default_locale: 'de' }).execute();
    const target = defaultBackupFile(file, new Date('2026-11-25T12:00:00Z'));
    expect(target).toMatch(/backups\/quartier-20261125-120000\.sqlite$/);
    const writing = handle.db.insertInto('tenants').values({ id: 'ten_2', slug: 'b', name: 'B', default_locale: 'de' }).execute();
    const r = await backupSqlite(file, target);
    await writing;
    expect(r.bytes).toBeGreaterThan(0);
    const copy = new Database(target, { readonly: true });
    expect((copy.prepare('select count(*) n from tenants').get() as { n: number }).n).toBeGreaterThanOrEqual(1);
    copy.close();
    await expect(backupSqlite(file, target)).rejects.toThrow(/already exists/);
    await handle.close();
  });

  it('explains pg_dump without printing the password', () => {
    const text = pgDumpAdvice('postgres://quartier:geheim@db.example:5432/quartier');
    expect(text).toContain('pg_dump --format=custom');
    expect(text).not.toContain('geheim');
  });
});
