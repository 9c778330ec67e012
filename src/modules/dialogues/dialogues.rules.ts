/**
 * Rules of the dialogues module without I/O: phases and their order, meeting types, stances, the interest-map
 * summary (where interests meet and collide), waiting-list arithmetic and overdue tasks.
 */

export const PHASES = ['started', 'clarifying', 'developing', 'agreed', 'implementing', 'closed'] as const;
export type Phase = (typeof PHASES)[number];

export const MEETING_TYPES = ['district_conference', 'round_table', 'working_group', 'residents_assembly'] as const;
export type MeetingType = (typeof MEETING_TYPES)[number];

export const STANCES = ['supports', 'concerns', 'neutral'] as const;
export type Stance = (typeof STANCES)[number];

export const TASK_STATUSES = ['open', 'in_progress', 'done', 'dropped'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const PARTICIPANT_KINDS = ['organisation', 'person'] as const;
export type ParticipantKind = (typeof PARTICIPANT_KINDS)[number];

/** Phases move forward one step at a time, or back one step (a dialogue may need to re-open a question). */
export function canChangePhase(from: Phase, to: Phase): boolean {
  const a = PHASES.indexOf(from);
  const b = PHASES.indexOf(to);
  return Math.abs(a - b) === 1;
}

export interface QuestionSummary {
  questionId: string;
  supports: number;
  concerns: number;
  neutral: number;
  /** Participants who have not stated a stance on this question. */
  open: number;
  /** Logics (district, administration, …) among the supporters and among those with concerns. */
  supportLogics: string[];
  concernLogics: string[];
  /** agreement: everyone who stated a stance supports (at least two); conflict: supports and concerns both present;
   * open: too few stances to say; mixed: supports with neutral only or concerns with neutral only. */
  verdict: 'agreement' | 'conflict' | 'open' | 'leaning_for' | 'leaning_against';
}

/**
 * Summarises the interest map per question: how many support / have concerns / are neutral, from which logics,
 * and whether interests meet (agreement) or collide (conflict).
 */
export function summariseMap(
  questions: { id: string }[],
  participants: { id: string; logic: string }[],
  stances: { questionId: string; participantId: string; stance: Stance }[],
): QuestionSummary[] {
  const logicOf = new Map(participants.map((p) => [p.id, p.logic]));
  return questions.map((q) => {
    const mine = stances.filter((s) => s.questionId === q.id && logicOf.has(s.participantId));
    const count = (k: Stance) => mine.filter((s) => s.stance === k).length;
    const supports = count('supports');
    const concerns = count('concerns');
    const neutral = count('neutral');
    const logicsOf = (k: Stance) => [...new Set(mine.filter((s) => s.stance === k).map((s) => logicOf.get(s.participantId)!))].sort();
    let verdict: QuestionSummary['verdict'];
    if (supports > 0 && concerns > 0) verdict = 'conflict';
    else if (supports >= 2 && neutral === 0) verdict = 'agreement';
    else if (supports > 0) verdict = 'leaning_for';
    else if (concerns > 0) verdict = 'leaning_against';
    else verdict = 'open';
    return { questionId: q.id, supports, concerns, neutral, open: participants.length - mine.length, supportLogics: logicsOf('supports'), concernLogics: logicsOf('concerns'), verdict };
  });
}

/** Status of a new registration: confirmed while seats are free (no capacity = unlimited), else the waiting list. */
export function registrationStatus(capacity: number | null, confirmed: number): 'confirmed' | 'waiting' {
  return capacity === null || confirmed < capacity ? 'confirmed' : 'waiting';
}

/** How many from the waiting list move up when seats are free. */
export function seatsToFill(capacity: number | null, confirmed: number, waiting: number): number {
  if (waiting === 0) return 0;
  if (capacity === null) return waiting;
  return Math.max(0, Math.min(waiting, capacity - confirmed));
}

/** A task is overdue when it is still open or in progress after its due day (YYYY-MM-DD, Berlin calendar). */
export function isOverdue(task: { status: TaskStatus; dueDate: string }, today: string): boolean {
  return (task.status === 'open' || task.status === 'in_progress') && task.dueDate < today;
}
