import { fieldErrorsOf } from '../src/forms/problem-fields';

const FIELDS = new Map([
  ['details.title', 'title'],
  ['details.budget', 'budget'],
  ['note', 'note'],
]);

describe('a refusal as messages next to the fields of a form', () => {
  it('maps each error path to its field by the longest matching prefix, in the order the form asks', () => {
    const problem = {
      type: 'x',
      title: 'Invalid',
      status: 400,
      errors: [
        { path: 'note', message: 'Required' },
        { path: 'details.budget.max', message: 'Too large' },
        { path: 'details.title', message: 'Too short' },
      ],
    };
    expect(fieldErrorsOf(problem, 'calls', FIELDS, 'title')).toEqual([
      { field: 'title', key: 'calls.errors.title', detail: 'Too short' },
      { field: 'budget', key: 'calls.errors.budget', detail: 'Too large' },
      { field: 'note', key: 'calls.errors.note', detail: 'Required' },
    ]);
  });

  it('sends what it cannot place to the fallback field once, and keeps a problem without errors', () => {
    const problem = { type: 'x', title: 'Deadline passed', status: 409, errors: [{ path: 'somewhere', message: 'A' }, { path: 'elsewhere', message: 'B' }] };
    expect(fieldErrorsOf(problem, 'calls', FIELDS, 'note')).toEqual([{ field: 'note', key: 'calls.errors.note', detail: 'A' }]);
    expect(fieldErrorsOf({ type: 'x', title: 'Conflict', status: 409 }, 'calls', FIELDS, 'title')).toEqual([{ field: 'title', key: 'calls.errors.title', detail: 'Conflict' }]);
  });
});
