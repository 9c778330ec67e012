/** @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { Layout, type PageProps } from '../ui/layout';
import type { AppEnv } from './context';
import { getNotice } from './notice';

export interface RenderOptions {
  status?: 200 | 400 | 401 | 403 | 404 | 409 | 422 | 429 | 500 | 503;
  crumbs?: PageProps['crumbs'];
  notice?: PageProps['notice'];
  largeHeading?: PageProps['largeHeading'];
}

/** Renders a page in the shell with the request's language, user and CSRF token. */
export function render(c: Context<AppEnv>, title: string, body: Child, opts: RenderOptions = {}) {
  const url = new URL(c.req.url);
  const page = (
    <Layout
      title={title}
      t={c.var.t}
      locale={c.var.locale}
      tenant={c.var.tenant}
      user={c.var.user}
      csrfToken={c.var.csrfToken}
      path={url.pathname + url.search}
      crumbs={opts.crumbs}
      notice={opts.notice ?? getNotice(c)}
      largeHeading={opts.largeHeading}
    >
      {body}
    </Layout>
  );
  return c.html(`<!doctype html>${String(page)}`, opts.status ?? 200);
}
