/**
 * Site search (use cases): validates a query, works out what the asking user may see, and asks the platform index
 * (platform/db/search.ts). The permission filter is computed here from the policy — per document type the areas
 * whose 'staff' documents the user may read, or 'all' — and handed to the index, which applies it in SQL before the
 * LIMIT. Public documents are for everyone; what goes into them is each module's business (no personal data).
 */
import { scopeFor, type Principal } from '../../platform/auth/policy';
import { searchPage, searchSources, searchTerms, type AreaScope, type SearchResultPage } from '../../platform/db/search';
import type { TenantDb } from '../../platform/db/tenant-scope';
import { errors, type FieldError } from '../../platform/errors';
import { listAreas } from '../territory';

export const MAX_QUERY = 200;
export const PAGE_SIZE = 20;
export const MAX_OFFSET = 1000;

export interface SearchQuery {
  q: string;
  type?: string | undefined;
  offset?: number | undefined;
  limit?: number | undefined;
}

export interface SearchResult extends SearchResultPage {
  q: string;
  type: string | null;
  offset: number;
  limit: number;
  /** Programme area names by id (for the hits' areas). */
  areaNames: Record<string, string>;
}

/** The document types the index knows (registered by the modules), in a stable order. */
export function searchTypes(): string[] {
  return searchSources().map((s) => s.docType);
}

export type Audience = 'public' | 'staff';

/**
 * Who a request searches for: the audience it asks for, else staff when a user is signed in and public otherwise.
 * Asking for the staff audience without a user is 401 (the API; the staff page requires staff.use anyway).
 */
export function resolveAudience(user: Principal | null | undefined, requested: Audience | undefined): Audience {
  const audience = requested ?? (user ? 'staff' : 'public');
  if (audience === 'staff' && !user) throw errors.unauthenticated();
  return audience;
}

/**
 * The document types an audience can find — what the type filter offers and accepts: for the public the types
 * with public documents; for a user the types with public documents and those whose staff documents the user may
 * read somewhere (e.g. office staff are not offered organisations).
 */
export function searchTypesFor(user: Principal | null | undefined, audience: Audience): string[] {
  const scopes = audience === 'staff' ? staffScopes(user ?? null) : {};
  return searchSources()
    .filter((s) => !s.staffOnly || s.docType in scopes)
    .map((s) => s.docType);
}

/**
 * Per document type, the programme areas whose staff documents the principal may read ('all' or ids) — from the
 * type's read action through the policy; assignments of excluded roles do not count.
 */
export function staffScopes(user: Principal | null): Record<string, AreaScope> {
  const out: Record<string, AreaScope> = {};
  if (!user) return out;
  for (const s of searchSources()) {
    const exclude = s.excludeRoles ?? [];
    const p: Principal = { id: user.id, assignments: user.assignments.filter((a) => !exclude.includes(a.role)) };
    const scope = scopeFor(p, s.readAction);
    if (scope === 'all' || scope.length > 0) out[s.docType] = scope;
  }
  return out;
}

/**
 * Checks a query; throws the 422 validation error with field errors (q, type, offset, limit). `types`: the types
 * the audience may filter by (default: every registered type).
 */
export function checkQuery(input: SearchQuery, types: readonly string[] = searchTypes()): { q: string; type: string | null; offset: number; limit: number } {
  const errs: FieldError[] = [];
  const q = (input.q ?? '').trim();
  if (!q) errs.push({ field: 'q', key: 'search.error.empty' });
  else if (q.length > MAX_QUERY) errs.push({ field: 'q', key: 'search.error.tooLong', params: { max: MAX_QUERY } });
  else if (searchTerms(q).length === 0) errs.push({ field: 'q', key: 'search.error.noWords' });
  const type = input.type?.trim() || null;
  if (type && !types.includes(type)) errs.push({ field: 'type', key: 'search.error.type' });
  const offset = input.offset ?? 0;
  if (!Number.isInteger(offset) || offset < 0 || offset > MAX_OFFSET) errs.push({ field: 'offset', key: 'search.error.offset', params: { max: MAX_OFFSET } });
  const limit = input.limit ?? PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) errs.push({ field: 'limit', key: 'search.error.limit' });
  if (errs.length) throw errors.validation(errs);
  return { q, type, offset, limit };
}

/**
 * Searches for the public (audience 'public') or for a signed-in user (public documents and the staff documents
 * their roles and areas allow). Throws 422 on a bad query, a type the audience cannot find, or a page past the last
 * hit.
 */
export async function runSearch(db: TenantDb<any>, user: Principal | null, audience: Audience, input: SearchQuery): Promise<SearchResult> {
  const v = checkQuery(input, searchTypesFor(user, audience));
  const page = await searchPage(db, v.q, {
    audience,
    ...(audience === 'staff' ? { staffScopes: staffScopes(user) } : {}),
    ...(v.type ? { types: [v.type] } : {}),
    limit: v.limit,
    offset: v.offset,
  });
  // A page past the last hit is a bad page number, not "no results" (the count would contradict the empty list).
  if (v.offset > 0 && v.offset >= page.total) throw errors.validation([{ field: 'offset', key: 'search.error.pastEnd', params: { count: page.total } }]);
  const wanted = new Set(page.hits.flatMap((h) => h.areaIds));
  const areaNames: Record<string, string> = {};
  if (wanted.size) for (const a of await listAreas(db)) if (wanted.has(a.id)) areaNames[a.id] = a.name;
  return { ...page, q: v.q, type: v.type, offset: v.offset, limit: v.limit, areaNames };
}
