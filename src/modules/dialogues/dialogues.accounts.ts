/**
 * Dialogues' part of residents' accounts (ADR 0022 and its amendment): "download my data" and "delete my account"
 * for what the module keeps under the account's confirmed address. Dialogues store nothing linked to an account id;
 * they keep an address on public meeting registrations (with the name given) and on e-mail invitations.
 *
 * The export lists, per registration and invitation, the meeting (title, dialogue, time, place, status) — nothing of
 * other people. The deletion, in the deleting transaction: registrations lose name and address and their cancel
 * link stops working (as the retention job does after a meeting); a confirmed registration keeps its status and
 * attendance, so the meeting's numbers stay, anonymous; a place on the waiting list is given up (no one could be
 * told of moving up). Invitations are deleted (no more updates or cancellations go to the address). Each change is
 * audited without values; the result holds counts only.
 */
import type { Kysely } from 'kysely';
import { recordAudit, type AuditTables, type Changes } from '../../platform/audit';
import { nowIso, toBool } from '../../platform/db/dialect';
import { registerAccountDataProvider, rowsOfAddress } from '../accounts';
import * as q from './dialogues.queries';

type Db = q.Db;

interface MeetingColumns {
  meeting_id: string;
  meeting_title: string;
  dialogue_title: string;
  starts_at: string;
  ends_at: string;
  place: string;
  meeting_status: string;
  meeting_public: boolean | number;
}

function meetingOf(r: MeetingColumns) {
  return {
    id: r.meeting_id,
    title: r.meeting_title,
    dialogue: r.dialogue_title,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    place: r.place,
    status: r.meeting_status,
    page: toBool(r.meeting_public) ? `/meetings/${r.meeting_id}` : null,
  };
}

/** The rows of the address: candidates by pattern, kept when the address is the same (case, Unicode form). */
async function rowsOf(db: Kysely<any>, email: string) {
  const d = db as unknown as Db;
  const [registrations, invitations] = await Promise.all([
    rowsOfAddress(email, (p) => q.registrationsLike(d, p), (r) => r.email),
    rowsOfAddress(email, (p) => q.invitationsLike(d, p), (i) => i.email),
  ]);
  return { registrations, invitations };
}

/** What dialogues keep under an address: public meeting registrations and invitations. */
export async function dialogueDataOf(db: Kysely<any>, email: string) {
  const { registrations, invitations } = await rowsOf(db, email);
  return {
    meetingRegistrations: registrations.map((r) => ({ meeting: meetingOf(r), name: r.name, status: r.status, attended: toBool(r.attended), registeredAt: r.created_at })),
    meetingInvitations: invitations.map((i) => ({ meeting: meetingOf(i), sentAt: i.sent_at })),
  };
}

/** Erases what dialogues keep under an address (inside the deleting transaction). Counts only. */
export async function eraseDialogueDataOf(trx: Kysely<any>, accountId: string, email: string): Promise<{ registrations: number; waitingListPlaces: number; invitations: number }> {
  const d = trx as unknown as Db;
  const audit = trx as unknown as Kysely<AuditTables>;
  const actor = { id: null, label: `account:${accountId}` };
  const { registrations, invitations } = await rowsOf(trx, email);
  await q.eraseRegistrations(
    d,
    registrations.map((r) => r.id),
    nowIso(),
  );
  for (const r of registrations) {
    const changes: Changes = { erased: { from: null, to: 'contact' } };
    if (r.status === 'waiting') changes.status = { from: 'waiting', to: 'cancelled' };
    await recordAudit(audit, { actor, entityType: 'dialogue_registration', entityId: r.id, action: 'erase_on_request', changes });
  }
  const deleted = await q.deleteInvitations(
    d,
    invitations.map((i) => i.id),
  );
  for (const meetingId of new Set(invitations.map((i) => i.meeting_id))) {
    await recordAudit(audit, { actor, entityType: 'dialogue_meeting', entityId: meetingId, action: 'erase_on_request', changes: { invitations: { from: invitations.filter((i) => i.meeting_id === meetingId).length, to: 0 } } });
  }
  return { registrations: registrations.length, waitingListPlaces: registrations.filter((r) => r.status === 'waiting').length, invitations: deleted };
}

let registered = false;

export function registerDialogueAccounts(): void {
  if (registered) return;
  registered = true;
  registerAccountDataProvider({
    name: 'dialogues',
    export: (db, _accountId, email) => dialogueDataOf(db, email),
    erase: (trx, accountId, email) => eraseDialogueDataOf(trx, accountId, email),
  });
}
