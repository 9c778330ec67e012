/**
 * The open311 module's only door to the concerns module (through its index.ts). Everything Open311 needs from
 * concerns goes through these few functions, so a better export on their side changes only this file.
 *
 * Wanted from concerns (not exported yet — see the module README section / hand-over note):
 * - `listConcernsForOpen311(db, { numbers?, categoryIds?, createdFrom?, createdTo?, status?: 'open'|'closed',
 *   limit, offset })` — public concerns, newest first, filtered in SQL (with an index on
 *   (tenant_id, created_at)). Until then `listRequests` scans `listPublicConcerns` newest first.
 * - `onConcernCreated((trx, concern, category) => Promise<void>)`, called inside submitConcern's transaction, so
 *   forwarding is planned atomically (outbox). Until then a scheduled sweep plans it (open311.sync.ts).
 * - `recordExternalStatus(db, concernId, { status: 'open'|'closed', notes, at, endpoint })` with a system actor,
 *   so a status pulled back from an external endpoint changes the concern (resolved / in progress) with a public
 *   timeline entry. Until then the pulled status lives in open311_links and is shown through getOpen311Sync.
 */
import type { Kysely } from 'kysely';
import type { TenantDb } from '../../platform/db/tenant-scope';
import {
  findConcernByNumber,
  getPublicConcern,
  listCategories,
  listPublicConcerns,
  open311Status,
  submitConcern,
  type Category,
  type Concern,
  type ConcernContext,
  type ConcernEvent,
  type PublicConcern,
  type Question,
  type SubmitInput,
} from '../concerns';

export type { Category, Concern, ConcernContext, ConcernEvent, PublicConcern, Question, SubmitInput };
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

export async function publicRequest(db: Db, number: string): Promise<{ concern: PublicConcern; events: ConcernEvent[] } | null> {
  return getPublicConcern(td(db), number);
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
}

const SCAN_PAGE = 500;

/** Public concerns for GET requests, newest first (see the note at the top: a stop-gap scan until concerns filters in SQL). */
export async function listRequests(db: Db, f: RequestFilter): Promise<PublicConcern[]> {
  const single = f.categoryIds?.length === 1 ? f.categoryIds[0] : undefined;
  if (f.categoryIds && f.categoryIds.length === 0) return [];
  const wanted = f.categoryIds ? new Set(f.categoryIds) : null;
  const from = f.createdFrom.getTime();
  const to = f.createdTo.getTime();
  const out: PublicConcern[] = [];
  let skipped = 0;
  for (let offset = 0; ; offset += SCAN_PAGE) {
    const page = await listPublicConcerns(td(db), { categoryId: single, status: f.status, limit: SCAN_PAGE, offset });
    for (const c of page.items) {
      const at = new Date(c.createdAt).getTime();
      if (at > to) continue;
      if (at < from) return out;
      if (wanted && !wanted.has(c.categoryId)) continue;
      if (skipped < f.offset) {
        skipped++;
        continue;
      }
      out.push(c);
      if (out.length >= f.limit) return out;
    }
    if (page.items.length < SCAN_PAGE) return out;
  }
}

/** Newest public concerns of a category (for the forwarding sweep). */
export async function recentInCategory(db: Db, categoryId: string, limit: number): Promise<PublicConcern[]> {
  return (await listPublicConcerns(td(db), { categoryId, limit, offset: 0 })).items;
}
