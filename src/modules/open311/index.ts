/**
 * Open311 module — the ONLY import surface for other modules.
 *
 * GeoReport v2 server under /open311/v2/ (discovery, services, service definitions from the categories' extra
 * questions, requests GET/POST, tokens) and client ("Open311 out"): concerns in a category with an external
 * endpoint are planned for forwarding inside the transaction that creates them (concerns' onConcernCreated hook:
 * link + `open311.send` job, an outbox), POSTed there by that job, and their status is pulled back on a schedule
 * and written to the concern (forwarded / resolved, public timeline); the sync state per concern is read with
 * getOpen311Sync / listOpen311Sync.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import type { AppEnv } from '../../platform/http/context';
import type { QuartierModule } from '../../platform/module';
import { pages } from './open311.pages';
import { ROUTES, server } from './open311.server';
import { registerOpen311Hooks, registerOpen311Jobs } from './open311.sync';

export {
  getOpen311Sync,
  jobLinkBase,
  listOpen311Sync,
  planForward,
  pullAll,
  registerOpen311Hooks,
  registerOpen311Jobs,
  sendOne,
  PULL_KIND,
  SEND_KIND,
  type Open311Sync,
  type SyncOptions,
} from './open311.sync';
export { setOpen311Fetch, type FetchLike } from './open311.client';
export { open311Overview, setClientKey, type EndpointOverview } from './open311.service';
export type { LinkState, Open311Tables } from './open311.tables';

// Job handlers and schedules exist in every process that loads the module (server and CLI), and so does the
// concern-created hook that plans forwarding inside the creating transaction (outbox).
registerOpen311Jobs();
registerOpen311Hooks();

export const open311Module: QuartierModule = {
  name: 'open311',
  dir: path.dirname(fileURLToPath(import.meta.url)),
  pages: new Hono<AppEnv>().route('/', server).route('/', pages),
  routes: {
    ...ROUTES,
    'GET /admin/open311': 'open311.manage',
    'POST /admin/open311/keys': 'open311.manage',
  },
  nav: [{ href: '/admin/open311', labelKey: 'open311.nav', action: 'open311.manage', order: 93 }],
};
