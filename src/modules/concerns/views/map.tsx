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
import { bboxAround, buildMapScene, mapPointsFromRows, padBBox, SvgMap, type BBox, type MapGeometry, type MapLink, type MapOutlineLayer, type MapPoint, type MapScene, type TileSource } from '../../../platform/ui/map';
import type { MapRow } from '../concerns.queries';
import type { Category } from '../concerns.types';
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
    cluster: { maxZoom: 16 },
    ...(focus ? { focus } : { fitLayers: ['district'] }),
  });
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
