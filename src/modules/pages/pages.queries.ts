/** Query functions of the pages module (tenant-bound handle or transaction; SQL only, no rules). */
import type { Kysely } from 'kysely';
import { toBool } from '../../platform/db/dialect';
import { addressLike } from '../accounts';
import type { AccessibilityFeedbackTable, LegalPageVersionTable, PagesTables } from './pages.tables';
import type { Feedback, FeedbackStatus, PageSlug, PageVersion } from './pages.types';

export type Db = Kysely<PagesTables>;

function toVersion(r: LegalPageVersionTable): PageVersion {
  return {
    id: r.id,
    slug: r.slug as PageSlug,
    locale: r.locale,
    version: Number(r.version),
    body: r.body,
    reviewedOn: r.reviewed_on,
    restoredFrom: r.restored_from === null ? null : Number(r.restored_from),
    actorLabel: r.actor_label,
    createdAt: r.created_at,
  };
}

export async function latestVersion(db: Db, slug: PageSlug, locale: string): Promise<PageVersion | null> {
  const r = await db.selectFrom('legal_page_versions').selectAll().where('slug', '=', slug).where('locale', '=', locale).orderBy('version', 'desc').limit(1).executeTakeFirst();
  return r ? toVersion(r) : null;
}

export async function findVersion(db: Db, slug: PageSlug, locale: string, version: number): Promise<PageVersion | null> {
  const r = await db.selectFrom('legal_page_versions').selectAll().where('slug', '=', slug).where('locale', '=', locale).where('version', '=', version).executeTakeFirst();
  return r ? toVersion(r) : null;
}

export async function listVersions(db: Db, slug: PageSlug, locale: string): Promise<PageVersion[]> {
  const rows = await db.selectFrom('legal_page_versions').selectAll().where('slug', '=', slug).where('locale', '=', locale).orderBy('version', 'desc').execute();
  return rows.map(toVersion);
}

/** The current version number of every page and language that has one. */
export async function currentVersions(db: Db): Promise<{ slug: PageSlug; locale: string; version: number; body: string; createdAt: string }[]> {
  const rows = await db
    .selectFrom('legal_page_versions as v')
    .select(['v.slug', 'v.locale', 'v.version', 'v.body', 'v.created_at'])
    .where(({ eb, selectFrom }) =>
      eb(
        'v.version',
        '=',
        selectFrom('legal_page_versions as w')
          .select((e) => e.fn.max('w.version').as('m'))
          .whereRef('w.slug', '=', 'v.slug')
          .whereRef('w.locale', '=', 'v.locale'),
      ),
    )
    .execute();
  return rows.map((r) => ({ slug: r.slug as PageSlug, locale: r.locale, version: Number(r.version), body: r.body, createdAt: r.created_at }));
}

export async function insertVersion(db: Db, row: Omit<LegalPageVersionTable, 'tenant_id' | 'created_at'> & { created_at: string }): Promise<void> {
  await db.insertInto('legal_page_versions').values(row as LegalPageVersionTable).execute();
}

function toFeedback(r: AccessibilityFeedbackTable): Feedback {
  return {
    id: r.id,
    name: r.name,
    email: r.email,
    wantsAnswer: toBool(r.wants_answer),
    pageUrl: r.page_url,
    description: r.description,
    locale: r.locale,
    status: r.status as FeedbackStatus,
    answer: r.answer,
    answeredAt: r.answered_at,
    answeredBy: r.answered_by,
    createdAt: r.created_at,
  };
}

export async function insertFeedback(db: Db, row: Omit<AccessibilityFeedbackTable, 'tenant_id'>): Promise<void> {
  await db.insertInto('accessibility_feedback').values(row as AccessibilityFeedbackTable).execute();
}

export async function findFeedback(db: Db, id: string): Promise<Feedback | null> {
  const r = await db.selectFrom('accessibility_feedback').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toFeedback(r) : null;
}

export async function listFeedback(db: Db, f: { status?: FeedbackStatus | undefined }): Promise<Feedback[]> {
  let q = db.selectFrom('accessibility_feedback').selectAll();
  if (f.status) q = q.where('status', '=', f.status);
  const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(500).execute();
  return rows.map(toFeedback);
}

export async function updateFeedback(db: Db, id: string, patch: Partial<Pick<AccessibilityFeedbackTable, 'status' | 'answer' | 'answered_at' | 'answered_by' | 'updated_at'>>): Promise<void> {
  await db.updateTable('accessibility_feedback').set(patch).where('id', '=', id).execute();
}

/* ---------------------------------------------------------------- an address (residents' accounts, ADR 0022) */

/** Feedback whose address may be this one: `lower(email) LIKE pattern` (candidates; the caller compares exactly). */
export async function feedbackLike(db: Db, pattern: string): Promise<Feedback[]> {
  const rows = await db
    .selectFrom('accessibility_feedback')
    .selectAll()
    .where('email', 'is not', null)
    .where(addressLike('email', pattern))
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toFeedback);
}

/** Removes name and address from feedback (no answer can be sent any more); description, status and answer stay. */
export async function eraseFeedbackContacts(db: Db, ids: string[], now: string): Promise<number> {
  if (ids.length === 0) return 0;
  const r = await db.updateTable('accessibility_feedback').set({ name: null, email: null, wants_answer: false as never, updated_at: now }).where('id', 'in', ids).executeTakeFirst();
  return Number(r.numUpdatedRows);
}
