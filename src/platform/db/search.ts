/**
 * Full-text search behind one interface, for every module.
 * - SQLite: FTS5 with unicode61 + remove_diacritics: case- and diacritic-insensitive prefix search
 *   ("sprachcafe" finds "Sprachcafé", "mulheim" finds "Mülheimer").
 * - PostgreSQL: tsvector('german') with stemming ("Häuser" finds "Haus") and prefix matching.
 * Documents carry a visibility ('public' | 'staff') and the programme areas they belong to, so callers filter by
 * permission. Raw SQL here binds tenant_id itself (the tenant plugin does not rewrite raw SQL).
 */
import { sql } from 'kysely';
import { dialectOf, fromJson, nowIso, toJson } from './dialect';
import { tenantIdOf, type TenantDb } from './tenant-scope';
import type { Action, Role } from '../auth/policy';

export interface SearchDocument {
  docType: string;
  docId: string;
  visibility: 'public' | 'staff';
  areaIds: string[];
  title: string;
  body: string;
  url: string;
}

export interface SearchHit {
  docType: string;
  docId: string;
  title: string;
  url: string;
  areaIds: string[];
  visibility: 'public' | 'staff';
  /** A short excerpt of the body around the matches; matched words between MARK_START and MARK_END. */
  snippet: string;
}

export interface SearchOptions {
  types?: string[];
  /** 'public' searches public documents only; 'staff' searches public documents and the permitted staff ones. */
  audience: 'public' | 'staff';
  /**
   * Staff audience: per document type, the areas whose 'staff' documents the user may read; a type that is not
   * listed shows no staff documents. Omitted: every staff document (platform code, CLI and tests only).
   */
  staffScopes?: Record<string, AreaScope>;
  limit?: number;
}

/** Words of a user's query: letters and digits only (no operators reach the engine). */
export function searchTerms(q: string): string[] {
  return (q.normalize('NFC').match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 8).map((w) => w.toLowerCase());
}

/** Control characters out (the snippet markers are control characters), whitespace runs to one space. */
function clean(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ').replace(/[ \t]+/g, ' ').trim();
}

export async function indexDocument(db: TenantDb<any>, doc: SearchDocument): Promise<void> {
  const tenantId = tenantIdOf(db);
  const row = {
    doc_type: doc.docType,
    doc_id: doc.docId,
    visibility: doc.visibility,
    area_ids: toJson(doc.areaIds),
    title: clean(doc.title),
    body: clean(doc.body),
    url: doc.url,
    updated_at: nowIso(),
  };
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('search_documents').where('doc_type', '=', doc.docType).where('doc_id', '=', doc.docId).execute();
    await trx.insertInto('search_documents').values(row).execute();
    if (dialectOf(db) === 'sqlite') {
      const key = `${doc.docType}:${doc.docId}`;
      await sql`delete from search_fts where tenant_id = ${tenantId} and doc_key = ${key}`.execute(trx);
      await sql`insert into search_fts (title, body, tenant_id, doc_key) values (${row.title}, ${row.body}, ${tenantId}, ${key})`.execute(trx);
    }
  });
}

export async function removeDocument(db: TenantDb<any>, docType: string, docId: string): Promise<void> {
  const tenantId = tenantIdOf(db);
  await db.deleteFrom('search_documents').where('doc_type', '=', docType).where('doc_id', '=', docId).execute();
  if (dialectOf(db) === 'sqlite') {
    await sql`delete from search_fts where tenant_id = ${tenantId} and doc_key = ${`${docType}:${docId}`}`.execute(db);
  }
}

/* ------------------------------------------------------------------------------------------------ sources */

/**
 * A module's document type: the action a staff user needs to read its 'staff' documents (public documents are for
 * everyone), and how to rebuild all its documents of a tenant (the reindex). Modules register their sources in their
 * `<module>.search.ts` (at import time); the search module computes the staff scopes from them.
 */
export interface SearchSource {
  docType: string;
  /** Read permission for the staff documents of this type (scoped by the document's programme areas). */
  readAction: Action;
  /** Roles whose assignments never count for this type (e.g. department_staff reads concerns by department). */
  excludeRoles?: readonly Role[];
  /** The type has no public documents (it is not offered as a filter on the public search). */
  staffOnly?: boolean;
  /** Rebuilds every document of this type in the tenant; returns how many documents were indexed. */
  reindex?: (db: TenantDb<any>) => Promise<number>;
}

const sources = new Map<string, SearchSource>();

export function registerSearchSource(...list: SearchSource[]): void {
  for (const s of list) sources.set(s.docType, s);
}

export function searchSources(): SearchSource[] {
  return [...sources.values()].sort((a, b) => a.docType.localeCompare(b.docType));
}

/**
 * Rebuilds the index of the tenant `db` is bound to from the modules' data: for every source with a reindex, its
 * documents are deleted and written again (document types without one — e.g. concerns, kept current by their
 * service — stay as they are). Returns the number of documents per type.
 */
export async function reindexTenant(db: TenantDb<any>): Promise<Record<string, number>> {
  const tenantId = tenantIdOf(db);
  const out: Record<string, number> = {};
  for (const s of searchSources()) {
    if (!s.reindex) continue;
    await db.deleteFrom('search_documents').where('doc_type', '=', s.docType).execute();
    if (dialectOf(db) === 'sqlite') await sql`delete from search_fts where tenant_id = ${tenantId} and doc_key like ${`${s.docType}:%`}`.execute(db);
    out[s.docType] = await s.reindex(db);
  }
  if (dialectOf(db) === 'sqlite') await sql`insert into search_fts(search_fts) values ('optimize')`.execute(db);
  return out;
}

/* ------------------------------------------------------------------------------------------------ queries */

/** Areas whose staff documents of one type a user may read: 'all' or a list of programme area ids. */
export type AreaScope = 'all' | readonly string[];

export interface SearchPageOptions extends SearchOptions {
  offset?: number;
}

export interface SearchResultPage {
  /** Matching documents the audience may see (all types of the filter). */
  total: number;
  /** Matching documents per type, before the type filter (for the type facet). */
  byType: Record<string, number>;
  hits: SearchHit[];
}

/** Snippet markers around matched words (control characters, never in indexed text after clean()). */
export const MARK_START = '\u0002';
export const MARK_END = '\u0003';

/** Splits a snippet into plain and matched parts (views render the matched ones as <mark>). */
export function snippetParts(s: string): { text: string; mark: boolean }[] {
  const parts: { text: string; mark: boolean }[] = [];
  const re = new RegExp(`${MARK_START}([^${MARK_END}]*)${MARK_END}`, 'g');
  let last = 0;
  for (const m of s.matchAll(re)) {
    if (m.index > last) parts.push({ text: s.slice(last, m.index), mark: false });
    if (m[1]) parts.push({ text: m[1], mark: true });
    last = m.index + m[0].length;
  }
  if (last < s.length) parts.push({ text: s.slice(last), mark: false });
  return parts.map((p) => ({ ...p, text: plainSnippet(p.text) })).filter((p) => p.text);
}

export function plainSnippet(s: string): string {
  return s.split(MARK_START).join('').split(MARK_END).join('');
}

interface Row {
  doc_type: string;
  doc_id: string;
  title: string;
  url: string;
  area_ids: unknown;
  visibility: 'public' | 'staff';
  snippet: string | null;
}

function areaMatch(pg: boolean, ids: readonly string[]) {
  if (ids.length === 0) return sql`1 = 0`;
  return pg ? sql`d.area_ids ?| ${[...ids]}::text[]` : sql`exists (select 1 from json_each(d.area_ids) j where j.value in (${sql.join([...ids])}))`;
}

/**
 * Who may see a document, as SQL (so that the permission filter runs before the LIMIT): the public sees public
 * documents; staff see public documents and the staff documents of the types in `staffScopes` whose programme
 * areas meet the scope ('all' = every area, also documents outside every area).
 */
function visibilityFilter(pg: boolean, opts: SearchOptions) {
  if (opts.audience === 'public') return sql`d.visibility = 'public'`;
  if (!opts.staffScopes) return sql`1 = 1`;
  const allowed = Object.entries(opts.staffScopes)
    .filter(([, scope]) => scope === 'all' || scope.length > 0)
    .map(([type, scope]) => (scope === 'all' ? sql`d.doc_type = ${type}` : sql`(d.doc_type = ${type} and ${areaMatch(pg, scope)})`));
  return allowed.length ? sql`(d.visibility = 'public' or ${sql.join(allowed, sql` or `)})` : sql`d.visibility = 'public'`;
}

/**
 * One page of results with the total and the count per type. The tenant, the visibility and the permission filter
 * are part of the SQL; the type filter (`types`) narrows the hits and the total, not `byType`.
 */
export async function searchPage(db: TenantDb<any>, q: string, opts: SearchPageOptions): Promise<SearchResultPage> {
  const terms = searchTerms(q);
  if (terms.length === 0) return { total: 0, byType: {}, hits: [] };
  const tenantId = tenantIdOf(db);
  const pg = dialectOf(db) === 'postgres';
  const limit = Math.min(Math.max(opts.limit ?? 20, 1), 100);
  const offset = Math.max(opts.offset ?? 0, 0);
  const visible = visibilityFilter(pg, opts);
  const types = opts.types?.length ? sql`d.doc_type in (${sql.join(opts.types)})` : sql`1 = 1`;
  let rows: Row[];
  let counts: { doc_type: string; n: number | string }[];
  if (pg) {
    const tsq = terms.map((w) => `${w}:*`).join(' & ');
    const from = sql`from search_documents d where d.tenant_id = ${tenantId} and d.tsv @@ to_tsquery('german', ${tsq}) and ${visible}`;
    const r = await sql<Row>`
      select d.doc_type, d.doc_id, d.title, d.url, d.area_ids, d.visibility,
        ts_headline('german', d.body, to_tsquery('german', ${tsq}), ${`StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=24, MinWords=12, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "`}) as snippet
      ${from} and ${types}
      order by ts_rank(d.tsv, to_tsquery('german', ${tsq})) desc, d.title, d.doc_id
      limit ${limit} offset ${offset}`.execute(db);
    rows = r.rows;
    counts = (await sql<{ doc_type: string; n: string }>`select d.doc_type, count(*) as n ${from} group by d.doc_type`.execute(db)).rows;
  } else {
    const match = terms.map((w) => `"${w.replace(/"/g, '')}"*`).join(' AND ');
    const from = sql`from search_fts f
      join search_documents d on d.tenant_id = f.tenant_id and (d.doc_type || ':' || d.doc_id) = f.doc_key
      where f.tenant_id = ${tenantId} and search_fts match ${match} and ${visible}`;
    const r = await sql<Row>`
      select d.doc_type, d.doc_id, d.title, d.url, d.area_ids, d.visibility,
        snippet(search_fts, 1, ${MARK_START}, ${MARK_END}, ' … ', 24) as snippet
      ${from} and ${types}
      order by bm25(search_fts, 10.0, 1.0), d.title, d.doc_id
      limit ${limit} offset ${offset}`.execute(db);
    rows = r.rows;
    counts = (await sql<{ doc_type: string; n: number }>`select d.doc_type, count(*) as n ${from} group by d.doc_type`.execute(db)).rows;
  }
  const byType: Record<string, number> = {};
  for (const c of counts) byType[c.doc_type] = Number(c.n);
  const total = opts.types?.length ? opts.types.reduce((n, ty) => n + (byType[ty] ?? 0), 0) : Object.values(byType).reduce((a, b) => a + b, 0);
  return {
    total,
    byType,
    hits: rows.map((r) => ({
      docType: r.doc_type,
      docId: r.doc_id,
      title: r.title,
      url: r.url,
      visibility: r.visibility,
      areaIds: fromJson<string[]>(r.area_ids, []),
      snippet: r.snippet ?? '',
    })),
  };
}

/** The first page of hits (no counts). */
export async function search(db: TenantDb<any>, q: string, opts: SearchPageOptions): Promise<SearchHit[]> {
  return (await searchPage(db, q, opts)).hits;
}
