/** Kysely table interfaces of the network module (see migrations/2026_11_25_2000_network_create.ts). */

/** Booleans: 0/1 in SQLite, true/false in PostgreSQL. Read with toBool. */
type BoolColumn = boolean | number;

export interface OrgTypeTable {
  tenant_id: string;
  id: string;
  key: string;
  label_de: string;
  label_en: string | null;
  label_ar: string | null;
  default_logic: string;
  active: BoolColumn;
  sort_order: number;
  created_at: string;
}

export interface OrganisationTable {
  tenant_id: string;
  id: string;
  name: string;
  type_id: string;
  logic: string;
  address: string | null;
  lat: number | null;
  lon: number | null;
  district_number: number | null;
  district_name: string | null;
  email: string | null;
  phone: string | null;
  website: string | null;
  channels: string | null;
  notes: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface OrgAreaTable {
  tenant_id: string;
  org_id: string;
  area_id: string;
}

export interface OrgTopicTable {
  tenant_id: string;
  org_id: string;
  topic_id: string;
}

export interface RelationshipTable {
  tenant_id: string;
  id: string;
  from_org_id: string;
  to_org_id: string;
  kind: string;
  starts_on: string | null;
  ends_on: string | null;
  note: string | null;
  created_at: string;
}

export interface PersonTable {
  tenant_id: string;
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  last_activity_at: string;
  erased_at: string | null;
}

export interface PersonAreaTable {
  tenant_id: string;
  person_id: string;
  area_id: string;
}

export interface MembershipTable {
  tenant_id: string;
  id: string;
  person_id: string;
  org_id: string;
  role: string | null;
  starts_on: string | null;
  ends_on: string | null;
  created_at: string;
}

export interface ConsentTable {
  tenant_id: string;
  id: string;
  person_id: string;
  basis: string;
  purpose: string;
  method: string;
  given_on: string;
  withdrawn_on: string | null;
  recorded_by: string | null;
  created_at: string;
}

export interface ContactTable {
  tenant_id: string;
  id: string;
  occurred_on: string;
  channel: string;
  area_id: string | null;
  note: string | null;
  follow_up_on: string | null;
  follow_up_done_at: string | null;
  reminder_sent_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface ContactPersonTable {
  tenant_id: string;
  contact_id: string;
  person_id: string;
}

export interface ContactOrgTable {
  tenant_id: string;
  contact_id: string;
  org_id: string;
  /** Copies for the report figures (kept by the queries on every write): the contact's area and day … */
  area_id: string | null;
  occurred_on: string | null;
  /** … and the organisation's type and logic. */
  type_id: string | null;
  logic: string | null;
  /** 1 when this is the contact's first link (by organisation id) of its type / of its logic / at all, else 0. */
  first_of_type: number;
  first_of_logic: number;
  first_of_contact: number;
}

export interface ContactTopicTable {
  tenant_id: string;
  contact_id: string;
  topic_id: string;
}

export interface NetworkTables {
  network_org_types: OrgTypeTable;
  network_organisations: OrganisationTable;
  network_org_areas: OrgAreaTable;
  network_org_topics: OrgTopicTable;
  network_relationships: RelationshipTable;
  network_people: PersonTable;
  network_person_areas: PersonAreaTable;
  network_memberships: MembershipTable;
  network_consents: ConsentTable;
  network_contacts: ContactTable;
  network_contact_people: ContactPersonTable;
  network_contact_orgs: ContactOrgTable;
  network_contact_topics: ContactTopicTable;
}
