/** @jsxImportSource hono/jsx */
/** Public views: a legal page, the accessibility feedback form and its confirmation. */
import type { Child } from 'hono/jsx';
import { direction, formatDate, type Locale, type Translate } from '../../../platform/i18n';
import { Checkbox, ErrorSummary, Form, LinkButton, SubmitButton, TextArea, TextField, type FormState } from '../../../platform/ui/components';
import type { ResolvedPage } from '../pages.types';
import { MarkdownContent } from './content';

interface Base {
  t: Translate;
  locale: Locale;
}

export function LegalPage(p: Base & { page: ResolvedPage }) {
  const { t, page } = p;
  const langAttr = page.locale !== p.locale ? page.locale : undefined;
  const dirAttr = langAttr ? direction(page.locale as Locale) : undefined;
  return (
    <article class={`q-legal q-legal--${page.slug}`}>
      <h1 class="kern-heading-large">{t(`pages.${page.slug}.title`)}</h1>
      {page.fallback && (
        <p class="kern-body q-legal__fallback" role="note">
          {t('pages.fallbackNotice')}
        </p>
      )}
      <div class="q-legal__content" lang={langAttr} dir={dirAttr}>
        <MarkdownContent source={page.body} t={t} easy={page.slug === 'easy-language'} />
      </div>
      {page.slug === 'accessibility' && (
        <section class="q-legal__meta" aria-labelledby="legal-feedback">
          <h2 class="kern-heading-medium" id="legal-feedback">
            {t('pages.accessibility.feedbackHeading')}
          </h2>
          <p class="kern-body">{t('pages.accessibility.feedbackText')}</p>
          <p>
            <LinkButton href="/accessibility/feedback" label={t('pages.feedback.title')} variant="primary" />
          </p>
          <dl class="q-legal__dates">
            {page.reviewedOn && (
              <>
                <dt>{t('pages.accessibility.reviewedOn')}</dt>
                <dd>{formatDate(p.locale, `${page.reviewedOn}T12:00:00Z`, { dateStyle: 'long' })}</dd>
              </>
            )}
            {page.updatedAt && (
              <>
                <dt>{t('pages.updatedAt')}</dt>
                <dd>{formatDate(p.locale, page.updatedAt, { dateStyle: 'long' })}</dd>
              </>
            )}
          </dl>
        </section>
      )}
      {page.slug !== 'accessibility' && page.updatedAt && (
        <p class="kern-body kern-body--small q-legal__updated">
          {t('pages.updatedAt')}: {formatDate(p.locale, page.updatedAt, { dateStyle: 'long' })}
        </p>
      )}
    </article>
  );
}

export function FeedbackFormPage(p: Base & { form: FormState; csrfToken: string; honeypot: Child }) {
  const { t, form } = p;
  return (
    <>
      <h1 class="kern-heading-large">{t('pages.feedback.title')}</h1>
      <p class="kern-body">{t('pages.feedback.intro')}</p>
      <p class="kern-body">{t('pages.feedback.privacy')}</p>
      <ErrorSummary form={form} t={t} />
      <Form action="/accessibility/feedback" csrfToken={p.csrfToken} id="feedback-form">
        <TextField name="pageUrl" label={t('pages.feedback.pageUrl')} hint={t('pages.feedback.pageUrlHint')} required t={t} form={form} maxlength={500} />
        <TextArea name="description" label={t('pages.feedback.description')} hint={t('pages.feedback.descriptionHint')} required t={t} form={form} rows={7} maxlength={5000} />
        <TextField name="name" label={t('pages.feedback.name')} t={t} form={form} autocomplete="name" maxlength={200} />
        <TextField name="email" type="email" label={t('pages.feedback.email')} hint={t('pages.feedback.emailHint')} t={t} form={form} autocomplete="email" maxlength={254} />
        <Checkbox name="wantsAnswer" label={t('pages.feedback.wantsAnswer')} t={t} form={form} />
        {p.honeypot}
        <SubmitButton label={t('pages.feedback.submit')} />
      </Form>
    </>
  );
}

export function FeedbackThanksPage(p: Base & { emailed: boolean }) {
  const { t } = p;
  return (
    <>
      <h1 class="kern-heading-large">{t('pages.feedback.thanksTitle')}</h1>
      <p class="kern-body">{t('pages.feedback.thanksText')}</p>
      {p.emailed && <p class="kern-body">{t('pages.feedback.thanksEmail')}</p>}
      <p class="kern-body">
        <a class="kern-link" href="/accessibility">
          {t('pages.feedback.backToStatement')}
        </a>
      </p>
    </>
  );
}
