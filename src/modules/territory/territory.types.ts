/** Domain types of the territory module (what services return; database rows never leave the queries file). */
import type { AreaGeometry, BBox } from './territory.geo';

export type { AreaGeometry, BBox, MultiPolygonGeometry, PolygonGeometry, Position } from './territory.geo';

export interface BoroughRef {
  id: string;
  number: number;
  /** Roman numeral as used by the city: I–IX. */
  roman: string;
  name: string;
}

export interface Borough extends BoroughRef {
  areaKm2: number | null;
  bbox: BBox;
}

export interface BoroughWithGeometry extends Borough {
  geometry: AreaGeometry;
}

export interface District {
  id: string;
  /** Official Stadtteil number (1–50 in Essen). */
  number: number;
  name: string;
  borough: BoroughRef;
  areaKm2: number | null;
  bbox: BBox;
}

export interface DistrictWithGeometry extends District {
  geometry: AreaGeometry;
}

export type AreaKind = 'districts' | 'polygon';
export type Coverage = 'full' | 'partial';

export interface Office {
  name: string | null;
  street: string | null;
  postcode: string | null;
  city: string | null;
  /** ISO date (YYYY-MM-DD). */
  opened: string | null;
}

export interface AreaDistrictRef {
  id: string;
  number: number;
  name: string;
  coverage: Coverage;
}

export interface ProgrammeArea {
  id: string;
  slug: string;
  name: string;
  description: string | null;
  notes: string | null;
  kind: AreaKind;
  /** The boundary is an approximation (not official) and should be replaced when the real one is known. */
  boundaryApproximate: boolean;
  bbox: BBox;
  office: Office | null;
  /** Stadtteile of the area: all of them ('full') for kind 'districts'; those the polygon touches for 'polygon'. */
  districts: AreaDistrictRef[];
  createdAt: string;
  updatedAt: string;
}

export interface ProgrammeAreaWithGeometry extends ProgrammeArea {
  geometry: AreaGeometry;
}

export interface FundingPeriod {
  id: string;
  funder: string;
  kind: string | null;
  startDate: string | null;
  endDate: string | null;
  /** null = the whole programme. */
  areaId: string | null;
  note: string | null;
}

export interface TopicLabels {
  de: string;
  en: string | null;
  ar: string | null;
}

export interface Topic {
  id: string;
  key: string;
  labels: TopicLabels;
  active: boolean;
  sortOrder: number;
}

export interface Street {
  /** Official street key (Straßenschlüssel); not unique in the 2015 source. */
  key: string;
  name: string;
  /** Every Stadtteil the street runs through; several = the address alone does not decide. */
  districts: { number: number; name: string }[];
  /** Quality note of the source list: automatisch | geprueft | unsicher. */
  sourceStatus: string | null;
}

export interface StreetLookup {
  query: string;
  /** 'exact': the name matched a street; 'prefix': names beginning with the query; 'none'. */
  match: 'exact' | 'prefix' | 'none';
  streets: Street[];
  /** Union of the districts of the returned streets (for an exact match: the candidates for the address). */
  candidateDistricts: { number: number; name: string }[];
}

export interface AreaRef {
  id: string;
  slug: string;
  name: string;
}

export interface PointLookup {
  lat: number;
  lon: number;
  /** null when the point is outside the city. */
  district: { id: string; number: number; name: string } | null;
  borough: BoroughRef | null;
  /** Programme areas containing the point (usually none or one). */
  areas: AreaRef[];
}
