/** The groups module's rules, with hand-computed fixtures (see ADR 0010 for the two watch-list rules). */
import { describe, expect, it } from 'vitest';
import { addMonths, canChangeStage, hoursToMinutes, isCloseToSelfSustaining, isSupportRising, nextStages, supportWindows } from './groups.rules';

describe('stage changes', () => {
  it('goes one step forward, back to any earlier stage, or off the way', () => {
    expect(nextStages('idea')).toEqual(['founded', 'dormant', 'ended']);
    expect(nextStages('accompanied')).toEqual(['largely_independent', 'founded', 'idea', 'dormant', 'ended']);
    expect(nextStages('self_sustaining')).toEqual(['largely_independent', 'accompanied', 'founded', 'idea', 'dormant', 'ended']);
    expect(canChangeStage('idea', 'accompanied')).toBe(false); // no skipping
    expect(canChangeStage('founded', 'founded')).toBe(false);
  });
  it('revives a dormant group to any stage on the way; ended is final', () => {
    expect(nextStages('dormant')).toEqual(['idea', 'founded', 'accompanied', 'largely_independent', 'self_sustaining', 'ended']);
    expect(nextStages('ended')).toEqual([]);
    expect(canChangeStage('ended', 'idea')).toBe(false);
  });
});

describe('close to self-sustaining', () => {
  it('is largely independent, or has at least 5 of 7 milestones, and is still on the way', () => {
    expect(isCloseToSelfSustaining('largely_independent', 0)).toBe(true);
    expect(isCloseToSelfSustaining('accompanied', 5)).toBe(true);
    expect(isCloseToSelfSustaining('accompanied', 4)).toBe(false);
    expect(isCloseToSelfSustaining('idea', 7)).toBe(true);
    expect(isCloseToSelfSustaining('self_sustaining', 7)).toBe(false);
    expect(isCloseToSelfSustaining('dormant', 6)).toBe(false);
    expect(isCloseToSelfSustaining('ended', 7)).toBe(false);
  });
});

describe('support time rising', () => {
  it('compares the last three complete months with the three before', () => {
    expect(supportWindows('2026-11-25')).toEqual({ recent: ['2026-08', '2026-10'], before: ['2026-05', '2026-07'] });
    expect(supportWindows('2026-02-01')).toEqual({ recent: ['2025-11', '2026-01'], before: ['2025-08', '2025-10'] });
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2025-12', 1)).toBe('2026-01');
  });
  it('needs both +2 hours and +25 % (hand-computed)', () => {
    // 10 h → 12.5 h: +2.5 h and exactly +25 % → rising.
    expect(isSupportRising(750, 600)).toBe(true);
    // 10 h → 12 h: +2 h but only +20 % → not rising.
    expect(isSupportRising(720, 600)).toBe(false);
    // 4 h → 5.75 h: +43.75 % but only +1.75 h → not rising.
    expect(isSupportRising(345, 240)).toBe(false);
    // 0 h → 2 h: new support of 2 h → rising; 0 → 1.75 h → not.
    expect(isSupportRising(120, 0)).toBe(true);
    expect(isSupportRising(105, 0)).toBe(false);
    // falling
    expect(isSupportRising(300, 600)).toBe(false);
  });
});

describe('hours', () => {
  it('accepts quarter hours from 0.25 to 200', () => {
    expect(hoursToMinutes(1.5)).toBe(90);
    expect(hoursToMinutes(0.25)).toBe(15);
    expect(hoursToMinutes(200)).toBe(12000);
    expect(hoursToMinutes(0)).toBeNull();
    expect(hoursToMinutes(0.1)).toBeNull();
    expect(hoursToMinutes(200.25)).toBeNull();
    expect(hoursToMinutes(-1)).toBeNull();
  });
});
