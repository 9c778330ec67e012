/** @jsxImportSource hono/jsx */
/**
 * Pages of the search module: GET /search (public documents only, for everyone) and GET /staff/search (public
 * documents and the staff documents the user's roles and areas allow). Plain GET forms; a bad query, type or page
 * number re-renders the form with 422 and the message (at the field; a page number's next to a first-page link).
 * The rules (audience, types, validation) are the service's.
 */
import { Hono, type Context } from 'hono';
import { AppError } from '../../platform/errors';
import type { AppEnv } from '../../platform/http/context';
import { render } from '../../platform/http/render';
import { emptyForm, type FormState } from '../../platform/ui/components';
import { runSearch, searchTypesFor, type SearchResult } from './search.service';
import { SearchPage } from './views/search';

export const pages = new Hono<AppEnv>();

/** The page's offset link parameter as given (absent: the first page); the service rejects anything odd with 422. */
function offsetOf(v: string | undefined): number | undefined {
  if (v === undefined || v === '') return undefined;
  return /^\d{1,9}$/.test(v) ? Number(v) : Number.NaN;
}

async function show(c: Context<AppEnv>, staff: boolean) {
  const t = c.var.t;
  const path = staff ? '/staff/search' : '/search';
  const q = c.req.query('q');
  const type = c.req.query('type') ?? '';
  const audience = staff ? 'staff' : 'public';
  const types = searchTypesFor(c.var.user, audience);
  let form: FormState = emptyForm({ q: q ?? '', type });
  let result: SearchResult | null = null;
  let status: 200 | 422 = 200;
  if (q !== undefined) {
    try {
      result = await runSearch(c.var.db, c.var.user, audience, { q, type, offset: offsetOf(c.req.query('offset')) });
    } catch (e) {
      if (!(e instanceof AppError && e.status === 422)) throw e;
      form = { values: form.values, errors: e.details.fields ?? [] };
      status = 422;
    }
  }
  const title = staff ? t('search.staff.title') : t('search.title');
  const pageTitle = result ? t('search.pageTitle', { q: result.q, title }) : title;
  return render(c, pageTitle, <SearchPage t={t} locale={c.var.locale} path={path} staff={staff} types={types} form={form} result={result} />, {
    status,
    crumbs: [[title]],
  });
}

pages.get('/search', (c) => show(c, false));
pages.get('/staff/search', (c) => show(c, true));
