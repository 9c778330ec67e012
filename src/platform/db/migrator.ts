/**
 * Migrations: one set for SQLite and PostgreSQL, collected from every `migrations/` folder under
 * src/platform/* and src/modules/*. File names start with a timestamp (YYYY_MM_DD_HHMM_<module>_<what>.ts), so the
 * global order is the order of the names.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dialectOf } from './dialect';
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';

const srcDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export function migrationFiles(): string[] {
  const files: string[] = [];
  for (const group of ['platform', 'modules']) {
    const base = path.join(srcDir, group);
    if (!fs.existsSync(base)) continue;
    for (const mod of fs.readdirSync(base)) {
      const dir = path.join(base, mod, 'migrations');
      if (!fs.existsSync(dir)) continue;
      for (const f of fs.readdirSync(dir)) if (/^\d{4}_\d{2}_\d{2}_\d{4}_.+\.ts$/.test(f)) files.push(path.join(dir, f));
    }
  }
  return files.sort((a, b) => path.basename(a).localeCompare(path.basename(b)));
}

class ModuleMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    const out: Record<string, Migration> = {};
    for (const file of migrationFiles()) {
      const name = path.basename(file, '.ts');
      if (out[name]) throw new Error(`duplicate migration name ${name}`);
      const mod = (await import(pathToFileURL(file).href)) as Migration;
      if (typeof mod.up !== 'function') throw new Error(`migration ${name} has no up()`);
      out[name] = mod;
    }
    return out;
  }
}

export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  // On PostgreSQL, name the schema explicitly: Kysely otherwise looks for its bookkeeping tables in every schema and
  // can mistake another schema's (e.g. a parallel test's) for ours.
  const schema = dialectOf(db) === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s : undefined;
  const migrator = new Migrator({
    db,
    provider: new ModuleMigrationProvider(),
    allowUnorderedMigrations: true,
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results }: MigrationResultSet = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
