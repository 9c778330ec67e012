/**
 * Background jobs of the pages module (platform/jobs). Payloads hold only the feedback id: addresses and texts are
 * read when the job runs, so none sit in the job table.
 * - pages.feedback_admins   e-mails new accessibility feedback to every active admin (in the admin's language).
 * - pages.feedback_confirm  confirms receipt to the sender (when an address was given).
 * - pages.feedback_answer   sends the answer an admin recorded to the sender.
 */
import type { Kysely } from 'kysely';
import { jobLinkBase } from '../../platform/auth/links';
import { activeAdminIds, findUserById, type AuthDb } from '../../platform/auth/users.queries';
import type { Config } from '../../platform/config';
import type { TenantDb } from '../../platform/db/tenant-scope';
import { isLocale, translate, type Locale } from '../../platform/i18n';
import { JobError, registerJobHandler } from '../../platform/jobs';
import { renderMail, sendMail, type MailMessage } from '../../platform/mail';
import { tenantForMail } from '../../platform/tenancy';
import * as q from './pages.queries';

export interface FeedbackPayload {
  feedbackId: string;
}

async function send(config: Config, m: MailMessage): Promise<void> {
  try {
    await sendMail(config, m);
  } catch {
    throw new JobError('mail_failed');
  }
}

/** E-mails the feedback to every active admin. Returns the number of mails sent. */
export async function mailFeedbackToAdmins(db: TenantDb<any>, tenantId: string, p: FeedbackPayload, config: Config): Promise<number> {
  const f = await q.findFeedback(db as unknown as q.Db, p.feedbackId);
  if (!f) return 0;
  const rootDb = db as Kysely<any>;
  const tenant = await tenantForMail(rootDb, tenantId);
  const base = await jobLinkBase(rootDb, tenantId, config);
  let sent = 0;
  for (const id of await activeAdminIds(db as unknown as AuthDb)) {
    const u = await findUserById(db as unknown as AuthDb, id);
    if (!u) continue;
    const locale: Locale = isLocale(u.locale) ? u.locale : tenant.locale;
    const none = translate(locale, 'pages.mail.notGiven');
    await send(
      config,
      renderMail(locale, 'pages.mail.feedbackAdmin', u.email, {
        tenant: tenant.name,
        name: f.name ?? none,
        email: f.email ?? none,
        wantsAnswer: f.wantsAnswer ? translate(locale, 'pages.mail.yes') : translate(locale, 'pages.mail.no'),
        pageUrl: f.pageUrl,
        description: f.description,
        link: base ? `${base}/admin/accessibility-feedback/${f.id}` : `/admin/accessibility-feedback/${f.id}`,
      }),
    );
    sent++;
  }
  return sent;
}

/** The two mails to the sender (catalog key prefixes; renderMail adds .subject and .body). */
type MailKey = 'pages.mail.feedbackConfirm' | 'pages.mail.feedbackAnswer';

async function mailSender(db: TenantDb<any>, tenantId: string, p: FeedbackPayload, config: Config, mailKey: MailKey): Promise<boolean> {
  const f = await q.findFeedback(db as unknown as q.Db, p.feedbackId);
  if (!f?.email) return false;
  if (mailKey === 'pages.mail.feedbackAnswer' && !f.answer) return false;
  const rootDb = db as Kysely<any>;
  const tenant = await tenantForMail(rootDb, tenantId);
  const locale: Locale = isLocale(f.locale) ? f.locale : tenant.locale;
  await send(config, renderMail(locale, mailKey, f.email, { tenant: tenant.name, pageUrl: f.pageUrl, description: f.description, answer: f.answer ?? '' }));
  return true;
}

let registered = false;

export function registerPagesJobs(): void {
  if (registered) return;
  registered = true;
  registerJobHandler<FeedbackPayload>('pages.feedback_admins', async ({ db, tenantId, payload, config }) => {
    await mailFeedbackToAdmins(db, tenantId, payload, config);
  });
  registerJobHandler<FeedbackPayload>('pages.feedback_confirm', async ({ db, tenantId, payload, config }) => {
    await mailSender(db, tenantId, payload, config, 'pages.mail.feedbackConfirm');
  });
  registerJobHandler<FeedbackPayload>('pages.feedback_answer', async ({ db, tenantId, payload, config }) => {
    await mailSender(db, tenantId, payload, config, 'pages.mail.feedbackAnswer');
  });
}
