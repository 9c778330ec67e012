/** @jsxImportSource hono/jsx */
/** Core pages: start page, language switch, health check, static files. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import type { AppEnv } from '../http/context';
import { render } from '../http/render';
import { dbReady, rememberLocale } from '../http/middleware';
import { serveStaticFile } from '../http/static';
import { isLocale } from '../i18n';
import { listPublicLinks } from '../ui/layout';
import type { QuartierModule } from '../module';

const pages = new Hono<AppEnv>();

pages.get('/', (c) => {
  const t = c.var.t;
  return render(
    c,
    t('home.title'),
    <div class="q-stack">
      <h1 class="kern-heading-x-large">{t('home.heading', { tenant: c.var.tenant.name })}</h1>
      <p class="kern-body kern-body--large">{t('home.intro')}</p>
      <ul class="kern-list">
        <li>
          <a class="kern-link" href="/areas">
            {t('home.linkAreas')}
          </a>
        </li>
        {listPublicLinks().map((l) => (
          <li>
            <a class="kern-link" href={l.href}>
              {t(l.labelKey)}
            </a>
          </li>
        ))}
        {c.var.user ? (
          <li>
            <a class="kern-link" href="/staff">
              {t('home.linkStaff')}
            </a>
          </li>
        ) : (
          <li>
            <a class="kern-link" href="/login">
              {t('home.linkLogin')}
            </a>
          </li>
        )}
      </ul>
    </div>,
  );
});

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
    'GET /': 'public',
    'GET /lang/:locale': 'public',
    'GET /health': 'public',
    'GET /static/*': 'public',
  },
};
