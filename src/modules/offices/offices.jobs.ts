/**
 * Background jobs of the offices module (platform/jobs):
 * - offices.retention  daily 04:00 (Berlin), per tenant: offer registrations lose name, e-mail, language and cancel
 *   link OFFER_REGISTRATION_RETENTION_DAYS after the offer's last session; bookings lose their contact
 *   BOOKING_CONTACT_RETENTION_DAYS after their last occurrence (offices.retention.ts, ADR 0035).
 *
 * Handlers read the configuration of the process that runs them from the job context (ctx.config).
 */
import { registerJobHandler, registerSchedule } from '../../platform/jobs';
import { applyOfficeRetention, retentionPeriods } from './offices.retention';

export const RETENTION_JOB = 'offices.retention';

let registered = false;

export function registerOfficeJobs(): void {
  if (registered) return;
  registered = true;
  registerJobHandler(
    RETENTION_JOB,
    async ({ db, config, log, signal }) => {
      const r = await applyOfficeRetention(db, retentionPeriods(config), { signal });
      if (r.offerRegistrations || r.bookingContacts) log.info(r, 'offer registrations and booking contacts past their retention period erased');
    },
    // A first run on years of data may take a while; it stops between batches on timeout, and the retry goes on where it stopped.
    { timeoutSeconds: 300 },
  );
  registerSchedule(RETENTION_JOB, { dailyAt: '04:00' });
}
