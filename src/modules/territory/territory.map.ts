/**
 * Server-side maps: projects GeoJSON shapes onto an SVG canvas (equirectangular at the map's middle latitude, so
 * shapes keep their proportions within a city) and turns rings into SVG path data. Pure; the view draws it.
 */
import { bboxIntersects, bboxOf, padBBox, polygonsOf, type AreaGeometry, type BBox } from './territory.geo';

export interface MapShape {
  geometry: AreaGeometry;
  /** CSS class of the path (q-map__district, q-map__district--member, q-map__area …). */
  className: string;
  /** Optional name, drawn as the path's <title> for pointer users; the text alternative stays the main one. */
  label?: string;
}

export interface MapPath {
  d: string;
  className: string;
  label?: string;
}

export interface MapModel {
  width: number;
  height: number;
  viewBox: string;
  paths: MapPath[];
}

export interface MapOptions {
  /** Canvas width in SVG units (default 600). */
  width?: number;
  /** Largest canvas height (default: the width); tall shapes are scaled down and centred. */
  maxHeight?: number;
  padding?: number;
  /** Part of the world to show (default: the box around all shapes). Shapes outside it are left out. */
  focus?: BBox;
}

const r1 = (v: number) => Math.round(v * 10) / 10;

/** Projects [lon, lat] into canvas coordinates for a focus box. */
export function projector(focus: BBox, width: number, maxHeight: number, padding: number): { project: (lon: number, lat: number) => [number, number]; height: number } {
  const [w, s, e, n] = focus;
  const lat0 = ((s + n) / 2) * (Math.PI / 180);
  const kx = Math.cos(lat0);
  const spanX = Math.max((e - w) * kx, 1e-9);
  const spanY = Math.max(n - s, 1e-9);
  let scale = (width - 2 * padding) / spanX;
  let height = spanY * scale + 2 * padding;
  if (height > maxHeight) {
    scale = (maxHeight - 2 * padding) / spanY;
    height = maxHeight;
  }
  const offsetX = (width - spanX * scale) / 2;
  return {
    height: Math.ceil(height),
    project: (lon, lat) => [r1(offsetX + (lon - w) * kx * scale), r1(padding + (n - lat) * scale)],
  };
}

/** SVG path data for a geometry: one closed subpath per ring (holes are drawn with fill-rule evenodd). */
export function pathData(g: AreaGeometry, project: (lon: number, lat: number) => [number, number]): string {
  const parts: string[] = [];
  for (const poly of polygonsOf(g)) {
    for (const ring of poly) {
      const pts: [number, number][] = [];
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

export function projectMap(shapes: MapShape[], opts: MapOptions = {}): MapModel {
  const width = opts.width ?? 600;
  const padding = opts.padding ?? 8;
  const visible = opts.focus ? shapes.filter((s) => bboxIntersects(bboxOf(s.geometry), opts.focus!)) : shapes;
  const focus = opts.focus ?? bboxOf(visible.map((s) => s.geometry));
  if (visible.length === 0 || !Number.isFinite(focus[0])) return { width, height: 0, viewBox: `0 0 ${width} 0`, paths: [] };
  const { project, height } = projector(focus, width, opts.maxHeight ?? width, padding);
  const paths = visible
    .map((s) => ({ d: pathData(s.geometry, project), className: s.className, ...(s.label ? { label: s.label } : {}) }))
    .filter((p) => p.d.length > 0);
  return { width, height, viewBox: `0 0 ${width} ${height}`, paths };
}

interface NamedShape {
  id: string;
  name: string;
  geometry: AreaGeometry;
}

/** The whole city: every Stadtteil in grey, the programme areas on top. */
export function overviewMap(districts: NamedShape[], areas: NamedShape[], opts: MapOptions = {}): MapModel {
  return projectMap(
    [
      ...districts.map((d) => ({ geometry: d.geometry, className: 'q-map__district', label: d.name })),
      ...areas.map((a) => ({ geometry: a.geometry, className: 'q-map__area', label: a.name })),
    ],
    { maxHeight: 520, ...opts },
  );
}

/**
 * One area with its surroundings: the view holds the area and all its Stadtteile with a margin, neighbouring
 * Stadtteile in grey, its own Stadtteile tinted, its outline on top.
 */
export function areaMap(area: { name: string; geometry: AreaGeometry; districts: { id: string }[] }, districts: NamedShape[], opts: MapOptions = {}): MapModel {
  const members = new Set(area.districts.map((d) => d.id));
  const memberShapes = districts.filter((d) => members.has(d.id)).map((d) => d.geometry);
  const focus = padBBox(bboxOf([area.geometry, ...memberShapes]), 0.12);
  return projectMap(
    [
      ...districts.map((d) => ({ geometry: d.geometry, className: members.has(d.id) ? 'q-map__district q-map__district--member' : 'q-map__district', label: d.name })),
      { geometry: area.geometry, className: 'q-map__area', label: area.name },
    ],
    { focus, maxHeight: 480, ...opts },
  );
}
