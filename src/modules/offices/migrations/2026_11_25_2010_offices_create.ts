import { sql, type Kysely } from 'kysely';
import { columnTypes, dialectOf } from '../../../platform/db/dialect';

/**
 * District offices (Stadtteilbüros): offices with opening hours and closures, rooms with booking rules, bookings
 * (single or recurring) with their materialised occurrences and the 15-minute cells that make double bookings
 * impossible at the database level (primary key per room and cell, see docs/adr), offers (Angebote) with
 * registrations and attendance counts, and the anonymous advice log (Beratung).
 * tenant_id is first in every primary key and index.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  const float = dialectOf(db) === 'postgres' ? sql`double precision` : sql`real`;

  await db.schema
    .createTable('offices')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    /** Programme area the office belongs to (territory module). */
    .addColumn('area_id', 'text', (c) => c.notNull())
    .addColumn('street', 'text')
    .addColumn('postcode', 'text')
    .addColumn('city', 'text')
    .addColumn('lat', float)
    .addColumn('lon', float)
    .addColumn('phone', 'text')
    .addColumn('email', 'text')
    .addColumn('description', 'text')
    /** { "1": [{ "from": "09:00", "to": "12:00" }], … } — ISO weekday → intervals, Europe/Berlin. */
    .addColumn('opening_hours', t.json, (c) => c.notNull())
    .addColumn('closed_on_holidays', t.bool, (c) => c.notNull().defaultTo(t.boolTrue))
    .addColumn('step_free', t.bool, (c) => c.notNull().defaultTo(t.boolFalse))
    .addColumn('accessible_wc', t.bool, (c) => c.notNull().defaultTo(t.boolFalse))
    .addColumn('hearing_loop', t.bool, (c) => c.notNull().defaultTo(t.boolFalse))
    .addColumn('accessibility_notes', 'text')
    /** Language codes spoken by the team, e.g. ["de","tr","ar"]. */
    .addColumn('languages', t.json, (c) => c.notNull())
    /** Who is on duty when (free text, e.g. "Mo–Mi: Stadtteilbüro-Team; Do: Stadtteilarbeit Jugendamt"). */
    .addColumn('staff_on_duty', 'text')
    .addColumn('created_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addColumn('updated_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addPrimaryKeyConstraint('offices_pk', ['tenant_id', 'id'])
    .addUniqueConstraint('offices_slug_uq', ['tenant_id', 'slug'])
    .execute();
  await db.schema.createIndex('offices_area_ix').on('offices').columns(['tenant_id', 'area_id']).execute();

  /** Exceptions to the weekly hours: closed from–to, or special hours on those days. */
  await db.schema
    .createTable('office_closures')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('office_id', 'text', (c) => c.notNull())
    .addColumn('from_date', 'text', (c) => c.notNull())
    .addColumn('to_date', 'text', (c) => c.notNull())
    /** null = closed; otherwise [{from,to}] replacing the weekly hours on these days. */
    .addColumn('hours', t.json)
    .addColumn('reason', 'text')
    .addColumn('created_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addPrimaryKeyConstraint('office_closures_pk', ['tenant_id', 'id'])
    .addForeignKeyConstraint('office_closures_office_fk', ['tenant_id', 'office_id'], 'offices', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('office_closures_office_ix').on('office_closures').columns(['tenant_id', 'office_id', 'to_date']).execute();

  await db.schema
    .createTable('rooms')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('office_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('capacity', 'integer', (c) => c.notNull())
    /** Equipment keys, e.g. ["projector","kitchen","wifi"]. */
    .addColumn('equipment', t.json, (c) => c.notNull())
    .addColumn('step_free', t.bool, (c) => c.notNull().defaultTo(t.boolFalse))
    .addColumn('accessible_wc', t.bool, (c) => c.notNull().defaultTo(t.boolFalse))
    .addColumn('hearing_loop', t.bool, (c) => c.notNull().defaultTo(t.boolFalse))
    /** Booking rules. */
    .addColumn('within_opening_hours', t.bool, (c) => c.notNull().defaultTo(t.boolTrue))
    .addColumn('min_minutes', 'integer', (c) => c.notNull().defaultTo(30))
    .addColumn('max_minutes', 'integer', (c) => c.notNull().defaultTo(240))
    .addColumn('lead_hours', 'integer', (c) => c.notNull().defaultTo(48))
    /** Who may request: staff | groups (staff and groups' contact persons) | public (anyone). */
    .addColumn('bookable_by', 'text', (c) => c.notNull().defaultTo('groups'))
    .addColumn('active', t.bool, (c) => c.notNull().defaultTo(t.boolTrue))
    /** Bumped by every booking write: the first statement of a booking transaction, so it locks the room row. */
    .addColumn('lock_version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addColumn('updated_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addPrimaryKeyConstraint('rooms_pk', ['tenant_id', 'id'])
    .addForeignKeyConstraint('rooms_office_fk', ['tenant_id', 'office_id'], 'offices', ['tenant_id', 'id'])
    .addCheckConstraint('rooms_bookable_by_ck', sql`bookable_by in ('staff','groups','public')`)
    .execute();
  await db.schema.createIndex('rooms_office_ix').on('rooms').columns(['tenant_id', 'office_id']).execute();

  await db.schema
    .createTable('bookings')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('room_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text')
    /** staff (on behalf of someone) | group (a group's contact person) | public (request form) | offer */
    .addColumn('requester_kind', 'text', (c) => c.notNull())
    .addColumn('group_id', 'text')
    .addColumn('offer_id', 'text')
    /** Contact of the requester (private: never on public pages or feeds; erased when the booking is over). */
    .addColumn('contact_name', 'text')
    .addColumn('contact_email', 'text')
    .addColumn('contact_locale', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    /** Series: Berlin date and time of the first occurrence, length, RRULE (null = single), excluded dates. */
    .addColumn('start_date', 'text', (c) => c.notNull())
    .addColumn('start_time', 'text', (c) => c.notNull())
    .addColumn('duration_minutes', 'integer', (c) => c.notNull())
    .addColumn('rrule', 'text')
    .addColumn('exdates', t.json, (c) => c.notNull())
    .addColumn('first_start', t.instant, (c) => c.notNull())
    .addColumn('last_end', t.instant, (c) => c.notNull())
    .addColumn('decision_note', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', t.instant)
    .addColumn('sequence', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text')
    .addColumn('created_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addColumn('updated_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addPrimaryKeyConstraint('bookings_pk', ['tenant_id', 'id'])
    .addForeignKeyConstraint('bookings_room_fk', ['tenant_id', 'room_id'], 'rooms', ['tenant_id', 'id'])
    .addCheckConstraint('bookings_status_ck', sql`status in ('requested','confirmed','declined','cancelled')`)
    .addCheckConstraint('bookings_kind_ck', sql`requester_kind in ('staff','group','public','offer')`)
    .execute();
  await db.schema.createIndex('bookings_room_ix').on('bookings').columns(['tenant_id', 'room_id', 'last_end']).execute();
  await db.schema.createIndex('bookings_status_ix').on('bookings').columns(['tenant_id', 'status', 'first_start']).execute();
  await db.schema.createIndex('bookings_group_ix').on('bookings').columns(['tenant_id', 'group_id']).execute();

  /** Materialised occurrences of a booking (one row per date; cancelled ones stay for the record). */
  await db.schema
    .createTable('booking_occurrences')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('booking_id', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('room_id', 'text', (c) => c.notNull())
    .addColumn('start_at', t.instant, (c) => c.notNull())
    .addColumn('end_at', t.instant, (c) => c.notNull())
    .addColumn('cancelled', t.bool, (c) => c.notNull().defaultTo(t.boolFalse))
    .addPrimaryKeyConstraint('booking_occurrences_pk', ['tenant_id', 'booking_id', 'date'])
    .addForeignKeyConstraint('booking_occurrences_booking_fk', ['tenant_id', 'booking_id'], 'bookings', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('booking_occurrences_room_ix').on('booking_occurrences').columns(['tenant_id', 'room_id', 'start_at']).execute();

  /**
   * The double-booking guard: one row per room and 15-minute cell held by an active (requested or confirmed)
   * occurrence. The primary key makes two holders of one cell impossible, whatever the application does.
   */
  await db.schema
    .createTable('booking_cells')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('room_id', 'text', (c) => c.notNull())
    .addColumn('cell_at', t.instant, (c) => c.notNull())
    .addColumn('booking_id', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('booking_cells_pk', ['tenant_id', 'room_id', 'cell_at'])
    .addForeignKeyConstraint('booking_cells_booking_fk', ['tenant_id', 'booking_id'], 'bookings', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('booking_cells_booking_ix').on('booking_cells').columns(['tenant_id', 'booking_id', 'date']).execute();

  await db.schema
    .createTable('offers')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('office_id', 'text', (c) => c.notNull())
    .addColumn('area_id', 'text', (c) => c.notNull())
    .addColumn('room_id', 'text')
    .addColumn('booking_id', 'text')
    .addColumn('group_id', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('start_date', 'text', (c) => c.notNull())
    .addColumn('start_time', 'text', (c) => c.notNull())
    .addColumn('duration_minutes', 'integer', (c) => c.notNull())
    .addColumn('rrule', 'text')
    .addColumn('exdates', t.json, (c) => c.notNull())
    .addColumn('first_start', t.instant, (c) => c.notNull())
    .addColumn('last_end', t.instant, (c) => c.notNull())
    .addColumn('target_groups', t.json, (c) => c.notNull())
    .addColumn('languages', t.json, (c) => c.notNull())
    .addColumn('cost', 'text')
    .addColumn('accessibility_notes', 'text')
    .addColumn('registration', t.bool, (c) => c.notNull().defaultTo(t.boolFalse))
    .addColumn('capacity', 'integer')
    /** draft | published | cancelled */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addColumn('updated_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addPrimaryKeyConstraint('offers_pk', ['tenant_id', 'id'])
    .addForeignKeyConstraint('offers_office_fk', ['tenant_id', 'office_id'], 'offices', ['tenant_id', 'id'])
    .addCheckConstraint('offers_status_ck', sql`status in ('draft','published','cancelled')`)
    .execute();
  await db.schema.createIndex('offers_area_ix').on('offers').columns(['tenant_id', 'area_id', 'status', 'last_end']).execute();
  await db.schema.createIndex('offers_office_ix').on('offers').columns(['tenant_id', 'office_id', 'status', 'last_end']).execute();

  /** Registrations: name and e-mail only, for the confirmation and the cancellation link (token hash). */
  await db.schema
    .createTable('offer_registrations')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('offer_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('locale', 'text')
    .addColumn('places', 'integer', (c) => c.notNull().defaultTo(1))
    /** registered | waitlisted | cancelled */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addColumn('updated_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addPrimaryKeyConstraint('offer_registrations_pk', ['tenant_id', 'id'])
    .addUniqueConstraint('offer_registrations_token_uq', ['tenant_id', 'token_hash'])
    .addForeignKeyConstraint('offer_registrations_offer_fk', ['tenant_id', 'offer_id'], 'offers', ['tenant_id', 'id'])
    .addCheckConstraint('offer_registrations_status_ck', sql`status in ('registered','waitlisted','cancelled')`)
    .execute();
  await db.schema.createIndex('offer_registrations_offer_ix').on('offer_registrations').columns(['tenant_id', 'offer_id', 'status', 'created_at']).execute();

  /** Attendance per session: a count only. */
  await db.schema
    .createTable('offer_attendance')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('offer_id', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('recorded_by', 'text')
    .addColumn('updated_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addPrimaryKeyConstraint('offer_attendance_pk', ['tenant_id', 'offer_id', 'date'])
    .addForeignKeyConstraint('offer_attendance_offer_fk', ['tenant_id', 'offer_id'], 'offers', ['tenant_id', 'id'])
    .execute();

  /** Advice log: anonymous by design — no names, no free text about the person. */
  await db.schema
    .createTable('advice_entries')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('office_id', 'text', (c) => c.notNull())
    .addColumn('area_id', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('topics', t.json, (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('target_group', 'text')
    .addColumn('referrals', t.json, (c) => c.notNull())
    .addColumn('duration_minutes', 'integer', (c) => c.notNull())
    .addColumn('follow_up', t.bool, (c) => c.notNull().defaultTo(t.boolFalse))
    .addColumn('created_by', 'text')
    .addColumn('created_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addPrimaryKeyConstraint('advice_entries_pk', ['tenant_id', 'id'])
    .addForeignKeyConstraint('advice_entries_office_fk', ['tenant_id', 'office_id'], 'offices', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('advice_entries_office_ix').on('advice_entries').columns(['tenant_id', 'office_id', 'date']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['advice_entries', 'offer_attendance', 'offer_registrations', 'offers', 'booking_cells', 'booking_occurrences', 'bookings', 'rooms', 'office_closures', 'offices']) {
    await db.schema.dropTable(table).execute();
  }
}
