/**
 * Storage limitation (GDPR Art. 5(1)(e), ADR 0035): what offices keep of residents only as long as it is needed.
 *
 * - Offer registrations: OFFER_REGISTRATION_RETENTION_DAYS (default 30, as dialogues' meeting registrations) after
 *   the offer's last session ended, a registration loses name, e-mail, language and its cancel link. The row stays
 *   with its status and places — the offer's figures and reports keep counting it, anonymous; staff see
 *   "Anmeldung ohne Namen (Daten gelöscht)" as after an account deletion.
 * - Room bookings: BOOKING_CONTACT_RETENTION_DAYS (default 90) after the booking's last occurrence ended, the booking
 *   loses its contact (name, e-mail, language); the booking stays for the room calendar and room-use statistics.
 *
 * Both use the erase functions of the residents' account deletion (offices.accounts.ts), not a second anonymiser.
 * The daily job `offices.retention` (offices.jobs.ts) runs this per tenant. Work goes in batches of
 * RETENTION_BATCH rows, each batch its own short transaction, walking the ids in order (a re-run finds nothing
 * left, so the job is idempotent). One audit entry per run that erased something, with counts only.
 */
import type { Kysely } from 'kysely';
import { recordAudit, type AuditTables } from '../../platform/audit';
import type { Config } from '../../platform/config';
import type { TenantDb } from '../../platform/db/tenant-scope';
import * as q from './offices.queries';

export const RETENTION_BATCH = 500;

export interface RetentionPeriods {
  /** Days after an offer's last session. */
  registrationDays: number;
  /** Days after a booking's last occurrence. */
  bookingDays: number;
}

export interface RetentionResult {
  offerRegistrations: number;
  bookingContacts: number;
}

export function retentionPeriods(config: Pick<Config, 'OFFER_REGISTRATION_RETENTION_DAYS' | 'BOOKING_CONTACT_RETENTION_DAYS'>): RetentionPeriods {
  return { registrationDays: config.OFFER_REGISTRATION_RETENTION_DAYS, bookingDays: config.BOOKING_CONTACT_RETENTION_DAYS };
}

const DAY_MS = 86_400_000;
const SYSTEM = { id: null, label: 'system' };

/** Walks the due ids batch by batch, one transaction each, adding each committed batch's count to `counted`. */
async function inBatches(
  db: Kysely<any>,
  batch: number,
  signal: AbortSignal | undefined,
  next: (trx: q.Db, afterId: string) => Promise<string[]>,
  erase: (trx: q.Db, ids: string[]) => Promise<number>,
  counted: (n: number) => void,
): Promise<void> {
  let afterId = '';
  while (!signal?.aborted) {
    const { ids, erased } = await db.transaction().execute(async (trx) => {
      const ids = await next(trx as unknown as q.Db, afterId);
      return { ids, erased: ids.length ? await erase(trx as unknown as q.Db, ids) : 0 };
    });
    counted(erased);
    if (ids.length < batch) return;
    afterId = ids[ids.length - 1]!;
  }
}

/**
 * Erases registrations and booking contacts past their retention period (tenant of `db`). Stops between batches
 * when `signal` aborts (the job's timeout); what was erased until then is audited.
 */
export async function applyOfficeRetention(db: TenantDb<any>, periods: RetentionPeriods, opts: { now?: Date; batchSize?: number; signal?: AbortSignal } = {}): Promise<RetentionResult> {
  const now = opts.now ?? new Date();
  const batch = opts.batchSize ?? RETENTION_BATCH;
  const at = now.toISOString();
  const registrationsBefore = new Date(now.getTime() - periods.registrationDays * DAY_MS).toISOString();
  const bookingsBefore = new Date(now.getTime() - periods.bookingDays * DAY_MS).toISOString();
  const d = db as unknown as Kysely<any>;
  const result: RetentionResult = { offerRegistrations: 0, bookingContacts: 0 };
  try {
    await inBatches(
      d,
      batch,
      opts.signal,
      (trx, afterId) => q.registrationsToErase(trx, registrationsBefore, afterId, batch),
      (trx, ids) => q.eraseOfferRegistrations(trx, ids, at, { giveUpWaitingPlaces: false }),
      (n) => (result.offerRegistrations += n),
    );
    await inBatches(
      d,
      batch,
      opts.signal,
      (trx, afterId) => q.bookingContactsToErase(trx, bookingsBefore, afterId, batch),
      (trx, ids) => q.eraseBookingContacts(trx, ids, at),
      (n) => (result.bookingContacts += n),
    );
  } finally {
    if (result.offerRegistrations || result.bookingContacts) {
      await recordAudit(d as Kysely<AuditTables>, {
        actor: SYSTEM,
        entityType: 'offices_retention',
        entityId: '*',
        action: 'anonymise',
        changes: { offerRegistrations: { from: null, to: result.offerRegistrations }, bookingContacts: { from: null, to: result.bookingContacts } },
      });
    }
  }
  return result;
}
