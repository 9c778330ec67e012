/**
 * Generated activity for the reports bench (programme annual report over 5 years, 50 Stadtteile, ≥ 2 million rows):
 * each module's generator inserts rows straight into its tables (unscoped Kysely, tenant_id set explicitly, batched
 * multi-row inserts in transactions), deterministic from a seed, on SQLite and PostgreSQL.
 */
export interface ActivityOptions {
  tenantId: string;
  /** Programme areas to spread the activity over (ids of territory_areas). */
  areaIds: string[];
  /** Stadtteile (official numbers) to spread located activity over. */
  districtNumbers: number[];
  /** First and last day of the generated activity (YYYY-MM-DD), e.g. 2021-01-01 … 2025-12-31. */
  from: string;
  to: string;
  /** About how many rows the generator should write in all (its main table plus link rows). */
  rows: number;
  /** Seed of the pseudo-random generator. */
  seed?: number;
}

/** What a generator wrote: rows per table. */
export type ActivityResult = Record<string, number>;

/** A small deterministic pseudo-random generator (mulberry32). */
export function rng(seed = 1): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
