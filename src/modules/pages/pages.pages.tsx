/** @jsxImportSource hono/jsx */
/**
 * Pages of the pages module. Public: /imprint, /privacy, /accessibility (Erklärung zur Barrierefreiheit),
 * /easy-language (Leichte Sprache), /sign-language (Gebärdensprache), the accessibility feedback form
 * /accessibility/feedback (rate limit + honeypot) and its confirmation. Admin: /admin/pages (texts per language,
 * versions, restore) and /admin/accessibility-feedback (list, status, answer).
 */
import { Hono, type Context } from 'hono';
import { AppError, errors } from '../../platform/errors';
import type { AppEnv } from '../../platform/http/context';
import { readForm } from '../../platform/http/forms';
import { redirectWithNotice } from '../../platform/http/notice';
import { honeypot, HoneypotField, rateLimit } from '../../platform/http/rate-limit';
import { render } from '../../platform/http/render';
import { svc } from '../../platform/http/service-context';
import { DEFAULT_LOCALE, isLocale, type Locale } from '../../platform/i18n';
import { emptyForm, type FormState } from '../../platform/ui/components';
import { DEFAULT_TEXTS, hasPlaceholders } from './pages.defaults';
import { feedbackListSchema } from './pages.schema';
import { getFeedback, listFeedback, listVersions, pageOverview, resolvePage, restoreVersion, savePage, submitFeedback, updateFeedback } from './pages.service';
import { PAGE_PATHS, PAGE_SLUGS, type PageSlug } from './pages.types';
import { FeedbackDetail, FeedbackList, PageEditor, PagesOverview, type OverviewCell } from './views/admin';
import { FeedbackFormPage, FeedbackThanksPage, LegalPage } from './views/public';

type C = Context<AppEnv>;

/** Route patterns. */
export const VERSION = ':version{[0-9]+}';
export const FBK = ':id{fbk_[0-9a-z]+}';

/** Per-IP limit on the public feedback form (fixed window, counted in the database across processes). */
export const FEEDBACK_LIMIT = { bucket: 'pages.feedback', max: 5, windowSeconds: 3600 };

export const pages = new Hono<AppEnv>();

function isValidation(e: unknown): e is AppError {
  return e instanceof AppError && e.status === 422;
}

// ---------------------------------------------------------------------------------------------------------------
// Public pages

for (const slug of PAGE_SLUGS) {
  pages.get(PAGE_PATHS[slug], async (c) => {
    const t = c.var.t;
    const page = await resolvePage(c.var.db, slug, c.var.locale);
    return render(c, t(`pages.${slug}.title`), <LegalPage t={t} locale={c.var.locale} page={page} />, { crumbs: [[t(`pages.${slug}.title`)]] });
  });
}

function renderFeedbackForm(c: C, form: FormState, status: 200 | 422 = 200) {
  const t = c.var.t;
  return render(c, t('pages.feedback.title'), <FeedbackFormPage t={t} locale={c.var.locale} form={form} csrfToken={c.var.csrfToken} honeypot={<HoneypotField t={t} />} />, {
    status,
    crumbs: [[t('pages.accessibility.title'), '/accessibility'], [t('pages.feedback.title')]],
  });
}

pages.get('/accessibility/feedback', (c) => {
  // The page the visitor came from (same site only) is offered as the page concerned.
  const from = c.req.query('page');
  const pageUrl = from && from.startsWith('/') && !from.startsWith('//') ? from.slice(0, 500) : '';
  return renderFeedbackForm(c, emptyForm({ pageUrl }));
});

pages.post('/accessibility/feedback', rateLimit(FEEDBACK_LIMIT), honeypot(), async (c) => {
  const values = await readForm(c);
  let emailed = false;
  try {
    const f = await submitFeedback(svc(c), values, c.var.locale);
    emailed = !!f.email;
  } catch (e) {
    if (isValidation(e)) return renderFeedbackForm(c, { values, errors: e.details.fields ?? [] }, 422);
    throw e;
  }
  return c.redirect(`/accessibility/feedback/thanks${emailed ? '?mail=1' : ''}`, 303);
});

pages.get('/accessibility/feedback/thanks', (c) => {
  const t = c.var.t;
  return render(c, t('pages.feedback.thanksTitle'), <FeedbackThanksPage t={t} locale={c.var.locale} emailed={c.req.query('mail') === '1'} />, {
    crumbs: [[t('pages.accessibility.title'), '/accessibility'], [t('pages.feedback.thanksTitle')]],
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Admin: page texts

pages.get('/admin/pages', async (c) => {
  const t = c.var.t;
  const cells = new Map<string, OverviewCell>();
  for (const v of await pageOverview(svc(c))) cells.set(`${v.slug}/${v.locale}`, { version: v.version, createdAt: v.createdAt, placeholders: hasPlaceholders(v.body) });
  return render(c, t('pages.admin.title'), <PagesOverview t={t} locale={c.var.locale} cells={cells} />, { crumbs: [[t('pages.admin.title')]] });
});

async function renderEditor(c: C, slug: PageSlug, editLocale: Locale, form: FormState | null, status: 200 | 422 = 200) {
  const t = c.var.t;
  const ctx = svc(c);
  const versions = await listVersions(ctx, slug, editLocale);
  let source: 'own' | 'german' | 'default' = 'own';
  let state = form;
  if (!state) {
    const current = versions[0];
    if (current) state = emptyForm({ body: current.body, reviewedOn: current.reviewedOn ?? '' });
    else {
      const page = await resolvePage(c.var.db, slug, editLocale);
      source = page.isDefault ? 'default' : 'german';
      state = emptyForm({ body: page.isDefault ? DEFAULT_TEXTS[slug] : page.body, reviewedOn: page.reviewedOn ?? '' });
    }
  }
  const title = t('pages.admin.editTitle', { page: t(`pages.${slug}.title`) });
  return render(c, title, <PageEditor t={t} locale={c.var.locale} slug={slug} editLocale={editLocale} form={state} csrfToken={c.var.csrfToken} versions={versions} source={source} />, {
    status,
    crumbs: [[t('pages.admin.title'), '/admin/pages'], [title]],
  });
}

// One route per page (no parameter for the page): /admin/pages/imprint, …
for (const slug of PAGE_SLUGS) {
  pages.get(`/admin/pages/${slug}`, async (c) => {
    const l = c.req.query('locale');
    return renderEditor(c, slug, isLocale(l) ? l : DEFAULT_LOCALE, null);
  });

  pages.post(`/admin/pages/${slug}`, async (c) => {
    const values = await readForm(c);
    const editLocale = isLocale(values.locale) ? values.locale : DEFAULT_LOCALE;
    try {
      await savePage(svc(c), slug, values);
    } catch (e) {
      if (isValidation(e)) return renderEditor(c, slug, editLocale, { values, errors: e.details.fields ?? [] }, 422);
      throw e;
    }
    return redirectWithNotice(c, `/admin/pages/${slug}?locale=${editLocale}`, 'pages.notice.saved');
  });

  pages.post(`/admin/pages/${slug}/versions/${VERSION}/restore`, async (c) => {
    const values = await readForm(c);
    if (!isLocale(values.locale)) throw errors.validation([{ field: 'locale', key: 'pages.error.locale' }]);
    await restoreVersion(svc(c), slug, values.locale, Number(c.req.param('version')));
    return redirectWithNotice(c, `/admin/pages/${slug}?locale=${values.locale}`, 'pages.notice.restored');
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Admin: accessibility feedback

pages.get('/admin/accessibility-feedback', async (c) => {
  const t = c.var.t;
  const q = feedbackListSchema.safeParse({ status: c.req.query('status') });
  const status = q.success ? q.data.status : undefined;
  const items = await listFeedback(svc(c), status);
  return render(c, t('pages.feedbackAdmin.title'), <FeedbackList t={t} locale={c.var.locale} items={items} status={status} />, { crumbs: [[t('pages.feedbackAdmin.title')]] });
});

async function renderFeedback(c: C, id: string, form: FormState | null, status: 200 | 422 = 200) {
  const t = c.var.t;
  const item = await getFeedback(svc(c), id);
  const state = form ?? emptyForm({ status: item.status, answer: item.answer ?? '' });
  return render(c, t('pages.feedbackAdmin.title'), <FeedbackDetail t={t} locale={c.var.locale} item={item} form={state} csrfToken={c.var.csrfToken} />, {
    status,
    crumbs: [[t('pages.feedbackAdmin.title'), '/admin/accessibility-feedback'], [t('pages.feedbackAdmin.entry')]],
  });
}

pages.get(`/admin/accessibility-feedback/${FBK}`, (c) => renderFeedback(c, c.req.param('id'), null));

pages.post(`/admin/accessibility-feedback/${FBK}`, async (c) => {
  const id = c.req.param('id');
  const values = await readForm(c);
  let sent = false;
  try {
    sent = (await updateFeedback(svc(c), id, values)).answerSent;
  } catch (e) {
    if (isValidation(e)) return renderFeedback(c, id, { values, errors: e.details.fields ?? [] }, 422);
    throw e;
  }
  return redirectWithNotice(c, `/admin/accessibility-feedback/${id}`, sent ? 'pages.notice.answerSent' : 'pages.notice.feedbackSaved');
});
