/**
 * Portal module — the public home page and the programme area pages, composed from the other modules' public reads
 * (territory maps and funding, offices "open now" and offers, public meetings and dialogues, concerns, groups looking
 * for members, participation). It owns no tables and writes nothing; see ADR 0023.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { QuartierModule } from '../../platform/module';
import { pages } from './portal.pages';

export { areaData, homeData, AREA_LIST_LIMIT, type AreaData, type HomeArea, type HomeData } from './portal.service';

export const portalModule: QuartierModule = {
  name: 'portal',
  dir: path.dirname(fileURLToPath(import.meta.url)),
  pages,
  routes: {
    'GET /': 'public',
    'GET /areas/:slug': 'public',
  },
};
