import { sql, type Kysely } from 'kysely';
import { columnTypes } from '../../../platform/db/dialect';

/**
 * Participation (Beteiligung): proposals per programme area with supports, comments with reports and moderation,
 * a public timeline of staff answers, surveys with questions and anonymous responses, and one-time e-mail links.
 * tenant_id is first in every primary key and index. E-mail addresses live only in nullable columns of
 * participation_proposals, participation_supports and participation_comments (deleted on withdrawal / GDPR
 * erasure); survey answers carry neither an address nor an IP. account_id columns are ready for residents'
 * accounts (a supporter identified by an account instead of a confirmed e-mail).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);

  /** Per-area settings: publish proposals only after staff approval (besides the e-mail confirmation). */
  await db.schema
    .createTable('participation_area_settings')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('area_id', 'text', (c) => c.notNull())
    .addColumn('require_approval', t.bool, (c) => c.notNull().defaultTo(t.boolFalse))
    .addColumn('updated_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addPrimaryKeyConstraint('participation_area_settings_pk', ['tenant_id', 'area_id'])
    .execute();

  await db.schema
    .createTable('participation_proposals')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('area_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    /** Public (optional) display name; the e-mail is private and erasable. */
    .addColumn('author_name', 'text')
    .addColumn('author_email', 'text')
    .addColumn('author_account_id', 'text')
    .addColumn('author_locale', 'text')
    .addColumn('email_confirmed_at', t.instant)
    /** not_needed | pending | approved | rejected */
    .addColumn('approval', 'text', (c) => c.notNull())
    .addColumn('published_at', t.instant)
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('answer', 'text')
    .addColumn('answered_at', t.instant)
    .addColumn('support_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addColumn('updated_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addPrimaryKeyConstraint('participation_proposals_pk', ['tenant_id', 'id'])
    .addCheckConstraint('participation_proposals_status_ck', sql`status in ('submitted','in_review','accepted','in_implementation','done','not_possible')`)
    .addCheckConstraint('participation_proposals_approval_ck', sql`approval in ('not_needed','pending','approved','rejected')`)
    .execute();
  await db.schema.createIndex('participation_proposals_area_ix').on('participation_proposals').columns(['tenant_id', 'area_id', 'published_at']).execute();

  /** The public timeline of a proposal (created, published, status changes and answers). */
  await db.schema
    .createTable('participation_events')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('proposal_id', 'text', (c) => c.notNull())
    .addColumn('at', t.instant, (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text')
    .addColumn('text', 'text')
    .addColumn('actor_label', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('participation_events_pk', ['tenant_id', 'id'])
    .addForeignKeyConstraint('participation_events_proposal_fk', ['tenant_id', 'proposal_id'], 'participation_proposals', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('participation_events_proposal_ix').on('participation_events').columns(['tenant_id', 'proposal_id', 'at']).execute();

  /** One support per normalised e-mail and proposal (the unique key holds under parallel requests). */
  await db.schema
    .createTable('participation_supports')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('proposal_id', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('account_id', 'text')
    .addColumn('locale', 'text')
    .addColumn('confirmed_at', t.instant)
    .addColumn('created_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addPrimaryKeyConstraint('participation_supports_pk', ['tenant_id', 'id'])
    .addUniqueConstraint('participation_supports_email_uq', ['tenant_id', 'proposal_id', 'email'])
    .addUniqueConstraint('participation_supports_account_uq', ['tenant_id', 'proposal_id', 'account_id'])
    .addForeignKeyConstraint('participation_supports_proposal_fk', ['tenant_id', 'proposal_id'], 'participation_proposals', ['tenant_id', 'id'])
    .execute();

  await db.schema
    .createTable('participation_comments')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('proposal_id', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('author_name', 'text')
    .addColumn('author_email', 'text')
    .addColumn('author_account_id', 'text')
    .addColumn('confirmed_at', t.instant)
    .addColumn('hidden_at', t.instant)
    .addColumn('hidden_reason', 'text')
    .addColumn('hidden_by', 'text')
    .addColumn('created_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addPrimaryKeyConstraint('participation_comments_pk', ['tenant_id', 'id'])
    .addForeignKeyConstraint('participation_comments_proposal_fk', ['tenant_id', 'proposal_id'], 'participation_proposals', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('participation_comments_proposal_ix').on('participation_comments').columns(['tenant_id', 'proposal_id', 'created_at']).execute();

  await db.schema
    .createTable('participation_reports')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('comment_id', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('text', 'text')
    /** open | dismissed | upheld */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('decided_at', t.instant)
    .addColumn('decided_by', 'text')
    .addColumn('created_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addPrimaryKeyConstraint('participation_reports_pk', ['tenant_id', 'id'])
    .addForeignKeyConstraint('participation_reports_comment_fk', ['tenant_id', 'comment_id'], 'participation_comments', ['tenant_id', 'id'])
    .addCheckConstraint('participation_reports_status_ck', sql`status in ('open','dismissed','upheld')`)
    .execute();
  await db.schema.createIndex('participation_reports_status_ix').on('participation_reports').columns(['tenant_id', 'status', 'comment_id']).execute();

  /** One-time links from e-mails (SHA-256 of the token at rest): confirm a proposal, support, comment or survey response; withdraw a support. */
  await db.schema
    .createTable('participation_tokens')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('expires_at', t.instant, (c) => c.notNull())
    .addColumn('used_at', t.instant)
    .addPrimaryKeyConstraint('participation_tokens_pk', ['tenant_id', 'token_hash'])
    .addCheckConstraint('participation_tokens_kind_ck', sql`kind in ('proposal','support','comment','response','withdraw')`)
    .execute();
  await db.schema.createIndex('participation_tokens_target_ix').on('participation_tokens').columns(['tenant_id', 'target_id']).execute();

  await db.schema
    .createTable('participation_surveys')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('area_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('intro', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('opened_at', t.instant)
    .addColumn('closed_at', t.instant)
    .addColumn('created_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addColumn('updated_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addPrimaryKeyConstraint('participation_surveys_pk', ['tenant_id', 'id'])
    .addCheckConstraint('participation_surveys_status_ck', sql`status in ('draft','open','closed')`)
    .execute();
  await db.schema.createIndex('participation_surveys_area_ix').on('participation_surveys').columns(['tenant_id', 'area_id', 'status']).execute();

  await db.schema
    .createTable('participation_questions')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('survey_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('prompt', 'text', (c) => c.notNull())
    .addColumn('required', t.bool, (c) => c.notNull())
    /** Choice options (single/multiple), as a JSON list of strings. */
    .addColumn('options', t.json, (c) => c.notNull())
    .addPrimaryKeyConstraint('participation_questions_pk', ['tenant_id', 'id'])
    .addForeignKeyConstraint('participation_questions_survey_fk', ['tenant_id', 'survey_id'], 'participation_surveys', ['tenant_id', 'id'])
    .addCheckConstraint('participation_questions_kind_ck', sql`kind in ('single','multiple','text','rating')`)
    .execute();

  /** A response holds no address, no e-mail and no browser id: only whether an e-mail link confirmed it. */
  await db.schema
    .createTable('participation_responses')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('survey_id', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', t.instant)
    .addColumn('created_at', t.instant, (c) => c.notNull().defaultTo(t.now))
    .addPrimaryKeyConstraint('participation_responses_pk', ['tenant_id', 'id'])
    .addForeignKeyConstraint('participation_responses_survey_fk', ['tenant_id', 'survey_id'], 'participation_surveys', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('participation_responses_survey_ix').on('participation_responses').columns(['tenant_id', 'survey_id']).execute();

  /** One value per row (a multiple choice gives one row per chosen option). Free text is public only once released. */
  await db.schema
    .createTable('participation_answers')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('response_id', 'text', (c) => c.notNull())
    .addColumn('survey_id', 'text', (c) => c.notNull())
    .addColumn('question_id', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('released_at', t.instant)
    .addPrimaryKeyConstraint('participation_answers_pk', ['tenant_id', 'id'])
    .addForeignKeyConstraint('participation_answers_response_fk', ['tenant_id', 'response_id'], 'participation_responses', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('participation_answers_survey_ix').on('participation_answers').columns(['tenant_id', 'survey_id', 'question_id']).execute();

  /** Keyed hashes of the e-mails that confirmed a response (one per survey), kept apart from the answers. */
  await db.schema
    .createTable('participation_survey_emails')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('survey_id', 'text', (c) => c.notNull())
    .addColumn('email_hash', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('participation_survey_emails_pk', ['tenant_id', 'survey_id', 'email_hash'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'participation_survey_emails',
    'participation_answers',
    'participation_responses',
    'participation_questions',
    'participation_surveys',
    'participation_tokens',
    'participation_reports',
    'participation_comments',
    'participation_supports',
    'participation_events',
    'participation_proposals',
    'participation_area_settings',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
