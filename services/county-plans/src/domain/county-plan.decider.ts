import { DomainError, type Decider } from '@csm/eventing';
import { CountyPlanContent, recordedSensitivityReview, type PlanVersionStatus } from '@csm/contracts';
import { requireSensitivityReview } from './sensitivity-review';
import type { CountyPlan, CountyPlanCommand, CountyPlanEvent, PlanVersion } from './county-plan';

export const initialState = (): CountyPlan => ({ versions: new Map(), latest: 0 });

const versionIn = (state: CountyPlan, version: number): PlanVersion => {
  const found = state.versions.get(version);
  if (!found) throw new DomainError('county-plan.version-not-found', `No version ${version} of this county's plan`, 'not-found');
  return found;
};

const requireStatus = (found: PlanVersion, allowed: PlanVersionStatus[], action: string): void => {
  if (allowed.includes(found.status)) return;
  if (found.status === 'published' || found.status === 'superseded') {
    throw new DomainError('county-plan.version-published', `Cannot ${action}: a published version is never changed; draft a new version to revise it`);
  }
  throw new DomainError(`county-plan.not-${allowed[0]}`, `Cannot ${action}: the version is ${found.status}`);
};

/** The rules of a county plan's life, per version: draft → submitted → endorsed → published, returned on the way. */
export const decide = (command: CountyPlanCommand, state: CountyPlan): CountyPlanEvent[] => {
  const { countyCode } = command.data;
  switch (command.type) {
    case 'DraftCountyPlan': {
      const latest = state.versions.get(state.latest);
      if (latest && latest.status !== 'published' && latest.status !== 'superseded') {
        throw new DomainError('county-plan.version-in-progress', `Version ${state.latest} is ${latest.status}: finish it before drafting another`);
      }
      return [{ type: 'CountyPlanDrafted', version: 1, data: { countyCode, version: state.latest + 1, plan: command.data.plan } }];
    }
    case 'AmendCountyPlanDraft': {
      const { version } = command.data;
      requireStatus(versionIn(state, version), ['draft', 'returned'], 'amend');
      return [{ type: 'CountyPlanDraftAmended', version: 1, data: { countyCode, version, plan: command.data.plan } }];
    }
    case 'SubmitCountyPlan': {
      const { version } = command.data;
      const found = versionIn(state, version);
      requireStatus(found, ['draft', 'returned'], 'submit');
      // A draft is built an item at a time; what goes to review is complete.
      const checked = CountyPlanContent.safeParse(found.plan);
      if (!checked.success) {
        const missing = checked.error.issues.map((issue) => `${issue.path.join('.') || 'plan'}: ${issue.message}`).join('; ');
        throw new DomainError('county-plan.incomplete', `The plan is not complete: ${missing}`, 'invalid');
      }
      return [{ type: 'CountyPlanSubmitted', version: 1, data: { countyCode, version } }];
    }
    case 'ReviewCountyPlan': {
      const { version, decision, reasons } = command.data;
      requireStatus(versionIn(state, version), ['submitted'], 'review');
      if (decision === 'endorse') return [{ type: 'CountyPlanEndorsed', version: 1, data: { countyCode, version } }];
      return [{ type: 'CountyPlanReturned', version: 1, data: { countyCode, version, level: 'county-secretariat', reasons: reasons ?? [] } }];
    }
    case 'DecideCountyPlan': {
      const { version, decision, reasons } = command.data;
      requireStatus(versionIn(state, version), ['endorsed'], 'decide');
      if (decision === 'return') return [{ type: 'CountyPlanReturned', version: 1, data: { countyCode, version, level: 'nctc', reasons: reasons ?? [] } }];
      const review = requireSensitivityReview(command.data.sensitivityReview);
      const sensitivityReview = recordedSensitivityReview(review, command.metadata.actor.subject, command.metadata.now);
      return [
        { type: 'CountyPlanApproved', version: 1, data: { countyCode, version, sensitivityReview } },
        { type: 'CountyPlanPublished', version: 1, data: { countyCode, version, ...(state.published !== undefined ? { supersedes: state.published } : {}) } },
      ];
    }
    default: {
      const unhandled: never = command;
      throw new Error(`Unhandled command ${(unhandled as { type: string }).type}`);
    }
  }
};

const withStatus = (state: CountyPlan, version: number, status: PlanVersionStatus): CountyPlan => {
  const found = state.versions.get(version);
  return found ? { ...state, versions: new Map(state.versions).set(version, { ...found, status }) } : state;
};

export const evolve = (state: CountyPlan, event: CountyPlanEvent): CountyPlan => {
  const { version } = event.data;
  switch (event.type) {
    case 'CountyPlanDrafted':
      return { ...state, latest: Math.max(state.latest, version), versions: new Map(state.versions).set(version, { status: 'draft', plan: event.data.plan }) };
    case 'CountyPlanDraftAmended': {
      const found = state.versions.get(version);
      return found ? { ...state, versions: new Map(state.versions).set(version, { ...found, plan: event.data.plan }) } : state;
    }
    case 'CountyPlanSubmitted':
      return withStatus(state, version, 'submitted');
    case 'CountyPlanEndorsed':
      return withStatus(state, version, 'endorsed');
    case 'CountyPlanReturned':
      return withStatus(state, version, 'returned');
    case 'CountyPlanApproved':
      return withStatus(state, version, 'approved');
    case 'CountyPlanPublished': {
      const superseded = event.data.supersedes !== undefined ? withStatus(state, event.data.supersedes, 'superseded') : state;
      return { ...withStatus(superseded, version, 'published'), published: version };
    }
    default: {
      const _unknown: never = event;
      return state;
    }
  }
};

export const countyPlanDecider: Decider<CountyPlanCommand, CountyPlanEvent, CountyPlan> = { decide, evolve, initialState };
