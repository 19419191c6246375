import type { Request } from 'express';
import { CountyPlanContent } from '@csm/contracts';
import { aCountyPlan } from '@csm/testkit';
import { answersFrom, answersOf, findAction, findCountyPillar, findIndicator, findPriority, idFor, itemErrors, pillarChoices, withItem, withoutItem } from '../src/journeys/county-plans/plan-draft';

const plan = CountyPlanContent.parse(aCountyPlan({}, 2024));
const posted = (body: Record<string, unknown>) => ({ body }) as unknown as Request;
const amani = { organizationId: 'amani-youth', name: 'Amani Youth Initiative', type: 'community-based' };

describe('the county plan drafted an item at a time', () => {
  it('finds items by their ids, and names new ones from their titles, unique in the plan', () => {
    expect(findPriority(plan, 'interfaith-dialogue')).toEqual({ pillar: 1, priority: 0 });
    expect(findAction(plan, 'fisheries-cooperatives')).toEqual({ pillar: 2, priority: 0, action: 0 });
    expect(findIndicator(plan, 'mentees-in-work')).toEqual({ pillar: 0, priority: 0, action: 0, indicator: 1 });
    expect(findAction(plan, 'nothing-here')).toBeUndefined();
    expect(idFor(plan, 'Pupils’ counselling — Likoni!')).toBe('pupils-counselling-likoni');
    expect(idFor(plan, 'Forums held')).toBe('forums-held-2');
    expect(idFor(plan, '')).toBe('item');
  });

  it('adds an action as typed (numbers read, verified organisations by id, others by name) under its priority, with no indicator yet', () => {
    const answers = answersOf(
      posted({ title: 'Counselling for pupils', description: '', lead: 'amani-youth', leadName: '', partners: ['amani-youth', 'not-known'], otherPartners: 'County Department of Education\r\n\r\n', from: '2025-Q1', to: '2025-Q4', budgetKes: '2,400,000', sensitive: 'yes' }),
      'action',
    );
    const { plan: next, path } = withItem(plan, 'action', findPriority(plan, 'interfaith-dialogue'), true, answers, [amani]);
    expect(path).toBe('pillars.1.priorities.0.actions.1');
    expect(next.pillars[1]!.priorities[0]!.actions[1]).toEqual({
      id: 'counselling-for-pupils',
      title: 'Counselling for pupils',
      lead: { name: 'Amani Youth Initiative', organizationId: 'amani-youth' },
      partners: [{ name: 'Amani Youth Initiative', organizationId: 'amani-youth' }, { name: 'County Department of Education' }],
      timeframe: { from: '2025-Q1', to: '2025-Q4' },
      budgetKes: 2_400_000,
      sensitive: true,
      indicators: [],
    });
    expect(plan.pillars[1]!.priorities[0]!.actions).toHaveLength(1);
  });

  it('changes an action and keeps its id and indicators; shows an unregistered lead by name', () => {
    const at = findAction(plan, 'imam-pastor-forums')!;
    const answers = answersFrom(plan, 'action', at, [amani]);
    expect(answers.get('lead')).toBe('');
    expect(answers.get('leadName')).toBe('Coast Interfaith Council of Clerics');
    answers.set('budgetKes', '');
    const changed = withItem(plan, 'action', at, false, answers, [amani]).plan.pillars[1]!.priorities[0]!.actions[0]!;
    expect({ id: changed.id, budgetKes: changed.budgetKes, indicators: changed.indicators.map((i) => i.id) }).toEqual({ id: 'imam-pastor-forums', budgetKes: null, indicators: ['forums-held'] });
  });

  it('removes an item with what it holds, and offers only pillars the plan does not have', () => {
    expect(withoutItem(plan, 'pillar', { pillar: 2 }).pillars.map((p) => p.pillarId)).toEqual(['psychosocial', 'faith-based-ideological']);
    expect(withoutItem(plan, 'indicator', findIndicator(plan, 'youth-mentored')!).pillars[0]!.priorities[0]!.actions[0]!.indicators.map((i) => i.id)).toEqual(['mentees-in-work']);
    expect(pillarChoices(plan)).toEqual(['education', 'political', 'security', 'training-capacity-building', 'arts-culture', 'legal-policy', 'media-online']);
    expect(pillarChoices(plan, 'psychosocial')).toContain('psychosocial');
  });

  it('adds, changes and removes a pillar of the county’s own, its id made from its name', () => {
    const answers = answersOf(posted({ name: 'Mining communities', mapsTo: '' }), 'countyPillar');
    const added = withItem(plan, 'countyPillar', undefined, true, answers, []);
    expect(added.path).toBe('countyPillars.1');
    expect(added.plan.countyPillars[1]).toEqual({ id: 'county-mining-communities', name: 'Mining communities' });
    const at = findCountyPillar(added.plan, 'county-mining-communities')!;
    expect(at).toEqual({ pillar: -1, countyPillar: 1 });
    answers.set('mapsTo', 'security');
    expect(withItem(added.plan, 'countyPillar', at, false, answers, []).plan.countyPillars[1]).toEqual({ id: 'county-mining-communities', name: 'Mining communities', mapsTo: 'security' });
    expect(withoutItem(added.plan, 'countyPillar', at).countyPillars.map((p) => p.id)).toEqual(['county-blue-economy']);
    expect(itemErrors({ type: 'x', title: 'x', status: 400, errors: [{ path: 'countyPillars.1.mapsTo', message: 'not a pillar' }] }, 'countyPillar', 'countyPillars.1').map((e) => e.field)).toEqual(['mapsTo']);
  });

  it('puts the service’s errors at the fields of the form sent, in the form’s order', () => {
    const problem = {
      type: 'https://csm.go.ke/problems/validation',
      title: 'The request body is not valid',
      status: 400,
      errors: [
        { path: 'pillars.0.priorities.0.actions.1.budgetKes', message: 'expected number' },
        { path: 'pillars.0.priorities.0.actions.1.timeframe', message: 'the action’s timeframe lies outside the plan’s' },
        { path: 'pillars.0.priorities.0.actions.1.lead', message: 'expected object' },
        { path: 'pillars.0.priorities.0.actions.1.id', message: 'action id x is used twice in the plan' },
      ],
    };
    expect(itemErrors(problem, 'action', 'pillars.0.priorities.0.actions.1').map((e) => [e.field, e.key])).toEqual([
      ['title', 'planDraft.errors.action.title'],
      ['lead', 'planDraft.errors.action.lead'],
      ['from', 'planDraft.errors.action.from'],
      ['budgetKes', 'planDraft.errors.action.budgetKes'],
    ]);
    const details = itemErrors({ ...problem, errors: [{ path: 'pillars.2.pillarId', message: 'not a pillar of nscve-2024' }, { path: 'timeframe.from', message: 'a calendar quarter' }] }, 'details', '');
    expect(details.map((e) => e.field)).toEqual(['taxonomy', 'from']);
  });
});
