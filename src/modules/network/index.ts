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

export const networkModule: QuartierModule = {
  name: 'network',
  dir: path.dirname(fileURLToPath(import.meta.url)),
  routes: {},
  nav: [],
};
