/** @jsxImportSource hono/jsx */
/** Public pages: the programme areas, one area with its outline, and the data sources with their licences. */
import { formatDate, formatNumber, type Locale, type Translate } from '../../../platform/i18n';
import type { MapScene } from '../../../platform/ui/map';
import type { AreaDistrictRef, FundingPeriod, Office, ProgrammeArea } from '../territory.types';
import { SvgMap } from './map';

export interface ViewBase {
  t: Translate;
  locale: Locale;
}

export function districtsLabel(t: Translate, n: number): string {
  return n === 1 ? t('territory.area.districtOne') : t('territory.area.districtMany');
}

/** "Freisenbruch (teilweise), Horst (teilweise)" */
export function districtNames(t: Translate, ds: AreaDistrictRef[]): string {
  return ds.map((d) => (d.coverage === 'partial' ? t('territory.district.partial', { name: d.name }) : d.name)).join(', ');
}

export function OfficeAddress(p: { office: Office | null; t: Translate; locale: Locale; withOpened?: boolean }) {
  const o = p.office;
  if (!o) return <p class="kern-body q-empty">{p.t('territory.office.none')}</p>;
  const cityLine = [o.postcode, o.city].filter(Boolean).join(' ');
  return (
    <div class="q-territory-office">
      <address class="kern-body">
        {o.name && (
          <>
            <strong>{o.name}</strong>
            <br />
          </>
        )}
        {o.street && (
          <>
            {o.street}
            <br />
          </>
        )}
        {cityLine}
      </address>
      {p.withOpened && o.opened && <p class="kern-body kern-body--small">{p.t('territory.office.opened', { date: formatDate(p.locale, o.opened) })}</p>}
    </div>
  );
}

export function ApproximateBadge({ t }: { t: Translate }) {
  return (
    <span class="kern-badge kern-badge--warning q-territory-badge">
      <span class="kern-label">{t('territory.area.approximate')}</span>
    </span>
  );
}

export function AreasPage(p: ViewBase & { tenantName: string; areas: ProgrammeArea[]; overview: MapScene }) {
  const { t } = p;
  return (
    <div class="q-stack">
      <h1 class="kern-heading-x-large">{t('territory.areas.heading', { tenant: p.tenantName })}</h1>
      <p class="kern-body kern-body--large">{t('territory.areas.intro')}</p>
      <SvgMap
        id="map-overview"
        t={t}
        model={p.overview}
        title={t('territory.map.overviewTitle', { tenant: p.tenantName })}
        description={t('territory.map.overviewDesc', { count: p.areas.length })}
        caption={t('territory.map.overviewCaption')}
      />
      {p.areas.length === 0 ? (
        <p class="kern-body q-empty">{t('territory.areas.none')}</p>
      ) : (
        <ul class="q-territory-cards" aria-label={t('territory.areas.listLabel')}>
          {p.areas.map((a) => (
            <li class="kern-card q-territory-card">
              <div class="kern-card__container">
                <div class="kern-card__header">
                  <h2 class="kern-title">
                    <a class="kern-link" href={`/areas/${a.slug}`}>
                      {a.name}
                    </a>
                  </h2>
                  {a.boundaryApproximate && <ApproximateBadge t={t} />}
                </div>
                <div class="kern-card__body">
                  <p class="kern-body">
                    <span class="q-territory-key">{districtsLabel(t, a.districts.length)}: </span>
                    {districtNames(t, a.districts)}
                  </p>
                  <OfficeAddress office={a.office} t={t} locale={p.locale} />
                </div>
              </div>
            </li>
          ))}
        </ul>
      )}
      <p class="kern-body">
        <a class="kern-link" href="/sources">
          {t('territory.sources.link')}
        </a>
      </p>
    </div>
  );
}

function period(t: Translate, locale: Locale, f: FundingPeriod): string {
  const from = f.startDate ? formatDate(locale, f.startDate) : null;
  const to = f.endDate ? formatDate(locale, f.endDate) : null;
  if (from && to) return t('territory.funding.fromTo', { from, to });
  if (from) return t('territory.funding.since', { from });
  if (to) return t('territory.funding.until', { to });
  return t('territory.funding.open');
}

/** The note on an approximate boundary (shown at the top of the area page). */
export function AreaApproximateNote({ t }: { t: Translate }) {
  return (
    <div class="kern-alert kern-alert--warning" role="note">
      <div class="kern-alert__header">
        <span class="kern-icon kern-icon--warning" aria-hidden="true" />
        <span class="kern-title">{t('territory.area.approximate')}</span>
      </div>
      <div class="kern-alert__body">
        <p class="kern-body">{t('territory.area.approximateText')}</p>
      </div>
    </div>
  );
}

/** The area page's place: its Stadtteile (the map's text alternative) beside the outline map. */
export function AreaPlaceSection(p: ViewBase & { area: ProgrammeArea; map: MapScene; boroughNames: Map<string, string> }) {
  const { t, area } = p;
  return (
    <div class="q-territory-split">
      <section aria-labelledby="h-districts">
        <h2 class="kern-heading-medium" id="h-districts">
          {districtsLabel(t, area.districts.length)}
        </h2>
        <ul class="kern-list" id="area-districts">
          {area.districts.map((d) => (
            <li>
              {d.coverage === 'partial' ? t('territory.district.partial', { name: d.name }) : d.name}{' '}
              <span class="q-territory-muted">{t('territory.district.numberBorough', { number: d.number, borough: p.boroughNames.get(d.id) ?? '' })}</span>
            </li>
          ))}
        </ul>
      </section>
      <SvgMap
        id="map-area"
        t={t}
        model={p.map}
        title={t('territory.map.areaTitle', { name: area.name })}
        description={t('territory.map.areaDesc', { name: area.name, districts: districtNames(t, area.districts) })}
        caption={t('territory.map.areaCaption')}
      />
    </div>
  );
}

/** The area page's funding periods, the area's notes and the credit of the data sources. */
export function AreaFundingSection(p: ViewBase & { area: ProgrammeArea; funding: FundingPeriod[] }) {
  const { t, area } = p;
  return (
    <>
      <section aria-labelledby="h-funding">
        <h2 class="kern-heading-medium" id="h-funding">
          {t('territory.funding.heading')}
        </h2>
        {p.funding.length === 0 ? (
          <p class="kern-body q-empty">{t('territory.funding.none')}</p>
        ) : (
          <ul class="kern-list">
            {p.funding.map((f) => (
              <li>
                <strong>{f.funder}</strong>
                {f.kind ? ` – ${f.kind}` : ''}: {period(t, p.locale, f)}
                {f.note && <span class="q-territory-muted"> ({f.note})</span>}
              </li>
            ))}
          </ul>
        )}
      </section>

      {area.notes && (
        <section aria-labelledby="h-notes">
          <h2 class="kern-heading-medium" id="h-notes">
            {t('territory.area.notes')}
          </h2>
          <p class="kern-body">{area.notes}</p>
        </section>
      )}

      <p class="kern-body kern-body--small">
        {t('territory.sources.short')}{' '}
        <a class="kern-link" href="/sources">
          {t('territory.sources.link')}
        </a>
      </p>
    </>
  );
}

export { period as fundingPeriodText };

export function SourcesPage(p: ViewBase & { streetCount: number }) {
  const { t } = p;
  return (
    <div class="q-stack">
      <h1 class="kern-heading-x-large">{t('territory.sources.heading')}</h1>
      <p class="kern-body kern-body--large">{t('territory.sources.intro')}</p>

      <section aria-labelledby="src-boundaries" class="q-stack">
        <h2 class="kern-heading-medium" id="src-boundaries">
          {t('territory.sources.boundaries.heading')}
        </h2>
        <p class="kern-body">{t('territory.sources.boundaries.text')}</p>
        <blockquote class="q-territory-attribution" lang="de">
          <p class="kern-body">
            {t('territory.sources.boundaries.attribution')}{' '}
            (
            <a class="kern-link" href="https://www.govdata.de/dl-de/by-2-0" rel="license">
              {t('territory.sources.boundaries.licenceLink')}
            </a>
            )
          </p>
        </blockquote>
        <p class="kern-body">{t('territory.sources.boundaries.changes')}</p>
        <p class="kern-body">{t('territory.sources.boroughNames')}</p>
      </section>

      <section aria-labelledby="src-streets" class="q-stack">
        <h2 class="kern-heading-medium" id="src-streets">
          {t('territory.sources.streets.heading')}
        </h2>
        <p class="kern-body">{t('territory.sources.streets.text', { count: formatNumber(p.locale, p.streetCount) })}</p>
        <blockquote class="q-territory-attribution" lang="de">
          <p class="kern-body">
            {t('territory.sources.streets.attribution')}{' '}
            (
            <a class="kern-link" href="https://creativecommons.org/licenses/by/4.0/deed.de" rel="license">
              {t('territory.sources.streets.licenceLink')}
            </a>
            ,{' '}
            <a class="kern-link" href="https://github.com/rodouc6/essener-strassen">
              rodouc6/essener-strassen
            </a>
            )
          </p>
        </blockquote>
        <p class="kern-body">{t('territory.sources.streets.caveat')}</p>
      </section>

      <section aria-labelledby="src-areas" class="q-stack">
        <h2 class="kern-heading-medium" id="src-areas">
          {t('territory.sources.areas.heading')}
        </h2>
        <p class="kern-body">{t('territory.sources.areas.text')}</p>
        <p class="kern-body">{t('territory.sources.areas.approximate')}</p>
      </section>

      <section aria-labelledby="src-osm" class="q-stack">
        <h2 class="kern-heading-medium" id="src-osm">
          {t('territory.sources.osm.heading')}
        </h2>
        <p class="kern-body">{t('territory.sources.osm.text')}</p>
      </section>
    </div>
  );
}
