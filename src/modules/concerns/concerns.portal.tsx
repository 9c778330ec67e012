/** @jsxImportSource hono/jsx */
/**
 * What the portal's area page shows of the concerns module: the area's public concerns on the concerns map (the same
 * scene as /concerns?area=…, its cluster links lead to that page's map) and a short list with status and support
 * count. Only what the public list and map show (listPublicConcerns, listPublicMapPoints): never hidden, merged or
 * redacted concerns, no text of a concern, no contact data.
 */
import type { Child } from 'hono/jsx';
import type { TenantDb } from '../../platform/db/tenant-scope';
import type { Locale, Translate } from '../../platform/i18n';
import type { MapGeometry, TileSource } from '../../platform/ui/map';
import type { MapLink } from '../../platform/ui/map';
import { categoryLabel, listCategories, listPublicConcerns, listPublicMapCells, listPublicMapPointsIn, MAP_LIMIT, type PublicFilter } from './concerns.service';
import type { Category, Status } from './concerns.types';
import { ConcernMap, concernMapFrame, concernPoints, concernScene, sceneWithCells, type AreaShape, type DistrictShape } from './views/map';
import type { BBox, MapScene } from '../../platform/ui/map';

export interface AreaConcernItem {
  number: string;
  category: string;
  status: Status;
  supportCount: number;
  createdAt: string;
  href: string;
}

export interface AreaConcerns {
  total: number;
  items: AreaConcernItem[];
  /** The area's concerns map (rendered), null when there is no outline to draw. */
  map: Child;
  /** The full list and map of the area on the concerns pages. */
  href: string;
}

export interface AreaConcernsInput {
  area: { id: string; name: string; geometry: MapGeometry; districts: { id: string }[] };
  districts: { id: string; number: number; name: string; geometry: MapGeometry }[];
  tiles: TileSource | null;
  t: Translate;
  locale: Locale;
  /** Items in the short list (newest first). */
  limit?: number;
  /** Id of the page element holding the short list: the map's text alternative. */
  listId: string;
  /** The map's accessible name (the caller's words, e.g. "Concerns in Kray on the map"). */
  mapTitle: string;
}

/**
 * The public concern map of a filter (ADR 0031): the view first (outlines, the area's box or the user's), then the
 * concerns in it counted per grid cell in SQL — every concern of the filter, none sampled — or, from zoom 17 on,
 * the concerns of the view drawn singly (at most MAP_LIMIT, `more` when there are more).
 */
export async function publicConcernMap(
  db: TenantDb<any>,
  o: {
    filter: Omit<PublicFilter, 'limit' | 'offset'>;
    areas: AreaShape[];
    districts: DistrictShape[];
    areaId?: string | null | undefined;
    areaHref?: (a: AreaShape) => string;
    view: BBox | null;
    link: MapLink;
    tiles: TileSource | null;
    t: Translate;
    locale: Locale;
    categories: Category[] | Promise<Category[]>;
  },
): Promise<{ scene: MapScene; more: boolean }> {
  const frame = concernMapFrame({ areas: o.areas, districts: o.districts, areaId: o.areaId, ...(o.areaHref ? { areaHref: o.areaHref } : {}), view: o.view, link: o.link, tiles: o.tiles });
  const href = (r: { number: string }) => `/concerns/${r.number}`;
  if (frame.grid) {
    const [cells, categories] = await Promise.all([listPublicMapCells(db, o.filter, frame.grid), o.categories]);
    return { scene: sceneWithCells(frame.scene, cells, { t: o.t, locale: o.locale, categories, href, link: o.link }), more: false };
  }
  if (frame.scene.height === 0) return { scene: frame.scene, more: false };
  const [points, categories] = await Promise.all([listPublicMapPointsIn(db, o.filter, frame.scene.bbox), o.categories]);
  const scene = concernScene({
    areas: o.areas,
    districts: o.districts,
    areaId: o.areaId,
    ...(o.areaHref ? { areaHref: o.areaHref } : {}),
    points: concernPoints(points.rows, { t: o.t, locale: o.locale, categories, href }),
    view: o.view,
    link: o.link,
    tiles: o.tiles,
  });
  return { scene, more: points.more };
}

export async function areaConcerns(db: TenantDb<any>, o: AreaConcernsInput): Promise<AreaConcerns> {
  const filter = { areaId: o.area.id };
  const categories = listCategories(db);
  const href = `/concerns?area=${encodeURIComponent(o.area.id)}`;
  const [list, map, cats] = await Promise.all([
    listPublicConcerns(db, { ...filter, limit: o.limit ?? 5, offset: 0 }),
    publicConcernMap(db, { filter, areas: [o.area], districts: o.districts, areaId: o.area.id, view: null, link: { path: '/concerns', query: { area: o.area.id } }, tiles: o.tiles, t: o.t, locale: o.locale, categories }),
    categories.then((c) => new Map(c.map((x) => [x.id, x]))),
  ]);
  return {
    total: list.total,
    items: list.items.map((c) => {
      const cat = cats.get(c.categoryId);
      return { number: c.number, category: cat ? categoryLabel(cat, o.locale) : c.categoryId, status: c.status, supportCount: c.supportCount, createdAt: c.createdAt, href: `/concerns/${c.number}` };
    }),
    map:
      map.scene.paths.length === 0 ? null : (
        <ConcernMap t={o.t} scene={map.scene} title={o.mapTitle} description={o.t('concerns.map.description')} listHref={`#${o.listId}`} more={map.more} limit={MAP_LIMIT} />
      ),
    href,
  };
}
