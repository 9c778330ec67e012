/** Use cases of the jobs admin page: authorize → transaction → rule → write → audit. */
import { recordAudit, type AuditTables } from '../audit';
import { errors } from '../errors';
import { actorOf, type ServiceContext } from '../http/context';
import { authorize } from '../auth/policy';
import type { TenantDb } from '../db/tenant-scope';
import { findJob, requeueJob, type JobsDb } from './jobs.queries';

/** Puts a failed or dead job back in the queue (attempts start again); 404 unknown, 409 in another state. */
export async function retryJob(ctx: ServiceContext, id: string): Promise<void> {
  authorize(ctx.user, 'jobs.manage');
  await ctx.db.transaction().execute(async (trx) => {
    const db = trx as unknown as JobsDb;
    const job = await findJob(db, id);
    if (!job) throw errors.notFound('job');
    if (!(await requeueJob(db, id))) throw errors.conflict('job_not_retryable', 'Only failed or dead jobs can be retried.', { status: job.status });
    await recordAudit(trx as unknown as TenantDb<AuditTables>, {
      actor: actorOf(ctx),
      entityType: 'job',
      entityId: id,
      action: 'job.retried',
      changes: { status: { from: job.status, to: 'queued' }, attempts: { from: job.attempts, to: 0 } },
      requestId: ctx.requestId,
    });
  });
}
