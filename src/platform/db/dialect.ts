/**
 * Dialect helpers: the one place that knows how SQLite and PostgreSQL differ for Quartier.
 *
 * - Instants: ISO-8601 UTC strings in SQLite (`text`), `timestamptz` in PostgreSQL. The pg driver is configured
 *   (see connection.ts) to hand timestamptz back as ISO strings, so application code always sees strings.
 * - Booleans: SQLite stores 0/1. The SqliteBooleanPlugin turns bound JS booleans into 0/1; read with `toBool`.
 * - JSON: text in SQLite, jsonb in PostgreSQL; always write `toJson(v)`, read `fromJson(v)`.
 * - Counts: PostgreSQL returns bigint counts as strings; `toCount` converts in one place.
 */
import {
  OperationNodeTransformer,
  PostgresAdapter,
  PrimitiveValueListNode,
  SqliteAdapter,
  ValueNode,
  sql,
  type Kysely,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RawBuilder,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';

export type DialectName = 'sqlite' | 'postgres';

export function dialectOf(db: Kysely<any>): DialectName {
  const adapter = db.getExecutor().adapter;
  if (adapter instanceof PostgresAdapter) return 'postgres';
  if (adapter instanceof SqliteAdapter) return 'sqlite';
  throw new Error(`unsupported database adapter ${adapter.constructor.name}`);
}

/** Column types for migrations (`Kysely<any>`), per dialect. */
export function columnTypes(db: Kysely<any>) {
  const pg = dialectOf(db) === 'postgres';
  return {
    instant: pg ? sql`timestamptz` : sql`text`,
    bool: pg ? sql`boolean` : sql`integer`,
    json: pg ? sql`jsonb` : sql`text`,
    /** Default for an instant column: now, as UTC. */
    now: pg ? sql`now()` : sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`,
    boolTrue: pg ? sql`true` : sql`1`,
    boolFalse: pg ? sql`false` : sql`0`,
  } as const;
}

export function nowIso(): string {
  return new Date().toISOString();
}

export function toInstant(d: Date | string | number): string {
  const date = d instanceof Date ? d : new Date(d);
  if (Number.isNaN(date.getTime())) throw new RangeError(`invalid instant: ${String(d)}`);
  return date.toISOString();
}

/** Reads an instant column (string from SQLite or from our pg type parser, Date from a raw pg client). */
export function fromInstant(v: string | Date | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  return v instanceof Date ? v.toISOString() : new Date(v).toISOString();
}

export function toBool(v: unknown): boolean {
  return v === true || v === 1 || v === '1' || v === 't' || v === 'true';
}

export function toJson(v: unknown): string {
  return JSON.stringify(v ?? null);
}

export function fromJson<T>(v: unknown, fallback: T): T {
  if (v === null || v === undefined) return fallback;
  if (typeof v === 'string') {
    try {
      return JSON.parse(v) as T;
    } catch {
      return fallback;
    }
  }
  return v as T;
}

export function toCount(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && v !== '') return Number(v);
  return 0;
}

/** Case- and accent-insensitive LIKE for both dialects (PostgreSQL ILIKE, SQLite LIKE is ASCII-case-insensitive). */
export function ilike(db: Kysely<any>, column: string, pattern: string): RawBuilder<boolean> {
  return dialectOf(db) === 'postgres'
    ? sql<boolean>`${sql.ref(column)} ILIKE ${pattern}`
    : sql<boolean>`lower(${sql.ref(column)}) LIKE lower(${pattern})`;
}

export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (m) => `\\${m}`);
}

class BoolToInt extends OperationNodeTransformer {
  protected override transformValue(node: ValueNode): ValueNode {
    return typeof node.value === 'boolean' ? ValueNode.create(node.value ? 1 : 0) : node;
  }
  protected override transformPrimitiveValueList(node: PrimitiveValueListNode): PrimitiveValueListNode {
    return node.values.some((v) => typeof v === 'boolean')
      ? PrimitiveValueListNode.create(node.values.map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v)))
      : node;
  }
}

/** SQLite cannot bind JS booleans; this plugin binds them as 0/1. */
export class SqliteBooleanPlugin implements KyselyPlugin {
  private readonly t = new BoolToInt();
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.t.transformNode(args.node);
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}
