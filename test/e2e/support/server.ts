/**
 * Starts a real Quartier in this process for browser tests: a temporary SQLite file under os.tmpdir(), migrated and
 * seeded through the same code as `quartier seed` (src/seed.ts), known test users created through the real user
 * service, then `startServer` from src/main.ts on a free loopback port.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, type Running } from '../../../src/main';
import { parseConfig, type Config } from '../../../src/platform/config';
import { openDatabase } from '../../../src/platform/db/connection';
import { migrateToLatest } from '../../../src/platform/db/migrator';
import { forTenant } from '../../../src/platform/db/tenant-scope';
import { createUserAsSystem } from '../../../src/platform/auth/users.service';
import type { Role } from '../../../src/platform/auth/policy';
import { seedBase } from '../../../src/seed';

export interface E2eUser {
  email: string;
  password: string;
  displayName: string;
  role: Role;
}

/** Known accounts of every browser test run, created through the real user service (all programme areas). */
export const E2E_USERS = {
  admin: { email: 'admin@e2e.test', password: 'E2e-Admin-Passwort-2026', displayName: 'Ada Admin', role: 'admin' },
  coordinator: { email: 'koordination@e2e.test', password: 'E2e-Koordination-2026', displayName: 'Kim Koordination', role: 'coordinator' },
} as const satisfies Record<string, E2eUser>;

export interface E2eServer {
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  config: Config;
  running: Running;
  dir: string;
  stop(): Promise<void>;
}

export async function startQuartier(env: Record<string, string> = {}): Promise<E2eServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quartier-e2e-'));
  const config = parseConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    SQLITE_FILE: path.join(dir, 'quartier.sqlite'),
    MAIL_DIR: path.join(dir, 'mail'),
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'false',
    ...env,
  });
  const handle = openDatabase({ sqliteFile: config.SQLITE_FILE });
  await migrateToLatest(handle.db);
  const { tenant } = await seedBase(handle.db, config);
  const db = forTenant(handle.db, tenant.id);
  for (const u of Object.values(E2E_USERS)) {
    await createUserAsSystem(
      db,
      { email: u.email, displayName: u.displayName, password: u.password, assignments: [{ role: u.role, allAreas: true, areaIds: [] }] },
      { id: null, label: 'e2e' },
    );
  }
  const running = await startServer(config, { handle, port: 0 });
  return {
    baseUrl: `http://127.0.0.1:${running.port}`,
    config,
    running,
    dir,
    async stop() {
      await running.stop();
      await handle.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
