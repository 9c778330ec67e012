/** @jsxImportSource hono/jsx */
/**
 * The group's offers (recurring activities published through a district office) on the staff page, and the
 * contact person's room request page behind their personal link.
 */
import { formatDate, type Translate } from '../../../platform/i18n';
import { Checkbox, ErrorSummary, Form, SelectField, SubmitButton, Table, TextArea, TextField, type FormState, type Option } from '../../../platform/ui/components';
import type { Offer } from '../../offices';
import type { ViewBase } from './staff';

export interface RoomOption {
  id: string;
  name: string;
  officeName: string;
  capacity: number;
}

const roomOptions = (t: Translate, rooms: RoomOption[]): Option[] => rooms.map((r) => ({ value: r.id, label: t('groups.offer.roomLabel', { office: r.officeName, room: r.name, capacity: r.capacity }) }));
const freqOptions = (t: Translate): Option[] => (['weekly', 'biweekly', 'monthly'] as const).map((f) => ({ value: f, label: t(`groups.freq.${f}`) }));

function ScheduleFields(p: { t: Translate; form: FormState }) {
  const { t, form } = p;
  return (
    <fieldset class="kern-fieldset">
      <legend class="kern-label">{t('groups.offer.when')}</legend>
      <div class="kern-fieldset__body q-stack">
        <TextField name="date" type="date" label={t('groups.offer.date')} t={t} form={form} required />
        <TextField name="time" type="text" label={t('groups.offer.time')} hint={t('groups.offer.timeHint')} t={t} form={form} required inputmode="numeric" maxlength={5} width={4} />
        <TextField name="duration" label={t('groups.offer.duration')} hint={t('groups.offer.durationHint')} t={t} form={form} required inputmode="numeric" maxlength={3} width={4} />
        <SelectField name="freq" label={t('groups.offer.freq')} t={t} form={form} placeholder={t('groups.freq.once')} options={freqOptions(t)} />
        <TextField name="until" type="date" label={t('groups.offer.until')} hint={t('groups.offer.untilHint')} t={t} form={form} />
      </div>
    </fieldset>
  );
}

export function OfferSection(p: ViewBase & { groupId: string; offers: Offer[]; canManage: boolean; offices: { id: string; name: string }[]; rooms: RoomOption[]; form: FormState; csrfToken: string }) {
  const { t, locale, form } = p;
  return (
    <section class="q-stack" aria-labelledby="offers-heading" id="offers">
      <h2 class="kern-heading-medium" id="offers-heading">
        {t('groups.offer.heading')}
      </h2>
      <Table
        caption={t('groups.offer.caption')}
        empty={t('groups.offer.empty')}
        rows={p.offers}
        columns={[
          { header: t('groups.offer.title'), cell: (o) => o.title },
          { header: t('groups.offer.date'), cell: (o) => formatDate(locale, o.firstStart, { dateStyle: 'medium', timeStyle: 'short' }) },
          { header: t('groups.offer.freq'), cell: (o) => (o.rrule ? t('groups.offer.recurring') : t('groups.freq.once')) },
          { header: t('groups.offer.status'), cell: (o) => t(`groups.offerStatus.${o.status}`) },
        ]}
      />
      {p.canManage &&
        (p.offices.length === 0 ? (
          <p class="kern-body">{t('groups.offer.noOffice')}</p>
        ) : (
          <>
            <p class="kern-body">{t('groups.offer.intro')}</p>
            <ErrorSummary form={form} t={t} />
            <Form action={`/staff/groups/${p.groupId}/offers`} csrfToken={p.csrfToken} id="offer-form">
              <SelectField name="officeId" label={t('groups.offer.office')} t={t} form={form} required placeholder={t('groups.form.choose')} options={p.offices.map((o) => ({ value: o.id, label: o.name }))} />
              <SelectField name="roomId" label={t('groups.offer.room')} hint={t('groups.offer.roomHint')} t={t} form={form} placeholder={t('groups.offer.noRoom')} options={roomOptions(t, p.rooms)} />
              <TextField name="title" label={t('groups.offer.title')} t={t} form={form} required maxlength={160} />
              <TextArea name="description" label={t('groups.offer.description')} hint={t('groups.offer.descriptionHint')} t={t} form={form} rows={3} maxlength={2000} />
              <ScheduleFields t={t} form={form} />
              <Checkbox name="publish" label={t('groups.offer.publish')} t={t} form={form} />
              <div class="q-actions">
                <SubmitButton label={t('groups.offer.submit')} />
              </div>
            </Form>
          </>
        ))}
    </section>
  );
}

export function LinkBookingPage(p: ViewBase & { groupName: string; rooms: RoomOption[]; form: FormState; csrfToken: string; token: string; done?: { title: string; occurrences: number; status: string } | null }) {
  const { t, form } = p;
  return (
    <div class="q-stack">
      <h1 class="kern-heading-large">{t('groups.booking.heading', { name: p.groupName })}</h1>
      {p.done ? (
        <div class="kern-alert kern-alert--success" role="status">
          <div class="kern-alert__header">
            <span class="kern-icon kern-icon--success" aria-hidden="true" />
            <span class="kern-title">{t('groups.booking.done')}</span>
          </div>
          <div class="kern-alert__body">
            <p class="kern-body">{t('groups.booking.doneText', { title: p.done.title, count: p.done.occurrences })}</p>
          </div>
        </div>
      ) : null}
      <p class="kern-body">{t('groups.booking.intro')}</p>
      {p.rooms.length === 0 ? (
        <p class="kern-body">{t('groups.booking.noRooms')}</p>
      ) : (
        <>
          <ErrorSummary form={form} t={t} />
          <Form action={`/groups/booking/${p.token}`} csrfToken={p.csrfToken} id="booking-form">
            <SelectField name="roomId" label={t('groups.offer.room')} t={t} form={form} required placeholder={t('groups.form.choose')} options={roomOptions(t, p.rooms)} />
            <TextField name="title" label={t('groups.booking.title')} hint={t('groups.booking.titleHint')} t={t} form={form} required maxlength={160} />
            <TextArea name="purpose" label={t('groups.booking.purpose')} t={t} form={form} rows={2} maxlength={1000} />
            <ScheduleFields t={t} form={form} />
            <TextField name="contactEmail" type="email" label={t('groups.booking.email')} hint={t('groups.booking.emailHint')} t={t} form={form} required autocomplete="email" maxlength={254} />
            <div class="q-actions">
              <SubmitButton label={t('groups.booking.submit')} />
            </div>
          </Form>
        </>
      )}
    </div>
  );
}
