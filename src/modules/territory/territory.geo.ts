/**
 * Plane geometry on GeoJSON (RFC 7946, [lon, lat]) for the territory module: bounding boxes, point in polygon,
 * intersection tests, validation of drawn polygons. Pure functions, no database.
 * Distances are small (one city), so an equirectangular approximation at the local latitude is good enough.
 */
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import RBush from 'rbush';

export type Position = [number, number];
export type Ring = Position[];
export interface PolygonGeometry {
  type: 'Polygon';
  coordinates: Ring[];
}
export interface MultiPolygonGeometry {
  type: 'MultiPolygon';
  coordinates: Ring[][];
}
export type AreaGeometry = PolygonGeometry | MultiPolygonGeometry;
/** [west, south, east, north] */
export type BBox = [number, number, number, number];

export const MAX_VERTICES = 5000;

/** The polygons (each a list of rings, outer ring first) of a Polygon or MultiPolygon. */
export function polygonsOf(g: AreaGeometry): Ring[][] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

export function vertexCount(g: AreaGeometry): number {
  return polygonsOf(g).reduce((n, p) => n + p.reduce((m, r) => m + r.length, 0), 0);
}

export function bboxOf(geoms: AreaGeometry | AreaGeometry[]): BBox {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  for (const g of Array.isArray(geoms) ? geoms : [geoms]) {
    for (const poly of polygonsOf(g)) {
      // The outer ring bounds the polygon; holes lie inside it.
      for (const [x, y] of poly[0] ?? []) {
        if (x < w) w = x;
        if (x > e) e = x;
        if (y < s) s = y;
        if (y > n) n = y;
      }
    }
  }
  return [w, s, e, n];
}

export function bboxIntersects(a: BBox, b: BBox): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

export function bboxContainsPoint(b: BBox, lon: number, lat: number): boolean {
  return lon >= b[0] && lon <= b[2] && lat >= b[1] && lat <= b[3];
}

/** Grows a bbox by a fraction of its size on every side. */
export function padBBox(b: BBox, fraction: number): BBox {
  const dx = (b[2] - b[0]) * fraction;
  const dy = (b[3] - b[1]) * fraction;
  return [b[0] - dx, b[1] - dy, b[2] + dx, b[3] + dy];
}

/** Several geometries as one MultiPolygon (no union: shared borders stay; fine for drawing and point tests). */
export function toMultiPolygon(geoms: AreaGeometry[]): MultiPolygonGeometry {
  return { type: 'MultiPolygon', coordinates: geoms.flatMap(polygonsOf) };
}

/** Is the point inside the geometry? On the boundary counts as inside unless ignoreBoundary. */
export function pointInGeometry(lon: number, lat: number, g: AreaGeometry, ignoreBoundary = false): boolean {
  return booleanPointInPolygon([lon, lat], g, { ignoreBoundary });
}

const EARTH_RADIUS_KM = 6371.0088;

/** Area in km² (equirectangular projection at each ring's latitude; holes subtracted). */
export function areaKm2(g: AreaGeometry): number {
  let total = 0;
  for (const poly of polygonsOf(g)) {
    poly.forEach((ring, i) => {
      const a = Math.abs(ringAreaKm2(ring));
      total += i === 0 ? a : -a;
    });
  }
  return Math.round(total * 1000) / 1000;
}

function ringAreaKm2(ring: Ring): number {
  if (ring.length < 4) return 0;
  const lat0 = (ring.reduce((s, p) => s + p[1], 0) / ring.length) * (Math.PI / 180);
  const k = (Math.PI / 180) * EARTH_RADIUS_KM;
  let sum = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const [x1, y1] = ring[i]!;
    const [x2, y2] = ring[i + 1]!;
    sum += x1 * Math.cos(lat0) * k * (y2 * k) - x2 * Math.cos(lat0) * k * (y1 * k);
  }
  return sum / 2;
}

function orient(a: Position, b: Position, c: Position): number {
  const v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
  return Math.abs(v) < 1e-15 ? 0 : v > 0 ? 1 : -1;
}

function onSegment(a: Position, b: Position, p: Position): boolean {
  return Math.min(a[0], b[0]) <= p[0] && p[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= p[1] && p[1] <= Math.max(a[1], b[1]);
}

/** Do segments ab and cd share any point (touching and collinear overlap included)? */
export function segmentsIntersect(a: Position, b: Position, c: Position, d: Position): boolean {
  const o1 = orient(a, b, c);
  const o2 = orient(a, b, d);
  const o3 = orient(c, d, a);
  const o4 = orient(c, d, b);
  if (o1 !== o2 && o3 !== o4) return true;
  if (o1 === 0 && onSegment(a, b, c)) return true;
  if (o2 === 0 && onSegment(a, b, d)) return true;
  if (o3 === 0 && onSegment(c, d, a)) return true;
  if (o4 === 0 && onSegment(c, d, b)) return true;
  return false;
}

/** Do segments ab and cd cross in a single interior point (touching at an end or a vertex does not count)? */
export function segmentsCross(a: Position, b: Position, c: Position, d: Position): boolean {
  const o1 = orient(a, b, c);
  const o2 = orient(a, b, d);
  const o3 = orient(c, d, a);
  const o4 = orient(c, d, b);
  return o1 * o2 < 0 && o3 * o4 < 0;
}

interface Segment {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  ring: number;
  i: number;
  a: Position;
  b: Position;
}

function segmentsOf(rings: Ring[]): Segment[] {
  const out: Segment[] = [];
  rings.forEach((ring, r) => {
    for (let i = 0; i < ring.length - 1; i++) {
      const a = ring[i]!;
      const b = ring[i + 1]!;
      out.push({ minX: Math.min(a[0], b[0]), minY: Math.min(a[1], b[1]), maxX: Math.max(a[0], b[0]), maxY: Math.max(a[1], b[1]), ring: r, i, a, b });
    }
  });
  return out;
}

/**
 * Is the polygon (outer ring + holes) free of self-intersections: no ring crosses or touches itself (apart from
 * neighbouring segments sharing their vertex) and no two rings meet? Uses an R-tree of segment boxes.
 */
export function polygonIsSimple(rings: Ring[]): boolean {
  const segs = segmentsOf(rings);
  const tree = new RBush<Segment>();
  tree.load(segs);
  for (const s of segs) {
    const last = rings[s.ring]!.length - 2; // index of the ring's last segment
    for (const o of tree.search(s)) {
      if (o.ring < s.ring || (o.ring === s.ring && o.i <= s.i)) continue; // each pair once
      if (o.ring === s.ring) {
        const next = o.i === s.i + 1;
        const wrap = s.i === 0 && o.i === last;
        if (next || wrap) {
          // Neighbours share one vertex; they must not fold back onto each other.
          const [shared, mine, other] = next ? [s.b, s.a, o.b] : [s.a, s.b, o.a];
          const dot = (mine[0] - shared[0]) * (other[0] - shared[0]) + (mine[1] - shared[1]) * (other[1] - shared[1]);
          if (orient(mine, shared, other) === 0 && dot > 0) return false;
          continue;
        }
      }
      if (segmentsIntersect(s.a, s.b, o.a, o.b)) return false;
    }
  }
  return true;
}

/**
 * Do two geometries share interior area? True when an edge of one properly crosses an edge of the other, or a
 * vertex of one lies strictly inside the other. Touching along a shared border does not count.
 */
export function geometriesOverlap(a: AreaGeometry, b: AreaGeometry): boolean {
  if (!bboxIntersects(bboxOf(a), bboxOf(b))) return false;
  for (const poly of polygonsOf(a)) for (const ring of poly) for (const p of ring) if (pointInGeometry(p[0], p[1], b, true)) return true;
  for (const poly of polygonsOf(b)) for (const ring of poly) for (const p of ring) if (pointInGeometry(p[0], p[1], a, true)) return true;
  const segsB = new RBush<Segment>();
  segsB.load(polygonsOf(b).flatMap((p) => segmentsOf(p)));
  for (const s of polygonsOf(a).flatMap((p) => segmentsOf(p))) {
    for (const o of segsB.search(s)) if (segmentsCross(s.a, s.b, o.a, o.b)) return true;
  }
  return false;
}

/** Does geometry `outer` contain every vertex of `inner` (boundary included)? */
export function containsAllVertices(outer: AreaGeometry, inner: AreaGeometry): boolean {
  for (const poly of polygonsOf(inner)) for (const ring of poly) for (const p of ring) if (!pointInGeometry(p[0], p[1], outer)) return false;
  return true;
}

export interface GeometryIssue {
  key: string;
  params?: Record<string, string | number>;
}

export type ParsedGeometry = { ok: true; geometry: AreaGeometry } | { ok: false; issue: GeometryIssue };

function isPosition(v: unknown): v is number[] {
  return Array.isArray(v) && v.length >= 2 && v.length <= 4 && v.every((x) => typeof x === 'number' && Number.isFinite(x));
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * Reads a drawn programme-area boundary: a GeoJSON Polygon or MultiPolygon (also wrapped in a Feature or a
 * FeatureCollection with one feature), as text or as an object. Checks structure, coordinate ranges, closed rings
 * with at least four positions, size, and that no ring crosses itself or another ring. Returns a message key
 * (territory.error.geometry*) for the first problem. Whether the shape lies in the city is checked by the service.
 */
export function parseAreaGeometry(input: unknown): ParsedGeometry {
  let v = input;
  if (typeof v === 'string') {
    if (v.trim() === '') return { ok: false, issue: { key: 'territory.error.geometryRequired' } };
    try {
      v = JSON.parse(v);
    } catch {
      return { ok: false, issue: { key: 'territory.error.geometrySyntax' } };
    }
  }
  if (v === null || v === undefined) return { ok: false, issue: { key: 'territory.error.geometryRequired' } };
  if (typeof v !== 'object' || Array.isArray(v)) return { ok: false, issue: { key: 'territory.error.geometryType' } };
  let obj = v as Record<string, unknown>;
  if (obj.type === 'FeatureCollection') {
    const features = Array.isArray(obj.features) ? obj.features : [];
    if (features.length !== 1) return { ok: false, issue: { key: 'territory.error.geometryOneFeature' } };
    obj = features[0] as Record<string, unknown>;
  }
  if (obj && obj.type === 'Feature') obj = (obj.geometry ?? {}) as Record<string, unknown>;
  if (!obj || (obj.type !== 'Polygon' && obj.type !== 'MultiPolygon')) return { ok: false, issue: { key: 'territory.error.geometryType' } };
  const rawPolys: unknown[] = obj.type === 'Polygon' ? [obj.coordinates] : Array.isArray(obj.coordinates) ? obj.coordinates : [null];
  if (rawPolys.length === 0) return { ok: false, issue: { key: 'territory.error.geometryCoordinates' } };
  const polys: Ring[][] = [];
  let total = 0;
  for (const rawPoly of rawPolys) {
    if (!Array.isArray(rawPoly) || rawPoly.length === 0) return { ok: false, issue: { key: 'territory.error.geometryCoordinates' } };
    const rings: Ring[] = [];
    for (const rawRing of rawPoly) {
      if (!Array.isArray(rawRing) || !rawRing.every(isPosition)) return { ok: false, issue: { key: 'territory.error.geometryCoordinates' } };
      const ring: Ring = [];
      for (const p of rawRing as number[][]) {
        const pos: Position = [round6(p[0]!), round6(p[1]!)];
        const prev = ring[ring.length - 1];
        if (!prev || prev[0] !== pos[0] || prev[1] !== pos[1]) ring.push(pos); // drop repeated points
      }
      for (const [x, y] of ring) {
        if (x < -180 || x > 180 || y < -90 || y > 90) return { ok: false, issue: { key: 'territory.error.geometryRange' } };
      }
      if (ring.length < 4) return { ok: false, issue: { key: 'territory.error.geometryRingTooShort' } };
      const first = ring[0]!;
      const last = ring[ring.length - 1]!;
      if (first[0] !== last[0] || first[1] !== last[1]) return { ok: false, issue: { key: 'territory.error.geometryRingOpen' } };
      total += ring.length;
      if (total > MAX_VERTICES) return { ok: false, issue: { key: 'territory.error.geometryTooLarge' } };
      rings.push(ring);
    }
    const outerRing = rings[0]!;
    if (outerRing.every((p) => orient(outerRing[0]!, outerRing[1]!, p) === 0)) return { ok: false, issue: { key: 'territory.error.geometryEmpty' } };
    if (!polygonIsSimple(rings)) return { ok: false, issue: { key: 'territory.error.geometrySelfIntersection' } };
    if (Math.abs(ringAreaKm2(rings[0]!)) < 1e-9) return { ok: false, issue: { key: 'territory.error.geometryEmpty' } };
    const outer: PolygonGeometry = { type: 'Polygon', coordinates: [rings[0]!] };
    for (const hole of rings.slice(1)) {
      if (!hole.every((p) => pointInGeometry(p[0], p[1], outer, true))) return { ok: false, issue: { key: 'territory.error.geometryHole' } };
    }
    polys.push(rings);
  }
  const geometry: AreaGeometry = polys.length === 1 ? { type: 'Polygon', coordinates: polys[0]! } : { type: 'MultiPolygon', coordinates: polys };
  return { ok: true, geometry };
}

/** A short, stable description of a geometry for the audit log (the full shape would swamp it). */
export function geometrySummary(g: AreaGeometry): string {
  const json = JSON.stringify(g);
  let h = 0x811c9dc5;
  for (let i = 0; i < json.length; i++) {
    h ^= json.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `${g.type}, ${vertexCount(g)} points, ${areaKm2(g)} km², fnv1a:${h.toString(16).padStart(8, '0')}`;
}
