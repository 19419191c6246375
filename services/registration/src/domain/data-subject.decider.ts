import { type Command, type Decider } from '@csm/eventing';
import type { SubjectDataErased } from '@csm/contracts';

/** A data subject's erasure is decided once; asking again changes nothing. */
export type EraseSubjectData = Command<'EraseSubjectData', { subjectKeyId: string; reason: string }>;
export interface DataSubject {
  erased: boolean;
}

export const dataSubjectDecider: Decider<EraseSubjectData, SubjectDataErased, DataSubject> = {
  initialState: () => ({ erased: false }),
  decide: (command, state) =>
    state.erased ? [] : [{ type: 'SubjectDataErased', version: 1, data: { subjectKeyId: command.data.subjectKeyId, reason: command.data.reason } }],
  evolve: (_state, event) => (event.type === 'SubjectDataErased' ? { erased: true } : _state),
};
