import { sql, type Kysely } from 'kysely';
import { columnTypes } from '../../../platform/db/dialect';

/**
 * Residents' accounts (optional): a confirmed e-mail address with an optional display name, a preferred language
 * and notification settings; one-time sign-in links (SHA-256 at rest), resident sessions (separate from staff
 * sessions), and follows of areas, concerns and proposals. tenant_id is first in every primary key and index.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);

  await db.schema
    .createTable('accounts')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    /** Normalised (NFC, trimmed, lower case). */
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text')
    .addColumn('locale', 'text')
    /** Per kind: 'immediate' or 'off' (default off: nothing is sent until the resident chooses it). */
    .addColumn('notify_concerns', 'text', (c) => c.notNull().defaultTo('off'))
    .addColumn('notify_proposals', 'text', (c) => c.notNull().defaultTo('off'))
    .addColumn('notify_areas', 'text', (c) => c.notNull().defaultTo('off'))
    .addColumn('created_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addColumn('updated_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addColumn('last_sign_in_at', t.instant)
    .addPrimaryKeyConstraint('accounts_pk', ['tenant_id', 'id'])
    .addUniqueConstraint('accounts_email_uq', ['tenant_id', 'email'])
    .addCheckConstraint('accounts_notify_ck', sql`notify_concerns in ('immediate','off') and notify_proposals in ('immediate','off') and notify_areas in ('immediate','off')`)
    .execute();

  /** Sign-in links: the address they were sent to (an account may not exist yet), single use, short expiry. */
  await db.schema
    .createTable('account_tokens')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('locale', 'text')
    .addColumn('expires_at', t.instant, (c) => c.notNull())
    .addColumn('used_at', t.instant)
    .addColumn('created_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addPrimaryKeyConstraint('account_tokens_pk', ['tenant_id', 'token_hash'])
    .execute();
  await db.schema.createIndex('account_tokens_email_ix').on('account_tokens').columns(['tenant_id', 'email']).execute();

  /** Resident sessions: id = SHA-256 of the cookie's random token. */
  await db.schema
    .createTable('account_sessions')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('expires_at', t.instant, (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addPrimaryKeyConstraint('account_sessions_pk', ['tenant_id', 'id'])
    .addForeignKeyConstraint('account_sessions_account_fk', ['tenant_id', 'account_id'], 'accounts', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('account_sessions_account_ix').on('account_sessions').columns(['tenant_id', 'account_id']).execute();

  /** What an account follows: an area, a concern or a proposal (ids of the owning modules). */
  await db.schema
    .createTable('account_follows')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addPrimaryKeyConstraint('account_follows_pk', ['tenant_id', 'account_id', 'target_type', 'target_id'])
    .addForeignKeyConstraint('account_follows_account_fk', ['tenant_id', 'account_id'], 'accounts', ['tenant_id', 'id'])
    .addCheckConstraint('account_follows_type_ck', sql`target_type in ('area','concern','proposal')`)
    .execute();
  await db.schema.createIndex('account_follows_target_ix').on('account_follows').columns(['tenant_id', 'target_type', 'target_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['account_follows', 'account_sessions', 'account_tokens', 'accounts']) await db.schema.dropTable(table).ifExists().execute();
}
