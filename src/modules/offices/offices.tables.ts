/** Kysely table interfaces of the offices module (see migrations/2026_11_25_2010_offices_create.ts). */

/** JSON columns: text in SQLite, jsonb (parsed) in PostgreSQL. Write toJson(v), read fromJson(v). */
type JsonColumn = string | object;
/** Booleans: 0/1 in SQLite, true/false in PostgreSQL. Read with toBool. */
type BoolColumn = boolean | number;

export interface OfficeTable {
  tenant_id: string;
  id: string;
  slug: string;
  name: string;
  area_id: string;
  street: string | null;
  postcode: string | null;
  city: string | null;
  lat: number | null;
  lon: number | null;
  phone: string | null;
  email: string | null;
  description: string | null;
  opening_hours: JsonColumn;
  closed_on_holidays: BoolColumn;
  step_free: BoolColumn;
  accessible_wc: BoolColumn;
  hearing_loop: BoolColumn;
  accessibility_notes: string | null;
  languages: JsonColumn;
  staff_on_duty: string | null;
  created_at: string;
  updated_at: string;
}

export interface ClosureTable {
  tenant_id: string;
  id: string;
  office_id: string;
  from_date: string;
  to_date: string;
  hours: JsonColumn | null;
  reason: string | null;
  created_at: string;
}

export interface RoomTable {
  tenant_id: string;
  id: string;
  office_id: string;
  name: string;
  capacity: number;
  equipment: JsonColumn;
  step_free: BoolColumn;
  accessible_wc: BoolColumn;
  hearing_loop: BoolColumn;
  within_opening_hours: BoolColumn;
  min_minutes: number;
  max_minutes: number;
  lead_hours: number;
  bookable_by: string;
  active: BoolColumn;
  lock_version: number;
  created_at: string;
  updated_at: string;
}

export interface BookingTable {
  tenant_id: string;
  id: string;
  room_id: string;
  title: string;
  purpose: string | null;
  requester_kind: string;
  group_id: string | null;
  offer_id: string | null;
  contact_name: string | null;
  contact_email: string | null;
  contact_locale: string | null;
  status: string;
  start_date: string;
  start_time: string;
  duration_minutes: number;
  rrule: string | null;
  exdates: JsonColumn;
  first_start: string;
  last_end: string;
  decision_note: string | null;
  decided_by: string | null;
  decided_at: string | null;
  sequence: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface OccurrenceTable {
  tenant_id: string;
  booking_id: string;
  date: string;
  room_id: string;
  start_at: string;
  end_at: string;
  cancelled: BoolColumn;
}

export interface CellTable {
  tenant_id: string;
  room_id: string;
  cell_at: string;
  booking_id: string;
  date: string;
}

export interface OfferTable {
  tenant_id: string;
  id: string;
  office_id: string;
  area_id: string;
  room_id: string | null;
  booking_id: string | null;
  group_id: string | null;
  title: string;
  description: string | null;
  start_date: string;
  start_time: string;
  duration_minutes: number;
  rrule: string | null;
  exdates: JsonColumn;
  first_start: string;
  last_end: string;
  target_groups: JsonColumn;
  languages: JsonColumn;
  cost: string | null;
  accessibility_notes: string | null;
  registration: BoolColumn;
  capacity: number | null;
  status: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface RegistrationTable {
  tenant_id: string;
  id: string;
  offer_id: string;
  name: string;
  email: string;
  locale: string | null;
  places: number;
  status: string;
  token_hash: string;
  created_at: string;
  updated_at: string;
}

export interface AttendanceTable {
  tenant_id: string;
  offer_id: string;
  date: string;
  count: number;
  recorded_by: string | null;
  updated_at: string;
}

export interface AdviceTable {
  tenant_id: string;
  id: string;
  office_id: string;
  area_id: string;
  date: string;
  channel: string;
  topics: JsonColumn;
  language: string;
  target_group: string | null;
  referrals: JsonColumn;
  duration_minutes: number;
  follow_up: BoolColumn;
  created_by: string | null;
  created_at: string;
}

export interface OfficesTables {
  offices: OfficeTable;
  office_closures: ClosureTable;
  rooms: RoomTable;
  bookings: BookingTable;
  booking_occurrences: OccurrenceTable;
  booking_cells: CellTable;
  offers: OfferTable;
  offer_registrations: RegistrationTable;
  offer_attendance: AttendanceTable;
  advice_entries: AdviceTable;
}
