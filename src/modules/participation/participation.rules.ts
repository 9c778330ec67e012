/**
 * Pure rules of the participation module: proposal statuses and their transitions, e-mail normalisation, report
 * reasons, survey answers (checking a submission against its questions) and results (counts and percentages).
 */
import type { FieldError } from '../../platform/errors';

export const STATUSES = ['submitted', 'in_review', 'accepted', 'in_implementation', 'done', 'not_possible'] as const;
export type ProposalStatus = (typeof STATUSES)[number];

/** Where a proposal may go from each status (staff). "not possible" needs a public answer; it can be reopened. */
export const TRANSITIONS: Record<ProposalStatus, readonly ProposalStatus[]> = {
  submitted: ['in_review', 'accepted', 'not_possible'],
  in_review: ['accepted', 'not_possible'],
  accepted: ['in_implementation', 'not_possible'],
  in_implementation: ['done', 'not_possible'],
  done: [],
  not_possible: ['in_review'],
};

export function canTransition(from: ProposalStatus, to: ProposalStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Statuses whose change needs a public answer from staff. */
export function answerRequired(to: ProposalStatus): boolean {
  return to === 'not_possible';
}

/** Open proposals (listed for the portal's area page). */
export const OPEN_STATUSES: readonly ProposalStatus[] = ['submitted', 'in_review', 'accepted', 'in_implementation'];

/**
 * The one form of an e-mail address used for "one support per e-mail": trimmed, Unicode-normalised (NFC) and
 * lower-cased as a whole (providers treat the local part case-insensitively in practice).
 */
export function normaliseEmail(email: string): string {
  return email.normalize('NFC').trim().toLowerCase();
}

export const REPORT_REASONS = ['spam', 'insult', 'discrimination', 'personal_data', 'off_topic', 'other'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

export const QUESTION_KINDS = ['single', 'multiple', 'text', 'rating'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

export const SURVEY_STATUSES = ['draft', 'open', 'closed'] as const;
export type SurveyStatus = (typeof SURVEY_STATUSES)[number];
export const SURVEY_TRANSITIONS: Record<SurveyStatus, readonly SurveyStatus[]> = { draft: ['open'], open: ['closed'], closed: [] };

export interface QuestionDef {
  id: string;
  kind: QuestionKind;
  prompt: string;
  required: boolean;
  options: string[];
}

/** Days a confirmation link stays valid; a withdrawal link (in the confirmation e-mail) a year. */
export const CONFIRM_DAYS = 7;
export const WITHDRAW_DAYS = 365;
export const TEXT_MAX = 2000;

/**
 * Checks a submission (form values keyed `q_<question id>`) against the survey's questions. Returns the values to
 * store (one per row; options as their index, ratings 1–5, trimmed text) and field errors.
 */
export function checkResponse(questions: QuestionDef[], values: Record<string, unknown>): { rows: { questionId: string; value: string }[]; errors: FieldError[] } {
  const rows: { questionId: string; value: string }[] = [];
  const errors: FieldError[] = [];
  for (const q of questions) {
    const field = `q_${q.id}`;
    const raw = values[field];
    const list = (Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw]).map((v) => String(v).trim()).filter((v) => v !== '');
    if (list.length === 0) {
      if (q.required) errors.push({ field, key: q.kind === 'text' ? 'form.error.required' : 'participation.error.answerRequired' });
      continue;
    }
    if (q.kind === 'text') {
      const text = list.join('\n');
      if (text.length > TEXT_MAX) errors.push({ field, key: 'form.error.tooLong', params: { max: TEXT_MAX } });
      else rows.push({ questionId: q.id, value: text });
      continue;
    }
    if (q.kind === 'rating') {
      const n = Number(list[0]);
      if (list.length !== 1 || !Number.isInteger(n) || n < 1 || n > 5) errors.push({ field, key: 'participation.error.rating' });
      else rows.push({ questionId: q.id, value: String(n) });
      continue;
    }
    const idx = [...new Set(list)].map(Number);
    if (idx.some((i) => !Number.isInteger(i) || i < 0 || i >= q.options.length) || (q.kind === 'single' && idx.length > 1)) {
      errors.push({ field, key: 'form.error.choose' });
      continue;
    }
    for (const i of idx) rows.push({ questionId: q.id, value: String(i) });
  }
  return { rows, errors };
}

export interface OptionResult {
  label: string;
  count: number;
  /** Share of the respondents who answered this question, 0–100, one decimal. */
  percent: number;
}
export interface QuestionResult {
  question: QuestionDef;
  /** Respondents who answered this question. */
  answered: number;
  options: OptionResult[];
  /** Rating: the average (one decimal), null without answers. */
  average: number | null;
  /** Free text: the answers (filtered by the caller: released only for the public). */
  texts: { id: string; value: string; released: boolean }[];
}

export function percent(count: number, of: number): number {
  return of === 0 ? 0 : Math.round((count / of) * 1000) / 10;
}

/** Counts and percentages per question from the stored answer rows. */
export function tally(questions: QuestionDef[], answers: { id: string; responseId: string; questionId: string; value: string; released: boolean }[]): QuestionResult[] {
  return questions.map((q) => {
    const mine = answers.filter((a) => a.questionId === q.id);
    const answered = new Set(mine.map((a) => a.responseId)).size;
    if (q.kind === 'text') return { question: q, answered, options: [], average: null, texts: mine.map((a) => ({ id: a.id, value: a.value, released: a.released })) };
    const labels = q.kind === 'rating' ? ['1', '2', '3', '4', '5'] : q.options;
    const counts = labels.map(() => 0);
    for (const a of mine) {
      const i = q.kind === 'rating' ? Number(a.value) - 1 : Number(a.value);
      if (i >= 0 && i < counts.length) counts[i]! += 1;
    }
    const average = q.kind === 'rating' && answered > 0 ? Math.round((mine.reduce((s, a) => s + Number(a.value), 0) / answered) * 10) / 10 : null;
    return { question: q, answered, options: labels.map((label, i) => ({ label, count: counts[i]!, percent: percent(counts[i]!, answered) })), average, texts: [] };
  });
}

/** A CSV cell: quoted, and a leading formula character neutralised (spreadsheet injection). */
export function csvCell(v: unknown): string {
  let s = v === null || v === undefined ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}

export function csvLine(cells: unknown[]): string {
  return `${cells.map(csvCell).join(';')}\r\n`;
}
