/** @jsxImportSource hono/jsx */
/**
 * Pages of the territory module. Public: /areas, /sources (the area page /areas/:slug is the portal module's). Staff (route policies in index.ts):
 * /staff/territory/areas (list, new, edit), /staff/territory/districts, /staff/territory/funding, /staff/territory/topics.
 * Forms re-render with the input and an error summary (422) on bad input; a successful post redirects (303).
 */
import { Hono, type Context } from 'hono';
import { can } from '../../platform/auth/policy';
import { errors } from '../../platform/errors';
import type { AppEnv } from '../../platform/http/context';
import { readForm, validate, type FormValues } from '../../platform/http/forms';
import { redirectWithNotice } from '../../platform/http/notice';
import { render } from '../../platform/http/render';
import { svc } from '../../platform/http/service-context';
import { emptyForm, type FormState } from '../../platform/ui/components';
import { tileSourceFromConfig } from '../../platform/ui/map';
import { areaFormSchema, fundingFormSchema, topicEditFormSchema, topicFormSchema, type AreaForm } from './territory.schema';
import {
  canManageArea,
  countStreets,
  createArea,
  createFundingPeriod,
  createTopic,
  getArea,
  getFundingPeriod,
  getTopic,
  isValidationError,
  listAreas,
  listDistricts,
  listFundingPeriods,
  listTopics,
  lookupIndex,
  setTopicActive,
  updateArea,
  updateFundingPeriod,
  updateTopic,
  type AreaInput,
} from './territory.service';
import type { FundingPeriod, ProgrammeAreaWithGeometry, Topic } from './territory.types';
import { areaScene, overviewScene } from './views/map';
import { AreasPage, SourcesPage } from './views/public';
import { AreaFormPage, DistrictsPage, FundingFormPage, FundingListPage, StaffAreasPage, TopicFormPage, TopicsListPage } from './views/staff';

type C = Context<AppEnv>;

export const pages = new Hono<AppEnv>();

/* ================================================================ public */

pages.get('/areas', async (c) => {
  const t = c.var.t;
  const [areas, index] = await Promise.all([listAreas(c.var.db), lookupIndex(c.var.db)]);
  const tiles = tileSourceFromConfig(c.var.deps.config);
  const overview = index.memo(`map:overview:${tiles?.url ?? ''}`, () => overviewScene(index.allDistricts(), index.allAreas(), { tiles }));
  return render(c, t('territory.areas.title'), <AreasPage t={t} locale={c.var.locale} tenantName={c.var.tenant.name} areas={areas} overview={overview} />, {
    crumbs: [[t('territory.areas.title')]],
    largeHeading: true,
  });
});

pages.get('/sources', async (c) => {
  const t = c.var.t;
  const streetCount = await countStreets(c.var.db);
  return render(c, t('territory.sources.heading'), <SourcesPage t={t} locale={c.var.locale} streetCount={streetCount} />, {
    crumbs: [[t('territory.sources.heading')]],
    largeHeading: true,
  });
});

/* ================================================================ staff: programme areas */

pages.get('/staff/territory/areas', async (c) => {
  const t = c.var.t;
  const user = c.var.user;
  const areas = await listAreas(c.var.db);
  return render(
    c,
    t('territory.staff.areas.heading'),
    <StaffAreasPage t={t} locale={c.var.locale} areas={areas} canCreate={can(user, 'territory.create_area')} canEdit={(id) => canManageArea(user, id)} />,
    { crumbs: [[t('territory.staff.areas.heading')]] },
  );
});

function areaFormValues(a: ProgrammeAreaWithGeometry): FormValues {
  return {
    name: a.name,
    slug: a.slug,
    description: a.description ?? '',
    notes: a.notes ?? '',
    kind: a.kind,
    districtNumbers: a.kind === 'districts' ? a.districts.map((d) => String(d.number)) : [],
    geometry: a.kind === 'polygon' ? JSON.stringify(a.geometry) : '',
    boundaryApproximate: a.boundaryApproximate ? '1' : '',
    officeName: a.office?.name ?? '',
    officeStreet: a.office?.street ?? '',
    officePostcode: a.office?.postcode ?? '',
    officeCity: a.office?.city ?? '',
    officeOpened: a.office?.opened ?? '',
  };
}

function formToAreaInput(f: AreaForm): AreaInput {
  return {
    name: f.name,
    slug: f.slug,
    description: f.description ?? null,
    notes: f.notes ?? null,
    kind: f.kind,
    districtNumbers: f.districtNumbers,
    geometry: f.kind === 'polygon' ? (f.geometry ?? '') : null,
    boundaryApproximate: f.boundaryApproximate,
    office: { name: f.officeName ?? null, street: f.officeStreet ?? null, postcode: f.officePostcode ?? null, city: f.officeCity ?? null, opened: f.officeOpened ?? null },
  };
}

async function renderAreaForm(c: C, form: FormState, area: ProgrammeAreaWithGeometry | null, status: 200 | 422 = 200) {
  const t = c.var.t;
  const districts = await listDistricts(c.var.db);
  const title = area ? t('territory.staff.areas.editHeading', { name: area.name }) : t('territory.staff.areas.newHeading');
  let map;
  if (area) {
    const index = await lookupIndex(c.var.db);
    map = areaScene(area, index.allDistricts(), { width: 400, tiles: tileSourceFromConfig(c.var.deps.config) });
  }
  return render(
    c,
    title,
    <AreaFormPage
      t={t}
      locale={c.var.locale}
      mode={area ? 'edit' : 'new'}
      action={area ? `/staff/territory/areas/${area.id}` : '/staff/territory/areas'}
      csrfToken={c.var.csrfToken}
      form={form}
      districts={districts}
      {...(area ? { area, map } : {})}
    />,
    { status, crumbs: [[t('territory.staff.areas.heading'), '/staff/territory/areas'], [title]] },
  );
}

pages.get('/staff/territory/areas/new', (c) => renderAreaForm(c, emptyForm({ kind: 'districts', officeCity: c.var.tenant.name }), null));

pages.post('/staff/territory/areas', async (c) => {
  const values = await readForm(c);
  const v = validate(areaFormSchema, values);
  if (!v.ok) return renderAreaForm(c, { values, errors: v.errors }, null, 422);
  try {
    await createArea(svc(c), formToAreaInput(v.data));
  } catch (e) {
    if (isValidationError(e)) return renderAreaForm(c, { values, errors: e.details.fields ?? [] }, null, 422);
    throw e;
  }
  return redirectWithNotice(c, '/staff/territory/areas', 'territory.notice.areaCreated');
});

async function areaForEdit(c: C): Promise<ProgrammeAreaWithGeometry> {
  const area = await getArea(c.var.db, c.req.param('id') ?? '');
  if (!area) throw errors.notFound('programme area');
  if (!canManageArea(c.var.user, area.id)) throw errors.forbidden('territory.manage');
  return area;
}

pages.get('/staff/territory/areas/:id/edit', async (c) => {
  const area = await areaForEdit(c);
  return renderAreaForm(c, emptyForm(areaFormValues(area)), area);
});

pages.post('/staff/territory/areas/:id', async (c) => {
  const area = await areaForEdit(c);
  const values = await readForm(c);
  const v = validate(areaFormSchema, values);
  if (!v.ok) return renderAreaForm(c, { values, errors: v.errors }, area, 422);
  try {
    await updateArea(svc(c), area.id, formToAreaInput(v.data));
  } catch (e) {
    if (isValidationError(e)) return renderAreaForm(c, { values, errors: e.details.fields ?? [] }, area, 422);
    throw e;
  }
  return redirectWithNotice(c, '/staff/territory/areas', 'territory.notice.areaSaved');
});

/* ================================================================ staff: districts */

pages.get('/staff/territory/districts', async (c) => {
  const t = c.var.t;
  const [districts, areas] = await Promise.all([listDistricts(c.var.db), listAreas(c.var.db)]);
  const areasByDistrict = new Map<string, string[]>();
  for (const a of areas) {
    for (const d of a.districts) areasByDistrict.set(d.id, [...(areasByDistrict.get(d.id) ?? []), d.coverage === 'partial' ? t('territory.district.partial', { name: a.name }) : a.name]);
  }
  return render(c, t('territory.staff.districts.heading'), <DistrictsPage t={t} locale={c.var.locale} districts={districts} areasByDistrict={areasByDistrict} />, {
    crumbs: [[t('territory.staff.districts.heading')]],
  });
});

/* ================================================================ staff: funding periods */

pages.get('/staff/territory/funding', async (c) => {
  const t = c.var.t;
  const [periods, areas] = await Promise.all([listFundingPeriods(c.var.db), listAreas(c.var.db)]);
  return render(
    c,
    t('territory.staff.funding.heading'),
    <FundingListPage t={t} locale={c.var.locale} periods={periods} areaNames={new Map(areas.map((a) => [a.id, a.name]))} />,
    { crumbs: [[t('territory.staff.funding.heading')]] },
  );
});

function fundingFormValues(f: FundingPeriod): FormValues {
  return { funder: f.funder, kind: f.kind ?? '', startDate: f.startDate ?? '', endDate: f.endDate ?? '', areaId: f.areaId ?? '', note: f.note ?? '' };
}

async function renderFundingForm(c: C, form: FormState, id: string | null, status: 200 | 422 = 200) {
  const t = c.var.t;
  const areas = await listAreas(c.var.db);
  const title = id ? t('territory.staff.funding.editHeading') : t('territory.staff.funding.newHeading');
  return render(
    c,
    title,
    <FundingFormPage
      t={t}
      locale={c.var.locale}
      mode={id ? 'edit' : 'new'}
      action={id ? `/staff/territory/funding/${id}` : '/staff/territory/funding'}
      csrfToken={c.var.csrfToken}
      form={form}
      areas={areas.map((a) => ({ id: a.id, name: a.name }))}
    />,
    { status, crumbs: [[t('territory.staff.funding.heading'), '/staff/territory/funding'], [title]] },
  );
}

function fundingInput(f: ReturnType<typeof fundingFormSchema.parse>) {
  return { funder: f.funder, kind: f.kind ?? null, startDate: f.startDate ?? null, endDate: f.endDate ?? null, areaId: f.areaId ?? null, note: f.note ?? null };
}

pages.get('/staff/territory/funding/new', (c) => renderFundingForm(c, emptyForm(), null));

pages.post('/staff/territory/funding', async (c) => {
  const values = await readForm(c);
  const v = validate(fundingFormSchema, values);
  if (!v.ok) return renderFundingForm(c, { values, errors: v.errors }, null, 422);
  try {
    await createFundingPeriod(svc(c), fundingInput(v.data));
  } catch (e) {
    if (isValidationError(e)) return renderFundingForm(c, { values, errors: e.details.fields ?? [] }, null, 422);
    throw e;
  }
  return redirectWithNotice(c, '/staff/territory/funding', 'territory.notice.fundingSaved');
});

async function fundingForEdit(c: C): Promise<FundingPeriod> {
  const f = await getFundingPeriod(c.var.db, c.req.param('id') ?? '');
  if (!f) throw errors.notFound('funding period');
  return f;
}

pages.get('/staff/territory/funding/:id/edit', async (c) => {
  const f = await fundingForEdit(c);
  return renderFundingForm(c, emptyForm(fundingFormValues(f)), f.id);
});

pages.post('/staff/territory/funding/:id', async (c) => {
  const f = await fundingForEdit(c);
  const values = await readForm(c);
  const v = validate(fundingFormSchema, values);
  if (!v.ok) return renderFundingForm(c, { values, errors: v.errors }, f.id, 422);
  try {
    await updateFundingPeriod(svc(c), f.id, fundingInput(v.data));
  } catch (e) {
    if (isValidationError(e)) return renderFundingForm(c, { values, errors: e.details.fields ?? [] }, f.id, 422);
    throw e;
  }
  return redirectWithNotice(c, '/staff/territory/funding', 'territory.notice.fundingSaved');
});

/* ================================================================ staff: topics */

pages.get('/staff/territory/topics', async (c) => {
  const t = c.var.t;
  const topics = await listTopics(c.var.db);
  return render(c, t('territory.staff.topics.heading'), <TopicsListPage t={t} locale={c.var.locale} topics={topics} csrfToken={c.var.csrfToken} />, {
    crumbs: [[t('territory.staff.topics.heading')]],
  });
});

function topicFormValues(x: Topic): FormValues {
  return { labelDe: x.labels.de, labelEn: x.labels.en ?? '', labelAr: x.labels.ar ?? '', sortOrder: String(x.sortOrder), active: x.active ? '1' : '' };
}

function renderTopicForm(c: C, form: FormState, topic: Topic | null, status: 200 | 422 = 200) {
  const t = c.var.t;
  const title = topic ? t('territory.staff.topics.editHeading', { key: topic.key }) : t('territory.staff.topics.newHeading');
  return render(
    c,
    title,
    <TopicFormPage
      t={t}
      locale={c.var.locale}
      mode={topic ? 'edit' : 'new'}
      action={topic ? `/staff/territory/topics/${topic.id}` : '/staff/territory/topics'}
      csrfToken={c.var.csrfToken}
      form={form}
      {...(topic ? { topicKey: topic.key } : {})}
    />,
    { status, crumbs: [[t('territory.staff.topics.heading'), '/staff/territory/topics'], [title]] },
  );
}

pages.get('/staff/territory/topics/new', (c) => renderTopicForm(c, emptyForm({ active: '1', sortOrder: '100' }), null));

pages.post('/staff/territory/topics', async (c) => {
  const values = await readForm(c);
  const v = validate(topicFormSchema, values);
  if (!v.ok) return renderTopicForm(c, { values, errors: v.errors }, null, 422);
  const d = v.data;
  try {
    await createTopic(svc(c), { key: d.key, labels: { de: d.labelDe, en: d.labelEn ?? null, ar: d.labelAr ?? null }, sortOrder: d.sortOrder, active: d.active });
  } catch (e) {
    if (isValidationError(e)) return renderTopicForm(c, { values, errors: e.details.fields ?? [] }, null, 422);
    throw e;
  }
  return redirectWithNotice(c, '/staff/territory/topics', 'territory.notice.topicSaved');
});

async function topicForEdit(c: C): Promise<Topic> {
  const x = await getTopic(c.var.db, c.req.param('id') ?? '');
  if (!x) throw errors.notFound('topic');
  return x;
}

pages.get('/staff/territory/topics/:id/edit', async (c) => {
  const x = await topicForEdit(c);
  return renderTopicForm(c, emptyForm(topicFormValues(x)), x);
});

pages.post('/staff/territory/topics/:id', async (c) => {
  const x = await topicForEdit(c);
  const values = await readForm(c);
  const v = validate(topicEditFormSchema, values);
  if (!v.ok) return renderTopicForm(c, { values, errors: v.errors }, x, 422);
  const d = v.data;
  await updateTopic(svc(c), x.id, { labels: { de: d.labelDe, en: d.labelEn ?? null, ar: d.labelAr ?? null }, sortOrder: d.sortOrder, active: d.active });
  return redirectWithNotice(c, '/staff/territory/topics', 'territory.notice.topicSaved');
});

pages.post('/staff/territory/topics/:id/active', async (c) => {
  const x = await topicForEdit(c);
  const values = await readForm(c);
  const active = values.active === '1';
  await setTopicActive(svc(c), x.id, active);
  return redirectWithNotice(c, '/staff/territory/topics', active ? 'territory.notice.topicActivated' : 'territory.notice.topicDeactivated');
});
