import { applyOnce, type Projection, type Tracked } from '@csm/eventing';
import type { Collection } from '@csm/readmodels';
import { solutionKey, type ProposalEvent, type Solution, type SolutionEvent } from '@csm/contracts';

/** Unsolicited solutions, and which became direct partnership proposals (with the justification). */
export interface SolutionView extends Tracked {
  _id: string;
  solutionId: string;
  organizationId: string;
  solution: Solution;
  status: 'presented' | 'converted';
  presentedAt: string;
  conversion?: { proposalId: string; justification: string; convertedAt: string };
}

export const SOLUTIONS = 'solutions';

export const solutionsProjection: Projection = {
  name: 'proposals.solutions',
  eventTypes: ['SolutionPresented', 'DirectPartnershipOpened'],
  apply: async (recorded, readModels) => {
    const event = { type: recorded.type, version: recorded.version, data: recorded.data } as SolutionEvent | ProposalEvent;
    const collection: Collection<SolutionView> = readModels.collection(SOLUTIONS);
    if (event.type === 'SolutionPresented') {
      const { solutionId, organizationId, solution } = event.data;
      await applyOnce(collection, solutionKey(organizationId, solutionId), recorded, () => ({
        _id: solutionKey(organizationId, solutionId),
        solutionId,
        organizationId,
        solution,
        status: 'presented',
        presentedAt: recorded.metadata.occurredAt,
      }));
    } else if (event.type === 'DirectPartnershipOpened') {
      const { solutionId, organizationId, proposalId, justification } = event.data;
      await applyOnce(collection, solutionKey(organizationId, solutionId), recorded, (current) =>
        current && { ...current, status: 'converted', conversion: { proposalId, justification, convertedAt: recorded.metadata.occurredAt } },
      );
    }
  },
};
