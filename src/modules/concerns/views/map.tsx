/** @jsxImportSource hono/jsx */
/**
 * Concern maps through the platform map component (src/platform/ui/map, ADR 0007): server-drawn SVG with the
 * programme area and Stadtteil outlines, concerns as points (support count as size, category colour, closed states
 * hollow), clustered on the server (cluster links work without JavaScript), tiles only when MAP_TILE_URL is set.
 * Every concern map refers to the page's own list/table as its text alternative (caption link).
 *
 * - the public map (/concerns, per programme area with ?area=…): only what listPublicMapPoints returns;
 * - the staff map (/staff/concerns): the inbox filter within the user's scope;
 * - the intake map (/concerns/new, /staff/concerns/new): outlines only, the island's location picker fills the
 *   form's latitude and longitude fields — the form never needs it.
 */
import type { Locale, Translate } from '../../../platform/i18n';
import {
  bboxAround,
  buildMapScene,
  ensureMinSpan,
  mapPointsFromRows,
  mercatorX,
  mercatorY,
  padBBox,
  SvgMap,
  viewHref,
  type BBox,
  type ClusterMarker,
  type MapGeometry,
  type MapLink,
  type MapOutlineLayer,
  type MapPoint,
  type MapScene,
  type Marker,
  type PointMarker,
  type TileSource,
} from '../../../platform/ui/map';
import { classSlug, clusterRadius, pointRadius } from '../../../platform/ui/map/scene';
import type { MapCell, MapRow } from '../concerns.queries';
import { isClosed } from '../concerns.rules';
import type { Category, Status } from '../concerns.types';
import { label } from './public';

export const MAP_ID = 'concern-map';

export interface AreaShape {
  id: string;
  name: string;
  geometry: MapGeometry;
  districts: { id: string }[];
}

export interface DistrictShape {
  id: string;
  number: number;
  name: string;
  geometry: MapGeometry;
}

/** Concern rows → map points: "Anliegen 2026-000123", category, status, support count; linked to `href`. */
export function concernPoints(rows: readonly MapRow[], o: { t: Translate; locale: Locale; categories: Category[]; href: (r: MapRow) => string }): MapPoint[] {
  const cats = new Map(o.categories.map((c) => [c.id, c]));
  return mapPointsFromRows(rows, {
    id: 'id',
    lat: 'lat',
    lon: 'lon',
    label: (r) => o.t('concerns.map.point', { number: r.number }),
    href: o.href,
    weight: 'supportCount',
    category: (r) => cats.get(r.categoryId)?.key ?? r.categoryId,
    categoryLabel: (r) => {
      const c = cats.get(r.categoryId);
      return c ? label(c.labels, o.locale) : r.categoryId;
    },
    status: 'status',
    statusLabel: (r) => o.t(`concerns.status.${r.status}`),
    detail: (r) => o.t('concerns.map.supports', { count: r.supportCount }),
  });
}

/**
 * The outlines of a concern map: with a programme area (or a Stadtteil) chosen, its Stadtteile tinted and named, the
 * neighbours grey, the area's outline on top, the view fitted to it; otherwise the whole city with every programme
 * area (linked to its own map when `areaHref` is given).
 */
function outlines(o: { areas: AreaShape[]; districts: DistrictShape[]; areaId?: string | null | undefined; districtNumber?: number | null | undefined; areaHref?: ((a: AreaShape) => string) | undefined }): {
  layers: MapOutlineLayer[];
  focus?: BBox;
} {
  const area = o.areaId ? o.areas.find((a) => a.id === o.areaId) : undefined;
  const district = o.districtNumber ? o.districts.find((d) => d.number === o.districtNumber) : undefined;
  if (area || district) {
    const members = new Set(district ? [district.id] : area!.districts.map((d) => d.id));
    const own = o.districts.filter((d) => members.has(d.id));
    const shown = area ? [area.geometry, ...own.map((d) => d.geometry)] : own.map((d) => d.geometry);
    return {
      focus: padBBox(bboxAround(shown), 0.08),
      layers: [
        { name: 'district', features: o.districts.filter((d) => !members.has(d.id)).map((d) => ({ geometry: d.geometry, className: 'q-map__district', label: d.name })) },
        { name: 'member', showLabels: true, features: own.map((d) => ({ geometry: d.geometry, className: 'q-map__district q-map__district--member', label: d.name })) },
        ...(area ? [{ name: 'area', features: [{ geometry: area.geometry, className: 'q-map__area', label: area.name }] }] : []),
      ],
    };
  }
  return {
    layers: [
      { name: 'district', features: o.districts.map((d) => ({ geometry: d.geometry, className: 'q-map__district', label: d.name })) },
      { name: 'area', showLabels: true, features: o.areas.map((a) => ({ geometry: a.geometry, className: 'q-map__area', label: a.name, ...(o.areaHref ? { href: o.areaHref(a) } : {}) })) },
    ],
  };
}

export function concernScene(o: {
  areas: AreaShape[];
  districts: DistrictShape[];
  areaId?: string | null | undefined;
  districtNumber?: number | null | undefined;
  areaHref?: (a: AreaShape) => string;
  points: MapPoint[];
  view: BBox | null;
  link: MapLink;
  tiles: TileSource | null;
}): MapScene {
  const { layers, focus } = outlines(o);
  return buildMapScene({
    outlines: layers,
    points: o.points,
    view: o.view,
    link: o.link,
    fragment: MAP_ID,
    tiles: o.tiles,
    // No grouping from zoom 17 on: a cluster link opens at least a 0.002° view (zoom ≈ 17), so points a few metres
    // apart (the same corner, reported twice) are always drawn singly there instead of as a cluster linking to itself.
    cluster: { maxZoom: GROUP_BELOW_ZOOM - 1 },
    ...(focus ? { focus } : { fitLayers: ['district'] }),
  });
}

/** From this zoom level on, concern maps draw every concern singly (see concernScene). */
const GROUP_BELOW_ZOOM = 17;
/** Side of a grid cell of the public map, in canvas units at the integer zoom level below the view's. */
const CELL = 44;

/** Grid of a public concern map: the box in view and the size of a cell in degrees. */
export interface ConcernMapGrid {
  bbox: [number, number, number, number];
  lonStep: number;
  latStep: number;
}

/**
 * The frame of a public concern map counted in SQL (ADR 0031): the scene with the outlines and the view (as
 * concernScene, without points) and the grid to count the concerns in — cells of CELL canvas units at the integer
 * zoom below the view's, the same neighbourhood supercluster groups (radius 22) — or null from zoom 17 on, where
 * every concern is drawn singly (then load the points of the view: listPublicMapPointsIn).
 */
export function concernMapFrame(o: Omit<Parameters<typeof concernScene>[0], 'points'>): { scene: MapScene; grid: ConcernMapGrid | null } {
  const scene = concernScene({ ...o, points: [] });
  if (scene.height === 0) return { scene, grid: null };
  const zoom = Math.floor(scene.projection.zoom);
  if (zoom >= GROUP_BELOW_ZOOM) return { scene, grid: null };
  const [west, south, east, north] = scene.bbox;
  const lonStep = (360 * CELL) / (256 * 2 ** zoom);
  // Web Mercator is locally square: a cell as tall as wide on the canvas spans cos(latitude) times the degrees.
  const latStep = lonStep * Math.cos((((south + north) / 2) * Math.PI) / 180);
  return { scene, grid: { bbox: [west, south, east, north], lonStep, latStep } };
}

/**
 * The frame's scene with the counted cells drawn: a cell with one concern as its point (linked, category colour,
 * closed ones hollow, size by support — as buildMapScene draws it), a cell with more as a cluster with its count that
 * links to the view of its members (works without JavaScript). The scene's point list (the text alternative's
 * count, "n entries in this view") has one entry per concern in view: a cluster's members stand in as its centre.
 */
export function sceneWithCells(
  frame: MapScene,
  cells: readonly MapCell[],
  o: { t: Translate; locale: Locale; categories: Category[]; href: (r: MapRow) => string; link: MapLink },
): MapScene {
  const { x0, y0, k } = frame.projection;
  const r1 = (v: number) => Math.round(v * 10) / 10;
  const project = (lon: number, lat: number): [number, number] => [r1((mercatorX(lon) - x0) * k), r1((mercatorY(lat) - y0) * k)];
  const singles = cells.filter((c) => c.count === 1 && c.row);
  const points = concernPoints(
    singles.map((c) => c.row!),
    o,
  );
  const byId = new Map(points.map((p) => [p.id, p]));
  const keys = [...new Set(points.map((p) => p.category).filter((c): c is string => !!c))].sort();
  const categories = keys.map((key, i) => ({ key, label: points.find((p) => p.category === key)?.categoryLabel ?? key, slot: i % 8 }));
  const slotOf = new Map(categories.map((c) => [c.key, c.slot]));
  const visible: MapPoint[] = [];
  const markers: Marker[] = [];
  for (const c of cells) {
    const point = c.count === 1 && c.row ? byId.get(c.row.id) : undefined;
    if (point) {
      const [x, y] = project(point.lon, point.lat);
      const cls = ['q-map-point', `q-map-point--k${slotOf.get(point.category!)}`, `q-map-point--s-${classSlug(point.status!)}`, isClosed(point.status as Status) ? 'q-map-point--closed' : 'q-map-point--open'];
      markers.push({ kind: 'point', id: point.id, x, y, r: pointRadius(point.weight), point, className: cls.join(' ') } satisfies PointMarker);
      visible.push(point);
      continue;
    }
    const [x, y] = project(c.lon, c.lat);
    const bbox = ensureMinSpan(padBBox(c.members, 0.15), 0.002);
    const id = `c-${c.cell}-${c.count}`;
    markers.push({ kind: 'cluster', id, x, y, r: clusterRadius(c.count), count: c.count, weight: c.weight, href: viewHref(o.link, bbox, MAP_ID), bbox, className: 'q-map-cluster' } satisfies ClusterMarker);
    const centre: MapPoint = { id, lat: c.lat, lon: c.lon, label: o.t('concerns.map.cluster', { count: c.count }) };
    for (let i = 0; i < c.count; i++) visible.push(centre);
  }
  markers.sort((a, b) => a.y - b.y || a.x - b.x || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    ...frame,
    markers,
    visiblePoints: visible,
    totalPoints: visible.length,
    categories,
    interactive: markers.length > 0 || frame.paths.some((p) => !!p.href),
  };
}

/** The whole city for the location picker: Stadtteile and programme areas, no links (a click sets the place). */
export function intakeScene(o: { areas: AreaShape[]; districts: DistrictShape[]; tiles: TileSource | null }): MapScene {
  return buildMapScene({
    outlines: [
      { name: 'district', features: o.districts.map((d) => ({ geometry: d.geometry, className: 'q-map__district', label: d.name })) },
      { name: 'area', showLabels: true, features: o.areas.map((a) => ({ geometry: a.geometry, className: 'q-map__area', label: a.name })) },
    ],
    fitLayers: ['district'],
    tiles: o.tiles,
  });
}

/** A map of concerns with its caption; the text alternative is the page's list or table at `listHref`. */
export function ConcernMap(p: { t: Translate; scene: MapScene; title: string; description: string; listHref: string; more: boolean; limit: number }) {
  const { t } = p;
  const caption = [t('concerns.map.caption'), p.more ? t('concerns.map.more', { limit: p.limit }) : ''].filter(Boolean).join(' ');
  return (
    <SvgMap
      id={MAP_ID}
      scene={p.scene}
      t={t}
      title={p.title}
      description={p.description}
      caption={caption}
      list={{ href: p.listHref }}
      clusterName={(count) => t('concerns.map.cluster', { count })}
    />
  );
}

/** The location picker of the intake forms: fills the latitude and longitude fields (ids f-lat, f-lon). */
export function PickerMap(p: { t: Translate; scene: MapScene }) {
  return <SvgMap id="concern-pick" scene={p.scene} t={p.t} title={p.t('concerns.map.pickTitle')} description={p.t('concerns.map.pickDescription')} caption={p.t('concerns.map.pickCaption')} pick={{ lat: 'f-lat', lon: 'f-lon' }} />;
}
