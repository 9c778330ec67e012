/**
 * Web Mercator (EPSG:3857), the projection of every map in Quartier — outlines, points and (when configured) raster
 * tiles all go through it, so they line up. Within one city it keeps shapes true to within a fraction of a percent
 * (the scale changes with 1/cos(lat): ≈ 0.3 % across Essen), and it is the projection of the usual tile servers.
 *
 * World coordinates are normalised to [0, 1] (x east, y south); `k` canvas units per world unit means zoom level
 * log2(k / 256) in the tile scheme. A `MapView` fits a box into a canvas and converts both ways.
 */
import type { BBox } from './geo';

export const TILE_SIZE = 256;
export const MAX_LAT = 85.0511287798066;

const clampLat = (lat: number) => Math.max(-MAX_LAT, Math.min(MAX_LAT, lat));

export function mercatorX(lon: number): number {
  return (lon + 180) / 360;
}

export function mercatorY(lat: number): number {
  const phi = (clampLat(lat) * Math.PI) / 180;
  return (1 - Math.log(Math.tan(Math.PI / 4 + phi / 2)) / Math.PI) / 2;
}

export function lonFromMercatorX(x: number): number {
  return x * 360 - 180;
}

export function latFromMercatorY(y: number): number {
  return (Math.atan(Math.sinh(Math.PI * (1 - 2 * y))) * 180) / Math.PI;
}

/** The parameters a browser needs to turn canvas coordinates back into degrees (see islands/map-core.ts). */
export interface ProjectionParams {
  /** World x and y at the canvas origin (top left). */
  x0: number;
  y0: number;
  /** Canvas units per world unit. */
  k: number;
}

export interface MapView extends ProjectionParams {
  width: number;
  height: number;
  /** Fractional zoom level in the tile scheme: log2(k / 256). */
  zoom: number;
  /** The part of the world the whole canvas shows (may be wider or taller than the box it was fitted to). */
  bbox: BBox;
  project(lon: number, lat: number): [number, number];
  unproject(x: number, y: number): [number, number];
}

const r1 = (v: number) => Math.round(v * 10) / 10;

export function viewFrom(p: ProjectionParams, width: number, height: number): MapView {
  const { x0, y0, k } = p;
  const unproject = (x: number, y: number): [number, number] => [lonFromMercatorX(x0 + x / k), latFromMercatorY(y0 + y / k)];
  const [w, n] = unproject(0, 0);
  const [e, s] = unproject(width, height);
  return {
    x0,
    y0,
    k,
    width,
    height,
    zoom: Math.log2(k / TILE_SIZE),
    bbox: [w, s, e, n],
    project: (lon, lat) => [r1((mercatorX(lon) - x0) * k), r1((mercatorY(lat) - y0) * k)],
    unproject,
  };
}

/**
 * Fits a box into a canvas `width` wide and at most `maxHeight` high, with `padding` on the limiting sides: the
 * height follows the box's shape (north up); a box too tall for `maxHeight` is scaled down and centred.
 */
export function fitView(focus: BBox, opts: { width: number; maxHeight: number; padding: number; maxZoom?: number }): MapView {
  const { width, maxHeight, padding } = opts;
  const [w, s, e, n] = focus;
  const spanX = Math.max(mercatorX(e) - mercatorX(w), 1e-12);
  const spanY = Math.max(mercatorY(s) - mercatorY(n), 1e-12);
  let k = (width - 2 * padding) / spanX;
  const maxK = TILE_SIZE * 2 ** (opts.maxZoom ?? 20);
  if (k > maxK) k = maxK;
  let height = Math.ceil(spanY * k + 2 * padding);
  if (height > maxHeight) {
    k = (maxHeight - 2 * padding) / spanY;
    height = maxHeight;
  }
  const offsetX = (width - spanX * k) / 2;
  const offsetY = (height - spanY * k) / 2;
  return viewFrom({ x0: mercatorX(w) - offsetX / k, y0: mercatorY(n) - offsetY / k, k }, width, height);
}
