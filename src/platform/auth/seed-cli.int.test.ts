/** The first admin account (seed) and `quartier create-user`. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { signIn } from '../../../test/support/auth';
import { parseConfig } from '../config';
import { registerAreaDirectory, areas, type AreaDirectory } from '../directory';
import { createUserCommand, CliUsageError } from './cli';
import { ensureAdminAccount } from './seed';

let t: TestApp;
let previous: AreaDirectory;
beforeAll(async () => {
  t = await createTestApp();
  previous = areas();
  registerAreaDirectory({ listAreas: async () => [{ id: 'are_kray', slug: 'kray', name: 'Kray' }] });
});
afterAll(async () => {
  registerAreaDirectory(previous);
  await t.close();
});

async function rolesOf(email: string) {
  return t.handle.db
    .selectFrom('users')
    .innerJoin('role_assignments', (j) => j.onRef('role_assignments.user_id', '=', 'users.id').onRef('role_assignments.tenant_id', '=', 'users.tenant_id'))
    .select(['users.status', 'role_assignments.role', 'role_assignments.all_areas', 'role_assignments.department'])
    .where('users.email', '=', email)
    .where('users.tenant_id', '=', t.tenant.id)
    .execute();
}

describe('ensureAdminAccount', () => {
  it('creates the admin from ADMIN_EMAIL/ADMIN_PASSWORD once and never resets it', async () => {
    const config = parseConfig({ NODE_ENV: 'test', ADMIN_EMAIL: 'Admin@Essen.example', ADMIN_PASSWORD: 'Kettwiger Straße 2026' });
    const lines = await ensureAdminAccount(t.handle.db, t.tenant, config);
    expect(lines.join('\n')).toContain('admin@essen.example');
    expect(lines.join('\n')).not.toContain('Kettwiger');
    expect(await rolesOf('admin@essen.example')).toMatchObject([{ status: 'active', role: 'admin' }]);
    await signIn(t.client(), 'admin@essen.example', 'Kettwiger Straße 2026');
    const hash = (await t.handle.db.selectFrom('users').select('password_hash').where('email', '=', 'admin@essen.example').executeTakeFirstOrThrow()).password_hash;
    const again = await ensureAdminAccount(t.handle.db, t.tenant, parseConfig({ NODE_ENV: 'test', ADMIN_EMAIL: 'admin@essen.example', ADMIN_PASSWORD: 'Ganz anderes Passwort 1' }));
    expect(again.join('\n')).toContain('exists');
    const after = (await t.handle.db.selectFrom('users').select('password_hash').where('email', '=', 'admin@essen.example').executeTakeFirstOrThrow()).password_hash;
    expect(after).toBe(hash);
    const audit = await t.handle.db.selectFrom('audit_log').select(['action', 'actor_label']).where('action', '=', 'user.created').execute();
    expect(audit).toContainEqual({ action: 'user.created', actor_label: 'seed' });
  });

  it('generates a password and returns it once when none is configured', async () => {
    const config = parseConfig({ NODE_ENV: 'test', ADMIN_EMAIL: 'generated@essen.example' });
    const lines = await ensureAdminAccount(t.handle.db, t.other, config);
    const pw = /: ([A-Za-z2-9]{5}(?:-[A-Za-z2-9]{5}){3})$/m.exec(lines.join('\n'))?.[1];
    expect(pw).toBeTruthy();
    await signIn(t.client('other.test'), 'generated@essen.example', pw!);
  });
});

describe('quartier create-user', () => {
  const config = parseConfig({ NODE_ENV: 'test' });

  it('creates a user with a password from the environment', async () => {
    const lines = await createUserCommand(
      t.handle.db,
      config,
      ['--email', 'koordination@essen.example', '--name', 'Karla Koordination', '--role', 'coordinator', '--areas', 'all', '--password-from-env', 'QPW'],
      { QPW: 'Rüttenscheider Stern 7' },
    );
    expect(lines[0]).toContain('koordination@essen.example');
    expect(lines.join('\n')).not.toContain('Rüttenscheider');
    expect(await rolesOf('koordination@essen.example')).toMatchObject([{ status: 'active', role: 'coordinator' }]);
    await signIn(t.client(), 'koordination@essen.example', 'Rüttenscheider Stern 7');
  });

  it('prints a one-time password when none is given, with areas and department', async () => {
    const lines = await createUserCommand(t.handle.db, config, [
      '--email',
      'amt@essen.example',
      '--name',
      'Amt Person',
      '--role',
      'department_staff',
      '--areas',
      'are_kray',
      '--department',
      'Jugendamt',
    ]);
    const pw = /One-time password[^:]*: (\S+)/.exec(lines.join('\n'))?.[1];
    expect(pw).toBeTruthy();
    expect(await rolesOf('amt@essen.example')).toMatchObject([{ role: 'department_staff', department: 'Jugendamt' }]);
    await signIn(t.client(), 'amt@essen.example', pw!);
  });

  it('refuses a taken e-mail, an unknown area, a weak password and an unknown tenant', async () => {
    await expect(createUserCommand(t.handle.db, config, ['--email', 'amt@essen.example', '--name', 'X', '--role', 'viewer'])).rejects.toThrow(/already exists/);
    await expect(createUserCommand(t.handle.db, config, ['--email', 'n@essen.example', '--name', 'X', '--role', 'viewer', '--areas', 'are_mars'])).rejects.toThrow(
      /Unknown area/,
    );
    await expect(
      createUserCommand(t.handle.db, config, ['--email', 'n@essen.example', '--name', 'X', '--role', 'viewer', '--password-from-env', 'P'], { P: 'password1234' }),
    ).rejects.toThrow(CliUsageError);
    await expect(createUserCommand(t.handle.db, config, ['--email', 'n@essen.example', '--name', 'X', '--role', 'viewer', '--password-from-env', 'NOPE'], {})).rejects.toThrow(
      /NOPE/,
    );
    await expect(createUserCommand(t.handle.db, config, ['--email', 'n@essen.example', '--name', 'X', '--role', 'viewer', '--tenant', 'atlantis'])).rejects.toThrow(/atlantis/);
    await expect(createUserCommand(t.handle.db, config, ['--email', 'n@essen.example', '--name', 'X', '--role', 'department_staff'])).rejects.toThrow(/--department/);
    expect(await rolesOf('n@essen.example')).toEqual([]);
  });
});
