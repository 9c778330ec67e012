/** Kysely table interfaces of the territory module (see migrations/2026_11_25_1400_territory_create.ts). */

/** JSON columns: text in SQLite, jsonb (parsed object) in PostgreSQL. Write toJson(v), read fromJson(v). */
type JsonColumn = string | object;
/** Booleans: 0/1 in SQLite, true/false in PostgreSQL. Read with toBool. */
type BoolColumn = boolean | number;

export interface BoroughTable {
  tenant_id: string;
  id: string;
  number: number;
  roman: string;
  name: string;
  geometry: JsonColumn;
  bbox: JsonColumn;
  area_km2: number | null;
}

export interface DistrictTable {
  tenant_id: string;
  id: string;
  number: number;
  name: string;
  borough_id: string;
  geometry: JsonColumn;
  bbox: JsonColumn;
  area_km2: number | null;
}

export interface StreetTable {
  tenant_id: string;
  id: string;
  key: string;
  name: string;
  name_norm: string;
  name_fold: string;
  district_numbers: JsonColumn;
  source_status: string | null;
}

export interface AreaTable {
  tenant_id: string;
  id: string;
  slug: string;
  name: string;
  description: string | null;
  notes: string | null;
  kind: 'districts' | 'polygon';
  geometry: JsonColumn;
  bbox: JsonColumn;
  boundary_approximate: BoolColumn;
  office_name: string | null;
  office_street: string | null;
  office_postcode: string | null;
  office_city: string | null;
  office_opened: string | null;
  source_key: string | null;
  created_at: string;
  updated_at: string;
}

export interface AreaDistrictTable {
  tenant_id: string;
  area_id: string;
  district_id: string;
  coverage: 'full' | 'partial';
}

export interface FundingPeriodTable {
  tenant_id: string;
  id: string;
  funder: string;
  kind: string | null;
  start_date: string | null;
  end_date: string | null;
  area_id: string | null;
  note: string | null;
  source_key: string | null;
  created_at: string;
  updated_at: string;
}

export interface TopicTable {
  tenant_id: string;
  id: string;
  key: string;
  label_de: string;
  label_en: string | null;
  label_ar: string | null;
  active: BoolColumn;
  sort_order: number;
  created_at: string;
  updated_at: string;
}

export interface TerritoryStateTable {
  tenant_id: string;
  revision: number;
  /** Amtlicher Gemeindeschlüssel of the territory (e.g. 05113000 for Essen), from the seeded data set. */
  municipality_key: string | null;
}

export interface TerritoryTables {
  territory_boroughs: BoroughTable;
  territory_districts: DistrictTable;
  territory_streets: StreetTable;
  territory_areas: AreaTable;
  territory_area_districts: AreaDistrictTable;
  territory_funding_periods: FundingPeriodTable;
  territory_topics: TopicTable;
  territory_state: TerritoryStateTable;
}
