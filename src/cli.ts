/**
 * `quartier <command>` — serve, start, migrate, seed, demo, create-user, backup, jobs.
 * Run as `npx quartier <command>` after `npm install`.
 */
import { loadConfigOrExit, type Config } from './platform/config';
import { openDatabase } from './platform/db/connection';
import { migrateToLatest } from './platform/db/migrator';
import { installProcessGuards, startServer, stopOnSignals } from './main';
import { isNewDatabase, seedBase } from './seed';
import { seedDemo } from './demo';
import { CliUsageError, createUserCommand } from './platform/auth/cli';
import { backupSqlite, defaultBackupFile, pgDumpAdvice } from './platform/db/backup';
import { jobsCommand, JobsUsageError } from './platform/jobs/cli';
import { reindexCommand, reindexSearch, ReindexUsageError } from './modules/search/search.reindex';

type Command = { summary: string; run: (args: string[], config: Config) => Promise<void> };

async function withDb<T>(config: Config, fn: (db: ReturnType<typeof openDatabase>) => Promise<T>): Promise<T> {
  const handle = openDatabase({ databaseUrl: config.DATABASE_URL, sqliteFile: config.SQLITE_FILE });
  try {
    await migrateToLatest(handle.db);
    return await fn(handle);
  } finally {
    await handle.close();
  }
}

const commands: Record<string, Command> = {
  serve: {
    summary: 'Start the web server (migrates first).',
    run: async (_args, config) => {
      installProcessGuards();
      stopOnSignals(await startServer(config));
    },
  },
  start: {
    summary: 'Migrate, seed Essen on a new database (plus demo data outside production), then serve.',
    run: async (_args, config) => {
      await withDb(config, async ({ db }) => {
        const fresh = await isNewDatabase(db);
        if (fresh) {
          const report = await seedBase(db, config);
          for (const l of report.lines) console.log(l);
          if (config.seedDemo) for (const l of await seedDemo(db, report.tenant)) console.log(l);
          for (const l of await reindexSearch(db, report.tenant)) console.log(l);
        }
      });
      installProcessGuards();
      const r = await startServer(config);
      stopOnSignals(r);
      console.log(`Quartier: http://localhost:${r.port}`);
    },
  },
  migrate: {
    summary: 'Apply all pending database migrations.',
    run: async (_args, config) => {
      const handle = openDatabase({ databaseUrl: config.DATABASE_URL, sqliteFile: config.SQLITE_FILE });
      try {
        const applied = await migrateToLatest(handle.db);
        console.log(applied.length ? `Applied ${applied.length} migration(s):\n  ${applied.join('\n  ')}` : 'Database is up to date.');
      } finally {
        await handle.close();
      }
    },
  },
  seed: {
    summary: 'Seed the Essen tenant: territory, topics, admin account (idempotent).',
    run: async (_args, config) => {
      await withDb(config, async ({ db }) => {
        const report = await seedBase(db, config);
        for (const l of report.lines) console.log(l);
      });
    },
  },
  demo: {
    summary: 'Add clearly fictional demo data (one login per role) for all programme areas; prints the logins. Refused in production.',
    run: async (_args, config) => {
      if (config.isProduction) throw new Error('demo data is not added in production (NODE_ENV=production)');
      await withDb(config, async ({ db }) => {
        const report = await seedBase(db, config);
        for (const l of await seedDemo(db, report.tenant)) console.log(l);
        for (const l of await reindexSearch(db, report.tenant)) console.log(l);
      });
    },
  },
  backup: {
    summary: 'SQLite: write a consistent copy of the database (safe while the server runs). PostgreSQL: explains pg_dump.',
    run: async (args, config) => {
      if (config.DATABASE_URL) {
        console.log(pgDumpAdvice(config.DATABASE_URL));
        return;
      }
      const target = args[0] && !args[0].startsWith('-') ? args[0] : defaultBackupFile(config.SQLITE_FILE);
      const r = await backupSqlite(config.SQLITE_FILE, target);
      console.log(`Backup written: ${r.file} (${(r.bytes / 1024).toFixed(0)} KiB, integrity ok)`);
    },
  },
  jobs: {
    summary: 'Background jobs: `jobs` lists counts per tenant and status; `jobs run-once` runs every due job and exits (cron).',
    run: async (args, config) => {
      try {
        await withDb(config, async ({ db }) => {
          for (const l of await jobsCommand(db, config, args)) console.log(l);
        });
      } catch (e) {
        if (e instanceof JobsUsageError) {
          console.error(e.message);
          process.exit(64);
        }
        throw e;
      }
    },
  },
  'search:reindex': {
    summary: 'Rebuild the search index of a tenant from the modules\' data: [--tenant <slug>] (default DEFAULT_TENANT).',
    run: async (args, config) => {
      try {
        await withDb(config, async ({ db }) => {
          for (const l of await reindexCommand(db, args, config.DEFAULT_TENANT)) console.log(l);
        });
      } catch (e) {
        if (e instanceof ReindexUsageError) {
          console.error(e.message);
          process.exit(64);
        }
        throw e;
      }
    },
  },
  'create-user': {
    summary: 'Create an account: --email x --name "…" --role admin [--areas all|id,id] [--password-from-env VAR].',
    run: async (args, config) => {
      try {
        await withDb(config, async ({ db }) => {
          for (const l of await createUserCommand(db, config, args)) console.log(l);
        });
      } catch (e) {
        if (e instanceof CliUsageError) {
          console.error(e.message);
          process.exit(64);
        }
        throw e;
      }
    },
  },
};

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((k) => k.length));
  return ['Usage: quartier <command> [options]', '', 'Commands:', ...Object.entries(commands).map(([k, c]) => `  ${k.padEnd(width)}  ${c.summary}`)].join('\n');
}

export async function runCli(argv: string[]): Promise<void> {
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    console.log(usage());
    return;
  }
  const cmd = commands[name];
  if (!cmd) {
    console.error(`Unknown command "${name}".\n\n${usage()}`);
    process.exit(64);
  }
  const config = loadConfigOrExit();
  try {
    await cmd.run(args, config);
  } catch (e) {
    console.error(`quartier ${name}: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
}

export { commands };
