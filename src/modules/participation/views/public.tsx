/** @jsxImportSource hono/jsx */
/** Public pages of participation: areas, proposals (form, page, support, comments, report), confirmation, surveys and results. */
import type { Child } from 'hono/jsx';
import { formatDate, formatDateTime, formatNumber, type Locale, type Translate } from '../../../platform/i18n';
import { Alert, Checkbox, CheckboxGroup, ErrorSummary, Form, LinkButton, Pagination, RadioGroup, SubmitButton, Table, TextArea, TextField, type FormState } from '../../../platform/ui/components';
import { HoneypotField } from '../../../platform/http/rate-limit';
import { REPORT_REASONS, type ProposalStatus, type QuestionDef, type QuestionResult } from '../participation.rules';
import type { ConfirmTarget, Proposal, ProposalEvent, PublicComment, Survey, SurveyResults } from '../participation.types';

export interface ViewBase {
  t: Translate;
  locale: Locale;
}

export interface AreaRef {
  id: string;
  slug: string;
  name: string;
}

export function StatusBadge(p: { t: Translate; status: ProposalStatus }) {
  const kind = p.status === 'done' ? 'success' : p.status === 'not_possible' ? 'warning' : 'info';
  return <span class={`kern-badge kern-badge--${kind}`}>{p.t(`participation.status.${p.status}`)}</span>;
}

/** What is stored and for how long — on every public form. */
export function PrivacyNotice(p: { t: Translate; kind: 'proposal' | 'support' | 'comment' | 'survey' | 'report' }) {
  return (
    <div class="kern-alert kern-alert--info" role="note" aria-label={p.t('participation.privacy.heading')}>
      <div class="kern-alert__header">
        <span class="kern-icon kern-icon--info" aria-hidden="true" />
        <span class="kern-title">{p.t('participation.privacy.heading')}</span>
      </div>
      <div class="kern-alert__body">
        <p class="kern-body">{p.t(`participation.privacy.${p.kind}`)}</p>
      </div>
    </div>
  );
}

function Consent(p: { t: Translate; form: FormState; name?: string }) {
  const name = p.name ?? 'consent';
  const error = p.form.errors.some((e) => e.field === name);
  return (
    <div class={error ? 'kern-form-input kern-form-input--error' : 'kern-form-input'}>
      {error && (
        <p class="kern-error" id={`f-${name}-error`}>
          <span class="kern-icon kern-icon--danger kern-icon--small" aria-hidden="true" />
          <span>{p.t('participation.error.consent')}</span>
        </p>
      )}
      {/* Never pre-ticked: the form's values decide (empty on a fresh form). */}
      <Checkbox name={name} label={p.t('participation.field.consent')} t={p.t} form={p.form} />
    </div>
  );
}

export function IndexPage(p: ViewBase & { areas: (AreaRef & { proposals: number; surveys: number })[] }) {
  const { t } = p;
  return (
    <div class="q-stack">
      <h1 class="kern-heading-large">{t('participation.index.heading')}</h1>
      <p class="kern-body">{t('participation.index.intro')}</p>
      <ul class="q-territory-cards">
        {p.areas.map((a) => (
          <li class="kern-card">
            <div class="kern-card__container">
              <div class="kern-card__header">
                <h2 class="kern-title">
                  <a class="kern-link" href={`/participation/areas/${a.slug}`}>
                    {a.name}
                  </a>
                </h2>
              </div>
              <div class="kern-card__body">
                <p class="kern-body">{t('participation.index.counts', { proposals: a.proposals, surveys: a.surveys })}</p>
              </div>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function AreaPage(p: ViewBase & { area: AreaRef; proposals: Proposal[]; total: number; offset: number; surveys: Omit<Survey, 'questions'>[]; requireApproval: boolean }) {
  const { t } = p;
  return (
    <div class="q-stack">
      <h1 class="kern-heading-large">{t('participation.area.heading', { area: p.area.name })}</h1>
      <p class="kern-body">{t(p.requireApproval ? 'participation.area.introApproval' : 'participation.area.intro')}</p>
      <p>
        <LinkButton href={`/participation/areas/${p.area.slug}/new`} label={t('participation.area.propose')} variant="primary" />
      </p>
      <h2 class="kern-heading-medium">{t('participation.area.proposals')}</h2>
      <Table
        caption={t('participation.area.proposals')}
        captionHidden
        empty={t('participation.area.noProposals')}
        rows={p.proposals}
        columns={[
          {
            header: t('participation.field.title'),
            cell: (x) => (
              <a class="kern-link" href={`/participation/proposals/${x.id}`}>
                {x.title}
              </a>
            ),
          },
          { header: t('participation.field.status'), cell: (x) => <StatusBadge t={t} status={x.status} /> },
          { header: t('participation.field.supports'), cell: (x) => formatNumber(p.locale, x.supportCount), numeric: true },
          { header: t('participation.field.published'), cell: (x) => formatDate(p.locale, x.publishedAt) },
        ]}
      />
      <Pagination t={t} total={p.total} limit={25} offset={p.offset} baseHref={`/participation/areas/${p.area.slug}`} />
      <h2 class="kern-heading-medium">{t('participation.area.surveys')}</h2>
      {p.surveys.length === 0 ? (
        <p class="kern-body q-empty">{t('participation.area.noSurveys')}</p>
      ) : (
        <ul class="kern-list">
          {p.surveys.map((s) => (
            <li>
              {s.status === 'open' ? (
                <a class="kern-link" href={`/participation/surveys/${s.id}`}>
                  {s.title}
                </a>
              ) : (
                <span>{s.title}</span>
              )}{' '}
              ({t(`participation.surveyStatus.${s.status}`)}) ·{' '}
              <a class="kern-link" href={`/participation/surveys/${s.id}/results`}>
                {t('participation.survey.resultsLink', { title: s.title })}
              </a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function ProposalFormPage(p: ViewBase & { area: AreaRef; csrfToken: string; form: FormState; honeypot: Child }) {
  const { t } = p;
  return (
    <div class="q-stack">
      <h1 class="kern-heading-large">{t('participation.new.heading', { area: p.area.name })}</h1>
      <ErrorSummary form={p.form} t={t} />
      <p class="kern-body">{t('participation.new.intro')}</p>
      <Form action={`/participation/areas/${p.area.slug}/proposals`} csrfToken={p.csrfToken} class="q-proposal-form">
        <TextField name="title" label={t('participation.field.title')} t={t} form={p.form} required maxlength={140} />
        <TextArea name="body" label={t('participation.field.body')} hint={t('participation.field.bodyHint')} t={t} form={p.form} required rows={8} maxlength={4000} />
        <TextField name="name" label={t('participation.field.name')} hint={t('participation.field.nameHint')} t={t} form={p.form} autocomplete="name" maxlength={80} />
        <TextField name="email" label={t('participation.field.email')} hint={t('participation.field.emailHint')} t={t} form={p.form} type="email" required autocomplete="email" />
        <PrivacyNotice t={t} kind="proposal" />
        <Consent t={t} form={p.form} />
        {p.honeypot}
        <div class="q-actions">
          <SubmitButton label={t('participation.new.submit')} />
        </div>
      </Form>
    </div>
  );
}

export function Timeline(p: ViewBase & { events: ProposalEvent[]; staff?: boolean }) {
  const { t } = p;
  return (
    <ol class="q-concern-timeline">
      {p.events.map((e) => (
        <li class="q-concern-timeline__item">
          <p class="kern-body kern-body--small">
            <time datetime={e.at}>{formatDateTime(p.locale, e.at)}</time>
            {p.staff && ` · ${e.actorLabel}`}
          </p>
          <p class="kern-body">
            <strong>
              {e.kind === 'status' && e.toStatus
                ? t('participation.event.status', { status: t(`participation.status.${e.toStatus}`) })
                : t(`participation.event.${e.kind}`)}
            </strong>
          </p>
          {e.text && <p class="kern-body q-concern-text">{e.text}</p>}
        </li>
      ))}
    </ol>
  );
}

export function Comments(p: ViewBase & { comments: PublicComment[]; reportLinks: boolean }) {
  const { t } = p;
  if (p.comments.length === 0) return <p class="kern-body q-empty">{t('participation.comments.none')}</p>;
  return (
    <ol class="q-cards q-stack" aria-label={t('participation.comments.heading')}>
      {p.comments.map((c) => (
        <li id={`comment-${c.id}`} class="kern-card">
          <div class="kern-card__container">
            <div class="kern-card__body">
              <p class="kern-body kern-body--small">
                {c.hidden ? t('participation.comments.hiddenAuthor') : c.authorName ?? t('participation.comments.anonymous')} · <time datetime={c.createdAt}>{formatDateTime(p.locale, c.createdAt)}</time>
              </p>
              {c.hidden ? (
                <p class="kern-body q-comment-hidden">
                  <em>{t('participation.comments.hidden', { reason: c.hidden.reason })}</em>
                </p>
              ) : (
                <p class="kern-body q-concern-text">{c.body}</p>
              )}
              {p.reportLinks && !c.hidden && (
                <p class="kern-body kern-body--small">
                  <a class="kern-link" href={`/participation/comments/${c.id}/report`}>
                    {t('participation.comments.report')}
                    <span class="kern-sr-only"> ({t('participation.comments.reportOf', { date: formatDateTime(p.locale, c.createdAt) })})</span>
                  </a>
                </p>
              )}
            </div>
          </div>
        </li>
      ))}
    </ol>
  );
}

export function ProposalPage(
  p: ViewBase & {
    proposal: Proposal;
    areaName: string;
    events: ProposalEvent[];
    comments: PublicComment[];
    csrfToken: string;
    supportForm: FormState;
    commentForm: FormState;
    honeypot: Child;
    /** A signed-in resident (ADR 0022): supports and comments without the e-mail round trip. */
    account?: { supports: boolean; displayName: string | null } | null;
    /** The follow control of the accounts module. */
    follow?: Child;
  },
) {
  const { t, proposal: x } = p;
  const open = x.status !== 'done' && x.status !== 'not_possible';
  return (
    <div class="q-stack">
      <h1 class="kern-heading-large">{x.title}</h1>
      <p>
        <StatusBadge t={t} status={x.status} />
      </p>
      <dl class="q-concern-facts">
        <dt>{t('participation.field.area')}</dt>
        <dd>{p.areaName}</dd>
        <dt>{t('participation.field.author')}</dt>
        <dd>{x.authorName ?? t('participation.comments.anonymous')}</dd>
        <dt>{t('participation.field.published')}</dt>
        <dd>{formatDate(p.locale, x.publishedAt)}</dd>
        <dt>{t('participation.field.supports')}</dt>
        <dd class="q-support-count">{t('participation.support.count', { count: x.supportCount })}</dd>
      </dl>
      <p class="kern-body q-concern-text">{x.body}</p>
      {p.follow}
      {x.answer && (
        <section aria-labelledby="answer-title" class="kern-alert kern-alert--info">
          <div class="kern-alert__header">
            <h2 class="kern-title" id="answer-title">
              {t('participation.answer.heading', { date: formatDate(p.locale, x.answeredAt) })}
            </h2>
          </div>
          <div class="kern-alert__body">
            <p class="kern-body q-concern-text">{x.answer}</p>
          </div>
        </section>
      )}
      {open && (
        <section aria-labelledby="support-title">
          <h2 class="kern-heading-medium" id="support-title">
            {t('participation.support.heading')}
          </h2>
          {p.account &&
            (p.account.supports ? (
              <Form action={`/participation/proposals/${x.id}/support/withdraw`} csrfToken={p.csrfToken} class="q-account-support-form">
                <p class="kern-body">{t('accounts.participation.supported')}</p>
                <SubmitButton label={t('accounts.participation.withdraw')} variant="tertiary" />
              </Form>
            ) : (
              <Form action={`/participation/proposals/${x.id}/support`} csrfToken={p.csrfToken} class="q-account-support-form">
                <p class="kern-body">{t('accounts.participation.supportAsIntro')}</p>
                <input type="hidden" name="asAccount" value="1" />
                <SubmitButton label={t('accounts.participation.supportAs')} />
              </Form>
            ))}
          <p class="kern-body">{p.account ? t('accounts.participation.orEmail') : t('participation.support.intro')}</p>
          {p.supportForm.errors.length > 0 && <ErrorSummary form={p.supportForm} t={t} />}
          <Form action={`/participation/proposals/${x.id}/support`} csrfToken={p.csrfToken} class="q-support-form">
            <TextField name="supportEmail" label={t('participation.field.email')} t={t} form={p.supportForm} type="email" required autocomplete="email" />
            <PrivacyNotice t={t} kind="support" />
            <Consent t={t} form={p.supportForm} name="supportConsent" />
            <HoneypotField t={t} id="q-hp-website-2" />
            <SubmitButton label={t('participation.support.button')} variant="secondary" />
          </Form>
        </section>
      )}
      <section aria-labelledby="comments-title" class="q-stack">
        <h2 class="kern-heading-medium" id="comments-title">
          {t('participation.comments.heading')}
        </h2>
        <Comments t={t} locale={p.locale} comments={p.comments} reportLinks />
        <h3 class="kern-heading-small">{t('participation.comments.new')}</h3>
        {p.commentForm.errors.length > 0 && <ErrorSummary form={p.commentForm} t={t} />}
        {p.account ? (
          <Form action={`/participation/proposals/${x.id}/comments`} csrfToken={p.csrfToken} class="q-comment-form">
            <p class="kern-body">{t('accounts.participation.commentAs')}</p>
            <TextArea name="body" label={t('participation.field.comment')} t={t} form={p.commentForm} required rows={4} maxlength={2000} />
            <TextField name="name" label={t('participation.field.name')} hint={t('participation.field.nameHint')} t={t} form={p.commentForm} value={p.commentForm.values.name ?? p.account.displayName ?? ''} autocomplete="nickname" maxlength={80} />
            {p.honeypot}
            <SubmitButton label={t('participation.comments.submit')} variant="secondary" />
          </Form>
        ) : (
          <Form action={`/participation/proposals/${x.id}/comments`} csrfToken={p.csrfToken} class="q-comment-form">
            <TextArea name="body" label={t('participation.field.comment')} t={t} form={p.commentForm} required rows={4} maxlength={2000} />
            <TextField name="name" label={t('participation.field.name')} hint={t('participation.field.nameHint')} t={t} form={p.commentForm} autocomplete="name" maxlength={80} />
            <TextField name="email" label={t('participation.field.email')} hint={t('participation.field.emailHint')} t={t} form={p.commentForm} type="email" required autocomplete="email" />
            <PrivacyNotice t={t} kind="comment" />
            <Consent t={t} form={p.commentForm} />
            {p.honeypot}
            <SubmitButton label={t('participation.comments.submit')} variant="secondary" />
          </Form>
        )}
      </section>
      <section aria-labelledby="timeline-title">
        <h2 class="kern-heading-medium" id="timeline-title">
          {t('participation.timeline')}
        </h2>
        <Timeline t={t} locale={p.locale} events={p.events} />
      </section>
    </div>
  );
}

export function ReportPage(p: ViewBase & { comment: PublicComment; proposal: Proposal; csrfToken: string; form: FormState; honeypot: Child }) {
  const { t } = p;
  return (
    <div class="q-stack">
      <h1 class="kern-heading-large">{t('participation.report.heading')}</h1>
      <ErrorSummary form={p.form} t={t} />
      <p class="kern-body">{t('participation.report.intro', { title: p.proposal.title })}</p>
      <blockquote class="kern-body q-concern-text">{p.comment.body}</blockquote>
      <Form action={`/participation/comments/${p.comment.id}/report`} csrfToken={p.csrfToken} class="q-report-form">
        <RadioGroup name="reason" legend={t('participation.report.reason')} t={t} form={p.form} required options={REPORT_REASONS.map((r) => ({ value: r, label: t(`participation.reason.${r}`) }))} />
        <TextArea name="text" label={t('participation.report.text')} hint={t('participation.report.textHint')} t={t} form={p.form} rows={3} maxlength={1000} />
        <PrivacyNotice t={t} kind="report" />
        {p.honeypot}
        <div class="q-actions">
          <SubmitButton label={t('participation.report.submit')} />
          <a class="kern-link" href={`/participation/proposals/${p.proposal.id}#comment-${p.comment.id}`}>
            {t('participation.report.cancel')}
          </a>
        </div>
      </Form>
    </div>
  );
}

/** The page behind an e-mail confirmation link: what will be confirmed, and one button (a POST) that does it. */
export function ConfirmPage(p: ViewBase & { token: string; target: ConfirmTarget; csrfToken: string }) {
  const { t, target } = p;
  const intro = target.kind === 'proposal' && target.needsApproval ? 'participation.confirmPage.proposal.introApproval' : `participation.confirmPage.${target.kind}.intro`;
  return (
    <div class="q-stack">
      <h1 class="kern-heading-large">{t(`participation.confirmPage.${target.kind}.heading`)}</h1>
      <p class="kern-body">{t(intro, { title: target.title })}</p>
      <Form action={`/participation/confirm/${p.token}`} csrfToken={p.csrfToken} class="q-confirm-form">
        <div class="q-actions">
          <SubmitButton label={t(`participation.confirmPage.${target.kind}.button`)} />
        </div>
      </Form>
      <p class="kern-body">{t('participation.confirmPage.notRequested')}</p>
    </div>
  );
}

/** An unknown, expired or used e-mail link. */
export function BadLinkPage(p: ViewBase & { text: string }) {
  return (
    <div class="q-stack">
      <h1 class="kern-heading-large">{p.t('participation.confirm.badHeading')}</h1>
      <p class="kern-body">{p.text}</p>
    </div>
  );
}

export function WithdrawPage(p: ViewBase & { token: string; target: { proposalId: string; title: string } | null; csrfToken: string }) {
  const { t } = p;
  if (!p.target) return <BadLinkPage t={t} locale={p.locale} text={t('participation.withdraw.bad')} />;
  return (
    <div class="q-stack">
      <h1 class="kern-heading-large">{t('participation.withdraw.heading')}</h1>
      <p class="kern-body">{t('participation.withdraw.intro', { title: p.target.title })}</p>
      <Form action={`/participation/withdraw/${p.token}`} csrfToken={p.csrfToken}>
        <div class="q-actions">
          <SubmitButton label={t('participation.withdraw.button')} />
          <a class="kern-link" href={`/participation/proposals/${p.target.proposalId}`}>
            {t('participation.withdraw.keep')}
          </a>
        </div>
      </Form>
    </div>
  );
}

function QuestionField(p: { t: Translate; q: QuestionDef; form: FormState }) {
  const { t, q } = p;
  const name = `q_${q.id}`;
  if (q.kind === 'text') return <TextArea name={name} label={q.prompt} t={t} form={p.form} required={q.required} rows={4} maxlength={2000} />;
  if (q.kind === 'rating') {
    return (
      <RadioGroup
        name={name}
        legend={q.prompt}
        hint={t('participation.survey.ratingHint')}
        t={t}
        form={p.form}
        required={q.required}
        options={[1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: t('participation.survey.rating', { n }) }))}
      />
    );
  }
  const options = q.options.map((o, i) => ({ value: String(i), label: o }));
  if (q.kind === 'single') return <RadioGroup name={name} legend={q.prompt} t={t} form={p.form} required={q.required} options={options} />;
  return <CheckboxGroupField t={t} name={name} legend={q.prompt} form={p.form} required={q.required} options={options} />;
}

function CheckboxGroupField(p: { t: Translate; name: string; legend: string; form: FormState; required: boolean; options: { value: string; label: string }[] }) {
  return <CheckboxGroup name={p.name} legend={p.legend} hint={p.t('participation.survey.multipleHint')} t={p.t} form={p.form} required={p.required} options={p.options} />;
}

export function SurveyPage(p: ViewBase & { survey: Survey; areaName: string; csrfToken: string; form: FormState; answered: boolean; honeypot: Child }) {
  const { t, survey: s } = p;
  return (
    <div class="q-stack">
      <h1 class="kern-heading-large">{s.title}</h1>
      <p class="kern-body">{t('participation.survey.facts', { area: p.areaName, status: t(`participation.surveyStatus.${s.status}`) })}</p>
      {s.intro && <p class="kern-body q-concern-text">{s.intro}</p>}
      {s.status !== 'open' ? (
        <Alert kind="info">
          <p class="kern-body">{t('participation.survey.closed')}</p>
        </Alert>
      ) : p.answered ? (
        <Alert kind="info">
          <p class="kern-body">{t('participation.survey.already')}</p>
        </Alert>
      ) : (
        <>
          <ErrorSummary form={p.form} t={t} />
          <Form action={`/participation/surveys/${s.id}`} csrfToken={p.csrfToken} class="q-survey-form">
            {s.questions.map((q) => (
              <QuestionField t={t} q={q} form={p.form} />
            ))}
            <TextField name="email" label={t('participation.survey.email')} hint={t('participation.survey.emailHint')} t={t} form={p.form} type="email" autocomplete="email" />
            <PrivacyNotice t={t} kind="survey" />
            {p.honeypot}
            <SubmitButton label={t('participation.survey.submit')} />
          </Form>
        </>
      )}
      <p>
        <a class="kern-link" href={`/participation/surveys/${s.id}/results`}>
          {t('participation.survey.resultsLink', { title: s.title })}
        </a>
      </p>
    </div>
  );
}

/** A bar for a percentage: an SVG drawn on the server (no style attribute, no script); the number is in the table. */
export function Bar(p: { percent: number }) {
  const w = Math.max(0, Math.min(100, p.percent));
  return (
    <svg class="q-bar" width="160" height="14" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
      <rect x="0" y="0" width="100" height="10" fill="#e5eaf0" />
      <rect x="0" y="0" width={String(w)} height="10" fill="#1a4b8c" />
    </svg>
  );
}

export function ResultTable(p: ViewBase & { r: QuestionResult; index: number; staffRelease?: (answer: { id: string; value: string; released: boolean }) => Child }) {
  const { t, r } = p;
  if (r.question.kind === 'text') {
    return (
      <section aria-labelledby={`rq-${p.index}`}>
        <h2 class="kern-heading-small" id={`rq-${p.index}`}>
          {r.question.prompt}
        </h2>
        <p class="kern-body">{t('participation.results.answered', { count: r.answered })}</p>
        {r.texts.length === 0 ? (
          <p class="kern-body q-empty">{p.staffRelease ? t('participation.results.noTexts') : t('participation.results.textsNotReleased')}</p>
        ) : (
          <ul class="kern-list">
            {r.texts.map((x) => (
              <li>
                <span class="q-concern-text">{x.value}</span>
                {p.staffRelease?.(x)}
              </li>
            ))}
          </ul>
        )}
      </section>
    );
  }
  return (
    <section aria-labelledby={`rq-${p.index}`}>
      <h2 class="kern-heading-small" id={`rq-${p.index}`}>
        {r.question.prompt}
      </h2>
      <p class="kern-body">
        {t('participation.results.answered', { count: r.answered })}
        {r.average !== null && ` · ${t('participation.results.average', { value: formatNumber(p.locale, r.average) })}`}
        {r.question.kind === 'multiple' && ` · ${t('participation.results.multipleNote')}`}
      </p>
      <Table
        caption={r.question.prompt}
        captionHidden
        empty={t('participation.results.none')}
        rows={r.options}
        columns={[
          { header: t('participation.results.option'), cell: (o) => (r.question.kind === 'rating' ? t('participation.survey.rating', { n: Number(o.label) }) : o.label) },
          { header: t('participation.results.count'), cell: (o) => formatNumber(p.locale, o.count), numeric: true },
          { header: t('participation.results.percent'), cell: (o) => `${formatNumber(p.locale, o.percent)} %`, numeric: true },
          { header: t('participation.results.bar'), cell: (o) => <Bar percent={o.percent} /> },
        ]}
      />
    </section>
  );
}

export function ResultsPage(p: ViewBase & { results: SurveyResults; areaName: string }) {
  const { t, results: r } = p;
  return (
    <div class="q-stack">
      <h1 class="kern-heading-large">{t('participation.results.heading', { title: r.survey.title })}</h1>
      <p class="kern-body">
        {t('participation.survey.facts', { area: p.areaName, status: t(`participation.surveyStatus.${r.survey.status}`) })} ·{' '}
        {t('participation.results.responses', { count: r.responses, confirmed: r.confirmed })}
      </p>
      {r.questions.map((qr, i) => (
        <ResultTable t={t} locale={p.locale} r={qr} index={i} />
      ))}
      {r.survey.status === 'open' && (
        <p>
          <a class="kern-link" href={`/participation/surveys/${r.survey.id}`}>
            {t('participation.results.toSurvey')}
          </a>
        </p>
      )}
    </div>
  );
}
