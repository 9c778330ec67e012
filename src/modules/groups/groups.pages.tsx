/** @jsxImportSource hono/jsx */
/**
 * Pages of the groups module. Public: /groups (groups looking for members), /groups/:id (only what is marked
 * public). Staff (route policies in index.ts; the scope on the concrete group is checked in the service before any
 * input is read): /staff/groups (list and watch lists), new, one group with its stage, support time, milestones,
 * offer and booking-link forms, edit. Forms re-render with the input and an error summary (422) on bad input; a
 * successful post redirects (303) with a notice.
 */
import { Hono, type Context } from 'hono';
import { linkBase } from '../../platform/auth/links';
import { can, scopeFor } from '../../platform/auth/policy';
import { AppError, errors, type FieldError } from '../../platform/errors';
import type { AppEnv } from '../../platform/http/context';
import { fieldErrorsFrom, readForm, validate, type FormValues } from '../../platform/http/forms';
import { redirectWithNotice } from '../../platform/http/notice';
import { render } from '../../platform/http/render';
import { svc } from '../../platform/http/service-context';
import { rateLimit } from '../../platform/http/rate-limit';
import { emptyForm, type FormState } from '../../platform/ui/components';
import { isConflict } from '../offices';
import { getArea, listAreas, listTopics, topicLabel } from '../territory';
import { contactChoices } from './groups.people';
import { MILESTONES, type Milestone } from './groups.rules';
import { groupFormSchema, linkBookingFormSchema, milestonesFormSchema, newGroupFormSchema, offerFormSchema, staffFilterSchema, stageFormSchema, supportFormSchema, type GroupForm } from './groups.schema';
import {
  changeStage,
  createBookingLink,
  createGroup,
  deleteSupportEntry,
  getGroupForStaff,
  getPublicGroup,
  groupForBookingLink,
  listGroupOffers,
  officeChoicesFor,
  publishGroupOffer,
  requestRoomByLink,
  listGroupsForStaff,
  listPublicGroups,
  logSupportTime,
  requireGroup,
  revokeBookingLinksOf,
  setMilestones,
  today,
  updateGroup,
  watchLists,
  type GroupInput,
} from './groups.service';
import type { Group } from './groups.types';
import { PublicGroupPage, PublicListPage } from './views/public';
import { LinkBookingPage, OfferSection } from './views/offers';
import { DetailPage, GroupFormPage, ListPage, type DetailForms, type Lookups } from './views/staff';

type C = Context<AppEnv>;

export const ID = ':id{grp_[0-9a-z]+}';
export const TOKEN = ':token{[A-Za-z0-9_-]+}';
export const ENTRY = ':entry{gsu_[0-9a-z]+}';

export const pages = new Hono<AppEnv>();

async function lookups(c: C): Promise<Lookups> {
  const [areas, topics] = await Promise.all([listAreas(c.var.db), listTopics(c.var.db, { activeOnly: true })]);
  return {
    areas: areas.map((a) => ({ value: a.id, label: a.name })),
    topics: topics.map((tp) => ({ value: tp.id, label: topicLabel(tp, c.var.locale) })),
  };
}

/* ================================================================ public */

pages.get('/groups', async (c) => {
  const t = c.var.t;
  const area = c.req.query('area') || undefined;
  const [groups, lk] = await Promise.all([listPublicGroups(c.var.db, { areaId: area }), lookups(c)]);
  return render(c, t('groups.public.heading'), <PublicListPage t={t} locale={c.var.locale} groups={groups} lookups={lk} query={{ area: area ?? '' }} />, { crumbs: [[t('groups.public.heading')]] });
});

pages.get(`/groups/${ID}`, async (c) => {
  const t = c.var.t;
  const group = await getPublicGroup(c.var.db, c.req.param('id'));
  if (!group) throw errors.notFound('group');
  const [lk, area] = await Promise.all([lookups(c), getArea(c.var.db, group.areaId)]);
  const o = area?.office;
  const office = o?.name ? { name: o.name, address: [o.street, [o.postcode, o.city].filter(Boolean).join(' ')].filter(Boolean).join(', ') || null } : null;
  return render(c, group.name, <PublicGroupPage t={t} locale={c.var.locale} group={group} lookups={lk} office={office} />, {
    crumbs: [[t('groups.public.heading'), '/groups'], [group.name]],
  });
});

/* ================================================================ staff: list */

pages.get('/staff/groups', async (c) => {
  const t = c.var.t;
  const v = staffFilterSchema.safeParse(c.req.query());
  const f = v.success ? v.data : {};
  const ctx = svc(c);
  const [groups, watch, lk] = await Promise.all([listGroupsForStaff(ctx, { areaId: f.area, stage: f.stage, topicId: f.topic, q: f.q }), watchLists(ctx), lookups(c)]);
  return render(
    c,
    t('groups.list.heading'),
    <ListPage t={t} locale={c.var.locale} groups={groups} close={watch.close} rising={watch.rising} windows={watch.windows} lookups={lk} query={{ area: f.area ?? '', stage: f.stage ?? '', topic: f.topic ?? '', q: f.q ?? '' }} canCreate={can(c.var.user, 'groups.manage')} />,
    { crumbs: [[t('groups.list.heading')]] },
  );
});

/* ================================================================ staff: new, edit */

function toInput(f: GroupForm): Omit<GroupInput, 'stage'> {
  return {
    name: f.name,
    areaId: f.areaId,
    purpose: f.purpose,
    startDate: f.startDate,
    topicIds: [...new Set(f.topicIds)],
    contactPersonId: f.contactPersonId ?? null,
    public: f.public,
    publicText: f.publicText ?? null,
    meetingInfo: f.meetingInfo ?? null,
  };
}

function formValues(g: Group): FormValues {
  return {
    name: g.name,
    areaId: g.areaId,
    purpose: g.purpose,
    startDate: g.startDate,
    topicIds: g.topicIds,
    contactPersonId: g.contactPersonId ?? '',
    public: g.public ? '1' : '',
    publicText: g.publicText ?? '',
    meetingInfo: g.meetingInfo ?? '',
  };
}

async function renderForm(c: C, form: FormState, group: Group | null, status: 200 | 422 = 200) {
  const t = c.var.t;
  const lk = await lookups(c);
  const scope = scopeFor(c.var.user, 'groups.manage');
  // Only areas the user may manage groups in.
  const areas = scope === 'all' ? lk.areas : lk.areas.filter((a) => scope.includes(a.value));
  const contacts = await contactChoices(svc(c), scope);
  const title = group ? t('groups.edit.heading', { name: group.name }) : t('groups.new.heading');
  return render(
    c,
    title,
    <GroupFormPage t={t} locale={c.var.locale} mode={group ? 'edit' : 'new'} action={group ? `/staff/groups/${group.id}` : '/staff/groups'} csrfToken={c.var.csrfToken} form={form} lookups={{ ...lk, areas }} contacts={contacts} title={title} />,
    { status, crumbs: group ? [[t('groups.list.heading'), '/staff/groups'], [group.name, `/staff/groups/${group.id}`], [t('groups.detail.edit')]] : [[t('groups.list.heading'), '/staff/groups'], [title]] },
  );
}

pages.get('/staff/groups/new', (c) => renderForm(c, emptyForm({ startDate: today(), stage: 'idea' }), null));

pages.post('/staff/groups', async (c) => {
  const values = await readForm(c);
  const v = validate(newGroupFormSchema, values);
  if (!v.ok) return renderForm(c, { values, errors: v.errors }, null, 422);
  let id = '';
  const errs = await fieldErrorsFrom(async () => {
    id = (await createGroup(svc(c), { ...toInput(v.data), stage: v.data.stage })).id;
  });
  if (errs) return renderForm(c, { values, errors: errs }, null, 422);
  return redirectWithNotice(c, `/staff/groups/${id}`, 'groups.notice.created');
});

pages.get(`/staff/groups/${ID}/edit`, async (c) => {
  const g = await requireGroup(svc(c), c.req.param('id'), 'groups.manage');
  return renderForm(c, emptyForm(formValues(g)), g);
});

pages.post(`/staff/groups/${ID}`, async (c) => {
  const g = await requireGroup(svc(c), c.req.param('id'), 'groups.manage');
  const values = await readForm(c);
  const v = validate(groupFormSchema, values);
  if (!v.ok) return renderForm(c, { values, errors: v.errors }, g, 422);
  const errs = await fieldErrorsFrom(() => updateGroup(svc(c), g.id, toInput(v.data)));
  if (errs) return renderForm(c, { values, errors: errs }, g, 422);
  return redirectWithNotice(c, `/staff/groups/${g.id}`, 'groups.notice.saved');
});

/* ================================================================ staff: one group */

function milestoneValues(d: Awaited<ReturnType<typeof getGroupForStaff>>): FormValues {
  return Object.fromEntries(MILESTONES.map((m) => [m, d.milestones.find((x) => x.milestone === m)?.reachedOn ?? '']));
}

async function renderDetail(c: C, id: string, over: Partial<DetailForms> = {}, status: 200 | 422 = 200, newLink?: { url: string; expiresAt: string }) {
  const t = c.var.t;
  const [d, lk] = await Promise.all([getGroupForStaff(svc(c), id), lookups(c)]);
  const [offers, choices] = await Promise.all([listGroupOffers(svc(c), id), d.canManage ? officeChoicesFor(c.var.db, d.group) : Promise.resolve({ offices: [], rooms: [] })]);
  const forms: DetailForms = {
    stage: over.stage ?? emptyForm(),
    support: over.support ?? emptyForm({ month: today().slice(0, 7) }),
    milestones: over.milestones ?? emptyForm(milestoneValues(d)),
    ...(over.link ? { link: over.link } : {}),
  };
  const offerForm = over.offer ?? emptyForm({ title: d.group.name, description: d.group.publicText ?? '', time: '17:00', duration: '90', freq: 'weekly', officeId: choices.offices.length === 1 ? choices.offices[0]!.id : '' });
  const offerSection = <OfferSection t={t} locale={c.var.locale} groupId={d.group.id} offers={offers} canManage={d.canManage} offices={choices.offices} rooms={choices.rooms} form={offerForm} csrfToken={c.var.csrfToken} />;
  return render(c, d.group.name, <DetailPage t={t} locale={c.var.locale} d={d} lookups={lk} csrfToken={c.var.csrfToken} forms={forms} today={today()} newLink={newLink ?? null} offerSection={offerSection} />, {
    status,
    crumbs: [[t('groups.list.heading'), '/staff/groups'], [d.group.name]],
  });
}

pages.get(`/staff/groups/${ID}`, (c) => renderDetail(c, c.req.param('id')));

pages.post(`/staff/groups/${ID}/stage`, async (c) => {
  const g = await requireGroup(svc(c), c.req.param('id'), 'groups.manage');
  const values = await readForm(c);
  const v = validate(stageFormSchema, values);
  const errs: FieldError[] | null = v.ok ? await fieldErrorsFrom(() => changeStage(svc(c), g.id, { to: v.data.to, note: v.data.note ?? null })) : v.errors;
  if (errs) return renderDetail(c, g.id, { stage: { values, errors: errs } }, 422);
  return redirectWithNotice(c, `/staff/groups/${g.id}#stage`, 'groups.notice.stageChanged');
});

pages.post(`/staff/groups/${ID}/support`, async (c) => {
  const g = await requireGroup(svc(c), c.req.param('id'), 'groups.manage');
  const values = await readForm(c);
  const v = validate(supportFormSchema, values);
  const errs: FieldError[] | null = v.ok ? await fieldErrorsFrom(() => logSupportTime(svc(c), g.id, v.data)) : v.errors;
  if (errs) return renderDetail(c, g.id, { support: { values, errors: errs } }, 422);
  return redirectWithNotice(c, `/staff/groups/${g.id}#support`, 'groups.notice.supportLogged');
});

pages.post(`/staff/groups/${ID}/support/${ENTRY}/delete`, async (c) => {
  const g = await requireGroup(svc(c), c.req.param('id'), 'groups.manage');
  await deleteSupportEntry(svc(c), g.id, c.req.param('entry'));
  return redirectWithNotice(c, `/staff/groups/${g.id}#support`, 'groups.notice.supportDeleted');
});

pages.post(`/staff/groups/${ID}/milestones`, async (c) => {
  const g = await requireGroup(svc(c), c.req.param('id'), 'groups.manage');
  const values = await readForm(c);
  const v = validate(milestonesFormSchema, values);
  const errs: FieldError[] | null = v.ok ? await fieldErrorsFrom(() => setMilestones(svc(c), g.id, v.data as Record<Milestone, string | null>)) : v.errors;
  if (errs) return renderDetail(c, g.id, { milestones: { values, errors: errs } }, 422);
  return redirectWithNotice(c, `/staff/groups/${g.id}#milestones`, 'groups.notice.milestonesSaved');
});

pages.post(`/staff/groups/${ID}/booking-link`, async (c) => {
  const g = await requireGroup(svc(c), c.req.param('id'), 'groups.manage');
  let link: { token: string; expiresAt: string } | null = null;
  const errs = await fieldErrorsFrom(async () => {
    link = await createBookingLink(svc(c), g.id);
  });
  if (errs || !link) return renderDetail(c, g.id, { link: { values: {}, errors: errs ?? [] } }, 422);
  const { token, expiresAt } = link as { token: string; expiresAt: string };
  // The link is shown once, on this answer only (not stored in clear, not in a redirect).
  const origin = (await linkBase(c)) ?? '';
  c.header('Cache-Control', 'no-store');
  return renderDetail(c, g.id, {}, 200, { url: `${origin}/groups/booking/${token}`, expiresAt });
});

pages.post(`/staff/groups/${ID}/booking-link/revoke`, async (c) => {
  const g = await requireGroup(svc(c), c.req.param('id'), 'groups.manage');
  await revokeBookingLinksOf(svc(c), g.id);
  return redirectWithNotice(c, `/staff/groups/${g.id}#booking-link`, 'groups.notice.linkRevoked');
});

pages.post(`/staff/groups/${ID}/offers`, async (c) => {
  const g = await requireGroup(svc(c), c.req.param('id'), 'groups.manage');
  const values = await readForm(c);
  const v = validate(offerFormSchema, values);
  let errs: FieldError[] | null = v.ok ? null : v.errors;
  if (v.ok) {
    const f = v.data;
    try {
      const base = await linkBase(c);
      await publishGroupOffer({ ...svc(c), mail: base ? { config: c.var.deps.config, linkBase: base } : null }, g.id, {
        officeId: f.officeId,
        roomId: f.roomId ?? null,
        title: f.title,
        description: f.description ?? null,
        date: f.date,
        time: f.time,
        durationMinutes: f.duration,
        freq: f.freq,
        until: f.until,
        publish: f.publish,
      });
    } catch (e) {
      if (isConflict(e)) errs = e.details.fields ?? [];
      else if (e instanceof AppError && e.status === 422 && e.details.fields?.length) errs = e.details.fields;
      else throw e;
    }
  }
  if (errs) return renderDetail(c, g.id, { offer: { values, errors: errs } }, 422);
  return redirectWithNotice(c, `/staff/groups/${g.id}#offers`, 'groups.notice.offerCreated');
});

/* ================================================================ the contact person's room request (public, by link) */

async function renderLinkBooking(c: C, form: FormState, status: 200 | 422 = 200, done: { title: string; occurrences: number; status: string } | null = null) {
  const t = c.var.t;
  const token = c.req.param('token') ?? '';
  const found = await groupForBookingLink(c.var.db, token);
  if (!found) throw errors.notFound('booking link');
  const { rooms } = await officeChoicesFor(c.var.db, found.group, 'groups');
  c.header('Cache-Control', 'no-store');
  c.header('Referrer-Policy', 'no-referrer');
  return render(c, t('groups.booking.heading', { name: found.group.name }), <LinkBookingPage t={t} locale={c.var.locale} groupName={found.group.name} rooms={rooms} form={form} csrfToken={c.var.csrfToken} token={token} done={done} />, { status });
}

pages.get(`/groups/booking/${TOKEN}`, (c) => renderLinkBooking(c, emptyForm({ duration: '120' })));

pages.post(`/groups/booking/${TOKEN}`, rateLimit({ bucket: 'groups.booking', max: 20, windowSeconds: 600 }), async (c) => {
  const token = c.req.param('token');
  if (!(await groupForBookingLink(c.var.db, token))) throw errors.notFound('booking link');
  const values = await readForm(c);
  const v = validate(linkBookingFormSchema, values);
  if (!v.ok) return renderLinkBooking(c, { values, errors: v.errors }, 422);
  const f = v.data;
  try {
    const base = await linkBase(c);
    const r = await requestRoomByLink({ ...svc(c), mail: base ? { config: c.var.deps.config, linkBase: base } : null }, token, {
      roomId: f.roomId,
      title: f.title,
      purpose: f.purpose ?? null,
      date: f.date,
      time: f.time,
      durationMinutes: f.duration,
      freq: f.freq,
      until: f.until,
      contactEmail: f.contactEmail,
      locale: c.var.locale,
    });
    return renderLinkBooking(c, emptyForm({ duration: '120' }), 200, { title: r.booking.title, occurrences: r.occurrences, status: r.status });
  } catch (e) {
    if (isConflict(e)) return renderLinkBooking(c, { values, errors: e.details.fields ?? [] }, 422);
    if (e instanceof AppError && e.status === 422 && e.details.fields?.length) return renderLinkBooking(c, { values, errors: e.details.fields }, 422);
    throw e;
  }
});
