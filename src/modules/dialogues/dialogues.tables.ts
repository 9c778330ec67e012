/** Kysely table interfaces of the dialogues module (see migrations/2026_11_25_2100_dialogues_create.ts). */

/** Booleans: 0/1 in SQLite, true/false in PostgreSQL. Read with toBool. */
type BoolColumn = boolean | number;
/** JSON columns: text in SQLite, jsonb in PostgreSQL. Write toJson(v), read fromJson(v). */
type JsonColumn = string | object;

export interface DialogueTable {
  tenant_id: string;
  id: string;
  title: string;
  goal: string;
  /** Who started the dialogue (free text, e.g. "Bezirksvertretung VII" or "Anwohnerinitiative"). */
  initiator: string;
  phase: string;
  public: BoolColumn;
  /** Public summary for the progress page ("what came of it"). */
  public_summary: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface DialogueAreaTable {
  tenant_id: string;
  dialogue_id: string;
  area_id: string;
}

export interface DialogueTopicTable {
  tenant_id: string;
  dialogue_id: string;
  topic_id: string;
}

export interface DialogueEventTable {
  tenant_id: string;
  id: string;
  dialogue_id: string;
  at: string;
  /** created | phase | participant | meeting | minutes | task | task_status | concern */
  kind: string;
  public: BoolColumn;
  actor_id: string | null;
  data: JsonColumn;
}

export interface ParticipantTable {
  tenant_id: string;
  id: string;
  dialogue_id: string;
  kind: 'organisation' | 'person';
  /** Id in the network module (network_organisations / network_people). */
  ref_id: string;
  logic: string;
  interests: string | null;
  positions: string | null;
  created_at: string;
}

export interface QuestionTable {
  tenant_id: string;
  id: string;
  dialogue_id: string;
  text: string;
  sort_order: number;
}

export interface StanceTable {
  tenant_id: string;
  dialogue_id: string;
  question_id: string;
  participant_id: string;
  stance: 'supports' | 'concerns' | 'neutral';
  note: string | null;
  updated_at: string;
}

export interface DialogueConcernTable {
  tenant_id: string;
  dialogue_id: string;
  concern_id: string;
  concern_number: string;
}

export interface MeetingTable {
  tenant_id: string;
  id: string;
  dialogue_id: string;
  type: string;
  title: string;
  starts_at: string;
  ends_at: string;
  place: string;
  public: BoolColumn;
  registration: BoolColumn;
  capacity: number | null;
  status: 'planned' | 'held' | 'cancelled';
  /** iCalendar SEQUENCE: raised on every change sent to invitees. */
  sequence: number;
  /** A room of a district office (offices module) and the booking requested for the meeting. */
  room_id: string | null;
  booking_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface AgendaItemTable {
  tenant_id: string;
  id: string;
  meeting_id: string;
  position: number;
  title: string;
  minutes: string | null;
  decision: string | null;
  /** Minutes and decision of this item appear on the public progress page. */
  public: BoolColumn;
}

export interface InvitationTable {
  tenant_id: string;
  id: string;
  meeting_id: string;
  email: string;
  sent_at: string;
}

export interface RegistrationTable {
  tenant_id: string;
  id: string;
  meeting_id: string;
  name: string;
  email: string;
  locale: string;
  status: 'confirmed' | 'waiting' | 'cancelled';
  token_hash: string;
  attended: BoolColumn;
  created_at: string;
  updated_at: string;
}

export interface AttendanceTable {
  tenant_id: string;
  meeting_id: string;
  participant_id: string;
}

export interface TaskTable {
  tenant_id: string;
  id: string;
  dialogue_id: string;
  meeting_id: string | null;
  agenda_item_id: string | null;
  title: string;
  /** Who does it: a participant of the dialogue (an organisation or a person). */
  participant_id: string;
  due_date: string;
  status: 'open' | 'in_progress' | 'done' | 'dropped';
  public: BoolColumn;
  done_at: string | null;
  reminded_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface MemberTable {
  tenant_id: string;
  dialogue_id: string;
  user_id: string;
  participant_id: string | null;
  granted_by: string | null;
  granted_at: string;
}

export interface DialoguesTables {
  dialogues: DialogueTable;
  dialogue_areas: DialogueAreaTable;
  dialogue_topics: DialogueTopicTable;
  dialogue_events: DialogueEventTable;
  dialogue_participants: ParticipantTable;
  dialogue_questions: QuestionTable;
  dialogue_stances: StanceTable;
  dialogue_concerns: DialogueConcernTable;
  dialogue_meetings: MeetingTable;
  dialogue_agenda_items: AgendaItemTable;
  dialogue_invitations: InvitationTable;
  dialogue_registrations: RegistrationTable;
  dialogue_attendance: AttendanceTable;
  dialogue_tasks: TaskTable;
  dialogue_members: MemberTable;
}
