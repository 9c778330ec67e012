/**
 * Network module (Akteure und Kontakte) — the ONLY import surface for other modules.
 *
 * Organisations (type catalogue per tenant, logic, programme areas, topics, address and place, contact channels)
 * and their relationships; people (only what the work needs: name, memberships with role and dates, work contact
 * data, the legal basis or consent) visible only in their programme areas; the contact log with follow-ups and
 * e-mail reminders; the network view per programme area and topic; GDPR export and erasure of a person (with
 * person-data providers other modules register) and the review list of inactive people.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { QuartierModule } from '../../platform/module';
import { api } from './network.api';
import { registerNetworkJobs } from './network.jobs';
import { CNS, CNT, MEM, ORG, ORT, PER, REL, pages } from './network.pages';

export { LOGICS, RELATIONSHIP_KINDS, CHANNELS, CONSENT_BASES, CONSENT_METHODS } from './network.types';
export type { Logic, OrganisationRef, PersonRef, RelationshipKind, ContactChannel, AreaScope } from './network.types';
export { getOrganisationRefs, getPersonRefs, listOrganisationChoices, listPersonChoices, touchPeople } from './network.refs';
export { registerPersonDataProvider, type PersonDataProvider } from './network.providers';
export type { NetworkTables } from './network.tables';
export type { Organisation, Person, Contact, Relationship, Membership, Consent, OrgType } from './network.types';
export {
  addConsent,
  addMembership,
  addRelationship,
  createOrganisation,
  createPerson,
  createType,
  ensureTypes,
  erasePerson,
  exportPerson,
  getContact,
  getOrganisation,
  getOrganisationDetail,
  getPerson,
  getPersonDetail,
  listContacts,
  listOrganisations,
  listPeople,
  listTypes,
  logContact,
  networkGraph,
  quietActors,
  removeMembership,
  removeRelationship,
  reviewList,
  setFollowUpDone,
  updateContact,
  updateOrganisation,
  updatePerson,
  updateType,
  withdrawConsent,
  type PersonExport,
} from './network.service';

export { sendFollowUpReminders, registerNetworkJobs } from './network.jobs';
export { DEFAULT_TYPES } from './network.seed';
export { seedDemoNetwork } from './network.demo';
export { contactActivity } from './network.figures';

// The daily follow-up reminder job (the worker claims only kinds with a handler in its process).
registerNetworkJobs();

export const networkModule: QuartierModule = {
  name: 'network',
  dir: path.dirname(fileURLToPath(import.meta.url)),
  pages,
  api,
  routes: {
    'GET /staff/network': 'network.read',
    'GET /staff/network/organisations': 'network.read',
    'GET /staff/network/organisations/export.csv': 'network.read',
    'GET /staff/network/organisations/new': 'network.edit',
    'POST /staff/network/organisations': 'network.edit',
    [`GET /staff/network/organisations/${ORG}`]: 'network.read',
    [`GET /staff/network/organisations/${ORG}/edit`]: 'network.edit',
    [`POST /staff/network/organisations/${ORG}`]: 'network.edit',
    [`POST /staff/network/organisations/${ORG}/relationships`]: 'network.edit',
    [`POST /staff/network/organisations/${ORG}/relationships/${REL}/delete`]: 'network.edit',
    'GET /staff/network/people': 'network.read',
    'GET /staff/network/people/new': 'network.edit',
    'POST /staff/network/people': 'network.edit',
    [`GET /staff/network/people/${PER}`]: 'network.read',
    [`GET /staff/network/people/${PER}/edit`]: 'network.edit',
    [`POST /staff/network/people/${PER}`]: 'network.edit',
    [`POST /staff/network/people/${PER}/memberships`]: 'network.edit',
    [`POST /staff/network/people/${PER}/memberships/${MEM}/delete`]: 'network.edit',
    [`POST /staff/network/people/${PER}/consents`]: 'network.edit',
    [`POST /staff/network/people/${PER}/consents/${CNS}/withdraw`]: 'network.edit',
    [`GET /staff/network/people/${PER}/data`]: 'network.gdpr',
    [`GET /staff/network/people/${PER}/data.json`]: 'network.gdpr',
    [`GET /staff/network/people/${PER}/erase`]: 'network.gdpr',
    [`POST /staff/network/people/${PER}/erase`]: 'network.gdpr',
    'GET /staff/network/review': 'network.gdpr',
    'GET /staff/network/contacts': 'network.read',
    'GET /staff/network/contacts/export.csv': 'network.read',
    'GET /staff/network/contacts/new': 'network.edit',
    'POST /staff/network/contacts': 'network.edit',
    [`GET /staff/network/contacts/${CNT}/edit`]: 'network.edit',
    [`POST /staff/network/contacts/${CNT}`]: 'network.edit',
    [`POST /staff/network/contacts/${CNT}/follow-up`]: 'network.edit',
    'GET /staff/network/quiet': 'network.read',
    'GET /staff/network/types': 'network.types.manage',
    'GET /staff/network/types/new': 'network.types.manage',
    'POST /staff/network/types': 'network.types.manage',
    [`GET /staff/network/types/${ORT}/edit`]: 'network.types.manage',
    [`POST /staff/network/types/${ORT}`]: 'network.types.manage',
    'GET /api/v1/network/organisation-types': 'network.read',
    'GET /api/v1/network/organisations': 'network.read',
    'GET /api/v1/network/organisations/:id': 'network.read',
    'POST /api/v1/network/organisations': 'network.edit',
    'PUT /api/v1/network/organisations/:id': 'network.edit',
    'GET /api/v1/network/people': 'network.read',
    'GET /api/v1/network/people/:id': 'network.read',
    'GET /api/v1/network/contacts': 'network.read',
    'POST /api/v1/network/contacts': 'network.edit',
  },
  nav: [{ href: '/staff/network', labelKey: 'network.nav.main', action: 'network.read', order: 15 }],
};
