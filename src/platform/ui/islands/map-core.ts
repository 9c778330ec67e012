/**
 * The arithmetic of the map island, free of the DOM so that unit tests can run it: view boxes for zoom and pan,
 * and canvas coordinates back to degrees (the inverse of ui/map/projection.ts, Web Mercator).
 */

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Largest magnification the buttons, keys and wheel allow. */
export const MAX_SCALE = 8;

export function parseBox(viewBox: string | null): Box | null {
  const v = (viewBox ?? '').trim().split(/[\s,]+/).map(Number);
  if (v.length !== 4 || !v.every(Number.isFinite) || v[2]! <= 0 || v[3]! <= 0) return null;
  return { x: v[0]!, y: v[1]!, w: v[2]!, h: v[3]! };
}

export function formatBox(b: Box): string {
  const r = (n: number) => String(Math.round(n * 100) / 100);
  return `${r(b.x)} ${r(b.y)} ${r(b.w)} ${r(b.h)}`;
}

/** Keeps a view inside the base view (no panning into nothing) and its size between base/MAX_SCALE and base. */
export function clampBox(b: Box, base: Box): Box {
  const w = Math.min(base.w, Math.max(base.w / MAX_SCALE, b.w));
  const h = (w / base.w) * base.h;
  const x = Math.min(base.x + base.w - w, Math.max(base.x, b.x));
  const y = Math.min(base.y + base.h - h, Math.max(base.y, b.y));
  return { x, y, w, h };
}

/** Zooms by `factor` (> 1: in) keeping the canvas point (cx, cy) where it is (default: the middle of the view). */
export function zoomBox(b: Box, factor: number, base: Box, cx = b.x + b.w / 2, cy = b.y + b.h / 2): Box {
  const w = b.w / factor;
  const h = b.h / factor;
  return clampBox({ x: cx - ((cx - b.x) * w) / b.w, y: cy - ((cy - b.y) * h) / b.h, w, h }, base);
}

/** Moves the view by a fraction of its size (arrow keys) or by canvas units. */
export function panBox(b: Box, dx: number, dy: number, base: Box): Box {
  return clampBox({ x: b.x + dx, y: b.y + dy, w: b.w, h: b.h }, base);
}

/** Magnification of a view against the base view (1 = whole map). */
export function scaleOf(b: Box, base: Box): number {
  return Math.round((base.w / b.w) * 10) / 10;
}

/** A client (screen) point inside the drawn SVG → canvas units of the current view. */
export function clientToCanvas(b: Box, rect: { left: number; top: number; width: number; height: number }, clientX: number, clientY: number): [number, number] {
  return [b.x + ((clientX - rect.left) * b.w) / rect.width, b.y + ((clientY - rect.top) * b.h) / rect.height];
}

/** "x0 y0 k" from the svg's data-q-map attribute → a function from canvas units to [lat, lon]. */
export function unprojector(attr: string | null): ((x: number, y: number) => [number, number]) | null {
  const p = (attr ?? '').trim().split(/\s+/).map(Number);
  if (p.length !== 3 || !p.every(Number.isFinite) || p[2]! <= 0) return null;
  const [x0, y0, k] = p as [number, number, number];
  return (x, y) => {
    const lon = (x0 + x / k) * 360 - 180;
    const lat = (Math.atan(Math.sinh(Math.PI * (1 - 2 * (y0 + y / k)))) * 180) / Math.PI;
    return [lat, lon];
  };
}

/** [lat, lon] → canvas units (to draw the chosen place when the form already has one). */
export function projector(attr: string | null): ((lat: number, lon: number) => [number, number]) | null {
  const p = (attr ?? '').trim().split(/\s+/).map(Number);
  if (p.length !== 3 || !p.every(Number.isFinite) || p[2]! <= 0) return null;
  const [x0, y0, k] = p as [number, number, number];
  return (lat, lon) => {
    const phi = (Math.max(-85.05, Math.min(85.05, lat)) * Math.PI) / 180;
    const y = (1 - Math.log(Math.tan(Math.PI / 4 + phi / 2)) / Math.PI) / 2;
    return [((lon + 180) / 360 - x0) * k, (y - y0) * k];
  };
}

/** Six decimals (≈ 0.1 m): what the form receives. */
export function coord(v: number): string {
  return v.toFixed(6);
}

/** Fills {name} placeholders of a server-rendered message. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m);
}
