/** @jsxImportSource hono/jsx */
/**
 * The territory's maps through the platform map component (src/platform/ui/map): server-drawn SVG in Web Mercator,
 * working without JavaScript, zoom and pan by the map island. A plain image (role="img") named by <title> and
 * described by <desc>; the page always shows a text alternative next to it (the list of Stadtteile), referenced from
 * the caption. Scenes come from territory.pages.tsx (buildMapScene, memoised per territory revision).
 */
import { translator, DEFAULT_LOCALE, type Translate } from '../../../platform/i18n';
import { bboxAround, buildMapScene, padBBox, SvgMap as PlatformSvgMap, type MapGeometry, type MapScene, type TileSource } from '../../../platform/ui/map';

export function SvgMap(p: { id: string; model: MapScene; title: string; description: string; caption?: string; t?: Translate }) {
  if (p.model.paths.length === 0) return null;
  return <PlatformSvgMap id={p.id} scene={p.model} t={p.t ?? translator(DEFAULT_LOCALE)} title={p.title} description={p.description} {...(p.caption ? { caption: p.caption } : {})} />;
}

interface NamedShape {
  id: string;
  name: string;
  geometry: MapGeometry;
}

/** The whole city: every Stadtteil in grey, the programme areas on top with their names (linked when `areaHref` is given). */
export function overviewScene<A extends NamedShape>(districts: NamedShape[], areas: A[], opts: { tiles?: TileSource | null; width?: number; areaHref?: (a: A) => string } = {}): MapScene {
  return buildMapScene({
    width: opts.width ?? 600,
    maxHeight: 520,
    tiles: opts.tiles ?? null,
    outlines: [
      { name: 'district', features: districts.map((d) => ({ geometry: d.geometry, className: 'q-map__district', label: d.name })) },
      { name: 'area', showLabels: true, features: areas.map((a) => ({ geometry: a.geometry, className: 'q-map__area', label: a.name, ...(opts.areaHref ? { href: opts.areaHref(a) } : {}) })) },
    ],
  });
}

/**
 * One area with its surroundings: the view holds the area and all its Stadtteile with a margin, neighbouring
 * Stadtteile in grey, its own Stadtteile tinted and named, its outline on top.
 */
export function areaScene(area: { name: string; geometry: MapGeometry; districts: { id: string }[] }, districts: NamedShape[], opts: { tiles?: TileSource | null; width?: number } = {}): MapScene {
  const members = new Set(area.districts.map((d) => d.id));
  const own = districts.filter((d) => members.has(d.id));
  return buildMapScene({
    width: opts.width ?? 600,
    maxHeight: 480,
    tiles: opts.tiles ?? null,
    focus: padBBox(bboxAround([area.geometry, ...own.map((d) => d.geometry)]), 0.12),
    outlines: [
      { name: 'district', features: districts.filter((d) => !members.has(d.id)).map((d) => ({ geometry: d.geometry, className: 'q-map__district', label: d.name })) },
      { name: 'member', showLabels: true, features: own.map((d) => ({ geometry: d.geometry, className: 'q-map__district q-map__district--member', label: d.name })) },
      { name: 'area', features: [{ geometry: area.geometry, className: 'q-map__area', label: area.name }] },
    ],
  });
}
