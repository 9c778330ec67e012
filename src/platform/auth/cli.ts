/** `quartier create-user`: creates an active account from the command line. */
import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import type { Config } from '../config';
import { forTenant } from '../db/tenant-scope';
import { findTenantBySlug } from '../tenancy';
import { generatePassword, passwordProblem } from './passwords';
import { ROLES, type Role } from './policy';
import { createUserAsSystem } from './users.service';
import { AppError } from '../errors';

export const CREATE_USER_USAGE = `Usage: quartier create-user --email <e-mail> --name "<name>" --role <role> [--role <role> …]
       [--areas all|<area id>,<area id>] [--organisation "<organisation>"] [--department "<department>"]
       [--password-from-env <VARIABLE>] [--tenant <slug>]
Roles: ${ROLES.join(', ')}. Without --password-from-env a one-time password is generated and printed.`;

export class CliUsageError extends Error {}

export interface CreateUserArgs {
  email: string;
  name: string;
  roles: Role[];
  areas: 'all' | string[];
  organisation: string | null;
  department: string | null;
  passwordEnv: string | null;
  tenant: string | null;
}

export function parseCreateUserArgs(argv: string[]): CreateUserArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        email: { type: 'string' },
        name: { type: 'string' },
        role: { type: 'string', multiple: true },
        areas: { type: 'string' },
        organisation: { type: 'string' },
        department: { type: 'string' },
        'password-from-env': { type: 'string' },
        tenant: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (e) {
    throw new CliUsageError(`${e instanceof Error ? e.message : String(e)}\n${CREATE_USER_USAGE}`);
  }
  const v = parsed.values;
  if (!v.email || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.email)) throw new CliUsageError(`--email is missing or not an e-mail address.\n${CREATE_USER_USAGE}`);
  if (!v.name?.trim()) throw new CliUsageError(`--name is missing.\n${CREATE_USER_USAGE}`);
  const roles = (v.role ?? []).flatMap((r) => r.split(',')).map((r) => r.trim()).filter(Boolean);
  if (roles.length === 0) throw new CliUsageError(`--role is missing.\n${CREATE_USER_USAGE}`);
  for (const r of roles) if (!(ROLES as readonly string[]).includes(r)) throw new CliUsageError(`Unknown role "${r}". Roles: ${ROLES.join(', ')}.`);
  const areasArg = (v.areas ?? 'all').trim();
  const areas = areasArg === 'all' ? 'all' : areasArg.split(',').map((s) => s.trim()).filter(Boolean);
  if (areas !== 'all' && areas.length === 0) throw new CliUsageError('--areas needs "all" or a comma-separated list of area ids.');
  return {
    email: v.email.trim().toLowerCase(),
    name: v.name.trim(),
    roles: [...new Set(roles)] as Role[],
    areas,
    organisation: v.organisation?.trim() || null,
    department: v.department?.trim() || null,
    passwordEnv: v['password-from-env'] ?? null,
    tenant: v.tenant ?? null,
  };
}

/** Runs create-user; returns the lines to print. */
export async function createUserCommand(db: Kysely<any>, config: Config, argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const args = parseCreateUserArgs(argv);
  const slug = args.tenant ?? config.DEFAULT_TENANT;
  const tenant = await findTenantBySlug(db, slug);
  if (!tenant) throw new CliUsageError(`Tenant "${slug}" does not exist. Run \`quartier seed\` first.`);
  let password: string;
  let generated = false;
  if (args.passwordEnv) {
    const p = env[args.passwordEnv];
    if (!p) throw new CliUsageError(`Environment variable ${args.passwordEnv} is empty or not set.`);
    const problem = passwordProblem(p, { email: args.email, displayName: args.name });
    if (problem) throw new CliUsageError(`The password in ${args.passwordEnv} is not acceptable (${problem}): at least 12 characters, not a common password.`);
    password = p;
  } else {
    password = generatePassword();
    generated = true;
  }
  if (args.roles.includes('department_staff') && !args.department) throw new CliUsageError('--department is required for the role department_staff.');
  try {
    const id = await createUserAsSystem(
      forTenant(db, tenant.id),
      {
        email: args.email,
        displayName: args.name,
        organisation: args.organisation,
        password,
        assignments: args.roles.map((role) => ({
          role,
          allAreas: args.areas === 'all',
          areaIds: args.areas === 'all' ? [] : args.areas,
          department: role === 'department_staff' ? args.department : null,
        })),
      },
      { id: null, label: 'cli' },
    );
    const lines = [`Created ${args.email} (${args.roles.join(', ')}) in ${tenant.name}: ${id}`];
    if (generated) lines.push(`One-time password (shown once, please change it at /account/password): ${password}`);
    return lines;
  } catch (e) {
    if (e instanceof AppError && e.code === 'validation_failed') {
      const fields = (e.details.fields ?? []).map((f) => f.key);
      throw new CliUsageError(fields.includes('admin.users.error.unknownArea') ? 'Unknown area id in --areas.' : e.message);
    }
    throw e;
  }
}
