/**
 * Concerns' part of residents' accounts (ADR 0022 and its amendment): a followed concern is shown by its public
 * number while it is public; and concerns' share of "download my data" and "delete my account".
 *
 * Concerns store nothing linked to an account id (account follows live in the accounts module), but they keep the
 * person's confirmed address: as the submitter of a concern (with name, phone and language, for updates) and on
 * supporter rows that follow a concern by e-mail. The export lists those; the deletion erases the submitter's
 * contact data with the same function as the retention job (`eraseSubmitterContact`; the concern itself stays,
 * anonymous), removes the address from supporter rows (the support keeps counting), deletes the pending
 * confirmation links of that contact, and notes on each concern — in its internal timeline and in the audit log —
 * that personal data was erased on request, without values. Updates reach account followers through
 * `notifyFollowers` in `queueNotification`.
 */
import type { Kysely } from 'kysely';
import { recordAudit, type AuditTables } from '../../platform/audit';
import { nowIso, toBool } from '../../platform/db/dialect';
import { addressKey, registerAccountDataProvider, registerFollowTarget } from '../accounts';
import * as q from './concerns.queries';
import { eraseSubmitterContact, newEventId } from './concerns.service';

type Db = q.Db;

/**
 * The spellings of an address to look for. Accounts normalise an address NFC, trimmed, lower case; concerns store it
 * trimmed and lower case as typed, so a decomposed (NFD) spelling is looked for too.
 */
export function addressSpellings(email: string): string[] {
  const normal = addressKey(email);
  if (!normal) return [];
  return [...new Set([normal, normal.normalize('NFD')])];
}

/** What concerns keep under an address: the concerns it submitted, and its supports that follow by e-mail. */
export async function concernDataOf(db: Kysely<any>, email: string) {
  const d = db as unknown as Db;
  const spellings = addressSpellings(email);
  const [submitted, follows] = await Promise.all([q.concernsBySubmitterEmail(d, spellings), q.supportersByEmail(d, spellings)]);
  return {
    submitted: submitted.map((c) => ({
      number: c.number,
      category: { key: c.category_key, label: c.category_label },
      description: c.description,
      address: c.address,
      district: c.district_name,
      status: c.status,
      public: toBool(c.public),
      page: toBool(c.public) ? `/concerns/${c.number}` : null,
      contact: { name: c.submitter_name, phone: c.submitter_phone, language: c.submitter_locale, emailConfirmed: c.email_confirmed_at !== null },
      subscribed: toBool(c.subscribed),
      createdAt: c.created_at,
      updatedAt: c.updated_at,
      closedAt: c.closed_at,
    })),
    // A support that follows by e-mail; confirmed: the address was confirmed by its link (updates are sent).
    supportsFollowingByEmail: follows.map((s) => ({ number: s.number, confirmed: s.email_confirmed_at !== null, since: s.created_at })),
  };
}

/**
 * Erases what concerns keep under an address (inside the deleting transaction). Counts only: concerns whose
 * submitter contact was erased, supporter rows that lost the address, confirmation links deleted.
 */
export async function eraseConcernDataOf(trx: Kysely<any>, accountId: string, email: string): Promise<{ submitted: number; follows: number; links: number }> {
  const d = trx as unknown as Db;
  const audit = trx as unknown as Kysely<AuditTables>;
  const actor = { id: null, label: `account:${accountId}` };
  const spellings = addressSpellings(email);
  const submitted = await q.concernsBySubmitterEmail(d, spellings);
  const follows = await q.supportersByEmail(d, spellings);
  const links = await q.deletePersonTokens(d, { submitterOf: submitted.map((c) => c.id), supporterIds: follows.map((s) => s.id) });
  const now = nowIso();
  for (const c of submitted) {
    await eraseSubmitterContact(d, c.id, { updated_at: now });
    // An internal timeline entry: the contact fields were erased on the person's request (no values). Not a
    // 'redaction' event: that one keeps a concern off the public maps (its place may have been removed), and the
    // place stays here.
    await q.insertEvent(d, { id: newEventId(), concernId: c.id, at: now, kind: 'edit', visibility: 'internal', actorId: null, actorLabel: actor.label, data: { fields: ['contact'], onRequest: true } });
    await recordAudit(audit, { actor, entityType: 'concern', entityId: c.id, action: 'erase_on_request', changes: { erased: { from: null, to: 'contact' } } });
  }
  await q.eraseSupporterEmails(d, follows.map((s) => s.id));
  for (const concernId of new Set(follows.map((s) => s.concern_id))) {
    await recordAudit(audit, { actor, entityType: 'concern', entityId: concernId, action: 'erase_on_request', changes: { erased: { from: null, to: 'follower' } } });
  }
  return { submitted: submitted.length, follows: follows.length, links };
}

let registered = false;

export function registerConcernAccounts(): void {
  if (registered) return;
  registered = true;
  registerFollowTarget('concern', async (db: Kysely<any>, id: string) => {
    const c = await q.findConcern(db as unknown as Db, id);
    return c && c.public ? { title: c.number, href: `/concerns/${c.number}` } : null;
  });
  registerAccountDataProvider({
    name: 'concerns',
    export: (db, _accountId, email) => concernDataOf(db, email),
    erase: (trx, accountId, email) => eraseConcernDataOf(trx, accountId, email),
  });
}
