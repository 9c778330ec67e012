/**
 * Demo data: realistic but clearly fictional (names marked "(Demo)", e-mail addresses under the reserved
 * domain demo.example). One account per role, scoped to the Essen programme areas, all with one generated
 * password that is printed once. Later modules add their own steps to DEMO_STEPS. Idempotent.
 */
import type { Kysely } from 'kysely';
import { forTenant, type TenantDb } from './platform/db/tenant-scope';
import { areas, type AreaSummary } from './platform/directory';
import { generatePassword } from './platform/auth/passwords';
import { createUserAsSystem, type AssignmentInput } from './platform/auth/users.service';
import { findUserByEmail, type AuthDb } from './platform/auth/users.queries';
import type { Role } from './platform/auth/policy';
import type { TenantRow } from './platform/tenancy';
import './modules';
import { seedDemoConcerns } from './modules/concerns';
import { seedDemoGroups } from './modules/groups';
import { seedDemoOffices } from './modules/offices';
import { seedDemoDialogue } from './modules/dialogues';
import { seedDemoNetwork } from './modules/network';

export interface DemoContext {
  db: TenantDb<any>;
  tenant: TenantRow;
  areas: AreaSummary[];
  password: string;
  lines: string[];
}

interface DemoUser {
  email: string;
  name: string;
  organisation: string;
  role: Role;
  /** Area name fragments, or 'all'. */
  areas: string[] | 'all';
  department?: string;
}

export const DEMO_DOMAIN = 'demo.example';

export const DEMO_USERS: DemoUser[] = [
  { email: `koordination@${DEMO_DOMAIN}`, name: 'Dana Beispiel (Demo)', organisation: 'Stadt Essen – Koordination Quartiersmanagement (Demo)', role: 'coordinator', areas: 'all' },
  { email: `moderation@${DEMO_DOMAIN}`, name: 'Mo Muster (Demo)', organisation: 'Stadtteilmoderation (Demo)', role: 'moderator', areas: ['Kray', 'Karnap'] },
  { email: `stadtteilarbeit@${DEMO_DOMAIN}`, name: 'Sam Probe (Demo)', organisation: 'Jugendamt – Stadtteilarbeit (Demo)', role: 'district_worker', areas: ['Frohnhausen'] },
  { email: `buero@${DEMO_DOMAIN}`, name: 'Alex Test (Demo)', organisation: 'Stadtteilbüro (Demo)', role: 'office_staff', areas: ['Bergmannsfeld'] },
  { email: `fachbereich@${DEMO_DOMAIN}`, name: 'Kim Vorlage (Demo)', organisation: 'Grün und Gruga (Demo)', role: 'department_staff', areas: 'all', department: 'Grün und Gruga' },
  { email: `politik@${DEMO_DOMAIN}`, name: 'Ruth Rat (Demo)', organisation: 'Bezirksvertretung (Demo)', role: 'viewer', areas: 'all' },
];

async function demoUsers(ctx: DemoContext): Promise<void> {
  for (const u of DEMO_USERS) {
    const existing = await findUserByEmail(ctx.db as unknown as AuthDb, u.email);
    if (existing) continue;
    const areaIds = u.areas === 'all' ? [] : ctx.areas.filter((a) => (u.areas as string[]).some((n) => a.name.includes(n))).map((a) => a.id);
    const assignment: AssignmentInput = { role: u.role, allAreas: u.areas === 'all', areaIds, department: u.department ?? null };
    await createUserAsSystem(ctx.db, { email: u.email, displayName: u.name, organisation: u.organisation, password: ctx.password, assignments: [assignment] }, { id: null, label: 'demo' });
    ctx.lines.push(`  ${u.role.padEnd(17)} ${u.email}`);
  }
}

/** Steps run in order; modules append theirs. */
export const DEMO_STEPS: Array<(ctx: DemoContext) => Promise<void>> = [demoUsers, seedDemoConcerns, seedDemoNetwork, seedDemoDialogue, seedDemoOffices, seedDemoGroups];

export async function seedDemo(rootDb: Kysely<any>, tenant: TenantRow, opts: { password?: string } = {}): Promise<string[]> {
  const db = forTenant(rootDb, tenant.id);
  const ctx: DemoContext = { db, tenant, areas: await areas().listAreas(db), password: opts.password ?? generatePassword(), lines: [] };
  for (const step of DEMO_STEPS) await step(ctx);
  if (ctx.lines.length === 0) return ['Demo-Daten sind bereits vorhanden. / Demo data already present.'];
  return [
    'Demo-Zugänge (fiktiv) / demo logins (fictional):',
    ...ctx.lines,
    `  Passwort für alle Demo-Zugänge / password for all demo logins: ${ctx.password}`,
  ];
}
