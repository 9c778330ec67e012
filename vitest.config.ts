/**
 * Test projects:
 * - unit:     src/**\/*.test.ts(x)          pure functions, no database
 * - sqlite:   src/**\/*.int.test.ts(x)      integration tests on a fresh SQLite database per file
 * - postgres: the same integration files on PostgreSQL (DATABASE_URL_TEST, default postgres://postgres@127.0.0.1:5432/test),
 *             one database per test file (copied from a migrated template database, see test/support/db.ts). Skipped with a warning when PostgreSQL is unreachable — except with CI=true,
 *             where an unreachable PostgreSQL fails the run.
 * - e2e:      test/e2e/**\/*.e2e.test.ts   browser tests in Debian's Chromium (playwright-core + axe-core)
 */
import { defineConfig } from 'vitest/config';
import pg from 'pg';

const PG_URL = process.env.DATABASE_URL_TEST ?? 'postgres://postgres@127.0.0.1:5432/test';

async function pgReachable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  } finally {
    await client.end().catch(() => {});
  }
}

const pgError = await pgReachable();
if (pgError) {
  const msg = `PostgreSQL at ${PG_URL} is not reachable: ${pgError}`;
  if (process.env.CI === 'true') throw new Error(`${msg} (CI=true: the PostgreSQL suite must run)`);
  console.warn(`\n⚠ ${msg}\n  The PostgreSQL integration suite is skipped. Set DATABASE_URL_TEST to run it.\n`);
}
const integration = ['src/**/*.int.test.ts', 'src/**/*.int.test.tsx', 'test/**/*.int.test.ts'];

export default defineConfig({
  test: {
    projects: [
      { extends: true, test: { name: 'unit', include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'bench/**/*.test.ts', 'test/docs/**/*.test.ts'], exclude: integration } },
      { extends: true, test: { name: 'sqlite', include: integration, env: { QUARTIER_TEST_DB: 'sqlite' } } },
      ...(pgError
        ? []
        : [{ extends: true as const, test: { name: 'postgres', include: integration, env: { QUARTIER_TEST_DB: 'postgres', DATABASE_URL_TEST: PG_URL } } }]),
      {
        extends: true,
        test: { name: 'e2e', include: ['test/e2e/**/*.e2e.test.ts'], testTimeout: 60_000, hookTimeout: 120_000, fileParallelism: false },
      },
    ],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two files at a time, also on a 2-core machine (Vitest's default there is one): integration and browser tests
    // mostly wait on PostgreSQL and Chromium. Browser test files still run one after the other
    // (fileParallelism: false), beside the other projects' files. PostgreSQL test files never migrate at the same
    // time: the migrations run once into a template database (test/support/db.ts).
    maxWorkers: 2,
  },
});
