/** User administration through the pages: access, list and filters, invitation, roles and areas, status, rules, audit. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { apiClient, createUser, lastMailTo, linkIn, signIn, signedInClient, type SignedInClient } from '../../../test/support/auth';
import { registerAreaDirectory, type AreaDirectory } from '../directory';
import { SESSION_COOKIE } from '../auth/session';

let t: TestApp;
let admin: SignedInClient;
let previousDirectory: AreaDirectory | null = null;

const AREAS = [
  { id: 'are_kray', slug: 'kray', name: 'Kray' },
  { id: 'are_bergmannsfeld', slug: 'bergmannsfeld-hoersterfeld', name: 'Bergmannsfeld/Hörsterfeld' },
  { id: 'are_karnap', slug: 'karnap', name: 'Karnap' },
];

beforeAll(async () => {
  t = await createTestApp();
  const { areas } = await import('../directory');
  previousDirectory = areas();
  registerAreaDirectory({ listAreas: async () => AREAS });
  admin = await signedInClient(t, 'admin', { displayName: 'Ada Admin' });
});
afterAll(async () => {
  if (previousDirectory) registerAreaDirectory(previousDirectory);
  await t.close();
});

interface AuditRow {
  action: string;
  actor_id: string | null;
  changes: Record<string, { from: unknown; to: unknown }>;
}

async function auditFor(entityId: string): Promise<AuditRow[]> {
  const rows = await t.handle.db.selectFrom('audit_log').selectAll().where('entity_id', '=', entityId).orderBy('at').orderBy('id').execute();
  return rows.map((r) => ({ action: r.action, actor_id: r.actor_id, changes: typeof r.changes === 'string' ? JSON.parse(r.changes) : r.changes }));
}

async function userRow(id: string) {
  return t.handle.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

async function userCount(): Promise<number> {
  return (await t.handle.db.selectFrom('users').select('id').execute()).length;
}

describe('access', () => {
  it('only admins reach the user pages (403 for every other role, login for anonymous)', async () => {
    for (const role of ['coordinator', 'moderator', 'district_worker', 'office_staff', 'department_staff', 'viewer'] as const) {
      const c = await signedInClient(t, role);
      expect((await c.get('/admin/users')).status, role).toBe(403);
      expect((await c.get('/admin/users/new')).status, role).toBe(403);
      expect((await c.get(`/admin/users/${admin.user.id}`)).status, role).toBe(403);
      await c.get('/staff');
      expect((await c.post('/admin/users/new', { display_name: 'X', email: 'x@example.test', roles: 'admin' })).status, role).toBe(403);
      const nav = await (await c.get('/staff')).text();
      expect(nav).not.toContain('href="/admin/users"');
    }
    const anon = await t.client().get('/admin/users');
    expect(anon.status).toBe(303);
    expect(anon.headers.get('location')).toBe('/login?next=%2Fadmin%2Fusers');
    // API tokens do not open HTML pages.
    expect((await (await apiClient(t, 'admin')).get('/admin/users')).status).toBe(303);
    const html = await (await admin.get('/staff')).text();
    expect(html).toContain('href="/admin/users"');
    expect(html).toContain('Personen und Rollen');
  });
});

describe('user list', () => {
  it('filters by role and status and searches name and e-mail', async () => {
    const mod = await createUser(t, { role: 'moderator', displayName: 'Mara Moderatorin', email: 'mara.m@issab.example' });
    await createUser(t, { role: 'office_staff', displayName: 'Olaf Büro', email: 'olaf@buero-kray.example' });
    const off = await createUser(t, { role: 'viewer', displayName: 'Vera Gesperrt', email: 'vera@rat.example' });
    await t.handle.db.updateTable('users').set({ status: 'disabled' }).where('id', '=', off.id).execute();

    const all = await (await admin.get('/admin/users')).text();
    expect(all).toContain('Mara Moderatorin');
    expect(all).toContain('Olaf Büro');
    const byRole = await (await admin.get('/admin/users?role=moderator')).text();
    expect(byRole).toContain('Mara Moderatorin');
    expect(byRole).not.toContain('Olaf Büro');
    expect(byRole).toContain(`href="/admin/users/${mod.id}"`);
    const byStatus = await (await admin.get('/admin/users?status=disabled')).text();
    expect(byStatus).toContain('Vera Gesperrt');
    expect(byStatus).not.toContain('Mara Moderatorin');
    expect(byStatus).toContain('1 Person');
    const byName = await (await admin.get('/admin/users?q=moderatorin')).text();
    expect(byName).toContain('Mara Moderatorin');
    expect(byName).not.toContain('Olaf Büro');
    const byMail = await (await admin.get('/admin/users?q=BUERO-KRAY')).text();
    expect(byMail).toContain('Olaf Büro');
    expect(byMail).not.toContain('Mara Moderatorin');
    const none = await (await admin.get('/admin/users?q=%25')).text();
    expect(none).toContain('Keine Personen passen');
    // Unknown filter values are ignored, not errors.
    expect((await admin.get('/admin/users?role=pope&status=x&offset=-5')).status).toBe(200);
  });
});

describe('invitation', () => {
  it('refuses invalid input with 422, keeps the values and creates nobody', async () => {
    const n = await userCount();
    await admin.get('/admin/users/new');
    const res = await admin.post('/admin/users/new', {
      display_name: 'Nina Neu',
      email: 'not-an-address',
      organisation: 'Jugendamt',
      roles: [],
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('id="error-summary"');
    expect(html).toContain('href="#f-email"');
    expect(html).toContain('href="#f-roles"');
    expect(html).toContain('value="Nina Neu"');
    expect(html).toContain('value="Jugendamt"');

    const rules = await admin.post('/admin/users/new', {
      display_name: 'Nina Neu',
      email: 'nina@example.test',
      roles: ['moderator', 'department_staff', 'district_worker'],
      scope_moderator: 'areas',
      scope_district_worker: 'areas',
      areas_district_worker: 'are_nowhere',
    });
    expect(rules.status).toBe(422);
    const rulesHtml = await rules.text();
    expect(rulesHtml).toContain('href="#f-areas_moderator"');
    expect(rulesHtml).toContain('href="#f-department"');
    expect(rulesHtml).toContain('href="#f-areas_district_worker"');
    expect(rulesHtml).toContain('Bitte wählen Sie mindestens ein Quartier');
    // The chosen roles stay ticked.
    expect(rulesHtml).toMatch(/name="roles" value="moderator" checked/);

    const dup = await admin.post('/admin/users/new', { display_name: 'Doppelt', email: admin.user.email.toUpperCase(), roles: 'viewer' });
    expect(dup.status).toBe(422);
    expect(await dup.text()).toContain('gibt es schon ein Konto');
    expect(await userCount()).toBe(n);
  });

  it('invites a person, who sets a password through the e-mailed link and can sign in', async () => {
    await admin.get('/admin/users/new');
    const res = await admin.post('/admin/users/new', {
      display_name: 'Nina Neu',
      email: 'Nina.Neu@Stadt-Essen.example',
      organisation: 'Stadt Essen, Jugendamt',
      roles: ['district_worker', 'department_staff'],
      scope_district_worker: 'areas',
      areas_district_worker: ['are_kray', 'are_karnap'],
      scope_department_staff: 'all',
      department: 'Jugendamt',
    });
    expect(res.status).toBe(303);
    const id = res.headers.get('location')!.split('/').at(-1)!;
    const row = await userRow(id);
    expect(row).toMatchObject({ email: 'nina.neu@stadt-essen.example', display_name: 'Nina Neu', status: 'invited', password_hash: null });
    const page = await (await admin.get(`/admin/users/${id}`)).text();
    expect(page).toContain('Die Einladung wurde verschickt.');
    expect(page).toContain('eingeladen');

    const [invited] = await auditFor(id);
    expect(invited!.action).toBe('user.invited');
    expect(invited!.actor_id).toBe(admin.user.id);
    expect(invited!.changes.roles).toEqual({ from: null, to: ['department_staff: * [Jugendamt]', 'district_worker: are_karnap, are_kray'] });
    expect(invited!.changes.status).toEqual({ from: null, to: 'invited' });

    const mail = lastMailTo(t, 'nina.neu@stadt-essen.example')!;
    expect(mail.subject).toBe('Einladung zu Quartier');
    expect(mail.text).toContain('Ada Admin hat Sie zu Quartier eingeladen');
    expect(mail.text).toContain('7 Tage');
    const link = linkIn(mail, '/password/reset/');
    // An invited person cannot sign in yet.
    const early = t.client();
    await early.get('/login');
    expect((await early.post('/login', { email: 'nina.neu@stadt-essen.example', password: 'anything at all' })).status).toBe(401);

    const c = t.client();
    const form = await c.get(link);
    expect(await form.text()).toContain('Willkommen – legen Sie Ihr Passwort fest');
    const set = await c.post(link, { new_password: 'Grüne Hauptstadt 2017!', new_password_confirm: 'Grüne Hauptstadt 2017!' });
    expect(set.status).toBe(303);
    expect((await userRow(id)).status).toBe('active');
    await signIn(c, 'nina.neu@stadt-essen.example', 'Grüne Hauptstadt 2017!');
    const staff = await (await c.get('/staff')).text();
    expect(staff).toContain('Karnap, Kray');
    expect(staff).toContain('(Jugendamt)');
    expect((await auditFor(id)).map((a) => a.action)).toContain('user.invitation_accepted');
    expect((await c.get(link)).status).toBe(404);
  });

  it('resends an invitation; the earlier link stops working', async () => {
    await admin.get('/admin/users/new');
    const res = await admin.post('/admin/users/new', { display_name: 'Ole Offen', email: 'ole@example.test', roles: 'office_staff', scope_office_staff: 'areas', areas_office_staff: 'are_kray' });
    const id = res.headers.get('location')!.split('/').at(-1)!;
    const first = linkIn(lastMailTo(t, 'ole@example.test')!, '/password/reset/');
    await admin.get(`/admin/users/${id}`);
    const again = await admin.post(`/admin/users/${id}/invitation`);
    expect(again.status).toBe(303);
    const second = linkIn(lastMailTo(t, 'ole@example.test')!, '/password/reset/');
    expect(second).not.toBe(first);
    expect((await t.client().get(first)).status).toBe(404);
    expect((await t.client().get(second)).status).toBe(200);
    // Not for active accounts.
    await admin.get(`/admin/users/${admin.user.id}`);
    expect((await admin.post(`/admin/users/${admin.user.id}/invitation`)).status).toBe(409);
  });
});

describe('editing', () => {
  it('changes roles, areas and organisation and records old → new in the audit log', async () => {
    const u = await createUser(t, { role: 'moderator', areaIds: ['are_kray'], displayName: 'Mo Derator', organisation: 'ISSAB' });
    const form = await (await admin.get(`/admin/users/${u.id}`)).text();
    expect(form).toMatch(/name="roles" value="moderator" checked/);
    expect(form).toMatch(/name="scope_moderator" value="areas" checked/);
    expect(form).toMatch(/name="areas_moderator" value="are_kray" checked/);
    const res = await admin.post(`/admin/users/${u.id}`, {
      display_name: 'Mo Derator',
      organisation: 'ISSAB Universität Duisburg-Essen',
      status: 'active',
      roles: ['moderator', 'coordinator'],
      scope_moderator: 'areas',
      areas_moderator: ['are_kray', 'are_bergmannsfeld'],
      scope_coordinator: 'all',
    });
    expect(res.status).toBe(303);
    const entry = (await auditFor(u.id)).find((a) => a.action === 'user.updated')!;
    expect(entry.actor_id).toBe(admin.user.id);
    expect(entry.changes).toEqual({
      organisation: { from: 'ISSAB', to: 'ISSAB Universität Duisburg-Essen' },
      roles: { from: ['moderator: are_kray'], to: ['coordinator: *', 'moderator: are_bergmannsfeld, are_kray'] },
    });
    expect(JSON.stringify(entry.changes)).not.toMatch(/argon2|password/);
    const assignments = await t.handle.db
      .selectFrom('role_assignments')
      .leftJoin('role_assignment_areas', (j) =>
        j.onRef('role_assignment_areas.assignment_id', '=', 'role_assignments.id').onRef('role_assignment_areas.tenant_id', '=', 'role_assignments.tenant_id'),
      )
      .select(['role_assignments.role', 'role_assignment_areas.area_id'])
      .where('role_assignments.user_id', '=', u.id)
      .orderBy('role_assignments.role')
      .orderBy('role_assignment_areas.area_id')
      .execute();
    expect(assignments).toEqual([
      { role: 'coordinator', area_id: null },
      { role: 'moderator', area_id: 'are_bergmannsfeld' },
      { role: 'moderator', area_id: 'are_kray' },
    ]);
    // The changed scope applies at the next request of that person.
    const c = t.client();
    await signIn(c, u.email, u.password);
    expect(await (await c.get('/staff')).text()).toContain('Bergmannsfeld/Hörsterfeld, Kray');
  });

  it('re-renders invalid edits with 422 and changes nothing', async () => {
    const u = await createUser(t, { role: 'viewer', displayName: 'Val Viewer' });
    await admin.get(`/admin/users/${u.id}`);
    const res = await admin.post(`/admin/users/${u.id}`, { display_name: '', status: 'active', roles: [] });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('href="#f-display_name"');
    expect(html).toContain('href="#f-roles"');
    expect((await userRow(u.id)).display_name).toBe('Val Viewer');
    expect((await auditFor(u.id)).filter((a) => a.action === 'user.updated')).toHaveLength(0);
  });

  it('disabling ends sessions, revokes API tokens and blocks sign-in', async () => {
    const api = await apiClient(t, 'office_staff', { displayName: 'Bea Büro' });
    const browser = t.client();
    await signIn(browser, api.user.email, api.user.password);
    expect((await browser.get('/staff')).status).toBe(200);
    await admin.get(`/admin/users/${api.user.id}`);
    const res = await admin.post(`/admin/users/${api.user.id}`, { display_name: 'Bea Büro', status: 'disabled', roles: 'office_staff', scope_office_staff: 'all' });
    expect(res.status).toBe(303);
    expect((await browser.get('/staff')).status).toBe(303);
    expect(browser.cookies.has(SESSION_COOKIE)).toBe(false);
    expect((await api.get('/api/v1/me')).status).toBe(401);
    const tok = await t.handle.db.selectFrom('api_tokens').select('revoked_at').where('user_id', '=', api.user.id).executeTakeFirstOrThrow();
    expect(tok.revoked_at).toBeTruthy();
    const c = t.client();
    await c.get('/login');
    expect((await c.post('/login', { email: api.user.email, password: api.user.password })).status).toBe(401);
    const entry = (await auditFor(api.user.id)).find((a) => a.action === 'user.updated')!;
    expect(entry.changes.status).toEqual({ from: 'active', to: 'disabled' });
    expect(entry.changes.sessions_ended).toEqual({ from: null, to: 1 });
    expect(entry.changes.api_tokens_revoked).toEqual({ from: null, to: 1 });
    // Re-activating works (sign-in with the old password again).
    await admin.get(`/admin/users/${api.user.id}`);
    await admin.post(`/admin/users/${api.user.id}`, { display_name: 'Bea Büro', status: 'active', roles: 'office_staff', scope_office_staff: 'all' });
    await signIn(t.client(), api.user.email, api.user.password);
  });
});

describe('admin protection', () => {
  it('an admin cannot disable themselves', async () => {
    await admin.get(`/admin/users/${admin.user.id}`);
    const res = await admin.post(`/admin/users/${admin.user.id}`, { display_name: 'Ada Admin', status: 'disabled', roles: 'admin' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('Sie können Ihr eigenes Konto nicht sperren');
    expect((await userRow(admin.user.id)).status).toBe('active');
  });

  it('the last active admin cannot lose the role; with a second admin it works', async () => {
    // A fresh tenant keeps the count of admins under control: the "other" tenant.
    const solo = await signedInClient(t, 'admin', { tenantId: t.other.id, displayName: 'Solo Admin' });
    const disabledAdmin = await createUser(t, { role: 'admin', tenantId: t.other.id });
    await t.handle.db.updateTable('users').set({ status: 'disabled' }).where('id', '=', disabledAdmin.id).execute();
    await solo.get(`/admin/users/${solo.user.id}`);
    const res = await solo.post(`/admin/users/${solo.user.id}`, { display_name: 'Solo Admin', status: 'active', roles: 'coordinator', scope_coordinator: 'all' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('letzte aktive Administration');
    const roles = await t.handle.db.selectFrom('role_assignments').select('role').where('user_id', '=', solo.user.id).execute();
    expect(roles).toEqual([{ role: 'admin' }]);

    const second = await createUser(t, { role: 'admin', tenantId: t.other.id });
    await solo.get(`/admin/users/${solo.user.id}`);
    const ok = await solo.post(`/admin/users/${solo.user.id}`, { display_name: 'Solo Admin', status: 'active', roles: 'coordinator', scope_coordinator: 'all' });
    expect(ok.status).toBe(303);
    // Now no longer admin: the page is closed to them.
    expect((await solo.get('/admin/users')).status).toBe(403);
    // And the remaining admin cannot be disabled by anyone into zero admins: they cannot disable themselves either.
    const other = t.client('other.test');
    await signIn(other, second.email, second.password);
    await other.get(`/admin/users/${second.id}`);
    expect((await other.post(`/admin/users/${second.id}`, { display_name: 'x', status: 'active', roles: 'viewer', scope_viewer: 'all' })).status).toBe(422);
  });

  it('users of another tenant are not visible', async () => {
    const foreign = await createUser(t, { role: 'viewer', tenantId: t.other.id, displayName: 'Fremde Person' });
    expect((await admin.get(`/admin/users/${foreign.id}`)).status).toBe(404);
    expect(await (await admin.get('/admin/users?q=Fremde')).text()).not.toContain('Fremde Person');
  });
});
