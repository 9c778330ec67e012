/** @jsxImportSource hono/jsx */
/**
 * The audit viewer (action 'audit.read'): GET /admin/audit with filters (entity type and id, actor, action, date
 * range in Europe/Berlin), paging, and every changed field as old → new. Read only: there is no route, service or
 * query that updates or deletes audit entries.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { Child } from 'hono/jsx';
import { userOptions, type AuthDb } from '../auth/users.queries';
import type { AppEnv } from '../http/context';
import { validate } from '../http/forms';
import { render } from '../http/render';
import { authorize } from '../auth/policy';
import { formatDateTime, type Translate } from '../i18n';
import { ErrorSummary, Pagination, SelectField, SubmitButton, TextField, type FormState } from '../ui/components';
import { auditEntityTypes, listAudit, type AuditEntry, type AuditTables, type Changes } from './index';
import type { TenantDb } from '../db/tenant-scope';

export const pages = new Hono<AppEnv>();

const PAGE_SIZE = 50;
const TIME_ZONE = 'Europe/Berlin';

/** The instant at which a calendar day starts in Europe/Berlin, as ISO UTC. */
export function startOfDayBerlin(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const utcMidnight = Date.UTC(y, m - 1, d);
  const name = new Intl.DateTimeFormat('en-US', { timeZone: TIME_ZONE, timeZoneName: 'longOffset' })
    .formatToParts(new Date(utcMidnight))
    .find((p) => p.type === 'timeZoneName')?.value;
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? '');
  const offsetMin = match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
  return new Date(utcMidnight - offsetMin * 60_000).toISOString();
}

export function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

const text = (max: number) => z.preprocess((v) => (typeof v === 'string' ? v.trim() || undefined : undefined), z.string().max(max).optional());
const date = () => z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined), z.iso.date().optional());

const filterSchema = z
  .object({
    entity_type: text(100),
    entity_id: text(200),
    actor: text(200),
    action: text(200),
    from: date(),
    to: date(),
  })
  .superRefine((v, ctx) => {
    if (v.from && v.to && v.to < v.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'audit.error.toBeforeFrom' });
  });

function show(v: unknown): string {
  if (v === null || v === undefined || v === '') return '–';
  if (Array.isArray(v)) return v.length ? v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join('; ') : '–';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function ChangeList(p: { t: Translate; changes: Changes }): Child {
  const entries = Object.entries(p.changes);
  if (entries.length === 0) return <span class="q-empty">–</span>;
  return (
    <ul class="q-changes">
      {entries.map(([field, c]) => (
        <li>
          <code class="q-code">{field}</code>: <span class="q-change__from">{show(c.from)}</span>
          <span aria-hidden="true"> → </span>
          <span class="kern-sr-only"> {p.t('audit.changedTo')} </span>
          <span class="q-change__to">{show(c.to)}</span>
        </li>
      ))}
    </ul>
  );
}

pages.get('/admin/audit', async (c) => {
  authorize(c.var.user, 'audit.read');
  const t = c.var.t;
  const locale = c.var.locale;
  const db = c.var.db as TenantDb<AuditTables>;
  const raw = c.req.query();
  const values: Record<string, string> = {};
  for (const k of ['entity_type', 'entity_id', 'actor', 'action', 'from', 'to']) if (typeof raw[k] === 'string') values[k] = raw[k]!;
  const v = validate(filterSchema, values);
  const offset = Math.max(0, Math.min(1_000_000, Number.parseInt(raw.offset ?? '0', 10) || 0));
  const filter = v.ok
    ? {
        entityType: v.data.entity_type,
        entityId: v.data.entity_id,
        actorId: v.data.actor,
        action: v.data.action,
        from: v.data.from ? startOfDayBerlin(v.data.from) : undefined,
        to: v.data.to ? startOfDayBerlin(nextDay(v.data.to)) : undefined,
      }
    : {};
  const [{ total, entries }, types, people] = await Promise.all([
    listAudit(db, { ...filter, limit: PAGE_SIZE, offset }),
    auditEntityTypes(db),
    userOptions(c.var.db as unknown as AuthDb),
  ]);
  const form: FormState = { values, errors: v.ok ? [] : v.errors };
  const params = new URLSearchParams(Object.entries(values).filter(([, x]) => x !== ''));
  const base = `/admin/audit${params.size ? `?${params.toString()}` : ''}`;
  const body = (
    <section class="q-stack">
      <h1 class="kern-heading-large">{t('audit.heading')}</h1>
      <p class="kern-body">{t('audit.intro')}</p>
      <ErrorSummary form={form} t={t} />
      <form method="get" action="/admin/audit" class="q-filter" role="search" aria-label={t('audit.filter')} novalidate>
        <SelectField name="entity_type" label={t('audit.entityType')} t={t} form={form} placeholder={t('audit.any')} options={types.map((x) => ({ value: x, label: x }))} />
        <TextField name="entity_id" label={t('audit.entityId')} t={t} form={form} maxlength={200} />
        <SelectField
          name="actor"
          label={t('audit.actor')}
          t={t}
          form={form}
          placeholder={t('audit.any')}
          options={people.map((p) => ({ value: p.id, label: `${p.displayName} (${p.email})` }))}
        />
        <TextField name="action" label={t('audit.action')} hint={t('audit.actionHint')} t={t} form={form} maxlength={200} />
        <TextField name="from" type="date" label={t('audit.from')} t={t} form={form} />
        <TextField name="to" type="date" label={t('audit.to')} t={t} form={form} />
        <div class="q-actions">
          <SubmitButton label={t('audit.apply')} variant="secondary" />
          <a class="kern-link" href="/admin/audit">
            {t('audit.reset')}
          </a>
        </div>
      </form>
      <p class="kern-body" role="status">
        {t('audit.count', { count: total })}
      </p>
      {entries.length === 0 ? (
        <p class="kern-body q-empty">{t('audit.none')}</p>
      ) : (
        <div class="kern-table-responsive" tabindex={0} role="region" aria-label={t('audit.caption')}>
          <table class="kern-table kern-table--striped q-audit">
            <caption class="kern-sr-only">{t('audit.caption')}</caption>
            <thead class="kern-table__head">
              <tr>
                <th scope="col" class="kern-table__header">{t('audit.at')}</th>
                <th scope="col" class="kern-table__header">{t('audit.actor')}</th>
                <th scope="col" class="kern-table__header">{t('audit.action')}</th>
                <th scope="col" class="kern-table__header">{t('audit.entity')}</th>
                <th scope="col" class="kern-table__header">{t('audit.changes')}</th>
              </tr>
            </thead>
            <tbody class="kern-table__body">
              {entries.map((e: AuditEntry) => (
                <tr>
                  <td class="kern-table__cell">
                    <time datetime={e.at}>{formatDateTime(locale, e.at)}</time>
                  </td>
                  <td class="kern-table__cell">{e.actorLabel}</td>
                  <td class="kern-table__cell">
                    <code class="q-code">{e.action}</code>
                  </td>
                  <td class="kern-table__cell">
                    <a class="kern-link" href={`/admin/audit?entity_type=${encodeURIComponent(e.entityType)}&entity_id=${encodeURIComponent(e.entityId)}`}>
                      {e.entityType} {e.entityId}
                    </a>
                  </td>
                  <td class="kern-table__cell">
                    <ChangeList t={t} changes={e.changes} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination t={t} total={total} limit={PAGE_SIZE} offset={offset} baseHref={base} />
    </section>
  );
  return render(c, t('audit.title'), body, { crumbs: [[t('auth.nav.staff'), '/staff'], [t('audit.heading')]], ...(v.ok ? {} : { status: 422 }) });
});
