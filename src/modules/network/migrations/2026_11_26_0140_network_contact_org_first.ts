import { sql, type Kysely } from 'kysely';

/**
 * Report figures count a contact once per organisation type (and once per logic) among its organisations. Instead of
 * count(distinct contact) — a sort of every link row of the period — each link row says whether it is the contact's
 * first link (by organisation id) of its type, of its logic, and at all (1/0, kept by the network queries on every
 * write of a contact or organisation); the figures then count the rows with the flag set.
 */
export async function up(db: Kysely<any>): Promise<void> {
  for (const col of ['first_of_type', 'first_of_logic', 'first_of_contact']) {
    await db.schema.alterTable('network_contact_orgs').addColumn(col, 'integer', (c) => c.notNull().defaultTo(1)).execute();
  }
  const earlier = (same: string) =>
    sql.raw(`exists (select 1 from network_contact_orgs x where x.tenant_id = network_contact_orgs.tenant_id
      and x.contact_id = network_contact_orgs.contact_id and x.org_id < network_contact_orgs.org_id${same})`);
  await sql`update network_contact_orgs set
      first_of_type = case when ${earlier(' and x.type_id = network_contact_orgs.type_id')} then 0 else 1 end,
      first_of_logic = case when ${earlier(' and x.logic = network_contact_orgs.logic')} then 0 else 1 end,
      first_of_contact = case when ${earlier('')} then 0 else 1 end`.execute(db);
  await db.schema.dropIndex('network_contact_orgs_figures_ix').execute();
  await db.schema
    .createIndex('network_contact_orgs_figures_ix')
    .on('network_contact_orgs')
    .columns(['tenant_id', 'area_id', 'occurred_on', 'type_id', 'logic', 'first_of_type', 'first_of_logic', 'first_of_contact'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('network_contact_orgs_figures_ix').execute();
  await db.schema
    .createIndex('network_contact_orgs_figures_ix')
    .on('network_contact_orgs')
    .columns(['tenant_id', 'area_id', 'occurred_on', 'type_id', 'logic', 'contact_id'])
    .execute();
  for (const col of ['first_of_contact', 'first_of_logic', 'first_of_type']) await db.schema.alterTable('network_contact_orgs').dropColumn(col).execute();
}
