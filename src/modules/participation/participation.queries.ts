/**
 * SQL of the participation module. Every function takes a tenant-bound handle (or a transaction opened on one):
 * the handle fills in and filters tenant_id. No business rules here: services decide.
 */
import type { Kysely } from 'kysely';
import { fromJson, toBool, toCount, toJson } from '../../platform/db/dialect';
import type { ProposalStatus, QuestionDef, QuestionKind, ReportReason, SurveyStatus } from './participation.rules';
import type { ParticipationTables, ProposalTable } from './participation.tables';
import type { Comment, Proposal, ProposalEvent, Report, Survey } from './participation.types';

export type Db = Kysely<ParticipationTables>;

/* ---------------------------------------------------------------- settings */

export async function requiresApproval(db: Db, areaId: string): Promise<boolean> {
  const r = await db.selectFrom('participation_area_settings').select('require_approval').where('area_id', '=', areaId).executeTakeFirst();
  return r ? toBool(r.require_approval) : false;
}

export async function listSettings(db: Db): Promise<Map<string, boolean>> {
  const rows = await db.selectFrom('participation_area_settings').select(['area_id', 'require_approval']).execute();
  return new Map(rows.map((r) => [r.area_id, toBool(r.require_approval)]));
}

export async function upsertSettings(db: Db, areaId: string, requireApproval: boolean, at: string): Promise<void> {
  await db
    .insertInto('participation_area_settings')
    .values({ area_id: areaId, require_approval: requireApproval, updated_at: at } as never)
    .onConflict((oc) => oc.columns(['tenant_id', 'area_id']).doUpdateSet({ require_approval: requireApproval, updated_at: at }))
    .execute();
}

/* ---------------------------------------------------------------- proposals */

function toProposal(r: ProposalTable): Proposal {
  return {
    id: r.id,
    areaId: r.area_id,
    title: r.title,
    body: r.body,
    authorName: r.author_name,
    emailConfirmed: r.email_confirmed_at !== null,
    approval: r.approval,
    publishedAt: r.published_at,
    status: r.status as ProposalStatus,
    answer: r.answer,
    answeredAt: r.answered_at,
    supportCount: Number(r.support_count),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function insertProposal(db: Db, row: Omit<ProposalTable, 'tenant_id' | 'support_count' | 'answer' | 'answered_at' | 'published_at' | 'email_confirmed_at' | 'author_account_id'>): Promise<void> {
  await db.insertInto('participation_proposals').values(row as never).execute();
}

export async function findProposal(db: Db, id: string): Promise<Proposal | null> {
  const r = await db.selectFrom('participation_proposals').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toProposal(r) : null;
}

/** The author's address and language (for the confirmation mail only). */
export async function proposalAuthor(db: Db, id: string): Promise<{ email: string | null; locale: string | null } | null> {
  const r = await db.selectFrom('participation_proposals').select(['author_email', 'author_locale']).where('id', '=', id).executeTakeFirst();
  return r ? { email: r.author_email, locale: r.author_locale } : null;
}

export async function updateProposal(db: Db, id: string, patch: Partial<Omit<ProposalTable, 'tenant_id' | 'id'>>): Promise<void> {
  await db.updateTable('participation_proposals').set(patch).where('id', '=', id).execute();
}

export async function addSupportCount(db: Db, id: string, delta: 1 | -1): Promise<void> {
  await db
    .updateTable('participation_proposals')
    .set((eb) => ({ support_count: eb('support_count', '+', delta) }))
    .where('id', '=', id)
    .execute();
}

export interface ProposalFilter {
  areaIds?: string[] | 'all';
  areaId?: string | undefined;
  status?: ProposalStatus | undefined;
  publishedOnly?: boolean;
  pendingApproval?: boolean;
  limit?: number;
  offset?: number;
}

export async function listProposals(db: Db, f: ProposalFilter): Promise<{ total: number; items: Proposal[] }> {
  let q = db.selectFrom('participation_proposals');
  if (f.areaIds !== undefined && f.areaIds !== 'all') {
    if (f.areaIds.length === 0) return { total: 0, items: [] };
    q = q.where('area_id', 'in', f.areaIds);
  }
  if (f.areaId) q = q.where('area_id', '=', f.areaId);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.publishedOnly) q = q.where('published_at', 'is not', null);
  if (f.pendingApproval) q = q.where('approval', '=', 'pending').where('email_confirmed_at', 'is not', null);
  const total = toCount((await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n);
  const rows = await q
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(f.limit ?? 50)
    .offset(f.offset ?? 0)
    .execute();
  return { total, items: rows.map(toProposal) };
}

export async function insertEvent(db: Db, e: { id: string; proposalId: string; at: string; kind: ProposalEvent['kind']; fromStatus?: string | null; toStatus?: string | null; text?: string | null; actorLabel: string }): Promise<void> {
  await db
    .insertInto('participation_events')
    .values({ id: e.id, proposal_id: e.proposalId, at: e.at, kind: e.kind, from_status: e.fromStatus ?? null, to_status: e.toStatus ?? null, text: e.text ?? null, actor_label: e.actorLabel } as never)
    .execute();
}

export async function listEvents(db: Db, proposalId: string): Promise<ProposalEvent[]> {
  const rows = await db.selectFrom('participation_events').selectAll().where('proposal_id', '=', proposalId).orderBy('at').orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    kind: r.kind as ProposalEvent['kind'],
    fromStatus: r.from_status as ProposalStatus | null,
    toStatus: r.to_status as ProposalStatus | null,
    text: r.text,
    actorLabel: r.actor_label,
  }));
}

/* ---------------------------------------------------------------- supports */

/** Inserts a support unless the (proposal, e-mail) key exists; returns the row either way. */
export async function upsertSupport(db: Db, s: { id: string; proposalId: string; email: string; locale: string; createdAt: string }): Promise<{ id: string; confirmedAt: string | null; inserted: boolean }> {
  const r = await db
    .insertInto('participation_supports')
    .values({ id: s.id, proposal_id: s.proposalId, email: s.email, account_id: null, locale: s.locale, confirmed_at: null, created_at: s.createdAt } as never)
    .onConflict((oc) => oc.columns(['tenant_id', 'proposal_id', 'email']).doNothing())
    .executeTakeFirst();
  const inserted = Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  const row = await db.selectFrom('participation_supports').select(['id', 'confirmed_at']).where('proposal_id', '=', s.proposalId).where('email', '=', s.email).executeTakeFirstOrThrow();
  return { id: row.id, confirmedAt: row.confirmed_at, inserted };
}

export async function findSupport(db: Db, id: string) {
  return db.selectFrom('participation_supports').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Marks a support confirmed; true only for the call that confirmed it. */
export async function confirmSupport(db: Db, id: string, at: string): Promise<boolean> {
  const r = await db.updateTable('participation_supports').set({ confirmed_at: at }).where('id', '=', id).where('confirmed_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function deleteSupport(db: Db, id: string): Promise<boolean> {
  const r = await db.deleteFrom('participation_supports').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function countConfirmedSupports(db: Db, proposalId: string): Promise<number> {
  const r = await db.selectFrom('participation_supports').select((eb) => eb.fn.countAll().as('n')).where('proposal_id', '=', proposalId).where('confirmed_at', 'is not', null).executeTakeFirst();
  return toCount(r?.n);
}

/* ---------------------------------------------------------------- comments and reports */

function toComment(r: ParticipationTables['participation_comments']): Comment {
  return { id: r.id, proposalId: r.proposal_id, body: r.body, authorName: r.author_name, confirmed: r.confirmed_at !== null, hiddenAt: r.hidden_at, hiddenReason: r.hidden_reason, createdAt: r.created_at };
}

export async function insertComment(db: Db, c: { id: string; proposalId: string; body: string; authorName: string | null; authorEmail: string; createdAt: string }): Promise<void> {
  await db
    .insertInto('participation_comments')
    .values({ id: c.id, proposal_id: c.proposalId, body: c.body, author_name: c.authorName, author_email: c.authorEmail, author_account_id: null, confirmed_at: null, hidden_at: null, hidden_reason: null, hidden_by: null, created_at: c.createdAt } as never)
    .execute();
}

export async function findComment(db: Db, id: string): Promise<Comment | null> {
  const r = await db.selectFrom('participation_comments').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toComment(r) : null;
}

export async function listComments(db: Db, proposalId: string, opts: { confirmedOnly: boolean }): Promise<Comment[]> {
  let q = db.selectFrom('participation_comments').selectAll().where('proposal_id', '=', proposalId);
  if (opts.confirmedOnly) q = q.where('confirmed_at', 'is not', null);
  return (await q.orderBy('created_at').orderBy('id').execute()).map(toComment);
}

export async function updateComment(db: Db, id: string, patch: Partial<Omit<ParticipationTables['participation_comments'], 'tenant_id' | 'id'>>): Promise<number> {
  const r = await db.updateTable('participation_comments').set(patch).where('id', '=', id).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function insertReport(db: Db, r: { id: string; commentId: string; reason: ReportReason; text: string | null; createdAt: string }): Promise<void> {
  await db
    .insertInto('participation_reports')
    .values({ id: r.id, comment_id: r.commentId, reason: r.reason, text: r.text, status: 'open', decided_at: null, decided_by: null, created_at: r.createdAt } as never)
    .execute();
}

export async function decideReports(db: Db, commentId: string, status: 'dismissed' | 'upheld', by: string, at: string): Promise<number> {
  const r = await db.updateTable('participation_reports').set({ status, decided_by: by, decided_at: at }).where('comment_id', '=', commentId).where('status', '=', 'open').executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Comments with open reports, in the given areas, oldest report first. */
export async function listReported(db: Db, areaIds: string[] | 'all'): Promise<{ comment: Comment; proposal: { id: string; title: string; areaId: string }; reports: Report[] }[]> {
  let q = db
    .selectFrom('participation_reports as r')
    .innerJoin('participation_comments as c', (j) => j.onRef('c.id', '=', 'r.comment_id').onRef('c.tenant_id', '=', 'r.tenant_id'))
    .innerJoin('participation_proposals as p', (j) => j.onRef('p.id', '=', 'c.proposal_id').onRef('p.tenant_id', '=', 'c.tenant_id'))
    .where('r.status', '=', 'open');
  if (areaIds !== 'all') {
    if (areaIds.length === 0) return [];
    q = q.where('p.area_id', 'in', areaIds);
  }
  const rows = await q
    .select(['r.id as report_id', 'r.reason', 'r.text as report_text', 'r.status as report_status', 'r.created_at as report_at', 'c.id as comment_id', 'p.id as proposal_id', 'p.title', 'p.area_id'])
    .orderBy('r.created_at')
    .orderBy('r.id')
    .execute();
  const out = new Map<string, { comment: Comment; proposal: { id: string; title: string; areaId: string }; reports: Report[] }>();
  for (const r of rows) {
    let item = out.get(r.comment_id);
    if (!item) {
      const comment = (await findComment(db, r.comment_id))!;
      item = { comment, proposal: { id: r.proposal_id, title: r.title, areaId: r.area_id }, reports: [] };
      out.set(r.comment_id, item);
    }
    item.reports.push({ id: r.report_id, commentId: r.comment_id, reason: r.reason as ReportReason, text: r.report_text, status: r.report_status, createdAt: r.report_at });
  }
  return [...out.values()];
}

export async function countOpenReports(db: Db, commentId: string): Promise<number> {
  const r = await db.selectFrom('participation_reports').select((eb) => eb.fn.countAll().as('n')).where('comment_id', '=', commentId).where('status', '=', 'open').executeTakeFirst();
  return toCount(r?.n);
}

/* ---------------------------------------------------------------- tokens */

export async function insertToken(db: Db, t: { hash: string; kind: ParticipationTables['participation_tokens']['kind']; targetId: string; expiresAt: string }): Promise<void> {
  await db.insertInto('participation_tokens').values({ token_hash: t.hash, kind: t.kind, target_id: t.targetId, expires_at: t.expiresAt, used_at: null } as never).execute();
}

export async function findToken(db: Db, hash: string) {
  return db.selectFrom('participation_tokens').selectAll().where('token_hash', '=', hash).executeTakeFirst();
}

/** Uses a token once: true only for the one call that marked it used (and only before it expired). */
export async function useToken(db: Db, hash: string, at: string): Promise<boolean> {
  const r = await db.updateTable('participation_tokens').set({ used_at: at }).where('token_hash', '=', hash).where('used_at', 'is', null).where('expires_at', '>', at).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/* ---------------------------------------------------------------- surveys */

export async function insertSurvey(db: Db, s: { id: string; areaId: string; title: string; intro: string | null; createdBy: string | null; at: string }, questions: QuestionDef[]): Promise<void> {
  await db
    .insertInto('participation_surveys')
    .values({ id: s.id, area_id: s.areaId, title: s.title, intro: s.intro, status: 'draft', created_by: s.createdBy, opened_at: null, closed_at: null, created_at: s.at, updated_at: s.at } as never)
    .execute();
  let position = 0;
  for (const q of questions) {
    await db
      .insertInto('participation_questions')
      .values({ id: q.id, survey_id: s.id, position: position++, kind: q.kind, prompt: q.prompt, required: q.required, options: toJson(q.options) } as never)
      .execute();
  }
}

export async function findSurvey(db: Db, id: string): Promise<Survey | null> {
  const r = await db.selectFrom('participation_surveys').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) return null;
  const qs = await db.selectFrom('participation_questions').selectAll().where('survey_id', '=', id).orderBy('position').execute();
  return {
    id: r.id,
    areaId: r.area_id,
    title: r.title,
    intro: r.intro,
    status: r.status as SurveyStatus,
    openedAt: r.opened_at,
    closedAt: r.closed_at,
    createdAt: r.created_at,
    questions: qs.map((q) => ({ id: q.id, kind: q.kind as QuestionKind, prompt: q.prompt, required: toBool(q.required), options: fromJson<string[]>(q.options, []) })),
  };
}

export async function listSurveys(db: Db, f: { areaIds?: string[] | 'all'; areaId?: string; statuses?: SurveyStatus[] }): Promise<Omit<Survey, 'questions'>[]> {
  let q = db.selectFrom('participation_surveys').selectAll();
  if (f.areaIds !== undefined && f.areaIds !== 'all') {
    if (f.areaIds.length === 0) return [];
    q = q.where('area_id', 'in', f.areaIds);
  }
  if (f.areaId) q = q.where('area_id', '=', f.areaId);
  if (f.statuses) q = q.where('status', 'in', f.statuses);
  const rows = await q.orderBy('created_at', 'desc').orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, areaId: r.area_id, title: r.title, intro: r.intro, status: r.status as SurveyStatus, openedAt: r.opened_at, closedAt: r.closed_at, createdAt: r.created_at }));
}

export async function setSurveyStatus(db: Db, id: string, from: SurveyStatus, to: SurveyStatus, at: string): Promise<boolean> {
  const patch = to === 'open' ? { status: to, opened_at: at, updated_at: at } : { status: to, closed_at: at, updated_at: at };
  const r = await db.updateTable('participation_surveys').set(patch).where('id', '=', id).where('status', '=', from).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function insertResponse(db: Db, r: { id: string; surveyId: string; at: string }, rows: { id: string; questionId: string; value: string }[]): Promise<void> {
  await db.insertInto('participation_responses').values({ id: r.id, survey_id: r.surveyId, confirmed_at: null, created_at: r.at } as never).execute();
  for (const a of rows) {
    await db.insertInto('participation_answers').values({ id: a.id, response_id: r.id, survey_id: r.surveyId, question_id: a.questionId, value: a.value, released_at: null } as never).execute();
  }
}

/** Records that an e-mail (as a keyed hash) answered the survey; false when it already had. */
export async function claimSurveyEmail(db: Db, surveyId: string, emailHash: string): Promise<boolean> {
  const r = await db
    .insertInto('participation_survey_emails')
    .values({ survey_id: surveyId, email_hash: emailHash } as never)
    .onConflict((oc) => oc.columns(['tenant_id', 'survey_id', 'email_hash']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function confirmResponse(db: Db, id: string, at: string): Promise<string | null> {
  const r = await db.updateTable('participation_responses').set({ confirmed_at: at }).where('id', '=', id).where('confirmed_at', 'is', null).executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) return null;
  const row = await db.selectFrom('participation_responses').select('survey_id').where('id', '=', id).executeTakeFirst();
  return row?.survey_id ?? null;
}

/** The survey of a response (without changing it). */
export async function findResponseSurveyId(db: Db, id: string): Promise<string | null> {
  const row = await db.selectFrom('participation_responses').select('survey_id').where('id', '=', id).executeTakeFirst();
  return row?.survey_id ?? null;
}

export async function responseCounts(db: Db, surveyId: string): Promise<{ total: number; confirmed: number }> {
  const r = await db
    .selectFrom('participation_responses')
    .select((eb) => [eb.fn.countAll().as('n'), eb.fn.count('confirmed_at').as('c')])
    .where('survey_id', '=', surveyId)
    .executeTakeFirst();
  return { total: toCount(r?.n), confirmed: toCount(r?.c) };
}

export async function listAnswers(db: Db, surveyId: string): Promise<{ id: string; responseId: string; questionId: string; value: string; released: boolean }[]> {
  const rows = await db.selectFrom('participation_answers').select(['id', 'response_id', 'question_id', 'value', 'released_at']).where('survey_id', '=', surveyId).orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, responseId: r.response_id, questionId: r.question_id, value: r.value, released: r.released_at !== null }));
}

export async function setReleased(db: Db, surveyId: string, answerId: string, at: string | null): Promise<boolean> {
  const r = await db.updateTable('participation_answers').set({ released_at: at }).where('id', '=', answerId).where('survey_id', '=', surveyId).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function findAnswer(db: Db, id: string) {
  return db.selectFrom('participation_answers').selectAll().where('id', '=', id).executeTakeFirst();
}

/* ---------------------------------------------------------------- GDPR */

/**
 * Removes an address: its supports (with their count), and the address and the name given with it on proposals and
 * comments (only those not confirmed yet hold an address: confirmation deletes it). The texts stay, anonymous.
 */
export async function eraseEmail(db: Db, email: string): Promise<{ supports: number; proposals: number; comments: number }> {
  // First the links already mailed: once the address is gone, none may still confirm (publish) anything.
  await deleteLinksOfEmail(db, email);
  const supports = await db.selectFrom('participation_supports').select(['id', 'proposal_id', 'confirmed_at']).where('email', '=', email).execute();
  for (const s of supports) {
    await db.deleteFrom('participation_supports').where('id', '=', s.id).execute();
    if (s.confirmed_at) await addSupportCount(db, s.proposal_id, -1);
  }
  const p = await db.updateTable('participation_proposals').set({ author_email: null, author_name: null }).where('author_email', '=', email).executeTakeFirst();
  const c = await db.updateTable('participation_comments').set({ author_email: null, author_name: null }).where('author_email', '=', email).executeTakeFirst();
  return { supports: supports.length, proposals: Number(p.numUpdatedRows), comments: Number(c.numUpdatedRows) };
}

/**
 * Deletes the e-mail links (confirmation and withdrawal) of what is kept under an address: of its supports, and of
 * its proposals and comments not confirmed yet. Runs before the address is removed from those rows. Returns the
 * number of links deleted.
 */
export async function deleteLinksOfEmail(db: Db, email: string): Promise<number> {
  const [supports, proposals, comments] = await Promise.all([
    db.selectFrom('participation_supports').select('id').where('email', '=', email).execute(),
    db.selectFrom('participation_proposals').select('id').where('author_email', '=', email).execute(),
    db.selectFrom('participation_comments').select('id').where('author_email', '=', email).execute(),
  ]);
  let n = 0;
  const drop = async (kinds: ParticipationTables['participation_tokens']['kind'][], ids: string[]) => {
    if (ids.length) n += Number((await db.deleteFrom('participation_tokens').where('kind', 'in', kinds).where('target_id', 'in', ids).executeTakeFirst()).numDeletedRows);
  };
  await drop(['support', 'withdraw'], supports.map((r) => r.id));
  await drop(['proposal'], proposals.map((r) => r.id));
  await drop(['comment'], comments.map((r) => r.id));
  return n;
}

/**
 * What the module keeps under an address (sent by e-mail, before or without an account): its supports, and the
 * proposals and comments whose e-mail link is not confirmed yet (confirmation deletes the address, so confirmed
 * ones are no longer linked to anyone).
 */
export async function listByEmail(db: Db, email: string) {
  const [supports, proposals, comments] = await Promise.all([
    db
      .selectFrom('participation_supports')
      .innerJoin('participation_proposals', (j) => j.onRef('participation_proposals.tenant_id', '=', 'participation_supports.tenant_id').onRef('participation_proposals.id', '=', 'participation_supports.proposal_id'))
      .select(['participation_supports.proposal_id as proposalId', 'participation_proposals.title as title', 'participation_supports.confirmed_at as confirmedAt', 'participation_supports.created_at as createdAt'])
      .where('participation_supports.email', '=', email)
      .orderBy('participation_supports.created_at')
      .execute(),
    db.selectFrom('participation_proposals').select(['id', 'title', 'body', 'author_name', 'status', 'created_at']).where('author_email', '=', email).orderBy('created_at').execute(),
    db.selectFrom('participation_comments').select(['id', 'proposal_id', 'body', 'author_name', 'created_at']).where('author_email', '=', email).orderBy('created_at').execute(),
  ]);
  return { supports, proposals, comments };
}

/** Whether any survey confirmation (keyed hash of an address) is stored at all. */
export async function hasSurveyEmails(db: Db): Promise<boolean> {
  return !!(await db.selectFrom('participation_survey_emails').select('survey_id').limit(1).executeTakeFirst());
}

/** The surveys an address (as its keyed hash) was given for, to confirm a response. */
export async function surveysOfEmailHash(db: Db, emailHash: string): Promise<{ surveyId: string; title: string }[]> {
  return db
    .selectFrom('participation_survey_emails')
    .innerJoin('participation_surveys', (j) => j.onRef('participation_surveys.tenant_id', '=', 'participation_survey_emails.tenant_id').onRef('participation_surveys.id', '=', 'participation_survey_emails.survey_id'))
    .select(['participation_survey_emails.survey_id as surveyId', 'participation_surveys.title as title'])
    .where('participation_survey_emails.email_hash', '=', emailHash)
    .orderBy('participation_surveys.created_at')
    .execute();
}

export async function deleteSurveyEmails(db: Db, emailHash: string): Promise<number> {
  const r = await db.deleteFrom('participation_survey_emails').where('email_hash', '=', emailHash).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Deletes unconfirmed entries created before `cutoff` and tokens expired (or used) before `now`. */
export async function purgeUnconfirmed(db: Db, cutoff: string, now: string): Promise<{ proposals: number; supports: number; comments: number; tokens: number }> {
  const supports = await db.deleteFrom('participation_supports').where('confirmed_at', 'is', null).where('created_at', '<', cutoff).executeTakeFirst();
  const comments = await db.deleteFrom('participation_comments').where('confirmed_at', 'is', null).where('created_at', '<', cutoff).executeTakeFirst();
  const stale = await db.selectFrom('participation_proposals').select('id').where('email_confirmed_at', 'is', null).where('created_at', '<', cutoff).execute();
  const ids = stale.map((r) => r.id);
  let proposals = 0;
  if (ids.length) {
    await db.deleteFrom('participation_events').where('proposal_id', 'in', ids).execute();
    await db.deleteFrom('participation_supports').where('proposal_id', 'in', ids).execute();
    await db.deleteFrom('participation_comments').where('proposal_id', 'in', ids).execute();
    proposals = Number((await db.deleteFrom('participation_proposals').where('id', 'in', ids).executeTakeFirst()).numDeletedRows);
  }
  const tokens = await db
    .deleteFrom('participation_tokens')
    .where((eb) => eb.or([eb('expires_at', '<', now), eb('used_at', 'is not', null)]))
    .executeTakeFirst();
  return { proposals, supports: Number(supports.numDeletedRows), comments: Number(comments.numDeletedRows), tokens: Number(tokens.numDeletedRows) };
}

/* ---------------------------------------------------------------- residents' accounts (ADR 0022) */

/** A support by a signed-in account: confirmed at once; the unique key (proposal, account) keeps it to one. True when inserted. */
export async function insertAccountSupport(db: Db, s: { id: string; proposalId: string; accountId: string; at: string }): Promise<boolean> {
  const r = await db
    .insertInto('participation_supports')
    .values({ id: s.id, proposal_id: s.proposalId, email: null, account_id: s.accountId, locale: null, confirmed_at: s.at, created_at: s.at } as never)
    .onConflict((oc) => oc.columns(['tenant_id', 'proposal_id', 'account_id']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function hasAccountSupport(db: Db, proposalId: string, accountId: string): Promise<boolean> {
  return !!(await db.selectFrom('participation_supports').select('id').where('proposal_id', '=', proposalId).where('account_id', '=', accountId).executeTakeFirst());
}

/** Deletes the account's support of a proposal; returns whether it was counted (confirmed). */
export async function deleteAccountSupport(db: Db, proposalId: string, accountId: string): Promise<{ deleted: boolean; counted: boolean }> {
  const rows = await db.deleteFrom('participation_supports').where('proposal_id', '=', proposalId).where('account_id', '=', accountId).returning(['confirmed_at']).execute();
  return { deleted: rows.length > 0, counted: rows.some((r) => r.confirmed_at !== null) };
}

export async function insertAccountComment(db: Db, c: { id: string; proposalId: string; body: string; authorName: string | null; accountId: string; at: string }): Promise<void> {
  await db
    .insertInto('participation_comments')
    .values({ id: c.id, proposal_id: c.proposalId, body: c.body, author_name: c.authorName, author_email: null, author_account_id: c.accountId, confirmed_at: c.at, hidden_at: null, hidden_reason: null, hidden_by: null, created_at: c.at } as never)
    .execute();
}

/** Everything linked to an account: supports, proposals and comments (for "download my data"). */
export async function listByAccount(db: Db, accountId: string) {
  const [supports, proposals, comments] = await Promise.all([
    db
      .selectFrom('participation_supports')
      .innerJoin('participation_proposals', (j) => j.onRef('participation_proposals.tenant_id', '=', 'participation_supports.tenant_id').onRef('participation_proposals.id', '=', 'participation_supports.proposal_id'))
      .select(['participation_supports.proposal_id as proposalId', 'participation_proposals.title as title', 'participation_supports.created_at as createdAt'])
      .where('participation_supports.account_id', '=', accountId)
      .orderBy('participation_supports.created_at')
      .execute(),
    db.selectFrom('participation_proposals').select(['id', 'title', 'body', 'author_name', 'status', 'published_at', 'created_at']).where('author_account_id', '=', accountId).orderBy('created_at').execute(),
    db.selectFrom('participation_comments').select(['id', 'proposal_id', 'body', 'author_name', 'hidden_at', 'created_at']).where('author_account_id', '=', accountId).orderBy('created_at').execute(),
  ]);
  return { supports, proposals, comments };
}

/**
 * Account deletion: its supports are deleted (each counted one decrements the proposal's counter in the same
 * statement sequence of the caller's transaction); proposals and comments stay, without the link and the name.
 */
export async function eraseAccount(db: Db, accountId: string): Promise<{ supports: number; proposals: number; comments: number }> {
  const supports = await db.deleteFrom('participation_supports').where('account_id', '=', accountId).returning(['proposal_id', 'confirmed_at']).execute();
  for (const s of supports) if (s.confirmed_at) await addSupportCount(db, s.proposal_id, -1);
  const p = await db.updateTable('participation_proposals').set({ author_account_id: null, author_name: null }).where('author_account_id', '=', accountId).executeTakeFirst();
  const c = await db.updateTable('participation_comments').set({ author_account_id: null, author_name: null }).where('author_account_id', '=', accountId).executeTakeFirst();
  return { supports: supports.length, proposals: Number(p.numUpdatedRows), comments: Number(c.numUpdatedRows) };
}
