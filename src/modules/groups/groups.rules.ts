/**
 * Pure rules of the groups module (no database): stages and their allowed changes, the independence milestones,
 * and the two watch lists — groups close to self-sustaining and groups whose support time is rising.
 * ADR 0010 explains the two watch-list rules; groups.rules.test.ts checks them with hand-computed fixtures.
 */

/** The way of a group: the first five in order, then two off the way. */
export const STAGES = ['idea', 'founded', 'accompanied', 'largely_independent', 'self_sustaining', 'dormant', 'ended'] as const;
export type Stage = (typeof STAGES)[number];
/** The stages on the way to self-sustaining, in order. */
export const PATH: readonly Stage[] = ['idea', 'founded', 'accompanied', 'largely_independent', 'self_sustaining'];

export const MILESTONES = ['own_contact', 'regular_meetings', 'meets_without_staff', 'books_own_room', 'own_funding', 'own_publicity', 'handover_done'] as const;
export type Milestone = (typeof MILESTONES)[number];

/**
 * Allowed stage changes:
 * - on the way: one step forward, or back to any earlier stage (a group may need more support again);
 * - from any stage but 'ended': to 'dormant' (resting) or 'ended';
 * - from 'dormant': back to any stage on the way (revived), or 'ended';
 * - 'ended' is final (a new start is a new group).
 */
export function nextStages(from: Stage): Stage[] {
  if (from === 'ended') return [];
  if (from === 'dormant') return [...PATH, 'ended'];
  const i = PATH.indexOf(from);
  const out: Stage[] = [];
  if (i + 1 < PATH.length) out.push(PATH[i + 1]!);
  out.push(...PATH.slice(0, i).reverse());
  out.push('dormant', 'ended');
  return out;
}

export function canChangeStage(from: Stage, to: Stage): boolean {
  return nextStages(from).includes(to);
}

/** Minimum reached milestones for "close to self-sustaining" (of 7). */
export const CLOSE_MILESTONES = 5;

/**
 * Close to self-sustaining: the group is on its way (not yet self-sustaining, not dormant, not ended) and either has
 * reached stage 'largely_independent' or has reached at least 5 of the 7 independence milestones.
 */
export function isCloseToSelfSustaining(stage: Stage, reachedMilestones: number): boolean {
  if (stage === 'self_sustaining' || stage === 'dormant' || stage === 'ended') return false;
  return stage === 'largely_independent' || reachedMilestones >= CLOSE_MILESTONES;
}

/** 'YYYY-MM' of a calendar date 'YYYY-MM-DD' (or of an ISO instant, read in UTC). */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

/** The month `n` months before (negative: after) 'YYYY-MM'. */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const idx = y * 12 + (m - 1) + n;
  return `${String(Math.floor(idx / 12)).padStart(4, '0')}-${String((idx % 12) + 1).padStart(2, '0')}`;
}

export const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The two windows compared for "support time is rising", given today's date: complete months only. */
export function supportWindows(today: string): { recent: [string, string]; before: [string, string] } {
  const current = monthOf(today);
  return { recent: [addMonths(current, -3), addMonths(current, -1)], before: [addMonths(current, -6), addMonths(current, -4)] };
}

/** Hours added at least for "rising" (so a quarter hour more is no trend). */
export const RISING_MIN_HOURS = 2;
/** Factor at least for "rising": the recent window has 25 % more than the window before. */
export const RISING_FACTOR = 1.25;

/**
 * Support time is rising: over the last three complete months the staff spent at least 2 hours more AND at least
 * 25 % more time on the group than over the three months before (minutes compared exactly: recent ≥ 1.25 × before
 * and recent − before ≥ 120). Groups that ended are not listed.
 */
export function isSupportRising(recentMinutes: number, beforeMinutes: number): boolean {
  return recentMinutes - beforeMinutes >= RISING_MIN_HOURS * 60 && recentMinutes * 4 >= beforeMinutes * 5;
}

/** Hours from a form ("1,5", "2", "0.25") → minutes; null when not a positive multiple of a quarter hour ≤ 200 h. */
export function hoursToMinutes(hours: number): number | null {
  const minutes = Math.round(hours * 60);
  if (!Number.isFinite(hours) || minutes <= 0 || minutes > 200 * 60 || Math.abs(hours * 60 - minutes) > 1e-6 || minutes % 15 !== 0) return null;
  return minutes;
}
