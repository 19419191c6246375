import type { ServiceProblem } from '../../service-client';

const PROBLEM_PREFIX = 'https://csm.go.ke/problems/';

/** A problem's stable code (`proposal.reviewer-recused`), or '' for one without ours. */
export const problemCode = (problem: ServiceProblem): string => (problem.type.startsWith(PROBLEM_PREFIX) ? problem.type.slice(PROBLEM_PREFIX.length) : '');

/**
 * The refusals a reviewer meets, said in our words (`review.refusals.<code after "proposal.">`); any other is shown
 * in the service's own words. The service decides; the page only says what it decided.
 */
export const REVIEW_REFUSALS: ReadonlySet<string> = new Set([
  'proposal.reviewer-not-assigned',
  'proposal.reviewer-recused',
  'proposal.declaration-required',
  'proposal.already-declared',
  'proposal.score-sheet-locked',
  'proposal.not-eligible',
]);
