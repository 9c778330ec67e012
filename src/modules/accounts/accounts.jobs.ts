/**
 * Notifications to followers, through the jobs outbox (platform/jobs):
 * - `notifyFollowers(trx, target, event)` — called by the owning module inside the transaction of a public
 *   change — queues one `accounts.notify` job (unique per event), so nothing is sent for a change that rolls back.
 * - accounts.notify   fans out: one `accounts.mail` job per follower whose setting for the kind is "immediately"
 *   (unique per event and account, so a retry never mails twice).
 * - accounts.mail     reads the account (it may have been deleted or changed its setting meanwhile) and the
 *   target's public title and page at send time, and mails it in the account's language.
 * - accounts.purge    daily: expired sign-in links and sessions.
 * Payloads hold ids only — no address sits in the job table.
 */
import type { Kysely } from 'kysely';
import { jobLinkBase } from '../../platform/auth/links';
import { enqueue, JobError, registerJobHandler, registerSchedule } from '../../platform/jobs';
import { isLocale, translate } from '../../platform/i18n';
import { renderMail, sendMail } from '../../platform/mail';
import { tenantForMail } from '../../platform/tenancy';
import * as q from './accounts.queries';
import { describeTarget, type FollowTarget } from './accounts.registry';

export const EVENT_KINDS = ['concern_update', 'proposal_update', 'area_proposal'] as const;
export type FollowEventKind = (typeof EVENT_KINDS)[number];

export interface FollowEvent {
  kind: FollowEventKind;
  /** Unique id of the change (the owning module's timeline event id). */
  eventId: string;
  /** What the mail links to when it is not the followed target itself (e.g. the new proposal in a followed area). */
  ref?: FollowTarget;
}

interface NotifyPayload {
  target: FollowTarget;
  event: FollowEvent;
}
interface MailPayload extends NotifyPayload {
  accountId: string;
}

/**
 * Queues e-mails to the followers of `target` for a public change. Call it inside the transaction that makes the
 * change (a tenant-bound transaction): it is an outbox write, no network I/O.
 */
export async function notifyFollowers(trx: Kysely<any>, target: FollowTarget, event: FollowEvent): Promise<void> {
  await enqueue<NotifyPayload>(trx, 'accounts.notify', { target, event }, { uniqueKey: `${target.type}:${target.id}:${event.kind}:${event.eventId}` });
}

let registered = false;

export function registerAccountJobs(): void {
  if (registered) return;
  registered = true;
  registerJobHandler<NotifyPayload>('accounts.notify', async ({ db, payload }) => {
    const followers = await q.listNotifiedFollowers(db as unknown as q.Db, payload.target);
    for (const f of followers) await enqueue<MailPayload>(db, 'accounts.mail', { ...payload, accountId: f.id }, { uniqueKey: `${payload.target.type}:${payload.target.id}:${payload.event.eventId}:${f.id}` });
  });
  registerJobHandler<MailPayload>('accounts.mail', async ({ db, tenantId, payload, config }) => {
    const d = db as unknown as q.Db;
    const account = await q.findAccount(d, payload.accountId);
    // Deleted meanwhile, stopped following, or switched the setting off: nothing to send.
    if (!account || !(await q.isFollowing(d, account.id, payload.target))) return;
    const stillWanted = (await q.listNotifiedFollowers(d, payload.target)).some((f) => f.id === account.id);
    if (!stillWanted) return;
    const [target, ref] = await Promise.all([describeTarget(db, payload.target), payload.event.ref ? describeTarget(db, payload.event.ref) : Promise.resolve(null)]);
    const page = payload.event.ref ? ref : target;
    if (!target || !page) return; // no longer public
    const base = await jobLinkBase(db, tenantId, config);
    if (!base) throw new JobError('no_link_base', { permanent: true });
    const tenant = await tenantForMail(db, tenantId);
    const locale = isLocale(account.locale) ? account.locale : tenant.locale;
    const what = translate(locale, `accounts.event.${payload.event.kind}`, { title: page.title, target: target.title });
    try {
      await sendMail(config, renderMail(locale, 'accounts.mail.update', account.email, { tenant: tenant.name, what, title: page.title, page: `${base}${page.href}`, settings: `${base}/my-account#notifications` }));
    } catch {
      throw new JobError('mail_failed');
    }
  });
  registerJobHandler('accounts.purge', async ({ db }) => {
    const { purgeExpired } = await import('./accounts.service');
    await purgeExpired(db);
  });
  registerSchedule('accounts.purge', { dailyAt: '04:20' });
}
