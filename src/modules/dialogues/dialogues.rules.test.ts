import { describe, expect, it } from 'vitest';
import { canChangePhase, isOverdue, registrationStatus, seatsToFill, summariseMap } from './dialogues.rules';

describe('dialogue rules', () => {
  it('phases move one step forward or back', () => {
    expect(canChangePhase('started', 'clarifying')).toBe(true);
    expect(canChangePhase('clarifying', 'started')).toBe(true);
    expect(canChangePhase('started', 'agreed')).toBe(false);
    expect(canChangePhase('closed', 'closed')).toBe(false);
  });

  it('summarises where interests meet and collide', () => {
    const participants = [
      { id: 'a', logic: 'district' },
      { id: 'b', logic: 'administration' },
      { id: 'c', logic: 'politics' },
    ];
    const s = summariseMap(
      [{ id: 'q1' }, { id: 'q2' }, { id: 'q3' }, { id: 'q4' }],
      participants,
      [
        { questionId: 'q1', participantId: 'a', stance: 'supports' },
        { questionId: 'q1', participantId: 'b', stance: 'supports' },
        { questionId: 'q2', participantId: 'a', stance: 'supports' },
        { questionId: 'q2', participantId: 'b', stance: 'concerns' },
        { questionId: 'q2', participantId: 'c', stance: 'neutral' },
        { questionId: 'q3', participantId: 'c', stance: 'concerns' },
        { questionId: 'q4', participantId: 'x', stance: 'concerns' },
      ],
    );
    expect(s.map((x) => x.verdict)).toEqual(['agreement', 'conflict', 'leaning_against', 'open']);
    expect(s[0]).toMatchObject({ supports: 2, concerns: 0, open: 1, supportLogics: ['administration', 'district'] });
    expect(s[1]).toMatchObject({ supports: 1, concerns: 1, neutral: 1, open: 0, concernLogics: ['administration'] });
  });

  it('fills seats from the waiting list and decides the status of a new registration', () => {
    expect(registrationStatus(2, 1)).toBe('confirmed');
    expect(registrationStatus(2, 2)).toBe('waiting');
    expect(registrationStatus(null, 500)).toBe('confirmed');
    expect(seatsToFill(2, 1, 3)).toBe(1);
    expect(seatsToFill(2, 2, 3)).toBe(0);
    expect(seatsToFill(null, 5, 2)).toBe(2);
  });

  it('a task is overdue after its due day while not done', () => {
    expect(isOverdue({ status: 'open', dueDate: '2026-11-24' }, '2026-11-25')).toBe(true);
    expect(isOverdue({ status: 'open', dueDate: '2026-11-25' }, '2026-11-25')).toBe(false);
    expect(isOverdue({ status: 'done', dueDate: '2026-01-01' }, '2026-11-25')).toBe(false);
  });
});
