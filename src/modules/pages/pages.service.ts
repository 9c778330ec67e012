/**
 * Use cases of the pages module. Writes: authorize (policy) → validate (field errors; nothing changed) →
 * transaction → write → audit (same transaction) → jobs (outbox, same transaction).
 *
 * Page texts: every save is a new version of the page in one language; restoring writes a new version with the
 * old text (the history is never rewritten). Reading falls back from the requested language to German and from
 * German to the built-in default text.
 *
 * Feedback on accessibility: stored, then e-mailed by jobs to every active admin and (when the sender gave an
 * address) confirmed to the sender. Names, addresses, descriptions and answers never enter the audit log — only
 * that they were given or changed.
 */
import type { Kysely } from 'kysely';
import { recordAudit, type AuditTables } from '../../platform/audit';
import { authorize } from '../../platform/auth/policy';
import { nowIso } from '../../platform/db/dialect';
import { errors, type FieldError } from '../../platform/errors';
import { actorOf, type ServiceContext } from '../../platform/http/context';
import { parseOrThrow } from '../../platform/http/forms';
import { DEFAULT_LOCALE, type Locale } from '../../platform/i18n';
import { newId } from '../../platform/ids';
import { enqueue } from '../../platform/jobs';
import { DEFAULT_TEXTS } from './pages.defaults';
import { parseMarkdown } from './pages.markdown';
import * as q from './pages.queries';
import { indexPage } from './pages.search';
import { feedbackFormSchema, feedbackUpdateSchema, pageFormSchema } from './pages.schema';
import type { Feedback, FeedbackStatus, PageSlug, PageVersion, ResolvedPage } from './pages.types';

const dbOf = (ctx: Pick<ServiceContext, 'db'>) => ctx.db as unknown as Kysely<any>;
/** The module's typed view of a handle or transaction. */
const typed = (d: Kysely<any>) => d as unknown as q.Db;

/** The text a visitor sees: the language asked for, else German, else the default text. */
export async function resolvePage(db: Kysely<any>, slug: PageSlug, locale: Locale): Promise<ResolvedPage> {
  const d = db as unknown as q.Db;
  const own = await q.latestVersion(d, slug, locale);
  const german = own || locale === DEFAULT_LOCALE ? null : await q.latestVersion(d, slug, DEFAULT_LOCALE);
  const v = own ?? german;
  if (v) return { slug, body: v.body, locale: v.locale, fallback: !own, isDefault: false, version: v.version, reviewedOn: v.reviewedOn, updatedAt: v.createdAt };
  return { slug, body: DEFAULT_TEXTS[slug], locale: DEFAULT_LOCALE, fallback: locale !== DEFAULT_LOCALE, isDefault: true, version: 0, reviewedOn: null, updatedAt: null };
}

/** Field errors for text that does not follow the Markdown subset (refused links or video addresses). */
export function markdownErrors(body: string): FieldError[] {
  const { problems } = parseMarkdown(body);
  const first = problems[0];
  if (!first) return [];
  return [{ field: 'body', key: first.kind === 'badLink' ? 'pages.error.badLink' : 'pages.error.badVideo', params: { line: first.line, value: first.value.slice(0, 80) } }];
}

export async function listVersions(ctx: ServiceContext, slug: PageSlug, locale: Locale): Promise<PageVersion[]> {
  authorize(ctx.user, 'pages.manage');
  return q.listVersions(typed(dbOf(ctx)), slug, locale);
}

/** The current state of every page and language (for the staff list). */
export async function pageOverview(ctx: ServiceContext): Promise<Awaited<ReturnType<typeof q.currentVersions>>> {
  authorize(ctx.user, 'pages.manage');
  return q.currentVersions(dbOf(ctx));
}

async function writeVersion(ctx: ServiceContext, slug: PageSlug, locale: Locale, body: string, reviewedOn: string | null, restoredFrom: number | null): Promise<PageVersion> {
  return dbOf(ctx)
    .transaction()
    .execute(async (trx) => {
      const before = await q.latestVersion(typed(trx), slug, locale);
      const version = (before?.version ?? 0) + 1;
      const createdAt = nowIso();
      const id = newId('pgv');
      const actor = actorOf(ctx);
      await q.insertVersion(typed(trx), { id, slug, locale, version, body, reviewed_on: reviewedOn, restored_from: restoredFrom, actor_id: actor.id, actor_label: actor.label, created_at: createdAt });
      await recordAudit(trx as unknown as Kysely<AuditTables>, {
        actor,
        entityType: 'legal_page',
        entityId: `${slug}/${locale}`,
        action: restoredFrom === null ? 'update' : 'restore',
        changes: {
          version: { from: before?.version ?? null, to: version },
          ...(before?.body !== body ? { body: { from: before ? `${before.body.length} Zeichen` : null, to: `${body.length} Zeichen` } } : {}),
          ...((before?.reviewedOn ?? null) !== reviewedOn ? { reviewedOn: { from: before?.reviewedOn ?? null, to: reviewedOn } } : {}),
          ...(restoredFrom !== null ? { restoredFrom: { from: null, to: restoredFrom } } : {}),
        },
        requestId: ctx.requestId,
      });
      return { id, slug, locale, version, body, reviewedOn, restoredFrom, actorLabel: actor.label, createdAt };
    });
}

/** Saves a new version of a page in one language. Bad input (e.g. a javascript: link) changes nothing. */
export async function savePage(ctx: ServiceContext, slug: PageSlug, raw: unknown): Promise<PageVersion> {
  authorize(ctx.user, 'pages.manage');
  const input = parseOrThrow(pageFormSchema, raw);
  const bad = markdownErrors(input.body);
  if (bad.length) throw errors.validation(bad);
  const saved = await writeVersion(ctx, slug, input.locale, input.body, input.reviewedOn ?? null, null);
  if (input.locale === DEFAULT_LOCALE) await indexPage(ctx.db, slug);
  return saved;
}

/** Restores an earlier version: a new version with its text (and review date). */
export async function restoreVersion(ctx: ServiceContext, slug: PageSlug, locale: Locale, version: number): Promise<PageVersion> {
  authorize(ctx.user, 'pages.manage');
  const old = await q.findVersion(typed(dbOf(ctx)), slug, locale, version);
  if (!old) throw errors.notFound('page version');
  const restored = await writeVersion(ctx, slug, locale, old.body, old.reviewedOn, old.version);
  if (locale === DEFAULT_LOCALE) await indexPage(ctx.db, slug);
  return restored;
}

// ---------------------------------------------------------------------------------------------------------------
// Feedback on accessibility

/** Stores feedback from the public form and queues the e-mails (admins; confirmation to the sender). */
export async function submitFeedback(ctx: ServiceContext, raw: unknown, locale: Locale): Promise<Feedback> {
  const input = parseOrThrow(feedbackFormSchema, raw);
  const id = newId('fbk');
  const at = nowIso();
  await dbOf(ctx)
    .transaction()
    .execute(async (trx) => {
      await q.insertFeedback(typed(trx), {
        id,
        name: input.name ?? null,
        email: input.email ?? null,
        wants_answer: input.wantsAnswer,
        page_url: input.pageUrl,
        description: input.description,
        locale,
        status: 'new',
        answer: null,
        answered_at: null,
        answered_by: null,
        created_at: at,
        updated_at: at,
      });
      await recordAudit(trx as unknown as Kysely<AuditTables>, {
        actor: actorOf(ctx),
        entityType: 'accessibility_feedback',
        entityId: id,
        action: 'create',
        changes: { status: { from: null, to: 'new' }, email: { from: null, to: input.email ? '•••' : null }, wantsAnswer: { from: null, to: input.wantsAnswer } },
        requestId: ctx.requestId,
      });
      await enqueue(trx, 'pages.feedback_admins', { feedbackId: id }, { uniqueKey: id });
      if (input.email) await enqueue(trx, 'pages.feedback_confirm', { feedbackId: id }, { uniqueKey: id });
    });
  return (await q.findFeedback(typed(dbOf(ctx)), id))!;
}

export async function listFeedback(ctx: ServiceContext, status?: FeedbackStatus): Promise<Feedback[]> {
  authorize(ctx.user, 'accessibility_feedback.manage');
  return q.listFeedback(typed(dbOf(ctx)), { status });
}

export async function getFeedback(ctx: ServiceContext, id: string): Promise<Feedback> {
  authorize(ctx.user, 'accessibility_feedback.manage');
  const f = await q.findFeedback(typed(dbOf(ctx)), id);
  if (!f) throw errors.notFound('feedback');
  return f;
}

/** Sets the status and records the answer; with sendAnswer the answer is e-mailed to the sender. */
export async function updateFeedback(ctx: ServiceContext, id: string, raw: unknown): Promise<{ feedback: Feedback; answerSent: boolean }> {
  authorize(ctx.user, 'accessibility_feedback.manage');
  const before = await getFeedback(ctx, id);
  const input = parseOrThrow(feedbackUpdateSchema, raw);
  if (input.sendAnswer && !before.email) throw errors.validation([{ field: 'sendAnswer', key: 'pages.feedback.error.noEmail' }]);
  const answer = input.answer ?? null;
  const answerChanged = answer !== before.answer;
  const at = nowIso();
  const actor = actorOf(ctx);
  await dbOf(ctx)
    .transaction()
    .execute(async (trx) => {
      await q.updateFeedback(typed(trx), id, {
        status: input.status,
        answer,
        ...(answerChanged ? { answered_at: answer ? at : null, answered_by: answer ? actor.label : null } : {}),
        updated_at: at,
      });
      await recordAudit(trx as unknown as Kysely<AuditTables>, {
        actor,
        entityType: 'accessibility_feedback',
        entityId: id,
        action: 'update',
        changes: {
          ...(before.status !== input.status ? { status: { from: before.status, to: input.status } } : {}),
          ...(answerChanged ? { answer: { from: before.answer ? '•••' : null, to: answer ? '•••' : null } } : {}),
          ...(input.sendAnswer ? { answerSent: { from: null, to: true } } : {}),
        },
        requestId: ctx.requestId,
      });
      if (input.sendAnswer) await enqueue(trx, 'pages.feedback_answer', { feedbackId: id }, { uniqueKey: `${id}:${at}` });
    });
  return { feedback: await getFeedback(ctx, id), answerSent: input.sendAnswer };
}
