/** @jsxImportSource hono/jsx */
/** Staff pages: the inbox (filters, bulk actions, CSV), one concern with its actions, entry on behalf, edit/redact. */
import type { Child } from 'hono/jsx';
import { formatDate, type Translate } from '../../../platform/i18n';
import { Checkbox, ErrorSummary, Form, LinkButton, Pagination, RadioGroup, SelectField, SubmitButton, Table, TextArea, TextField, type FormState } from '../../../platform/ui/components';
import type { Category, Concern, ConcernEvent, Status } from '../concerns.types';
import { STAFF_CHANNELS } from '../concerns.types';
import { Answers, Photos, PhotoField, type PhotoRef, ExtraQuestions, ListFilter, LocationFields, StatusBadge, Timeline, categoryName, excerpt, label, type Lookups, type ViewBase } from './public';

export interface UserOption {
  id: string;
  displayName: string;
}

export function InboxPage(
  p: ViewBase & {
    items: Concern[];
    total: number;
    offset: number;
    query: Record<string, unknown>;
    queryString: string;
    lookups: Lookups;
    users: UserOption[];
    departments: string[];
    csrfToken: string;
    canTriage: boolean;
    today: string;
    form: FormState;
    map?: Child;
  },
) {
  const { t } = p;
  const form: FormState = { values: p.query, errors: [] };
  const userName = (id: string | null) => (id ? (p.users.find((u) => u.id === id)?.displayName ?? id) : '–');
  return (
    <div class="q-stack">
      <h1 class="kern-heading-large">{t('concerns.inbox.heading')}</h1>
      {p.canTriage && (
        <div class="q-actions">
          <LinkButton href="/staff/concerns/new" label={t('concerns.staffNew.heading')} variant="primary" />
        </div>
      )}
      <ListFilter t={t} locale={p.locale} action="/staff/concerns" values={p.query} lookups={p.lookups}>
        <SelectField name="district" label={t('concerns.field.district')} t={t} form={form} placeholder={t('concerns.filter.all')} options={p.lookups.districts.map((d) => ({ value: String(d.number), label: `${d.number} ${d.name}` }))} />
        <SelectField
          name="assignee"
          label={t('concerns.field.assignee')}
          t={t}
          form={form}
          placeholder={t('concerns.filter.all')}
          options={[{ value: 'none', label: t('concerns.filter.unassigned') }, ...p.users.map((u) => ({ value: u.id, label: u.displayName }))]}
        />
        <TextField name="age" label={t('concerns.filter.age')} t={t} form={form} inputmode="numeric" width={4} />
        <Checkbox name="overdue" label={t('concerns.filter.overdue')} t={t} form={form} />
        <SelectField
          name="sort"
          label={t('concerns.filter.sort')}
          t={t}
          form={form}
          options={(['newest', 'oldest', 'due', 'support', 'number'] as const).map((s) => ({ value: s, label: t(`concerns.sort.${s}`) }))}
        />
      </ListFilter>
      <p>
        <a class="kern-link" href={`/staff/concerns/export.csv${p.queryString ? `?${p.queryString}` : ''}`}>
          {t('concerns.inbox.csv')}
        </a>
      </p>
      <ErrorSummary form={p.form} t={t} />
      <form method="post" action="/staff/concerns/bulk" class="q-concern-bulk">
        <input type="hidden" name="_csrf" value={p.csrfToken} />
        <div id="f-ids">
          <Table
            caption={t('concerns.inbox.caption', { count: p.total })}
            empty={t('concerns.list.none')}
            rows={p.items}
            columns={[
              ...(p.canTriage
                ? [
                    {
                      header: t('concerns.inbox.select'),
                      cell: (c: Concern) => (
                        <span class="kern-form-check">
                          <input class="kern-form-check__checkbox" type="checkbox" name="ids" value={c.id} id={`sel-${c.id}`} />
                          <label class="kern-label" for={`sel-${c.id}`}>
                            <span class="kern-sr-only">{c.number}</span>
                          </label>
                        </span>
                      ),
                    },
                  ]
                : []),
              {
                header: t('concerns.field.number'),
                cell: (c: Concern) => (
                  <a class="kern-link" href={`/staff/concerns/${c.id}`}>
                    {c.number}
                  </a>
                ),
              },
              { header: t('concerns.field.category'), cell: (c: Concern) => categoryName(p.lookups.categories, c.categoryId, p.locale) },
              { header: t('concerns.field.description'), cell: (c: Concern) => excerpt(c.description, 70) },
              { header: t('concerns.field.district'), cell: (c: Concern) => c.districtName ?? '–' },
              { header: t('concerns.field.status'), cell: (c: Concern) => <StatusBadge t={t} status={c.status} /> },
              { header: t('concerns.field.assignee'), cell: (c: Concern) => userName(c.assigneeId) },
              {
                header: t('concerns.field.due'),
                cell: (c: Concern) =>
                  c.dueDate ? (
                    <span class={c.dueDate < p.today && !c.closedAt ? 'q-concern-overdue' : ''}>
                      {formatDate(p.locale, `${c.dueDate}T12:00:00Z`)}
                      {c.dueDate < p.today && !c.closedAt && ` (${t('concerns.filter.overdue')})`}
                    </span>
                  ) : (
                    '–'
                  ),
              },
              { header: t('concerns.field.supports'), cell: (c: Concern) => String(c.supportCount), numeric: true },
              { header: t('concerns.field.created'), cell: (c: Concern) => formatDate(p.locale, c.createdAt) },
            ]}
          />
        </div>
        {p.canTriage && p.items.length > 0 && (
          <fieldset class="kern-fieldset q-concern-bulk__actions">
            <legend class="kern-label">{t('concerns.bulk.legend')}</legend>
            <div class="kern-fieldset__body q-filter">
              <SelectField name="department" label={t('concerns.field.department')} hint={t('concerns.bulk.departmentHint')} t={t} placeholder={t('concerns.bulk.categoryDepartment')} options={p.departments.map((d) => ({ value: d, label: d }))} />
              <SubmitButton label={t('concerns.bulk.forward')} variant="secondary" name="op" value="forward" />
              <SelectField name="assigneeId" label={t('concerns.field.assignee')} t={t} placeholder={t('concerns.filter.unassigned')} options={p.users.map((u) => ({ value: u.id, label: u.displayName }))} />
              <SubmitButton label={t('concerns.bulk.assign')} variant="secondary" name="op" value="assign" />
            </div>
          </fieldset>
        )}
      </form>
      <Pagination t={t} total={p.total} limit={25} offset={p.offset} baseHref={`/staff/concerns${p.queryString ? `?${p.queryString}` : ''}`} />
      {p.map && (
        <section class="q-stack q-concern-map" aria-labelledby="concern-map-heading">
          <h2 class="kern-heading-medium" id="concern-map-heading">
            {t('concerns.map.heading')}
          </h2>
          {p.map}
        </section>
      )}
    </div>
  );
}

export function DetailPage(
  p: ViewBase & {
    concern: Concern;
    events: ConcernEvent[];
    followers: number;
    category: Category | undefined;
    categories: Category[];
    areaName: string | null;
    users: UserOption[];
    csrfToken: string;
    can: { triage: boolean; answer: boolean; moderate: boolean; contact: boolean };
    nextStatuses: Status[];
    departments: string[];
    forms: { transition: FormState; note: FormState; merge: FormState };
    duplicateNumber: string | null;
    photos: PhotoRef[];
  },
) {
  const { t, concern: c } = p;
  const assignee = c.assigneeId ? (p.users.find((u) => u.id === c.assigneeId)?.displayName ?? c.assigneeId) : t('concerns.filter.unassigned');
  return (
    <div class="q-stack q-concern-detail">
      <h1 class="kern-heading-large">{t('concerns.page.heading', { number: c.number })}</h1>
      <p>
        <StatusBadge t={t} status={c.status} /> {!c.public && <span class="kern-badge kern-badge--warning">{t('concerns.field.hidden')}</span>}
      </p>
      <p>
        <a class="kern-link" href={`/concerns/${c.number}`}>
          {t('concerns.detail.publicPage')}
        </a>
        {p.can.moderate && (
          <>
            {' · '}
            <a class="kern-link" href={`/staff/concerns/${c.id}/edit`}>
              {t('concerns.detail.editLink')}
            </a>
          </>
        )}
      </p>
      <dl class="q-concern-facts">
        <dt>{t('concerns.field.category')}</dt>
        <dd>{p.category ? label(p.category.labels, p.locale) : c.categoryId}</dd>
        <dt>{t('concerns.field.channel')}</dt>
        <dd>{t(`concerns.channel.${c.channel}`)}</dd>
        <dt>{t('concerns.field.district')}</dt>
        <dd>{c.districtNumber ? `${c.districtNumber} ${c.districtName ?? ''}` : '–'}</dd>
        <dt>{t('concerns.field.area')}</dt>
        <dd>{p.areaName ?? t('concerns.detail.noArea')}</dd>
        <dt>{t('concerns.field.address')}</dt>
        <dd>{c.address ?? '–'}</dd>
        {c.lat !== null && c.lon !== null && (
          <>
            <dt>{t('concerns.field.point')}</dt>
            <dd>
              {c.lat.toFixed(5)}, {c.lon.toFixed(5)}
            </dd>
          </>
        )}
        <dt>{t('concerns.field.department')}</dt>
        <dd>{c.department ?? '–'}</dd>
        <dt>{t('concerns.field.assignee')}</dt>
        <dd>{assignee}</dd>
        <dt>{t('concerns.field.due')}</dt>
        <dd>{c.dueDate ? formatDate(p.locale, `${c.dueDate}T12:00:00Z`) : '–'}</dd>
        <dt>{t('concerns.field.supports')}</dt>
        <dd>
          {c.supportCount} ({t('concerns.detail.followers', { count: p.followers })})
        </dd>
        <dt>{t('concerns.field.created')}</dt>
        <dd>{formatDate(p.locale, c.createdAt)}</dd>
        {c.statusReason && (
          <>
            <dt>{c.status === 'rejected' ? t('concerns.field.reason') : t('concerns.field.referral')}</dt>
            <dd>{c.statusReason}</dd>
          </>
        )}
        {p.duplicateNumber && (
          <>
            <dt>{t('concerns.page.duplicateOf')}</dt>
            <dd>{p.duplicateNumber}</dd>
          </>
        )}
      </dl>
      {p.can.contact && (
        <section aria-labelledby="contact-title">
          <h2 class="kern-heading-medium" id="contact-title">
            {t('concerns.detail.contact')}
          </h2>
          {c.anonymisedAt ? (
            <p class="kern-body">{t('concerns.detail.anonymised')}</p>
          ) : (
            <dl class="q-concern-facts">
              <dt>{t('concerns.field.name')}</dt>
              <dd>{c.submitter.name ?? '–'}</dd>
              <dt>{t('concerns.field.email')}</dt>
              <dd>
                {c.submitter.email ?? '–'}
                {c.submitter.email && ` (${c.emailConfirmedAt ? t('concerns.detail.confirmed') : t('concerns.detail.unconfirmed')}${c.subscribed ? `, ${t('concerns.detail.subscribed')}` : ''})`}
              </dd>
              <dt>{t('concerns.field.phone')}</dt>
              <dd>{c.submitter.phone ?? '–'}</dd>
            </dl>
          )}
        </section>
      )}
      <h2 class="kern-heading-medium">{t('concerns.field.description')}</h2>
      <p class="kern-body q-concern-text">{c.description}</p>
      <Photos t={t} number={c.number} photos={c.public ? p.photos : []} />
      <Answers t={t} locale={p.locale} concern={c} category={p.category} />

      {p.can.answer && p.nextStatuses.length > 0 && (
        <section aria-labelledby="transition-title" class="q-concern-action">
          <h2 class="kern-heading-medium" id="transition-title">
            {t('concerns.detail.changeStatus')}
          </h2>
          <ErrorSummary form={p.forms.transition} t={t} />
          <Form action={`/staff/concerns/${c.id}/transition`} csrfToken={p.csrfToken}>
            <SelectField name="to" label={t('concerns.detail.newStatus')} t={t} form={p.forms.transition} required options={p.nextStatuses.map((s) => ({ value: s, label: t(`concerns.status.${s}`) }))} />
            {p.nextStatuses.includes('forwarded') && (
              <SelectField
                name="department"
                label={t('concerns.field.department')}
                hint={t('concerns.detail.departmentHint')}
                t={t}
                form={p.forms.transition}
                placeholder={p.category?.department ?? t('concerns.form.choose')}
                options={p.departments.map((d) => ({ value: d, label: d }))}
              />
            )}
            <TextArea name="reason" label={t('concerns.detail.reason')} hint={t('concerns.detail.reasonHint')} t={t} form={p.forms.transition} rows={3} maxlength={2000} />
            {p.nextStatuses.includes('duplicate') && <TextField name="duplicateOf" label={t('concerns.detail.duplicateOf')} hint={t('concerns.detail.duplicateOfHint')} t={t} form={p.forms.transition} maxlength={80} />}
            <TextArea name="note" label={t('concerns.detail.publicNote')} hint={t('concerns.detail.publicNoteHint')} t={t} form={p.forms.transition} rows={3} maxlength={4000} />
            <SubmitButton label={t('concerns.detail.saveStatus')} />
          </Form>
        </section>
      )}

      {p.can.answer && (
        <section aria-labelledby="note-title" class="q-concern-action">
          <h2 class="kern-heading-medium" id="note-title">
            {t('concerns.detail.addNote')}
          </h2>
          <ErrorSummary form={p.forms.note} t={t} />
          <Form action={`/staff/concerns/${c.id}/notes`} csrfToken={p.csrfToken}>
            <TextArea name="text" label={t('concerns.detail.noteText')} t={t} form={p.forms.note} required rows={3} maxlength={4000} />
            <RadioGroup
              name="visibility"
              legend={t('concerns.detail.noteVisibility')}
              t={t}
              form={p.forms.note}
              required
              options={[
                { value: 'internal', label: t('concerns.note.internal'), hint: t('concerns.note.internalHint') },
                { value: 'public', label: t('concerns.note.public'), hint: t('concerns.note.publicHint') },
              ]}
            />
            <SubmitButton label={t('concerns.detail.saveNote')} />
          </Form>
        </section>
      )}

      {p.can.triage && (
        <section aria-labelledby="assign-title" class="q-concern-action">
          <h2 class="kern-heading-medium" id="assign-title">
            {t('concerns.detail.assign')}
          </h2>
          <Form action={`/staff/concerns/${c.id}/assign`} csrfToken={p.csrfToken}>
            <SelectField name="assigneeId" label={t('concerns.field.assignee')} t={t} value={c.assigneeId ?? ''} placeholder={t('concerns.filter.unassigned')} options={p.users.map((u) => ({ value: u.id, label: u.displayName }))} />
            <SubmitButton label={t('concerns.detail.saveAssign')} variant="secondary" />
          </Form>
        </section>
      )}

      {p.can.triage && c.status !== 'duplicate' && (
        <section aria-labelledby="merge-title" class="q-concern-action">
          <h2 class="kern-heading-medium" id="merge-title">
            {t('concerns.detail.merge')}
          </h2>
          <ErrorSummary form={p.forms.merge} t={t} />
          <Form action={`/staff/concerns/${c.id}/merge`} csrfToken={p.csrfToken}>
            <TextField name="target" label={t('concerns.detail.mergeTarget')} hint={t('concerns.detail.mergeHint')} t={t} form={p.forms.merge} required maxlength={80} />
            <SubmitButton label={t('concerns.detail.mergeButton')} variant="secondary" />
          </Form>
        </section>
      )}

      <h2 class="kern-heading-medium">{t('concerns.page.timeline')}</h2>
      <Timeline t={t} locale={p.locale} events={p.events} staff />
    </div>
  );
}

export function StaffNewPage(p: ViewBase & { csrfToken: string; form: FormState; lookups: Lookups; map?: Child }) {
  const { t, form } = p;
  return (
    <div class="q-stack">
      <h1 class="kern-heading-large">{t('concerns.staffNew.heading')}</h1>
      <p class="kern-body">{t('concerns.staffNew.intro')}</p>
      <ErrorSummary form={form} t={t} />
      <Form action="/staff/concerns" csrfToken={p.csrfToken} enctype="multipart/form-data">
        <SelectField name="channel" label={t('concerns.field.channel')} t={t} form={form} required placeholder={t('concerns.form.choose')} options={STAFF_CHANNELS.map((c) => ({ value: c, label: t(`concerns.channel.${c}`) }))} />
        <SelectField name="categoryId" label={t('concerns.field.category')} t={t} form={form} required placeholder={t('concerns.form.choose')} options={p.lookups.categories.map((c) => ({ value: c.id, label: label(c.labels, p.locale) }))} />
        <TextArea name="description" label={t('concerns.field.description')} t={t} form={form} required rows={6} maxlength={4000} />
        <ExtraQuestions t={t} locale={p.locale} categories={p.lookups.categories} form={form} />
        <LocationFields t={t} locale={p.locale} form={form} districts={p.lookups.districts} map={p.map} />
        <PhotoField t={t} form={form} />
        <fieldset class="kern-fieldset">
          <legend class="kern-label">{t('concerns.form.contact')}</legend>
          <div class="kern-fieldset__body q-stack">
            <div class="kern-hint">{t('concerns.staffNew.contactHint')}</div>
            <TextField name="name" label={t('concerns.field.name')} t={t} form={form} maxlength={120} />
            <TextField name="email" label={t('concerns.field.email')} t={t} form={form} type="email" maxlength={254} />
            <TextField name="phone" label={t('concerns.field.phone')} t={t} form={form} type="tel" maxlength={40} />
            <Checkbox name="subscribe" label={t('concerns.field.subscribe')} hint={t('concerns.staffNew.subscribeHint')} t={t} form={form} />
          </div>
        </fieldset>
        <div class="q-actions">
          <SubmitButton label={t('concerns.staffNew.submit')} />
          <LinkButton href="/staff/concerns" label={t('concerns.form.cancel')} variant="tertiary" />
        </div>
      </Form>
    </div>
  );
}

export function EditPage(p: ViewBase & { concern: Concern; events: ConcernEvent[]; categories: Category[]; csrfToken: string; form: FormState; redactForm: FormState; t: Translate; photos: PhotoRef[] }) {
  const { t, concern: c } = p;
  const notes = p.events.filter((e) => e.text);
  return (
    <div class="q-stack">
      <h1 class="kern-heading-large">{t('concerns.edit.heading', { number: c.number })}</h1>
      <ErrorSummary form={p.form} t={t} />
      <Form action={`/staff/concerns/${c.id}/edit`} csrfToken={p.csrfToken}>
        <SelectField name="categoryId" label={t('concerns.field.category')} t={t} form={p.form} required options={p.categories.map((x) => ({ value: x.id, label: label(x.labels, p.locale) }))} />
        <TextArea name="description" label={t('concerns.field.description')} t={t} form={p.form} required rows={6} maxlength={4000} />
        <TextField name="address" label={t('concerns.field.address')} t={t} form={p.form} maxlength={200} />
        <Checkbox name="public" label={t('concerns.edit.public')} hint={t('concerns.edit.publicHint')} t={t} form={p.form} />
        <div class="q-actions">
          <SubmitButton label={t('concerns.edit.save')} />
          <LinkButton href={`/staff/concerns/${c.id}`} label={t('concerns.form.cancel')} variant="tertiary" />
        </div>
      </Form>
      <section aria-labelledby="redact-title" class="q-concern-action">
        <h2 class="kern-heading-medium" id="redact-title">
          {t('concerns.redact.heading')}
        </h2>
        <p class="kern-body">{t('concerns.redact.intro')}</p>
        <ErrorSummary form={p.redactForm} t={t} />
        <Form action={`/staff/concerns/${c.id}/redact`} csrfToken={p.csrfToken}>
          <Checkbox name="redactDescription" label={t('concerns.redact.description')} t={t} form={p.redactForm} />
          <TextArea name="description" label={t('concerns.redact.newText')} hint={t('concerns.redact.newTextHint')} t={t} form={p.redactForm} rows={5} maxlength={4000} />
          <Checkbox name="address" label={t('concerns.redact.address')} t={t} form={p.redactForm} />
          <Checkbox name="contact" label={t('concerns.redact.contact')} t={t} form={p.redactForm} />
          {notes.length > 0 && (
            <fieldset class="kern-fieldset">
              <legend class="kern-label">{t('concerns.redact.notes')}</legend>
              <div class="kern-fieldset__body">
                {notes.map((e) => (
                  <div class="kern-form-check">
                    <input class="kern-form-check__checkbox" type="checkbox" name="eventIds" value={e.id} id={`ev-${e.id}`} />
                    <label class="kern-label" for={`ev-${e.id}`}>
                      {formatDate(p.locale, e.at)}: {excerpt(e.text ?? '', 80)}
                    </label>
                  </div>
                ))}
              </div>
            </fieldset>
          )}
          {p.photos.length > 0 && (
            <fieldset class="kern-fieldset">
              <legend class="kern-label">{t('concerns.redact.photos')}</legend>
              <div class="kern-fieldset__body">
                {p.photos.map((ph, i) => (
                  <div class="kern-form-check">
                    <input class="kern-form-check__checkbox" type="checkbox" name="photoIds" value={ph.id} id={`ph-${ph.id}`} />
                    <label class="kern-label" for={`ph-${ph.id}`}>
                      {t('concerns.photo.alt', { n: i + 1, number: c.number })}
                    </label>
                  </div>
                ))}
              </div>
            </fieldset>
          )}
          <SubmitButton label={t('concerns.redact.button')} variant="secondary" />
        </Form>
      </section>
    </div>
  );
}
