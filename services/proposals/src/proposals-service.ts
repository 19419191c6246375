import type { RequestHandler } from 'express';
import { checkedEventStore, startEmbeddedProjections, type CheckpointStore, type EventContracts, type EventStore, type Projection, type ProjectionProgress, type SubjectIds, type Subscription } from '@csm/eventing';
import type { ReadModels } from '@csm/readmodels';
import { createServiceApp, eventSourcedReadiness, type OrganizationMembership } from '@csm/http';
import { callsRoutes } from './http/calls.routes';
import { conceptNoteRoutes } from './http/concept-notes.routes';
import { assessmentRoutes } from './http/assessment.routes';
import { packRoutes } from './http/pack.routes';
import { solutionsRoutes } from './http/solutions.routes';
import { scoreSheetsProjection } from './projections/score-sheets.projection';
import { solutionsProjection } from './projections/solutions.projection';
import { proposalsProjection } from './projections/proposals.projection';
import { callsProjection } from './projections/calls.projection';
import { clarificationsProjection } from './projections/clarifications.projection';
import { VERIFIED_ORGANIZATIONS, verifiedOrganizationsProjection, type VerifiedOrganization } from './projections/verified-organizations.projection';

export const PROPOSALS_PROJECTIONS: readonly Projection[] = [
  callsProjection,
  clarificationsProjection,
  proposalsProjection,
  scoreSheetsProjection,
  solutionsProjection,
  verifiedOrganizationsProjection,
];

/** Every read model the projections above write: what a replay must rebuild identically. */
export const PROPOSALS_COLLECTIONS = ['calls', 'clarifications', 'proposals', 'scoreSheets', 'solutions', 'verifiedOrganizations'] as const;

interface ProposalsAppOptions {
  store: EventStore;
  /** Appends are checked against them; deciders and history read through them. */
  contracts: EventContracts;
  /** Member ids of users, to recognise a reviewer among an applicant's members. */
  subjectIds: SubjectIds;
  readModels: ReadModels;
  /** How far the projections behind the reads have got (read-your-writes), wherever they run. */
  projections: ProjectionProgress;
  /** The subscriptions this process runs (none in an `api` process; a worker's relay too), for /readyz and /metrics. */
  subscriptions: readonly Pick<Subscription, 'name' | 'status'>[];
  authenticate: RequestHandler;
  log?: (m: string, e?: unknown) => void;
  clock?: () => Date;
}

/**
 * Members as this context learnt them from registration events (verifiedOrganizations): a
 * member removed there stops acting for the organisation here once the event is projected.
 */
export const registeredMembership = (readModels: ReadModels, subjectIds: SubjectIds): OrganizationMembership => ({
  isMember: async (organizationId, principal) => {
    const organization = await readModels.collection<VerifiedOrganization>(VERIFIED_ORGANIZATIONS).findOne({ _id: organizationId }, { projection: { members: 1 } });
    return organization ? (organization.members ?? []).includes(subjectIds.forUsername(principal.username)) : undefined;
  },
});

export const createProposalsApp = (unchecked: ProposalsAppOptions) => {
  const options = { ...unchecked, store: checkedEventStore(unchecked.store, unchecked.contracts) };
  return createServiceApp({
    membership: registeredMembership(options.readModels, options.subjectIds),
    ...(options.clock ? { clock: options.clock } : {}),
    serviceName: 'proposals',
    version: '0.1.0',
    authenticate: options.authenticate,
    routes: [...callsRoutes(options), ...conceptNoteRoutes(options), ...assessmentRoutes(options), ...packRoutes(options), ...solutionsRoutes(options)],
    ...(options.log ? { log: options.log } : {}),
    readiness: eventSourcedReadiness(options.store, options.subscriptions),
    metrics: { subscriptions: options.subscriptions, headPosition: () => options.store.headPosition() },
  });
};

/** Embedded composition: projections (including the registration facts it needs) over the one log. */
export const startEmbeddedProposals = async (options: Omit<ProposalsAppOptions, 'projections' | 'subscriptions'> & { checkpoints: CheckpointStore }) => {
  const running = await startEmbeddedProjections(PROPOSALS_PROJECTIONS, { store: options.store, contracts: options.contracts, checkpoints: options.checkpoints, readModels: options.readModels });
  return {
    app: createProposalsApp({ ...options, projections: running.progress, subscriptions: running.subscriptions }),
    caughtUp: running.caughtUp,
    stop: running.stop,
  };
};
