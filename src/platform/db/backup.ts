/**
 * Backups. SQLite: a consistent copy through SQLite's online backup API, safe while the server runs (WAL).
 * PostgreSQL: Quartier does not copy the database itself; pg_dump does it properly.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export function defaultBackupFile(sqliteFile: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..+$/, '').replace('T', '-');
  return path.join(path.dirname(path.resolve(sqliteFile)), 'backups', `quartier-${stamp}.sqlite`);
}

export async function backupSqlite(sqliteFile: string, target: string): Promise<{ file: string; bytes: number }> {
  if (!fs.existsSync(sqliteFile)) throw new Error(`SQLite file ${sqliteFile} does not exist`);
  if (fs.existsSync(target)) throw new Error(`${target} already exists; choose another file`);
  fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  const db = new Database(sqliteFile, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    await db.backup(target);
  } finally {
    db.close();
  }
  const check = new Database(target, { readonly: true, fileMustExist: true });
  try {
    const r = check.pragma('integrity_check', { simple: true });
    if (r !== 'ok') throw new Error(`backup integrity check failed: ${String(r)}`);
  } finally {
    check.close();
  }
  return { file: target, bytes: fs.statSync(target).size };
}

export function pgDumpAdvice(databaseUrl: string): string {
  const u = new URL(databaseUrl);
  if (u.password) u.password = '****';
  return [
    'Quartier is using PostgreSQL. Back it up with pg_dump (custom format, restorable with pg_restore):',
    '',
    `  pg_dump --format=custom --no-owner --file=quartier-$(date +%Y%m%d-%H%M).dump "${u.toString()}"`,
    '',
    'Restore into an empty database:',
    '',
    '  pg_restore --no-owner --dbname="<DATABASE_URL>" quartier-YYYYMMDD-HHMM.dump',
    '',
    'pg_dump takes a consistent snapshot while Quartier keeps running. See docs/operations.md.',
  ].join('\n');
}
