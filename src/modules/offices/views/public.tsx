/** @jsxImportSource hono/jsx */
/** Public pages: offices with "open now", rooms with free/busy and the request form, the offers calendar, offer pages. */
import type { Child } from 'hono/jsx';
import { addDays } from '../../../platform/calendar';
import { formatDate, type Locale, type Translate } from '../../../platform/i18n';
import { Alert, Checkbox, ErrorSummary, Form, LinkButton, RadioGroup, SelectField, SubmitButton, TextArea, TextField, type FormState } from '../../../platform/ui/components';
import type { CalendarEntry } from '../offices.service';
import type { Closure, Interval, Offer, OpenState, Office, Room } from '../offices.types';
import { AccessibilityList, dayLabel, intervalsText, languageName, OpenBadge, timeOf, WeeklyHoursTable } from './common';

export function OfficesListPage(p: { t: Translate; locale: Locale; offices: { office: Office; state: OpenState; areaName: string }[] }) {
  const { t } = p;
  return (
    <>
      <h1 class="kern-heading-large">{t('offices.list.heading')}</h1>
      <p class="kern-body">{t('offices.list.intro')}</p>
      <p class="kern-body">
        <a class="kern-link" href="/offers">{t('offices.calendar.heading')}</a>
      </p>
      {p.offices.length === 0 ? (
        <p class="kern-body q-empty">{t('offices.list.empty')}</p>
      ) : (
        <ul class="q-grid q-plain-list">
          {p.offices.map(({ office, state, areaName }) => (
            <li class="kern-card">
              <div class="kern-card__container">
                <div class="kern-card__body">
                  <h2 class="kern-title">
                    <a class="kern-link" href={`/offices/${office.slug}`}>{office.name}</a>
                  </h2>
                  <p class="kern-body">{areaName}</p>
                  <p class="kern-body">{[office.street, [office.postcode, office.city].filter(Boolean).join(' ')].filter(Boolean).join(', ')}</p>
                  <OpenBadge t={t} locale={p.locale} state={state} />
                </div>
              </div>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export interface OfficePageProps {
  t: Translate;
  locale: Locale;
  office: Office;
  areaName: string;
  state: OpenState;
  days: { date: string; intervals: Interval[]; reason: string; note: string | null }[];
  closures: Closure[];
  rooms: Room[];
  upcoming: CalendarEntry[];
}

export function OfficePage(p: OfficePageProps) {
  const { t, office } = p;
  const address = [office.street, [office.postcode, office.city].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  const special = p.days.filter((d) => d.reason !== 'regular');
  return (
    <>
      <h1 class="kern-heading-large">{office.name}</h1>
      <OpenBadge t={t} locale={p.locale} state={p.state} />
      {office.description && <p class="kern-body">{office.description}</p>}
      <div class="q-grid">
        <section aria-labelledby="contact-h">
          <h2 class="kern-heading-medium" id="contact-h">{t('offices.section.contact')}</h2>
          <dl class="q-dl">
            <dt>{t('offices.field.area')}</dt>
            <dd>{p.areaName}</dd>
            {address && (
              <>
                <dt>{t('offices.field.address')}</dt>
                <dd>{address}</dd>
              </>
            )}
            {office.phone && (
              <>
                <dt>{t('offices.field.phone')}</dt>
                <dd>
                  <a class="kern-link" href={`tel:${office.phone.replace(/[^+0-9]/g, '')}`}>{office.phone}</a>
                </dd>
              </>
            )}
            {office.email && (
              <>
                <dt>{t('offices.field.email')}</dt>
                <dd>
                  <a class="kern-link" href={`mailto:${office.email}`}>{office.email}</a>
                </dd>
              </>
            )}
            {office.languages.length > 0 && (
              <>
                <dt>{t('offices.field.languages')}</dt>
                <dd>{office.languages.map((l) => languageName(p.locale, l)).join(', ')}</dd>
              </>
            )}
            {office.staffOnDuty && (
              <>
                <dt>{t('offices.field.staffOnDuty')}</dt>
                <dd>{office.staffOnDuty}</dd>
              </>
            )}
          </dl>
        </section>
        <section aria-labelledby="access-h">
          <h2 class="kern-heading-medium" id="access-h">{t('offices.section.accessibility')}</h2>
          <AccessibilityList t={t} a={office.accessibility} notes={office.accessibilityNotes} />
        </section>
      </div>
      <section aria-labelledby="hours-h">
        <h2 class="kern-heading-medium" id="hours-h">{t('offices.section.hours')}</h2>
        <WeeklyHoursTable t={t} locale={p.locale} hours={office.hours} caption={t('offices.hours.weekly')} />
        {office.closedOnHolidays && <p class="kern-body">{t('offices.hours.holidaysClosed')}</p>}
        {special.length > 0 && (
          <>
            <h3 class="kern-title">{t('offices.hours.exceptions')}</h3>
            <ul class="kern-list">
              {special.map((d) => (
                <li>
                  {dayLabel(p.locale, d.date)}: {intervalsText(t, d.intervals)}
                  {d.note ? ` (${d.note})` : ''}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      <section aria-labelledby="offers-h">
        <h2 class="kern-heading-medium" id="offers-h">{t('offices.section.offers')}</h2>
        <CalendarList t={t} locale={p.locale} entries={p.upcoming} empty={t('offices.calendar.empty')} />
        <p class="kern-body">
          <a class="kern-link" href={`/offers?office=${office.slug}`}>{t('offices.calendar.allOfOffice')}</a> ·{' '}
          <a class="kern-link" href={`/offices/${office.slug}/offers.ics`}>{t('offices.calendar.ics')}</a>
        </p>
      </section>
      <section aria-labelledby="rooms-h">
        <h2 class="kern-heading-medium" id="rooms-h">{t('offices.section.rooms')}</h2>
        {p.rooms.length === 0 ? (
          <p class="kern-body q-empty">{t('offices.rooms.empty')}</p>
        ) : (
          <ul class="kern-list">
            {p.rooms.map((r) => (
              <li>
                <a class="kern-link" href={`/offices/${office.slug}/rooms/${r.id}`}>{r.name}</a> – {t('offices.room.capacity', { n: r.capacity })}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

export function CalendarList(p: { t: Translate; locale: Locale; entries: CalendarEntry[]; empty: string }) {
  if (p.entries.length === 0) return <p class="kern-body q-empty">{p.empty}</p>;
  const days = new Map<string, CalendarEntry[]>();
  for (const e of p.entries) days.set(e.date, [...(days.get(e.date) ?? []), e]);
  return (
    <div class="q-stack">
      {[...days].map(([date, list]) => (
        <section aria-label={dayLabel(p.locale, date)}>
          <h3 class="kern-title">{dayLabel(p.locale, date)}</h3>
          <ul class="kern-list">
            {list.map((e) => (
              <li>
                <time datetime={e.start}>{timeOf(e.start)}</time>–<time datetime={e.end}>{timeOf(e.end)}</time>{' '}
                <a class="kern-link" href={`/offers/${e.offer.id}`}>{e.offer.title}</a>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

/** Month grid as a table (weeks × weekdays), Monday first. */
export function CalendarMonth(p: { t: Translate; locale: Locale; month: string; entries: CalendarEntry[]; caption: string }) {
  const first = `${p.month}-01`;
  const dow = new Date(`${first}T12:00:00Z`).getUTCDay();
  const start = addDays(first, -((dow + 6) % 7));
  const weeks: string[][] = [];
  for (let d = start; d.slice(0, 7) <= p.month || weeks.length === 0; ) {
    const week = Array.from({ length: 7 }, (_, i) => addDays(d, i));
    weeks.push(week);
    d = addDays(d, 7);
    if (d.slice(0, 7) > p.month) break;
  }
  const byDay = new Map<string, CalendarEntry[]>();
  for (const e of p.entries) byDay.set(e.date, [...(byDay.get(e.date) ?? []), e]);
  return (
    <div class="kern-table-responsive" tabindex={0} role="region" aria-label={p.caption}>
      <table class="kern-table q-month">
        <caption class="kern-title">{p.caption}</caption>
        <thead class="kern-table__head">
          <tr>
            {[1, 2, 3, 4, 5, 6, 7].map((d) => (
              <th scope="col" class="kern-table__header">
                {formatDate(p.locale, `2024-01-0${d}T12:00:00Z`, { weekday: 'short' })}
              </th>
            ))}
          </tr>
        </thead>
        <tbody class="kern-table__body">
          {weeks.map((w) => (
            <tr>
              {w.map((d) => (
                <td class={`kern-table__cell${d.slice(0, 7) !== p.month ? ' q-month__other' : ''}`}>
                  <span class="q-month__day">{Number(d.slice(8, 10))}</span>
                  {(byDay.get(d) ?? []).map((e) => (
                    <div>
                      <a class="kern-link" href={`/offers/${e.offer.id}`}>
                        {timeOf(e.start)} {e.offer.title}
                      </a>
                    </div>
                  ))}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function CalendarPage(p: {
  t: Translate;
  locale: Locale;
  heading: string;
  view: 'list' | 'month';
  month: string;
  entries: CalendarEntry[];
  areas: { slug: string; name: string }[];
  offices: { slug: string; name: string }[];
  area?: string | undefined;
  office?: string | undefined;
  icsHref: string;
  prevMonth: string;
  nextMonth: string;
}) {
  const { t } = p;
  const qs = (over: Record<string, string>) => {
    const params = new URLSearchParams(Object.entries({ area: p.area ?? '', office: p.office ?? '', view: p.view, month: p.month, ...over }).filter(([, v]) => v));
    return `/offers?${params.toString()}`;
  };
  const monthLabel = formatDate(p.locale, `${p.month}-15T12:00:00Z`, { month: 'long', year: 'numeric' });
  return (
    <>
      <h1 class="kern-heading-large">{p.heading}</h1>
      <form method="get" action="/offers" class="q-filter" aria-label={t('offices.calendar.filter')}>
        <SelectField t={t} name="area" label={t('offices.field.area')} value={p.area ?? ''} placeholder={t('offices.calendar.allAreas')} options={p.areas.map((a) => ({ value: a.slug, label: a.name }))} />
        <SelectField t={t} name="office" label={t('offices.field.office')} value={p.office ?? ''} placeholder={t('offices.calendar.allOffices')} options={p.offices.map((a) => ({ value: a.slug, label: a.name }))} />
        <input type="hidden" name="view" value={p.view} />
        <input type="hidden" name="month" value={p.month} />
        <SubmitButton label={t('offices.calendar.show')} variant="secondary" />
      </form>
      <nav class="q-actions" aria-label={t('offices.calendar.views')}>
        {p.view === 'list' ? <span aria-current="true">{t('offices.calendar.list')}</span> : <a class="kern-link" href={qs({ view: 'list' })}>{t('offices.calendar.list')}</a>}
        {p.view === 'month' ? <span aria-current="true">{t('offices.calendar.month')}</span> : <a class="kern-link" href={qs({ view: 'month' })}>{t('offices.calendar.month')}</a>}
        <a class="kern-link" href={qs({ month: p.prevMonth })}>{t('offices.calendar.prev')}</a>
        <strong>{monthLabel}</strong>
        <a class="kern-link" href={qs({ month: p.nextMonth })}>{t('offices.calendar.next')}</a>
        <a class="kern-link" href={p.icsHref}>{t('offices.calendar.ics')}</a>
      </nav>
      {p.view === 'month' ? (
        <CalendarMonth t={t} locale={p.locale} month={p.month} entries={p.entries} caption={t('offices.calendar.monthCaption', { month: monthLabel })} />
      ) : (
        <CalendarList t={t} locale={p.locale} entries={p.entries} empty={t('offices.calendar.empty')} />
      )}
    </>
  );
}

export function RoomPage(p: {
  t: Translate;
  locale: Locale;
  office: Office;
  room: Room;
  week: string;
  days: { date: string; busy: { start: string; end: string; tentative: boolean }[]; hours: Interval[] }[];
  form?: Child;
}) {
  const { t, room } = p;
  return (
    <>
      <h1 class="kern-heading-large">{t('offices.room.heading', { room: room.name, office: p.office.name })}</h1>
      <ul class="kern-list">
        <li>{t('offices.room.capacity', { n: room.capacity })}</li>
        {room.equipment.length > 0 && <li>{t('offices.room.equipmentList', { list: room.equipment.map((e) => t(`offices.equipment.${e}`)).join(', ') })}</li>}
        <li>{room.withinOpeningHours ? t('offices.room.rule.withinHours') : t('offices.room.rule.anyTime')}</li>
        <li>{t('offices.room.rule.length', { min: room.minMinutes, max: room.maxMinutes })}</li>
        <li>{t('offices.room.rule.lead', { hours: room.leadHours })}</li>
        <li>{t(`offices.bookableBy.${room.bookableBy}`)}</li>
      </ul>
      <h2 class="kern-heading-medium">{t('offices.section.accessibility')}</h2>
      <AccessibilityList t={t} a={room.accessibility} />
      <h2 class="kern-heading-medium" id="busy-h">{t('offices.room.busyHeading')}</h2>
      <p class="kern-body">{t('offices.room.busyIntro')}</p>
      <nav class="q-actions" aria-label={t('offices.room.weekNav')}>
        <a class="kern-link" href={`?week=${addDays(p.week, -7)}#busy-h`}>{t('offices.room.prevWeek')}</a>
        <a class="kern-link" href={`?week=${addDays(p.week, 7)}#busy-h`}>{t('offices.room.nextWeek')}</a>
        <a class="kern-link" href={`/rooms/${room.id}/busy.ics`}>{t('offices.room.ics')}</a>
      </nav>
      <table class="kern-table">
        <caption class="kern-title">{t('offices.room.weekCaption', { from: dayLabel(p.locale, p.week), to: dayLabel(p.locale, addDays(p.week, 6)) })}</caption>
        <thead class="kern-table__head">
          <tr>
            <th scope="col" class="kern-table__header">{t('offices.hours.day')}</th>
            <th scope="col" class="kern-table__header">{t('offices.room.openCol')}</th>
            <th scope="col" class="kern-table__header">{t('offices.room.busyCol')}</th>
          </tr>
        </thead>
        <tbody class="kern-table__body">
          {p.days.map((d) => (
            <tr>
              <th scope="row" class="kern-table__header">{dayLabel(p.locale, d.date)}</th>
              <td class="kern-table__cell">{intervalsText(t, d.hours)}</td>
              <td class="kern-table__cell">
                {d.busy.length === 0
                  ? t('offices.room.free')
                  : d.busy.map((b) => `${timeOf(b.start)}–${timeOf(b.end)}${b.tentative ? ` (${t('offices.room.tentative')})` : ''}`).join(', ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {p.form}
    </>
  );
}

export function RepeatFields(p: { t: Translate; form: FormState }) {
  const { t } = p;
  return (
    <fieldset class="kern-fieldset">
      <legend class="kern-label">{t('offices.booking.repeatLegend')}</legend>
      <RadioGroup
        t={t}
        form={p.form}
        name="repeat"
        legend={t('offices.booking.repeat')}
        required
        options={['none', 'weekly', 'biweekly', 'monthly'].map((v) => ({ value: v, label: t(`offices.repeat.${v}`) }))}
        selected={[String(p.form.values.repeat ?? 'none')]}
      />
      <TextField t={t} form={p.form} name="until" type="date" label={t('offices.booking.until')} hint={t('offices.booking.untilHint')} />
      <TextField t={t} form={p.form} name="exdates" label={t('offices.booking.exdates')} hint={t('offices.booking.exdatesHint')} />
    </fieldset>
  );
}

export function BookingTimeFields(p: { t: Translate; form: FormState }) {
  const { t } = p;
  return (
    <>
      <TextField t={t} form={p.form} name="date" type="date" label={t('offices.booking.date')} required />
      <TextField t={t} form={p.form} name="time" label={t('offices.booking.time')} hint={t('offices.booking.timeHint')} required width={4} />
      <TextField t={t} form={p.form} name="duration" type="number" inputmode="numeric" label={t('offices.booking.duration')} hint={t('offices.booking.durationHint')} required width={4} />
    </>
  );
}

export function ConflictList(p: { t: Translate; locale: Locale; conflicts: { date: string; start: string; end: string; title?: string }[]; showTitles: boolean }) {
  if (p.conflicts.length === 0) return null;
  return (
    <Alert kind="warning" title={p.t('offices.booking.conflictsTitle', { count: p.conflicts.length })}>
      <ul class="kern-list" id="conflicts">
        {p.conflicts.map((c) => (
          <li>
            {dayLabel(p.locale, c.date)}, {timeOf(c.start)}–{timeOf(c.end)}
            {p.showTitles && c.title ? `: ${c.title}` : ''}
          </li>
        ))}
      </ul>
      <p class="kern-body">{p.t('offices.booking.conflictsHint')}</p>
    </Alert>
  );
}

export function PublicBookingForm(p: { t: Translate; locale: Locale; office: Office; room: Room; csrfToken: string; form: FormState; honeypot: Child; conflicts: { date: string; start: string; end: string }[] }) {
  const { t } = p;
  if (p.room.bookableBy !== 'public') return <p class="kern-body">{t('offices.booking.publicNotAllowed')}</p>;
  return (
    <section aria-labelledby="request-h">
      <h2 class="kern-heading-medium" id="request-h">{t('offices.booking.publicHeading')}</h2>
      <p class="kern-body">{t('offices.booking.publicIntro')}</p>
      <ErrorSummary t={t} form={p.form} />
      <ConflictList t={t} locale={p.locale} conflicts={p.conflicts} showTitles={false} />
      <Form action={`/offices/${p.office.slug}/rooms/${p.room.id}/request`} csrfToken={p.csrfToken}>
        <input type="hidden" name="roomId" value={p.room.id} />
        <TextField t={t} form={p.form} name="title" label={t('offices.booking.title')} hint={t('offices.booking.titleHint')} required />
        <TextArea t={t} form={p.form} name="purpose" label={t('offices.booking.purpose')} rows={3} />
        <BookingTimeFields t={t} form={p.form} />
        <RepeatFields t={t} form={p.form} />
        <TextField t={t} form={p.form} name="contactName" label={t('offices.booking.contactName')} autocomplete="name" required />
        <TextField t={t} form={p.form} name="contactEmail" type="email" label={t('offices.booking.contactEmail')} autocomplete="email" hint={t('offices.booking.contactEmailHint')} required />
        {p.honeypot}
        <div class="q-actions">
          <SubmitButton label={t('offices.booking.submit')} />
        </div>
      </Form>
    </section>
  );
}

export function offerJsonLd(offer: Offer, office: Office, base: string, sessions: { start: string; end: string }[]): string {
  const next = sessions[0];
  const data = {
    '@context': 'https://schema.org',
    '@type': 'Event',
    name: offer.title,
    description: offer.description ?? undefined,
    startDate: next?.start ?? offer.firstStart,
    endDate: next?.end ?? offer.lastEnd,
    eventStatus: offer.status === 'cancelled' ? 'https://schema.org/EventCancelled' : 'https://schema.org/EventScheduled',
    eventAttendanceMode: 'https://schema.org/OfflineEventAttendanceMode',
    url: `${base}/offers/${offer.id}`,
    inLanguage: offer.languages.length ? offer.languages : undefined,
    isAccessibleForFree: offer.cost ? undefined : true,
    audience: offer.targetGroups.length ? { '@type': 'Audience', audienceType: offer.targetGroups.join(', ') } : undefined,
    maximumAttendeeCapacity: offer.capacity ?? undefined,
    eventSchedule: offer.rrule ? { '@type': 'Schedule', repeatFrequency: offer.rrule, scheduleTimezone: 'Europe/Berlin', startDate: offer.startDate, endDate: offer.lastEnd.slice(0, 10) } : undefined,
    location: {
      '@type': 'Place',
      name: office.name,
      address: { '@type': 'PostalAddress', streetAddress: office.street ?? undefined, postalCode: office.postcode ?? undefined, addressLocality: office.city ?? undefined, addressCountry: 'DE' },
      ...(office.lat !== null && office.lon !== null ? { geo: { '@type': 'GeoCoordinates', latitude: office.lat, longitude: office.lon } } : {}),
    },
    organizer: { '@type': 'Organization', name: office.name, url: `${base}/offices/${office.slug}` },
    offers: offer.cost ? { '@type': 'Offer', description: offer.cost, url: `${base}/offers/${offer.id}` } : undefined,
  };
  // JSON-LD is data, not script: escape "<" so the text can never close the element.
  return JSON.stringify(data).replace(/</g, '\\u003c');
}

export function OfferPage(p: {
  t: Translate;
  locale: Locale;
  offer: Offer;
  office: Office;
  roomName: string | null;
  sessions: { date: string; start: string; end: string }[];
  jsonLd: string;
  csrfToken: string;
  form: FormState;
  honeypot: Child;
  free: number | null;
  registrationOpen: boolean;
  /** Days after the offer's last session after which registrations are erased (OFFER_REGISTRATION_RETENTION_DAYS). */
  retentionDays: number;
}) {
  const { t, offer } = p;
  return (
    <article>
      <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: p.jsonLd }} />
      <h1 class="kern-heading-large">{offer.title}</h1>
      {offer.status === 'cancelled' && <Alert kind="warning" title={t('offices.offer.cancelled')} />}
      {offer.description && <p class="kern-body">{offer.description}</p>}
      <dl class="q-dl">
        <dt>{t('offices.field.office')}</dt>
        <dd>
          <a class="kern-link" href={`/offices/${p.office.slug}`}>{p.office.name}</a>
          {p.roomName ? `, ${p.roomName}` : ''}
        </dd>
        <dt>{t('offices.offer.when')}</dt>
        <dd>{offer.rrule ? t(`offices.offer.rule.${ruleKind(offer.rrule)}`, { time: offer.startTime }) : `${dayLabel(p.locale, offer.startDate)}, ${offer.startTime}`}</dd>
        {offer.targetGroups.length > 0 && (
          <>
            <dt>{t('offices.offer.targetGroups')}</dt>
            <dd>{offer.targetGroups.map((g) => t(`offices.target.${g}`)).join(', ')}</dd>
          </>
        )}
        {offer.languages.length > 0 && (
          <>
            <dt>{t('offices.field.languages')}</dt>
            <dd>{offer.languages.map((l) => languageName(p.locale, l)).join(', ')}</dd>
          </>
        )}
        <dt>{t('offices.offer.cost')}</dt>
        <dd>{offer.cost ?? t('offices.offer.free')}</dd>
        {offer.accessibilityNotes && (
          <>
            <dt>{t('offices.section.accessibility')}</dt>
            <dd>{offer.accessibilityNotes}</dd>
          </>
        )}
      </dl>
      <h2 class="kern-heading-medium">{t('offices.offer.nextDates')}</h2>
      {p.sessions.length === 0 ? (
        <p class="kern-body q-empty">{t('offices.offer.noDates')}</p>
      ) : (
        <ul class="kern-list">
          {p.sessions.map((s) => (
            <li>
              <time datetime={s.start}>{dayLabel(p.locale, s.date)}, {timeOf(s.start)}</time>–{timeOf(s.end)}
            </li>
          ))}
        </ul>
      )}
      <p class="kern-body">
        <a class="kern-link" href={`/offers/${offer.id}/calendar.ics`}>{t('offices.offer.ics')}</a>
      </p>
      {offer.registration && offer.status === 'published' && (
        <section aria-labelledby="register-h">
          <h2 class="kern-heading-medium" id="register-h">{t('offices.offer.register')}</h2>
          {!p.registrationOpen ? (
            <p class="kern-body">{t('offices.offer.registrationClosed')}</p>
          ) : (
            <>
              <p class="kern-body">{p.free === null ? t('offices.offer.noLimit') : p.free > 0 ? t('offices.offer.freePlaces', { n: p.free }) : t('offices.offer.full')}</p>
              <p class="kern-body">{t('offices.offer.privacy', { days: p.retentionDays })}</p>
              <ErrorSummary t={t} form={p.form} />
              <Form action={`/offers/${offer.id}/register`} csrfToken={p.csrfToken}>
                <TextField t={t} form={p.form} name="name" label={t('offices.offer.name')} autocomplete="name" required />
                <TextField t={t} form={p.form} name="email" type="email" label={t('offices.offer.email')} autocomplete="email" required />
                <TextField t={t} form={p.form} name="places" type="number" inputmode="numeric" label={t('offices.offer.places')} width={2} value={p.form.values.places ?? '1'} />
                {p.honeypot}
                <div class="q-actions">
                  <SubmitButton label={p.free === 0 ? t('offices.offer.submitWaitlist') : t('offices.offer.submit')} />
                </div>
              </Form>
            </>
          )}
        </section>
      )}
    </article>
  );
}

export function ruleKind(rrule: string): 'weekly' | 'biweekly' | 'monthly' | 'custom' {
  if (/FREQ=WEEKLY/.test(rrule)) return /INTERVAL=2/.test(rrule) ? 'biweekly' : /INTERVAL=/.test(rrule) ? 'custom' : 'weekly';
  if (/FREQ=MONTHLY/.test(rrule)) return 'monthly';
  return 'custom';
}

export function RegistrationPage(p: { t: Translate; offer: Offer; status: string; csrfToken: string; token: string }) {
  const { t } = p;
  return (
    <>
      <h1 class="kern-heading-large">{t('offices.registration.heading', { title: p.offer.title })}</h1>
      <p class="kern-body">{t(`offices.registration.status.${p.status}`)}</p>
      {p.status !== 'cancelled' && (
        <Form action={`/offers/registration/${p.token}`} csrfToken={p.csrfToken}>
          <Checkbox t={t} name="confirm" label={t('offices.registration.confirmCancel')} />
          <div class="q-actions">
            <SubmitButton label={t('offices.registration.cancel')} variant="secondary" />
          </div>
        </Form>
      )}
      <p class="kern-body">
        <a class="kern-link" href={`/offers/${p.offer.id}`}>{t('offices.registration.back')}</a>
      </p>
    </>
  );
}

export { LinkButton };
