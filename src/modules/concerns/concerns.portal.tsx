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
import { categoryLabel, listCategories, listPublicConcerns, listPublicMapPoints, MAP_LIMIT } from './concerns.service';
import type { Status } from './concerns.types';
import { ConcernMap, concernPoints, concernScene } from './views/map';

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

export async function areaConcerns(db: TenantDb<any>, o: AreaConcernsInput): Promise<AreaConcerns> {
  const filter = { areaId: o.area.id };
  const [list, points, categories] = await Promise.all([listPublicConcerns(db, { ...filter, limit: o.limit ?? 5, offset: 0 }), listPublicMapPoints(db, filter), listCategories(db)]);
  const cats = new Map(categories.map((c) => [c.id, c]));
  const href = `/concerns?area=${encodeURIComponent(o.area.id)}`;
  const scene = concernScene({
    areas: [o.area],
    districts: o.districts,
    areaId: o.area.id,
    points: concernPoints(points.rows, { t: o.t, locale: o.locale, categories, href: (r) => `/concerns/${r.number}` }),
    view: null,
    link: { path: '/concerns', query: { area: o.area.id } },
    tiles: o.tiles,
  });
  const map =
    scene.paths.length === 0
      ? null
      : <ConcernMap t={o.t} scene={scene} title={o.mapTitle} description={o.t('concerns.map.description')} listHref={`#${o.listId}`} more={points.more} limit={MAP_LIMIT} />;
  return {
    total: list.total,
    items: list.items.map((c) => {
      const cat = cats.get(c.categoryId);
      return { number: c.number, category: cat ? categoryLabel(cat, o.locale) : c.categoryId, status: c.status, supportCount: c.supportCount, createdAt: c.createdAt, href: `/concerns/${c.number}` };
    }),
    map,
    href,
  };
}
