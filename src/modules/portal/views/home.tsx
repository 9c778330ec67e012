/** @jsxImportSource hono/jsx */
/**
 * The home page: a short intro, the entry points (report a concern, take part, offers, search), the programme areas
 * on the server-drawn map (each area linked to its page) and as a list with each area's office ("open now") and next
 * offer, and how the programme works. No JavaScript needed; nothing personal. (The search field itself is in every
 * page's header, from the search module; the home page links to its page.)
 */
import type { Locale, Translate } from '../../../platform/i18n';
import type { PublicLink } from '../../../platform/ui/layout';
import type { MapScene } from '../../../platform/ui/map';
import { OfficeAddress, SvgMap } from '../../territory';
import type { HomeArea } from '../portal.service';
import { OfficeState, OfferLine } from './parts';

interface HomeProps {
  t: Translate;
  locale: Locale;
  tenantName: string;
  map: MapScene;
  areas: HomeArea[];
  signedIn: boolean;
  /** The modules' public pages (registered publicLinks). */
  links: readonly PublicLink[];
}

const ENTRIES = [
  { href: '/concerns/new', key: 'portal.home.entry.concern', hint: 'portal.home.entry.concernHint' },
  { href: '/participation', key: 'portal.home.entry.participate', hint: 'portal.home.entry.participateHint' },
  { href: '/offers', key: 'portal.home.entry.offers', hint: 'portal.home.entry.offersHint' },
  { href: '/concerns', key: 'portal.home.entry.concerns', hint: 'portal.home.entry.concernsHint' },
  { href: '/search', key: 'portal.home.entry.search', hint: 'portal.home.entry.searchHint' },
] as const;

export function HomePage(p: HomeProps) {
  const { t } = p;
  return (
    <div class="q-stack">
      <h1 class="kern-heading-x-large">{t('portal.home.heading', { tenant: p.tenantName })}</h1>
      <p class="kern-body kern-body--large">{t('portal.home.intro')}</p>

      <section aria-labelledby="h-entries" class="q-stack">
        <h2 class="kern-heading-medium" id="h-entries">
          {t('portal.home.entriesHeading')}
        </h2>
        <ul class="q-portal-entries">
          {ENTRIES.map((e) => (
            <li class="q-portal-entry">
              <a class="kern-link" href={e.href}>
                {t(e.key)}
              </a>
              <span class="kern-body kern-body--small">{t(e.hint)}</span>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="h-areas" class="q-stack">
        <h2 class="kern-heading-medium" id="h-areas">
          {t('portal.home.areasHeading')}
        </h2>
        <SvgMap
          id="map-overview"
          t={t}
          model={p.map}
          title={t('territory.map.overviewTitle', { tenant: p.tenantName })}
          description={t('territory.map.overviewDesc', { count: p.areas.length })}
          caption={t('portal.home.mapCaption')}
        />
        {p.areas.length === 0 ? (
          <p class="kern-body q-empty">{t('portal.home.noAreas')}</p>
        ) : (
          <ul class="q-territory-cards" id="area-list" aria-label={t('portal.home.areasHeading')}>
            {p.areas.map(({ area, offices, nextOffer }) => (
              <li class="kern-card q-territory-card">
                <div class="kern-card__container">
                  <div class="kern-card__header">
                    <h3 class="kern-title">
                      <a class="kern-link" href={`/areas/${area.slug}`}>
                        {area.name}
                      </a>
                    </h3>
                  </div>
                  <div class="kern-card__body">
                    {offices.length === 0 ? (
                      <OfficeAddress office={area.office} t={t} locale={p.locale} />
                    ) : (
                      offices.map((o) => (
                        <div class="q-portal-office">
                          <p class="kern-body">
                            <strong>{o.office.name}</strong>
                          </p>
                          <OfficeState t={t} locale={p.locale} now={o} />
                        </div>
                      ))
                    )}
                    <p class="kern-body kern-body--small">
                      <span class="q-territory-key">{t('portal.home.nextOffer')}: </span>
                      {nextOffer ? <OfferLine t={t} locale={p.locale} entry={nextOffer} /> : t('portal.home.noOffer')}
                    </p>
                  </div>
                </div>
              </li>
            ))}
          </ul>
        )}
        <p class="kern-body">
          <a class="kern-link" href="/areas">
            {t('portal.home.allAreas')}
          </a>
        </p>
      </section>

      <section aria-labelledby="h-how" class="q-stack">
        <h2 class="kern-heading-medium" id="h-how">
          {t('portal.home.howHeading')}
        </h2>
        <p class="kern-body">{t('portal.home.how')}</p>
      </section>

      <section aria-labelledby="h-more" class="q-stack">
        <h2 class="kern-heading-medium" id="h-more">
          {t('portal.home.moreHeading')}
        </h2>
        <ul class="kern-list">
          {p.links.map((l) => (
            <li>
              <a class="kern-link" href={l.href}>
                {t(l.labelKey)}
              </a>
            </li>
          ))}
        </ul>
      </section>

      <p class="kern-body">
        {p.signedIn ? (
          <a class="kern-link" href="/staff">
            {t('portal.home.linkStaff')}
          </a>
        ) : (
          <a class="kern-link" href="/login">
            {t('portal.home.linkLogin')}
          </a>
        )}
      </p>
    </div>
  );
}
