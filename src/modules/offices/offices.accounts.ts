/**
 * Offices' part of residents' accounts (ADR 0022 and its amendment): "download my data" and "delete my account" for
 * what the module keeps under the account's confirmed address. Offices store nothing linked to an account id; they
 * keep an address (as typed) on offer registrations (with the name given) and as the contact of room bookings —
 * requested through the public form, by a group's contact person through the group's personal booking link, or by
 * staff on someone's behalf.
 *
 * The export lists the registrations (which offer, when, places, status) and the bookings (which room, when, what,
 * status) — no staff notes, nothing of other people. The deletion, in the deleting transaction: registrations lose
 * name, address and language and their cancel link stops working; a held place keeps its status and places (the
 * offer's figures stay, anonymous), a place on the waiting list is given up (no one could be told of moving up).
 * Bookings stay — staff and the room calendar still need them — and lose the contact: decisions and cancellations
 * then e-mail no one. Each change is audited without values; the result holds counts only.
 */
import type { Kysely } from 'kysely';
import { recordAudit, type AuditTables } from '../../platform/audit';
import { nowIso } from '../../platform/db/dialect';
import { registerAccountDataProvider, rowsOfAddress } from '../accounts';
import * as q from './offices.queries';

type Db = q.Db;

/** The rows of the address: candidates by pattern, kept when the address is the same (case, Unicode form). */
async function rowsOf(db: Kysely<any>, email: string) {
  const d = db as unknown as Db;
  const [registrations, bookings] = await Promise.all([
    rowsOfAddress(email, (p) => q.offerRegistrationsLike(d, p), (r) => r.email),
    rowsOfAddress(email, (p) => q.bookingsWithContactLike(d, p), (b) => b.contact_email),
  ]);
  return { registrations, bookings };
}

/** What offices keep under an address: offer registrations and room bookings naming it as contact. */
export async function officeDataOf(db: Kysely<any>, email: string) {
  const { registrations, bookings } = await rowsOf(db, email);
  return {
    offerRegistrations: registrations.map((r) => ({
      offer: { id: r.offer_id, title: r.offer_title, office: r.office_name, firstStart: r.first_start, lastEnd: r.last_end, recurrence: r.rrule, page: r.offer_status === 'published' ? `/offers/${r.offer_id}` : null },
      name: r.name,
      places: Number(r.places),
      status: r.status,
      registeredAt: r.created_at,
    })),
    roomBookings: bookings.map((b) => ({
      id: b.id,
      room: b.room_name,
      office: b.office_name,
      title: b.title,
      purpose: b.purpose,
      requestedAs: b.requester_kind,
      contact: { name: b.contact_name },
      status: b.status,
      startDate: b.start_date,
      startTime: b.start_time,
      durationMinutes: Number(b.duration_minutes),
      recurrence: b.rrule,
      firstStart: b.first_start,
      lastEnd: b.last_end,
      requestedAt: b.created_at,
    })),
  };
}

/** Erases what offices keep under an address (inside the deleting transaction). Counts only. */
export async function eraseOfficeDataOf(trx: Kysely<any>, accountId: string, email: string): Promise<{ offerRegistrations: number; waitingListPlaces: number; bookingContacts: number }> {
  const d = trx as unknown as Db;
  const audit = trx as unknown as Kysely<AuditTables>;
  const actor = { id: null, label: `account:${accountId}` };
  const now = nowIso();
  const { registrations, bookings } = await rowsOf(trx, email);
  await q.eraseOfferRegistrations(
    d,
    registrations.map((r) => r.id),
    now,
  );
  for (const r of registrations) {
    const to = r.status === 'waitlisted' ? 'cancelled' : r.status;
    await recordAudit(audit, { actor, entityType: 'offer', entityId: r.offer_id, action: 'erase_on_request', changes: { registration: { from: { id: r.id, status: r.status }, to: { id: r.id, status: to } }, erased: { from: null, to: 'contact' } } });
  }
  const contacts = await q.eraseBookingContacts(
    d,
    bookings.map((b) => b.id),
    now,
  );
  for (const b of bookings) {
    await recordAudit(audit, { actor, entityType: 'booking', entityId: b.id, action: 'erase_on_request', changes: { hasContact: { from: true, to: false } } });
  }
  return { offerRegistrations: registrations.length, waitingListPlaces: registrations.filter((r) => r.status === 'waitlisted').length, bookingContacts: contacts };
}

let registered = false;

export function registerOfficeAccounts(): void {
  if (registered) return;
  registered = true;
  registerAccountDataProvider({
    name: 'offices',
    export: (db, _accountId, email) => officeDataOf(db, email),
    erase: (trx, accountId, email) => eraseOfficeDataOf(trx, accountId, email),
  });
}
