/** @jsxImportSource hono/jsx */
/** Shared bits of the network pages: the sub-navigation, labels in the reader's language, dates. */
import type { Child } from 'hono/jsx';
import { formatDate, storedLabel, type Locale, type Translate } from '../../../platform/i18n';
import { Alert } from '../../../platform/ui/components';
import type { Labels } from '../network.types';

export interface ViewBase {
  t: Translate;
  locale: Locale;
}

export interface Lookups {
  areas: { id: string; name: string }[];
  editAreas: { id: string; name: string }[];
  topics: { id: string; labels: Labels }[];
  types: { id: string; key: string; labels: Labels; defaultLogic: string }[];
}

export function label(labels: Labels, locale: Locale): string {
  return storedLabel(labels, locale);
}

/** A calendar day (YYYY-MM-DD) in the reader's format. */
export function day(locale: Locale, d: string | null | undefined): string {
  return d ? formatDate(locale, `${d.slice(0, 10)}T12:00:00Z`) : '–';
}

export function areaNames(lk: Pick<Lookups, 'areas'>, ids: readonly string[]): string {
  const names = ids.map((id) => lk.areas.find((a) => a.id === id)?.name).filter(Boolean);
  return names.length ? names.join(', ') : '–';
}

export function topicNames(lk: Pick<Lookups, 'topics'>, ids: readonly string[], locale: Locale): string {
  const names = ids.map((id) => lk.topics.find((x) => x.id === id)).filter((x) => !!x).map((x) => label(x.labels, locale));
  return names.length ? names.join(', ') : '–';
}

export type NetworkSection = 'graph' | 'organisations' | 'people' | 'contacts' | 'quiet' | 'review' | 'types';

export function SubNav(p: { t: Translate; current: NetworkSection; canGdpr: boolean; canTypes: boolean }) {
  const items: [NetworkSection, string, string][] = [
    ['graph', '/staff/network', 'network.nav.graph'],
    ['organisations', '/staff/network/organisations', 'network.nav.organisations'],
    ['people', '/staff/network/people', 'network.nav.people'],
    ['contacts', '/staff/network/contacts', 'network.nav.contacts'],
    ['quiet', '/staff/network/quiet', 'network.nav.quiet'],
    ...(p.canGdpr ? ([['review', '/staff/network/review', 'network.nav.review']] as [NetworkSection, string, string][]) : []),
    ...(p.canTypes ? ([['types', '/staff/network/types', 'network.nav.types']] as [NetworkSection, string, string][]) : []),
  ];
  return (
    <nav class="q-subnav" aria-label={p.t('network.nav.label')}>
      <ul>
        {items.map(([key, href, labelKey]) => (
          <li>
            <a class="kern-link" href={href} aria-current={key === p.current ? 'page' : undefined}>
              {p.t(labelKey)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The reminder wherever free text is typed: the network is for working relations, not for case files on residents. */
export function NoCaseFilesHint(p: { t: Translate }) {
  return (
    <Alert kind="warning" title={p.t('network.noCaseFiles.title')}>
      <p class="kern-body">{p.t('network.noCaseFiles.text')}</p>
    </Alert>
  );
}

export function Facts(p: { rows: [string, Child][] }) {
  return (
    <dl class="q-concern-facts">
      {p.rows.map(([k, v]) => (
        <>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </>
      ))}
    </dl>
  );
}

export function PostButton(p: { action: string; csrfToken: string; label: string; variant?: 'primary' | 'secondary' | 'tertiary'; hidden?: Record<string, string> }) {
  return (
    <form method="post" action={p.action} class="q-inline-form">
      <input type="hidden" name="_csrf" value={p.csrfToken} />
      {Object.entries(p.hidden ?? {}).map(([k, v]) => (
        <input type="hidden" name={k} value={v} />
      ))}
      <button type="submit" class={`kern-btn kern-btn--${p.variant ?? 'secondary'}`}>
        <span class="kern-label">{p.label}</span>
      </button>
    </form>
  );
}
