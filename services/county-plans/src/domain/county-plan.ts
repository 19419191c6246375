import type { Command } from '@csm/eventing';
import type { CountyCode, CountyPlanContent, CountyPlanEvent, PlanVersionStatus, SensitivityReviewBody } from '@csm/contracts';

/**
 * A county's action plan: every version in one stream. At most one version is being worked on
 * at a time; a published version is never edited, it is superseded by the next one published.
 */
export interface PlanVersion {
  status: PlanVersionStatus;
  plan: CountyPlanContent;
}

export interface CountyPlan {
  /** Versions by number (a Map: numbers come from requests). */
  versions: ReadonlyMap<number, PlanVersion>;
  /** The highest version number, 0 before the first draft. */
  latest: number;
  published?: number;
}

type PlanCommand_<T extends string, D> = Command<T, { countyCode: CountyCode } & D>;

export type DraftCountyPlan = PlanCommand_<'DraftCountyPlan', { plan: CountyPlanContent }>;
export type AmendCountyPlanDraft = PlanCommand_<'AmendCountyPlanDraft', { version: number; plan: CountyPlanContent }>;
export type SubmitCountyPlan = PlanCommand_<'SubmitCountyPlan', { version: number }>;
/** The county secretariat's review: endorse (to the NCTC) or return with reasons. */
export type ReviewCountyPlan = PlanCommand_<'ReviewCountyPlan', { version: number; decision: 'endorse' | 'return'; reasons?: string[] }>;
/** The NCTC's decision: approve (and publish, with the sensitivity review) or return with reasons. */
export type DecideCountyPlan = PlanCommand_<'DecideCountyPlan', { version: number; decision: 'approve' | 'return'; reasons?: string[]; sensitivityReview?: SensitivityReviewBody }>;

export type CountyPlanCommand = DraftCountyPlan | AmendCountyPlanDraft | SubmitCountyPlan | ReviewCountyPlan | DecideCountyPlan;

export type { CountyPlanEvent };
