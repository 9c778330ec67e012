/**
 * Background jobs of the concerns module (platform/jobs):
 * - concerns.notify     one per public timeline event: e-mails the confirmed submitter and confirmed followers.
 *   The payload holds only ids and the link origin; recipients and text are read when the job runs, so a
 *   redaction or anonymisation in between is respected and no address sits in the job table.
 * - concerns.anonymise  daily 03:45: closed concerns older than CONCERN_RETENTION_DAYS lose their personal data.
 *
 * Handlers read the configuration of the process that runs them from the job context (ctx.config).
 */
import type { Kysely } from 'kysely';
import type { Config } from '../../platform/config';
import { tenantForMail } from '../../platform/tenancy';
import { enqueue, JobError, registerJobHandler, registerSchedule } from '../../platform/jobs';
import type { TenantDb } from '../../platform/db/tenant-scope';
import { translate, type Locale } from '../../platform/i18n';
import { renderMail, sendMail } from '../../platform/mail';
import { notifyFollowers } from '../accounts';
import * as q from './concerns.queries';

export interface NotifyPayload {
  concernId: string;
  eventId: string;
  linkBase: string;
}

/** Queues the e-mail for a public event inside the caller's transaction (outbox: sent only if it commits). */
export async function queueNotification(trx: Kysely<any>, p: NotifyPayload): Promise<void> {
  await enqueue(trx, 'concerns.notify', p, { uniqueKey: p.eventId });
  // Residents' accounts following the concern (ADR 0022): their own job, their own setting.
  await notifyFollowers(trx, { type: 'concern', id: p.concernId }, { kind: 'concern_update', eventId: p.eventId });
}

/** Sends one event's update to everyone subscribed and confirmed. Returns the number of mails sent. */
export async function deliverNotification(db: TenantDb<any>, tenantId: string, p: NotifyPayload, config: Config): Promise<number> {
  const d = db as unknown as q.Db;
  const c = await q.findConcern(d, p.concernId);
  if (!c || !c.public) return 0;
  const event = (await q.listEvents(d, c.id, { publicOnly: true })).find((e) => e.id === p.eventId);
  if (!event) return 0;
  const tenant = await tenantForMail(db as Kysely<any>, tenantId);
  const fallback: Locale = tenant.locale;
  const recipients = new Map<string, Locale>();
  if (c.subscribed && c.emailConfirmedAt && c.submitter.email) recipients.set(c.submitter.email, c.submitter.locale ?? fallback);
  for (const s of await q.listSupporters(d, c.id)) if (s.email && s.emailConfirmedAt && !recipients.has(s.email)) recipients.set(s.email, s.locale ?? fallback);
  let sent = 0;
  for (const [to, locale] of recipients) {
    const status = event.toStatus ? translate(locale, `concerns.status.${event.toStatus}`) : translate(locale, 'concerns.mail.noStatusChange');
    const text = event.text ?? (typeof event.data.into === 'string' ? event.data.into : typeof event.data.department === 'string' ? event.data.department : '–');
    try {
      await sendMail(config, renderMail(locale, 'concerns.mail.update', to, { tenant: tenant.name, number: c.number, status, text, page: `${p.linkBase}/concerns/${c.number}` }));
      sent++;
    } catch {
      throw new JobError('mail_failed');
    }
  }
  return sent;
}

let registered = false;

export function registerConcernJobs(): void {
  if (registered) return;
  registered = true;
  registerJobHandler<NotifyPayload>('concerns.notify', async ({ db, tenantId, payload, config }) => {
    await deliverNotification(db, tenantId, payload, config);
  });
  registerJobHandler('concerns.anonymise', async ({ db, log, config }) => {
    const { anonymiseClosedConcerns } = await import('./concerns.service');
    const n = await anonymiseClosedConcerns(db, config.CONCERN_RETENTION_DAYS);
    if (n) log.info({ anonymised: n }, 'closed concerns anonymised');
  });
  registerSchedule('concerns.anonymise', { dailyAt: '03:45' });
}
