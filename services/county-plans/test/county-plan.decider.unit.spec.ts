import type { CountyPlanEvent } from '@csm/contracts';
import { deciderSpec } from '@csm/eventing/testkit';
import { countyPlanDecider } from '../src/domain/county-plan.decider';
import type { CountyPlanCommand } from '../src/domain/county-plan';
import { at, plan } from './builders';

const { given } = deciderSpec(countyPlanDecider);
const countyCode = '001' as const;
const NOW = '2026-01-10T09:00:00.000Z';
const cmd = (type: CountyPlanCommand['type'], data: object = {}) => ({ type, data: { countyCode, ...data }, metadata: at(NOW) }) as CountyPlanCommand;
const ev = (type: CountyPlanEvent['type'], version: number, data: object = {}) => ({ type, version: 1, data: { countyCode, version, ...data } }) as CountyPlanEvent;

const drafted = ev('CountyPlanDrafted', 1, { plan: plan() });
const submitted = ev('CountyPlanSubmitted', 1);
const endorsed = ev('CountyPlanEndorsed', 1);
const REVIEW = { noIndividuals: true, sensitiveMarked: true, smallCountsSuppressed: true, noStigma: true, note: 'Returnee work marked sensitive.' };
/** The review as recorded: the items confirmed, the note, who (the command's actor) and when. */
const RECORDED = { confirmed: ['noIndividuals', 'sensitiveMarked', 'smallCountsSuppressed', 'noStigma'], note: 'Returnee work marked sensitive.', reviewedBy: 'officer-1', reviewedAt: NOW };
const published = [ev('CountyPlanApproved', 1, { sensitivityReview: RECORDED }), ev('CountyPlanPublished', 1)];
const REASONS = ['The budget of the forums is not costed.'];

describe('county plan decider', () => {
  it('drafts version 1 of a county’s first plan', () => given([]).when(cmd('DraftCountyPlan', { plan: plan() })).then([drafted]));

  it('amends and submits a draft, and a returned version', () => {
    given([drafted]).when(cmd('AmendCountyPlanDraft', { version: 1, plan: plan({ title: 'Mombasa CAP, second draft' }) })).then([ev('CountyPlanDraftAmended', 1, { plan: plan({ title: 'Mombasa CAP, second draft' }) })]);
    given([drafted]).when(cmd('SubmitCountyPlan', { version: 1 })).then([submitted]);
    const returned = ev('CountyPlanReturned', 1, { level: 'county-secretariat', reasons: REASONS });
    given([drafted, submitted, returned]).when(cmd('SubmitCountyPlan', { version: 1 })).then([submitted]);
  });

  it('drafts a plan an item at a time, but submits only a complete one', () => {
    const empty = { ...plan(), pillars: [{ pillarId: plan().pillars[0]!.pillarId, priorities: [] }] };
    const incomplete = ev('CountyPlanDrafted', 1, { plan: empty });
    given([]).when(cmd('DraftCountyPlan', { plan: empty })).then([incomplete]);
    given([incomplete]).when(cmd('SubmitCountyPlan', { version: 1 })).thenThrows('county-plan.incomplete');
    given([incomplete, ev('CountyPlanDraftAmended', 1, { plan: plan() })]).when(cmd('SubmitCountyPlan', { version: 1 })).then([submitted]);
  });

  it('refuses to submit a version twice, or one that does not exist', () => {
    given([drafted, submitted]).when(cmd('SubmitCountyPlan', { version: 1 })).thenThrows('county-plan.not-draft');
    given([drafted]).when(cmd('SubmitCountyPlan', { version: 2 })).thenThrows('county-plan.version-not-found');
  });

  it('the secretariat endorses a submitted version, or returns it with reasons', () => {
    given([drafted, submitted]).when(cmd('ReviewCountyPlan', { version: 1, decision: 'endorse' })).then([endorsed]);
    given([drafted, submitted]).when(cmd('ReviewCountyPlan', { version: 1, decision: 'return', reasons: REASONS })).then([ev('CountyPlanReturned', 1, { level: 'county-secretariat', reasons: REASONS })]);
    given([drafted]).when(cmd('ReviewCountyPlan', { version: 1, decision: 'endorse' })).thenThrows('county-plan.not-submitted');
  });

  it('the NCTC approves and publishes only an endorsed version, or returns it', () => {
    given([drafted, submitted]).when(cmd('DecideCountyPlan', { version: 1, decision: 'approve', sensitivityReview: REVIEW })).thenThrows('county-plan.not-endorsed');
    given([drafted, submitted, endorsed]).when(cmd('DecideCountyPlan', { version: 1, decision: 'approve', sensitivityReview: REVIEW })).then(published);
    given([drafted, submitted, endorsed]).when(cmd('DecideCountyPlan', { version: 1, decision: 'return', reasons: REASONS })).then([ev('CountyPlanReturned', 1, { level: 'nctc', reasons: REASONS })]);
  });

  it('publishes only with the sensitivity review, every item of its checklist confirmed', () => {
    given([drafted, submitted, endorsed]).when(cmd('DecideCountyPlan', { version: 1, decision: 'approve' })).thenThrows('sensitivity-review.incomplete');
    given([drafted, submitted, endorsed]).when(cmd('DecideCountyPlan', { version: 1, decision: 'approve', sensitivityReview: { ...REVIEW, noStigma: false } })).thenThrows('sensitivity-review.incomplete');
  });

  it('never edits a published version: a revision is a new version that supersedes it when published', () => {
    const history = [drafted, submitted, endorsed, ...published];
    given(history).when(cmd('AmendCountyPlanDraft', { version: 1, plan: plan() })).thenThrows('county-plan.version-published');
    given(history).when(cmd('DraftCountyPlan', { plan: plan() })).then([ev('CountyPlanDrafted', 2, { plan: plan() })]);
    const second = [ev('CountyPlanDrafted', 2, { plan: plan() }), ev('CountyPlanSubmitted', 2), ev('CountyPlanEndorsed', 2)];
    given([...history, ...second]).when(cmd('DecideCountyPlan', { version: 2, decision: 'approve', sensitivityReview: REVIEW })).then([ev('CountyPlanApproved', 2, { sensitivityReview: RECORDED }), ev('CountyPlanPublished', 2, { supersedes: 1 })]);
  });

  it('refuses a new version while one is being worked on', () =>
    given([drafted, submitted]).when(cmd('DraftCountyPlan', { plan: plan() })).thenThrows('county-plan.version-in-progress'));
});
