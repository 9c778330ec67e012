/** @jsxImportSource hono/jsx */
/** Staff views: the legal pages with their languages and versions, and the accessibility feedback. */
import { LOCALES, formatDateTime, type Locale, type Translate } from '../../../platform/i18n';
import { Checkbox, ErrorSummary, Form, SelectField, SubmitButton, Table, TextArea, TextField, type FormState } from '../../../platform/ui/components';
import { hasPlaceholders } from '../pages.defaults';
import { FEEDBACK_STATUSES, PAGE_PATHS, PAGE_SLUGS, type Feedback, type FeedbackStatus, type PageSlug, type PageVersion } from '../pages.types';

interface Base {
  t: Translate;
  locale: Locale;
}

/** Language names in their own language (as in the language switch). */
const LANG_NAMES: Record<string, string> = { de: 'Deutsch', en: 'English', tr: 'Türkçe', ar: 'العربية', uk: 'Українська' };

export interface OverviewCell {
  version: number;
  createdAt: string;
  placeholders: boolean;
}

export function PagesOverview(p: Base & { cells: Map<string, OverviewCell> }) {
  const { t } = p;
  return (
    <>
      <h1 class="kern-heading-large">{t('pages.admin.title')}</h1>
      <p class="kern-body">{t('pages.admin.intro')}</p>
      <Table
        caption={t('pages.admin.caption')}
        empty=""
        rows={[...PAGE_SLUGS]}
        columns={[
          {
            header: t('pages.admin.page'),
            cell: (slug: PageSlug) => (
              <a class="kern-link" href={`/admin/pages/${slug}`}>
                {t(`pages.${slug}.title`)}
              </a>
            ),
          },
          ...LOCALES.map((l) => ({
            header: LANG_NAMES[l] ?? l,
            cell: (slug: PageSlug) => {
              const c = p.cells.get(`${slug}/${l}`);
              if (!c) return l === 'de' ? t('pages.admin.defaultText') : t('pages.admin.missing');
              return (
                <>
                  <a class="kern-link" href={`/admin/pages/${slug}?locale=${l}`}>
                    {t('pages.admin.versionN', { version: c.version })}
                  </a>
                  {c.placeholders && <span class="kern-body kern-body--small"> · {t('pages.admin.placeholders')}</span>}
                </>
              );
            },
          })),
        ]}
      />
    </>
  );
}

export function PageEditor(p: Base & { slug: PageSlug; editLocale: Locale; form: FormState; csrfToken: string; versions: PageVersion[]; source: 'own' | 'german' | 'default' }) {
  const { t, slug, editLocale } = p;
  const title = t(`pages.${slug}.title`);
  const body = String(p.form.values.body ?? '');
  return (
    <>
      <h1 class="kern-heading-large">{t('pages.admin.editTitle', { page: title })}</h1>
      <nav class="q-legal__langs" aria-label={t('pages.admin.languages')}>
        <ul class="q-inline-list">
          {LOCALES.map((l) => (
            <li>
              {l === editLocale ? (
                <span aria-current="page" lang={l}>
                  {LANG_NAMES[l]}
                </span>
              ) : (
                <a class="kern-link" href={`/admin/pages/${slug}?locale=${l}`} lang={l} hreflang={l}>
                  {LANG_NAMES[l]}
                </a>
              )}
            </li>
          ))}
        </ul>
      </nav>
      <p class="kern-body">
        <a class="kern-link" href={`${PAGE_PATHS[slug]}?lang=${editLocale}`}>
          {t('pages.admin.viewPublic')}
        </a>
      </p>
      {p.source !== 'own' && <p class="kern-body">{p.source === 'default' ? t('pages.admin.fromDefault') : t('pages.admin.fromGerman')}</p>}
      {hasPlaceholders(body) && <p class="kern-body">{t('pages.admin.placeholdersHint')}</p>}
      <ErrorSummary form={p.form} t={t} />
      <Form action={`/admin/pages/${slug}`} csrfToken={p.csrfToken} id="page-form">
        <input type="hidden" name="locale" value={editLocale} />
        <TextArea name="body" label={t('pages.admin.body', { language: LANG_NAMES[editLocale] ?? editLocale })} hint={t('pages.admin.bodyHint')} required t={t} form={p.form} rows={24} />
        {slug === 'accessibility' && <TextField name="reviewedOn" type="date" label={t('pages.admin.reviewedOn')} hint={t('pages.admin.reviewedOnHint')} t={t} form={p.form} />}
        <SubmitButton label={t('pages.admin.save')} />
      </Form>
      <details class="q-legal__help">
        <summary>{t('pages.admin.syntaxSummary')}</summary>
        <ul class="kern-list">
          <li>{t('pages.admin.syntax.heading')}</li>
          <li>{t('pages.admin.syntax.paragraph')}</li>
          <li>{t('pages.admin.syntax.list')}</li>
          <li>{t('pages.admin.syntax.bold')}</li>
          <li>{t('pages.admin.syntax.link')}</li>
          <li>{t('pages.admin.syntax.video')}</li>
        </ul>
      </details>
      <section aria-labelledby="versions-heading" id="versions">
        <h2 class="kern-heading-medium" id="versions-heading">
          {t('pages.admin.versions')}
        </h2>
        <Table
          caption={t('pages.admin.versionsCaption', { language: LANG_NAMES[editLocale] ?? editLocale })}
          captionHidden
          empty={t('pages.admin.noVersions')}
          rows={p.versions}
          columns={[
            { header: t('pages.admin.version'), cell: (v: PageVersion) => (v.restoredFrom ? t('pages.admin.restoredFrom', { version: v.version, from: v.restoredFrom }) : String(v.version)), numeric: false },
            { header: t('pages.admin.when'), cell: (v: PageVersion) => formatDateTime(p.locale, v.createdAt) },
            { header: t('pages.admin.who'), cell: (v: PageVersion) => v.actorLabel },
            {
              header: t('pages.admin.action'),
              cell: (v: PageVersion) =>
                v === p.versions[0] ? (
                  t('pages.admin.current')
                ) : (
                  <Form action={`/admin/pages/${slug}/versions/${v.version}/restore`} csrfToken={p.csrfToken} class="q-inline-form">
                    <input type="hidden" name="locale" value={editLocale} />
                    <button type="submit" class="kern-btn kern-btn--secondary kern-btn--small">
                      <span class="kern-label">{t('pages.admin.restore', { version: v.version })}</span>
                    </button>
                  </Form>
                ),
            },
          ]}
        />
      </section>
    </>
  );
}

export function FeedbackList(p: Base & { items: Feedback[]; status: FeedbackStatus | undefined }) {
  const { t } = p;
  return (
    <>
      <h1 class="kern-heading-large">{t('pages.feedbackAdmin.title')}</h1>
      <Form action="/admin/accessibility-feedback" method="get" id="feedback-filter">
        <SelectField
          name="status"
          label={t('pages.feedbackAdmin.status')}
          t={t}
          value={p.status ?? ''}
          options={[{ value: '', label: t('pages.feedbackAdmin.allStatuses') }, ...FEEDBACK_STATUSES.map((s) => ({ value: s, label: t(`pages.feedback.status.${s}`) }))]}
        />
        <SubmitButton label={t('pages.feedbackAdmin.filter')} variant="secondary" />
      </Form>
      <Table
        caption={t('pages.feedbackAdmin.caption')}
        captionHidden
        empty={t('pages.feedbackAdmin.empty')}
        rows={p.items}
        columns={[
          {
            header: t('pages.feedbackAdmin.received'),
            cell: (f: Feedback) => (
              <a class="kern-link" href={`/admin/accessibility-feedback/${f.id}`}>
                {formatDateTime(p.locale, f.createdAt)}
              </a>
            ),
          },
          { header: t('pages.feedback.pageUrl'), cell: (f: Feedback) => f.pageUrl },
          { header: t('pages.feedbackAdmin.status'), cell: (f: Feedback) => t(`pages.feedback.status.${f.status}`) },
          { header: t('pages.feedbackAdmin.wantsAnswer'), cell: (f: Feedback) => (f.wantsAnswer ? t('pages.mail.yes') : t('pages.mail.no')) },
        ]}
      />
    </>
  );
}

export function FeedbackDetail(p: Base & { item: Feedback; form: FormState; csrfToken: string }) {
  const { t, item } = p;
  const none = t('pages.mail.notGiven');
  return (
    <>
      <h1 class="kern-heading-large">{t('pages.feedbackAdmin.detailTitle', { date: formatDateTime(p.locale, item.createdAt) })}</h1>
      <dl class="q-facts">
        <dt>{t('pages.feedbackAdmin.status')}</dt>
        <dd class="q-feedback-status">{t(`pages.feedback.status.${item.status}`)}</dd>
        <dt>{t('pages.feedback.pageUrl')}</dt>
        <dd>{item.pageUrl}</dd>
        <dt>{t('pages.feedback.description')}</dt>
        <dd class="q-pre">{item.description}</dd>
        <dt>{t('pages.feedback.name')}</dt>
        <dd>{item.name ?? none}</dd>
        <dt>{t('pages.feedback.email')}</dt>
        <dd>{item.email ? <a href={`mailto:${item.email}`}>{item.email}</a> : none}</dd>
        <dt>{t('pages.feedbackAdmin.wantsAnswer')}</dt>
        <dd>{item.wantsAnswer ? t('pages.mail.yes') : t('pages.mail.no')}</dd>
        <dt>{t('pages.feedbackAdmin.language')}</dt>
        <dd>{LANG_NAMES[item.locale] ?? item.locale}</dd>
        {item.answeredAt && (
          <>
            <dt>{t('pages.feedbackAdmin.answeredAt')}</dt>
            <dd>
              {formatDateTime(p.locale, item.answeredAt)} · {item.answeredBy}
            </dd>
          </>
        )}
      </dl>
      <h2 class="kern-heading-medium">{t('pages.feedbackAdmin.answerHeading')}</h2>
      <ErrorSummary form={p.form} t={t} />
      <Form action={`/admin/accessibility-feedback/${item.id}`} csrfToken={p.csrfToken} id="feedback-answer-form">
        <SelectField name="status" label={t('pages.feedbackAdmin.status')} required t={t} form={p.form} options={FEEDBACK_STATUSES.map((s) => ({ value: s, label: t(`pages.feedback.status.${s}`) }))} />
        <TextArea name="answer" label={t('pages.feedbackAdmin.answer')} hint={t('pages.feedbackAdmin.answerHint')} t={t} form={p.form} rows={6} maxlength={5000} />
        {item.email && <Checkbox name="sendAnswer" label={t('pages.feedbackAdmin.sendAnswer')} t={t} form={p.form} />}
        <SubmitButton label={t('pages.feedbackAdmin.save')} />
      </Form>
      <p class="kern-body">
        <a class="kern-link" href="/admin/accessibility-feedback">
          {t('pages.feedbackAdmin.back')}
        </a>
      </p>
    </>
  );
}
