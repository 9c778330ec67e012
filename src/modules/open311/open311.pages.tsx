/** @jsxImportSource hono/jsx */
/**
 * Open311 administration (admin only, 'open311.manage'): GET /admin/open311 shows the external endpoints the
 * categories forward to, whether an api_key is stored (never the key), how many concerns are pending/sent/failed per
 * endpoint and the latest failures with their error codes; POST /admin/open311/keys stores or replaces an
 * endpoint's api_key (audited without the key).
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../platform/http/context';
import { fieldErrorsFrom, readForm } from '../../platform/http/forms';
import { redirectWithNotice } from '../../platform/http/notice';
import { render } from '../../platform/http/render';
import { svc } from '../../platform/http/service-context';
import { formatDateTime, formatNumber, storedLabel } from '../../platform/i18n';
import { emptyForm, ErrorSummary, Form, SelectField, SubmitButton, Table, TextField, type FormState } from '../../platform/ui/components';
import { open311Overview, setClientKey, type EndpointOverview } from './open311.service';
import type { LinkTable } from './open311.tables';

export const pages = new Hono<AppEnv>();

type C = Context<AppEnv>;

async function page(c: C, form: FormState, status: 200 | 422 = 200) {
  const t = c.var.t;
  const locale = c.var.locale;
  const { endpoints, failures } = await open311Overview(svc(c));
  const n = (x: number) => formatNumber(locale, x);
  const when = (iso: string | null) => (iso ? <time datetime={iso}>{formatDateTime(locale, iso)}</time> : '–');
  const body = (
    <section class="q-stack">
      <h1 class="kern-heading-large">{t('open311.admin.heading')}</h1>
      <p class="kern-body">{t('open311.admin.intro')}</p>
      <Table<EndpointOverview>
        caption={t('open311.admin.endpointsCaption')}
        rows={endpoints}
        empty={t('open311.admin.noEndpoints')}
        columns={[
          { header: t('open311.admin.col.endpoint'), cell: (e) => <code class="q-code">{e.endpoint}</code> },
          { header: t('open311.admin.col.categories'), cell: (e) => e.categories.map((x) => storedLabel(x.labels, locale)).join(', ') || '–' },
          { header: t('open311.admin.col.key'), cell: (e) => (e.keySetAt ? t('open311.admin.keySet', { at: formatDateTime(locale, e.keySetAt) }) : t('open311.admin.keyMissing')) },
          { header: t('open311.admin.state.pending'), cell: (e) => n(e.counts.pending), numeric: true },
          { header: t('open311.admin.state.sent'), cell: (e) => n(e.counts.sent), numeric: true },
          { header: t('open311.admin.state.failed'), cell: (e) => n(e.counts.failed), numeric: true },
        ]}
      />
      {endpoints.length > 0 && (
        <>
          <h2 class="kern-heading-medium">{t('open311.admin.keyHeading')}</h2>
          <ErrorSummary form={form} t={t} />
          <Form action="/admin/open311/keys" csrfToken={c.var.csrfToken}>
            <SelectField
              name="endpoint"
              label={t('open311.admin.field.endpoint')}
              required
              t={t}
              form={form}
              placeholder={t('open311.admin.field.endpointChoose')}
              options={endpoints.map((e) => ({ value: e.endpoint, label: e.endpoint }))}
            />
            <TextField name="apiKey" type="password" autocomplete="off" label={t('open311.admin.field.key')} hint={t('open311.admin.field.keyHint')} required t={t} form={form} maxlength={500} />
            <SubmitButton label={t('open311.admin.save')} />
          </Form>
        </>
      )}
      <h2 class="kern-heading-medium">{t('open311.admin.failuresHeading')}</h2>
      <Table<LinkTable>
        caption={t('open311.admin.failuresCaption')}
        rows={failures}
        empty={t('open311.admin.noFailures')}
        columns={[
          { header: t('open311.admin.col.concern'), cell: (l) => <a class="kern-link" href={`/concerns/${encodeURIComponent(l.concern_number)}`}>{l.concern_number}</a> },
          { header: t('open311.admin.col.endpoint'), cell: (l) => <code class="q-code">{l.endpoint}</code> },
          { header: t('open311.admin.col.error'), cell: (l) => (l.last_error ? <code class="q-code">{l.last_error}</code> : '–') },
          { header: t('open311.admin.col.attempts'), cell: (l) => n(Number(l.attempts)), numeric: true },
          { header: t('open311.admin.col.synced'), cell: (l) => when(l.last_synced_at) },
        ]}
      />
    </section>
  );
  return render(c, t('open311.admin.title'), body, { status, crumbs: [[t('auth.nav.staff'), '/staff'], [t('open311.admin.heading')]] });
}

pages.get('/admin/open311', (c) => page(c, emptyForm()));

pages.post('/admin/open311/keys', async (c) => {
  const values = await readForm(c);
  const endpoint = typeof values.endpoint === 'string' ? values.endpoint : '';
  const apiKey = typeof values.apiKey === 'string' ? values.apiKey : '';
  const errs = await fieldErrorsFrom(() => setClientKey(svc(c), endpoint, apiKey));
  if (errs) return page(c, { values: { endpoint }, errors: errs }, 422);
  return redirectWithNotice(c, '/admin/open311', 'open311.admin.saved');
});
