/**
 * Participation's part of residents' accounts (ADR 0022): how a followed proposal is shown (only while published),
 * and its share of "download my data" and "delete my account" (supports withdrawn with the counter, authorship and
 * names removed — the texts stay, anonymous, as for an erased e-mail in ADR 0017).
 */
import type { Kysely } from 'kysely';
import { registerAccountDataProvider, registerFollowTarget } from '../accounts';
import { findProposal, type Db } from './participation.queries';
import { accountData, eraseAccount } from './participation.service';

let registered = false;

export function registerParticipationAccounts(): void {
  if (registered) return;
  registered = true;
  registerFollowTarget('proposal', async (db: Kysely<any>, id: string) => {
    const p = await findProposal(db as unknown as Db, id);
    return p && p.publishedAt ? { title: p.title, href: `/participation/proposals/${p.id}` } : null;
  });
  registerAccountDataProvider({
    name: 'participation',
    export: async (db, accountId) => {
      const d = await accountData(db as never, accountId);
      return {
        supports: d.supports.map((s) => ({ proposalId: s.proposalId, title: s.title, since: s.createdAt })),
        proposals: d.proposals.map((p) => ({ id: p.id, title: p.title, text: p.body, name: p.author_name, status: p.status, publishedAt: p.published_at, createdAt: p.created_at })),
        comments: d.comments.map((c) => ({ id: c.id, proposalId: c.proposal_id, text: c.body, name: c.author_name, hidden: c.hidden_at !== null, createdAt: c.created_at })),
      };
    },
    erase: async (trx, accountId) => eraseAccount(trx, accountId),
  });
}
