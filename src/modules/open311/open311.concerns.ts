/**
 * The open311 module's only door to the concerns module (through its index.ts). Everything Open311 needs from
 * concerns goes through these few functions:
 * - `listRequests` → concerns' `listConcernsForOpen311` (public concerns, newest first, all filters in SQL on the
 *   indexes (tenant_id, public, created_at, id) / (tenant_id, category_id, public, created_at, id), no count).
 * - `onCreated` → concerns' `onConcernCreated`: runs inside the transaction that creates a concern, so
 *   forwarding is planned atomically with it (outbox; see open311.sync.ts).
 * - `externalStatus` / `forwarded` → concerns' `recordExternalStatus` / `markForwarded` (system actor
 *   `open311:<host>`): a pulled status changes the concern through the workflow rules.
 * - photo URLs on the public concern (first photo → `media_url`).
 * - `revision` → concerns' `open311Revision`: validates the memo of rendered lists (open311.cache.ts, ADR 0034).
 */
import type { Kysely } from 'kysely';
import type { TenantDb } from '../../platform/db/tenant-scope';
import {
  findConcernByNumber,
  getPublicConcernWithPhotos,
  listCategories,
  listConcernsForOpen311,
  markForwarded,
  onConcernCreated,
  open311Revision,
  open311Status,
  recordExternalStatus,
  submitConcern,
  type Category,
  type Concern,
  type ConcernContext,
  type ConcernCreatedHook,
  type ConcernEvent,
  type ExternalStatusInput,
  type ExternalStatusResult,
  type Open311Revision,
  type PublicConcern,
  type Open311ConcernWithPhotos,
  type PublicConcernWithPhotos,
  type Question,
  type SubmitInput,
} from '../concerns';

export type { Category, Concern, ConcernContext, ConcernCreatedHook, ConcernEvent, Open311ConcernWithPhotos, Open311Revision, PublicConcern, PublicConcernWithPhotos, Question, SubmitInput };
export { open311Status };

type Db = TenantDb<any> | Kysely<any>;
const td = (db: Db) => db as TenantDb<any>;

/** Active categories in catalogue order (seeds the default catalogue on first use). */
export async function activeCategories(db: Db): Promise<Category[]> {
  return listCategories(td(db), { activeOnly: true });
}

export async function allCategories(db: Db): Promise<Category[]> {
  return listCategories(td(db));
}

export async function createConcern(ctx: ConcernContext, input: SubmitInput): Promise<Concern> {
  return (await submitConcern(ctx, input)).concern;
}

/** One public request with its public timeline and photo URLs built on `linkBase` (the request's origin). */
export async function publicRequest(db: Db, number: string, linkBase: string): Promise<{ concern: PublicConcernWithPhotos; events: ConcernEvent[] } | null> {
  return getPublicConcernWithPhotos(td(db), number, linkBase);
}

export async function concernByNumber(db: Db, number: string): Promise<Concern | null> {
  return findConcernByNumber(td(db), number);
}

export interface RequestFilter {
  categoryIds?: string[] | undefined;
  status?: 'open' | 'closed' | undefined;
  /** Inclusive. */
  createdFrom: Date;
  /** Inclusive. */
  createdTo: Date;
  limit: number;
  offset: number;
  /** Origin for photo URLs (media_url). */
  linkBase: string;
}

/**
 * The tenant's revision of what the request list shows (concerns' open311Revision: kept by triggers in the same
 * transaction as every such change). Read it before the data it validates (open311.cache.ts).
 */
export async function revision(db: Db): Promise<Open311Revision> {
  return open311Revision(td(db));
}

/** Public concerns for GET requests, newest first: one indexed query (see the note at the top). */
export async function listRequests(db: Db, f: RequestFilter): Promise<Open311ConcernWithPhotos[]> {
  return listConcernsForOpen311(td(db), f);
}

/** Registers a hook run inside the transaction that creates a concern. */
export function onCreated(hook: ConcernCreatedHook): () => void {
  return onConcernCreated(hook);
}

/** A status pulled from an external endpoint, written back to the concern (system actor open311:<host>). */
export async function externalStatus(db: Db, concernId: string, input: ExternalStatusInput): Promise<ExternalStatusResult> {
  return recordExternalStatus(td(db), concernId, input);
}

/** The external endpoint accepted the concern: status forwarded where the workflow allows it. */
export async function forwarded(db: Db, concernId: string, input: { endpoint: string; externalId: string | null; linkBase?: string | null }): Promise<boolean> {
  return markForwarded(td(db), concernId, input);
}
