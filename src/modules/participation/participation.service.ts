/**
 * Use cases of the participation module. Writes follow one pattern: authorize (policy, with the proposal's or
 * survey's programme area as the resource) → transaction → rules → write → timeline event → audit → after
 * commit: e-mail.
 *
 * Privacy: e-mail addresses are never shown publicly, never enter the audit log and live only in nullable columns
 * (`eraseEmail` removes them); supports count only after their e-mail link is confirmed; survey responses carry
 * neither an address nor an IP (an optional e-mail is kept apart, as a keyed hash, only to allow one confirmed
 * response per address). Free text (proposals, comments, answers) is not copied into the audit log either.
 */
import { createHash, createHmac } from 'node:crypto';
import type { Kysely } from 'kysely';
import { recordAudit, type AuditTables } from '../../platform/audit';
import { authorize, can, scopeFor, type Action, type Principal } from '../../platform/auth/policy';
import { tenantSecret } from '../../platform/auth/secrets';
import type { AuthDb } from '../../platform/auth/users.queries';
import type { Config } from '../../platform/config';
import { nowIso } from '../../platform/db/dialect';
import { tenantIdOf, type TenantDb } from '../../platform/db/tenant-scope';
import { AppError, errors, type FieldError } from '../../platform/errors';
import { actorOf, type ServiceContext } from '../../platform/http/context';
import { isLocale, type Locale } from '../../platform/i18n';
import { newId, newToken } from '../../platform/ids';
import { renderMail, sendMail } from '../../platform/mail';
import { notifyFollowers } from '../accounts';
import * as q from './participation.queries';
import { thenIndexProposal } from './participation.search';
import {
  answerRequired,
  canTransition,
  checkResponse,
  CONFIRM_DAYS,
  csvLine,
  normaliseEmail,
  OPEN_STATUSES,
  SURVEY_TRANSITIONS,
  tally,
  WITHDRAW_DAYS,
  type ProposalStatus,
  type QuestionDef,
  type QuestionKind,
  type ReportReason,
  type SurveyStatus,
} from './participation.rules';
import type { AreaParticipation, Comment, ConfirmTarget, Proposal, ProposalEvent, PublicComment, QueueItem, Survey, SurveyResults } from './participation.types';

type AnyTenantDb = TenantDb<any>;

function tdb(db: AnyTenantDb | Kysely<any>): q.Db {
  return db as unknown as q.Db;
}
function auditDb(db: q.Db): Kysely<AuditTables> {
  return db as unknown as Kysely<AuditTables>;
}

/** Where e-mails go out from (config) and which origin their links use. Null: no mail. */
export interface MailOut {
  config: Config;
  linkBase: string;
}
export type ParticipationContext = ServiceContext & { mail?: MailOut | null };

const PUBLIC_ACTOR = { id: null, label: 'public' };
const SYSTEM = { id: null, label: 'system' };

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function days(n: number): string {
  return new Date(Date.now() + n * 86_400_000).toISOString();
}

async function trySend(mail: MailOut, m: Parameters<typeof sendMail>[1]): Promise<boolean> {
  try {
    await sendMail(mail.config, m);
    return true;
  } catch {
    return false; // the write stands; the person can ask again
  }
}

function localeOf(v: string | null | undefined, fallback: Locale): Locale {
  return isLocale(v) ? v : fallback;
}

function trimOrNull(v: string | null | undefined): string | null {
  const s = v?.trim();
  return s ? s : null;
}

let eventSeq = 0;
/** Timeline event ids sort by creation within a millisecond (time, per-process counter, random part). */
function newEventId(now = Date.now()): string {
  eventSeq = (eventSeq + 1) % 36 ** 4;
  return `pev_${now.toString(36).padStart(9, '0')}${eventSeq.toString(36).padStart(4, '0')}${newId('x', 6).slice(2)}`;
}

/** The "published" timeline event; followers of the area hear of the new proposal (outbox, ADR 0022). */
async function publishedEvent(trx: q.Db, p: Proposal, at: string, actorLabel: string): Promise<void> {
  const eventId = newEventId();
  await q.insertEvent(trx, { id: eventId, proposalId: p.id, at, kind: 'published', actorLabel });
  await notifyFollowers(trx as never, { type: 'area', id: p.areaId }, { kind: 'area_proposal', eventId, ref: { type: 'proposal', id: p.id } });
}

/** May the user perform the action on something in this programme area? */
export function canInArea(user: Principal | null, action: Action, areaId: string): boolean {
  return can(user, action, { areaIds: [areaId] });
}

/* ================================================================ settings */

export async function getAreaSettings(db: AnyTenantDb, areaId: string): Promise<{ requireApproval: boolean }> {
  return { requireApproval: await q.requiresApproval(tdb(db), areaId) };
}

export async function listAreaSettings(db: AnyTenantDb): Promise<Map<string, boolean>> {
  return q.listSettings(tdb(db));
}

/** Per area: publish proposals only after staff approval (participation.manage in the area). */
export async function setAreaSettings(ctx: ServiceContext, areaId: string, input: { requireApproval: boolean }): Promise<void> {
  authorize(ctx.user, 'participation.manage', { areaIds: [areaId] });
  const db = tdb(ctx.db);
  await db.transaction().execute(async (trx) => {
    const before = await q.requiresApproval(trx, areaId);
    await q.upsertSettings(trx, areaId, input.requireApproval, nowIso());
    if (before !== input.requireApproval) {
      await recordAudit(auditDb(trx), { actor: actorOf(ctx), entityType: 'participation_area', entityId: areaId, action: 'settings', changes: { requireApproval: { from: before, to: input.requireApproval } }, requestId: ctx.requestId });
    }
  });
}

/* ================================================================ proposals */

export interface ProposalInput {
  areaId: string;
  title: string;
  body: string;
  name?: string | null | undefined;
  email: string;
  locale: Locale;
}

/**
 * A resident's proposal (no account): stored unpublished; the e-mail link publishes it — or, where the area asks
 * for it, sends it to staff for approval first.
 */
export async function submitProposal(ctx: ParticipationContext, input: ProposalInput): Promise<{ proposal: Proposal; confirmationSent: boolean }> {
  const db = tdb(ctx.db);
  const fieldErrors: FieldError[] = [];
  const title = input.title.trim();
  const body = input.body.trim();
  if (!title) fieldErrors.push({ field: 'title', key: 'form.error.required' });
  if (!body) fieldErrors.push({ field: 'body', key: 'form.error.required' });
  if (fieldErrors.length) throw errors.validation(fieldErrors);
  const email = normaliseEmail(input.email);
  const now = nowIso();
  const id = newId('prp');
  const token = newToken();
  const requireApproval = await q.requiresApproval(db, input.areaId);
  const proposal = await db.transaction().execute(async (trx) => {
    await q.insertProposal(trx, {
      id,
      area_id: input.areaId,
      title,
      body,
      author_name: trimOrNull(input.name),
      author_email: email,
      author_locale: input.locale,
      approval: requireApproval ? 'pending' : 'not_needed',
      status: 'submitted',
      created_at: now,
      updated_at: now,
    });
    await q.insertToken(trx, { hash: hashToken(token), kind: 'proposal', targetId: id, expiresAt: days(CONFIRM_DAYS) });
    await q.insertEvent(trx, { id: newEventId(), proposalId: id, at: now, kind: 'created', toStatus: 'submitted', actorLabel: 'public' });
    // Title and text stay out of the audit log (a resident's free text); the area and lengths are enough.
    await recordAudit(auditDb(trx), { actor: PUBLIC_ACTOR, entityType: 'proposal', entityId: id, action: 'create', changes: { areaId: { from: null, to: input.areaId }, titleLength: { from: null, to: title.length }, bodyLength: { from: null, to: body.length } }, requestId: ctx.requestId });
    return (await q.findProposal(trx, id))!;
  });
  let confirmationSent = false;
  if (ctx.mail) {
    confirmationSent = await trySend(ctx.mail, renderMail(input.locale, 'participation.mail.proposal', email, { tenant: ctx.tenant.name, title, link: `${ctx.mail.linkBase}/participation/confirm/${token}`, days: CONFIRM_DAYS }));
  }
  return { proposal, confirmationSent };
}

export type { ConfirmTarget };

export type ConfirmResult =
  | { kind: 'proposal'; proposalId: string; areaId: string; published: boolean }
  | { kind: 'support'; proposalId: string }
  | { kind: 'comment'; proposalId: string }
  | { kind: 'response'; surveyId: string };

/**
 * Reads what a confirmation link refers to without using it (the GET behind the link: mail scanners open every
 * link, so only the button's POST confirms). Null for an unknown, used or expired link, a withdrawal link, or a
 * target that is gone.
 */
export async function confirmTarget(db: AnyTenantDb, token: string): Promise<ConfirmTarget | null> {
  const d = tdb(db);
  const row = await q.findToken(d, hashToken(token));
  if (!row || row.kind === 'withdraw' || row.used_at || row.expires_at <= nowIso()) return null;
  if (row.kind === 'proposal') {
    const p = await q.findProposal(d, row.target_id);
    return p ? { kind: 'proposal', proposalId: p.id, title: p.title, needsApproval: p.approval === 'pending' || p.approval === 'rejected' } : null;
  }
  if (row.kind === 'support' || row.kind === 'comment') {
    const proposalId = row.kind === 'support' ? (await q.findSupport(d, row.target_id))?.proposal_id : (await q.findComment(d, row.target_id))?.proposalId;
    const p = proposalId ? await q.findProposal(d, proposalId) : null;
    return p ? { kind: row.kind, proposalId: p.id, title: p.title } : null;
  }
  const surveyId = await q.findResponseSurveyId(d, row.target_id);
  const s = surveyId ? await q.findSurvey(d, surveyId) : null;
  return s ? { kind: 'response', surveyId: s.id, title: s.title } : null;
}

/** Confirms an e-mail link (proposal, support, comment or survey response): single use, until it expires. */
export async function confirmLink(ctx: ServiceContext, token: string): Promise<ConfirmResult | null> {
  const hash = hashToken(token);
  const db = tdb(ctx.db);
  const row = await q.findToken(db, hash);
  if (!row || row.kind === 'withdraw') return null;
  const now = nowIso();
  return thenIndexProposal(ctx.db, db.transaction().execute(async (trx): Promise<ConfirmResult | null> => {
    if (!(await q.useToken(trx, hash, now))) return null;
    if (row.kind === 'proposal') {
      const p = await q.findProposal(trx, row.target_id);
      if (!p) return null;
      const publish = p.approval !== 'pending' && p.approval !== 'rejected';
      // The address has done its work: a confirmed proposal keeps no e-mail.
      await q.updateProposal(trx, p.id, { email_confirmed_at: now, author_email: null, published_at: publish ? now : null, updated_at: now });
      if (publish) await publishedEvent(trx, p, now, 'public');
      await recordAudit(auditDb(trx), { actor: PUBLIC_ACTOR, entityType: 'proposal', entityId: p.id, action: 'confirm', changes: publish ? { published: { from: false, to: true } } : {}, requestId: ctx.requestId });
      return { kind: 'proposal', proposalId: p.id, areaId: p.areaId, published: publish };
    }
    if (row.kind === 'support') {
      const s = await q.findSupport(trx, row.target_id);
      if (!s) return null;
      if (await q.confirmSupport(trx, s.id, now)) {
        await q.addSupportCount(trx, s.proposal_id, 1);
        await recordAudit(auditDb(trx), { actor: PUBLIC_ACTOR, entityType: 'proposal', entityId: s.proposal_id, action: 'support', changes: {}, requestId: ctx.requestId });
      }
      return { kind: 'support', proposalId: s.proposal_id };
    }
    if (row.kind === 'comment') {
      const c = await q.findComment(trx, row.target_id);
      if (!c) return null;
      // The address has done its work: a published comment keeps no e-mail.
      await q.updateComment(trx, c.id, { confirmed_at: now, author_email: null });
      await recordAudit(auditDb(trx), { actor: PUBLIC_ACTOR, entityType: 'proposal_comment', entityId: c.id, action: 'confirm', changes: {}, requestId: ctx.requestId });
      return { kind: 'comment', proposalId: c.proposalId };
    }
    const surveyId = await q.confirmResponse(trx, row.target_id, now);
    if (!surveyId) return null;
    await recordAudit(auditDb(trx), { actor: PUBLIC_ACTOR, entityType: 'survey', entityId: surveyId, action: 'confirm_response', changes: {}, requestId: ctx.requestId });
    return { kind: 'response', surveyId };
  }), (r) => (r?.kind === 'proposal' ? r.proposalId : null));
}

/** A published proposal with its public timeline and comments (hidden ones replaced by the moderation's reason). */
export async function getPublicProposal(db: AnyTenantDb, id: string): Promise<{ proposal: Proposal; events: ProposalEvent[]; comments: PublicComment[] } | null> {
  const d = tdb(db);
  const p = await q.findProposal(d, id);
  if (!p || !p.publishedAt) return null;
  const [events, comments] = await Promise.all([q.listEvents(d, id), q.listComments(d, id, { confirmedOnly: true })]);
  return { proposal: p, events, comments: comments.map(toPublicComment) };
}

function toPublicComment(c: Comment): PublicComment {
  return c.hiddenAt ? { id: c.id, authorName: null, createdAt: c.createdAt, body: null, hidden: { at: c.hiddenAt, reason: c.hiddenReason ?? '' } } : { id: c.id, authorName: c.authorName, createdAt: c.createdAt, body: c.body, hidden: null };
}

export async function listPublicProposals(db: AnyTenantDb, f: { areaId?: string | undefined; status?: ProposalStatus | undefined; limit?: number; offset?: number }): Promise<{ total: number; items: Proposal[] }> {
  return q.listProposals(tdb(db), { ...f, publishedOnly: true });
}

/** Open proposals and open surveys of an area, for the portal's area page. */
export async function listAreaParticipation(db: AnyTenantDb, areaId: string, limit = 10): Promise<AreaParticipation> {
  const d = tdb(db);
  const proposals: Proposal[] = [];
  for (const status of OPEN_STATUSES) proposals.push(...(await q.listProposals(d, { areaId, status, publishedOnly: true, limit })).items);
  proposals.sort((a, b) => (b.publishedAt ?? '').localeCompare(a.publishedAt ?? ''));
  const surveys = await q.listSurveys(d, { areaId, statuses: ['open'] });
  return {
    proposals: proposals.slice(0, limit).map((p) => ({ id: p.id, title: p.title, status: p.status, supportCount: p.supportCount, publishedAt: p.publishedAt!, href: `/participation/proposals/${p.id}` })),
    surveys: surveys.slice(0, limit).map((s) => ({ id: s.id, title: s.title, openedAt: s.openedAt, href: `/participation/surveys/${s.id}` })),
  };
}

/**
 * A support by e-mail: counted once its link is confirmed. The unique key (proposal, normalised e-mail) makes a
 * second support of the same address impossible, also under parallel requests; the answer is the same either way
 * (nobody learns whether an address already supports). An unconfirmed support gets a fresh link.
 */
export async function supportProposal(ctx: ParticipationContext, proposalId: string, input: { email: string; locale: Locale }): Promise<void> {
  const db = tdb(ctx.db);
  const p = await q.findProposal(db, proposalId);
  if (!p || !p.publishedAt) throw errors.notFound('proposal');
  const email = normaliseEmail(input.email);
  const token = newToken();
  const withdraw = newToken();
  const send = await db.transaction().execute(async (trx) => {
    const s = await q.upsertSupport(trx, { id: newId('psu'), proposalId, email, locale: input.locale, createdAt: nowIso() });
    if (s.confirmedAt) return false;
    await q.insertToken(trx, { hash: hashToken(token), kind: 'support', targetId: s.id, expiresAt: days(CONFIRM_DAYS) });
    await q.insertToken(trx, { hash: hashToken(withdraw), kind: 'withdraw', targetId: s.id, expiresAt: days(WITHDRAW_DAYS) });
    if (s.inserted) await recordAudit(auditDb(trx), { actor: PUBLIC_ACTOR, entityType: 'proposal', entityId: proposalId, action: 'support_requested', changes: {}, requestId: ctx.requestId });
    return true;
  });
  if (send && ctx.mail) {
    await trySend(ctx.mail, renderMail(input.locale, 'participation.mail.support', email, {
      tenant: ctx.tenant.name,
      title: p.title,
      link: `${ctx.mail.linkBase}/participation/confirm/${token}`,
      withdraw: `${ctx.mail.linkBase}/participation/withdraw/${withdraw}`,
      days: CONFIRM_DAYS,
    }));
  }
}

/** What a withdrawal link refers to (without using it). */
export async function withdrawTarget(db: AnyTenantDb, token: string): Promise<{ proposalId: string; title: string } | null> {
  const d = tdb(db);
  const row = await q.findToken(d, hashToken(token));
  if (!row || row.kind !== 'withdraw' || row.used_at || row.expires_at <= nowIso()) return null;
  const s = await q.findSupport(d, row.target_id);
  if (!s) return null;
  const p = await q.findProposal(d, s.proposal_id);
  return p ? { proposalId: p.id, title: p.title } : null;
}

/** Withdraws a support by the link from its e-mail: the row (and with it the address) is deleted. */
export async function withdrawSupport(ctx: ServiceContext, token: string): Promise<{ proposalId: string } | null> {
  const hash = hashToken(token);
  const db = tdb(ctx.db);
  const row = await q.findToken(db, hash);
  if (!row || row.kind !== 'withdraw') return null;
  const now = nowIso();
  return db.transaction().execute(async (trx) => {
    if (!(await q.useToken(trx, hash, now))) return null;
    const s = await q.findSupport(trx, row.target_id);
    if (!s) return null;
    await q.deleteSupport(trx, s.id);
    if (s.confirmed_at) await q.addSupportCount(trx, s.proposal_id, -1);
    await recordAudit(auditDb(trx), { actor: PUBLIC_ACTOR, entityType: 'proposal', entityId: s.proposal_id, action: 'support_withdrawn', changes: {}, requestId: ctx.requestId });
    return { proposalId: s.proposal_id };
  });
}

/* ---------------------------------------------------------------- staff */

/** Loads a proposal and checks the action on its area (404 before 403 only for what does not exist). */
export async function requireProposal(ctx: ServiceContext, id: string, action: Action): Promise<Proposal> {
  const p = await q.findProposal(tdb(ctx.db), id);
  if (!p) throw errors.notFound('proposal');
  authorize(ctx.user, action, { areaIds: [p.areaId] });
  return p;
}

export async function listProposalsForStaff(ctx: ServiceContext, f: { areaId?: string | undefined; status?: ProposalStatus | undefined; pendingApproval?: boolean; limit?: number; offset?: number }): Promise<{ total: number; items: Proposal[] }> {
  authorize(ctx.user, 'participation.manage');
  return q.listProposals(tdb(ctx.db), { ...f, areaIds: scopeFor(ctx.user, 'participation.manage') });
}

export async function getProposalForStaff(ctx: ServiceContext, id: string): Promise<{ proposal: Proposal; events: ProposalEvent[]; comments: Comment[]; confirmedSupports: number }> {
  const p = await requireProposal(ctx, id, 'participation.manage');
  const d = tdb(ctx.db);
  const [events, comments, confirmedSupports] = await Promise.all([q.listEvents(d, id), q.listComments(d, id, { confirmedOnly: false }), q.countConfirmedSupports(d, id)]);
  return { proposal: p, events, comments, confirmedSupports };
}

/** Approval where the area asks for it: approve publishes (once the e-mail is confirmed), reject keeps it unpublished. */
export async function decideApproval(ctx: ServiceContext, id: string, approve: boolean): Promise<Proposal> {
  const p = await requireProposal(ctx, id, 'participation.manage');
  if (p.approval !== 'pending') throw errors.conflict('not_pending', 'This proposal is not waiting for approval.');
  const now = nowIso();
  return thenIndexProposal(ctx.db, tdb(ctx.db).transaction().execute(async (trx) => {
    const publish = approve && p.emailConfirmed;
    await q.updateProposal(trx, id, { approval: approve ? 'approved' : 'rejected', published_at: publish ? now : null, updated_at: now });
    if (publish) await publishedEvent(trx, p, now, ctx.user!.displayName);
    await recordAudit(auditDb(trx), { actor: actorOf(ctx), entityType: 'proposal', entityId: id, action: approve ? 'approve' : 'reject', changes: { approval: { from: 'pending', to: approve ? 'approved' : 'rejected' } }, requestId: ctx.requestId });
    return (await q.findProposal(trx, id))!;
  }), (r) => r.id);
}

/**
 * A staff answer: a status change (along TRANSITIONS) and/or a public answer. "Not possible" needs an answer.
 * The timeline shows both with the date; the answer is the proposal's current public answer.
 */
export async function answerProposal(ctx: ServiceContext, id: string, input: { to: ProposalStatus; answer?: string | null | undefined }): Promise<Proposal> {
  const p = await requireProposal(ctx, id, 'participation.manage');
  const answer = trimOrNull(input.answer);
  const changes = input.to !== p.status;
  const fieldErrors: FieldError[] = [];
  if (changes && !canTransition(p.status, input.to)) fieldErrors.push({ field: 'to', key: 'participation.error.transition' });
  if (answerRequired(input.to) && !answer) fieldErrors.push({ field: 'answer', key: 'participation.error.answerForNotPossible' });
  if (!changes && !answer) fieldErrors.push({ field: 'answer', key: 'participation.error.nothingToSave' });
  if (answer && answer.length > 4000) fieldErrors.push({ field: 'answer', key: 'form.error.tooLong', params: { max: 4000 } });
  if (fieldErrors.length) throw errors.validation(fieldErrors);
  const now = nowIso();
  return thenIndexProposal(ctx.db, tdb(ctx.db).transaction().execute(async (trx) => {
    await q.updateProposal(trx, id, { status: input.to, ...(answer ? { answer, answered_at: now } : {}), updated_at: now });
    const eventId = newEventId();
    await q.insertEvent(trx, { id: eventId, proposalId: id, at: now, kind: changes ? 'status' : 'answer', fromStatus: p.status, toStatus: input.to, text: answer, actorLabel: ctx.user!.displayName });
    // Followers of the proposal who want answers and status changes (residents' accounts, ADR 0022): outbox.
    await notifyFollowers(trx as never, { type: 'proposal', id }, { kind: 'proposal_update', eventId });
    await recordAudit(auditDb(trx), {
      actor: actorOf(ctx),
      entityType: 'proposal',
      entityId: id,
      action: changes ? 'status' : 'answer',
      changes: { ...(changes ? { status: { from: p.status, to: input.to } } : {}), ...(answer ? { answerLength: { from: p.answer?.length ?? null, to: answer.length } } : {}) },
      requestId: ctx.requestId,
    });
    return (await q.findProposal(trx, id))!;
  }), (r) => r.id);
}

/* ================================================================ comments */

/** A comment by e-mail: shown once its link is confirmed (the address is then removed). */
export async function addComment(ctx: ParticipationContext, proposalId: string, input: { body: string; name?: string | null | undefined; email: string; locale: Locale }): Promise<{ confirmationSent: boolean }> {
  const db = tdb(ctx.db);
  const p = await q.findProposal(db, proposalId);
  if (!p || !p.publishedAt) throw errors.notFound('proposal');
  const body = input.body.trim();
  if (!body) throw errors.validation([{ field: 'body', key: 'form.error.required' }]);
  const email = normaliseEmail(input.email);
  const id = newId('pcm');
  const token = newToken();
  await db.transaction().execute(async (trx) => {
    await q.insertComment(trx, { id, proposalId, body, authorName: trimOrNull(input.name), authorEmail: email, createdAt: nowIso() });
    await q.insertToken(trx, { hash: hashToken(token), kind: 'comment', targetId: id, expiresAt: days(CONFIRM_DAYS) });
    await recordAudit(auditDb(trx), { actor: PUBLIC_ACTOR, entityType: 'proposal_comment', entityId: id, action: 'create', changes: { proposalId: { from: null, to: proposalId }, bodyLength: { from: null, to: body.length } }, requestId: ctx.requestId });
  });
  let confirmationSent = false;
  if (ctx.mail) confirmationSent = await trySend(ctx.mail, renderMail(input.locale, 'participation.mail.comment', email, { tenant: ctx.tenant.name, title: p.title, link: `${ctx.mail.linkBase}/participation/confirm/${token}`, days: CONFIRM_DAYS }));
  return { confirmationSent };
}

/** A visible comment of a published proposal (what may be reported). */
export async function getReportableComment(db: AnyTenantDb, commentId: string): Promise<{ comment: PublicComment; proposal: Proposal } | null> {
  const d = tdb(db);
  const c = await q.findComment(d, commentId);
  if (!c || !c.confirmed || c.hiddenAt) return null;
  const p = await q.findProposal(d, c.proposalId);
  if (!p || !p.publishedAt) return null;
  return { comment: toPublicComment(c), proposal: p };
}

/** Anyone may report a visible comment with a reason from the list (and free text; needed for "other"). */
export async function reportComment(ctx: ServiceContext, commentId: string, input: { reason: ReportReason; text?: string | null | undefined }): Promise<{ proposalId: string }> {
  const found = await getReportableComment(ctx.db, commentId);
  if (!found) throw errors.notFound('comment');
  const text = trimOrNull(input.text);
  if (input.reason === 'other' && !text) throw errors.validation([{ field: 'text', key: 'participation.error.reportText' }]);
  const id = newId('prt');
  await tdb(ctx.db).transaction().execute(async (trx) => {
    await q.insertReport(trx, { id, commentId, reason: input.reason, text, createdAt: nowIso() });
    await recordAudit(auditDb(trx), { actor: PUBLIC_ACTOR, entityType: 'proposal_comment', entityId: commentId, action: 'report', changes: { reason: { from: null, to: input.reason } }, requestId: ctx.requestId });
  });
  return { proposalId: found.proposal.id };
}

/** Reported comments in the moderator's areas (participation.moderate). */
export async function moderationQueue(ctx: ServiceContext): Promise<QueueItem[]> {
  authorize(ctx.user, 'participation.moderate');
  return q.listReported(tdb(ctx.db), scopeFor(ctx.user, 'participation.moderate'));
}

async function requireComment(ctx: ServiceContext, commentId: string): Promise<{ comment: Comment; proposal: Proposal }> {
  const d = tdb(ctx.db);
  const c = await q.findComment(d, commentId);
  if (!c) throw errors.notFound('comment');
  const p = (await q.findProposal(d, c.proposalId))!;
  authorize(ctx.user, 'participation.moderate', { areaIds: [p.areaId] });
  return { comment: c, proposal: p };
}

/** Scope check for routes acting on a comment (before their input is validated). */
export async function checkCommentScope(ctx: ServiceContext, commentId: string): Promise<void> {
  await requireComment(ctx, commentId);
}

/** Hides a comment with a reason shown publicly in its place; its open reports are upheld. The text is kept for the record but never shown. */
export async function hideComment(ctx: ServiceContext, commentId: string, input: { reason: string }): Promise<{ proposalId: string }> {
  const { comment, proposal } = await requireComment(ctx, commentId);
  const reason = input.reason.trim();
  if (!reason) throw errors.validation([{ field: 'reason', key: 'form.error.required' }]);
  if (comment.hiddenAt) throw errors.conflict('already_hidden', 'The comment is already hidden.');
  const now = nowIso();
  await tdb(ctx.db).transaction().execute(async (trx) => {
    await q.updateComment(trx, commentId, { hidden_at: now, hidden_reason: reason, hidden_by: ctx.user!.id });
    const upheld = await q.decideReports(trx, commentId, 'upheld', ctx.user!.id, now);
    await recordAudit(auditDb(trx), { actor: actorOf(ctx), entityType: 'proposal_comment', entityId: commentId, action: 'hide', changes: { hidden: { from: false, to: true }, hiddenReason: { from: null, to: reason }, reportsUpheld: { from: 0, to: upheld } }, requestId: ctx.requestId });
  });
  return { proposalId: proposal.id };
}

/** Dismisses the open reports of a comment (it stays visible). */
export async function dismissReports(ctx: ServiceContext, commentId: string): Promise<{ proposalId: string; dismissed: number }> {
  const { proposal } = await requireComment(ctx, commentId);
  const now = nowIso();
  const dismissed = await tdb(ctx.db).transaction().execute(async (trx) => {
    const n = await q.decideReports(trx, commentId, 'dismissed', ctx.user!.id, now);
    if (n === 0) throw errors.conflict('no_open_reports', 'The comment has no open reports.');
    await recordAudit(auditDb(trx), { actor: actorOf(ctx), entityType: 'proposal_comment', entityId: commentId, action: 'dismiss_reports', changes: { reportsDismissed: { from: 0, to: n } }, requestId: ctx.requestId });
    return n;
  });
  return { proposalId: proposal.id, dismissed };
}

/* ================================================================ surveys */

export interface SurveyInput {
  areaId: string;
  title: string;
  intro?: string | null | undefined;
  questions: { kind: QuestionKind; prompt: string; required: boolean; options: string[] }[];
}

export async function createSurvey(ctx: ServiceContext, input: SurveyInput): Promise<Survey> {
  authorize(ctx.user, 'participation.manage', { areaIds: [input.areaId] });
  const fieldErrors: FieldError[] = [];
  if (input.questions.length === 0) fieldErrors.push({ field: 'q0_prompt', key: 'participation.error.noQuestions' });
  input.questions.forEach((qu, i) => {
    if ((qu.kind === 'single' || qu.kind === 'multiple') && qu.options.length < 2) fieldErrors.push({ field: `q${i}_options`, key: 'participation.error.options' });
  });
  if (fieldErrors.length) throw errors.validation(fieldErrors);
  const id = newId('svy');
  const now = nowIso();
  const questions: QuestionDef[] = input.questions.map((qu) => ({ id: newId('pqu'), kind: qu.kind, prompt: qu.prompt.trim(), required: qu.required, options: qu.kind === 'single' || qu.kind === 'multiple' ? qu.options : [] }));
  return tdb(ctx.db).transaction().execute(async (trx) => {
    await q.insertSurvey(trx, { id, areaId: input.areaId, title: input.title.trim(), intro: trimOrNull(input.intro), createdBy: ctx.user!.id, at: now }, questions);
    await recordAudit(auditDb(trx), { actor: actorOf(ctx), entityType: 'survey', entityId: id, action: 'create', changes: { areaId: { from: null, to: input.areaId }, title: { from: null, to: input.title.trim() }, questions: { from: null, to: questions.length } }, requestId: ctx.requestId });
    return (await q.findSurvey(trx, id))!;
  });
}

export async function requireSurvey(ctx: ServiceContext, id: string, action: Action): Promise<Survey> {
  const s = await q.findSurvey(tdb(ctx.db), id);
  if (!s) throw errors.notFound('survey');
  authorize(ctx.user, action, { areaIds: [s.areaId] });
  return s;
}

export async function listSurveysForStaff(ctx: ServiceContext): Promise<Omit<Survey, 'questions'>[]> {
  authorize(ctx.user, 'participation.manage');
  return q.listSurveys(tdb(ctx.db), { areaIds: scopeFor(ctx.user, 'participation.manage') });
}

export async function listPublicSurveys(db: AnyTenantDb, areaId?: string): Promise<Omit<Survey, 'questions'>[]> {
  return q.listSurveys(tdb(db), { ...(areaId ? { areaId } : {}), statuses: ['open', 'closed'] });
}

/** draft → open → closed. */
export async function changeSurveyStatus(ctx: ServiceContext, id: string, to: SurveyStatus): Promise<Survey> {
  const s = await requireSurvey(ctx, id, 'participation.manage');
  if (!SURVEY_TRANSITIONS[s.status].includes(to)) throw errors.validation([{ field: 'to', key: 'participation.error.transition' }]);
  const now = nowIso();
  return tdb(ctx.db).transaction().execute(async (trx) => {
    if (!(await q.setSurveyStatus(trx, id, s.status, to, now))) throw errors.conflict('survey_changed', 'The survey was changed meanwhile.');
    await recordAudit(auditDb(trx), { actor: actorOf(ctx), entityType: 'survey', entityId: id, action: 'status', changes: { status: { from: s.status, to } }, requestId: ctx.requestId });
    return (await q.findSurvey(trx, id))!;
  });
}

/** A survey the public may see (open or closed; drafts are staff only). */
export async function getPublicSurvey(db: AnyTenantDb, id: string): Promise<Survey | null> {
  const s = await q.findSurvey(tdb(db), id);
  return s && s.status !== 'draft' ? s : null;
}

/** Keyed hash of an address for "one confirmed response per e-mail" (the address itself is not stored). */
async function surveyEmailHash(db: AnyTenantDb, tenantId: string, email: string): Promise<string> {
  const key = await tenantSecret(db as unknown as AuthDb, tenantId, 'participation-survey-email');
  return createHmac('sha256', key).update(email).digest('hex');
}

/**
 * Stores an anonymous response (no account, no IP, no e-mail with the answers). The once-per-browser cookie is
 * the caller's job; an optional e-mail gets a confirmation link (one confirmed response per address).
 */
export async function submitResponse(ctx: ParticipationContext, surveyId: string, input: { values: Record<string, unknown>; email?: string | null | undefined; locale: Locale }): Promise<{ responseId: string; confirmationSent: boolean }> {
  const s = await q.findSurvey(tdb(ctx.db), surveyId);
  if (!s || s.status === 'draft') throw errors.notFound('survey');
  if (s.status !== 'open') throw new AppError(409, 'survey_closed', 'The survey is closed.');
  const checked = checkResponse(s.questions, input.values);
  if (checked.errors.length) throw errors.validation(checked.errors);
  const email = input.email ? normaliseEmail(input.email) : null;
  const id = newId('prs');
  const token = email ? newToken() : null;
  const emailHash = email ? await surveyEmailHash(ctx.db, ctx.tenant.id, email) : null;
  const sendLink = await tdb(ctx.db).transaction().execute(async (trx) => {
    await q.insertResponse(trx, { id, surveyId, at: nowIso() }, checked.rows.map((r) => ({ id: newId('pan'), ...r })));
    let claimed = false;
    if (emailHash && token) {
      claimed = await q.claimSurveyEmail(trx, surveyId, emailHash);
      if (claimed) await q.insertToken(trx, { hash: hashToken(token), kind: 'response', targetId: id, expiresAt: days(CONFIRM_DAYS) });
    }
    await recordAudit(auditDb(trx), { actor: PUBLIC_ACTOR, entityType: 'survey', entityId: surveyId, action: 'respond', changes: {}, requestId: ctx.requestId });
    return claimed;
  });
  let confirmationSent = false;
  if (sendLink && email && token && ctx.mail) confirmationSent = await trySend(ctx.mail, renderMail(input.locale, 'participation.mail.response', email, { tenant: ctx.tenant.name, title: s.title, link: `${ctx.mail.linkBase}/participation/confirm/${token}`, days: CONFIRM_DAYS }));
  return { responseId: id, confirmationSent };
}

/** Results: counts and percentages; free text only released answers unless `staff` (participation.manage in the area). */
export async function surveyResults(db: AnyTenantDb, survey: Survey, opts: { staff: boolean }): Promise<SurveyResults> {
  const d = tdb(db);
  const [counts, answers] = await Promise.all([q.responseCounts(d, survey.id), q.listAnswers(d, survey.id)]);
  const questions = tally(survey.questions, answers).map((r) => ({ ...r, texts: opts.staff ? r.texts : r.texts.filter((x) => x.released) }));
  return { survey, responses: counts.total, confirmed: counts.confirmed, questions };
}

/** Releases (or withdraws) one free-text answer for the public results page. */
export async function releaseAnswer(ctx: ServiceContext, surveyId: string, answerId: string, release: boolean): Promise<void> {
  const s = await requireSurvey(ctx, surveyId, 'participation.manage');
  const a = await q.findAnswer(tdb(ctx.db), answerId);
  const question = a ? s.questions.find((x) => x.id === a.question_id) : undefined;
  if (!a || a.survey_id !== surveyId || question?.kind !== 'text') throw errors.validation([{ field: 'answerId', key: 'form.error.choose' }]);
  await tdb(ctx.db).transaction().execute(async (trx) => {
    await q.setReleased(trx, surveyId, answerId, release ? nowIso() : null);
    await recordAudit(auditDb(trx), { actor: actorOf(ctx), entityType: 'survey', entityId: surveyId, action: release ? 'release_answer' : 'withhold_answer', changes: { answerId: { from: null, to: answerId } }, requestId: ctx.requestId });
  });
}

/** CSV of the results for staff (counts per option; every free-text answer); the export is audited. */
export async function exportResultsCsv(ctx: ServiceContext, surveyId: string, labels: { question: string; kind: string; option: string; count: string; percent: string; answered: string }): Promise<string> {
  const s = await requireSurvey(ctx, surveyId, 'participation.manage');
  const r = await surveyResults(ctx.db, s, { staff: true });
  let out = csvLine([labels.question, labels.kind, labels.option, labels.count, labels.percent, labels.answered]);
  for (const qr of r.questions) {
    if (qr.question.kind === 'text') for (const x of qr.texts) out += csvLine([qr.question.prompt, qr.question.kind, x.value, 1, '', qr.answered]);
    else for (const o of qr.options) out += csvLine([qr.question.prompt, qr.question.kind, o.label, o.count, o.percent, qr.answered]);
  }
  await recordAudit(auditDb(tdb(ctx.db)), { actor: actorOf(ctx), entityType: 'survey', entityId: surveyId, action: 'export', changes: { format: { from: null, to: 'csv' } }, requestId: ctx.requestId });
  return `\ufeff${out}`;
}

/* ================================================================ clean-up */

/**
 * Daily: unconfirmed proposals, supports and comments older than the link's validity are deleted (with their
 * addresses), and expired or used links are removed. What the privacy notices promise.
 */
export async function purgeUnconfirmed(db: AnyTenantDb, now = new Date()): Promise<{ proposals: number; supports: number; comments: number; tokens: number }> {
  const cutoff = new Date(now.getTime() - CONFIRM_DAYS * 86_400_000).toISOString();
  return tdb(db).transaction().execute(async (trx) => {
    const r = await q.purgeUnconfirmed(trx, cutoff, now.toISOString());
    if (r.proposals + r.supports + r.comments > 0) {
      await recordAudit(auditDb(trx), { actor: SYSTEM, entityType: 'participation', entityId: 'unconfirmed', action: 'purge', changes: { proposals: { from: r.proposals, to: 0 }, supports: { from: r.supports, to: 0 }, comments: { from: r.comments, to: 0 } } });
    }
    return r;
  });
}

/* ================================================================ residents' accounts (ADR 0022) */

const accountActor = (accountId: string) => ({ id: null, label: `account:${accountId}` });

/** Does the account support the proposal? */
export async function accountSupports(db: AnyTenantDb, proposalId: string, accountId: string | null | undefined): Promise<boolean> {
  return accountId ? q.hasAccountSupport(tdb(db), proposalId, accountId) : false;
}

/**
 * A signed-in resident supports a proposal without the e-mail round trip: one support per account (unique key
 * (proposal, account), also under parallel requests), counted at once with the atomic counter in the same
 * transaction. Supporting twice changes nothing.
 */
export async function supportAsAccount(ctx: ServiceContext, proposalId: string, accountId: string): Promise<{ added: boolean }> {
  const db = tdb(ctx.db);
  const p = await q.findProposal(db, proposalId);
  if (!p || !p.publishedAt) throw errors.notFound('proposal');
  if (p.status === 'done' || p.status === 'not_possible') throw errors.conflict('proposal_closed', 'The proposal is closed.');
  return db.transaction().execute(async (trx) => {
    const added = await q.insertAccountSupport(trx, { id: newId('psu'), proposalId, accountId, at: nowIso() });
    if (added) {
      await q.addSupportCount(trx, proposalId, 1);
      await recordAudit(auditDb(trx), { actor: accountActor(accountId), entityType: 'proposal', entityId: proposalId, action: 'support', changes: {}, requestId: ctx.requestId });
    }
    return { added };
  });
}

/** Withdraws the account's support (the counter follows in the same transaction). */
export async function withdrawAccountSupport(ctx: ServiceContext, proposalId: string, accountId: string): Promise<{ withdrawn: boolean }> {
  return tdb(ctx.db).transaction().execute(async (trx) => {
    const r = await q.deleteAccountSupport(trx, proposalId, accountId);
    if (r.counted) await q.addSupportCount(trx, proposalId, -1);
    if (r.deleted) await recordAudit(auditDb(trx), { actor: accountActor(accountId), entityType: 'proposal', entityId: proposalId, action: 'support_withdrawn', changes: {}, requestId: ctx.requestId });
    return { withdrawn: r.deleted };
  });
}

/** A comment by a signed-in resident: shown at once (no e-mail link), linked to the account. */
export async function addCommentAsAccount(ctx: ServiceContext, proposalId: string, input: { accountId: string; body: string; name?: string | null | undefined }): Promise<{ commentId: string }> {
  const db = tdb(ctx.db);
  const p = await q.findProposal(db, proposalId);
  if (!p || !p.publishedAt) throw errors.notFound('proposal');
  const body = input.body.trim();
  if (!body) throw errors.validation([{ field: 'body', key: 'form.error.required' }]);
  const id = newId('pcm');
  await db.transaction().execute(async (trx) => {
    await q.insertAccountComment(trx, { id, proposalId, body, authorName: trimOrNull(input.name), accountId: input.accountId, at: nowIso() });
    await recordAudit(auditDb(trx), { actor: accountActor(input.accountId), entityType: 'proposal_comment', entityId: id, action: 'create', changes: { proposalId: { from: null, to: proposalId }, bodyLength: { from: null, to: body.length } }, requestId: ctx.requestId });
  });
  return { commentId: id };
}

/**
 * The keyed hash under which survey confirmations of this address are stored, or null when the municipality has
 * none stored at all (then no secret is created just to look).
 */
async function storedSurveyEmailHash(db: AnyTenantDb | Kysely<any>, email: string): Promise<string | null> {
  if (!(await q.hasSurveyEmails(tdb(db)))) return null;
  return surveyEmailHash(db as AnyTenantDb, tenantIdOf(db), email);
}

/** What the module keeps under an address (normalised): supports, unconfirmed proposals and comments, survey confirmations. */
export async function emailData(db: AnyTenantDb | Kysely<any>, email: string) {
  const normal = normaliseEmail(email);
  const rows = await q.listByEmail(tdb(db), normal);
  const hash = await storedSurveyEmailHash(db, normal);
  return { ...rows, surveys: hash ? await q.surveysOfEmailHash(tdb(db), hash) : [] };
}

/**
 * Erases an address from the module inside the caller's transaction: its supports deleted (the counter follows),
 * address and name removed from proposals and comments not yet confirmed (their texts stay, anonymous), and the
 * keyed hash kept for survey confirmations deleted (the responses themselves never held it). Counts only.
 */
async function eraseAddress(trx: AnyTenantDb | Kysely<any>, email: string): Promise<{ supports: number; proposals: number; comments: number; surveyConfirmations: number }> {
  const normal = normaliseEmail(email);
  const r = await q.eraseEmail(tdb(trx), normal);
  const hash = await storedSurveyEmailHash(trx, normal);
  return { ...r, surveyConfirmations: hash ? await q.deleteSurveyEmails(tdb(trx), hash) : 0 };
}

/**
 * What participation stores about a resident's account (its part of "download my data"): the rows linked to the
 * account and, when its confirmed address is given, what the module keeps under that address.
 */
export async function accountData(db: AnyTenantDb, accountId: string, email?: string | null) {
  const linked = await q.listByAccount(tdb(db), accountId);
  return { ...linked, byEmail: email ? await emailData(db, email) : null };
}

/**
 * Account deletion (caller's transaction): the account's supports withdrawn (counters decremented), authorship and
 * names removed; with the confirmed address also everything kept under it (as `eraseEmail`). Counts only.
 */
export async function eraseAccount(trx: AnyTenantDb | Kysely<any>, accountId: string, email?: string | null): Promise<Record<string, number>> {
  const linked = await q.eraseAccount(tdb(trx), accountId);
  if (!email) return linked;
  const byEmail = await eraseAddress(trx, email);
  return { ...linked, emailSupports: byEmail.supports, emailProposals: byEmail.proposals, emailComments: byEmail.comments, surveyConfirmations: byEmail.surveyConfirmations };
}

/* ================================================================ GDPR */

/**
 * Erases an e-mail address from the module (a resident's request by staff; an account's deletion does the same
 * through `eraseAccount`): its supports are deleted (the count follows), the address and name are removed from
 * proposals and comments (their texts stay, anonymous), the keyed hash of survey confirmations is deleted (survey
 * responses hold no address). Audited without the address.
 */
export async function eraseEmail(ctx: ServiceContext, email: string): Promise<{ supports: number; proposals: number; comments: number; surveyConfirmations: number }> {
  // Reaches into every area: only for a user who may manage participation in all of them.
  authorize(ctx.user, 'participation.manage');
  if (scopeFor(ctx.user, 'participation.manage') !== 'all') throw errors.forbidden('participation.manage');
  return tdb(ctx.db).transaction().execute(async (trx) => {
    const r = await eraseAddress(trx, email);
    await recordAudit(auditDb(trx), { actor: ctx.user ? actorOf(ctx) : SYSTEM, entityType: 'participation', entityId: 'email', action: 'erase_email', changes: { supports: { from: r.supports, to: 0 }, proposals: { from: r.proposals, to: 0 }, comments: { from: r.comments, to: 0 }, surveyConfirmations: { from: r.surveyConfirmations, to: 0 } }, requestId: ctx.requestId });
    return r;
  });
}

export { localeOf };
