/** Kysely table interfaces of the concerns module (see migrations/2026_11_25_1500_concerns_create.ts). */

/** JSON columns: text in SQLite, jsonb (parsed) in PostgreSQL. Write toJson(v), read fromJson(v). */
type JsonColumn = string | object;
/** Booleans: 0/1 in SQLite, true/false in PostgreSQL. Read with toBool. */
type BoolColumn = boolean | number;

export interface CategoryTable {
  tenant_id: string;
  id: string;
  key: string;
  label_de: string;
  label_en: string | null;
  label_ar: string | null;
  department: string | null;
  handling_days: number;
  questions: JsonColumn;
  open311_endpoint: string | null;
  open311_service_code: string | null;
  open311_jurisdiction_id: string | null;
  active: BoolColumn;
  sort_order: number;
  created_at: string;
  updated_at: string;
}

export interface CounterTable {
  tenant_id: string;
  year: number;
  last: number;
}

export interface ConcernTable {
  tenant_id: string;
  id: string;
  number: string;
  category_id: string;
  description: string;
  answers: JsonColumn;
  lat: number | null;
  lon: number | null;
  address: string | null;
  district_number: number | null;
  district_name: string | null;
  area_id: string | null;
  channel: string;
  status: string;
  status_reason: string | null;
  duplicate_of: string | null;
  assignee_id: string | null;
  department: string | null;
  due_date: string | null;
  public: BoolColumn;
  support_count: number;
  submitter_name: string | null;
  submitter_email: string | null;
  submitter_phone: string | null;
  submitter_locale: string | null;
  subscribed: BoolColumn;
  email_confirmed_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  anonymised_at: string | null;
  /** First public answer of staff (public note, public status change, external status); set once, never overwritten. */
  first_answer_at: string | null;
}

export interface EventTable {
  tenant_id: string;
  id: string;
  concern_id: string;
  at: string;
  kind: string;
  visibility: 'public' | 'internal';
  actor_id: string | null;
  actor_label: string;
  from_status: string | null;
  to_status: string | null;
  text: string | null;
  data: JsonColumn;
}

export interface SupporterTable {
  tenant_id: string;
  id: string;
  concern_id: string;
  fingerprint: string;
  ip_hash: string | null;
  email: string | null;
  locale: string | null;
  email_confirmed_at: string | null;
  created_at: string;
}

export interface TokenTable {
  tenant_id: string;
  token_hash: string;
  kind: 'submitter' | 'follower';
  concern_id: string;
  supporter_id: string | null;
  expires_at: string;
  used_at: string | null;
}

export interface ConcernsTables {
  concern_categories: CategoryTable;
  concern_counters: CounterTable;
  concerns: ConcernTable;
  concern_events: EventTable;
  concern_supporters: SupporterTable;
  concern_tokens: TokenTable;
}
