/**
 * Baseline for the benchmark: a bare Hono app with one route that answers "ok", served by @hono/node-server —
 * the same runtime, loader (tsx) and process settings as Quartier in bench/server.ts, nothing else.
 * Started by bench/run.ts as a child process; reports its port over IPC.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono();
app.get('/', (c) => c.text('ok'));

const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  process.send?.({ ready: true, port: info.port });
});
process.on('disconnect', () => server.close(() => process.exit(0)));
