/**
 * GeoJSON shapes the map draws (RFC 7946 order: [lon, lat]) and small bounding-box helpers. The platform knows no
 * domain module, so these are its own minimal types; the territory module's geometries fit them structurally.
 */
export type LonLat = [number, number];
/** [west, south, east, north] in degrees. */
export type BBox = [number, number, number, number];

export interface PolygonGeometry {
  type: 'Polygon';
  coordinates: LonLat[][];
}
export interface MultiPolygonGeometry {
  type: 'MultiPolygon';
  coordinates: LonLat[][][];
}
export type MapGeometry = PolygonGeometry | MultiPolygonGeometry;

export function polygonsOf(g: MapGeometry): LonLat[][][] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

/** The box around geometries and points; [Infinity, Infinity, -Infinity, -Infinity] when empty. */
export function bboxAround(geoms: readonly MapGeometry[], points: readonly { lon: number; lat: number }[] = []): BBox {
  const b: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  const add = (lon: number, lat: number) => {
    if (lon < b[0]) b[0] = lon;
    if (lat < b[1]) b[1] = lat;
    if (lon > b[2]) b[2] = lon;
    if (lat > b[3]) b[3] = lat;
  };
  for (const g of geoms) for (const poly of polygonsOf(g)) for (const ring of poly) for (const [lon, lat] of ring) add(lon, lat);
  for (const p of points) add(p.lon, p.lat);
  return b;
}

export function bboxIsFinite(b: BBox): boolean {
  return b.every(Number.isFinite) && b[0] <= b[2] && b[1] <= b[3];
}

export function bboxIntersects(a: BBox, b: BBox): boolean {
  return a[0] <= b[2] && a[2] >= b[0] && a[1] <= b[3] && a[3] >= b[1];
}

export function bboxContains(b: BBox, lon: number, lat: number): boolean {
  return lon >= b[0] && lon <= b[2] && lat >= b[1] && lat <= b[3];
}

/** Grows a box by a fraction of its size on every side. */
export function padBBox(b: BBox, fraction: number): BBox {
  const dx = (b[2] - b[0]) * fraction;
  const dy = (b[3] - b[1]) * fraction;
  return [b[0] - dx, b[1] - dy, b[2] + dx, b[3] + dy];
}

/** Widens a box around its centre to at least `minSpan` degrees in each direction (a single point gets a view). */
export function ensureMinSpan(b: BBox, minSpan: number): BBox {
  let [w, s, e, n] = b;
  if (e - w < minSpan) {
    const c = (w + e) / 2;
    w = c - minSpan / 2;
    e = c + minSpan / 2;
  }
  if (n - s < minSpan) {
    const c = (s + n) / 2;
    s = c - minSpan / 2;
    n = c + minSpan / 2;
  }
  return [w, s, e, n];
}
