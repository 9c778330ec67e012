/**
 * Optional raster tiles under the outlines. Off by default: Quartier draws its maps without any external server.
 * An operator who sets MAP_TILE_URL (an XYZ template such as https://tile.example/{z}/{x}/{y}.png) gets tiles in the
 * same Web Mercator projection as everything else; MAP_TILE_ATTRIBUTION is shown under every map then, and the tile
 * host is added to the CSP's img-src (http/middleware.ts).
 */
import { TILE_SIZE, type MapView } from './projection';

export interface TileSource {
  /** XYZ template: {z}, {x}, {y}; optionally {s} (subdomain a, b or c). */
  url: string;
  attribution?: string;
  maxZoom?: number;
}

export interface TileImage {
  href: string;
  x: number;
  y: number;
  size: number;
}

const TEMPLATE = /^https?:\/\/[^\s/?#]+\/[^\s]*$/;

/** Is this a usable tile URL template (http(s), with {z}, {x} and {y})? */
export function isTileTemplate(url: string): boolean {
  return TEMPLATE.test(url) && url.includes('{z}') && url.includes('{x}') && url.includes('{y}');
}

/** Fills a template for one tile. */
export function tileUrl(template: string, z: number, x: number, y: number): string {
  return template
    .replaceAll('{z}', String(z))
    .replaceAll('{x}', String(x))
    .replaceAll('{y}', String(y))
    .replaceAll('{s}', 'abc'[(x + y) % 3]!);
}

/** The CSP source for a template's host ("https://tile.example", "https://*.tile.example" for {s}). */
export function tileCspSource(template: string): string | null {
  const m = /^(https?:\/\/[^/?#]+)/.exec(template);
  if (!m) return null;
  const src = m[1]!.replace('{s}', '*');
  return /^https?:\/\/(\*\.)?[A-Za-z0-9.-]+(:\d+)?$/.test(src) ? src : null;
}

/** The tile source configured by the operator, or null (the default: no tiles). */
export function tileSourceFromConfig(config: { MAP_TILE_URL?: string | undefined; MAP_TILE_ATTRIBUTION?: string | undefined }): TileSource | null {
  if (!config.MAP_TILE_URL) return null;
  return { url: config.MAP_TILE_URL, ...(config.MAP_TILE_ATTRIBUTION ? { attribution: config.MAP_TILE_ATTRIBUTION } : {}) };
}

const r2 = (v: number) => Math.round(v * 100) / 100;

/**
 * The tiles that cover a view, at the integer zoom nearest to the view's, scaled to the canvas. Sorted row by row,
 * so the markup is deterministic. At most `limit` tiles (a safety net against absurd views).
 */
export function tilesForView(view: MapView, source: TileSource, limit = 64): TileImage[] {
  const z = Math.max(0, Math.min(source.maxZoom ?? 19, Math.round(view.zoom)));
  const n = 2 ** z;
  const size = view.k / n;
  const x1 = Math.max(0, Math.floor(view.x0 * n));
  const y1 = Math.max(0, Math.floor(view.y0 * n));
  const x2 = Math.min(n - 1, Math.floor((view.x0 + view.width / view.k) * n));
  const y2 = Math.min(n - 1, Math.floor((view.y0 + view.height / view.k) * n));
  const out: TileImage[] = [];
  for (let ty = y1; ty <= y2; ty++) {
    for (let tx = x1; tx <= x2; tx++) {
      if (out.length >= limit) return out;
      out.push({ href: tileUrl(source.url, z, tx, ty), x: r2((tx / n - view.x0) * view.k), y: r2((ty / n - view.y0) * view.k), size: r2(size) });
    }
  }
  return out;
}

export { TILE_SIZE };
