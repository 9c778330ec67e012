/**
 * Reads of the portal: the home page and one programme area's page, composed from the other modules' public reads
 * (through their index.ts only; the portal has no tables). Every read is public-only and tenant-scoped by the
 * module that owns the data; the reads of a page run in parallel. `now` is a parameter so tests can fix the clock.
 */
import type { TenantDb } from '../../platform/db/tenant-scope';
import type { Locale, Translate } from '../../platform/i18n';
import type { MapScene, TileSource } from '../../platform/ui/map';
import { areaConcerns, type AreaConcerns } from '../concerns';
import { areaDialogues, areaMeetings, type AreaDialogue, type AreaMeeting } from '../dialogues';
import { listPublicGroups, type PublicGroup } from '../groups';
import { nextOfferSessions, officesNow, type CalendarEntry, type OfficeNow } from '../offices';
import { listAreaParticipation, type AreaParticipation } from '../participation';
import { fundingForArea, getAreaBySlug, listAreas, portalAreaPlace, portalOverviewMap, type FundingPeriod, type ProgrammeArea } from '../territory';

type Db = TenantDb<any>;

/** How many upcoming offers and meetings, concerns, groups and proposals an area page lists. */
export const AREA_LIST_LIMIT = 5;

export interface HomeArea {
  area: ProgrammeArea;
  offices: OfficeNow[];
  nextOffer: CalendarEntry | null;
}

export interface HomeData {
  map: MapScene;
  areas: HomeArea[];
}

export async function homeData(db: Db, opts: { tiles: TileSource | null; now?: Date }): Promise<HomeData> {
  const now = opts.now ?? new Date();
  const [map, areas, offices] = await Promise.all([portalOverviewMap(db, opts.tiles), listAreas(db), officesNow(db, null, now)]);
  const nextOffers = await Promise.all(areas.map((a) => nextOfferSessions(db, { areaId: a.id, now, limit: 1 })));
  return {
    map,
    areas: areas.map((area, i) => ({ area, offices: offices.filter((o) => o.office.areaId === area.id), nextOffer: nextOffers[i]![0] ?? null })),
  };
}

export interface AreaData {
  area: ProgrammeArea;
  place: { scene: MapScene; boroughNames: Map<string, string> };
  funding: FundingPeriod[];
  offices: OfficeNow[];
  offers: CalendarEntry[];
  meetings: AreaMeeting[];
  dialogues: AreaDialogue[];
  groups: PublicGroup[];
  participation: AreaParticipation;
  concerns: AreaConcerns;
}

/** Everything the area page shows, or null for an unknown slug (of this tenant). */
export async function areaData(db: Db, slug: string, opts: { tiles: TileSource | null; t: Translate; locale: Locale; now?: Date; concernListId: string }): Promise<AreaData | null> {
  const area = await getAreaBySlug(db, slug);
  if (!area) return null;
  const now = opts.now ?? new Date();
  const place = portalAreaPlace(db, area, opts.tiles);
  const [placeData, funding, offices, offers, meetings, dialogues, groups, participation, concerns] = await Promise.all([
    place,
    fundingForArea(db, area.id),
    officesNow(db, area.id, now),
    nextOfferSessions(db, { areaId: area.id, now, limit: AREA_LIST_LIMIT }),
    areaMeetings(db, area.id, { now, limit: AREA_LIST_LIMIT }),
    areaDialogues(db, area.id),
    listPublicGroups(db, { areaId: area.id }),
    listAreaParticipation(db, area.id, AREA_LIST_LIMIT),
    place.then((p) => areaConcerns(db, { area: p.shapes.area, districts: p.shapes.districts, tiles: opts.tiles, t: opts.t, locale: opts.locale, limit: AREA_LIST_LIMIT, listId: opts.concernListId, mapTitle: opts.t('portal.concerns.mapTitle', { area: area.name }) })),
  ]);
  const boroughNames = new Map([...placeData.boroughRoman].map(([id, roman]) => [id, opts.t('territory.district.boroughShort', { roman })]));
  return { area, place: { scene: placeData.scene, boroughNames }, funding, offices, offers, meetings, dialogues, groups: groups.slice(0, AREA_LIST_LIMIT), participation, concerns };
}
