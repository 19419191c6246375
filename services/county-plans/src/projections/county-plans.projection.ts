import { applyOnce, type Projection, type RecordedEvent, type Tracked } from '@csm/eventing';
import type { Collection } from '@csm/readmodels';
import { countyName, type CountyPlanContent, type CountyPlanEvent, type PlanReviewLevel, type PlanVersionStatus } from '@csm/contracts';

/** Answers "what is this county's plan, which versions has it had, and who must act on it now?" */
export interface PlanVersionView {
  version: number;
  status: PlanVersionStatus;
  plan: CountyPlanContent;
  draftedAt: string;
  submittedAt?: string;
  publishedAt?: string;
  returns: { level: PlanReviewLevel; reasons: string[]; at: string }[];
}

export interface CountyPlanView extends Tracked {
  _id: string;
  countyCode: string;
  countyName: string;
  /** The stream revision (ETag). */
  revision: number;
  publishedVersion?: number;
  pending?: { version: number; level: PlanReviewLevel };
  versions: PlanVersionView[];
}

export const COUNTY_PLANS = 'countyPlans';

const withoutPending = ({ pending: _pending, ...view }: CountyPlanView): CountyPlanView => view;

const changeVersion = (view: CountyPlanView, version: number, change: (v: PlanVersionView) => PlanVersionView): CountyPlanView => ({
  ...view,
  versions: view.versions.map((v) => (v.version === version ? change(v) : v)),
});

const next = (current: CountyPlanView | null, event: CountyPlanEvent, recorded: RecordedEvent): CountyPlanView | null => {
  const { countyCode, version } = event.data;
  const at = recorded.metadata.occurredAt;
  const base: CountyPlanView = { ...(current ?? { _id: countyCode, countyCode, countyName: countyName(countyCode) ?? countyCode, versions: [] }), revision: Number(recorded.streamRevision) };
  switch (event.type) {
    case 'CountyPlanDrafted':
      return { ...base, versions: [...base.versions, { version, status: 'draft', plan: event.data.plan, draftedAt: at, returns: [] }] };
    case 'CountyPlanDraftAmended':
      return changeVersion(base, version, (v) => ({ ...v, plan: event.data.plan }));
    case 'CountyPlanSubmitted':
      return { ...changeVersion(base, version, (v) => ({ ...v, status: 'submitted', submittedAt: at })), pending: { version, level: 'county-secretariat' } };
    case 'CountyPlanEndorsed':
      return { ...changeVersion(base, version, (v) => ({ ...v, status: 'endorsed' })), pending: { version, level: 'nctc' } };
    case 'CountyPlanReturned':
      return withoutPending(changeVersion(base, version, (v) => ({ ...v, status: 'returned', returns: [...v.returns, { level: event.data.level, reasons: event.data.reasons, at }] })));
    case 'CountyPlanApproved':
      return withoutPending(changeVersion(base, version, (v) => ({ ...v, status: 'approved' })));
    case 'CountyPlanPublished': {
      const { supersedes } = event.data;
      const superseded = supersedes !== undefined ? changeVersion(base, supersedes, (v) => ({ ...v, status: 'superseded' })) : base;
      return { ...changeVersion(superseded, version, (v) => ({ ...v, status: 'published', publishedAt: at })), publishedVersion: version };
    }
    default: {
      const _unknown: never = event;
      return base;
    }
  }
};

export const countyPlansProjection: Projection = {
  name: 'county-plans.plans',
  eventTypes: ['CountyPlanDrafted', 'CountyPlanDraftAmended', 'CountyPlanSubmitted', 'CountyPlanEndorsed', 'CountyPlanReturned', 'CountyPlanApproved', 'CountyPlanPublished'],
  apply: async (recorded, readModels) => {
    const event = { type: recorded.type, version: recorded.version, data: recorded.data } as CountyPlanEvent;
    const collection: Collection<CountyPlanView> = readModels.collection(COUNTY_PLANS);
    await applyOnce(collection, event.data.countyCode, recorded, (current) => next(current, event, recorded));
  },
};
