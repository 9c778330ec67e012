import { sql, type Kysely } from 'kysely';
import { columnTypes } from '../../../platform/db/dialect';

/**
 * Groups (residents' groups and initiatives): the group with its programme area, stage and optional contact person
 * (a network person, by id only), its topics, the history of stage changes, staff support time per month,
 * independence milestones with dates, and personal single-purpose booking links for the contact person (stored as
 * SHA-256 of the token). tenant_id is first in every primary key and index.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);

  await db.schema
    .createTable('groups')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('area_id', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    /** Calendar date YYYY-MM-DD. */
    .addColumn('start_date', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    /** A person of the network module (who recorded the person's consent); null = no contact person. */
    .addColumn('contact_person_id', 'text')
    /** Public "looking for members" page: only public_text and meeting_info are shown (no personal data). */
    .addColumn('public', t.bool, (c) => c.notNull().defaultTo(t.boolFalse))
    .addColumn('public_text', 'text')
    .addColumn('meeting_info', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addColumn('updated_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addPrimaryKeyConstraint('groups_pk', ['tenant_id', 'id'])
    .addCheckConstraint(
      'groups_stage_ck',
      sql`stage in ('idea','founded','accompanied','largely_independent','self_sustaining','dormant','ended')`,
    )
    .execute();
  await db.schema.createIndex('groups_area_ix').on('groups').columns(['tenant_id', 'area_id', 'stage']).execute();
  await db.schema.createIndex('groups_contact_ix').on('groups').columns(['tenant_id', 'contact_person_id']).execute();

  await db.schema
    .createTable('group_topics')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('group_id', 'text', (c) => c.notNull())
    .addColumn('topic_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('group_topics_pk', ['tenant_id', 'group_id', 'topic_id'])
    .addForeignKeyConstraint('group_topics_group_fk', ['tenant_id', 'group_id'], 'groups', ['tenant_id', 'id'])
    .execute();

  await db.schema
    .createTable('group_stage_changes')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('group_id', 'text', (c) => c.notNull())
    .addColumn('at', t.instant, (c) => c.notNull().defaultTo(t.now))
    /** null for the first entry (the stage the group was created with). */
    .addColumn('from_stage', 'text')
    .addColumn('to_stage', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_label', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addPrimaryKeyConstraint('group_stage_changes_pk', ['tenant_id', 'id'])
    .addForeignKeyConstraint('group_stage_changes_group_fk', ['tenant_id', 'group_id'], 'groups', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('group_stage_changes_group_ix').on('group_stage_changes').columns(['tenant_id', 'group_id', 'at']).execute();

  /** Staff support time: one row per entry; a month is 'YYYY-MM'; minutes as an integer (hours × 60). */
  await db.schema
    .createTable('group_support_time')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('group_id', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('minutes', 'integer', (c) => c.notNull())
    .addColumn('staff_id', 'text')
    .addColumn('staff_label', 'text', (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addPrimaryKeyConstraint('group_support_time_pk', ['tenant_id', 'id'])
    .addForeignKeyConstraint('group_support_time_group_fk', ['tenant_id', 'group_id'], 'groups', ['tenant_id', 'id'])
    .addCheckConstraint('group_support_time_minutes_ck', sql`minutes > 0`)
    .execute();
  await db.schema.createIndex('group_support_time_group_ix').on('group_support_time').columns(['tenant_id', 'group_id', 'month']).execute();
  await db.schema.createIndex('group_support_time_month_ix').on('group_support_time').columns(['tenant_id', 'month']).execute();

  /** Independence milestones: one row per reached milestone, with the date it was reached. */
  await db.schema
    .createTable('group_milestones')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('group_id', 'text', (c) => c.notNull())
    .addColumn('milestone', 'text', (c) => c.notNull())
    .addColumn('reached_on', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text')
    .addColumn('recorded_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addPrimaryKeyConstraint('group_milestones_pk', ['tenant_id', 'group_id', 'milestone'])
    .addForeignKeyConstraint('group_milestones_group_fk', ['tenant_id', 'group_id'], 'groups', ['tenant_id', 'id'])
    .addCheckConstraint(
      'group_milestones_milestone_ck',
      sql`milestone in ('own_contact','regular_meetings','meets_without_staff','books_own_room','own_funding','own_publicity','handover_done')`,
    )
    .execute();

  /** Personal, expiring, single-purpose links for the contact person to request room bookings (SHA-256 at rest). */
  await db.schema
    .createTable('group_booking_links')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('group_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('expires_at', t.instant, (c) => c.notNull())
    .addColumn('revoked_at', t.instant)
    .addColumn('created_by', 'text')
    .addColumn('created_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addPrimaryKeyConstraint('group_booking_links_pk', ['tenant_id', 'token_hash'])
    .addUniqueConstraint('group_booking_links_id_uq', ['tenant_id', 'id'])
    .addForeignKeyConstraint('group_booking_links_group_fk', ['tenant_id', 'group_id'], 'groups', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('group_booking_links_group_ix').on('group_booking_links').columns(['tenant_id', 'group_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['group_booking_links', 'group_milestones', 'group_support_time', 'group_stage_changes', 'group_topics', 'groups']) {
    await db.schema.dropTable(table).execute();
  }
}
