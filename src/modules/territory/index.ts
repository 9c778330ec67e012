/**
 * Territory module — the ONLY import surface for other modules.
 *
 * Stadtbezirke (boroughs), Stadtteile (districts), the street list, programme areas (Quartiere) with their district
 * offices, funding periods and the topic catalogue; lookups point → Stadtteil → programme area(s) and street name →
 * Stadtteil(e). Pages: /areas, /sources (the area page /areas/:slug is the portal module's, drawn with
 * territory.portal.ts and the views exported below) and the staff pages under /staff/territory; JSON API under
 * /api/v1 (districts, boroughs, areas, topics, lookup).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerAreaDirectory } from '../../platform/directory';
import type { QuartierModule } from '../../platform/module';
import { api } from './territory.api';
import { pages } from './territory.pages';
import { listAreaSummaries } from './territory.service';

export {
  canManageArea,
  countStreets,
  createArea,
  createFundingPeriod,
  createTopic,
  fundingForArea,
  getArea,
  getAreaBySlug,
  getFundingPeriod,
  getMunicipalityKey,
  getTopic,
  getTopicByKey,
  listAreas,
  listAreasWithGeometry,
  listAreaSummaries,
  listBoroughs,
  listBoroughsWithGeometry,
  listDistricts,
  listDistrictsWithGeometry,
  listFundingPeriods,
  listTopics,
  lookupPoint,
  lookupStreet,
  setTopicActive,
  topicLabel,
  updateArea,
  updateFundingPeriod,
  updateTopic,
  type AreaInput,
  type AreaPatch,
  type FundingInput,
  type TopicInput,
} from './territory.service';
export { seedTerritory, DEFAULT_TOPICS, type SeedTerritoryOptions } from './territory.seed';
export { portalAreaPlace, portalOverviewMap, type AreaPlace } from './territory.portal';
export { ApproximateBadge, AreaApproximateNote, AreaFundingSection, AreaPlaceSection, districtNames, districtsLabel, OfficeAddress } from './views/public';
export { SvgMap } from './views/map';
export type {
  AreaDistrictRef,
  AreaGeometry,
  AreaKind,
  AreaRef,
  BBox,
  Borough,
  BoroughRef,
  Coverage,
  District,
  DistrictWithGeometry,
  FundingPeriod,
  Office,
  PointLookup,
  ProgrammeArea,
  ProgrammeAreaWithGeometry,
  Street,
  StreetLookup,
  Topic,
  TopicLabels,
} from './territory.types';
export type { TerritoryTables } from './territory.tables';

// The platform (user administration) lists programme areas through this hook without knowing the module.
registerAreaDirectory({ listAreas: (db) => listAreaSummaries(db) });

export const territoryModule: QuartierModule = {
  name: 'territory',
  dir: path.dirname(fileURLToPath(import.meta.url)),
  pages,
  api,
  routes: {
    'GET /areas': 'public',
    'GET /sources': 'public',
    'GET /staff/territory/areas': 'territory.read',
    'GET /staff/territory/areas/new': 'territory.create_area',
    'POST /staff/territory/areas': 'territory.create_area',
    'GET /staff/territory/areas/:id/edit': 'territory.manage',
    'POST /staff/territory/areas/:id': 'territory.manage',
    'GET /staff/territory/districts': 'territory.read',
    'GET /staff/territory/funding': 'funding.manage',
    'GET /staff/territory/funding/new': 'funding.manage',
    'POST /staff/territory/funding': 'funding.manage',
    'GET /staff/territory/funding/:id/edit': 'funding.manage',
    'POST /staff/territory/funding/:id': 'funding.manage',
    'GET /staff/territory/topics': 'topics.manage',
    'GET /staff/territory/topics/new': 'topics.manage',
    'POST /staff/territory/topics': 'topics.manage',
    'GET /staff/territory/topics/:id/edit': 'topics.manage',
    'POST /staff/territory/topics/:id': 'topics.manage',
    'POST /staff/territory/topics/:id/active': 'topics.manage',
    'GET /api/v1/boroughs': 'public',
    'GET /api/v1/districts': 'public',
    'GET /api/v1/areas': 'public',
    'GET /api/v1/areas/:slug': 'public',
    'POST /api/v1/areas': 'territory.create_area',
    'PATCH /api/v1/areas/:slug': 'territory.manage',
    'GET /api/v1/topics': 'public',
    'GET /api/v1/lookup/point': 'public',
    'GET /api/v1/lookup/street': 'public',
  },
  nav: [
    { href: '/staff/territory/areas', labelKey: 'territory.nav.areas', action: 'territory.read', order: 20 },
    { href: '/staff/territory/districts', labelKey: 'territory.nav.districts', action: 'territory.read', order: 21 },
    { href: '/staff/territory/funding', labelKey: 'territory.nav.funding', action: 'funding.manage', order: 22 },
    { href: '/staff/territory/topics', labelKey: 'territory.nav.topics', action: 'topics.manage', order: 23 },
  ],
};
