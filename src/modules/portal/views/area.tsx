/** @jsxImportSource hono/jsx */
/**
 * One programme area for residents: where it is, its district office (open now?), how to reach the team, upcoming
 * offers and public meetings, concerns on a map and as a list, ongoing public dialogues with their agreements'
 * progress, groups looking for members, participation and funding. Every section says so when it has nothing yet.
 * Works without JavaScript (the maps' zoom island is optional); nothing personal is shown.
 */
import type { Child } from 'hono/jsx';
import { formatDate, type Locale, type Translate } from '../../../platform/i18n';
import { AreaApproximateNote, AreaFundingSection, AreaPlaceSection, OfficeAddress } from '../../territory';
import type { AreaData } from '../portal.service';
import { OfferLine, OfficeState, when } from './parts';

export const CONCERN_LIST_ID = 'area-concerns';

interface AreaProps {
  t: Translate;
  locale: Locale;
  data: AreaData;
  /** The residents' accounts module's "follow this area" control (followControl), rendered by the route. */
  follow?: Child;
}

function Section(p: { id: string; title: string; children: Child; more?: { href: string; label: string } | undefined }) {
  return (
    <section aria-labelledby={`h-${p.id}`} class="q-stack q-portal-section" id={p.id}>
      <h2 class="kern-heading-medium" id={`h-${p.id}`}>
        {p.title}
      </h2>
      {p.children}
      {p.more && (
        <p class="kern-body">
          <a class="kern-link" href={p.more.href}>
            {p.more.label}
          </a>
        </p>
      )}
    </section>
  );
}

function Empty(p: { text: string }) {
  return <p class="kern-body q-empty">{p.text}</p>;
}

export function AreaPage(p: AreaProps) {
  const { t, locale, data } = p;
  const { area } = data;
  return (
    <article class="q-stack">
      <h1 class="kern-heading-x-large">{area.name}</h1>
      {area.boundaryApproximate && <AreaApproximateNote t={t} />}
      {area.description && <p class="kern-body kern-body--large">{area.description}</p>}
      {p.follow}

      <nav aria-label={t('portal.area.contents')} class="q-portal-toc">
        <ul class="kern-list">
          <li>
            <a class="kern-link" href="#office">{t('portal.area.office')}</a>
          </li>
          <li>
            <a class="kern-link" href="#offers">{t('portal.area.offers')}</a>
          </li>
          <li>
            <a class="kern-link" href="#concerns">{t('portal.area.concerns')}</a>
          </li>
          <li>
            <a class="kern-link" href="#participation">{t('portal.area.participation')}</a>
          </li>
        </ul>
      </nav>

      <AreaPlaceSection t={t} locale={locale} area={area} map={data.place.scene} boroughNames={data.place.boroughNames} />

      <Section id="office" title={t('portal.area.office')}>
        {data.offices.length === 0 ? (
          <>
            <OfficeAddress office={area.office} t={t} locale={locale} withOpened />
            {area.office && <p class="kern-body kern-body--small">{t('portal.office.noHours')}</p>}
          </>
        ) : (
          data.offices.map((o) => (
            <div class="q-portal-office">
              <address class="kern-body">
                <strong>{o.office.name}</strong>
                {o.office.street && (
                  <>
                    <br />
                    {o.office.street}
                  </>
                )}
                {(o.office.postcode || o.office.city) && (
                  <>
                    <br />
                    {[o.office.postcode, o.office.city].filter(Boolean).join(' ')}
                  </>
                )}
              </address>
              <OfficeState t={t} locale={locale} now={o} />
              <p class="kern-body">
                <a class="kern-link" href={`/offices/${o.office.slug}`}>
                  {t('portal.office.details', { name: o.office.name })}
                </a>
              </p>
            </div>
          ))
        )}
      </Section>

      <Section id="contact" title={t('portal.area.contact')}>
        {data.offices.some((o) => o.office.phone || o.office.email || o.office.staffOnDuty) ? (
          <dl class="q-portal-contact">
            {data.offices.map((o) => (
              <>
                {o.office.phone && (
                  <>
                    <dt>{t('portal.contact.phone', { office: o.office.name })}</dt>
                    <dd>
                      <a class="kern-link" href={`tel:${o.office.phone.replace(/[^+0-9]/g, '')}`}>
                        {o.office.phone}
                      </a>
                    </dd>
                  </>
                )}
                {o.office.email && (
                  <>
                    <dt>{t('portal.contact.email', { office: o.office.name })}</dt>
                    <dd>
                      <a class="kern-link" href={`mailto:${o.office.email}`}>
                        {o.office.email}
                      </a>
                    </dd>
                  </>
                )}
                {o.office.staffOnDuty && (
                  <>
                    <dt>{t('portal.contact.staff', { office: o.office.name })}</dt>
                    <dd>{o.office.staffOnDuty}</dd>
                  </>
                )}
              </>
            ))}
          </dl>
        ) : (
          <Empty text={t('portal.contact.none')} />
        )}
        <p class="kern-body">
          {t('portal.contact.concern')}{' '}
          <a class="kern-link" href="/concerns/new">
            {t('portal.contact.concernLink')}
          </a>
        </p>
      </Section>

      <Section id="offers" title={t('portal.area.offers')} more={{ href: `/offers?area=${encodeURIComponent(area.slug)}`, label: t('portal.offers.all', { area: area.name }) }}>
        {data.offers.length === 0 ? (
          <Empty text={t('portal.offers.none')} />
        ) : (
          <ul class="kern-list">
            {data.offers.map((e) => (
              <li>
                <OfferLine t={t} locale={locale} entry={e} />
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Section id="meetings" title={t('portal.area.meetings')}>
        {data.meetings.length === 0 ? (
          <Empty text={t('portal.meetings.none')} />
        ) : (
          <ul class="kern-list">
            {data.meetings.map((m) => (
              <li>
                <time datetime={m.startsAt}>{when(locale, m.startsAt)}</time>
                {' – '}
                <a class="kern-link" href={m.href}>
                  {m.title}
                </a>{' '}
                <span class="q-territory-muted">({t(`dialogues.meetingType.${m.type}`)}, {m.place})</span>
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Section id="concerns" title={t('portal.area.concerns')} more={{ href: data.concerns.href, label: t('portal.concerns.all', { count: data.concerns.total }) }}>
        {data.concerns.total > 0 && data.concerns.map}
        {data.concerns.items.length === 0 ? (
          <div id={CONCERN_LIST_ID}>
            <Empty text={t('portal.concerns.none')} />
          </div>
        ) : (
          <ul class="kern-list" id={CONCERN_LIST_ID} aria-label={t('portal.concerns.listLabel')}>
            {data.concerns.items.map((c) => (
              <li>
                <a class="kern-link" href={c.href}>
                  {t('portal.concerns.item', { number: c.number, category: c.category })}
                </a>{' '}
                <span class="q-territory-muted">
                  {t(`concerns.status.${c.status}`)} · {t('portal.concerns.supports', { count: c.supportCount })} · {formatDate(locale, c.createdAt)}
                </span>
              </li>
            ))}
          </ul>
        )}
        <p class="kern-body">
          <a class="kern-link" href="/concerns/new">
            {t('portal.concerns.report')}
          </a>
        </p>
      </Section>

      <Section id="dialogues" title={t('portal.area.dialogues')} more={{ href: '/dialogues', label: t('portal.dialogues.all') }}>
        {data.dialogues.length === 0 ? (
          <Empty text={t('portal.dialogues.none')} />
        ) : (
          <ul class="kern-list">
            {data.dialogues.map((d) => (
              <li>
                <a class="kern-link" href={d.href}>
                  {d.title}
                </a>{' '}
                <span class="q-territory-muted">({t(`dialogues.phase.${d.phase}`)})</span>
                <br />
                {d.agreements.total === 0 ? t('portal.dialogues.noAgreements') : t('portal.dialogues.progress', { done: d.agreements.done, total: d.agreements.total })}
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Section id="groups" title={t('portal.area.groups')} more={{ href: `/groups?area=${encodeURIComponent(area.id)}`, label: t('portal.groups.all') }}>
        {data.groups.length === 0 ? (
          <Empty text={t('portal.groups.none')} />
        ) : (
          <ul class="kern-list">
            {data.groups.map((g) => (
              <li>
                <a class="kern-link" href={`/groups/${g.id}`}>
                  {g.name}
                </a>
                {g.meetingInfo && <span class="q-territory-muted"> – {g.meetingInfo}</span>}
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Section id="participation" title={t('portal.area.participation')} more={{ href: `/participation/areas/${encodeURIComponent(area.slug)}`, label: t('portal.participation.all', { area: area.name }) }}>
        <h3 class="kern-heading-small">{t('portal.participation.proposals')}</h3>
        {data.participation.proposals.length === 0 ? (
          <Empty text={t('portal.participation.noProposals')} />
        ) : (
          <ul class="kern-list">
            {data.participation.proposals.map((x) => (
              <li>
                <a class="kern-link" href={x.href}>
                  {x.title}
                </a>{' '}
                <span class="q-territory-muted">
                  ({t(`participation.status.${x.status}`)} · {t('portal.participation.supports', { count: x.supportCount })})
                </span>
              </li>
            ))}
          </ul>
        )}
        <h3 class="kern-heading-small">{t('portal.participation.surveys')}</h3>
        {data.participation.surveys.length === 0 ? (
          <Empty text={t('portal.participation.noSurveys')} />
        ) : (
          <ul class="kern-list">
            {data.participation.surveys.map((s) => (
              <li>
                <a class="kern-link" href={s.href}>
                  {s.title}
                </a>
              </li>
            ))}
          </ul>
        )}
      </Section>

      <AreaFundingSection t={t} locale={locale} area={area} funding={data.funding} />
    </article>
  );
}
