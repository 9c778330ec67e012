/**
 * Accounts module (residents' accounts, optional everywhere) — the ONLY import surface for other modules.
 *
 * A resident account is a confirmed e-mail address (optional display name, preferred language, notification
 * settings). Sign-up and sign-in by a one-time e-mail link; a resident session cookie separate from staff
 * sessions (residents have no roles and never reach /staff). Follows of areas, concerns and proposals with e-mails
 * through the jobs outbox; "download my data" (GDPR Art. 15) and "delete my account". ADR 0022.
 *
 * Other modules depend on accounts, never the other way round: they register how their follow targets are shown
 * (`registerFollowTarget`) and their part of the export and deletion (`registerAccountDataProvider`), and call
 * `notifyFollowers(trx, target, event)` inside the transaction of a public change.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { QuartierModule } from '../../platform/module';
import { registerAccountJobs } from './accounts.jobs';
import { pages } from './accounts.pages';

export { notifyFollowers, EVENT_KINDS, type FollowEvent, type FollowEventKind } from './accounts.jobs';
export { followControl } from './accounts.follow';
export { addressKey, addressLike, addressLikePattern, registerAccountDataProvider, rowsOfAddress, registerFollowTarget, TARGET_TYPES, type AccountDataProvider, type DescribeTarget, type FollowTarget, type TargetInfo, type TargetType } from './accounts.registry';
export {
  accountFigures,
  countAccounts,
  deleteAccount,
  exportAccountData,
  follow,
  followState,
  getAccount,
  listFollows,
  requestSignIn,
  signInWithLink,
  unfollow,
  updateNotifications,
  updateProfile,
  SIGN_IN_MINUTES,
  type AccountFigures,
  type AccountsContext,
} from './accounts.service';
export { currentResident, RESIDENT_COOKIE } from './accounts.session';
export { FollowButton } from './views/account';
export { NOTIFY_KINDS, type Account, type Follow, type NotifyKind, type NotifyMode } from './accounts.types';
export type { AccountsTables } from './accounts.tables';

registerAccountJobs();

export const accountsModule: QuartierModule = {
  name: 'accounts',
  dir: path.dirname(fileURLToPath(import.meta.url)),
  pages,
  routes: {
    'GET /my-account': 'public',
    'POST /my-account/sign-in': 'public',
    'GET /my-account/sent': 'public',
    'GET /my-account/link/:token': 'public',
    'POST /my-account/link/:token': 'public',
    'POST /my-account/sign-out': 'public',
    'POST /my-account/profile': 'public',
    'POST /my-account/notifications': 'public',
    'POST /my-account/follow': 'public',
    'POST /my-account/unfollow': 'public',
    'GET /my-account/export': 'public',
    'GET /my-account/delete': 'public',
    'POST /my-account/delete': 'public',
    'GET /admin/accounts': 'users.manage',
  },
  nav: [{ href: '/admin/accounts', labelKey: 'accounts.nav.admin', action: 'users.manage', order: 94 }],
  publicLinks: [{ href: '/my-account', labelKey: 'accounts.public.link', order: 90 }],
};
