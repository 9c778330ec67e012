import type { Kysely } from 'kysely';
import { columnTypes } from '../../db/dialect';

/**
 * Sessions, API tokens, login throttling, password reset / invitation tokens and per-tenant signing secrets.
 * Secrets that authenticate (session cookie, API token, reset link) are stored only as SHA-256 hashes.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);

  await db.schema
    .createTable('sessions')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    /** SHA-256 (hex) of the cookie token; the token itself is never stored. */
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('csrf_secret', 'text', (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addColumn('expires_at', t.instant, (c) => c.notNull())
    .addColumn('last_seen_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addPrimaryKeyConstraint('sessions_pk', ['tenant_id', 'id'])
    .addForeignKeyConstraint('sessions_user_fk', ['tenant_id', 'user_id'], 'users', ['tenant_id', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('sessions_user_ix').on('sessions').columns(['tenant_id', 'user_id']).execute();
  await db.schema.createIndex('sessions_expires_ix').on('sessions').columns(['tenant_id', 'expires_at']).execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    /** SHA-256 (hex) of the token. */
    .addColumn('token_hash', 'text', (c) => c.notNull())
    /** The first characters of the token, shown so people can tell their tokens apart. */
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addColumn('last_used_at', t.instant)
    .addColumn('expires_at', t.instant)
    .addColumn('revoked_at', t.instant)
    .addPrimaryKeyConstraint('api_tokens_pk', ['tenant_id', 'id'])
    .addUniqueConstraint('api_tokens_hash_uq', ['tenant_id', 'token_hash'])
    .addForeignKeyConstraint('api_tokens_user_fk', ['tenant_id', 'user_id'], 'users', ['tenant_id', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('api_tokens_user_ix').on('api_tokens').columns(['tenant_id', 'user_id']).execute();

  await db.schema
    .createTable('login_attempts')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    /** 'account' (subject = normalised e-mail) or 'ip' (subject = client address). */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('at', t.instant, (c) => c.notNull())
    .addPrimaryKeyConstraint('login_attempts_pk', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('login_attempts_subject_ix').on('login_attempts').columns(['tenant_id', 'kind', 'subject', 'at']).execute();

  await db.schema
    .createTable('password_tokens')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    /** SHA-256 (hex) of the token in the e-mailed link. */
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    /** 'reset' or 'invite'. */
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addColumn('expires_at', t.instant, (c) => c.notNull())
    .addColumn('used_at', t.instant)
    .addPrimaryKeyConstraint('password_tokens_pk', ['tenant_id', 'id'])
    .addForeignKeyConstraint('password_tokens_user_fk', ['tenant_id', 'user_id'], 'users', ['tenant_id', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('password_tokens_user_ix').on('password_tokens').columns(['tenant_id', 'user_id']).execute();

  /** Per-tenant secrets (e.g. the key that signs the anonymous CSRF cookie), shared by every process. */
  await db.schema
    .createTable('auth_secrets')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addPrimaryKeyConstraint('auth_secrets_pk', ['tenant_id', 'name'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('auth_secrets').execute();
  await db.schema.dropTable('password_tokens').execute();
  await db.schema.dropTable('login_attempts').execute();
  await db.schema.dropTable('api_tokens').execute();
  await db.schema.dropTable('sessions').execute();
}
