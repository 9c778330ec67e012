import { sql, type Kysely } from 'kysely';

/**
 * Report figures over the contact log (contacts per organisation type and logic in a period and some programme
 * areas) must not probe the contacts and organisations once per link row: at 300,000 contacts the random lookups
 * cost seconds on SQLite. Each link row of a contact with an organisation therefore carries copies of the contact's
 * day and programme area and of the organisation's type and logic (kept by the network queries on every write of a
 * contact or organisation), and one covering index answers the figures by a range scan of the index alone.
 */
export async function up(db: Kysely<any>): Promise<void> {
  for (const col of ['area_id', 'occurred_on', 'type_id', 'logic']) await db.schema.alterTable('network_contact_orgs').addColumn(col, 'text').execute();
  await sql`update network_contact_orgs set
      area_id = (select c.area_id from network_contacts c where c.tenant_id = network_contact_orgs.tenant_id and c.id = network_contact_orgs.contact_id),
      occurred_on = (select c.occurred_on from network_contacts c where c.tenant_id = network_contact_orgs.tenant_id and c.id = network_contact_orgs.contact_id),
      type_id = (select o.type_id from network_organisations o where o.tenant_id = network_contact_orgs.tenant_id and o.id = network_contact_orgs.org_id),
      logic = (select o.logic from network_organisations o where o.tenant_id = network_contact_orgs.tenant_id and o.id = network_contact_orgs.org_id)`.execute(db);
  await db.schema
    .createIndex('network_contact_orgs_figures_ix')
    .on('network_contact_orgs')
    .columns(['tenant_id', 'area_id', 'occurred_on', 'type_id', 'logic', 'contact_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('network_contact_orgs_figures_ix').execute();
  for (const col of ['logic', 'type_id', 'occurred_on', 'area_id']) await db.schema.alterTable('network_contact_orgs').dropColumn(col).execute();
}
