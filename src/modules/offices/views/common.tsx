/** @jsxImportSource hono/jsx */
/** Small view helpers shared by the public and staff pages of the offices module. */
import { berlinWallClock } from '../../../platform/calendar';
import { formatDate, type Locale, type Translate } from '../../../platform/i18n';
import type { Option } from '../../../platform/ui/components';
import { formatIntervals } from '../offices.rules';
import { WEEKDAYS, type Accessibility, type Interval, type OpenState, type WeeklyHours } from '../offices.types';

export function weekdayName(locale: Locale, day: number): string {
  // 2024-01-01 was a Monday.
  return formatDate(locale, `2024-01-0${day}T12:00:00Z`, { weekday: 'long' });
}

export function dayLabel(locale: Locale, date: string): string {
  return formatDate(locale, `${date}T12:00:00Z`, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
}

/** Time of an instant in Berlin, HH:MM. */
export function timeOf(iso: string): string {
  return berlinWallClock(new Date(iso)).time;
}

export function OpenBadge(p: { t: Translate; locale: Locale; state: OpenState }) {
  const s = p.state;
  if (s.open) return <p class="kern-body q-open q-open--yes">{p.t('offices.open.now', { until: s.until })}</p>;
  if (!s.next) return <p class="kern-body q-open q-open--no">{p.t('offices.open.closedNoNext')}</p>;
  return <p class="kern-body q-open q-open--no">{p.t('offices.open.closed', { day: dayLabel(p.locale, s.next.date), time: s.next.time })}</p>;
}

export function WeeklyHoursTable(p: { t: Translate; locale: Locale; hours: WeeklyHours; caption: string }) {
  return (
    <table class="kern-table">
      <caption class="kern-title">{p.caption}</caption>
      <thead class="kern-table__head">
        <tr>
          <th scope="col" class="kern-table__header">{p.t('offices.hours.day')}</th>
          <th scope="col" class="kern-table__header">{p.t('offices.hours.times')}</th>
        </tr>
      </thead>
      <tbody class="kern-table__body">
        {WEEKDAYS.map((d) => (
          <tr>
            <th scope="row" class="kern-table__header">{weekdayName(p.locale, d)}</th>
            <td class="kern-table__cell">{(p.hours[String(d)] ?? []).length ? formatIntervals(p.hours[String(d)]!) : p.t('offices.hours.closed')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function intervalsText(t: Translate, list: readonly Interval[]): string {
  return list.length ? formatIntervals(list) : t('offices.hours.closed');
}

export function AccessibilityList(p: { t: Translate; a: Accessibility; notes?: string | null }) {
  const items = [p.a.stepFree && p.t('offices.access.stepFree'), p.a.accessibleWc && p.t('offices.access.accessibleWc'), p.a.hearingLoop && p.t('offices.access.hearingLoop')].filter(Boolean) as string[];
  return (
    <>
      {items.length ? (
        <ul class="kern-list">
          {items.map((i) => (
            <li>{i}</li>
          ))}
        </ul>
      ) : (
        <p class="kern-body">{p.t('offices.access.none')}</p>
      )}
      {p.notes && <p class="kern-body">{p.notes}</p>}
    </>
  );
}

export function languageName(locale: Locale, code: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

export function options(t: Translate, prefix: string, values: readonly string[]): Option[] {
  return values.map((v) => ({ value: v, label: t(`${prefix}.${v}`) }));
}

export function languageOptions(locale: Locale, values: readonly string[]): Option[] {
  return values.map((v) => ({ value: v, label: languageName(locale, v) }));
}
