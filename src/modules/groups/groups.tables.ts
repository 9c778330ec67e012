/** Kysely table interfaces of the groups module (see migrations/2026_11_25_2110_groups_create.ts). */

/** Booleans: 0/1 in SQLite, true/false in PostgreSQL. Read with toBool. */
type BoolColumn = boolean | number;

export interface GroupTable {
  tenant_id: string;
  id: string;
  name: string;
  area_id: string;
  purpose: string;
  start_date: string;
  stage: string;
  contact_person_id: string | null;
  public: BoolColumn;
  public_text: string | null;
  meeting_info: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface GroupTopicTable {
  tenant_id: string;
  group_id: string;
  topic_id: string;
}

export interface GroupStageChangeTable {
  tenant_id: string;
  id: string;
  group_id: string;
  at: string;
  from_stage: string | null;
  to_stage: string;
  actor_id: string | null;
  actor_label: string;
  note: string | null;
}

export interface GroupSupportTimeTable {
  tenant_id: string;
  id: string;
  group_id: string;
  month: string;
  minutes: number;
  staff_id: string | null;
  staff_label: string;
  created_at: string;
}

export interface GroupMilestoneTable {
  tenant_id: string;
  group_id: string;
  milestone: string;
  reached_on: string;
  recorded_by: string | null;
  recorded_at: string;
}

export interface GroupBookingLinkTable {
  tenant_id: string;
  token_hash: string;
  id: string;
  group_id: string;
  person_id: string;
  expires_at: string;
  revoked_at: string | null;
  created_by: string | null;
  created_at: string;
}

export interface GroupsTables {
  groups: GroupTable;
  group_topics: GroupTopicTable;
  group_stage_changes: GroupStageChangeTable;
  group_support_time: GroupSupportTimeTable;
  group_milestones: GroupMilestoneTable;
  group_booking_links: GroupBookingLinkTable;
}
