/** @jsxImportSource hono/jsx */
/** Staff pages: offices, rooms, bookings, offers (with registrations and attendance) and the advice log. */
import { formatDate, type Locale, type Translate } from '../../../platform/i18n';
import { Alert, Checkbox, CheckboxGroup, ErrorSummary, Form, LinkButton, RadioGroup, SelectField, SubmitButton, Table, TextArea, TextField, type FormState, type Option } from '../../../platform/ui/components';
import type { BookingOccurrence, Booking, Closure, Offer, Office, Registration, Room, AdviceMonth } from '../offices.types';
import { ADVICE_TARGET_GROUPS, ADVICE_TOPICS, BOOKABLE_BY, CHANNELS, EQUIPMENT, LANGUAGES, REFERRALS, TARGET_GROUPS, WEEKDAYS } from '../offices.types';
import { BookingTimeFields, ConflictList, RepeatFields } from './public';
import { dayLabel, intervalsText, languageOptions, options, timeOf, weekdayName } from './common';

type Conflicts = { date: string; start: string; end: string; title: string }[];

export function OfficesAdminPage(p: { t: Translate; offices: (Office & { areaName: string })[]; canCreate: boolean }) {
  const { t } = p;
  return (
    <>
      <h1 class="kern-heading-large">{t('offices.staff.heading')}</h1>
      {p.canCreate && (
        <p class="q-actions">
          <LinkButton href="/staff/offices/new" label={t('offices.staff.new')} variant="primary" />
        </p>
      )}
      <Table
        caption={t('offices.staff.heading')}
        captionHidden
        empty={t('offices.list.empty')}
        rows={p.offices}
        columns={[
          { header: t('offices.field.name'), cell: (o) => <a class="kern-link" href={`/staff/offices/${o.id}`}>{o.name}</a> },
          { header: t('offices.field.area'), cell: (o) => o.areaName },
          { header: t('offices.field.publicPage'), cell: (o) => <a class="kern-link" href={`/offices/${o.slug}`}>/offices/{o.slug}</a> },
        ]}
      />
    </>
  );
}

export function OfficeForm(p: { t: Translate; locale: Locale; form: FormState; csrfToken: string; action: string; areas: Option[]; submit: string }) {
  const { t, form } = p;
  return (
    <>
      <ErrorSummary t={t} form={form} />
      <Form action={p.action} csrfToken={p.csrfToken}>
        <TextField t={t} form={form} name="name" label={t('offices.field.name')} required />
        <TextField t={t} form={form} name="slug" label={t('offices.field.slug')} hint={t('offices.field.slugHint')} required />
        <SelectField t={t} form={form} name="areaId" label={t('offices.field.area')} options={p.areas} placeholder={t('offices.choose')} required />
        <TextField t={t} form={form} name="street" label={t('offices.field.street')} autocomplete="street-address" />
        <TextField t={t} form={form} name="postcode" label={t('offices.field.postcode')} width={4} />
        <TextField t={t} form={form} name="city" label={t('offices.field.city')} />
        <TextField t={t} form={form} name="lat" label={t('offices.field.lat')} inputmode="decimal" width={4} />
        <TextField t={t} form={form} name="lon" label={t('offices.field.lon')} inputmode="decimal" width={4} />
        <TextField t={t} form={form} name="phone" type="tel" label={t('offices.field.phone')} />
        <TextField t={t} form={form} name="email" type="email" label={t('offices.field.email')} />
        <TextArea t={t} form={form} name="description" label={t('offices.field.description')} rows={3} />
        <fieldset class="kern-fieldset">
          <legend class="kern-label">{t('offices.section.hours')}</legend>
          <p class="kern-hint">{t('offices.hours.formHint')}</p>
          {WEEKDAYS.map((d) => (
            <TextField t={t} form={form} name={`hours_${d}`} label={weekdayName(p.locale, d)} />
          ))}
          <Checkbox t={t} form={form} name="closedOnHolidays" label={t('offices.hours.closedOnHolidays')} />
        </fieldset>
        <fieldset class="kern-fieldset">
          <legend class="kern-label">{t('offices.section.accessibility')}</legend>
          <Checkbox t={t} form={form} name="stepFree" label={t('offices.access.stepFree')} />
          <Checkbox t={t} form={form} name="accessibleWc" label={t('offices.access.accessibleWc')} />
          <Checkbox t={t} form={form} name="hearingLoop" label={t('offices.access.hearingLoop')} />
          <TextArea t={t} form={form} name="accessibilityNotes" label={t('offices.access.notes')} rows={2} />
        </fieldset>
        <CheckboxGroup t={t} form={form} name="languages" legend={t('offices.field.languages')} options={languageOptions(p.locale, LANGUAGES)} />
        <TextArea t={t} form={form} name="staffOnDuty" label={t('offices.field.staffOnDuty')} hint={t('offices.field.staffOnDutyHint')} rows={2} />
        <div class="q-actions">
          <SubmitButton label={p.submit} />
        </div>
      </Form>
    </>
  );
}

export function OfficeDetailPage(p: {
  t: Translate;
  locale: Locale;
  office: Office;
  areaName: string;
  rooms: Room[];
  closures: Closure[];
  canManage: boolean;
  csrfToken: string;
  editForm: FormState;
  closureForm: FormState;
  areas: Option[];
}) {
  const { t, office } = p;
  return (
    <>
      <h1 class="kern-heading-large">{office.name}</h1>
      <p class="kern-body">
        {p.areaName} · <a class="kern-link" href={`/offices/${office.slug}`}>{t('offices.staff.publicPage')}</a> · <a class="kern-link" href={`/staff/bookings?office=${office.id}`}>{t('offices.nav.bookings')}</a>
      </p>
      <section aria-labelledby="rooms-h">
        <h2 class="kern-heading-medium" id="rooms-h">{t('offices.section.rooms')}</h2>
        <Table
          caption={t('offices.section.rooms')}
          captionHidden
          empty={t('offices.rooms.empty')}
          rows={p.rooms}
          columns={[
            { header: t('offices.field.name'), cell: (r) => (p.canManage ? <a class="kern-link" href={`/staff/rooms/${r.id}`}>{r.name}</a> : r.name) },
            { header: t('offices.room.capacityCol'), cell: (r) => String(r.capacity), numeric: true },
            { header: t('offices.room.bookableByCol'), cell: (r) => t(`offices.bookableBy.${r.bookableBy}`) },
            { header: t('offices.room.activeCol'), cell: (r) => (r.active ? t('offices.yes') : t('offices.no')) },
          ]}
        />
        {p.canManage && (
          <p class="q-actions">
            <LinkButton href={`/staff/offices/${office.id}/rooms/new`} label={t('offices.room.new')} />
          </p>
        )}
      </section>
      <section aria-labelledby="closures-h">
        <h2 class="kern-heading-medium" id="closures-h">{t('offices.closure.heading')}</h2>
        {p.closures.length === 0 ? (
          <p class="kern-body q-empty">{t('offices.closure.empty')}</p>
        ) : (
          <ul class="kern-list">
            {p.closures.map((c) => (
              <li>
                {dayLabel(p.locale, c.fromDate)} – {dayLabel(p.locale, c.toDate)}: {c.hours ? intervalsText(t, c.hours) : t('offices.hours.closed')}
                {c.reason ? ` (${c.reason})` : ''}
                {p.canManage && (
                  <form method="post" action={`/staff/offices/${office.id}/closures/${c.id}/delete`} class="q-inline-form">
                    <input type="hidden" name="_csrf" value={p.csrfToken} />{' '}
                    <button type="submit" class="kern-btn kern-btn--tertiary kern-btn--x-small">
                      <span class="kern-label">{t('offices.closure.remove')}</span>
                    </button>
                  </form>
                )}
              </li>
            ))}
          </ul>
        )}
        {p.canManage && (
          <>
            <h3 class="kern-title">{t('offices.closure.add')}</h3>
            <ErrorSummary t={t} form={p.closureForm} />
            <Form action={`/staff/offices/${office.id}/closures`} csrfToken={p.csrfToken} id="closure-form">
              <TextField t={t} form={p.closureForm} name="fromDate" type="date" label={t('offices.closure.from')} required />
              <TextField t={t} form={p.closureForm} name="toDate" type="date" label={t('offices.closure.to')} required />
              <TextField t={t} form={p.closureForm} name="hours" label={t('offices.closure.hours')} hint={t('offices.closure.hoursHint')} />
              <TextField t={t} form={p.closureForm} name="reason" label={t('offices.closure.reason')} />
              <div class="q-actions">
                <SubmitButton label={t('offices.closure.save')} variant="secondary" />
              </div>
            </Form>
          </>
        )}
      </section>
      {p.canManage && (
        <section aria-labelledby="edit-h">
          <h2 class="kern-heading-medium" id="edit-h">{t('offices.staff.edit')}</h2>
          <OfficeForm t={t} locale={p.locale} form={p.editForm} csrfToken={p.csrfToken} action={`/staff/offices/${office.id}`} areas={p.areas} submit={t('offices.save')} />
        </section>
      )}
    </>
  );
}

export function RoomForm(p: { t: Translate; form: FormState; csrfToken: string; action: string; heading: string }) {
  const { t, form } = p;
  return (
    <>
      <h1 class="kern-heading-large">{p.heading}</h1>
      <ErrorSummary t={t} form={form} />
      <Form action={p.action} csrfToken={p.csrfToken}>
        <TextField t={t} form={form} name="name" label={t('offices.field.name')} required />
        <TextField t={t} form={form} name="capacity" type="number" inputmode="numeric" label={t('offices.room.capacityCol')} required width={4} />
        <CheckboxGroup t={t} form={form} name="equipment" legend={t('offices.room.equipment')} options={options(t, 'offices.equipment', EQUIPMENT)} />
        <fieldset class="kern-fieldset">
          <legend class="kern-label">{t('offices.section.accessibility')}</legend>
          <Checkbox t={t} form={form} name="stepFree" label={t('offices.access.stepFree')} />
          <Checkbox t={t} form={form} name="accessibleWc" label={t('offices.access.accessibleWc')} />
          <Checkbox t={t} form={form} name="hearingLoop" label={t('offices.access.hearingLoop')} />
        </fieldset>
        <fieldset class="kern-fieldset">
          <legend class="kern-label">{t('offices.room.rules')}</legend>
          <Checkbox t={t} form={form} name="withinOpeningHours" label={t('offices.room.rule.withinHours')} />
          <TextField t={t} form={form} name="minMinutes" type="number" inputmode="numeric" label={t('offices.room.minMinutes')} required width={4} />
          <TextField t={t} form={form} name="maxMinutes" type="number" inputmode="numeric" label={t('offices.room.maxMinutes')} required width={4} />
          <TextField t={t} form={form} name="leadHours" type="number" inputmode="numeric" label={t('offices.room.leadHours')} required width={4} />
          <RadioGroup t={t} form={form} name="bookableBy" legend={t('offices.room.bookableByCol')} required options={options(t, 'offices.bookableBy', BOOKABLE_BY)} />
          <Checkbox t={t} form={form} name="active" label={t('offices.room.activeCol')} />
        </fieldset>
        <div class="q-actions">
          <SubmitButton label={t('offices.save')} />
        </div>
      </Form>
    </>
  );
}

function statusLabel(t: Translate, s: string) {
  return t(`offices.status.${s}`);
}

export function BookingsPage(p: { t: Translate; locale: Locale; items: Booking[]; rooms: Room[]; offices: Office[]; officeId?: string | undefined; status?: string | undefined; canRequest: boolean }) {
  const { t } = p;
  const room = (id: string) => p.rooms.find((r) => r.id === id);
  const office = (id: string | undefined) => p.offices.find((o) => o.id === id);
  return (
    <>
      <h1 class="kern-heading-large">{t('offices.bookings.heading')}</h1>
      {p.canRequest && (
        <p class="q-actions">
          <LinkButton href="/staff/bookings/new" label={t('offices.bookings.new')} variant="primary" />
        </p>
      )}
      <form method="get" action="/staff/bookings" class="q-filter" aria-label={t('offices.bookings.filter')}>
        <SelectField t={t} name="office" label={t('offices.field.office')} value={p.officeId ?? ''} placeholder={t('offices.calendar.allOffices')} options={p.offices.map((o) => ({ value: o.id, label: o.name }))} />
        <SelectField t={t} name="status" label={t('offices.bookings.status')} value={p.status ?? ''} placeholder={t('offices.bookings.allStatuses')} options={['requested', 'confirmed', 'declined', 'cancelled'].map((s) => ({ value: s, label: statusLabel(t, s) }))} />
        <SubmitButton label={t('offices.calendar.show')} variant="secondary" />
      </form>
      <Table
        caption={t('offices.bookings.heading')}
        captionHidden
        empty={t('offices.bookings.empty')}
        rows={p.items}
        columns={[
          { header: t('offices.booking.title'), cell: (b) => <a class="kern-link" href={`/staff/bookings/${b.id}`}>{b.title}</a> },
          { header: t('offices.bookings.room'), cell: (b) => `${room(b.roomId)?.name ?? ''} (${office(room(b.roomId)?.officeId)?.name ?? ''})` },
          { header: t('offices.bookings.when'), cell: (b) => `${dayLabel(p.locale, b.startDate)}, ${b.startTime}${b.rrule ? ` · ${t('offices.bookings.series')}` : ''}` },
          { header: t('offices.bookings.status'), cell: (b) => statusLabel(t, b.status) },
        ]}
      />
    </>
  );
}

export function BookingFormPage(p: { t: Translate; locale: Locale; form: FormState; csrfToken: string; rooms: Option[]; conflicts: Conflicts; canConfirm: boolean }) {
  const { t, form } = p;
  return (
    <>
      <h1 class="kern-heading-large">{t('offices.bookings.new')}</h1>
      <ErrorSummary t={t} form={form} />
      <ConflictList t={t} locale={p.locale} conflicts={p.conflicts} showTitles />
      <Form action="/staff/bookings" csrfToken={p.csrfToken}>
        <SelectField t={t} form={form} name="roomId" label={t('offices.bookings.room')} options={p.rooms} placeholder={t('offices.choose')} required />
        <TextField t={t} form={form} name="title" label={t('offices.booking.title')} required />
        <TextArea t={t} form={form} name="purpose" label={t('offices.booking.purpose')} rows={2} />
        <BookingTimeFields t={t} form={form} />
        <RepeatFields t={t} form={form} />
        <TextField t={t} form={form} name="contactName" label={t('offices.booking.onBehalfName')} hint={t('offices.booking.onBehalfHint')} />
        <TextField t={t} form={form} name="contactEmail" type="email" label={t('offices.booking.contactEmail')} />
        {p.canConfirm && <Checkbox t={t} form={form} name="confirm" label={t('offices.booking.confirmNow')} />}
        <div class="q-actions">
          <SubmitButton label={t('offices.booking.submitStaff')} />
        </div>
      </Form>
    </>
  );
}

export function BookingDetailPage(p: { t: Translate; locale: Locale; booking: Booking; room: Room; office: Office; occurrences: BookingOccurrence[]; csrfToken: string; canDecide: boolean; canCancel: boolean; form: FormState }) {
  const { t, booking: b } = p;
  const active = b.status === 'requested' || b.status === 'confirmed';
  return (
    <>
      <h1 class="kern-heading-large">{b.title}</h1>
      <ErrorSummary t={t} form={p.form} />
      <dl class="q-dl">
        <dt>{t('offices.bookings.status')}</dt>
        <dd id="booking-status">{statusLabel(t, b.status)}</dd>
        <dt>{t('offices.bookings.room')}</dt>
        <dd>
          {p.room.name}, {p.office.name}
        </dd>
        <dt>{t('offices.bookings.requester')}</dt>
        <dd>{t(`offices.requester.${b.requesterKind}`)}</dd>
        {(b.contactName || b.contactEmail) && (
          <>
            <dt>{t('offices.bookings.contact')}</dt>
            <dd>{[b.contactName, b.contactEmail].filter(Boolean).join(', ')}</dd>
          </>
        )}
        {b.purpose && (
          <>
            <dt>{t('offices.booking.purpose')}</dt>
            <dd>{b.purpose}</dd>
          </>
        )}
        {b.decisionNote && (
          <>
            <dt>{t('offices.bookings.note')}</dt>
            <dd>{b.decisionNote}</dd>
          </>
        )}
      </dl>
      {p.canDecide && b.status === 'requested' && (
        <Form action={`/staff/bookings/${b.id}/decide`} csrfToken={p.csrfToken}>
          <TextArea t={t} form={p.form} name="note" label={t('offices.bookings.noteToRequester')} rows={2} />
          <div class="q-actions">
            <SubmitButton label={t('offices.bookings.confirm')} name="decision" value="confirm" />
            <SubmitButton label={t('offices.bookings.decline')} name="decision" value="decline" variant="secondary" />
          </div>
        </Form>
      )}
      <h2 class="kern-heading-medium">{t('offices.bookings.occurrences')}</h2>
      <Table
        caption={t('offices.bookings.occurrences')}
        captionHidden
        empty={t('offices.bookings.empty')}
        rows={p.occurrences}
        columns={[
          { header: t('offices.booking.date'), cell: (o) => dayLabel(p.locale, o.date) },
          { header: t('offices.booking.time'), cell: (o) => `${timeOf(o.startAt)}–${timeOf(o.endAt)}` },
          { header: t('offices.bookings.status'), cell: (o) => (o.cancelled ? t('offices.status.cancelled') : statusLabel(t, b.status)) },
          {
            header: t('offices.bookings.actions'),
            cell: (o) =>
              p.canCancel && active && !o.cancelled && b.rrule ? (
                <form method="post" action={`/staff/bookings/${b.id}/cancel`} class="q-inline-form">
                  <input type="hidden" name="_csrf" value={p.csrfToken} />
                  <input type="hidden" name="date" value={o.date} />
                  <button type="submit" class="kern-btn kern-btn--tertiary kern-btn--x-small">
                    <span class="kern-label">{t('offices.bookings.cancelOne', { date: dayLabel(p.locale, o.date) })}</span>
                  </button>
                </form>
              ) : (
                ''
              ),
          },
        ]}
      />
      {p.canCancel && active && (
        <Form action={`/staff/bookings/${b.id}/cancel`} csrfToken={p.csrfToken}>
          <div class="q-actions">
            <SubmitButton label={b.rrule ? t('offices.bookings.cancelSeries') : t('offices.bookings.cancel')} variant="secondary" />
          </div>
        </Form>
      )}
    </>
  );
}

export function OffersAdminPage(p: { t: Translate; locale: Locale; offers: Offer[]; offices: Office[] }) {
  const { t } = p;
  return (
    <>
      <h1 class="kern-heading-large">{t('offices.offers.heading')}</h1>
      <p class="q-actions">
        <LinkButton href="/staff/offers/new" label={t('offices.offers.new')} variant="primary" />
      </p>
      <Table
        caption={t('offices.offers.heading')}
        captionHidden
        empty={t('offices.offers.empty')}
        rows={p.offers}
        columns={[
          { header: t('offices.booking.title'), cell: (o) => <a class="kern-link" href={`/staff/offers/${o.id}`}>{o.title}</a> },
          { header: t('offices.field.office'), cell: (o) => p.offices.find((x) => x.id === o.officeId)?.name ?? '' },
          { header: t('offices.offer.from'), cell: (o) => dayLabel(p.locale, o.startDate) },
          { header: t('offices.bookings.status'), cell: (o) => t(`offices.offerStatus.${o.status}`) },
        ]}
      />
    </>
  );
}

export function OfferFormPage(p: { t: Translate; locale: Locale; form: FormState; csrfToken: string; offices: Option[]; rooms: Option[]; conflicts: Conflicts }) {
  const { t, form } = p;
  return (
    <>
      <h1 class="kern-heading-large">{t('offices.offers.new')}</h1>
      <ErrorSummary t={t} form={form} />
      <ConflictList t={t} locale={p.locale} conflicts={p.conflicts} showTitles />
      <Form action="/staff/offers" csrfToken={p.csrfToken}>
        <TextField t={t} form={form} name="title" label={t('offices.booking.title')} required />
        <TextArea t={t} form={form} name="description" label={t('offices.field.description')} rows={3} />
        <SelectField t={t} form={form} name="officeId" label={t('offices.field.office')} options={p.offices} placeholder={t('offices.choose')} required />
        <SelectField t={t} form={form} name="roomId" label={t('offices.offer.room')} options={p.rooms} placeholder={t('offices.offer.noRoom')} hint={t('offices.offer.roomHint')} />
        <BookingTimeFields t={t} form={form} />
        <RepeatFields t={t} form={form} />
        <CheckboxGroup t={t} form={form} name="targetGroups" legend={t('offices.offer.targetGroups')} options={options(t, 'offices.target', TARGET_GROUPS)} />
        <CheckboxGroup t={t} form={form} name="languages" legend={t('offices.field.languages')} options={languageOptions(p.locale, LANGUAGES)} />
        <TextField t={t} form={form} name="cost" label={t('offices.offer.cost')} hint={t('offices.offer.costHint')} />
        <TextArea t={t} form={form} name="accessibilityNotes" label={t('offices.section.accessibility')} rows={2} />
        <fieldset class="kern-fieldset">
          <legend class="kern-label">{t('offices.offer.register')}</legend>
          <Checkbox t={t} form={form} name="registration" label={t('offices.offer.registrationNeeded')} />
          <TextField t={t} form={form} name="capacity" type="number" inputmode="numeric" label={t('offices.offer.capacity')} hint={t('offices.offer.capacityHint')} width={4} />
        </fieldset>
        <Checkbox t={t} form={form} name="publish" label={t('offices.offer.publishNow')} />
        <div class="q-actions">
          <SubmitButton label={t('offices.offers.save')} />
        </div>
      </Form>
    </>
  );
}

export function OfferAdminPage(p: {
  t: Translate;
  locale: Locale;
  offer: Offer;
  office: Office;
  registrations: Registration[];
  sessions: { date: string; start: string }[];
  attendance: Record<string, number>;
  csrfToken: string;
  form: FormState;
}) {
  const { t, offer } = p;
  return (
    <>
      <h1 class="kern-heading-large">{offer.title}</h1>
      <ErrorSummary t={t} form={p.form} />
      <p class="kern-body">
        {t(`offices.offerStatus.${offer.status}`)} · {p.office.name} · <a class="kern-link" href={`/offers/${offer.id}`}>{t('offices.staff.publicPage')}</a>
      </p>
      <div class="q-actions">
        {offer.status === 'draft' && (
          <Form action={`/staff/offers/${offer.id}/status`} csrfToken={p.csrfToken}>
            <input type="hidden" name="status" value="published" />
            <SubmitButton label={t('offices.offers.publish')} />
          </Form>
        )}
        {offer.status !== 'cancelled' && (
          <Form action={`/staff/offers/${offer.id}/status`} csrfToken={p.csrfToken}>
            <input type="hidden" name="status" value="cancelled" />
            <SubmitButton label={t('offices.offers.cancel')} variant="secondary" />
          </Form>
        )}
      </div>
      {offer.registration && (
        <section aria-labelledby="reg-h">
          <h2 class="kern-heading-medium" id="reg-h">{t('offices.offers.registrations')}</h2>
          <Table
            caption={t('offices.offers.registrations')}
            captionHidden
            empty={t('offices.offers.noRegistrations')}
            rows={p.registrations}
            columns={[
              { header: t('offices.offer.name'), cell: (r) => r.name || t('offices.registration.erased') },
              { header: t('offices.offer.email'), cell: (r) => r.email },
              { header: t('offices.offer.places'), cell: (r) => String(r.places), numeric: true },
              { header: t('offices.bookings.status'), cell: (r) => t(`offices.registration.state.${r.status}`) },
            ]}
          />
        </section>
      )}
      <section aria-labelledby="att-h">
        <h2 class="kern-heading-medium" id="att-h">{t('offices.offers.attendance')}</h2>
        <p class="kern-body">{t('offices.offers.attendanceHint')}</p>
        <Table
          caption={t('offices.offers.attendance')}
          captionHidden
          empty={t('offices.offer.noDates')}
          rows={p.sessions}
          columns={[
            { header: t('offices.booking.date'), cell: (s) => `${dayLabel(p.locale, s.date)}, ${timeOf(s.start)}` },
            { header: t('offices.offers.count'), cell: (s) => (p.attendance[s.date] === undefined ? '–' : String(p.attendance[s.date])), numeric: true },
          ]}
        />
        <Form action={`/staff/offers/${offer.id}/attendance`} csrfToken={p.csrfToken}>
          <SelectField t={t} form={p.form} name="date" label={t('offices.booking.date')} options={p.sessions.map((s) => ({ value: s.date, label: dayLabel(p.locale, s.date) }))} required />
          <TextField t={t} form={p.form} name="count" type="number" inputmode="numeric" label={t('offices.offers.count')} required width={4} />
          <div class="q-actions">
            <SubmitButton label={t('offices.offers.saveCount')} variant="secondary" />
          </div>
        </Form>
      </section>
    </>
  );
}

export function AdviceFormPage(p: { t: Translate; locale: Locale; form: FormState; csrfToken: string; offices: Option[] }) {
  const { t, form } = p;
  return (
    <>
      <h1 class="kern-heading-large">{t('offices.advice.new')}</h1>
      <Alert kind="info" title={t('offices.advice.noNamesTitle')}>
        <p class="kern-body">{t('offices.advice.noNames')}</p>
      </Alert>
      <ErrorSummary t={t} form={form} />
      <Form action="/staff/advice" csrfToken={p.csrfToken} class="q-form--compact">
        <SelectField t={t} form={form} name="officeId" label={t('offices.field.office')} options={p.offices} required />
        <TextField t={t} form={form} name="date" type="date" label={t('offices.booking.date')} required />
        <RadioGroup t={t} form={form} name="channel" legend={t('offices.advice.channel')} required options={options(t, 'offices.channel', CHANNELS)} />
        <CheckboxGroup t={t} form={form} name="topics" legend={t('offices.advice.topics')} required options={options(t, 'offices.topic', ADVICE_TOPICS)} />
        <SelectField t={t} form={form} name="language" label={t('offices.advice.language')} options={languageOptions(p.locale, LANGUAGES)} required />
        <SelectField t={t} form={form} name="targetGroup" label={t('offices.advice.targetGroup')} options={options(t, 'offices.adviceTarget', ADVICE_TARGET_GROUPS)} placeholder={t('offices.advice.notSaid')} />
        <CheckboxGroup t={t} form={form} name="referrals" legend={t('offices.advice.referrals')} options={options(t, 'offices.referral', REFERRALS)} />
        <TextField t={t} form={form} name="duration" type="number" inputmode="numeric" label={t('offices.advice.duration')} required width={4} />
        <Checkbox t={t} form={form} name="followUp" label={t('offices.advice.followUp')} />
        <div class="q-actions">
          <SubmitButton label={t('offices.advice.save')} />
        </div>
      </Form>
    </>
  );
}

function countList(t: Translate, prefix: string | null, rec: Record<string, number>, label?: (k: string) => string) {
  const entries = Object.entries(rec).sort((a, b) => b[1] - a[1]);
  if (!entries.length) return '–';
  return entries.map(([k, n]) => `${label ? label(k) : t(`${prefix}.${k}`)}: ${n}`).join(', ');
}

export function AdviceStatsPage(p: { t: Translate; locale: Locale; month: string; months: (AdviceMonth & { officeName: string })[]; canRecord: boolean; prev: string; next: string }) {
  const { t } = p;
  const monthLabel = formatDate(p.locale, `${p.month}-15T12:00:00Z`, { month: 'long', year: 'numeric' });
  return (
    <>
      <h1 class="kern-heading-large">{t('offices.advice.heading')}</h1>
      {p.canRecord && (
        <p class="q-actions">
          <LinkButton href="/staff/advice/new" label={t('offices.advice.new')} variant="primary" />
        </p>
      )}
      <nav class="q-actions" aria-label={t('offices.calendar.views')}>
        <a class="kern-link" href={`/staff/advice?month=${p.prev}`}>{t('offices.calendar.prev')}</a>
        <strong>{monthLabel}</strong>
        <a class="kern-link" href={`/staff/advice?month=${p.next}`}>{t('offices.calendar.next')}</a>
      </nav>
      <Table
        caption={t('offices.advice.statsCaption', { month: monthLabel })}
        empty={t('offices.list.empty')}
        rows={p.months}
        columns={[
          { header: t('offices.field.office'), cell: (m) => m.officeName },
          { header: t('offices.advice.entries'), cell: (m) => String(m.entries), numeric: true },
          { header: t('offices.advice.minutes'), cell: (m) => String(m.minutes), numeric: true },
          { header: t('offices.advice.followUps'), cell: (m) => String(m.followUps), numeric: true },
          { header: t('offices.advice.channel'), cell: (m) => countList(t, 'offices.channel', m.byChannel) },
          { header: t('offices.advice.topics'), cell: (m) => countList(t, 'offices.topic', m.byTopic) },
          { header: t('offices.advice.language'), cell: (m) => countList(t, null, m.byLanguage, (k) => k.toUpperCase()) },
          { header: t('offices.advice.referrals'), cell: (m) => countList(t, 'offices.referral', m.byReferral) },
        ]}
      />
    </>
  );
}
