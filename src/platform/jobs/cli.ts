/**
 * `quartier jobs` — counts per tenant and status; `quartier jobs run-once` — runs every due job (scheduled ones
 * included) and exits, for cron or operations when JOBS_ENABLED=false or a queue needs draining now.
 */
import type { Kysely } from 'kysely';
import type { Config } from '../config';
import { DiskStorage, setFileStorage } from '../files';
import { createLogger } from '../log';
import { JOB_STATUSES } from './index';
import { countAllTenants } from './jobs.queries';
import { registerPlatformJobs } from './platform';
import { runDueJobs } from './worker';

export class JobsUsageError extends Error {}

export const JOBS_USAGE = 'Usage: quartier jobs [list | run-once]';

export async function jobsCommand(rootDb: Kysely<any>, config: Config, args: string[]): Promise<string[]> {
  const sub = args[0] ?? 'list';
  if (sub === 'list') {
    const rows = await countAllTenants(rootDb);
    if (rows.length === 0) return ['No jobs.'];
    const width = Math.max(6, ...rows.map((r) => r.tenant.length));
    const head = `${'tenant'.padEnd(width)}  ${JOB_STATUSES.map((s) => s.padStart(7)).join(' ')}`;
    return [head, ...rows.map((r) => `${r.tenant.padEnd(width)}  ${JOB_STATUSES.map((s) => String(r.counts[s]).padStart(7)).join(' ')}`)];
  }
  if (sub === 'run-once') {
    setFileStorage(new DiskStorage(config.FILES_DIR));
    registerPlatformJobs();
    const s = await runDueJobs({ rootDb, log: createLogger(config.LOG_LEVEL), config });
    return [`Ran ${s.ran} job(s): ${s.done} done, ${s.failed} failed (will retry), ${s.dead} given up; ${s.scheduled} scheduled, ${s.recovered} recovered.`];
  }
  throw new JobsUsageError(`Unknown jobs command "${sub}".\n${JOBS_USAGE}`);
}
