import { proposalIdOf } from '@csm/contracts';
import type { PersonApi } from '../../person-api';

/** What the pages read of the proposals API (its contracts, as far as these pages show them). */
export interface CallSummary {
  _id: string;
  status: string;
  details: {
    title: string;
    targetCounties: string[];
    pillars: string[];
    budget: { currency: string; min: number; max: number };
    timeline: { clarificationDeadline: string; submissionDeadline: string; resultsDate: string };
  };
}

export interface Money {
  currency: string;
  amount: number;
}
export interface ConceptNote {
  title: string;
  summary: string;
  counties: string[];
  pillars: string[];
  requestedBudget: Money;
  durationMonths: number;
}
export interface FullProposal {
  title: string;
  summary: string;
  counties: string[];
  pillars: string[];
  budget: { currency: string; lines: { description: string; category: string; amount: number }[] };
  beneficiaries: { description: string; directCount: number; groups: string[] };
  partners: { name: string; role: string }[];
  risks: { risk: string; likelihood: string; mitigation: string }[];
  safeguardingPlan: string;
  durationMonths: number;
}
/** The applicant's own view of a proposal: never the panel's deliberation. */
export interface Application {
  _id: string;
  callId: string;
  organizationId: string;
  stage: 'concept-note' | 'full-proposal';
  status: string;
  declineReason?: string;
  conceptNote?: ConceptNote;
  direct?: { solutionId: string; title: string; justification: string };
  fullProposalDeadline?: string;
  fullProposal?: FullProposal;
  informationRequests: { message: string; until: string; requestedAt: string }[];
  screening?: { outcome: 'eligible' | 'screened-out'; checks: { check: string; passed: boolean; reason: string }[]; screenedAt: string };
  decision?: { decision: 'approved' | 'rejected'; decidedBy: { name: string }; amount?: number; note: string; decidedAt: string };
  offerResponse?: { response: 'accepted' | 'declined'; note?: string; at: string };
  feedback?: { feedback: string; appealDeadline: string; givenAt: string };
  appeal?: { grounds: string; lodgedAt: string; outcome?: 'upheld' | 'dismissed'; reason?: string; decidedAt?: string };
  submittedAt: string;
  amendedAt?: string;
}
export interface Solution {
  solutionId: string;
  organizationId: string;
  solution: { title: string; description: string; counties: string[]; pillars: string[]; estimatedBudget: Money };
  status: 'presented' | 'converted';
  presentedAt: string;
  conversion?: { proposalId: string; justification: string; convertedAt: string };
}

/** `/proposals/:ref/:orgId`: the call's id, or `direct-<solutionId>` for a converted solution. */
export const proposalPath = (ref: string, orgId: string): string => `/proposals/${encodeURIComponent(ref)}/${encodeURIComponent(orgId)}`;
export const applicationPage = (ref: string, orgId: string): string => `/applications/proposals/${encodeURIComponent(ref)}/${encodeURIComponent(orgId)}`;
export const isDirect = (ref: string): boolean => ref.startsWith('direct-');

export const titleOf = (application: Application): string =>
  application.fullProposal?.title ?? application.conceptNote?.title ?? application.direct?.title ?? application._id;

/** The newest information request whose reopening is still running, if any (the service decides whether the amendment is taken). */
export const openRequest = (application: Application, now = new Date()) =>
  [...application.informationRequests].reverse().find((request) => Date.parse(request.until) > now.getTime());

/**
 * Everything the person's organisation has sent: its proposals in one read
 * (`/applicants/:orgId/proposals`), listed in the order of the calls the API lists, then of its
 * converted solutions, with its solutions. The services decide what the person may read.
 */
export const myApplications = async (api: PersonApi, organizationId: string) => {
  const [calls, solutions] = await Promise.all([
    api.read<{ items: CallSummary[] }>('proposals', '/calls'),
    api.read<{ items: Solution[] }>('proposals', '/solutions'),
  ]);
  const refs = [...calls.items.map((call) => call._id), ...solutions.items.filter((s) => s.status === 'converted').map((s) => `direct-${s.solutionId}`)];
  const own = new Map<string, Application>();
  if (refs.length > 0) {
    const result = await api.get<{ items: Application[] }>('proposals', `/applicants/${encodeURIComponent(organizationId)}/proposals`);
    if (!result.ok) throw new Error(`proposals of ${organizationId}: ${result.problem.status} ${result.problem.title}`);
    for (const application of result.body.items) own.set(application._id, application);
  }
  const found = refs.map((ref) => own.get(proposalIdOf(ref, organizationId)));
  const applications = found.filter((a): a is Application => a !== undefined);
  const applied = new Set(applications.map((a) => a.callId));
  return {
    applications,
    solutions: solutions.items,
    callTitles: new Map(calls.items.map((call) => [call._id, call.details.title])),
    openCalls: calls.items.filter((call) => call.status === 'published').map((call) => ({ call, applied: applied.has(call._id) })),
  };
};
