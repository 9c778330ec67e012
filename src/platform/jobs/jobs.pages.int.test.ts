import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { signedInClient } from '../../../test/support/auth';
import { forTenant, type TenantDb } from '../db/tenant-scope';
import { listAudit, type AuditTables } from '../audit';
import { createLogger } from '../log';
import { enqueue, JobError, registerJobHandler } from './index';
import { runDueJobs } from './worker';

let t: TestApp;
let deadId: string;
let doneId: string;
let otherTenantJob: string;

beforeAll(async () => {
  t = await createTestApp();
  const a = forTenant<any>(t.handle.db, t.tenant.id);
  registerJobHandler('test.broken', async () => {
    throw new JobError('endpoint_unreachable', { permanent: true });
  });
  registerJobHandler('test.fine', async () => {});
  deadId = (await enqueue(a, 'test.broken', { email: 'erika@example.org' })).id;
  doneId = (await enqueue(a, 'test.fine', {})).id;
  await enqueue(a, 'test.waiting', {});
  otherTenantJob = (await enqueue(forTenant<any>(t.handle.db, t.other.id), 'test.broken', {})).id;
  await runDueJobs({ rootDb: t.handle.db, log: createLogger('silent'), config: t.config, schedules: false, tenantIds: [t.tenant.id] });
});
afterAll(async () => t.close());

describe('/admin/jobs', () => {
  it('shows counts and failed jobs with their error code, never the payload', async () => {
    const admin = await signedInClient(t, 'admin');
    const res = await admin.get('/admin/jobs');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Hintergrundaufgaben');
    expect(html).toContain('endpoint_unreachable');
    expect(html).toContain('test.broken');
    expect(html).toContain('Aufgegeben');
    expect(html).toContain(`/admin/jobs/${deadId}/retry`);
    expect(html).not.toContain('erika@example.org');
    expect(html).not.toContain(otherTenantJob);
  });

  it('is for administrators only', async () => {
    const coordinator = await signedInClient(t, 'coordinator');
    expect((await coordinator.get('/admin/jobs')).status).toBe(403);
    expect((await coordinator.post(`/admin/jobs/${deadId}/retry`)).status).toBe(403);
  });

  it('puts a dead job back in the queue, audited; refuses others', async () => {
    const admin = await signedInClient(t, 'admin');
    await admin.get('/admin/jobs');
    const res = await admin.post(`/admin/jobs/${deadId}/retry`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/jobs');
    const row = await t.handle.db.selectFrom('jobs').selectAll().where('id', '=', deadId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'queued', attempts: 0, last_error: null });
    const audit = await listAudit(forTenant(t.handle.db, t.tenant.id) as unknown as TenantDb<AuditTables>, { entityType: 'job', entityId: deadId });
    expect(audit.entries).toHaveLength(1);
    expect(audit.entries[0]).toMatchObject({ action: 'job.retried', actorId: admin.user.id, changes: { status: { from: 'dead', to: 'queued' } } });
    const page = await (await admin.get('/admin/jobs')).text();
    expect(page).toContain('Die Aufgabe steht wieder in der Warteschlange.');

    // A done job is not retried; an unknown or foreign id is not found.
    await admin.post(`/admin/jobs/${doneId}/retry`);
    expect((await t.handle.db.selectFrom('jobs').select('status').where('id', '=', doneId).executeTakeFirstOrThrow()).status).toBe('done');
    expect((await admin.post('/admin/jobs/job_doesnotexist/retry')).status).toBe(404);
    expect((await admin.post(`/admin/jobs/${otherTenantJob}/retry`)).status).toBe(404);
  });
});
