/** @jsxImportSource hono/jsx */
/** Public pages (public dialogues, progress page, public meeting with registration) and the participants' pages. */
import type { Child } from 'hono/jsx';
import { formatDate } from '../../../platform/i18n';
import { Alert, Checkbox, ErrorSummary, Form, SubmitButton, Table, TextField, type FormState } from '../../../platform/ui/components';
import type { InterestMap, publicProgress } from '../dialogues.service';
import type { AgendaItem, Dialogue, Meeting, NamedParticipant, Task } from '../dialogues.types';
import { InterestTable, MapSummary, MeetingsTable, PhaseBadge, TasksTable, Timeline, participantName, when, type Named, type ViewBase } from './common';
import { TaskStatusForm } from './staff';

type Progress = NonNullable<Awaited<ReturnType<typeof publicProgress>>>;

export function PublicListPage(p: ViewBase & { dialogues: Dialogue[]; areas: (Named & { slug: string })[] }) {
  const { t } = p;
  const names = (ids: string[]) => ids.map((id) => p.areas.find((a) => a.id === id)?.name ?? '').filter(Boolean).join(', ');
  return (
    <div class="q-stack">
      <h1 class="kern-heading-large">{t('dialogues.public.heading')}</h1>
      <p class="kern-body">{t('dialogues.public.intro')}</p>
      <Table
        caption={t('dialogues.public.caption')}
        empty={t('dialogues.public.empty')}
        rows={p.dialogues}
        columns={[
          {
            header: t('dialogues.field.title'),
            cell: (d) => (
              <a class="kern-link" href={`/dialogues/${d.id}`}>
                {d.title}
              </a>
            ),
          },
          { header: t('dialogues.field.areas'), cell: (d) => names(d.areaIds) },
          { header: t('dialogues.field.phase'), cell: (d) => <PhaseBadge t={t} locale={p.locale} phase={d.phase} /> },
        ]}
      />
      <h2 class="kern-heading-medium">{t('dialogues.feed.heading')}</h2>
      <ul class="kern-list">
        {p.areas.map((a) => (
          <li>
            <a class="kern-link" href={`/dialogues/calendar/${a.slug}.ics`}>
              {t('dialogues.feed.link', { area: a.name })}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function ProgressPage(p: ViewBase & { progress: Progress; areaNames: string; today: string }) {
  const { t, progress: g } = p;
  const d = g.dialogue;
  const itemsOf = (m: Meeting) => g.agenda.filter((a: AgendaItem) => a.meetingId === m.id);
  return (
    <div class="q-stack">
      <h1 class="kern-heading-large">{d.title}</h1>
      <p>
        <PhaseBadge t={t} locale={p.locale} phase={d.phase} />
      </p>
      <dl class="q-concern-facts">
        <dt>{t('dialogues.field.goal')}</dt>
        <dd>{d.goal}</dd>
        <dt>{t('dialogues.field.areas')}</dt>
        <dd>{p.areaNames || '–'}</dd>
        <dt>{t('dialogues.public.logics')}</dt>
        <dd>{g.logics.map((l) => t(`dialogues.logic.${l}`)).join(', ') || '–'}</dd>
      </dl>
      <section aria-labelledby="outcome-h">
        <h2 class="kern-heading-medium" id="outcome-h">
          {t('dialogues.public.outcome')}
        </h2>
        {d.publicSummary ? <p class="kern-body q-concern-text">{d.publicSummary}</p> : <p class="kern-body q-empty">{t('dialogues.public.noSummary')}</p>}
        <h3 class="kern-heading-small">{t('dialogues.public.decisions')}</h3>
        {g.agenda.filter((a) => a.decision).length === 0 ? (
          <p class="kern-body q-empty">{t('dialogues.public.noDecisions')}</p>
        ) : (
          <ul class="kern-list">
            {g.meetings.flatMap((m) =>
              itemsOf(m)
                .filter((a) => a.decision)
                .map((a) => (
                  <li>
                    <strong>{a.title}</strong> ({formatDate(p.locale, m.startsAt)}): {a.decision}
                  </li>
                )),
            )}
          </ul>
        )}
        <TasksTable t={t} locale={p.locale} caption={t('dialogues.public.tasks')} captionHidden={false} tasks={g.tasks} today={p.today} who={(x) => (x as Task & { responsible: string | null }).responsible ?? t('dialogues.public.someone')} />
      </section>
      <section aria-labelledby="pmeet-h">
        <h2 class="kern-heading-medium" id="pmeet-h">
          {t('dialogues.meetings.heading')}
        </h2>
        <MeetingsTable t={t} locale={p.locale} caption={t('dialogues.meetings.caption')} meetings={g.meetings} href={(m) => `/meetings/${m.id}`} />
        {g.meetings.map((m) =>
          itemsOf(m).some((a) => a.minutes) ? (
            <section aria-label={t('dialogues.public.minutesOf', { title: m.title })}>
              <h3 class="kern-heading-small">{t('dialogues.public.minutesOf', { title: m.title })}</h3>
              <ol class="kern-list">
                {itemsOf(m).map((a) => (
                  <li>
                    <strong>{a.title}</strong>
                    {a.minutes && <p class="kern-body q-concern-text">{a.minutes}</p>}
                  </li>
                ))}
              </ol>
            </section>
          ) : null,
        )}
      </section>
      {g.concerns.length > 0 && (
        <section aria-labelledby="pcon-h">
          <h2 class="kern-heading-medium" id="pcon-h">
            {t('dialogues.concerns.heading')}
          </h2>
          <ul class="kern-list">
            {g.concerns.map((c) => (
              <li>
                <a class="kern-link" href={`/concerns/${c.number}`}>
                  {c.number}
                </a>
                {c.status && ` – ${t(`concerns.status.${c.status}`)}`}
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="ptl-h">
        <h2 class="kern-heading-medium" id="ptl-h">
          {t('dialogues.timeline.heading')}
        </h2>
        <Timeline t={t} locale={p.locale} events={g.events} />
      </section>
    </div>
  );
}

export function PublicMeetingPage(p: ViewBase & { meeting: Meeting; dialogue: Dialogue; agenda: AgendaItem[]; open: boolean; seatsLeft: number | null; form: FormState; csrfToken: string; honeypot: Child }) {
  const { t, meeting: m, form } = p;
  return (
    <div class="q-stack q-narrow">
      <h1 class="kern-heading-large">{m.title}</h1>
      <dl class="q-concern-facts">
        <dt>{t('dialogues.meeting.type')}</dt>
        <dd>{t(`dialogues.meetingType.${m.type}`)}</dd>
        <dt>{t('dialogues.meeting.when')}</dt>
        <dd>{when(p.locale, m)}</dd>
        <dt>{t('dialogues.meeting.place')}</dt>
        <dd>{m.place}</dd>
        <dt>{t('dialogues.meeting.dialogue')}</dt>
        <dd>
          <a class="kern-link" href={`/dialogues/${p.dialogue.id}`}>
            {p.dialogue.title}
          </a>
        </dd>
      </dl>
      {p.agenda.length > 0 && (
        <>
          <h2 class="kern-heading-medium">{t('dialogues.agenda.heading')}</h2>
          <ol class="kern-list">
            {p.agenda.map((a) => (
              <li>{a.title}</li>
            ))}
          </ol>
        </>
      )}
      {p.open ? (
        <section aria-labelledby="reg-h">
          <h2 class="kern-heading-medium" id="reg-h">
            {t('dialogues.registration.heading')}
          </h2>
          <p class="kern-body">{p.seatsLeft === null ? t('dialogues.registration.unlimited') : p.seatsLeft > 0 ? t('dialogues.registration.seatsLeft', { count: p.seatsLeft }) : t('dialogues.registration.full')}</p>
          <ErrorSummary form={form} t={t} />
          <Form action={`/meetings/${m.id}/register`} csrfToken={p.csrfToken}>
            <TextField name="name" label={t('dialogues.registration.name')} t={t} form={form} required autocomplete="name" maxlength={120} />
            <TextField name="email" type="email" label={t('dialogues.registration.email')} hint={t('dialogues.registration.emailHint')} t={t} form={form} required autocomplete="email" />
            <Checkbox name="consent" label={t('dialogues.registration.consent')} t={t} form={form} />
            {p.honeypot}
            <SubmitButton label={t('dialogues.registration.submit')} />
          </Form>
        </section>
      ) : (
        m.registration && <Alert kind="info">{t('dialogues.registration.closed')}</Alert>
      )}
    </div>
  );
}

export function MessagePage(p: ViewBase & { heading: string; text: string; children?: Child }) {
  return (
    <div class="q-stack q-narrow">
      <h1 class="kern-heading-large">{p.heading}</h1>
      <p class="kern-body">{p.text}</p>
      {p.children}
    </div>
  );
}

/* ---------------------------------------------------------------- participants' accounts (/my/dialogues) */

export function MyListPage(p: ViewBase & { dialogues: Dialogue[]; tasks: Task[]; who: Map<string, string>; csrfToken: string; today: string }) {
  const { t } = p;
  return (
    <div class="q-stack">
      <h1 class="kern-heading-large">{t('dialogues.my.heading')}</h1>
      <Table
        caption={t('dialogues.my.dialogues')}
        empty={t('dialogues.my.empty')}
        rows={p.dialogues}
        columns={[
          {
            header: t('dialogues.field.title'),
            cell: (d) => (
              <a class="kern-link" href={`/my/dialogues/${d.id}`}>
                {d.title}
              </a>
            ),
          },
          { header: t('dialogues.field.phase'), cell: (d) => <PhaseBadge t={t} locale={p.locale} phase={d.phase} /> },
        ]}
      />
      <TasksTable
        t={t}
        locale={p.locale}
        caption={t('dialogues.my.tasks')}
        captionHidden={false}
        tasks={p.tasks}
        today={p.today}
        who={(x) => p.who.get(x.participantId) ?? '–'}
        action={(x) => <TaskStatusForm t={t} locale={p.locale} task={x} csrfToken={p.csrfToken} action={`/my/tasks/${x.id}/status`} />}
      />
    </div>
  );
}

export function MyDialoguePage(p: ViewBase & { dialogue: Dialogue; map: InterestMap; meetings: Meeting[]; agenda: AgendaItem[]; tasks: Task[]; participantId: string | null; csrfToken: string; today: string }) {
  const { t, dialogue: d } = p;
  const byId = new Map<string, NamedParticipant>(p.map.participants.map((x) => [x.id, x]));
  return (
    <div class="q-stack">
      <h1 class="kern-heading-large">{d.title}</h1>
      <p>
        <PhaseBadge t={t} locale={p.locale} phase={d.phase} />
      </p>
      <p class="kern-body">{d.goal}</p>
      <section aria-labelledby="my-map-h">
        <h2 class="kern-heading-medium" id="my-map-h">
          {t('dialogues.map.heading')}
        </h2>
        <InterestTable t={t} locale={p.locale} map={p.map} />
        <MapSummary t={t} locale={p.locale} map={p.map} />
      </section>
      <section aria-labelledby="my-meet-h">
        <h2 class="kern-heading-medium" id="my-meet-h">
          {t('dialogues.meetings.heading')}
        </h2>
        <MeetingsTable t={t} locale={p.locale} caption={t('dialogues.meetings.caption')} meetings={p.meetings} href={() => null} />
        {p.meetings.map((m) => {
          const items = p.agenda.filter((a) => a.meetingId === m.id && (a.minutes || a.decision));
          return items.length ? (
            <section aria-label={t('dialogues.public.minutesOf', { title: m.title })}>
              <h3 class="kern-heading-small">{t('dialogues.public.minutesOf', { title: m.title })}</h3>
              <ol class="kern-list">
                {items.map((a) => (
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
            </section>
          ) : null;
        })}
      </section>
      <section aria-labelledby="my-tasks-h">
        <h2 class="kern-heading-medium" id="my-tasks-h">
          {t('dialogues.tasks.heading')}
        </h2>
        <TasksTable
          t={t}
          locale={p.locale}
          caption={t('dialogues.tasks.caption')}
          tasks={p.tasks}
          today={p.today}
          who={(x) => participantName(t, byId.get(x.participantId))}
          action={(x) => (x.participantId === p.participantId ? <TaskStatusForm t={t} locale={p.locale} task={x} csrfToken={p.csrfToken} action={`/my/tasks/${x.id}/status`} /> : '–')}
        />
      </section>
    </div>
  );
}
