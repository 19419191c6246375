import { DomainError, type Command, type Decider } from '@csm/eventing';
import type { Solution, SolutionEvent } from '@csm/contracts';

/** An unsolicited solution: presented once by a verified organisation. Conversion happens on the proposal. */
export interface SolutionState {
  presented: boolean;
}
export type PresentSolution = Command<'PresentSolution', { solutionId: string; organizationId: string; organizationVerified: boolean; solution: Solution }>;

export const solutionDecider: Decider<PresentSolution, SolutionEvent, SolutionState> = {
  initialState: () => ({ presented: false }),
  decide: (command, state) => {
    if (!command.data.organizationVerified) throw new DomainError('solution.organization-not-verified', 'Only verified organisations present solutions', 'forbidden');
    if (state.presented) throw new DomainError('solution.already-presented', 'A solution with this id exists for your organisation');
    const { solutionId, organizationId, solution } = command.data;
    return [{ type: 'SolutionPresented', version: 1, data: { solutionId, organizationId, solution } }];
  },
  evolve: () => ({ presented: true }),
};
