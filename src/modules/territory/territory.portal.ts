/**
 * What the portal module (home page, area pages) reads from the territory: the server-drawn maps, memoised per
 * territory revision like the territory's own pages (LookupIndex.memo — an edit bumps the revision and the memos go),
 * and the outlines other modules' maps of one area need (the concerns map). Public data only: names, outlines,
 * Stadtteil numbers and boroughs.
 */
import type { TenantDb } from '../../platform/db/tenant-scope';
import type { MapGeometry, MapScene, TileSource } from '../../platform/ui/map';
import { lookupIndex } from './territory.service';
import type { ProgrammeAreaWithGeometry } from './territory.types';
import { areaScene, overviewScene } from './views/map';

type AnyTenantDb = TenantDb<any>;

/** The whole city with every programme area linked to its area page (/areas/:slug). */
export async function portalOverviewMap(db: AnyTenantDb, tiles: TileSource | null): Promise<MapScene> {
  const index = await lookupIndex(db);
  return index.memo(`map:overview-linked:${tiles?.url ?? ''}`, () => overviewScene(index.allDistricts(), index.allAreas(), { tiles, areaHref: (a) => `/areas/${a.slug}` }));
}

export interface AreaPlace {
  /** The area with its Stadtteile tinted, the neighbours grey (same scene and memo key as territory's pages). */
  scene: MapScene;
  /** Stadtteil id → its borough's Roman numeral ("IV"). */
  boroughRoman: Map<string, string>;
  /** Every Stadtteil's outline and the area's own — for maps of one area drawn by other modules. */
  shapes: { area: { id: string; name: string; geometry: MapGeometry; districts: { id: string }[] }; districts: { id: string; number: number; name: string; geometry: MapGeometry }[] };
}

export async function portalAreaPlace(db: AnyTenantDb, area: ProgrammeAreaWithGeometry, tiles: TileSource | null): Promise<AreaPlace> {
  const index = await lookupIndex(db);
  const districts = index.allDistricts();
  const scene = index.memo(`map:area:${area.id}:${tiles?.url ?? ''}`, () => areaScene(area, districts, { tiles }));
  return {
    scene,
    boroughRoman: new Map(districts.map((d) => [d.id, index.boroughOf(d)?.roman ?? ''])),
    shapes: {
      area: { id: area.id, name: area.name, geometry: area.geometry, districts: area.districts.map((d) => ({ id: d.id })) },
      districts: districts.map((d) => ({ id: d.id, number: d.number, name: d.name, geometry: d.geometry })),
    },
  };
}
