import { DomainError, type Decider } from '@csm/eventing';
import type { Call, CallCommand, CallEvent, CallStatus } from './call';

export const initialState = (): Call => ({ status: 'none', questions: new Map() });

const requireStatus = (state: Call, allowed: CallStatus[], action: string): void => {
  if (state.status === 'none') throw new DomainError('call.not-found', 'No such call', 'not-found');
  if (!allowed.includes(state.status)) throw new DomainError(`call.not-${allowed[0]}`, `Cannot ${action}: the call is ${state.status}`);
};

/** The plan actions a call funds are in counties it targets (whether each is in that county's published plan is the county-plans context's to tell). */
const requirePlanActionsInTargetCounties = (details: Call['details'] & object): void => {
  const outside = (details.planActions ?? []).filter((a) => !details.targetCounties.includes(a.countyCode));
  if (outside.length > 0) {
    throw new DomainError('call.plan-actions-outside-counties', `Plan actions of counties the call does not target: ${outside.map((a) => `${a.countyCode}/${a.actionId}`).join(', ')}`, 'invalid');
  }
};

/**
 * The rules of a call's life. Time comes from the command (`metadata.now`), so deadlines are
 * decided here, purely: clarifications until their deadline, submissions locked at theirs.
 */
export const decide = (command: CallCommand, state: Call): CallEvent[] => {
  const { callId } = command.data;
  const now = command.metadata.now;
  switch (command.type) {
    case 'DraftCall':
      if (state.status !== 'none') throw new DomainError('call.already-exists', 'A call with this id exists');
      requirePlanActionsInTargetCounties(command.data.details);
      return [{ type: 'CallDrafted', version: 2, data: { callId, details: command.data.details } }];
    case 'AmendCallDraft':
      requireStatus(state, ['draft'], 'amend');
      requirePlanActionsInTargetCounties(command.data.details);
      return [{ type: 'CallDraftAmended', version: 2, data: { callId, details: command.data.details } }];
    case 'PublishCall':
      requireStatus(state, ['draft'], 'publish');
      if (now >= state.details!.timeline.clarificationDeadline) {
        throw new DomainError('call.deadline-passed', 'The clarification deadline has passed: amend the timeline first', 'invalid');
      }
      return [{ type: 'CallPublished', version: 1, data: { callId } }];
    case 'CloseCall':
      requireStatus(state, ['published'], 'close');
      if (now < state.details!.timeline.submissionDeadline) {
        throw new DomainError('call.still-open', 'Submissions stay open until the submission deadline');
      }
      return [{ type: 'CallClosed', version: 1, data: { callId } }];
    case 'FinaliseCall':
      requireStatus(state, ['closed'], 'finalise');
      // Every applicant gets feedback before the call is over.
      if (command.data.awaitingFeedback.length > 0) {
        throw new DomainError('call.feedback-pending', `Give feedback to every applicant first: ${command.data.awaitingFeedback.join(', ')}`);
      }
      return [{ type: 'CallFinalised', version: 1, data: { callId } }];
    case 'CancelCall':
      requireStatus(state, ['draft', 'published', 'closed'], 'cancel');
      return [{ type: 'CallCancelled', version: 1, data: { callId, reason: command.data.reason } }];
    case 'AskClarification': {
      requireStatus(state, ['published'], 'ask a question');
      if (!command.data.organizationVerified) {
        throw new DomainError('call.organization-not-verified', 'Only verified organisations take part in calls', 'forbidden');
      }
      if (now > state.details!.timeline.clarificationDeadline) {
        throw new DomainError('call.clarifications-closed', 'The clarification deadline has passed');
      }
      const { questionId, question, organizationId } = command.data;
      return [{ type: 'ClarificationAsked', version: 1, data: { callId, questionId, question, organizationId } }];
    }
    case 'AnswerClarification': {
      requireStatus(state, ['published', 'closed'], 'answer');
      const answered = state.questions.get(command.data.questionId);
      if (answered === undefined) throw new DomainError('call.question-not-found', 'No such question', 'not-found');
      if (answered) throw new DomainError('call.question-answered', 'This question is already answered');
      return [{ type: 'ClarificationAnswered', version: 1, data: { callId, questionId: command.data.questionId, answer: command.data.answer } }];
    }
    default: {
      const unhandled: never = command;
      throw new Error(`Unhandled command ${(unhandled as { type: string }).type}`);
    }
  }
};

export const evolve = (state: Call, event: CallEvent): Call => {
  switch (event.type) {
    case 'CallDrafted':
    case 'CallDraftAmended':
      return { ...state, status: 'draft', details: event.data.details };
    case 'CallPublished':
      return { ...state, status: 'published' };
    case 'CallClosed':
      return { ...state, status: 'closed' };
    case 'CallFinalised':
      return { ...state, status: 'finalised' };
    case 'CallCancelled':
      return { ...state, status: 'cancelled' };
    case 'ClarificationAsked':
      return { ...state, questions: new Map(state.questions).set(event.data.questionId, false) };
    case 'ClarificationAnswered':
      return { ...state, questions: new Map(state.questions).set(event.data.questionId, true) };
    default: {
      const _unknown: never = event;
      return state;
    }
  }
};

export const callDecider: Decider<CallCommand, CallEvent, Call> = { decide, evolve, initialState };
