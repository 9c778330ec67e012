/** @jsxImportSource hono/jsx */
/** Staff pages of the dialogues module: list, form, one dialogue, interest map, meetings, minutes, tasks. */
import { formatDate, formatDateTime } from '../../../platform/i18n';
import { Checkbox, CheckboxGroup, ErrorSummary, Form, LinkButton, SelectField, SubmitButton, Table, TextArea, TextField, type FormState, type Option } from '../../../platform/ui/components';
import { LOGICS } from '../dialogues.actors';
import { MEETING_TYPES, PHASES, STANCES, TASK_STATUSES, canChangePhase } from '../dialogues.rules';
import type { DialogueOverview } from '../dialogues.service';
import type { AgendaItem, Dialogue, Meeting, NamedParticipant, Registration, Task } from '../dialogues.types';
import { InterestTable, MapSummary, MeetingsTable, PhaseBadge, TasksTable, Timeline, participantName, when, type Named, type ViewBase } from './common';

export interface Lookups {
  areas: Named[];
  topics: Named[];
}

const names = (ids: string[], list: Named[]) => ids.map((id) => list.find((x) => x.id === id)?.name ?? id).join(', ') || '–';

export function ListPage(p: ViewBase & { dialogues: Dialogue[]; lookups: Lookups; canManage: boolean; query: Record<string, unknown> }) {
  const { t } = p;
  const form: FormState = { values: p.query, errors: [] };
  return (
    <div class="q-stack">
      <h1 class="kern-heading-large">{t('dialogues.list.heading')}</h1>
      <div class="q-actions">
        {p.canManage && <LinkButton href="/staff/dialogues/new" label={t('dialogues.new.heading')} variant="primary" />}
        <LinkButton href="/staff/dialogues/tasks" label={t('dialogues.tasks.heading')} />
      </div>
      <Form action="/staff/dialogues" method="get" class="q-filter">
        <SelectField name="area" label={t('dialogues.field.area')} t={t} form={form} placeholder={t('dialogues.filter.all')} options={p.lookups.areas.map((a) => ({ value: a.id, label: a.name }))} />
        <SelectField name="phase" label={t('dialogues.field.phase')} t={t} form={form} placeholder={t('dialogues.filter.all')} options={PHASES.map((ph) => ({ value: ph, label: t(`dialogues.phase.${ph}`) }))} />
        <SubmitButton label={t('dialogues.filter.apply')} variant="secondary" />
      </Form>
      <Table
        caption={t('dialogues.list.caption')}
        empty={t('dialogues.list.empty')}
        rows={p.dialogues}
        columns={[
          {
            header: t('dialogues.field.title'),
            cell: (d) => (
              <a class="kern-link" href={`/staff/dialogues/${d.id}`}>
                {d.title}
              </a>
            ),
          },
          { header: t('dialogues.field.areas'), cell: (d) => names(d.areaIds, p.lookups.areas) },
          { header: t('dialogues.field.phase'), cell: (d) => <PhaseBadge t={t} locale={p.locale} phase={d.phase} /> },
          { header: t('dialogues.field.public'), cell: (d) => (d.public ? t('dialogues.yes') : t('dialogues.no')) },
          { header: t('dialogues.field.updated'), cell: (d) => formatDate(p.locale, d.updatedAt) },
        ]}
      />
    </div>
  );
}

export function DialogueFormPage(p: ViewBase & { form: FormState; lookups: Lookups; csrfToken: string; action: string; heading: string }) {
  const { t, form } = p;
  return (
    <div class="q-stack q-narrow">
      <h1 class="kern-heading-large">{p.heading}</h1>
      <ErrorSummary form={form} t={t} />
      <Form action={p.action} csrfToken={p.csrfToken}>
        <TextField name="title" label={t('dialogues.field.title')} t={t} form={form} required maxlength={200} />
        <TextArea name="goal" label={t('dialogues.field.goal')} t={t} form={form} required rows={4} />
        <TextField name="initiator" label={t('dialogues.field.initiator')} hint={t('dialogues.field.initiatorHint')} t={t} form={form} required maxlength={200} />
        <CheckboxGroup name="areaIds" legend={t('dialogues.field.areas')} t={t} form={form} required options={p.lookups.areas.map((a) => ({ value: a.id, label: a.name }))} />
        <CheckboxGroup name="topicIds" legend={t('dialogues.field.topics')} t={t} form={form} options={p.lookups.topics.map((a) => ({ value: a.id, label: a.name }))} />
        <Checkbox name="public" label={t('dialogues.field.public')} hint={t('dialogues.field.publicHint')} t={t} form={form} />
        <TextArea name="publicSummary" label={t('dialogues.field.publicSummary')} hint={t('dialogues.field.publicSummaryHint')} t={t} form={form} rows={3} />
        <SubmitButton label={t('dialogues.save')} />
      </Form>
    </div>
  );
}

export interface DetailProps extends ViewBase {
  overview: DialogueOverview;
  lookups: Lookups;
  concerns: { concernId: string; number: string; status: string | null }[];
  members: { userId: string; email: string; displayName: string; participantId: string | null }[];
  actors: { organisations: Option[]; people: Option[] };
  csrfToken: string;
  canManage: boolean;
  canContribute: boolean;
  today: string;
  forms: Partial<Record<'phase' | 'participant' | 'question' | 'concern' | 'access', FormState>>;
}

export function DetailPage(p: DetailProps) {
  const { t, overview: o } = p;
  const d = o.dialogue;
  const byId = new Map(o.map.participants.map((x) => [x.id, x]));
  const nextPhases = PHASES.filter((ph) => canChangePhase(d.phase, ph));
  const f = (k: keyof DetailProps['forms']) => p.forms[k];
  return (
    <div class="q-stack">
      <h1 class="kern-heading-large">{d.title}</h1>
      <p>
        <PhaseBadge t={t} locale={p.locale} phase={d.phase} /> {d.public ? t('dialogues.isPublic') : t('dialogues.isInternal')}
      </p>
      <dl class="q-concern-facts">
        <dt>{t('dialogues.field.goal')}</dt>
        <dd>{d.goal}</dd>
        <dt>{t('dialogues.field.initiator')}</dt>
        <dd>{d.initiator}</dd>
        <dt>{t('dialogues.field.areas')}</dt>
        <dd>{names(d.areaIds, p.lookups.areas)}</dd>
        <dt>{t('dialogues.field.topics')}</dt>
        <dd>{names(d.topicIds, p.lookups.topics)}</dd>
      </dl>
      {p.canManage && (
        <div class="q-actions">
          <LinkButton href={`/staff/dialogues/${d.id}/edit`} label={t('dialogues.edit')} />
          {d.public && <LinkButton href={`/dialogues/${d.id}`} label={t('dialogues.progress.link')} variant="tertiary" />}
        </div>
      )}

      {p.canManage && nextPhases.length > 0 && (
        <section aria-labelledby="phase-h">
          <h2 class="kern-heading-medium" id="phase-h">
            {t('dialogues.phase.heading')}
          </h2>
          <ErrorSummary form={f('phase')} t={t} />
          <Form action={`/staff/dialogues/${d.id}/phase`} csrfToken={p.csrfToken} class="q-form--inline">
            <SelectField name="phase" label={t('dialogues.phase.next')} t={t} form={f('phase')} required options={nextPhases.map((ph) => ({ value: ph, label: t(`dialogues.phase.${ph}`) }))} />
            <TextField name="note" label={t('dialogues.phase.note')} t={t} form={f('phase')} maxlength={1000} />
            <SubmitButton label={t('dialogues.phase.change')} variant="secondary" />
          </Form>
        </section>
      )}

      <section aria-labelledby="participants-h">
        <h2 class="kern-heading-medium" id="participants-h">
          {t('dialogues.participants.heading')}
        </h2>
        <Table
          caption={t('dialogues.participants.caption')}
          captionHidden
          empty={t('dialogues.participants.empty')}
          rows={o.map.participants}
          columns={[
            { header: t('dialogues.participant.name'), cell: (x: NamedParticipant) => (<>{participantName(t, x)}{x.organisations.length > 0 && <div class="kern-body kern-body--small">{x.organisations.join(', ')}</div>}</>) },
            { header: t('dialogues.participant.kind'), cell: (x) => t(`dialogues.kind.${x.kind}`) },
            { header: t('dialogues.participant.logic'), cell: (x) => t(`dialogues.logic.${x.logic}`) },
            { header: t('dialogues.participant.interests'), cell: (x) => x.interests ?? '–' },
            { header: t('dialogues.participant.positions'), cell: (x) => x.positions ?? '–' },
            ...(p.canContribute
              ? [
                  {
                    header: t('dialogues.task.action'),
                    cell: (x: NamedParticipant) => (
                      <a class="kern-link" href={`/staff/dialogues/${d.id}/participants/${x.id}`}>
                        {t('dialogues.participant.edit', { name: participantName(t, x) })}
                      </a>
                    ),
                  },
                ]
              : []),
          ]}
        />
        {p.canManage && (
          <>
            <h3 class="kern-heading-small">{t('dialogues.participant.add')}</h3>
            <ErrorSummary form={f('participant')} t={t} />
            {p.actors.organisations.length + p.actors.people.length === 0 ? (
              <p class="kern-body">{t('dialogues.participant.noActors')}</p>
            ) : (
              <Form action={`/staff/dialogues/${d.id}/participants`} csrfToken={p.csrfToken}>
                <SelectField
                  name="actor"
                  label={t('dialogues.participant.actor')}
                  t={t}
                  form={f('participant')}
                  required
                  placeholder={t('dialogues.choose')}
                  options={[...p.actors.organisations.map((o2) => ({ ...o2, label: `${o2.label} (${t('dialogues.kind.organisation')})` })), ...p.actors.people.map((o2) => ({ ...o2, label: `${o2.label} (${t('dialogues.kind.person')})` }))]}
                />
                <SelectField name="logic" label={t('dialogues.participant.logic')} hint={t('dialogues.participant.logicHint')} t={t} form={f('participant')} placeholder={t('dialogues.participant.logicDefault')} options={LOGICS.map((l) => ({ value: l, label: t(`dialogues.logic.${l}`) }))} />
                <TextArea name="interests" label={t('dialogues.participant.interests')} hint={t('dialogues.noCaseFiles')} t={t} form={f('participant')} rows={2} />
                <TextArea name="positions" label={t('dialogues.participant.positions')} t={t} form={f('participant')} rows={2} />
                <SubmitButton label={t('dialogues.participant.add')} variant="secondary" />
              </Form>
            )}
          </>
        )}
      </section>

      <section aria-labelledby="map-h">
        <h2 class="kern-heading-medium" id="map-h">
          {t('dialogues.map.heading')}
        </h2>
        <InterestTable t={t} locale={p.locale} map={o.map} />
        <MapSummary t={t} locale={p.locale} map={o.map} />
        {p.canContribute && o.map.questions.length > 0 && o.map.participants.length > 0 && <LinkButton href={`/staff/dialogues/${d.id}/map`} label={t('dialogues.map.edit')} />}
        {p.canManage && (
          <>
            <ErrorSummary form={f('question')} t={t} />
            <Form action={`/staff/dialogues/${d.id}/questions`} csrfToken={p.csrfToken} class="q-form--inline">
              <TextField name="text" label={t('dialogues.question.add')} hint={t('dialogues.question.hint')} t={t} form={f('question')} required maxlength={300} />
              <SubmitButton label={t('dialogues.question.addButton')} variant="secondary" />
            </Form>
          </>
        )}
      </section>

      <section aria-labelledby="meetings-h">
        <h2 class="kern-heading-medium" id="meetings-h">
          {t('dialogues.meetings.heading')}
        </h2>
        <MeetingsTable t={t} locale={p.locale} caption={t('dialogues.meetings.caption')} meetings={o.meetings} href={(m) => `/staff/meetings/${m.id}`} />
        {p.canManage && <LinkButton href={`/staff/dialogues/${d.id}/meetings/new`} label={t('dialogues.meeting.new')} variant="secondary" />}
      </section>

      <section aria-labelledby="tasks-h">
        <h2 class="kern-heading-medium" id="tasks-h">
          {t('dialogues.tasks.heading')}
        </h2>
        <TasksTable
          t={t}
          locale={p.locale}
          caption={t('dialogues.tasks.caption')}
          tasks={o.tasks}
          today={p.today}
          who={(x) => participantName(t, byId.get(x.participantId))}
          action={p.canContribute ? (x) => <TaskStatusForm t={t} locale={p.locale} task={x} csrfToken={p.csrfToken} action={`/staff/tasks/${x.id}/status`} /> : undefined}
        />
      </section>

      <section aria-labelledby="concerns-h">
        <h2 class="kern-heading-medium" id="concerns-h">
          {t('dialogues.concerns.heading')}
        </h2>
        <Table
          caption={t('dialogues.concerns.heading')}
          captionHidden
          empty={t('dialogues.concerns.empty')}
          rows={p.concerns}
          columns={[
            {
              header: t('dialogues.concerns.number'),
              cell: (x) => (
                <a class="kern-link" href={`/staff/concerns/${x.concernId}`}>
                  {x.number}
                </a>
              ),
            },
            { header: t('dialogues.concerns.status'), cell: (x) => (x.status ? t(`concerns.status.${x.status}`) : t('dialogues.concerns.notPublic')) },
            ...(p.canManage
              ? [
                  {
                    header: t('dialogues.task.action'),
                    cell: (x: { concernId: string; number: string }) => (
                      <Form action={`/staff/dialogues/${d.id}/concerns/${x.concernId}/remove`} csrfToken={p.csrfToken}>
                        <SubmitButton label={t('dialogues.concerns.unlink', { number: x.number })} variant="tertiary" />
                      </Form>
                    ),
                  },
                ]
              : []),
          ]}
        />
        {p.canManage && (
          <>
            <ErrorSummary form={f('concern')} t={t} />
            <Form action={`/staff/dialogues/${d.id}/concerns`} csrfToken={p.csrfToken} class="q-form--inline">
              <TextField name="number" label={t('dialogues.concerns.link')} hint={t('dialogues.concerns.linkHint')} t={t} form={f('concern')} required width={4} />
              <SubmitButton label={t('dialogues.concerns.linkButton')} variant="secondary" />
            </Form>
          </>
        )}
      </section>

      {p.canManage && (
        <section aria-labelledby="access-h">
          <h2 class="kern-heading-medium" id="access-h">
            {t('dialogues.access.heading')}
          </h2>
          <p class="kern-body">{t('dialogues.access.intro')}</p>
          <Table
            caption={t('dialogues.access.heading')}
            captionHidden
            empty={t('dialogues.access.empty')}
            rows={p.members}
            columns={[
              { header: t('dialogues.access.account'), cell: (m) => `${m.displayName} <${m.email}>` },
              { header: t('dialogues.access.actsFor'), cell: (m) => (m.participantId ? participantName(t, byId.get(m.participantId)) : '–') },
              {
                header: t('dialogues.task.action'),
                cell: (m) => (
                  <Form action={`/staff/dialogues/${d.id}/access/${m.userId}/remove`} csrfToken={p.csrfToken}>
                    <SubmitButton label={t('dialogues.access.revoke', { name: m.displayName })} variant="tertiary" />
                  </Form>
                ),
              },
            ]}
          />
          <ErrorSummary form={f('access')} t={t} />
          <Form action={`/staff/dialogues/${d.id}/access`} csrfToken={p.csrfToken}>
            <TextField name="email" type="email" label={t('dialogues.access.email')} t={t} form={f('access')} required autocomplete="off" />
            <SelectField name="participantId" label={t('dialogues.access.actsFor')} t={t} form={f('access')} placeholder={t('dialogues.access.nobody')} options={o.map.participants.map((x) => ({ value: x.id, label: participantName(t, x) }))} />
            <SubmitButton label={t('dialogues.access.grant')} variant="secondary" />
          </Form>
        </section>
      )}

      <section aria-labelledby="timeline-h">
        <h2 class="kern-heading-medium" id="timeline-h">
          {t('dialogues.timeline.heading')}
        </h2>
        <Timeline t={t} locale={p.locale} events={o.events} />
      </section>
    </div>
  );
}

export function TaskStatusForm(p: ViewBase & { task: Task; csrfToken: string; action: string }) {
  const { t, task } = p;
  const id = `f-status-${task.id}`;
  return (
    <Form action={p.action} csrfToken={p.csrfToken} class="q-form--inline">
      <div class="kern-form-input">
        <label class="kern-label" for={id}>
          {t('dialogues.task.statusFor', { title: task.title })}
        </label>
        <div class="kern-form-input__select-wrapper">
          <select class="kern-form-input__select" id={id} name="status">
            {TASK_STATUSES.map((s) => (
              <option value={s} selected={s === task.status}>
                {t(`dialogues.taskStatus.${s}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <SubmitButton label={t('dialogues.task.setStatus')} variant="secondary" />
    </Form>
  );
}

export function ParticipantPage(p: ViewBase & { dialogue: Dialogue; participant: NamedParticipant; form: FormState; csrfToken: string; canManage: boolean }) {
  const { t, form } = p;
  const base = `/staff/dialogues/${p.dialogue.id}/participants/${p.participant.id}`;
  return (
    <div class="q-stack q-narrow">
      <h1 class="kern-heading-large">{participantName(t, p.participant)}</h1>
      <ErrorSummary form={form} t={t} />
      <Form action={base} csrfToken={p.csrfToken}>
        <SelectField name="logic" label={t('dialogues.participant.logic')} t={t} form={form} required options={LOGICS.map((l) => ({ value: l, label: t(`dialogues.logic.${l}`) }))} />
        <TextArea name="interests" label={t('dialogues.participant.interests')} hint={t('dialogues.noCaseFiles')} t={t} form={form} rows={4} />
        <TextArea name="positions" label={t('dialogues.participant.positions')} t={t} form={form} rows={4} />
        <SubmitButton label={t('dialogues.save')} />
      </Form>
      {p.canManage && (
        <Form action={`${base}/remove`} csrfToken={p.csrfToken}>
          <SubmitButton label={t('dialogues.participant.remove')} variant="tertiary" />
        </Form>
      )}
    </div>
  );
}

/** The interest map as a form: one fieldset per participant, a stance select and a note per question. */
export function MapEditPage(p: ViewBase & { dialogue: Dialogue; overview: DialogueOverview; form: FormState; csrfToken: string }) {
  const { t, form } = p;
  const map = p.overview.map;
  const current = (qid: string, pid: string) => map.stances.find((s) => s.questionId === qid && s.participantId === pid);
  return (
    <div class="q-stack">
      <h1 class="kern-heading-large">{t('dialogues.map.editHeading', { title: p.dialogue.title })}</h1>
      <ErrorSummary form={form} t={t} />
      <Form action={`/staff/dialogues/${p.dialogue.id}/map`} csrfToken={p.csrfToken}>
        {map.participants.map((pt) => (
          <fieldset class="kern-fieldset">
            <legend class="kern-label">
              {participantName(t, pt)} ({t(`dialogues.logic.${pt.logic}`)})
            </legend>
            <div class="kern-fieldset__body">
              {map.questions.map((qn) => {
                const s = current(qn.id, pt.id);
                const key = `${qn.id}__${pt.id}`;
                return (
                  <div class="q-grid">
                    <SelectField
                      name={`s__${key}`}
                      label={t('dialogues.map.stanceOn', { question: qn.text })}
                      t={t}
                      form={form}
                      value={form.values[`s__${key}`] ?? s?.stance ?? ''}
                      placeholder={t('dialogues.stance.none')}
                      options={STANCES.map((x) => ({ value: x, label: t(`dialogues.stance.${x}`) }))}
                    />
                    <TextField name={`n__${key}`} label={t('dialogues.map.noteOn', { question: qn.text })} t={t} form={form} value={form.values[`n__${key}`] ?? s?.note ?? ''} maxlength={500} />
                  </div>
                );
              })}
            </div>
          </fieldset>
        ))}
        <SubmitButton label={t('dialogues.save')} />
      </Form>
    </div>
  );
}

export function MeetingFormPage(p: ViewBase & { dialogue: Dialogue; form: FormState; csrfToken: string; rooms: Option[]; action?: string; heading?: string; roomName?: string | null }) {
  const { t, form } = p;
  return (
    <div class="q-stack q-narrow">
      <h1 class="kern-heading-large">{p.heading ?? t('dialogues.meeting.new')}</h1>
      <p class="kern-body">{p.dialogue.title}</p>
      {p.roomName && <p class="kern-body">{t('dialogues.meeting.roomBooked', { room: p.roomName })}</p>}
      <ErrorSummary form={form} t={t} />
      <Form action={p.action ?? `/staff/dialogues/${p.dialogue.id}/meetings`} csrfToken={p.csrfToken}>
        <SelectField name="type" label={t('dialogues.meeting.type')} t={t} form={form} required options={MEETING_TYPES.map((m) => ({ value: m, label: t(`dialogues.meetingType.${m}`) }))} />
        <TextField name="title" label={t('dialogues.meeting.title')} t={t} form={form} required maxlength={200} />
        <TextField name="date" type="date" label={t('dialogues.meeting.date')} t={t} form={form} required />
        <TextField name="startTime" label={t('dialogues.meeting.startTime')} hint={t('dialogues.meeting.timeHint')} t={t} form={form} required width={4} inputmode="numeric" />
        <TextField name="endTime" label={t('dialogues.meeting.endTime')} hint={t('dialogues.meeting.timeHint')} t={t} form={form} required width={4} inputmode="numeric" />
        {p.rooms.length > 0 && <SelectField name="roomId" label={t('dialogues.meeting.room')} hint={t('dialogues.meeting.roomHint')} t={t} form={form} placeholder={t('dialogues.meeting.noRoom')} options={p.rooms} />}
        <TextField name="place" label={t('dialogues.meeting.place')} hint={p.rooms.length > 0 ? t('dialogues.meeting.placeOrRoomHint') : t('dialogues.meeting.placeHint')} t={t} form={form} maxlength={300} />
        <Checkbox name="public" label={t('dialogues.meeting.public')} hint={t('dialogues.meeting.publicHint')} t={t} form={form} />
        <Checkbox name="registration" label={t('dialogues.meeting.registration')} t={t} form={form} />
        <TextField name="capacity" label={t('dialogues.meeting.capacity')} hint={t('dialogues.meeting.capacityHint')} t={t} form={form} width={4} inputmode="numeric" />
        <SubmitButton label={p.action ? t('dialogues.save') : t('dialogues.meeting.create')} />
      </Form>
    </div>
  );
}

export interface MeetingPageProps extends ViewBase {
  dialogue: Dialogue;
  meeting: Meeting;
  agenda: AgendaItem[];
  invitations: { email: string; sentAt: string }[];
  registrations: Registration[];
  attendance: string[];
  participants: NamedParticipant[];
  tasks: Task[];
  csrfToken: string;
  canManage: boolean;
  canContribute: boolean;
  today: string;
  forms: Partial<Record<'agenda' | 'invite' | 'task' | 'attendance', FormState>>;
}

export function MeetingPage(p: MeetingPageProps) {
  const { t, meeting: m } = p;
  const f = (k: keyof MeetingPageProps['forms']) => p.forms[k];
  const base = `/staff/meetings/${m.id}`;
  const byId = new Map(p.participants.map((x) => [x.id, x]));
  const confirmed = p.registrations.filter((r) => r.status === 'confirmed');
  const waiting = p.registrations.filter((r) => r.status === 'waiting');
  return (
    <div class="q-stack">
      <h1 class="kern-heading-large">{m.title}</h1>
      <dl class="q-concern-facts">
        <dt>{t('dialogues.meeting.dialogue')}</dt>
        <dd>
          <a class="kern-link" href={`/staff/dialogues/${p.dialogue.id}`}>
            {p.dialogue.title}
          </a>
        </dd>
        <dt>{t('dialogues.meeting.type')}</dt>
        <dd>{t(`dialogues.meetingType.${m.type}`)}</dd>
        <dt>{t('dialogues.meeting.when')}</dt>
        <dd>{when(p.locale, m)}</dd>
        <dt>{t('dialogues.meeting.place')}</dt>
        <dd>{m.place}</dd>
        <dt>{t('dialogues.meeting.status')}</dt>
        <dd>{t(`dialogues.meetingStatus.${m.status}`)}</dd>
        <dt>{t('dialogues.meeting.public')}</dt>
        <dd>{m.public ? t('dialogues.yes') : t('dialogues.no')}</dd>
      </dl>

      {p.canManage && m.status === 'planned' && (
        <div class="q-actions">
          <LinkButton href={`${base}/edit`} label={t('dialogues.meeting.edit')} />
          <Form action={`${base}/cancel`} csrfToken={p.csrfToken}>
            <SubmitButton label={t('dialogues.meeting.cancel')} variant="tertiary" />
          </Form>
        </div>
      )}

      <section aria-labelledby="agenda-h">
        <h2 class="kern-heading-medium" id="agenda-h">
          {t('dialogues.agenda.heading')}
        </h2>
        {p.agenda.length === 0 ? (
          <p class="kern-body q-empty">{t('dialogues.agenda.empty')}</p>
        ) : (
          <ol class="kern-list">
            {p.agenda.map((a) => (
              <li>
                <strong>{a.title}</strong>
                {a.minutes && <p class="kern-body q-concern-text">{a.minutes}</p>}
                {a.decision && (
                  <p class="kern-body">
                    {t('dialogues.minutes.decision')}: {a.decision}
                  </p>
                )}
              </li>
            ))}
          </ol>
        )}
        {p.canManage && (
          <>
            <ErrorSummary form={f('agenda')} t={t} />
            <Form action={`${base}/agenda`} csrfToken={p.csrfToken} class="q-form--inline">
              <TextField name="title" label={t('dialogues.agenda.add')} t={t} form={f('agenda')} required maxlength={300} />
              <SubmitButton label={t('dialogues.agenda.addButton')} variant="secondary" />
            </Form>
          </>
        )}
        {p.canContribute && p.agenda.length > 0 && <LinkButton href={`${base}/minutes`} label={t('dialogues.minutes.write')} variant="primary" />}
      </section>

      {p.canManage && (
        <section aria-labelledby="invite-h">
          <h2 class="kern-heading-medium" id="invite-h">
            {t('dialogues.invite.heading')}
          </h2>
          <p class="kern-body">{t('dialogues.invite.sent', { count: p.invitations.length })}</p>
          <ErrorSummary form={f('invite')} t={t} />
          <Form action={`${base}/invite`} csrfToken={p.csrfToken}>
            <TextArea name="emails" label={t('dialogues.invite.emails')} hint={t('dialogues.invite.hint')} t={t} form={f('invite')} required rows={3} />
            <SubmitButton label={t('dialogues.invite.send')} variant="secondary" />
          </Form>
        </section>
      )}

      <section aria-labelledby="attendance-h">
        <h2 class="kern-heading-medium" id="attendance-h">
          {t('dialogues.attendance.heading')}
        </h2>
        {m.registration && (
          <p class="kern-body">
            {t('dialogues.registration.counts', { confirmed: confirmed.length, waiting: waiting.length, capacity: m.capacity ?? '–' })}
          </p>
        )}
        {p.canContribute ? (
          <>
            <ErrorSummary form={f('attendance')} t={t} />
            <Form action={`${base}/attendance`} csrfToken={p.csrfToken}>
              <CheckboxGroup name="participantIds" legend={t('dialogues.attendance.participants')} t={t} selected={p.attendance} options={p.participants.map((x) => ({ value: x.id, label: participantName(t, x) }))} />
              {confirmed.length > 0 && (
                <CheckboxGroup name="registrationIds" legend={t('dialogues.attendance.registered')} t={t} selected={confirmed.filter((r) => r.attended).map((r) => r.id)} options={confirmed.map((r) => ({ value: r.id, label: r.name || t('dialogues.registration.erased') }))} />
              )}
              <SubmitButton label={t('dialogues.attendance.save')} variant="secondary" />
            </Form>
          </>
        ) : (
          <p class="kern-body">{p.attendance.map((id) => participantName(t, byId.get(id))).join(', ') || '–'}</p>
        )}
        {waiting.length > 0 && (
          <p class="kern-body">
            {t('dialogues.registration.waitingList')}: {waiting.map((r) => r.name || t('dialogues.registration.erased')).join(', ')}
          </p>
        )}
      </section>

      <section aria-labelledby="mtasks-h">
        <h2 class="kern-heading-medium" id="mtasks-h">
          {t('dialogues.tasks.fromMeeting')}
        </h2>
        <TasksTable
          t={t}
          locale={p.locale}
          caption={t('dialogues.tasks.fromMeeting')}
          tasks={p.tasks}
          today={p.today}
          who={(x) => participantName(t, byId.get(x.participantId))}
          action={p.canContribute ? (x) => <TaskStatusForm t={t} locale={p.locale} task={x} csrfToken={p.csrfToken} action={`/staff/tasks/${x.id}/status`} /> : undefined}
        />
        {p.canManage && (
          <>
            <h3 class="kern-heading-small">{t('dialogues.task.new')}</h3>
            <ErrorSummary form={f('task')} t={t} />
            <Form action={`${base}/tasks`} csrfToken={p.csrfToken}>
              <TextArea name="what" label={t('dialogues.task.title')} t={t} form={f('task')} required rows={2} />
              <SelectField name="participantId" label={t('dialogues.task.who')} t={t} form={f('task')} required placeholder={t('dialogues.choose')} options={p.participants.map((x) => ({ value: x.id, label: participantName(t, x) }))} />
              <TextField name="dueDate" type="date" label={t('dialogues.task.due')} t={t} form={f('task')} required />
              <SelectField name="agendaItemId" label={t('dialogues.task.agendaItem')} t={t} form={f('task')} placeholder={t('dialogues.task.noAgendaItem')} options={p.agenda.map((a) => ({ value: a.id, label: `${a.position}. ${a.title}` }))} />
              <Checkbox name="public" label={t('dialogues.task.public')} hint={t('dialogues.task.publicHint')} t={t} form={f('task')} />
              <SubmitButton label={t('dialogues.task.create')} variant="secondary" />
            </Form>
          </>
        )}
      </section>
    </div>
  );
}

export function MinutesPage(p: ViewBase & { meeting: Meeting; agenda: AgendaItem[]; form: FormState; csrfToken: string }) {
  const { t, form } = p;
  return (
    <div class="q-stack">
      <h1 class="kern-heading-large">{t('dialogues.minutes.heading', { title: p.meeting.title })}</h1>
      <p class="kern-body">{formatDateTime(p.locale, p.meeting.startsAt)}</p>
      <ErrorSummary form={form} t={t} />
      <Form action={`/staff/meetings/${p.meeting.id}/minutes`} csrfToken={p.csrfToken}>
        {p.agenda.map((a) => (
          <fieldset class="kern-fieldset">
            <legend class="kern-label">
              {a.position}. {a.title}
            </legend>
            <div class="kern-fieldset__body">
              <TextArea name={`minutes__${a.id}`} label={t('dialogues.minutes.text', { item: a.title })} hint={t('dialogues.noCaseFiles')} t={t} form={form} value={form.values[`minutes__${a.id}`] ?? a.minutes ?? ''} rows={4} />
              <TextArea name={`decision__${a.id}`} label={t('dialogues.minutes.decisionOn', { item: a.title })} t={t} form={form} value={form.values[`decision__${a.id}`] ?? a.decision ?? ''} rows={2} />
              <Checkbox name={`public__${a.id}`} label={t('dialogues.minutes.public', { item: a.title })} t={t} checked={form.values[`public__${a.id}`] !== undefined ? form.values[`public__${a.id}`] === '1' : a.public} />
            </div>
          </fieldset>
        ))}
        <SubmitButton label={t('dialogues.minutes.save')} />
      </Form>
    </div>
  );
}

export function TasksPage(p: ViewBase & { tasks: Task[]; dialogues: Dialogue[]; who: Map<string, string>; today: string; overdue: boolean; csrfToken: string }) {
  const { t } = p;
  const titleOf = new Map(p.dialogues.map((d) => [d.id, d.title]));
  return (
    <div class="q-stack">
      <h1 class="kern-heading-large">{t('dialogues.tasks.heading')}</h1>
      <div class="q-actions">
        {p.overdue ? <LinkButton href="/staff/dialogues/tasks" label={t('dialogues.tasks.all')} /> : <LinkButton href="/staff/dialogues/tasks?overdue=1" label={t('dialogues.tasks.onlyOverdue')} />}
      </div>
      <Table
        caption={p.overdue ? t('dialogues.tasks.overdueCaption') : t('dialogues.tasks.caption')}
        empty={t('dialogues.tasks.empty')}
        rows={p.tasks}
        columns={[
          { header: t('dialogues.task.title'), cell: (x) => x.title },
          {
            header: t('dialogues.meeting.dialogue'),
            cell: (x) => (
              <a class="kern-link" href={`/staff/dialogues/${x.dialogueId}`}>
                {titleOf.get(x.dialogueId) ?? x.dialogueId}
              </a>
            ),
          },
          { header: t('dialogues.task.who'), cell: (x) => p.who.get(x.participantId) ?? t('dialogues.participant.removed') },
          { header: t('dialogues.task.due'), cell: (x) => (<>{formatDate(p.locale, `${x.dueDate}T12:00:00Z`)}{(x.status === 'open' || x.status === 'in_progress') && x.dueDate < p.today && <strong> · {t('dialogues.task.overdue')}</strong>}</>) },
          { header: t('dialogues.task.status'), cell: (x) => t(`dialogues.taskStatus.${x.status}`) },
        ]}
      />
    </div>
  );
}
