/**
 * Point lookup: (lat, lon) → Stadtteil → programme area(s).
 *
 * An R-tree (rbush) over the bounding boxes of the districts and of the areas narrows the candidates to the few
 * whose box holds the point; only those get an exact point-in-polygon test (@turf/boolean-point-in-polygon).
 * The index is cached per tenant and tagged with the tenant's territory revision (table territory_state, bumped in
 * the same transaction as every area or district change). Each lookup reads the revision (one row by primary key)
 * and rebuilds when it changed — so an edit in one process is seen by every process.
 */
import RBush from 'rbush';
import { pointInGeometry, type AreaGeometry, type BBox } from './territory.geo';
import type { AreaRef, BoroughRef } from './territory.types';

interface Entry<T> {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  item: T;
  geometry: AreaGeometry;
}

export interface DistrictShape {
  id: string;
  number: number;
  name: string;
  boroughId: string;
  geometry: AreaGeometry;
  bbox: BBox;
}

export interface AreaShape extends AreaRef {
  geometry: AreaGeometry;
  bbox: BBox;
}

function entry<T>(item: T, geometry: AreaGeometry, bbox: BBox): Entry<T> {
  return { minX: bbox[0], minY: bbox[1], maxX: bbox[2], maxY: bbox[3], item, geometry };
}

export class LookupIndex {
  private readonly districts = new RBush<Entry<DistrictShape>>();
  private readonly areas = new RBush<Entry<AreaShape>>();
  private readonly byNumber: Map<number, DistrictShape>;
  private readonly boroughs: Map<string, BoroughRef>;
  /** How many exact polygon tests the last query ran (for tests: the R-tree must keep this small). */
  lastPolygonTests = 0;
  private readonly memos = new Map<string, unknown>();

  /**
   * Caches a value derived from this revision of the territory (e.g. a projected SVG map). It lives exactly as long
   * as the index: an edit bumps the revision, a new index is built and the memos go with the old one.
   */
  memo<T>(key: string, compute: () => T): T {
    if (this.memos.has(key)) return this.memos.get(key) as T;
    const v = compute();
    if (this.memos.size < 1000) this.memos.set(key, v);
    return v;
  }

  constructor(
    districts: DistrictShape[],
    areas: AreaShape[],
    readonly revision = 0,
    boroughs: BoroughRef[] = [],
  ) {
    this.boroughs = new Map(boroughs.map((b) => [b.id, b]));
    this.byNumber = new Map(districts.map((d) => [d.number, d]));
    this.districts.load(districts.map((d) => entry(d, d.geometry, d.bbox)));
    this.areas.load(areas.map((a) => entry(a, a.geometry, a.bbox)));
  }

  private hits<T>(tree: RBush<Entry<T>>, lon: number, lat: number): T[] {
    const candidates = tree.search({ minX: lon, minY: lat, maxX: lon, maxY: lat });
    this.lastPolygonTests += candidates.length;
    return candidates.filter((c) => pointInGeometry(lon, lat, c.geometry)).map((c) => c.item);
  }

  /** The Stadtteil holding the point (on a shared border: the lower official number), or null outside the city. */
  district(lon: number, lat: number): DistrictShape | null {
    this.lastPolygonTests = 0;
    const found = this.hits(this.districts, lon, lat).sort((a, b) => a.number - b.number);
    return found[0] ?? null;
  }

  /** Programme areas holding the point, by name. */
  areasAt(lon: number, lat: number): AreaRef[] {
    return this.hits(this.areas, lon, lat)
      .map((a) => ({ id: a.id, slug: a.slug, name: a.name }))
      .sort((a, b) => a.name.localeCompare(b.name, 'de'));
  }

  /** Does some Stadtteil contain the point (is it in the city)? Used to check drawn shapes. */
  inCity(lon: number, lat: number): boolean {
    return this.districts.search({ minX: lon, minY: lat, maxX: lon, maxY: lat }).some((c) => pointInGeometry(lon, lat, c.geometry));
  }

  boroughOf(d: DistrictShape): BoroughRef | null {
    return this.boroughs.get(d.boroughId) ?? null;
  }

  /** Every Stadtteil (by number), for drawing maps without another database read. */
  allDistricts(): DistrictShape[] {
    return [...this.byNumber.values()].sort((a, b) => a.number - b.number);
  }

  allAreas(): AreaShape[] {
    return this.areas.all().map((e) => e.item);
  }

  districtByNumber(n: number): DistrictShape | undefined {
    return this.byNumber.get(n);
  }

  get districtCount(): number {
    return this.byNumber.size;
  }

  /** Districts whose bounding box meets the given box (candidates for overlap tests). */
  districtsNear(b: BBox): DistrictShape[] {
    return this.districts.search({ minX: b[0], minY: b[1], maxX: b[2], maxY: b[3] }).map((e) => e.item);
  }
}

interface Cached {
  revision: number;
  index: Promise<LookupIndex>;
}

const cache = new Map<string, Cached>();

/**
 * The tenant's index at the given revision: reused while the revision is unchanged, otherwise rebuilt with
 * `load` (concurrent callers share one build).
 */
export function cachedIndex(
  tenantId: string,
  revision: number,
  load: () => Promise<{ districts: DistrictShape[]; areas: AreaShape[]; boroughs?: BoroughRef[] }>,
): Promise<LookupIndex> {
  const hit = cache.get(tenantId);
  if (hit && hit.revision === revision) return hit.index;
  const index = load().then(({ districts, areas, boroughs }) => new LookupIndex(districts, areas, revision, boroughs ?? []));
  cache.set(tenantId, { revision, index });
  index.catch(() => {
    if (cache.get(tenantId)?.index === index) cache.delete(tenantId);
  });
  return index;
}

/** Drops a tenant's index (after a local write; other processes notice the revision). */
export function invalidateIndex(tenantId: string): void {
  cache.delete(tenantId);
}
