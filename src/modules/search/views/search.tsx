/** @jsxImportSource hono/jsx */
/**
 * The search page (public /search and staff /staff/search): a plain GET form (works without JavaScript), the
 * count, a filter by type with counts, results with type, area and an excerpt (matches marked), "no results" help,
 * pagination; a bad page number is explained next to a link to the first page.
 */
import { snippetParts, type SearchHit } from '../../../platform/db/search';
import { formatNumber, type Locale, type Translate } from '../../../platform/i18n';
import { ErrorSummary, Form, Pagination, SelectField, SubmitButton, TextField, type FormState } from '../../../platform/ui/components';
import type { SearchResult } from '../search.service';
import { MAX_OFFSET, MAX_QUERY } from '../search.service';

export interface SearchViewProps {
  t: Translate;
  locale: Locale;
  /** '/search' or '/staff/search'. */
  path: string;
  staff: boolean;
  types: string[];
  form: FormState;
  result: SearchResult | null;
}

export function typeLabel(t: Translate, type: string): string {
  return t(`search.type.${type}`);
}

function href(path: string, q: string, type: string | null): string {
  const params = new URLSearchParams({ q });
  if (type) params.set('type', type);
  return `${path}?${params.toString()}`;
}

function Hit({ t, hit, areaNames }: { t: Translate; hit: SearchHit; areaNames: Record<string, string> }) {
  const areas = hit.areaIds.map((id) => areaNames[id]).filter((n): n is string => !!n);
  const parts = snippetParts(hit.snippet);
  return (
    <li>
      <h3 class="kern-heading-small">
        <a class="kern-link" href={hit.url}>
          {hit.title}
        </a>
      </h3>
      <p class="kern-body kern-body--small q-search-meta">
        <span>{typeLabel(t, hit.docType)}</span>
        {areas.length > 0 && <span>{t('search.result.areas', { areas: areas.join(', ') })}</span>}
        {hit.areaIds.length === 0 && <span>{t('search.result.noArea')}</span>}
        {hit.visibility === 'staff' && <span>{t('search.result.internal')}</span>}
      </p>
      {parts.length > 0 && (
        <p class="kern-body">
          {parts.map((p) => (p.mark ? <mark>{p.text}</mark> : p.text))}
        </p>
      )}
    </li>
  );
}

export function SearchPage(p: SearchViewProps) {
  const { t, result } = p;
  const heading = p.staff ? t('search.staff.title') : t('search.title');
  // A bad page number has no form field: the error summary links to this message next to a first-page link.
  const pageError = p.form.errors.find((e) => e.field === 'offset');
  return (
    <>
      <h1 class="kern-heading-large">{heading}</h1>
      <p class="kern-body">{p.staff ? t('search.staff.intro') : t('search.intro')}</p>
      <ErrorSummary form={p.form} t={t} />
      <Form action={p.path} method="get" class="q-search-form">
        <TextField name="q" type="search" label={t('search.field.q')} t={t} form={p.form} required maxlength={MAX_QUERY} hint={p.staff ? t('search.field.qHintStaff') : t('search.field.qHint')} />
        <SelectField name="type" label={t('search.field.type')} t={t} form={p.form} placeholder={t('search.field.allTypes')} options={p.types.map((ty) => ({ value: ty, label: typeLabel(t, ty) }))} />
        <SubmitButton label={t('search.submit')} />
      </Form>
      {pageError && (
        <p class="kern-body" id="f-offset">
          {t(pageError.key, pageError.params)}{' '}
          <a class="kern-link" href={href(p.path, String(p.form.values.q ?? ''), String(p.form.values.type ?? '') || null)}>
            {t('search.error.firstPage')}
          </a>
        </p>
      )}
      {result && (
        <section aria-labelledby="search-results">
          <h2 class="kern-heading-medium" id="search-results">
            {t('search.result.count', { count: result.total, q: result.q })}
          </h2>
          {Object.keys(result.byType).length > 1 && (
            <nav aria-label={t('search.result.byType')}>
              <ul class="q-search-types">
                <li>
                  {result.type === null ? (
                    <span aria-current="page">{t('search.result.allTypes', { count: Object.values(result.byType).reduce((a, b) => a + b, 0) })}</span>
                  ) : (
                    <a class="kern-link" href={href(p.path, result.q, null)}>
                      {t('search.result.allTypes', { count: Object.values(result.byType).reduce((a, b) => a + b, 0) })}
                    </a>
                  )}
                </li>
                {Object.entries(result.byType)
                  .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
                  .map(([ty, n]) => (
                    <li>
                      {result.type === ty ? (
                        <span aria-current="page">{t('search.result.typeCount', { type: typeLabel(t, ty), count: formatNumber(p.locale, n) })}</span>
                      ) : (
                        <a class="kern-link" href={href(p.path, result.q, ty)}>
                          {t('search.result.typeCount', { type: typeLabel(t, ty), count: formatNumber(p.locale, n) })}
                        </a>
                      )}
                    </li>
                  ))}
              </ul>
            </nav>
          )}
          {result.hits.length === 0 ? (
            <div class="kern-alert kern-alert--info" role="status">
              <div class="kern-alert__body">
                <p class="kern-body">{t('search.empty.title')}</p>
                <ul class="kern-list">
                  <li>{t('search.empty.spelling')}</li>
                  <li>{t('search.empty.fewer')}</li>
                  {result.type && (
                    <li>
                      <a class="kern-link" href={href(p.path, result.q, null)}>
                        {t('search.empty.allTypes')}
                      </a>
                    </li>
                  )}
                  <li>
                    <a class="kern-link" href="/areas">
                      {t('search.empty.areas')}
                    </a>
                  </li>
                </ul>
              </div>
            </div>
          ) : (
            <ol class="q-search-results" start={result.offset + 1}>
              {result.hits.map((h) => (
                <Hit t={t} hit={h} areaNames={result.areaNames} />
              ))}
            </ol>
          )}
          <Pagination t={t} total={Math.min(result.total, MAX_OFFSET + result.limit)} limit={result.limit} offset={result.offset} baseHref={href(p.path, result.q, result.type)} />
        </section>
      )}
    </>
  );
}
