/**
 * Background jobs of the dialogues module (platform/jobs):
 * - dialogues.invite    the invitations of one meeting written at one moment: an e-mail each with the iCalendar
 *   invitation (METHOD:REQUEST) attached. The payload holds ids and a timestamp, no addresses.
 * - dialogues.moved_up  a registration moved up from the waiting list: confirmation e-mail.
 * - dialogues.remind    daily 07:30 (Berlin): reminders for overdue tasks (at most weekly per task), and the
 *   registrations of meetings that ended more than 30 days ago lose name and e-mail.
 */
import type { Kysely } from 'kysely';
import type { TenantDb } from '../../platform/db/tenant-scope';
import type { Locale } from '../../platform/i18n';
import { tenantForMail } from '../../platform/tenancy';
import { JobError, registerJobHandler, registerSchedule } from '../../platform/jobs';
import { anonymiseOldRegistrations, deliverInvitations, deliverMovedUp, remindOverdueTasks } from './dialogues.service';

function tenantOf(db: TenantDb<any>, tenantId: string): Promise<{ name: string; locale: Locale }> {
  return tenantForMail(db as Kysely<any>, tenantId);
}

let registered = false;

export function registerDialogueJobs(): void {
  if (registered) return;
  registered = true;
  registerJobHandler<{ meetingId: string; since: string; linkBase: string; changed?: boolean }>('dialogues.invite', async ({ db, tenantId, payload, config }) => {
    const tenant = await tenantOf(db, tenantId);
    try {
      await deliverInvitations(db, tenant.name, tenant.locale, config, payload);
    } catch {
      throw new JobError('mail_failed');
    }
  });
  registerJobHandler<{ registrationId: string; linkBase: string | null }>('dialogues.moved_up', async ({ db, tenantId, payload, config }) => {
    const tenant = await tenantOf(db, tenantId);
    try {
      await deliverMovedUp(db, tenant.name, config, payload);
    } catch {
      throw new JobError('mail_failed');
    }
  });
  registerJobHandler('dialogues.remind', async ({ db, tenantId, config, log }) => {
    const tenant = await tenantOf(db, tenantId);
    const n = await remindOverdueTasks(db, tenant.name, tenant.locale, config);
    if (n) log.info({ reminded: n }, 'overdue dialogue tasks reminded');
    const a = await anonymiseOldRegistrations(db);
    if (a) log.info({ anonymised: a }, 'old meeting registrations anonymised');
  });
  registerSchedule('dialogues.remind', { dailyAt: '07:30' });
}
