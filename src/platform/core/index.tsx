/** @jsxImportSource hono/jsx */
/** Core pages: language switch, health check, static files (the start page is the portal module's). */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import type { AppEnv } from '../http/context';
import { dbReady, rememberLocale } from '../http/middleware';
import { serveStaticFile } from '../http/static';
import { isLocale } from '../i18n';
import type { QuartierModule } from '../module';

const pages = new Hono<AppEnv>();

/** Language switch: remembers the choice and returns to the page (only same-site relative paths). */
pages.get('/lang/:locale', (c) => {
  const locale = c.req.param('locale');
  const next = c.req.query('next') ?? '/';
  const safeNext = next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
  if (isLocale(locale)) rememberLocale(c, locale);
  const url = new URL(safeNext, 'http://x');
  url.searchParams.delete('lang');
  return c.redirect(url.pathname + url.search, 303);
});

pages.get('/health', async (c) => {
  const ok = await dbReady(c.var.deps);
  return c.json({ status: ok ? 'ok' : 'db_unavailable' }, ok ? 200 : 503);
});

pages.get('/static/*', (c) => serveStaticFile(c, c.req.path.slice('/static/'.length)));

export const coreModule: QuartierModule = {
  name: 'core',
  dir: path.dirname(fileURLToPath(import.meta.url)),
  pages,
  routes: {
    'GET /lang/:locale': 'public',
    'GET /health': 'public',
    'GET /static/*': 'public',
  },
};
