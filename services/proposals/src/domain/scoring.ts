import type { CriterionScore } from '@csm/contracts';
import type { AssessmentFrame } from './proposal';

/** A locked sheet's score out of 100: each criterion's share of the scale, weighted. */
export const weightedScore = (frame: Pick<AssessmentFrame, 'criteria' | 'scoreScale'>, scores: CriterionScore[]): number => {
  const total = frame.criteria.reduce((sum, criterion) => {
    const score = scores.find((s) => s.criterionId === criterion.id)?.score ?? 0;
    return sum + (score / frame.scoreScale) * criterion.weight;
  }, 0);
  return Math.round(total * 100) / 100;
};

/** Ranking figures for one proposal: the mean of the locked sheets and how far they disagree. */
export const aggregate = (weighted: number[]): { average: number; spread: number; min: number; max: number } | undefined => {
  if (weighted.length === 0) return undefined;
  const min = Math.min(...weighted);
  const max = Math.max(...weighted);
  const average = Math.round((weighted.reduce((a, b) => a + b, 0) / weighted.length) * 100) / 100;
  return { average, spread: Math.round((max - min) * 100) / 100, min, max };
};
