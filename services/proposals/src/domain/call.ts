import type { Command } from '@csm/eventing';
import type { CallDetails, CallEvent } from '@csm/contracts';

/** A call for proposals: draft → published → closed → finalised, or cancelled with a reason. */
export type CallStatus = 'draft' | 'published' | 'closed' | 'finalised' | 'cancelled';

export interface Call {
  status: CallStatus | 'none';
  details?: CallDetails;
  /** questionId → answered? A Map: question ids come from requests (`__proto__` is no question). */
  questions: ReadonlyMap<string, boolean>;
}

type CallCommand_<T extends string, D> = Command<T, { callId: string } & D>;

export type DraftCall = CallCommand_<'DraftCall', { details: CallDetails }>;
export type AmendCallDraft = CallCommand_<'AmendCallDraft', { details: CallDetails }>;
export type PublishCall = CallCommand_<'PublishCall', Record<never, never>>;
export type CloseCall = CallCommand_<'CloseCall', Record<never, never>>;
/** `awaitingFeedback`: applicants (organisation ids) not yet given feedback, from the proposals read model. */
export type FinaliseCall = CallCommand_<'FinaliseCall', { awaitingFeedback: string[] }>;
export type CancelCall = CallCommand_<'CancelCall', { reason: string }>;
/** `organizationVerified` comes from the proposals context's own read model of registration facts. */
export type AskClarification = CallCommand_<'AskClarification', { questionId: string; question: string; organizationId: string; organizationVerified: boolean }>;
export type AnswerClarification = CallCommand_<'AnswerClarification', { questionId: string; answer: string }>;

export type CallCommand = DraftCall | AmendCallDraft | PublishCall | CloseCall | FinaliseCall | CancelCall | AskClarification | AnswerClarification;

export type { CallEvent };
