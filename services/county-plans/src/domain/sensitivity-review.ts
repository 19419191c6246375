import { DomainError } from '@csm/eventing';
import { SENSITIVITY_CHECKS, type SensitivityReviewBody } from '@csm/contracts';

/**
 * Publishing a plan version or a report needs the NCTC's sensitivity review with every item of
 * its checklist confirmed. HTTP refuses a body without it first (a field error); deciders check it
 * again where publishing is decided, so no other caller can publish without it.
 */
export const requireSensitivityReview = (review: SensitivityReviewBody | undefined): SensitivityReviewBody => {
  if (review && SENSITIVITY_CHECKS.every((check) => review[check] === true)) return review;
  throw new DomainError('sensitivity-review.incomplete', 'Publishing needs the sensitivity review with every item of its checklist confirmed', 'invalid');
};
