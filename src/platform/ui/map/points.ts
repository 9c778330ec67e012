/** The point layer's input and the conversion of database rows into it. */

export interface MapPoint {
  id: string;
  lat: number;
  lon: number;
  /** Accessible name and list text, e.g. "2026-000123: Sperrmüll an der Haltestelle". */
  label: string;
  /** Where the point links to (its detail page). Without href the point is drawn but not focusable. */
  href?: string;
  /** Size of the marker, e.g. the support count (0 = smallest). */
  weight?: number;
  /** Category key (styling: one of eight colours, stable by sorted key) and its display text. */
  category?: string;
  categoryLabel?: string;
  /** Status key (styling: q-map-point--s-<key>; closed states are drawn hollow) and its display text. */
  status?: string;
  statusLabel?: string;
  /** More text for the accessible name and the list, e.g. "3 Unterstützungen". */
  detail?: string;
}

type Accessor<T, V> = keyof T | ((row: T) => V);

export interface RowMapping<T> {
  id: Accessor<T, string | number>;
  lat: Accessor<T, number | string | null | undefined>;
  lon: Accessor<T, number | string | null | undefined>;
  label: Accessor<T, string>;
  href?: Accessor<T, string | null | undefined>;
  weight?: Accessor<T, number | string | null | undefined>;
  category?: Accessor<T, string | null | undefined>;
  categoryLabel?: Accessor<T, string | null | undefined>;
  status?: Accessor<T, string | null | undefined>;
  statusLabel?: Accessor<T, string | null | undefined>;
  detail?: Accessor<T, string | null | undefined>;
}

function get<T>(row: T, a: Accessor<T, unknown> | undefined): unknown {
  if (a === undefined) return undefined;
  return typeof a === 'function' ? (a as (r: T) => unknown)(row) : row[a as keyof T];
}

function num(v: unknown): number | null {
  if (v === null || v === undefined || v === '') return null;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : null;
}

function str(v: unknown): string | undefined {
  return v === null || v === undefined || v === '' ? undefined : String(v);
}

/**
 * Database rows → map points. Rows without a usable position (null, not a number, outside ±90/±180) are left out;
 * numbers given as strings (PostgreSQL numeric, count(*)) are converted. Order is kept.
 *
 *   mapPointsFromRows(rows, { id: 'id', lat: 'lat', lon: 'lon', label: (r) => `${r.number}: ${r.title}`,
 *     href: (r) => `/concerns/${r.number}`, weight: 'support_count', category: 'category_key', status: 'status' })
 */
export function mapPointsFromRows<T>(rows: readonly T[], m: RowMapping<T>): MapPoint[] {
  const out: MapPoint[] = [];
  for (const row of rows) {
    const lat = num(get(row, m.lat));
    const lon = num(get(row, m.lon));
    if (lat === null || lon === null || Math.abs(lat) > 90 || Math.abs(lon) > 180) continue;
    const p: MapPoint = { id: String(get(row, m.id)), lat, lon, label: String(get(row, m.label) ?? '') };
    const href = str(get(row, m.href));
    if (href) p.href = href;
    const weight = num(get(row, m.weight));
    if (weight !== null) p.weight = weight;
    for (const k of ['category', 'categoryLabel', 'status', 'statusLabel', 'detail'] as const) {
      const v = str(get(row, m[k]));
      if (v !== undefined) p[k] = v;
    }
    out.push(p);
  }
  return out;
}
