/** @jsxImportSource hono/jsx */
/**
 * Background jobs for administrators: GET /admin/jobs ('jobs.read') shows the queue by status and kind and every
 * failed or dead job with its attempts and error code; POST /admin/jobs/:id/retry ('jobs.manage', audited) puts a
 * failed or dead job back in the queue.
 */
import { Hono } from 'hono';
import { can, authorize } from '../auth/policy';
import { AppError } from '../errors';
import type { AppEnv } from '../http/context';
import { redirectWithNotice } from '../http/notice';
import { render } from '../http/render';
import { svc } from '../http/service-context';
import { formatDateTime, formatNumber, type Locale, type Translate } from '../i18n';
import { Pagination, Table } from '../ui/components';
import { JOB_STATUSES, type JobStatus } from './index';
import { countByKind, countByStatus, listProblemJobs, type JobSummary, type JobsDb } from './jobs.queries';
import { retryJob } from './jobs.service';

export const pages = new Hono<AppEnv>();

const PAGE_SIZE = 50;
const BADGE: Record<JobStatus, string> = { queued: 'info', running: 'info', done: 'success', failed: 'warning', dead: 'danger' };

function StatusBadge(p: { t: Translate; status: JobStatus }) {
  return (
    <span class={`kern-badge kern-badge--${BADGE[p.status]}`}>
      <span class="kern-label kern-label--small">{p.t(`jobs.status.${p.status}`)}</span>
    </span>
  );
}

function RetryButton(p: { t: Translate; csrf: string; job: JobSummary }) {
  return (
    <form method="post" action={`/admin/jobs/${encodeURIComponent(p.job.id)}/retry`} class="q-inline-form">
      <input type="hidden" name="_csrf" value={p.csrf} />
      <button type="submit" class="kern-btn kern-btn--secondary">
        <span class="kern-label">{p.t('jobs.retry')}</span>
        <span class="kern-sr-only"> {p.t('jobs.retryWhich', { kind: p.job.kind, id: p.job.id })}</span>
      </button>
    </form>
  );
}

function when(locale: Locale, iso: string) {
  return <time datetime={iso}>{formatDateTime(locale, iso)}</time>;
}

pages.get('/admin/jobs', async (c) => {
  authorize(c.var.user, 'jobs.read');
  const t = c.var.t;
  const locale = c.var.locale;
  const db = c.var.db as unknown as JobsDb;
  const offset = Math.max(0, Math.min(1_000_000, Number.parseInt(c.req.query('offset') ?? '0', 10) || 0));
  const [counts, kinds, problems] = await Promise.all([countByStatus(db), countByKind(db), listProblemJobs(db, { limit: PAGE_SIZE, offset })]);
  const manage = can(c.var.user, 'jobs.manage');
  const n = (x: number) => formatNumber(locale, x);
  const body = (
    <section class="q-stack">
      <h1 class="kern-heading-large">{t('jobs.heading')}</h1>
      <p class="kern-body">{t('jobs.intro')}</p>
      <Table
        caption={t('jobs.countsCaption')}
        rows={[...JOB_STATUSES]}
        empty=""
        columns={[
          { header: t('jobs.col.status'), cell: (s) => <StatusBadge t={t} status={s} /> },
          { header: t('jobs.col.count'), cell: (s) => n(counts[s]), numeric: true },
          { header: t('jobs.col.meaning'), cell: (s) => t(`jobs.status.${s}.hint`) },
        ]}
      />
      <Table
        caption={t('jobs.kindsCaption')}
        rows={kinds}
        empty={t('jobs.noJobs')}
        columns={[
          { header: t('jobs.col.kind'), cell: (k) => <code class="q-code">{k.kind}</code> },
          ...JOB_STATUSES.map((s) => ({ header: t(`jobs.status.${s}`), cell: (k: (typeof kinds)[number]) => n(k.counts[s]), numeric: true })),
        ]}
      />
      <h2 class="kern-heading-medium">{t('jobs.problemsHeading')}</h2>
      <p class="kern-body">{t('jobs.problemsIntro')}</p>
      <Table
        caption={t('jobs.problemsCaption', { count: problems.total })}
        rows={problems.jobs}
        empty={t('jobs.noProblems')}
        columns={[
          { header: t('jobs.col.kind'), cell: (j) => <code class="q-code">{j.kind}</code> },
          { header: t('jobs.col.status'), cell: (j) => <StatusBadge t={t} status={j.status} /> },
          { header: t('jobs.col.attempts'), cell: (j) => t('jobs.attemptsOf', { attempts: j.attempts, max: j.maxAttempts }), numeric: true },
          { header: t('jobs.col.error'), cell: (j) => (j.lastError ? <code class="q-code">{j.lastError}</code> : '–') },
          { header: t('jobs.col.nextRun'), cell: (j) => (j.status === 'failed' ? when(locale, j.runAt) : t('jobs.noNextRun')) },
          { header: t('jobs.col.updated'), cell: (j) => when(locale, j.updatedAt) },
          ...(manage ? [{ header: t('jobs.col.action'), cell: (j: JobSummary) => <RetryButton t={t} csrf={c.var.csrfToken} job={j} /> }] : []),
        ]}
      />
      <Pagination t={t} total={problems.total} limit={PAGE_SIZE} offset={offset} baseHref="/admin/jobs" />
    </section>
  );
  return render(c, t('jobs.title'), body, { crumbs: [[t('auth.nav.staff'), '/staff'], [t('jobs.heading')]] });
});

pages.post('/admin/jobs/:id/retry', async (c) => {
  try {
    await retryJob(svc(c), c.req.param('id'));
  } catch (e) {
    if (e instanceof AppError && e.code === 'job_not_retryable') return redirectWithNotice(c, '/admin/jobs', 'jobs.notRetryable', 'warning');
    throw e;
  }
  return redirectWithNotice(c, '/admin/jobs', 'jobs.retried');
});
