import { CallDetails as CallDetailsSchema, type CallEvent } from '@csm/contracts';
import { deciderSpec } from '@csm/eventing/testkit';
import { callDecider } from '../src/domain/call.decider';
import type { CallCommand } from '../src/domain/call';
import { aCall, at } from './call-builders';

const { given } = deciderSpec(callDecider);
const callId = 'coastal-youth-2027';
const BEFORE_CLARIFICATIONS = '2026-12-01T09:00:00.000Z';
const AFTER_CLARIFICATIONS = '2027-01-20T09:00:00.000Z';
const AFTER_SUBMISSIONS = '2027-02-02T09:00:00.000Z';
const cmd = (type: CallCommand['type'], now: string, data: object = {}) => ({ type, data: { callId, ...data }, metadata: at(now) }) as CallCommand;

const drafted: CallEvent = { type: 'CallDrafted', version: 2, data: { callId, details: aCall() } };
const published: CallEvent = { type: 'CallPublished', version: 1, data: { callId } };
const closed: CallEvent = { type: 'CallClosed', version: 1, data: { callId } };
const asked: CallEvent = { type: 'ClarificationAsked', version: 1, data: { callId, questionId: 'q1', question: 'Can two CBOs apply jointly?', organizationId: 'amani-youth' } };

describe('call decider', () => {
  it('drafts a call', () => given([]).when(cmd('DraftCall', BEFORE_CLARIFICATIONS, { details: aCall() })).then([drafted]));

  it('publishes a draft before its clarification deadline', () => given([drafted]).when(cmd('PublishCall', BEFORE_CLARIFICATIONS)).then([published]));

  it('refuses to publish once the clarification deadline has passed', () =>
    given([drafted]).when(cmd('PublishCall', AFTER_CLARIFICATIONS)).thenThrows('call.deadline-passed'));

  it('keeps submissions open until the submission deadline', () => {
    given([drafted, published]).when(cmd('CloseCall', AFTER_CLARIFICATIONS)).thenThrows('call.still-open');
    given([drafted, published]).when(cmd('CloseCall', AFTER_SUBMISSIONS)).then([closed]);
  });

  it('finalises only a closed call, once every applicant has had feedback', () => {
    given([drafted, published]).when(cmd('FinaliseCall', AFTER_SUBMISSIONS, { awaitingFeedback: [] })).thenThrows('call.not-closed');
    given([drafted, published, closed]).when(cmd('FinaliseCall', AFTER_SUBMISSIONS, { awaitingFeedback: ['amani-youth'] })).thenThrows('call.feedback-pending');
    given([drafted, published, closed]).when(cmd('FinaliseCall', AFTER_SUBMISSIONS, { awaitingFeedback: [] })).then([{ type: 'CallFinalised', version: 1, data: { callId } }]);
  });

  it('cancels with a reason, and a cancelled call cannot be published', () => {
    const cancelled: CallEvent = { type: 'CallCancelled', version: 1, data: { callId, reason: 'Funding withdrawn' } };
    given([drafted]).when(cmd('CancelCall', BEFORE_CLARIFICATIONS, { reason: 'Funding withdrawn' })).then([cancelled]);
    given([drafted, cancelled]).when(cmd('PublishCall', BEFORE_CLARIFICATIONS)).thenThrows('call.not-draft');
  });

  it('takes questions from verified organisations until the clarification deadline', () => {
    const ask = (now: string, organizationVerified = true) =>
      cmd('AskClarification', now, { questionId: 'q1', question: 'Can two CBOs apply jointly?', organizationId: 'amani-youth', organizationVerified });
    given([drafted, published]).when(ask(BEFORE_CLARIFICATIONS)).then([asked]);
    given([drafted, published]).when(ask(AFTER_CLARIFICATIONS)).thenThrows('call.clarifications-closed');
    given([drafted, published]).when(ask(BEFORE_CLARIFICATIONS, false)).thenThrows('call.organization-not-verified');
    given([drafted]).when(ask(BEFORE_CLARIFICATIONS)).thenThrows('call.not-published');
  });

  it('answers a question once', () => {
    const answer = cmd('AnswerClarification', BEFORE_CLARIFICATIONS, { questionId: 'q1', answer: 'Yes, with a lead applicant.' });
    const answered: CallEvent = { type: 'ClarificationAnswered', version: 1, data: { callId, questionId: 'q1', answer: 'Yes, with a lead applicant.' } };
    given([drafted, published, asked]).when(answer).then([answered]);
    given([drafted, published, asked, answered]).when(answer).thenThrows('call.question-answered');
    given([drafted, published]).when(answer).thenThrows('call.question-not-found');
  });

  it('funds plan actions only in counties the call targets, on drafting and amending', () => {
    const planActions = [{ countyCode: '001' as const, actionId: 'youth-mentoring' }];
    given([]).when(cmd('DraftCall', BEFORE_CLARIFICATIONS, { details: aCall({ planActions }) })).then([{ type: 'CallDrafted', version: 2, data: { callId, details: aCall({ planActions }) } }]);
    const outside = aCall({ planActions: [...planActions, { countyCode: '030', actionId: 'x1' }] });
    given([]).when(cmd('DraftCall', BEFORE_CLARIFICATIONS, { details: outside })).thenThrows('call.plan-actions-outside-counties');
    given([drafted]).when(cmd('AmendCallDraft', BEFORE_CLARIFICATIONS, { details: outside })).thenThrows('call.plan-actions-outside-counties');
  });

  it.each(['__proto__', 'constructor', 'toString'])('knows no question with the id %s', (questionId) =>
    given([drafted, published, asked])
      .when(cmd('AnswerClarification', BEFORE_CLARIFICATIONS, { questionId, answer: 'Yes.' }))
      .thenThrows('call.question-not-found'));
});

describe('call details', () => {
  it('require criteria weights that total 100', () => {
    const result = CallDetailsSchema.safeParse(aCall({ criteria: [{ id: 'relevance', name: 'Relevance', weight: 60 }, { id: 'cost', name: 'Cost', weight: 30 }] }));
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.message).toBe('criteria weights must total 100');
  });

  it('require clarifications to close before submissions', () => {
    const timeline = { clarificationDeadline: '2027-02-10T00:00:00.000Z', submissionDeadline: '2027-02-01T00:00:00.000Z', resultsDate: '2027-03-01' };
    expect(CallDetailsSchema.safeParse(aCall({ timeline })).success).toBe(false);
  });

  it('name plan actions optionally, at most 200, none twice', () => {
    expect(CallDetailsSchema.parse(aCall()).planActions).toBeUndefined();
    const twice = CallDetailsSchema.safeParse(aCall({ planActions: [{ countyCode: '001', actionId: 'a1' }, { countyCode: '001', actionId: 'a1' }] }));
    expect(twice.error!.issues[0]).toMatchObject({ path: ['planActions', 1], message: '001/a1 is listed twice' });
    const many = Array.from({ length: 201 }, (_, i) => ({ countyCode: '001' as const, actionId: `a${i}` }));
    expect(CallDetailsSchema.safeParse(aCall({ planActions: many })).success).toBe(false);
    expect(CallDetailsSchema.safeParse(aCall({ planActions: [{ countyCode: '001', actionId: 'Not An Id' }] })).success).toBe(false);
  });
});
