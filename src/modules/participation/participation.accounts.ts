/**
 * Participation's part of residents' accounts (ADR 0022): how a followed proposal is shown (only while published),
 * and its share of "download my data" and "delete my account" — for the account id (supports withdrawn with the
 * counter, authorship and names removed — the texts stay, anonymous) and for the account's confirmed address (what
 * was sent by e-mail before or without the account: erased as `eraseEmail` does, ADR 0017; survey confirmations,
 * kept as a keyed hash of the address, deleted; the e-mail links already mailed for the address — confirmation and
 * withdrawal — deleted, so none can publish a now nameless proposal or comment after the deletion). ADR 0022,
 * amendment.
 */
import type { Kysely } from 'kysely';
import { registerAccountDataProvider, registerFollowTarget } from '../accounts';
import { deleteLinksOfEmail, findProposal, type Db } from './participation.queries';
import { normaliseEmail } from './participation.rules';
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
    export: async (db, accountId, email) => {
      const d = await accountData(db as never, accountId, email);
      return {
        supports: d.supports.map((s) => ({ proposalId: s.proposalId, title: s.title, since: s.createdAt })),
        proposals: d.proposals.map((p) => ({ id: p.id, title: p.title, text: p.body, name: p.author_name, status: p.status, publishedAt: p.published_at, createdAt: p.created_at })),
        comments: d.comments.map((c) => ({ id: c.id, proposalId: c.proposal_id, text: c.body, name: c.author_name, hidden: c.hidden_at !== null, createdAt: c.created_at })),
        // Kept under the account's address, not its id: sent by e-mail before (or without) the account. Proposals and
        // comments keep the address only until their e-mail link is confirmed; confirmed ones are linked to no one.
        sentWithYourEmailAddress: d.byEmail && {
          supports: d.byEmail.supports.map((s) => ({ proposalId: s.proposalId, title: s.title, confirmed: s.confirmedAt !== null, since: s.createdAt })),
          proposalsNotConfirmed: d.byEmail.proposals.map((p) => ({ id: p.id, title: p.title, text: p.body, name: p.author_name, status: p.status, createdAt: p.created_at })),
          commentsNotConfirmed: d.byEmail.comments.map((c) => ({ id: c.id, proposalId: c.proposal_id, text: c.body, name: c.author_name, createdAt: c.created_at })),
          // Only a keyed hash of the address is stored per survey (one confirmed response per address); the answers are not linked to it.
          surveyConfirmations: d.byEmail.surveys.map((s) => ({ surveyId: s.surveyId, title: s.title })),
        },
      };
    },
    erase: async (trx, accountId, email) => {
      // The e-mail links already mailed for the address stop working (counted here; `eraseEmail` deletes them too).
      const emailLinks = email ? await deleteLinksOfEmail(trx as unknown as Db, normaliseEmail(email)) : 0;
      return { ...(await eraseAccount(trx, accountId, email)), emailLinks };
    },
  });
}
