import { sql, type Kysely } from 'kysely';
import { columnTypes } from '../../../platform/db/dialect';

/**
 * Dialogues: moderated dialogue processes with programme areas, topics, phases (history in dialogue_events),
 * participants (network organisations/people) with their logic, interests and positions, the interest map
 * (questions × participants → stance), linked concerns, meetings with agenda, invitations, public registration
 * (capacity, waiting list), attendance, minutes and decisions per agenda item, agreements/tasks, and per-dialogue
 * access grants for participants' accounts. tenant_id is first in every primary key and index.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  const base = (name: string) => db.schema.createTable(name).addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'));

  await base('dialogues')
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('goal', 'text', (c) => c.notNull())
    .addColumn('initiator', 'text', (c) => c.notNull())
    .addColumn('phase', 'text', (c) => c.notNull())
    .addColumn('public', t.bool, (c) => c.notNull().defaultTo(t.boolFalse))
    .addColumn('public_summary', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addColumn('updated_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addPrimaryKeyConstraint('dialogues_pk', ['tenant_id', 'id'])
    .addCheckConstraint('dialogues_phase_ck', sql`phase in ('started','clarifying','developing','agreed','implementing','closed')`)
    .execute();
  await db.schema.createIndex('dialogues_updated_ix').on('dialogues').columns(['tenant_id', 'updated_at']).execute();

  await base('dialogue_areas')
    .addColumn('dialogue_id', 'text', (c) => c.notNull())
    .addColumn('area_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('dialogue_areas_pk', ['tenant_id', 'dialogue_id', 'area_id'])
    .addForeignKeyConstraint('dialogue_areas_dialogue_fk', ['tenant_id', 'dialogue_id'], 'dialogues', ['tenant_id', 'id'], (c) => c.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('dialogue_areas_area_ix').on('dialogue_areas').columns(['tenant_id', 'area_id']).execute();

  await base('dialogue_topics')
    .addColumn('dialogue_id', 'text', (c) => c.notNull())
    .addColumn('topic_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('dialogue_topics_pk', ['tenant_id', 'dialogue_id', 'topic_id'])
    .addForeignKeyConstraint('dialogue_topics_dialogue_fk', ['tenant_id', 'dialogue_id'], 'dialogues', ['tenant_id', 'id'], (c) => c.onDelete('cascade'))
    .execute();

  await base('dialogue_events')
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('dialogue_id', 'text', (c) => c.notNull())
    .addColumn('at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('public', t.bool, (c) => c.notNull().defaultTo(t.boolFalse))
    .addColumn('actor_id', 'text')
    .addColumn('data', t.json, (c) => c.notNull())
    .addPrimaryKeyConstraint('dialogue_events_pk', ['tenant_id', 'id'])
    .addForeignKeyConstraint('dialogue_events_dialogue_fk', ['tenant_id', 'dialogue_id'], 'dialogues', ['tenant_id', 'id'], (c) => c.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('dialogue_events_dialogue_ix').on('dialogue_events').columns(['tenant_id', 'dialogue_id', 'at']).execute();

  await base('dialogue_participants')
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('dialogue_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('ref_id', 'text', (c) => c.notNull())
    .addColumn('logic', 'text', (c) => c.notNull())
    .addColumn('interests', 'text')
    .addColumn('positions', 'text')
    .addColumn('created_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addPrimaryKeyConstraint('dialogue_participants_pk', ['tenant_id', 'id'])
    .addUniqueConstraint('dialogue_participants_ref_uq', ['tenant_id', 'dialogue_id', 'kind', 'ref_id'])
    .addForeignKeyConstraint('dialogue_participants_dialogue_fk', ['tenant_id', 'dialogue_id'], 'dialogues', ['tenant_id', 'id'], (c) => c.onDelete('cascade'))
    .addCheckConstraint('dialogue_participants_kind_ck', sql`kind in ('organisation','person')`)
    .execute();
  await db.schema.createIndex('dialogue_participants_ref_ix').on('dialogue_participants').columns(['tenant_id', 'kind', 'ref_id']).execute();

  await base('dialogue_questions')
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('dialogue_id', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('dialogue_questions_pk', ['tenant_id', 'id'])
    .addForeignKeyConstraint('dialogue_questions_dialogue_fk', ['tenant_id', 'dialogue_id'], 'dialogues', ['tenant_id', 'id'], (c) => c.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('dialogue_questions_dialogue_ix').on('dialogue_questions').columns(['tenant_id', 'dialogue_id']).execute();

  await base('dialogue_stances')
    .addColumn('dialogue_id', 'text', (c) => c.notNull())
    .addColumn('question_id', 'text', (c) => c.notNull())
    .addColumn('participant_id', 'text', (c) => c.notNull())
    .addColumn('stance', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('updated_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addPrimaryKeyConstraint('dialogue_stances_pk', ['tenant_id', 'question_id', 'participant_id'])
    .addForeignKeyConstraint('dialogue_stances_question_fk', ['tenant_id', 'question_id'], 'dialogue_questions', ['tenant_id', 'id'], (c) => c.onDelete('cascade'))
    .addForeignKeyConstraint('dialogue_stances_participant_fk', ['tenant_id', 'participant_id'], 'dialogue_participants', ['tenant_id', 'id'], (c) => c.onDelete('cascade'))
    .addCheckConstraint('dialogue_stances_ck', sql`stance in ('supports','concerns','neutral')`)
    .execute();
  await db.schema.createIndex('dialogue_stances_dialogue_ix').on('dialogue_stances').columns(['tenant_id', 'dialogue_id']).execute();

  await base('dialogue_concerns')
    .addColumn('dialogue_id', 'text', (c) => c.notNull())
    .addColumn('concern_id', 'text', (c) => c.notNull())
    .addColumn('concern_number', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('dialogue_concerns_pk', ['tenant_id', 'dialogue_id', 'concern_id'])
    .addForeignKeyConstraint('dialogue_concerns_dialogue_fk', ['tenant_id', 'dialogue_id'], 'dialogues', ['tenant_id', 'id'], (c) => c.onDelete('cascade'))
    .execute();

  await base('dialogue_meetings')
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('dialogue_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('starts_at', t.instant, (c) => c.notNull())
    .addColumn('ends_at', t.instant, (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('public', t.bool, (c) => c.notNull().defaultTo(t.boolFalse))
    .addColumn('registration', t.bool, (c) => c.notNull().defaultTo(t.boolFalse))
    .addColumn('capacity', 'integer')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('planned'))
    .addColumn('sequence', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addColumn('updated_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addPrimaryKeyConstraint('dialogue_meetings_pk', ['tenant_id', 'id'])
    .addForeignKeyConstraint('dialogue_meetings_dialogue_fk', ['tenant_id', 'dialogue_id'], 'dialogues', ['tenant_id', 'id'], (c) => c.onDelete('cascade'))
    .addCheckConstraint('dialogue_meetings_type_ck', sql`type in ('district_conference','round_table','working_group','residents_assembly')`)
    .addCheckConstraint('dialogue_meetings_status_ck', sql`status in ('planned','held','cancelled')`)
    .execute();
  await db.schema.createIndex('dialogue_meetings_dialogue_ix').on('dialogue_meetings').columns(['tenant_id', 'dialogue_id', 'starts_at']).execute();
  await db.schema.createIndex('dialogue_meetings_starts_ix').on('dialogue_meetings').columns(['tenant_id', 'starts_at']).execute();

  await base('dialogue_agenda_items')
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('meeting_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('minutes', 'text')
    .addColumn('decision', 'text')
    .addColumn('public', t.bool, (c) => c.notNull().defaultTo(t.boolFalse))
    .addPrimaryKeyConstraint('dialogue_agenda_items_pk', ['tenant_id', 'id'])
    .addForeignKeyConstraint('dialogue_agenda_items_meeting_fk', ['tenant_id', 'meeting_id'], 'dialogue_meetings', ['tenant_id', 'id'], (c) => c.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('dialogue_agenda_items_meeting_ix').on('dialogue_agenda_items').columns(['tenant_id', 'meeting_id', 'position']).execute();

  await base('dialogue_invitations')
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('meeting_id', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('sent_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addPrimaryKeyConstraint('dialogue_invitations_pk', ['tenant_id', 'id'])
    .addUniqueConstraint('dialogue_invitations_uq', ['tenant_id', 'meeting_id', 'email'])
    .addForeignKeyConstraint('dialogue_invitations_meeting_fk', ['tenant_id', 'meeting_id'], 'dialogue_meetings', ['tenant_id', 'id'], (c) => c.onDelete('cascade'))
    .execute();

  await base('dialogue_registrations')
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('meeting_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('attended', t.bool, (c) => c.notNull().defaultTo(t.boolFalse))
    .addColumn('created_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addColumn('updated_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addPrimaryKeyConstraint('dialogue_registrations_pk', ['tenant_id', 'id'])
    .addUniqueConstraint('dialogue_registrations_token_uq', ['tenant_id', 'token_hash'])
    .addForeignKeyConstraint('dialogue_registrations_meeting_fk', ['tenant_id', 'meeting_id'], 'dialogue_meetings', ['tenant_id', 'id'], (c) => c.onDelete('cascade'))
    .addCheckConstraint('dialogue_registrations_status_ck', sql`status in ('confirmed','waiting','cancelled')`)
    .execute();
  await db.schema.createIndex('dialogue_registrations_meeting_ix').on('dialogue_registrations').columns(['tenant_id', 'meeting_id', 'status', 'created_at']).execute();

  await base('dialogue_attendance')
    .addColumn('meeting_id', 'text', (c) => c.notNull())
    .addColumn('participant_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('dialogue_attendance_pk', ['tenant_id', 'meeting_id', 'participant_id'])
    .addForeignKeyConstraint('dialogue_attendance_meeting_fk', ['tenant_id', 'meeting_id'], 'dialogue_meetings', ['tenant_id', 'id'], (c) => c.onDelete('cascade'))
    .addForeignKeyConstraint('dialogue_attendance_participant_fk', ['tenant_id', 'participant_id'], 'dialogue_participants', ['tenant_id', 'id'], (c) => c.onDelete('cascade'))
    .execute();

  await base('dialogue_tasks')
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('dialogue_id', 'text', (c) => c.notNull())
    .addColumn('meeting_id', 'text')
    .addColumn('agenda_item_id', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('participant_id', 'text', (c) => c.notNull())
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
    .addColumn('public', t.bool, (c) => c.notNull().defaultTo(t.boolFalse))
    .addColumn('done_at', t.instant)
    .addColumn('reminded_at', t.instant)
    .addColumn('created_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addColumn('updated_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addPrimaryKeyConstraint('dialogue_tasks_pk', ['tenant_id', 'id'])
    .addForeignKeyConstraint('dialogue_tasks_dialogue_fk', ['tenant_id', 'dialogue_id'], 'dialogues', ['tenant_id', 'id'], (c) => c.onDelete('cascade'))
    .addForeignKeyConstraint('dialogue_tasks_participant_fk', ['tenant_id', 'participant_id'], 'dialogue_participants', ['tenant_id', 'id'])
    .addCheckConstraint('dialogue_tasks_status_ck', sql`status in ('open','in_progress','done','dropped')`)
    .execute();
  await db.schema.createIndex('dialogue_tasks_dialogue_ix').on('dialogue_tasks').columns(['tenant_id', 'dialogue_id', 'due_date']).execute();
  await db.schema.createIndex('dialogue_tasks_due_ix').on('dialogue_tasks').columns(['tenant_id', 'status', 'due_date']).execute();

  await base('dialogue_members')
    .addColumn('dialogue_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('participant_id', 'text')
    .addColumn('granted_by', 'text')
    .addColumn('granted_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addPrimaryKeyConstraint('dialogue_members_pk', ['tenant_id', 'dialogue_id', 'user_id'])
    .addForeignKeyConstraint('dialogue_members_dialogue_fk', ['tenant_id', 'dialogue_id'], 'dialogues', ['tenant_id', 'id'], (c) => c.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('dialogue_members_user_ix').on('dialogue_members').columns(['tenant_id', 'user_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'dialogue_members',
    'dialogue_tasks',
    'dialogue_attendance',
    'dialogue_registrations',
    'dialogue_invitations',
    'dialogue_agenda_items',
    'dialogue_meetings',
    'dialogue_concerns',
    'dialogue_stances',
    'dialogue_questions',
    'dialogue_participants',
    'dialogue_events',
    'dialogue_topics',
    'dialogue_areas',
    'dialogues',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
