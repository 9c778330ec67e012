/** @jsxImportSource hono/jsx */
/** Staff pages: programme areas (list, create, edit), Stadtteile (read only), funding periods, topics. */
import {
  Checkbox,
  CheckboxGroup,
  RadioGroup,
  ErrorSummary,
  Form,
  LinkButton,
  SelectField,
  SubmitButton,
  Table,
  TextArea,
  TextField,
  type FormState,
} from '../../../platform/ui/components';
import type { MapScene } from '../../../platform/ui/map';
import type { District, FundingPeriod, ProgrammeArea, Topic } from '../territory.types';
import { SvgMap } from './map';
import { districtNames, fundingPeriodText, type ViewBase } from './public';

/* ---------------------------------------------------------------- programme areas */

export function StaffAreasPage(p: ViewBase & { areas: ProgrammeArea[]; canCreate: boolean; canEdit: (id: string) => boolean }) {
  const { t } = p;
  return (
    <div class="q-stack">
      <h1 class="kern-heading-large">{t('territory.staff.areas.heading')}</h1>
      <p class="kern-body">{t('territory.staff.areas.intro')}</p>
      {p.canCreate && (
        <div class="q-actions">
          <LinkButton href="/staff/territory/areas/new" label={t('territory.staff.areas.new')} variant="primary" />
        </div>
      )}
      <Table
        caption={t('territory.staff.areas.caption')}
        empty={t('territory.areas.none')}
        rows={p.areas}
        columns={[
          {
            header: t('territory.field.name'),
            cell: (a) => (
              <a class="kern-link" href={`/areas/${a.slug}`}>
                {a.name}
              </a>
            ),
          },
          { header: t('territory.field.kind'), cell: (a) => t(`territory.kind.${a.kind}`) + (a.boundaryApproximate ? ` (${t('territory.area.approximateShort')})` : '') },
          { header: t('territory.field.districts'), cell: (a) => districtNames(t, a.districts) },
          { header: t('territory.office.heading'), cell: (a) => a.office?.name ?? '–' },
          {
            header: t('territory.staff.actions'),
            cell: (a) =>
              p.canEdit(a.id) ? (
                <a class="kern-link" href={`/staff/territory/areas/${a.id}/edit`}>
                  {t('territory.staff.edit')}
                  <span class="kern-sr-only">: {a.name}</span>
                </a>
              ) : (
                '–'
              ),
          },
        ]}
      />
    </div>
  );
}

export function AreaFormPage(
  p: ViewBase & {
    mode: 'new' | 'edit';
    action: string;
    csrfToken: string;
    form: FormState;
    districts: District[];
    area?: ProgrammeArea;
    map?: MapScene;
  },
) {
  const { t, form } = p;
  return (
    <div class="q-stack">
      <h1 class="kern-heading-large">{p.mode === 'new' ? t('territory.staff.areas.newHeading') : t('territory.staff.areas.editHeading', { name: p.area?.name ?? '' })}</h1>
      <ErrorSummary form={form} t={t} />
      {p.area && p.map && (
        <SvgMap
          id="map-edit"
          t={t}
          model={p.map}
          title={t('territory.map.areaTitle', { name: p.area.name })}
          description={t('territory.map.areaDesc', { name: p.area.name, districts: districtNames(t, p.area.districts) })}
          caption={t('territory.map.currentCaption', { districts: districtNames(t, p.area.districts) })}
        />
      )}
      <Form action={p.action} csrfToken={p.csrfToken} class="q-form--wide q-territory-form">
        <TextField name="name" label={t('territory.field.name')} t={t} form={form} required maxlength={120} />
        <TextField name="slug" label={t('territory.field.slug')} hint={t('territory.field.slugHint')} t={t} form={form} required maxlength={60} />
        <TextArea name="description" label={t('territory.field.description')} hint={t('territory.field.descriptionHint')} t={t} form={form} rows={4} />
        <RadioGroup
          name="kind"
          legend={t('territory.field.kind')}
          t={t}
          form={form}
          options={[
            { value: 'districts', label: t('territory.kind.districts'), hint: t('territory.kind.districtsHint') },
            { value: 'polygon', label: t('territory.kind.polygon'), hint: t('territory.kind.polygonHint') },
          ]}
        />
        <CheckboxGroup
          name="districtNumbers"
          legend={t('territory.field.districts')}
          hint={t('territory.field.districtsHint')}
          t={t}
          form={form}
          options={p.districts.map((d) => ({ value: String(d.number), label: t('territory.district.option', { number: d.number, name: d.name, borough: d.borough.roman }) }))}
        />
        <TextArea name="geometry" label={t('territory.field.geometry')} hint={t('territory.field.geometryHint')} t={t} form={form} rows={8} />
        <Checkbox name="boundaryApproximate" label={t('territory.field.boundaryApproximate')} hint={t('territory.field.boundaryApproximateHint')} t={t} form={form} />
        <TextArea name="notes" label={t('territory.field.notes')} hint={t('territory.field.notesHint')} t={t} form={form} rows={4} />
        <fieldset class="kern-fieldset">
          <legend class="kern-label">{t('territory.office.heading')}</legend>
          <div class="kern-fieldset__body q-stack">
            <TextField name="officeName" label={t('territory.field.officeName')} t={t} form={form} maxlength={200} />
            <TextField name="officeStreet" label={t('territory.field.officeStreet')} t={t} form={form} maxlength={200} autocomplete="off" />
            <TextField name="officePostcode" label={t('territory.field.officePostcode')} t={t} form={form} width={4} inputmode="numeric" maxlength={5} autocomplete="off" />
            <TextField name="officeCity" label={t('territory.field.officeCity')} t={t} form={form} maxlength={100} />
            <TextField name="officeOpened" label={t('territory.field.officeOpened')} t={t} form={form} type="date" />
          </div>
        </fieldset>
        <div class="q-actions">
          <SubmitButton label={t('territory.staff.save')} />
          <LinkButton href="/staff/territory/areas" label={t('territory.staff.cancel')} variant="tertiary" />
        </div>
      </Form>
    </div>
  );
}

/* ---------------------------------------------------------------- districts */

export function DistrictsPage(p: ViewBase & { districts: District[]; areasByDistrict: Map<string, string[]> }) {
  const { t } = p;
  return (
    <div class="q-stack">
      <h1 class="kern-heading-large">{t('territory.staff.districts.heading')}</h1>
      <p class="kern-body">{t('territory.staff.districts.intro')}</p>
      <Table
        caption={t('territory.staff.districts.caption', { count: p.districts.length })}
        empty={t('territory.staff.districts.none')}
        rows={p.districts}
        columns={[
          { header: t('territory.field.number'), cell: (d) => String(d.number), numeric: true },
          { header: t('territory.field.name'), cell: (d) => d.name },
          { header: t('territory.field.borough'), cell: (d) => `${d.borough.roman} – ${d.borough.name}` },
          { header: t('territory.field.areaKm2'), cell: (d) => (d.areaKm2 === null ? '–' : new Intl.NumberFormat(p.locale, { maximumFractionDigits: 2 }).format(d.areaKm2)), numeric: true },
          { header: t('territory.staff.areas.heading'), cell: (d) => (p.areasByDistrict.get(d.id) ?? []).join(', ') || '–' },
        ]}
      />
      <p class="kern-body kern-body--small">{t('territory.sources.boroughNames')}</p>
    </div>
  );
}

/* ---------------------------------------------------------------- funding periods */

export function FundingListPage(p: ViewBase & { periods: FundingPeriod[]; areaNames: Map<string, string> }) {
  const { t } = p;
  return (
    <div class="q-stack">
      <h1 class="kern-heading-large">{t('territory.staff.funding.heading')}</h1>
      <p class="kern-body">{t('territory.staff.funding.intro')}</p>
      <div class="q-actions">
        <LinkButton href="/staff/territory/funding/new" label={t('territory.staff.funding.new')} variant="primary" />
      </div>
      <Table
        caption={t('territory.staff.funding.caption')}
        empty={t('territory.funding.none')}
        rows={p.periods}
        columns={[
          { header: t('territory.field.funder'), cell: (f) => f.funder },
          { header: t('territory.field.fundingKind'), cell: (f) => f.kind ?? '–' },
          { header: t('territory.field.period'), cell: (f) => fundingPeriodText(t, p.locale, f) },
          { header: t('territory.field.scope'), cell: (f) => (f.areaId ? (p.areaNames.get(f.areaId) ?? f.areaId) : t('territory.funding.wholeProgramme')) },
          {
            header: t('territory.staff.actions'),
            cell: (f) => (
              <a class="kern-link" href={`/staff/territory/funding/${f.id}/edit`}>
                {t('territory.staff.edit')}
                <span class="kern-sr-only">: {f.funder}</span>
              </a>
            ),
          },
        ]}
      />
    </div>
  );
}

export function FundingFormPage(p: ViewBase & { mode: 'new' | 'edit'; action: string; csrfToken: string; form: FormState; areas: { id: string; name: string }[] }) {
  const { t, form } = p;
  return (
    <div class="q-stack">
      <h1 class="kern-heading-large">{p.mode === 'new' ? t('territory.staff.funding.newHeading') : t('territory.staff.funding.editHeading')}</h1>
      <ErrorSummary form={form} t={t} />
      <Form action={p.action} csrfToken={p.csrfToken} class="q-territory-form">
        <TextField name="funder" label={t('territory.field.funder')} t={t} form={form} required maxlength={200} />
        <TextField name="kind" label={t('territory.field.fundingKind')} hint={t('territory.field.fundingKindHint')} t={t} form={form} maxlength={200} />
        <TextField name="startDate" label={t('territory.field.startDate')} t={t} form={form} type="date" />
        <TextField name="endDate" label={t('territory.field.endDate')} hint={t('territory.field.endDateHint')} t={t} form={form} type="date" />
        <SelectField
          name="areaId"
          label={t('territory.field.scope')}
          t={t}
          form={form}
          placeholder={t('territory.funding.wholeProgramme')}
          options={p.areas.map((a) => ({ value: a.id, label: a.name }))}
        />
        <TextArea name="note" label={t('territory.field.note')} t={t} form={form} rows={3} />
        <div class="q-actions">
          <SubmitButton label={t('territory.staff.save')} />
          <LinkButton href="/staff/territory/funding" label={t('territory.staff.cancel')} variant="tertiary" />
        </div>
      </Form>
    </div>
  );
}

/* ---------------------------------------------------------------- topics */

export function TopicsListPage(p: ViewBase & { topics: Topic[]; csrfToken: string }) {
  const { t } = p;
  return (
    <div class="q-stack">
      <h1 class="kern-heading-large">{t('territory.staff.topics.heading')}</h1>
      <p class="kern-body">{t('territory.staff.topics.intro')}</p>
      <div class="q-actions">
        <LinkButton href="/staff/territory/topics/new" label={t('territory.staff.topics.new')} variant="primary" />
      </div>
      <Table
        caption={t('territory.staff.topics.caption')}
        empty={t('territory.staff.topics.none')}
        rows={p.topics}
        columns={[
          { header: t('territory.field.topicKey'), cell: (x) => <code class="q-code">{x.key}</code> },
          { header: t('territory.field.labelDe'), cell: (x) => <span lang="de">{x.labels.de}</span> },
          { header: t('territory.field.labelEn'), cell: (x) => (x.labels.en ? <span lang="en">{x.labels.en}</span> : '–') },
          {
            header: t('territory.field.labelAr'),
            cell: (x) =>
              x.labels.ar ? (
                <span lang="ar" dir="rtl">
                  {x.labels.ar}
                </span>
              ) : (
                '–'
              ),
          },
          { header: t('territory.field.sortOrder'), cell: (x) => String(x.sortOrder), numeric: true },
          { header: t('territory.field.status'), cell: (x) => (x.active ? t('territory.topic.active') : t('territory.topic.inactive')) },
          {
            header: t('territory.staff.actions'),
            cell: (x) => (
              <div class="q-territory-row-actions">
                <a class="kern-link" href={`/staff/territory/topics/${x.id}/edit`}>
                  {t('territory.staff.edit')}
                  <span class="kern-sr-only">: {x.labels.de}</span>
                </a>
                <form method="post" action={`/staff/territory/topics/${x.id}/active`} class="q-inline-form">
                  <input type="hidden" name="_csrf" value={p.csrfToken} />
                  <input type="hidden" name="active" value={x.active ? '0' : '1'} />
                  <button type="submit" class="kern-btn kern-btn--tertiary kern-btn--x-small">
                    <span class="kern-label">
                      {x.active ? t('territory.topic.deactivate') : t('territory.topic.activate')}
                      <span class="kern-sr-only">: {x.labels.de}</span>
                    </span>
                  </button>
                </form>
              </div>
            ),
          },
        ]}
      />
    </div>
  );
}

export function TopicFormPage(p: ViewBase & { mode: 'new' | 'edit'; action: string; csrfToken: string; form: FormState; topicKey?: string }) {
  const { t, form } = p;
  return (
    <div class="q-stack">
      <h1 class="kern-heading-large">{p.mode === 'new' ? t('territory.staff.topics.newHeading') : t('territory.staff.topics.editHeading', { key: p.topicKey ?? '' })}</h1>
      <ErrorSummary form={form} t={t} />
      <Form action={p.action} csrfToken={p.csrfToken} class="q-territory-form">
        {p.mode === 'new' ? (
          <TextField name="key" label={t('territory.field.topicKey')} hint={t('territory.field.topicKeyHint')} t={t} form={form} required maxlength={40} />
        ) : (
          <p class="kern-body">
            {t('territory.field.topicKey')}: <code class="q-code">{p.topicKey}</code>
          </p>
        )}
        <TextField name="labelDe" label={t('territory.field.labelDe')} t={t} form={form} required maxlength={100} />
        <TextField name="labelEn" label={t('territory.field.labelEn')} t={t} form={form} maxlength={100} />
        <TextField name="labelAr" label={t('territory.field.labelAr')} t={t} form={form} maxlength={100} />
        <TextField name="sortOrder" label={t('territory.field.sortOrder')} hint={t('territory.field.sortOrderHint')} t={t} form={form} inputmode="numeric" width={4} />
        <Checkbox name="active" label={t('territory.topic.activeLabel')} t={t} form={form} />
        <div class="q-actions">
          <SubmitButton label={t('territory.staff.save')} />
          <LinkButton href="/staff/territory/topics" label={t('territory.staff.cancel')} variant="tertiary" />
        </div>
      </Form>
    </div>
  );
}
