/**
 * Audit log: every write records actor, time, entity, action and the changed fields (old → new).
 * Services call `recordAudit` inside the same transaction as the write. There is deliberately no update or
 * delete function for audit entries anywhere in the application.
 */
import type { Kysely } from 'kysely';
import { fromJson, nowIso, toCount, toJson } from '../db/dialect';
import type { TenantDb } from '../db/tenant-scope';
import { newId } from '../ids';

export interface AuditTable {
  tenant_id: string;
  id: string;
  at: string;
  actor_id: string | null;
  actor_label: string;
  entity_type: string;
  entity_id: string;
  action: string;
  changes: string;
  request_id: string | null;
}
export interface AuditTables {
  audit_log: AuditTable;
}

export type FieldChange = { from: unknown; to: unknown };
export type Changes = Record<string, FieldChange>;

export interface AuditActor {
  id: string | null;
  label: string;
}

/** Fields whose values must never be copied into the audit log (only the fact that they changed). */
const SECRET_FIELDS = /password|token|secret|hash/i;

/** Field-by-field difference between two records (only changed fields; secrets masked). */
export function diff(before: Record<string, unknown> | null, after: Record<string, unknown> | null, ignore: string[] = []): Changes {
  const out: Changes = {};
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const k of keys) {
    if (ignore.includes(k) || k === 'tenant_id' || k === 'updated_at' || k === 'created_at') continue;
    const a = before?.[k] ?? null;
    const b = after?.[k] ?? null;
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    out[k] = SECRET_FIELDS.test(k) ? { from: a === null ? null : '•••', to: b === null ? null : '•••' } : { from: a, to: b };
  }
  return out;
}

export interface AuditInput {
  actor: AuditActor;
  entityType: string;
  entityId: string;
  action: string;
  changes?: Changes;
  requestId?: string | null;
}

export async function recordAudit(db: TenantDb<AuditTables> | Kysely<AuditTables>, e: AuditInput): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      id: newId('aud'),
      at: nowIso(),
      actor_id: e.actor.id,
      actor_label: e.actor.label,
      entity_type: e.entityType,
      entity_id: e.entityId,
      action: e.action,
      changes: toJson(e.changes ?? {}),
      request_id: e.requestId ?? null,
    } as AuditTable)
    .execute();
}

export interface AuditFilter {
  entityType?: string | undefined;
  entityId?: string | undefined;
  actorId?: string | undefined;
  action?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  limit?: number;
  offset?: number;
}

export interface AuditEntry {
  id: string;
  at: string;
  actorId: string | null;
  actorLabel: string;
  entityType: string;
  entityId: string;
  action: string;
  changes: Changes;
  requestId: string | null;
}

export async function listAudit(db: TenantDb<AuditTables>, f: AuditFilter): Promise<{ total: number; entries: AuditEntry[] }> {
  let q = db.selectFrom('audit_log');
  if (f.entityType) q = q.where('entity_type', '=', f.entityType);
  if (f.entityId) q = q.where('entity_id', '=', f.entityId);
  if (f.actorId) q = q.where('actor_id', '=', f.actorId);
  if (f.action) q = q.where('action', '=', f.action);
  if (f.from) q = q.where('at', '>=', f.from);
  if (f.to) q = q.where('at', '<', f.to);
  const [{ n } = { n: 0 }] = await q.select((eb) => eb.fn.countAll().as('n')).execute();
  const rows = await q
    .selectAll()
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(f.limit ?? 50)
    .offset(f.offset ?? 0)
    .execute();
  return {
    total: toCount(n),
    entries: rows.map((r) => ({
      id: r.id,
      at: r.at,
      actorId: r.actor_id,
      actorLabel: r.actor_label,
      entityType: r.entity_type,
      entityId: r.entity_id,
      action: r.action,
      changes: fromJson<Changes>(r.changes, {}),
      requestId: r.request_id,
    })),
  };
}

export async function auditEntityTypes(db: TenantDb<AuditTables>): Promise<string[]> {
  const rows = await db.selectFrom('audit_log').select('entity_type').distinct().orderBy('entity_type').execute();
  return rows.map((r) => r.entity_type);
}
