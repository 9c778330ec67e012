/** @jsxImportSource hono/jsx */
/** Pieces shared by the staff, participant and public pages of the dialogues module. */
import { formatDate, formatDateTime, type Locale, type Translate } from '../../../platform/i18n';
import { Table } from '../../../platform/ui/components';
import type { QuestionSummary, Stance } from '../dialogues.rules';
import type { InterestMap } from '../dialogues.service';
import type { DialogueEvent, Meeting, NamedParticipant, Task } from '../dialogues.types';

export interface ViewBase {
  t: Translate;
  locale: Locale;
}

export interface Named {
  id: string;
  name: string;
}

export const STANCE_SYMBOL: Record<Stance, string> = { supports: '✓', concerns: '!', neutral: '○' };

export function participantName(t: Translate, p: Pick<NamedParticipant, 'name'> | undefined): string {
  return p?.name ?? t('dialogues.participant.removed');
}

export function PhaseBadge(p: ViewBase & { phase: string }) {
  return <span class="kern-badge kern-badge--info">{p.t(`dialogues.phase.${p.phase}`)}</span>;
}

/** When and where a meeting takes place, in Berlin time. */
export function when(locale: Locale, m: Pick<Meeting, 'startsAt' | 'endsAt'>): string {
  return `${formatDateTime(locale, m.startsAt)} – ${formatDate(locale, m.endsAt, { timeStyle: 'short' })}`;
}

/** The interest map as a table: participants (rows) × questions (columns); stance as symbol and word, note below. */
export function InterestTable(p: ViewBase & { map: InterestMap; id?: string }) {
  const { t, map } = p;
  if (map.questions.length === 0 || map.participants.length === 0) return <p class="kern-body q-empty">{t('dialogues.map.empty')}</p>;
  const stanceOf = (qid: string, pid: string) => map.stances.find((s) => s.questionId === qid && s.participantId === pid);
  return (
    <div class="kern-table-responsive" tabindex={0} role="region" aria-label={t('dialogues.map.caption')} id={p.id}>
      <table class="kern-table">
        <caption class="kern-sr-only">{t('dialogues.map.caption')}</caption>
        <thead class="kern-table__head">
          <tr>
            <th scope="col" class="kern-table__header">
              {t('dialogues.map.participant')}
            </th>
            {map.questions.map((q) => (
              <th scope="col" class="kern-table__header">
                {q.text}
              </th>
            ))}
          </tr>
        </thead>
        <tbody class="kern-table__body">
          {map.participants.map((pt) => (
            <tr>
              <th scope="row" class="kern-table__cell">
                {participantName(t, pt)} <span class="kern-body kern-body--small">({t(`dialogues.logic.${pt.logic}`)})</span>
              </th>
              {map.questions.map((q) => {
                const s = stanceOf(q.id, pt.id);
                return (
                  <td class="kern-table__cell">
                    {s ? (
                      <>
                        <span aria-hidden="true">{STANCE_SYMBOL[s.stance]} </span>
                        {t(`dialogues.stance.${s.stance}`)}
                        {s.note && <div class="kern-body kern-body--small">{s.note}</div>}
                      </>
                    ) : (
                      <span class="kern-body kern-body--small">{t('dialogues.stance.none')}</span>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const COLORS: Record<'supports' | 'concerns' | 'neutral' | 'open', string> = { supports: '#1b7a3a', concerns: '#b34700', neutral: '#6b6b6b', open: '#dcdcdc' };

/**
 * Where interests meet and collide: per question a stacked bar (supports / concerns / neutral / no stance) drawn
 * as SVG (no style attributes), and the same facts as text — the verdict, the counts and the logics on each side.
 */
export function MapSummary(p: ViewBase & { map: InterestMap }) {
  const { t, map } = p;
  if (map.questions.length === 0) return null;
  const total = Math.max(1, map.participants.length);
  const text = (s: QuestionSummary) =>
    t('dialogues.map.counts', { supports: s.supports, concerns: s.concerns, neutral: s.neutral, open: s.open });
  const logics = (ls: string[]) => ls.map((l) => t(`dialogues.logic.${l}`)).join(', ');
  return (
    <section aria-labelledby="map-summary-h">
      <h3 class="kern-heading-small" id="map-summary-h">
        {t('dialogues.map.summary')}
      </h3>
      <ul class="kern-list">
        {map.summary.map((s) => {
          const q = map.questions.find((x) => x.id === s.questionId)!;
          let x = 0;
          const parts = (['supports', 'concerns', 'neutral', 'open'] as const).map((k) => {
            const w = (s[k] / total) * 300;
            const r = { k, x, w };
            x += w;
            return r;
          });
          return (
            <li>
              <p class="kern-body">
                <strong>{q.text}</strong>: {t(`dialogues.verdict.${s.verdict}`)} — {text(s)}
                {s.supportLogics.length > 0 && <> · {t('dialogues.map.supportFrom', { logics: logics(s.supportLogics) })}</>}
                {s.concernLogics.length > 0 && <> · {t('dialogues.map.concernFrom', { logics: logics(s.concernLogics) })}</>}
              </p>
              <svg width="300" height="14" viewBox="0 0 300 14" aria-hidden="true" focusable="false">
                {parts.filter((r) => r.w > 0).map((r) => (
                  <rect x={r.x.toFixed(1)} y="0" width={r.w.toFixed(1)} height="14" fill={COLORS[r.k]} />
                ))}
              </svg>
            </li>
          );
        })}
      </ul>
      <p class="kern-body kern-body--small">{t('dialogues.map.legend')}</p>
    </section>
  );
}

export function MeetingsTable(p: ViewBase & { meetings: Meeting[]; href: (m: Meeting) => string | null; caption: string }) {
  const { t } = p;
  return (
    <Table
      caption={p.caption}
      captionHidden
      empty={t('dialogues.meetings.empty')}
      rows={p.meetings}
      columns={[
        { header: t('dialogues.meeting.when'), cell: (m) => when(p.locale, m) },
        {
          header: t('dialogues.meeting.title'),
          cell: (m) => {
            const h = p.href(m);
            return h ? (
              <a class="kern-link" href={h}>
                {m.title}
              </a>
            ) : (
              m.title
            );
          },
        },
        { header: t('dialogues.meeting.type'), cell: (m) => t(`dialogues.meetingType.${m.type}`) },
        { header: t('dialogues.meeting.place'), cell: (m) => m.place },
        { header: t('dialogues.meeting.status'), cell: (m) => t(`dialogues.meetingStatus.${m.status}`) },
      ]}
    />
  );
}

export function TasksTable(p: ViewBase & { tasks: Task[]; caption: string; who: (t: Task) => string; today: string; action?: (t: Task) => unknown; captionHidden?: boolean }) {
  const { t } = p;
  return (
    <Table
      caption={p.caption}
      captionHidden={p.captionHidden ?? true}
      empty={t('dialogues.tasks.empty')}
      rows={p.tasks}
      columns={[
        { header: t('dialogues.task.title'), cell: (x) => x.title },
        { header: t('dialogues.task.who'), cell: (x) => p.who(x) },
        {
          header: t('dialogues.task.due'),
          cell: (x) => (
            <>
              {formatDate(p.locale, `${x.dueDate}T12:00:00Z`)}
              {(x.status === 'open' || x.status === 'in_progress') && x.dueDate < p.today && <strong> · {t('dialogues.task.overdue')}</strong>}
            </>
          ),
        },
        { header: t('dialogues.task.status'), cell: (x) => t(`dialogues.taskStatus.${x.status}`) },
        ...(p.action ? [{ header: t('dialogues.task.action'), cell: (x: Task) => p.action!(x) as never }] : []),
      ]}
    />
  );
}

function eventText(t: Translate, e: DialogueEvent, locale: Locale): string {
  const d = e.data;
  const s = (k: string) => (typeof d[k] === 'string' ? (d[k] as string) : '');
  switch (e.kind) {
    case 'created':
      return t('dialogues.event.created');
    case 'phase':
      return t('dialogues.event.phase', { phase: t(`dialogues.phase.${s('to')}`) });
    case 'participant':
      return t('dialogues.event.participant', { logic: t(`dialogues.logic.${s('logic')}`) });
    case 'meeting':
      return t('dialogues.event.meeting', { title: s('title'), when: formatDateTime(locale, s('startsAt')) });
    case 'meeting_moved':
      return t('dialogues.event.meetingMoved', { title: s('title'), when: formatDateTime(locale, s('startsAt')) });
    case 'meeting_cancelled':
      return t('dialogues.event.meetingCancelled', { title: s('title'), when: formatDateTime(locale, s('startsAt')) });
    case 'minutes':
      return t('dialogues.event.minutes', { title: s('title') });
    case 'task':
      return t('dialogues.event.task', { title: s('title') });
    case 'task_status':
      return t('dialogues.event.taskStatus', { title: s('title'), status: t(`dialogues.taskStatus.${s('to')}`) });
    case 'concern':
      return t('dialogues.event.concern', { number: s('number') });
    default:
      return e.kind;
  }
}

export function Timeline(p: ViewBase & { events: DialogueEvent[] }) {
  if (p.events.length === 0) return <p class="kern-body q-empty">{p.t('dialogues.timeline.empty')}</p>;
  return (
    <ol class="q-concern-timeline">
      {p.events.map((e) => (
        <li class="q-concern-timeline__item">
          <p class="kern-body kern-body--small">
            <time datetime={e.at}>{formatDateTime(p.locale, e.at)}</time>
          </p>
          <p class="kern-body">
            <strong>{eventText(p.t, e, p.locale)}</strong>
          </p>
          {typeof e.data.note === 'string' && <p class="kern-body q-concern-text">{e.data.note}</p>}
        </li>
      ))}
    </ol>
  );
}
