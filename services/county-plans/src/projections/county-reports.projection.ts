import { applyOnce, type Projection, type RecordedEvent, type Tracked } from '@csm/eventing';
import type { Collection } from '@csm/readmodels';
import { countyReportKey, type CountyReportContent, type CountyReportEvent, type ReportLevel } from '@csm/contracts';

/** Answers "what did this county report for this quarter, where is it in approval, and was it late?" */
export interface CountyReportView extends Tracked {
  _id: string;
  countyCode: string;
  period: string;
  dueOn: string;
  /** The stream revision (ETag). */
  streamRevision: number;
  revision: number;
  status: 'draft' | 'submitted' | 'returned' | 'published';
  level?: ReportLevel;
  planVersion: number;
  report: CountyReportContent;
  firstSubmittedAt?: string;
  submittedAt?: string;
  /** Decided at the first submission; before it, lateness is the due date against today (on read). */
  submittedLate?: boolean;
  returns: { level: ReportLevel; reason: string; revision: number; at: string }[];
  published?: { revision: number; planVersion: number; report: CountyReportContent; publishedAt: string };
}

export const COUNTY_REPORTS = 'countyReports';

const withoutLevel = ({ level: _level, ...view }: CountyReportView): CountyReportView => view;

const next = (current: CountyReportView | null, event: CountyReportEvent, recorded: RecordedEvent): CountyReportView | null => {
  const at = recorded.metadata.occurredAt;
  const streamRevision = Number(recorded.streamRevision);
  if (event.type === 'CountyReportDrafted') {
    const { countyCode, period, revision, planVersion, dueOn, report } = event.data;
    return { _id: countyReportKey(countyCode, period), countyCode, period, dueOn, streamRevision, revision, status: 'draft', planVersion, report, returns: [] };
  }
  if (!current) return null;
  const base = { ...current, streamRevision };
  switch (event.type) {
    case 'CountyReportDraftAmended':
      return { ...base, report: event.data.report, planVersion: event.data.planVersion };
    case 'CountyReportSubmitted':
      return {
        ...base,
        status: 'submitted',
        level: 'county-secretariat',
        submittedAt: at,
        firstSubmittedAt: current.firstSubmittedAt ?? at,
        submittedLate: current.submittedLate ?? event.data.late,
      };
    case 'CountyReportEndorsed':
      return { ...base, level: event.data.level === 'county-secretariat' ? 'county-co-chairs' : 'nctc' };
    case 'CountyReportReturned':
      return withoutLevel({ ...base, status: 'returned', returns: [...base.returns, { level: event.data.level, reason: event.data.reason, revision: event.data.revision, at }] });
    case 'CountyReportApproved':
      return base;
    case 'CountyReportPublished':
      return withoutLevel({ ...base, status: 'published', published: { revision: base.revision, planVersion: base.planVersion, report: base.report, publishedAt: at } });
    case 'CountyReportRevisionOpened':
      return { ...base, status: 'draft', revision: event.data.revision };
    default: {
      const _unknown: never = event;
      return base;
    }
  }
};

export const countyReportsProjection: Projection = {
  name: 'county-plans.reports',
  eventTypes: [
    'CountyReportDrafted',
    'CountyReportDraftAmended',
    'CountyReportSubmitted',
    'CountyReportEndorsed',
    'CountyReportReturned',
    'CountyReportApproved',
    'CountyReportPublished',
    'CountyReportRevisionOpened',
  ],
  apply: async (recorded, readModels) => {
    const event = { type: recorded.type, version: recorded.version, data: recorded.data } as CountyReportEvent;
    const collection: Collection<CountyReportView> = readModels.collection(COUNTY_REPORTS);
    await applyOnce(collection, countyReportKey(event.data.countyCode, event.data.period), recorded, (current) => next(current, event, recorded));
  },
};
