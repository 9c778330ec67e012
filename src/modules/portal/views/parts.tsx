/** @jsxImportSource hono/jsx */
/** Small pieces shared by the home page and the area page. */
import { formatDate, type Locale, type Translate } from '../../../platform/i18n';
import { intervalsText, OpenBadge, type CalendarEntry, type OfficeNow } from '../../offices';

/** "Mi., 3. Dez., 14:00" in Berlin time. */
export function when(locale: Locale, iso: string): string {
  return formatDate(locale, iso, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

/** "Open now until 18:00" (in words, never colour alone) and today's hours with a holiday or closure named. */
export function OfficeState(p: { t: Translate; locale: Locale; now: OfficeNow }) {
  const { t } = p;
  const today = p.now.today;
  const why =
    today.reason === 'holiday'
      ? t('portal.office.holiday', { name: today.note ?? '' })
      : today.reason === 'closure'
        ? today.note
          ? t('portal.office.closureReason', { reason: today.note })
          : t('portal.office.closure')
        : today.reason === 'special'
          ? t('portal.office.special')
          : null;
  return (
    <>
      <OpenBadge t={t} locale={p.locale} state={p.now.state} />
      <p class="kern-body kern-body--small">
        {t('portal.office.today', { hours: intervalsText(t, today.intervals) })}
        {why ? ` ${why}` : ''}
      </p>
    </>
  );
}

/** One offer session: time and the offer's title linked to its page. */
export function OfferLine(p: { t: Translate; locale: Locale; entry: CalendarEntry }) {
  return (
    <>
      <time datetime={p.entry.start}>{when(p.locale, p.entry.start)}</time>
      {' – '}
      <a class="kern-link" href={`/offers/${p.entry.offer.id}`}>
        {p.entry.offer.title}
      </a>
    </>
  );
}
