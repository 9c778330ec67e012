/** Query functions of the reports module (db | trx, tenant-bound) — SQL only, no rules. */
import type { Kysely } from 'kysely';
import type { ReportsTables } from './reports.tables';
import type { Indicator } from './reports.types';

export type Db = Kysely<ReportsTables>;

export async function upsertIndicators(db: Db, rows: Omit<Indicator, 'importedAt'>[], importedBy: string | null, at: string): Promise<void> {
  // Chunks keep every statement under SQLite's and PostgreSQL's bound-parameter limits.
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    await db
      .insertInto('report_indicators')
      .values(
        chunk.map((r) => ({
          district_number: r.districtNumber,
          indicator: r.indicator,
          year: r.year,
          value: r.value,
          source: r.source,
          licence: r.licence,
          imported_at: at,
          imported_by: importedBy,
        })) as never,
      )
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'district_number', 'indicator', 'year']).doUpdateSet((eb) => ({
          value: eb.ref('excluded.value'),
          source: eb.ref('excluded.source'),
          licence: eb.ref('excluded.licence'),
          imported_at: eb.ref('excluded.imported_at'),
          imported_by: eb.ref('excluded.imported_by'),
        })),
      )
      .execute();
  }
}

export async function listIndicators(db: Db, f: { districtNumbers?: number[] | undefined; indicator?: string | undefined } = {}): Promise<Indicator[]> {
  let q = db.selectFrom('report_indicators').selectAll();
  if (f.districtNumbers) {
    if (f.districtNumbers.length === 0) return [];
    q = q.where('district_number', 'in', f.districtNumbers);
  }
  if (f.indicator) q = q.where('indicator', '=', f.indicator);
  const rows = await q.orderBy('district_number').orderBy('indicator').orderBy('year', 'desc').execute();
  return rows.map((r) => ({
    districtNumber: Number(r.district_number),
    indicator: r.indicator,
    year: Number(r.year),
    value: Number(r.value),
    source: r.source,
    licence: r.licence,
    importedAt: r.imported_at,
  }));
}

export async function listNarratives(db: Db, scope: string, year: number): Promise<Record<string, string>> {
  const rows = await db.selectFrom('report_narratives').select(['section', 'body']).where('scope', '=', scope).where('year', '=', year).execute();
  return Object.fromEntries(rows.map((r) => [r.section, r.body]));
}

export async function saveNarrative(db: Db, v: { scope: string; year: number; section: string; body: string; by: string | null; at: string }): Promise<void> {
  await db
    .insertInto('report_narratives')
    .values({ scope: v.scope, year: v.year, section: v.section, body: v.body, updated_at: v.at, updated_by: v.by } as never)
    .onConflict((oc) => oc.columns(['tenant_id', 'scope', 'year', 'section']).doUpdateSet({ body: v.body, updated_at: v.at, updated_by: v.by }))
    .execute();
}
