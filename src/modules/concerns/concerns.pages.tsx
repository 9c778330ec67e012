/** @jsxImportSource hono/jsx */
/**
 * Pages of the concerns module. Public (no account): /concerns (list), /concerns/new (intake form), POST /concerns,
 * /concerns/:number (one concern), support and follow, /concerns/confirm/:token (e-mail confirmation: GET shows
 * a button, only its POST confirms).
 * Staff: /staff/concerns (inbox with filters, bulk actions, CSV), /staff/concerns/new (entry on behalf of a
 * resident), /staff/concerns/:id (detail with workflow actions), edit and redaction.
 * Concern ids and numbers are matched by pattern (:id{con_…}, :number{YYYY-NNNNNN}) so /new and /export.csv
 * never collide with them. A route that acts on one concern checks its scope before it validates the input.
 */
import { Hono, type Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { can } from '../../platform/auth/policy';
import { clientIp } from '../../platform/auth/client-ip';
import { linkBase } from '../../platform/auth/links';
import { userOptions, type AuthDb } from '../../platform/auth/users.queries';
import { AppError, errors, type FieldError } from '../../platform/errors';
import type { AppEnv } from '../../platform/http/context';
import { readForm, validate, type FormValues } from '../../platform/http/forms';
import { redirectWithNotice } from '../../platform/http/notice';
import { render } from '../../platform/http/render';
import { svc } from '../../platform/http/service-context';
import { newToken } from '../../platform/ids';
import { processImageUpload, type ProcessedImage } from '../../platform/files';
import { honeypot, HoneypotField, rateLimit } from '../../platform/http/rate-limit';
import { emptyForm, type FormState } from '../../platform/ui/components';
import { mapViewFromUrl, tileSourceFromConfig, type BBox, type MapLink } from '../../platform/ui/map';
import { listAreas, listAreasWithGeometry, listDistricts, listDistrictsWithGeometry } from '../territory';
import { csvCell, canTransition, NUMBER_RE, TRANSITIONS } from './concerns.rules';
import {
  assignFormSchema,
  bulkFormSchema,
  categoryFormSchema,
  editFormSchema,
  followFormSchema,
  inboxQuerySchema,
  intakeFormSchema,
  mergeFormSchema,
  noteFormSchema,
  publicListQuerySchema,
  redactFormSchema,
  staffIntakeFormSchema,
  transitionFormSchema,
} from './concerns.schema';
import {
  addNote,
  assignConcern,
  bulkAction,
  canOn,
  categoryLabel,
  getCategory,
  updateCategory,
  confirmEmail,
  confirmEmailTarget,
  editConcern,
  findConcernByNumber,
  fingerprintOf,
  followConcern,
  getConcernForStaff,
  getNumberOf,
  getPublicConcern,
  ipHashOf,
  MAX_PHOTOS,
  photosOf,
  readPublicPhoto,
  listCategories,
  listConcernsForStaff,
  listPublicConcerns,
  listStaffMapPoints,
  MAP_LIMIT,
  mergeConcerns,
  redactConcern,
  requireConcern,
  submitConcern,
  suggestDuplicates,
  supportConcern,
  transitionConcern,
  type ConcernContext,
  type StaffFilter,
} from './concerns.service';
import type { Category, Concern, Status } from './concerns.types';
import { BadConfirmLinkPage, ConcernPage, ConfirmEmailPage, IntakePage, PublicListPage, type Lookups } from './views/public';
import { DetailPage, EditPage, InboxPage, StaffNewPage } from './views/staff';
import { CategoriesPage, CategoryFormPage } from './views/categories';
import { publicConcernMap } from './concerns.portal';
import { ConcernMap, concernPoints, concernScene, intakeScene, MAP_ID, PickerMap, type AreaShape, type DistrictShape } from './views/map';
import { followControl } from '../accounts';
import { registerConcernAccounts } from './concerns.accounts';

registerConcernAccounts();

type C = Context<AppEnv>;

/** Route patterns for one concern: public number and staff id. */
export const NUM = ':number{[0-9]+-[0-9]+}';
export const ID = ':id{con_[0-9a-z]+}';
export const FILE = ':file{fil_[0-9a-z]+}';
export const CAT = ':id{cat_[0-9a-z]+}';

/** Per-IP limits on the public writes (fixed windows; counted in the database across processes). */
const LIMITS = {
  submit: rateLimit({ bucket: 'concerns.submit', max: 20, windowSeconds: 3600 }),
  support: rateLimit({ bucket: 'concerns.support', max: 60, windowSeconds: 3600 }),
  follow: rateLimit({ bucket: 'concerns.follow', max: 10, windowSeconds: 3600 }),
  confirm: rateLimit({ bucket: 'concerns.confirm', max: 30, windowSeconds: 3600 }),
};

export const pages = new Hono<AppEnv>();

async function lookups(c: C): Promise<Lookups> {
  const [categories, districts, areas] = await Promise.all([listCategories(c.var.db, { activeOnly: true }), listDistricts(c.var.db), listAreas(c.var.db)]);
  return { categories, districts: districts.map((d) => ({ number: d.number, name: d.name })), areas: areas.map((a) => ({ id: a.id, name: a.name, slug: a.slug })) };
}

async function cctx(c: C): Promise<ConcernContext> {
  const base = await linkBase(c);
  return { ...svc(c), mail: base ? { config: c.var.deps.config, linkBase: base } : null };
}

function answersOf(values: FormValues): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([k]) => k.startsWith('q_')).map(([k, v]) => [k.slice(2), v]));
}

/** Programme areas and Stadtteile with their outlines, for the maps. */
async function mapShapes(c: C): Promise<{ areas: AreaShape[]; districts: DistrictShape[] }> {
  const [areas, districts] = await Promise.all([listAreasWithGeometry(c.var.db), listDistrictsWithGeometry(c.var.db)]);
  return {
    areas: areas.map((a) => ({ id: a.id, name: a.name, geometry: a.geometry, districts: a.districts.map((d) => ({ id: d.id })) })),
    districts: districts.map((d) => ({ id: d.id, number: d.number, name: d.name, geometry: d.geometry })),
  };
}

/** The map view of the request (?bbox=… from a cluster link) and the base of the map's links: the list page with its filter (no paging). */
function mapView(c: C, path: string): { view: BBox | null; link: MapLink } {
  const { view, link } = mapViewFromUrl(c.req.url);
  const query = Object.fromEntries(Object.entries(link.query ?? {}).filter(([k, v]) => k !== 'offset' && k !== 'lang' && v !== ''));
  return { view, link: { ...link, path, query } };
}

/** "?area=…#concern-map" keeping the page's other filters: the map of one programme area. */
function areaMapHref(path: string, query: Record<string, string>, areaId: string): string {
  const params = new URLSearchParams({ ...query, area: areaId });
  return `${path}?${params.toString()}#${MAP_ID}`;
}

function isValidation(e: unknown): e is AppError {
  return e instanceof AppError && e.status === 422;
}

/* ================================================================ public */

pages.get('/concerns', async (c) => {
  const t = c.var.t;
  const query = publicListQuerySchema.parse(c.req.query());
  const offset = query.offset ?? 0;
  const filter = { areaId: query.area, categoryId: query.category, status: query.status };
  const { view, link } = mapView(c, '/concerns');
  const filterQuery = Object.fromEntries(Object.entries(link.query ?? {}).filter(([k]) => k === 'category' || k === 'status'));
  // The map counts concerns per grid cell in SQL where they would cluster (ADR 0031), as the area pages do.
  const [lk, list, shapes] = await Promise.all([lookups(c), listPublicConcerns(c.var.db, { ...filter, limit: 25, offset }), mapShapes(c)]);
  const points = await publicConcernMap(c.var.db, {
    filter,
    ...shapes,
    areaId: query.area,
    areaHref: (a) => areaMapHref('/concerns', filterQuery, a.id),
    view,
    link,
    tiles: tileSourceFromConfig(c.var.deps.config),
    t,
    locale: c.var.locale,
    categories: listCategories(c.var.db),
  });
  const scene = points.scene;
  const qs = new URLSearchParams(Object.entries({ area: query.area, category: query.category, status: query.status }).filter((e): e is [string, string] => !!e[1])).toString();
  const areaName = shapes.areas.find((a) => a.id === query.area)?.name;
  const map = (
    <ConcernMap
      t={t}
      scene={scene}
      title={areaName ? t('concerns.map.areaTitle', { area: areaName }) : t('concerns.map.title')}
      description={t('concerns.map.description')}
      listHref="#concern-list"
      more={points.more}
      limit={MAP_LIMIT}
    />
  );
  return render(
    c,
    t('concerns.list.heading'),
    <PublicListPage t={t} locale={c.var.locale} items={list.items} total={list.total} offset={offset} query={query} lookups={lk} baseHref={`/concerns${qs ? `?${qs}` : ''}`} map={map} />,
    { crumbs: [[t('concerns.list.heading')]] },
  );
});

async function renderIntake(c: C, form: FormState, status: 200 | 422 = 200, suggestions: Awaited<ReturnType<typeof suggestDuplicates>> = []) {
  const t = c.var.t;
  const [lk, shapes] = await Promise.all([lookups(c), mapShapes(c)]);
  const map = <PickerMap t={t} scene={intakeScene({ ...shapes, tiles: tileSourceFromConfig(c.var.deps.config) })} />;
  return render(c, t('concerns.intake.heading'), <IntakePage t={t} locale={c.var.locale} csrfToken={c.var.csrfToken} form={form} lookups={lk} suggestions={suggestions} honeypot={<HoneypotField t={t} />} map={map} />, {
    status,
    crumbs: [[t('concerns.list.heading'), '/concerns'], [t('concerns.intake.heading')]],
  });
}

pages.get('/concerns/new', (c) => renderIntake(c, emptyForm()));

/** Uploaded photos of a multipart form (empty file parts — no file chosen — are ignored), checked and re-encoded. */
async function readPhotos(c: C): Promise<{ photos: ProcessedImage[]; errors: FieldError[] }> {
  const body = await c.req.parseBody({ all: true });
  const raw = body.photos;
  const files = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((f): f is File => typeof f !== 'string' && f.size > 0);
  if (files.length > MAX_PHOTOS) return { photos: [], errors: [{ field: 'photos', key: 'concerns.error.tooManyPhotos', params: { max: MAX_PHOTOS } }] };
  const photos: ProcessedImage[] = [];
  for (const f of files) {
    try {
      photos.push(await processImageUpload(new Uint8Array(await f.arrayBuffer()), { field: 'photos' }));
    } catch (e) {
      if (isValidation(e)) return { photos: [], errors: e.details.fields ?? [] };
      throw e;
    }
  }
  return { photos, errors: [] };
}

pages.post('/concerns', LIMITS.submit, honeypot(), async (c) => {
  const values = await readForm(c);
  const v = validate(intakeFormSchema, values);
  const uploaded = await readPhotos(c);
  if (!v.ok || uploaded.errors.length) return renderIntake(c, { values, errors: [...(v.ok ? [] : v.errors), ...uploaded.errors] }, 422);
  const d = v.data;
  if (!d.skipDuplicates && uploaded.photos.length === 0) {
    const suggestions = await suggestDuplicates(c.var.db, { categoryId: d.categoryId, description: d.description, lat: d.lat ?? null, lon: d.lon ?? null, districtNumber: d.districtNumber ?? null });
    if (suggestions.length > 0) return renderIntake(c, { values, errors: [] }, 200, suggestions);
  }
  let number: string;
  let confirmationSent = false;
  try {
    const r = await submitConcern(await cctx(c), {
      categoryId: d.categoryId,
      description: d.description,
      answers: answersOf(values),
      lat: d.lat ?? null,
      lon: d.lon ?? null,
      address: d.address ?? null,
      districtNumber: d.districtNumber ?? null,
      channel: 'web',
      name: d.name ?? null,
      email: d.email ?? null,
      subscribe: d.subscribe,
      locale: c.var.locale,
      photos: uploaded.photos,
    });
    number = r.concern.number;
    confirmationSent = r.confirmationSent;
  } catch (e) {
    if (isValidation(e)) return renderIntake(c, { values, errors: e.details.fields ?? [] }, 422);
    throw e;
  }
  return redirectWithNotice(c, `/concerns/${number}`, confirmationSent ? 'concerns.notice.submittedConfirm' : 'concerns.notice.submitted');
});

/** The confirmation link shows a page with a button: a link opened by a mail scanner must not confirm anything. */
pages.get('/concerns/confirm/:token', async (c) => {
  const t = c.var.t;
  const target = await confirmEmailTarget(c.var.db, c.req.param('token'));
  if (!target) return badConfirmLink(c);
  return render(c, t('concerns.confirm.heading'), <ConfirmEmailPage t={t} locale={c.var.locale} token={c.req.param('token')} target={target} csrfToken={c.var.csrfToken} />);
});

pages.post('/concerns/confirm/:token', LIMITS.confirm, async (c) => {
  const r = await confirmEmail(c.var.db, c.req.param('token'));
  if (!r) return badConfirmLink(c);
  return redirectWithNotice(c, r.public ? `/concerns/${r.number}` : '/concerns', 'concerns.confirm.okText');
});

/** An unknown, expired or used confirmation link (GET and POST alike). */
function badConfirmLink(c: C) {
  const t = c.var.t;
  return render(c, t('concerns.confirm.badHeading'), <BadConfirmLinkPage t={t} locale={c.var.locale} />, { status: 404 });
}

async function renderConcern(c: C, number: string, followForm: FormState = emptyForm(), status: 200 | 422 = 200) {
  const t = c.var.t;
  if (!NUMBER_RE.test(number)) throw errors.notFound('concern');
  const found = await getPublicConcern(c.var.db, number);
  if (!found) throw errors.notFound('concern');
  const [categories, areas] = await Promise.all([listCategories(c.var.db), listAreas(c.var.db)]);
  const duplicateNumber = found.concern.duplicateOf ? await getNumberOf(c.var.db, found.concern.duplicateOf) : null;
  const photos = await photosOf(c.var.db, found.concern.id);
  const follow = await followControl(c, { type: 'concern', id: found.concern.id }, { back: `/concerns/${number}`, label: number });
  const title = t('concerns.page.heading', { number });
  return render(
    c,
    title,
    <ConcernPage
      t={t}
      locale={c.var.locale}
      concern={found.concern}
      events={found.events}
      category={categories.find((x) => x.id === found.concern.categoryId)}
      areaName={areas.find((a) => a.id === found.concern.areaId)?.name ?? null}
      duplicateNumber={duplicateNumber}
      csrfToken={c.var.csrfToken}
      followForm={followForm}
      photos={photos}
      follow={follow}
    />,
    { status, crumbs: [[t('concerns.list.heading'), '/concerns'], [title]] },
  );
}

pages.get(`/concerns/${NUM}`, (c) => renderConcern(c, c.req.param('number')));

const SUPPORT_COOKIE = 'q_sup';

/** The browser's support id (a random cookie; only its hash is stored). */
function browserId(c: C): string {
  let id = getCookie(c, SUPPORT_COOKIE);
  if (!id || !/^[A-Za-z0-9_-]{20,64}$/.test(id)) {
    id = newToken(18);
    setCookie(c, SUPPORT_COOKIE, id, { path: '/', httpOnly: true, sameSite: 'Lax', secure: c.var.deps.config.cookieSecure, maxAge: 365 * 86400 });
  }
  return id;
}

function supporterOf(c: C) {
  return { fingerprint: fingerprintOf(c.var.tenant.id, browserId(c)), ipHash: ipHashOf(c.var.tenant.id, clientIp(c)) };
}

pages.get(`/concerns/${NUM}/photos/${FILE}`, async (c) => {
  const photo = await readPublicPhoto(c.var.db, c.req.param('number'), c.req.param('file'));
  if (!photo) throw errors.notFound('photo');
  return c.body(new Uint8Array(photo.data), 200, { 'Content-Type': photo.mime, 'Cache-Control': 'public, max-age=300', 'X-Content-Type-Options': 'nosniff' });
});

pages.post(`/concerns/${NUM}/support`, LIMITS.support, async (c) => {
  const number = c.req.param('number');
  const r = await supportConcern(c.var.db, number, supporterOf(c));
  return redirectWithNotice(c, `/concerns/${number}`, r.added ? 'concerns.notice.supported' : 'concerns.notice.alreadySupported', r.added ? 'success' : 'info');
});

pages.post(`/concerns/${NUM}/follow`, LIMITS.follow, async (c) => {
  const number = c.req.param('number');
  const values = await readForm(c);
  const v = validate(followFormSchema, values);
  if (!v.ok) return renderConcern(c, number, { values, errors: v.errors }, 422);
  await followConcern(await cctx(c), number, { email: v.data.email, ...supporterOf(c), locale: c.var.locale });
  return redirectWithNotice(c, `/concerns/${number}`, 'concerns.notice.followConfirm', 'info');
});

/* ================================================================ staff: inbox */

function departmentsOf(lk: Lookups): string[] {
  return [...new Set(lk.categories.map((x) => x.department).filter((d): d is string => !!d))].sort();
}

async function users(c: C) {
  return (await userOptions(c.var.db as unknown as AuthDb)).map((u) => ({ id: u.id, displayName: u.displayName }));
}

function staffFilter(query: ReturnType<typeof inboxQuerySchema.parse>): StaffFilter {
  return {
    areaId: query.area,
    districtNumber: query.district,
    categoryId: query.category,
    status: query.status,
    assignee: query.assignee,
    olderThanDays: query.age,
    overdue: query.overdue,
    sort: query.sort,
    offset: query.offset ?? 0,
  };
}

function queryString(query: Record<string, unknown>): string {
  return new URLSearchParams(
    Object.entries(query)
      .filter(([k, v]) => k !== 'offset' && v !== undefined && v !== false && v !== '')
      .map(([k, v]): [string, string] => [k, v === true ? '1' : String(v)]),
  ).toString();
}

async function renderInbox(c: C, form: FormState = emptyForm(), status: 200 | 422 = 200) {
  const t = c.var.t;
  const query = inboxQuerySchema.parse(c.req.query());
  const filter = staffFilter(query);
  const [lk, list, us, shapes, points, categories] = await Promise.all([lookups(c), listConcernsForStaff(svc(c), filter), users(c), mapShapes(c), listStaffMapPoints(svc(c), filter), listCategories(c.var.db)]);
  const { view, link } = mapView(c, '/staff/concerns');
  const otherFilters = Object.fromEntries(Object.entries(link.query ?? {}).filter(([k]) => k !== 'area' && k !== 'district'));
  const scene = concernScene({
    ...shapes,
    areaId: query.area,
    districtNumber: query.district,
    areaHref: (a) => areaMapHref('/staff/concerns', otherFilters, a.id),
    points: concernPoints(points.rows, { t, locale: c.var.locale, categories, href: (r) => `/staff/concerns/${r.id}` }),
    view,
    link,
    tiles: tileSourceFromConfig(c.var.deps.config),
  });
  const map = <ConcernMap t={t} scene={scene} title={t('concerns.map.staffTitle')} description={t('concerns.map.description')} listHref="#f-ids" more={points.more} limit={MAP_LIMIT} />;
  return render(
    c,
    t('concerns.inbox.heading'),
    <InboxPage
      t={t}
      locale={c.var.locale}
      items={list.items}
      total={list.total}
      offset={filter.offset ?? 0}
      query={{ ...query, overdue: query.overdue ? '1' : '' }}
      queryString={queryString(query)}
      lookups={lk}
      users={us}
      departments={departmentsOf(lk)}
      csrfToken={c.var.csrfToken}
      canTriage={can(c.var.user, 'concerns.triage')}
      today={new Date().toISOString().slice(0, 10)}
      form={form}
      map={map}
    />,
    { status, crumbs: [[t('concerns.inbox.heading')]] },
  );
}

pages.get('/staff/concerns', (c) => renderInbox(c));

pages.get('/staff/concerns/export.csv', async (c) => {
  const t = c.var.t;
  const query = inboxQuerySchema.parse(c.req.query());
  const ctx = svc(c);
  const [lk, list, us] = await Promise.all([lookups(c), listConcernsForStaff(ctx, { ...staffFilter(query), offset: 0, limit: 10_000 }), users(c)]);
  const contactRole = can(c.var.user, 'concerns.contact');
  const header = [
    t('concerns.field.number'),
    t('concerns.field.created'),
    t('concerns.field.category'),
    t('concerns.field.status'),
    t('concerns.field.channel'),
    t('concerns.field.district'),
    t('concerns.field.area'),
    t('concerns.field.address'),
    t('concerns.field.department'),
    t('concerns.field.assignee'),
    t('concerns.field.due'),
    t('concerns.field.supports'),
    t('concerns.field.description'),
    ...(contactRole ? [t('concerns.field.name'), t('concerns.field.email'), t('concerns.field.phone')] : []),
  ];
  const areaName = new Map(lk.areas.map((a) => [a.id, a.name]));
  const userName = new Map(us.map((u) => [u.id, u.displayName]));
  const categories = await listCategories(c.var.db);
  const rows = list.items.map((x: Concern) => {
    const contact = contactRole && canOn(c.var.user, 'concerns.contact', x);
    const cat = categories.find((k) => k.id === x.categoryId);
    return [
      x.number,
      x.createdAt,
      cat ? categoryLabel(cat, c.var.locale) : x.categoryId,
      t(`concerns.status.${x.status}`),
      t(`concerns.channel.${x.channel}`),
      x.districtName ?? '',
      x.areaId ? (areaName.get(x.areaId) ?? '') : '',
      x.address ?? '',
      x.department ?? '',
      x.assigneeId ? (userName.get(x.assigneeId) ?? '') : '',
      x.dueDate ?? '',
      x.supportCount,
      x.description,
      ...(contactRole ? (contact ? [x.submitter.name ?? '', x.submitter.email ?? '', x.submitter.phone ?? ''] : ['', '', '']) : []),
    ];
  });
  const body = '\uFEFF' + [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
  return c.body(body, 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="anliegen-${new Date().toISOString().slice(0, 10)}.csv"`,
    'Cache-Control': 'no-store',
  });
});

pages.post('/staff/concerns/bulk', async (c) => {
  const values = await readForm(c);
  const v = validate(bulkFormSchema, values);
  if (!v.ok) return renderInbox(c, { values, errors: v.errors }, 422);
  const d = v.data;
  const r = await bulkAction(await cctx(c), d.ids, d.op === 'assign' ? { kind: 'assign', assigneeId: d.assigneeId ?? null } : { kind: 'forward', department: d.department ?? null });
  return redirectWithNotice(c, '/staff/concerns', r.refused.length ? 'concerns.notice.bulkPartial' : 'concerns.notice.bulkDone', r.refused.length ? 'warning' : 'success');
});

/* ================================================================ staff: entry on behalf of a resident */

async function renderStaffNew(c: C, form: FormState, status: 200 | 422 = 200) {
  const t = c.var.t;
  const [lk, shapes] = await Promise.all([lookups(c), mapShapes(c)]);
  const map = <PickerMap t={t} scene={intakeScene({ ...shapes, tiles: tileSourceFromConfig(c.var.deps.config) })} />;
  return render(c, t('concerns.staffNew.heading'), <StaffNewPage t={t} locale={c.var.locale} csrfToken={c.var.csrfToken} form={form} lookups={lk} map={map} />, {
    status,
    crumbs: [[t('concerns.inbox.heading'), '/staff/concerns'], [t('concerns.staffNew.heading')]],
  });
}

pages.get('/staff/concerns/new', (c) => renderStaffNew(c, emptyForm()));

pages.post('/staff/concerns', async (c) => {
  const values = await readForm(c);
  const v = validate(staffIntakeFormSchema, values);
  const uploaded = await readPhotos(c);
  if (!v.ok || uploaded.errors.length) return renderStaffNew(c, { values, errors: [...(v.ok ? [] : v.errors), ...uploaded.errors] }, 422);
  const d = v.data;
  let id: string;
  try {
    const r = await submitConcern(await cctx(c), {
      categoryId: d.categoryId,
      description: d.description,
      answers: answersOf(values),
      lat: d.lat ?? null,
      lon: d.lon ?? null,
      address: d.address ?? null,
      districtNumber: d.districtNumber ?? null,
      channel: d.channel,
      name: d.name ?? null,
      email: d.email ?? null,
      phone: d.phone ?? null,
      subscribe: d.subscribe,
      emailConfirmed: true,
      locale: c.var.tenant.defaultLocale,
      photos: uploaded.photos,
    });
    id = r.concern.id;
  } catch (e) {
    if (isValidation(e)) return renderStaffNew(c, { values, errors: e.details.fields ?? [] }, 422);
    throw e;
  }
  return redirectWithNotice(c, `/staff/concerns/${id}`, 'concerns.notice.created');
});

/* ================================================================ staff: one concern */

type DetailForms = { transition: FormState; note: FormState; merge: FormState };

async function renderDetail(c: C, id: string, forms: Partial<DetailForms> = {}, status: 200 | 422 = 200) {
  const t = c.var.t;
  const user = c.var.user;
  const { concern, events, followers } = await getConcernForStaff(svc(c), id);
  const [lk, us, categories] = await Promise.all([lookups(c), users(c), listCategories(c.var.db)]);
  const may = { triage: canOn(user, 'concerns.triage', concern), answer: canOn(user, 'concerns.answer', concern), moderate: canOn(user, 'concerns.moderate', concern), contact: canOn(user, 'concerns.contact', concern) };
  const nextStatuses = (TRANSITIONS[concern.status] as Status[]).filter((s) => canTransition(concern.status, s, !may.triage));
  const title = t('concerns.page.heading', { number: concern.number });
  return render(
    c,
    title,
    <DetailPage
      t={t}
      locale={c.var.locale}
      concern={concern}
      events={events}
      followers={followers}
      category={categories.find((x) => x.id === concern.categoryId)}
      categories={categories}
      areaName={lk.areas.find((a) => a.id === concern.areaId)?.name ?? null}
      users={us}
      csrfToken={c.var.csrfToken}
      can={may}
      nextStatuses={nextStatuses}
      departments={departmentsOf(lk)}
      forms={{ transition: forms.transition ?? emptyForm(), note: forms.note ?? emptyForm({ visibility: 'internal' }), merge: forms.merge ?? emptyForm() }}
      duplicateNumber={concern.duplicateOf ? await getNumberOf(c.var.db, concern.duplicateOf) : null}
      photos={await photosOf(c.var.db, concern.id)}
    />,
    { status, crumbs: [[t('concerns.inbox.heading'), '/staff/concerns'], [title]] },
  );
}

pages.get(`/staff/concerns/${ID}`, (c) => renderDetail(c, c.req.param('id')));

/** Runs a form action on one concern: scope first, then validation; a 422 re-renders the detail page. */
async function concernAction(c: C, action: 'concerns.triage' | 'concerns.answer' | 'concerns.moderate', form: keyof DetailForms | null, run: (values: FormValues, id: string) => Promise<FieldError[] | string>) {
  const id = c.req.param('id') ?? '';
  await requireConcern(svc(c), id, action);
  const values = await readForm(c);
  let result: FieldError[] | string;
  try {
    result = await run(values, id);
  } catch (e) {
    if (isValidation(e)) result = e.details.fields ?? [];
    else throw e;
  }
  if (typeof result === 'string') return redirectWithNotice(c, `/staff/concerns/${id}`, result);
  if (form) return renderDetail(c, id, { [form]: { values, errors: result } }, 422);
  throw errors.validation(result);
}

pages.post(`/staff/concerns/${ID}/transition`, (c) =>
  concernAction(c, 'concerns.answer', 'transition', async (values, id) => {
    const v = validate(transitionFormSchema, values);
    if (!v.ok) return v.errors;
    await transitionConcern(await cctx(c), id, v.data);
    return 'concerns.notice.statusChanged';
  }),
);

pages.post(`/staff/concerns/${ID}/notes`, (c) =>
  concernAction(c, 'concerns.answer', 'note', async (values, id) => {
    const v = validate(noteFormSchema, values);
    if (!v.ok) return v.errors;
    await addNote(await cctx(c), id, v.data);
    return 'concerns.notice.noteAdded';
  }),
);

pages.post(`/staff/concerns/${ID}/assign`, (c) =>
  concernAction(c, 'concerns.triage', null, async (values, id) => {
    const v = validate(assignFormSchema, values);
    if (!v.ok) return v.errors;
    await assignConcern(svc(c), id, v.data.assigneeId ?? null);
    return 'concerns.notice.assigned';
  }),
);

pages.post(`/staff/concerns/${ID}/merge`, (c) =>
  concernAction(c, 'concerns.triage', 'merge', async (values, id) => {
    const v = validate(mergeFormSchema, values);
    if (!v.ok) return v.errors;
    const target = await findConcernByNumber(c.var.db, v.data.target);
    if (!target) return [{ field: 'target', key: 'concerns.error.duplicateUnknown' }];
    await mergeConcerns(await cctx(c), id, target.id);
    return 'concerns.notice.merged';
  }),
);

async function renderEdit(c: C, id: string, form: FormState | null, redactForm: FormState = emptyForm(), status: 200 | 422 = 200) {
  const t = c.var.t;
  const { concern, events } = await getConcernForStaff(svc(c), id);
  const categories = await listCategories(c.var.db);
  const title = t('concerns.edit.heading', { number: concern.number });
  return render(
    c,
    title,
    <EditPage
      t={t}
      locale={c.var.locale}
      concern={concern}
      events={events}
      categories={categories}
      csrfToken={c.var.csrfToken}
      form={form ?? emptyForm({ description: concern.description, address: concern.address ?? '', categoryId: concern.categoryId, public: concern.public ? '1' : '' })}
      redactForm={redactForm}
      photos={await photosOf(c.var.db, concern.id)}
    />,
    { status, crumbs: [[t('concerns.inbox.heading'), '/staff/concerns'], [t('concerns.page.heading', { number: concern.number }), `/staff/concerns/${id}`], [title]] },
  );
}

pages.get(`/staff/concerns/${ID}/edit`, async (c) => {
  const id = c.req.param('id');
  await requireConcern(svc(c), id, 'concerns.moderate');
  return renderEdit(c, id, null);
});

pages.post(`/staff/concerns/${ID}/edit`, async (c) => {
  const id = c.req.param('id');
  await requireConcern(svc(c), id, 'concerns.moderate');
  const values = await readForm(c);
  const v = validate(editFormSchema, values);
  if (!v.ok) return renderEdit(c, id, { values, errors: v.errors }, undefined, 422);
  try {
    await editConcern(svc(c), id, { description: v.data.description, address: v.data.address ?? null, categoryId: v.data.categoryId, public: v.data.public });
  } catch (e) {
    if (isValidation(e)) return renderEdit(c, id, { values, errors: e.details.fields ?? [] }, undefined, 422);
    throw e;
  }
  return redirectWithNotice(c, `/staff/concerns/${id}`, 'concerns.notice.saved');
});

pages.post(`/staff/concerns/${ID}/redact`, async (c) => {
  const id = c.req.param('id');
  await requireConcern(svc(c), id, 'concerns.moderate');
  const values = await readForm(c);
  const v = validate(redactFormSchema, values);
  if (!v.ok) return renderEdit(c, id, null, { values, errors: v.errors }, 422);
  const d = v.data;
  try {
    await redactConcern(svc(c), id, { description: d.redactDescription ? (d.description ?? '') : undefined, address: d.address, contact: d.contact, eventIds: d.eventIds, photoIds: d.photoIds });
  } catch (e) {
    if (isValidation(e)) return renderEdit(c, id, null, { values, errors: e.details.fields ?? [] }, 422);
    throw e;
  }
  return redirectWithNotice(c, `/staff/concerns/${id}`, 'concerns.notice.redacted');
});

/* ================================================================ staff: service catalogue */

pages.get('/staff/concerns/categories', async (c) => {
  const t = c.var.t;
  return render(c, t('concerns.categories.heading'), <CategoriesPage t={t} locale={c.var.locale} categories={await listCategories(c.var.db)} />, {
    crumbs: [[t('concerns.inbox.heading'), '/staff/concerns'], [t('concerns.categories.heading')]],
  });
});

async function categoryFor(c: C): Promise<Category> {
  const cat = await getCategory(c.var.db, c.req.param('id') ?? '');
  if (!cat) throw errors.notFound('category');
  return cat;
}

function renderCategory(c: C, category: Category, form: FormState, status: 200 | 422 = 200) {
  const t = c.var.t;
  const title = t('concerns.categories.editHeading', { key: category.key });
  return render(c, title, <CategoryFormPage t={t} locale={c.var.locale} category={category} csrfToken={c.var.csrfToken} form={form} />, {
    status,
    crumbs: [[t('concerns.categories.heading'), '/staff/concerns/categories'], [title]],
  });
}

pages.get(`/staff/concerns/categories/${CAT}/edit`, async (c) => {
  const x = await categoryFor(c);
  return renderCategory(
    c,
    x,
    emptyForm({
      labelDe: x.labels.de,
      labelEn: x.labels.en ?? '',
      labelAr: x.labels.ar ?? '',
      department: x.department ?? '',
      handlingDays: String(x.handlingDays),
      active: x.active ? '1' : '',
      questions: x.questions.length ? JSON.stringify(x.questions, null, 2) : '',
      open311Endpoint: x.open311.endpoint ?? '',
      open311ServiceCode: x.open311.serviceCode ?? '',
      open311JurisdictionId: x.open311.jurisdictionId ?? '',
    }),
  );
});

pages.post(`/staff/concerns/categories/${CAT}`, async (c) => {
  const x = await categoryFor(c);
  const values = await readForm(c);
  const v = validate(categoryFormSchema, values);
  if (!v.ok) {
    // Problems inside the questions JSON are reported on the one field.
    const errs = v.errors.map((e) => (e.field.startsWith('questions') ? { field: 'questions', key: 'concerns.error.questions' } : e));
    return renderCategory(c, x, { values, errors: errs.filter((e, i) => errs.findIndex((o) => o.field === e.field) === i) }, 422);
  }
  const d = v.data;
  await updateCategory(svc(c), x.id, {
    labels: { de: d.labelDe, en: d.labelEn ?? null, ar: d.labelAr ?? null },
    department: d.department ?? null,
    handlingDays: d.handlingDays,
    active: d.active,
    questions: d.questions.map(({ choices, ...q }) => (choices ? { ...q, choices } : q)),
    open311: { endpoint: d.open311Endpoint ?? null, serviceCode: d.open311ServiceCode ?? null, jurisdictionId: d.open311JurisdictionId ?? null },
  });
  return redirectWithNotice(c, '/staff/concerns/categories', 'concerns.notice.saved');
});
