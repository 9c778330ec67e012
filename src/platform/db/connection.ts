/**
 * Opens the database: PostgreSQL through `pg` when a URL is given, otherwise the embedded SQLite file
 * (WAL, foreign keys on, busy timeout, secure_delete so that redacted data does not linger in free pages).
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect, type Compilable, type PostgresPool, type SqliteDatabase } from 'kysely';
import { SqliteBooleanPlugin, type DialectName } from './dialect';

export interface DbHandle {
  db: Kysely<any>;
  dialect: DialectName;
  /** The SQLite connection (for backups), when SQLite is used. */
  sqlite?: Database.Database;
  close(): Promise<void>;
}

/**
 * A PostgreSQL timestamptz in text form as the ISO string Date#toISOString gives (what SQLite stores). The usual
 * form in a UTC session ("2026-11-25 20:34:46.943481+00") is rewritten directly — a list of 1,000 rows has 3,000 of
 * them, and parsing each through Date was a measurable share of the Open311 list; anything else goes through Date.
 */
export function pgInstantToIso(v: string): string {
  const n = v.length;
  if (n >= 22 && v.charCodeAt(10) === 32 && v.endsWith('+00') && v.charCodeAt(4) === 45 && v.charCodeAt(13) === 58) {
    const core = v.slice(0, n - 3);
    if (core.length === 19) return `${core.slice(0, 10)}T${core.slice(11)}.000Z`;
    if (core.charCodeAt(19) === 46 && core.length <= 26) return `${core.slice(0, 10)}T${core.slice(11, 19)}.${core.slice(20, 23).padEnd(3, '0')}Z`;
  }
  return new Date(v).toISOString();
}

const pgTypes = {
  getTypeParser(oid: number, format?: string) {
    // 1184 timestamptz, 1114 timestamp: ISO strings like SQLite. 20 int8 (count): number.
    if (oid === 1184) return pgInstantToIso;
    if (oid === 1114) return (v: string) => new Date(`${v}Z`).toISOString();
    if (oid === 20) return (v: string) => Number(v);
    if (oid === 1700) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

/**
 * Array rows for hot lists: a query whose SQL starts with this comment answers each row as an array of its column
 * values in select order (better-sqlite3 `raw` mode, pg `rowMode: 'array'`) instead of an object per row — on a
 * list of 1,000 rows × 15 columns, building the objects was about 40 % of the query's time. Use `arrayRows`.
 */
export const ARRAY_ROWS_MARK = '/* rows:array */ ';

/**
 * Runs a Kysely query (plugins — tenant scope included — applied as usual when it is compiled) and returns its rows
 * as arrays of column values in the order of the select list.
 */
export async function arrayRows<T extends unknown[] = unknown[]>(db: Kysely<any>, query: Compilable): Promise<T[]> {
  const compiled = query.compile();
  const r = await db.executeQuery<T>({ ...compiled, sql: ARRAY_ROWS_MARK + compiled.sql });
  return r.rows;
}

/**
 * better-sqlite3 behind a prepared-statement cache: Kysely prepares every query anew, and preparing is a measurable
 * share of a request. A statement in use by an unfinished iterator is never handed out twice. SQLite re-prepares a
 * cached statement by itself after a schema change.
 */
function withStatementCache(db: Database.Database, max = 500): SqliteDatabase {
  const cache = new Map<string, Database.Statement>();
  return {
    close: () => db.close(),
    prepare(sqlText: string) {
      const hit = cache.get(sqlText);
      if (hit && !hit.busy) {
        cache.delete(sqlText);
        cache.set(sqlText, hit);
        return hit;
      }
      const st = db.prepare(sqlText);
      if (sqlText.startsWith(ARRAY_ROWS_MARK) && st.reader) st.raw(true);
      cache.set(sqlText, st);
      if (cache.size > max) cache.delete(cache.keys().next().value!);
      return st;
    },
  };
}

/** The pg pool as Kysely sees it, with clients that run a query marked with ARRAY_ROWS_MARK in `rowMode: 'array'`. */
function withArrayRows(pool: pg.Pool): PostgresPool {
  // One wrapper per pg client: Kysely keeps its connection objects in a map keyed by the client it is given.
  const wrappers = new WeakMap<pg.PoolClient, unknown>();
  const wrap = (client: pg.PoolClient) => {
    const query = client.query.bind(client) as (config: unknown, values?: unknown) => Promise<pg.QueryResult>;
    return {
      query: (sqlText: unknown, values?: unknown) =>
        typeof sqlText === 'string' && sqlText.startsWith(ARRAY_ROWS_MARK) ? query({ text: sqlText, values, rowMode: 'array' }) : query(sqlText, values),
      release: (err?: Error | boolean) => client.release(err),
    };
  };
  return {
    async connect() {
      const client = await pool.connect();
      let w = wrappers.get(client);
      if (!w) wrappers.set(client, (w = wrap(client)));
      return w as never;
    },
    end: () => pool.end(),
  };
}

export function openDatabase(opts: { databaseUrl?: string | undefined; sqliteFile?: string; poolSize?: number }): DbHandle {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10, types: pgTypes as never });
    pool.on('error', () => {
      /* idle client errors are reported by the next query */
    });
    const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: withArrayRows(pool) }) });
    return { db, dialect: 'postgres', close: () => db.destroy() };
  }
  const file = opts.sqliteFile ?? './data/quartier.sqlite';
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  // 64 MB page cache (the default is 2 MB): list queries over large tables read fewer pages through the OS.
  sqlite.pragma('cache_size = -65536');
  // Deleted content (e.g. a redacted resident's text) is overwritten on disk, not left in free pages.
  sqlite.pragma('secure_delete = ON');
  const db = new Kysely<any>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }), plugins: [new SqliteBooleanPlugin()] });
  return { db, dialect: 'sqlite', sqlite, close: () => db.destroy() };
}
