/** The audit viewer: filters, paging, old → new, access; and the log stays append-only. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { signedInClient, type SignedInClient } from '../../../test/support/auth';
import { toJson } from '../db/dialect';
import { routePolicies } from '../http/guard';

let t: TestApp;
let admin: SignedInClient;

async function addEntry(e: { id: string; at: string; actorId?: string | null; actorLabel?: string; entityType: string; entityId: string; action: string; changes?: object }) {
  await t.handle.db
    .insertInto('audit_log')
    .values({
      tenant_id: t.tenant.id,
      id: e.id,
      at: e.at,
      actor_id: e.actorId ?? null,
      actor_label: e.actorLabel ?? 'system',
      entity_type: e.entityType,
      entity_id: e.entityId,
      action: e.action,
      changes: toJson(e.changes ?? {}),
      request_id: null,
    })
    .execute();
}

function rowsOf(html: string): number {
  const body = html.slice(html.indexOf('<tbody'), html.indexOf('</tbody>'));
  return (body.match(/<tr>/g) ?? []).length;
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await signedInClient(t, 'admin', { displayName: 'Ada Admin' });
  await addEntry({ id: 'aud_t1', at: '2026-02-28T22:30:00.000Z', entityType: 'area', entityId: 'are_kray', action: 'area.created', actorId: admin.user.id, actorLabel: admin.user.email, changes: { name: { from: null, to: 'Kray' } } });
  await addEntry({ id: 'aud_t2', at: '2026-02-28T23:30:00.000Z', entityType: 'area', entityId: 'are_kray', action: 'area.updated', actorId: admin.user.id, actorLabel: admin.user.email, changes: { name: { from: 'Kray', to: 'Kray-Leithe' }, district_ids: { from: ['d1'], to: ['d1', 'd2'] } } });
  await addEntry({ id: 'aud_t3', at: '2026-03-31T21:30:00.000Z', entityType: 'area', entityId: 'are_karnap', action: 'area.updated', changes: { name: { from: 'Karnap alt', to: 'Karnap' } } });
  await addEntry({ id: 'aud_t4', at: '2026-03-31T22:30:00.000Z', entityType: 'topic', entityId: 'top_1', action: 'topic.created', changes: {} });
  for (let i = 0; i < 60; i++) {
    await addEntry({ id: `aud_p${String(i).padStart(2, '0')}`, at: new Date(Date.UTC(2025, 0, 1, 0, i)).toISOString(), entityType: 'probe', entityId: `p${i}`, action: 'probe.touched' });
  }
});
afterAll(async () => t.close());

describe('audit viewer', () => {
  it('is for admins only', async () => {
    for (const role of ['coordinator', 'moderator', 'viewer', 'department_staff'] as const) {
      const c = await signedInClient(t, role);
      expect((await c.get('/admin/audit')).status, role).toBe(403);
    }
    expect((await t.client().get('/admin/audit')).status).toBe(303);
    const html = await (await admin.get('/staff')).text();
    expect(html).toContain('href="/admin/audit"');
  });

  it('filters by entity type and id and shows changed fields old → new', async () => {
    const html = await (await admin.get('/admin/audit?entity_type=area&entity_id=are_kray')).text();
    expect(rowsOf(html)).toBe(2);
    expect(html).toContain('2 Einträge');
    expect(html).toContain('<span class="q-change__from">Kray</span>');
    expect(html).toContain('<span class="q-change__to">Kray-Leithe</span>');
    expect(html).toContain('<span class="q-change__from">d1</span>');
    expect(html).toContain('<span class="q-change__to">d1; d2</span>');
    expect(html).toContain('→');
    expect(html).not.toContain('are_karnap');
    // The entity type is offered from the log's own types.
    expect(html).toMatch(/<option value="area" selected/);
    expect(html).toContain('<option value="probe"');
  });

  it('filters by actor and action', async () => {
    const byActor = await (await admin.get(`/admin/audit?actor=${admin.user.id}&entity_type=area`)).text();
    expect(rowsOf(byActor)).toBe(2);
    const byAction = await (await admin.get('/admin/audit?action=area.updated')).text();
    expect(rowsOf(byAction)).toBe(2);
    expect(byAction).toContain('are_karnap');
    expect(byAction).not.toContain('area.created</code>');
  });

  it('filters by calendar days in Europe/Berlin', async () => {
    // 2026-02-28T23:30Z is 1 March 00:30 in Essen; 2026-03-31T22:30Z is already 1 April 00:30 (summer time).
    const html = await (await admin.get('/admin/audit?from=2026-03-01&to=2026-03-31')).text();
    expect(rowsOf(html)).toBe(2);
    expect(html).toContain('Kray-Leithe');
    expect(html).toContain('are_karnap');
    expect(html).not.toContain('top_1');
    const feb = await (await admin.get('/admin/audit?to=2026-02-28&entity_type=area')).text();
    expect(rowsOf(feb)).toBe(1);
    const bad = await admin.get('/admin/audit?from=2026-04-01&to=2026-03-01');
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('href="#f-to"');
    const invalid = await admin.get('/admin/audit?from=gestern');
    expect(invalid.status).toBe(422);
  });

  it('pages through long results, newest first, keeping the filter', async () => {
    const first = await (await admin.get('/admin/audit?entity_type=probe')).text();
    expect(rowsOf(first)).toBe(50);
    expect(first).toContain('60 Einträge');
    expect(first.indexOf('>probe p59<')).toBeLessThan(first.indexOf('>probe p58<'));
    expect(first).toContain('href="/admin/audit?entity_type=probe&amp;offset=50"');
    const second = await (await admin.get('/admin/audit?entity_type=probe&offset=50')).text();
    expect(rowsOf(second)).toBe(10);
    expect(second).toContain('>probe p0<');
    expect(second).toContain('href="/admin/audit?entity_type=probe&amp;offset=0"');
  });

  it('records real changes made through the pages (user administration)', async () => {
    await admin.get('/account');
    await admin.post('/account', { display_name: 'Ada A. Admin', locale: '' });
    const html = await (await admin.get(`/admin/audit?entity_type=user&entity_id=${admin.user.id}&action=user.account_updated`)).text();
    expect(rowsOf(html)).toBe(1);
    expect(html).toContain('<span class="q-change__from">Ada Admin</span>');
    expect(html).toContain('<span class="q-change__to">Ada A. Admin</span>');
  });
});

describe('append-only', () => {
  it('no route writes to the audit viewer path except GET', () => {
    const routes = Object.keys(routePolicies()).filter((r) => r.includes('/admin/audit'));
    expect(routes).toEqual(['GET /admin/audit']);
  });

  it('no source file updates or deletes audit entries', () => {
    const src = path.resolve(__dirname, '..', '..');
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) {
          if (e.name !== 'migrations') walk(p);
        } else if (/\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)) {
          const text = fs.readFileSync(p, 'utf8');
          if (/(updateTable|deleteFrom)\(\s*['"]audit_log['"]/.test(text) || /(update|delete\s+from)\s+"?audit_log/i.test(text)) offenders.push(path.relative(src, p));
        }
      }
    };
    walk(src);
    expect(offenders).toEqual([]);
  });

  it('a POST to the audit page is refused', async () => {
    await admin.get('/admin/audit');
    const res = await admin.post('/admin/audit', { id: 'aud_t1' });
    expect(res.status).toBe(404);
    const still = await t.handle.db.selectFrom('audit_log').select('id').where('id', '=', 'aud_t1').execute();
    expect(still).toHaveLength(1);
  });

  it('the database itself refuses to change or delete an entry', async () => {
    await expect(t.handle.db.updateTable('audit_log').set({ action: 'forged' }).where('id', '=', 'aud_t1').execute()).rejects.toThrow(/append-only/);
    await expect(t.handle.db.deleteFrom('audit_log').where('id', '=', 'aud_t1').execute()).rejects.toThrow(/append-only/);
    const row = await t.handle.db.selectFrom('audit_log').select('action').where('id', '=', 'aud_t1').executeTakeFirst();
    expect(row?.action).toBe('area.created');
  });
});
