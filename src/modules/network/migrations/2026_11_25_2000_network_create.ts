import { sql, type Kysely } from 'kysely';
import { columnTypes, dialectOf } from '../../../platform/db/dialect';

/**
 * Network (Akteure): the organisation type catalogue per tenant, organisations with their programme areas, topics
 * and relationships, people (only what the work needs) with memberships, programme areas and the recorded legal
 * basis/consent, and the contact log with its participants and topics. tenant_id is first in every key and index.
 * Dates without time (founded, from/until, contact day, follow-up day) are ISO `YYYY-MM-DD` text on both databases.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  const float = dialectOf(db) === 'postgres' ? sql`double precision` : sql`real`;

  await db.schema
    .createTable('network_org_types')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('label_de', 'text', (c) => c.notNull())
    .addColumn('label_en', 'text')
    .addColumn('label_ar', 'text')
    /** The logic an organisation of this type usually stands for (pre-selected in the form). */
    .addColumn('default_logic', 'text', (c) => c.notNull())
    .addColumn('active', t.bool, (c) => c.notNull().defaultTo(t.boolTrue))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(100))
    .addColumn('created_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addPrimaryKeyConstraint('network_org_types_pk', ['tenant_id', 'id'])
    .addUniqueConstraint('network_org_types_key_uq', ['tenant_id', 'key'])
    .execute();

  await db.schema
    .createTable('network_organisations')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type_id', 'text', (c) => c.notNull())
    .addColumn('logic', 'text', (c) => c.notNull())
    .addColumn('address', 'text')
    .addColumn('lat', float)
    .addColumn('lon', float)
    .addColumn('district_number', 'integer')
    .addColumn('district_name', 'text')
    /** Work contact channels of the organisation (not of a person). */
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('website', 'text')
    .addColumn('channels', 'text')
    .addColumn('notes', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addColumn('updated_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addPrimaryKeyConstraint('network_organisations_pk', ['tenant_id', 'id'])
    .addForeignKeyConstraint('network_organisations_type_fk', ['tenant_id', 'type_id'], 'network_org_types', ['tenant_id', 'id'])
    .addCheckConstraint('network_organisations_logic_ck', sql`logic in ('district','administration','politics','institution','business')`)
    .execute();
  await db.schema.createIndex('network_organisations_name_ix').on('network_organisations').columns(['tenant_id', 'name']).execute();

  await db.schema
    .createTable('network_org_areas')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('area_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('network_org_areas_pk', ['tenant_id', 'org_id', 'area_id'])
    .addForeignKeyConstraint('network_org_areas_org_fk', ['tenant_id', 'org_id'], 'network_organisations', ['tenant_id', 'id'], (c) => c.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('network_org_areas_area_ix').on('network_org_areas').columns(['tenant_id', 'area_id']).execute();

  await db.schema
    .createTable('network_org_topics')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('topic_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('network_org_topics_pk', ['tenant_id', 'org_id', 'topic_id'])
    .addForeignKeyConstraint('network_org_topics_org_fk', ['tenant_id', 'org_id'], 'network_organisations', ['tenant_id', 'id'], (c) => c.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('network_org_topics_topic_ix').on('network_org_topics').columns(['tenant_id', 'topic_id']).execute();

  await db.schema
    .createTable('network_relationships')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('from_org_id', 'text', (c) => c.notNull())
    .addColumn('to_org_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('starts_on', 'text')
    .addColumn('ends_on', 'text')
    .addColumn('note', 'text')
    .addColumn('created_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addPrimaryKeyConstraint('network_relationships_pk', ['tenant_id', 'id'])
    .addForeignKeyConstraint('network_relationships_from_fk', ['tenant_id', 'from_org_id'], 'network_organisations', ['tenant_id', 'id'], (c) => c.onDelete('cascade'))
    .addForeignKeyConstraint('network_relationships_to_fk', ['tenant_id', 'to_org_id'], 'network_organisations', ['tenant_id', 'id'], (c) => c.onDelete('cascade'))
    .addCheckConstraint('network_relationships_kind_ck', sql`kind in ('cooperates_with','member_of','funds','runs')`)
    .addCheckConstraint('network_relationships_self_ck', sql`from_org_id <> to_org_id`)
    .execute();
  await db.schema.createIndex('network_relationships_from_ix').on('network_relationships').columns(['tenant_id', 'from_org_id']).execute();
  await db.schema.createIndex('network_relationships_to_ix').on('network_relationships').columns(['tenant_id', 'to_org_id']).execute();

  /** People: only name and work contact data. `erased_at` set = anonymised (name and contact data gone, id kept). */
  await db.schema
    .createTable('network_people')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addColumn('updated_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    /** Last write concerning the person (edit, membership, consent, contact); drives the review flag. */
    .addColumn('last_activity_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addColumn('erased_at', t.instant)
    .addPrimaryKeyConstraint('network_people_pk', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('network_people_name_ix').on('network_people').columns(['tenant_id', 'name']).execute();
  await db.schema.createIndex('network_people_activity_ix').on('network_people').columns(['tenant_id', 'last_activity_at']).execute();

  await db.schema
    .createTable('network_person_areas')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('area_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('network_person_areas_pk', ['tenant_id', 'person_id', 'area_id'])
    .addForeignKeyConstraint('network_person_areas_person_fk', ['tenant_id', 'person_id'], 'network_people', ['tenant_id', 'id'], (c) => c.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('network_person_areas_area_ix').on('network_person_areas').columns(['tenant_id', 'area_id']).execute();

  await db.schema
    .createTable('network_memberships')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('role', 'text')
    .addColumn('starts_on', 'text')
    .addColumn('ends_on', 'text')
    .addColumn('created_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addPrimaryKeyConstraint('network_memberships_pk', ['tenant_id', 'id'])
    .addForeignKeyConstraint('network_memberships_person_fk', ['tenant_id', 'person_id'], 'network_people', ['tenant_id', 'id'], (c) => c.onDelete('cascade'))
    .addForeignKeyConstraint('network_memberships_org_fk', ['tenant_id', 'org_id'], 'network_organisations', ['tenant_id', 'id'], (c) => c.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('network_memberships_person_ix').on('network_memberships').columns(['tenant_id', 'person_id']).execute();
  await db.schema.createIndex('network_memberships_org_ix').on('network_memberships').columns(['tenant_id', 'org_id']).execute();

  /** Legal basis or consent per person: when, for what (purpose), how (method); withdrawal keeps the row. */
  await db.schema
    .createTable('network_consents')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('basis', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('given_on', 'text', (c) => c.notNull())
    .addColumn('withdrawn_on', 'text')
    .addColumn('recorded_by', 'text')
    .addColumn('created_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addPrimaryKeyConstraint('network_consents_pk', ['tenant_id', 'id'])
    .addForeignKeyConstraint('network_consents_person_fk', ['tenant_id', 'person_id'], 'network_people', ['tenant_id', 'id'], (c) => c.onDelete('cascade'))
    .addCheckConstraint('network_consents_basis_ck', sql`basis in ('consent','contract','legitimate_interest','public_task')`)
    .addCheckConstraint('network_consents_method_ck', sql`method in ('written','verbal','email','online','other')`)
    .execute();
  await db.schema.createIndex('network_consents_person_ix').on('network_consents').columns(['tenant_id', 'person_id']).execute();

  /** Contact log. area_id null = outside every programme area (only "all areas" roles see it). */
  await db.schema
    .createTable('network_contacts')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('occurred_on', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('area_id', 'text')
    .addColumn('note', 'text')
    .addColumn('follow_up_on', 'text')
    .addColumn('follow_up_done_at', t.instant)
    .addColumn('reminder_sent_at', t.instant)
    .addColumn('created_by', 'text')
    .addColumn('created_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addColumn('updated_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addPrimaryKeyConstraint('network_contacts_pk', ['tenant_id', 'id'])
    .addCheckConstraint('network_contacts_channel_ck', sql`channel in ('in_person','phone','email','event','outreach')`)
    .execute();
  await db.schema.createIndex('network_contacts_area_ix').on('network_contacts').columns(['tenant_id', 'area_id', 'occurred_on']).execute();
  await db.schema.createIndex('network_contacts_follow_ix').on('network_contacts').columns(['tenant_id', 'follow_up_on']).execute();

  for (const [table, col, ref, prefix] of [
    ['network_contact_people', 'person_id', 'network_people', 'network_contact_people'],
    ['network_contact_orgs', 'org_id', 'network_organisations', 'network_contact_orgs'],
  ] as const) {
    await db.schema
      .createTable(table)
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
      .addColumn('contact_id', 'text', (c) => c.notNull())
      .addColumn(col, 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint(`${prefix}_pk`, ['tenant_id', 'contact_id', col])
      .addForeignKeyConstraint(`${prefix}_contact_fk`, ['tenant_id', 'contact_id'], 'network_contacts', ['tenant_id', 'id'], (c) => c.onDelete('cascade'))
      .addForeignKeyConstraint(`${prefix}_ref_fk`, ['tenant_id', col], ref, ['tenant_id', 'id'], (c) => c.onDelete('cascade'))
      .execute();
    await db.schema.createIndex(`${prefix}_ref_ix`).on(table).columns(['tenant_id', col]).execute();
  }
  await db.schema
    .createTable('network_contact_topics')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('contact_id', 'text', (c) => c.notNull())
    .addColumn('topic_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('network_contact_topics_pk', ['tenant_id', 'contact_id', 'topic_id'])
    .addForeignKeyConstraint('network_contact_topics_contact_fk', ['tenant_id', 'contact_id'], 'network_contacts', ['tenant_id', 'id'], (c) => c.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('network_contact_topics_topic_ix').on('network_contact_topics').columns(['tenant_id', 'topic_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'network_contact_topics',
    'network_contact_orgs',
    'network_contact_people',
    'network_contacts',
    'network_consents',
    'network_memberships',
    'network_person_areas',
    'network_people',
    'network_relationships',
    'network_org_topics',
    'network_org_areas',
    'network_organisations',
    'network_org_types',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
