/**
 * Concerns' part of residents' accounts (ADR 0022): a followed concern is shown by its public number while it is
 * public. Concerns store nothing linked to an account (followers by e-mail stay as they are), so there is no data
 * provider; updates reach account followers through `notifyFollowers` in `queueNotification`.
 */
import type { Kysely } from 'kysely';
import { registerFollowTarget } from '../accounts';
import { findConcern, type Db } from './concerns.queries';

let registered = false;

export function registerConcernAccounts(): void {
  if (registered) return;
  registered = true;
  registerFollowTarget('concern', async (db: Kysely<any>, id: string) => {
    const c = await findConcern(db as unknown as Db, id);
    return c && c.public ? { title: c.number, href: `/concerns/${c.number}` } : null;
  });
}
