import { scoreSheetErrors, scoresToSend } from '../src/journeys/review/score-sheet-form';

describe('the reviewer’s score sheet form', () => {
  const entered = [
    { criterionId: 'relevance', score: '11', comment: 'Strong' },
    { criterionId: 'feasibility', score: '', comment: '' },
    { criterionId: 'value', score: 'abc', comment: '' },
  ];

  it('sends what was typed, leaving out a criterion left blank', () => {
    expect(scoresToSend(entered)).toEqual([
      { criterionId: 'relevance', score: 11, comment: 'Strong' },
      { criterionId: 'value', score: 'abc', comment: '' },
    ]);
  });

  it('puts a validation error on the field its path names, by the position in what was sent', () => {
    const problem = { type: 'https://csm.go.ke/problems/validation', title: 'invalid', status: 400, errors: [{ path: 'scores.1.score', message: 'expected number' }, { path: 'scores.1.comment', message: 'too short' }] };
    expect(scoreSheetErrors(problem, entered, 10).map((e) => [e.field, e.key])).toEqual([
      ['score-value', 'review.errors.score'],
      ['comment-value', 'review.errors.comment'],
    ]);
  });

  it('puts the service’s "out of the scale" on each score beyond the scale, and "incomplete" on each criterion not scored', () => {
    const outOfScale = { type: 'https://csm.go.ke/problems/proposal.score-out-of-scale', title: 'Scores run from 0 to 10', status: 422 };
    expect(scoreSheetErrors(outOfScale, entered, 10).map((e) => e.field)).toEqual(['score-relevance']);
    const incomplete = { type: 'https://csm.go.ke/problems/proposal.score-sheet-incomplete', title: 'Score every criterion', status: 422 };
    expect(scoreSheetErrors(incomplete, entered, 10).map((e) => [e.field, e.key])).toEqual([['score-feasibility', 'review.errors.missingScore']]);
  });

  it('asks for at least one score when nothing was typed', () => {
    const blank = [{ criterionId: 'relevance', score: '', comment: '' }];
    const problem = { type: 'https://csm.go.ke/problems/validation', title: 'invalid', status: 400, errors: [{ path: 'scores', message: 'Too small' }] };
    expect(scoreSheetErrors(problem, blank, 10).map((e) => [e.field, e.key])).toEqual([['sheet', 'review.errors.emptySheet']]);
  });
});
