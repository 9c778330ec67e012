/**
 * The pages module's part of residents' accounts (ADR 0022 and its amendment): "download my data" and "delete my
 * account" for the accessibility feedback sent with the account's confirmed address (name and address are optional
 * on the form and kept as typed).
 *
 * The export lists each feedback (which page, the description, status and the answer recorded for the sender; not
 * who answered). The deletion, in the deleting transaction, removes name and address and the wish for an answer:
 * the feedback itself stays for the accessibility work (the monitoring body may ask about it), anonymous; a
 * confirmation or answer still queued finds no address and is not sent. Audited without values; counts only.
 */
import type { Kysely } from 'kysely';
import { recordAudit, type AuditTables } from '../../platform/audit';
import { nowIso } from '../../platform/db/dialect';
import { registerAccountDataProvider, rowsOfAddress } from '../accounts';
import * as q from './pages.queries';

async function feedbackOf(db: Kysely<any>, email: string) {
  return rowsOfAddress(email, (p) => q.feedbackLike(db as unknown as q.Db, p), (f) => f.email);
}

/** What the pages module keeps under an address: accessibility feedback. */
export async function pagesDataOf(db: Kysely<any>, email: string) {
  return {
    accessibilityFeedback: (await feedbackOf(db, email)).map((f) => ({
      id: f.id,
      page: f.pageUrl,
      description: f.description,
      name: f.name,
      wantsAnswer: f.wantsAnswer,
      language: f.locale,
      status: f.status,
      answer: f.answer,
      answeredAt: f.answeredAt,
      sentAt: f.createdAt,
    })),
  };
}

/** Erases name and address from the feedback of an address (inside the deleting transaction). Counts only. */
export async function erasePagesDataOf(trx: Kysely<any>, accountId: string, email: string): Promise<{ accessibilityFeedback: number }> {
  const found = await feedbackOf(trx, email);
  const n = await q.eraseFeedbackContacts(
    trx as unknown as q.Db,
    found.map((f) => f.id),
    nowIso(),
  );
  for (const f of found) {
    await recordAudit(trx as unknown as Kysely<AuditTables>, {
      actor: { id: null, label: `account:${accountId}` },
      entityType: 'accessibility_feedback',
      entityId: f.id,
      action: 'erase_on_request',
      changes: { email: { from: '•••', to: null }, ...(f.name ? { name: { from: '•••', to: null } } : {}), ...(f.wantsAnswer ? { wantsAnswer: { from: true, to: false } } : {}) },
    });
  }
  return { accessibilityFeedback: n };
}

let registered = false;

export function registerPagesAccounts(): void {
  if (registered) return;
  registered = true;
  registerAccountDataProvider({
    name: 'pages',
    export: (db, _accountId, email) => pagesDataOf(db, email),
    erase: (trx, accountId, email) => erasePagesDataOf(trx, accountId, email),
  });
}
