import { applyOnce, type Projection, type Tracked } from '@csm/eventing';
import type { Collection } from '@csm/readmodels';
import type { CriterionScore, ProposalEvent } from '@csm/contracts';

/**
 * One reviewer's score sheet for one proposal. Served only through the rules in
 * http/assessment.routes.ts: a reviewer sees others' sheets once their own is locked.
 */
export interface ScoreSheetView extends Tracked {
  _id: string;
  proposalId: string;
  reviewer: string;
  scores: CriterionScore[];
  locked: boolean;
  weightedScore?: number;
  updatedAt: string;
}

export const SCORE_SHEETS = 'scoreSheets';
export const scoreSheetId = (proposalId: string, reviewer: string): string => `${proposalId}/${reviewer}`;

export const scoreSheetsProjection: Projection = {
  name: 'proposals.scoreSheets',
  eventTypes: ['ScoreSheetSaved', 'ScoreSheetLocked'],
  apply: async (recorded, readModels) => {
    const event = { type: recorded.type, version: recorded.version, data: recorded.data } as ProposalEvent;
    if (event.type !== 'ScoreSheetSaved' && event.type !== 'ScoreSheetLocked') return;
    const collection: Collection<ScoreSheetView> = readModels.collection(SCORE_SHEETS);
    const { proposalId, reviewer, scores } = event.data;
    await applyOnce(collection, scoreSheetId(proposalId, reviewer), recorded, () => ({
      _id: scoreSheetId(proposalId, reviewer),
      proposalId,
      reviewer,
      scores,
      locked: event.type === 'ScoreSheetLocked',
      ...(event.type === 'ScoreSheetLocked' ? { weightedScore: event.data.weightedScore } : {}),
      updatedAt: recorded.metadata.occurredAt,
    }));
  },
};
