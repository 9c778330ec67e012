/**
 * The platform's own recurring jobs, registered once per process before the worker starts (server and CLI):
 * - jobs.purge             daily 03:15  finished jobs older than a week, dead ones older than 90 days
 * - files.sweep_orphans    daily 03:30  stored bytes without a row (rolled-back uploads) older than an hour
 * - rate_limits.cleanup    hourly       rate-limit counters whose window has ended
 */
import { registerFilesJobs } from '../files';
import { registerRateLimitJobs } from '../http/rate-limit';
import { registerJobHandler, registerSchedule } from './index';
import { purgeOldJobs, type JobsDb } from './jobs.queries';

let registered = false;

export function registerPlatformJobs(): void {
  if (registered) return;
  registered = true;
  registerJobHandler('jobs.purge', async ({ db, log }) => {
    const removed = await purgeOldJobs(db as unknown as JobsDb);
    if (removed) log.info({ removed }, 'old jobs purged');
  });
  registerSchedule('jobs.purge', { dailyAt: '03:15' });
  registerFilesJobs();
  registerRateLimitJobs();
}
