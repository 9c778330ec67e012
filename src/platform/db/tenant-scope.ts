/**
 * Tenant-bound database handles.
 *
 * `forTenant(db, tenantId)` returns a Kysely instance whose every query is rewritten so that it can only see and
 * write rows of that tenant: SELECT/UPDATE/DELETE get `<table>.tenant_id = :tenant` for every tenant table in FROM
 * and JOIN (subqueries included), INSERTs get the tenant_id column filled in (or checked when given), and an UPDATE
 * can never change tenant_id. Tables that are not tenant-scoped are listed in GLOBAL_TABLES.
 * Raw `sql` fragments are not rewritten: code that writes raw SQL against tenant tables must bind tenant_id itself
 * (see platform/db/search.ts).
 */
import {
  AliasNode,
  BinaryOperationNode,
  ColumnNode,
  IdentifierNode,
  InsertQueryNode,
  JoinNode,
  OperationNodeTransformer,
  OperatorNode,
  PrimitiveValueListNode,
  QueryNode,
  ReferenceNode,
  TableNode,
  ValueListNode,
  ValueNode,
  ValuesNode,
  type DeleteQueryNode,
  type Kysely,
  type KyselyPlugin,
  type OperationNode,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type SelectQueryNode,
  type UnknownRow,
  type UpdateQueryNode,
  type WithNode,
} from 'kysely';

/** Tables without tenant_id: the tenant registry itself and the migrator's bookkeeping. */
export const GLOBAL_TABLES = new Set(['tenants', 'tenant_hosts', 'kysely_migration', 'kysely_migration_lock']);

export class TenantScopeError extends Error {}

function tableName(node: OperationNode | undefined): { name: string; ref: string } | null {
  if (!node) return null;
  if (TableNode.is(node)) {
    const name = node.table.identifier.name;
    return { name, ref: name };
  }
  if (AliasNode.is(node) && TableNode.is(node.node) && IdentifierNode.is(node.alias)) {
    return { name: node.node.table.identifier.name, ref: node.alias.name };
  }
  return null;
}

function cteNames(withNode: WithNode | undefined): Set<string> {
  const names = new Set<string>();
  for (const e of withNode?.expressions ?? []) names.add(e.name.table.table.identifier.name);
  return names;
}

class TenantTransformer extends OperationNodeTransformer {
  private ctes: Set<string>[] = [];
  constructor(private readonly tenantId: string) {
    super();
  }

  private isTenantTable(name: string): boolean {
    if (GLOBAL_TABLES.has(name)) return false;
    return !this.ctes.some((s) => s.has(name));
  }

  private condition(ref: string): OperationNode {
    return BinaryOperationNode.create(
      ReferenceNode.create(ColumnNode.create('tenant_id'), TableNode.create(ref)),
      OperatorNode.create('='),
      ValueNode.create(this.tenantId),
    );
  }

  private scopeJoins<T extends { joins?: ReadonlyArray<JoinNode> }>(node: T): T {
    if (!node.joins) return node;
    const joins = node.joins.map((j) => {
      const t = tableName(j.table);
      if (!t || !this.isTenantTable(t.name)) return j;
      if (j.joinType === 'CrossJoin' || j.joinType === 'LateralCrossJoin' || !j.on) {
        throw new TenantScopeError(`join on tenant table ${t.name} needs an ON clause`);
      }
      return JoinNode.cloneWithOn(j, this.condition(t.ref));
    });
    return { ...node, joins };
  }

  private scopeFroms<T extends { where?: unknown }>(node: T, froms: ReadonlyArray<OperationNode> | undefined): T {
    let out = node;
    for (const f of froms ?? []) {
      const t = tableName(f);
      if (t && this.isTenantTable(t.name)) out = QueryNode.cloneWithWhere(out as never, this.condition(t.ref)) as T;
    }
    return out;
  }

  private withCtes<T>(w: WithNode | undefined, fn: () => T): T {
    this.ctes.push(cteNames(w));
    try {
      return fn();
    } finally {
      this.ctes.pop();
    }
  }

  protected override transformSelectQuery(node: SelectQueryNode): SelectQueryNode {
    return this.withCtes(node.with, () => {
      const inner = super.transformSelectQuery(node);
      return this.scopeJoins(this.scopeFroms(inner, inner.from?.froms));
    });
  }

  protected override transformUpdateQuery(node: UpdateQueryNode): UpdateQueryNode {
    return this.withCtes(node.with, () => {
      const inner = super.transformUpdateQuery(node);
      if (inner.updates?.some((u) => ColumnNode.is(u.column) && u.column.column.name === 'tenant_id')) {
        throw new TenantScopeError('tenant_id cannot be updated');
      }
      const tables = inner.table ? [inner.table] : [];
      return this.scopeJoins(this.scopeFroms(this.scopeFroms(inner, tables), inner.from?.froms));
    });
  }

  protected override transformDeleteQuery(node: DeleteQueryNode): DeleteQueryNode {
    return this.withCtes(node.with, () => {
      const inner = super.transformDeleteQuery(node);
      return this.scopeJoins(this.scopeFroms(inner, inner.from.froms));
    });
  }

  protected override transformInsertQuery(node: InsertQueryNode): InsertQueryNode {
    return this.withCtes(node.with, () => {
      const inner = super.transformInsertQuery(node);
      const t = tableName(inner.into);
      if (!t || !this.isTenantTable(t.name)) return inner;
      const columns = inner.columns ?? [];
      const idx = columns.findIndex((c) => c.column.name === 'tenant_id');
      if (!inner.values || !ValuesNode.is(inner.values)) {
        if (idx < 0) throw new TenantScopeError(`insert into ${t.name} from a query must select tenant_id`);
        return inner;
      }
      if (idx >= 0) {
        for (const row of inner.values.values) {
          const v = PrimitiveValueListNode.is(row) ? row.values[idx] : (row.values[idx] as ValueNode | undefined)?.value;
          if (v !== this.tenantId) throw new TenantScopeError(`insert into ${t.name} for another tenant`);
        }
        return inner;
      }
      const values = ValuesNode.create(
        inner.values.values.map((row) =>
          PrimitiveValueListNode.is(row)
            ? PrimitiveValueListNode.create([...row.values, this.tenantId])
            : ValueListNode.create([...row.values, ValueNode.create(this.tenantId)]),
        ),
      );
      return InsertQueryNode.cloneWith(inner, { columns: [...columns, ColumnNode.create('tenant_id')], values });
    });
  }
}

export class TenantScopePlugin implements KyselyPlugin {
  constructor(readonly tenantId: string) {
    if (!tenantId) throw new TenantScopeError('tenant id is required');
  }
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return new TenantTransformer(this.tenantId).transformNode(args.node);
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

/** A Kysely handle bound to one tenant. Every module query runs through one of these. */
export type TenantDb<DB> = Kysely<DB> & { readonly __tenantId: string };

export function forTenant<DB>(db: Kysely<DB>, tenantId: string): TenantDb<DB> {
  const scoped = db.withPlugin(new TenantScopePlugin(tenantId)) as TenantDb<DB>;
  Object.defineProperty(scoped, '__tenantId', { value: tenantId, enumerable: false });
  return scoped;
}

/** The tenant a handle is bound to — also inside its transactions, which do not carry the id (read from the plugin). */
export function tenantIdOf(db: Kysely<any> | TenantDb<any>): string {
  const direct = (db as { __tenantId?: string }).__tenantId;
  if (direct) return direct;
  const scoped = (db as Kysely<any>).getExecutor().plugins.find((p): p is TenantScopePlugin => p instanceof TenantScopePlugin);
  if (!scoped) throw new TenantScopeError('a tenant-bound database handle is required');
  return scoped.tenantId;
}
