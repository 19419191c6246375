import { type Command, type Decider } from '@csm/eventing';
import type { SubjectDataErased } from '@csm/contracts';

/**
 * Every erasure request is recorded, the second as well as the first: data given again after an
 * erasure (a new key generation) is erased again, and auditors see each request in the stream.
 * A retried request (same Idempotency-Key) appends nothing, like any command.
 */
export type EraseSubjectData = Command<'EraseSubjectData', { subjectKeyId: string; reason: string }>;
export interface DataSubject {
  erasures: number;
}

export const dataSubjectDecider: Decider<EraseSubjectData, SubjectDataErased, DataSubject> = {
  initialState: () => ({ erasures: 0 }),
  decide: (command) => [{ type: 'SubjectDataErased', version: 1, data: { subjectKeyId: command.data.subjectKeyId, reason: command.data.reason } }],
  evolve: (state, event) => (event.type === 'SubjectDataErased' ? { erasures: state.erasures + 1 } : state),
};
