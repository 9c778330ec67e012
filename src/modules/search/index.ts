/**
 * Search module (Suche) — the ONLY import surface for other modules.
 *
 * One search field for everyone (in every page's header): /search over public documents (offers, meetings,
 * dialogues, concerns, proposals, groups, pages) and /staff/search over everything the user's roles and areas may
 * read (also non-public groups and the network's organisations and contact people),
 * filtered in SQL before the LIMIT; JSON API GET /api/v1/search. The index is the platform's (platform/db/search.ts:
 * FTS5 on SQLite, tsvector('german') on PostgreSQL); each module indexes its own documents in its
 * `<module>.search.ts` and registers its document type with the read action (ADR 0024). `quartier search:reindex`
 * rebuilds a tenant's index from the modules' data.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerSearchSource } from '../../platform/db/search';
import type { QuartierModule } from '../../platform/module';
import { registerHeaderSearch } from '../../platform/ui/layout';
import { api } from './search.api';
import { pages } from './search.pages';

export { runSearch, staffScopes, checkQuery, searchTypes, searchTypesFor, resolveAudience, MAX_QUERY, PAGE_SIZE, type Audience, type SearchQuery, type SearchResult } from './search.service';

// Concerns keep their public documents current themselves (concerns.service.ts) and have no reindex here; their
// staff documents (none today) would need concerns.read in the area — department_staff read by department, never
// by area, so their assignments do not count.
registerSearchSource({ docType: 'concern', readAction: 'concerns.read', excludeRoles: ['department_staff'] });

registerHeaderSearch({ action: '/search', staffAction: '/staff/search', labelKey: 'search.header.label', buttonKey: 'search.header.button' });

export const searchModule: QuartierModule = {
  name: 'search',
  dir: path.dirname(fileURLToPath(import.meta.url)),
  pages,
  api,
  routes: {
    'GET /search': 'public',
    'GET /staff/search': 'staff.use',
    'GET /api/v1/search': 'public',
  },
};
