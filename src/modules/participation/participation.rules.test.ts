import { describe, expect, it } from 'vitest';
import { canTransition, checkResponse, csvCell, normaliseEmail, percent, tally, TRANSITIONS, type QuestionDef } from './participation.rules';

const Q: QuestionDef[] = [
  { id: 'a', kind: 'single', prompt: 'A', required: true, options: ['x', 'y'] },
  { id: 'b', kind: 'multiple', prompt: 'B', required: false, options: ['p', 'q', 'r'] },
  { id: 'c', kind: 'rating', prompt: 'C', required: true, options: [] },
  { id: 'd', kind: 'text', prompt: 'D', required: false, options: [] },
];

describe('participation rules', () => {
  it('normalises e-mail addresses to one form', () => {
    expect(normaliseEmail('  Max.Muster@Example.DE ')).toBe('max.muster@example.de');
    expect(normaliseEmail('a\u0308@x.de')).toBe('ä@x.de');
  });

  it('allows only the workflow’s transitions; done is final, not possible can be reopened', () => {
    expect(canTransition('submitted', 'in_review')).toBe(true);
    expect(canTransition('submitted', 'done')).toBe(false);
    expect(TRANSITIONS.done).toEqual([]);
    expect(canTransition('not_possible', 'in_review')).toBe(true);
  });

  it('checks a submission against the questions', () => {
    expect(checkResponse(Q, { q_a: '1', q_b: ['0', '2', '2'], q_c: '5', q_d: '  Hallo ' })).toEqual({
      rows: [
        { questionId: 'a', value: '1' },
        { questionId: 'b', value: '0' },
        { questionId: 'b', value: '2' },
        { questionId: 'c', value: '5' },
        { questionId: 'd', value: 'Hallo' },
      ],
      errors: [],
    });
    const bad = checkResponse(Q, { q_a: ['0', '1'], q_b: '3', q_c: '0' });
    expect(bad.errors.map((e) => e.field)).toEqual(['q_a', 'q_b', 'q_c']);
    expect(checkResponse(Q, {}).errors.map((e) => [e.field, e.key])).toEqual([
      ['q_a', 'participation.error.answerRequired'],
      ['q_c', 'participation.error.answerRequired'],
    ]);
    expect(checkResponse(Q, { q_a: '0', q_c: '3', q_d: 'x'.repeat(2001) }).errors[0]).toMatchObject({ field: 'q_d', key: 'form.error.tooLong' });
  });

  it('tallies counts, percentages of those who answered, and rating averages', () => {
    const rows = [
      { id: '1', responseId: 'r1', questionId: 'a', value: '0', released: false },
      { id: '2', responseId: 'r2', questionId: 'a', value: '0', released: false },
      { id: '3', responseId: 'r3', questionId: 'a', value: '1', released: false },
      { id: '4', responseId: 'r1', questionId: 'b', value: '0', released: false },
      { id: '5', responseId: 'r1', questionId: 'b', value: '1', released: false },
      { id: '6', responseId: 'r1', questionId: 'c', value: '5', released: false },
      { id: '7', responseId: 'r2', questionId: 'c', value: '2', released: false },
      { id: '8', responseId: 'r3', questionId: 'd', value: 'Text', released: true },
    ];
    const [a, b, c, d] = tally(Q, rows);
    expect(a!.options.map((o) => [o.count, o.percent])).toEqual([
      [2, 66.7],
      [1, 33.3],
    ]);
    expect(b!.answered).toBe(1);
    expect(b!.options.map((o) => o.percent)).toEqual([100, 100, 0]);
    expect(c!.average).toBe(3.5);
    expect(c!.options.map((o) => o.count)).toEqual([0, 1, 0, 0, 1]);
    expect(d!.texts).toEqual([{ id: '8', value: 'Text', released: true }]);
    expect(percent(0, 0)).toBe(0);
  });

  it('quotes CSV cells and neutralises formulas', () => {
    expect(csvCell('a"b')).toBe('"a""b"');
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell(null)).toBe('""');
  });
});
