/** @jsxImportSource hono/jsx */
/** Staff pages of the groups module: the list with the two watch lists, the form (new/edit) and one group. */
import type { Child } from 'hono/jsx';
import { formatDate, formatDateTime, formatNumber, type Locale, type Translate } from '../../../platform/i18n';
import { Alert, CheckboxGroup, Checkbox, ErrorSummary, Form, LinkButton, SelectField, SubmitButton, Table, TextArea, TextField, type FormState, type Option } from '../../../platform/ui/components';
import { MILESTONES, STAGES, type Stage } from '../groups.rules';
import type { GroupDetail } from '../groups.service';
import type { ContactRef } from '../groups.people';
import type { Group, GroupSummary } from '../groups.types';

export interface ViewBase {
  t: Translate;
  locale: Locale;
}

export interface Lookups {
  areas: Option[];
  topics: Option[];
}

export function hours(locale: Locale, minutes: number): string {
  return formatNumber(locale, minutes / 60, { maximumFractionDigits: 2 });
}

export function StageBadge(p: { t: Translate; stage: Stage }) {
  return <span class="kern-badge kern-badge--info q-group-stage">{p.t(`groups.stage.${p.stage}`)}</span>;
}

function Facts(p: { items: Array<[string, Child]> }) {
  return (
    <dl class="kern-description-list q-group-facts">
      {p.items.map(([k, v]) => (
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{k}</dt>
          <dd class="kern-description-list-item__value">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

const nameOf = (opts: Option[], id: string) => opts.find((o) => o.value === id)?.label ?? id;

function GroupLink(p: { g: Group }) {
  return (
    <a class="kern-link" href={`/staff/groups/${p.g.id}`}>
      {p.g.name}
    </a>
  );
}

export function ListPage(p: ViewBase & { groups: Group[]; close: GroupSummary[]; rising: GroupSummary[]; windows: { recent: [string, string]; before: [string, string] }; lookups: Lookups; query: Record<string, unknown>; canCreate: boolean }) {
  const { t, locale } = p;
  const filter: FormState = { values: p.query, errors: [] };
  return (
    <div class="q-stack">
      <h1 class="kern-heading-large">{t('groups.list.heading')}</h1>
      {p.canCreate && (
        <div class="q-actions">
          <LinkButton href="/staff/groups/new" label={t('groups.new.heading')} variant="primary" />
        </div>
      )}
      <Form action="/staff/groups" method="get" class="q-filter q-form--inline">
        <SelectField name="area" label={t('groups.field.area')} t={t} form={filter} placeholder={t('groups.filter.all')} options={p.lookups.areas} />
        <SelectField name="stage" label={t('groups.field.stage')} t={t} form={filter} placeholder={t('groups.filter.all')} options={STAGES.map((s) => ({ value: s, label: t(`groups.stage.${s}`) }))} />
        <SelectField name="topic" label={t('groups.field.topics')} t={t} form={filter} placeholder={t('groups.filter.all')} options={p.lookups.topics} />
        <TextField name="q" label={t('groups.filter.q')} t={t} form={filter} type="search" maxlength={100} />
        <SubmitButton label={t('groups.filter.apply')} variant="secondary" />
      </Form>
      <Table
        caption={t('groups.list.caption', { count: p.groups.length })}
        empty={t('groups.list.empty')}
        rows={p.groups}
        columns={[
          { header: t('groups.field.name'), cell: (g) => <GroupLink g={g} /> },
          { header: t('groups.field.area'), cell: (g) => nameOf(p.lookups.areas, g.areaId) },
          { header: t('groups.field.stage'), cell: (g) => <StageBadge t={t} stage={g.stage} /> },
          { header: t('groups.field.topics'), cell: (g) => g.topicIds.map((id) => nameOf(p.lookups.topics, id)).join(', ') || '–' },
          { header: t('groups.field.startDate'), cell: (g) => formatDate(locale, `${g.startDate}T12:00:00Z`) },
        ]}
      />
      <section class="q-stack" aria-labelledby="close-heading" id="close">
        <h2 class="kern-heading-medium" id="close-heading">
          {t('groups.watch.closeHeading')}
        </h2>
        <p class="kern-body">{t('groups.watch.closeRule')}</p>
        <Table
          caption={t('groups.watch.closeHeading')}
          captionHidden
          empty={t('groups.watch.closeEmpty')}
          rows={p.close}
          columns={[
            { header: t('groups.field.name'), cell: (s) => <GroupLink g={s.group} /> },
            { header: t('groups.field.stage'), cell: (s) => <StageBadge t={t} stage={s.group.stage} /> },
            { header: t('groups.watch.milestones'), cell: (s) => t('groups.watch.milestonesOf', { count: s.milestones, total: MILESTONES.length }), numeric: true },
          ]}
        />
      </section>
      <section class="q-stack" aria-labelledby="rising-heading" id="rising">
        <h2 class="kern-heading-medium" id="rising-heading">
          {t('groups.watch.risingHeading')}
        </h2>
        <p class="kern-body">{t('groups.watch.risingRule', { recentFrom: p.windows.recent[0], recentTo: p.windows.recent[1], beforeFrom: p.windows.before[0], beforeTo: p.windows.before[1] })}</p>
        <Table
          caption={t('groups.watch.risingHeading')}
          captionHidden
          empty={t('groups.watch.risingEmpty')}
          rows={p.rising}
          columns={[
            { header: t('groups.field.name'), cell: (s) => <GroupLink g={s.group} /> },
            { header: t('groups.watch.before'), cell: (s) => hours(locale, s.beforeMinutes), numeric: true },
            { header: t('groups.watch.recent'), cell: (s) => hours(locale, s.recentMinutes), numeric: true },
          ]}
        />
      </section>
    </div>
  );
}

export function GroupFormPage(p: ViewBase & { mode: 'new' | 'edit'; action: string; csrfToken: string; form: FormState; lookups: Lookups; contacts: ContactRef[] | null; title: string }) {
  const { t, form } = p;
  return (
    <div class="q-stack">
      <h1 class="kern-heading-large">{p.title}</h1>
      <ErrorSummary form={form} t={t} />
      <Form action={p.action} csrfToken={p.csrfToken}>
        <TextField name="name" label={t('groups.field.name')} t={t} form={form} required maxlength={160} />
        <SelectField name="areaId" label={t('groups.field.area')} t={t} form={form} required placeholder={t('groups.form.choose')} options={p.lookups.areas} />
        <TextArea name="purpose" label={t('groups.field.purpose')} hint={t('groups.field.purposeHint')} t={t} form={form} required rows={4} maxlength={2000} />
        <TextField name="startDate" type="date" label={t('groups.field.startDate')} t={t} form={form} required />
        {p.mode === 'new' && <SelectField name="stage" label={t('groups.field.stage')} t={t} form={form} options={STAGES.filter((s) => s !== 'ended' && s !== 'dormant').map((s) => ({ value: s, label: t(`groups.stage.${s}`) }))} />}
        <CheckboxGroup name="topicIds" legend={t('groups.field.topics')} t={t} form={form} options={p.lookups.topics} />
        {p.contacts && (
          <SelectField
            name="contactPersonId"
            label={t('groups.field.contact')}
            hint={t('groups.field.contactHint')}
            t={t}
            form={form}
            placeholder={t('groups.form.noContact')}
            options={p.contacts.map((c) => ({ value: c.id, label: c.organisations.length ? `${c.name ?? c.id} (${c.organisations.join(', ')})` : (c.name ?? c.id) }))}
          />
        )}
        <fieldset class="kern-fieldset">
          <legend class="kern-label">{t('groups.form.publicLegend')}</legend>
          <div class="kern-fieldset__body q-stack">
            <div class="kern-hint">{t('groups.form.publicHint')}</div>
            <Checkbox name="public" label={t('groups.field.public')} t={t} form={form} />
            <TextArea name="publicText" label={t('groups.field.publicText')} hint={t('groups.field.publicTextHint')} t={t} form={form} rows={4} maxlength={2000} />
            <TextField name="meetingInfo" label={t('groups.field.meetingInfo')} hint={t('groups.field.meetingInfoHint')} t={t} form={form} maxlength={300} />
          </div>
        </fieldset>
        <div class="q-actions">
          <SubmitButton label={p.mode === 'new' ? t('groups.form.create') : t('groups.form.save')} />
          <LinkButton href={p.mode === 'new' ? '/staff/groups' : p.action} label={t('groups.form.cancel')} variant="tertiary" />
        </div>
      </Form>
    </div>
  );
}

export interface DetailForms {
  stage: FormState;
  support: FormState;
  milestones: FormState;
  link?: FormState;
  offer?: FormState;
}

export function DetailPage(p: ViewBase & { d: GroupDetail; lookups: Lookups; csrfToken: string; forms: DetailForms; today: string; newLink?: { url: string; expiresAt: string } | null; offerSection?: Child }) {
  const { t, locale, d } = p;
  const g = d.group;
  const monthly = new Map<string, number>();
  for (const s of d.support) monthly.set(s.month, (monthly.get(s.month) ?? 0) + s.minutes);
  const reached = new Map(d.milestones.map((m) => [m.milestone, m.reachedOn]));
  const openLinks = d.links.filter((l) => !l.revokedAt && l.expiresAt > new Date().toISOString());
  return (
    <div class="q-stack q-group-detail">
      <h1 class="kern-heading-large">{g.name}</h1>
      {d.canManage && (
        <div class="q-actions">
          <LinkButton href={`/staff/groups/${g.id}/edit`} label={t('groups.detail.edit')} />
          {g.public && <LinkButton href={`/groups/${g.id}`} label={t('groups.detail.publicPage')} variant="tertiary" />}
        </div>
      )}
      <Facts
        items={[
          [t('groups.field.stage'), <StageBadge t={t} stage={g.stage} />],
          [t('groups.field.area'), nameOf(p.lookups.areas, g.areaId)],
          [t('groups.field.purpose'), g.purpose],
          [t('groups.field.startDate'), formatDate(locale, `${g.startDate}T12:00:00Z`)],
          [t('groups.field.topics'), g.topicIds.map((id) => nameOf(p.lookups.topics, id)).join(', ') || '–'],
          [t('groups.field.contact'), d.canManage ? (d.contact ? (d.contact.name ?? t('groups.detail.contactUnknown')) : t('groups.detail.noContact')) : g.contactPersonId ? t('groups.detail.hasContact') : t('groups.detail.noContact')],
          [t('groups.field.public'), g.public ? t('groups.detail.publicYes') : t('groups.detail.publicNo')],
        ]}
      />

      <section class="q-stack" aria-labelledby="stage-heading" id="stage">
        <h2 class="kern-heading-medium" id="stage-heading">
          {t('groups.detail.stageHeading')}
        </h2>
        {d.canManage && d.nextStages.length > 0 && (
          <>
            <ErrorSummary form={p.forms.stage} t={t} />
            <Form action={`/staff/groups/${g.id}/stage`} csrfToken={p.csrfToken} id="stage-form">
              <SelectField name="to" label={t('groups.detail.stageTo')} t={t} form={p.forms.stage} required placeholder={t('groups.form.choose')} options={d.nextStages.map((s) => ({ value: s, label: t(`groups.stage.${s}`) }))} />
              <TextArea name="note" label={t('groups.detail.stageNote')} t={t} form={p.forms.stage} rows={2} maxlength={1000} />
              <div class="q-actions">
                <SubmitButton label={t('groups.detail.stageSubmit')} />
              </div>
            </Form>
          </>
        )}
        <Table
          caption={t('groups.detail.historyCaption')}
          empty={t('groups.detail.historyEmpty')}
          rows={d.stages}
          columns={[
            { header: t('groups.detail.when'), cell: (s) => formatDateTime(locale, s.at) },
            { header: t('groups.detail.from'), cell: (s) => (s.fromStage ? t(`groups.stage.${s.fromStage}`) : '–') },
            { header: t('groups.detail.to'), cell: (s) => t(`groups.stage.${s.toStage}`) },
            { header: t('groups.detail.who'), cell: (s) => s.actorLabel },
            { header: t('groups.detail.note'), cell: (s) => s.note ?? '' },
          ]}
        />
      </section>

      <section class="q-stack" aria-labelledby="support-heading" id="support">
        <h2 class="kern-heading-medium" id="support-heading">
          {t('groups.detail.supportHeading')}
        </h2>
        {d.canManage && (
          <>
            <ErrorSummary form={p.forms.support} t={t} />
            <Form action={`/staff/groups/${g.id}/support`} csrfToken={p.csrfToken} id="support-form">
              <TextField name="month" type="text" label={t('groups.field.month')} hint={t('groups.field.monthHint')} t={t} form={p.forms.support} required maxlength={7} />
              <TextField name="hours" label={t('groups.field.hours')} hint={t('groups.field.hoursHint')} t={t} form={p.forms.support} required inputmode="decimal" maxlength={6} width={4} />
              <div class="q-actions">
                <SubmitButton label={t('groups.detail.supportSubmit')} />
              </div>
            </Form>
          </>
        )}
        <Table
          caption={t('groups.detail.monthlyCaption')}
          empty={t('groups.detail.supportEmpty')}
          rows={[...monthly.entries()]}
          columns={[
            { header: t('groups.field.month'), cell: ([m]) => m },
            { header: t('groups.field.hours'), cell: ([, min]) => hours(locale, min), numeric: true },
          ]}
        />
        {d.support.length > 0 && (
          <Table
            caption={t('groups.detail.entriesCaption')}
            empty=""
            rows={d.support}
            columns={[
              { header: t('groups.field.month'), cell: (s) => s.month },
              { header: t('groups.field.hours'), cell: (s) => hours(locale, s.minutes), numeric: true },
              { header: t('groups.detail.who'), cell: (s) => s.staffLabel },
              { header: t('groups.detail.loggedAt'), cell: (s) => formatDateTime(locale, s.createdAt) },
              ...(d.canManage
                ? [
                    {
                      header: t('groups.detail.actions'),
                      cell: (s: GroupDetail['support'][number]) => (
                        <Form action={`/staff/groups/${g.id}/support/${s.id}/delete`} csrfToken={p.csrfToken} class="q-form--inline">
                          <button type="submit" class="kern-btn kern-btn--tertiary" aria-label={t('groups.detail.deleteEntryLabel', { month: s.month, hours: hours(locale, s.minutes) })}>
                            <span class="kern-label">{t('groups.detail.deleteEntry')}</span>
                          </button>
                        </Form>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        )}
      </section>

      <section class="q-stack" aria-labelledby="milestones-heading" id="milestones">
        <h2 class="kern-heading-medium" id="milestones-heading">
          {t('groups.detail.milestonesHeading')}
        </h2>
        <p class="kern-body">{t('groups.watch.milestonesOf', { count: d.milestones.length, total: MILESTONES.length })}</p>
        {d.canManage ? (
          <>
            <ErrorSummary form={p.forms.milestones} t={t} />
            <Form action={`/staff/groups/${g.id}/milestones`} csrfToken={p.csrfToken} id="milestones-form">
              <fieldset class="kern-fieldset">
                <legend class="kern-label">{t('groups.detail.milestonesLegend')}</legend>
                <div class="kern-fieldset__body q-stack">
                  <div class="kern-hint">{t('groups.detail.milestonesHint')}</div>
                  {MILESTONES.map((m) => (
                    <TextField name={m} type="date" label={t(`groups.milestone.${m}`)} t={t} form={p.forms.milestones} />
                  ))}
                </div>
              </fieldset>
              <div class="q-actions">
                <SubmitButton label={t('groups.detail.milestonesSubmit')} />
              </div>
            </Form>
          </>
        ) : (
          <Table
            caption={t('groups.detail.milestonesHeading')}
            captionHidden
            empty=""
            rows={[...MILESTONES]}
            columns={[
              { header: t('groups.detail.milestone'), cell: (m) => t(`groups.milestone.${m}`) },
              { header: t('groups.detail.reachedOn'), cell: (m) => (reached.get(m) ? formatDate(locale, `${reached.get(m)}T12:00:00Z`) : t('groups.detail.notYet')) },
            ]}
          />
        )}
      </section>

      {p.offerSection}

      {d.canManage && (
        <section class="q-stack" aria-labelledby="link-heading" id="booking-link">
          <h2 class="kern-heading-medium" id="link-heading">
            {t('groups.link.heading')}
          </h2>
          <p class="kern-body">{t('groups.link.intro', { days: 30 })}</p>
          {p.newLink && (
            <Alert kind="success" title={t('groups.link.created')}>
              <p class="kern-body">{t('groups.link.createdText', { date: formatDate(locale, p.newLink.expiresAt) })}</p>
              <p class="q-token" id="booking-link-url">
                {p.newLink.url}
              </p>
            </Alert>
          )}
          {p.forms.link && <ErrorSummary form={p.forms.link} t={t} />}
          <p class="kern-body">{openLinks.length ? t('groups.link.open', { date: formatDate(locale, openLinks[0]!.expiresAt) }) : t('groups.link.none')}</p>
          {!g.contactPersonId && <p class="kern-body">{t('groups.link.needsContact')}</p>}
          <div class="q-actions">
            {g.contactPersonId && (
              <Form action={`/staff/groups/${g.id}/booking-link`} csrfToken={p.csrfToken} class="q-form--inline">
                <SubmitButton label={openLinks.length ? t('groups.link.renew') : t('groups.link.create')} variant="secondary" />
              </Form>
            )}
            {openLinks.length > 0 && (
              <Form action={`/staff/groups/${g.id}/booking-link/revoke`} csrfToken={p.csrfToken} class="q-form--inline">
                <SubmitButton label={t('groups.link.revoke')} variant="tertiary" />
              </Form>
            )}
          </div>
        </section>
      )}
    </div>
  );
}
