/**
 * Open311 module — the ONLY import surface for other modules.
 *
 * GeoReport v2 server under /open311/v2/ (discovery, services, service definitions from the categories' extra
 * questions, requests GET/POST, tokens) and client ("Open311 out"): concerns in a category with an external
 * endpoint are POSTed there by a job and their status is pulled back on a schedule; the sync state per concern is
 * read with getOpen311Sync / listOpen311Sync.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { QuartierModule } from '../../platform/module';
import { ROUTES, server } from './open311.server';
import { registerOpen311Jobs } from './open311.sync';

export {
  dispatchNew,
  getOpen311Sync,
  listOpen311Sync,
  planForward,
  pullAll,
  registerOpen311Jobs,
  sendOne,
  setOpen311ClientKey,
  DISPATCH_KIND,
  PULL_KIND,
  SEND_KIND,
  type Open311Sync,
} from './open311.sync';
export { setOpen311Fetch, type FetchLike } from './open311.client';
export type { LinkState, Open311Tables } from './open311.tables';

// Job handlers and schedules exist in every process that loads the module (server and CLI).
registerOpen311Jobs();

export const open311Module: QuartierModule = {
  name: 'open311',
  dir: path.dirname(fileURLToPath(import.meta.url)),
  pages: server,
  routes: ROUTES,
};
