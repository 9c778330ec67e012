/** Kysely table interfaces of the reports module (see migrations/2026_11_25_2300_reports_create.ts). */

export interface IndicatorTable {
  tenant_id: string;
  district_number: number;
  indicator: string;
  year: number;
  value: number;
  source: string;
  licence: string;
  imported_at: string;
  imported_by: string | null;
}

export interface NarrativeTable {
  tenant_id: string;
  scope: string;
  year: number;
  section: string;
  body: string;
  updated_at: string;
  updated_by: string | null;
}

export interface ReportsTables {
  report_indicators: IndicatorTable;
  report_narratives: NarrativeTable;
}
