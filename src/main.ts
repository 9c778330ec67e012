/** load config → open db → migrate → build app → listen. */
import { serve, type ServerType } from '@hono/node-server';
import { buildApp } from './app';
import type { Config } from './platform/config';
import { openDatabase, type DbHandle } from './platform/db/connection';
import { migrateToLatest } from './platform/db/migrator';
import { createLogger } from './platform/log';
import { DiskStorage, setFileStorage } from './platform/files';
import { registerPlatformJobs } from './platform/jobs/platform';
import { startWorker, type Worker } from './platform/jobs/worker';
import { prepareFonts } from './platform/ui/styles/fonts';
import { stylesheet } from './platform/ui/styles/stylesheet';

export interface Running {
  server: ServerType;
  handle: DbHandle;
  port: number;
  stop(): Promise<void>;
}

export async function startServer(config: Config, opts: { handle?: DbHandle; port?: number } = {}): Promise<Running> {
  const log = createLogger(config.LOG_LEVEL);
  const handle = opts.handle ?? openDatabase({ databaseUrl: config.DATABASE_URL, sqliteFile: config.SQLITE_FILE });
  const applied = await migrateToLatest(handle.db);
  if (applied.length) log.info({ applied: applied.length }, 'migrations applied');
  setFileStorage(new DiskStorage(config.FILES_DIR));
  registerPlatformJobs();
  const app = buildApp({ config, rootDb: handle.db, dialect: handle.dialect, log });
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: opts.port ?? config.PORT, hostname: config.HOST }, () => resolve(s));
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : (opts.port ?? config.PORT);
  log.info({ port, db: handle.dialect }, 'Quartier is listening');
  // The stylesheet at once; in production also every font cut (about 2 s in the background), so no visitor waits.
  stylesheet();
  if (config.NODE_ENV === 'production') prepareFonts().catch((err: unknown) => log.warn({ err: String(err) }, 'font cuts failed'));
  // Background jobs run in the server process unless JOBS_ENABLED=false (then: `quartier jobs run-once` from cron).
  const worker: Worker | null = config.JOBS_ENABLED
    ? startWorker({ rootDb: handle.db, log, config, pollMs: config.JOBS_POLL_MS, concurrency: config.JOBS_CONCURRENCY })
    : null;
  return {
    server,
    handle,
    port,
    async stop() {
      await new Promise<void>((r) => server.close(() => r()));
      await worker?.stop();
      if (!opts.handle) await handle.close();
    },
  };
}

/** A crash in one request never stops the process: requests are caught by onError; this catches the rest. */
export function installProcessGuards(log = createLogger('info')): void {
  process.on('unhandledRejection', (reason) => log.error({ err: String(reason) }, 'unhandled rejection'));
  process.on('uncaughtException', (err) => log.error({ err: err.message, stack: err.stack }, 'uncaught exception'));
}

/** SIGTERM/SIGINT: stop taking requests, let the job worker finish what it holds, close the database, exit. */
export function stopOnSignals(running: Running, log = createLogger('info')): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    running.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err: String(err) }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
