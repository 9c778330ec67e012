/** Domain types of the network module (what services and views see; database rows never leave the queries). */

/** The logic (world) an actor's interests come from. */
export const LOGICS = ['district', 'administration', 'politics', 'institution', 'business'] as const;
export type Logic = (typeof LOGICS)[number];

export const RELATIONSHIP_KINDS = ['cooperates_with', 'member_of', 'funds', 'runs'] as const;
export type RelationshipKind = (typeof RELATIONSHIP_KINDS)[number];

export const CHANNELS = ['in_person', 'phone', 'email', 'event', 'outreach'] as const;
export type ContactChannel = (typeof CHANNELS)[number];

/** Legal basis (Art. 6 (1) GDPR: a consent, b contract, e public task, f legitimate interest). */
export const CONSENT_BASES = ['consent', 'contract', 'legitimate_interest', 'public_task'] as const;
export type ConsentBasis = (typeof CONSENT_BASES)[number];
export const CONSENT_METHODS = ['written', 'verbal', 'email', 'online', 'other'] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];

export interface Labels {
  de: string;
  en: string | null;
  ar: string | null;
}

export interface OrgType {
  id: string;
  key: string;
  labels: Labels;
  defaultLogic: Logic;
  active: boolean;
  sortOrder: number;
}

/** What other modules get for an organisation. */
export type OrganisationRef = { id: string; name: string; typeKey: string; logic: Logic; areaIds: string[] };
/** What other modules get for a person (an erased person keeps the id, name is empty). */
export type PersonRef = { id: string; name: string; organisations: { id: string; name: string; role: string | null }[]; areaIds: string[] };

export interface Organisation {
  id: string;
  name: string;
  typeId: string;
  typeKey: string;
  typeLabels: Labels;
  logic: Logic;
  address: string | null;
  lat: number | null;
  lon: number | null;
  districtNumber: number | null;
  districtName: string | null;
  email: string | null;
  phone: string | null;
  website: string | null;
  channels: string | null;
  notes: string | null;
  areaIds: string[];
  topicIds: string[];
  createdAt: string;
  updatedAt: string;
}

export interface Relationship {
  id: string;
  fromOrgId: string;
  fromName: string;
  toOrgId: string;
  toName: string;
  kind: RelationshipKind;
  startsOn: string | null;
  endsOn: string | null;
  note: string | null;
}

export interface Membership {
  id: string;
  personId: string;
  personName: string;
  orgId: string;
  orgName: string;
  role: string | null;
  startsOn: string | null;
  endsOn: string | null;
}

export interface Consent {
  id: string;
  personId: string;
  basis: ConsentBasis;
  purpose: string;
  method: ConsentMethod;
  givenOn: string;
  withdrawnOn: string | null;
  createdAt: string;
}

export interface Person {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  areaIds: string[];
  createdAt: string;
  updatedAt: string;
  lastActivityAt: string;
  erasedAt: string | null;
}

export interface Contact {
  id: string;
  occurredOn: string;
  channel: ContactChannel;
  areaId: string | null;
  note: string | null;
  followUpOn: string | null;
  followUpDoneAt: string | null;
  reminderSentAt: string | null;
  createdBy: string | null;
  createdAt: string;
  people: { id: string; name: string }[];
  organisations: { id: string; name: string }[];
  topicIds: string[];
}

/** Scope of a list: all areas, or only records in one of these programme areas. */
export type AreaScope = 'all' | string[];
