import type { CriterionScore, FullProposal, LegalEthicalItem, ProposalEvent } from '@csm/contracts';
import { deciderSpec } from '@csm/eventing/testkit';
import { proposalDecider } from '../src/domain/proposal.decider';
import type { AssessmentFrame, ProposalCommand } from '../src/domain/proposal';
import { aCall, at } from './call-builders';

/** The assessment rules, command by command, without I/O. */
const { given } = deciderSpec(proposalDecider);
const proposalId = 'coastal-youth.amani-youth';
const BEFORE_FULL_DEADLINE = '2027-02-10T09:00:00.000Z';
const FULL_DEADLINE = '2027-03-01T12:00:00.000Z';
const AFTER = '2027-03-05T09:00:00.000Z';
const call = aCall();
const frame: AssessmentFrame = {
  criteria: call.criteria,
  scoreScale: 10,
  reviewers: ['reviewer', 'reviewer2', 'reviewer3'],
  appealWindowDays: 7,
  call: { eligibleTypes: call.eligibleTypes, targetCounties: call.targetCounties, pillars: call.pillars, budget: call.budget },
};
const applicant = { organizationId: 'amani-youth', verified: true, type: 'community-based' };
const fullProposal: FullProposal = {
  title: 'Mentors for Likoni',
  summary: 'Peer mentorship and vocational training for 300 young people at risk of recruitment in Likoni and Kisauni.',
  counties: ['001'],
  pillars: ['psychosocial'],
  budget: { currency: 'KES', lines: [{ description: 'Mentors stipends', category: 'personnel', amount: 3_000_000 }, { description: 'Training kits', category: 'equipment', amount: 1_000_000 }] },
  beneficiaries: { description: 'Young people aged 15 to 24 in Likoni', directCount: 300, groups: ['youth'] },
  partners: [{ name: 'Likoni Youth Polytechnic', role: 'Vocational training' }],
  risks: [{ risk: 'Participants stigmatised as suspects', likelihood: 'medium', mitigation: 'Open enrolment, no labelling' }],
  safeguardingPlan: 'Vetted mentors, two-adult rule, a named safeguarding focal person and a referral pathway to the county children officer.',
  durationMonths: 18,
};
/** Events that name people carry member ids since v2; in decider tests any string stands for one. */
const V2_TYPES = new Set<string>(['ConflictOfInterestDeclared', 'ReviewerRecused', 'ScoreSheetSaved', 'ScoreSheetLocked', 'LegalEthicalCheckRecorded', 'AppealDecided', 'DirectPartnershipOpened']);
const e = <T extends ProposalEvent['type']>(type: T, data: Omit<Extract<ProposalEvent, { type: T }>['data'], 'proposalId'>): ProposalEvent =>
  ({ type, version: V2_TYPES.has(type) ? 2 : 1, data: { proposalId, ...data } }) as ProposalEvent;
const cmd = (type: ProposalCommand['type'], data: Record<string, unknown>, now = AFTER): ProposalCommand => ({ type, data: { proposalId, ...data }, metadata: at(now) }) as ProposalCommand;

const shortlisted = [
  e('ConceptNoteSubmitted', { callId: 'coastal-youth', organizationId: 'amani-youth', conceptNote: { title: 'Mentors', summary: 'x'.repeat(60), counties: ['001'], pillars: ['psychosocial'], requestedBudget: { currency: 'KES', amount: 4_000_000 }, durationMonths: 18 } }),
  e('ConceptNoteShortlisted', {}),
  e('FullProposalInvited', { deadline: FULL_DEADLINE }),
];
const submitted = [...shortlisted, e('FullProposalSubmitted', { fullProposal })];
const checksPassed = [
  { check: 'organization-type', passed: true, reason: 'community-based is an eligible type' },
  { check: 'registration-status', passed: true, reason: 'The organisation is verified' },
  { check: 'county-pillar-fit', passed: true, reason: 'Counties within the call; pillars psychosocial' },
  { check: 'completeness', passed: true, reason: 'Budget (4000000 KES in 2 lines), beneficiaries, risks and safeguarding plan present' },
] as const;
const eligible = [...submitted, e('ProposalScreened', { outcome: 'eligible', checks: [...checksPassed] })];
const scores = (relevance: number, feasibility: number, harm: number): CriterionScore[] => [
  { criterionId: 'relevance', score: relevance, comment: 'Fits the plan' },
  { criterionId: 'feasibility', score: feasibility, comment: 'Costed' },
  { criterionId: 'do-no-harm', score: harm, comment: 'Careful' },
];
const declared = (reviewer: string) => e('ConflictOfInterestDeclared', { reviewer, conflict: false });
const items = (failed: string[] = []): LegalEthicalItem[] =>
  (['do-no-harm', 'human-rights-legality', 'data-protection', 'child-safeguarding', 'gender-inclusion'] as const).map((item) => ({ item, score: failed.includes(item) ? 0 : 3, passed: !failed.includes(item), note: 'Reviewed' }));
const MANDATORY = ['do-no-harm', 'human-rights-legality', 'data-protection', 'child-safeguarding'];
const body = { kind: 'gcerf', name: 'GCERF Country Support Mechanism', id: 'gcerf' } as const;
const locked = (reviewer: string, weightedScore: number) => e('ScoreSheetLocked', { reviewer, scores: scores(8, 7, 9), weightedScore });
const scoredByAll = [...eligible, declared('reviewer'), declared('reviewer2'), e('ConflictOfInterestDeclared', { reviewer: 'reviewer3', conflict: true, details: 'Board member' }), e('ReviewerRecused', { reviewer: 'reviewer3', reason: 'declared' }), locked('reviewer', 79.5), locked('reviewer2', 60)];

describe('full proposals and information requests', () => {
  it('takes a full proposal from a shortlisted applicant before its deadline, and locks it after', () => {
    given(shortlisted).when(cmd('SubmitFullProposal', { fullProposal, frame }, BEFORE_FULL_DEADLINE)).then([e('FullProposalSubmitted', { fullProposal })]);
    given(shortlisted).when(cmd('SubmitFullProposal', { fullProposal, frame }, AFTER)).thenThrows('proposal.deadline-passed');
    given(submitted).when(cmd('AmendFullProposal', { fullProposal, frame }, AFTER)).thenThrows('proposal.deadline-passed');
  });
  it('refuses at submission a budget or counties the call cannot take', () => {
    const tooMuch = { ...fullProposal, budget: { currency: 'KES' as const, lines: [{ description: 'Everything', category: 'other' as const, amount: 20_000_000 }] } };
    given(shortlisted).when(cmd('SubmitFullProposal', { fullProposal: tooMuch, frame }, BEFORE_FULL_DEADLINE)).thenThrows('proposal.budget-out-of-range');
    given(shortlisted).when(cmd('SubmitFullProposal', { fullProposal: { ...fullProposal, counties: ['047'] }, frame }, BEFORE_FULL_DEADLINE)).thenThrows('proposal.outside-call-scope');
  });
  it('reopens exactly this submission until the new date', () => {
    const request = e('InformationRequested', { message: 'Please detail the mentor vetting', until: '2027-03-10T12:00:00.000Z' });
    given(submitted).when(cmd('RequestInformation', { message: 'Please detail the mentor vetting', until: '2027-03-10T12:00:00.000Z' })).then([request]);
    given([...submitted, request]).when(cmd('AmendFullProposal', { fullProposal, frame }, AFTER)).then([e('FullProposalAmended', { fullProposal })]);
    given([...submitted, request]).when(cmd('AmendFullProposal', { fullProposal, frame }, '2027-03-11T00:00:00.000Z')).thenThrows('proposal.deadline-passed');
    given([...submitted, request]).when(cmd('ScreenProposal', { frame, applicant }, AFTER)).thenThrows('proposal.still-open');
  });
});

describe('screening', () => {
  it('records every check with its reason', () => given(submitted).when(cmd('ScreenProposal', { frame, applicant })).then([e('ProposalScreened', { outcome: 'eligible', checks: [...checksPassed] })]));
  it('screens out, with the reasons, an applicant no longer verified and a budget outside the range', () => {
    const over = { ...fullProposal, budget: { currency: 'KES' as const, lines: [{ description: 'Everything', category: 'other' as const, amount: 20_000_000 }] } };
    const events = proposalDecider.decide(cmd('ScreenProposal', { frame, applicant: { ...applicant, verified: false } }), [...shortlisted, e('FullProposalSubmitted', { fullProposal: over })].reduce(proposalDecider.evolve, proposalDecider.initialState()));
    expect(events[0]).toMatchObject({ type: 'ProposalScreened', data: { outcome: 'screened-out' } });
    const failed = (events[0] as Extract<ProposalEvent, { type: 'ProposalScreened' }>).data.checks.filter((c) => !c.passed);
    expect(failed.map((c) => c.check)).toEqual(['registration-status', 'completeness']);
    expect(failed[1]!.reason).toContain('outside the call');
  });
  it('screens out a shortlisted applicant who never sent a full proposal', () => {
    const events = proposalDecider.decide(cmd('ScreenProposal', { frame, applicant }), shortlisted.reduce(proposalDecider.evolve, proposalDecider.initialState()));
    expect(events[0]).toMatchObject({ data: { outcome: 'screened-out' } });
  });
});

describe('conflicts of interest and scoring', () => {
  it('recuses a reviewer who declares a conflict, and one registration data shows is a member', () => {
    given(eligible)
      .when(cmd('DeclareConflict', { reviewer: 'reviewer3', conflict: true, details: 'Board member', reviewerIsMember: false, frame }))
      .then([e('ConflictOfInterestDeclared', { reviewer: 'reviewer3', conflict: true, details: 'Board member' }), e('ReviewerRecused', { reviewer: 'reviewer3', reason: 'declared' })]);
    given(eligible)
      .when(cmd('DeclareConflict', { reviewer: 'reviewer2', conflict: false, reviewerIsMember: true, frame }))
      .then([e('ConflictOfInterestDeclared', { reviewer: 'reviewer2', conflict: false }), e('ReviewerRecused', { reviewer: 'reviewer2', reason: 'registration-membership' })]);
  });
  it('refuses a reviewer who is not on the panel, and scoring before declaring', () => {
    given(eligible).when(cmd('DeclareConflict', { reviewer: 'someone', conflict: false, reviewerIsMember: false, frame })).thenThrows('proposal.reviewer-not-assigned');
    given(eligible).when(cmd('SaveScoreSheet', { reviewer: 'reviewer', scores: scores(5, 5, 5), lock: false, frame })).thenThrows('proposal.declaration-required');
  });
  it('refuses a recused reviewer’s scores', () =>
    given([...eligible, e('ConflictOfInterestDeclared', { reviewer: 'reviewer3', conflict: true }), e('ReviewerRecused', { reviewer: 'reviewer3', reason: 'declared' })])
      .when(cmd('SaveScoreSheet', { reviewer: 'reviewer3', scores: scores(5, 5, 5), lock: true, frame }))
      .thenThrows('proposal.reviewer-recused'));
  it('locks a complete sheet with its weighted score, and nothing after', () => {
    given([...eligible, declared('reviewer')])
      .when(cmd('SaveScoreSheet', { reviewer: 'reviewer', scores: scores(8, 7, 9), lock: true, frame }))
      .then([e('ScoreSheetLocked', { reviewer: 'reviewer', scores: scores(8, 7, 9), weightedScore: 79 })]); // 0.8×40 + 0.7×35 + 0.9×25
    given([...eligible, declared('reviewer'), locked('reviewer', 79)]).when(cmd('SaveScoreSheet', { reviewer: 'reviewer', scores: scores(1, 1, 1), lock: false, frame })).thenThrows('proposal.score-sheet-locked');
  });
  it('locks the drafted sheet when the lock carries no scores, and refuses to lock nothing', () => {
    const drafted = [...eligible, declared('reviewer'), e('ScoreSheetSaved', { reviewer: 'reviewer', scores: scores(8, 7, 9) })];
    given(drafted)
      .when(cmd('SaveScoreSheet', { reviewer: 'reviewer', lock: true, frame }))
      .then([e('ScoreSheetLocked', { reviewer: 'reviewer', scores: scores(8, 7, 9), weightedScore: 79 })]);
    given([...eligible, declared('reviewer')]).when(cmd('SaveScoreSheet', { reviewer: 'reviewer', lock: true, frame })).thenThrows('proposal.score-sheet-incomplete');
  });
  it('refuses an incomplete sheet to lock, scores off the scale, and unknown criteria', () => {
    const ready = [...eligible, declared('reviewer')];
    given(ready).when(cmd('SaveScoreSheet', { reviewer: 'reviewer', scores: scores(8, 7, 9).slice(0, 2), lock: true, frame })).thenThrows('proposal.score-sheet-incomplete');
    given(ready).when(cmd('SaveScoreSheet', { reviewer: 'reviewer', scores: scores(11, 7, 9), lock: false, frame })).thenThrows('proposal.score-out-of-scale');
    given(ready).when(cmd('SaveScoreSheet', { reviewer: 'reviewer', scores: [{ criterionId: 'charm', score: 5, comment: 'Nice' }], lock: false, frame })).thenThrows('proposal.unknown-criterion');
  });
});

describe('legal & ethical check and recommendation', () => {
  const recommend = (outcome: string) => cmd('RecordRecommendation', { outcome, body, conditions: outcome === 'recommend-with-conditions' ? ['Quarterly safeguarding report'] : [], rationale: 'Strong, well-costed, low risk', frame });
  const checked = (failed: string[] = []) => e('LegalEthicalCheckRecorded', { items: items(failed), blocking: failed.some((f) => MANDATORY.includes(f)), checkedBy: 'admin' });

  it('marks the check blocking when a mandatory item fails, not when only gender & inclusion does', () => {
    given(eligible).when(cmd('RecordLegalEthicalCheck', { items: items(['data-protection']), checkedBy: 'admin', mandatory: MANDATORY })).then([checked(['data-protection'])]);
    given(eligible).when(cmd('RecordLegalEthicalCheck', { items: items(['gender-inclusion']), checkedBy: 'admin', mandatory: MANDATORY })).then([checked(['gender-inclusion'])]);
  });
  it('takes the check from a panel reviewer only once they have declared and are not recused', () => {
    const check = (by: string) => cmd('RecordLegalEthicalCheck', { items: items(), checkedBy: by, mandatory: MANDATORY, panel: frame });
    given(eligible).when(check('reviewer')).thenThrows('proposal.declaration-required');
    given([...eligible, e('ConflictOfInterestDeclared', { reviewer: 'reviewer3', conflict: true }), e('ReviewerRecused', { reviewer: 'reviewer3', reason: 'declared' })])
      .when(check('reviewer3'))
      .thenThrows('proposal.reviewer-recused');
    given([...eligible, declared('reviewer')]).when(check('reviewer')).then([e('LegalEthicalCheckRecorded', { items: items(), blocking: false, checkedBy: 'reviewer' })]);
  });
  it('waits for every non-recused reviewer’s locked sheet and for the check', () => {
    given([...eligible, declared('reviewer'), locked('reviewer', 79)]).when(recommend('recommend')).thenThrows('proposal.scoring-incomplete');
    given(scoredByAll).when(recommend('recommend')).thenThrows('proposal.legal-ethical-check-missing');
  });
  it('blocks any recommendation but "do not recommend" after a failed mandatory item, whatever the scores', () => {
    given([...scoredByAll, checked(['child-safeguarding'])]).when(recommend('recommend')).thenThrows('proposal.legal-ethical-blocked');
    given([...scoredByAll, checked(['child-safeguarding'])]).when(recommend('do-not-recommend')).then([
      e('RecommendationRecorded', { outcome: 'do-not-recommend', body, conditions: [], rationale: 'Strong, well-costed, low risk' }),
    ]);
  });
  it('records a conditional recommendation with its body', () =>
    given([...scoredByAll, checked()]).when(recommend('recommend-with-conditions')).then([
      e('RecommendationRecorded', { outcome: 'recommend-with-conditions', body, conditions: ['Quarterly safeguarding report'], rationale: 'Strong, well-costed, low risk' }),
    ]));
  it('records a recommendation marked sensitive with the mark, and leaves it out when not sensitive', () => {
    given([...scoredByAll, checked()])
      .when({ ...recommend('recommend'), data: { ...recommend('recommend').data, sensitive: true } } as ProposalCommand)
      .then([e('RecommendationRecorded', { outcome: 'recommend', body, conditions: [], rationale: 'Strong, well-costed, low risk', sensitive: true })]);
    given([...scoredByAll, checked()])
      .when({ ...recommend('recommend'), data: { ...recommend('recommend').data, sensitive: false } } as ProposalCommand)
      .then([e('RecommendationRecorded', { outcome: 'recommend', body, conditions: [], rationale: 'Strong, well-costed, low risk' })]);
  });
});

describe('decision, offer, feedback and appeal', () => {
  const recommended = [...scoredByAll, e('LegalEthicalCheckRecorded', { items: items(), blocking: false, checkedBy: 'admin' }), e('RecommendationRecorded', { outcome: 'recommend', body, conditions: [], rationale: 'Strong' })];
  const approved = [...recommended, e('DecisionRecorded', { decision: 'approved', decidedBy: body, recordedBy: 'receiving-body', amount: 4_000_000, note: 'Approved by the IRP' })];
  const asActor = (roles: string[], organizationId?: string) => at(AFTER, { actor: { subject: 'someone', roles, ...(organizationId ? { organizationId } : {}) } });
  const decide = (metadata: ReturnType<typeof at>) => ({ ...cmd('RecordDecision', { decision: 'approved', amount: 4_000_000, note: 'Approved by the IRP' }), metadata }) as ProposalCommand;
  const feedback = e('FeedbackGiven', { feedback: 'Strong proposal', appealDeadline: '2027-03-12T09:00:00.000Z' });

  it('records the decision, then the applicant’s answer to the offer', () => {
    given(recommended).when(decide(asActor(['donor'], 'gcerf'))).then([approved.at(-1)!]);
    given(approved).when(cmd('RespondToOffer', { response: 'accept' })).then([e('OfferAccepted', {})]);
    given(recommended).when(cmd('RespondToOffer', { response: 'accept' })).thenThrows('proposal.not-approved');
  });
  it('opens the appeal window with the feedback (the call’s days), and closes it after', () => {
    given(approved).when(cmd('GiveFeedback', { feedback: 'Strong proposal', appealWindowDays: 7 }, '2027-03-05T09:00:00.000Z')).then([feedback]);
    given([...approved, feedback]).when(cmd('LodgeAppeal', { grounds: 'The amount is too low' }, '2027-03-12T09:00:00.000Z')).then([e('AppealLodged', { grounds: 'The amount is too low' })]);
    given([...approved, feedback]).when(cmd('LodgeAppeal', { grounds: 'The amount is too low' }, '2027-03-12T09:00:01.000Z')).thenThrows('proposal.appeal-window-closed');
    given(approved).when(cmd('LodgeAppeal', { grounds: 'The amount is too low' })).thenThrows('proposal.no-feedback');
  });
  it('lets only the body the recommendation names decide, or the NCTC on its behalf, recorded as such', () => {
    given(recommended).when(decide(asActor(['donor'], 'another-donor'))).thenThrows('proposal.decision-not-addressed');
    given(recommended).when(decide(asActor(['donor']))).thenThrows('proposal.decision-not-addressed');
    given(recommended).when(decide(asActor(['partner'], 'gcerf'))).thenThrows('proposal.decision-not-addressed');
    given(recommended)
      .when(decide(asActor(['nctc-admin'])))
      .then([e('DecisionRecorded', { decision: 'approved', decidedBy: body, recordedBy: 'nctc-on-behalf', amount: 4_000_000, note: 'Approved by the IRP' })]);
    const toGovernment = [...recommended.slice(0, -1), e('RecommendationRecorded', { outcome: 'recommend', body: { kind: 'government', name: 'Ministry of Interior' }, conditions: [], rationale: 'Strong' })];
    given(toGovernment).when(decide(asActor(['donor'], 'gcerf'))).thenThrows('proposal.decision-not-addressed');
  });
  it('has the appeal reviewed by someone who neither scored the proposal nor is recused from it', () => {
    const appealed = [...approved, feedback, e('AppealLodged', { grounds: 'The amount is too low' })];
    const appeal = (reviewer: string, deciderIsMember = false) => cmd('DecideAppeal', { outcome: 'dismissed', reason: 'Within the call’s range', reviewer, deciderIsMember });
    given(appealed).when(appeal('reviewer')).thenThrows('proposal.appeal-reviewer-scored');
    given(appealed).when(appeal('reviewer3')).thenThrows('proposal.appeal-reviewer-recused'); // declared a conflict
    given(appealed).when(appeal('reviewer4', true)).thenThrows('proposal.appeal-reviewer-recused'); // a member of the applicant
    given(appealed).when(appeal('reviewer4')).then([e('AppealDecided', { outcome: 'dismissed', reason: 'Within the call’s range', reviewedBy: 'reviewer4' })]);
  });
});
