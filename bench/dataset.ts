/**
 * The benchmark's data set: a new SQLite file, migrated and seeded exactly like `quartier seed` (Essen territory,
 * programme areas, funding periods, topics, admin account), then extended through the real services with clearly
 * fictional records — extra programme areas made of a few Stadtteile each, and staff accounts with roles — so that
 * the pages measured are not trivially small.
 */
import { parseConfig } from '../src/platform/config';
import { openDatabase } from '../src/platform/db/connection';
import { migrateToLatest } from '../src/platform/db/migrator';
import { forTenant } from '../src/platform/db/tenant-scope';
import type { ServiceContext } from '../src/platform/http/context';
import { loadCurrentUser } from '../src/platform/auth/current-user';
import type { AuthDb } from '../src/platform/auth/users.queries';
import { ROLES, type Role } from '../src/platform/auth/policy';
import { createUserAsSystem, type AssignmentInput } from '../src/platform/auth/users.service';
import { createArea, listAreas, listAreaSummaries, listDistricts } from '../src/modules/territory';
import '../src/modules';
import { seedBase } from '../src/seed';

export interface Dataset {
  description: string;
  /** Public page measured, e.g. /areas/kray. */
  publicPath: string;
  /** Staff list page measured (signed in). */
  staffPath: string;
  staff: { email: string; password: string; role: Role };
  tenantId: string;
}

const STAFF_PASSWORD = 'Bench-Koordination-2026';

/** A small deterministic pseudo-random generator, so that every run builds the same data set. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * `size.areas` extra programme areas of 1–4 random Stadtteile each — or, with `size.coverAll`, areas of up to 4
 * Stadtteile made of the Stadtteile no area covers yet, until every Stadtteil belongs to a programme area.
 */
export async function buildDataset(env: NodeJS.ProcessEnv, size: { areas: number; users: number; coverAll?: boolean }): Promise<Dataset> {
  const config = parseConfig(env);
  const handle = openDatabase({ databaseUrl: config.DATABASE_URL, sqliteFile: config.SQLITE_FILE });
  try {
    await migrateToLatest(handle.db);
    const { tenant } = await seedBase(handle.db, config);
    const db = forTenant(handle.db, tenant.id);
    const random = rng(2026);

    // The person measured on the staff page: a coordinator for all programme areas.
    const staffEmail = 'koordination@bench.example';
    const adminId = await createUserAsSystem(
      db,
      { email: 'bench-admin@bench.example', displayName: 'Bench Admin (fiktiv)', password: STAFF_PASSWORD, assignments: [{ role: 'admin', allAreas: true, areaIds: [] }] },
      { id: null, label: 'bench' },
    );
    await createUserAsSystem(
      db,
      { email: staffEmail, displayName: 'Bench Koordination (fiktiv)', password: STAFF_PASSWORD, assignments: [{ role: 'coordinator', allAreas: true, areaIds: [] }] },
      { id: null, label: 'bench' },
    );
    const admin = await loadCurrentUser(db as unknown as AuthDb, adminId);
    if (!admin) throw new Error('bench admin could not be loaded');
    const ctx: ServiceContext = { tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name, defaultLocale: 'de' }, db, user: admin, requestId: null, dialect: handle.dialect };

    // Extra programme areas: 1–4 Stadtteile each, through the real service (validation, audit, search index).
    const districts = await listDistricts(db);
    const covered = new Set((await listAreas(db)).flatMap((a) => a.districts.map((d) => d.number)));
    const uncovered = districts.filter((d) => !covered.has(d.number)).map((d) => d.number);
    const count = size.coverAll ? Math.ceil(uncovered.length / 4) : size.areas;
    for (let i = 1; i <= count; i++) {
      const n = size.coverAll ? Math.min(4, uncovered.length) : 1 + Math.floor(random() * 4);
      const numbers = new Set<number>(size.coverAll ? uncovered.splice(0, 4) : []);
      while (numbers.size < n) numbers.add(districts[Math.floor(random() * districts.length)]!.number);
      const nr = String(i).padStart(2, '0');
      await createArea(ctx, {
        name: `Testquartier ${nr} (fiktiv)`,
        slug: `testquartier-${nr}`,
        description: `Erfundenes Programmgebiet Nr. ${nr} für den Lasttest. Es umfasst ${n} Stadtteil(e) und dient nur dazu, Listen realistisch lang zu machen.`,
        notes: null,
        kind: 'districts',
        districtNumbers: [...numbers],
        geometry: null,
        boundaryApproximate: false,
        office: { name: `Stadtteilbüro Testquartier ${nr}`, street: `Beispielweg ${i}`, postcode: '45127', city: 'Essen', opened: '2024-01-15' },
      });
    }

    // Extra staff accounts with roles for some areas or all.
    const areaIds = (await listAreaSummaries(db)).map((a) => a.id);
    const roles = ROLES.filter((r) => r !== 'admin');
    for (let i = 1; i <= size.users; i++) {
      const role = roles[i % roles.length]!;
      const all = random() < 0.3;
      const picked = all ? [] : [...new Set([0, 1].map(() => areaIds[Math.floor(random() * areaIds.length)]!))];
      const assignment: AssignmentInput = { role, allAreas: all, areaIds: picked, department: role === 'department_staff' ? 'Grün und Gruga' : null };
      await createUserAsSystem(
        db,
        { email: `person${String(i).padStart(3, '0')}@bench.example`, displayName: `Person ${i} (fiktiv)`, organisation: 'Lasttest (fiktiv)', password: STAFF_PASSWORD, assignments: [assignment] },
        { id: null, label: 'bench' },
      );
    }

    return {
      description: `Essen seed (50 Stadtteile, 4 programme areas) + ${count} generated programme areas${size.coverAll ? ' (together with the seeded ones covering every Stadtteil)' : ''} + ${size.users + 2} generated staff accounts`,
      publicPath: '/areas/kray',
      staffPath: '/staff/territory/areas',
      staff: { email: staffEmail, password: STAFF_PASSWORD, role: 'coordinator' },
      tenantId: tenant.id,
    };
  } finally {
    await handle.close();
  }
}
