/** @jsxImportSource hono/jsx */
/** Public pages: the intake form (no account), one concern by number, the list of concerns. */
import type { Child } from 'hono/jsx';
import { formatDate, formatDateTime, storedLabel, type Locale, type Translate } from '../../../platform/i18n';
import { Alert, Checkbox, ErrorSummary, Form, Pagination, SelectField, SubmitButton, Table, TextArea, TextField, type FormState } from '../../../platform/ui/components';
import type { Category, ConcernEvent, PublicConcern, Question, Status } from '../concerns.types';

export interface PhotoRef {
  id: string;
  thumbnailId: string | null;
}

/** Thumbnails linking to the full photo (served by the public photo route). */
export function Photos(p: { t: Translate; number: string; photos: PhotoRef[] }) {
  if (p.photos.length === 0) return null;
  return (
    <ul class="q-concern-photos">
      {p.photos.map((ph, i) => (
        <li>
          <a href={`/concerns/${p.number}/photos/${ph.id}`}>
            <img src={`/concerns/${p.number}/photos/${ph.thumbnailId ?? ph.id}`} alt={p.t('concerns.photo.alt', { n: i + 1, number: p.number })} loading="lazy" />
          </a>
        </li>
      ))}
    </ul>
  );
}

export interface ViewBase {
  t: Translate;
  locale: Locale;
}

export interface Lookups {
  categories: Category[];
  districts: { number: number; name: string }[];
  areas: { id: string; name: string; slug: string }[];
}

export const label = (l: { de: string; en: string | null; ar: string | null }, locale: Locale) => storedLabel(l, locale);

export function categoryName(cats: Category[], id: string, locale: Locale): string {
  const c = cats.find((x) => x.id === id);
  return c ? label(c.labels, locale) : id;
}

export function StatusBadge(p: { t: Translate; status: Status }) {
  const kind = p.status === 'resolved' ? 'success' : p.status === 'received' ? 'info' : p.status === 'rejected' || p.status === 'not_responsible' || p.status === 'duplicate' ? 'warning' : 'info';
  return <span class={`kern-badge kern-badge--${kind} q-concern-status q-concern-status--${p.status}`}>{p.t(`concerns.status.${p.status}`)}</span>;
}

function QuestionField(p: ViewBase & { q: Question; form: FormState; category: Category }) {
  const name = `q_${p.q.key}`;
  const text = label(p.q.label, p.locale);
  if (p.q.type === 'choice' || p.q.type === 'boolean') {
    const options =
      p.q.type === 'boolean'
        ? [
            { value: '1', label: p.t('concerns.answer.yes') },
            { value: '0', label: p.t('concerns.answer.no') },
          ]
        : (p.q.choices ?? []).map((c) => ({ value: c.value, label: label(c.label, p.locale) }));
    return <SelectField name={name} label={text} t={p.t} form={p.form} required={p.q.required} placeholder={p.t('concerns.form.choose')} options={options} />;
  }
  return <TextField name={name} label={text} t={p.t} form={p.form} required={p.q.required} inputmode={p.q.type === 'number' ? 'decimal' : 'text'} maxlength={500} />;
}

/** The extra questions of every category that has some, each group named by its category. */
export function ExtraQuestions(p: ViewBase & { categories: Category[]; form: FormState }) {
  const withQuestions = p.categories.filter((c) => c.questions.length > 0);
  if (withQuestions.length === 0) return null;
  return (
    <>
      {withQuestions.map((c) => (
        <fieldset class="kern-fieldset q-concern-questions">
          <legend class="kern-label">{p.t('concerns.form.questionsFor', { category: label(c.labels, p.locale) })}</legend>
          <div class="kern-fieldset__body q-stack">
            {c.questions.map((q) => (
              <QuestionField t={p.t} locale={p.locale} q={q} form={p.form} category={c} />
            ))}
          </div>
        </fieldset>
      ))}
    </>
  );
}

export function LocationFields(p: ViewBase & { form: FormState; districts: Lookups['districts']; map?: Child }) {
  const { t, form } = p;
  return (
    <fieldset class="kern-fieldset">
      <legend class="kern-label">{t('concerns.form.location')}</legend>
      <div class="kern-fieldset__body q-stack">
        <div class="kern-hint">{t('concerns.form.locationHint')}</div>
        <TextField name="address" label={t('concerns.field.address')} hint={t('concerns.field.addressHint')} t={t} form={form} maxlength={200} autocomplete="street-address" />
        <SelectField
          name="districtNumber"
          label={t('concerns.field.district')}
          hint={t('concerns.field.districtHint')}
          t={t}
          form={form}
          placeholder={t('concerns.form.choose')}
          options={p.districts.map((d) => ({ value: String(d.number), label: d.name }))}
        />
        {p.map}
        <fieldset class="kern-fieldset q-concern-point">
          <legend class="kern-label">{t('concerns.form.point')}</legend>
          <div class="kern-fieldset__body q-filter">
            <div class="kern-hint">{t('concerns.form.pointHint')}</div>
            <TextField name="lat" label={t('concerns.field.lat')} t={t} form={form} inputmode="decimal" maxlength={20} width={4} />
            <TextField name="lon" label={t('concerns.field.lon')} t={t} form={form} inputmode="decimal" maxlength={20} width={4} />
          </div>
        </fieldset>
      </div>
    </fieldset>
  );
}

export function IntakePage(p: ViewBase & { csrfToken: string; form: FormState; lookups: Lookups; suggestions: PublicConcern[]; honeypot?: Child; map?: Child }) {
  const { t, form } = p;
  return (
    <div class="q-stack q-concern-intake">
      <h1 class="kern-heading-large">{t('concerns.intake.heading')}</h1>
      <p class="kern-body">{t('concerns.intake.intro')}</p>
      <ErrorSummary form={form} t={t} />
      {p.suggestions.length > 0 && (
        <section class="kern-alert kern-alert--info q-concern-suggestions" aria-labelledby="dup-title" id="duplicates">
          <div class="kern-alert__header">
            <h2 class="kern-title" id="dup-title">
              {t('concerns.intake.duplicatesTitle')}
            </h2>
          </div>
          <div class="kern-alert__body q-stack">
            <p class="kern-body">{t('concerns.intake.duplicatesText')}</p>
            <ul class="kern-list">
              {p.suggestions.map((s) => (
                <li>
                  <a class="kern-link" href={`/concerns/${s.number}`}>
                    {s.number}
                  </a>
                  : {excerpt(s.description)} ({t('concerns.support.count', { count: s.supportCount })})
                  <form method="post" action={`/concerns/${s.number}/support`} class="q-inline-form">
                    <input type="hidden" name="_csrf" value={p.csrfToken} />
                    <button type="submit" class="kern-btn kern-btn--secondary kern-btn--x-small">
                      <span class="kern-label">
                        {t('concerns.support.button')}
                        <span class="kern-sr-only">: {s.number}</span>
                      </span>
                    </button>
                  </form>
                </li>
              ))}
            </ul>
          </div>
        </section>
      )}
      <Form action="/concerns" csrfToken={p.csrfToken} class="q-concern-form" enctype="multipart/form-data">
        {p.honeypot}
        <SelectField
          name="categoryId"
          label={t('concerns.field.category')}
          t={t}
          form={form}
          required
          placeholder={t('concerns.form.choose')}
          options={p.lookups.categories.map((c) => ({ value: c.id, label: label(c.labels, p.locale) }))}
        />
        <TextArea name="description" label={t('concerns.field.description')} hint={t('concerns.field.descriptionHint')} t={t} form={form} required rows={6} maxlength={4000} />
        <ExtraQuestions t={t} locale={p.locale} categories={p.lookups.categories} form={form} />
        <LocationFields t={t} locale={p.locale} form={form} districts={p.lookups.districts} map={p.map} />
        <PhotoField t={t} form={form} />
        <fieldset class="kern-fieldset">
          <legend class="kern-label">{t('concerns.form.contact')}</legend>
          <div class="kern-fieldset__body q-stack">
            <div class="kern-hint">{t('concerns.form.contactHint')}</div>
            <TextField name="name" label={t('concerns.field.name')} t={t} form={form} maxlength={120} autocomplete="name" />
            <TextField name="email" label={t('concerns.field.email')} t={t} form={form} type="email" maxlength={254} autocomplete="email" />
            <Checkbox name="subscribe" label={t('concerns.field.subscribe')} hint={t('concerns.field.subscribeHint')} t={t} form={form} />
          </div>
        </fieldset>
        <Alert kind="info" title={t('concerns.privacy.title')}>
          <p class="kern-body">{t('concerns.privacy.text')}</p>
        </Alert>
        <div class="q-actions">
          {p.suggestions.length > 0 ? <SubmitButton label={t('concerns.intake.submitAnyway')} name="skipDuplicates" value="1" /> : <SubmitButton label={t('concerns.intake.submit')} />}
        </div>
      </Form>
    </div>
  );
}

/** Up to three photos (the intake form and the staff entry form; the form must be multipart). */
export function PhotoField(p: { t: Translate; form: FormState }) {
  const error = p.form.errors.find((e) => e.field === 'photos');
  return (
    <div class={`kern-form-input${error ? ' kern-form-input--error' : ''}`}>
      <label class="kern-label" for="f-photos">
        {p.t('concerns.field.photos')}
        <span class="kern-label__optional"> – {p.t('form.optional')}</span>
      </label>
      <div class="kern-hint" id="f-photos-hint">
        {p.t('concerns.field.photosHint')}
      </div>
      {error && (
        <p class="kern-error" id="f-photos-error">
          <span class="kern-icon kern-icon--danger kern-icon--small" aria-hidden="true" />
          <span>{p.t(error.key, error.params)}</span>
        </p>
      )}
      <input class="kern-form-input__input" type="file" id="f-photos" name="photos" multiple accept="image/jpeg,image/png,image/webp" aria-describedby={error ? 'f-photos-hint f-photos-error' : 'f-photos-hint'} />
    </div>
  );
}

export function excerpt(s: string, n = 140): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

function answerText(t: Translate, locale: Locale, q: Question, v: string | number | boolean): string {
  if (q.type === 'boolean') return v ? t('concerns.answer.yes') : t('concerns.answer.no');
  if (q.type === 'choice') {
    const c = q.choices?.find((x) => x.value === v);
    return c ? label(c.label, locale) : String(v);
  }
  return String(v);
}

export function Answers(p: ViewBase & { concern: PublicConcern; category: Category | undefined }) {
  const qs = (p.category?.questions ?? []).filter((q) => p.concern.answers[q.key] !== undefined);
  if (qs.length === 0) return null;
  return (
    <dl class="q-concern-facts">
      {qs.map((q) => (
        <>
          <dt>{label(q.label, p.locale)}</dt>
          <dd>{answerText(p.t, p.locale, q, p.concern.answers[q.key]!)}</dd>
        </>
      ))}
    </dl>
  );
}

export function eventText(t: Translate, e: ConcernEvent): string {
  switch (e.kind) {
    case 'created':
      return t('concerns.event.created');
    case 'forward':
      return t('concerns.event.forwarded', { department: String(e.data.department ?? '') });
    case 'status':
      return t('concerns.event.status', { status: t(`concerns.status.${e.toStatus ?? 'received'}`) });
    case 'merge':
      return e.data.into ? t('concerns.event.mergedInto', { number: String(e.data.into) }) : t('concerns.event.mergedFrom', { number: String(e.data.from ?? '') });
    case 'note':
      return e.visibility === 'public' ? t('concerns.event.publicNote') : t('concerns.event.internalNote');
    case 'assign':
      return t('concerns.event.assigned');
    case 'redaction':
      return t('concerns.event.redacted', { fields: ((e.data.fields as string[] | undefined) ?? []).join(', ') });
    case 'edit':
      return e.data.onRequest ? t('concerns.event.erasedOnRequest') : t('concerns.event.edited');
    default:
      return e.kind;
  }
}

export function Timeline(p: ViewBase & { events: ConcernEvent[]; staff?: boolean }) {
  return (
    <ol class="q-concern-timeline">
      {p.events.map((e) => (
        <li class={`q-concern-timeline__item${e.visibility === 'internal' ? ' q-concern-timeline__item--internal' : ''}`}>
          <p class="kern-body kern-body--small">
            <time datetime={e.at}>{formatDateTime(p.locale, e.at)}</time>
            {p.staff && ` · ${e.actorLabel}`}
            {p.staff && e.visibility === 'internal' && ` · ${p.t('concerns.note.internal')}`}
          </p>
          <p class="kern-body">
            <strong>{eventText(p.t, e)}</strong>
          </p>
          {e.text && <p class="kern-body q-concern-text">{e.text}</p>}
        </li>
      ))}
    </ol>
  );
}

export function ConcernPage(p: ViewBase & { concern: PublicConcern; events: ConcernEvent[]; category: Category | undefined; areaName: string | null; duplicateNumber: string | null; csrfToken: string; followForm: FormState; photos: PhotoRef[]; follow?: Child }) {
  const { t, concern: c } = p;
  return (
    <div class="q-stack q-concern-page">
      <h1 class="kern-heading-large">{t('concerns.page.heading', { number: c.number })}</h1>
      <p>
        <StatusBadge t={t} status={c.status} />
      </p>
      <dl class="q-concern-facts">
        <dt>{t('concerns.field.category')}</dt>
        <dd>{p.category ? label(p.category.labels, p.locale) : '–'}</dd>
        <dt>{t('concerns.field.district')}</dt>
        <dd>{c.districtName ?? '–'}</dd>
        {p.areaName && (
          <>
            <dt>{t('concerns.field.area')}</dt>
            <dd>{p.areaName}</dd>
          </>
        )}
        {c.address && (
          <>
            <dt>{t('concerns.field.address')}</dt>
            <dd>{c.address}</dd>
          </>
        )}
        <dt>{t('concerns.field.created')}</dt>
        <dd>{formatDate(p.locale, c.createdAt)}</dd>
        {c.department && (
          <>
            <dt>{t('concerns.field.department')}</dt>
            <dd>{c.department}</dd>
          </>
        )}
        {c.statusReason && (
          <>
            <dt>{c.status === 'rejected' ? t('concerns.field.reason') : t('concerns.field.referral')}</dt>
            <dd>{c.statusReason}</dd>
          </>
        )}
      </dl>
      {p.duplicateNumber && (
        <Alert kind="info">
          <p class="kern-body">
            {t('concerns.page.duplicateOf')}{' '}
            <a class="kern-link" href={`/concerns/${p.duplicateNumber}`}>
              {p.duplicateNumber}
            </a>
          </p>
        </Alert>
      )}
      <h2 class="kern-heading-medium">{t('concerns.field.description')}</h2>
      <p class="kern-body q-concern-text">{c.description}</p>
      <Photos t={t} number={c.number} photos={p.photos} />
      <Answers t={t} locale={p.locale} concern={c} category={p.category} />
      {p.follow}
      {c.status !== 'duplicate' && (
        <section class="q-concern-support" aria-labelledby="support-title">
          <h2 class="kern-heading-medium" id="support-title">
            {t('concerns.support.heading')}
          </h2>
          <p class="kern-body">{t('concerns.support.count', { count: c.supportCount })}</p>
          <form method="post" action={`/concerns/${c.number}/support`}>
            <input type="hidden" name="_csrf" value={p.csrfToken} />
            <SubmitButton label={t('concerns.support.button')} variant="secondary" />
          </form>
          <ErrorSummary form={p.followForm} t={t} />
          <Form action={`/concerns/${c.number}/follow`} csrfToken={p.csrfToken} class="q-concern-follow">
            <TextField name="email" label={t('concerns.follow.email')} hint={t('concerns.follow.hint')} t={t} form={p.followForm} type="email" required autocomplete="email" />
            <SubmitButton label={t('concerns.follow.button')} variant="secondary" />
          </Form>
        </section>
      )}
      <h2 class="kern-heading-medium">{t('concerns.page.timeline')}</h2>
      <Timeline t={t} locale={p.locale} events={p.events} />
    </div>
  );
}

export function ListFilter(p: ViewBase & { action: string; values: Record<string, unknown>; lookups: Lookups; children?: Child }) {
  const { t } = p;
  const form: FormState = { values: p.values, errors: [] };
  return (
    <form method="get" action={p.action} class="q-filter">
      <SelectField name="area" label={t('concerns.field.area')} t={t} form={form} placeholder={t('concerns.filter.all')} options={p.lookups.areas.map((a) => ({ value: a.id, label: a.name }))} />
      <SelectField name="category" label={t('concerns.field.category')} t={t} form={form} placeholder={t('concerns.filter.all')} options={p.lookups.categories.map((c) => ({ value: c.id, label: label(c.labels, p.locale) }))} />
      <SelectField
        name="status"
        label={t('concerns.field.status')}
        t={t}
        form={form}
        placeholder={t('concerns.filter.all')}
        options={[
          { value: 'open', label: t('concerns.filter.open') },
          { value: 'closed', label: t('concerns.filter.closed') },
          ...(['received', 'accepted', 'forwarded', 'in_progress', 'resolved', 'not_responsible', 'rejected', 'duplicate'] as const).map((s) => ({ value: s, label: t(`concerns.status.${s}`) })),
        ]}
      />
      {p.children}
      <SubmitButton label={t('concerns.filter.apply')} variant="secondary" />
    </form>
  );
}

export function PublicListPage(p: ViewBase & { items: PublicConcern[]; total: number; offset: number; query: Record<string, unknown>; lookups: Lookups; baseHref: string; map?: Child }) {
  const { t } = p;
  return (
    <div class="q-stack">
      <h1 class="kern-heading-large">{t('concerns.list.heading')}</h1>
      <p class="kern-body">{t('concerns.list.intro')}</p>
      <p>
        <a class="kern-btn kern-btn--primary" href="/concerns/new">
          <span class="kern-label">{t('concerns.intake.heading')}</span>
        </a>
      </p>
      <ListFilter t={t} locale={p.locale} action="/concerns" values={p.query} lookups={p.lookups} />
      {p.map && (
        <section class="q-stack q-concern-map" aria-labelledby="concern-map-heading">
          <h2 class="kern-heading-medium" id="concern-map-heading">
            {t('concerns.map.heading')}
          </h2>
          {p.map}
        </section>
      )}
      <div id="concern-list">
      <Table
        caption={t('concerns.list.caption', { count: p.total })}
        empty={t('concerns.list.none')}
        rows={p.items}
        columns={[
          {
            header: t('concerns.field.number'),
            cell: (c) => (
              <a class="kern-link" href={`/concerns/${c.number}`}>
                {c.number}
              </a>
            ),
          },
          { header: t('concerns.field.category'), cell: (c) => categoryName(p.lookups.categories, c.categoryId, p.locale) },
          { header: t('concerns.field.description'), cell: (c) => excerpt(c.description, 90) },
          { header: t('concerns.field.district'), cell: (c) => c.districtName ?? '–' },
          { header: t('concerns.field.status'), cell: (c) => <StatusBadge t={t} status={c.status} /> },
          { header: t('concerns.field.supports'), cell: (c) => String(c.supportCount), numeric: true },
          { header: t('concerns.field.created'), cell: (c) => formatDate(p.locale, c.createdAt) },
        ]}
      />
      </div>
      <Pagination t={t} total={p.total} limit={25} offset={p.offset} baseHref={p.baseHref} />
    </div>
  );
}

/** The page behind a confirmation link: whose address for which concern, and one button (a POST) that confirms. */
export function ConfirmEmailPage(p: ViewBase & { token: string; target: { number: string; kind: 'submitter' | 'follower' }; csrfToken: string }) {
  const { t } = p;
  return (
    <div class="q-stack">
      <h1 class="kern-heading-large">{t('concerns.confirm.heading')}</h1>
      <p class="kern-body">{t(`concerns.confirm.intro.${p.target.kind}`, { number: p.target.number })}</p>
      <Form action={`/concerns/confirm/${p.token}`} csrfToken={p.csrfToken} class="q-confirm-form">
        <div class="q-actions">
          <SubmitButton label={t('concerns.confirm.button')} />
        </div>
      </Form>
      <p class="kern-body">{t('concerns.confirm.notRequested')}</p>
    </div>
  );
}

/** An unknown, expired or used confirmation link. */
export function BadConfirmLinkPage(p: ViewBase) {
  const { t } = p;
  return (
    <div class="q-stack">
      <h1 class="kern-heading-large">{t('concerns.confirm.badHeading')}</h1>
      <p class="kern-body">{t('concerns.confirm.badText')}</p>
    </div>
  );
}
