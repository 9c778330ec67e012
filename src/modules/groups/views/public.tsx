/** @jsxImportSource hono/jsx */
/** Public pages: groups looking for members, and one group's page (only what staff marked public). */
import { Form, SelectField, SubmitButton, type FormState } from '../../../platform/ui/components';
import type { PublicGroup } from '../groups.types';
import type { Lookups, ViewBase } from './staff';

const nameOf = (opts: Lookups['areas'], id: string) => opts.find((o) => o.value === id)?.label ?? '';

export function PublicListPage(p: ViewBase & { groups: PublicGroup[]; lookups: Lookups; query: Record<string, unknown> }) {
  const { t } = p;
  const filter: FormState = { values: p.query, errors: [] };
  return (
    <div class="q-stack">
      <h1 class="kern-heading-large">{t('groups.public.heading')}</h1>
      <p class="kern-body">{t('groups.public.intro')}</p>
      <Form action="/groups" method="get" class="q-filter q-form--inline">
        <SelectField name="area" label={t('groups.field.area')} t={t} form={filter} placeholder={t('groups.filter.all')} options={p.lookups.areas} />
        <SubmitButton label={t('groups.filter.apply')} variant="secondary" />
      </Form>
      {p.groups.length === 0 ? (
        <p class="kern-body q-empty">{t('groups.public.empty')}</p>
      ) : (
        <ul class="q-cards q-stack">
          {p.groups.map((g) => (
            <li class="kern-card">
              <div class="kern-card__container">
                <div class="kern-card__header">
                  <h2 class="kern-title">
                    <a class="kern-link" href={`/groups/${g.id}`}>
                      {g.name}
                    </a>
                  </h2>
                </div>
                <div class="kern-card__body">
                  <p class="kern-body">{nameOf(p.lookups.areas, g.areaId)}</p>
                  <p class="kern-body">{g.publicText}</p>
                </div>
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function PublicGroupPage(p: ViewBase & { group: PublicGroup; lookups: Lookups; office: { name: string | null; address: string | null } | null }) {
  const { t, group: g } = p;
  const topics = g.topicIds.map((id) => p.lookups.topics.find((o) => o.value === id)?.label).filter(Boolean);
  return (
    <div class="q-stack">
      <h1 class="kern-heading-large">{g.name}</h1>
      <p class="kern-body">{t('groups.public.lookingForMembers')}</p>
      <p class="kern-body q-group-public-text">{g.publicText}</p>
      <dl class="kern-description-list">
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{t('groups.field.area')}</dt>
          <dd class="kern-description-list-item__value">{nameOf(p.lookups.areas, g.areaId)}</dd>
        </div>
        {g.meetingInfo && (
          <div class="kern-description-list-item">
            <dt class="kern-description-list-item__key">{t('groups.field.meetingInfo')}</dt>
            <dd class="kern-description-list-item__value">{g.meetingInfo}</dd>
          </div>
        )}
        {topics.length > 0 && (
          <div class="kern-description-list-item">
            <dt class="kern-description-list-item__key">{t('groups.field.topics')}</dt>
            <dd class="kern-description-list-item__value">{topics.join(', ')}</dd>
          </div>
        )}
      </dl>
      <h2 class="kern-heading-medium">{t('groups.public.joinHeading')}</h2>
      <p class="kern-body">{p.office?.name ? t('groups.public.joinOffice', { office: p.office.name, address: p.office.address ?? '' }) : t('groups.public.joinGeneric')}</p>
      <p class="kern-body">
        <a class="kern-link" href="/groups">
          {t('groups.public.back')}
        </a>
      </p>
    </div>
  );
}
