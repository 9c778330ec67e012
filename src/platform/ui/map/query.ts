/**
 * Map views in the URL, so that zooming works without JavaScript: a cluster links to the same page with
 * `?bbox=west,south,east,north` (degrees, 5 decimals ≈ 1 m), other query parameters kept, `#<map id>` appended.
 */
import type { BBox } from './geo';

export const DEFAULT_VIEW_PARAM = 'bbox';

/** Where zoom links of a map point to: the page's path and its other query parameters. */
export interface MapLink {
  path: string;
  query?: Record<string, string>;
  /** Name of the query parameter (default "bbox"); give two maps on one page different names. */
  param?: string;
}

const r5 = (v: number) => Math.round(v * 1e5) / 1e5;

export function formatBBox(b: BBox): string {
  return b.map(r5).join(',');
}

/** A view box from a query value, or null when absent or invalid (wrong count, order, range or a box too small). */
export function parseBBox(value: string | null | undefined): BBox | null {
  if (!value || value.length > 100) return null;
  const parts = value.split(',');
  if (parts.length !== 4) return null;
  const nums = parts.map((p) => (/^\s*-?\d+(\.\d+)?\s*$/.test(p) ? Number(p) : NaN));
  if (!nums.every(Number.isFinite)) return null;
  const [w, s, e, n] = nums as BBox;
  if (w < -180 || e > 180 || s < -85 || n > 85) return null;
  if (e - w < 1e-4 || n - s < 1e-4) return null;
  return [w, s, e, n];
}

/** The map view and the link base of a request URL (e.g. `c.req.url`). */
export function mapViewFromUrl(url: string | URL, param = DEFAULT_VIEW_PARAM): { view: BBox | null; link: MapLink } {
  const u = typeof url === 'string' ? new URL(url, 'http://localhost') : url;
  const query: Record<string, string> = {};
  for (const [k, v] of u.searchParams) if (k !== param) query[k] = v;
  return { view: parseBBox(u.searchParams.get(param)), link: { path: u.pathname, query, param } };
}

/** The URL of a view (null: the whole map), keeping the link's other parameters; `fragment` without "#". */
export function viewHref(link: MapLink, view: BBox | null, fragment?: string): string {
  const params = new URLSearchParams();
  for (const k of Object.keys(link.query ?? {}).sort()) params.set(k, link.query![k]!);
  if (view) params.set(link.param ?? DEFAULT_VIEW_PARAM, formatBBox(view));
  const q = params.toString().replaceAll('%2C', ',');
  return `${link.path}${q ? `?${q}` : ''}${fragment ? `#${fragment}` : ''}`;
}
