/**
 * Background job of the network module (platform/jobs):
 * - network.followups  daily 07:00 per tenant: every contact whose follow-up day has come (not done, no reminder
 *   yet) sends one e-mail to the staff member who logged it, then is marked as reminded (and audited). The mail
 *   holds only dates and a link — no names of people or organisations.
 */
import type { Kysely } from 'kysely';
import { recordAudit, type AuditTables } from '../../platform/audit';
import { findUserById, type AuthDb } from '../../platform/auth/users.queries';
import type { Config } from '../../platform/config';
import { jobLinkBase } from '../../platform/auth/links';
import { tenantForMail } from '../../platform/tenancy';
import { nowIso } from '../../platform/db/dialect';
import type { TenantDb } from '../../platform/db/tenant-scope';
import { isLocale, type Locale } from '../../platform/i18n';
import { JobError, registerJobHandler, registerSchedule } from '../../platform/jobs';
import { renderMail, sendMail } from '../../platform/mail';
import * as q from './network.queries';
import { tdb } from './network.refs';


function formatDay(locale: Locale, d: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'Europe/Berlin' }).format(new Date(`${d}T12:00:00Z`));
}

/** Sends the due follow-up reminders of one tenant. Returns the number of reminders sent. */
export async function sendFollowUpReminders(db: TenantDb<any>, tenantId: string, config: Config, today = new Date().toISOString().slice(0, 10)): Promise<number> {
  const due = await q.dueReminders(tdb(db), today);
  if (due.length === 0) return 0;
  // Links point to PUBLIC_URL or the tenant's first host; without either, a path only.
  const base = (await jobLinkBase(db as Kysely<any>, tenantId, config)) ?? '';
  const tenant = await tenantForMail(db as Kysely<any>, tenantId);
  const fallback: Locale = tenant.locale;
  let sent = 0;
  for (const r of due) {
    const user = r.createdBy ? await findUserById(db as unknown as AuthDb, r.createdBy) : undefined;
    const at = nowIso();
    if (user && user.status === 'active') {
      const locale: Locale = isLocale(user.locale) ? user.locale : fallback;
      try {
        await sendMail(
          config,
          renderMail(locale, 'network.mail.followUp', user.email, {
            date: formatDay(locale, r.occurredOn),
            due: formatDay(locale, r.followUpOn),
            link: `${base}/staff/network/contacts/${r.id}/edit`,
            tenant: String(tenant?.name ?? ''),
          }),
        );
      } catch {
        throw new JobError('mail_failed');
      }
      sent++;
    }
    // Marked also when nobody can be mailed (author gone): the reminder is not retried every day.
    await tdb(db)
      .transaction()
      .execute(async (trx) => {
        await q.markReminderSent(trx, r.id, at);
        await recordAudit(trx as unknown as Kysely<AuditTables>, { actor: { id: null, label: 'system' }, entityType: 'network_contact', entityId: r.id, action: user ? 'follow_up_reminded' : 'follow_up_unreminded', changes: { reminderSentAt: { from: null, to: at } } });
      });
  }
  return sent;
}

let registered = false;

export function registerNetworkJobs(): void {
  if (registered) return;
  registered = true;
  registerJobHandler('network.followups', async ({ db, tenantId, config, log }) => {
    const n = await sendFollowUpReminders(db, tenantId, config);
    if (n) log.info({ reminders: n }, 'follow-up reminders sent');
  });
  registerSchedule('network.followups', { dailyAt: '07:00' });
}

