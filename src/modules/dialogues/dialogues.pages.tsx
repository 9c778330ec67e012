/** @jsxImportSource hono/jsx */
/**
 * Pages of the dialogues module.
 * Public: /dialogues (public dialogues, calendar feeds), /dialogues/:id (progress page: "what came of it"),
 * /dialogues/calendar/<area>.ics (iCalendar feed of public meetings), /meetings/:id (public meeting, registration),
 * /meetings/cancel/:token (cancel a registration).
 * Staff: /staff/dialogues… (list, form, one dialogue with participants, interest map, meetings, tasks, linked
 * concerns, access grants, timeline), /staff/meetings/:id… (agenda, invitations, attendance, minutes, tasks).
 * Participants' accounts: /my/dialogues (only the dialogues granted to the account, and their tasks).
 * A route that acts on one dialogue checks its scope before it validates the input.
 */
import { Hono, type Context } from 'hono';
import { linkBase } from '../../platform/auth/links';
import { can } from '../../platform/auth/policy';
import type { FieldError } from '../../platform/errors';
import { AppError, errors } from '../../platform/errors';
import type { AppEnv } from '../../platform/http/context';
import { fieldErrorsFrom, readForm, validate, type FormValues } from '../../platform/http/forms';
import { redirectWithNotice } from '../../platform/http/notice';
import { honeypot, HoneypotField, rateLimit } from '../../platform/http/rate-limit';
import { render } from '../../platform/http/render';
import { svc } from '../../platform/http/service-context';
import { emptyForm, type FormState } from '../../platform/ui/components';
import { getAreaBySlug, listAreas, listTopics, topicLabel } from '../territory';
import { actorChoices, roomChoices } from './dialogues.actors';
import { meetingFeed } from './dialogues.ics';
import * as q from './dialogues.queries';
import { MEETING_TYPES, STANCES, type Phase, type Stance } from './dialogues.rules';
import {
  agendaFormSchema,
  attendanceFormSchema,
  concernLinkSchema,
  dialogueFormSchema,
  grantFormSchema,
  inviteFormSchema,
  meetingFormSchema,
  participantEditSchema,
  participantFormSchema,
  phaseFormSchema,
  questionFormSchema,
  registrationFormSchema,
  taskFormSchema,
  taskStatusFormSchema,
} from './dialogues.schema';
import {
  addAgendaItem,
  addParticipant,
  addQuestion,
  canOnDialogue,
  cancelMeeting,
  cancelRegistration,
  changePhase,
  createDialogue,
  createMeeting,
  createTask,
  dialogueOverview,
  updateMeeting,
  findRegistrationByToken,
  grantAccess,
  interestMap,
  inviteToMeeting,
  linkConcern,
  linkedConcerns,
  listDialoguesForStaff,
  listPublicDialogues,
  listTasksForStaff,
  meetingDetail,
  membersOf,
  myMemberships,
  namedParticipants,
  openMeeting,
  publicProgress,
  recordAttendance,
  registerForMeeting,
  registrationOpen,
  removeParticipant,
  requireDialogue,
  requireMeeting,
  requireMembership,
  revokeAccess,
  setStances,
  setTaskStatus,
  tdb,
  today,
  unlinkConcern,
  updateDialogue,
  updateParticipant,
  writeMinutes,
  type DialogueContext,
} from './dialogues.service';
import type { Dialogue } from './dialogues.types';
import { MessagePage, MyDialoguePage, MyListPage, ProgressPage, PublicListPage, PublicMeetingPage } from './views/public';
import { DetailPage, DialogueFormPage, ListPage, MapEditPage, MeetingFormPage, MeetingPage, MinutesPage, ParticipantPage, TasksPage, type DetailProps, type Lookups, type MeetingPageProps } from './views/staff';

type C = Context<AppEnv>;

export const DLG = ':id{dlg_[0-9a-z]+}';
export const MTG = ':id{mtg_[0-9a-z]+}';
export const TSK = ':id{tsk_[0-9a-z]+}';
export const PID = ':pid{dpt_[0-9a-z]+}';
export const UID = ':uid{usr_[0-9a-z]+}';
export const CID = ':cid{con_[0-9a-z]+}';
export const ICS = ':feed{[a-z0-9-]+\\.ics}';

const LIMITS = {
  register: rateLimit({ bucket: 'dialogues.register', max: 20, windowSeconds: 3600 }),
  cancel: rateLimit({ bucket: 'dialogues.cancel', max: 30, windowSeconds: 3600 }),
};

export const pages = new Hono<AppEnv>();

async function dctx(c: C): Promise<DialogueContext> {
  const base = await linkBase(c);
  return { ...svc(c), mail: base ? { config: c.var.deps.config, linkBase: base } : null };
}

async function lookups(c: C): Promise<Lookups> {
  const [areas, topics] = await Promise.all([listAreas(c.var.db), listTopics(c.var.db, { activeOnly: true })]);
  const loc = c.var.locale;
  return { areas: areas.map((a) => ({ id: a.id, name: a.name })), topics: topics.map((tp) => ({ id: tp.id, name: topicLabel(tp, loc) })) };
}

function isValidation(e: unknown): e is AppError {
  return e instanceof AppError && e.status === 422 && !!e.details.fields?.length;
}

/** Runs a form post: validate (schema), call the service; on field errors re-render with the user's input. */
async function handle<T>(values: FormValues, result: { ok: true; data: T } | { ok: false; errors: FieldError[] }, run: (data: T) => Promise<Response>, rerender: (form: FormState) => Promise<Response>): Promise<Response> {
  if (!result.ok) return rerender({ values, errors: result.errors });
  try {
    return await run(result.data);
  } catch (e) {
    if (isValidation(e)) return rerender({ values, errors: e.details.fields! });
    throw e;
  }
}

/* ================================================================ public */

pages.get('/dialogues', async (c) => {
  const t = c.var.t;
  const [dialogues, areas] = await Promise.all([listPublicDialogues(c.var.db), listAreas(c.var.db)]);
  return render(c, t('dialogues.public.heading'), <PublicListPage t={t} locale={c.var.locale} dialogues={dialogues} areas={areas.map((a) => ({ id: a.id, name: a.name, slug: a.slug }))} />, {
    crumbs: [[t('dialogues.public.heading')]],
  });
});

pages.get(`/dialogues/${DLG}`, async (c) => {
  const t = c.var.t;
  const progress = await publicProgress(c.var.db, c.req.param('id'));
  if (!progress) throw errors.notFound('dialogue');
  const areas = await listAreas(c.var.db);
  const areaNames = progress.dialogue.areaIds.map((id) => areas.find((a) => a.id === id)?.name ?? '').filter(Boolean).join(', ');
  return render(c, progress.dialogue.title, <ProgressPage t={t} locale={c.var.locale} progress={progress} areaNames={areaNames} today={today()} />, {
    crumbs: [[t('dialogues.public.heading'), '/dialogues'], [progress.dialogue.title]],
  });
});

pages.get(`/dialogues/calendar/${ICS}`, async (c) => {
  const slug = c.req.param('feed').replace(/\.ics$/, '');
  const area = await getAreaBySlug(c.var.db, slug);
  if (!area) throw errors.notFound('area');
  const from = new Date(Date.now() - 90 * 86_400_000).toISOString();
  const meetings = await q.listPublicMeetings(tdb(c.var.db), { areaId: area.id, from });
  const base = (await linkBase(c)) ?? new URL(c.req.url).origin;
  const host = new URL(base).host;
  const titles = new Map<string, string>();
  for (const m of meetings) if (!titles.has(m.dialogueId)) titles.set(m.dialogueId, (await q.findDialogue(tdb(c.var.db), m.dialogueId))?.title ?? '');
  const body = meetingFeed(
    meetings.map((m) => ({ meeting: m, description: `${c.var.t(`dialogues.meetingType.${m.type}`)} – ${titles.get(m.dialogueId) ?? ''}`, url: `${base}/meetings/${m.id}` })),
    { host, name: c.var.t('dialogues.feed.name', { area: area.name }) },
  );
  return c.body(body, 200, { 'content-type': 'text/calendar; charset=utf-8', 'content-disposition': `inline; filename="${slug}.ics"` });
});

async function renderPublicMeeting(c: C, id: string, form: FormState, status: 200 | 422 | 400 = 200) {
  const t = c.var.t;
  const found = await openMeeting(c.var.db, id);
  if (!found) throw errors.notFound('meeting');
  const { meeting, dialogue } = found;
  const agenda = await q.listAgenda(tdb(c.var.db), [meeting.id]);
  const counts = await q.countRegistrations(tdb(c.var.db), meeting.id);
  const seatsLeft = meeting.capacity === null ? null : Math.max(0, meeting.capacity - counts.confirmed);
  return render(
    c,
    meeting.title,
    <PublicMeetingPage t={t} locale={c.var.locale} meeting={meeting} dialogue={dialogue} agenda={agenda} open={registrationOpen(meeting)} seatsLeft={seatsLeft} form={form} csrfToken={c.var.csrfToken} honeypot={<HoneypotField t={t} />} />,
    { status, crumbs: [[t('dialogues.public.heading'), '/dialogues'], [dialogue.title, `/dialogues/${dialogue.id}`], [meeting.title]] },
  );
}

pages.get(`/meetings/${MTG}`, (c) => renderPublicMeeting(c, c.req.param('id'), emptyForm()));

pages.post(`/meetings/${MTG}/register`, LIMITS.register, honeypot(), async (c) => {
  const id = c.req.param('id');
  const found = await openMeeting(c.var.db, id);
  if (!found) throw errors.notFound('meeting');
  const values = await readForm(c);
  return handle(
    values,
    validate(registrationFormSchema, values),
    async (data) => {
      const r = await registerForMeeting(await dctx(c), id, { name: data.name, email: data.email, locale: c.var.locale });
      return redirectWithNotice(c, `/meetings/${id}`, r.status === 'confirmed' ? 'dialogues.notice.registered' : 'dialogues.notice.waiting');
    },
    (form) => renderPublicMeeting(c, id, form, 422),
  );
});

pages.get('/meetings/cancel/:token', async (c) => {
  const t = c.var.t;
  const found = await findRegistrationByToken(c.var.db, c.req.param('token'));
  if (!found) return render(c, t('dialogues.cancel.badHeading'), <MessagePage t={t} locale={c.var.locale} heading={t('dialogues.cancel.badHeading')} text={t('dialogues.cancel.badText')} />, { status: 404 });
  const done = found.registration.status === 'cancelled';
  return render(
    c,
    t('dialogues.cancel.heading'),
    <MessagePage t={t} locale={c.var.locale} heading={t('dialogues.cancel.heading')} text={done ? t('dialogues.cancel.done') : t('dialogues.cancel.question', { title: found.meeting.title })}>
      {!done && (
        <form method="post" action={`/meetings/cancel/${encodeURIComponent(c.req.param('token'))}`} class="q-form">
          <input type="hidden" name="_csrf" value={c.var.csrfToken} />
          <button type="submit" class="kern-btn kern-btn--primary">
            <span class="kern-label">{t('dialogues.cancel.submit')}</span>
          </button>
        </form>
      )}
    </MessagePage>,
  );
});

pages.post('/meetings/cancel/:token', LIMITS.cancel, async (c) => {
  await cancelRegistration(await dctx(c), c.req.param('token'));
  return redirectWithNotice(c, `/meetings/cancel/${encodeURIComponent(c.req.param('token'))}`, 'dialogues.notice.cancelled');
});

/* ================================================================ staff: dialogues */

pages.get('/staff/dialogues', async (c) => {
  const t = c.var.t;
  const area = c.req.query('area') || undefined;
  const phase = (c.req.query('phase') || undefined) as Phase | undefined;
  const dialogues = await listDialoguesForStaff(svc(c), { ...(area ? { areaId: area } : {}), ...(phase ? { phase } : {}) });
  const canManage = can(c.var.user, 'dialogues.manage');
  return render(c, t('dialogues.list.heading'), <ListPage t={t} locale={c.var.locale} dialogues={dialogues} lookups={await lookups(c)} canManage={canManage} query={{ area: area ?? '', phase: phase ?? '' }} />, {
    crumbs: [[t('dialogues.list.heading')]],
  });
});

async function renderDialogueForm(c: C, form: FormState, action: string, heading: string, status: 200 | 422 = 200) {
  const t = c.var.t;
  return render(c, heading, <DialogueFormPage t={t} locale={c.var.locale} form={form} lookups={await lookups(c)} csrfToken={c.var.csrfToken} action={action} heading={heading} />, {
    status,
    crumbs: [[t('dialogues.list.heading'), '/staff/dialogues'], [heading]],
  });
}

pages.get('/staff/dialogues/new', (c) => renderDialogueForm(c, emptyForm(), '/staff/dialogues', c.var.t('dialogues.new.heading')));

pages.post('/staff/dialogues', async (c) => {
  const values = await readForm(c);
  return handle(
    values,
    validate(dialogueFormSchema, values),
    async (data) => {
      const d = await createDialogue(svc(c), data);
      return redirectWithNotice(c, `/staff/dialogues/${d.id}`, 'dialogues.notice.created');
    },
    (form) => renderDialogueForm(c, form, '/staff/dialogues', c.var.t('dialogues.new.heading'), 422),
  );
});

async function renderDetail(c: C, d: Dialogue, forms: DetailProps['forms'] = {}, status: 200 | 422 | 409 = 200) {
  const t = c.var.t;
  const ctx = svc(c);
  const canManage = canOnDialogue(c.var.user, 'dialogues.manage', d);
  const [overview, lk, concerns, members, actors] = await Promise.all([
    dialogueOverview(c.var.db, d),
    lookups(c),
    linkedConcerns(c.var.db, d.id, { publicOnly: false }),
    canManage ? membersOf(ctx, d.id) : Promise.resolve([]),
    canManage ? actorChoices(c.var.db, d.areaIds) : Promise.resolve({ organisations: [], people: [] }),
  ]);
  return render(
    c,
    d.title,
    <DetailPage
      t={t}
      locale={c.var.locale}
      overview={overview}
      lookups={lk}
      concerns={concerns}
      members={members}
      actors={actors}
      csrfToken={c.var.csrfToken}
      canManage={canManage}
      canContribute={canOnDialogue(c.var.user, 'dialogues.contribute', d)}
      today={today()}
      forms={forms}
    />,
    { status, crumbs: [[t('dialogues.list.heading'), '/staff/dialogues'], [d.title]] },
  );
}

pages.get(`/staff/dialogues/${DLG}`, async (c) => renderDetail(c, await requireDialogue(svc(c), c.req.param('id'), 'dialogues.read')));

pages.get(`/staff/dialogues/${DLG}/edit`, async (c) => {
  const d = await requireDialogue(svc(c), c.req.param('id'), 'dialogues.manage');
  const values = { title: d.title, goal: d.goal, initiator: d.initiator, areaIds: d.areaIds, topicIds: d.topicIds, public: d.public ? '1' : '', publicSummary: d.publicSummary ?? '' };
  return renderDialogueForm(c, emptyForm(values), `/staff/dialogues/${d.id}/edit`, c.var.t('dialogues.edit'));
});

pages.post(`/staff/dialogues/${DLG}/edit`, async (c) => {
  const d = await requireDialogue(svc(c), c.req.param('id'), 'dialogues.manage');
  const values = await readForm(c);
  return handle(
    values,
    validate(dialogueFormSchema, values),
    async (data) => {
      await updateDialogue(svc(c), d.id, data);
      return redirectWithNotice(c, `/staff/dialogues/${d.id}`, 'dialogues.notice.saved');
    },
    (form) => renderDialogueForm(c, form, `/staff/dialogues/${d.id}/edit`, c.var.t('dialogues.edit'), 422),
  );
});

/** A form post on the dialogue page: scope first, then validation; errors re-render the page with that form. */
function detailPost<S extends Parameters<typeof validate>[0]>(path: string, action: 'dialogues.manage' | 'dialogues.contribute', formKey: keyof DetailProps['forms'], schema: S, run: (c: C, d: Dialogue, data: ReturnType<typeof validate<S>> extends { ok: true; data: infer T } | { ok: false } ? T : never) => Promise<unknown>, notice: string) {
  pages.post(path, async (c) => {
    const d = await requireDialogue(svc(c), c.req.param('id')!, action);
    const values = await readForm(c);
    return handle(
      values,
      validate(schema, values) as never,
      async (data) => {
        await run(c, d, data as never);
        return redirectWithNotice(c, `/staff/dialogues/${d.id}#${formKey === 'phase' ? 'phase-h' : formKey === 'participant' ? 'participants-h' : formKey === 'question' ? 'map-h' : formKey === 'concern' ? 'concerns-h' : 'access-h'}`, notice);
      },
      (form) => renderDetail(c, d, { [formKey]: form }, 422),
    );
  });
}

detailPost(`/staff/dialogues/${DLG}/phase`, 'dialogues.manage', 'phase', phaseFormSchema, (c, d, data) => changePhase(svc(c), d.id, data.phase, data.note ?? null), 'dialogues.notice.phase');
detailPost(`/staff/dialogues/${DLG}/participants`, 'dialogues.manage', 'participant', participantFormSchema, (c, d, data) => addParticipant(svc(c), d.id, data), 'dialogues.notice.participantAdded');
detailPost(`/staff/dialogues/${DLG}/questions`, 'dialogues.manage', 'question', questionFormSchema, (c, d, data) => addQuestion(svc(c), d.id, data.text), 'dialogues.notice.questionAdded');
detailPost(`/staff/dialogues/${DLG}/concerns`, 'dialogues.manage', 'concern', concernLinkSchema, (c, d, data) => linkConcern(svc(c), d.id, data.number), 'dialogues.notice.concernLinked');
detailPost(`/staff/dialogues/${DLG}/access`, 'dialogues.manage', 'access', grantFormSchema, (c, d, data) => grantAccess(svc(c), d.id, data), 'dialogues.notice.accessGranted');

pages.post(`/staff/dialogues/${DLG}/concerns/${CID}/remove`, async (c) => {
  const d = await requireDialogue(svc(c), c.req.param('id'), 'dialogues.manage');
  await unlinkConcern(svc(c), d.id, c.req.param('cid'));
  return redirectWithNotice(c, `/staff/dialogues/${d.id}#concerns-h`, 'dialogues.notice.saved');
});

pages.post(`/staff/dialogues/${DLG}/access/${UID}/remove`, async (c) => {
  const d = await requireDialogue(svc(c), c.req.param('id'), 'dialogues.manage');
  await revokeAccess(svc(c), d.id, c.req.param('uid'));
  return redirectWithNotice(c, `/staff/dialogues/${d.id}#access-h`, 'dialogues.notice.accessRevoked');
});

/* ---------------------------------------------------------------- participants */

async function participantOf(c: C, d: Dialogue) {
  const p = await q.findParticipant(tdb(c.var.db), c.req.param('pid') ?? '');
  if (!p || p.dialogueId !== d.id) throw errors.notFound('participant');
  return (await namedParticipants(c.var.db, [p]))[0]!;
}

async function renderParticipant(c: C, d: Dialogue, form: FormState | null, status: 200 | 422 = 200) {
  const t = c.var.t;
  const p = await participantOf(c, d);
  const f = form ?? emptyForm({ logic: p.logic, interests: p.interests ?? '', positions: p.positions ?? '' });
  return render(c, p.name ?? t('dialogues.participant.removed'), <ParticipantPage t={t} locale={c.var.locale} dialogue={d} participant={p} form={f} csrfToken={c.var.csrfToken} canManage={canOnDialogue(c.var.user, 'dialogues.manage', d)} />, {
    status,
    crumbs: [[t('dialogues.list.heading'), '/staff/dialogues'], [d.title, `/staff/dialogues/${d.id}`], [p.name ?? t('dialogues.participant.removed')]],
  });
}

pages.get(`/staff/dialogues/${DLG}/participants/${PID}`, async (c) => renderParticipant(c, await requireDialogue(svc(c), c.req.param('id'), 'dialogues.contribute'), null));

pages.post(`/staff/dialogues/${DLG}/participants/${PID}`, async (c) => {
  const d = await requireDialogue(svc(c), c.req.param('id'), 'dialogues.contribute');
  const p = await participantOf(c, d);
  const values = await readForm(c);
  return handle(
    values,
    validate(participantEditSchema, values),
    async (data) => {
      await updateParticipant(svc(c), d.id, p.id, data);
      return redirectWithNotice(c, `/staff/dialogues/${d.id}#participants-h`, 'dialogues.notice.saved');
    },
    (form) => renderParticipant(c, d, form, 422),
  );
});

pages.post(`/staff/dialogues/${DLG}/participants/${PID}/remove`, async (c) => {
  const d = await requireDialogue(svc(c), c.req.param('id'), 'dialogues.manage');
  const p = await participantOf(c, d);
  try {
    await removeParticipant(svc(c), d.id, p.id);
  } catch (e) {
    if (e instanceof AppError && e.code === 'participant_has_tasks') return redirectWithNotice(c, `/staff/dialogues/${d.id}#participants-h`, 'dialogues.notice.participantHasTasks', 'warning');
    throw e;
  }
  return redirectWithNotice(c, `/staff/dialogues/${d.id}#participants-h`, 'dialogues.notice.participantRemoved');
});

/* ---------------------------------------------------------------- interest map */

async function renderMapEdit(c: C, d: Dialogue, form: FormState, status: 200 | 422 = 200) {
  const t = c.var.t;
  const overview = await dialogueOverview(c.var.db, d);
  return render(c, t('dialogues.map.editHeading', { title: d.title }), <MapEditPage t={t} locale={c.var.locale} dialogue={d} overview={overview} form={form} csrfToken={c.var.csrfToken} />, {
    status,
    crumbs: [[t('dialogues.list.heading'), '/staff/dialogues'], [d.title, `/staff/dialogues/${d.id}`], [t('dialogues.map.heading')]],
  });
}

pages.get(`/staff/dialogues/${DLG}/map`, async (c) => renderMapEdit(c, await requireDialogue(svc(c), c.req.param('id'), 'dialogues.contribute'), emptyForm()));

pages.post(`/staff/dialogues/${DLG}/map`, async (c) => {
  const d = await requireDialogue(svc(c), c.req.param('id'), 'dialogues.contribute');
  const values = await readForm(c);
  const entries: { questionId: string; participantId: string; stance: Stance | ''; note: string | null }[] = [];
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(values)) {
    const m = /^s__(dqn_[0-9a-z]+)__(dpt_[0-9a-z]+)$/.exec(k);
    if (!m || typeof v !== 'string') continue;
    if (v !== '' && !(STANCES as readonly string[]).includes(v)) errs.push({ field: k, key: 'form.error.choose' });
    const note = values[`n__${m[1]}__${m[2]}`];
    if (typeof note === 'string' && note.length > 500) errs.push({ field: `n__${m[1]}__${m[2]}`, key: 'form.error.tooLong', params: { max: 500 } });
    entries.push({ questionId: m[1]!, participantId: m[2]!, stance: v as Stance | '', note: typeof note === 'string' ? note : null });
  }
  if (errs.length) return renderMapEdit(c, d, { values, errors: errs }, 422);
  const fe = await fieldErrorsFrom(() => setStances(svc(c), d.id, entries));
  if (fe) return renderMapEdit(c, d, { values, errors: fe }, 422);
  return redirectWithNotice(c, `/staff/dialogues/${d.id}#map-h`, 'dialogues.notice.mapSaved');
});

/* ---------------------------------------------------------------- meetings */

async function renderMeetingForm(c: C, d: Dialogue, form: FormState, status: 200 | 422 = 200) {
  const t = c.var.t;
  const rooms = (await roomChoices(c.var.db, d.areaIds)).map((r) => ({ value: r.value, label: r.label }));
  return render(c, t('dialogues.meeting.new'), <MeetingFormPage t={t} locale={c.var.locale} dialogue={d} form={form} csrfToken={c.var.csrfToken} rooms={rooms} />, {
    status,
    crumbs: [[t('dialogues.list.heading'), '/staff/dialogues'], [d.title, `/staff/dialogues/${d.id}`], [t('dialogues.meeting.new')]],
  });
}

pages.get(`/staff/dialogues/${DLG}/meetings/new`, async (c) => {
  const d = await requireDialogue(svc(c), c.req.param('id'), 'dialogues.manage');
  return renderMeetingForm(c, d, emptyForm({ type: MEETING_TYPES[1], startTime: '18:00', endTime: '20:00' }));
});

pages.post(`/staff/dialogues/${DLG}/meetings`, async (c) => {
  const d = await requireDialogue(svc(c), c.req.param('id'), 'dialogues.manage');
  const values = await readForm(c);
  return handle(
    values,
    validate(meetingFormSchema, values),
    async (data) => {
      const m = await createMeeting(svc(c), d.id, data);
      return redirectWithNotice(c, `/staff/meetings/${m.id}`, 'dialogues.notice.meetingCreated');
    },
    (form) => renderMeetingForm(c, d, form, 422),
  );
});

async function renderMeeting(c: C, id: string, forms: MeetingPageProps['forms'] = {}, status: 200 | 422 = 200) {
  const t = c.var.t;
  const { meeting, dialogue } = await requireMeeting(svc(c), id, 'dialogues.read');
  const [detail, participants, tasks] = await Promise.all([
    meetingDetail(c.var.db, meeting.id),
    q.listParticipants(tdb(c.var.db), dialogue.id).then((ps) => namedParticipants(c.var.db, ps)),
    q.listTasks(tdb(c.var.db), { dialogueIds: [dialogue.id] }).then((ts) => ts.filter((x) => x.meetingId === meeting.id)),
  ]);
  return render(
    c,
    meeting.title,
    <MeetingPage
      t={t}
      locale={c.var.locale}
      dialogue={dialogue}
      meeting={meeting}
      {...detail}
      participants={participants}
      tasks={tasks}
      csrfToken={c.var.csrfToken}
      canManage={canOnDialogue(c.var.user, 'dialogues.manage', dialogue)}
      canContribute={canOnDialogue(c.var.user, 'dialogues.contribute', dialogue)}
      today={today()}
      forms={forms}
    />,
    { status, crumbs: [[t('dialogues.list.heading'), '/staff/dialogues'], [dialogue.title, `/staff/dialogues/${dialogue.id}`], [meeting.title]] },
  );
}

pages.get(`/staff/meetings/${MTG}`, (c) => renderMeeting(c, c.req.param('id')));

function meetingPost<S extends Parameters<typeof validate>[0]>(suffix: string, action: 'dialogues.manage' | 'dialogues.contribute', formKey: keyof MeetingPageProps['forms'], schema: S, run: (c: C, meetingId: string, data: any) => Promise<unknown>, notice: string) {
  pages.post(`/staff/meetings/${MTG}/${suffix}`, async (c) => {
    const { meeting } = await requireMeeting(svc(c), c.req.param('id'), action);
    const values = await readForm(c);
    return handle(
      values,
      validate(schema, values) as never,
      async (data) => {
        await run(c, meeting.id, data);
        return redirectWithNotice(c, `/staff/meetings/${meeting.id}`, notice);
      },
      (form) => renderMeeting(c, meeting.id, { [formKey]: form }, 422),
    );
  });
}

meetingPost('agenda', 'dialogues.manage', 'agenda', agendaFormSchema, (c, id, data: { title: string }) => addAgendaItem(svc(c), id, data.title), 'dialogues.notice.agendaAdded');
meetingPost('invite', 'dialogues.manage', 'invite', inviteFormSchema, async (c, id, data: { emails: string[] }) => inviteToMeeting(await dctx(c), id, data.emails), 'dialogues.notice.invited');
meetingPost('attendance', 'dialogues.contribute', 'attendance', attendanceFormSchema, (c, id, data: { participantIds: string[]; registrationIds: string[] }) => recordAttendance(svc(c), id, data.participantIds, data.registrationIds), 'dialogues.notice.attendance');
meetingPost('tasks', 'dialogues.manage', 'task', taskFormSchema, (c, id, data: { what: string; participantId: string; dueDate: string; agendaItemId?: string | undefined; public: boolean }) => createTask(svc(c), id, { ...data, title: data.what }), 'dialogues.notice.taskCreated');

async function renderMeetingEdit(c: C, id: string, form: FormState | null, status: 200 | 422 = 200) {
  const t = c.var.t;
  const { meeting: m, dialogue: d } = await requireMeeting(svc(c), id, 'dialogues.manage');
  const wall = (iso: string) => {
    const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(iso));
    const get = (k: string) => parts.find((x) => x.type === k)?.value ?? '';
    return { date: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}` };
  };
  const f =
    form ??
    emptyForm({ type: m.type, title: m.title, date: wall(m.startsAt).date, startTime: wall(m.startsAt).time, endTime: wall(m.endsAt).time, place: m.place, public: m.public ? '1' : '', registration: m.registration ? '1' : '', capacity: m.capacity ?? '' });
  const heading = t('dialogues.meeting.edit');
  return render(c, heading, <MeetingFormPage t={t} locale={c.var.locale} dialogue={d} form={f} csrfToken={c.var.csrfToken} rooms={[]} action={`/staff/meetings/${m.id}/edit`} heading={heading} roomName={m.roomId ? m.place : null} />, {
    status,
    crumbs: [[t('dialogues.list.heading'), '/staff/dialogues'], [d.title, `/staff/dialogues/${d.id}`], [m.title, `/staff/meetings/${m.id}`], [heading]],
  });
}

pages.get(`/staff/meetings/${MTG}/edit`, (c) => renderMeetingEdit(c, c.req.param('id'), null));

pages.post(`/staff/meetings/${MTG}/edit`, async (c) => {
  const { meeting } = await requireMeeting(svc(c), c.req.param('id'), 'dialogues.manage');
  if (meeting.status !== 'planned') return redirectWithNotice(c, `/staff/meetings/${meeting.id}`, 'dialogues.notice.notPlanned', 'warning');
  const values = await readForm(c);
  return handle(
    values,
    validate(meetingFormSchema, values),
    async (data) => {
      await updateMeeting(await dctx(c), meeting.id, data);
      return redirectWithNotice(c, `/staff/meetings/${meeting.id}`, 'dialogues.notice.meetingSaved');
    },
    (form) => renderMeetingEdit(c, meeting.id, form, 422),
  );
});

pages.post(`/staff/meetings/${MTG}/cancel`, async (c) => {
  const { meeting } = await requireMeeting(svc(c), c.req.param('id'), 'dialogues.manage');
  if (meeting.status !== 'planned') return redirectWithNotice(c, `/staff/meetings/${meeting.id}`, 'dialogues.notice.notPlanned', 'warning');
  await cancelMeeting(await dctx(c), meeting.id);
  return redirectWithNotice(c, `/staff/meetings/${meeting.id}`, 'dialogues.notice.meetingCancelled');
});

async function renderMinutes(c: C, id: string, form: FormState, status: 200 | 422 = 200) {
  const t = c.var.t;
  const { meeting, dialogue } = await requireMeeting(svc(c), id, 'dialogues.contribute');
  const agenda = await q.listAgenda(tdb(c.var.db), [meeting.id]);
  return render(c, t('dialogues.minutes.heading', { title: meeting.title }), <MinutesPage t={t} locale={c.var.locale} meeting={meeting} agenda={agenda} form={form} csrfToken={c.var.csrfToken} />, {
    status,
    crumbs: [[t('dialogues.list.heading'), '/staff/dialogues'], [dialogue.title, `/staff/dialogues/${dialogue.id}`], [meeting.title, `/staff/meetings/${meeting.id}`], [t('dialogues.minutes.write')]],
  });
}

pages.get(`/staff/meetings/${MTG}/minutes`, (c) => renderMinutes(c, c.req.param('id'), emptyForm()));

pages.post(`/staff/meetings/${MTG}/minutes`, async (c) => {
  const { meeting } = await requireMeeting(svc(c), c.req.param('id'), 'dialogues.contribute');
  const values = await readForm(c);
  const agenda = await q.listAgenda(tdb(c.var.db), [meeting.id]);
  const errs: FieldError[] = [];
  const str = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : '');
  for (const a of agenda) {
    if (str(`minutes__${a.id}`).length > 20000) errs.push({ field: `minutes__${a.id}`, key: 'form.error.tooLong', params: { max: 20000 } });
    if (str(`decision__${a.id}`).length > 4000) errs.push({ field: `decision__${a.id}`, key: 'form.error.tooLong', params: { max: 4000 } });
  }
  if (errs.length) return renderMinutes(c, meeting.id, { values, errors: errs }, 422);
  await writeMinutes(
    svc(c),
    meeting.id,
    agenda.map((a) => ({ itemId: a.id, minutes: str(`minutes__${a.id}`), decision: str(`decision__${a.id}`), public: str(`public__${a.id}`) === '1' })),
  );
  return redirectWithNotice(c, `/staff/meetings/${meeting.id}`, 'dialogues.notice.minutesSaved');
});

/* ---------------------------------------------------------------- tasks */

pages.get('/staff/dialogues/tasks', async (c) => {
  const t = c.var.t;
  const overdue = c.req.query('overdue') === '1';
  const ctx = svc(c);
  const tasks = await listTasksForStaff(ctx, { overdue });
  const dialogues = await listDialoguesForStaff(ctx);
  const who = new Map<string, string>();
  for (const d of dialogues) for (const p of await namedParticipants(c.var.db, await q.listParticipants(tdb(c.var.db), d.id))) who.set(p.id, p.name ?? t('dialogues.participant.removed'));
  return render(c, t('dialogues.tasks.heading'), <TasksPage t={t} locale={c.var.locale} tasks={tasks} dialogues={dialogues} who={who} today={today()} overdue={overdue} csrfToken={c.var.csrfToken} />, {
    crumbs: [[t('dialogues.list.heading'), '/staff/dialogues'], [t('dialogues.tasks.heading')]],
  });
});

async function taskStatusPost(c: C, back: (dialogueId: string) => string) {
  const values = await readForm(c);
  const r = validate(taskStatusFormSchema, values);
  if (!r.ok) throw errors.validation(r.errors);
  const task = await setTaskStatus(svc(c), c.req.param('id')!, r.data.status);
  return redirectWithNotice(c, back(task.dialogueId), 'dialogues.notice.taskStatus');
}

pages.post(`/staff/tasks/${TSK}/status`, async (c) => {
  const task = await q.findTask(tdb(c.var.db), c.req.param('id'));
  if (!task) throw errors.notFound('task');
  await requireDialogue(svc(c), task.dialogueId, 'dialogues.contribute');
  return taskStatusPost(c, (id) => `/staff/dialogues/${id}#tasks-h`);
});

/* ================================================================ participants' accounts */

pages.get('/my/dialogues', async (c) => {
  const t = c.var.t;
  const ctx = svc(c);
  const memberships = await myMemberships(ctx);
  const dialogues = await q.listDialogues(tdb(c.var.db), { areaIds: 'all', ids: memberships.map((m) => m.dialogueId) });
  const mine = memberships.map((m) => m.participantId).filter((x): x is string => !!x);
  const tasks = await q.listTasks(tdb(c.var.db), { participantIds: mine });
  const who = new Map<string, string>();
  for (const p of await namedParticipants(c.var.db, (await Promise.all(mine.map((id) => q.findParticipant(tdb(c.var.db), id)))).filter((x) => !!x))) who.set(p.id, p.name ?? t('dialogues.participant.removed'));
  return render(c, t('dialogues.my.heading'), <MyListPage t={t} locale={c.var.locale} dialogues={dialogues} tasks={tasks} who={who} csrfToken={c.var.csrfToken} today={today()} />, { crumbs: [[t('dialogues.my.heading')]] });
});

pages.get(`/my/dialogues/${DLG}`, async (c) => {
  const t = c.var.t;
  const { dialogue, participantId } = await requireMembership(svc(c), c.req.param('id'));
  const [map, meetings, tasks] = await Promise.all([interestMap(c.var.db, dialogue.id), q.listMeetings(tdb(c.var.db), dialogue.id), q.listTasks(tdb(c.var.db), { dialogueIds: [dialogue.id] })]);
  const agenda = await q.listAgenda(
    tdb(c.var.db),
    meetings.map((m) => m.id),
  );
  return render(c, dialogue.title, <MyDialoguePage t={t} locale={c.var.locale} dialogue={dialogue} map={map} meetings={meetings} agenda={agenda} tasks={tasks} participantId={participantId} csrfToken={c.var.csrfToken} today={today()} />, {
    crumbs: [[t('dialogues.my.heading'), '/my/dialogues'], [dialogue.title]],
  });
});

pages.post(`/my/tasks/${TSK}/status`, async (c) => taskStatusPost(c, (id) => `/my/dialogues/${id}`));
