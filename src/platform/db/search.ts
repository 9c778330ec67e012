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
}

export interface SearchOptions {
  types?: string[];
  /** 'public' searches public documents only; 'staff' searches both. */
  audience: 'public' | 'staff';
  limit?: number;
}

/** Words of a user's query: letters and digits only (no operators reach the engine). */
export function searchTerms(q: string): string[] {
  return (q.normalize('NFC').match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 8).map((w) => w.toLowerCase());
}

export async function indexDocument(db: TenantDb<any>, doc: SearchDocument): Promise<void> {
  const tenantId = tenantIdOf(db);
  const row = {
    doc_type: doc.docType,
    doc_id: doc.docId,
    visibility: doc.visibility,
    area_ids: toJson(doc.areaIds),
    title: doc.title,
    body: doc.body,
    url: doc.url,
    updated_at: nowIso(),
  };
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('search_documents').where('doc_type', '=', doc.docType).where('doc_id', '=', doc.docId).execute();
    await trx.insertInto('search_documents').values(row).execute();
    if (dialectOf(db) === 'sqlite') {
      const key = `${doc.docType}:${doc.docId}`;
      await sql`delete from search_fts where tenant_id = ${tenantId} and doc_key = ${key}`.execute(trx);
      await sql`insert into search_fts (title, body, tenant_id, doc_key) values (${doc.title}, ${doc.body}, ${tenantId}, ${key})`.execute(trx);
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

interface Row {
  doc_type: string;
  doc_id: string;
  title: string;
  url: string;
  area_ids: unknown;
  visibility: 'public' | 'staff';
}

export async function search(db: TenantDb<any>, q: string, opts: SearchOptions): Promise<SearchHit[]> {
  const terms = searchTerms(q);
  if (terms.length === 0) return [];
  const tenantId = tenantIdOf(db);
  const limit = Math.min(Math.max(opts.limit ?? 20, 1), 100);
  const visibility = opts.audience === 'public' ? sql`d.visibility = 'public'` : sql`1 = 1`;
  const types = opts.types?.length ? sql`d.doc_type in (${sql.join(opts.types)})` : sql`1 = 1`;
  let rows: Row[];
  if (dialectOf(db) === 'postgres') {
    const tsq = terms.map((w) => `${w}:*`).join(' & ');
    const r = await sql<Row>`
      select d.doc_type, d.doc_id, d.title, d.url, d.area_ids, d.visibility
      from search_documents d
      where d.tenant_id = ${tenantId} and d.tsv @@ to_tsquery('german', ${tsq}) and ${visibility} and ${types}
      order by ts_rank(d.tsv, to_tsquery('german', ${tsq})) desc, d.title
      limit ${limit}`.execute(db);
    rows = r.rows;
  } else {
    const match = terms.map((w) => `"${w.replace(/"/g, '')}"*`).join(' AND ');
    const r = await sql<Row>`
      select d.doc_type, d.doc_id, d.title, d.url, d.area_ids, d.visibility
      from search_fts f
      join search_documents d on d.tenant_id = f.tenant_id and (d.doc_type || ':' || d.doc_id) = f.doc_key
      where f.tenant_id = ${tenantId} and search_fts match ${match} and ${visibility} and ${types}
      order by bm25(search_fts, 10.0, 1.0), d.title
      limit ${limit}`.execute(db);
    rows = r.rows;
  }
  return rows.map((r) => ({
    docType: r.doc_type,
    docId: r.doc_id,
    title: r.title,
    url: r.url,
    visibility: r.visibility,
    areaIds: fromJson<string[]>(r.area_ids, []),
  }));
}
