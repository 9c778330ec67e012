/**
 * Builds everything a map draws — pure and deterministic (same input, same output, byte for byte), so it can be
 * cached per data revision (e.g. LookupIndex.memo) and snapshot-checked in tests. The view (SvgMap) only prints it.
 */
import { clusterPoints, type ClusterOptions } from './cluster';
import { bboxAround, bboxIntersects, bboxIsFinite, ensureMinSpan, padBBox, polygonsOf, type BBox, type MapGeometry } from './geo';
import { fitView, type MapView, type ProjectionParams } from './projection';
import type { MapPoint } from './points';
import { viewHref, type MapLink } from './query';
import { tilesForView, type TileImage, type TileSource } from './tiles';

export interface MapOutline {
  geometry: MapGeometry;
  /** Name: the shape's <title> (pointer users) and, with layer labels on, a text label on the map. */
  label?: string;
  /** Makes the shape a link (then the map is an interactive group, not a plain image). */
  href?: string;
  /** CSS classes of this shape (default: the layer's). */
  className?: string;
}

export interface MapOutlineLayer {
  /** Layer name, also its class suffix: q-map-outline--<name>. */
  name: string;
  features: MapOutline[];
  /** Print the labels on the map (a few large shapes only; the text alternative carries the names anyway). */
  showLabels?: boolean;
  className?: string;
}

export interface MapSceneInput {
  /** Canvas width in SVG units (default 600). */
  width?: number;
  /** Largest canvas height (default 480). */
  maxHeight?: number;
  padding?: number;
  /** Bottom to top. */
  outlines?: MapOutlineLayer[];
  points?: readonly MapPoint[];
  /** The box to show (default: everything, or the layers named in `fitLayers`). */
  focus?: BBox;
  fitLayers?: string[];
  /** A view chosen by the user (from the URL, see mapViewFromUrl); wins over `focus`. */
  view?: BBox | null;
  cluster?: ClusterOptions | false;
  tiles?: TileSource | null;
  /** Base of the zoom links of clusters (default: "?bbox=…" on the same page). */
  link?: MapLink;
  /** Fragment appended to zoom links: the map's id, so the page scrolls back to it. */
  fragment?: string;
}

export interface ScenePath {
  d: string;
  className: string;
  label?: string;
  href?: string;
}

export interface SceneLabel {
  x: number;
  y: number;
  text: string;
  className: string;
}

export interface PointMarker {
  kind: 'point';
  id: string;
  x: number;
  y: number;
  r: number;
  point: MapPoint;
  className: string;
}

export interface ClusterMarker {
  kind: 'cluster';
  id: string;
  x: number;
  y: number;
  r: number;
  count: number;
  weight: number;
  /** The zoomed view that spreads the cluster (works without JavaScript). */
  href: string;
  bbox: BBox;
  className: string;
}

export type Marker = PointMarker | ClusterMarker;

export interface MapScene {
  width: number;
  height: number;
  viewBox: string;
  projection: ProjectionParams & { zoom: number };
  /** Part of the world on the canvas. */
  bbox: BBox;
  /** A user-chosen view is shown (offer a way back to the whole map). */
  zoomed: boolean;
  /** Link to the whole map (without the view parameter). */
  resetHref: string;
  tiles: TileImage[];
  attribution?: string;
  paths: ScenePath[];
  labels: SceneLabel[];
  /** Reading order: top to bottom, then left to right (also the keyboard order). */
  markers: Marker[];
  /** Points on the canvas, in the caller's order: the text alternative lists these. */
  visiblePoints: MapPoint[];
  totalPoints: number;
  /** Categories present, sorted by key, with their colour slot (0–7). */
  categories: { key: string; label: string; slot: number }[];
  /** Something on the map is a link (the map is then role="group", not role="img"). */
  interactive: boolean;
}

type Pt = [number, number];

/** SVG path data: one closed subpath per ring, consecutive duplicates (after rounding) dropped, evenodd holes. */
export function pathData(g: MapGeometry, project: (lon: number, lat: number) => Pt): string {
  const parts: string[] = [];
  for (const poly of polygonsOf(g)) {
    for (const ring of poly) {
      const pts: Pt[] = [];
      for (const [lon, lat] of ring.slice(0, -1)) {
        const p = project(lon, lat);
        const prev = pts[pts.length - 1];
        if (!prev || prev[0] !== p[0] || prev[1] !== p[1]) pts.push(p);
      }
      if (pts.length < 3) continue;
      parts.push(`M${pts.map(([x, y]) => `${x} ${y}`).join('L')}Z`);
    }
  }
  return parts.join('');
}

function ringArea(r: Pt[]): number {
  let a = 0;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) a += (r[j]![0] + r[i]![0]) * (r[j]![1] - r[i]![1]);
  return a / 2;
}

function inRing(x: number, y: number, r: Pt[]): boolean {
  let inside = false;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
    const [xi, yi] = r[i]!;
    const [xj, yj] = r[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * Where a label goes: the centroid of the largest outer ring when it lies inside, else the middle of the widest
 * inside stretch of the horizontal line through it (concave shapes).
 */
export function labelPoint(g: MapGeometry, project: (lon: number, lat: number) => Pt): Pt | null {
  let best: Pt[] | null = null;
  let bestArea = 0;
  for (const poly of polygonsOf(g)) {
    const outer = poly[0]?.map(([lon, lat]) => project(lon, lat));
    if (!outer || outer.length < 4) continue;
    const a = Math.abs(ringArea(outer));
    if (a > bestArea) [best, bestArea] = [outer, a];
  }
  if (!best || bestArea === 0) return null;
  let cx = 0;
  let cy = 0;
  let a6 = 0;
  for (let i = 0, j = best.length - 1; i < best.length; j = i++) {
    const f = best[j]![0] * best[i]![1] - best[i]![0] * best[j]![1];
    cx += (best[j]![0] + best[i]![0]) * f;
    cy += (best[j]![1] + best[i]![1]) * f;
    a6 += 3 * f;
  }
  cx /= a6;
  cy /= a6;
  if (!inRing(cx, cy, best)) {
    const xs: number[] = [];
    for (let i = 0, j = best.length - 1; i < best.length; j = i++) {
      const [xi, yi] = best[i]!;
      const [xj, yj] = best[j]!;
      if (yi > cy !== yj > cy) xs.push(((xj - xi) * (cy - yi)) / (yj - yi) + xi);
    }
    xs.sort((p, q) => p - q);
    let widest = -1;
    for (let i = 0; i + 1 < xs.length; i += 2) {
      if (xs[i + 1]! - xs[i]! > widest) [widest, cx] = [xs[i + 1]! - xs[i]!, (xs[i]! + xs[i + 1]!) / 2];
    }
  }
  return [Math.round(cx * 10) / 10, Math.round(cy * 10) / 10];
}

const CLOSED = new Set(['resolved', 'closed', 'rejected', 'duplicate', 'not_responsible', 'archived']);

/** A CSS-safe class suffix. */
export function classSlug(v: string): string {
  return v
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
}

export function pointRadius(weight = 0): number {
  return Math.round((5 + Math.min(7, 1.5 * Math.log2(1 + Math.max(0, weight)))) * 10) / 10;
}

export function clusterRadius(count: number): number {
  return Math.round((11 + Math.min(13, 3 * Math.log2(Math.max(1, count)))) * 10) / 10;
}

const EMPTY_BBOX: BBox = [0, 0, 0, 0];

export function buildMapScene(input: MapSceneInput): MapScene {
  const width = input.width ?? 600;
  const maxHeight = input.maxHeight ?? 480;
  const padding = input.padding ?? 8;
  const layers = input.outlines ?? [];
  const points = input.points ?? [];
  const link: MapLink = input.link ?? { path: '' };
  const fitGeoms = layers.filter((l) => !input.fitLayers || input.fitLayers.includes(l.name)).flatMap((l) => l.features.map((f) => f.geometry));
  const auto = bboxAround(fitGeoms, input.fitLayers ? [] : points);
  const focus = input.view ?? input.focus ?? (bboxIsFinite(auto) ? ensureMinSpan(fitGeoms.length ? auto : padBBox(auto, 0.1), 0.002) : null);
  const categoryKeys = [...new Set(points.map((p) => p.category).filter((c): c is string => !!c))].sort();
  const categories = categoryKeys.map((key, i) => ({ key, label: points.find((p) => p.category === key)?.categoryLabel ?? key, slot: i % 8 }));
  const resetHref = viewHref(link, null, input.fragment);
  if (!focus) {
    return { width, height: 0, viewBox: `0 0 ${width} 0`, projection: { x0: 0, y0: 0, k: 1, zoom: 0 }, bbox: EMPTY_BBOX, zoomed: false, resetHref, tiles: [], paths: [], labels: [], markers: [], visiblePoints: [], totalPoints: points.length, categories, interactive: false };
  }
  const view: MapView = fitView(focus, { width, maxHeight, padding, maxZoom: 19 });
  const paths: ScenePath[] = [];
  const labels: SceneLabel[] = [];
  for (const layer of layers) {
    const layerClass = layer.className ?? `q-map-outline q-map-outline--${classSlug(layer.name)}`;
    for (const f of layer.features) {
      if (!bboxIntersects(bboxAround([f.geometry]), view.bbox)) continue;
      const d = pathData(f.geometry, view.project);
      if (!d) continue;
      const className = f.className ?? layerClass;
      paths.push({ d, className, ...(f.label ? { label: f.label } : {}), ...(f.href ? { href: f.href } : {}) });
      if (layer.showLabels && f.label) {
        const at = labelPoint(f.geometry, view.project);
        if (at && at[0] >= 0 && at[0] <= width && at[1] >= 0 && at[1] <= view.height) labels.push({ x: at[0], y: at[1], text: f.label, className: `q-map-label q-map-label--${classSlug(layer.name)}` });
      }
    }
  }
  const slotOf = new Map(categories.map((c) => [c.key, c.slot]));
  const markers: Marker[] = clusterPoints(points, view, input.cluster ?? {}).map((g): Marker => {
    if (g.kind === 'point') {
      const p = g.point;
      const [x, y] = view.project(p.lon, p.lat);
      const cls = ['q-map-point'];
      if (p.category) cls.push(`q-map-point--k${slotOf.get(p.category)}`);
      if (p.status) cls.push(`q-map-point--s-${classSlug(p.status)}`, CLOSED.has(p.status) ? 'q-map-point--closed' : 'q-map-point--open');
      return { kind: 'point', id: p.id, x, y, r: pointRadius(p.weight), point: p, className: cls.join(' ') };
    }
    const [x, y] = view.project(g.lon, g.lat);
    const bbox = ensureMinSpan(padBBox(g.members, 0.15), 0.002);
    return { kind: 'cluster', id: g.id, x, y, r: clusterRadius(g.count), count: g.count, weight: g.weight, href: viewHref(link, bbox, input.fragment), bbox, className: 'q-map-cluster' };
  });
  markers.sort((a, b) => a.y - b.y || a.x - b.x || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const inView = (p: MapPoint) => p.lon >= view.bbox[0] && p.lon <= view.bbox[2] && p.lat >= view.bbox[1] && p.lat <= view.bbox[3];
  const tiles = input.tiles ? tilesForView(view, input.tiles) : [];
  return {
    width,
    height: view.height,
    viewBox: `0 0 ${width} ${view.height}`,
    projection: { x0: view.x0, y0: view.y0, k: view.k, zoom: view.zoom },
    bbox: view.bbox,
    zoomed: !!input.view,
    resetHref,
    tiles,
    ...(input.tiles?.attribution ? { attribution: input.tiles.attribution } : {}),
    paths,
    labels,
    markers,
    visiblePoints: points.filter(inView),
    totalPoints: points.length,
    categories,
    interactive: markers.some((m) => m.kind === 'cluster' || !!m.point.href) || paths.some((p) => !!p.href),
  };
}
