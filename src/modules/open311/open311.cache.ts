/**
 * Per-process memo of rendered Open311 request lists and of the category catalogue, validated by the tenant's
 * revision of its public concern data (concerns' `open311Revision`, kept by database triggers in the same
 * transaction as every change the list can show; ADR 0034).
 *
 * - An answer is stored under (tenant, revision, everything that shapes the answer: format, language, origin of the
 *   photo URLs, services, status, the resolved window, page). A request reads the revision first, then looks up;
 *   a change commits a new revision, so an answer of an older one is never served after it — in any process, since
 *   the revision lives in the database. An answer stored under revision R was read after R was seen, so it shows
 *   R or something newer, never older.
 * - Only answers whose window is fixed by the query are stored (an open `end_date` means "now" and never repeats).
 * - Bounded by bytes (least recently used first out); when a newer revision of a tenant is seen, that tenant's
 *   older answers are dropped at once.
 */
import type { Category } from './open311.concerns';

export interface CachedAnswer {
  body: Uint8Array<ArrayBuffer>;
  contentType: string;
}

/** Upper bound of the rendered answers kept per process (a 1,000-record list is about 640 KiB). */
export const ANSWER_CACHE_BYTES = 48 * 1024 * 1024;

interface Entry extends CachedAnswer {
  tenantId: string;
  rev: number;
}

const answers = new Map<string, Entry>();
/** Newest revision seen per tenant. */
const newest = new Map<string, number>();
let bytes = 0;
/** Answers served from the memo since the last clear (tests and the bench can tell a hit from a recomputation). */
let hits = 0;

function drop(key: string, e: Entry): void {
  answers.delete(key);
  bytes -= e.body.byteLength;
}

/** The key of an answer: the revision and every input that shapes it. */
export function answerKey(tenantId: string, rev: number, parts: readonly (string | number)[]): string {
  return `${tenantId}\u0000${rev}\u0000${parts.join('\u0000')}`;
}

function seeRevision(tenantId: string, rev: number): void {
  const seen = newest.get(tenantId);
  if (seen !== undefined && seen >= rev) return;
  newest.set(tenantId, rev);
  if (seen === undefined) return;
  for (const [k, e] of answers) if (e.tenantId === tenantId && e.rev < rev) drop(k, e);
}

export function cachedAnswer(tenantId: string, rev: number, key: string): CachedAnswer | undefined {
  seeRevision(tenantId, rev);
  const e = answers.get(key);
  if (!e) return undefined;
  hits += 1;
  // Most recently used last.
  answers.delete(key);
  answers.set(key, e);
  return e;
}

export function storeAnswer(tenantId: string, rev: number, key: string, answer: CachedAnswer, max = ANSWER_CACHE_BYTES): void {
  seeRevision(tenantId, rev);
  if ((newest.get(tenantId) ?? rev) > rev || answer.body.byteLength > max) return;
  const old = answers.get(key);
  if (old) drop(key, old);
  answers.set(key, { ...answer, tenantId, rev });
  bytes += answer.body.byteLength;
  for (const [k, e] of answers) {
    if (bytes <= max) break;
    drop(k, e);
  }
}

/** What the memo holds (tests). */
export function answerCacheStats(): { entries: number; bytes: number; hits: number } {
  return { entries: answers.size, bytes, hits };
}

/** Empties both memos (tests, the bench's cold measurement in process). */
export function clearOpen311Cache(): void {
  answers.clear();
  hits = 0;
  newest.clear();
  bytes = 0;
  catalogues.clear();
}

/* ---------------------------------------------------------------- categories */

const catalogues = new Map<string, { catRev: number; list: Category[]; byId: Map<string, Category> }>();

/**
 * The tenant's whole category catalogue (inactive ones too: old requests keep their service), memoised per process
 * under the catalogue's revision; `load` reads it (and seeds the default catalogue on first use, which itself
 * changes the revision).
 */
export async function categoriesAt(tenantId: string, catRev: number, load: () => Promise<Category[]>): Promise<{ list: Category[]; byId: Map<string, Category> }> {
  const hit = catalogues.get(tenantId);
  if (hit && hit.catRev === catRev) return hit;
  const list = await load();
  const entry = { catRev, list, byId: new Map(list.map((x) => [x.id, x])) };
  const now = catalogues.get(tenantId);
  if (!now || now.catRev <= catRev) catalogues.set(tenantId, entry);
  return entry;
}
