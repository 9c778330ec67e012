/** @jsxImportSource hono/jsx */
/**
 * Pages of the participation module. Public (no account, no JavaScript): /participation (areas), an area's
 * proposals and surveys, the proposal form, a proposal's page with support, comments and the report form, the
 * e-mail links (confirm, withdraw a support), surveys and their results. Staff: /staff/participation (proposals,
 * approval, status and answers, area settings), the moderation queue, surveys (create, open/close, results with
 * free-text release, CSV). Every public form has a rate limit per client address and a honeypot. Ids are matched
 * by pattern; a route acting on one record checks its scope before it validates the input.
 */
import { Hono, type Context } from 'hono';
import { getSignedCookie, setSignedCookie } from 'hono/cookie';
import { can } from '../../platform/auth/policy';
import { linkBase } from '../../platform/auth/links';
import { tenantSecret } from '../../platform/auth/secrets';
import type { AuthDb } from '../../platform/auth/users.queries';
import { AppError, errors } from '../../platform/errors';
import type { AppEnv } from '../../platform/http/context';
import { readForm, validate, type FormValues } from '../../platform/http/forms';
import { redirectWithNotice } from '../../platform/http/notice';
import { honeypot, HoneypotField, rateLimit } from '../../platform/http/rate-limit';
import { render } from '../../platform/http/render';
import { svc } from '../../platform/http/service-context';
import { emptyForm, type FormState } from '../../platform/ui/components';
import { currentResident, followControl } from '../accounts';
import { getAreaBySlug, listAreas } from '../territory';
import { checkResponse, STATUSES, type ProposalStatus } from './participation.rules';
import {
  answerFormSchema,
  approvalFormSchema,
  commentAccountFormSchema,
  commentFormSchema,
  hideFormSchema,
  proposalFormSchema,
  readQuestionSlots,
  releaseFormSchema,
  reportFormSchema,
  responseMetaSchema,
  settingsFormSchema,
  supportFormSchema,
  surveyFormSchema,
  surveyStatusFormSchema,
} from './participation.schema';
import {
  accountSupports,
  addComment,
  addCommentAsAccount,
  answerProposal,
  canInArea,
  changeSurveyStatus,
  checkCommentScope,
  confirmLink,
  confirmTarget,
  createSurvey,
  decideApproval,
  dismissReports,
  exportResultsCsv,
  getProposalForStaff,
  getPublicProposal,
  getPublicSurvey,
  getReportableComment,
  hideComment,
  listAreaSettings,
  listProposalsForStaff,
  listPublicProposals,
  listPublicSurveys,
  listSurveysForStaff,
  moderationQueue,
  releaseAnswer,
  reportComment,
  requireProposal,
  requireSurvey,
  setAreaSettings,
  submitProposal,
  submitResponse,
  supportAsAccount,
  supportProposal,
  surveyResults,
  withdrawAccountSupport,
  withdrawSupport,
  withdrawTarget,
  getAreaSettings,
  type ParticipationContext,
} from './participation.service';
import { AreaPage, BadLinkPage, ConfirmPage, IndexPage, ProposalFormPage, ProposalPage, ReportPage, ResultsPage, SurveyPage, WithdrawPage, type AreaRef } from './views/public';
import { QueuePage, StaffListPage, StaffProposalPage, StaffSurveyPage, SurveyFormPage, SurveysPage } from './views/staff';

type C = Context<AppEnv>;

export const PID = ':id{prp_[0-9a-z]+}';
export const CID = ':id{pcm_[0-9a-z]+}';
export const SID = ':id{svy_[0-9a-z]+}';

/** Per-IP limits on the public writes (fixed windows; counted in the database across processes). */
const LIMITS = {
  propose: rateLimit({ bucket: 'participation.propose', max: 20, windowSeconds: 3600 }),
  support: rateLimit({ bucket: 'participation.support', max: 40, windowSeconds: 3600 }),
  comment: rateLimit({ bucket: 'participation.comment', max: 30, windowSeconds: 3600 }),
  report: rateLimit({ bucket: 'participation.report', max: 30, windowSeconds: 3600 }),
  respond: rateLimit({ bucket: 'participation.respond', max: 30, windowSeconds: 3600 }),
  withdraw: rateLimit({ bucket: 'participation.withdraw', max: 30, windowSeconds: 3600 }),
  confirm: rateLimit({ bucket: 'participation.confirm', max: 30, windowSeconds: 3600 }),
};

export const pages = new Hono<AppEnv>();

async function pctx(c: C): Promise<ParticipationContext> {
  const base = await linkBase(c);
  return { ...svc(c), mail: base ? { config: c.var.deps.config, linkBase: base } : null };
}

async function areaRefs(c: C): Promise<AreaRef[]> {
  return (await listAreas(c.var.db)).map((a) => ({ id: a.id, slug: a.slug, name: a.name }));
}

async function areaBySlug(c: C, slug: string): Promise<AreaRef> {
  const a = await getAreaBySlug(c.var.db, slug);
  if (!a) throw errors.notFound('area');
  return { id: a.id, slug: a.slug, name: a.name };
}

function isValidation(e: unknown): e is AppError {
  return e instanceof AppError && e.status === 422;
}

/** Runs a service call; a validation error becomes the form's field errors. */
async function orFieldErrors<T>(fn: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; errors: FormState['errors'] }> {
  try {
    return { ok: true, value: await fn() };
  } catch (e) {
    if (isValidation(e)) return { ok: false, errors: e.details.fields ?? [] };
    throw e;
  }
}

/* ================================================================ public: areas and proposals */

pages.get('/participation', async (c) => {
  const t = c.var.t;
  const areas = await areaRefs(c);
  const rows = await Promise.all(
    areas.map(async (a) => ({ ...a, proposals: (await listPublicProposals(c.var.db, { areaId: a.id, limit: 1 })).total, surveys: (await listPublicSurveys(c.var.db, a.id)).filter((s) => s.status === 'open').length })),
  );
  return render(c, t('participation.index.heading'), <IndexPage t={t} locale={c.var.locale} areas={rows} />, { crumbs: [[t('participation.index.heading')]] });
});

pages.get('/participation/areas/:slug', async (c) => {
  const t = c.var.t;
  const area = await areaBySlug(c, c.req.param('slug'));
  const offset = Math.max(0, Number.parseInt(c.req.query('offset') ?? '0', 10) || 0);
  const [list, surveys, settings] = await Promise.all([listPublicProposals(c.var.db, { areaId: area.id, limit: 25, offset }), listPublicSurveys(c.var.db, area.id), getAreaSettings(c.var.db, area.id)]);
  const title = t('participation.area.heading', { area: area.name });
  return render(c, title, <AreaPage t={t} locale={c.var.locale} area={area} proposals={list.items} total={list.total} offset={offset} surveys={surveys} requireApproval={settings.requireApproval} />, {
    crumbs: [[t('participation.index.heading'), '/participation'], [area.name]],
  });
});

async function renderProposalForm(c: C, area: AreaRef, form: FormState, status: 200 | 422 = 200) {
  const t = c.var.t;
  return render(c, t('participation.new.heading', { area: area.name }), <ProposalFormPage t={t} locale={c.var.locale} area={area} csrfToken={c.var.csrfToken} form={form} honeypot={<HoneypotField t={t} />} />, {
    status,
    crumbs: [[t('participation.index.heading'), '/participation'], [area.name, `/participation/areas/${area.slug}`], [t('participation.new.crumb')]],
  });
}

pages.get('/participation/areas/:slug/new', async (c) => renderProposalForm(c, await areaBySlug(c, c.req.param('slug')), emptyForm()));

pages.post('/participation/areas/:slug/proposals', LIMITS.propose, honeypot(), async (c) => {
  const area = await areaBySlug(c, c.req.param('slug'));
  const values = await readForm(c);
  const v = validate(proposalFormSchema, values);
  if (!v.ok) return renderProposalForm(c, area, { values, errors: v.errors }, 422);
  const r = await orFieldErrors(async () => submitProposal(await pctx(c), { areaId: area.id, title: v.data.title, body: v.data.body, name: v.data.name ?? null, email: v.data.email, locale: c.var.locale }));
  if (!r.ok) return renderProposalForm(c, area, { values, errors: r.errors }, 422);
  return redirectWithNotice(c, `/participation/areas/${area.slug}`, r.value.confirmationSent ? 'participation.notice.proposalConfirm' : 'participation.notice.proposalNoMail', r.value.confirmationSent ? 'success' : 'warning');
});

async function renderProposal(c: C, id: string, forms: { support?: FormState; comment?: FormState } = {}, status: 200 | 422 = 200) {
  const t = c.var.t;
  const found = await getPublicProposal(c.var.db, id);
  if (!found) throw errors.notFound('proposal');
  const areas = await areaRefs(c);
  const area = areas.find((a) => a.id === found.proposal.areaId);
  const resident = await currentResident(c);
  const follow = await followControl(c, { type: 'proposal', id }, { back: `/participation/proposals/${id}`, label: found.proposal.title });
  const account = resident ? { supports: await accountSupports(c.var.db, id, resident.id), displayName: resident.displayName } : null;
  return render(
    c,
    found.proposal.title,
    <ProposalPage
      t={t}
      locale={c.var.locale}
      proposal={found.proposal}
      areaName={area?.name ?? ''}
      events={found.events}
      comments={found.comments}
      csrfToken={c.var.csrfToken}
      supportForm={forms.support ?? emptyForm()}
      commentForm={forms.comment ?? emptyForm()}
      honeypot={<HoneypotField t={t} />}
      account={account}
      follow={follow}
    />,
    { status, crumbs: [[t('participation.index.heading'), '/participation'], ...(area ? [[area.name, `/participation/areas/${area.slug}`] as [string, string]] : []), [found.proposal.title]] },
  );
}

pages.get(`/participation/proposals/${PID}`, (c) => renderProposal(c, c.req.param('id')));

pages.post(`/participation/proposals/${PID}/support`, LIMITS.support, honeypot(), async (c) => {
  const id = c.req.param('id');
  const values = await readForm(c);
  const resident = await currentResident(c);
  if (resident && values.asAccount === '1') {
    await supportAsAccount(svc(c), id, resident.id);
    return redirectWithNotice(c, `/participation/proposals/${id}`, 'accounts.participation.notice.supported');
  }
  const v = validate(supportFormSchema, values);
  if (!v.ok) return renderProposal(c, id, { support: { values, errors: v.errors } }, 422);
  await supportProposal(await pctx(c), id, { email: v.data.supportEmail, locale: c.var.locale });
  return redirectWithNotice(c, `/participation/proposals/${id}`, 'participation.notice.supportConfirm', 'info');
});

/** A signed-in resident withdraws the support given with the account. */
pages.post(`/participation/proposals/${PID}/support/withdraw`, LIMITS.withdraw, async (c) => {
  const id = c.req.param('id');
  const resident = await currentResident(c);
  if (!resident) return redirectWithNotice(c, `/my-account?next=${encodeURIComponent(`/participation/proposals/${id}`)}`, 'accounts.notice.signInFirst', 'info');
  await withdrawAccountSupport(svc(c), id, resident.id);
  return redirectWithNotice(c, `/participation/proposals/${id}`, 'accounts.participation.notice.withdrawn');
});

pages.post(`/participation/proposals/${PID}/comments`, LIMITS.comment, honeypot(), async (c) => {
  const id = c.req.param('id');
  const values = await readForm(c);
  const resident = await currentResident(c);
  if (resident) {
    const va = validate(commentAccountFormSchema, values);
    if (!va.ok) return renderProposal(c, id, { comment: { values, errors: va.errors } }, 422);
    const ra = await orFieldErrors(() => addCommentAsAccount(svc(c), id, { accountId: resident.id, body: va.data.body, name: va.data.name ?? null }));
    if (!ra.ok) return renderProposal(c, id, { comment: { values, errors: ra.errors } }, 422);
    return redirectWithNotice(c, `/participation/proposals/${id}#comments-title`, 'accounts.participation.notice.commented');
  }
  const v = validate(commentFormSchema, values);
  if (!v.ok) return renderProposal(c, id, { comment: { values, errors: v.errors } }, 422);
  const r = await orFieldErrors(async () => addComment(await pctx(c), id, { body: v.data.body, name: v.data.name ?? null, email: v.data.email, locale: c.var.locale }));
  if (!r.ok) return renderProposal(c, id, { comment: { values, errors: r.errors } }, 422);
  return redirectWithNotice(c, `/participation/proposals/${id}`, 'participation.notice.commentConfirm', 'info');
});

async function renderReport(c: C, id: string, form: FormState, status: 200 | 422 = 200) {
  const t = c.var.t;
  const found = await getReportableComment(c.var.db, id);
  if (!found) throw errors.notFound('comment');
  return render(c, t('participation.report.heading'), <ReportPage t={t} locale={c.var.locale} comment={found.comment} proposal={found.proposal} csrfToken={c.var.csrfToken} form={form} honeypot={<HoneypotField t={t} />} />, {
    status,
    crumbs: [[t('participation.index.heading'), '/participation'], [found.proposal.title, `/participation/proposals/${found.proposal.id}`], [t('participation.report.heading')]],
  });
}

pages.get(`/participation/comments/${CID}/report`, (c) => renderReport(c, c.req.param('id'), emptyForm()));

pages.post(`/participation/comments/${CID}/report`, LIMITS.report, honeypot(), async (c) => {
  const id = c.req.param('id');
  const values = await readForm(c);
  const v = validate(reportFormSchema, values);
  if (!v.ok) return renderReport(c, id, { values, errors: v.errors }, 422);
  const r = await orFieldErrors(() => reportComment(svc(c), id, { reason: v.data.reason, text: v.data.text ?? null }));
  if (!r.ok) return renderReport(c, id, { values, errors: r.errors }, 422);
  return redirectWithNotice(c, `/participation/proposals/${r.value.proposalId}`, 'participation.notice.reported');
});

/* ================================================================ public: e-mail links */

/** The confirmation link shows a page with a button: a link opened by a mail scanner must not confirm anything. */
pages.get('/participation/confirm/:token', async (c) => {
  const t = c.var.t;
  const target = await confirmTarget(c.var.db, c.req.param('token'));
  if (!target) return badLink(c);
  return render(c, t(`participation.confirmPage.${target.kind}.heading`), <ConfirmPage t={t} locale={c.var.locale} token={c.req.param('token')} target={target} csrfToken={c.var.csrfToken} />);
});

pages.post('/participation/confirm/:token', LIMITS.confirm, async (c) => {
  const r = await confirmLink(svc(c), c.req.param('token'));
  if (!r) return badLink(c);
  if (r.kind === 'proposal' && !r.published) {
    const area = (await areaRefs(c)).find((a) => a.id === r.areaId);
    return redirectWithNotice(c, area ? `/participation/areas/${area.slug}` : '/participation', 'participation.confirm.proposalApproval');
  }
  if (r.kind === 'response') return redirectWithNotice(c, `/participation/surveys/${r.surveyId}/results`, 'participation.confirm.response');
  return redirectWithNotice(c, `/participation/proposals/${r.proposalId}`, r.kind === 'proposal' ? 'participation.confirm.proposalPublished' : `participation.confirm.${r.kind}`);
});

/** An unknown, expired or used e-mail link (GET and POST alike). */
function badLink(c: C) {
  const t = c.var.t;
  return render(c, t('participation.confirm.badHeading'), <BadLinkPage t={t} locale={c.var.locale} text={t('participation.confirm.badText')} />, { status: 404 });
}

/** The withdrawal link shows a page with a button (a link prefetched by a mail scanner must not withdraw). */
pages.get('/participation/withdraw/:token', async (c) => {
  const t = c.var.t;
  const target = await withdrawTarget(c.var.db, c.req.param('token'));
  return render(c, target ? t('participation.withdraw.heading') : t('participation.confirm.badHeading'), <WithdrawPage t={t} locale={c.var.locale} token={c.req.param('token')} target={target} csrfToken={c.var.csrfToken} />, {
    status: target ? 200 : 404,
  });
});

pages.post('/participation/withdraw/:token', LIMITS.withdraw, async (c) => {
  const r = await withdrawSupport(svc(c), c.req.param('token'));
  if (!r) throw errors.notFound('support');
  return redirectWithNotice(c, `/participation/proposals/${r.proposalId}`, 'participation.notice.withdrawn');
});

/* ================================================================ public: surveys */

async function answeredCookie(c: C, surveyId: string): Promise<{ name: string; secret: string }> {
  const secret = await tenantSecret(c.var.db as unknown as AuthDb, c.var.tenant.id, 'participation-survey-cookie');
  return { name: `q_svy_${surveyId.slice(4)}`, secret };
}

async function hasAnswered(c: C, surveyId: string): Promise<boolean> {
  const { name, secret } = await answeredCookie(c, surveyId);
  return (await getSignedCookie(c, secret, name)) === surveyId;
}

async function renderSurvey(c: C, id: string, form: FormState, status: 200 | 409 | 422 = 200) {
  const t = c.var.t;
  const survey = await getPublicSurvey(c.var.db, id);
  if (!survey) throw errors.notFound('survey');
  const area = (await areaRefs(c)).find((a) => a.id === survey.areaId);
  return render(c, survey.title, <SurveyPage t={t} locale={c.var.locale} survey={survey} areaName={area?.name ?? ''} csrfToken={c.var.csrfToken} form={form} answered={await hasAnswered(c, id)} honeypot={<HoneypotField t={t} />} />, {
    status,
    crumbs: [[t('participation.index.heading'), '/participation'], ...(area ? [[area.name, `/participation/areas/${area.slug}`] as [string, string]] : []), [survey.title]],
  });
}

pages.get(`/participation/surveys/${SID}`, (c) => renderSurvey(c, c.req.param('id'), emptyForm()));

pages.post(`/participation/surveys/${SID}`, LIMITS.respond, honeypot(), async (c) => {
  const id = c.req.param('id');
  const values = await readForm(c);
  if (await hasAnswered(c, id)) return renderSurvey(c, id, emptyForm(), 409);
  const meta = validate(responseMetaSchema, values);
  const r = await orFieldErrors(async () => {
    if (!meta.ok) {
      // Check the answers too, so that every mistake is listed at once.
      const all = await orFieldErrors(async () => submitResponseDry(c, id, values));
      throw errors.validation([...(all.ok ? [] : all.errors), ...meta.errors]);
    }
    return submitResponse(await pctx(c), id, { values, email: meta.data.email ?? null, locale: c.var.locale });
  });
  if (!r.ok) return renderSurvey(c, id, { values, errors: r.errors }, 422);
  const { name, secret } = await answeredCookie(c, id);
  await setSignedCookie(c, name, id, secret, { path: `/participation/surveys/${id}`, httpOnly: true, sameSite: 'Lax', secure: c.var.deps.config.cookieSecure, maxAge: 365 * 86400 });
  return redirectWithNotice(c, `/participation/surveys/${id}/results`, r.value.confirmationSent ? 'participation.notice.respondedConfirm' : 'participation.notice.responded');
});

/** Validates answers without storing (used to list every error when the e-mail is wrong too). */
async function submitResponseDry(c: C, id: string, values: FormValues): Promise<void> {
  const survey = await getPublicSurvey(c.var.db, id);
  if (!survey) throw errors.notFound('survey');
  const r = checkResponse(survey.questions, values);
  if (r.errors.length) throw errors.validation(r.errors);
}

pages.get(`/participation/surveys/${SID}/results`, async (c) => {
  const t = c.var.t;
  const survey = await getPublicSurvey(c.var.db, c.req.param('id'));
  if (!survey) throw errors.notFound('survey');
  const results = await surveyResults(c.var.db, survey, { staff: false });
  const area = (await areaRefs(c)).find((a) => a.id === survey.areaId);
  const title = t('participation.results.heading', { title: survey.title });
  return render(c, title, <ResultsPage t={t} locale={c.var.locale} results={results} areaName={area?.name ?? ''} />, {
    crumbs: [[t('participation.index.heading'), '/participation'], ...(area ? [[area.name, `/participation/areas/${area.slug}`] as [string, string]] : []), [title]],
  });
});

/* ================================================================ staff: proposals */

pages.get('/staff/participation', async (c) => {
  const t = c.var.t;
  const ctx = svc(c);
  const qArea = c.req.query('area') || undefined;
  const qStatus = (STATUSES as readonly string[]).includes(c.req.query('status') ?? '') ? (c.req.query('status') as ProposalStatus) : undefined;
  const [list, pending, areas, settings] = await Promise.all([
    listProposalsForStaff(ctx, { areaId: qArea, status: qStatus, limit: 100 }),
    listProposalsForStaff(ctx, { pendingApproval: true, limit: 100 }),
    areaRefs(c),
    listAreaSettings(c.var.db),
  ]);
  const manageAreas = areas.filter((a) => canInArea(c.var.user, 'participation.manage', a.id));
  return render(
    c,
    t('participation.staff.heading'),
    <StaffListPage t={t} locale={c.var.locale} items={list.items} pending={pending.items} areas={areas} settings={settings} manageAreas={manageAreas} csrfToken={c.var.csrfToken} query={{ area: qArea ?? '', status: qStatus ?? '' }} />,
    { crumbs: [[t('participation.staff.heading')]] },
  );
});

pages.post('/staff/participation/settings', async (c) => {
  const v = validate(settingsFormSchema, await readForm(c));
  if (!v.ok) throw errors.validation(v.errors);
  for (const areaId of v.data.areaId) await setAreaSettings(svc(c), areaId, { requireApproval: v.data.requireApproval.includes(areaId) });
  return redirectWithNotice(c, '/staff/participation', 'participation.notice.settingsSaved');
});

async function renderStaffProposal(c: C, id: string, form: FormState, status: 200 | 422 = 200) {
  const t = c.var.t;
  const d = await getProposalForStaff(svc(c), id);
  const area = (await areaRefs(c)).find((a) => a.id === d.proposal.areaId);
  return render(
    c,
    d.proposal.title,
    <StaffProposalPage
      t={t}
      locale={c.var.locale}
      proposal={d.proposal}
      areaName={area?.name ?? ''}
      events={d.events}
      comments={d.comments}
      confirmedSupports={d.confirmedSupports}
      csrfToken={c.var.csrfToken}
      form={form}
      canModerate={can(c.var.user, 'participation.moderate', { areaIds: [d.proposal.areaId] })}
    />,
    { status, crumbs: [[t('participation.staff.heading'), '/staff/participation'], [d.proposal.title]] },
  );
}

pages.get(`/staff/participation/proposals/${PID}`, (c) => renderStaffProposal(c, c.req.param('id'), emptyForm()));

pages.post(`/staff/participation/proposals/${PID}/approval`, async (c) => {
  const id = c.req.param('id');
  await requireProposal(svc(c), id, 'participation.manage');
  const v = validate(approvalFormSchema, await readForm(c));
  if (!v.ok) return renderStaffProposal(c, id, { values: {}, errors: v.errors }, 422);
  await decideApproval(svc(c), id, v.data.decision === 'approve');
  return redirectWithNotice(c, `/staff/participation/proposals/${id}`, v.data.decision === 'approve' ? 'participation.notice.approved' : 'participation.notice.rejected');
});

pages.post(`/staff/participation/proposals/${PID}/answer`, async (c) => {
  const id = c.req.param('id');
  await requireProposal(svc(c), id, 'participation.manage');
  const values = await readForm(c);
  const v = validate(answerFormSchema, values);
  if (!v.ok) return renderStaffProposal(c, id, { values, errors: v.errors }, 422);
  const r = await orFieldErrors(() => answerProposal(svc(c), id, { to: v.data.to, answer: v.data.answer ?? null }));
  if (!r.ok) return renderStaffProposal(c, id, { values, errors: r.errors }, 422);
  return redirectWithNotice(c, `/staff/participation/proposals/${id}`, 'participation.notice.answered');
});

/* ================================================================ staff: moderation */

async function renderQueue(c: C, form: FormState = emptyForm(), formFor: string | null = null, status: 200 | 422 = 200) {
  const t = c.var.t;
  const [items, areas] = await Promise.all([moderationQueue(svc(c)), areaRefs(c)]);
  return render(c, t('participation.moderation.heading'), <QueuePage t={t} locale={c.var.locale} items={items} areas={areas} csrfToken={c.var.csrfToken} form={form} formFor={formFor} />, {
    status,
    crumbs: [[t('participation.staff.heading'), '/staff/participation'], [t('participation.moderation.heading')]],
  });
}

pages.get('/staff/participation/moderation', (c) => renderQueue(c));

pages.post(`/staff/participation/comments/${CID}/hide`, async (c) => {
  const id = c.req.param('id');
  await checkCommentScope(svc(c), id);
  const values = await readForm(c);
  // Each queue item's field has its own name (reason_<comment id>), so that ids stay unique on the page.
  const v = validate(hideFormSchema, { reason: values[`reason_${id}`] });
  if (!v.ok) return renderQueue(c, { values, errors: v.errors.map((e) => ({ ...e, field: `reason_${id}` })) }, id, 422);
  await hideComment(svc(c), id, { reason: v.data.reason });
  return redirectWithNotice(c, '/staff/participation/moderation', 'participation.notice.hidden');
});

pages.post(`/staff/participation/comments/${CID}/dismiss`, async (c) => {
  const id = c.req.param('id');
  await dismissReports(svc(c), id);
  return redirectWithNotice(c, '/staff/participation/moderation', 'participation.notice.dismissed');
});

/* ================================================================ staff: surveys */

pages.get('/staff/participation/surveys', async (c) => {
  const t = c.var.t;
  const [surveys, areas] = await Promise.all([listSurveysForStaff(svc(c)), areaRefs(c)]);
  return render(c, t('participation.surveys.heading'), <SurveysPage t={t} locale={c.var.locale} surveys={surveys} areas={areas} />, {
    crumbs: [[t('participation.staff.heading'), '/staff/participation'], [t('participation.surveys.heading')]],
  });
});

async function renderSurveyForm(c: C, form: FormState, status: 200 | 422 = 200) {
  const t = c.var.t;
  const areas = (await areaRefs(c)).filter((a) => canInArea(c.var.user, 'participation.manage', a.id));
  return render(c, t('participation.surveys.new'), <SurveyFormPage t={t} locale={c.var.locale} areas={areas} csrfToken={c.var.csrfToken} form={form} />, {
    status,
    crumbs: [[t('participation.surveys.heading'), '/staff/participation/surveys'], [t('participation.surveys.new')]],
  });
}

pages.get('/staff/participation/surveys/new', (c) => renderSurveyForm(c, emptyForm()));

pages.post('/staff/participation/surveys', async (c) => {
  const values = await readForm(c);
  const v = validate(surveyFormSchema, values);
  const slots = readQuestionSlots(values);
  if (!v.ok || slots.errors.length) return renderSurveyForm(c, { values, errors: [...(v.ok ? [] : v.errors), ...slots.errors] }, 422);
  const r = await orFieldErrors(() => createSurvey(svc(c), { areaId: v.data.areaId, title: v.data.title, intro: v.data.intro ?? null, questions: slots.questions }));
  if (!r.ok) return renderSurveyForm(c, { values, errors: r.errors }, 422);
  return redirectWithNotice(c, `/staff/participation/surveys/${r.value.id}`, 'participation.notice.surveyCreated');
});

pages.get(`/staff/participation/surveys/${SID}`, async (c) => {
  const t = c.var.t;
  const survey = await requireSurvey(svc(c), c.req.param('id'), 'participation.manage');
  const results = await surveyResults(c.var.db, survey, { staff: true });
  const area = (await areaRefs(c)).find((a) => a.id === survey.areaId);
  return render(c, survey.title, <StaffSurveyPage t={t} locale={c.var.locale} survey={survey} areaName={area?.name ?? ''} results={results} csrfToken={c.var.csrfToken} />, {
    crumbs: [[t('participation.surveys.heading'), '/staff/participation/surveys'], [survey.title]],
  });
});

pages.post(`/staff/participation/surveys/${SID}/status`, async (c) => {
  const id = c.req.param('id');
  await requireSurvey(svc(c), id, 'participation.manage');
  const v = validate(surveyStatusFormSchema, await readForm(c));
  if (!v.ok) throw errors.validation(v.errors);
  await changeSurveyStatus(svc(c), id, v.data.to);
  return redirectWithNotice(c, `/staff/participation/surveys/${id}`, `participation.notice.survey_${v.data.to}`);
});

pages.post(`/staff/participation/surveys/${SID}/release`, async (c) => {
  const id = c.req.param('id');
  await requireSurvey(svc(c), id, 'participation.manage');
  const v = validate(releaseFormSchema, await readForm(c));
  if (!v.ok) throw errors.validation(v.errors);
  await releaseAnswer(svc(c), id, v.data.answerId, v.data.release === '1');
  return redirectWithNotice(c, `/staff/participation/surveys/${id}`, v.data.release === '1' ? 'participation.notice.released' : 'participation.notice.withheld');
});

pages.get(`/staff/participation/surveys/${SID}/results.csv`, async (c) => {
  const t = c.var.t;
  const id = c.req.param('id');
  const csv = await exportResultsCsv(svc(c), id, {
    question: t('participation.csv.question'),
    kind: t('participation.csv.kind'),
    option: t('participation.csv.option'),
    count: t('participation.csv.count'),
    percent: t('participation.csv.percent'),
    answered: t('participation.csv.answered'),
  });
  return c.body(csv, 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="survey-${id}.csv"`, 'Cache-Control': 'no-store' });
});
