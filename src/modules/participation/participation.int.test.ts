/**
 * Participation on a real database (SQLite and PostgreSQL): proposals with e-mail confirmation and optional
 * approval, one support per normalised e-mail (also under parallel requests), withdrawal, comments with reports
 * and moderation, staff status and answers with the timeline and audit, surveys (draft → open → closed) with
 * anonymous responses, results and free-text release, the CSV export, the HTTP pages (honeypot, no JavaScript
 * needed, bad input changes nothing) and the JSON API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit, type AuditTables } from '../../platform/audit';
import { forTenant, type TenantDb } from '../../platform/db/tenant-scope';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { apiClient, lastMailTo, linkIn, mails, signedInClient } from '../../../test/support/auth';
import { getAreaBySlug, seedTerritory } from '../territory';
import {
  addComment,
  answerProposal,
  changeSurveyStatus,
  confirmLink,
  confirmTarget,
  createSurvey,
  decideApproval,
  dismissReports,
  eraseEmail,
  exportResultsCsv,
  getPublicProposal,
  getPublicSurvey,
  hideComment,
  listAreaParticipation,
  moderationQueue,
  purgeUnconfirmed,
  releaseAnswer,
  reportComment,
  setAreaSettings,
  submitProposal,
  submitResponse,
  supportProposal,
  surveyResults,
  withdrawSupport,
} from './index';
import { getAreaSettings, hashToken } from './participation.service';
import { ctxFor, participationFixture, principal, tokenFromMail } from './test/factories';

let t: TestApp;
let db: TenantDb<any>;
let krayId: string;
let karnapId: string;

beforeAll(async () => {
  t = await createTestApp();
  await seedTerritory(t.handle.db, t.tenant.id);
  await seedTerritory(t.handle.db, t.other.id);
  db = forTenant(t.handle.db, t.tenant.id);
  krayId = (await getAreaBySlug(db, 'kray'))!.id;
  karnapId = (await getAreaBySlug(db, 'karnap'))!.id;
});
afterAll(async () => t?.close());

const pub = () => ctxFor(t, null);
const admin = () => ctxFor(t, principal('admin'));

async function publishedProposal(email = `p-${Math.random().toString(36).slice(2)}@example.test`, areaId = krayId) {
  const { proposal } = await submitProposal(pub(), { areaId, title: 'Ein Trinkbrunnen', body: 'Im Sommer fehlt Wasser im Park.', email, locale: 'de' });
  await confirmLink(pub(), tokenFromMail(t, email));
  return proposal.id;
}

async function auditActions(entityId: string): Promise<string[]> {
  const r = await listAudit(db as unknown as TenantDb<AuditTables>, { entityId, limit: 100 });
  return r.entries.map((e) => e.action);
}

describe('proposals', () => {
  it('publishes a proposal only after its e-mail link is confirmed; the link works once; the address is not kept', async () => {
    const email = 'Anwohner@Example.TEST ';
    const { proposal, confirmationSent } = await submitProposal(pub(), { areaId: krayId, title: ' Mehr Licht ', body: 'Der Weg ist dunkel.', name: '', email, locale: 'de' });
    expect(confirmationSent).toBe(true);
    expect(proposal.title).toBe('Mehr Licht');
    expect(proposal.publishedAt).toBeNull();
    expect(await getPublicProposal(db, proposal.id)).toBeNull();
    const mail = lastMailTo(t, 'anwohner@example.test')!;
    expect(mail.subject).toContain('Mehr Licht');
    const token = linkIn(mail, '/participation/confirm/').split('/').pop()!;
    const row = await t.handle.db.selectFrom('participation_tokens').selectAll().where('target_id', '=', proposal.id).executeTakeFirstOrThrow();
    expect(row.token_hash).not.toBe(token);
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await confirmLink(pub(), token)).toEqual({ kind: 'proposal', proposalId: proposal.id, areaId: krayId, published: true });
    expect(await confirmLink(pub(), token)).toBeNull();
    const shown = await getPublicProposal(db, proposal.id);
    expect(shown?.proposal.publishedAt).not.toBeNull();
    expect(shown?.events.map((e) => e.kind)).toEqual(['created', 'published']);
    const stored = await t.handle.db.selectFrom('participation_proposals').select(['author_email', 'email_confirmed_at']).where('id', '=', proposal.id).executeTakeFirstOrThrow();
    expect(stored.author_email).toBeNull();
    expect(stored.email_confirmed_at).not.toBeNull();
    expect(await auditActions(proposal.id)).toEqual(expect.arrayContaining(['create', 'confirm']));
    const audit = JSON.stringify((await listAudit(db as unknown as TenantDb<AuditTables>, { entityId: proposal.id })).entries);
    expect(audit).not.toContain('anwohner@example.test');
    expect(audit).not.toContain('Der Weg ist dunkel');
  });

  it('refuses an expired link', async () => {
    const email = 'expired@example.test';
    const { proposal } = await submitProposal(pub(), { areaId: krayId, title: 'Alt', body: 'Alt.', email, locale: 'de' });
    await t.handle.db.updateTable('participation_tokens').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('target_id', '=', proposal.id).execute();
    expect(await confirmLink(pub(), tokenFromMail(t, email))).toBeNull();
    expect(await getPublicProposal(db, proposal.id)).toBeNull();
  });

  it('asks for staff approval where the area says so; approval is scoped to the area', async () => {
    await expect(setAreaSettings(ctxFor(t, principal('moderator', { areaIds: [karnapId] })), krayId, { requireApproval: true })).rejects.toMatchObject({ status: 403 });
    await setAreaSettings(ctxFor(t, principal('moderator', { areaIds: [krayId] })), krayId, { requireApproval: true });
    try {
      const email = 'approval@example.test';
      const { proposal } = await submitProposal(pub(), { areaId: krayId, title: 'Freigabe nötig', body: 'Text.', email, locale: 'de' });
      expect(proposal.approval).toBe('pending');
      expect(await confirmLink(pub(), tokenFromMail(t, email))).toEqual({ kind: 'proposal', proposalId: proposal.id, areaId: krayId, published: false });
      expect(await getPublicProposal(db, proposal.id)).toBeNull();
      await expect(decideApproval(ctxFor(t, principal('district_worker', { areaIds: [karnapId] })), proposal.id, true)).rejects.toMatchObject({ status: 403 });
      await expect(decideApproval(ctxFor(t, principal('office_staff')), proposal.id, true)).rejects.toMatchObject({ status: 403 });
      const approved = await decideApproval(ctxFor(t, principal('district_worker', { areaIds: [krayId] })), proposal.id, true);
      expect(approved.publishedAt).not.toBeNull();
      expect(await getPublicProposal(db, proposal.id)).not.toBeNull();
      await expect(decideApproval(admin(), proposal.id, false)).rejects.toMatchObject({ status: 409 });
    } finally {
      await setAreaSettings(admin(), krayId, { requireApproval: false });
    }
  });

  it('counts one support per normalised e-mail, also for parallel requests; withdrawal deletes the address', async () => {
    const id = await publishedProposal();
    const variants = ['fan@example.test', 'FAN@example.test', ' fan@Example.test', 'fan@example.test', 'Fan@Example.Test'];
    await Promise.all(variants.map((email) => supportProposal(pub(), id, { email, locale: 'de' })));
    const rows = await t.handle.db.selectFrom('participation_supports').selectAll().where('proposal_id', '=', id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.email).toBe('fan@example.test');
    // Not counted before the link is confirmed.
    expect((await getPublicProposal(db, id))!.proposal.supportCount).toBe(0);
    const confirmMail = mails(t).filter((m) => m.to.includes('fan@example.test')).at(-1)!;
    const token = linkIn(confirmMail, '/participation/confirm/').split('/').pop()!;
    expect(await confirmLink(pub(), token)).toEqual({ kind: 'support', proposalId: id });
    expect((await getPublicProposal(db, id))!.proposal.supportCount).toBe(1);
    // Another link of the same address (an earlier mail) cannot count twice.
    for (const m of mails(t).filter((x) => x.to.includes('fan@example.test'))) await confirmLink(pub(), linkIn(m, '/participation/confirm/').split('/').pop()!);
    expect((await getPublicProposal(db, id))!.proposal.supportCount).toBe(1);
    // A second address counts.
    await supportProposal(pub(), id, { email: 'other-fan@example.test', locale: 'de' });
    await confirmLink(pub(), tokenFromMail(t, 'other-fan@example.test'));
    expect((await getPublicProposal(db, id))!.proposal.supportCount).toBe(2);
    // Withdrawal through the link in the confirmation mail.
    const withdraw = linkIn(confirmMail, '/participation/withdraw/').split('/').pop()!;
    expect(await withdrawSupport(pub(), withdraw)).toEqual({ proposalId: id });
    expect(await withdrawSupport(pub(), withdraw)).toBeNull();
    expect((await getPublicProposal(db, id))!.proposal.supportCount).toBe(1);
    expect(await t.handle.db.selectFrom('participation_supports').select('id').where('email', '=', 'fan@example.test').execute()).toEqual([]);
    // Supporting an unpublished proposal is refused.
    const { proposal } = await submitProposal(pub(), { areaId: krayId, title: 'x', body: 'y', email: 'unconf@example.test', locale: 'de' });
    await expect(supportProposal(pub(), proposal.id, { email: 'a@example.test', locale: 'de' })).rejects.toMatchObject({ status: 404 });
  });

  it('staff set statuses along the workflow; "not possible" needs a public answer; every change is on the timeline and audited', async () => {
    const id = await publishedProposal();
    const worker = ctxFor(t, principal('district_worker', { areaIds: [krayId] }));
    await expect(answerProposal(ctxFor(t, principal('moderator', { areaIds: [karnapId] })), id, { to: 'in_review' })).rejects.toMatchObject({ status: 403 });
    await expect(answerProposal(ctxFor(t, principal('viewer')), id, { to: 'in_review' })).rejects.toMatchObject({ status: 403 });
    await expect(answerProposal(worker, id, { to: 'done' })).rejects.toMatchObject({ status: 422 });
    await expect(answerProposal(worker, id, { to: 'not_possible', answer: '  ' })).rejects.toMatchObject({ status: 422, details: { fields: [{ field: 'answer', key: 'participation.error.answerForNotPossible' }] } });
    await expect(answerProposal(worker, id, { to: 'submitted' })).rejects.toMatchObject({ status: 422 });
    expect((await getPublicProposal(db, id))!.proposal.status).toBe('submitted');
    await answerProposal(worker, id, { to: 'in_review' });
    await answerProposal(worker, id, { to: 'in_review', answer: 'Wir prüfen den Standort mit Grün und Gruga.' });
    const done = await answerProposal(worker, id, { to: 'not_possible', answer: 'Die Fläche gehört nicht der Stadt.' });
    expect(done.status).toBe('not_possible');
    expect(done.answer).toBe('Die Fläche gehört nicht der Stadt.');
    expect(done.answeredAt).not.toBeNull();
    const events = (await getPublicProposal(db, id))!.events;
    expect(events.map((e) => [e.kind, e.toStatus])).toEqual([
      ['created', 'submitted'],
      ['published', null],
      ['status', 'in_review'],
      ['answer', 'in_review'],
      ['status', 'not_possible'],
    ]);
    expect(await auditActions(id)).toEqual(expect.arrayContaining(['status', 'answer']));
  });

  it('lists open proposals and open surveys of an area for the portal', async () => {
    const fx = await participationFixture(t, karnapId);
    const r = await listAreaParticipation(db, karnapId);
    expect(r.proposals.map((p) => p.id)).toContain(fx.proposalId);
    expect(r.surveys.map((s) => s.id)).toContain(fx.surveyId);
    expect(r.proposals.every((p) => p.href.startsWith('/participation/proposals/'))).toBe(true);
    const other = await listAreaParticipation(forTenant(t.handle.db, t.other.id), karnapId);
    expect(other.proposals).toEqual([]);
  });
});

describe('comments and moderation', () => {
  it('shows a comment after confirmation, takes reports with reasons, and staff hide it with a public reason', async () => {
    const id = await publishedProposal();
    await expect(addComment(pub(), id, { body: '   ', email: 'c@example.test', locale: 'de' })).rejects.toMatchObject({ status: 422 });
    await addComment(pub(), id, { body: 'Das ist Unsinn, ihr Idioten.', name: 'Troll', email: 'troll@example.test', locale: 'de' });
    expect((await getPublicProposal(db, id))!.comments).toEqual([]);
    await confirmLink(pub(), tokenFromMail(t, 'troll@example.test'));
    const [c] = (await getPublicProposal(db, id))!.comments;
    expect(c).toMatchObject({ authorName: 'Troll', body: 'Das ist Unsinn, ihr Idioten.', hidden: null });
    const stored = await t.handle.db.selectFrom('participation_comments').select('author_email').where('id', '=', c!.id).executeTakeFirstOrThrow();
    expect(stored.author_email).toBeNull();

    await expect(reportComment(pub(), c!.id, { reason: 'other', text: '' })).rejects.toMatchObject({ status: 422 });
    await reportComment(pub(), c!.id, { reason: 'insult', text: null });
    await reportComment(pub(), c!.id, { reason: 'other', text: 'Beschimpft Nachbarn.' });
    const outOfScope = await moderationQueue(ctxFor(t, principal('moderator', { areaIds: [karnapId] })));
    expect(outOfScope.find((x) => x.comment.id === c!.id)).toBeUndefined();
    await expect(moderationQueue(ctxFor(t, principal('office_staff')))).rejects.toMatchObject({ status: 403 });
    const queue = await moderationQueue(ctxFor(t, principal('moderator', { areaIds: [krayId] })));
    const item = queue.find((x) => x.comment.id === c!.id)!;
    // Both reports can carry the same millisecond; their order is then by random id, so compare as a set.
    expect(item.reports.map((r) => r.reason).sort()).toEqual(['insult', 'other']);

    await expect(hideComment(ctxFor(t, principal('moderator', { areaIds: [karnapId] })), c!.id, { reason: 'Beleidigung' })).rejects.toMatchObject({ status: 403 });
    await expect(hideComment(ctxFor(t, principal('moderator', { areaIds: [krayId] })), c!.id, { reason: ' ' })).rejects.toMatchObject({ status: 422 });
    await hideComment(ctxFor(t, principal('moderator', { areaIds: [krayId] })), c!.id, { reason: 'Beleidigung' });
    const after = (await getPublicProposal(db, id))!.comments[0]!;
    expect(after.body).toBeNull();
    expect(after.authorName).toBeNull();
    expect(after.hidden?.reason).toBe('Beleidigung');
    expect((await moderationQueue(admin())).find((x) => x.comment.id === c!.id)).toBeUndefined();
    await expect(reportComment(pub(), c!.id, { reason: 'spam' })).rejects.toMatchObject({ status: 404 });
    expect(await auditActions(c!.id)).toEqual(expect.arrayContaining(['create', 'confirm', 'report', 'hide']));
  });

  it('dismisses reports and keeps the comment visible', async () => {
    const fx = await participationFixture(t, krayId);
    await reportComment(pub(), fx.commentId, { reason: 'spam' });
    await expect(dismissReports(ctxFor(t, principal('coordinator', { areaIds: [karnapId] })), fx.commentId)).rejects.toMatchObject({ status: 403 });
    expect((await dismissReports(ctxFor(t, principal('coordinator', { areaIds: [krayId] })), fx.commentId)).dismissed).toBe(1);
    await expect(dismissReports(admin(), fx.commentId)).rejects.toMatchObject({ status: 409 });
    expect((await getPublicProposal(db, fx.proposalId))!.comments[0]!.hidden).toBeNull();
  });
});

describe('surveys', () => {
  it('goes draft → open → closed; answers are anonymous, checked and counted; free text is public only once released', async () => {
    const a = admin();
    await expect(createSurvey(ctxFor(t, principal('moderator', { areaIds: [karnapId] })), { areaId: krayId, title: 'x', questions: [{ kind: 'text', prompt: 'x', required: false, options: [] }] })).rejects.toMatchObject({ status: 403 });
    await expect(createSurvey(a, { areaId: krayId, title: 'x', questions: [{ kind: 'single', prompt: 'x', required: true, options: ['nur eine'] }] })).rejects.toMatchObject({ status: 422 });
    const s = await createSurvey(a, {
      areaId: krayId,
      title: 'Stadtteilfest',
      questions: [
        { kind: 'single', prompt: 'Kommen Sie?', required: true, options: ['ja', 'nein', 'vielleicht'] },
        { kind: 'multiple', prompt: 'Was wünschen Sie sich?', required: false, options: ['Musik', 'Essen', 'Spiele'] },
        { kind: 'rating', prompt: 'Wie fanden Sie das letzte Fest?', required: true, options: [] },
        { kind: 'text', prompt: 'Ideen?', required: false, options: [] },
      ],
    });
    const [q1, q2, q3, q4] = s.questions.map((x) => `q_${x.id}`) as [string, string, string, string];
    expect(await getPublicSurvey(db, s.id)).toBeNull();
    await expect(submitResponse(pub(), s.id, { values: { [q1]: '0', [q3]: '5' }, locale: 'de' })).rejects.toMatchObject({ status: 404 });
    await changeSurveyStatus(a, s.id, 'open');
    await expect(changeSurveyStatus(a, s.id, 'draft')).rejects.toMatchObject({ status: 422 });

    // Bad input changes nothing.
    const before = await t.handle.db.selectFrom('participation_responses').select('id').where('survey_id', '=', s.id).execute();
    await expect(submitResponse(pub(), s.id, { values: { [q1]: ['0', '1'], [q3]: '6' }, locale: 'de' })).rejects.toMatchObject({ status: 422 });
    await expect(submitResponse(pub(), s.id, { values: { [q1]: '7', [q3]: '3' }, locale: 'de' })).rejects.toMatchObject({ status: 422 });
    await expect(submitResponse(pub(), s.id, { values: { [q3]: '3' }, locale: 'de' })).rejects.toMatchObject({ details: { fields: [{ field: q1, key: 'participation.error.answerRequired' }] } });
    expect(await t.handle.db.selectFrom('participation_responses').select('id').where('survey_id', '=', s.id).execute()).toEqual(before);

    await submitResponse(pub(), s.id, { values: { [q1]: '0', [q2]: ['0', '1'], [q3]: '5', [q4]: 'Eine Hüpfburg!' }, locale: 'de' });
    await submitResponse(pub(), s.id, { values: { [q1]: '0', [q2]: ['1'], [q3]: '3' }, locale: 'de' });
    const r3 = await submitResponse(pub(), s.id, { values: { [q1]: '2', [q3]: '4', [q4]: 'Mehr Bänke' }, email: 'voter@example.test', locale: 'de' });
    expect(r3.confirmationSent).toBe(true);
    // A second response with the same address gets no second confirmation link.
    const mailCount = mails(t).filter((m) => m.to.includes('voter@example.test')).length;
    await submitResponse(pub(), s.id, { values: { [q1]: '1', [q3]: '1' }, email: 'Voter@example.test', locale: 'de' });
    expect(mails(t).filter((m) => m.to.includes('voter@example.test')).length).toBe(mailCount);
    expect(await confirmLink(pub(), tokenFromMail(t, 'voter@example.test'))).toEqual({ kind: 'response', surveyId: s.id });

    // No address, no IP with the answers.
    const responses = await t.handle.db.selectFrom('participation_responses').selectAll().where('survey_id', '=', s.id).execute();
    expect(JSON.stringify(responses)).not.toContain('voter');
    const answers = await t.handle.db.selectFrom('participation_answers').selectAll().where('survey_id', '=', s.id).execute();
    expect(JSON.stringify(answers)).not.toMatch(/voter|127\.0\.0\.1/);

    const pubResults = await surveyResults(db, s, { staff: false });
    expect(pubResults.responses).toBe(4);
    expect(pubResults.confirmed).toBe(1);
    const [r1, r2, rr, rt] = pubResults.questions;
    expect(r1!.answered).toBe(4);
    expect(r1!.options.map((o) => [o.label, o.count, o.percent])).toEqual([
      ['ja', 2, 50],
      ['nein', 1, 25],
      ['vielleicht', 1, 25],
    ]);
    expect(r2!.answered).toBe(2);
    expect(r2!.options.map((o) => o.count)).toEqual([1, 2, 0]);
    expect(r2!.options[1]!.percent).toBe(100);
    expect(rr!.average).toBe(3.3);
    expect(rr!.options.map((o) => o.count)).toEqual([1, 0, 1, 1, 1]);
    expect(rt!.answered).toBe(2);
    expect(rt!.texts).toEqual([]);
    const staffResults = await surveyResults(db, s, { staff: true });
    const hupf = staffResults.questions[3]!.texts.find((x) => x.value === 'Eine Hüpfburg!')!;
    await expect(releaseAnswer(ctxFor(t, principal('moderator', { areaIds: [karnapId] })), s.id, hupf.id, true)).rejects.toMatchObject({ status: 403 });
    await expect(releaseAnswer(a, s.id, answers.find((x) => x.question_id === s.questions[0]!.id)!.id, true)).rejects.toMatchObject({ status: 422 });
    await releaseAnswer(a, s.id, hupf.id, true);
    expect((await surveyResults(db, s, { staff: false })).questions[3]!.texts.map((x) => x.value)).toEqual(['Eine Hüpfburg!']);

    const csv = await exportResultsCsv(a, s.id, { question: 'Frage', kind: 'Art', option: 'Antwort', count: 'Anzahl', percent: 'Anteil', answered: 'Beantwortet' });
    expect(csv).toContain('"Kommen Sie?";"single";"ja";"2";"50";"4"');
    expect(csv).toContain('"Ideen?";"text";"Mehr Bänke"');
    await expect(exportResultsCsv(ctxFor(t, principal('viewer')), s.id, { question: '', kind: '', option: '', count: '', percent: '', answered: '' })).rejects.toMatchObject({ status: 403 });
    expect(await auditActions(s.id)).toEqual(expect.arrayContaining(['create', 'status', 'respond', 'confirm_response', 'release_answer', 'export']));

    await changeSurveyStatus(a, s.id, 'closed');
    await expect(submitResponse(pub(), s.id, { values: { [q1]: '0', [q3]: '5' }, locale: 'de' })).rejects.toMatchObject({ status: 409 });
  });
});

describe('privacy', () => {
  it('purges unconfirmed entries after the link expired, and erases an address on request', async () => {
    const { proposal } = await submitProposal(pub(), { areaId: krayId, title: 'Nie bestätigt', body: 'x', email: 'never@example.test', locale: 'de' });
    const later = new Date(Date.now() + 8 * 86_400_000);
    const r = await purgeUnconfirmed(db, later);
    expect(r.proposals).toBeGreaterThanOrEqual(1);
    expect(await t.handle.db.selectFrom('participation_proposals').select('id').where('id', '=', proposal.id).execute()).toEqual([]);

    const id = await publishedProposal();
    await supportProposal(pub(), id, { email: 'erase-me@example.test', locale: 'de' });
    await confirmLink(pub(), tokenFromMail(t, 'erase-me@example.test'));
    expect((await getPublicProposal(db, id))!.proposal.supportCount).toBe(1);
    await expect(eraseEmail(ctxFor(t, principal('viewer')), 'erase-me@example.test')).rejects.toMatchObject({ status: 403 });
    await expect(eraseEmail(ctxFor(t, principal('district_worker', { areaIds: [krayId] })), 'erase-me@example.test')).rejects.toMatchObject({ status: 403 });
    // Not confirmed yet (so still under the address): a comment with a name; and a survey response with the address.
    await addComment(pub(), id, { body: 'Noch nicht bestätigt.', name: 'Erika Löschmich', email: 'erase-me@example.test', locale: 'de' });
    const s = await createSurvey(admin(), { areaId: krayId, title: 'Löschumfrage', questions: [{ kind: 'single', prompt: 'Ja?', required: true, options: ['ja', 'nein'] }] });
    await changeSurveyStatus(admin(), s.id, 'open');
    await submitResponse(pub(), s.id, { values: { [`q_${s.questions[0]!.id}`]: '0' }, email: 'erase-me@example.test', locale: 'de' });
    const erased = await eraseEmail(admin(), 'ERASE-ME@example.test');
    expect(erased).toEqual({ supports: 1, proposals: 0, comments: 1, surveyConfirmations: 1 });
    expect((await getPublicProposal(db, id))!.proposal.supportCount).toBe(0);
    // The comment's text stays, without address and name; the survey keeps its response, not the address's hash.
    expect(await db.selectFrom('participation_comments').select(['author_email', 'author_name']).where('body', '=', 'Noch nicht bestätigt.').execute()).toEqual([{ author_email: null, author_name: null }]);
    expect(await db.selectFrom('participation_survey_emails').select('email_hash').where('survey_id', '=', s.id).execute()).toEqual([]);
    expect((await surveyResults(db, (await getPublicSurvey(db, s.id))!, { staff: true })).responses).toBe(1);
  });
});

describe('e-mail links act on POST only (a mail scanner opening the link confirms nothing)', () => {
  const tokenRow = (token: string) => t.handle.db.selectFrom('participation_tokens').select(['used_at']).where('token_hash', '=', hashToken(token)).executeTakeFirstOrThrow();

  it('a support: GET shows the proposal and a button and changes nothing; without CSRF refused; POST confirms once', async () => {
    const id = await publishedProposal();
    await supportProposal(pub(), id, { email: 'scanner@example.test', locale: 'de' });
    const link = linkIn(lastMailTo(t, 'scanner@example.test')!, '/participation/confirm/');
    const token = link.split('/').pop()!;
    const supportRow = () => t.handle.db.selectFrom('participation_supports').select(['confirmed_at']).where('proposal_id', '=', id).executeTakeFirstOrThrow();
    const state = async () => ({ count: (await getPublicProposal(db, id))!.proposal.supportCount, confirmed: (await supportRow()).confirmed_at, used: (await tokenRow(token)).used_at, audit: (await auditActions(id)).filter((a) => a === 'support').length });
    const before = await state();
    expect(before).toEqual({ count: 0, confirmed: null, used: null, audit: 0 });

    const client = t.client();
    for (let i = 0; i < 3; i++) {
      const page = await client.get(link);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('<h1 class="kern-heading-large">Unterstützung bestätigen</h1>');
      expect(html).toContain('Möchten Sie den Vorschlag „Ein Trinkbrunnen“ unterstützen?');
      expect(html).toMatch(new RegExp(`<form action="/participation/confirm/${token}" method="post"`));
      expect(html).toContain('name="_csrf"');
    }
    expect(await state()).toEqual(before);
    // HEAD (what some scanners send) changes nothing either.
    expect((await client.request(link, { method: 'HEAD' })).status).toBe(200);
    expect(await state()).toEqual(before);

    const forged = await client.post(link, {}, { csrf: null });
    expect(forged.status).toBe(403);
    expect(await client.post(link, {}, { csrf: 'wrong' }).then((r) => r.status)).toBe(403);
    expect(await state()).toEqual(before);

    const ok = await client.post(link);
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe(`/participation/proposals/${id}`);
    const after = await state();
    expect(after.count).toBe(1);
    expect(after.confirmed).not.toBeNull();
    expect(after.used).not.toBeNull();
    expect(after.audit).toBe(1);
    expect(await (await client.get(`/participation/proposals/${id}`)).text()).toContain('Ihre Unterstützung zählt jetzt.');

    const again = await client.post(link);
    expect(again.status).toBe(404);
    expect(await again.text()).toContain('Dieser Link ist ungültig, abgelaufen oder wurde schon benutzt.');
    expect((await client.get(link)).status).toBe(404);
    expect(await state()).toEqual(after);
  });

  it('unknown, expired and withdrawal tokens: 404 on GET and POST, nothing changes', async () => {
    const client = t.client();
    const unknown = await client.get('/participation/confirm/not-a-valid-token');
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('Dieser Link ist ungültig, abgelaufen oder wurde schon benutzt.');
    await client.get('/participation/areas/kray/new'); // a page with a form: the client holds a valid CSRF token
    expect(client.csrf).not.toBe('');
    expect((await client.post('/participation/confirm/not-a-valid-token')).status).toBe(404);

    const email = 'expired-http@example.test';
    const { proposal } = await submitProposal(pub(), { areaId: krayId, title: 'Zu spät', body: 'Text.', email, locale: 'de' });
    const link = linkIn(lastMailTo(t, email)!, '/participation/confirm/');
    expect(await confirmTarget(db, link.split('/').pop()!)).toEqual({ kind: 'proposal', proposalId: proposal.id, title: 'Zu spät', needsApproval: false });
    await t.handle.db.updateTable('participation_tokens').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('target_id', '=', proposal.id).execute();
    expect(await confirmTarget(db, link.split('/').pop()!)).toBeNull();
    expect((await client.get(link)).status).toBe(404);
    expect((await client.post(link)).status).toBe(404);
    expect(await getPublicProposal(db, proposal.id)).toBeNull();

    // A withdrawal link is not a confirmation link.
    const id = await publishedProposal();
    await supportProposal(pub(), id, { email: 'wd-only@example.test', locale: 'de' });
    const withdraw = linkIn(lastMailTo(t, 'wd-only@example.test')!, '/participation/withdraw/').split('/').pop()!;
    expect(await confirmTarget(db, withdraw)).toBeNull();
    expect((await client.get(`/participation/confirm/${withdraw}`)).status).toBe(404);
    expect((await client.post(`/participation/confirm/${withdraw}`)).status).toBe(404);
    expect((await tokenRow(withdraw)).used_at).toBeNull();
  });

  it('each kind says what it confirms and leads to its result: proposal (published or awaiting approval), comment, survey response', async () => {
    const client = t.client();
    const confirmByButton = async (link: string, heading: string, text: string) => {
      const page = await client.get(link);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain(`>${heading}</h1>`);
      expect(html).toContain(text);
      return client.post(link);
    };
    // A comment.
    const id = await publishedProposal();
    await addComment(pub(), id, { body: 'Sehr gut.', name: null, email: 'kommentar-http@example.test', locale: 'de' });
    const commentLink = linkIn(lastMailTo(t, 'kommentar-http@example.test')!, '/participation/confirm/');
    expect((await getPublicProposal(db, id))!.comments).toHaveLength(0);
    const comment = await confirmByButton(commentLink, 'Kommentar bestätigen', 'Ihren Kommentar zum Vorschlag „Ein Trinkbrunnen“');
    expect(comment.status).toBe(303);
    expect(comment.headers.get('location')).toBe(`/participation/proposals/${id}`);
    expect((await getPublicProposal(db, id))!.comments).toHaveLength(1);

    // A survey response.
    const fx = await participationFixture(t, krayId);
    const s = (await getPublicSurvey(db, fx.surveyId))!;
    const [q1, , q3] = s.questions;
    await submitResponse(pub(), s.id, { values: { [`q_${q1!.id}`]: '1', [`q_${q3!.id}`]: '5' }, email: 'umfrage-http@example.test', locale: 'de' });
    const confirmedResponses = async () => (await surveyResults(db, s, { staff: false })).confirmed;
    const n0 = await confirmedResponses();
    const response = await confirmByButton(linkIn(lastMailTo(t, 'umfrage-http@example.test')!, '/participation/confirm/'), 'Teilnahme bestätigen', 'an der Umfrage „Spielplatz Kray“');
    expect(response.status).toBe(303);
    expect(await confirmedResponses()).toBe(n0 + 1);
    expect(response.headers.get('location')).toBe(`/participation/surveys/${s.id}/results`);

    // A proposal in an area that asks for approval: the page says so, the button leads to the area page.
    await setAreaSettings(admin(), krayId, { requireApproval: true });
    try {
      const { proposal } = await submitProposal(pub(), { areaId: krayId, title: 'Mit Freigabe', body: 'Text.', email: 'freigabe-http@example.test', locale: 'de' });
      const r = await confirmByButton(linkIn(lastMailTo(t, 'freigabe-http@example.test')!, '/participation/confirm/'), 'Vorschlag bestätigen', 'prüft das Team des Quartiersmanagements');
      expect(r.status).toBe(303);
      expect(r.headers.get('location')).toBe('/participation/areas/kray');
      expect(await (await client.get('/participation/areas/kray')).text()).toContain('prüft Ihren Vorschlag und gibt ihn dann frei');
      const stored = await t.handle.db.selectFrom('participation_proposals').select(['email_confirmed_at', 'published_at']).where('id', '=', proposal.id).executeTakeFirstOrThrow();
      expect(stored.email_confirmed_at).not.toBeNull();
      expect(stored.published_at).toBeNull();
    } finally {
      await setAreaSettings(admin(), krayId, { requireApproval: false });
    }
  });
});

describe('pages and API', () => {
  it('a resident proposes through the form: a mistake first (nothing stored), then the proposal; honeypot refused', async () => {
    const client = t.client();
    const form = await client.get('/participation/areas/kray/new');
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toContain('name="consent"');
    expect(html).not.toMatch(/name="consent"[^>]*checked/);
    const count = async () => (await t.handle.db.selectFrom('participation_proposals').select('id').where('tenant_id', '=', t.tenant.id).execute()).length;
    const n0 = await count();
    const bad = await client.post('/participation/areas/kray/proposals', { title: 'Bank', body: '', email: 'not-an-email', website: '' });
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain('href="#f-body"');
    expect(badHtml).toContain('href="#f-email"');
    expect(badHtml).toContain('href="#f-consent"');
    expect(await count()).toBe(n0);
    const trap = await client.post('/participation/areas/kray/proposals', { title: 'Bank', body: 'Bitte', email: 'bot@example.test', consent: '1', website: 'http://spam' });
    expect(trap.status).toBe(400);
    expect(await count()).toBe(n0);
    const ok = await client.post('/participation/areas/kray/proposals', { title: 'Bank am Spielplatz', body: 'Bitte eine Bank.', email: 'form@example.test', consent: '1', website: '' });
    expect(ok.status).toBe(303);
    expect(await count()).toBe(n0 + 1);
    const link = linkIn(lastMailTo(t, 'form@example.test')!, '/participation/confirm/');
    const confirm = await client.get(link);
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain('„Bank am Spielplatz“ bestätigen?');
    expect(await (await client.get('/participation/areas/kray')).text()).not.toContain('Bank am Spielplatz');
    const confirmed = await client.post(link);
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.get('location')).toMatch(/^\/participation\/proposals\/prp_[0-9a-z]+$/);
    expect(await (await client.get(confirmed.headers.get('location')!)).text()).toContain('Ihr Vorschlag ist jetzt veröffentlicht');
    const list = await (await client.get('/participation/areas/kray')).text();
    expect(list).toContain('Bank am Spielplatz');
    expect(list).not.toContain('form@example.test');
  });

  it('survey pages work without JavaScript: one submission per browser (signed cookie), results as tables with bars', async () => {
    const fx = await participationFixture(t, krayId);
    const s = (await getPublicSurvey(db, fx.surveyId))!;
    const client = t.client();
    const page = await client.get(`/participation/surveys/${s.id}`);
    expect(page.status).toBe(200);
    expect(await page.text()).not.toContain('<script');
    const [q1, , q3] = s.questions;
    const bad = await client.post(`/participation/surveys/${s.id}`, { [`q_${q3!.id}`]: '9', email: 'x', website: '' });
    expect(bad.status).toBe(422);
    const ok = await client.post(`/participation/surveys/${s.id}`, { [`q_${q1!.id}`]: '1', [`q_${q3!.id}`]: '2', website: '' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe(`/participation/surveys/${s.id}/results`);
    const again = await client.post(`/participation/surveys/${s.id}`, { [`q_${q1!.id}`]: '1', [`q_${q3!.id}`]: '2', website: '' });
    expect(again.status).toBe(409);
    // A forged cookie does not count as answered.
    const forged = t.client();
    forged.cookies.set(`q_svy_${s.id.slice(4)}`, s.id);
    expect(await (await forged.get(`/participation/surveys/${s.id}`)).text()).toContain('name="website"');
    expect((await surveyResults(db, s, { staff: false })).responses).toBe(2);
    const results = await (await client.get(`/participation/surveys/${s.id}/results`)).text();
    expect(results).toContain('<table');
    expect(results).toMatch(/<rect x="0" y="0" width="50" height="10"/);
    expect(results).toContain('aria-hidden="true"');
  });

  it('staff pages: answer a proposal, moderation queue, survey CSV; scope refused for another area', async () => {
    const fx = await participationFixture(t, krayId);
    const worker = await signedInClient(t, 'district_worker', { allAreas: false, areaIds: [krayId] });
    const outsider = await signedInClient(t, 'district_worker', { allAreas: false, areaIds: [karnapId], email: 'outsider@example.test' });
    expect((await outsider.get(`/staff/participation/proposals/${fx.proposalId}`)).status).toBe(403);
    expect((await worker.get(`/staff/participation/proposals/${fx.proposalId}`)).status).toBe(200);
    const bad = await worker.post(`/staff/participation/proposals/${fx.proposalId}/answer`, { to: 'not_possible', answer: '' });
    expect(bad.status).toBe(422);
    expect((await getPublicProposal(db, fx.proposalId))!.proposal.status).toBe('submitted');
    const ok = await worker.post(`/staff/participation/proposals/${fx.proposalId}/answer`, { to: 'accepted', answer: 'Wir stellen zwei Bänke auf.' });
    expect(ok.status).toBe(303);
    const pubPage = await (await t.client().get(`/participation/proposals/${fx.proposalId}`)).text();
    expect(pubPage).toContain('Wir stellen zwei Bänke auf.');
    expect(pubPage).toContain('Angenommen');

    const anon = t.client();
    await anon.get(`/participation/comments/${fx.commentId}/report`);
    expect((await anon.post(`/participation/comments/${fx.commentId}/report`, { reason: 'spam', text: '', website: '' })).status).toBe(303);
    const queue = await (await worker.get('/staff/participation/moderation')).text();
    expect(queue).toContain('Werbung oder Spam');
    expect((await outsider.post(`/staff/participation/comments/${fx.commentId}/hide`, { [`reason_${fx.commentId}`]: 'Spam' })).status).toBe(403);
    expect((await worker.post(`/staff/participation/comments/${fx.commentId}/hide`, { [`reason_${fx.commentId}`]: 'Werbung' })).status).toBe(303);
    expect(await (await t.client().get(`/participation/proposals/${fx.proposalId}`)).text()).toContain('Von der Moderation ausgeblendet: Werbung');

    const csv = await worker.get(`/staff/participation/surveys/${fx.surveyId}/results.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(await csv.text()).toContain('"Wie oft nutzen Sie den Spielplatz?";"single";"täglich";"1";"100";"1"');
    expect((await outsider.get(`/staff/participation/surveys/${fx.surveyId}/results.csv`)).status).toBe(403);
  });

  it('support form and area settings form over HTTP (unique field ids on the page; settings per area in scope)', async () => {
    const fx = await participationFixture(t, krayId);
    const client = t.client();
    const page = await (await client.get(`/participation/proposals/${fx.proposalId}`)).text();
    const ids = [...page.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThan(10);
    expect(ids.filter((x, i) => ids.indexOf(x) !== i)).toEqual([]);
    const bad = await client.post(`/participation/proposals/${fx.proposalId}/support`, { supportEmail: 'x@example.test', website: '' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('href="#f-supportConsent"');
    const ok = await client.post(`/participation/proposals/${fx.proposalId}/support`, { supportEmail: 'http-fan@example.test', supportConsent: '1', website: '' });
    expect(ok.status).toBe(303);
    expect(lastMailTo(t, 'http-fan@example.test')?.text).toContain('/participation/withdraw/');

    const worker = await signedInClient(t, 'district_worker', { allAreas: false, areaIds: [krayId], email: 'settings-worker@example.test' });
    const staffPage = await (await worker.get('/staff/participation')).text();
    expect(staffPage).toContain(`name="areaId" value="${krayId}"`);
    expect(staffPage).not.toContain(`name="areaId" value="${karnapId}"`);
    expect((await worker.post('/staff/participation/settings', { areaId: krayId, requireApproval: krayId })).status).toBe(303);
    expect((await getAreaSettings(db, krayId)).requireApproval).toBe(true);
    expect((await worker.post('/staff/participation/settings', { areaId: karnapId, requireApproval: karnapId })).status).toBe(403);
    expect((await worker.post('/staff/participation/settings', { areaId: krayId })).status).toBe(303);
    expect((await getAreaSettings(db, krayId)).requireApproval).toBe(false);
  });

  it('JSON API: public reads, status change with a token in scope', async () => {
    const fx = await participationFixture(t, krayId);
    const anon = t.client();
    const area = (await (await anon.get('/api/v1/participation/areas/kray')).json()) as { proposals: { id: string }[]; surveys: { id: string }[] };
    expect(area.proposals.map((p) => p.id)).toContain(fx.proposalId);
    const detail = (await (await anon.get(`/api/v1/participation/proposals/${fx.proposalId}`)).json()) as { comments: unknown[]; title: string };
    expect(detail.title).toBe('Mehr Bänke am Marktplatz');
    expect(JSON.stringify(detail)).not.toContain('@example.test');
    const results = (await (await anon.get(`/api/v1/participation/surveys/${fx.surveyId}/results`)).json()) as { responses: number };
    expect(results.responses).toBe(1);
    const outsider = await apiClient(t, 'moderator', { allAreas: false, areaIds: [karnapId] });
    expect((await outsider.json('POST', `/api/v1/participation/proposals/${fx.proposalId}/status`, { to: 'in_review' })).status).toBe(403);
    const api = await apiClient(t, 'moderator', { allAreas: false, areaIds: [krayId], email: 'api-mod@example.test' });
    const bad = await api.json('POST', `/api/v1/participation/proposals/${fx.proposalId}/status`, { to: 'not_possible' });
    expect(bad.status).toBe(422);
    const ok = await api.json('POST', `/api/v1/participation/proposals/${fx.proposalId}/status`, { to: 'in_review', answer: 'Wird geprüft.' });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { status: string }).status).toBe('in_review');
  });
});
