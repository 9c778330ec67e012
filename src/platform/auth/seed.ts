/** Seed step: the first admin account (idempotent; an existing account is never changed). */
import type { Kysely } from 'kysely';
import type { Config } from '../config';
import { forTenant } from '../db/tenant-scope';
import type { TenantRow } from '../tenancy';
import { generatePassword } from './passwords';
import { findUserByEmail, type AuthDb } from './users.queries';
import { createUserAsSystem } from './users.service';

/**
 * Creates the admin account ADMIN_EMAIL with ADMIN_PASSWORD, or with a generated password that is returned in the
 * report lines to be printed once. When an account with that e-mail exists, nothing is changed.
 */
export async function ensureAdminAccount(db: Kysely<any>, tenant: TenantRow, config: Config): Promise<string[]> {
  const tdb = forTenant(db, tenant.id);
  const email = config.ADMIN_EMAIL.toLowerCase();
  if (await findUserByEmail(tdb as unknown as AuthDb, email)) return [`Admin: ${email} (vorhanden/exists)`];
  const password = config.ADMIN_PASSWORD ?? generatePassword();
  await createUserAsSystem(
    tdb,
    { email, displayName: 'Administration', password, assignments: [{ role: 'admin', allAreas: true, areaIds: [] }] },
    { id: null, label: 'seed' },
  );
  if (config.ADMIN_PASSWORD) return [`Admin: ${email} (Passwort aus ADMIN_PASSWORD / password from ADMIN_PASSWORD)`];
  return [
    `Admin: ${email}`,
    `Einmal-Passwort / one-time password: ${password}`,
    '  Bitte nach der ersten Anmeldung unter /account/password ändern. / Please change it at /account/password after signing in.',
  ];
}
