/** @jsxImportSource hono/jsx */
/** Staff pages of participation: proposals (approval, status and answers), the moderation queue, surveys and their results. */
import { formatDate, formatDateTime, type Translate } from '../../../platform/i18n';
import { Checkbox, CheckboxGroup, ErrorSummary, Form, LinkButton, SelectField, SubmitButton, Table, TextArea, TextField, type FormState } from '../../../platform/ui/components';
import { QUESTION_KINDS, SURVEY_TRANSITIONS, TRANSITIONS, type ProposalStatus } from '../participation.rules';
import { QUESTION_SLOTS } from '../participation.schema';
import type { Comment, Proposal, ProposalEvent, QueueItem, Survey, SurveyResults } from '../participation.types';
import { ResultTable, StatusBadge, Timeline, type AreaRef, type ViewBase } from './public';

function SubNav(p: { t: Translate; current: 'proposals' | 'moderation' | 'surveys' }) {
  const items = [
    ['proposals', '/staff/participation', 'participation.nav.proposals'],
    ['moderation', '/staff/participation/moderation', 'participation.nav.moderation'],
    ['surveys', '/staff/participation/surveys', 'participation.nav.surveys'],
  ] as const;
  return (
    <nav class="q-subnav" aria-label={p.t('participation.nav.label')}>
      <ul>
        {items.map(([k, href, key]) => (
          <li>
            <a class="kern-link" href={href} aria-current={p.current === k ? 'page' : undefined}>
              {p.t(key)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function StaffListPage(p: ViewBase & { items: Proposal[]; pending: Proposal[]; areas: AreaRef[]; settings: Map<string, boolean>; manageAreas: AreaRef[]; csrfToken: string; query: Record<string, unknown> }) {
  const { t } = p;
  const areaName = (id: string) => p.areas.find((a) => a.id === id)?.name ?? '–';
  const columns = [
    {
      header: t('participation.field.title'),
      cell: (x: Proposal) => (
        <a class="kern-link" href={`/staff/participation/proposals/${x.id}`}>
          {x.title}
        </a>
      ),
    },
    { header: t('participation.field.area'), cell: (x: Proposal) => areaName(x.areaId) },
    { header: t('participation.field.status'), cell: (x: Proposal) => <StatusBadge t={t} status={x.status} /> },
    { header: t('participation.field.visibility'), cell: (x: Proposal) => t(x.publishedAt ? 'participation.staff.published' : x.emailConfirmed ? `participation.approval.${x.approval}` : 'participation.staff.unconfirmed') },
    { header: t('participation.field.supports'), cell: (x: Proposal) => String(x.supportCount), numeric: true },
    { header: t('participation.field.created'), cell: (x: Proposal) => formatDate(p.locale, x.createdAt) },
  ];
  return (
    <div class="q-stack">
      <h1 class="kern-heading-large">{t('participation.staff.heading')}</h1>
      <SubNav t={t} current="proposals" />
      <h2 class="kern-heading-medium">{t('participation.staff.pending')}</h2>
      <Table caption={t('participation.staff.pending')} captionHidden empty={t('participation.staff.noPending')} rows={p.pending} columns={columns} />
      <h2 class="kern-heading-medium">{t('participation.staff.all')}</h2>
      <form method="get" action="/staff/participation" class="q-filter">
        <SelectField name="area" label={t('participation.field.area')} t={t} form={{ values: p.query, errors: [] }} placeholder={t('participation.filter.all')} options={p.areas.map((a) => ({ value: a.id, label: a.name }))} />
        <SelectField
          name="status"
          label={t('participation.field.status')}
          t={t}
          form={{ values: p.query, errors: [] }}
          placeholder={t('participation.filter.all')}
          options={(Object.keys(TRANSITIONS) as ProposalStatus[]).map((s) => ({ value: s, label: t(`participation.status.${s}`) }))}
        />
        <SubmitButton label={t('participation.filter.apply')} variant="secondary" />
      </form>
      <Table caption={t('participation.staff.all')} captionHidden empty={t('participation.area.noProposals')} rows={p.items} columns={columns} />
      <h2 class="kern-heading-medium">{t('participation.settings.heading')}</h2>
      <p class="kern-body">{t('participation.settings.intro')}</p>
      {p.manageAreas.length > 0 && (
        <Form action="/staff/participation/settings" csrfToken={p.csrfToken} class="q-settings-form">
          {p.manageAreas.map((a) => (
            <input type="hidden" name="areaId" value={a.id} />
          ))}
          <CheckboxGroup
            name="requireApproval"
            legend={t('participation.settings.legend')}
            t={t}
            options={p.manageAreas.map((a) => ({ value: a.id, label: a.name }))}
            selected={p.manageAreas.filter((a) => p.settings.get(a.id)).map((a) => a.id)}
          />
          <SubmitButton label={t('participation.settings.save')} variant="secondary" />
        </Form>
      )}
    </div>
  );
}

export function StaffProposalPage(p: ViewBase & { proposal: Proposal; areaName: string; events: ProposalEvent[]; comments: Comment[]; confirmedSupports: number; csrfToken: string; form: FormState; canModerate: boolean }) {
  const { t, proposal: x } = p;
  const next = TRANSITIONS[x.status];
  return (
    <div class="q-stack">
      <h1 class="kern-heading-large">{x.title}</h1>
      <SubNav t={t} current="proposals" />
      <ErrorSummary form={p.form} t={t} />
      <dl class="q-concern-facts">
        <dt>{t('participation.field.status')}</dt>
        <dd>
          <StatusBadge t={t} status={x.status} />
        </dd>
        <dt>{t('participation.field.area')}</dt>
        <dd>{p.areaName}</dd>
        <dt>{t('participation.field.author')}</dt>
        <dd>{x.authorName ?? t('participation.comments.anonymous')}</dd>
        <dt>{t('participation.field.emailConfirmed')}</dt>
        <dd>{t(x.emailConfirmed ? 'participation.staff.yes' : 'participation.staff.no')}</dd>
        <dt>{t('participation.field.visibility')}</dt>
        <dd>{x.publishedAt ? t('participation.staff.publishedOn', { date: formatDate(p.locale, x.publishedAt) }) : t(`participation.approval.${x.approval}`)}</dd>
        <dt>{t('participation.field.supports')}</dt>
        <dd>{String(p.confirmedSupports)}</dd>
      </dl>
      <p class="kern-body q-concern-text">{x.body}</p>
      {x.publishedAt && (
        <p>
          <a class="kern-link" href={`/participation/proposals/${x.id}`}>
            {t('participation.staff.publicPage')}
          </a>
        </p>
      )}
      {x.approval === 'pending' && (
        <section aria-labelledby="approval-title">
          <h2 class="kern-heading-medium" id="approval-title">
            {t('participation.approval.heading')}
          </h2>
          <Form action={`/staff/participation/proposals/${x.id}/approval`} csrfToken={p.csrfToken} class="q-form--inline">
            <SubmitButton label={t('participation.approval.approve')} name="decision" value="approve" />
            <SubmitButton label={t('participation.approval.reject')} name="decision" value="reject" variant="secondary" />
          </Form>
        </section>
      )}
      <section aria-labelledby="answer-form-title">
        <h2 class="kern-heading-medium" id="answer-form-title">
          {t('participation.staff.answerHeading')}
        </h2>
        <Form action={`/staff/participation/proposals/${x.id}/answer`} csrfToken={p.csrfToken} class="q-answer-form">
          <SelectField
            name="to"
            label={t('participation.field.newStatus')}
            hint={t('participation.field.newStatusHint')}
            t={t}
            form={p.form}
            value={p.form.values.to ?? x.status}
            required
            options={[x.status, ...next].map((s) => ({ value: s, label: s === x.status ? t('participation.staff.keepStatus', { status: t(`participation.status.${s}`) }) : t(`participation.status.${s}`) }))}
          />
          <TextArea name="answer" label={t('participation.field.answer')} hint={t('participation.field.answerHint')} t={t} form={p.form} rows={5} maxlength={4000} />
          <SubmitButton label={t('participation.staff.saveAnswer')} />
        </Form>
      </section>
      <section aria-labelledby="staff-comments-title">
        <h2 class="kern-heading-medium" id="staff-comments-title">
          {t('participation.comments.heading')}
        </h2>
        <Table
          caption={t('participation.comments.heading')}
          captionHidden
          empty={t('participation.comments.none')}
          rows={p.comments}
          columns={[
            { header: t('participation.field.created'), cell: (c) => formatDateTime(p.locale, c.createdAt) },
            { header: t('participation.field.author'), cell: (c) => c.authorName ?? t('participation.comments.anonymous') },
            { header: t('participation.field.comment'), cell: (c) => <span class="q-concern-text">{c.body}</span> },
            { header: t('participation.field.visibility'), cell: (c) => (c.hiddenAt ? t('participation.comments.hidden', { reason: c.hiddenReason ?? '' }) : c.confirmed ? t('participation.staff.visible') : t('participation.staff.unconfirmed')) },
          ]}
        />
      </section>
      <section aria-labelledby="staff-timeline-title">
        <h2 class="kern-heading-medium" id="staff-timeline-title">
          {t('participation.timeline')}
        </h2>
        <Timeline t={t} locale={p.locale} events={p.events} staff />
      </section>
    </div>
  );
}

export function QueuePage(p: ViewBase & { items: QueueItem[]; areas: AreaRef[]; csrfToken: string; form: FormState; formFor: string | null }) {
  const { t } = p;
  return (
    <div class="q-stack">
      <h1 class="kern-heading-large">{t('participation.moderation.heading')}</h1>
      <SubNav t={t} current="moderation" />
      <ErrorSummary form={p.form} t={t} />
      {p.items.length === 0 && <p class="kern-body q-empty">{t('participation.moderation.empty')}</p>}
      <ol class="q-cards q-stack">
        {p.items.map((it) => {
          const form = p.formFor === it.comment.id ? p.form : { values: {}, errors: [] };
          return (
            <li class="kern-card" id={`queue-${it.comment.id}`}>
              <div class="kern-card__container">
                <div class="kern-card__header">
                  <h2 class="kern-title">
                    {t('participation.moderation.commentOn')}{' '}
                    <a class="kern-link" href={`/staff/participation/proposals/${it.proposal.id}`}>
                      {it.proposal.title}
                    </a>
                  </h2>
                </div>
                <div class="kern-card__body q-stack">
                  <p class="kern-body kern-body--small">
                    {p.areas.find((a) => a.id === it.proposal.areaId)?.name ?? ''} · {it.comment.authorName ?? t('participation.comments.anonymous')} · {formatDateTime(p.locale, it.comment.createdAt)}
                  </p>
                  <blockquote class="kern-body q-concern-text">{it.comment.body}</blockquote>
                  <ul class="kern-list">
                    {it.reports.map((r) => (
                      <li>
                        {t(`participation.reason.${r.reason}`)} ({formatDateTime(p.locale, r.createdAt)}){r.text ? `: ${r.text}` : ''}
                      </li>
                    ))}
                  </ul>
                  <Form action={`/staff/participation/comments/${it.comment.id}/hide`} csrfToken={p.csrfToken} class="q-hide-form">
                    <TextField name={`reason_${it.comment.id}`} label={t('participation.moderation.reason')} hint={t('participation.moderation.reasonHint')} t={t} form={form} required maxlength={300} />
                    <SubmitButton label={t('participation.moderation.hide')} />
                  </Form>
                  <Form action={`/staff/participation/comments/${it.comment.id}/dismiss`} csrfToken={p.csrfToken}>
                    <SubmitButton label={t('participation.moderation.dismiss')} variant="secondary" />
                  </Form>
                </div>
              </div>
            </li>
          );
        })}
      </ol>
    </div>
  );
}

export function SurveysPage(p: ViewBase & { surveys: Omit<Survey, 'questions'>[]; areas: AreaRef[] }) {
  const { t } = p;
  return (
    <div class="q-stack">
      <div class="q-heading-row">
        <h1 class="kern-heading-large">{t('participation.surveys.heading')}</h1>
        <LinkButton href="/staff/participation/surveys/new" label={t('participation.surveys.new')} variant="primary" />
      </div>
      <SubNav t={t} current="surveys" />
      <Table
        caption={t('participation.surveys.heading')}
        captionHidden
        empty={t('participation.surveys.none')}
        rows={p.surveys}
        columns={[
          {
            header: t('participation.field.title'),
            cell: (s) => (
              <a class="kern-link" href={`/staff/participation/surveys/${s.id}`}>
                {s.title}
              </a>
            ),
          },
          { header: t('participation.field.area'), cell: (s) => p.areas.find((a) => a.id === s.areaId)?.name ?? '–' },
          { header: t('participation.field.status'), cell: (s) => t(`participation.surveyStatus.${s.status}`) },
          { header: t('participation.field.created'), cell: (s) => formatDate(p.locale, s.createdAt) },
        ]}
      />
    </div>
  );
}

export function SurveyFormPage(p: ViewBase & { areas: AreaRef[]; csrfToken: string; form: FormState }) {
  const { t } = p;
  const kinds = QUESTION_KINDS.map((k) => ({ value: k, label: t(`participation.kind.${k}`) }));
  return (
    <div class="q-stack">
      <h1 class="kern-heading-large">{t('participation.surveys.new')}</h1>
      <ErrorSummary form={p.form} t={t} />
      <Form action="/staff/participation/surveys" csrfToken={p.csrfToken} class="q-survey-new">
        <SelectField name="areaId" label={t('participation.field.area')} t={t} form={p.form} required placeholder={t('participation.filter.choose')} options={p.areas.map((a) => ({ value: a.id, label: a.name }))} />
        <TextField name="title" label={t('participation.field.title')} t={t} form={p.form} required maxlength={140} />
        <TextArea name="intro" label={t('participation.field.intro')} t={t} form={p.form} rows={3} maxlength={2000} />
        <p class="kern-body">{t('participation.surveys.slotsHint', { n: QUESTION_SLOTS })}</p>
        {Array.from({ length: QUESTION_SLOTS }, (_, i) => (
          <fieldset class="kern-fieldset" id={`f-q${i}`}>
            <legend class="kern-label">{t('participation.surveys.question', { n: i + 1 })}</legend>
            <div class="kern-fieldset__body q-stack">
              <TextField name={`q${i}_prompt`} label={t('participation.field.prompt')} t={t} form={p.form} maxlength={300} />
              <SelectField name={`q${i}_kind`} label={t('participation.field.kind')} t={t} form={p.form} options={kinds} />
              <TextArea name={`q${i}_options`} label={t('participation.field.options')} hint={t('participation.field.optionsHint')} t={t} form={p.form} rows={3} />
              <Checkbox name={`q${i}_required`} label={t('participation.field.required')} t={t} form={p.form} />
            </div>
          </fieldset>
        ))}
        <SubmitButton label={t('participation.surveys.create')} />
      </Form>
    </div>
  );
}

export function StaffSurveyPage(p: ViewBase & { survey: Survey; areaName: string; results: SurveyResults; csrfToken: string }) {
  const { t, survey: s } = p;
  const next = SURVEY_TRANSITIONS[s.status];
  return (
    <div class="q-stack">
      <h1 class="kern-heading-large">{s.title}</h1>
      <SubNav t={t} current="surveys" />
      <p class="kern-body">
        {t('participation.survey.facts', { area: p.areaName, status: t(`participation.surveyStatus.${s.status}`) })} · {t('participation.results.responses', { count: p.results.responses, confirmed: p.results.confirmed })}
      </p>
      {next.length > 0 && (
        <Form action={`/staff/participation/surveys/${s.id}/status`} csrfToken={p.csrfToken} class="q-form--inline">
          {next.map((to) => (
            <SubmitButton label={t(`participation.surveys.to.${to}`)} name="to" value={to} />
          ))}
        </Form>
      )}
      {s.status !== 'draft' && (
        <p class="q-actions">
          <a class="kern-link" href={`/participation/surveys/${s.id}/results`}>
            {t('participation.surveys.publicResults')}
          </a>
          <a class="kern-link" href={`/staff/participation/surveys/${s.id}/results.csv`}>
            {t('participation.surveys.csv')}
          </a>
        </p>
      )}
      <h2 class="kern-heading-medium">{t('participation.surveys.questions')}</h2>
      <ol class="kern-list">
        {s.questions.map((q) => (
          <li>
            {q.prompt} ({t(`participation.kind.${q.kind}`)}
            {q.required ? `, ${t('participation.field.required')}` : ''}){q.options.length > 0 && `: ${q.options.join(' · ')}`}
          </li>
        ))}
      </ol>
      <h2 class="kern-heading-medium">{t('participation.results.staffHeading')}</h2>
      {p.results.questions.map((qr, i) => (
        <ResultTable
          t={t}
          locale={p.locale}
          r={qr}
          index={i}
          staffRelease={(a) => (
            <Form action={`/staff/participation/surveys/${s.id}/release`} csrfToken={p.csrfToken} class="q-form--inline">
              <input type="hidden" name="answerId" value={a.id} />
              <input type="hidden" name="release" value={a.released ? '0' : '1'} />
              {' '}
              <span class="kern-body kern-body--small">{t(a.released ? 'participation.results.released' : 'participation.results.notReleased')}</span>{' '}
              <SubmitButton label={t(a.released ? 'participation.results.withhold' : 'participation.results.release')} variant="tertiary" />
            </Form>
          )}
        />
      ))}
    </div>
  );
}
