import { z } from 'zod';
import { multiLineText } from '../text';

/**
 * The sensitivity review the NCTC records when it publishes a plan version or a progress report
 * (issue 10, "Publishing without doing harm"): a fixed checklist the reviewer confirms, item by
 * item, and an optional note. The checklist is decided here (the issue names the review, not its
 * items); the portal words each item in English and Kiswahili (`countyPlans.sensitivity.*`).
 */
export const SENSITIVITY_CHECKS = ['noIndividuals', 'sensitiveMarked', 'smallCountsSuppressed', 'noStigma'] as const;
export type SensitivityCheck = (typeof SENSITIVITY_CHECKS)[number];

/** What each item asks the reviewer to confirm (the API's words; the portal has its own, in two languages). */
export const SENSITIVITY_CHECK_TEXT: Readonly<Record<SensitivityCheck, string>> = {
  noIndividuals: 'no individual is named or can be identified',
  sensitiveMarked: 'every sensitive action (work with returnees, say) is marked sensitive',
  smallCountsSuppressed: 'counts below 3 are shown only as "fewer than 3"',
  noStigma: 'no community, faith or ethnic group is stigmatised',
};

const confirmed = (check: SensitivityCheck) => z.literal(true, { error: `confirm that ${SENSITIVITY_CHECK_TEXT[check]}` });

/** The review as the NCTC sends it with its approval: every item confirmed (`true`), a note if it wants. */
export const SensitivityReviewBody = z
  .object({
    noIndividuals: confirmed('noIndividuals'),
    sensitiveMarked: confirmed('sensitiveMarked'),
    smallCountsSuppressed: confirmed('smallCountsSuppressed'),
    noStigma: confirmed('noStigma'),
    note: multiLineText(0, 2000).optional(),
  })
  .strict();
export type SensitivityReviewBody = z.infer<typeof SensitivityReviewBody>;

/**
 * The review as the approval event records it: the items confirmed, the note, who (the token's
 * subject) and when. Optional in `CountyPlanApproved` and `CountyReportApproved`: absent in events
 * recorded before the review existed.
 */
export const SensitivityReview = z
  .object({
    confirmed: z.array(z.enum(SENSITIVITY_CHECKS)),
    note: z.string().optional(),
    reviewedBy: z.string(),
    reviewedAt: z.string(),
  })
  .strict();
export type SensitivityReview = z.infer<typeof SensitivityReview>;

/** The recorded review of a confirmed body, by whom and when. */
export const recordedSensitivityReview = (body: SensitivityReviewBody, reviewedBy: string, reviewedAt: string): SensitivityReview => ({
  confirmed: SENSITIVITY_CHECKS.filter((check) => body[check] === true),
  ...(body.note !== undefined && body.note.trim() !== '' ? { note: body.note } : {}),
  reviewedBy,
  reviewedAt,
});

/** Why a publishing approval is refused without its review (the field error at `sensitivityReview`). */
export const SENSITIVITY_REVIEW_MISSING = 'publishing needs the sensitivity review: confirm every item of its checklist';
