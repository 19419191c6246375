import type { Request } from 'express';
import { handleCommand, type HandleResult } from '@csm/eventing';
import { CallId, OrganizationId, proposalIdOf, proposalStreamId } from '@csm/contracts';
import { commandMetadata, HttpProblem, ifMatchRevision, problemType } from '@csm/http';
import type { ReadModels } from '@csm/readmodels';
import type { EventStore } from '@csm/eventing';
import { proposalDecider } from '../domain/proposal.decider';
import type { AssessmentFrame, ProposalCommand } from '../domain/proposal';
import { CALLS, type CallView } from '../projections/calls.projection';
import { PROPOSALS, type ProposalView } from '../projections/proposals.projection';
import { VERIFIED_ORGANIZATIONS, type VerifiedOrganization } from '../projections/verified-organizations.projection';

/** Shared by the proposal routes: finding a proposal, its assessment frame, and running a command on it. */
export const notFound = (title: string) => new HttpProblem({ type: problemType('not-found'), title, status: 404 });

/** `/proposals/:ref/:orgId`: `ref` is a call id or `direct-<solutionId>`. */
export const proposalIdFrom = (req: Request): string => {
  const ref = String(req.params.ref);
  const refOk = CallId.safeParse(ref).success || (ref.startsWith('direct-') && CallId.safeParse(ref.slice('direct-'.length)).success);
  const org = OrganizationId.safeParse(req.params.orgId);
  if (!refOk || !org.success) throw notFound('No such proposal');
  return proposalIdOf(ref, org.data);
};

export const findProposal = async (readModels: ReadModels, proposalId: string): Promise<ProposalView> => {
  const view = await readModels.collection<ProposalView>(PROPOSALS).findOne({ _id: proposalId }, { projection: { _applied: 0 } });
  if (!view) throw notFound('No such proposal');
  return view;
};

export const findCall = async (readModels: ReadModels, callId: string): Promise<CallView | null> => readModels.collection<CallView>(CALLS).findOne({ _id: callId });

/** The call's criteria, scale, reviewers and limits, or a direct partnership's own frame. */
export const frameOf = async (readModels: ReadModels, view: ProposalView): Promise<AssessmentFrame> => {
  if (view.direct) return { criteria: view.direct.criteria, scoreScale: view.direct.scoreScale, reviewers: view.direct.reviewers, appealWindowDays: 7 };
  const call = await findCall(readModels, view.callId);
  if (!call) throw notFound('No such call');
  const { criteria, scoreScale, reviewers, appealWindowDays, eligibleTypes, targetCounties, pillars, budget } = call.details;
  return { criteria, scoreScale, reviewers, appealWindowDays: appealWindowDays ?? 7, call: { eligibleTypes, targetCounties, pillars, budget } };
};

export const organizationFacts = async (readModels: ReadModels, organizationId: string) => {
  const organization = await readModels.collection<VerifiedOrganization>(VERIFIED_ORGANIZATIONS).findOne({ _id: organizationId });
  return {
    applicant: { organizationId, verified: organization?.verified === true, type: organization?.type ?? 'unknown' },
    name: organization?.name ?? organizationId,
    members: organization?.members ?? [],
  };
};

/**
 * The status as the applicant may read it. A recommendation is the panel's advice to the
 * receiving body, not a decision, and its outcome stays with the NCTC and that body: the
 * applicant reads "decision-pending" whatever the panel advised, until the body decides.
 */
const APPLICANT_STATUS: Partial<Record<ProposalView['status'], string>> = { recommended: 'decision-pending' };

/** What the applicant reads: its own submission, requests, screening reasons, decision, feedback, appeal. Never reviewers, conflicts, scores or the panel's deliberation. */
export const applicantView = (v: ProposalView) => {
  const { declarations: _d, lockedSheets: _l, scorers: _s, legalEthicalCheck: _c, recommendation: _r, ...rest } = v;
  return { ...rest, status: APPLICANT_STATUS[v.status] ?? v.status };
};

export const runProposalCommand = async (
  store: EventStore,
  req: Request,
  proposalId: string,
  command: { type: ProposalCommand['type']; data: Record<string, unknown> },
): Promise<HandleResult> =>
  handleCommand(store, proposalDecider, proposalStreamId(proposalId), { type: command.type, data: { proposalId, ...command.data }, metadata: commandMetadata(req) } as ProposalCommand, {
    ifMatchRevision: ifMatchRevision(req),
  });
