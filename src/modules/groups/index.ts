/**
 * Groups module (Gruppen und Initiativen) — the ONLY import surface for other modules.
 *
 * Residents' groups and initiatives on their way to self-sustaining structures: name, programme area, topics,
 * purpose, start date, an optional contact person (a network person with recorded consent, by id), the stage with
 * its history, staff support time per month, independence milestones with dates, the watch lists (close to
 * self-sustaining; support time rising), a public "looking for members" page, publishing a recurring activity as
 * an offer of a district office, and a personal booking link with which the contact person requests rooms for the
 * group (no account). JSON API under /api/v1/groups.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { QuartierModule } from '../../platform/module';
import { registerPersonDataProvider } from '../network';
import { api } from './groups.api';
import { ENTRY, ID, pages, TOKEN } from './groups.pages';
import { erasePersonData, exportPersonData } from './groups.service';

export {
  canOnGroup,
  changeStage,
  createGroup,
  getGroupForStaff,
  getPublicGroup,
  groupForBookingLink,
  listGroupsForStaff,
  listPublicGroups,
  logSupportTime,
  setMilestones,
  updateGroup,
  watchLists,
  type GroupInput,
} from './groups.service';
export { groupActivity } from './groups.figures';
export { MILESTONES, STAGES, isCloseToSelfSustaining, isSupportRising, nextStages, type Milestone, type Stage } from './groups.rules';
export type { Group, PublicGroup } from './groups.types';
export type { GroupsTables } from './groups.tables';
export { seedDemoGroups } from './groups.demo';

// GDPR: the network module's export and erasure of a person include the groups they are contact person of.
registerPersonDataProvider({
  name: 'groups',
  export: (db, personId) => exportPersonData(db, personId),
  erase: async (db, personId) => {
    await erasePersonData(db, personId);
  },
});

export const groupsModule: QuartierModule = {
  name: 'groups',
  dir: path.dirname(fileURLToPath(import.meta.url)),
  pages,
  api,
  routes: {
    'GET /groups': 'public',
    [`GET /groups/${ID}`]: 'public',
    'GET /staff/groups': 'groups.read',
    'GET /staff/groups/new': 'groups.manage',
    'POST /staff/groups': 'groups.manage',
    [`GET /staff/groups/${ID}`]: 'groups.read',
    [`GET /staff/groups/${ID}/edit`]: 'groups.manage',
    [`POST /staff/groups/${ID}`]: 'groups.manage',
    [`POST /staff/groups/${ID}/stage`]: 'groups.manage',
    [`POST /staff/groups/${ID}/support`]: 'groups.manage',
    [`POST /staff/groups/${ID}/support/${ENTRY}/delete`]: 'groups.manage',
    [`POST /staff/groups/${ID}/milestones`]: 'groups.manage',
    [`POST /staff/groups/${ID}/booking-link`]: 'groups.manage',
    [`POST /staff/groups/${ID}/booking-link/revoke`]: 'groups.manage',
    [`POST /staff/groups/${ID}/offers`]: 'groups.manage',
    // The contact person's room request: the personal link is the permission (checked in the service).
    [`GET /groups/booking/${TOKEN}`]: 'public',
    [`POST /groups/booking/${TOKEN}`]: 'public',
    'GET /api/v1/groups': 'groups.read',
    'GET /api/v1/groups/:id': 'groups.read',
    'POST /api/v1/groups': 'groups.manage',
    'PATCH /api/v1/groups/:id': 'groups.manage',
    'POST /api/v1/groups/:id/stage': 'groups.manage',
    'POST /api/v1/groups/:id/support-time': 'groups.manage',
    'PUT /api/v1/groups/:id/milestones': 'groups.manage',
  },
  publicLinks: [{ href: '/groups', labelKey: 'groups.public.link', order: 30 }],
  nav: [{ href: '/staff/groups', labelKey: 'groups.nav.groups', action: 'groups.read', order: 40 }],
};
